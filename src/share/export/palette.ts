/**
 * The colours of an exported picture: the page's own theme variables (styles.css), read when
 * the export runs, so a dark-theme slide looks like the dark-theme screen. The fixed accents
 * are the ones styles.css gives each kind of box.
 */
export interface Palette {
  bg: string;
  panel: string;
  ink: string;
  muted: string;
  line: string;
  current: string;
  visited: string;
  packet: string;
  reply: string;
  nodeBg: string;
  podBg: string;
  nfBg: string;
  rtBg: string;
  svcBg: string;
  bad: string;
  /** React Flow's default edge colour in this theme. */
  edge: string;
  sans: string;
  mono: string;
}

/** Border colours by box kind, as in styles.css. */
export const ACCENTS = {
  external: '#64748b',
  service: '#a78bfa',
  ingress: '#f472b6',
  node: '#94a3b8',
  cbr0: '#0ea5e9',
  flannel: '#a855f7',
  netfilter: '#fb923c',
  routes: '#34d399',
  pod: '#6366f1',
  wire: '#94a3b8',
} as const;

/** The light theme, for tests and when the page has no styles. */
export const LIGHT: Palette = {
  bg: '#f6f7fb',
  panel: '#ffffff',
  ink: '#172033',
  muted: '#5b6478',
  line: '#dfe3ec',
  current: '#f59e0b',
  visited: '#93c5fd',
  packet: '#f59e0b',
  reply: '#10b981',
  nodeBg: '#f1f5ff',
  podBg: '#ffffff',
  nfBg: '#fff7ed',
  rtBg: '#ecfdf5',
  svcBg: '#faf5ff',
  bad: '#b91c1c',
  edge: '#b1b1b7',
  sans: "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
  mono: "ui-monospace, SFMono-Regular, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
};

/** The palette of the page as it is styled now. */
export function pagePalette(root: HTMLElement = document.documentElement): Palette {
  const css = getComputedStyle(root);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const dark = root.dataset.theme === 'dark';
  return {
    bg: read('--bg', LIGHT.bg),
    panel: read('--panel', LIGHT.panel),
    ink: read('--ink', LIGHT.ink),
    muted: read('--muted', LIGHT.muted),
    line: read('--line', LIGHT.line),
    current: read('--current', LIGHT.current),
    visited: read('--visited', LIGHT.visited),
    packet: read('--packet', LIGHT.packet),
    reply: read('--reply', LIGHT.reply),
    nodeBg: read('--node-bg', LIGHT.nodeBg),
    podBg: read('--pod-bg', LIGHT.podBg),
    nfBg: read('--nf-bg', LIGHT.nfBg),
    rtBg: read('--rt-bg', LIGHT.rtBg),
    svcBg: read('--svc-bg', LIGHT.svcBg),
    bad: read('--bad', LIGHT.bad),
    edge: dark ? '#5b6478' : LIGHT.edge,
    sans: read('--sans', LIGHT.sans),
    mono: read('--mono', LIGHT.mono),
  };
}
