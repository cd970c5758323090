import { useEffect } from 'react';
import { EditorPane } from './app/EditorPane';
import { Header } from './app/Header';
import { LessonPanel } from './app/LessonPanel';
import { RequestBar } from './app/RequestBar';
import { TerminalPanel } from './app/TerminalPanel';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './inspector/Inspector';
import { HopList } from './player/HopList';
import { Player } from './player/Player';
import { DropZone } from './share/ui/DropZone';
import { EmbedView } from './share/ui/EmbedView';
import { NoticeBar } from './share/ui/NoticeBar';
import { useStore } from './store';


export function App() {
  const lang = useStore((s) => s.lang);
  const theme = useStore((s) => s.theme);
  const embed = useStore((s) => s.embed);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dataset.theme = theme;
  }, [lang, theme]);
  if (embed) return <EmbedView />;
  return (
    <div className="app">
      <Header />
      <NoticeBar />
      <main className="workspace">
        <EditorPane />
        <section className="stage">
          <RequestBar />
          <Canvas />
          <Player />
          <TerminalPanel />
        </section>
        <aside className="side">
          <LessonPanel />
          <Inspector />
          <HopList />
        </aside>
      </main>
      <DropZone />
    </div>
  );
}
