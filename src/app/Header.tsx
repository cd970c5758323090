import { useT } from '../i18n/useT';
import { useStage } from './firstFrame';
import { useLater } from './useLater';

export function Header() {
  const t = useT();
  // The brand is in the first frame (index.html paints it before any script); the tools come
  // after it, with the rest of the page (firstFrame.ts, Later.tsx).
  const later = useLater(useStage() >= 1);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">◉</span>
        <h1>{t('app.title')}</h1>
        <span className="tagline">{t('app.tagline')}</span>
      </div>
      {later && <later.HeaderTools />}
    </header>
  );
}
