// What the check-in page keeps on the device to work offline, and the queue that brings what
// was done offline back to the server. Loaded before checkin.js, which asks it
// (window.CopCheckinStore) whenever the server cannot be reached.
//
// - The roster (sessions, people, revoked codes, the QR public key) is fetched from
//   roster.json and kept in IndexedDB, only for the staff member signed in (it is cleared when
//   another one signs in, on sign-out, and after its expiry: the workshop's last day plus the
//   CHECKIN_OFFLINE_DAYS setting).
// - Each action taken without the server (check in, undo, walk-in) is queued with an id made
//   here and the time it happened, shown at once, and uploaded to sync/ when the network is
//   back; the server applies each once, however often it is sent.
// - Search folds names as the server does (core/text.py: NFKD, combining marks dropped,
//   Arabic tatweel dropped, case folded).
// - Signed QR codes are checked here with the workshop's Ed25519 public key: WebCrypto where
//   the browser has Ed25519, else the vendored noble-ed25519.
(function () {
  "use strict";
  var app = document.getElementById("checkin-app");
  if (!app || !window.indexedDB || !window.fetch || !window.Promise) { return; }
  var labelsNode = document.getElementById("checkin-labels");
  var L = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  var slug = app.dataset.workshop;
  var user = app.dataset.user;
  var sessionId = app.dataset.session ? Number(app.dataset.session) : null;
  var statusNode = document.getElementById("offline-status");
  var logNode = document.getElementById("sync-log");
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var DB_NAME = "cop-checkin";
  var roster = null;       // the stored roster of this workshop
  var queue = [];          // this workshop's actions waiting to sync, oldest first
  var lastSync = null;
  var syncing = null;
  var serverReachable = navigator.onLine;
  var pagesStored = false;
  var listeners = [];
  var dbPromise = null;

  function fmt(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (_m, key) {
      return values[key] === undefined ? "" : values[key];
    });
  }

  // --- IndexedDB ---

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var d = request.result;
          d.createObjectStore("rosters", { keyPath: "slug" });
          d.createObjectStore("queue", { keyPath: "id" });
          d.createObjectStore("meta", { keyPath: "key" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function tx(storeName, mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(storeName, mode);
        var store = t.objectStore(storeName);
        var result = work(store);
        t.oncomplete = function () { resolve(result instanceof IDBRequest ? result.result : result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }

  function getAll(storeName) {
    return tx(storeName, "readonly", function (store) { return store.getAll(); });
  }

  function put(storeName, value) {
    return tx(storeName, "readwrite", function (store) { store.put(value); });
  }

  function remove(storeName, key) {
    return tx(storeName, "readwrite", function (store) { store.delete(key); });
  }

  function clearAll() {
    return Promise.all(["rosters", "queue", "meta"].map(function (name) {
      return tx(name, "readwrite", function (store) { store.clear(); });
    }));
  }

  // --- Folding, as core/text.py does ---

  function fold(text) {
    return String(text || "").normalize("NFKD")
      .replace(/[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g, "")
      .replace(/\p{Mn}|\p{Me}/gu, "")
      .replace(/\u00df/g, "ss").replace(/\u03c2/g, "\u03c3")
      .toLowerCase();
  }

  // --- State: the roster with the queue applied on top ---

  function people() {
    if (!roster) { return []; }
    var list = roster.people.slice();
    queue.forEach(function (action) {
      if (action.kind === "walk_in") {
        list.push({
          id: null, walkIn: action.id, name: action.full_name, organisation: action.organisation,
          search: fold(action.full_name) + " " + fold(action.email), code: "", status: "",
          live: true, present: [], pending: true
        });
      }
    });
    return list;
  }

  function keyOf(person) { return person.id !== null ? "r" + person.id : "w" + person.walkIn; }

  function presentAt(person, session) {
    var present = person.present.indexOf(session) !== -1;
    queue.forEach(function (action) {
      if (action.session !== session) { return; }
      var target = action.registration !== undefined && action.registration !== null
        ? "r" + action.registration : "w" + (action.walk_in || (action.kind === "walk_in" ? action.id : ""));
      if (target !== keyOf(person)) { return; }
      present = action.kind !== "undo";
    });
    return present;
  }

  function waiting(person) {
    return queue.some(function (action) {
      return (action.registration !== undefined && action.registration !== null && "r" + action.registration === keyOf(person)) ||
        "w" + (action.walk_in || (action.kind === "walk_in" ? action.id : "")) === keyOf(person);
    });
  }

  function asResult(person, session) {
    var here = presentAt(person, session);
    return {
      id: person.id, walkIn: person.walkIn || null, name: person.name, email: "",
      organisation: person.organisation || "", code: person.code || "",
      registration_status: person.status, can_check_in: person.live,
      session_status: here ? "present" : "", session_status_label: here ? L.present : "",
      pending: waiting(person), local: true
    };
  }

  function search(query, session) {
    var folded = fold(query.trim());
    if (!folded) { return []; }
    return people().filter(function (person) {
      return person.search.indexOf(folded) !== -1;
    }).slice(0, 20).map(function (person) { return asResult(person, session); });
  }

  function byCode(code) {
    var wanted = code.trim().toUpperCase();
    var found = people().filter(function (person) { return person.code && person.code === wanted; });
    return found.length ? found[0] : null;
  }

  function byId(id) {
    var found = people().filter(function (person) { return person.id === id; });
    return found.length ? found[0] : null;
  }

  function presentCount(session) {
    return people().filter(function (person) {
      return person.live && presentAt(person, session);
    }).length;
  }

  // --- Status line ---

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
  }

  function online() { return navigator.onLine && serverReachable; }

  function render() {
    if (!statusNode) { return; }
    var parts = [online() ? L.online : L.offline];
    parts.push(fmt(L.waiting, { count: queue.length }));
    parts.push(lastSync ? fmt(L.lastSync, { time: time(lastSync) }) : L.neverSynced);
    // Ready once the roster and the pages are on the device (offline, what was stored is all).
    if (roster && (pagesStored || !online())) { parts.push(L.ready); }
    statusNode.textContent = parts.join(" · ");
    statusNode.classList.toggle("is-offline", !online());
    listeners.forEach(function (listener) { listener(); });
  }

  function log(message, isError) {
    if (!logNode || !message) { return; }
    var item = document.createElement("li");
    item.textContent = message;
    if (isError) { item.className = "is-error"; }
    logNode.insertBefore(item, logNode.firstChild);
  }

  // --- Loading and keeping the roster ---

  function loadStored() {
    var now = Date.now();
    return getAll("rosters").then(function (rosters) {
      var work = [];
      rosters.forEach(function (stored) {
        if (stored.user !== user) {
          work.push(clearAll());  // another staff member's data: none of it stays
        } else if (Date.parse(stored.data.expires_at) < now) {
          work.push(remove("rosters", stored.slug));
        } else if (stored.slug === slug) {
          roster = stored.data;
          lastSync = stored.data.synced_at;
        }
      });
      return Promise.all(work);
    }).then(function () { return getAll("queue"); }).then(function (actions) {
      queue = actions.filter(function (action) { return action.slug === slug; })
        .sort(function (a, b) { return a.occurred_at < b.occurred_at ? -1 : 1; });
    });
  }

  function refreshRoster() {
    return fetch(app.dataset.rosterUrl, {
      credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store"
    }).then(function (response) {
      serverReachable = true;
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") === -1) {
        throw new Error("signed-out");
      }
      return response.json();
    }).then(function (data) {
      roster = data;
      lastSync = data.synced_at;
      return put("rosters", { slug: slug, user: user, data: data });
    }).then(cachePages).then(function () {
      pagesStored = true;
      render();
    }, function (error) {
      if (error && error.message === "signed-out") { return; }
      serverReachable = false;
      render();
    });
  }

  // Every session's page of this workshop, so any of them opens offline.
  function cachePages() {
    if (!window.caches || !roster) { return Promise.resolve(); }
    var base = app.dataset.sessionsUrl;
    var urls = [base].concat(roster.sessions.filter(function (s) { return !s.cancelled; })
      .map(function (s) { return base + s.id + "/"; }));
    return caches.open("cop-checkin-pages").then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) { return cache.put(url, response); }
        });
      }));
    });
  }

  // --- The queue ---

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function deviceLabel() {
    return tx("meta", "readonly", function (store) { return store.get("device"); }).then(function (found) {
      if (found) { return found.value; }
      var label = fmt(L.deviceName, { id: uuid().slice(0, 4).toUpperCase() });
      return put("meta", { key: "device", value: label }).then(function () { return label; });
    });
  }

  function enqueue(fields) {
    var action = Object.assign({ id: uuid(), slug: slug, occurred_at: new Date().toISOString() }, fields);
    queue.push(action);
    return put("queue", action).then(function () {
      render();
      if (navigator.onLine) { sync(); }
      return action;
    });
  }

  function sync() {
    if (syncing || !queue.length || !navigator.onLine || !roster) { return syncing || Promise.resolve(); }
    var batch = queue.slice(0, 200);
    syncing = deviceLabel().then(function (device) {
      return fetch(roster.sync_url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/json",
          "X-CSRFToken": csrfInput ? csrfInput.value : ""
        },
        body: JSON.stringify({
          device: device,
          actions: batch.map(function (a) {
            var out = { id: a.id, kind: a.kind, session: a.session, occurred_at: a.occurred_at };
            ["registration", "walk_in", "qr", "full_name", "email", "organisation"].forEach(function (name) {
              if (a[name] !== undefined && a[name] !== null && a[name] !== "") { out[name] = a[name]; }
            });
            return out;
          })
        })
      });
    }).then(function (response) {
      serverReachable = true;
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        log(L.signInAgain, true);
        throw new Error("not-synced");
      }
      return response.json().then(function (data) {
        if (!response.ok) {
          log(data.error || L.syncFailed, true);
          throw new Error("not-synced");
        }
        return data;
      });
    }).then(function (data) {
      var done = {};
      data.results.forEach(function (result) {
        done[result.id] = true;
        if (result.outcome === "lost" || result.outcome === "refused") { log(result.message, true); }
        if (result.warning) { log(result.warning, true); }
      });
      lastSync = data.synced_at;
      queue = queue.filter(function (a) { return !done[a.id]; });
      return Promise.all(Object.keys(done).map(function (id) { return remove("queue", id); }));
    }).then(function () {
      syncing = null;
      return refreshRoster();
    }, function (error) {
      syncing = null;
      if (!error || error.message !== "not-synced") { serverReachable = false; }
      render();
    }).then(function () {
      if (queue.length && serverReachable) { return sync(); }
    });
    return syncing;
  }

  // --- Signed QR codes ---

  function unb64(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function verifyEd25519(publicKey, signature, message) {
    function noble() {
      return import(app.dataset.nobleUrl).then(function (ed) {
        return ed.verifyAsync(signature, message, publicKey);
      });
    }
    if (!window.crypto || !crypto.subtle) { return noble(); }
    return crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"])
      .then(function (key) {
        return crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
      }, noble);
  }

  var SIGNED = /^CK1\.([0-9a-f]{8})\.(\d{1,12})\.(\d{1,12})\.(\d{8})\.([A-Za-z0-9_-]{86})$/;

  function looksSigned(text) { return /^CK1\./.test(text.trim()); }

  // {ok, registration, person, message}: checked offline against the stored key and list.
  function verifyQr(text) {
    text = text.trim();
    var match = SIGNED.exec(text);
    if (!roster) { return Promise.resolve({ ok: false, message: L.noRoster }); }
    if (!match) { return Promise.resolve({ ok: false, message: L.qrNotOurs }); }
    // Every key the site ever signed with (a badge printed before a rotation still counts);
    // a roster saved before `keys` existed has the current one only.
    var key = (roster.keys || [roster.key]).filter(function (k) { return k.id === match[1]; })[0];
    if (!key) { return Promise.resolve({ ok: false, message: L.qrUnknownKey }); }
    var body = new TextEncoder().encode(text.slice(0, text.lastIndexOf(".")));
    return verifyEd25519(unb64(key.public_key), unb64(match[5]), body).then(function (valid) {
      var registration = Number(match[3]);
      if (!valid) { return { ok: false, message: L.qrForged }; }
      if (Number(match[2]) !== roster.workshop.id) { return { ok: false, message: L.qrOtherWorkshop }; }
      var person = byId(registration);
      if (roster.revoked.indexOf(registration) !== -1 || (person && !person.live)) {
        return { ok: false, message: fmt(L.qrRevoked, { name: person ? person.name : "" }) };
      }
      return { ok: true, registration: registration, person: person };
    }, function () { return { ok: false, message: L.qrForged }; });
  }

  // --- Recording what the page did online, so the stored roster stays true ---

  function noteOnline(registration, session, present) {
    if (!roster) { return; }
    roster.people.forEach(function (person) {
      if (person.id !== registration) { return; }
      var at = person.present.indexOf(session);
      if (present && at === -1) { person.present.push(session); }
      if (!present && at !== -1) { person.present.splice(at, 1); }
    });
    put("rosters", { slug: slug, user: user, data: roster });
  }

  // --- Start ---

  window.CopCheckinStore = {
    ready: null,
    session: sessionId,
    labels: L,
    fold: fold,
    online: online,
    search: search,
    byCode: byCode,
    byId: byId,
    presentCount: presentCount,
    enqueue: enqueue,
    sync: sync,
    looksSigned: looksSigned,
    verifyQr: verifyQr,
    noteOnline: noteOnline,
    serverFailed: function () { serverReachable = false; render(); },
    hasRoster: function () { return Boolean(roster); },
    refresh: function () { return refreshRoster(); },
    waitingCount: function () { return queue.length; },
    onChange: function (listener) { listeners.push(listener); }
  };

  window.CopCheckinStore.ready = loadStored().then(function () {
    render();
    if (navigator.onLine) { return refreshRoster(); }
  }).then(function () { return sync(); }).catch(function () { render(); });

  window.addEventListener("online", function () { serverReachable = true; render(); refreshRoster().then(sync); });
  window.addEventListener("offline", function () { render(); });
  // Retry now and then: the network may be "on" while the server was out of reach.
  setInterval(function () {
    if (!navigator.onLine) { return; }
    if (queue.length) { sync(); } else if (!serverReachable) { refreshRoster(); }
  }, 20000);

  // Signing out from a check-in page clears this device's copy first (the sign-out answer
  // also asks the browser to, with Clear-Site-Data; not every browser does).
  var signOut = document.querySelector(".staff-bar form");
  if (signOut) {
    signOut.addEventListener("submit", function (event) {
      if (signOut.dataset.cleared) { return; }
      event.preventDefault();
      if (queue.length && !window.confirm(fmt(L.signOutWaiting, { count: queue.length }))) { return; }
      var caching = window.caches ? caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (key) { return key.indexOf("cop-checkin-") === 0; })
          .map(function (key) { return caches.delete(key); }));
      }) : Promise.resolve();
      Promise.all([clearAll(), caching]).catch(function () {}).then(function () {
        signOut.dataset.cleared = "1";
        signOut.submit();
      });
    });
  }

  if ("serviceWorker" in navigator && app.dataset.serviceWorker) {
    navigator.serviceWorker.register(app.dataset.serviceWorker, { scope: "/staff/" }).catch(function () {});
  }
})();
