/**
 * The image model: what the program in a container image does once the kubelet starts it.
 * Which ports it binds, in the order it binds them (and which failures kill it), and what it
 * answers an HTTP GET with (./answers.ts). Kubernetes knows none of this: a container's `ports`
 * are informational (k8s.io/api core/v1 `Container.Ports`), the program decides. So a
 * hostNetwork pod clashes on the ports its program binds, declared or not, and a Service's
 * targetPort reaches a process only if the program listens there.
 *
 * Images we know are recognised by their repository name; any other image is taken to listen
 * on the ports it declares and to answer as the kernel lab's server does (src/engine/lab/programs.ts).
 */
import { arr, num, obj, str, type Json } from '../fields';

/** One socket a program opens: `address` is the local address (0.0.0.0 is every address). */
export interface Bind {
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  address: string;
  /**
   * Whether the program dies when this bind fails ("address already in use"). Tomcat logs a
   * connector it cannot bind and goes on; it exits when its shutdown port is taken.
   */
  fatal: boolean;
}

export type ProgramKind =
  | 'nginx' | 'httpd' | 'tomcat' | 'agnhost-netexec' | 'serve-hostname' | 'busybox-httpd' | 'ingress-nginx' | 'declared';

/** A container's program as the model knows it: plain data, so it travels with the pod. */
export interface Program {
  kind: ProgramKind;
  image: string;
  /** Every socket it opens, in the order it opens them. */
  binds: Bind[];
  /** busybox httpd: the index page a shell command wrote into its home directory, if any. */
  index?: string;
}

const ANY = '0.0.0.0';
const LOOPBACK = '127.0.0.1';
const tcp = (port: number, address = ANY, fatal = true): Bind => ({ port, protocol: 'TCP', address, fatal });

/** The image without its tag or digest: `registry.k8s.io/e2e-test-images/agnhost:2.39` → `registry.k8s.io/e2e-test-images/agnhost`. */
export function repositoryOf(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
}

/** The value of a Go/cobra flag `--name=V`, `--name V`, `-name=V` or `-name V` in the words. */
function flag(words: string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    for (const dash of ['--', '-']) {
      if (w === `${dash}${name}`) return words[i + 1];
      if (w.startsWith(`${dash}${name}=`)) return w.slice(dash.length + name.length + 1);
    }
  }
  return undefined;
}

function intFlag(words: string[], name: string, fallback: number): number {
  const v = Number(flag(words, name));
  return Number.isInteger(v) && flag(words, name) !== undefined ? v : fallback;
}

/** command and args as words; a `sh -c SCRIPT` script is split on blanks too. */
function wordsOf(container: Json): string[] {
  return [...arr(container.command), ...arr(container.args)].map((w) => String(w)).flatMap((w) => w.split(/\s+/)).filter(Boolean);
}

