import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadLang } from './i18n';
import { bootShare } from './share/boot';
import { useStore } from './store';
import './styles.css';

bootShare();

// The language on screen is loaded before the first render (English is in this chunk), and a
// switch loads the other one (src/i18n/index.ts: until it arrives the previous one is shown).
useStore.subscribe((s, before) => {
  if (s.lang !== before.lang) void loadLang(s.lang).catch(() => {});
});
const render = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
loadLang(useStore.getState().lang).then(render, render);
