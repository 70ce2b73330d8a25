// Runs before the first paint (a classic script in <head>, loaded from the site itself: the
// Content-Security-Policy forbids inline script). It decides two things the stylesheet needs
// before anything is drawn:
//
// 1. The theme the reader chose (the app's switch stores it; src/ui/browser.rs), so that a
//    page in dark mode does not flash light while the WebAssembly loads.
// 2. Whether the prerendered home page in index.html (.ci/post-build.mjs writes it from the
//    bundle) may show: only on the home page itself, with no query, filter or page in the URL.
//    Every other address (a search, /doc/…, /about, a deep link answered with 404.html) gets
//    the same index.html, and there the home page would be wrong content: it stays hidden and
//    is removed once parsed. The prerendered site header is right on every page and stays
//    until the app shows its own (src/ui/app.rs removes the whole first view then).
// It also marks the search page (any query), whose loading panel is laid out as wide as the
// results that replace it.
(function () {
  var root = document.documentElement;
  try {
    var theme = window.localStorage.getItem('folio-theme');
    if (theme === 'dark' || theme === 'light') root.setAttribute('data-theme', theme);
  } catch (e) {
    // No storage (a private window may refuse it): follow the system.
  }
  var base = new URL(document.baseURI).pathname;
  var search = location.pathname === base;
  // The search page is wide; its loading panel too (style.css), so nothing moves sideways.
  if (search) root.classList.add('route-search');
  if (search && (location.search === '' || location.search === '?')) {
    root.classList.add('first-view-home');
  } else {
    document.addEventListener('DOMContentLoaded', function () {
      var page = document.querySelector('[data-first-view="home"]');
      if (page) page.remove();
    });
  }
})();
