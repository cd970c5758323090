/**
 * `podpath trace --port-forward`: issue 19, item 1, from the command line. Article 003's
 * kubectl runs on master01 (10.0.0.30) with `--address 0.0.0.0`; node01 (10.0.0.31) curls
 * 10.0.0.30:8080 and reaches tomcat through it. The cluster is the lesson's copy of the article's.
 */
import { describe, expect, it } from 'vitest';
import { portForwardLesson } from '../lessons/portforward';
import { memoryIo } from './io';
import { run } from './run';

const POD = 'deployment-tomcat-6f8bd9bbc5-9tdsh';

async function podpath(argv: string[]) {
  const io = memoryIo({ 'pf.yaml': portForwardLesson.yaml });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}
const trace = (...forwards: string[]) => podpath(['trace', '--from', 'node/node01', '--to', '10.0.0.30:8080', '-f', 'pf.yaml', ...forwards.flatMap((f) => ['--port-forward', f])]);

describe('podpath trace --port-forward', () => {
  it('text: the running forward, kubectl taking the connection on master01, the three streams, tomcat\'s 404', async () => {
    const { code, out, err } = await trace(`${POD} 8080:8080 --address 0.0.0.0 --on master01`);
    expect([code, err]).toEqual([0, '']);
    const lines = out.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Request: node/node01 → 10.0.0.30:8080 (seed 1)',
      `Running on node/master01: kubectl port-forward ${POD} 8080:8080 --address 0.0.0.0`,
    ]);
    const titles = lines.filter((l) => /^\s*\d+ {2}/.test(l)).map((l) => l.replace(/^\s*\d+ {2}\S+\s+/, ''));
    expect(titles.filter((t) => /kubectl|API server|runtime|accepts|127\.0\.0\.1/.test(t))).toEqual([
      'kubectl port-forward accepts on 0.0.0.0:8080',
      'kubectl on master01 → API server 10.0.0.30:6443',
      'kube-apiserver accepts on :6443',
      'API server → kubelet on node01',
      'kubelet accepts on :10250',
      `runtime dials 127.0.0.1:8080 inside ${POD}`,
      // Inside the pod, on its loopback; and tomcat's answer back the same way.
      'route: 127.0.0.1 is local (lo)',
      'route: 127.0.0.1 is local (lo)',
    ]);
    expect(lines[lines.findIndex((l) => l.includes('kubectl port-forward accepts on')) + 1].trim()).toBe('kubectl: Handling connection for 8080');
    expect(out).toContain('Outcome: served (HTTP 404, source seen 127.0.0.1)\n  Forwarded: kubectl port-forward on master01 took the connection on 10.0.0.30:8080 and streamed it\n  to deployment-tomcat-6f8bd9bbc5-9tdsh on port 8080; the pod sees 127.0.0.1.\n');
  });

  it('--json: the forwards in the request, the hops kubectl, the API server and the kubelet add', async () => {
    const { code, out } = await trace(`pod/${POD} 8080:8080 --address=0.0.0.0 --on node/master01`, `${POD} 9090:8080`);
    const j = JSON.parse((await podpath(['trace', '--json', '--from', 'node/node01', '--to', '10.0.0.30:8080', '-f', 'pf.yaml', '--port-forward', `pod/${POD} 8080:8080 --address=0.0.0.0 --on node/master01`, '--port-forward', `${POD} 9090:8080`])).out);
    expect(code).toBe(0);
    expect(out).toContain('Running on external: kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 9090:8080\n');
    expect(j.request).toEqual({
      from: 'node/node01', to: '10.0.0.30:8080', seed: 1,
      portForwards: [`node/master01: kubectl port-forward pod/${POD} 8080:8080 --address 0.0.0.0`, `external: kubectl port-forward ${POD} 9090:8080`],
    });
    expect([j.outcome, j.httpStatus, j.sourceIpSeen, j.servedBy]).toEqual(['served', 404, '127.0.0.1', { namespace: 'default', pod: POD, node: 'node01', ip: '10.244.1.2', port: 8080 }]);
    expect(j.hops.filter((h: { action: string }) => h.action === 'send').map((h: { at: string; key: string }) => `${h.at} ${h.key}`)).toEqual([
      'node/node01 hop.sendNode', 'node/master01 hop.pfStream', 'node/master01 hop.pfApiserver', `pod/default/${POD} hop.pfKubelet`,
    ]);
  });

  it('without --address (localhost) node01 is refused; a forward kubectl cannot start is its error', async () => {
    const refused = await trace(`${POD} 8080:8080 --on master01`);
    expect([refused.code, refused.out.includes('Outcome: refused')]).toEqual([0, true]);
    expect(await trace('deployment-tomcat-6f8bd9bbc5-zzzzz 8080 --on master01')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): pods "deployment-tomcat-6f8bd9bbc5-zzzzz" not found\n' });
    expect(await trace(`${POD} 8080 --address nowhere --on master01`)).toEqual({ code: 1, out: '', err: 'error: nowhere is not a valid IP\n' });
    expect(await trace(`${POD} 8080 --on node9`)).toEqual({ code: 1, out: '', err: `error: --port-forward "${POD} 8080 --on node9": no node "node9": --on takes external or a node's name\nSee 'podpath trace --help' for usage.\n` });
    expect(await trace(`${POD} --on master01`)).toEqual({ code: 1, out: '', err: `error: --port-forward "${POD} --on master01": TYPE/NAME and list of ports are required\nSee 'podpath trace --help' for usage.\n` });
    expect(await trace(`${POD} 8080 --bind 0.0.0.0`)).toEqual({ code: 1, out: '', err: `error: --port-forward "${POD} 8080 --bind 0.0.0.0": unknown flag: --bind\nSee 'podpath trace --help' for usage.\n` });
  });
});
