// ShiftApp service worker.
// - Content-hashed static files under /assets/ and the icons: cache first (they never change in place).
// - Page navigations: network first, falling back to the last cached copy when offline.
// - Never intercepted: the Reflex event socket (/_event), uploads, health checks and the /api routes
//   (offline data for the rota and run sheets gets its own cached /api GET routes in later work).
const STATIC_CACHE = "shiftapp-static-v1";
const PAGE_CACHE = "shiftapp-pages-v1";

self.addEventListener("install", (event) => { self.skipWaiting(); });
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([STATIC_CACHE, PAGE_CACHE]);
    for (const key of await caches.keys()) if (!keep.has(key)) await caches.delete(key);
    await self.clients.claim();
  })());
});

function bypass(url, request) {
  if (request.method !== "GET") return true;
  if (url.origin !== self.location.origin) return true;
  return ["/_event", "/_upload", "/ping", "/_health", "/api/"].some((p) => url.pathname.startsWith(p));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (bypass(url, request)) return;
  if (url.pathname.startsWith("/assets/") || /\/icon-\d+\.png$/.test(url.pathname)) {
    event.respondWith(caches.open(STATIC_CACHE).then(async (cache) => {
      const hit = await cache.match(request);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) cache.put(request, response.clone());
      return response;
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) (await caches.open(PAGE_CACHE)).put(request, response.clone());
        return response;
      } catch (err) {
        const cached = await caches.match(request, { ignoreSearch: true });
        return cached || (await caches.match("/")) || Response.error();
      }
    })());
  }
});
