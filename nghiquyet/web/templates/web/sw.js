{% load i18n %}// nghiquyet's service worker (R43), served by nghiquyet.web.views.service_worker from the site's root.
// Keeps what a member opened readable without a connection: every page they open (network first, the
// stored copy when offline, marked with the time it was fetched), "My work", the inbox's received notices
// and those notices' documents (the links a page marks with data-offline). Stores nothing for a visitor
// who is not logged in, and empties every cache at logout.
"use strict";
var VERSION = "{{ version }}";
var PAGES = "nq-pages";          // personal: pages and documents, emptied at logout
var STATIC = "nq-static-" + VERSION;
var ASSETS = {{ assets_json|safe }};
var MAX_PAGES = 60;              // the oldest copies beyond this are dropped
var MAX_KEEP = 40;               // links followed after one page load
var FRESH_MS = 5 * 60 * 1000;    // a kept copy younger than this is not fetched again
var NEVER = /^\/(accounts|admin|api|i18n|sw\.js|manifest\.webmanifest)(\/|$)/;
{% get_current_language as LANG %}{% translate "No connection" as no_connection %}{% translate "This page was not opened on this device before, so there is no copy of it to show. Pages you opened, your work and the notices you received can still be read." as no_copy %}{% translate "My work" as my_work %}{% translate "Inbox" as inbox %}{% url "resolutions:mine" as my_work_url %}{% url "notify:inbox" as inbox_url %}
var OFFLINE_PAGE = '<!doctype html><html lang="{{ LANG }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>nghiquyet</title></head><body style="font-family:system-ui,sans-serif;padding:1rem"><h1 style="font-size:1.4rem" id="offline-missing">{{ no_connection|escapejs }}</h1><p>{{ no_copy|escapejs }}</p><p><a href="{{ my_work_url }}">{{ my_work|escapejs }}</a> · <a href="{{ inbox_url }}">{{ inbox|escapejs }}</a></p></body></html>';

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) { return cache.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("nq-static-") === 0 && k !== STATIC; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function forgetAll() {
  return caches.keys().then(function (keys) { return Promise.all(keys.map(function (k) { return caches.delete(k); })); });
}

self.addEventListener("message", function (event) {
  if (event.data === "logout") event.waitUntil(forgetAll());
  else if (event.data && event.data.keep) event.waitUntil(keepAll(event.data.keep));
});

// A copy of a response with the moment it was fetched, for the "possibly out of date" note.
function stamped(response) {
  return response.clone().blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("X-Fetched-At", new Date().toISOString());
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

function store(url, response) {
  return stamped(response).then(function (copy) {
    return caches.open(PAGES).then(function (cache) {
      return cache.put(url, copy).then(function () { return cache.keys(); }).then(function (keys) {
        return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (k) { return cache.delete(k); }));
      });
    });
  });
}

function personal(response) {
  // Only a page the user was shown (not the login page after a session ended, not an error).
  return response.ok && response.type === "basic" && !new URL(response.url).pathname.startsWith("/accounts/login");
}

// Fetch and store the pages and documents a page marks for reading offline, one level of links deep per
// round (the inbox marks its notices, a notice's page marks its documents), each at most every FRESH_MS.
function keepAll(urls, depth) {
  depth = depth === undefined ? 2 : depth;
  var budget = { left: MAX_KEEP };
  return keepLevel(urls, depth, budget, {});
}

function keepLevel(urls, depth, budget, seen) {
  var todo = [];
  urls.forEach(function (raw) {
    var url = new URL(raw, self.location.origin);
    if (url.origin !== self.location.origin || NEVER.test(url.pathname) || seen[url.href] || budget.left <= 0) return;
    seen[url.href] = true;
    budget.left -= 1;
    todo.push(url.href);
  });
  return Promise.all(todo.map(function (href) {
    return caches.open(PAGES).then(function (cache) { return cache.match(href); }).then(function (old) {
      var at = old ? Date.parse(old.headers.get("X-Fetched-At") || "") : 0;
      if (old && Date.now() - at < FRESH_MS) return old;
      return fetch(href, { credentials: "same-origin" }).then(function (response) {
        if (!personal(response)) return null;
        return store(href, response).then(function () { return response; });
      });
    }).then(function (response) {
      if (!response || depth <= 0 || !(response.headers.get("Content-Type") || "").startsWith("text/html")) return null;
      return response.text();
    }).then(function (html) {
      if (!html) return null;
      var found = [];
      var re = /data-offline="([^"]+)"/g;
      var m;
      while ((m = re.exec(html))) found.push(m[1].replace(/&amp;/g, "&"));
      return keepLevel(found, depth - 1, budget, seen);
    }).catch(function () { return null; });
  }));
}

// A stored page, marked on its <body> as a copy with the time it was fetched (web/phone.js shows the note).
function offlineCopy(cached) {
  var at = cached.headers.get("X-Fetched-At") || "";
  if (!(cached.headers.get("Content-Type") || "").startsWith("text/html")) return Promise.resolve(cached);
  return cached.text().then(function (html) {
    html = html.replace("<body", '<body data-offline-copy="' + at + '"');
    return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/accounts/logout/") {
    // Nothing personal stays on the device after logging out.
    event.respondWith(forgetAll().then(function () { return fetch(request); }));
    return;
  }
  if (request.method !== "GET" || NEVER.test(url.pathname)) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.open(STATIC).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
      });
    }));
    return;
  }
  var page = request.mode === "navigate";
  if (request.headers.get("HX-Request")) return;  // htmx fragments: never stored, never faked
  event.respondWith(fetch(request).then(function (response) {
    if (page) {
      if (response.redirected && new URL(response.url).pathname.startsWith("/accounts/login")) {
        event.waitUntil(forgetAll());  // the session ended: what was kept is no longer theirs to read
      } else if (personal(response) && (response.headers.get("Content-Type") || "").startsWith("text/html")) {
        event.waitUntil(store(request.url, response));
      }
    }
    return response;
  }, function () {
    return caches.open(PAGES).then(function (cache) { return cache.match(request.url, { ignoreVary: true }); }).then(function (cached) {
      if (cached) return offlineCopy(cached);
      if (page) return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      return Response.error();
    });
  }));
});
