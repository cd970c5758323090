/**
 * `podpath build`: what was built, and every diagnostic with where it points in the YAML.
 * Exit 1 when the API server would have rejected an object (an error diagnostic).
 */
import type { Io } from '../io';
import type { Parsed } from '../args';
import { load, printDiagnostics } from '../load';
import { locate } from '../input';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

export async function build(args: Parsed, io: Io): Promise<number> {
  const loaded = await load(args.values.filename as string[] ?? [], io);
  const { cluster } = loaded;
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
  if (args.values.json) {
    const diagnostics = cluster.diagnostics.map((d) => {
      const at = locate(loaded.input, d.range.start.line);
      return { severity: d.severity, code: d.code, message: d.message, line: at?.line ?? 0, column: at ? d.range.start.column : 0, object: d.object ?? null };
    });
    io.stdout(`${JSON.stringify({ diagnostics }, null, 2)}\n`);
    return errors.length > 0 ? 1 : 0;
  }
  // Pods by the STATUS kubectl would show: Running, Pending, CrashLoopBackOff.
  const states = new Map<string, number>();
  for (const p of cluster.pods) states.set(p.status ?? p.phase, (states.get(p.status ?? p.phase) ?? 0) + 1);
  const podStates = [...states.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
  io.stdout(
    `${plural(cluster.nodes.length, 'node')}, ${plural(cluster.pods.length, 'pod')}${podStates ? ` (${podStates})` : ''}, ` +
      `${plural(cluster.services.length, 'service')}, ${plural(cluster.endpointSlices.length, 'endpoint slice')}, ${plural(cluster.ingresses.length, 'ingress')}\n`,
  );
  printDiagnostics(loaded, io);
  const warnings = cluster.diagnostics.length - errors.length;
  io.stdout(cluster.diagnostics.length === 0 ? 'no problems\n' : `${plural(errors.length, 'error')}, ${warnings} other ${warnings === 1 ? 'diagnostic' : 'diagnostics'}\n`);
  return errors.length > 0 ? 1 : 0;
}
