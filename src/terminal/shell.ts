/**
 * `runCommand(state, line)`: one command line, as the shell of the current place runs it.
 * The line is parsed (tokenize.ts), each pipeline runs its commands in order with the output
 * of one as the input of the next, `&&`, `||` and `;` decide what runs next, redirections go
 * to the place's files. A command that changes the YAML changes the cluster the next command
 * of the same line sees, as on a real cluster.
 */
import { buildCluster } from '../engine/build';
import { escapeTerminal } from '../engine/kubectl/escape';
import { Io, makeCtx, normalizePath, filesHere, writeFile, type Ctx, type Effects, type Program } from './io';
import { notFound, placeOf, type Place } from './places';
import { PROGRAMS } from './programs';
import { pruneForwards } from './forwards';
import { parse, type SimpleCommand } from './tokenize';
import type { CommandResult, TerminalState } from './types';

/** Runs one line (or a pasted block) and returns what the terminal shows and what changed. */
export function runCommand(state: TerminalState, line: string): CommandResult {
  const effects: Effects = {};
  const io = new Io();
  const place = placeOf(state.cluster, state.shell);
  if (line.trim() === '') return { output: '', exitCode: state.status ?? 0 };
  const parsed = parse(line);
  if ('error' in parsed) {
    io.err(syntaxError(place, parsed.error));
    return finish(io, 2, effects);
  }
  let working = state;
  let status = state.status ?? 0;
  for (const pipeline of parsed.pipelines) {
    if (pipeline.join === '&&' && status !== 0) continue;
    if (pipeline.join === '||' && status === 0) continue;
    let stdin = '';
    for (let i = 0; i < pipeline.commands.length; i++) {
      const last = i === pipeline.commands.length - 1;
      const here = placeOf(working.cluster, effects.prompt ?? working.shell);
      const out = new Io();
      status = runSimple(working, here, pipeline.commands[i], stdin, out, effects);
      stdin = routeOutput(out, io, last, pipeline.commands[i], here, working, effects);
      if (effects.yaml !== undefined && effects.yaml !== working.yaml) {
        working = { ...working, yaml: effects.yaml, cluster: buildCluster(effects.yaml) };
      }
      if (effects.prompt) working = { ...working, shell: effects.prompt };
    }
    if (effects.exitShell) break;
  }
  // A forward whose pod this line deleted has lost its stream: kubectl exits (forwards.ts).
  if (working.cluster !== state.cluster) {
    const pruned = pruneForwards(working, effects.forwards ?? state.forwards, place.key);
    if (pruned.forwards) effects.forwards = pruned.forwards;
    io.err(pruned.output);
  }
  return finish(io, status, effects);
}

/**
 * The screen is xterm.js, which acts on escape sequences: what reaches it is escaped as kubectl
 * escapes what it prints (escapeTerminal), whatever program printed it; a carriage return that
 * ends a line before its newline (curl -I's headers) is the line's end, as on a real screen.
 * Files written by a redirection keep their bytes; `cat` shows them escaped.
 */
function finish(io: Io, exitCode: number, effects: Effects): CommandResult {
  const { exitShell: _exit, ...rest } = effects;
  const output = io.chunks.map((c) => c.text).join('');
  return { output: output.split('\r\n').map(escapeTerminal).join('\r\n'), exitCode, ...rest };
}

/**
 * Where a command's output goes: redirections first (`> file`, `2>&1`, `2>/dev/null`), then the
 * next command of the pipeline (stdout only) or the screen. Returns the next command's input.
 */
function routeOutput(out: Io, screen: Io, last: boolean, command: SimpleCommand, place: Place, state: TerminalState, effects: Effects): string {
  const ctx = makeCtx(state, place, '', screen, effects);
  const targets: Record<1 | 2, string | undefined> = { 1: undefined, 2: undefined };
  for (const r of command.redirects) targets[r.fd] = r.to === '&1' ? (targets[1] ?? '&1') : r.to;
  let next = '';
  for (const chunk of out.chunks) {
    const to = targets[chunk.fd];
    if (to === '/dev/null') continue;
    if (to && to !== '&1') {
      // The file was truncated (or not, for >>) before the command ran: every chunk appends.
      writeFile(ctx, normalizePath(ctx, to), chunk.text, true);
      continue;
    }
    const fd = to === '&1' ? 1 : chunk.fd;
    if (fd === 1 && !last) next += chunk.text;
    else if (fd === 1) screen.out(chunk.text);
    else screen.err(chunk.text);
  }
  return next;
}

