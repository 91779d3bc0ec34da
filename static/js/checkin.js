// Check-in at the door: search as you type, check in / undo without reloading, scan a QR
// code (a keyboard-wedge scanner types the participant code and Enter). Without this
// script the same forms work with full page loads.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("checkin-q");
  var list = document.getElementById("checkin-results");
  var count = document.getElementById("present-count");
  var status = document.getElementById("checkin-status");
  if (!form || !input || !list || !window.fetch) { return; }
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  // The button texts come translated from the page (data-label-* on the search form).
  var labels = {
    checkIn: form.dataset.labelCheckIn || "Check in",
    undo: form.dataset.labelUndo || "Undo"
  };
  var timer = null;
  var latest = 0;

  function say(message, isError) {
    status.textContent = message || "";
    status.classList.toggle("is-error", Boolean(isError));
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) { return response.json(); });
  }

  function actionForm(url, buttonText, secondary) {
    var f = document.createElement("form");
    f.method = "post";
    f.action = url;
    f.className = "js-action";
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = buttonText;
    if (secondary) { button.className = "button-secondary"; }
    f.appendChild(button);
    return f;
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
      details.textContent = " " + r.organisation + " · " + r.email + " · " + r.code;
      info.appendChild(name);
      info.appendChild(details);
      if (!r.can_check_in) {
        var tag = document.createElement("span");
        tag.className = "tag tag-warning";
        tag.textContent = " " + r.registration_status;
        info.appendChild(tag);
      }
      item.appendChild(info);
      if (r.session_status === "present" || r.session_status === "late") {
        item.appendChild(actionForm(r.undo_url, labels.undo + " (" + r.session_status_label + ")", true));
      } else if (r.can_check_in) {
        item.appendChild(actionForm(r.attend_url, labels.checkIn, false));
      }
      list.appendChild(item);
    });
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.textContent = ""; return; }
    fetch(form.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) { return response.json(); }).then(function (data) {
      if (ticket !== latest) { return; }
      count.textContent = data.present;
      render(data.results);
    });
  }

  function answered(data) {
    latest++;  // a search sent before this change must not put back its older count
    if (typeof data.present === "number") { count.textContent = data.present; }
    say(data.message || (data.errors ? JSON.stringify(data.errors) : ""), !data.ok);
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
    var body = new FormData(form);
    post(form.action, body).then(function (data) {
      if (data.matched === false) { search(); return; }
      answered(data);
      input.value = "";
      list.textContent = "";
      input.focus();
    });
  });

  list.addEventListener("submit", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLFormElement)) { return; }
    event.preventDefault();
    post(target.action, new FormData(target)).then(function (data) {
      answered(data);
      search();
      input.focus();
    });
  });
})();
