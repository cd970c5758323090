import type { Outcome, TraceRequest } from '../engine';

/** A text in both languages the app speaks. */
export interface Localized {
  en: string;
  zh: string;
}

/** What a step must show. The lesson tests check every field given, against the engine. */
export interface StepExpectation {
  outcome?: Outcome;
  /** The serving pod's name, or its prefix ending in `-` (a Deployment's pods); an outside `IP:PORT`; or a node process (`kubelet`). */
  servedBy?: string;
  sourceIpSeen?: string;
  httpStatus?: number;
  /** Hop title keys (`hop.dnsAnswer.title`) that must appear in the trace, in this order. */
  hops?: string[];
  /** The outcome message key, for failures (`outcome.noResolve`). */
  message?: string;
  /** Diagnostic codes the YAML must produce at this step (`pod-crashloop`…); none other of severity error. */
  diagnostics?: string[];
}

/** One step of a lesson: narration, optionally a change of the YAML, and a request to trace. */
export interface LessonStep {
  text: Localized;
  /** The YAML from this step on, whole. */
  yaml?: string;
  /** Or edits to the current YAML, applied in order; each `find` must occur exactly once. */
  edits?: { find: string; replace: string }[];
  /** The request to trace from this step on (the previous one stays otherwise). */
  request?: TraceRequest;
  expect?: StepExpectation;
  /** Challenge mode: the class predicts before the step is shown. */
  challenge?: { question: Localized; answer: Localized };
}

/** A built-in scenario from the articles: its YAML, the request it traces first, its steps. */
export interface Lesson {
  id: string;
  title: Localized;
  summary?: Localized;
  /** The seed articles it comes from (`000`, `003`…). */
  seeds?: string[];
  yaml: string;
  request: TraceRequest;
  steps?: LessonStep[];
}
