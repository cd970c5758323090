/* global caches, fetch, Request, __FILES__ */
/**
 * Podpath's service worker. The build (the offline plugin in vite.config.ts) writes this file
 * into the built folder as sw.js, with the list of every file it holds and a version made of
 * their contents. Install copies them all into one cache; from then on every request for one
 * of them is answered from it, network or not. A page navigation anywhere under the app's
 * folder (`?embed=1` included) gets the cached index.html. A new build is a new version: it
 * installs beside the old one, waits until the page asks for it (the "new version" notice),
 * then replaces it and deletes the old files.
 */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `podpath-${VERSION}`;
const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(scoped(f), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('podpath-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (request.mode === 'navigate') {
        const page = await cache.match(scoped('index.html'));
        if (page) return page;
      }
      return (await cache.match(request, { ignoreSearch: true })) ?? fetch(request);
    })(),
  );
});
