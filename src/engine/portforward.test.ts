/** `kubectl port-forward` (seed 003): which pod and port, kubectl's errors, and the path. */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { buildCluster } from './build';
import { portForward } from './portforward';
import { traceRequest } from './trace/trace';

const extra = `---
apiVersion: v1
kind: Service
metadata:
  name: out-ng
spec:
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: named
spec:
  selector:
    app: my-nginx
  ports:
  - name: web
    port: 8080
    targetPort: http
---
apiVersion: v1
kind: Service
metadata:
  name: headless
spec:
  clusterIP: None
  selector:
    app: my-nginx
  ports:
  - port: 8001
    targetPort: 80
`;
const cluster = buildCluster(nodePortLesson.yaml + extra);
const forward = (target: string, ports: string, ns?: string) => {
  const r = portForward(cluster, target, ports, ns);
  return 'error' in r ? r.error : `${r.pod.name} ${r.local}->${r.remote}`;
};

describe('kubectl port-forward', () => {
  it('forwards to a pod, or to the first pod of a Deployment or Service, translating the Service port', () => {
    expect(forward('pod/my-nginx-deploment-55f596c87c-lpgt8', '8080:80')).toBe('my-nginx-deploment-55f596c87c-lpgt8 8080->80');
    expect(forward('my-nginx-deploment-55f596c87c-lpgt8', '80')).toBe('my-nginx-deploment-55f596c87c-lpgt8 80->80');
    expect(forward('deployment/my-nginx-deploment', '8080:80')).toBe('my-nginx-deploment-55f596c87c-bzw22 8080->80');
    // The Service port 8001 becomes the targetPort 80; the local port stays 8001.
    expect(forward('svc/my-nginx-deploment', '8001')).toBe('my-nginx-deploment-55f596c87c-bzw22 8001->80');
    expect(portForward(cluster, 'svc/my-nginx-deploment', '8001')).toMatchObject({ output: 'Forwarding from 127.0.0.1:8001 -> 80\nForwarding from [::1]:8001 -> 80\n' });
  });

  it('forwards to a headless Service\'s port itself, ignoring targetPort, as kubectl\'s LookupContainerPortNumberByServicePort does', () => {
    expect(forward('svc/headless', '9000:8001')).toBe('my-nginx-deploment-55f596c87c-bzw22 9000->8001');
    // Nothing listens on 8001 in the pod: the forward is refused inside it, as on a real cluster.
    const trace = traceRequest(cluster, { from: 'external', to: 'http://127.0.0.1:9000/', portForward: { target: 'svc/headless', ports: '9000:8001' } });
    expect(trace.outcome).toBe('refused');
  });

  it('prints kubectl\'s errors', () => {
    expect(forward('svc/nope', '80')).toBe('Error from server (NotFound): services "nope" not found');
    expect(forward('deploy/nope', '80')).toBe('Error from server (NotFound): deployments.apps "nope" not found');
    expect(forward('pods/nope', '80')).toBe('Error from server (NotFound): pods "nope" not found');
    expect(forward('frobs/x', '80')).toBe('error: the server doesn\'t have a resource type "frobs"');
    expect(forward('svc/out-ng', '80')).toBe('error: cannot attach to *v1.Service: invalid service \'out-ng\': Service is defined without a selector');
    expect(forward('svc/my-nginx-deploment', '80')).toBe('error: Service my-nginx-deploment does not have a service port 80');
    // A named targetPort the pod does not declare.
    expect(forward('svc/named', '8080')).toBe('error: Pod \'my-nginx-deploment-55f596c87c-bzw22\' does not have a named port \'http\'');
    expect(forward('svc/my-nginx-deploment', 'http')).toBe('error: Service \'my-nginx-deploment\' does not have a named port \'http\'');
    expect(forward('svc/my-nginx-deploment', '8001', 'kube-system')).toBe('Error from server (NotFound): services "my-nginx-deploment" not found');
  });

  it('refuses a pod that is not running, and waits in vain for a workload without pods', () => {
    const pending = buildCluster(nodePortLesson.yaml.replace('app: my-nginx\n    spec:', 'app: my-nginx\n    spec:\n      nodeSelector:\n        disk: ssd'));
    const pod = pending.pods.find((p) => p.namespace === 'default')!;
    expect(portForward(pending, `pod/${pod.name}`, '80')).toEqual({ error: 'error: unable to forward port because pod is not running. Current status=Pending' });
    const none = buildCluster(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 0'));
    expect(portForward(none, 'deployment/my-nginx-deploment', '80')).toEqual({ error: 'error: timed out waiting for the condition' });
  });

  it('walks workstation → API server :6443 → kubelet :10250 → 127.0.0.1 inside the pod, with no Service rule', () => {
    const t = traceRequest(cluster, { from: 'external', to: '', portForward: { target: 'deployment/my-nginx-deploment', ports: '8080:80' } });
    expect(t.outcome).toBe('served');
    expect(t.servedBy).toEqual({ namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-bzw22', node: 'node01', ip: '10.244.1.2', port: 80 });
    expect(t.sourceIpSeen).toBe('127.0.0.1');
    const keys = t.hops.map((h) => h.title.key);
    const at = (key: string) => keys.indexOf(key);
    expect(t.hops[at('hop.deliverDaemon.title')].title.params).toMatchObject({ process: 'kube-apiserver', port: 6443, node: 'master01' });
    expect(t.hops[keys.lastIndexOf('hop.deliverDaemon.title')].title.params).toMatchObject({ process: 'kubelet', port: 10250, node: 'node01' });
    expect(at('hop.pfKubectl.title')).toBeLessThan(at('hop.pfApiserver.title'));
    expect(at('hop.pfApiserver.title')).toBeLessThan(at('hop.pfKubelet.title'));
    expect(t.hops.some((h) => h.netfilter?.chain.startsWith('KUBE-SVC-'))).toBe(false);
    expect(t.hops.at(-1)).toMatchObject({ at: 'external/client', after: { src: '192.168.255.101', sport: 6443 } });
  });

  it('is refused inside the pod when nothing listens on the remote port', () => {
    const t = traceRequest(cluster, { from: 'external', to: '', portForward: { target: 'pod/my-nginx-deploment-55f596c87c-lpgt8', ports: '9090:8080' } });
    expect(t.outcome).toBe('refused');
    expect(t.hops.find((h) => h.kind === 'refuse')).toMatchObject({ at: 'pod/default/my-nginx-deploment-55f596c87c-lpgt8', title: { params: { port: 8080 } } });
  });
});
