/** `podpath port-forward`: kubectl's choice of pod and port, the lines it prints, its errors. */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { portForward } from '../engine/portforward';
import { nodePortLesson } from '../lessons/nodeport';
import { memoryIo } from './io';
import { run } from './run';

/** Seed 003's port-forward demo: tomcat without a declared port, three replicas. */
const TOMCAT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-tomcat
  namespace: default
spec:
  replicas: 3
  selector:
    matchLabels:
      app: tomcat
  template:
    metadata:
      name: pod-tomcat
      labels:
        app: tomcat
    spec:
      containers:
      - name: container-tomcat
        image: tomcat:9.0
      restartPolicy: Always
`;
const NAMED = `${nodePortLesson.yaml.replace('        - containerPort: 80\n', '        - name: http\n          containerPort: 80\n')}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: my-nginx
  ports:
  - name: https
    port: 443
    targetPort: http
`;

async function podpath(line: string, files: Record<string, string> = {}) {
  const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml, 'tomcat.yaml': TOMCAT, 'named.yaml': NAMED, ...files });
  const code = await run(line.split(' ').filter((w) => w !== ''), io);
  return { code, out: io.out, err: io.err };
}

describe('podpath port-forward', () => {
  it('prints what kubectl prints once it listens: the engine\'s choice, on 127.0.0.1 and [::1]', async () => {
    const engine = portForward(buildCluster(nodePortLesson.yaml), 'svc/my-nginx-deploment', '8001');
    const output = 'output' in engine ? engine.output : engine.error;
    expect(output).toBe('Forwarding from 127.0.0.1:8001 -> 80\nForwarding from [::1]:8001 -> 80\n');
    expect(await podpath('port-forward svc/my-nginx-deploment 8001 -f lesson.yaml')).toEqual({ code: 0, out: output, err: '' });
  });

  it('seed 003: a pod of the Deployment, --address 0.0.0.0', async () => {
    const pod = buildCluster(TOMCAT).pods.find((p) => p.name.startsWith('deployment-tomcat-'))!;
    expect(await podpath(`port-forward ${pod.name} 8080:8080 --address 0.0.0.0 -f tomcat.yaml`)).toEqual({ code: 0, out: 'Forwarding from 0.0.0.0:8080 -> 8080\n', err: '' });
  });

  it('several ports, each on every address, addresses sorted as client-go sorts them', async () => {
    const r = await podpath('port-forward deployment/my-nginx-deploment 8080:80 :80 --address localhost,10.19.21.23 -f lesson.yaml');
    const random = portForward(buildCluster(nodePortLesson.yaml), 'deployment/my-nginx-deploment', ':80');
    const local = 'local' in random ? random.local : 0;
    expect(local).toBeGreaterThanOrEqual(32768);
    expect(r).toEqual({
      code: 0,
      err: '',
      out: [
        'Forwarding from 10.19.21.23:8080 -> 80', 'Forwarding from 127.0.0.1:8080 -> 80', 'Forwarding from [::1]:8080 -> 80',
        `Forwarding from 10.19.21.23:${local} -> 80`, `Forwarding from 127.0.0.1:${local} -> 80`, `Forwarding from [::1]:${local} -> 80`, '',
      ].join('\n'),
    });
    expect((await podpath('port-forward deployment/my-nginx-deploment 0:80 -f lesson.yaml')).out).toBe(`Forwarding from 127.0.0.1:${local} -> 80\nForwarding from [::1]:${local} -> 80\n`);
  });

  it('translates a named Service port to the pod\'s named container port', async () => {
    expect((await podpath('port-forward svc/web 8443:https -f named.yaml')).out).toBe('Forwarding from 127.0.0.1:8443 -> 80\nForwarding from [::1]:8443 -> 80\n');
    // A named port alone becomes its number on both sides (translateServicePortToTargetPort).
    expect((await podpath('port-forward svc/web https --address ::1 -f named.yaml')).out).toBe('Forwarding from [::1]:443 -> 80\n');
    const pod = buildCluster(NAMED).pods.find((p) => p.namespace === 'default')!.name;
    expect((await podpath(`port-forward pod/${pod} http -f named.yaml`)).out).toBe('Forwarding from 127.0.0.1:80 -> 80\nForwarding from [::1]:80 -> 80\n');
  });

  it('--json: the pod with its node and IP, and the ports', async () => {
    const r = await podpath('port-forward deploy/my-nginx-deploment 8080:80 9090:80 -n default --json -f lesson.yaml');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(JSON.parse(r.out)).toEqual({
      pod: { namespace: 'default', name: 'my-nginx-deploment-55f596c87c-bzw22', node: 'node01', ip: '10.244.1.2' },
      ports: [{ local: 8080, remote: 80 }, { local: 9090, remote: 80 }],
      addresses: ['127.0.0.1', '::1'],
    });
  });

  it.each([
    ['port-forward deploy/my-nginx-deploment -f lesson.yaml', "error: TYPE/NAME and list of ports are required for port-forward\nSee 'podpath port-forward --help' for usage.\n"],
    ['port-forward pod/nope 80 -f lesson.yaml', 'Error from server (NotFound): pods "nope" not found\n'],
    ['port-forward svc/my-nginx-deploment 8001 -n kube-system -f lesson.yaml', 'Error from server (NotFound): services "my-nginx-deploment" not found\n'],
    ['port-forward frob/x 80 -f lesson.yaml', 'error: the server doesn\'t have a resource type "frob"\n'],
    ['port-forward svc/my-nginx-deploment 80 -f lesson.yaml', 'error: Service my-nginx-deploment does not have a service port 80\n'],
    ['port-forward svc/web 443 9090:http2 -f named.yaml', "error: Service 'web' does not have a named port 'http2'\n"],
    ['port-forward deploy/my-nginx-deploment abc:80 -f lesson.yaml', 'error: error parsing local port \'abc\': strconv.ParseUint: parsing "abc": invalid syntax\n'],
    ['port-forward deploy/my-nginx-deploment 70000:80 -f lesson.yaml', 'error: error parsing local port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n'],
    ['port-forward deploy/my-nginx-deploment 8080:70000 -f lesson.yaml', 'error: error parsing remote port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n'],
    ['port-forward deploy/my-nginx-deploment 8080:0 -f lesson.yaml', 'error: remote port must be > 0\n'],
    ['port-forward deploy/my-nginx-deploment 80 --address 300.1.1.1 -f lesson.yaml', 'error: 300.1.1.1 is not a valid IP\n'],
    ['port-forward deploy/my-nginx-deploment 80 --bogus -f lesson.yaml', "error: unknown flag: --bogus\nSee 'podpath port-forward --help' for usage.\n"],
  ])('podpath %s', async (line, err) => {
    expect(await podpath(line)).toEqual({ code: 1, out: '', err });
  });

  it('a pod that is not running: kubectl checks that after it resolved every port', async () => {
    const pending = nodePortLesson.yaml.replace('app: my-nginx\n    spec:', 'app: my-nginx\n    spec:\n      nodeSelector:\n        disk: ssd');
    expect(await podpath('port-forward deploy/my-nginx-deploment 80 -f p.yaml', { 'p.yaml': pending })).toEqual({
      code: 1, out: '', err: 'error: unable to forward port because pod is not running. Current status=Pending\n',
    });
  });
});
