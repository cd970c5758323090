/**
 * What the kernel tests replay of the lessons, and the clusters several of them build: shared by
 * kernel.test.ts (each step in its own mode) and nftables.test.ts (the steps again in nftables mode).
 */
import { lessons } from '../lessons';
import { endpointsLesson } from '../lessons/endpoints';
import { requestAt, yamlAt } from '../lessons/steps';
import { expectKernelAgrees } from './agree';

/**
 * Every lesson step whose request the kernel alone decides: an address (not a name, which
 * needs DNS or an Ingress controller) and no port-forward.
 */
export const kernelSteps = lessons
  .flatMap((l) => (l.steps ?? []).map((_, i) => ({ lesson: l, index: i, request: requestAt(l, i), yaml: yamlAt(l, i).yaml })))
  .filter(({ request }) => !request.portForward && /^(http:\/\/)?\d{1,3}(\.\d{1,3}){3}(:\d+)?(\/.*)?$/.test(request.to));

export type KernelStep = (typeof kernelSteps)[number];

/** A step's request sent ten times through the lab built from `yaml` (the step's own by default): the kernel must agree with the trace. */
export function playStep(step: KernelStep, yaml = step.yaml): void {
  const m = /^(?:http:\/\/)?([\d.]+)(?::(\d+))?/.exec(step.request.to)!;
  expectKernelAgrees(yaml, m[1], Number(m[2] ?? 80), 10, step.request.from);
}

/** Seed 000: hand-written Endpoints to the nginx on the VMware host (the outside-endpoints lesson's cluster). */
export const OUT_NG = endpointsLesson.yaml;
