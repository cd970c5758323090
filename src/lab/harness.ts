/**
 * Runs the engine's lab script for real: builds the namespaces, sends requests from inside
 * them, and always tears everything down. Needs root (network namespaces, iptables-restore).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../engine';
import { labScript } from '../engine/lab/script';

/** What the client in the lab saw: the server's answer, or the error of the connection. */
export type KernelResult = { pod: string; namespace: string; node: string; port: number; host: string; from: string } | { error: string };

export interface Lab {
  /** One HTTP request from `external`, `node/NAME` or `pod/NS/NAME`. */
  curl(from: string, ip: string, port: number, host?: string): KernelResult;
  down(): void;
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the kernel tests need root: they create network namespaces and load iptables rules in them';
  for (const tool of ['ip', 'iptables-restore', 'ss']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `the kernel tests need ${tool} (Debian: apt-get install -y iproute2 iptables)`;
    }
  }
  return undefined;
}

let count = 0;

export function startLab(cluster: Cluster): Lab {
  // A prefix per lab and per process: parallel runs and leftovers of a killed run never collide.
  const prefix = `pp${process.pid.toString(36)}${(count++).toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'podpath-lab-'));
  const script = join(dir, 'lab.sh');
  writeFileSync(script, labScript(cluster, { prefix }));
  const sh = (...args: string[]) => execFileSync('sh', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const down = () => {
    try {
      sh('down');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    sh('up');
  } catch (error) {
    down();
    throw error;
  }
  return {
    curl(from, ip, port, host) {
      const line = sh('request', from, ip, String(port), ...(host ? [host] : [])).trim();
      const answer = JSON.parse(line) as { status?: number; body?: string; error?: string };
      return answer.error ? { error: answer.error } : JSON.parse(answer.body!);
    },
    down,
  };
}
