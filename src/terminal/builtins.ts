/**
 * The shell's own commands and the few text tools a student pipes into: `exit`, `clear`,
 * `history`, `echo`, `hostname`, `cat`, `grep`, `head`, `tail`, `wc -l`, `ls`, `true`, `false`.
 * Their words are GNU coreutils' and grep's (Ubuntu, Debian) or BusyBox's where they differ.
 */
import { filesHere, normalizePath, type Ctx, type Program } from './io';
import { readFile, noSuchFile } from './shell';

/** `exit [N]`: leaves a pod shell for the shell kubectl ran in (or a node login for the outside host). */
export const exit: Program = (ctx, args) => {
  const code = args[0] !== undefined && /^\d+$/.test(args[0]) ? Number(args[0]) & 255 : ctx.state.status ?? 0;
  const shell = ctx.state.shell;
  ctx.effects.exitShell = true;
  // A root shell sudo started: bash says `logout` for a login shell, `exit` for another.
  if (shell.kind !== 'pod' && shell.sudo && shell.parent) {
    ctx.io.out(shell.sudo === 'login' ? 'logout\n' : 'exit\n');
    ctx.effects.prompt = shell.parent;
    return code;
  }
  if (shell.kind === 'pod') {
    if (ctx.place.program === 'bash') ctx.io.out('exit\n');
    // kubectl exec returns the shell's status and says so when it is not 0.
    if (code !== 0) ctx.io.err(`command terminated with exit code ${code}\n`);
    ctx.effects.prompt = shell.parent ?? { kind: 'external' };
    return code;
  }
  if (shell.kind === 'node') {
    const ip = ctx.state.cluster.nodes.find((n) => n.name === shell.name)?.ip ?? shell.name;
    ctx.io.out(`logout\nConnection to ${ip} closed.\n`);
    ctx.effects.prompt = shell.parent ?? { kind: 'external' };
    return code;
  }
  // The outside host's login shell: the terminal stays open on a fresh one.
  ctx.io.out('exit\n');
  return code;
};

export const clear: Program = (ctx) => {
  ctx.effects.clear = true;
  return 0;
};

/** bash's `history`: `%5d  %s` per line. dash and BusyBox ash (without history support) have none. */
export const history: Program = (ctx) => {
  const lines = ctx.state.history ?? [];
  ctx.io.out(lines.map((l, i) => `${String(i + 1).padStart(5)}  ${l}\n`).join(''));
  return 0;
};

export const echo: Program = (ctx, args) => {
  const noNewline = args[0] === '-n';
  const words = noNewline ? args.slice(1) : args;
  ctx.io.out(words.join(' ') + (noNewline ? '' : '\n'));
  return 0;
};

export const trueProgram: Program = () => 0;
export const falseProgram: Program = () => 1;

export const hostname: Program = (ctx, args) => {
  if (args[0] === '-i' || args[0] === '-I') {
    const pod = ctx.place.pod;
    const node = ctx.state.cluster.nodes.find((n) => n.name === ctx.place.hostname);
    // kubeadm nodes keep Debian's `127.0.1.1 <hostname>` in /etc/hosts; -I lists the interfaces.
    if (args[0] === '-i') ctx.io.out(`${pod && !pod.hostNetwork ? pod.ip : ctx.place.kind === 'node' ? '127.0.1.1' : ctx.state.cluster.externals[0]?.ip}\n`);
    else ctx.io.out(`${pod && !pod.hostNetwork ? pod.ip : node ? node.ip : ctx.state.cluster.externals[0]?.ip} \n`);
    return 0;
  }
  ctx.io.out(`${ctx.place.hostname}\n`);
  return 0;
};

/** The text of the input files, or stdin when none (or `-`) is named. */
function inputs(ctx: Ctx, files: string[], tool: string): { text: string; failed: boolean } {
  if (files.length === 0) return { text: ctx.stdin, failed: false };
  let text = '';
  let failed = false;
  for (const f of files) {
    const content = f === '-' ? ctx.stdin : readFile(ctx, f) ?? hostsFile(ctx, f);
    if (content === undefined) {
      ctx.io.err(noSuchFile(ctx.place, f, tool));
      failed = true;
    } else text += content;
  }
  return { text, failed };
}

