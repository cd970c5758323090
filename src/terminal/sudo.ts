/**
 * `sudo`, as Ubuntu 22.04 ships it (sudo 1.9.9): the outside host's `user` may run anything as
 * root without a password (NOPASSWD, as a cloud image's default user), so there is no password
 * prompt to simulate. `sudo COMMAND…` runs the command as root in the same place; `sudo -i`
 * (`sudo su -`) opens root's login shell, `sudo -s` (`sudo su`, `sudo bash`) a root shell in
 * the same directory; `exit` returns to the shell before. On a node the shell is root's already
 * and sudo does the same things.
 */
import type { Ctx, Program } from './io';
import { lookupProgram } from './shell';
import type { Shell, SudoShell } from './types';

/** sudo 1.9.9's usage (usage(), src/parse_args.c), wrapped as it wraps it on an 80-column screen. */
const USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command]
usage: sudo [-ABbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u
            user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-ABknS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u
            user] file ...
`;

/** The shell a sudo shell runs in: the same place, as root. */
function rootShell(shell: Shell, kind: SudoShell): Shell | undefined {
  if (shell.kind === 'external') return { kind: 'external', sudo: kind, parent: shell };
  if (shell.kind === 'node') return { kind: 'node', name: shell.name, sudo: kind, parent: shell };
  return undefined;
}

export const sudo: Program = (ctx, args) => {
  let shell: SudoShell | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--login') shell = 'login';
    else if (a === '--shell') shell = 'shell';
    else if (a === '--preserve-env' || a === '--set-home') continue;
    else if (a === '-u' || a === '--user') {
      // Only root is a user here: the other accounts of a machine are not part of the simulation.
      const user = args[++i];
      if (user !== 'root' && user !== '#0') {
        ctx.io.err(`sudo: unknown user ${user ?? ''}\nsudo: error initializing audit plugin sudoers_audit\n`);
        return 1;
      }
    } else if (a.startsWith('--user=')) {
      if (a.slice(7) !== 'root') {
        ctx.io.err(`sudo: unknown user ${a.slice(7)}\nsudo: error initializing audit plugin sudoers_audit\n`);
        return 1;
      }
    } else if (/^-[isEH]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 'i') shell = 'login';
        else if (f === 's') shell = 'shell';
      }
    } else {
      const flag = a.startsWith('--') ? a : a[1];
      ctx.io.err(a.startsWith('--') ? `sudo: unrecognized option '${flag}'\n${USAGE}` : `sudo: invalid option -- '${flag}'\n${USAGE}`);
      return 1;
    }
  }
  const command = args.slice(i);
  // `sudo su`, `sudo su -`, `sudo bash`: a root shell, as `sudo -s` / `sudo -i`.
  if (shell === undefined && command.length > 0) {
    const [name, ...rest] = command;
    if (name === 'su' && (rest.length === 0 || (rest.length === 1 && ['-', '-l', '--login'].includes(rest[0])) || (rest.length === 1 && rest[0] === 'root'))) {
      return openShell(ctx, rest.length === 1 && rest[0] !== 'root' ? 'login' : 'shell');
    }
    if ((name === 'bash' || name === '/bin/bash') && rest.length === 0) return openShell(ctx, 'shell');
  }
  if (shell !== undefined && command.length === 0) return openShell(ctx, shell);
  if (command.length === 0) {
    ctx.io.err(USAGE);
    return 1;
  }
  // The command, as root, where the shell is.
  const place = { ...ctx.place, root: true };
  const [name, ...rest] = command;
  const program = BUILTIN_ONLY.has(name) ? undefined : lookupProgram(place, name);
  if (!program) {
    ctx.io.err(`sudo: ${name}: command not found\n`);
    return 1;
  }
  return program({ ...ctx, place }, rest);
};

/** Shell builtins with no program of their name on disk: sudo cannot run them. */
const BUILTIN_ONLY = new Set(['exit', 'logout', 'history', 'jobs', 'cd']);

function openShell(ctx: Ctx, kind: SudoShell): number {
  const next = rootShell(ctx.effects.prompt ?? ctx.state.shell, kind);
  if (!next) return 1;
  ctx.effects.prompt = next;
  return 0;
}
