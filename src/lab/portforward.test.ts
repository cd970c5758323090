/**
 * Issue 19, item 1, in the kernel: article 003's `kubectl port-forward … --address 0.0.0.0`
 * runs as a process in master01's network namespace, the lab's API server and kubelet carry its
 * stream (plain HTTP upgrades where the real ones speak TLS and SPDY: the same connections for
 * the kernel), and the kubelet's runtime dials 127.0.0.1:8080 inside the pod's namespace. A
 * request from node01 to 10.0.0.30:8080 must land where the trace says, seen from 127.0.0.1.
 * Run with `PODPATH_LAB=1 npx vitest run src/lab/portforward.test.ts` as root.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster, traceRequest, type Cluster } from '../engine';
import { labScript } from '../engine/lab/script';
import type { RunningForward } from '../engine/trace/types';
import { portForwardLesson } from '../lessons/portforward';
import { labUnavailable, type KernelResult } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** port-forward kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);

const POD = 'deployment-tomcat-6f8bd9bbc5-9tdsh';
const cluster = buildCluster(portForwardLesson.yaml);
const onMaster = (addresses?: string[], ports = ['8080:8080']): RunningForward => ({ on: 'node/master01', target: POD, ports, ...(addresses ? { addresses } : {}) });

let down: (() => void) | undefined;
afterEach(() => {
  down?.();
  down = undefined;
});

/** The lab with the forwards running; `curl` sends one request from a place, as lab.sh request does. */
function startLab(c: Cluster, forwards: RunningForward[]) {
  const prefix = `pf${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'podpath-lab-'));
  const script = join(dir, 'lab.sh');
  writeFileSync(script, labScript(c, { prefix, forwards }));
  const sh = (...args: string[]) => execFileSync('sh', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  down = () => {
    try {
      sh('down');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  sh('up');
  return {
    curl(from: string, ip: string, port: number): KernelResult {
      const answer = JSON.parse(sh('request', from, ip, String(port)).trim()) as { body?: string; error?: string };
      return answer.error ? { error: answer.error } : JSON.parse(answer.body!);
    },
    exec: (target: string, ...words: string[]) => sh('exec', target, ...words),
  };
}

kernel('kubectl port-forward in the kernel (article 003)', () => {
  it('node01 → 10.0.0.30:8080 → kubectl on master01 → API server → kubelet → 127.0.0.1:8080 in the pod, as the trace says', () => {
    const forwards = [onMaster(['0.0.0.0'])];
    const trace = traceRequest(cluster, { from: 'node/node01', to: '10.0.0.30:8080', forwards });
    expect([trace.outcome, trace.servedBy, trace.sourceIpSeen]).toEqual(['served', { namespace: 'default', pod: POD, node: 'node01', ip: '10.244.1.2', port: 8080 }, '127.0.0.1']);
    const lab = startLab(cluster, forwards);
    // kubectl is a process of master01's namespace, listening on every address (ss: 0.0.0.0:8080).
    expect(lab.exec('node/master01', 'ss', '-Hltn', 'sport = :8080')).toMatch(/LISTEN\s+\d+\s+\d+\s+0\.0\.0\.0:8080\s/);
    expect(lab.curl('node/node01', '10.0.0.30', 8080)).toEqual({ pod: POD, namespace: 'default', node: 'node01', port: 8080, host: '127.0.0.1', from: '127.0.0.1' });
  });

  it('without --address the socket is 127.0.0.1 only: node01 is refused, as the trace says; master01 itself goes through, and so does the workstation\'s own', () => {
    const forwards: RunningForward[] = [onMaster(), { on: 'external', target: POD, ports: ['9090:8080'] }];
    expect(traceRequest(cluster, { from: 'node/node01', to: '10.0.0.30:8080', forwards }).outcome).toBe('refused');
    const lab = startLab(cluster, forwards);
    expect(lab.curl('node/node01', '10.0.0.30', 8080)).toEqual({ error: 'ECONNREFUSED' });
    expect(traceRequest(cluster, { from: 'node/master01', to: '127.0.0.1:8080', forwards }).servedBy).toMatchObject({ pod: POD });
    expect(lab.curl('node/master01', '127.0.0.1', 8080)).toMatchObject({ pod: POD, from: '127.0.0.1' });
    // The workstation: kubectl there calls the API server across the LAN.
    expect(traceRequest(cluster, { from: 'external', to: '127.0.0.1:9090', forwards }).servedBy).toMatchObject({ pod: POD });
    expect(lab.curl('external', '127.0.0.1', 9090)).toMatchObject({ pod: POD, from: '127.0.0.1' });
  });

  it('a remote port the pod does not listen on: kubectl took the connection and closes it (curl: empty reply)', () => {
    const forwards = [onMaster(['0.0.0.0'], ['8081:8081'])];
    const trace = traceRequest(cluster, { from: 'node/node01', to: '10.0.0.30:8081', forwards });
    expect([trace.outcome, trace.outcomeMessage.key]).toEqual(['refused', 'outcome.kubectlError']);
    const lab = startLab(cluster, forwards);
    expect(lab.curl('node/node01', '10.0.0.30', 8081)).toEqual({ error: 'ECONNRESET' });
  });
});
