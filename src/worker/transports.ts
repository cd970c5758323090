/**
 * Where the engine runs: a Web Worker in the browser; in Node (the store's tests) the same
 * handler in the calling thread, answering before `post` returns.
 */
import { createEngineHandler } from './handler';
import type { Transport } from './client';
import type { EngineReply } from './protocol';

/** The handler in this thread: each message answered at once (Node, tests). */
export function localTransport(): Transport {
  const handler = createEngineHandler(() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  let receive: (reply: EngineReply) => void = () => undefined;
  return {
    post: (message) => {
      const reply = handler.handle(structuredClone(message));
      if (reply) receive(structuredClone(reply));
      // A large build's tables follow at once here (there is no other thread to wait for).
      for (let more = handler.background(); more; more = handler.background()) receive(structuredClone(more));
    },
    listen: (r) => {
      receive = r;
    },
  };
}

/** A worker behind the transport (created by the caller: Vite needs the `new Worker` where it can see it). */
export function workerTransport(worker: Worker): Transport {
  return {
    post: (message) => worker.postMessage(message),
    listen: (receive) => {
      worker.onmessage = (e: MessageEvent<EngineReply>) => receive(e.data);
    },
  };
}
