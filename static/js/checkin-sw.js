// The check-in service worker, served from /staff/sw.js (scope /staff/) by
// attendance.offline_views.service_worker, which writes the list of files to precache below.
//
// It keeps the check-in pages and their scripts and styles, so that a check-in page opened
// once online reloads without a network. It keeps no personal data: the pages it stores are
// the check-in pages without a search (no names), and the roster lives in IndexedDB
// (checkin-store.js). Every other request of the staff area passes through untouched.
/* eslint-env serviceworker */
"use strict";

var ASSETS = /*ASSETS*/[];
var PREFIX = "cop-checkin-";
// A release with other files (hashed names in production) is a new cache.
var ASSET_CACHE = PREFIX + "assets-" + ASSETS.join("|").length + "-" + ASSETS.join("|").split("").reduce(function (h, c) {
  return (h * 31 + c.charCodeAt(0)) >>> 0;
}, 7);
var PAGE_CACHE = PREFIX + "pages";
var CHECKIN_PAGE = /^\/staff\/workshops\/[^/]+\/checkin\/(\d+\/)?$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(ASSET_CACHE).then(function (cache) { return cache.addAll(ASSETS); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf(PREFIX + "assets-") === 0 && key !== ASSET_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return new Response(
    "<!DOCTYPE html><meta charset=utf-8><title>Offline</title>" +
    "<p>This page was not opened while online, so it is not on this device.</p>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
  );
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && CHECKIN_PAGE.test(url.pathname)) {
    // Network first: the page is always fresh when the network is there; stored for later
    // only when it is the page itself (no search, so no names), not a redirect to sign-in.
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !response.redirected && !url.search) {
          var copy = response.clone();
          caches.open(PAGE_CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      }).catch(function () {
        return caches.open(PAGE_CACHE).then(function (cache) {
          return cache.match(url.pathname);
        }).then(function (hit) { return hit || offlinePage(); });
      })
    );
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(url.pathname).then(function (hit) { return hit || fetch(request); })
    );
  }
});

self.addEventListener("message", function (event) {
  // Signing out: forget the stored pages (the page clears IndexedDB itself).
  if (event.data === "clear") {
    event.waitUntil(caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf(PREFIX) === 0; })
        .map(function (key) { return caches.delete(key); }));
    }));
  }
});
