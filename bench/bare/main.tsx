// The bench's baseline (bench/startup.mjs): a bare Vite + React 19 page, one <h1>, built and
// served beside the app in the same run, so that the app's figures are ratios to it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Podpath</h1>
  </StrictMode>,
);
