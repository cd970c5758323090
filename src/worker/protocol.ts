/**
 * The message contract between the store (main thread) and the engine (a Web Worker).
 *
 * Text in; the cluster, its diagnostics and a trace out. Every request carries a sequence
 * number; the worker keeps the clusters it built by that number, so a later build can be
 * applied over the one the store shows (buildCluster's `previous`: a refused edit keeps the
 * object's accepted version) and a trace can be run on it, without the cluster crossing
 * back into the worker. All of it is plain data (structured clone).
 */
import type { Diagnostic, Trace, TraceRequest } from '../engine';
import type { PackedCluster, PackedTables } from './pack';
import type { CommandResult, TerminalState } from '../terminal/types';
import type { ReachMatrix } from '../engine/netpol/reach';
import type { Protocol } from '../engine/netpol/types';
import type { DnsAnswer } from '../lessons/play';
import type { LessonStep } from '../lessons/types';

/** The first build of a page: the saved text over the last text accepted whole, or the first of `fallbacks` that builds. */
export interface StartMessage {
  type: 'start';
  seq: number;
  text: string;
  /** The last text the API server accepted whole: applied under `text` (apply semantics across a reload). */
  accepted?: string | null;
  /** Texts to show instead when `text` does not build (the last good text, the lesson's, ''). */
  fallbacks: (string | null | undefined)[];
  request: TraceRequest;
}

/** A rebuild of the text on screen. */
export interface BuildMessage {
  type: 'build';
  seq: number;
  text: string;
  /** The build the store shows (kept in the worker until the store moves past it). */
  shown?: number;
  /** Apply over the shown build's accepted objects (an edit of the same document), or start afresh (a document replaced from outside). */
  applyOverShown: boolean;
  request: TraceRequest;
}

/** The trace of a request on a build the worker holds. */
export interface TraceMessage {
  type: 'trace';
  seq: number;
  build: number;
  request: TraceRequest;
}

/** The NetworkPolicy matrix of a build the worker holds, for one port and protocol (netpol/reach.ts). */
export interface ReachMessage {
  type: 'reach';
  seq: number;
  build: number;
  port: number;
  protocol: Protocol;
}

/** A lesson step's DNS question, asked on a build the worker holds the way the request's client would (lessons/play.ts askDns). */
export interface DnsMessage {
  type: 'dns';
  seq: number;
  build: number;
  request: TraceRequest;
  question: NonNullable<LessonStep['lookup']>;
}

/** How many objects a text holds (a List's items each), for the notice of a file opened: counted off the page. */
export interface CountMessage {
  type: 'count';
  seq: number;
  text: string;
}

/** A node's tables of a build the worker holds (a large build sends only the trace's nodes by itself). */
export interface TablesMessage {
  type: 'tables';
  seq: number;
  build: number;
  node: string;
}

/**
 * A line typed in the terminal, run by the worker on the build on screen (`build`), or on the
 * text itself when the picture is stale (a syntax error): its tables never cross to the page.
 */
export interface ExecMessage {
  type: 'exec';
  seq: number;
  build?: number;
  /** The picture shows an older text (syntax errors): the terminal works on the editor's text as far as it builds. */
  stale: boolean;
  line: string;
  state: Omit<TerminalState, 'cluster'>;
}

export type EngineRequest = StartMessage | BuildMessage | TraceMessage | ReachMessage | DnsMessage | CountMessage | TablesMessage | ExecMessage;

/**
 * A build's answer. `cluster` is what the picture should show now, with `trace` on it;
 * absent when the picture must stay the last good one (a syntax error, or the engine failed).
 */
export interface BuiltReply {
  type: 'built';
  seq: number;
  /** The text's own diagnostics (those of the failure when the engine failed). */
  diagnostics: Diagnostic[];
  /** True when the picture shows another text than the one built (syntax errors, engine failure). */
  stale: boolean;
  /** The engine threw or returned its own failure (internal-error). */
  crash?: string;
  /** The new picture (absent: keep the one on screen), its tables packed (pack.ts). */
  cluster?: PackedCluster;
  trace?: Trace;
  /** True when the text built was accepted whole (no error): it becomes the last good text. */
  acceptedWhole: boolean;
  /** Milliseconds the worker spent (build and trace): the debounce follows it. */
  ms: number;
}

export interface TracedReply {
  type: 'traced';
  seq: number;
  build: number;
  trace: Trace;
}

/**
 * A node's tables of a large build (pack.ts): those of the nodes its trace crosses, sent after
 * it one at a time between other messages, and any other node's when asked (TablesMessage).
 */
export interface TablesReply extends PackedTables {
  type: 'tables';
  build: number;
  node: string;
}

export interface ReachedReply {
  type: 'reached';
  seq: number;
  build: number;
  matrix: ReachMatrix;
}

export interface DnsReply {
  type: 'dnsAnswer';
  seq: number;
  build: number;
  dns: DnsAnswer;
}

export interface CountedReply {
  type: 'counted';
  seq: number;
  objects: number;
}

export interface ExecutedReply {
  type: 'executed';
  seq: number;
  result: CommandResult;
}

export type EngineReply = BuiltReply | TracedReply | TablesReply | ReachedReply | DnsReply | CountedReply | ExecutedReply;
