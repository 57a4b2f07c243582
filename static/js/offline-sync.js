/* Sending what the device keeps, and corrections of contacts made without a connection.
   - post(): one JSON POST to the API with the submission's Idempotency-Key.
   - A correction made offline is queued like a contact: sealed, with its key, the contact's
     version it was made from (based_on_version) and only the fields the person changed.
   - Sent when the link returns; if someone changed the contact meanwhile the server
     answers 409 and nothing is overwritten: the person sees both versions on My caseload
     and chooses to keep theirs (sent again on top of the current version) or take the
     current one (theirs is removed from the device).
   Used by capture.js; the store is offline-store.js. */
/* global cwspStore */
(function () {
  "use strict";
  var store = window.cwspStore;
  var CONTACTS = "/api/v1/contacts/";
  var SKIP = ["csrfmiddlewaretoken", "idempotency_key", "based_on_version", "reason"];

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, key, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": cookie("csrftoken"),
        "Idempotency-Key": key
      },
      body: JSON.stringify(payload)
    });
  }

  /* The API's refusal as one sentence (field messages first). */
  function refusal(answer, status) {
    var messages = [];
    Object.keys(answer.errors || {}).forEach(function (field) {
      messages = messages.concat(answer.errors[field]);
    });
    return messages.join(" ") || answer.detail || "Refused (" + status + ").";
  }

  /* --- what the person changed on the correction form ---------------------------------- */
  function labelOf(form, name, el) {
    var group = el.closest("fieldset.choices");
    var label = group && el.type === "radio" ? group.querySelector("legend")
      : form.querySelector("label[for='" + el.id + "']");
    var text = label ? label.textContent : name;
    return text.replace("(required)", "").replace(/\s+/g, " ").trim();
  }

  function choiceText(form, el) {
    var label = form.querySelector("label[for='" + el.id + "']");
    return label ? label.textContent.trim() : el.value;
  }

  /* {name: {label, was, mine, value, choices}} for each field whose value differs from the
     one the page was rendered with (the contact's version the form showed). */
  function changedFields(form) {
    var changed = {};
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      var name = el.name;
      if (!name || SKIP.indexOf(name) >= 0 || el.type === "hidden" || seen[name]) { return; }
      var field = null;
      if (el.type === "radio") {
        seen[name] = true;
        var radios = form.querySelectorAll("input[type=radio][name='" + name + "']");
        var now = null, was = null, choices = {};
        radios.forEach(function (radio) {
          choices[radio.value] = choiceText(form, radio);
          if (radio.checked) { now = radio; }
          if (radio.defaultChecked) { was = radio; }
        });
        if (now !== was && now) {
          field = { value: now.value, mine: choices[now.value],
            was: was ? choices[was.value] : "—", choices: choices };
        }
      } else if (el.type === "checkbox") {
        if (el.checked !== el.defaultChecked) {
          field = { value: el.checked, mine: el.checked ? "Yes" : "No", was: el.defaultChecked ? "Yes" : "No" };
        }
      } else if (el.tagName === "SELECT") {
        var options = {};
        var initial = null;
        Array.prototype.forEach.call(el.options, function (option) {
          options[option.value] = option.text;
          if (option.defaultSelected) { initial = option.value; }
        });
        if (initial === null && el.options.length) { initial = el.options[0].value; }
        if (el.value !== initial) {
          field = { value: el.value === "" ? null : Number(el.value), mine: options[el.value],
            was: options[initial] || "—", choices: options };
        }
      } else if (el.value !== el.defaultValue) {
        // A date and time as typed (Darwin time, no offset): shown as typed, without the "T".
        var plain = function (v) { return el.type === "datetime-local" ? v.replace("T", " ") : v; };
        field = { value: el.value, mine: plain(el.value) || "—", was: plain(el.defaultValue) || "—" };
      }
      if (field) {
        field.label = labelOf(form, name, el);
        changed[name] = field;
      }
    });
    return changed;
  }

  function complain(form, text) {
    var old = form.querySelector("#offline-problem");
    if (old) { old.remove(); }
    var p = document.createElement("p");
    p.id = "offline-problem";
    p.className = "message error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    form.insertBefore(p, form.firstChild);
    return Promise.reject(new Error(text));
  }

  /* Queue the correction on the device; resolves once it is sealed and stored. */
  function queueCorrection(form) {
    var reason = (form.elements.reason && form.elements.reason.value || "").trim();
    var changed = changedFields(form);
    if (!reason) { return complain(form, "Say why the contact is being corrected."); }
    if (!Object.keys(changed).length) {
      return complain(form, "Nothing was changed: edit the details that need correcting.");
    }
    var version = Number(form.elements.based_on_version.value);
    var record = { reason: reason, version: version, fields: changed };
    return store.seal(record).then(function (box) {
      return store.put("queue", {
        id: crypto.randomUUID(), type: "correction", status: "waiting", queued_at: Date.now(),
        contact: Number(form.getAttribute("data-offline-correction")),
        case: Number(form.getAttribute("data-case")), box: box
      });
    });
  }

  /* Send one queued correction: true when it is settled for now (sent, or shown as a
     conflict), false to stop and try again later (signed out, throttled, no link). */
  function sendCorrection(item) {
    return store.unseal(item.box).then(function (record) {
      var payload = { reason: record.reason, based_on_version: record.version };
      Object.keys(record.fields).forEach(function (name) { payload[name] = record.fields[name].value; });
      return post(CONTACTS + item.contact + "/amend/", item.id, payload);
    }).then(function (response) {
      if (response.ok) {
        return store.remove("queue", item.id).then(function () { return "sent"; });
      }
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.status === 401 || answer.code === "not_authenticated" || response.status === 429) {
          return false;
        }
        item.status = "conflict";
        item.changed_meanwhile = response.status === 409;
        item.message = item.changed_meanwhile
          ? "Someone changed this contact after you opened it, so nothing was overwritten. " +
            "Compare the versions and choose."
          : refusal(answer, response.status);
        return store.put("queue", item).then(function () { return true; });
      });
    }, function () { return false; });
  }

  /* --- resolving: both versions, and the person's choice ------------------------------- */
  function shown(field, value) {
    if (value === null || value === undefined || value === "") { return "—"; }
    if (value === true || value === false) { return value ? "Yes" : "No"; }
    if (field.choices && Object.prototype.hasOwnProperty.call(field.choices, String(value))) {
      return field.choices[String(value)];
    }
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(String(value))) {
      var when = new Date(value);
      return when.toLocaleString("en-AU", { day: "numeric", month: "short", year: "numeric",
        hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Australia/Darwin" });
    }
    return String(value);
  }

  function cell(row, tag, text, label) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (tag === "th") { el.scope = "row"; }
    if (label) { el.setAttribute("data-label", label); }
    row.appendChild(el);
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  /* Fills `box` with both versions of the contact and the two choices; `done` reloads. */
  function showConflict(item, box, done) {
    return Promise.all([
      store.unseal(item.box),
      fetch(CONTACTS + item.contact + "/", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
    ]).then(function (both) {
      var record = both[0], current = both[1];
      if (!current) { return; }
      box.id = "correction-" + item.id;
      box.classList.add("correction-conflict");
      var intro = document.createElement("p");
      var since = (current.amendments || []).slice(record.version - 1);
      intro.textContent = "The contact of " + shown({}, current.occurred_at) +
        " changed since you opened it (version " + record.version + " → " + current.version + ")" +
        (since.length ? ": " + since.map(function (a) { return a.reason; }).join("; ") : "") + ".";
      box.appendChild(intro);
      var table = document.createElement("table");
      table.className = "changes table stack";
      var columns = ["What", "When you opened it", "Your correction", "Now"];
      var head = table.createTHead().insertRow();
      columns.forEach(function (t) { cell(head, "th", t); });
      head.querySelectorAll("th").forEach(function (th) { th.scope = "col"; });
      var body = table.createTBody();
      Object.keys(record.fields).forEach(function (name) {
        var field = record.fields[name];
        var row = body.insertRow();
        cell(row, "th", field.label);
        cell(row, "td", field.was, columns[1]);
        cell(row, "td", field.mine, columns[2]);
        cell(row, "td", shown(field, current[name]), columns[3]);
      });
      box.appendChild(table);
      var actions = document.createElement("p");
      actions.className = "form-actions";
      actions.appendChild(button("Keep my correction", function () {
        record.version = current.version;
        store.seal(record).then(function (sealed) {
          item.box = sealed;
          item.status = "waiting";
          delete item.message;
          delete item.changed_meanwhile;
          return store.put("queue", item);
        }).then(done);
      }));
      actions.appendChild(button("Take the current version", function () {
        store.remove("queue", item.id).then(done);
      }));
      box.appendChild(actions);
    }).catch(function () {});
  }

  window.cwspSync = {
    post: post,
    refusal: refusal,
    queueCorrection: queueCorrection,
    sendCorrection: sendCorrection,
    showConflict: showConflict
  };
})();
