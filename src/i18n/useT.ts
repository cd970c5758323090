import { useCallback } from 'react';
import { useStore } from '../store/store';
import { translate, type Params } from './index';
import type { Message } from '../engine';

/** The translate function for the current language; components re-render when it changes. */
export function useT() {
  const lang = useStore((s) => s.lang);
  return useCallback((key: string, params?: Params) => translate(lang, key, params), [lang]);
}

/** Translates an engine message (key and parameters). */
export function useMessage() {
  const t = useT();
  return useCallback((m: Message | undefined) => (m ? t(m.key, m.params) : ''), [t]);
}
