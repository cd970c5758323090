/**
 * `kubectl get` over simulated clusters, whole outputs pinned: the default lesson, and one
 * fixture for each thing the seeds show (crash loop, Pending, LoadBalancer, headless,
 * ExternalName, a Service without selector, an Ingress). The clock is the default one: the
 * cluster is 7 days old, the YAML was applied 5 minutes ago.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { clusterApi, DEFAULT_CLOCK } from '../api/index';
import { CRASHLOOP, EXTERNAL_NAME, HEADLESS, INGRESS, LOAD_BALANCER, PENDING, SELECTORLESS } from '../api/fixtures';
import { buildCluster } from '../build';
import { parseManifests } from '../parse';
import { kubectlGet, type GetRequest } from './get';

/** `kubectl get` with a few of its flags, over the YAML's cluster. */
function kubectl(yaml: string, line: string) {
  const words = line.split(' ');
  const request: GetRequest = { resource: words.shift()!, names: [] };
  while (words.length > 0) {
    const w = words.shift()!;
    if (w === '-o') request.output = words.shift();
    else if (w === '-n') request.namespace = words.shift();
    else if (w === '-A') request.allNamespaces = true;
    else request.names!.push(w);
  }
  const api = clusterApi(buildCluster(yaml), parseManifests(yaml).objects);
  return kubectlGet(request, api, DEFAULT_CLOCK.now);
}

const stdout = (yaml: string, line: string) => kubectl(yaml, line).stdout;

