/**
 * The message catalogue: every user-facing string goes through `translate`. Supports `{name}`
 * and one level of `{name, select, a {…} other {…}}`.
 *
 * English is always here (it names the keys, it is the CLI's language and the fallback); the
 * Chinese catalogue is a chunk of its own, loaded when it becomes the language on screen
 * (`loadLang`): the page waits for the language it starts in before its first render
 * (src/main.tsx), and a switch shows the previous language until the new one has arrived, so
 * a key never shows untranslated.
 */
import { en, type MessageKey } from './en';

export type Lang = 'en' | 'zh-CN';
export const LANGS: { id: Lang; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
];

type Catalogue = Record<MessageKey, string>;

const catalogues: Partial<Record<Lang, Catalogue>> = { en };
const loaders: Record<Lang, () => Promise<Catalogue>> = {
  en: () => Promise.resolve(en),
  'zh-CN': () => import('./zh').then((m) => m.zh),
};
const pending = new Map<Lang, Promise<void>>();
const listeners = new Set<() => void>();
/** Changes each time a catalogue arrives (for useSyncExternalStore). */
let loadedVersion = 0;

export type Params = Record<string, string | number>;

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** Whether the catalogue of `lang` is here (English always is). */
export function isLangLoaded(lang: Lang): boolean {
  return catalogues[lang] !== undefined;
}

/** Loads the catalogue of `lang` once; resolves when `translate(lang, …)` speaks it. */
export function loadLang(lang: Lang): Promise<void> {
  if (catalogues[lang]) return Promise.resolve();
  let p = pending.get(lang);
  if (!p) {
    p = loaders[lang]().then(
      (catalogue) => {
        catalogues[lang] = catalogue;
        loadedVersion++;
        for (const l of listeners) l();
      },
      (e: unknown) => {
        pending.delete(lang); // a failed load (offline, an old build's chunk gone) may be tried again
        throw e;
      },
    );
    pending.set(lang, p);
  }
  return p;
}

/** Calls `listener` when a catalogue arrives; returns the unsubscribe function. */
export function onLangLoaded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function langLoadedVersion(): number {
  return loadedVersion;
}

/**
 * Translates `key`; an unknown key is returned as is, so a gap shows instead of vanishing. A
 * language whose catalogue has not arrived yet is spoken in English (useT waits for it instead).
 */
export function translate(lang: Lang, key: string, params: Params = {}): string {
  const template = isMessageKey(key) ? (catalogues[lang] ?? en)[key] : key;
  return format(template, params);
}

export function format(template: string, params: Params): string {
  const selected = template.replace(/\{(\w+), select, ((?:[\w-]+ \{[^{}]*\}\s*)+)\}/g, (_all, name: string, body: string) => {
    const options = new Map<string, string>();
    for (const m of body.matchAll(/([\w-]+) \{([^{}]*)\}/g)) options.set(m[1], m[2]);
    return options.get(String(params[name])) ?? options.get('other') ?? '';
  });
  return selected.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}
