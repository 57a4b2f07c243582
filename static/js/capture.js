/* Capture that survives a bad link (progressive enhancement: every form works without it).
   - A form being sent shows "Sending…" and cannot be sent twice; Back gives it back.
   - What a form sends is kept (sealed) until the next page, so a dropped link loses nothing:
     coming back to the form fills it again, with the same idempotency key.
   - Offline, a new contact or a correction of one is queued on the device and sent when the
     link returns (online event, page load, Background Sync); a refusal is shown as a
     conflict on that case (a correction's, with both versions: offline-sync.js).
   - The header shows when the device is offline, how many contacts wait, the last send.
   - Sign-out warns about unsent contacts, then wipes the device store. */
/* global cwspStore, cwspSync */
(function () {
  "use strict";
  var store = window.cwspStore;
  var sync = window.cwspSync;
  var body = document.body;
  var user = body.getAttribute("data-user") || "";
  var API = "/api/v1/contacts/";
  var CASELOAD = "/casework/my-caseload/";
  var CONTACT_FIELDS = ["occurred_at", "kind", "who_was_seen", "location", "note", "child_views",
    "third_party_name", "third_party_organisation", "return_visit"];
  var FLASH = "cwsp-flash";
  var PENDING = "cwsp-pending-form";

  function timeText(ms) {
    return new Date(ms).toLocaleTimeString("en-AU", { hour: "2-digit", minute: "2-digit" });
  }

  /* --- the indicator ------------------------------------------------------------------ */
  var status = document.getElementById("device-status");
  function showStatus() {
    if (!status || !store || !user) { return Promise.resolve(); }
    return Promise.all([store.all("queue"), store.get("meta", "last-sync")]).then(function (r) {
      var waiting = r[0].filter(function (i) { return i.status === "waiting"; });
      var corrections = waiting.filter(function (i) { return i.type === "correction"; }).length;
      var contacts = waiting.length - corrections;
      var conflicts = r[0].length - waiting.length;
      var parts = [];
      if (!navigator.onLine) { parts.push("Offline: what you log is kept on this device."); }
      if (contacts) { parts.push(contacts + " contact" + (contacts === 1 ? "" : "s") + " waiting to send."); }
      if (corrections) {
        parts.push(corrections + " correction" + (corrections === 1 ? "" : "s") + " waiting to send.");
      }
      if (conflicts) { parts.push(conflicts + " not accepted or to resolve: see My caseload."); }
      if (r[1]) { parts.push("Last sent " + timeText(r[1].at) + "."); }
      var flash = sessionStorage.getItem(FLASH);
      if (flash) { parts.unshift(flash); sessionStorage.removeItem(FLASH); }
      status.textContent = parts.join(" ");
      status.hidden = parts.length === 0;
      status.classList.toggle("offline", !navigator.onLine);
      body.setAttribute("data-waiting", String(waiting.length));
      return markCaseload(r[0]);
    });
  }

  /* --- My caseload: what waits for each case ------------------------------------------ */
  function markCaseload(items) {
    if (!document.getElementById("caseload-page")) { return; }
    var main = document.getElementById("main");
    main.querySelectorAll(".device-queued, #device-elsewhere").forEach(function (el) { el.remove(); });
    var elsewhere = null;
    items.forEach(function (item) {
      var row = document.getElementById("case-" + item.case);
      var cell = row && row.querySelector("[data-label='Status']");
      if (!cell) {
        // A case no longer on the caseload (closed meanwhile): listed above it, not lost.
        if (!elsewhere) {
          elsewhere = document.createElement("section");
          elsewhere.id = "device-elsewhere";
          elsewhere.setAttribute("aria-label", "Contacts on this device for cases not listed");
          main.insertBefore(elsewhere, main.querySelector("h1").nextSibling);
        }
        cell = document.createElement("div");
        cell.id = "device-case-" + item.case;
        cell.textContent = "Case " + item.case + ":";
        elsewhere.appendChild(cell);
      }
      var note = document.createElement("p");
      note.className = "device-queued tag " + (item.status === "waiting" ? "warn" : "danger");
      note.setAttribute("data-key", item.id);
      var what = item.type === "correction" ? "A correction of a contact" : "A contact";
      if (item.status === "waiting") {
        note.textContent = what + " waiting to send";
      } else if (item.changed_meanwhile) {
        // Nothing overwritten: both versions, and the person chooses (offline-sync.js).
        note.textContent = what + " not sent: " + item.message;
        var both = document.createElement("div");
        both.className = "device-queued";
        cell.appendChild(note);
        cell.appendChild(both);
        if (navigator.onLine) { sync.showConflict(item, both, function () { send().then(showStatus); }); }
        return;
      } else {
        note.textContent = what + " not accepted: " + item.message + " ";
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "link";
        discard.textContent = "Remove it from this device";
        discard.addEventListener("click", function () {
          store.remove("queue", item.id).then(showStatus);
        });
        note.appendChild(discard);
      }
      cell.appendChild(note);
    });
  }

  /* --- sending the queue ----------------------------------------------------------------- */
  var sending = null;
  function send() {
    if (!store || !user || !navigator.onLine) { return Promise.resolve(); }
    if (sending) { return sending; }
    sending = store.all("queue").then(function (items) {
      var chain = Promise.resolve(true);
      items.filter(function (i) { return i.status === "waiting"; }).forEach(function (item) {
        chain = chain.then(function (carryOn) { return carryOn && sendOne(item); });
      });
      return chain;
    }).then(showStatus, showStatus).then(function () { sending = null; });
    return sending;
  }

  function synced() {
    return store.put("meta", { id: "last-sync", at: Date.now() }).then(function () { return true; });
  }

  function sendOne(item) {
    if (item.type === "correction") {
      return sync.sendCorrection(item).then(function (done) { return done === "sent" ? synced() : done; });
    }
    return store.unseal(item.box).then(function (payload) {
      return sync.post(API, item.id, payload);
    }).then(function (response) {
      if (response.ok) {
        return store.remove("queue", item.id).then(synced);
      }
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.status === 401 || answer.code === "not_authenticated" || response.status === 429) {
          return false; // sent again once signed in / later
        }
        item.status = "conflict";
        item.message = sync.refusal(answer, response.status);
        return store.put("queue", item).then(function () { return true; });
      });
    }, function () { return false; });
  }

  /* --- forms: one submission at a time, kept until the next page ------------------------ */
  function typed(form) {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") { values[name] = value; }
    });
    return values;
  }

  function busy(form, on) {
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
      button.disabled = on;
      if (on) {
        button.setAttribute("data-label", button.textContent);
        button.textContent = "Sending…";
      } else if (button.getAttribute("data-label")) {
        button.textContent = button.getAttribute("data-label");
      }
    });
    form.setAttribute("aria-busy", on ? "true" : "false");
  }

  function backSoon(flash) {
    if (navigator.serviceWorker && navigator.serviceWorker.ready) {
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.sync) { registration.sync.register("cwsp-send-contacts").catch(function () {}); }
      });
    }
    sessionStorage.setItem(FLASH, flash);
    window.location.assign(CASELOAD);
  }

  function queueOffline(form) {
    var values = typed(form);
    var payload = { case: Number(form.getAttribute("data-offline-contact")) };
    CONTACT_FIELDS.forEach(function (name) { if (values[name]) { payload[name] = values[name]; } });
    payload.recorded_on_device_at = new Date().toISOString();
    var key = crypto.randomUUID();
    return store.seal(payload).then(function (box) {
      return store.put("queue", {
        id: key, case: payload.case, status: "waiting", queued_at: Date.now(),
        box: box
      });
    }).then(function () {
      backSoon("Saved on this device: it will be sent when the connection returns.");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") { return; }
    if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    if (form.classList.contains("sign-out")) { return signOut(event, form); }
    // A script's submit() sends no button: the one pressed goes along as a hidden field.
    form.querySelectorAll("input.submitter-copy").forEach(function (el) { el.remove(); });
    if (event.submitter && event.submitter.name) {
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.className = "submitter-copy";
      copy.name = event.submitter.name;
      copy.value = event.submitter.value;
      form.appendChild(copy);
    }
    busy(form, true);
    if (!store || !user) { return; }
    event.preventDefault();
    if (form.hasAttribute("data-offline-contact") && !navigator.onLine) {
      queueOffline(form).catch(function () { busy(form, false); });
      return;
    }
    if (form.hasAttribute("data-offline-correction") && !navigator.onLine && sync) {
      sync.queueCorrection(form).then(function () {
        backSoon("Correction saved on this device: it will be sent when the connection returns. " +
          "If the contact changes meanwhile, you will be asked which version to keep.");
      }).catch(function () { busy(form, false); });
      return;
    }
    var path = form.getAttribute("action") || window.location.pathname;
    store.seal(typed(form)).then(function (box) {
      sessionStorage.setItem(PENDING, path);
      return store.put("drafts", { id: path, box: box, at: Date.now() });
    }).catch(function () {}).then(function () {
      HTMLFormElement.prototype.submit.call(form);
    });
  });

  /* Back to a form already sent: it can be sent again (the server knows its key). */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[aria-busy=true]").forEach(function (f) { busy(f, false); });
    }
  });

  function restoreDraft() {
    var path = window.location.pathname;
    var pending = sessionStorage.getItem(PENDING);
    var form = document.querySelector("main form[method=post]");
    if (pending && pending !== path) {
      if (document.querySelector(".messages .success, .messages .info")) {
        // The form was answered by the page it leads to (saved, or already saved).
        sessionStorage.removeItem(PENDING);
        return store.remove("drafts", pending);
      }
      return Promise.resolve();
    }
    if (!form || document.querySelector(".error-summary")) { return Promise.resolve(); }
    return store.get("drafts", path).then(function (draft) {
      if (!draft || Date.now() - draft.at > 60 * 60 * 1000) { return; }
      return store.unseal(draft.box).then(function (values) {
        Object.keys(values).forEach(function (name) {
          var fields = form.querySelectorAll("[name='" + name + "']");
          fields.forEach(function (field) {
            if (field.type === "radio" || field.type === "checkbox") {
              field.checked = field.value === values[name];
            } else {
              field.value = values[name];
            }
          });
        });
        var notice = document.createElement("p");
        notice.className = "message warning";
        notice.id = "draft-restored";
        notice.setAttribute("role", "status");
        notice.textContent = "The connection dropped while this was being sent. What you typed " +
          "is back: send it again (it will not be saved twice).";
        form.parentNode.insertBefore(notice, form);
      });
    });
  }

  /* --- sign-out and the end of a session ----------------------------------------------- */
  function signOut(event, form) {
    event.preventDefault();
    var done = function () {
      var wiped = store ? store.wipe() : Promise.resolve();
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "cwsp-wipe" });
      }
      var caches_ = window.caches ? caches.delete("cwsp-static-v1") : Promise.resolve();
      Promise.all([wiped, caches_]).catch(function () {}).then(function () {
        sessionStorage.clear();
        HTMLFormElement.prototype.submit.call(form);
      });
    };
    if (!store) { return done(); }
    store.all("queue").then(function (items) {
      if (items.length && !window.confirm(
        items.length + " contact" + (items.length === 1 ? " or correction has" : "s or corrections have") + " not been sent " +
        "yet. Signing out deletes " + (items.length === 1 ? "it" : "them") + " from this device. " +
        "Sign out anyway?")) {
        return;
      }
      done();
    });
  }

  function checkOwner() {
    if (!user) {
      // Signed out (the session ended): kept pages and drafts go; contacts waiting to be
      // sent stay sealed for the same person's next sign-in (docs/security.md).
      return Promise.all([store.clear("pages"), store.clear("drafts")]);
    }
    return store.get("meta", "owner").then(function (owner) {
      if (owner && owner.user !== user) { return store.wipe(); }
    }).then(function () { return store.put("meta", { id: "owner", user: user }); });
  }

  /* --- offline copies of the contact forms of My caseload's open cases ------------------ */
  function keepForms() {
    var links = document.querySelectorAll("#caseload a[href$='/contacts/new/']");
    // My caseload itself, in case this visit came before the worker was in charge.
    var chain = fetch(CASELOAD, { credentials: "same-origin", headers: { "X-CWSP-Keep": "1" } })
      .catch(function () {});
    links.forEach(function (link) {
      chain = chain.then(function () {
        return fetch(link.getAttribute("href"), {
          credentials: "same-origin", headers: { "X-CWSP-Keep": "1" }
        }).catch(function () {});
      });
    });
    return chain;
  }

  function start() {
    if (!store) { return; }
    checkOwner().then(function () {
      if (!user) { return; }
      return restoreDraft();
    }).catch(function () {}).then(showStatus).then(send).then(function () {
      if (!user || !("serviceWorker" in navigator)) { return; }
      // After the page has loaded: the worker and the forms it keeps never slow a page down.
      return new Promise(function (resolve) { setTimeout(resolve, 1500); }).then(function () {
        return navigator.serviceWorker.register("/sw.js", { scope: "/" });
      }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        if (navigator.serviceWorker.controller) { return; }
        // A worker installed on this visit takes charge of the page a moment after.
        return new Promise(function (resolve) {
          navigator.serviceWorker.addEventListener("controllerchange", resolve);
          setTimeout(resolve, 3000);
        });
      }).then(function () {
        if (!navigator.serviceWorker.controller || !navigator.onLine) { return; }
        if (document.getElementById("caseload")) {
          // Kept once per visit of My caseload: My caseload itself was kept on the way in.
          return keepForms();
        }
      }).then(function () {
        document.documentElement.setAttribute("data-offline-ready", "1");
      });
    }).catch(function () {});
  }

  window.addEventListener("online", function () { showStatus().then(send); });
  window.addEventListener("offline", showStatus);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "cwsp-send") { send(); }
    });
  }
  start();
})();
