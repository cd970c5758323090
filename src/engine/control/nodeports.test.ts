/**
 * The scheduler's NodePorts filter, ported from kube-scheduler v1.28's own tests
 * (pkg/scheduler/framework/plugins/nodeports/node_ports_test.go: TestNodePorts and TestFits).
 * Each upstream case is a pod already on a node holding some `PROTOCOL/hostIP/hostPort`s and a
 * new pod asking for others; here the first is a Pod pinned to node01 with spec.nodeName, the
 * second a Pod whose nodeSelector allows node01 only. It fits (lands on node01) or stays Pending
 * with the filter's reason.
 *
 * Not ported: the two initContainer cases of later versions (Podpath runs no init containers),
 * TestPreFilterDisabled and the queueing-hint tests (scheduler internals, no YAML can show them).
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { userView } from '../testing';
import { hostPortLesson } from '../../lessons/hostport';

/** `TCP/127.0.0.1/8080` as a container port: containerPort is free to differ without hostNetwork. */
function ports(infos: string[]): string {
  if (infos.length === 0) return '';
  return '    ports:\n' + infos.map((info, i) => {
    const [protocol, hostIP, hostPort] = info.split('/');
    return `    - containerPort: ${1000 + i}\n      protocol: ${protocol}\n      hostIP: ${hostIP}\n      hostPort: ${hostPort}\n`;
  }).join('');
}

const pod = (name: string, where: string, infos: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${where}  containers:
  - name: c
    image: registry.k8s.io/pause:3.9
${ports(infos)}---
`;

/** Where the new pod goes, with the existing pod's ports on node01. */
function place(newPod: string[], existing: string[]) {
  const c = userView(buildCluster(pod('m1', '  nodeName: node01\n', existing) + pod('p', '  nodeSelector:\n    kubernetes.io/hostname: node01\n', newPod)));
  const p = c.pods.find((x) => x.name === 'p')!;
  return { placed: p.node ?? p.phase, diagnostics: c.diagnostics.map((d) => d.message) };
}

const CONFLICT = 'pod p is Pending: 0/3 nodes are available: 1 node(s) didn\'t have free ports for the requested pod ports, 1 node(s) didn\'t match Pod\'s node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

// [name, the new pod's ports, the existing pod's ports, fits]
const testNodePorts: [string, string[], string[], boolean][] = [
  ['skip filter', [], [], true],
  ['other port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/9090'], true],
  ['same udp port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], false],
  ['same tcp port', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], false],
  ['different host ip', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.2/8080'], true],
  ['different protocol', ['UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], true],
  ['second udp port conflict', ['UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], false],
  ['first tcp port conflict', ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'], false],
  ['first tcp port conflict due to 0.0.0.0 hostIP', ['TCP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], false],
  ['TCP hostPort conflict due to 0.0.0.0 hostIP', ['TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], false],
  ['second tcp port conflict to 0.0.0.0 hostIP', ['TCP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], false],
  ['second different protocol', ['UDP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], true],
  ['UDP hostPort conflict due to 0.0.0.0 hostIP', ['UDP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'], false],
];

const testFits: [string, string[], string[], boolean][] = [
  ['non-conflicting ports', ['TCP/127.0.0.1/80'], ['TCP/127.0.0.1/9090'], true],
  ['multiple non-conflicting ports', ['TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'], ['TCP/127.0.0.1/9090', 'TCP/127.0.0.1/9191', 'TCP/127.0.1.1/8080'], true],
  ['same ports on different protocols', ['TCP/127.0.0.1/80'], ['UDP/127.0.0.1/80'], true],
  ['conflicting ports', ['TCP/127.0.0.1/80'], ['TCP/127.0.0.1/80'], false],
  ['multiple ports, some conflicting', ['TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'], ['TCP/127.0.0.1/9090', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/8080'], false],
];

describe('the NodePorts filter, as kube-scheduler v1.28 tests it', () => {
  for (const [group, cases] of [['TestNodePorts', testNodePorts], ['TestFits', testFits]] as const) {
    for (const [name, newPod, existing, fits] of cases) {
      it(`${group}: ${name}`, () => {
        expect(place(newPod, existing)).toEqual(fits ? { placed: 'node01', diagnostics: [] } : { placed: 'Pending', diagnostics: [CONFLICT] });
      });
    }
  }
});

describe('the NodePorts filter on article 003\'s hostPort tomcat (node02 192.168.255.103)', () => {
  // A second copy of the article's pod-tomcat that may only go to node02.
  const second = (edit: (yaml: string) => string) => edit(hostPortLesson.yaml.replace('name: pod-tomcat', 'name: pod-tomcat-2').replace('  nodeName: node02\n', '  nodeSelector:\n    kubernetes.io/hostname: node02\n'));
  const placed = (yaml: string) => userView(buildCluster(`${hostPortLesson.yaml}---\n${yaml}`)).pods.map((p) => `${p.name} ${p.node ?? p.phase}`);

  it('the same TCP hostPort 8080 again: Pending', () => {
    expect(placed(second((y) => y))).toEqual(['pod-tomcat node02', 'pod-tomcat-2 Pending']);
  });

  it('UDP on hostPort 8080 beside the TCP one: both on node02', () => {
    expect(placed(second((y) => y.replace('protocol: TCP', 'protocol: UDP')))).toEqual(['pod-tomcat node02', 'pod-tomcat-2 node02']);
  });

  it('hostIP 192.168.255.103 still clashes with the first pod\'s unset hostIP (0.0.0.0)', () => {
    expect(placed(second((y) => y.replace('      hostPort: 8080\n', '      hostPort: 8080\n      hostIP: 192.168.255.103\n')))).toEqual(['pod-tomcat node02', 'pod-tomcat-2 Pending']);
  });

  it('two specific hostIPs (192.168.255.103 and 127.0.0.1) share hostPort 8080 on node02', () => {
    const first = hostPortLesson.yaml.replace('      hostPort: 8080\n', '      hostPort: 8080\n      hostIP: 192.168.255.103\n');
    const other = second((y) => y.replace('      hostPort: 8080\n', '      hostPort: 8080\n      hostIP: 127.0.0.1\n'));
    expect(userView(buildCluster(`${first}---\n${other}`)).pods.map((p) => `${p.name} ${p.node ?? p.phase}`)).toEqual(['pod-tomcat node02', 'pod-tomcat-2 node02']);
  });
});
