/**
 * The engine client the store uses: a Web Worker in the browser, the handler in this thread
 * where there is no Worker (Node: the store's tests). The worker's script is fetched after
 * the first paint; messages posted before it runs wait in a queue.
 *
 * The one-file build (podpath.html from file://) cannot load a worker from a file beside it,
 * so there the worker is inlined (a Blob worker), as the editor's are.
 */
import { createEngineClient, type EngineClient, type Transport } from './client';
import type { EngineReply, EngineRequest } from './protocol';
import { localTransport } from './transports';

type WorkerConstructor = new (options?: { name?: string }) => Worker;

const NAME = 'podpath-engine';

/** The worker, started at once (a module worker beside the app), or from the inlined copy in the one-file build. */
const makeWorker = (): Promise<Worker> =>
  import.meta.env?.MODE === 'file'
    ? import('./engine.worker?worker&inline').then(({ default: EngineWorker }: { default: WorkerConstructor }) => new EngineWorker({ name: NAME }))
    : Promise.resolve(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: NAME }));

/** Messages wait until the worker exists; replies go to the client. */
function lazyWorkerTransport(): Transport {
  const queue: EngineRequest[] = [];
  let worker: Worker | undefined;
  let receive: (reply: EngineReply) => void = () => undefined;
  void makeWorker().then((made) => {
    worker = made;
    worker.onmessage = (e: MessageEvent<EngineReply>) => receive(e.data);
    worker.onerror = (e) => console.error('podpath engine worker:', e.message);
    for (const m of queue.splice(0)) worker.postMessage(m);
  });
  return {
    post: (message) => (worker ? worker.postMessage(message) : queue.push(message)),
    listen: (r) => {
      receive = r;
    },
  };
}

let client: EngineClient | undefined;

export function engineClient(): EngineClient {
  return (client ??= createEngineClient(typeof Worker === 'undefined' ? localTransport() : lazyWorkerTransport()));
}
