/**
 * Monaco's own words (its context menu, find widget, hovers' buttons, screen-reader texts) in the
 * page's language. Monaco looks its messages up in a table set on globalThis
 * (monaco-editor/esm/vs/nls.js, `_VSCODE_NLS_MESSAGES`), and many labels are made when its
 * modules run, so the table is loaded before Monaco's chunk. Monaco ships the Simplified Chinese
 * table itself (esm/vs/nls/lang/zh-cn.js); English is its default text. A language switched
 * after Monaco is in reaches its labels at the next load of the page.
 */
import type { Lang } from '../i18n';

export async function loadMonacoMessages(lang: Lang): Promise<void> {
  if (lang === 'zh-CN') await import('monaco-editor/nls/lang/zh-cn.js');
}
