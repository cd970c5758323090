import type { AppState } from '../../store';

/** The node of the current hop, else the first node the packet reaches, else the first node. */
export function currentNode(s: AppState): string | undefined {
  const onNode = (at?: string) => (at?.startsWith('node/') ? at.slice(5) : undefined);
  return onNode(s.trace.hops[s.player.step]?.at) ?? onNode(s.trace.hops.find((h) => onNode(h.at))?.at) ?? s.cluster.nodes[0]?.name;
}
