/** The engine in a Web Worker: each message in, its answer out (handler.ts holds the logic). */
import { createEngineHandler } from './handler';
import type { EngineRequest } from './protocol';

const handler = createEngineHandler(() => performance.now());

/**
 * Background work (a large build's tables, node by node) runs one piece per task, so a message
 * that comes meanwhile is handled after one piece, not after all of them.
 */
let scheduled = false;
const pump = () => {
  scheduled = false;
  const reply = handler.background();
  if (!reply) return;
  self.postMessage(reply);
  schedule();
};
const schedule = () => {
  if (scheduled) return;
  scheduled = true;
  setTimeout(pump, 0);
};

self.onmessage = (e: MessageEvent<EngineRequest>) => {
  const reply = handler.handle(e.data);
  if (reply) self.postMessage(reply);
  schedule();
};
