/** The podpath command in-process: every subcommand, its JSON, its errors and exit statuses. */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { EXTERNAL_NAME, HEADLESS } from '../engine/api/fixtures';
import { memoryIo } from './io';
import { run } from './run';

const BAD_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: bad
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: 80
`;

async function podpath(line: string, files: Record<string, string> = {}, stdin = '') {
  const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml, ...files }, stdin);
  const code = await run(line.split(' ').filter((w) => w !== ''), io);
  return { code, out: io.out, err: io.err };
}

describe('podpath build', () => {
  it('summarises the cluster; exit 0 without errors', async () => {
    expect(await podpath('build -f lesson.yaml')).toEqual({
      code: 0,
      out: '3 nodes, 4 pods (4 Running), 3 services, 3 endpoint slices, 0 ingresses\nno problems\n',
      err: '',
    });
  });

  it('reports a rejected object with the API server\'s message at its line in its own file; exit 1', async () => {
    const r = await podpath('build -f lesson.yaml -f bad.yaml', { 'bad.yaml': BAD_SERVICE });
    expect(r.code).toBe(1);
    expect(r.out).toBe('3 nodes, 4 pods (4 Running), 3 services, 3 endpoint slices, 0 ingresses\n1 error, 0 other diagnostics\n');
    expect(r.err).toBe('bad.yaml:9:5: error: The Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767 [nodeport-out-of-range]\n');
  });

  it('--json: the diagnostics with severity, code, message, line, column and object', async () => {
    const r = await podpath('build --json -f -', {}, `${BAD_SERVICE}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n`);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      diagnostics: [
        { severity: 'warning', code: 'unsupported-kind', message: 'kind Secret is not simulated yet; it is ignored', line: 11, column: 1, object: 'Secret/default/s' },
        {
          severity: 'error',
          code: 'nodeport-out-of-range',
          message: 'The Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
          line: 9,
          column: 5,
          object: 'Service/default/bad',
        },
      ],
    });
  });

  it('reads a directory\'s manifests in name order', async () => {
    const r = await podpath('build --json -f dir', { 'dir/b.yaml': BAD_SERVICE, 'dir/a.yml': nodePortLesson.yaml, 'dir/notes.txt': 'x' });
    expect(JSON.parse(r.out).diagnostics.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([['nodeport-out-of-range', 9]]);
  });
});

describe('podpath get', () => {
  it('prints kubectl\'s table', async () => {
    expect(await podpath('get pods -f lesson.yaml')).toEqual({
      code: 0,
      out: `NAME                                  READY   STATUS    RESTARTS   AGE
my-nginx-deploment-55f596c87c-bzw22   1/1     Running   0          5m
my-nginx-deploment-55f596c87c-lpgt8   1/1     Running   0          5m
`,
      err: '',
    });
  });

  it('ages follow --now', async () => {
    expect((await podpath('get svc kubernetes -f lesson.yaml --now 2026-03-01T12:00:00Z')).out).toBe(`NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   59d
`);
  });

  it('-o yaml prints the object as the API server returns it', async () => {
    expect((await podpath('get svc my-nginx-deploment -o yaml -f lesson.yaml')).out).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: "2026-01-08T12:00:00Z"
  name: my-nginx-deploment
  namespace: default
  resourceVersion: "133614"
  uid: 0b583996-20a7-4bfa-8c67-67ec3dcc65f3
spec:
  clusterIP: 10.108.229.67
  clusterIPs:
  - 10.108.229.67
  externalTrafficPolicy: Cluster
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - nodePort: 31101
    port: 8001
    protocol: TCP
    targetPort: 80
  selector:
    app: my-nginx
  sessionAffinity: None
  type: NodePort
status:
  loadBalancer: {}
`);
  });

  it('-o json: a List with four-space indentation', async () => {
    expect((await podpath('get svc -o json -f en.yaml', { 'en.yaml': EXTERNAL_NAME })).out).toContain(`        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "creationTimestamp": "2026-01-08T12:00:00Z",
                "name": "my-db",
                "namespace": "default",
                "resourceVersion": "147219",
                "uid": "ee99ce5c-25a0-4c2c-b37f-0d0f648fc2b4"
            },
            "spec": {
                "externalName": "db.example.com",
                "sessionAffinity": "None",
                "type": "ExternalName"
            },
            "status": {
                "loadBalancer": {}
            }
        }
    ],
    "kind": "List",
    "metadata": {
        "resourceVersion": ""
    }
}
`);
  });

  it('says so, on stderr, when the YAML had errors, and still answers', async () => {
    const r = await podpath('get svc bad -f lesson.yaml -f bad.yaml', { 'bad.yaml': BAD_SERVICE });
    expect(r).toEqual({
      code: 1,
      out: '',
      err: 'Warning: the YAML has 1 error, shown by podpath build -f lesson.yaml -f bad.yaml\nError from server (NotFound): services "bad" not found\n',
    });
  });
});

describe('podpath iptables-save', () => {
  it('prints one table as iptables-save would, dated with the simulated now', async () => {
    const r = await podpath('iptables-save --node node01 -t filter -f lesson.yaml');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 3)).toEqual(['# Generated by iptables-save v1.8.7 on Thu Jan  8 12:05:00 2026', '*filter', ':INPUT ACCEPT [0:0]']);
    expect(r.out).toContain('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT\n');
  });

  it('--format restore: what kube-proxy hands to iptables-restore', async () => {
    const r = await podpath('iptables-save --node node01 -t filter --format restore -f lesson.yaml');
    expect(r.out).toBe(`*filter
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-FIREWALL - [0:0]
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
`);
  });

  it('names the node that does not exist', async () => {
    expect(await podpath('iptables-save --node node09 -f lesson.yaml')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): nodes "node09" not found\n' });
  });
});

