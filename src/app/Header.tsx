import { LANGS, type Lang } from '../i18n';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { ShareTools } from '../share/ui/ShareTools';
import { CommandButton } from '../commands/CommandButton';
import { LessonPicker } from './LessonPicker';
import { ReachButton } from './ReachMatrix';

export function Header() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const theme = useStore((s) => s.theme);
  const setLang = useStore((s) => s.setLang);
  const setTheme = useStore((s) => s.setTheme);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">◉</span>
        <h1>{t('app.title')}</h1>
        <span className="tagline">{t('app.tagline')}</span>
      </div>
      <div className="header-tools">
        <CommandButton command="lessonPicker" className="btn btn-primary" showLabel />
        <CommandButton command="lessonResetStep" showLabel />
        <ReachButton />
        <ShareTools />
        <label>
          <span className="header-caption">{t('app.theme')}</span>{' '}
          <select value={theme} onChange={(e) => setTheme(e.target.value as 'light' | 'dark')}>
            <option value="light">{t('app.theme.light')}</option>
            <option value="dark">{t('app.theme.dark')}</option>
          </select>
        </label>
        <label>
          <span className="header-caption">{t('app.language')}</span>{' '}
          <select data-testid="lang" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l.id} value={l.id}>{l.label}</option>
            ))}
          </select>
        </label>
      </div>
      <LessonPicker />
    </header>
  );
}
