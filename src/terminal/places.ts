/**
 * Where a shell runs and what is installed there. The outside host and the nodes are Ubuntu
 * 22.04 machines (the nodes' OS image in the API); inside a pod, the container image decides:
 * Debian-based images (nginx, httpd) have bash and dash, busybox and Alpine images have
 * BusyBox's ash and applets. Prompts are each shell's default: bash `\u@\h:\w\$ `, dash `# `,
 * BusyBox ash `\w \$ `.
 */
import { escapeTerminal } from '../engine/kubectl/escape';
import type { Cluster, PodInfo } from '../engine/model';
import type { Shell, ShellProgram } from './types';

/** The programs a place has, and the versions whose wording the terminal reproduces. */
export interface Toolbox {
  /** `7.81` (Ubuntu 22.04) or `7.88` (Debian 12 and later, whose texts curl 8 kept). */
  curl?: '7.81' | '7.88';
  wget?: 'gnu' | 'busybox';
  /** nslookup: bind9's (dnsutils) or BusyBox's. */
  nslookup?: 'bind' | 'busybox';
  dig?: boolean;
  /** ip, bridge, iptables, conntrack, ipvsadm: a node's root namespace. */
  netTools?: boolean;
  /** `ip` alone (BusyBox has an applet). */
  ip?: boolean;
  kubectl?: boolean;
  /** Ubuntu's sudo; the outside host's user may use it without a password, as a cloud image's default user may. */
  sudo?: boolean;
  /** The login shell and the shells `kubectl exec` may start. */
  shells: ShellProgram[];
}

export interface Place {
  /** `external`, `node/NAME` or `pod/NS/NAME`: also the key of its files. */
  key: string;
  kind: Shell['kind'];
  /** The hostname (`hostname` prints it; bash's prompt shows it). */
  hostname: string;
  tools: Toolbox;
  pod?: PodInfo;
  /** The shell reading the line. */
  program: ShellProgram;
  /**
   * The shell runs as root: a node's shell (root's, as the place picker opens it), a pod's (the
   * images run as root), the outside host's after `sudo -i`; `user` on the outside host.
   */
  root: boolean;
  /** A root shell `sudo` started: a login shell in /root, or one left in the user's directory. */
  sudo?: 'login' | 'shell';
}

const UBUNTU: Toolbox = { curl: '7.81', wget: 'gnu', nslookup: 'bind', dig: true, shells: ['bash', 'dash'] };

/** What an image ships, by its repository name. Unknown images are taken as Debian with curl. */
export function imageTools(image: string): Toolbox {
  const repo = image.replace(/[:@].*$/, '').split('/').at(-1) ?? '';
  const tag = /:([^/@]+)$/.exec(image)?.[1] ?? '';
  const busybox: Toolbox = { wget: 'busybox', nslookup: 'busybox', ip: true, shells: ['ash'] };
  if (repo === 'busybox' || repo === 'alpine') return busybox;
  if (repo === 'curl') return { ...busybox, curl: '7.88' }; // curlimages/curl: Alpine plus curl 8
  if (repo === 'netshoot') return { curl: '7.88', nslookup: 'bind', dig: true, ip: true, shells: ['bash', 'ash'] };
  if (repo === 'nginx' && tag.includes('alpine')) return { ...busybox, curl: '7.88' };
  if (repo === 'nginx') return { curl: '7.88', shells: ['bash', 'dash'] };
  if (repo === 'coredns' || repo === 'pause') return { shells: [] }; // distroless: no shell at all
  if (repo === 'controller' && image.includes('ingress-nginx')) return { ...busybox, curl: '7.88', shells: ['bash', 'ash'] };
  if (repo === 'httpd' && tag.includes('alpine')) return busybox;
  if (repo === 'httpd') return { shells: ['bash', 'dash'] };
  return { curl: '7.88', shells: ['bash', 'dash'] };
}

/** The program a shell name starts in an image: `sh` is dash on Debian, ash on BusyBox. */
export function shellProgram(tools: Toolbox, command: string): ShellProgram | undefined {
  const name = command.split('/').at(-1);
  if (name === 'bash') return tools.shells.includes('bash') ? 'bash' : undefined;
  if (name === 'sh') return tools.shells.includes('dash') ? 'dash' : tools.shells.includes('ash') ? 'ash' : undefined;
  if (name === 'ash') return tools.shells.includes('ash') ? 'ash' : undefined;
  return undefined;
}

export function findPod(cluster: Cluster, namespace: string, name: string): PodInfo | undefined {
  return cluster.pods.find((p) => p.namespace === namespace && p.name === name);
}

/** The container a pod shell runs in (the named one, else the first). */
export function containerImage(pod: PodInfo, container?: string, names: string[] = []): string {
  const i = container ? names.indexOf(container) : 0;
  return pod.images[i >= 0 ? i : 0] ?? '';
}

export function placeOf(cluster: Cluster, shell: Shell, containerNames: string[] = []): Place {
  if (shell.kind === 'external') {
    const host = cluster.externals[0]?.name ?? 'client';
    return { key: 'external', kind: 'external', hostname: host, tools: { ...UBUNTU, kubectl: true, sudo: true }, program: 'bash', root: shell.sudo !== undefined, sudo: shell.sudo };
  }
  if (shell.kind === 'node') {
    const node = cluster.nodes.find((n) => n.name === shell.name);
    // kubeadm leaves an admin kubeconfig on the control plane only.
    return { key: `node/${shell.name}`, kind: 'node', hostname: shell.name, tools: { ...UBUNTU, netTools: true, kubectl: node?.controlPlane ?? false, sudo: true }, program: 'bash', root: true, sudo: shell.sudo };
  }
  const pod = findPod(cluster, shell.namespace, shell.name);
  const tools = pod ? imageTools(containerImage(pod, shell.container, containerNames)) : { shells: [] };
  return {
    key: `pod/${shell.namespace}/${shell.name}`,
    kind: 'pod',
    // A hostNetwork pod sees its node's hostname.
    hostname: pod?.hostNetwork && pod.node ? pod.node : shell.name.slice(0, 63),
    tools,
    pod,
    program: shell.program ?? tools.shells[0] ?? 'bash',
    root: true,
  };
}

/** The prompt a shell prints before reading a line. */
export function promptOf(cluster: Cluster, shell: Shell): string {
  // Node, pod and host names come from the YAML; the prompt is written straight to xterm.js.
  return escapeTerminal(rawPrompt(cluster, shell));
}

function rawPrompt(cluster: Cluster, shell: Shell): string {
  if (shell.kind === 'external') {
    const host = cluster.externals[0]?.name ?? 'client';
    // bash's \w: root's home is ~ to root; the user's directory, where `sudo -s` stays, is not.
    if (shell.sudo === 'shell') return `root@${host}:/home/user# `;
    if (shell.sudo === 'login') return `root@${host}:~# `;
    return `user@${host}:~$ `;
  }
  if (shell.kind === 'node') return `root@${shell.name}:~# `;
  const place = placeOf(cluster, shell);
  if (place.program === 'dash') return '# ';
  if (place.program === 'ash') return '/ # ';
  return `root@${place.hostname}:/# `;
}

/** What the shell says about a program it cannot find (exit status 127). */
export function notFound(program: ShellProgram, command: string): string {
  if (program === 'dash') return `sh: 1: ${command}: not found\n`;
  if (program === 'ash') return `sh: ${command}: not found\n`;
  return `bash: ${command}: command not found\n`;
}
