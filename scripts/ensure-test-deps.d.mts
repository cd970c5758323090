// Types of ensure-test-deps.mjs, for e2e/browser.ts and the unit test.

export const CHROMIUM_PACKAGE: string;
export const CJK_FONT_PACKAGE: string;
export const LAB_TOOLS: [tool: string, pkg: string][];

export function chromiumCandidates(env: Record<string, string | undefined>): string[];
export function isSnapWrapper(head: string): boolean;
export function head(path: string): string;
export function locateChromium(found: {
  own: string | undefined;
  env: Record<string, string | undefined>;
  exists: (path: string) => boolean;
  head: (path: string) => string;
}): { path: string; own: boolean } | undefined;
export function parseOsRelease(text: string | undefined): Record<string, string>;
export function distro(platform: string, osRelease: string | undefined): 'debian' | 'ubuntu' | 'other';

export interface Found {
  platform: string;
  osRelease: string | undefined;
  uid: number | undefined;
  chromium: string | undefined;
  cjkFont: boolean;
  labMissing: string[];
  want: { browser: boolean; lab: boolean };
}
export interface Plan {
  run: { argv: string[]; env?: Record<string, string> }[];
  say: string[];
  warn: string[];
  stop: string | undefined;
}
export function plan(found: Found): Plan;
