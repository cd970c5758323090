/**
 * `npm run fuzz`: the engine against hostile input for longer than the unit suite can afford.
 * Builds mutated lessons and random documents, traces odd requests through each cluster, and
 * counts every input, every exception (thrown, or caught by a guard: build.ts's internal-error
 * diagnostic, traceRequest's `error` outcome) and every trace that ends without a named
 * outcome. Exits 1 if either count is above zero, printing the seeds that replay them.
 *
 *   npm run fuzz [-- --inputs N] [-- --seed S]
 */
import { buildCluster } from '../src/engine/build';
import { buildProblem, rand, randomRequest, randomYaml, traceProblem } from '../src/engine/fuzz/generate';
import { traceRequest } from '../src/engine/trace/trace';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const target = arg('inputs', 100_000);
const firstSeed = arg('seed', 1);
const TRACES_PER_BUILD = 9;

let inputs = 0;
let exceptions = 0;
let unnamed = 0;
const failures: string[] = [];
const report = (kind: string, seed: number, what: string) => {
  if (failures.length < 20) failures.push(`${kind} (seed ${seed}): ${what.split('\n')[0].slice(0, 300)}`);
};

const started = Date.now();
for (let seed = firstSeed; inputs < target; seed++) {
  const r = rand(seed);
  const yaml = randomYaml(r);
  inputs++;
  let cluster;
  try {
    cluster = buildCluster(yaml);
    const problem = buildProblem(cluster);
    if (problem) {
      exceptions++;
      report('build', seed, problem);
      continue;
    }
  } catch (e) {
    exceptions++;
    report('build threw', seed, e instanceof Error ? e.stack ?? e.message : String(e));
    continue;
  }
  for (let i = 0; i < TRACES_PER_BUILD && inputs < target; i++) {
    inputs++;
    try {
      const request = randomRequest(r, cluster);
      const t = traceRequest(cluster, request);
      const problem = traceProblem(t);
      if (problem === 'exception') {
        exceptions++;
        report('trace', seed, String(t.outcomeMessage.params?.error));
      } else if (problem) {
        unnamed++;
        report('unnamed outcome', seed, `${t.outcome} ${JSON.stringify(t.outcomeMessage)}`);
      }
    } catch (e) {
      exceptions++;
      report('trace threw', seed, e instanceof Error ? e.stack ?? e.message : String(e));
    }
  }
}
const seconds = (Date.now() - started) / 1000;
console.log(`fuzz: ${inputs} inputs (seeds ${firstSeed}…), ${exceptions} exceptions, ${unnamed} unnamed outcomes, in ${seconds.toFixed(1)} s`);
for (const f of failures) console.log(`  ${f}`);
process.exit(exceptions > 0 || unnamed > 0 ? 1 : 0);
