import { describe, expect, it } from 'vitest';
import type { Cluster } from '../engine';
import { en } from '../i18n/en';
import { isMessageKey } from '../i18n';
import { lessons } from './index';
import { commandLine, playLesson, yamlAt } from './play';

/** Addresses a narration may name at a step: the cluster's, and those written in the YAML. */
function knownAddresses(cluster: Cluster, yaml: string): Set<string> {
  // Loopback, and the wildcard a socket binds to (kubectl port-forward --address 0.0.0.0).
  const out = new Set<string>(['127.0.0.1', '0.0.0.0']);
  for (const n of cluster.nodes) out.add(n.ip);
  for (const p of cluster.pods) if (p.ip) out.add(p.ip);
  for (const s of cluster.services) [s.clusterIP, ...s.loadBalancerIPs].forEach((ip) => out.add(ip));
  for (const e of cluster.externals) out.add(e.ip);
  for (const d of cluster.nodeDataplanes) for (const i of d.interfaces) if (i.address) out.add(i.address.split('/')[0]);
  // A pod's gateway, even one nobody holds (Calico's 169.254.1.1, answered by proxy ARP).
  for (const d of cluster.podDataplanes) for (const r of d.routes) if (r.via) out.add(r.via);
  for (const m of yaml.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)) out.add(m[0]);
  return out;
}

/** Addresses in a text, without CIDRs (10.244.0.0/16) and without ports. */
const addressesIn = (text: string) => [...text.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b(?!\/|\.\d)/g)].map((m) => m[0]);
/** Generated pod names in a text: `<owner>-<hash>-<suffix>` from Kubernetes' safe alphabet. */
const podNamesIn = (text: string) => [...text.matchAll(/\b[a-z][a-z0-9-]*-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g)].map((m) => m[0]);

describe('the lessons', () => {
  it('have unique ids, and cover every seed article', () => {
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    expect([...new Set(lessons.flatMap((l) => l.seeds ?? []))].sort()).toEqual(['000', '001', '002', '003', '004']);
  });
});

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  const played = playLesson(lesson);

  it('plays to its end, every step showing what it promises', () => {
    expect(played.map((p, i) => ({ step: i + 1, problems: p.problems }))).toEqual(played.map((_, i) => ({ step: i + 1, problems: [] })));
  });

  it('starts where its first step is: the lesson\'s own YAML and request', () => {
    const first = lesson.steps![0];
    expect(first.yaml ?? first.edits).toBeUndefined();
    expect(first.request ?? lesson.request).toEqual(lesson.request);
    expect(yamlAt(lesson, 0).yaml).toBe(lesson.yaml);
  });

  it('is written in both languages, and every step expects an outcome', () => {
    const texts = [lesson.title, lesson.summary, ...(lesson.steps ?? []).flatMap((s) => [s.text, s.challenge?.question, s.challenge?.answer])];
    expect(lesson.summary).toBeDefined();
    for (const t of texts.filter((x) => x !== undefined)) {
      expect(t!.en.trim()).not.toBe('');
      expect(t!.zh.trim()).not.toBe('');
      // Chinese text is Chinese, not English left untranslated.
      expect(t!.zh, t!.en).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const step of lesson.steps ?? []) expect(step.expect?.outcome, step.text.en).toBeDefined();
    // Hop keys named in expectations exist in the message catalogue.
    for (const key of (lesson.steps ?? []).flatMap((s) => [...(s.expect?.hops ?? []), ...(s.expect?.absentHops ?? [])])) expect(en).toHaveProperty([key]);
  });

  it('names in its narration only addresses and pods that exist at that step (or did before it)', () => {
    played.forEach((p, i) => {
      const upTo = played.slice(0, i + 1);
      const addresses = new Set(upTo.flatMap((q) => [...knownAddresses(q.cluster, q.yaml)]));
      const pods = new Set(upTo.flatMap((q) => q.cluster.pods.map((x) => x.name)));
      const texts = [p.step.text, p.step.challenge?.question, p.step.challenge?.answer, ...(i === 0 ? [lesson.summary] : [])]
        .filter((t) => t !== undefined)
        .flatMap((t) => [t!.en, t!.zh]);
      for (const text of texts) {
        for (const ip of addressesIn(text)) expect(addresses.has(ip), `step ${i + 1} names ${ip}`).toBe(true);
        for (const name of podNamesIn(text)) expect(pods.has(name), `step ${i + 1} names ${name}`).toBe(true);
      }
    });
  });

  it('has a text for every message its traces show', () => {
    for (const p of played) {
      const keys = new Set<string>([p.trace.outcomeMessage.key, ...p.cluster.diagnostics.flatMap((d) => (d.key ? [d.key] : []))]);
      for (const hop of p.trace.hops) {
        keys.add(hop.title.key);
        keys.add(hop.explain.key);
        for (const r of hop.netfilter?.rules ?? []) for (const m of r.matches) keys.add(m.why.key);
      }
      for (const key of keys) expect(isMessageKey(key), key).toBe(true);
    }
  });

  it('shows each step as the command the article types', () => {
    for (const p of played) {
      const { prompt, command } = commandLine(p.request, p.step.command);
      expect(prompt).not.toBe('');
      expect(command).toMatch(p.request.portForward ? /^kubectl port-forward \S+ \d+:\d+/ : /^(curl( --connect-to ::[\d.:]+)?|wget) \S+$/);
      // The article's wget names the same host and port the trace requests.
      if (p.step.command) expect(p.request.to).toContain(p.step.command.split(' ').at(-1)!.split(':')[0]);
    }
  });
});
