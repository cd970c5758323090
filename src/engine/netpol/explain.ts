/**
 * A NetworkPolicy verdict in words, for the CLI (`podpath reach`) and anyone who prints one.
 * English, as the CLI prints everything; the UI will translate from the structured verdict.
 */
import type { Client, Connection, PolicyRef, PolicyVerdict, SideVerdict } from './evaluate';

const policyName = (p: PolicyRef) => `${p.namespace}/${p.name}`;

export function clientName(client: Client): string {
  return 'pod' in client ? `${client.pod.namespace}/${client.pod.name}` : client.ip;
}

function policies(list: PolicyRef[]): string {
  return list.length === 1 ? `NetworkPolicy ${policyName(list[0])} selects` : `NetworkPolicies ${list.map(policyName).join(', ')} select`;
}

/** One side: `egress of x/a: …` or `ingress of x/b: …`. */
export function describeSide(direction: 'egress' | 'ingress', conn: Connection, s: SideVerdict): string {
  const pod = direction === 'egress' ? clientName(conn.from) : `${conn.to.namespace}/${conn.to.name}`;
  const head = `${direction} of ${pod}`;
  const what = `${conn.protocol} port ${conn.port} ${direction === 'egress' ? `to ${conn.to.namespace}/${conn.to.name}` : `from ${clientName(conn.from)}`}`;
  switch (s.verdict) {
    case 'not-isolated':
      return `${head}: no NetworkPolicy selects it for ${direction}`;
    case 'allowed':
      return `${head}: NetworkPolicy ${policyName(s.policy)}, ${direction} rule ${s.rule}, allows ${what}`;
    case 'denied':
      return `${head}: ${policies(s.policies)} it for ${direction}, and no ${direction} rule allows ${what}`;
    case 'exempt':
      switch (s.why) {
        case 'not-a-pod': return `the client ${clientName(conn.from)} is not a pod: no egress policy applies`;
        case 'node-local': return `${head}: traffic from the pod's own node is always allowed in`;
        case 'self': return `a pod's traffic to itself is never blocked`;
        case 'host-network': return `${head}: a hostNetwork pod is not isolated by NetworkPolicy`;
      }
  }
}

/** The sides that decided: the denying ones when denied, both when allowed (self-traffic once). */
export function describeVerdict(conn: Connection, v: PolicyVerdict): string {
  const egress = describeSide('egress', conn, v.egress);
  const ingress = describeSide('ingress', conn, v.ingress);
  if (v.egress.verdict === 'exempt' && v.egress.why === 'self') return egress;
  if (v.allowed) return `${egress}; ${ingress}`;
  return [v.egress.verdict === 'denied' ? egress : '', v.ingress.verdict === 'denied' ? ingress : ''].filter(Boolean).join('; ');
}
