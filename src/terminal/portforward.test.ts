/**
 * Issue 19, item 1, in the terminal: article 003's `kubectl port-forward … --address 0.0.0.0`
 * on master01 keeps running, node01's `curl 10.0.0.30:8080` goes through it to tomcat, kubectl
 * says "Handling connection for 8080", and the forward stops when its job is killed. The
 * cluster is the lesson's copy of the article's (master01 10.0.0.30, node01 10.0.0.31).
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { portForwardLesson } from '../lessons/portforward';
import { runCommand } from './shell';
import type { CommandResult, Shell, TerminalState } from './types';

const POD = 'deployment-tomcat-6f8bd9bbc5-9tdsh';
const BASE: TerminalState = { yaml: portForwardLesson.yaml, cluster: buildCluster(portForwardLesson.yaml), shell: { kind: 'external' } };
const MASTER: Shell = { kind: 'node', name: 'master01' };
const NODE01: Shell = { kind: 'node', name: 'node01' };
/** Tomcat 9's 404 page for `/`, as article 003's curl prints it (its first bytes). */
const TOMCAT_404 = '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title>';

/** Lines run in order, each in its place (the place picker between them), carrying what each changed. */
function session(lines: [Shell, string][]): CommandResult[] {
  let state = BASE;
  return lines.map(([shell, line]) => {
    const r = runCommand({ ...state, shell }, line);
    state = { ...state, ...(r.yaml ? { yaml: r.yaml, cluster: buildCluster(r.yaml) } : {}), ...(r.forwards ? { forwards: r.forwards } : {}), ...(r.conntrack ? { conntrack: r.conntrack } : {}), history: [...(state.history ?? []), line], status: r.exitCode };
    return r;
  });
}

