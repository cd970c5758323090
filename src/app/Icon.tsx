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
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="icon">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
