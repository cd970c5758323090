/**
 * The message catalogue: every user-facing string goes through `translate`. Supports `{name}`
 * and one level of `{name, select, a {…} other {…}}`.
 */
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh-CN';
export const LANGS: { id: Lang; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
];

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export type Params = Record<string, string | number>;

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** Translates `key`; an unknown key is returned as is, so a gap shows instead of vanishing. */
export function translate(lang: Lang, key: string, params: Params = {}): string {
  const template = isMessageKey(key) ? catalogues[lang][key] : key;
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
