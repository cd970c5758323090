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
import { portForwardCommand, PORT_FORWARD_OPTIONS } from './commands/portforward';
import { trace, TRACE_OPTIONS } from './commands/trace';
import { InputError } from './input';
import type { Io } from './io';
import { HELP, USAGE } from './usage';

interface Command {
  options: Options;
  run(args: Parsed, io: Io): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  build: { options: { json: { type: 'boolean' } }, run: build },
  get: { options: GET_OPTIONS, run: get },
  'iptables-save': { options: IPTABLES_OPTIONS, run: iptablesSave },
  ipvsadm: { options: IPVSADM_OPTIONS, run: ipvsadm },
  dns: { options: DNS_OPTIONS, run: dns },
  trace: { options: TRACE_OPTIONS, run: trace },
  'port-forward': { options: PORT_FORWARD_OPTIONS, run: portForwardCommand },
  lab: { options: LAB_OPTIONS, run: lab },
};

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(USAGE);
    return 1;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(rest[0] && HELP[rest[0]] ? HELP[rest[0]] : USAGE);
    return 0;
  }
  const command = COMMANDS[name];
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
