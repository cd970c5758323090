/**
 * Runs the engine's lab script for real: builds the namespaces, sends requests from inside
 * them, and always tears everything down. Needs root (network namespaces, iptables-restore).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../engine';
import { labScript } from '../engine/lab/script';

/** What the client in the lab saw: the server's answer, or the error of the connection. */
export type KernelResult = { pod: string; namespace: string; node: string; port: number; host: string; from: string } | { error: string };

export interface Lab {
  /** The lab's prefix: every namespace it makes is named `PREFIX-…`. */
  prefix: string;
  /** One HTTP request from `external`, `node/NAME` or `pod/NS/NAME`. */
  curl(from: string, ip: string, port: number, host?: string): KernelResult;
  /**
   * Every connection at once from `from` (`lab.sh probe`): TCP as an HTTP request, UDP as one
   * datagram; each answer or error, in the order given.
   */
  probe(from: string, targets: Probe[]): KernelResult[];
  /** `probe` from several places at once (each a `lab.sh probe` of its own, run side by side). */
  probeAll(batches: { from: string; targets: Probe[] }[]): Promise<KernelResult[][]>;
  /** `lab.sh exec TARGET COMMAND…`: what the command printed. */
  exec(target: string, ...command: string[]): string;
  down(): void;
}

/** One connection of `Lab.probe`. */
export interface Probe {
  protocol: 'TCP' | 'UDP';
  ip: string;
  port: number;
}

const specsOf = (targets: Probe[]) => targets.map((t) => `${t.protocol.toLowerCase()}:${t.ip}:${t.port}`);

/** PROBE's lines, one per spec in order: the server's answer, or the error. */
function probeAnswers(specs: string[], stdout: string): KernelResult[] {
  const lines = stdout.trim().split('\n');
  if (lines.length !== specs.length) throw new Error(`lab.sh probe answered ${lines.length} lines for ${specs.length} probes`);
  return lines.map((line, i) => {
    const answer = JSON.parse(line) as { probe: string; body?: string; error?: string };
    if (answer.probe !== specs[i]) throw new Error(`lab.sh probe answered ${answer.probe} for ${specs[i]}`);
    return answer.error ? { error: answer.error } : (JSON.parse(answer.body!) as KernelResult);
  });
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the kernel tests need root: they create network namespaces and load iptables rules in them';
  for (const [tool, pkg] of [['ip', 'iproute2'], ['iptables-restore', 'iptables'], ['iptables-save', 'iptables'], ['ss', 'iproute2'], ['ipset', 'ipset']]) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `the kernel tests need ${tool} (Debian: apt-get install -y ${pkg})`;
    }
  }
  return undefined;
}

/** Why kube-proxy's nftables mode cannot be built here: the lab loads its table with nft. */
export function nftUnavailable(): string | undefined {
  const base = labUnavailable();
  if (base) return base;
  try {
    execFileSync('sh', ['-c', 'command -v nft'], { stdio: 'ignore' });
  } catch {
    return 'the nftables kernel tests need nft (Debian: apt-get install -y nftables)';
  }
  return undefined;
}

/** A KubeProxyConfiguration document choosing kube-proxy's nftables mode, to append to a cluster's YAML. */
export const NFT_MODE = `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
`;

let count = 0;
const nextPrefix = () => `pp${process.pid.toString(36)}${(count++).toString(36)}`;

/** Runs `fn` with a scratch network namespace of its own, always deleted afterwards. */
function inScratchNamespace<T>(fn: (ns: string) => T): T {
  const ns = `${nextPrefix()}-scratch`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    return fn(ns);
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

/**
 * Why kube-proxy's IPVS mode cannot be built here: the lab needs the kernel's IPVS (checked in
 * a scratch namespace, so nothing is touched outside) and ipvsadm.
 */
export function ipvsUnavailable(): string | undefined {
  const base = labUnavailable();
  if (base) return base;
  try {
    execFileSync('sh', ['-c', 'command -v ipvsadm'], { stdio: 'ignore' });
  } catch {
    return 'the IPVS kernel tests need ipvsadm (Debian: apt-get install -y ipvsadm)';
  }
  return inScratchNamespace((ns) => {
    try {
      execFileSync('ip', ['netns', 'exec', ns, 'ipvsadm', '-Ln'], { stdio: 'pipe' });
      return undefined;
    } catch (error) {
      const text = String((error as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
      return `this kernel has no IPVS, so kube-proxy's IPVS mode cannot be checked against it (ipvsadm -Ln: ${text})`;
    }
  });
}

/**
 * What the kernel's own iptables-save prints after loading `save` (and the ipsets it matches
 * on) with iptables-restore, in a scratch namespace: the referee of the engine's rendering.
 */
export function kernelSave(save: string, ipsets?: string): string {
  return inScratchNamespace((ns) => {
    if (ipsets) execFileSync('ip', ['netns', 'exec', ns, 'ipset', 'restore'], { input: ipsets });
    execFileSync('ip', ['netns', 'exec', ns, 'iptables-restore'], { input: save });
    return execFileSync('ip', ['netns', 'exec', ns, 'iptables-save'], { encoding: 'utf8' });
  });
}

/**
 * Builds `cluster` in the kernel. The script is written for the cluster as given, refused
 * objects or not, so that the tests can hand it names no API server would take.
 */
export function startLab(cluster: Cluster): Lab {
  // A prefix per lab and per process: parallel runs and leftovers of a killed run never collide.
  const prefix = nextPrefix();
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
    prefix,
    curl(from, ip, port, host) {
      const line = sh('request', from, ip, String(port), ...(host ? [host] : [])).trim();
      const answer = JSON.parse(line) as { status?: number; body?: string; error?: string };
      return answer.error ? { error: answer.error } : JSON.parse(answer.body!);
    },
    probe(from, targets) {
      return targets.length === 0 ? [] : probeAnswers(specsOf(targets), sh('probe', from, ...specsOf(targets)));
    },
    probeAll(batches) {
      return Promise.all(batches.map(({ from, targets }) => new Promise<KernelResult[]>((resolve, reject) => {
        if (targets.length === 0) return resolve([]);
        execFile('sh', [script, 'probe', from, ...specsOf(targets)], { encoding: 'utf8' }, (error, stdout) => {
          if (error) reject(error);
          else resolve(probeAnswers(specsOf(targets), stdout));
        });
      })));
    },
    exec: (target, ...command) => sh('exec', target, ...command),
    down,
  };
}
