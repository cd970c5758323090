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
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/caretOperations/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/documentSymbols/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/lineSelection/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/stickyScroll/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/toggleHighContrast/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/tokenization/register';
import 'monaco-editor/features/unicodeHighlighter/register';
import 'monaco-editor/features/unusualLineTerminators/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/wordPartOperations/register';
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
