// ShiftApp service worker.
// - Content-hashed static files under /assets/ and the icons: cache first (they never change in place).
// - Page navigations: network first, falling back to the last cached copy when offline.
// - GET /api/me/rota (my next 28 days, authorised by the session token): network first, and the
//   last good answer kept for offline use; /offline.html renders it. Staff pages opened with no
//   network fall back to /offline.html.
// - GET /api/me/runsheets (a crew member's run sheets for today and tomorrow): the same, rendered
//   by /runsheet.html (+ /runsheet.js, network first, cached); the crew's /run page opened with
//   no network falls back to it. Marks are queued by the page in IndexedDB, not here.
// - Never intercepted: the Reflex event socket (/_event), uploads, health checks and every other
//   /api route (and no /api write, ever).
const STATIC_CACHE = "shiftapp-static-v1";
const PAGE_CACHE = "shiftapp-pages-v1";
const ROTA_CACHE = "shiftapp-rota-v1";
const ROTA_URL = "/api/me/rota";
const SHEET_CACHE = "shiftapp-runsheets-v1";
const SHEET_URL = "/api/me/runsheets";
const SHEET_FILES = ["/runsheet.html", "/runsheet.js"];
const OFFLINE_PAGES = ["/me", "/leave", "/swaps", "/inbox", "/flex", "/offline"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(PAGE_CACHE).then((c) => c.addAll(["/offline.html", ...SHEET_FILES])).catch(() => {}));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([STATIC_CACHE, PAGE_CACHE, ROTA_CACHE, SHEET_CACHE]);
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
  const same = request.method === "GET" && url.origin === self.location.origin;
  const kept = same && url.pathname === ROTA_URL ? [ROTA_CACHE, ROTA_URL]
    : same && url.pathname === SHEET_URL ? [SHEET_CACHE, SHEET_URL]
    : same && SHEET_FILES.includes(url.pathname) ? [PAGE_CACHE, url.pathname] : null;
  if (kept) {
    event.respondWith((async () => {
      const cache = await caches.open(kept[0]);
      try {
        const response = await fetch(request);
        if (response.ok) await cache.put(kept[1], response.clone());
        return response;
      } catch (err) {
        return (await cache.match(kept[1])) || Response.error();
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
        if (url.pathname === "/run" || url.pathname.startsWith("/run/")) {
          const sheet = await caches.match("/runsheet.html");
          if (sheet) return sheet;
        }
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
