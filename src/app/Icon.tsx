/** Small inline icons: no icon font, no emoji (projector PCs often lack an emoji font). */
const PATHS = {
  reset: 'M6 5h2v14H6zM20 5v14L9 12z',
  back: 'M6 5h2v14H6zM18 5v14l-9-7z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  forward: 'M16 5h2v14h-2zM6 5v14l9-7z',
  end: 'M16 5h2v14h-2zM4 5v14l11-7z',
  shuffle: 'M4 7h3.5l8 10H20v2h-5.5l-8-10H4zM4 17h3.5l2-2.5 1.3 1.6L8.5 19H4zM14.5 5H20v2h-4.5l-2 2.5-1.3-1.6z',
  host: 'M3 5h18v11H3zM5 7v7h14V7zM8 18h8v2H8z',
  server: 'M4 4h16v6H4zM4 14h16v6H4zM6 6v2h2V6zM6 16v2h2v-2z',
  // player (requests, presenter, follow, the command list)
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  minus: 'M5 11h14v2H5z',
  whatif: 'M13 2 4 14h6l-1 8 9-12h-6z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z',
  screen: 'M3 4h18v13H3zM5 6v9h14V6zM9 19h6v2H9z',
  target: 'M11 2h2v3.1A7 7 0 0 1 18.9 11H22v2h-3.1A7 7 0 0 1 13 18.9V22h-2v-3.1A7 7 0 0 1 5.1 13H2v-2h3.1A7 7 0 0 1 11 5.1zm1 5a5 5 0 1 0 0 10 5 5 0 0 0 0-10zm0 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4z',
  panel: 'M3 4h18v16H3zM5 6v12h5V6zM12 6v12h7V6z',
  list: 'M4 5h2v2H4zM8 5h12v2H8zM4 11h2v2H4zM8 11h12v2H8zM4 17h2v2H4zM8 17h12v2H8z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="icon">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