/** The kubelet writes a pod's /etc/hosts (pkg/kubelet/kubelet_pods.go, managedHostsHeader). */
function hostsFile(ctx: Ctx, path: string): string | undefined {
  if (normalizePath(ctx, path) !== '/etc/hosts') return undefined;
  const pod = ctx.place.pod;
  if (pod && !pod.hostNetwork) {
    return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${pod.ip}\t${pod.name}\n`;
  }
  return `127.0.0.1 localhost\n127.0.1.1 ${ctx.place.hostname}\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\nfe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n`;
}

export const cat: Program = (ctx, args) => {
  const { text, failed } = inputs(ctx, args.filter((a) => !a.startsWith('-') || a === '-'), 'cat');
  ctx.io.out(text);
  return failed ? 1 : 0;
};

const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
const joined = (list: string[]) => list.map((l) => `${l}\n`).join('');

/** A basic regular expression as grep reads it (`\|` alternates), or an extended one with -E. */
function grepRegex(pattern: string, extended: boolean, ignoreCase: boolean): RegExp {
  const source = extended
    ? pattern
    : pattern.replace(/\\([|+?(){}])|([|+?(){}])/g, (_m, escaped: string | undefined, plain: string | undefined) => (escaped ? escaped : `\\${plain}`));
  return new RegExp(source, ignoreCase ? 'i' : '');
}

export const grep: Program = (ctx, args) => {
  const flags = new Set<string>();
  const rest: string[] = [];
  for (const a of args) {
    if (/^-[a-zA-Z]+$/.test(a) && rest.length === 0) for (const f of a.slice(1)) flags.add(f);
    else rest.push(a);
  }
  const [pattern, ...files] = rest;
  if (pattern === undefined) {
    ctx.io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  let re: RegExp;
  try {
    re = grepRegex(pattern, flags.has('E'), flags.has('i'));
  } catch {
    ctx.io.err('grep: Unmatched ( or \\(\n');
    return 2;
  }
  const { text, failed } = inputs(ctx, files, 'grep');
  const picked = lines(text).map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => re.test(l) !== flags.has('v'));
  if (flags.has('c')) ctx.io.out(`${picked.length}\n`);
  else ctx.io.out(joined(picked.map(({ l, n }) => (flags.has('n') ? `${n}:${l}` : l))));
  if (failed) return 2;
  return picked.length > 0 ? 0 : 1;
};

function count(args: string[]): { n: number; files: string[] } {
  let n = 10;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n') n = Number(args[++i] ?? 10);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  return { n, files };
}

export const head: Program = (ctx, args) => {
  const { n, files } = count(args);
  const { text, failed } = inputs(ctx, files, 'head');
  ctx.io.out(joined(lines(text).slice(0, n)));
  return failed ? 1 : 0;
};

export const tail: Program = (ctx, args) => {
  const { n, files } = count(args);
  const { text, failed } = inputs(ctx, files, 'tail');
  ctx.io.out(joined(n === 0 ? [] : lines(text).slice(-n)));
  return failed ? 1 : 0;
};

/** `wc -l` prints the count alone for stdin, with the name for a file (GNU coreutils). */
export const wc: Program = (ctx, args) => {
  const files = args.filter((a) => !a.startsWith('-'));
  const { text, failed } = inputs(ctx, files, 'wc');
  const l = (text.match(/\n/g) ?? []).length;
  const w = text.split(/\s+/).filter(Boolean).length;
  const c = new TextEncoder().encode(text).length;
  const flag = args.find((a) => a.startsWith('-'));
  const name = files.length > 0 ? ` ${files.join(' ')}` : '';
  if (flag === '-l') ctx.io.out(`${l}${name}\n`);
  else if (flag === '-w') ctx.io.out(`${w}${name}\n`);
  else if (flag === '-c') ctx.io.out(`${c}${name}\n`);
  else ctx.io.out(files.length > 0 ? `${l} ${w} ${c}${name}\n` : `${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}\n`);
  return failed ? 1 : 0;
};

/** The files this session wrote in the working directory, one per line (as `ls` prints to a pipe). */
export const ls: Program = (ctx) => {
  const dir = normalizePath(ctx, '.').replace(/\/\.?$/, '') || '';
  const names = Object.keys(filesHere(ctx))
    .filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/'))
    .map((p) => p.slice(dir.length + 1))
    .sort();
  ctx.io.out(names.length > 0 ? `${names.join('  ')}\n` : '');
  return 0;
};

export const pwd: Program = (ctx) => {
  ctx.io.out(`${normalizePath(ctx, '.').replace(/\/\.$/, '').replace(/\/$/, '') || '/'}\n`);
  return 0;
};
