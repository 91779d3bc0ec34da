// Check-in at the door: search as you type, check in / undo without reloading, scan a QR
// code (a keyboard-wedge scanner types the code and Enter; the camera, checkin-scan.js, does
// the same). Without this script the same forms work with full page loads.
//
// Online, every search and action goes to the server, as it always did. When the server
// cannot be reached (no network, or a request fails), the device's own copy takes over
// (checkin-store.js): search in the stored roster, actions queued and shown at once, then
// uploaded by the store when the network is back. Nobody switches a mode: it falls back and
// recovers by itself.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("checkin-q");
  var list = document.getElementById("checkin-results");
  var count = document.getElementById("present-count");
  var status = document.getElementById("checkin-status");
  var walkInForm = document.getElementById("walk-in-form");
  if (!form || !input || !list || !window.fetch) { return; }
  var store = window.CopCheckinStore || null;
  var session = store ? store.session : null;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  // The button texts come translated from the page (data-label-* on the search form).
  var labels = {
    checkIn: form.dataset.labelCheckIn || "Check in",
    undo: form.dataset.labelUndo || "Undo"
  };
  var L = store ? store.labels : {};
  var actionUrl = /\/(\d+)\/(attend|undo)\/$/;
  var timer = null;
  var latest = 0;

  function fmt(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function say(message, isError) {
    status.textContent = message || "";
    status.classList.toggle("is-error", Boolean(isError));
  }

  function local() { return store && store.hasRoster() && !store.online(); }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      if ((response.headers.get("Content-Type") || "").indexOf("application/json") === -1) {
        throw new Error("not json");
      }
      return response.json();
    });
  }

  function actionForm(url, buttonText, secondary, kind, result) {
    var f = document.createElement("form");
    f.method = "post";
    f.action = url;
    f.className = "js-action";
    f.dataset.kind = kind;
    if (result.id !== null && result.id !== undefined) { f.dataset.registration = result.id; }
    if (result.walkIn) { f.dataset.walkIn = result.walkIn; }
    f.dataset.name = result.name;
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = buttonText;
    if (secondary) { button.className = "button-secondary"; }
    f.appendChild(button);
    return f;
  }

  function urlFor(result, verb) {
    if (result[verb + "_url"]) { return result[verb + "_url"]; }
    return result.id ? form.action + result.id + "/" + verb + "/" : form.action;
  }

  function render(results) {
    list.textContent = "";
    results.forEach(function (r) {
      var item = document.createElement("li");
      var info = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = r.name;
      var details = document.createElement("span");
      details.className = "muted";
      details.textContent = " " + [r.organisation, r.email, r.code].filter(Boolean).join(" · ");
      info.appendChild(name);
      info.appendChild(details);
      if (!r.can_check_in) {
        var tag = document.createElement("span");
        tag.className = "tag tag-warning";
        tag.textContent = " " + r.registration_status;
        info.appendChild(tag);
      }
      if (r.pending) {
        var waiting = document.createElement("span");
        waiting.className = "tag";
        waiting.textContent = L.pending || "waiting to sync";
        info.appendChild(document.createTextNode(" "));
        info.appendChild(waiting);
      }
      item.appendChild(info);
      if (r.session_status === "present" || r.session_status === "late") {
        item.appendChild(actionForm(urlFor(r, "undo"), labels.undo + " (" + r.session_status_label + ")", true, "undo", r));
      } else if (r.can_check_in) {
        item.appendChild(actionForm(urlFor(r, "attend"), labels.checkIn, false, "check_in", r));
      }
      list.appendChild(item);
    });
  }

  function showCount() {
    if (store && store.hasRoster() && session) { count.textContent = store.presentCount(session); }
  }

  function searchLocally(query) {
    if (!store || !store.hasRoster()) { return; }
    render(store.search(query, session));
    showCount();
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.textContent = ""; return; }
    if (local()) { searchLocally(query); return; }
    fetch(form.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) { return response.json(); }).then(function (data) {
      if (ticket !== latest) { return; }
      count.textContent = data.present;
      render(data.results);
    }).catch(function () {
      if (ticket !== latest || !store) { return; }
      store.serverFailed();
      searchLocally(query);
    });
  }

  function answered(data) {
    latest++;  // a search sent before this change must not put back its older count
    if (typeof data.present === "number") { count.textContent = data.present; }
    var message = data.message;
    if (!message && data.errors) {
      message = Object.keys(data.errors).map(function (field) {
        return data.errors[field].map(function (e) { return e.message; }).join(" ");
      }).join(" ");
    }
    say(message || "", !data.ok);
  }

  // --- Offline: the same actions, queued on the device ---

  function queueAction(info) {
    if (!store || !store.hasRoster()) {
      say(L.noRoster || "", true);
      return Promise.resolve();
    }
    var fields = { kind: info.kind, session: session };
    if (info.registration) { fields.registration = info.registration; }
    if (info.walkIn) { fields.walk_in = info.walkIn; }
    if (info.qr) { fields.qr = info.qr; }
    return store.enqueue(fields).then(function () {
      latest++;
      showCount();
      var text = info.kind === "undo" ? L.queuedUndo : L.queuedCheckIn;
      say(fmt(text, { name: info.name || "" }), false);
    });
  }

  function handleLocally(query) {
    if (!store || !store.hasRoster()) { say(L.noRoster || "", true); return Promise.resolve(); }
    if (store.looksSigned(query)) {
      return store.verifyQr(query).then(function (checked) {
        if (!checked.ok) { say(checked.message, true); return; }
        var name = checked.person ? checked.person.name : "";
        return queueAction({ kind: "check_in", registration: checked.registration, qr: query.trim(), name: name })
          .then(function () { input.value = ""; list.textContent = ""; input.focus(); });
      });
    }
    var person = store.byCode(query);
    if (person) {
      if (!person.live) {
        say(fmt(L.qrRevoked, { name: person.name }), true);
        return Promise.resolve();
      }
      return queueAction({ kind: "check_in", registration: person.id, name: person.name })
        .then(function () { input.value = ""; list.textContent = ""; input.focus(); });
    }
    searchLocally(query);
    return Promise.resolve();
  }

  function actionInfo(target) {
    var found = actionUrl.exec(target.getAttribute("action") || "");
    var kind = target.dataset.kind || (found && found[2] === "undo" ? "undo" : "check_in");
    var registration = target.dataset.registration ? Number(target.dataset.registration)
      : (found ? Number(found[1]) : null);
    var name = target.dataset.name;
    if (!name) {
      var strong = target.closest("li") && target.closest("li").querySelector("strong");
      name = strong ? strong.textContent : "";
    }
    return { kind: kind, registration: registration, walkIn: target.dataset.walkIn || null, name: name };
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  // Whatever was typed (or scanned) while this script was still loading fired its input
  // events before anyone listened: search for it now, unless the server already did.
  if (input.value.trim() && input.value !== input.defaultValue) { search(); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (local()) { handleLocally(query); return; }
    var body = new FormData(form);
    post(form.action, body).then(function (data) {
      if (data.matched === false) { search(); return; }
      answered(data);
      input.value = "";
      list.textContent = "";
      input.focus();
    }).catch(function () {
      if (!store) { return; }
      store.serverFailed();
      handleLocally(query);
    });
  });

  list.addEventListener("submit", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLFormElement)) { return; }
    event.preventDefault();
    var info = actionInfo(target);
    function after() { search(); input.focus(); }
    if (local() || !info.registration) { queueAction(info).then(after); return; }
    post(target.action, new FormData(target)).then(function (data) {
      answered(data);
      if (store && data.ok) { store.noteOnline(info.registration, session, info.kind !== "undo"); }
      after();
    }).catch(function () {
      if (!store) { return; }
      store.serverFailed();
      queueAction(info).then(after);
    });
  });

  // --- Walk-ins: sent at once when online, queued when not ---

  function queueWalkIn() {
    var data = new FormData(walkInForm);
    var fields = {
      kind: "walk_in", session: session,
      full_name: String(data.get("full_name") || "").trim(),
      email: String(data.get("email") || "").trim(),
      organisation: String(data.get("organisation") || "").trim()
    };
    if (!fields.full_name || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(fields.email)) {
      say(L.walkInIncomplete, true);
      return;
    }
    store.enqueue(fields).then(function () {
      walkInForm.reset();
      latest++;
      showCount();
      say(fmt(L.queuedWalkIn, { name: fields.full_name }), false);
      input.focus();
    });
  }

  if (walkInForm && store) {
    walkInForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (local()) { queueWalkIn(); return; }
      post(walkInForm.action, new FormData(walkInForm)).then(function (data) {
        answered(data);
        if (data.ok) { walkInForm.reset(); input.focus(); store.refresh(); }
      }).catch(function () {
        store.serverFailed();
        queueWalkIn();
      });
    });
  }

  if (store) {
    // The store's state changed (roster loaded, queue synced, network lost): refresh what shows.
    store.onChange(function () {
      if (local()) { showCount(); }
      if (local() && input.value.trim()) { searchLocally(input.value.trim()); }
    });
    // The camera scanner (checkin-scan.js) hands over what it read as if typed and Entered.
    document.addEventListener("checkin:scanned", function (event) {
      input.value = event.detail;
      form.requestSubmit();
    });
  }
})();
