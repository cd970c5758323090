/**
 * `run(argv, io)`: the whole command, in-process. argv is what follows `podpath`; the result
 * is the exit status. Errors are reported the way kubectl reports them, never thrown.
 */
import { parse, UsageError, type Options, type Parsed } from './args';
import { build } from './commands/build';
import { dns, DNS_OPTIONS } from './commands/dns';
import { get, GET_OPTIONS } from './commands/get';
import { iptablesSave, IPTABLES_OPTIONS } from './commands/iptables';
import { ipvsadm, IPVSADM_OPTIONS } from './commands/ipvsadm';
import { lab, LAB_OPTIONS } from './commands/lab';
import { nft, NFT_OPTIONS } from './commands/nft';
import { portForwardCommand, PORT_FORWARD_OPTIONS } from './commands/portforward';
import { reach, REACH_OPTIONS } from './commands/reach';
import { trace, TRACE_OPTIONS } from './commands/trace';
import { escapeTerminal } from '../engine/kubectl/escape';
import { InputError } from './input';
import type { Io } from './io';
import { HELP, USAGE } from './usage';

interface Command {
  options: Options;
  run(args: Parsed, io: Io): Promise<number>;
  /** Its stdout is a file for a program, not text for a terminal (the lab's shell script). */
  rawStdout?: true;
}

const COMMANDS: Record<string, Command> = {
  build: { options: { json: { type: 'boolean' } }, run: build },
  get: { options: GET_OPTIONS, run: get },
  'iptables-save': { options: IPTABLES_OPTIONS, run: iptablesSave },
  ipvsadm: { options: IPVSADM_OPTIONS, run: ipvsadm },
  nft: { options: NFT_OPTIONS, run: nft },
  dns: { options: DNS_OPTIONS, run: dns },
  trace: { options: TRACE_OPTIONS, run: trace },
  'port-forward': { options: PORT_FORWARD_OPTIONS, run: portForwardCommand },
  reach: { options: REACH_OPTIONS, run: reach },
  lab: { options: LAB_OPTIONS, run: lab, rawStdout: true },
};

/**
 * What a command prints lands in a terminal, and names from the YAML are in it: every write is
 * escaped as kubectl escapes what it prints (escapeTerminal), JSON and YAML included, which it
 * leaves meaning the same. The lab's script is for sh, with a quoting of its own.
 */
function toTerminal(io: Io, rawStdout: boolean): Io {
  return {
    ...io,
    stdout: rawStdout ? (text) => io.stdout(text) : (text) => io.stdout(escapeTerminal(text)),
    stderr: (text) => io.stderr(escapeTerminal(text)),
  };
}

export async function run(argv: string[], rawIo: Io): Promise<number> {
  const [name, ...rest] = argv;
  // Own keys only: `podpath constructor` is an unknown command, not Object's constructor.
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const io = toTerminal(rawIo, command?.rawStdout ?? false);
  if (name === undefined) {
    io.stderr(USAGE);
    return 1;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(rest[0] && Object.hasOwn(HELP, rest[0]) ? HELP[rest[0]] : USAGE);
    return 0;
  }
  if (!command) {
    io.stderr(`error: unknown command "${name}" for "podpath"\nRun 'podpath --help' for usage.\n`);
    return 1;
  }
  try {
    const args = parse(rest, command.options, name);
    if (args.values.help) {
      io.stdout(HELP[name]);
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
