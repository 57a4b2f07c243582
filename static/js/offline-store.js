/* The device store: one IndexedDB database for contacts waiting to be sent, drafts of forms
   being sent, and the pages kept for working without a connection. Everything personal is
   sealed with AES-GCM under a key made on this device that cannot be exported (Web Crypto,
   extractable: false): the key object lives in IndexedDB, its bytes never reach script.
   Shared by the pages (capture.js) and the service worker (sw.js). See docs/security.md. */
(function (root) {
  "use strict";
  var NAME = "cwsp-device";
  var STORES = ["meta", "queue", "drafts", "pages"];

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        STORES.forEach(function (store) {
          if (!request.result.objectStoreNames.contains(store)) {
            request.result.createObjectStore(store, { keyPath: "id" });
          }
        });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(store, mode);
        var request = work(transaction.objectStore(store));
        transaction.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  function get(store, id) { return run(store, "readonly", function (s) { return s.get(id); }); }
  function put(store, value) { return run(store, "readwrite", function (s) { return s.put(value); }); }
  function remove(store, id) { return run(store, "readwrite", function (s) { return s.delete(id); }); }
  function all(store) { return run(store, "readonly", function (s) { return s.getAll(); }); }
  function clear(store) { return run(store, "readwrite", function (s) { return s.clear(); }); }

  function deviceKey() {
    return get("meta", "key").then(function (found) {
      if (found) { return found.key; }
      return crypto.subtle
        .generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
        .then(function (key) { return put("meta", { id: "key", key: key }).then(function () { return key; }); });
    });
  }

  function seal(value) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var plain = new TextEncoder().encode(JSON.stringify(value));
    return deviceKey().then(function (key) {
      return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, key, plain);
    }).then(function (sealed) { return { iv: iv, data: sealed }; });
  }

  function unseal(box) {
    return deviceKey().then(function (key) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv }, key, box.data);
    }).then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
  }

  /* Everything, key included: a new key is made the next time one is needed. */
  function wipe() {
    return Promise.all(STORES.map(clear));
  }

  root.cwspStore = {
    get: get, put: put, remove: remove, all: all, clear: clear,
    seal: seal, unseal: unseal, wipe: wipe
  };
})(typeof self !== "undefined" ? self : window);
