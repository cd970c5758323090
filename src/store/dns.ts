/**
 * A lesson step's DNS answer on the build on screen, asked of the engine's worker (the resolver
 * is the engine's: lessons/play.ts askDns), so the page needs none of the engine to show it.
 */
import type { DnsAnswer } from '../lessons/play';
import type { LessonStep } from '../lessons/types';
import type { TraceRequest } from '../engine/trace/types';
import { engineClient } from '../worker/browser';
import { shownBuildSeq } from './store';

/** Asks the question; `done` runs only if the build it was asked on is still on screen. */
export function dnsOnScreen(request: TraceRequest, question: NonNullable<LessonStep['lookup']>, done: (dns: DnsAnswer) => void): void {
  const build = shownBuildSeq();
  if (build === undefined) return;
  engineClient().dns(build, request, question, (reply) => {
    if (reply.build === shownBuildSeq()) done(reply.dns);
  });
}
