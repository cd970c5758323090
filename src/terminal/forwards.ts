/**
 * `kubectl port-forward` as a process that keeps running, and the shell's job control around
 * it. A real `kubectl port-forward` holds its terminal until Ctrl+C; this terminal has one
 * screen, so kubectl goes on as a background job (as with `&`): `jobs` lists it, `kill %N` or
 * `kill PID` stops it, and while it runs every request that reaches one of its sockets goes
 * through it (the engine's trace: kubectl → API server → kubelet → the pod), with kubectl's
 * "Handling connection for PORT" on the screen of the place it runs in.
 *
 * Texts: client-go tools/portforward/portforward.go (getListener's "Forwarding from %s -> %d",
 * handleConnection's "Handling connection for %d", listenOnPort's "Unable to listen on port
 * %d: Listeners failed to create with the following errors: %v", forward's "unable to listen
 * on any of the requested ports: %v"); kubectl's pkg/cmd/portforward/portforward.go; bash's
 * jobs.c (pretty_print_job: `[N]+  Running                 COMMAND &`) and kill's
 * "kill: %N: no such job" / "kill: (PID) - No such process".
 */
import { nodeDaemon } from '../engine/daemons';
import { joinHostPort, runningForward, type ForwardSocket } from '../engine/portforward';
import type { Trace, TraceRequest } from '../engine/trace/types';
import type { Ctx, Program } from './io';
import { str, type Parsed } from './kubectl/flags';
import type { Forward, TerminalState } from './types';

/** The forwards running now: those this line started or stopped, else the state's. */
export function forwardsNow(ctx: Ctx): Forward[] {
  return ctx.effects.forwards ?? ctx.state.forwards ?? [];
}

/** What the engine needs of them, to trace a request that may reach one. */
export function engineForwards(forwards: Forward[]): TraceRequest['forwards'] {
  return forwards.length > 0 ? forwards.map((f) => f.forward) : undefined;
}

/** kubectl's place: the workstation, or a node (a control plane has admin.conf). */
const onOf = (key: string): Forward['forward']['on'] | undefined => (key === 'external' || key.startsWith('node/') ? (key as Forward['forward']['on']) : undefined);

