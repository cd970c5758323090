/**
 * Where the page's engine runs: a Web Worker, started at once (a module worker beside the
 * app), or the inlined copy in the one-file build (podpath.html from file:// cannot load a
 * worker from a file beside it). Messages posted before it runs wait in a queue. The unit
 * tests run the engine in their own thread instead (host.node.ts, put in this file's place
 * by vite.config.ts's test alias).
 */
import type { Transport } from './client';
import type { EngineReply, EngineRequest } from './protocol';

type WorkerConstructor = new (options?: { name?: string }) => Worker;

const NAME = 'podpath-engine';

/** The worker, started at once (a module worker beside the app), or from the inlined copy in the one-file build. */
const makeWorker = (): Promise<Worker> =>
  import.meta.env?.MODE === 'file'
    ? import('./engine.worker?worker&inline').then(({ default: EngineWorker }: { default: WorkerConstructor }) => new EngineWorker({ name: NAME }))
    : Promise.resolve(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: NAME }));

/**
 * Messages wait until the worker exists; replies go to the client. `startWhen`: the worker is
 * made when it resolves, not at once (the first picture came with the page: the worker's
 * script is compiled and its first build made once the page is drawn, not beside it).
 */
export function engineTransport(startWhen?: Promise<unknown>): Transport {
  return typeof Worker === 'undefined' ? lazyLocalTransport() : lazyWorkerTransport(startWhen ?? Promise.resolve());
}

function lazyWorkerTransport(startWhen: Promise<unknown>): Transport {
  const queue: EngineRequest[] = [];
  let worker: Worker | undefined;
  let receive: (reply: EngineReply) => void = () => undefined;
  void startWhen.then(makeWorker).then((made) => {
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

/**
 * Where there is no Worker, the engine in this thread, loaded on first use: imported
 * statically it would put the whole engine into the page's entry chunk.
 */
function lazyLocalTransport(): Transport {
  const queue: EngineRequest[] = [];
  let local: Transport | undefined;
  let receive: (reply: EngineReply) => void = () => undefined;
  void import('./transports').then(({ localTransport }) => {
    local = localTransport();
    local.listen((reply) => receive(reply));
    for (const m of queue.splice(0)) local.post(m);
  });
  return {
    post: (message) => (local ? local.post(message) : queue.push(message)),
    listen: (r) => {
      receive = r;
    },
  };
}
