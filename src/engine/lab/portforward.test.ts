/**
 * The lab script with a kubectl port-forward left running (issue 19, item 1), without root: the
 * API server and the kubelets carry streams only then, each knowing where a forwarded pod's
 * stream goes, and kubectl runs in the namespace of its machine. The kernel plays it in
 * src/lab/portforward.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { portForwardLesson } from '../../lessons/portforward';
import { buildCluster } from '../build';
import { labScript } from './script';

const cluster = buildCluster(portForwardLesson.yaml);
const POD = 'deployment-tomcat-6f8bd9bbc5-9tdsh';
const lines = (script: string) => script.split('\n').filter((l) => /DAEMON|KUBECTL|sport = :(6443|10250)'/.test(l)).map((l) => l.trim());

describe('the lab with a running port-forward', () => {
  it('article 003: the daemons carry the stream to node01 and into the pod; kubectl listens on master01\'s 0.0.0.0:8080', () => {
    const script = labScript(cluster, { prefix: 'pp', forwards: [{ on: 'node/master01', target: POD, ports: ['8080:8080'], addresses: ['0.0.0.0'] }] });
    const wait = (ns: string, port: number) => `until ip netns exec ${ns} ss -Hltn 'sport = :${port}' | grep -q .; do sleep 0.05; done`;
    expect(lines(script)).toEqual([
      "DAEMON=$(cat <<'JS'",
      "KUBECTL=$(cat <<'JS'",
      `ip netns exec pp-node-master01 node -e "$DAEMON" -- kubelet - master01 '{}' 10250 >/dev/null 2>&1 &`, wait('pp-node-master01', 10250),
      `ip netns exec pp-node-master01 node -e "$DAEMON" -- kube-apiserver - master01 '{"default/${POD}":"10.0.0.31"}' 6443 >/dev/null 2>&1 &`, wait('pp-node-master01', 6443),
      `ip netns exec pp-node-node01 node -e "$DAEMON" -- kubelet - node01 '{"default/${POD}":"pp-pod-default.${POD}"}' 10250 >/dev/null 2>&1 &`, wait('pp-node-node01', 10250),
      `ip netns exec pp-node-node02 node -e "$DAEMON" -- kubelet - node02 '{}' 10250 >/dev/null 2>&1 &`, wait('pp-node-node02', 10250),
      `ip netns exec pp-node-master01 node -e "$KUBECTL" -- 10.0.0.30 default ${POD} 8080 0.0.0.0 8080 >/dev/null 2>&1 &`,
    ]);
    // kubectl is the last process up: the pods it streams to already listen.
    expect(script.indexOf('"$KUBECTL"')).toBeGreaterThan(script.lastIndexOf('"$SERVER"'));
  });

  it('localhost is 127.0.0.1 only in the lab (::1 is left out); on the workstation kubectl runs in the outside host\'s namespace', () => {
    const script = labScript(cluster, { prefix: 'pp', forwards: [{ on: 'external', target: POD, ports: ['9090:8080'] }] });
    expect(script.split('\n').filter((l) => l.includes('"$KUBECTL" --')).map((l) => l.trim())).toEqual([
      `ip netns exec pp-ext-client node -e "$KUBECTL" -- 10.0.0.30 default ${POD} 8080 127.0.0.1 9090 >/dev/null 2>&1 &`,
    ]);
  });

  it('without a forward (or with one kubectl could not start) the script is the one without', () => {
    const plain = labScript(cluster, { prefix: 'pp' });
    expect(plain).not.toContain('DAEMON');
    expect(labScript(cluster, { prefix: 'pp', forwards: [{ on: 'node/master01', target: 'gone', ports: ['8080'] }] })).toBe(plain);
  });
});
