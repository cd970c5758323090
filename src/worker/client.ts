/**
 * The store's side of the contract: sequence numbers, at most one build in flight, and stale
 * builds dropped. While a build runs, a newer request waits (a still newer one replaces it);
 * when the running build answers and a newer one waits, its answer is dropped unseen: a newer
 * document makes it irrelevant. Traces are sent at once; the store checks they still apply.
 */
import type { TraceRequest } from '../engine';
import type { ExecMessage, ExecutedReply } from './protocol';
import type { BuildMessage, BuiltReply, CountedReply, DnsMessage, DnsReply, EngineReply, EngineRequest, ReachedReply, StartMessage, TablesReply, TracedReply } from './protocol';
import type { Protocol } from '../engine/netpol/types';

export interface Transport {
  post(message: EngineRequest): void;
  /** Called once, with the function that takes every reply. */
  listen(receive: (reply: EngineReply) => void): void;
}

/** What a build sends, decided when it is sent (not when it was asked for): the store may have moved meanwhile. */
export type BuildArgs = Omit<BuildMessage, 'type' | 'seq'>;

export interface EngineClient {
  /**
   * The first build. `known`: its answer, known already (firstPictureKey.ts: the default
   * lesson's, made when the app was built). `done` takes it at once, and the worker's own
   * answer is not waited for; the worker still builds the text, and holds it under this
   * number for the messages that name it.
   */
  start(args: Omit<StartMessage, 'type' | 'seq'>, done: (reply: BuiltReply) => void, known?: BuiltReply): number;
  /** Asks for a build; `args` is called when it is sent, `done` when it answers and is still the newest. */
  build(args: (seq: number) => BuildArgs, done: (reply: BuiltReply) => void): void;
  trace(build: number, request: TraceRequest, done: (reply: TracedReply) => void): void;
  /** The NetworkPolicy matrix of a build, for one port and protocol. */
  reach(build: number, port: number, protocol: Protocol, done: (reply: ReachedReply) => void): void;
  /** A lesson step's DNS question on a build the worker holds. */
  dns(build: number, request: DnsMessage['request'], question: DnsMessage['question'], done: (reply: DnsReply) => void): void;
  /** How many objects a text holds (Lists counted by their items). */
  count(text: string, done: (reply: CountedReply) => void): void;
  /** True while a build runs or waits. */
  busy(): boolean;
  /** Takes the tables a large build sends after it, and those asked for (the store checks they are for the build it shows). */
  onTables(receive: (reply: TablesReply) => void): void;
  /** Asks for one node's tables of a build (they come to onTables). */
  tables(build: number, node: string): void;
  /** Runs a terminal line in the worker. */
  exec(args: Omit<ExecMessage, 'type' | 'seq'>, done: (reply: ExecutedReply) => void): void;
}

interface Job {
  args: (seq: number) => BuildArgs;
  done: (reply: BuiltReply) => void;
}

/** The replies to one-off questions, each to the caller that asked. */
type Answer = TracedReply | ReachedReply | DnsReply | CountedReply | ExecutedReply;

export function createEngineClient(transport: Transport): EngineClient {
  let seq = 0;
  let running: { seq: number; done: (reply: BuiltReply) => void } | undefined;
  let waiting: Job | undefined;
  /** The callers of the one-off questions (trace, reach, exec), by sequence number: each answered once. */
  const asked = new Map<number, (reply: Answer) => void>();
  let tables: (reply: TablesReply) => void = () => undefined;
  /** Posts a one-off question; `done` takes its answer. */
  const ask = <R extends Answer>(message: (n: number) => EngineRequest, done: (reply: R) => void) => {
    const n = ++seq;
    asked.set(n, done as (reply: Answer) => void);
    transport.post(message(n));
  };

  const send = (job: Job) => {
    const n = ++seq;
    running = { seq: n, done: job.done };
    transport.post({ type: 'build', seq: n, ...job.args(n) });
  };

  transport.listen((reply) => {
    if (reply.type === 'tables') {
      tables(reply);
      return;
    }
    if (reply.type === 'executed' || reply.type === 'reached' || reply.type === 'traced' || reply.type === 'dnsAnswer' || reply.type === 'counted') {
      const done = asked.get(reply.seq);
      asked.delete(reply.seq);
      done?.(reply);
      return;
    }
    if (!running || reply.seq !== running.seq) return;
    const { done } = running;
    running = undefined;
    const next = waiting;
    waiting = undefined;
    // A newer document waits: this answer is stale, the newer build goes instead.
    if (next) send(next);
    else done(reply);
  });

  return {
    start: (args, done, known) => {
      const n = ++seq;
      running = known ? undefined : { seq: n, done };
      waiting = undefined;
      transport.post({ type: 'start', seq: n, ...args });
      if (known) done({ ...known, seq: n });
      return n;
    },
    build: (args, done) => {
      if (running) waiting = { args, done };
      else send({ args, done });
    },
    trace: (build, request, done) => ask((n) => ({ type: 'trace', seq: n, build, request }), done),
    reach: (build, port, protocol, done) => ask((n) => ({ type: 'reach', seq: n, build, port, protocol }), done),
    dns: (build, request, question, done) => ask((n) => ({ type: 'dns', seq: n, build, request, question }), done),
    count: (text, done) => ask((n) => ({ type: 'count', seq: n, text }), done),
    busy: () => !!running || !!waiting,
    onTables: (receive) => {
      tables = receive;
    },
    tables: (build, node) => transport.post({ type: 'tables', seq: ++seq, build, node }),
    exec: (args, done) => ask((n) => ({ type: 'exec', seq: n, ...args }), done),
  };
}
