/**
 * The terminal's curl prints what the engine's image model answers (src/engine/images): article
 * 003's `curl 10.0.0.32:8080` to the hostNetwork tomcat (here node02 is 192.168.255.103, as in
 * the hostNetwork lesson) prints Tomcat's 404 page, the sign that the request arrived.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { tomcat404 } from '../engine/images';
import { hostNetworkLesson } from '../lessons/hostnetwork';
import { runCommand } from './shell';
import type { TerminalState } from './types';

const yaml = hostNetworkLesson.steps?.[2].yaml ?? '';
const state: TerminalState = { yaml, cluster: buildCluster(yaml), shell: { kind: 'external' } };

describe('curl answers as the image does', () => {
  it('tomcat:latest: its 404 page, and a status line with no reason phrase', () => {
    const body = runCommand(state, 'curl 192.168.255.103:8080');
    expect([body.output, body.exitCode]).toEqual([tomcat404('11.0.2'), 0]);
    expect(body.output.startsWith('<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title>')).toBe(true);
    const head = runCommand(state, 'curl -I 192.168.255.103:8080');
    expect(head.output.split('\r\n')[0]).toBe('HTTP/1.1 404 ');
    expect(runCommand(state, 'curl -f 192.168.255.103:8080').exitCode).toBe(22);
  });
});
