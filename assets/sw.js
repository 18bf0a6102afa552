// ShiftApp service worker.
// - Content-hashed static files under /assets/ and the icons: cache first (they never change in place).
// - Page navigations: network first, falling back to the last cached copy when offline.
// - GET /api/me/rota (my next 28 days, authorised by the session token): network first, and the
//   last good answer kept for offline use; /offline.html renders it. Staff pages opened with no
//   network fall back to /offline.html.
// - Never intercepted: the Reflex event socket (/_event), uploads, health checks and every other
//   /api route (and no /api write, ever).
const STATIC_CACHE = "shiftapp-static-v1";
const PAGE_CACHE = "shiftapp-pages-v1";
const ROTA_CACHE = "shiftapp-rota-v1";
const ROTA_URL = "/api/me/rota";
const OFFLINE_PAGES = ["/me", "/leave", "/swaps", "/inbox", "/flex", "/offline"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(PAGE_CACHE).then((c) => c.add("/offline.html")).catch(() => {}));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([STATIC_CACHE, PAGE_CACHE, ROTA_CACHE]);
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
  if (request.method === "GET" && url.origin === self.location.origin && url.pathname === ROTA_URL) {
    event.respondWith((async () => {
      const cache = await caches.open(ROTA_CACHE);
      try {
        const response = await fetch(request);
        if (response.ok) await cache.put(ROTA_URL, response.clone());
        return response;
      } catch (err) {
        return (await cache.match(ROTA_URL)) || Response.error();
      }
    })());
    return;
  }
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
        if (OFFLINE_PAGES.some((p) => url.pathname === p || url.pathname.startsWith(p + "/") || url.pathname.startsWith(p + "."))) {
          const offline = await caches.match("/offline.html");
          if (offline) return offline;
        }
        const cached = await caches.match(request, { ignoreSearch: true });
        return cached || (await caches.match("/")) || Response.error();
      }
    })());
  }
});
