/**
 * The engine client the store uses, one per page, over the host's transport (host.ts: a Web
 * Worker in the browser; the test's own thread under vitest, host.node.ts).
 */
import { createEngineClient, type EngineClient } from './client';
import { engineTransport } from './host';

let client: EngineClient | undefined;
let release: () => void = () => undefined;
/** The worker is made once the store says when (startEngine); messages wait for it meanwhile. */
const gate = new Promise<void>((resolve) => (release = resolve));

export function engineClient(): EngineClient {
  return (client ??= createEngineClient(engineTransport(gate)));
}

/** Lets the worker start: now, or once `until` resolves (the store: when the first picture came with the page). */
export function startEngine(until?: Promise<unknown>): void {
  void (until ?? Promise.resolve()).then(() => release());
}
