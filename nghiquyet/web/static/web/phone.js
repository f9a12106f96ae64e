// Phone first (R43): the menu button of the top bar, tables read as cards on a small screen, and the
// service worker (/sw.js) that keeps what a member opened readable offline — and nothing after logout.
(function () {
  "use strict";
  var body = document.body;

  // The menu button: on a small screen the navigation folds behind it (app.css).
  var toggle = document.getElementById("nav-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var bar = document.getElementById("topbar");
      var open = bar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Each cell of a list gets its column's name, shown before it when the rows become cards (app.css).
  document.querySelectorAll("main table").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    var names = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) names.push(cell.textContent.trim());
    });
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      Array.prototype.forEach.call(tbody.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (names[col] && cell.colSpan === 1 && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[col]);
          col += cell.colSpan || 1;
        });
      });
    });
  });

  // A page read from the device's copy says so, with the time it was fetched.
  var copy = body.dataset.offlineCopy;
  if (copy !== undefined) {
    var at = new Date(copy);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var when = isNaN(at) ? "?" : pad(at.getHours()) + ":" + pad(at.getMinutes()) + " " + pad(at.getDate()) + "/" + pad(at.getMonth() + 1) + "/" + at.getFullYear();
    var note = document.createElement("p");
    note.className = "offline-note";
    note.id = "offline-note";
    note.setAttribute("role", "status");
    note.textContent = (body.dataset.offlineText || "Offline copy, {time}").replace("{time}", when);
    var main = document.querySelector("main");
    (main || body).prepend(note);
  }

  function forget() {
    var done = window.caches ? caches.keys().then(function (keys) {
      return Promise.all(keys.map(function (k) { return caches.delete(k); }));
    }) : Promise.resolve();
    return done.catch(function () {});
  }

  if (!body.dataset.user) {
    // Logged out (or never in): nothing personal stays readable on this device.
    forget();
    if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("logout");
    return;
  }
  var logout = document.getElementById("logout-form");
  if (logout) {
    logout.addEventListener("submit", function (event) {
      if (logout.dataset.forgotten) return;
      event.preventDefault();
      forget().then(function () {
        logout.dataset.forgotten = "1";
        logout.submit();
      });
    });
  }
  if (!("serviceWorker" in navigator)) return;
  // The offline copies are for phones (and the installed application): an office computer on the intranet
  // is online, and keeping copies there would only load the server.
  var phone = window.matchMedia && window.matchMedia("(max-width: 900px), (pointer: coarse), (display-mode: standalone)").matches;
  if (!phone && !navigator.serviceWorker.controller) return;
  navigator.serviceWorker.register(body.dataset.serviceWorker || "/sw.js", { scope: "/" }).catch(function () {});
  if (copy === undefined && navigator.onLine !== false) {
    var keep = [];
    document.querySelectorAll("[data-offline]").forEach(function (el) { keep.push(el.getAttribute("data-offline")); });
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ keep: keep });
    });
  }
})();
