// Starts the app. trunk would otherwise inline this as a <script> in index.html, which the
// site's Content-Security-Policy (`script-src 'self'`, no inline script) forbids; here it is a
// file of the site's own origin. trunk writes the hashed names of the wasm-bindgen glue and of
// the WebAssembly into the attributes of the tag that loads this file (Trunk.toml,
// `build.pattern_script`), so this file never changes between builds.
//
// The bundle downloads beside the WebAssembly instead of after the app has started
// (src/load/fetch.rs reads it from this preload). It is asked for here, once the page is
// parsed, rather than from <head>: nothing of the first paint (the first view that
// .ci/post-build.mjs prerenders) waits for it, and it still arrives long before the
// WebAssembly it waits for.
const bundle = Object.assign(document.createElement('link'), { rel: 'preload', as: 'fetch', href: 'data/archive.json', crossOrigin: 'anonymous' });
document.head.append(bundle);

const tag = document.querySelector('script[data-folio-js][data-folio-wasm]');
const { default: init } = await import(tag.dataset.folioJs);
const wasm = await init({ module_or_path: tag.dataset.folioWasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
