import type { Outcome, RecordType, TraceRequest } from '../engine';
import type { PacketCost, ServiceCost } from '../engine/trace/cost';

/** A text in both languages the app speaks. */
export interface Localized {
  en: string;
  zh: string;
}

/** A pod the step expects, as `kubectl get pods -o wide` would list it. */
export interface ExpectedPod {
  /** The pod's name, or its prefix ending in `-`. */
  name: string;
  node?: string;
  ip?: string;
  /** `Running`, `Pending` or `CrashLoopBackOff`, what kubectl's STATUS column says. */
  status?: 'Running' | 'Pending' | 'CrashLoopBackOff';
  /** How many pods match `name` (a prefix); one when not given. */
  count?: number;
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
  /**
   * Hop title keys that must not appear in the connection itself: the hops from the request's
   * own first packet on (a DNS lookup before it has its own DNAT to CoreDNS, which does not count).
   */
  absentHops?: string[];
  /** Rule texts (`-A KUBE-SVC-… -j KUBE-SEP-…`) that must be among the rules the trace matched. */
  rules?: string[];
  /** Every endpoint kube-proxy could pick, in its order, each with its chance. */
  candidates?: { name: string; probability: number }[];
  /** The outcome message key, for failures (`outcome.noResolve`). */
  message?: string;
  /** The note's key on a plugin that enforces no NetworkPolicy (`trace.policy.notEnforcedIngress`), or `none`. */
  policyNote?: string;
  /** Diagnostic codes the YAML must produce at this step (`pod-crashloop`…); none other of severity error. */
  diagnostics?: string[];
  /** Pods that must exist at this step, with what kubectl would show for them. */
  pods?: ExpectedPod[];
  /** Pod names that must not exist any more (deleted). */
  gone?: string[];
  /** The step's DNS lookup (`lookup`): its rcode and answer records as `TYPE DATA` (`A 10.244.1.2`, `CNAME web.test.svc.cluster.local.`). */
  dns?: { rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL'; answer: string[] };
  /**
   * What kube-proxy's mode costs (engine/trace/cost.ts), each compared whole: `packet`, the
   * connection's first packet on the node that translates the Service address; `service`, what
   * kube-proxy writes on `node` for one more Service like `name` (`namespace/name`).
   */
  cost?: { packet?: PacketCost; service?: ServiceCost & { name: string } };
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
  /** What the article types for this request, when it is not curl (`wget httpd-svc:8080`). */
  command?: string;
  /**
   * A DNS question to show beside the trace (what `nslookup NAME` prints): asked from the
   * request's pod through its resolv.conf search list, or as a fully qualified name.
   */
  lookup?: { name: string; type?: RecordType };
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
