/**
 * The terminal's commands over the default lesson (seeds 000, 002), whole outputs pinned.
 * Each expected text follows the real tool's source named in the module that prints it
 * (kubectl describe.go with Go's tabwriter, iptables.c print_firewall, iproute2, curl's
 * lib/connect.c, BusyBox wget/nslookup); the kubectl get tables are the engine's, pinned in
 * src/engine/kubectl/get.test.ts and matching seed 003's `kubectl get po -o wide` columns.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { nodePortLesson } from '../lessons/nodeport';
import { complete } from './complete';
import { runCommand } from './shell';
import type { CommandResult, Shell, TerminalState } from './types';

const BASE: TerminalState = { yaml: nodePortLesson.yaml, cluster: buildCluster(nodePortLesson.yaml), shell: { kind: 'external' } };
const POD = 'my-nginx-deploment-55f596c87c-bzw22';

/** Runs lines one after the other, carrying what each changed, as the panel does. */
function session(lines: string[], shell: Shell = { kind: 'external' }, start: TerminalState = BASE): { state: TerminalState; results: CommandResult[] } {
  let state: TerminalState = { ...start, shell };
  const results: CommandResult[] = [];
  for (const line of lines) {
    const r = runCommand(state, line);
    results.push(r);
    state = {
      ...state,
      ...(r.yaml ? { yaml: r.yaml, cluster: buildCluster(r.yaml) } : {}),
      ...(r.prompt ? { shell: r.prompt } : {}),
      ...(r.files ? { files: r.files } : {}),
      ...(r.conntrack ? { conntrack: r.conntrack } : {}),
      status: r.exitCode,
    };
  }
  return { state, results };
}
const run = (line: string, shell?: Shell) => {
  const r = session([line], shell).results[0];
  return [r.output, r.exitCode] as const;
};