describe('kubectl get on the default lesson', () => {
  const lesson = nodePortLesson.yaml;

  it('pods -A -o wide: the Deployment\'s two pods spread over the workers, CoreDNS on the control plane', () => {
    expect(stdout(lesson, 'pods -A -o wide')).toBe(`NAMESPACE     NAME                                  READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES
default       my-nginx-deploment-55f596c87c-bzw22   1/1     Running   0          5m    10.244.1.2   node01     <none>           <none>
default       my-nginx-deploment-55f596c87c-lpgt8   1/1     Running   0          5m    10.244.2.2   node02     <none>           <none>
kube-system   coredns-5dd5756b68-72jmm              1/1     Running   0          7d    10.244.0.3   master01   <none>           <none>
kube-system   coredns-5dd5756b68-ht8rn              1/1     Running   0          7d    10.244.0.2   master01   <none>           <none>
`);
  });

  it('services -A -o wide: the NodePort as 8001:31101/TCP, kubeadm\'s Services beside it', () => {
    expect(stdout(lesson, 'svc -A -o wide')).toBe(`NAMESPACE     NAME                 TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)                  AGE   SELECTOR
default       kubernetes           ClusterIP   10.96.0.1       <none>        443/TCP                  7d    <none>
default       my-nginx-deploment   NodePort    10.108.229.67   <none>        8001:31101/TCP           5m    app=my-nginx
kube-system   kube-dns             ClusterIP   10.96.0.10      <none>        53/UDP,53/TCP,9153/TCP   7d    k8s-app=kube-dns
`);
  });

  it('endpoints -A: at most three addresses, then "+ N more..."', () => {
    expect(stdout(lesson, 'ep -A')).toBe(`NAMESPACE     NAME                 ENDPOINTS                                               AGE
default       kubernetes           192.168.255.101:6443                                    7d
default       my-nginx-deploment   10.244.1.2:80,10.244.2.2:80                             5m
kube-system   kube-dns             10.244.0.2:53,10.244.0.3:53,10.244.0.2:53 + 3 more...   7d
`);
  });

  it('endpointslices -A: the controller\'s <service>-<5 chars>, the API server\'s own `kubernetes`', () => {
    expect(stdout(lesson, 'endpointslices -A')).toBe(`NAMESPACE     NAME                       ADDRESSTYPE   PORTS        ENDPOINTS               AGE
default       kubernetes                 IPv4          6443         192.168.255.101         7d
default       my-nginx-deploment-vgnjq   IPv4          80           10.244.1.2,10.244.2.2   5m
kube-system   kube-dns-nsqb4             IPv4          53,53,9153   10.244.0.2,10.244.0.3   7d
`);
  });

  it('nodes -o wide', () => {
    expect(stdout(lesson, 'nodes -o wide')).toBe(`NAME       STATUS   ROLES           AGE   VERSION    INTERNAL-IP       EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION       CONTAINER-RUNTIME
master01   Ready    control-plane   7d    v1.28.15   192.168.255.101   <none>        Ubuntu 22.04.5 LTS   5.15.0-126-generic   containerd://1.7.24
node01     Ready    <none>          7d    v1.28.15   192.168.255.102   <none>        Ubuntu 22.04.5 LTS   5.15.0-126-generic   containerd://1.7.24
node02     Ready    <none>          7d    v1.28.15   192.168.255.103   <none>        Ubuntu 22.04.5 LTS   5.15.0-126-generic   containerd://1.7.24
`);
  });

  it('several types at once: one table each, names prefixed with their kind', () => {
    expect(stdout(lesson, 'svc,ep my-nginx-deploment')).toBe(`NAME                         TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)          AGE
service/my-nginx-deploment   NodePort   10.108.229.67   <none>        8001:31101/TCP   5m

NAME                           ENDPOINTS                     AGE
endpoints/my-nginx-deploment   10.244.1.2:80,10.244.2.2:80   5m
`);
  });

  it('-o name', () => {
    expect(stdout(lesson, 'pods,endpointslices -n kube-system -o name')).toBe('pod/coredns-5dd5756b68-72jmm\npod/coredns-5dd5756b68-ht8rn\nendpointslice.discovery.k8s.io/kube-dns-nsqb4\n');
  });

  it('-o json: a List, keys sorted, four spaces; one name: the object itself', () => {
    const list = JSON.parse(stdout(lesson, 'svc -o json'));
    expect(list.kind).toBe('List');
    expect(list.metadata).toEqual({ resourceVersion: '' });
    expect(list.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['kubernetes', 'my-nginx-deploment']);
    const one = stdout(lesson, 'svc my-nginx-deploment -o json');
    expect(one.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Service",\n')).toBe(true);
    expect(JSON.parse(one).spec.ports).toEqual([{ nodePort: 31101, port: 8001, protocol: 'TCP', targetPort: 80 }]);
  });

  it('answers like kubectl when nothing matches, a name is missing, or a flag is wrong', () => {
    expect(kubectl(lesson, 'ingress')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(kubectl(lesson, 'pods -n prod')).toEqual({ stdout: '', stderr: 'No resources found in prod namespace.\n', exitCode: 0 });
    expect(kubectl(lesson, 'ing -A')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(kubectl(lesson, 'svc nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', exitCode: 1 });
    expect(kubectl(lesson, 'ing nope').stderr).toBe('Error from server (NotFound): ingresses.networking.k8s.io "nope" not found\n');
    expect(kubectl(lesson, 'foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(kubectl(lesson, 'pods x -A').stderr).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
    expect(kubectl(lesson, 'pods -o foo').stderr).toBe('error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-file,name,template,templatefile,wide,yaml\n');
  });
});

describe('kubectl get on focused clusters', () => {
  it('a hostNetwork pod that cannot bind its port: CrashLoopBackOff, restarts counted on the back-off clock', () => {
    expect(stdout(CRASHLOOP, 'pods -o wide')).toBe(`NAME                                 READY   STATUS             RESTARTS        AGE   IP                NODE     NOMINATED NODE   READINESS GATES
deployment-tomcat-6d64fcc546-9kssx   0/1     CrashLoopBackOff   4 (2m28s ago)   5m    192.168.255.102   node01   <none>           <none>
deployment-tomcat-6d64fcc546-ngc9h   1/1     Running            0               5m    192.168.255.102   node01   <none>           <none>
deployment-tomcat-6d64fcc546-x96wf   1/1     Running            0               5m    192.168.255.103   node02   <none>           <none>
`);
  });

  it('a pod no node can take stays Pending, with no IP and no node', () => {
    expect(stdout(PENDING, 'pods -o wide')).toBe(`NAME        READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES
wants-ssd   0/1     Pending   0          5m    <none>   <none>   <none>           <none>
`);
  });

  it('a LoadBalancer shows the address its MetalLB pool gave', () => {
    expect(stdout(LOAD_BALANCER, 'svc')).toBe(`NAME                 TYPE           CLUSTER-IP      EXTERNAL-IP       PORT(S)          AGE
kubernetes           ClusterIP      10.96.0.1       <none>            443/TCP          7d
my-nginx-deploment   LoadBalancer   10.108.229.67   192.168.255.240   8001:31101/TCP   5m
`);
  });

  it('without a pool the LoadBalancer is <pending>', () => {
    const lb = nodePortLesson.yaml.replace('  type: NodePort\n', '  type: LoadBalancer\n');
    expect(stdout(lb, 'svc my-nginx-deploment')).toBe(`NAME                 TYPE           CLUSTER-IP      EXTERNAL-IP   PORT(S)          AGE
my-nginx-deploment   LoadBalancer   10.108.229.67   <pending>     8001:31101/TCP   5m
`);
  });

  it('a headless Service: CLUSTER-IP None, its endpoints the pods themselves', () => {
    expect(stdout(HEADLESS, 'svc,ep,endpointslices nginx-headless')).toBe('NAME                     TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n'
      + 'service/nginx-headless   ClusterIP   None         <none>        80/TCP    5m\n\n'
      + 'NAME                       ENDPOINTS                     AGE\n'
      + 'endpoints/nginx-headless   10.244.1.2:80,10.244.2.2:80   5m\n');
    expect(stdout(HEADLESS, 'endpointslices')).toBe(`NAME                   ADDRESSTYPE   PORTS   ENDPOINTS               AGE
kubernetes             IPv4          6443    192.168.255.101         7d
nginx-headless-57h9q   IPv4          80      10.244.1.2,10.244.2.2   5m
`);
  });

  it('an ExternalName Service: no cluster IP, the name as EXTERNAL-IP, no endpoints', () => {
    expect(stdout(EXTERNAL_NAME, 'svc my-db')).toBe(`NAME    TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)   AGE
my-db   ExternalName   <none>       db.example.com   <none>    5m
`);
    expect(kubectl(EXTERNAL_NAME, 'ep my-db').stderr).toBe('Error from server (NotFound): endpoints "my-db" not found\n');
  });

  it('a Service without selector keeps the Endpoints written for it, mirrored into a slice', () => {
    expect(stdout(SELECTORLESS, 'ep,endpointslices')).toBe(`NAME                       ENDPOINTS              AGE
endpoints/external-mysql   192.168.255.50:3306    5m
endpoints/kubernetes       192.168.255.101:6443   7d

NAME                                                  ADDRESSTYPE   PORTS   ENDPOINTS         AGE
endpointslice.discovery.k8s.io/external-mysql-bq5rw   IPv4          3306    192.168.255.50    5m
endpointslice.discovery.k8s.io/kubernetes             IPv4          6443    192.168.255.101   7d
`);
  });

  it('an Ingress: the assumed ingress-nginx publishes the workers\' addresses, cut to 16 characters unless wide', () => {
    expect(stdout(INGRESS, 'ingress')).toBe(`NAME       CLASS    HOSTS               ADDRESS            PORTS   AGE
my-nginx   <none>   nginx.example.com   192.168.255.1...   80      5m
`);
    expect(stdout(INGRESS, 'ingress -o wide')).toBe(`NAME       CLASS    HOSTS               ADDRESS                           PORTS   AGE
my-nginx   <none>   nginx.example.com   192.168.255.102,192.168.255.103   80      5m
`);
  });

  it('a cordoned node: Ready,SchedulingDisabled; a node role from its label', () => {
    const yaml = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels:\n    node-role.kubernetes.io/worker: ""\nspec:\n  unschedulable: true\n';
    expect(stdout(yaml, 'nodes')).toBe(`NAME   STATUS                     ROLES    AGE   VERSION
n1     Ready,SchedulingDisabled   worker   7d    v1.28.15
`);
  });

  it('pods that are not ready are listed under notReadyAddresses: ENDPOINTS is empty, the slice still names them', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: never-ready
  labels:
    app: never
spec:
  containers:
  - name: app
    image: nginx:1.26
    readinessProbe:
      exec:
        command: ["false"]
---
apiVersion: v1
kind: Service
metadata:
  name: never
spec:
  selector:
    app: never
  ports:
  - port: 80
`;
    expect(stdout(yaml, 'pods,ep,endpointslices')).toBe(`NAME              READY   STATUS    RESTARTS   AGE
pod/never-ready   0/1     Running   0          5m

NAME                   ENDPOINTS              AGE
endpoints/kubernetes   192.168.255.101:6443   7d
endpoints/never                               5m

NAME                                         ADDRESSTYPE   PORTS   ENDPOINTS         AGE
endpointslice.discovery.k8s.io/kubernetes    IPv4          6443    192.168.255.101   7d
endpointslice.discovery.k8s.io/never-fnfm5   IPv4          80      10.244.1.2        5m
`);
  });
});
