// The index worker's first script (crates/folio-worker): the page starts it
// (`new Worker('worker.js')`, public/first-view.js) and sends one message saying what to load:
//   { js: the wasm-bindgen glue, wasm: the WebAssembly (hashed names written by the build),
//     keep: the cache to keep this worker's own downloads in for the service worker, or null }.
// It then loads the module, whose Rust side takes the messages from there on (src/main.rs).
// A file of the site's own origin: the page's Content-Security-Policy allows it (worker-src 'self').
'use strict';

function fail(err) {
  // The page reads this as the Rust side's ToPage::Failed(LoadError::Worker(..)).
  self.postMessage(JSON.stringify({ Failed: { Worker: String((err && err.message) || err) } }));
}

self.onmessage = function (event) {
  var start = event.data || {};
  self.onmessage = null;
  var keeping = [];
  // As the page's window.folioKeep: a copy of a download of this worker's own, for the service
  // worker to store instead of downloading the file again (src/offline/sw.js).
  self.folioKeep = function (response) {
    try {
      if (start.keep && response && response.ok && self.caches) {
        var copy = response.clone();
        keeping.push(caches.open(start.keep)
          .then(function (cache) { return cache.put(response.url, copy); })
          .catch(function () {}));
      }
    } catch (e) {
      // No copy kept: the service worker downloads the file itself.
    }
    return response;
  };
  self.folioKept = function () {
    return Promise.all(keeping);
  };
  try {
    importScripts(start.js);
    // The module's exports (its memory) for the load metrics (tests/bench/load-metrics.mjs).
    wasm_bindgen({ module_or_path: fetch(start.wasm).then(self.folioKeep) })
      .then(function (exports) { self.folioWasm = exports; })
      .catch(fail);
  } catch (err) {
    fail(err);
  }
};