describe('podpath dns', () => {
  const pod = 'my-nginx-deploment-55f596c87c-bzw22';

  it('walks the search list and prints the answer in dig\'s fields', async () => {
    expect((await podpath(`dns --from pod/${pod} --name kube-dns.kube-system -f lesson.yaml`)).out).toBe(`;; nameserver 10.96.0.10, search default.svc.cluster.local svc.cluster.local cluster.local, ndots:5
;; tried kube-dns.kube-system.default.svc.cluster.local  NXDOMAIN
;; tried kube-dns.kube-system.svc.cluster.local          NOERROR
;; status: NOERROR

;; ANSWER SECTION:
kube-dns.kube-system.svc.cluster.local.\t30\tIN\tA\t10.96.0.10
`);
  });

  it('--json: rcode, answer and every name tried', async () => {
    const r = await podpath('dns --from pod/web-0 --name _http._tcp.nginx-headless --type SRV --json -f h.yaml', { 'h.yaml': HEADLESS });
    expect(JSON.parse(r.out)).toEqual({
      rcode: 'NOERROR',
      answer: [
        { name: '_http._tcp.nginx-headless.default.svc.cluster.local.', type: 'SRV', ttl: 30, data: '0 50 80 web-0.nginx-headless.default.svc.cluster.local.' },
        { name: '_http._tcp.nginx-headless.default.svc.cluster.local.', type: 'SRV', ttl: 30, data: '0 50 80 web-1.nginx-headless.default.svc.cluster.local.' },
      ],
      tries: ['_http._tcp.nginx-headless.default.svc.cluster.local'],
    });
  });

  it('--json marks a name that leaves the cluster', async () => {
    const r = await podpath(`dns --from pod/${pod} --name www.example.com --json -f lesson.yaml`);
    // kubeadm's CoreDNS forwards it to /etc/resolv.conf, beyond the simulation: SERVFAIL.
    expect(JSON.parse(r.out)).toEqual({
      rcode: 'SERVFAIL',
      answer: [],
      tries: ['www.example.com.default.svc.cluster.local', 'www.example.com.svc.cluster.local', 'www.example.com.cluster.local', 'www.example.com'],
      upstream: true,
    });
  });

  it('names the pod that does not exist', async () => {
    expect(await podpath('dns --from pod/nope --name x -f lesson.yaml')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): pods "nope" not found\n' });
  });
});

describe('usage and errors', () => {
  it.each([
    ['frobnicate', 'error: unknown command "frobnicate" for "podpath"\nRun \'podpath --help\' for usage.\n'],
    ['get pods --bogus -f lesson.yaml', "error: unknown flag: --bogus\nSee 'podpath get --help' for usage.\n"],
    ['get pods -x', "error: unknown shorthand flag: 'x' in -x\nSee 'podpath get --help' for usage.\n"],
    ['iptables-save -f lesson.yaml', 'error: required flag(s) "node" not set\n'],
    ['get pods -f missing.yaml', 'error: the path "missing.yaml" does not exist\n'],
    ['get pods', 'error: must specify one or more -f FILE (- reads stdin)\n'],
    ['get nodes -f lesson.yaml --now yesterday', 'error: invalid --now "yesterday": give a time like 2026-01-08T12:05:00Z\n'],
  ])('podpath %s', async (line, err) => {
    expect(await podpath(line)).toEqual({ code: 1, out: '', err });
  });

  it('--help prints the command\'s own help on stdout', async () => {
    const r = await podpath('get --help');
    expect([r.code, r.err, r.out.split('\n')[0]]).toEqual([0, '', 'Print what kubectl get prints for the simulated cluster.']);
    expect((await podpath('--help')).out).toContain('  iptables-save  the iptables rules of one node\n');
  });

  it('no command: the usage on stderr, exit 1', async () => {
    const r = await podpath('');
    expect([r.code, r.out, r.err.split('\n')[0]]).toEqual([1, '', "podpath: a Kubernetes cluster's network, simulated from YAML."]);
  });
});

describe('podpath ipvsadm', () => {
  const IPVS = `${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n`;

  it('prints the node\'s IPVS table as ipvsadm -Ln does', async () => {
    const r = await podpath('ipvsadm --node node02 -f ipvs.yaml', { 'ipvs.yaml': IPVS });
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 7)).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  192.168.255.103:31101 rr',
      '  -> 10.244.1.2:80                Masq    1      0          0         ',
      '  -> 10.244.2.2:80                Masq    1      0          0         ',
      'TCP  10.96.0.1:443 rr',
    ]);
  });

  it('lists nothing in iptables mode, and says so for a node that does not exist', async () => {
    expect((await podpath('ipvsadm --node node01 -f lesson.yaml')).out).toBe('IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n');
    expect(await podpath('ipvsadm --node node9 -f lesson.yaml')).toMatchObject({ code: 1, err: 'Error from server (NotFound): nodes "node9" not found\n' });
  });
});

describe('a kubectl get -o yaml dump', () => {
  it('is read as its items: podpath get shows the dump\'s pods with their own IPs and nodes', async () => {
    const { readFileSync } = await import('node:fs');
    const dump = readFileSync(new URL('../engine/import/testdata/kubeadm-3node.yaml', import.meta.url), 'utf8');
    const r = await podpath('get pods -A -o wide -f dump.yaml', { 'dump.yaml': dump });
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(r.out.split('\n').slice(1, 3)).toEqual([
      'default        nginx-7854ff8877-hx5rz               1/1     Running   0          5m    10.244.1.4      k8s-worker1   <none>           <none>',
      'default        nginx-7854ff8877-wlq9p               1/1     Running   0          5m    10.244.2.7      k8s-worker2   <none>           <none>',
    ]);
  });
});
