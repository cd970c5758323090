/**
 * The engine client the store uses, one per page, over the host's transport (host.ts: a Web
 * Worker in the browser; the test's own thread under vitest, host.node.ts).
 */
import { createEngineClient, type EngineClient } from './client';
import { engineTransport } from './host';

let client: EngineClient | undefined;

export function engineClient(): EngineClient {
  return (client ??= createEngineClient(engineTransport()));
}