function syntaxError(place: Place, error: string): string {
  if (place.program === 'bash') return `bash: ${error}\n`;
  // dash and ash word the same problems differently; the token is what matters to a reader.
  const token = /`([^']*)'/.exec(error)?.[1];
  if (place.program === 'dash') return token ? `sh: 1: Syntax error: "${token}" unexpected\n` : 'sh: 1: Syntax error: Unterminated quoted string\n';
  return token ? `sh: syntax error: unexpected "${token}"\n` : 'sh: syntax error: unterminated quoted string\n';
}

/** Runs one simple command in a place: a builtin, an installed program, or "not found". */
export function runSimple(state: TerminalState, place: Place, command: SimpleCommand, stdin: string, io: Io, effects: Effects): number {
  // `> file` truncates before the command runs, even when the command then fails.
  const pre = makeCtx(state, place, '', io, effects);
  for (const r of command.redirects) if (!r.append && r.to !== '&1' && r.to !== '/dev/null') writeFile(pre, normalizePath(pre, r.to), '');
  let input = command.stdin ?? stdin;
  if (command.input !== undefined) {
    const file = readFile(pre, command.input);
    if (file === undefined) {
      io.err(noSuchFile(place, command.input));
      return 1;
    }
    input = file;
  }
  const [name, ...args] = command.argv;
  if (name === undefined) return 0;
  const ctx = makeCtx(state, place, input, io, effects);
  const program = lookupProgram(place, name);
  if (!program) {
    io.err(notFound(place.program, name));
    return 127;
  }
  return program(ctx, args);
}

/** The program a name runs here: a shell builtin, or a tool the place has installed. */
export function lookupProgram(place: Place, name: string): Program | undefined {
  const base = name.includes('/') ? name.split('/').at(-1)! : name;
  const entry = PROGRAMS[base];
  if (!entry || !entry.installed(place)) return undefined;
  return entry.run;
}

/** A file of the place: what a command wrote there, or what every such machine has. */
export function readFile(ctx: Ctx, path: string): string | undefined {
  const full = normalizePath(ctx, path);
  const written = filesHere(ctx)[full];
  if (written !== undefined) return written;
  return systemFile(ctx, full);
}

function systemFile(ctx: Ctx, path: string): string | undefined {
  if (path === '/etc/hostname') return `${ctx.place.hostname}\n`;
  if (path === '/etc/resolv.conf') return resolvConfText(ctx);
  return undefined;
}

function resolvConfText(ctx: Ctx): string {
  const pod = ctx.place.pod;
  if (pod && !(pod.hostNetwork && pod.dnsPolicy === 'ClusterFirst')) {
    const domain = ctx.state.cluster.settings.dnsDomain;
    return `search ${pod.namespace}.svc.${domain} svc.${domain} ${domain}\nnameserver ${kubeDnsIp(ctx)}\noptions ndots:5\n`;
  }
  // Ubuntu 22.04: systemd-resolved's stub, as /etc/resolv.conf links to it.
  return '# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n# Do not edit.\n#\n# This file might be symlinked as /etc/resolv.conf. If you\'re looking at\n# /etc/resolv.conf and seeing this text, you have followed the symlink.\n#\n# This is a dynamic resolv.conf file for connecting local clients to the\n# internal DNS stub resolver of systemd-resolved. This file lists all\n# configured search domains.\n#\n# Run "resolvectl status" to see details about the uplink DNS servers\n# currently in use.\n#\n# Third party programs should typically not access this file directly, but only\n# through the symlink at /etc/resolv.conf. To manage the links between files\n# and /etc/resolv.conf, see man:systemd-resolved.service(8).\n\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n';
}

function kubeDnsIp(ctx: Ctx): string {
  return ctx.state.cluster.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns')?.clusterIP ?? '10.96.0.10';
}

/** cat's and the shell's words for a missing file. */
export function noSuchFile(place: Place, path: string, tool?: string): string {
  if (tool) return `${tool}: ${path}: No such file or directory\n`;
  if (place.program === 'bash') return `bash: ${path}: No such file or directory\n`;
  if (place.program === 'dash') return `sh: 1: cannot open ${path}: No such file\n`;
  return `sh: can't open '${path}': No such file or directory\n`;
}
