/**
 * Issue 19, item 1: a `kubectl port-forward` left running is part of the scenario. Article 003
 * runs it on master01 (10.0.0.30) with `--address 0.0.0.0`, and node01 (10.0.0.31) runs
 * `curl 10.0.0.30:8080` and gets tomcat's 404: the connection reaches kubectl's socket on
 * master01, and kubectl streams it through the API server and the kubelet into the pod. Built
 * from the lesson's copy of the article's YAML (its Deployment, its nodes and addresses).
 */
import { describe, expect, it } from 'vitest';
import { portForwardLesson } from '../../lessons/portforward';
import { buildCluster } from '../build';
import { runningForward } from '../portforward';
import { nats, steps } from './testing';
import { traceRequest } from './trace';
import type { RunningForward } from './types';

const cluster = buildCluster(portForwardLesson.yaml);
const POD = 'deployment-tomcat-6f8bd9bbc5-9tdsh';
const P = `pod/default/${POD}`;
const onMaster = (addresses?: string[]): RunningForward => ({ on: 'node/master01', target: POD, ports: ['8080:8080'], ...(addresses ? { addresses } : {}) });
const sends = (t: ReturnType<typeof traceRequest>) => t.hops.filter((h) => h.kind === 'send').map((h) => `${h.at} ${h.after.src}:${h.after.sport} > ${h.after.dst}:${h.after.dport} ${h.after.http?.method ?? ''} ${h.after.http?.path ?? ''}`.trimEnd());

/** node01's own packet: nat OUTPUT (no Service matches), filter OUTPUT, out eth0, the LAN. */
const node01Out = [
  'node/node01 chainJump OUTPUT', 'node/node01 chainEnd KUBE-SERVICES', 'node/node01 chainPolicy OUTPUT', 'node/node01 filter OUTPUT', 'node/node01 routeLink',
  'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainEnd FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
  'lan wire',
];
/** Arriving on a node's eth0 for one of its own addresses: PREROUTING (no Service, no NodePort), INPUT. */
const arriveAt = (node: string) => [
  `node/${node} arrive @eth0`, `node/${node} chainJump PREROUTING`, `node/${node} chainJump KUBE-SERVICES`, `node/${node} chainEnd KUBE-NODEPORTS`,
  `node/${node} chainEnd KUBE-SERVICES`, `node/${node} chainPolicy PREROUTING`, `node/${node} filter INPUT`,
];
/** The API server's stream to the kubelet on node01:10250, then the runtime's dial in the pod. */
const apiserverToPod = [
  'node/master01 pfApiserver', 'node/master01 chainJump OUTPUT', 'node/master01 chainEnd KUBE-SERVICES', 'node/master01 chainPolicy OUTPUT', 'node/master01 filter OUTPUT', 'node/master01 routeLink',
  'node/master01 chainJump POSTROUTING', 'node/master01 chainReturn KUBE-POSTROUTING', 'node/master01 chainJump POSTROUTING', 'node/master01 chainEnd FLANNEL-POSTRTG', 'node/master01 chainPolicy POSTROUTING',
  'lan wire', ...arriveAt('node01'), 'node/node01 deliverDaemon @eth0',
  `${P} pfKubelet`, `${P} routeLocal`, `${P} deliver`,
];

