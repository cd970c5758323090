import { useEffect } from 'react';
import { EditorPane } from './app/EditorPane';
import { ErrorBoundary } from './app/ErrorBoundary';
import { Header } from './app/Header';
import { HistoryDialog } from './app/HistoryDialog';
import { LessonPanel } from './app/LessonPanel';
import { PresenterBar, PresenterCaption } from './app/Presenter';
import { ReachMatrix } from './app/ReachMatrix';
import { RequestBar } from './app/RequestBar';
import { TerminalPanel } from './app/TerminalPanel';
import { Canvas } from './canvas/Canvas';
import { CommandPalette } from './commands/CommandPalette';
import { useCommandKeys } from './commands/useCommandKeys';
import { Inspector } from './inspector/Inspector';
import { HopList } from './player/HopList';
import { Narration } from './player/Narration';
import { Player } from './player/Player';
import { DropZone } from './share/ui/DropZone';
import { EmbedView } from './share/ui/EmbedView';
import { NoticeBar } from './share/ui/NoticeBar';
import { selectActiveColor, useStore } from './store';


export function App() {
  const lang = useStore((s) => s.lang);
  const theme = useStore((s) => s.theme);
  const embed = useStore((s) => s.embed);
  // player: presenter mode, the hidden editor, the active request's color, the command keys
  const presenter = useStore((s) => s.presenter);
  const editorHidden = useStore((s) => s.editorHidden);
  const color = useStore(selectActiveColor);
  // A view that fails to draw is tried again on the next build.
  const cluster = useStore((s) => s.cluster);
  useCommandKeys();
  useEffect(() => {
    // Below 1500 px the editor is a drawer over the stage, closed until asked for (E), unless the
    // user chose before: the canvas keeps at least half of the window (issue 13).
    if (localStorage.getItem('podpath.editorHidden') === null && window.innerWidth < 1500) useStore.setState({ editorHidden: true });
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dataset.theme = theme;
  }, [lang, theme]);
  if (embed) return <EmbedView />;
  return (
    <div className={`app${presenter ? ' is-presenter' : ''}${editorHidden ? ' editor-hidden' : ''}`} style={{ ['--current' as string]: color }}>
      <Header />
      <NoticeBar />
      <main className="workspace">
        <EditorPane />
        <section className="stage">
          <ErrorBoundary resetKey={cluster}>
            {presenter && <PresenterBar />}
            <RequestBar />
            <Canvas presenter={presenter} />
            {presenter ? <PresenterCaption /> : <Narration />}
            <Player />
            <TerminalPanel />
          </ErrorBoundary>
        </section>
        {/* Not rendered in presenter mode (it was hidden there): the inspector and the event list
            rendering every hop out of sight cost frames where the view cuts (npm run bench). */}
        {!presenter && (
          <aside className="side">
            <ErrorBoundary resetKey={cluster}>
              <LessonPanel />
              <Inspector />
              <HopList />
            </ErrorBoundary>
          </aside>
        )}
      </main>
      <DropZone />
      <HistoryDialog />
      <ReachMatrix />
      <CommandPalette />
    </div>
  );
}
