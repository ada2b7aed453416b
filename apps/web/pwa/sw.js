/* global self, caches */
/**
 * SafeGrid service worker (built by the `safegridServiceWorker` plugin in vite.config.ts, which
 * fills in the version and the list of built files). It keeps the app shell — index.html and
 * every built asset — so the installed app opens without network. It never touches /api: the
 * app keeps its own offline data (IndexedDB), and answers from the server are never cached here.
 */
const VERSION = 'dev'; /* __SAFEGRID_VERSION__ */
const PRECACHE = []; /* __SAFEGRID_PRECACHE__ */
const CACHE = `safegrid-shell-${VERSION}`;
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('safegrid-shell-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Other origins and the API go straight to the network, never through the cache.
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
  if (url.pathname === '/sw.js') return;

  if (request.mode === 'navigate') {
    // Pages: the network first (fresh session handling, new versions), the cached shell offline.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(SHELL, { cacheName: CACHE }).then((cached) => cached || Response.error()),
      ),
    );
    return;
  }
  // Built files have content hashes in their names: the cached copy is the right one.
  event.respondWith(
    caches
      .match(request, { cacheName: CACHE, ignoreSearch: true })
      .then((cached) => cached || fetch(request)),
  );
});
