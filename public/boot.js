// Starts the app. trunk would otherwise inline this as a <script> in index.html, which the
// site's Content-Security-Policy (`script-src 'self'`, no inline script) forbids; here it is a
// file of the site's own origin. trunk writes the hashed names of the wasm-bindgen glue and of
// the WebAssembly into the attributes of the tag that loads this file (Trunk.toml,
// `build.pattern_script`), so this file never changes between builds.
//
// It starts when public/first-view.js says (window.folioStart: once the home page's first view
// is painted; on a document, about or browse page when the reader first needs the app), which
// also starts the downloads of the WebAssembly and of the bundle.
await window.folioStart;
const tag = document.querySelector('script[data-folio-js][data-folio-wasm]');
const { default: init } = await import(tag.dataset.folioJs);
// Fetched here rather than by the glue, so that the service worker can store this very
// download for offline use (window.folioKeep, public/first-view.js) instead of fetching it again.
const keep = window.folioKeep ?? ((response) => response);
const wasm = await init({ module_or_path: fetch(new URL(tag.dataset.folioWasm, document.baseURI)).then(keep) });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