describe('a running kubectl port-forward (article 003)', () => {
  it('kubectl starts as the article shows: "Forwarding from 0.0.0.0:8080 -> 8080", one socket on every IPv4 address of master01', () => {
    const running = runningForward(cluster, onMaster(['0.0.0.0']));
    expect('error' in running ? running.error : [running.output, running.sockets.map((s) => `${s.on} ${s.address}:${s.local} -> ${s.pod.name}:${s.remote}`)]).toEqual([
      'Forwarding from 0.0.0.0:8080 -> 8080\n', [`node/master01 0.0.0.0:8080 -> ${POD}:8080`],
    ]);
    const local = runningForward(cluster, onMaster());
    expect('error' in local ? local.error : local.output).toBe('Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n');
  });

  it('node01: curl 10.0.0.30:8080 reaches kubectl on master01, then the API server, the kubelet on node01, and tomcat inside the pod', () => {
    const t = traceRequest(cluster, { from: 'node/node01', to: '10.0.0.30:8080', forwards: [onMaster(['0.0.0.0'])] });
    expect(steps(t)).toEqual({
      request: [
        'node/node01 sendNode', ...node01Out, ...arriveAt('master01'), 'node/master01 pfAccept @eth0',
        // kubectl on master01 calls the API server on master01 itself: through lo.
        'node/master01 pfStream', 'node/master01 chainJump OUTPUT', 'node/master01 chainJump KUBE-SERVICES', 'node/master01 chainEnd KUBE-NODEPORTS', 'node/master01 chainEnd KUBE-SERVICES',
        'node/master01 chainPolicy OUTPUT', 'node/master01 filter OUTPUT', 'node/master01 routeLocal', 'node/master01 deliverDaemon @eth0',
        ...apiserverToPod,
      ],
      reply: [
        `${P} routeLocal`, `${P} replyDelivered`,
        'node/node01 routeLink', 'lan wire', 'node/master01 arrive @eth0', 'node/master01 filter INPUT', 'node/master01 replyDelivered',
        'node/master01 routeLocal', 'node/master01 replyDelivered',
        // Last, kubectl's answer to curl, from the address curl called.
        'node/master01 routeLink', 'lan wire', 'node/node01 arrive @eth0', 'node/node01 filter INPUT', 'node/node01 replyDelivered',
      ],
    });
    expect(sends(t)).toEqual([
      'node/node01 10.0.0.31:50471 > 10.0.0.30:8080 GET /',
      `node/master01 10.0.0.30:32845 > 10.0.0.30:6443 POST /api/v1/namespaces/default/pods/${POD}/portforward`,
      `node/master01 10.0.0.30:47658 > 10.0.0.31:10250 POST /portForward/default/${POD}`,
      `${P} 127.0.0.1:60465 > 127.0.0.1:8080`,
    ]);
    expect(nats(t)).toEqual([]);
    const accept = t.hops.find((h) => h.title.key === 'hop.pfAccept.title')!;
    expect(accept.title.params).toEqual({
      command: `kubectl port-forward ${POD} 8080:8080 --address 0.0.0.0`, listen: '0.0.0.0:8080', src: '10.0.0.31:50471', where: 'master01', local: 8080, output: 'Forwarding from 0.0.0.0:8080 -> 8080',
    });
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '10.0.0.30', sport: 8080, dst: '10.0.0.31', dport: 50471, flags: 'SYN,ACK' });
    expect([t.outcome, t.servedBy, t.sourceIpSeen, t.httpStatus, t.response?.statusLine, t.outcomeMessage]).toEqual([
      'served', { namespace: 'default', pod: POD, node: 'node01', ip: '10.244.1.2', port: 8080 }, '127.0.0.1', 404, 'HTTP/1.1 404 ',
      { key: 'outcome.servedRunningForward', params: { pod: POD, port: 8080, local: 8080, where: 'master01', listen: '10.0.0.30:8080' } },
    ]);
  });

  it('without --address kubectl listens on 127.0.0.1 and ::1 only: node01\'s curl is refused by master01\'s kernel', () => {
    const t = traceRequest(cluster, { from: 'node/node01', to: '10.0.0.30:8080', forwards: [onMaster()] });
    expect(steps(t).request.slice(-2)).toEqual(['node/master01 filter INPUT', 'node/master01 refuseNode @eth0']);
    expect(t.outcome).toBe('refused');
    // …while on master01 itself, curl 127.0.0.1:8080 goes through it.
    const local = traceRequest(cluster, { from: 'node/master01', to: '127.0.0.1:8080', forwards: [onMaster()] });
    expect(steps(local).request.slice(0, 9)).toEqual([
      'node/master01 sendNode', 'node/master01 chainJump OUTPUT', 'node/master01 chainJump KUBE-SERVICES', 'node/master01 chainEnd KUBE-NODEPORTS', 'node/master01 chainEnd KUBE-SERVICES',
      'node/master01 chainPolicy OUTPUT', 'node/master01 filter OUTPUT', 'node/master01 routeLocal', 'node/master01 pfAccept',
    ]);
    expect([local.outcome, local.httpStatus, local.hops.find((h) => h.title.key === 'hop.pfAccept.title')!.title.params!.listen]).toEqual(['served', 404, '127.0.0.1:8080']);
  });

  it('on the workstation: curl 127.0.0.1:8080 goes through lo to kubectl, which calls the API server across the LAN', () => {
    const t = traceRequest(cluster, { from: 'external', to: 'http://127.0.0.1:8080/', forwards: [{ on: 'external', target: POD, ports: ['8080:8080'] }] });
    expect(steps(t).request.slice(0, 6)).toEqual(['external/client send', 'external/client routeLocal', 'external/client pfAccept', 'external/client pfStream', 'external/client routeLink', 'lan wire']);
    expect(sends(t).slice(0, 2)).toEqual([
      'external/client 127.0.0.1:50471 > 127.0.0.1:8080 GET /',
      `external/client 10.0.0.1:32845 > 10.0.0.30:6443 POST /api/v1/namespaces/default/pods/${POD}/portforward`,
    ]);
    expect(steps(t).reply.slice(-4)).toEqual(['external/client arrive', 'external/client replyDelivered', 'external/client routeLocal', 'external/client replyDelivered']);
    expect([t.outcome, t.servedBy && 'pod' in t.servedBy ? t.servedBy.pod : '', t.sourceIpSeen]).toEqual(['served', POD, '127.0.0.1']);
  });

  it('a forward on another machine, another port, or to a pod that is gone listens nowhere here', () => {
    const to = (forwards: RunningForward[]) => traceRequest(cluster, { from: 'node/node01', to: '10.0.0.30:8080', forwards }).outcome;
    expect(to([{ ...onMaster(['0.0.0.0']), on: 'node/node02' }])).toBe('refused');
    expect(to([{ ...onMaster(['0.0.0.0']), ports: ['9090:8080'] }])).toBe('refused');
    expect(to([{ ...onMaster(['0.0.0.0']), target: 'deployment-tomcat-6f8bd9bbc5-zzzzz' }])).toBe('refused');
    // Saved data of any shape is skipped, never thrown on.
    expect(to([{ on: 'node/nowhere', target: POD, ports: ['8080'] }, null as unknown as RunningForward, { ...onMaster(['not-an-ip']) }])).toBe('refused');
  });

  it('the pod does not listen on the remote port: kubectl accepted the connection, the dial inside the pod is refused, kubectl says so', () => {
    const t = traceRequest(cluster, { from: 'node/node01', to: '10.0.0.30:8081', forwards: [{ ...onMaster(['0.0.0.0']), ports: ['8081:8081'] }] });
    expect(steps(t).request.slice(-3)).toEqual([`${P} pfKubelet`, `${P} routeLocal`, `${P} refusePod`]);
    expect([t.outcome, t.outcomeMessage]).toEqual(['refused', {
      key: 'outcome.kubectlError',
      params: { command: `kubectl port-forward ${POD} 8081:8081 --address 0.0.0.0`, error: 'an error occurred forwarding 8081 -> 8081: … dial tcp4 127.0.0.1:8081: connect: connection refused' },
    }]);
  });
});
