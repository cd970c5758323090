/**
 * The terminal's data: where the shell runs, what it knows between commands, and what one
 * command line gives back. Plain data, so the UI can keep it in its store.
 */
import type { Cluster } from '../engine/model';
import type { RunningForward, TraceRequest } from '../engine/trace/types';
import type { Message } from '../engine/types';

/** The program reading the command line: its prompt and its error texts differ. */
export type ShellProgram = 'bash' | 'dash' | 'ash';

/**
 * Where the commands run. A pod shell is entered with `kubectl exec -it POD -- sh` and left
 * with `exit`, which returns to `parent` (the shell kubectl ran in).
 */
export type Shell =
  | { kind: 'external'; sudo?: SudoShell; parent?: Shell }
  | { kind: 'node'; name: string; sudo?: SudoShell; parent?: Shell }
  | { kind: 'pod'; namespace: string; name: string; container?: string; program?: ShellProgram; parent?: Shell };

/**
 * A root shell `sudo` started in the shell before it (`parent`, where `exit` returns): `sudo -i`
 * (and `sudo su -`) a login shell in root's home, `sudo -s` (`sudo su`, `sudo bash`) one in the
 * directory it was started from.
 */
export type SudoShell = 'login' | 'shell';

/** One connection the kernel of a node tracks, as `conntrack -L` lists it. */
export interface TrackedFlow {
  proto: 'tcp' | 'udp';
  orig: { src: string; dst: string; sport: number; dport: number };
  reply: { src: string; dst: string; sport: number; dport: number };
  /** What became of it: answered, reset, or never answered. */
  state: 'replied' | 'reset' | 'unreplied';
}

/** Files a command wrote (`> file`, `wget`), by place (`external`, `node/N`, `pod/NS/N`) and path. */
export type Files = Record<string, Record<string, string>>;

export interface TerminalState {
  /** The YAML the cluster is built from. */
  yaml: string;
  /** `buildCluster(yaml)`. */
  cluster: Cluster;
  shell: Shell;
  /** The simulated present; the API clock's `now` when absent. */
  now?: Date;
  files?: Files;
  /** Per node, the flows of the last requests traced through it. */
  conntrack?: Record<string, TrackedFlow[]>;
  /** The lines typed so far, oldest first (`history` prints them). */
  history?: string[];
  /** The exit status of the last command (`exit` without a number returns it). */
  status?: number;
  /** `kubectl port-forward` listeners left running, by the place that started them. */
  forwards?: Forward[];
}

/** A `kubectl port-forward` still running, as a background job of the shell that started it (as with `&`). */
export interface Forward {
  /** The place kubectl runs in (`external`, `node/N`). */
  place: string;
  /** bash's job number (`%1`) and the process id `kill` takes. */
  job: number;
  pid: number;
  /** The command line, as `jobs` lists it. */
  command: string;
  /** What the engine traces through: where it runs, the target, the ports, the addresses. */
  forward: RunningForward;
}

export interface CommandResult {
  /** stdout and stderr, interleaved as the terminal shows them. */
  output: string;
  exitCode: number;
  /** The new YAML text, when the command changed the cluster. */
  yaml?: string;
  /** A request to animate on the canvas. */
  trace?: TraceRequest;
  /** The shell after the command (`kubectl exec -it`, `exit`). */
  prompt?: Shell;
  /** The files after the command, when it wrote one. */
  files?: Files;
  /** Flows to remember per node (replacing what each node held). */
  conntrack?: Record<string, TrackedFlow[]>;
  /** The screen is to be cleared before the output (`clear`). */
  clear?: boolean;
  /** Podpath's own remarks, not a real tool's output: the UI translates and shows them apart. */
  notices?: Message[];
  /** The port-forwards after the command, when it started one. */
  forwards?: Forward[];
}
