/**
 * The reachability matrix of the build on screen (engine/netpol/reach.ts reachMatrix), asked of
 * the engine's worker, which keeps it per build, port and protocol: derived once per build, and
 * only when the matrix view asks.
 */
import type { ReachMatrix } from '../engine/netpol/reach';
import type { Protocol } from '../engine/netpol/types';
import { engineClient } from '../worker/browser';
import { shownBuildSeq } from './store';

/** Asks for the matrix; `done` runs only if the build it was made for is still on screen. */
export function reachOnScreen(port: number, protocol: Protocol, done: (matrix: ReachMatrix) => void): void {
  const build = shownBuildSeq();
  if (build === undefined) return;
  engineClient().reach(build, port, protocol, (reply) => {
    if (reply.build === shownBuildSeq()) done(reply.matrix);
  });
}
