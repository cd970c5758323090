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
  lessons: 'M4 4h7a2 2 0 0 1 1 .3A2 2 0 0 1 13 4h7v15h-7a1 1 0 0 0-1 1 1 1 0 0 0-1-1H4zM6 6v11h5V6zM13 6v11h5V6z',
  prev: 'M15.5 5 17 6.5 11.5 12l5.5 5.5-1.5 1.5-7-7z',
  next: 'M8.5 5 7 6.5l5.5 5.5L7 17.5 8.5 19l7-7z',
  answer: 'M12 5c5 0 9 5 9 7s-4 7-9 7-9-5-9-7 4-7 9-7zm0 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm0 2a2 2 0 1 1 0 4 2 2 0 0 1 0-4z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z',
  fold: 'M12 8l7 7-1.5 1.5-5.5-5.5-5.5 5.5L5 15z',
  unfold: 'M12 16l-7-7 1.5-1.5 5.5 5.5 5.5-5.5L19 9z',
  restore: 'M12 4a8 8 0 1 1-7.7 10h2.1A6 6 0 1 0 12 6v3L7 5l5-4z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="icon">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
