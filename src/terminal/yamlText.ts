/**
 * Edits of the user's YAML that keep everything else as typed: the text is split into its
 * documents at `---` lines, and a command replaces, removes or appends whole documents, or
 * changes one scalar in place. Comments and formatting elsewhere are untouched, so the
 * editor's undo brings back exactly what was there.
 */
import { DELETED_PODS_ANNOTATION } from '../engine/control/controllers';
import { parseManifests, type ParsedObject } from '../engine/parse';
import type { Cluster } from '../engine/model';

export interface Doc {
  /** The document's text, without its `---` line. */
  text: string;
  object?: ParsedObject;
}

const SEPARATOR = /^---(\s.*)?$/;

/** The documents of a stream; separators are put back by `join`. */
export function split(text: string): Doc[] {
  const docs: string[][] = [[]];
  for (const line of text.split('\n')) {
    if (SEPARATOR.test(line)) docs.push([]);
    else docs[docs.length - 1].push(line);
  }
  return docs.map((lines) => {
    const body = lines.join('\n');
    return { text: body, object: parseManifests(body).objects[0] };
  });
}

export function join(docs: Doc[]): string {
  let out = docs.map((d) => d.text).join('\n---\n');
  // A stream that began with `---` has an empty first document.
  if (docs.length > 1 && docs[0].text === '') out = out.slice(1);
  return out.endsWith('\n') ? out : `${out}\n`;
}

const CLUSTER_SCOPED = ['Node', 'Namespace', 'IngressClass'];

/** Same kind, namespace and name, as the API server keys objects. */
export function sameObject(a: ParsedObject, b: { kind: string; name: string; namespace?: string }): boolean {
  if (a.kind !== b.kind || a.name !== b.name) return false;
  return CLUSTER_SCOPED.includes(a.kind) || (a.namespace ?? 'default') === (b.namespace ?? 'default');
}

export function findDoc(docs: Doc[], key: { kind: string; name: string; namespace?: string }): number {
  return docs.findIndex((d) => d.object !== undefined && sameObject(d.object, key));
}

/** Adds a document at the end of the stream. */
export function append(text: string, doc: string): string {
  const base = text.replace(/\s+$/, '');
  const body = doc.replace(/^---\n/, '').replace(/\n*$/, '\n');
  return base === '' ? body : `${base}\n---\n${body}`;
}

export function replaceDoc(text: string, index: number, doc: string): string {
  const docs = split(text);
  // A leading comment block stays with the document it introduces.
  const comments = docs[index].text.match(/^(#.*\n)*/)?.[0] ?? '';
  docs[index] = { text: comments + doc.replace(/^---\n/, '').replace(/\n*$/, '') };
  return join(docs);
}

export function removeDoc(text: string, index: number): string {
  const docs = split(text);
  docs.splice(index, 1);
  if (docs.length === 0) return '';
  return join(docs);
}

/**
 * Sets `path` (dotted, under the document's root mapping) to a scalar, editing the line that
 * holds it, or adding `key: value` as the first child of its parent mapping.
 */
export function setScalar(text: string, index: number, path: string, value: string): string {
  const docs = split(text);
  const doc = docs[index];
  const lines = doc.text.split('\n');
  const object = doc.object!;
  const at = object.paths[path];
  const key = path.split('.').at(-1)!;
  if (at) {
    const i = at.start.line - 1;
    lines[i] = lines[i].replace(new RegExp(`^(\\s*(?:- )?${key}:\\s*)[^#\\s]*`), `$1${value}`);
  } else {
    const parentPath = path.split('.').slice(0, -1).join('.');
    const parent = object.paths[parentPath];
    if (!parent) return text;
    const i = parent.start.line - 1;
    const child = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    const indent = child && child.search(/\S/) > lines[i].search(/\S/) ? child.search(/\S/) : lines[i].search(/\S/) + 2;
    lines.splice(i + 1, 0, `${' '.repeat(indent)}${key}: ${value}`);
  }
  docs[index] = { text: lines.join('\n') };
  return join(docs);
}

/**
 * Records `kubectl delete pod NAME` for a controller's pod: the name goes into the workload's
 * `podpath.dev/deleted-pods` annotation (see DELETED_PODS_ANNOTATION), which makes its
 * controller replace the pod, as a real ReplicaSet does. The line is added where it is
 * missing, the name appended where the annotation already lists others.
 */
export function markPodDeleted(text: string, index: number, pod: string): string {
  const docs = split(text);
  const doc = docs[index];
  const object = doc.object!;
  const lines = doc.text.split('\n');
  const indentOf = (i: number) => lines[i].search(/\S/);
  const annotation = object.paths[`metadata.annotations.${DELETED_PODS_ANNOTATION}`];
  const annotations = object.paths['metadata.annotations'];
  const metadata = object.paths.metadata;
  if (annotation) {
    const i = annotation.start.line - 1;
    lines[i] = lines[i].replace(/^(\s*\S+:\s*)(.*?)\s*$/, (_all, head: string, value: string) => `${head}${value.replace(/^["']|["']$/g, '') ? `${value.replace(/^["']|["']$/g, '')}, ${pod}` : pod}`);
  } else if (annotations) {
    const i = annotations.start.line - 1;
    lines.splice(endOfBlock(lines, i) + 1, 0, `${' '.repeat(indentOf(i) + 2)}${DELETED_PODS_ANNOTATION}: ${pod}`);
  } else if (metadata) {
    const i = metadata.start.line - 1;
    lines.splice(endOfBlock(lines, i) + 1, 0, `${' '.repeat(indentOf(i) + 2)}annotations:`, `${' '.repeat(indentOf(i) + 4)}${DELETED_PODS_ANNOTATION}: ${pod}`);
  } else return text;
  docs[index] = { text: lines.join('\n') };
  return join(docs);
}

/**
 * The workload in the text whose controller made this pod (a Deployment before its
 * ReplicaSet, as the Deployment is what the user wrote), as a document index.
 */
export function controllerDoc(text: string, cluster: Cluster, namespace: string, pod: string): number {
  const p = cluster.pods.find((x) => x.namespace === namespace && x.name === pod);
  if (!p?.owner || p.owner.startsWith('Pod/')) return -1;
  const selects = (w: Cluster['workloads'][number]) => w.namespace === namespace && Object.entries(w.selector).every(([k, v]) => p.labels[k] === v);
  const workload = cluster.workloads.find((w) => selects(w) && w.kind !== 'ReplicaSet') ?? cluster.workloads.find(selects);
  return workload ? findDoc(split(text), { kind: workload.kind, name: workload.name, namespace }) : -1;
}

/** `kubectl delete pod` of a controller's pod as a YAML edit; undefined when no workload in the text owns it. */
export function deleteControllerPod(text: string, cluster: Cluster, namespace: string, pod: string): string | undefined {
  const index = controllerDoc(text, cluster, namespace, pod);
  return index >= 0 ? markPodDeleted(text, index, pod) : undefined;
}

/** The last line of the block a key on line `i` opens: the lines indented deeper than it. */
function endOfBlock(lines: string[], i: number): number {
  const indent = lines[i].search(/\S/);
  let end = i;
  for (let j = i + 1; j < lines.length; j++) {
    if (lines[j].trim() === '' || lines[j].trim().startsWith('#')) continue;
    if (lines[j].search(/\S/) <= indent) break;
    end = j;
  }
  return end;
}
