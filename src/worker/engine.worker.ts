/** The engine in a Web Worker: each message in, its answer out (handler.ts holds the logic). */
import { createEngineHandler } from './handler';
import type { EngineRequest } from './protocol';

const handler = createEngineHandler(() => performance.now());

self.onmessage = (e: MessageEvent<EngineRequest>) => {
  const reply = handler.handle(e.data);
  if (reply) self.postMessage(reply);
};
