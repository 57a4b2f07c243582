/* The service worker, at scope "/": without a connection it serves the pages kept for it
   (My caseload, the contact form of each open case) from the sealed device store, and the
   static files from a cache. Nothing else is kept. Contacts logged offline are queued by the
   page (capture.js); a Background Sync event asks the open pages to send them. */
/* global cwspStore */
"use strict";
importScripts("__STORE_URL__");

var STATIC_CACHE = "cwsp-static-v1";
var KEPT = [/^\/casework\/my-caseload\/$/, /^\/casework\/cases\/\d+\/contacts\/new\/$/];
var OFFLINE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

// The app shell: the static files every kept page needs (their URLs, hashed in production).
var SHELL = __SHELL__;

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(SHELL); }));
});
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function kept(url) {
  return url.origin === self.location.origin && KEPT.some(function (re) { return re.test(url.pathname); });
}

function keep(url, response) {
  return response.clone().text().then(function (html) {
    return cwspStore.seal({ html: html }).then(function (box) {
      return cwspStore.put("pages", { id: url.pathname, box: box, kept_at: Date.now() });
    });
  }).catch(function () {});
}

function fromDevice(url) {
  return cwspStore.get("pages", url.pathname).then(function (page) {
    if (!page) { throw new Error("not kept"); }
    return cwspStore.unseal(page.box);
  }).then(function (value) {
    return new Response(value.html, {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": OFFLINE_CSP,
        "Cache-Control": "no-store",
        "X-CWSP-Offline": "1"
      }
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(
      fetch(request).then(function (response) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
        return response;
      }).catch(function () {
        return caches.match(request).then(function (hit) { return hit || Response.error(); });
      })
    );
    return;
  }
  if (!kept(url) || request.mode !== "navigate" && !request.headers.get("X-CWSP-Keep")) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      // Only a page really shown to the signed-in person is kept (not a redirect to sign in).
      if (response.ok && !response.redirected) { event.waitUntil(keep(url, response)); }
      return response;
    }).catch(function () { return fromDevice(url); })
  );
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "cwsp-send-contacts") { return; }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ type: "cwsp-send" }); });
  }));
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "cwsp-wipe") {
    event.waitUntil(Promise.all([cwspStore.wipe(), caches.delete(STATIC_CACHE)]));
  }
});
