// Keep the last-seen rota for the next 28 days on the phone for when there is no signal.
// The JSON comes from /api/me/rota with the session token; the service worker caches it
// (network first), and this script also stores it so the copy exists before the worker
// controls the page. /offline.html renders it. Signing out deletes the cache.
(function () {
  var CACHE = "shiftapp-rota-v1";
  function token() {
    var raw = window.localStorage && localStorage.getItem("shiftapp_session");
    if (!raw) return "";
    try { var v = JSON.parse(raw); return typeof v === "string" ? v : raw; } catch (e) { return raw; }
  }
  window.shiftappSyncRota = function () {
    var t = token();
    if (!t || !window.fetch) return Promise.resolve(false);
    return fetch("/api/me/rota", { headers: { Authorization: "Bearer " + t }, cache: "no-store" })
      .then(function (r) {
        if (!r.ok) return false;
        if (!window.caches) return true;
        return caches.open(CACHE).then(function (c) { return c.put("/api/me/rota", r.clone()); })
          .then(function () { return true; });
      })
      .catch(function () { return false; });
  };
  if (/^\/me\/?$/.test(location.pathname)) window.addEventListener("load", function () { window.shiftappSyncRota(); });
  // Crews: keep today's and tomorrow's run sheets for /runsheet.html whenever /run is opened online.
  window.shiftappSyncRunSheets = function () {
    var t = token();
    if (!t || !window.fetch || !window.caches) return Promise.resolve(false);
    return fetch("/api/me/runsheets", { headers: { Authorization: "Bearer " + t }, cache: "no-store" })
      .then(function (r) {
        if (!r.ok) return false;
        return caches.open("shiftapp-runsheets-v1").then(function (c) { return c.put("/api/me/runsheets", r.clone()); })
          .then(function () { return true; });
      })
      .catch(function () { return false; });
  };
  if (/^\/run\/?$/.test(location.pathname)) window.addEventListener("load", function () { window.shiftappSyncRunSheets(); });
})();
