/**
 * Property tests: whatever a stranger sends, every build returns a cluster and every trace ends
 * in one of the network's named outcomes, with a message; nothing throws. Fixed seeds, so a
 * failure replays; `npm run fuzz` runs the same generators for longer.
 */
import { describe, expect, it } from 'vitest';
import { lessons } from '../../lessons';
import { buildCluster } from '../build';
import { traceRequest } from '../trace/trace';
import type { TraceRequest } from '../trace/types';
import { buildProblem, CORPUS, mutate, NAMED_OUTCOMES, rand, randomDocument, randomRequest, randomYaml, traceProblem } from './generate';

/** Builds and traces one seed's input; returns what went wrong, if anything. */
function check(seed: number, traces: number): string[] {
  const r = rand(seed);
  const yaml = randomYaml(r);
  const problems: string[] = [];
  let cluster;
  try {
    cluster = buildCluster(yaml);
    const problem = buildProblem(cluster);
    if (problem) return [`seed ${seed}: build: ${problem}`];
  } catch (e) {
    return [`seed ${seed}: build threw ${String(e)}`];
  }
  for (let i = 0; i < traces; i++) {
    const request = randomRequest(r, cluster);
    try {
      const t = traceRequest(cluster, request);
      const problem = traceProblem(t);
      if (problem) problems.push(`seed ${seed}: ${problem}: ${t.outcome} ${JSON.stringify(t.outcomeMessage)}`);
    } catch (e) {
      problems.push(`seed ${seed}: trace threw ${String(e)}`);
    }
  }
  return problems;
}

describe('the engine never throws', () => {
  it('on mutated lessons and random documents, with odd requests (seeds 1–120)', () => {
    const problems: string[] = [];
    for (let seed = 1; seed <= 120; seed++) problems.push(...check(seed, 6));
    expect(problems).toEqual([]);
  }, 60_000);

  it('on random documents alone', () => {
    const r = rand(2024);
    for (let i = 0; i < 40; i++) {
      const text = Array.from({ length: 1 + r.int(3) }, () => randomDocument(r)).join('---\n');
      const cluster = buildCluster(text);
      expect(buildProblem(cluster)).toBeUndefined();
    }
  }, 30_000);

  it('on every lesson mutated once by each kind of edit', () => {
    const r = rand(7);
    for (const text of CORPUS.slice(0, 8)) {
      for (let i = 0; i < 6; i++) expect(buildProblem(buildCluster(mutate(r, text)))).toBeUndefined();
    }
  }, 30_000);
});

describe('every trace ends in a named outcome, with a message', () => {
  const odd: Partial<TraceRequest>[] = [
    { pick: 0 }, { pick: -1 }, { pick: 1.5 }, { pick: Number.NaN }, { pick: 1e300 }, { pick: 99 },
    { seed: -1 }, { seed: Number.NaN }, { seed: 2 ** 40 }, { seed: 1.5 },
    { to: 'http://[::1]:80/' }, { to: '10.96.0.10:0' }, { to: '10.96.0.10:65536' }, { to: '<script>alert(1)</script>' }, { to: '名前:80' },
    { from: 'pod/' as TraceRequest['from'] }, { from: 'node/\u0000' as TraceRequest['from'] }, { connect: '[::1]:80' },
    { portForward: { target: 'pod/', ports: '99999' } },
  ];
  it.each(lessons.map((l) => [l.id, l] as const))('in lesson %s, for its own request made odd', (_id, lesson) => {
    const cluster = buildCluster(lesson.yaml);
    const base: TraceRequest = lesson.request ?? { from: 'external', to: 'http://192.168.255.102:31101/' };
    for (const change of odd) {
      const t = traceRequest(cluster, { ...base, ...change });
      expect(NAMED_OUTCOMES).toContain(t.outcome);
      expect(t.outcomeMessage.key).toMatch(/^outcome\./);
    }
  });
});
