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
  history: 'M13 3a9 9 0 0 0-9 9H1l3.89 3.89.07.14L9 12H6c0-3.87 3.13-7 7-7s7 3.13 7 7-3.13 7-7 7c-1.93 0-3.68-.79-4.94-2.06l-1.42 1.42A8.95 8.95 0 0 0 13 21a9 9 0 0 0 0-18zm-1 5v5l4.28 2.54.72-1.21-3.5-2.08V8z',
  // Share area (Material Design icons, Apache-2.0).
  share: 'M18 16.08c-.76 0-1.44.3-1.96.77L8.91 12.7c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11A2.99 2.99 0 0 0 21 5a3 3 0 0 0-6 0c0 .24.04.47.09.7L8.04 9.81A2.99 2.99 0 0 0 3 12a2.99 2.99 0 0 0 5.04 2.19l7.12 4.16c-.05.21-.08.43-.08.65a2.92 2.92 0 1 0 2.92-2.92z',
  open: 'M20 6h-8l-2-2H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2zm0 12H4V8h16z',
  save: 'M19 9h-4V3H9v6H5l7 7zM5 18v2h14v-2z',
  image: 'M21 19V5c0-1.1-.9-2-2-2H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2zM8.5 13.5l2.5 3 3.5-4.5 4.5 6H5z',
  video: 'M18 4l2 4h-3l-2-4h-2l2 4h-3l-2-4H8l2 4H7L5 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V4z',
  doc: 'M14 2H6c-1.1 0-2 .9-2 2v16c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V8zm2 16H8v-2h8zm0-4H8v-2h8zm-3-5V3.5L18.5 9z',
  terminal: 'M20 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 14H4V8h16zm-2-1h-6v-2h6zM7.5 17l-1.4-1.4 2.6-2.6-2.6-2.6L7.5 9l4 4z',
  embed: 'M9.4 16.6 4.8 12l4.6-4.6L8 6l-6 6 6 6zm5.2 0 4.6-4.6-4.6-4.6L16 6l6 6-6 6z',
  cloudDone: 'M19.35 10.04A7.49 7.49 0 0 0 12 4C9.11 4 6.6 5.64 5.35 8.04A6 6 0 0 0 6 20h13a5 5 0 0 0 .35-9.96zM10 17l-3.5-3.5 1.41-1.41L10 14.17 15.18 9l1.41 1.41z',
  cloudOff: 'M19.35 10.04A7.49 7.49 0 0 0 12 4c-1.48 0-2.85.43-4.01 1.17l1.46 1.46A5.5 5.5 0 0 1 17.5 11.5v.5H19a3 3 0 0 1 1.44 5.62l1.45 1.45A5 5 0 0 0 19.35 10.04zM3 5.27l2.75 2.74A6 6 0 0 0 6 20h11.73l2 2L21 20.73 4.27 4zM7.73 10l8 8H6a4 4 0 0 1 0-8z',
  export: 'M16 5l-1.42 1.42-1.59-1.59V16h-1.98V4.83L9.42 6.42 8 5l4-4zm4 5v11c0 1.1-.9 2-2 2H6a2 2 0 0 1-2-2V10c0-1.11.89-2 2-2h3v2H6v11h12V10h-3V8h3a2 2 0 0 1 2 2z',
  caret: 'M16.59 8.59 12 13.17 7.41 8.59 6 10l6 6 6-6z',
  // player (requests, presenter, follow, the command list)
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  minus: 'M5 11h14v2H5z',
  whatif: 'M13 2 4 14h6l-1 8 9-12h-6z',
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