/** The program the container runs. */
export function programOf(containerValue: unknown): Program {
  const container = obj(containerValue) ?? {};
  const image = str(container.image) ?? '';
  const repo = repositoryOf(image);
  const name = repo.split('/').at(-1) ?? '';
  const words = wordsOf(container);
  if (/(^|\/)ingress-nginx\/controller$/.test(repo)) {
    // cmd/nginx/flags.go (kubernetes/ingress-nginx): the controller checks its ports in this order
    // and stops with "port N is already in use. Please check the flag --http-port" (…); defaults
    // --http-port 80, --https-port 443, --default-server-port 8181, --status-port 10246,
    // --stream-port 10247, --profiler-port 10245 (the last three on 127.0.0.1 in nginx.tmpl), and
    // the Go health and metrics server on --healthz-port 10254.
    return {
      kind: 'ingress-nginx', image, binds: [
        tcp(intFlag(words, 'http-port', 80)), tcp(intFlag(words, 'https-port', 443)), tcp(intFlag(words, 'default-server-port', 8181)),
        tcp(intFlag(words, 'status-port', 10246), LOOPBACK), tcp(intFlag(words, 'stream-port', 10247), LOOPBACK),
        tcp(intFlag(words, 'profiler-port', 10245), LOOPBACK), tcp(intFlag(words, 'healthz-port', 10254)),
      ],
    };
  }
  // The official nginx image: /etc/nginx/conf.d/default.conf has `listen 80;` (nginxinc/docker-nginx).
  if (name === 'nginx') return { kind: 'nginx', image, binds: [tcp(80)] };
  // The official httpd image: conf/httpd.conf has `Listen 80` (docker-library/httpd).
  if (name === 'httpd') return { kind: 'httpd', image, binds: [tcp(80)] };
  if (name === 'tomcat') {
    // conf/server.xml: the HTTP/1.1 Connector on 8080, and <Server port="8005" shutdown="SHUTDOWN">.
    // The connector binds first, in Catalina.load() (bindOnInit); a failure there is logged
    // (catalina.initError) and Tomcat goes on. Then Catalina.start() calls await(), and
    // StandardServer.await() opens the shutdown socket on localhost:8005: if that fails
    // ("Failed to create server shutdown socket on address [localhost] and port [8005]",
    // java.net.BindException: Address already in use) await() returns and Catalina stops: the
    // container exits. This is the line article 003's `kubectl logs` shows.
    // (apache/tomcat java/org/apache/catalina/startup/Catalina.java, core/StandardServer.java)
    return { kind: 'tomcat', image, binds: [tcp(8080, ANY, false), tcp(8005, LOOPBACK)] };
  }
  if (name === 'agnhost' && words.includes('netexec')) {
    // test/images/agnhost/netexec/netexec.go: --http-port 8080, --udp-port 8081 (-1: none),
    // --sctp-port -1. Both listeners log.Fatal on a bind error. The UDP server starts in a
    // goroutine; the HTTP listener in main binds first in practice.
    const http = intFlag(words, 'http-port', 8080);
    const udp = intFlag(words, 'udp-port', 8081);
    const sctp = intFlag(words, 'sctp-port', -1);
    return {
      kind: 'agnhost-netexec', image, binds: [
        tcp(http),
        ...(udp !== -1 ? [{ port: udp, protocol: 'UDP' as const, address: ANY, fatal: true }] : []),
        ...(sctp !== -1 ? [{ port: sctp, protocol: 'SCTP' as const, address: ANY, fatal: true }] : []),
      ],
    };
  }
  if (name === 'serve_hostname' || name === 'serve-hostname' || (name === 'agnhost' && words.includes('serve-hostname'))) {
    // test/images/serve-hostname (and agnhost serve-hostname): -http true, -port 9376.
    return { kind: 'serve-hostname', image, binds: [tcp(intFlag(words, 'port', 9376))] };
  }
  if (name === 'busybox' && words.includes('httpd')) {
    // busybox networking/httpd.c: `-p [IP:]PORT` (default 80), `-h HOME` (default .).
    const p = flag(words, 'p') ?? '80';
    const [address, port] = p.includes(':') ? [p.slice(0, p.lastIndexOf(':')), p.slice(p.lastIndexOf(':') + 1)] : [ANY, p];
    const home = (flag(words, 'h') ?? '.').replace(/\/$/, '');
    const script = [...arr(container.command), ...arr(container.args)].map(String).join(' ');
    const index = new RegExp(`echo\\s+(['"]?)(.*?)\\1\\s*>\\s*${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/index\\.html`).exec(script);
    return { kind: 'busybox-httpd', image, binds: [tcp(Number(port) || 80, address)], ...(index ? { index: `${index[2]}\n` } : {}) };
  }
  return {
    kind: 'declared', image,
    binds: arr(container.ports).map((p) => obj(p) ?? {}).flatMap((p) => {
      const port = num(p.containerPort);
      return port === undefined ? [] : [{ port, protocol: (str(p.protocol) ?? 'TCP') as Bind['protocol'], address: ANY, fatal: true }];
    }),
  };
}

/** The programs of a pod spec's containers, in the order the kubelet starts them. */
export function programsOf(spec: Json): Program[] {
  return arr(spec.containers).map(programOf);
}

/** Whether two local addresses of one protocol and port overlap: a wildcard takes them all. */
export function overlaps(a: string, b: string): boolean {
  return a === b || a === ANY || b === ANY || a === '' || b === '' || a === '::' || b === '::';
}

/** Whether a socket bound there can be reached from another host (not the loopback). */
export function reachable(bind: Bind): boolean {
  return !bind.address.startsWith('127.') && bind.address !== '::1';
}