describe('kubectl port-forward keeps running (article 003)', () => {
  const FORWARD = `kubectl port-forward ${POD} 8080:8080 --address 0.0.0.0`;

  it('master01 forwards 0.0.0.0:8080; node01 curls 10.0.0.30:8080 and gets tomcat\'s 404 through it', () => {
    const [start, curl] = session([[MASTER, FORWARD], [NODE01, 'curl 10.0.0.30:8080']]);
    expect([start.output, start.exitCode, start.notices]).toEqual([
      'Forwarding from 0.0.0.0:8080 -> 8080\n', 0,
      [{ key: 'terminal.notice.forwardJob', params: { job: 1, listen: '127.0.0.1:8080' } }],
    ]);
    // kubectl chose the pod and its port once: the forward holds them, and the command as typed.
    const running = { on: 'node/master01', target: `pod/${POD}`, ports: ['8080:8080'], addresses: ['0.0.0.0'], command: FORWARD };
    expect(start.forwards).toEqual([{ place: 'node/master01', job: 1, pid: 4101, command: FORWARD, forward: running }]);
    expect(curl.exitCode).toBe(0);
    expect(curl.output.startsWith(TOMCAT_404)).toBe(true);
    // kubectl's line goes to its own terminal, on master01: here a note says so.
    expect(curl.notices).toEqual([{ key: 'terminal.notice.forwardHandled', params: { where: 'master01', line: 'Handling connection for 8080' } }]);
    expect(curl.trace).toEqual({ from: 'node/node01', to: 'http://10.0.0.30:8080/', forwards: [running] });
  });

  it('on master01 itself the line is kubectl\'s own output, before curl\'s; jobs lists it; kill %1 stops it and node01 is refused again', () => {
    const r = session([
      [MASTER, FORWARD], [MASTER, 'curl -s 127.0.0.1:8080 | grep -c title'], [MASTER, 'jobs'], [MASTER, 'kill %1'], [MASTER, 'jobs'], [NODE01, 'curl 10.0.0.30:8080'], [MASTER, 'kill %1'],
    ]);
    // kubectl's line is on the screen, not in curl's pipe.
    expect(r[1].output).toBe('Handling connection for 8080\n1\n');
    expect(r[2].output).toBe(`[1]+  Running                 ${FORWARD} &\n`);
    expect([r[3].output, r[3].forwards]).toEqual([`[1]+  Terminated              ${FORWARD}\n`, []]);
    expect(r[4].output).toBe('');
    expect([r[5].output, r[5].exitCode]).toEqual(['curl: (7) Failed to connect to 10.0.0.30 port 8080 after 0 ms: Connection refused\n', 7]);
    expect([r[6].output, r[6].exitCode]).toEqual(['bash: kill: %1: no such job\n', 1]);
  });

  it('without --address kubectl listens on localhost only: node01 is refused, master01 is forwarded', () => {
    const r = session([[MASTER, `kubectl port-forward ${POD} 8080:8080`], [NODE01, 'curl 10.0.0.30:8080'], [MASTER, 'curl -s localhost:8080']]);
    expect(r[0].output).toBe('Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n');
    expect([r[1].output, r[1].exitCode, r[1].notices]).toEqual(['curl: (7) Failed to connect to 10.0.0.30 port 8080 after 0 ms: Connection refused\n', 7, undefined]);
    expect(r[2].output.startsWith(`Handling connection for 8080\n${TOMCAT_404}`)).toBe(true);
  });

  it('a second forward on a port the first holds fails as kubectl does; another port works beside it', () => {
    const r = session([
      [MASTER, FORWARD], [MASTER, `kubectl port-forward ${POD} 8080:8080`], [MASTER, `kubectl port-forward ${POD} 9090:8080`], [MASTER, 'jobs'], [MASTER, `${FORWARD} 9191:8080`],
    ]);
    // 0.0.0.0:8080 is IPv4 only: 127.0.0.1:8080 cannot be bound, [::1]:8080 can; for localhost
    // kubectl gives up only when both fail (listenOnPort's failureMode "all"), so it runs.
    expect([r[1].output, r[1].exitCode]).toEqual(['Forwarding from [::1]:8080 -> 8080\n', 0]);
    expect(r[2].output).toBe('Forwarding from 127.0.0.1:9090 -> 8080\nForwarding from [::1]:9090 -> 8080\n');
    expect(r[3].output).toBe(`[1]   Running                 ${FORWARD} &\n[2]-  Running                 kubectl port-forward ${POD} 8080:8080 &\n[3]+  Running                 kubectl port-forward ${POD} 9090:8080 &\n`);
    // An explicit address fails when any of its sockets does; 9191 still listens.
    expect([r[4].output, r[4].exitCode]).toEqual([
      'Forwarding from 0.0.0.0:9191 -> 8080\nUnable to listen on port 8080: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 0.0.0.0:8080: bind: address already in use]\n', 0,
    ]);
  });

  it('a port a node process holds (the kubelet\'s 10250) cannot be bound on that node', () => {
    const [r] = session([[MASTER, `kubectl port-forward ${POD} 10250:8080`]]);
    expect([r.output, r.exitCode, r.forwards]).toEqual([
      'Unable to listen on port 10250: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:10250: bind: address already in use'
      + ' unable to create listener: Error listen tcp6 [::1]:10250: bind: address already in use]\n'
      + 'error: unable to listen on any of the requested ports: [{10250 8080}]\n', 1, undefined,
    ]);
  });

  it('the pod does not listen on the remote port: curl gets an empty reply, as kubectl closes the connection', () => {
    const r = session([[MASTER, `kubectl port-forward ${POD} 8081:8081 --address 0.0.0.0`], [NODE01, 'curl 10.0.0.30:8081']]);
    expect([r[1].output, r[1].exitCode]).toEqual(['curl: (52) Empty reply from server\n', 52]);
  });

  it('deployment/NAME: kubectl picks a pod once; deleting that pod ends the forward ("lost connection to pod")', () => {
    const r = session([
      [MASTER, 'kubectl port-forward deployment/deployment-tomcat 8080:8080 --address 0.0.0.0'], [NODE01, 'curl -s 10.0.0.30:8080 | grep -c 404'],
      [MASTER, `kubectl delete pod ${POD}`], [MASTER, 'jobs'], [NODE01, 'curl 10.0.0.30:8080'],
    ]);
    expect(r[0].forwards?.[0].forward.target).toBe(`pod/${POD}`);
    expect(r[1].output).toBe('1\n');
    expect(r[2].output).toBe(`pod "${POD}" deleted\nerror: lost connection to pod\n[1]+  Exit 1                  kubectl port-forward deployment/deployment-tomcat 8080:8080 --address 0.0.0.0\n`);
    expect([r[2].forwards, r[3].output, r[4].exitCode]).toEqual([[], '', 7]);
  });

  it('kubectl is on the control plane only: node01 has no kubeconfig (and no kubectl)', () => {
    const [r] = session([[NODE01, FORWARD]]);
    expect([r.output, r.exitCode]).toEqual(['bash: kubectl: command not found\n', 127]);
  });
});
