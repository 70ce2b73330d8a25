// Runs before the first paint (a classic script in <head>, loaded from the site itself: the
// Content-Security-Policy forbids inline script). It decides what the stylesheet and the
// downloads need before anything is drawn:
//
// 1. The theme the reader chose (the app's switch stores it; src/ui/browser.rs), so that a
//    page in dark mode does not flash light while the WebAssembly loads.
// 2. Whether the prerendered page (src/ui/prerender.rs writes it from the bundle) may show: the
//    home page in index.html only on the home page itself, with no query, filter or page in the
//    URL; the page of a route (doc/<slug>.html, about.html or browse/<facet>.html, which name their route in
//    <meta name="folio-first-view">) only at that route's address, with nothing after it. Any
//    other address (a search, a deep link answered with 404.html or with index.html by a plain
//    host) gets a file whose page would be wrong content there: it stays hidden and is removed
//    once parsed. The prerendered site header is right on every page and stays
//    until the app shows its own (src/ui/app.rs removes the whole first view then).
// 3. When the app starts, the WebAssembly downloads and the index worker starts (post-build moves
//    trunk's preload of the WebAssembly onto this script's data-wasm attributes and names the
//    worker's files in data-worker-js and data-worker-wasm; the worker, crates/folio-worker,
//    downloads and indexes the bundle on its own thread while the app starts, and what it says
//    meanwhile is held for the app, window.folioWorker; public/boot.js waits for
//    window.folioStart): at once where the page waits for the app; on the home page once its
//    first view is painted, so that its paint never shares the connection with a megabyte of
//    code; on a page a reader came to read (a document, the about page, a browse page) only when
//    the reader uses a control only the app can serve (a button, a form field, a menu, the `/`
//    key). Reading, scrolling and following links never need it; the theme switch is served
//    here. The service worker is still registered there, once the page is idle, so the site is
//    stored for offline use (its worker downloads off the page's thread).
// 4. The page's own downloads of the big files kept for the offline copy: on a visit that no
//    service worker serves yet, the WebAssembly (public/boot.js) and, in the index worker, its
//    own WebAssembly and the bundle (crates/folio-worker/worker.js) are also written, as they
//    arrive, to this site's "kept" cache, where the service worker (src/offline/sw.js) takes
//    them, hash checked, instead of downloading them again; it is registered once they are
//    written (window.folioKept, and the index worker's word that its copies are written).
//
// It also marks the search page (any query), whose loading panel is laid out as wide as the
// results that replace it.
(function () {
  var root = document.documentElement;
  var script = document.currentScript;
  // Scripts run: the stylesheet hides a prerendered page unless this script lets it show
  // (without scripts every prerendered page shows as it is).
  root.classList.add('js');
  try {
    var theme = window.localStorage.getItem('folio-theme');
    if (theme === 'dark' || theme === 'light') root.setAttribute('data-theme', theme);
  } catch (e) {
    // No storage (a private window may refuse it): follow the system.
  }

  function preload(href, integrity) {
    var link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    if (integrity) link.integrity = integrity;
    link.href = href;
    document.head.appendChild(link);
  }
  function startDownloads() {
    var wasm = script && script.getAttribute('data-wasm');
    if (wasm) preload(wasm, script.getAttribute('data-wasm-integrity'));
    startWorker();
  }

  // The index worker (crates/folio-worker): it downloads, parses and indexes the bundle on a
  // thread of its own while the app's WebAssembly downloads and starts, then answers the app's
  // questions. What it says before the app listens is held for the app (src/load/worker.rs
  // calls window.folioWorker.take).
  function startWorker() {
    if (window.folioWorker) return;
    var held = [];
    var handlers = null;
    var worker = null;
    // A progress report, as the worker writes it (serde's form of
    // folio_core::ask::ToPage::Progress: {"Progress":{…}}).
    function isProgress(h) {
      return h[0] === 'message' && typeof h[1].data === 'string' && h[1].data.lastIndexOf('{"Progress"', 0) === 0;
    }
    function deliver(kind, event) {
      if (handlers) handlers[kind](event);
      else held.push([kind, event]);
    }
    window.folioWorker = {
      // What was held is handed over in a task after the app's start (which is long enough
      // on its own), without the progress reports a later one has overtaken.
      take: function (onMessage, onError) {
        var waiting = held.splice(0);
        setTimeout(function () {
          waiting.filter(function (h, i) {
            var next = waiting[i + 1];
            return !(isProgress(h) && next && isProgress(next));
          }).concat(held.splice(0)).forEach(function (h) {
            (h[0] === 'message' ? onMessage : onError)(h[1]);
          });
          handlers = { message: onMessage, error: onError };
        }, 0);
        return worker;
      },
    };
    var js = script && script.getAttribute('data-worker-js');
    var wasm = script && script.getAttribute('data-worker-wasm');
    try {
      if (!js || !wasm) throw new Error('the site was built without its search worker');
      worker = new Worker(new URL('worker.js', document.baseURI).href);
      worker.onmessage = function (e) { deliver('message', e); };
      worker.onerror = function (e) { deliver('error', e); };
      var build = document.querySelector('meta[name="folio-build"]');
      var id = build && build.getAttribute('content');
      var sw = navigator.serviceWorker;
      var keep = window.caches && sw && !sw.controller && id && id !== 'dev' ? 'folio ' + base + ' kept' : null;
      worker.postMessage({ js: js, wasm: wasm, keep: keep });
    } catch (err) {
      deliver('error', { message: String((err && err.message) || err) });
    }
  }

  var base = new URL(document.baseURI).pathname;
  var search = location.pathname === base;
  var plain = location.search === '' || location.search === '?';
  var route = document.querySelector('meta[name="folio-first-view"]');

  var keeping = [];
  window.folioKeep = function (response) {
    try {
      var build = document.querySelector('meta[name="folio-build"]');
      var id = build && build.getAttribute('content');
      var sw = navigator.serviceWorker;
      if (response && response.ok && window.caches && sw && !sw.controller && id && id !== 'dev') {
        var copy = response.clone();
        keeping.push(
          caches.open('folio ' + base + ' kept')
            .then(function (cache) { return cache.put(response.url, copy); })
            .catch(function () {}),
        );
      }
    } catch (e) {
      // No copy kept: the worker downloads the file itself.
    }
    return response;
  };
  window.folioKept = function () {
    return Promise.all(keeping);
  };
  var routePage = route && plain && location.pathname === base + route.getAttribute('content');
  // The search page is wide; its loading panel too (style.css), so nothing moves sideways.
  if (search) root.classList.add('route-search');

  // Once the first view is painted (or after a second, for a tab in the background).
  // Once the whole first view is painted: the first contentful paint (often the header alone,
  // while the rest of the page is still being parsed) and then a frame after the page is
  // parsed. Nothing the app downloads then competes with the page's largest paint.
  function firstPaint() {
    return new Promise(function (resolve) {
      var painted = false;
      var parsed = document.readyState !== 'loading';
      function both() {
        if (painted && parsed) {
          requestAnimationFrame(function () {
            setTimeout(resolve, 0);
          });
        }
      }
      var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
      if (types.indexOf('paint') >= 0) {
        new PerformanceObserver(function (list) {
          if (list.getEntriesByName('first-contentful-paint').length) {
            painted = true;
            both();
          }
        }).observe({ type: 'paint', buffered: true });
      } else {
        painted = true;
      }
      if (!parsed) {
        document.addEventListener('DOMContentLoaded', function () {
          parsed = true;
          both();
        });
      }
      both();
      // Should no paint ever be reported (a browser that paints late): start anyway. Not
      // sooner: a browser may take a second to report the first paint, and downloads started
      // before it would compete with it.
      setTimeout(resolve, 3000);
    });
  }

  // What only the app does on a page a reader came to read: a button (copy or download a
  // citation), a form field, an expandable menu. Links, selecting text and scrolling work
  // without it; the theme switch too (below).
  var APP_CONTROL = 'button:not(.theme-toggle), input, select, textarea, summary';
  function appNeeded() {
    return new Promise(function (resolve) {
      var events = ['pointerdown', 'focusin', 'keydown'];
      function check(e) {
        var t = e.target;
        var wants = t && t.closest && t.closest(APP_CONTROL);
        if (e.type === 'keydown') wants = wants || e.key === '/';
        if (!wants) return;
        events.forEach(function (type) {
          document.removeEventListener(type, check, true);
        });
        resolve();
      }
      events.forEach(function (type) {
        document.addEventListener(type, check, true);
      });
    });
  }

  if (routePage) {
    // A document, the about page, a browse page: the prerendered page is the whole page, so it
    // does not pay for the app and the archive (megabytes to download, parse and index on this
    // thread) until the reader uses a control that needs them. The site is still stored for
    // offline use once the page has loaded and the browser is idle (the service worker
    // downloads on its own thread).
    root.classList.add('first-view-page');
    // The reader's first touch is listened for from the start: a control used before the
    // first view has finished painting still starts the app, once it has.
    var needed = appNeeded();
    window.folioStart = firstPaint().then(function () { return needed; }).then(workerStored);
    window.folioStart.then(startDownloads);
    window.addEventListener('load', function () {
      var idle = window.requestIdleCallback || function (f) { setTimeout(f, 2000); };
      idle(registerWorker);
    });
  } else if (search && plain && !route) {
    root.classList.add('first-view-home');
    window.folioStart = firstPaint();
    window.folioStart.then(startDownloads);
  } else {
    startDownloads();
    document.addEventListener('DOMContentLoaded', function () {
      var page = document.querySelector('[data-first-view="home"], [data-first-view="page"]');
      if (page) page.remove();
    });
  }

  // The theme switch of a prerendered page works before (and without) the app, as the app's:
  // the choice on <html data-theme>, remembered for the next page.
  document.addEventListener('click', function (e) {
    var button = e.target && e.target.closest && e.target.closest('[data-first-view] .theme-toggle');
    if (!button) return;
    var dark = root.getAttribute('data-theme') === 'dark' ||
      (!root.hasAttribute('data-theme') && window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches);
    var next = dark ? 'light' : 'dark';
    root.setAttribute('data-theme', next);
    try {
      window.localStorage.setItem('folio-theme', next);
    } catch (err) {
      // No storage: the choice holds for this page.
    }
  });

  // When the service worker registered below is storing the site right now (it downloads the
  // bundle and the WebAssembly), the app's downloads wait until it has and serves the page:
  // they then come from its copy instead of the network a second time. It is ahead anyway.
  function workerStored() {
    var sw = navigator.serviceWorker;
    if (!sw || sw.controller) return undefined;
    return sw.getRegistration(base).then(function (reg) {
      var installing = reg && (reg.installing || reg.waiting);
      if (!installing) return undefined;
      return new Promise(function (resolve) {
        sw.addEventListener('controllerchange', resolve, { once: true });
        installing.addEventListener('statechange', function () {
          if (installing.state === 'redundant') resolve();
        });
        // A worker that never finishes (a stalled connection) does not hold the app back.
        setTimeout(resolve, 30000);
      });
    }).catch(function () {});
  }

  // The service worker (src/offline/client.js registers the same one when the app runs).
  function registerWorker() {
    var build = document.querySelector('meta[name="folio-build"]');
    var id = build && build.getAttribute('content');
    if (!navigator.serviceWorker || !id || id === 'dev') return;
    window.folioKept().then(function () {
      return navigator.serviceWorker.register(new URL('sw.js', document.baseURI).href, { scope: base });
    }).catch(function () {});
  }
})();
