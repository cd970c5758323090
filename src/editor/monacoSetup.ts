/**
 * Monaco + monaco-yaml, bundled locally (no CDN, no network at runtime). Importing this module
 * configures everything once; keep every import of it inside the lazily loaded editor chunk.
 *
 * Two upstream incompatibilities are handled here and in vite.config.ts
 * (see shared reference stack.md §2):
 * - vite.config.ts aliases `monaco-editor/esm/vs/...` (monaco-yaml's deep worker import) onto the
 *   exports map of monaco-editor ≥0.56.
 * - monaco-editor ≥0.53 changed `editor.createWebWorker()` to take `{ worker }`, while
 *   monaco-worker-manager 2.0.1 (inside monaco-yaml 5.5.1) still passes `{ moduleId, label,
 *   createData }`. Without the shim below the YAML worker silently falls back to the main thread
 *   and validation, completion and hover do nothing (monaco-yaml#272).
 */
import * as monaco from 'monaco-editor/editor'; // core API only (0.56+ slim entry point)
// The editor features a YAML editor uses, not register.all: inline (AI) completions, the diff
// editor, code lens, colour pickers, rename, references and the rest were a third of the
// editor's chunk and slowed the editor's first appearance (issue 14). Kept for safety with
// untrusted text: unicodeHighlighter and unusualLineTerminators; for keyboard users:
// toggleTabFocusMode (Ctrl+M: Tab moves focus) and toggleHighContrast.
import 'monaco-editor/esm/vs/features/bracketMatching/register.js';
import 'monaco-editor/esm/vs/features/caretOperations/register.js';
import 'monaco-editor/esm/vs/features/clipboard/register.js';
import 'monaco-editor/esm/vs/features/codeEditor/register.js';
import 'monaco-editor/esm/vs/features/codicon/register.js';
import 'monaco-editor/esm/vs/features/comment/register.js';
import 'monaco-editor/esm/vs/features/contextmenu/register.js';
import 'monaco-editor/esm/vs/features/cursorUndo/register.js';
import 'monaco-editor/esm/vs/features/documentSymbols/register.js';
import 'monaco-editor/esm/vs/features/find/register.js';
import 'monaco-editor/esm/vs/features/folding/register.js';
import 'monaco-editor/esm/vs/features/format/register.js';
import 'monaco-editor/esm/vs/features/gotoError/register.js';
import 'monaco-editor/esm/vs/features/gotoLine/register.js';
import 'monaco-editor/esm/vs/features/hover/register.js';
import 'monaco-editor/esm/vs/features/indentation/register.js';
import 'monaco-editor/esm/vs/features/lineSelection/register.js';
import 'monaco-editor/esm/vs/features/linesOperations/register.js';
import 'monaco-editor/esm/vs/features/multicursor/register.js';
import 'monaco-editor/esm/vs/features/readOnlyMessage/register.js';
import 'monaco-editor/esm/vs/features/smartSelect/register.js';
import 'monaco-editor/esm/vs/features/snippet/register.js';
import 'monaco-editor/esm/vs/features/stickyScroll/register.js';
import 'monaco-editor/esm/vs/features/suggest/register.js';
import 'monaco-editor/esm/vs/features/toggleHighContrast/register.js';
import 'monaco-editor/esm/vs/features/toggleTabFocusMode/register.js';
import 'monaco-editor/esm/vs/features/tokenization/register.js';
import 'monaco-editor/esm/vs/features/unicodeHighlighter/register.js';
import 'monaco-editor/esm/vs/features/unusualLineTerminators/register.js';
import 'monaco-editor/esm/vs/features/wordHighlighter/register.js';
import 'monaco-editor/esm/vs/features/wordOperations/register.js';
import 'monaco-editor/esm/vs/features/wordPartOperations/register.js';
import 'monaco-editor/languages/definitions/yaml/register'; // only the YAML tokenizer
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { configureMonacoYaml, type MonacoYaml, type MonacoYamlOptions } from 'monaco-yaml';
import { K8S_SCHEMA_URI, k8sSchema } from './k8sSchema';
import YamlWorker from './yaml.worker?worker';

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) =>
    label === 'yaml' ? new YamlWorker({ name: 'yaml' }) : new EditorWorker({ name: label || 'editorWorkerService' }),
};

/** What monaco-worker-manager 2.0.1 passes to `monaco.editor.createWebWorker()`. */
interface LegacyWebWorkerOptions {
  moduleId?: string;
  label?: string;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}

/**
 * The pre-0.53 `createWebWorker` signature on top of the new one, with the same protocol as
 * Monaco's own adapter (`esm/vs/internal/common/workers.js`): the first message wakes the worker's
 * bootstrap (`initialize()` installs the real handler), the second one becomes `createData`.
 */
function createLegacyWebWorker<T extends object>(opts: LegacyWebWorkerOptions): monaco.editor.MonacoWebWorker<T> {
  const getWorker = self.MonacoEnvironment?.getWorker;
  if (!getWorker) throw new Error('MonacoEnvironment.getWorker is not set');
  const worker = Promise.resolve(getWorker('workerMain.js', opts.label ?? 'editorWorkerService')).then((w) => {
    w.postMessage('ignore');
    w.postMessage(opts.createData);
    return w;
  });
  return monaco.editor.createWebWorker<T>({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
}

/** The options Podpath runs monaco-yaml with. */
export const yamlOptions: MonacoYamlOptions = {
  enableSchemaRequest: false,
  validate: true,
  completion: true,
  hover: true,
  schemas: [{ uri: K8S_SCHEMA_URI, fileMatch: ['**/*.yaml'], schema: k8sSchema }],
};

const monacoForYaml = {
  ...monaco,
  editor: { ...monaco.editor, createWebWorker: createLegacyWebWorker },
} as unknown as Parameters<typeof configureMonacoYaml>[0];

/** The monaco-yaml handle (only one may exist per page). */
export const monacoYaml: MonacoYaml = configureMonacoYaml(monacoForYaml, yamlOptions);

export { monaco };
