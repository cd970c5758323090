/**
 * What-if edits: each takes the YAML text and returns the text after one change a teacher
 * would make by hand (scale a Deployment, fail a readiness probe, flip externalTrafficPolicy,
 * switch kube-proxy's mode). The text stays the single truth: the edit goes through the
 * editor as one undoable change and the cluster is rebuilt from it. Edits reuse the terminal's
 * document helpers (src/terminal/yamlText.ts), so comments and formatting elsewhere stay.
 *
 * Every function returns undefined when the object is not in the text (a system object, or a
 * name the text no longer has), so a command can say it is not available.
 */
import { readiness } from '../engine/control/readiness';
import type { ContainerPort, ProxySettings } from '../engine/model';
import type { ParsedObject } from '../engine/parse';
import { append, findDoc, join, setScalar, split, type Doc } from '../terminal/yamlText';
import { containersOf, EXTERNAL_TYPES, objectFailsReadiness, podSpecPath, specOf, type ObjectKey } from './objects';

export { EXTERNAL_TYPES, objectFailsReadiness, objectReplicas, type ObjectKey } from './objects';


function locate(text: string, key: ObjectKey): { docs: Doc[]; index: number; object: ParsedObject } | undefined {
  const docs = split(text);
  const index = findDoc(docs, key);
  const object = index >= 0 ? docs[index].object : undefined;
  return object ? { docs, index, object } : undefined;
}


/** spec.replicas as written (1 when absent, the API server's default). */
export function replicasOf(text: string, key: ObjectKey): number | undefined {
  const at = locate(text, key);
  if (!at) return undefined;
  const r = specOf(at.object).replicas;
  return typeof r === 'number' ? r : 1;
}

/** Sets spec.replicas (never below 0), editing the line or adding it under spec. */
export function scaleWorkload(text: string, key: ObjectKey, replicas: number): string | undefined {
  const at = locate(text, key);
  if (!at || replicas < 0 || !at.object.paths.spec) return undefined;
  return setScalar(text, at.index, 'spec.replicas', String(replicas));
}


/** Flips spec.externalTrafficPolicy between Cluster (the default) and Local. */
export function toggleExternalTrafficPolicy(text: string, key: ObjectKey): string | undefined {
  const at = locate(text, { ...key, kind: 'Service' });
  if (!at || !at.object.paths.spec) return undefined;
  const spec = specOf(at.object);
  if (!EXTERNAL_TYPES.includes(String(spec.type))) return undefined;
  const next = spec.externalTrafficPolicy === 'Local' ? 'Cluster' : 'Local';
  return setScalar(text, at.index, 'spec.externalTrafficPolicy', next);
}

type ProxyMode = ProxySettings['mode'];
const MODES: readonly string[] = ['iptables', 'ipvs', 'nftables', 'userspace'] satisfies ProxyMode[];

/** kube-proxy's mode as the text sets it (iptables when there is no KubeProxyConfiguration, or an empty or unknown mode). */
export function proxyModeOf(text: string): ProxyMode {
  const doc = split(text).find((d) => d.object?.kind === 'KubeProxyConfiguration');
  const mode = doc?.object?.body.mode;
  return typeof mode === 'string' && MODES.includes(mode) ? (mode as ProxyMode) : 'iptables';
}

const PROXY_CONFIG = (mode: string) => `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${mode}\n`;

/**
 * Sets kube-proxy's mode: the `mode` of the KubeProxyConfiguration document (kubeadm's
 * `kube-proxy` ConfigMap holds the same document), added when the text has none.
 */
export function setProxyMode(text: string, mode: ProxyMode): string {
  const docs = split(text);
  const index = docs.findIndex((d) => d.object?.kind === 'KubeProxyConfiguration');
  if (index < 0) return append(text, PROXY_CONFIG(mode));
  const object = docs[index].object!;
  if (object.paths.mode) return setScalar(text, index, 'mode', mode);
  // A root-level key has no parent path for setScalar: put it under `kind:`.
  const kindLine = object.paths.kind.start.line - 1;
  const lines = docs[index].text.split('\n');
  lines.splice(kindLine + 1, 0, `mode: ${mode}`);
  docs[index] = { text: lines.join('\n') };
  return join(docs);
}

/** The lines of one document holding a field, key line included (a block ending at column 1 ends the line before). */
function blockLines(object: ParsedObject, path: string): { first: number; last: number } | undefined {
  const r = object.paths[path];
  if (!r) return undefined;
  const last = r.end.column <= 1 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
  return { first: r.start.line - 1, last: last - 1 };
}

function editDoc(docs: Doc[], index: number, edit: (lines: string[]) => void): string {
  const lines = docs[index].text.split('\n');
  edit(lines);
  docs[index] = { text: lines.join('\n') };
  return join(docs);
}


/** A readiness probe that can never pass: the kubelet runs `false` and gets exit status 1. */
const FAILING_PROBE = ['readinessProbe:', '  exec:', '    command: ["false"]'];

/**
 * Makes the pods of a workload (or a bare Pod) fail readiness: the first container gets a
 * readiness probe that always fails (replacing the one it had). The kubelet then keeps them
 * not ready and the EndpointSlice controller lists them as not ready: kube-proxy stops
 * sending to them. A workload's change is a change of its pod template: its pods are
 * replaced, as a rollout does.
 */
export function failReadiness(text: string, key: ObjectKey): string | undefined {
  const at = locate(text, key);
  if (!at || containersOf(at.object).length === 0) return undefined;
  const base = `${podSpecPath(at.object)}.containers.0`;
  const item = at.object.paths[base];
  const existing = blockLines(at.object, `${base}.readinessProbe`);
  return editDoc(at.docs, at.index, (lines) => {
    if (existing) {
      const indent = lines[existing.first].search(/\S/);
      lines.splice(existing.first, existing.last - existing.first + 1, ...FAILING_PROBE.map((l) => ' '.repeat(indent) + l));
      return;
    }
    // The container's keys start where its first key starts (after `- `).
    const indent = item.start.column - 1;
    lines.splice(item.start.line, 0, ...FAILING_PROBE.map((l) => ' '.repeat(indent) + l));
  });
}

/**
 * Undoes failReadiness the way a person would: removes every readiness probe that can never
 * pass (by the engine's own reading of probes), so the pods become ready again.
 */
export function restoreReadiness(text: string, key: ObjectKey, listening: ContainerPort[]): string | undefined {
  const at = locate(text, key);
  if (!at) return undefined;
  const base = `${podSpecPath(at.object)}.containers`;
  const failing = containersOf(at.object)
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.readinessProbe && !readiness({ containers: [c] }, undefined, listening).ready)
    .map(({ i }) => blockLines(at.object, `${base}.${i}.readinessProbe`)!)
    .filter(Boolean);
  if (failing.length === 0) return undefined;
  return editDoc(at.docs, at.index, (lines) => {
    for (const b of failing.reverse()) lines.splice(b.first, b.last - b.first + 1);
  });
}

/** Whether a pod's written readiness probes can never pass (the engine's reading). */
export function failsReadiness(text: string, key: ObjectKey, listening: ContainerPort[]): boolean {
  const at = locate(text, key);
  return !!at && objectFailsReadiness(at.object, listening);
}
