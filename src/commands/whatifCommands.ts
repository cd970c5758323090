/**
 * The what-if commands for the cluster on screen: one record per object a change applies to,
 * each editing the YAML (whatif.ts) through the store's applyYaml, so the editor can undo it.
 * The records carry the canvas elements they belong to, for the canvas's action bar.
 *
 * The list is made from the build alone (the objects the API server holds, `cluster.accepted`,
 * and its settings), never by parsing the text again, once per build and only when asked for
 * (the command list opening, a box's menu): the text is read only when a command is performed.
 */
import type { Cluster } from '../engine';
import type { AppState } from '../store';
import { useStore } from '../store';
import { EXTERNAL_TYPES, objectFailsReadiness, objectReplicas, type ObjectKey } from './objects';
import type { Command } from './registry';

const PROXY_MODES = ['iptables', 'ipvs', 'nftables', 'userspace'] as const;

/** The text edits, which parse YAML: loaded when a what-if is performed, not with the page. */
const editors = () => Promise.all([import('./whatif'), import('../terminal/yamlText')]).then(([w, y]) => ({ ...w, deleteControllerPod: y.deleteControllerPod }));
type Editors = Awaited<ReturnType<typeof editors>>;

const fromText = (range?: { start: { line: number } }) => !!range && range.start.line > 0;

const podElements = (cluster: Cluster, object: string) =>
  cluster.pods.filter((p) => p.provenance?.object === object || p.owner === object).flatMap((p) => [`pod/${p.namespace}/${p.name}`]);

function record(id: string, label: string, params: Record<string, string | number>, elements: string[], edit: (e: Editors, s: AppState) => string | undefined): Command {
  return {
    id, group: 'whatif', label: () => label, params: () => params, icon: () => 'whatif', keys: [], elements,
    enabled: (s) => !s.stale,
    perform: (s) => {
      const asked = s.text;
      return editors().then((e) => {
        // The edit applies to the text it was asked on: one typed meanwhile is not overwritten.
        const now = useStore.getState();
        if (now.text !== asked) return;
        const text = edit(e, now);
        if (text !== undefined) now.applyYaml(text);
      });
    },
  };
}

/** The object as the API server holds it after this build (the key is `Kind/namespace/name`). */
const accepted = (cluster: Cluster, key: ObjectKey) => cluster.accepted[`${key.kind}/${key.namespace ?? 'default'}/${key.name}`];

function build(cluster: Cluster): Command[] {
  const out: Command[] = [];
  for (const w of cluster.workloads.filter((x) => fromText(x.provenance?.range))) {
    const key: ObjectKey = { kind: w.kind, namespace: w.namespace, name: w.name };
    const object = `${w.kind}/${w.namespace}/${w.name}`;
    const pods = podElements(cluster, object);
    const held = accepted(cluster, key);
    if (w.kind !== 'DaemonSet' && held) {
      const n = objectReplicas(held);
      const params = { kind: w.kind, name: w.name, from: n };
      out.push(record(`scaleUp:${object}`, 'whatif.scale', { ...params, to: n + 1 }, pods, (e, st) => e.scaleWorkload(st.text, key, n + 1)));
      if (n > 0) out.push(record(`scaleDown:${object}`, 'whatif.scale', { ...params, to: n - 1 }, pods, (e, st) => e.scaleWorkload(st.text, key, n - 1)));
    }
    out.push(readinessRecord(cluster, key, object, pods));
  }
  // kubectl delete pod, as the terminal does it: the controller replaces the pod (a new name,
  // the next address), the endpoints follow, the Service stays.
  for (const p of cluster.pods.filter((x) => x.owner && !x.owner.startsWith('Pod/') && fromText(x.provenance?.range))) {
    out.push(record(`deletePod:${p.namespace}/${p.name}`, 'whatif.deletePod', { name: p.name }, [`pod/${p.namespace}/${p.name}`], (e, st) => e.deleteControllerPod(st.text, st.cluster, p.namespace, p.name)));
  }
  for (const p of cluster.pods.filter((x) => x.owner === `Pod/${x.namespace}/${x.name}` && fromText(x.provenance?.range))) {
    out.push(readinessRecord(cluster, { kind: 'Pod', namespace: p.namespace, name: p.name }, `Pod/${p.namespace}/${p.name}`, [`pod/${p.namespace}/${p.name}`]));
  }
  for (const svc of cluster.services.filter((x) => !x.system && EXTERNAL_TYPES.includes(x.type))) {
    const key = { kind: 'Service', namespace: svc.namespace, name: svc.name };
    const next = svc.externalTrafficPolicy === 'Local' ? 'Cluster' : 'Local';
    out.push(record(`etp:Service/${svc.namespace}/${svc.name}`, 'whatif.etp', { name: svc.name, to: next }, [`svc/${svc.namespace}/${svc.name}`], (e, st) => e.toggleExternalTrafficPolicy(st.text, key)));
  }
  // Every other mode kube-proxy has had, so the same request can be compared across all four.
  const tables = cluster.nodes.map((n) => `node/${n.name}/netfilter`);
  for (const mode of PROXY_MODES.filter((m) => m !== cluster.settings.proxy.mode)) {
    out.push(record(`proxyMode:${mode}`, 'whatif.proxyMode', { mode }, tables, (e, st) => e.setProxyMode(st.text, mode)));
  }
  return out;
}

function readinessRecord(cluster: Cluster, key: ObjectKey, object: string, pods: string[]): Command {
  const listening = cluster.pods.find((p) => p.provenance?.object === object || p.owner === object)?.listening ?? [];
  const held = accepted(cluster, key);
  const failing = !!held && objectFailsReadiness(held, listening);
  const params = { kind: key.kind, name: key.name, pods: pods.length };
  return failing
    ? record(`ready:${object}`, 'whatif.ready', params, pods, (e, st) => e.restoreReadiness(st.text, key, listening))
    : record(`notReady:${object}`, key.kind === 'Pod' ? 'whatif.notReadyPod' : 'whatif.notReady', params, pods, (e, st) => e.failReadiness(st.text, key));
}

const cache = new WeakMap<Cluster, Command[]>();

/** The what-ifs of this build, made once per build (the first time they are asked for). */
export function whatIfsOf(cluster: Cluster): Command[] {
  let commands = cache.get(cluster);
  if (!commands) cache.set(cluster, (commands = build(cluster)));
  return commands;
}

/** The what-ifs for the cluster on screen (the command list). Not a selector to subscribe to: it is for the moment a list opens. */
export function whatIfCommands(s: Pick<AppState, 'cluster'>): Command[] {
  return whatIfsOf(s.cluster);
}

/** The what-ifs whose records name this canvas element (a box's menu). */
export function whatIfsFor(cluster: Cluster, element: string): Command[] {
  return whatIfsOf(cluster).filter((c) => c.elements?.includes(element));
}
