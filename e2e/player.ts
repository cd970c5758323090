/** Page helpers for the player specs. */
import type { Page } from '@playwright/test';

export const position = (page: Page) => page.getByTestId('player-position');

/** The n-th hop (1-based) of the event list. */
export const hopRow = (page: Page, n: number) => page.getByTestId('hop-list').locator(`li[data-index="${n - 1}"]`);

/** The first hop whose title contains the text. */
export const hop = (page: Page, title: string) => page.getByTestId('hop-list').locator('.hop-button', { hasText: title }).first();

/** The editor's line numbers that carry a gutter decoration (`podpath-highlight-bar`, `podpath-focus-bar`). */
export function editorLines(page: Page, bar: string): Promise<number[]> {
  return page.getByTestId('yaml-editor').evaluate((root, cls) => {
    const rows = [...root.querySelectorAll('.margin-view-overlays > div')].filter((d) => d.querySelector(`.${cls}`));
    return rows.map((d) => Number(d.querySelector('.line-numbers')?.textContent)).sort((a, b) => a - b);
  }, bar);
}
