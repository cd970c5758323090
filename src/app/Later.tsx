/**
 * What the page draws after the stage's first frame (firstFrame.ts), in a chunk of its own
 * fetched meanwhile: the side panels, the header's tools and the dialogs. In the entry chunk
 * they were parsed and run before the picture could be drawn.
 */
import { LANGS, type Lang } from '../i18n';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { ShareTools } from '../share/ui/ShareTools';
import { CommandButton } from '../commands/CommandButton';
import { CommandPalette } from '../commands/CommandPalette';
import { Inspector } from '../inspector/Inspector';
import { HopList } from '../player/HopList';
import { DropZone } from '../share/ui/DropZone';
import { HistoryDialog } from './HistoryDialog';
import { LessonPanel } from './LessonPanel';
import { LessonPicker } from './LessonPicker';
import { ReachButton, ReachMatrix } from './ReachMatrix';

/** The side column: the lesson, the inspector and the hop list. */
export function SidePanels() {
  return (
    <>
      <LessonPanel />
      <Inspector />
      <HopList />
    </>
  );
}

/** The header's tools beside the brand: lessons, the reachability matrix, share, theme and language. */
export function HeaderTools() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const theme = useStore((s) => s.theme);
  const setLang = useStore((s) => s.setLang);
  const setTheme = useStore((s) => s.setTheme);
  return (
    <>
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
    </>
  );
}

/** The dialogs and the drop target, closed until asked for. */
export function Dialogs() {
  return (
    <>
      <DropZone />
      <HistoryDialog />
      <ReachMatrix />
      <CommandPalette />
    </>
  );
}
