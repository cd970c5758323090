/** `podpath lab`: the engine's lab script for the cluster, as it is, and a shell that can read it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { labScript } from '../engine/lab/script';
import { nodePortLesson } from '../lessons/nodeport';
import { memoryIo } from './io';
import { run } from './run';

async function podpath(line: string) {
  const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml });
  const code = await run(line.split(' '), io);
  return { code, out: io.out, err: io.err };
}

describe('podpath lab', () => {
  it('prints labScript for the cluster, namespaces prefixed podpath', async () => {
    const r = await podpath('lab -f lesson.yaml');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe(labScript(buildCluster(nodePortLesson.yaml), { prefix: 'podpath' }));
    expect(r.out.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', '# Podpath lab: the simulated cluster in real network namespaces (prefix podpath).']);
    expect(r.out).toContain("\n  ip netns add 'podpath-node-node01'\n");
  });

  it('--prefix names every namespace', async () => {
    const r = await podpath('lab --prefix class7 -f lesson.yaml');
    expect(r.out).toBe(labScript(buildCluster(nodePortLesson.yaml), { prefix: 'class7' }));
    expect(r.out.match(/ip netns add '([^']+)'/g)!.map((l) => l.split("'")[1])).toEqual([
      'class7-lan',
      'class7-ext-client',
      'class7-node-master01',
      'class7-node-node01',
      'class7-node-node02',
      'class7-pod-kube-system.coredns-5dd5756b68-ht8rn',
      'class7-pod-kube-system.coredns-5dd5756b68-72jmm',
      'class7-pod-default.my-nginx-deploment-55f596c87c-bzw22',
      'class7-pod-default.my-nginx-deploment-55f596c87c-lpgt8',
    ]);
  });

  it('is a script bash and sh can parse', async () => {
    const { out } = await podpath('lab -f lesson.yaml');
    for (const shell of ['bash', 'sh']) {
      const r = spawnSync(shell, ['-n'], { input: out, encoding: 'utf8' });
      expect([shell, r.status, r.stderr]).toEqual([shell, 0, '']);
    }
  });

  it.each(['a-b', 'x y', '', 'abcdefghijklmnopqrstu'])('refuses the prefix "%s"', async (prefix) => {
    const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml });
    const code = await run(['lab', '--prefix', prefix, '-f', 'lesson.yaml'], io);
    expect([code, io.out, io.err]).toEqual([1, '', `error: --prefix "${prefix}": use 1 to 20 letters and digits (it starts the name of every namespace the lab makes)\n`]);
  });
});
