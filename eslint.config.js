// Lint: typescript-eslint's recommended rules, plus the one rule that keeps the architecture:
// the engine (src/engine) is pure and may not import UI code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const UI_PACKAGES = ['react', 'react-dom', 'zustand', 'monaco-editor', 'monaco-yaml', '@xyflow/react', '@xyflow/system'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', navigator: 'readonly', performance: 'readonly', console: 'readonly',
        process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly', URL: 'readonly', self: 'readonly', globalThis: 'readonly', TextEncoder: 'readonly',
        HTMLElement: 'readonly', HTMLDivElement: 'readonly', KeyboardEvent: 'readonly', Worker: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: UI_PACKAGES.map((name) => ({ name, message: 'src/engine must stay pure: no UI imports (see DESIGN.md).' })),
          patterns: [
            { group: UI_PACKAGES.map((p) => `${p}/*`), message: 'src/engine must stay pure: no UI imports (see DESIGN.md).' },
            { group: ['**/store/*', '**/canvas/*', '**/editor/*', '**/player/*', '**/inspector/*', '**/app/*', '**/i18n/*'], message: 'src/engine may not import the UI layers.' },
          ],
        },
      ],
    },
  },
);
