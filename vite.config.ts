/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { offline } from './scripts/vite-offline';

export default defineConfig({
  // Relative asset URLs: the built folder works from any sub-path or straight from disk.
  base: './',
  // offline(): the service worker that keeps the built folder in the browser (README, "Host it").
  plugins: [react(), offline()],
  resolve: {
    // monaco-editor ≥0.56 maps `monaco-editor/*` through its exports map, which breaks
    // monaco-yaml's deep `monaco-editor/esm/vs/...` import (microsoft/monaco-editor#5405).
    alias: [{ find: /^monaco-editor\/esm\/vs\/(.+?)(\.js)?$/, replacement: 'monaco-editor/$1.js' }],
  },
  worker: { format: 'es' },
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  build: { chunkSizeWarningLimit: 5000 },
  test: {
    // The kernel tests (src/lab) build network namespaces as root: `npm run test:lab` runs them alone.
    include: process.env.PODPATH_LAB ? ['src/lab/**/*.test.ts'] : ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    exclude: process.env.PODPATH_LAB ? [] : ['src/lab/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: process.env.PODPATH_LAB ? 60_000 : 5_000,
  },
});
