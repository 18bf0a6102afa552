// Run sheet for drivers and escorts: works with no signal.
// - The sheets (today and tomorrow) come from GET /api/me/runsheets with the session token; the
//   last good copy is kept in the Cache API ("shiftapp-runsheets-v1") and shown when offline.
// - A mark (collected, absent, delivered, incident) is first written to IndexedDB with an id made
//   here, then sent to POST /api/me/marks. The server stores each id once, so sending the queue
//   again (after a lost answer, a reload, or twice) never records a mark twice, and a mark stays
//   in the queue until the server has answered for it: nothing is lost.
(function () {
  var CACHE = "shiftapp-runsheets-v1", URL_ = "/api/me/runsheets", DB = "shiftapp-runsheet", STORE = "queue";
  var statusEl = document.getElementById("status"), sheetsEl = document.getElementById("sheets");
  var data = null, saved = false, pending = [], sending = false, lastError = "";

  function token() {
    var raw = localStorage.getItem("shiftapp_session") || "";
    try { var v = JSON.parse(raw); if (typeof v === "string") raw = v; } catch (e) {}
    return raw;
  }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "m-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  // ---- IndexedDB queue ------------------------------------------------------------------
  function db() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "client_id" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, mode), out = fn(t.objectStore(STORE));
        t.oncomplete = function () { resolve(out && out.result !== undefined ? out.result : undefined); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function queueAll() { return tx("readonly", function (s) { return s.getAll(); }); }
  function queuePut(m) { return tx("readwrite", function (s) { s.put(m); }); }
  function queueDelete(ids) { return tx("readwrite", function (s) { ids.forEach(function (id) { s.delete(id); }); }); }

  // ---- sending ----------------------------------------------------------------------------
  function flush() {
    if (sending) return Promise.resolve();
    return queueAll().then(function (items) {
      pending = items || [];
      render();
      if (!pending.length || !navigator.onLine) return;
      sending = true;
      return fetch("/api/me/marks", {
        method: "POST", cache: "no-store",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + token() },
        body: JSON.stringify({ marks: pending })
      }).then(function (r) {
        if (r.status === 401) { lastError = "Sign in again to send your marks (they are kept on this phone)."; return null; }
        return r.ok ? r.json() : null;
      }).then(function (res) {
        if (!res) return;
        lastError = res.rejected && res.rejected.length ? "Not recorded: " + res.rejected.map(function (x) { return x.reason; }).join("; ") : "";
        var done = (res.stored || []).concat(res.duplicates || [], (res.rejected || []).map(function (x) { return x.client_id; }));
        return queueDelete(done).then(function () { return load(true); });
      }).catch(function () { /* still offline: keep the queue */ })
        .then(function () { sending = false; return queueAll(); })
        .then(function (items) { pending = items || []; render(); });
    });
  }
  window.shiftappFlushMarks = flush;
  window.shiftappQueuedMarks = queueAll;
  window.shiftappQueueMark = function (m) { return queuePut(m).then(flush); };

  function mark(btn) {
    var kind = btn.getAttribute("data-mark"), note = "";
    if (kind === "incident") {
      note = window.prompt("What happened? (This goes to the transport office.)", "") || "";
      if (!note) return;
    }
    var m = { client_id: newId(), run_id: +btn.getAttribute("data-run"), stop_id: +btn.getAttribute("data-stop"),
              passenger_id: btn.getAttribute("data-passenger") ? +btn.getAttribute("data-passenger") : null,
              kind: kind, recorded_at: new Date().toISOString(), note: note };
    queuePut(m).then(function () { pending.push(m); render(); return flush(); });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button[data-mark]");
    if (b) { e.preventDefault(); mark(b); }
  });

  // ---- loading and showing ------------------------------------------------------------------
  function fromCache() {
    if (!window.caches) return Promise.resolve(null);
    return caches.open(CACHE).then(function (c) { return c.match(URL_); }).then(function (r) { return r ? r.json() : null; });
  }
  function load(quiet) {
    var t = token();
    var live = (navigator.onLine && t)
      ? fetch(URL_, { headers: { Authorization: "Bearer " + t }, cache: "no-store" }).then(function (r) {
          if (!r.ok) return null;
          var copy = r.clone();
          if (window.caches) caches.open(CACHE).then(function (c) { c.put(URL_, copy); });
          return r.json();
        }).catch(function () { return null; })
      : Promise.resolve(null);
    return live.then(function (d) {
      if (d) { data = d; saved = false; return; }
      return fromCache().then(function (c) { if (c) { data = c; saved = true; } });
    }).then(function () { if (!quiet) return flush(); render(); });
  }

  function marksFor(stop) {
    var out = (stop.marks || []).map(function (k) { return { kind: k, queued: false }; });
    pending.forEach(function (m) { if (m.stop_id === stop.id) out.push({ kind: m.kind, queued: true }); });
    return out;
  }
  var LABEL = { collected: "Collected", absent: "Absent", delivered: "Delivered", incident: "Incident reported" };
  function stopHtml(run, s) {
    var p = s.passenger, kind = s.kind === "pickup" ? "Pick up" : s.kind === "dropoff" ? "Drop off" : s.kind === "depart" ? "Leave" : "Return";
    if (!p) {
      return '<div class="stop plain"><div class="top"><span class="t">' + esc(s.time) + '</span><span class="k">' + kind +
        '</span></div><div class="n">' + esc(s.label) + '</div></div>';
    }
    var ms = marksFor(s), h = '<div class="stop" data-stop-row="' + s.id + '"><div class="top"><span class="t">' + esc(s.time) +
      '</span><span class="k">' + kind + '</span></div><div class="n">' + esc(p.name) + '</div>';
    if (p.needs) h += '<div class="needs">' + esc(p.needs) + '</div>';
    if (p.notes) h += '<div class="small">' + esc(p.notes) + '</div>';
    h += '<div class="small">' + esc(s.place || p.address) + '</div>';
    if (p.contact_name) h += '<div class="small">Emergency contact: ' + esc(p.contact_name) + '</div>';
    ms.forEach(function (m) { h += '<span class="done' + (m.queued ? " q" : "") + '" data-done="' + esc(m.kind) + '">' + LABEL[m.kind] + (m.queued ? " — waiting to send" : " ✓") + '</span> '; });
    var ids = ' data-run="' + run.id + '" data-stop="' + s.id + '" data-passenger="' + p.id + '"';
    var has = function (k) { return ms.some(function (m) { return m.kind === k; }); };
    h += '<div class="acts marks">';
    if (s.kind === "pickup" && !has("collected") && !has("absent")) h += '<button class="go" data-mark="collected"' + ids + '>Collected</button><button data-mark="absent"' + ids + '>Absent</button>';
    if (s.kind === "dropoff" && !has("delivered")) h += '<button class="go" data-mark="delivered"' + ids + '>Delivered</button>';
    h += '<button class="warn" data-mark="incident"' + ids + '>Incident</button></div><div class="acts links">';
    if (p.contact_phone) h += '<a href="tel:' + esc(p.contact_phone.replace(/\s/g, "")) + '">Call contact</a>';
    if (s.phone) h += '<a href="tel:' + esc(s.phone.replace(/\s/g, "")) + '">' + (s.place_kind === "day_centre" ? "Call centre" : "Call school") + '</a>';
    h += '<a href="' + esc(s.nav) + '" target="_blank" rel="noopener">Navigate</a></div></div>';
    return h;
  }
  function render() {
    var online = navigator.onLine;
    var q = pending.length;
    statusEl.className = "bar" + (online ? "" : " off");
    statusEl.innerHTML = (online ? "<b>Online.</b> " : "<b>Offline.</b> Marks are kept on this phone and sent when the signal returns. ") +
      '<span id="queue" data-count="' + q + '">' + (q ? q + " mark" + (q > 1 ? "s" : "") + " waiting to send." : "All marks sent.") + "</span>" +
      (data ? " " + (saved ? "Saved copy" : "Copy") + " from " + esc(data.generated_at) + "." : "") +
      (lastError ? " " + esc(lastError) : "");
    if (!data) {
      sheetsEl.innerHTML = '<div class="empty">No run sheet saved on this phone yet. Open it once while online and it will be kept here.</div>';
      return;
    }
    document.getElementById("title").textContent = "Run sheet · " + data.name;
    sheetsEl.innerHTML = data.days.map(function (d) {
      var runs = d.runs.map(function (r) {
        return '<div class="run" data-run-id="' + r.id + '"><div class="head"><div class="code">' + esc(r.code) +
          '</div><div class="meta">' + esc(r.vehicle) + " · you are the " + esc(r.role) + (r["with"] ? " · with " + esc(r["with"]) : "") +
          "</div>" + (r.with_phone ? '<div class="acts links"><a href="tel:' + esc(r.with_phone.replace(/\s/g, "")) + '">Call the ' +
          (r.role === "escort" ? "driver" : "escort") + "</a></div>" : "") + "</div>" +
          r.stops.map(function (s) { return stopHtml(r, s); }).join("") + "</div>";
      }).join("");
      return "<h2>" + esc(d.label) + "</h2>" + (runs || '<div class="empty">No runs.</div>');
    }).join("");
  }

  window.addEventListener("online", function () { render(); flush(); });
  window.addEventListener("offline", render);
  setInterval(function () { if (navigator.onLine) flush(); }, 30000);
  load(false);
})();