describe('kubectl', () => {
  it('get svc', () => {
    expect(run('kubectl get svc')).toEqual([`NAME                 TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)          AGE
kubernetes           ClusterIP   10.96.0.1       <none>        443/TCP          7d
my-nginx-deploment   NodePort    10.108.229.67   <none>        8001:31101/TCP   5m
`, 0]);
  });

  it('describe svc: every field of describeService, aligned by the tabwriter', () => {
    expect(run('kubectl describe svc my-nginx-deploment')).toEqual([`Name:                     my-nginx-deploment
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=my-nginx
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.108.229.67
IPs:                      10.108.229.67
Port:                     <unset>  8001/TCP
TargetPort:               80/TCP
NodePort:                 <unset>  31101/TCP
Endpoints:                10.244.1.2:80,10.244.2.2:80
Session Affinity:         None
External Traffic Policy:  Cluster
Events:                   <none>
`, 0]);
  });

  it('describe pod: containers, conditions, volumes, tolerations and the kubelet\'s events', () => {
    const [out] = run(`kubectl describe pod ${POD}`);
    expect(out).toBe(`Name:             ${POD}
Namespace:        default
Priority:         0
Service Account:  default
Node:             node01/192.168.255.102
Start Time:       Thu, 08 Jan 2026 12:00:00 +0000
Labels:           app=my-nginx
                  pod-template-hash=55f596c87c
Annotations:      <none>
Status:           Running
IP:               10.244.1.2
IPs:
  IP:           10.244.1.2
Controlled By:  ReplicaSet/my-nginx-deploment-55f596c87c
Containers:
  nginx:
    Container ID:   containerd://e04deee8962e567a884dfd43c4c2e71591068b8c57c0fa2e1d50bcb983304ae0
    Image:          nginx:1.26
    Image ID:       docker.io/library/nginx@sha256:58b9711d783d5ba321b174c74a6841eafe8f701219a6e653422e9ba95786f036
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 08 Jan 2026 12:00:02 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-dcppd (ro)
Conditions:
  Type              Status
  Initialized       True 
  Ready             True 
  ContainersReady   True 
  PodScheduled      True 
Volumes:
  kube-api-access-dcppd:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  5m    default-scheduler  Successfully assigned default/${POD} to node01
  Normal  Pulled     5m    kubelet            Container image "nginx:1.26" already present on machine
  Normal  Created    5m    kubelet            Created container nginx
  Normal  Started    5m    kubelet            Started container nginx
`);
  });

  it('describe endpoints', () => {
    expect(run('kubectl describe ep my-nginx-deploment')[0]).toBe(`Name:         my-nginx-deploment
Namespace:    default
Labels:       <none>
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2026-01-08T12:00:02Z
Subsets:
  Addresses:          10.244.1.2,10.244.2.2
  NotReadyAddresses:  <none>
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  80    TCP

Events:  <none>
`);
  });

  it.each([
    ['kubectl gte pods', 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n', 1],
    ['kubectl get pods --foo', "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", 1],
    ['kubectl get pods -x', "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n", 1],
    ['kubectl get pods -o', "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n", 1],
    ['kubectl get nope', 'error: the server doesn\'t have a resource type "nope"\n', 1],
    ['kubectl get pod nope', 'Error from server (NotFound): pods "nope" not found\n', 1],
    ['kubectl scale deployment nope --replicas=1', 'Error from server (NotFound): deployments.apps "nope" not found\n', 1],
    ['kubectl scale deployment my-nginx-deploment', 'error: required flag(s) "replicas" not set\n', 1],
    ['kubectl expose deployment my-nginx-deploment --port=8001', 'Error from server (AlreadyExists): services "my-nginx-deploment" already exists\n', 1],
    [`kubectl exec ${POD} -- nslookup x`, 'error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "', 1],
  ])('%s', (line, text, code) => {
    const [out, exit] = run(line);
    expect(exit).toBe(code);
    if (line.includes('nslookup')) expect(out.startsWith(text) && out.endsWith('OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown\n')).toBe(true);
    else expect(out).toBe(text);
  });

  it('expose --dry-run=client -o yaml prints the Service kubectl generates (seed 000)', () => {
    expect(run('kubectl expose deployment my-nginx-deploment --port=8001 --target-port=80 --type=NodePort --dry-run=client -o yaml')).toEqual([`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  name: my-nginx-deploment
spec:
  ports:
  - port: 8001
    protocol: TCP
    targetPort: 80
  selector:
    app: my-nginx
  type: NodePort
status:
  loadBalancer: {}
`, 0]);
  });

  it('expose with a redirect writes the file, apply -f reads it back (the seed 000 workflow)', () => {
    const yaml = nodePortLesson.yaml.slice(0, nodePortLesson.yaml.indexOf('---\napiVersion: v1\nkind: Service'));
    const start = { ...BASE, yaml, cluster: buildCluster(yaml) };
    const { results, state } = session([
      'kubectl expose deployment my-nginx-deploment --port=8001 --target-port=80 --type=NodePort --dry-run=client -o yaml > my-nginx-svc.yaml',
      'kubectl apply -f my-nginx-svc.yaml',
      'kubectl apply -f my-nginx-svc.yaml',
    ], { kind: 'external' }, start);
    expect(results.map((r) => [r.output, r.exitCode])).toEqual([['', 0], ['service/my-nginx-deploment created\n', 0], ['service/my-nginx-deploment unchanged\n', 0]]);
    expect(state.cluster.services.find((s) => s.name === 'my-nginx-deploment')?.type).toBe('NodePort');
  });

  it('scale edits replicas in place and nothing else of the text', () => {
    const { results } = session(['kubectl scale deployment my-nginx-deploment --replicas=3 && kubectl get pods']);
    expect(results[0].yaml).toBe(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3'));
    expect(results[0].output).toBe(`deployment.apps/my-nginx-deploment scaled
NAME                                  READY   STATUS    RESTARTS   AGE
my-nginx-deploment-55f596c87c-bzw22   1/1     Running   0          5m
my-nginx-deploment-55f596c87c-lpgt8   1/1     Running   0          5m
my-nginx-deploment-55f596c87c-p7qjp   1/1     Running   0          5m
`);
  });

  it('apply -f - with a here-document adds the object; delete removes its document', () => {
    const { results, state } = session([
      'kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: busybox\nspec:\n  containers:\n  - name: busybox\n    image: busybox:1.36\nEOF',
      'kubectl delete pod busybox',
    ]);
    expect(results.map((r) => r.output)).toEqual(['pod/busybox created\n', 'pod "busybox" deleted\n']);
    expect(state.yaml).toBe(nodePortLesson.yaml);
  });

  it('delete of a Deployment\'s pod: the Deployment records it, its ReplicaSet makes a new pod with the next address', () => {
    const { results, state } = session([`kubectl delete pod ${POD}`, 'kubectl get pods -o wide', `kubectl delete pod my-nginx-deploment-55f596c87c-lpgt8`]);
    expect([results[0].output, results[0].exitCode]).toEqual([`pod "${POD}" deleted\n`, 0]);
    expect(results[0].yaml).toBe(nodePortLesson.yaml.replace('  name: my-nginx-deploment\nspec:\n  replicas', `  name: my-nginx-deploment\n  annotations:\n    podpath.dev/deleted-pods: ${POD}\nspec:\n  replicas`));
    const rows = results[1].output.split('\n').slice(1, 3).map((l) => l.split(/\s+/).slice(0, 7).join(' '));
    // The replacement lands on node01, which lost a pod, at the address after the last one given.
    expect(rows).toEqual([
      'my-nginx-deploment-55f596c87c-lpgt8 1/1 Running 0 5m 10.244.2.2 node02',
      'my-nginx-deploment-55f596c87c-qqhr5 1/1 Running 0 5m 10.244.1.3 node01',
    ]);
    expect(results[1].output).not.toContain(POD);
    // A second deletion joins the first in the same annotation.
    expect(state.yaml).toContain(`    podpath.dev/deleted-pods: ${POD}, my-nginx-deploment-55f596c87c-lpgt8\n`);
  });

  it('exec -it moves the shell into the pod; exit returns', () => {
    const { results, state } = session([`kubectl exec -it ${POD} -- /bin/bash`, 'hostname', 'exit']);
    expect(results.map((r) => r.output)).toEqual(['', `${POD}\n`, 'exit\n']);
    expect(results[0].prompt).toEqual({ kind: 'pod', namespace: 'default', name: POD, container: 'nginx', program: 'bash', parent: { kind: 'external' } });
    expect(state.shell).toEqual({ kind: 'external' });
  });

  it('port-forward prints kubectl\'s listener lines and returns the request to animate', () => {
    const r = session([`kubectl port-forward pod/${POD} 8080:80`]).results[0];
    expect([r.output, r.trace, r.forwards]).toEqual([
      'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n',
      { from: 'external', to: 'http://127.0.0.1:8080/', forwards: [{ on: 'external', target: `pod/${POD}`, ports: ['8080:80'], command: `kubectl port-forward pod/${POD} 8080:80` }] },
      [{ place: 'external', job: 1, pid: 4101, command: `kubectl port-forward pod/${POD} 8080:80`, forward: { on: 'external', target: `pod/${POD}`, ports: ['8080:80'], command: `kubectl port-forward pod/${POD} 8080:80` } }],
    ]);
  });
});

describe('curl, wget, nslookup', () => {
  it('curl to a node port: nginx\'s page, and the request for the canvas', () => {
    const r = session(['curl -s 192.168.255.102:31101 | grep title']).results[0];
    expect([r.output, r.exitCode, r.trace]).toEqual(['<title>Welcome to nginx!</title>\n', 0, { from: 'external', to: 'http://192.168.255.102:31101/' }]);
  });

  it('curl -I: nginx\'s headers', () => {
    expect(run('curl -I 192.168.255.102:31101')[0]).toBe('HTTP/1.1 200 OK\r\nServer: nginx/1.26.3\r\nDate: Thu, 08 Jan 2026 12:05:00 GMT\r\nContent-Type: text/html\r\nContent-Length: 615\r\nLast-Modified: Wed, 05 Feb 2025 11:06:32 GMT\r\nConnection: keep-alive\r\nETag: "67a34638-267"\r\nAccept-Ranges: bytes\r\n\r\n');
  });

  it('curl to a closed port: curl 7.81\'s words for a reset', () => {
    expect(run('curl 192.168.255.102:31999')).toEqual(['curl: (7) Failed to connect to 192.168.255.102 port 31999 after 0 ms: Connection refused\n', 7]);
  });

  it('curl to a name the outside host cannot resolve', () => {
    expect(run('curl http://my-nginx-deploment:8001/')).toEqual(['curl: (6) Could not resolve host: my-nginx-deploment\n', 6]);
  });

  it('curl options and usage errors', () => {
    expect(run('curl')).toEqual(["curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2]);
    expect(run('curl --foo x')).toEqual(["curl: option --foo: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2]);
  });

  it('BusyBox wget and nslookup from a busybox pod, by Service name (seed 001)', () => {
    const yaml = `${nodePortLesson.yaml}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: busybox\nspec:\n  containers:\n  - name: busybox\n    image: busybox:1.36\n`;
    const start = { ...BASE, yaml, cluster: buildCluster(yaml) };
    const { results } = session(['kubectl exec -it busybox -- sh', 'wget my-nginx-deploment:8001', 'wget my-nginx-deploment:8001', 'nslookup my-nginx-deploment', 'history'], { kind: 'external' }, start);
    expect(results.slice(1).map((r) => [r.output, r.exitCode])).toEqual([
      ["Connecting to my-nginx-deploment:8001 (10.108.229.67:8001)\nsaving to 'index.html'\nindex.html           100% |********************************|   615  0:00:00 ETA\n'index.html' saved\n", 0],
      ["Connecting to my-nginx-deploment:8001 (10.108.229.67:8001)\nwget: can't open 'index.html': File exists\n", 1],
      ['Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tmy-nginx-deploment.default.svc.cluster.local\nAddress: 10.108.229.67\n\n', 0],
      ['sh: history: not found\n', 127],
    ]);
  });
});

describe('a node\'s tools', () => {
  const node01: Shell = { kind: 'node', name: 'node01' };

  it('iptables -L: the SVC chain with its probability, as iptables prints it', () => {
    expect(run('iptables -t nat -L KUBE-SVC-O34RRTA663ZXJZ3Q -n --line-numbers', node01)[0]).toBe(`Chain KUBE-SVC-O34RRTA663ZXJZ3Q (2 references)
num  target     prot opt source               destination         
1    KUBE-MARK-MASQ  tcp  -- !10.244.0.0/16        10.108.229.67        /* default/my-nginx-deploment cluster IP */ tcp dpt:8001
2    KUBE-SEP-YKFFIOJ7GBPOZEYW  all  --  0.0.0.0/0            0.0.0.0/0            /* default/my-nginx-deploment -> 10.244.1.2:80 */ statistic mode random probability 0.50000000000
3    KUBE-SEP-KDCPXYTLRMIIBTDL  all  --  0.0.0.0/0            0.0.0.0/0            /* default/my-nginx-deploment -> 10.244.2.2:80 */
`);
  });

  it('iptables -L in userspace mode: the portal REDIRECT with its proxy port, the non-local node port accept', () => {
    const yaml = `${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n`;
    const state: TerminalState = { yaml, cluster: buildCluster(yaml), shell: { kind: 'external' } };
    const port = state.cluster.nodeDataplanes.find((d) => d.node === 'node01')!.userspace!.ports.find((p) => p.servicePort === 'default/my-nginx-deploment')!.proxyPort;
    const out = session(['iptables -t nat -L KUBE-PORTALS-CONTAINER -n'], node01, state).results[0].output;
    expect(out.split('\n').find((l) => l.includes('10.108.229.67'))).toBe(`REDIRECT   tcp  --  0.0.0.0/0            10.108.229.67        /* default/my-nginx-deploment */ tcp dpt:8001 redir ports ${port}`);
    const filter = session(['iptables -L KUBE-NODEPORT-NON-LOCAL -n'], node01, state).results[0].output;
    expect(filter).toContain(`ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            /* default/my-nginx-deploment */ tcp dpt:${port} state NEW`);
  });

  it('iptables errors', () => {
    expect(run('iptables -t nat', node01)).toEqual(["iptables v1.8.7 (nf_tables): no command specified\nTry `iptables -h' or 'iptables --help' for more information.\n", 2]);
    expect(run('iptables -t nat -L NOPE', node01)).toEqual(['iptables: No chain/target/match by that name.\n', 1]);
    expect(run('iptables -L')).toEqual(['iptables v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n', 4]);
  });

  it('iptables-save is the engine\'s rendering, dated with the simulated clock', () => {
    const [out] = run('iptables-save -t nat | head -2', node01);
    expect(out).toBe('# Generated by iptables-save v1.8.7 on Thu Jan  8 12:05:00 2026\n*nat\n');
  });

  it('ip route and bridge link', () => {
    expect(run('ip route', node01)[0]).toBe(`default via 192.168.255.2 dev eth0 
10.244.0.0/24 via 192.168.255.101 dev eth0 
10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1 
10.244.2.0/24 via 192.168.255.103 dev eth0 
192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102 
`);
    expect(run('bridge link', node01)[0]).toBe('4: vethc68de5d5@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master cbr0 state forwarding priority 32 cost 2 \n');
  });

  it('ip addr: the veth\'s host end, its pod\'s network namespace, link-local addresses', () => {
    const [out] = run('ip addr show dev vethc68de5d5', node01);
    expect(out).toBe(`4: vethc68de5d5@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cbr0 state UP group default
    link/ether f2:6a:fd:55:00:c2 brd ff:ff:ff:ff:ff:ff link-netns cni-28967888-8cac-1c58-dff8-80a38aaab867
    inet6 fe80::f06a:fdff:fe55:c2/64 scope link 
       valid_lft forever preferred_lft forever
`);
  });

  it('conntrack -L lists the flows the last curl left on the node it entered', () => {
    const { results } = session(['curl -s 192.168.255.102:31101 > /dev/null']);
    const state = { ...BASE, shell: node01, conntrack: results[0].conntrack };
    const r = runCommand(state, 'conntrack -L');
    // The seed-1 draw picks node01's own pod: DNAT to 10.244.1.2, MASQUERADE to cbr0's address.
    expect(r.output).toBe('tcp      6 118 TIME_WAIT src=192.168.255.1 dst=192.168.255.102 sport=50471 dport=31101 src=10.244.1.2 dst=10.244.1.1 sport=80 dport=35050 [ASSURED] mark=0 use=1\nconntrack v1.4.6 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(r.exitCode).toBe(0);
  });

  it('ipvsadm on an iptables-mode node: ip_vs loaded, no virtual servers', () => {
    expect(run('ipvsadm -Ln', node01)).toEqual(['IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n', 0]);
  });

  it('in IPVS mode: ipvsadm lists kube-proxy\'s virtual servers, and kube-ipvs0 holds the Service addresses, down', () => {
    const yaml = `${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n`;
    const ipvs: TerminalState = { yaml, cluster: buildCluster(yaml), shell: node01 };
    const table = runCommand(ipvs, 'ipvsadm -Ln').output.split('\n');
    expect(table.slice(0, 6)).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  192.168.255.102:31101 rr',
      '  -> 10.244.1.2:80                Masq    1      0          0         ',
      '  -> 10.244.2.2:80                Masq    1      0          0         ',
    ]);
    expect(runCommand(ipvs, 'ip addr show kube-ipvs0').output).toBe(`3: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default 
    link/ether fa:53:cb:04:ce:65 brd ff:ff:ff:ff:ff:ff
    inet 10.96.0.1/32 scope global kube-ipvs0
       valid_lft forever preferred_lft forever
    inet 10.96.0.10/32 scope global kube-ipvs0
       valid_lft forever preferred_lft forever
    inet 10.108.229.67/32 scope global kube-ipvs0
       valid_lft forever preferred_lft forever
`);
  });
});

describe('the shell', () => {
  it('prompts and not-found errors of bash, dash and BusyBox ash', () => {
    expect(run('kubeclt')).toEqual(['bash: kubeclt: command not found\n', 127]);
    expect(run('foo', { kind: 'pod', namespace: 'default', name: POD, program: 'dash' })).toEqual(['sh: 1: foo: not found\n', 127]);
  });

  it('&& stops at a failure, || runs on one; wc -l counts a pipe', () => {
    expect(run('false && echo no || echo yes')).toEqual(['yes\n', 0]);
    expect(run('kubectl get pods | wc -l')).toEqual(['3\n', 0]);
    expect(run('echo "a | b" \'c\'')).toEqual(['a | b c\n', 0]);
  });

  it('history, clear, hostname', () => {
    const { results } = session(['hostname', 'history']);
    expect(results[0].output).toBe('client\n');
    expect(runCommand({ ...BASE, history: ['hostname', 'history'] }, 'history').output).toBe('    1  hostname\n    2  history\n');
    expect(runCommand(BASE, 'clear').clear).toBe(true);
  });
});

describe('completion', () => {
  it('completes commands, kubectl verbs, resource types and pod names', () => {
    expect(complete(BASE, 'kube').line).toBe('kubectl ');
    expect(complete(BASE, 'kubectl ge').line).toBe('kubectl get ');
    expect(complete(BASE, 'kubectl get po').line).toBe('kubectl get pods ');
    expect(complete(BASE, 'kubectl exec -it my-nginx-deploment-55f596c87c-b').line).toBe(`kubectl exec -it ${POD} `);
    expect(complete(BASE, 'kubectl exec -it my').candidates).toEqual([POD, 'my-nginx-deploment-55f596c87c-lpgt8']);
  });
});
