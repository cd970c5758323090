/**
 * The what-if commands for the cluster on screen: one record per object a change applies to,
 * each editing the YAML (whatif.ts) through the store's applyYaml, so the editor can undo it.
 * The records carry the canvas elements they belong to, for the canvas's action bar.
 */
import type { AppState } from '../store';
import { deleteControllerPod } from '../terminal/yamlText';
import type { Command } from './registry';
import { EXTERNAL_TYPES, failReadiness, failsReadiness, proxyModeOf, replicasOf, restoreReadiness, scaleWorkload, setProxyMode, toggleExternalTrafficPolicy, type ObjectKey } from './whatif';

const fromText = (range?: { start: { line: number } }) => !!range && range.start.line > 0;

const podElements = (s: AppState, object: string) =>
  s.cluster.pods.filter((p) => p.provenance?.object === object || p.owner === object).flatMap((p) => [`pod/${p.namespace}/${p.name}`]);

function record(id: string, label: string, params: Record<string, string | number>, elements: string[], edit: (s: AppState) => string | undefined): Command {
  return {
    id, group: 'whatif', label: () => label, params: () => params, icon: () => 'whatif', keys: [], elements,
    enabled: (s) => !s.stale,
    perform: (s) => {
      const text = edit(s);
      if (text !== undefined) s.applyYaml(text);
    },
  };
}

function build(s: AppState): Command[] {
  const out: Command[] = [];
  const { cluster, text } = s;
  for (const w of cluster.workloads.filter((x) => fromText(x.provenance?.range))) {
    const key: ObjectKey = { kind: w.kind, namespace: w.namespace, name: w.name };
    const object = `${w.kind}/${w.namespace}/${w.name}`;
    const pods = podElements(s, object);
    if (w.kind !== 'DaemonSet') {
      const n = replicasOf(text, key);
      if (n !== undefined) {
        const params = { kind: w.kind, name: w.name, from: n };
        out.push(record(`scaleUp:${object}`, 'whatif.scale', { ...params, to: n + 1 }, pods, (st) => scaleWorkload(st.text, key, n + 1)));
        if (n > 0) out.push(record(`scaleDown:${object}`, 'whatif.scale', { ...params, to: n - 1 }, pods, (st) => scaleWorkload(st.text, key, n - 1)));
      }
    }
    out.push(readinessRecord(s, key, object, pods));
  }
  // kubectl delete pod, as the terminal does it: the controller replaces the pod (a new name,
  // the next address), the endpoints follow, the Service stays.
  for (const p of cluster.pods.filter((x) => x.owner && !x.owner.startsWith('Pod/') && fromText(x.provenance?.range))) {
    out.push(record(`deletePod:${p.namespace}/${p.name}`, 'whatif.deletePod', { name: p.name }, [`pod/${p.namespace}/${p.name}`], (st) => deleteControllerPod(st.text, st.cluster, p.namespace, p.name)));
  }
  for (const p of cluster.pods.filter((x) => x.owner === `Pod/${x.namespace}/${x.name}` && fromText(x.provenance?.range))) {
    out.push(readinessRecord(s, { kind: 'Pod', namespace: p.namespace, name: p.name }, `Pod/${p.namespace}/${p.name}`, [`pod/${p.namespace}/${p.name}`]));
  }
  for (const svc of cluster.services.filter((x) => !x.system && EXTERNAL_TYPES.includes(x.type))) {
    const key = { kind: 'Service', namespace: svc.namespace, name: svc.name };
    const next = svc.externalTrafficPolicy === 'Local' ? 'Cluster' : 'Local';
    out.push(record(`etp:Service/${svc.namespace}/${svc.name}`, 'whatif.etp', { name: svc.name, to: next }, [`svc/${svc.namespace}/${svc.name}`], (st) => toggleExternalTrafficPolicy(st.text, key)));
  }
  const mode = proxyModeOf(text) === 'ipvs' ? 'iptables' : 'ipvs';
  out.push(record('proxyMode', 'whatif.proxyMode', { mode }, cluster.nodes.map((n) => `node/${n.name}/netfilter`), (st) => setProxyMode(st.text, mode)));
  return out;
}

function readinessRecord(s: AppState, key: ObjectKey, object: string, pods: string[]): Command {
  const listening = s.cluster.pods.find((p) => p.provenance?.object === object || p.owner === object)?.listening ?? [];
  const failing = failsReadiness(s.text, key, listening);
  const params = { kind: key.kind, name: key.name, pods: pods.length };
  return failing
    ? record(`ready:${object}`, 'whatif.ready', params, pods, (st) => restoreReadiness(st.text, key, listening))
    : record(`notReady:${object}`, key.kind === 'Pod' ? 'whatif.notReadyPod' : 'whatif.notReady', params, pods, (st) => failReadiness(st.text, key));
}

let cache: { text: string; cluster: AppState['cluster']; commands: Command[] } | undefined;

/** The what-ifs for this text and cluster (memoized: the command list and the canvas ask often). */
export function whatIfCommands(s: AppState): Command[] {
  if (cache?.text !== s.text || cache.cluster !== s.cluster) cache = { text: s.text, cluster: s.cluster, commands: build(s) };
  return cache.commands;
}
