import { useEffect } from 'react';
import { EditorPane } from './app/EditorPane';
import { ErrorBoundary } from './app/ErrorBoundary';
import { Header } from './app/Header';
import { PresenterBar, PresenterCaption } from './app/Presenter';
import { RequestBar } from './app/RequestBar';
import { TerminalPanel } from './app/TerminalPanel';
import { Canvas } from './canvas/Canvas';
import { useCommandKeys } from './commands/useCommandKeys';
import { Narration } from './player/Narration';
import { Player } from './player/Player';
import { EmbedView } from './share/ui/EmbedView';
import { NoticeBar } from './share/ui/NoticeBar';
import { selectActiveColor, useStore } from './store';
import { useStage, useStageDrawn } from './app/firstFrame';
import { useLater } from './app/useLater';


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
  // The stage first (app/firstFrame.ts): the side panels and the dialogs, a chunk of their own
  // (app/Later.tsx), come once its first frame is painted.
  useStageDrawn(0);
  const stage = useStage();
  const later = useLater(!embed && stage >= 1);
  useStageDrawn(1, embed || !!later);
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
            {later && (
              <ErrorBoundary resetKey={cluster}>
                <later.SidePanels />
              </ErrorBoundary>
            )}
          </aside>
        )}
      </main>
      {later && <later.Dialogs />}
    </div>
  );
}
