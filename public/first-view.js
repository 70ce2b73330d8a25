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
// 3. When the WebAssembly and the bundle start downloading (post-build moves trunk's preload
//    of the WebAssembly onto this script's data-wasm attributes): at once where the page waits
//    for the app, but where a prerendered page shows (home, document, about) only after it is
//    painted, so that its paint never shares the connection with a megabyte of code. public/boot.js waits for the
//    same moment (window.folioFirstPaint).
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
    // src/load/fetch.rs reads the bundle from this preload.
    preload('data/archive.json');
  }

  var base = new URL(document.baseURI).pathname;
  var search = location.pathname === base;
  var plain = location.search === '' || location.search === '?';
  var route = document.querySelector('meta[name="folio-first-view"]');
  var routePage = route && plain && location.pathname === base + route.getAttribute('content');
  // The search page is wide; its loading panel too (style.css), so nothing moves sideways.
  if (search) root.classList.add('route-search');
  if ((search && plain && !route) || routePage) {
    root.classList.add(routePage ? 'first-view-page' : 'first-view-home');
    window.folioFirstPaint = new Promise(function (resolve) {
      var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
      if (types.indexOf('paint') >= 0) {
        new PerformanceObserver(function (list) {
          if (list.getEntriesByName('first-contentful-paint').length) resolve();
        }).observe({ type: 'paint', buffered: true });
      } else {
        // No paint timing: once the page is parsed and a frame has gone by.
        document.addEventListener('DOMContentLoaded', function () {
          requestAnimationFrame(function () {
            setTimeout(resolve, 0);
          });
        });
      }
      // A page in a background tab paints nothing: do not wait for ever.
      setTimeout(resolve, 1000);
    });
    window.folioFirstPaint.then(startDownloads);
  } else {
    startDownloads();
    document.addEventListener('DOMContentLoaded', function () {
      var page = document.querySelector('[data-first-view="home"], [data-first-view="page"]');
      if (page) page.remove();
    });
  }
})();
