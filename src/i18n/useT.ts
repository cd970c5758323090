import { useCallback, useSyncExternalStore } from 'react';
import { useStore } from '../store/store';
import { langLoadedVersion, onLangLoaded, translate, type Params } from './index';
import type { Message } from '../engine';

/**
 * The translate function for the current language; components re-render when it changes, and
 * again when its catalogue arrives (until then the previous language, English, is spoken).
 */
export function useT() {
  const lang = useStore((s) => s.lang);
  const loaded = useSyncExternalStore(onLangLoaded, langLoadedVersion);
  // `loaded` is a dependency: a new function once the catalogue has arrived.
  return useCallback((key: string, params?: Params) => translate(lang, key, params), [lang, loaded]);
}

/** Translates an engine message (key and parameters). */
export function useMessage() {
  const t = useT();
  return useCallback((m: Message | undefined) => (m ? t(m.key, m.params) : ''), [t]);
}
