/* global caches, fetch, Request, __FILES__ */
/**
 * Podpath's service worker. The build (the offline plugin in vite.config.ts) writes this file
 * into the built folder as sw.js, with the list of every file it holds and a version made of
 * their contents. Install copies them all into one cache; from then on every request for one
 * of them is answered from it, network or not, and opening the app's page (`./`,
 * `index.html`, `?embed=1` included) gets the cached index.html. Other URLs are left alone.
 * A new build is a new version: it installs beside the old one, waits until the page asks for
 * it (the "new version" notice), then replaces it and deletes the old files.
 */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `podpath-${VERSION}`;
const scoped = (path) => new URL(path, self.registration.scope).href;
const PRECACHED = new Set(FILES.map(scoped));

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
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  // The app's page, with or without index.html and whatever its query (?embed=1).
  const navigate = request.mode === 'navigate' && (url.href === self.registration.scope || url.href === scoped('index.html'));
  // Only the app's own files; anything else (a favicon.ico the browser guesses) goes its usual way.
  if (!navigate && !PRECACHED.has(url.href)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(navigate ? scoped('index.html') : url.href);
      return hit ?? fetch(request);
    })(),
  );
});
