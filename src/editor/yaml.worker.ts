/**
 * The YAML language worker (yaml-language-server inside a Monaco worker). monaco-yaml's FAQ asks
 * Vite users to re-export it through a local file so `?worker` bundles it as its own chunk.
 */
import 'monaco-yaml/yaml.worker.js';
