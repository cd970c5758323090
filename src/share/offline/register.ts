/**
 * The service worker (public/sw.js, its file list written at build time by the offline
 * plugin in vite.config.ts) keeps every file of the build in the browser, so that the app
 * opens with no network after one visit. Registered once the page has settled, so that the
 * first visit's editor does not wait for the copy. Browsers run service workers only on https
 * and localhost pages, never from file://; the badge says which is the case.
 */
import { whenSettled } from '../../app/firstFrame';
import { useStore } from '../../store';

let waiting: ServiceWorker | undefined;

export function registerOffline(): void {
  const sw = navigator.serviceWorker;
  const set = useStore.getState().setOffline;
  // Opened from a file (podpath.html on a USB stick): all of it is already on this computer.
  if (location.protocol === 'file:') {
    set('file');
    return;
  }
  if (!sw || !window.isSecureContext || !import.meta.env.PROD) {
    set('unsupported');
    return;
  }
  // Said at once: the badge is not "online only" while the copy waits for the page to settle.
  set(sw.controller ? 'ready' : 'installing');
  const start = async () => {
    try {
      const registration = await sw.register('./sw.js', { scope: './' });
      const watch = (worker: ServiceWorker | null) => {
        if (!worker) return;
        const changed = () => {
          // A new version installed while an older one still controls the page: offer a reload.
          if (worker.state === 'installed' && sw.controller) {
            waiting = worker;
            set('update');
          } else if (worker.state === 'redundant' && !sw.controller) set('failed');
        };
        worker.addEventListener('statechange', changed);
        changed();
      };
      watch(registration.waiting ?? registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      await sw.ready;
      if (useStore.getState().offline !== 'update') set('ready');
    } catch {
      set('failed');
    }
  };
  // Once the page is drawn and its editor in (app/firstFrame.ts): installing fetches and
  // compiles every file of the app, which slowed the editor's own start by a fifth.
  const idle = () => ('requestIdleCallback' in window ? window.requestIdleCallback(() => void start(), { timeout: 2000 }) : setTimeout(() => void start(), 1000));
  void whenSettled().then(idle);
}

/** Activates the waiting version and reloads into it. */
export function applyUpdate(): void {
  if (!waiting) {
    location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage('skipWaiting');
}
