/**
 * `podpath port-forward TYPE/NAME [LOCAL:]REMOTE...`: the pod and port `kubectl port-forward`
 * would forward to, and the lines it prints once it listens, or the error it prints. The
 * choice of pod and the Service-port translation are the engine's (src/engine/portforward.ts);
 * here are what kubectl's command and client-go add around it: several ports, `--address`,
 * and the checks client-go makes on the ports after the pod is found
 * (staging/src/k8s.io/client-go/tools/portforward/portforward.go: parsePorts,
 * parseAddresses, getListener).
 */
import { portForward, type PortForward } from '../../engine/portforward';
import type { RunningForward } from '../../engine/trace/types';
import { UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { load, warnRejected } from '../load';

export const PORT_FORWARD_OPTIONS = {
  namespace: { type: 'string', short: 'n' },
  address: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIpv4 = (s: string) => IPV4.test(s) && s.split('.').every((x) => Number(x) <= 255);
function isIpv6(s: string): boolean {
  if (!/^[0-9a-f:]+$/i.test(s) || s.split('::').length > 2) return false;
  const groups = s.split(':').filter((g) => g !== '');
  return groups.every((g) => g.length <= 4) && (s.includes('::') ? groups.length < 8 : groups.length === 8);
}

/** parseAddresses: localhost is 127.0.0.1 and ::1; the list is sorted as strings. */
function addressesOf(values: string[]): string[] {
  const parsed = new Set<string>();
  for (const a of values.flatMap((v) => v.split(','))) {
    if (a === 'localhost') parsed.add('127.0.0.1').add('::1');
    else if (isIpv4(a) || isIpv6(a)) parsed.add(a);
    else throw new UsageError(`error: ${a} is not a valid IP`);
  }
  return [...parsed].sort();
}

/** kubectl's splitPort: `L:R` is a pair; anything else is the first part, twice. */
function splitPort(spec: string): [string, string] {
  const parts = spec.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

const uint16 = (what: string, text: string) => {
  const reason = !/^\d+$/.test(text) ? 'invalid syntax' : Number(text) > 65535 ? 'value out of range' : '';
  return reason ? `error: error parsing ${what} port '${text}': strconv.ParseUint: parsing "${text}": ${reason}` : undefined;
};

/** The checks parsePorts makes on what kubectl's command handed it. */
function portError(local: string, remote: string, forward: PortForward): string | undefined {
  // A named remote port with no local one was turned into its number; a named local port is not.
  const localText = local === remote && !/^\d+$/.test(local) ? String(forward.local) : local;
  if (localText !== '' && localText !== '0') {
    const bad = uint16('local', localText);
    if (bad) return bad;
  }
  if (forward.remote > 65535) return uint16('remote', String(forward.remote));
  if (forward.remote === 0) return 'error: remote port must be > 0';
  return undefined;
}

const NOT_RUNNING = 'error: unable to forward port because pod is not running';

const hostPort = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

export async function portForwardCommand(args: Parsed, io: Io): Promise<number> {
  const [target, ...specs] = args.positionals;
  if (!target || specs.length === 0) {
    throw new UsageError("error: TYPE/NAME and list of ports are required for port-forward\nSee 'podpath port-forward --help' for usage.");
  }
  const namespace = (args.values.namespace as string | undefined) || 'default';
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);

  // kubectl resolves every port (Complete), then checks that the pod runs, then client-go
  // parses the addresses and the ports: the first failure in that order is the one printed.
  const results = specs.map((spec) => {
    const [local, remote] = splitPort(spec);
    // `0:80` and `:80` both ask the kernel for a free local port.
    return { local, remote, forward: portForward(loaded.cluster, target, `${local === '0' ? '' : local}:${remote}`, namespace) };
  });
  const errors = results.flatMap((r) => ('error' in r.forward ? [r.forward.error] : []));
  const error = errors.find((e) => !e.startsWith(NOT_RUNNING)) ?? errors[0];
  if (error) {
    io.stderr(`${error}\n`);
    return 1;
  }
  const addresses = addressesOf((args.values.address as string[] | undefined) ?? ['localhost']);
  const forwards = results.map((r) => r.forward as PortForward);
  const badPort = results.map((r, i) => portError(r.local, r.remote, forwards[i])).find(Boolean);
  if (badPort) {
    io.stderr(`${badPort}\n`);
    return 1;
  }
  const { pod } = forwards[0];
  if (args.values.json) {
    const json = {
      pod: { namespace: forwards[0].namespace, name: pod.name, node: pod.node ?? null, ip: pod.ip ?? null },
      ports: forwards.map((f) => ({ local: f.local, remote: f.remote })),
      addresses,
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  // getListener prints one line per port and address, ports in the order given.
  io.stdout(forwards.flatMap((f) => addresses.map((a) => `Forwarding from ${hostPort(a, f.local)} -> ${f.remote}\n`)).join(''));
  return 0;
}

/**
 * `podpath trace --port-forward 'TYPE/NAME [LOCAL:]REMOTE... [-n NS] [--address ADDR,...] [--on
 * NODE|external]'`: a kubectl port-forward left running, as kubectl's own arguments, plus where
 * it runs (`--on`, the workstation when absent). Checked as kubectl checks them when it starts.
 */
export function forwardSpec(spec: string, nodes: string[]): RunningForward {
  const bad = (why: string) => new UsageError(`error: --port-forward "${spec}": ${why}\nSee 'podpath trace --help' for usage.`);
  const words = spec.trim().split(/\s+/).filter(Boolean);
  const positional: string[] = [];
  const addresses: string[] = [];
  let namespace: string | undefined;
  let on: RunningForward['on'] = 'external';
  for (let i = 0; i < words.length; i++) {
    const m = /^(--address|--namespace|-n|--on)(?:=(.*))?$/.exec(words[i]);
    if (!m) {
      if (words[i].startsWith('-')) throw bad(`unknown flag: ${words[i]}`);
      positional.push(words[i]);
      continue;
    }
    const value = m[2] ?? words[++i];
    if (value === undefined || value === '') throw bad(`flag needs an argument: ${m[1]}`);
    if (m[1] === '--address') addresses.push(value);
    else if (m[1] === '--on') {
      const name = value.replace(/^(node|nodes|no)\//, '');
      if (value !== 'external' && !nodes.includes(name)) throw bad(`no node "${name}": --on takes external or a node's name`);
      on = value === 'external' ? 'external' : `node/${name}`;
    } else namespace = value;
  }
  const [target, ...ports] = positional;
  if (!target || ports.length === 0) throw bad('TYPE/NAME and list of ports are required');
  return { on, target, ports, ...(namespace ? { namespace } : {}), ...(addresses.length > 0 ? { addresses } : {}) };
}