/** `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE... [--address ADDR,...]`: starts a job. */
export function portForwardCommand(ctx: Ctx, p: Parsed): number {
  const [target, ...ports] = p.args;
  if (!target || ports.length === 0) {
    ctx.io.err("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
    return 1;
  }
  const on = onOf(ctx.place.key);
  if (!on) {
    ctx.io.err('error: kubectl runs on the workstation or a node in this terminal\n');
    return 1;
  }
  const namespace = str(p, 'namespace');
  const addressFlag = p.flags.address;
  const addresses = Array.isArray(addressFlag) ? addressFlag : typeof addressFlag === 'string' ? [addressFlag] : undefined;
  const forward: Forward['forward'] = { on, target, ports, ...(namespace ? { namespace } : {}), ...(addresses ? { addresses } : {}) };
  const running = runningForward(ctx.state.cluster, forward);
  if ('error' in running) {
    ctx.io.err(`${running.error}\n`);
    return 1;
  }
  // A socket another forward of this machine holds: bind fails with EADDRINUSE (0.0.0.0 and a
  // specific address of the same family clash too).
  const others = forwardsNow(ctx).filter((f) => f.forward.on === on);
  const held = others.flatMap((f) => {
    const r = runningForward(ctx.state.cluster, f.forward);
    return 'error' in r ? [] : r.sockets;
  });
  // On a node, its own listeners hold their ports on every address, IPv4 and IPv6 (Go's and
  // Java's `:PORT` is a dual-stack socket): the kubelet, the API server, kube-proxy, a
  // hostNetwork pod's program.
  const node = on.startsWith('node/') ? ctx.state.cluster.nodes.find((n) => `node/${n.name}` === on) : undefined;
  const nodeHolds = (port: number) => !!node && (!!nodeDaemon(ctx.state.cluster, node, port)
    || ctx.state.cluster.pods.some((p) => p.hostNetwork && p.node === node.name && p.phase === 'Running' && p.status !== 'CrashLoopBackOff' && p.listening.some((l) => l.containerPort === port && l.protocol === 'TCP')));
  const clash = (s: ForwardSocket) => nodeHolds(s.local)
    || held.some((h) => h.local === s.local && (h.address === s.address || (!s.address.includes(':') && !h.address.includes(':') && (h.address === '0.0.0.0' || s.address === '0.0.0.0'))));
  const byPort = new Map<number, ForwardSocket[]>();
  for (const s of running.sockets) byPort.set(s.local, [...(byPort.get(s.local) ?? []), s]);
  const explicit = addresses !== undefined && !(addresses.length === 1 && addresses[0] === 'localhost');
  let out = '';
  let listening = false;
  for (const [port, sockets] of byPort) {
    const failed = sockets.filter(clash);
    // localhost fails only when every address fails; explicit addresses fail when any does.
    if (failed.length > 0 && (explicit || failed.length === sockets.length)) {
      const errors = failed.map((s) => `unable to create listener: Error listen ${s.address.includes(':') ? 'tcp6' : 'tcp4'} ${joinHostPort(s.address, s.local)}: bind: address already in use`);
      out += `Unable to listen on port ${port}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`;
      continue;
    }
    listening = true;
    for (const s of sockets.filter((s) => !failed.includes(s))) ctx.io.out(`Forwarding from ${joinHostPort(s.address, s.local)} -> ${s.remote}\n`);
  }
  if (out) ctx.io.err(out);
  if (!listening) {
    const pairs = [...byPort.keys()].map((local) => `{${local} ${running.sockets.find((s) => s.local === local)!.remote}}`);
    ctx.io.err(`error: unable to listen on any of the requested ports: [${pairs.join(' ')}]\n`);
    return 1;
  }
  const job = Math.max(0, ...forwardsNow(ctx).map((f) => f.job)) + 1;
  const pid = 4100 + (ctx.state.history?.length ?? 0) * 7 + job;
  const command = `kubectl port-forward ${[target, ...ports].join(' ')}${namespace ? ` -n ${namespace}` : ''}${explicit ? ` --address ${addresses!.join(',')}` : ''}`;
  // kubectl chose the pod and the ports once (Complete): a Deployment's forward stays on that
  // pod, and ends when it goes (pruneForwards).
  const pod = running.sockets[0].pod.name;
  const resolved = [...new Set(running.sockets.map((s) => `${s.local}:${s.remote}`))];
  const pinned: Forward['forward'] = { ...forward, target: `pod/${pod}`, ports: resolved, command };
  ctx.effects.forwards = [...forwardsNow(ctx), { place: ctx.place.key, job, pid, command, forward: pinned }];
  // The canvas shows where a connection to it goes: from this machine to its first socket.
  const first = running.sockets.find((s) => !s.address.includes(':'))!;
  const address = first.address === '0.0.0.0' ? '127.0.0.1' : first.address;
  ctx.effects.trace = { from: ctx.place.key as TraceRequest['from'], to: `http://${address}:${first.local}/`, forwards: engineForwards(ctx.effects.forwards) };
  ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.forwardJob', params: { job, listen: joinHostPort(address, first.local) } }];
  return 0;
}

/**
 * Forwards whose pod is gone after a command changed the cluster: the stream to the pod closes
 * and kubectl exits ("error: lost connection to pod", client-go's ErrLostConnectionToPod), and
 * bash reports the job done (`[1]+  Exit 1 …`) in the shell that started it.
 */
export function pruneForwards(state: TerminalState, forwards: Forward[] | undefined, place: string): { forwards?: Forward[]; output: string } {
  if (!forwards || forwards.length === 0) return { output: '' };
  const alive = forwards.filter((f) => !('error' in runningForward(state.cluster, f.forward)));
  if (alive.length === forwards.length) return { output: '' };
  const mine = forwards.filter((f) => f.place === place);
  const output = forwards.filter((f) => !alive.includes(f) && f.place === place)
    .map((f) => `error: lost connection to pod\n${jobLine(f, markOf(mine, f), 'Exit 1', false)}`).join('');
  return { forwards: alive, output };
}

/**
 * The forward whose socket a traced request reached, if any: kubectl prints "Handling connection
 * for PORT" on its own terminal: this screen when it runs here, else a notice says where.
 */
export function handledBy(ctx: Ctx, trace: Trace): void {
  const accept = trace.hops.find((h) => h.title.key === 'hop.pfAccept.title');
  if (!accept) return;
  const where = accept.at.startsWith('external/') ? 'external' : accept.at;
  const line = `Handling connection for ${accept.title.params?.local}\n`;
  // kubectl shares the terminal, not curl's pipe: its line goes to the screen (as stderr does).
  if (where === ctx.place.key) ctx.io.err(line);
  else ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.forwardHandled', params: { where: String(accept.title.params?.where ?? where), line: line.trim() } }];
}

const JOB_STATE_WIDTH = 24;
const jobLine = (f: Forward, mark: string, state: string, amp: boolean) => `[${f.job}]${mark}  ${state.padEnd(JOB_STATE_WIDTH)}${f.command}${amp ? ' &' : ''}\n`;
/** bash marks the newest job `+` and the one before it `-`. */
const markOf = (all: Forward[], f: Forward) => (f === all.at(-1) ? '+' : f === all.at(-2) ? '-' : ' ');

/** `jobs`: this shell's running forwards. */
export const jobs: Program = (ctx) => {
  const mine = forwardsNow(ctx).filter((f) => f.place === ctx.place.key);
  ctx.io.out(mine.map((f) => jobLine(f, markOf(mine, f), 'Running', true)).join(''));
  return 0;
};

/** `kill %N` or `kill [-SIGNAL] PID`: stops a forward of this shell (SIGTERM; kubectl just exits). */
export const kill: Program = (ctx, args) => {
  const targets = args.filter((a) => !/^-(\d+|[A-Z]+|s)$/.test(a));
  if (targets.length === 0) {
    ctx.io.err('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
    return 2;
  }
  let all = forwardsNow(ctx);
  let status = 0;
  let out = '';
  for (const t of targets) {
    const mine = all.filter((f) => f.place === ctx.place.key);
    const found = t.startsWith('%')
      ? (t === '%' || t === '%%' || t === '%+' ? mine.at(-1) : t === '%-' ? mine.at(-2) : mine.find((f) => `%${f.job}` === t))
      : /^\d+$/.test(t) ? all.find((f) => String(f.pid) === t) : undefined;
    if (!found) {
      ctx.io.err(t.startsWith('%') ? `bash: kill: ${t}: no such job\n` : /^\d+$/.test(t) ? `bash: kill: (${t}) - No such process\n` : `bash: kill: ${t}: arguments must be process or job IDs\n`);
      status = 1;
      continue;
    }
    out += found.place === ctx.place.key ? jobLine(found, markOf(mine, found), 'Terminated', false) : '';
    all = all.filter((f) => f !== found);
  }
  ctx.effects.forwards = all;
  ctx.io.out(out);
  return status;
};
