//! Offline support: the service worker that keeps the app and the bundle on the device, and
//! the app's link to it.
//!
//! - `sw.js`: the worker, a template that the post-build hook (`.ci/post-build.mjs`) fills
//!   with the build's real file list and writes to the site root.
//! - `client.js`: the page's side (registration, updates, storage figures), a small JS module
//!   that wasm-bindgen ships beside the glue; this file binds it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/offline/client.js")]
extern "C" {
    #[wasm_bindgen(js_name = start)]
    fn js_start(on_update: &JsValue);

    #[wasm_bindgen(js_name = applyUpdate)]
    fn js_apply_update();

    #[wasm_bindgen(js_name = status)]
    async fn js_status() -> JsValue;

    #[wasm_bindgen(js_name = partsStatus)]
    async fn js_parts_status() -> JsValue;

    #[wasm_bindgen(catch, js_name = downloadAll)]
    async fn js_download_all(on_progress: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = pauseDownload)]
    fn js_pause_download();
}

/// How much of a packed archive this browser has stored.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PartsStatus {
    pub stored: usize,
    pub total: usize,
    /// A download of the whole archive was running when the page closed: go on with it.
    pub wanted: bool,
}

/// What is stored of a packed archive's parts.
pub async fn parts_status() -> PartsStatus {
    let js = js_parts_status().await;
    PartsStatus {
        stored: number(&js, "stored").unwrap_or(0.0) as usize,
        total: number(&js, "total").unwrap_or(0.0) as usize,
        wanted: get(&js, "wanted")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    }
}

/// How a download of the whole archive ended.
#[derive(Clone, Debug, PartialEq)]
pub enum DownloadEnd {
    Done,
    Paused,
    Failed(String),
}

/// Downloads every part of a packed archive not yet stored, calling `on_progress(stored,
/// total)` as it goes.
pub async fn download_all(on_progress: impl Fn(usize, usize) + 'static) -> DownloadEnd {
    let callback =
        Closure::<dyn Fn(f64, f64)>::new(move |a: f64, b: f64| on_progress(a as usize, b as usize))
            .into_js_value();
    match js_download_all(&callback).await {
        Ok(v) if v.as_string().as_deref() == Some("paused") => DownloadEnd::Paused,
        Ok(_) => DownloadEnd::Done,
        Err(e) => DownloadEnd::Failed(
            get(&e, "message")
                .and_then(|m| m.as_string())
                .or_else(|| e.as_string())
                .unwrap_or_else(|| "the download failed".into()),
        ),
    }
}

/// Pauses the download of the whole archive.
pub fn pause_download() {
    js_pause_download();
}

/// Registers the service worker (once the page's and the index worker's own downloads are
/// kept: `public/first-view.js`, `crates/folio-worker/worker.js`);
/// `on_update` runs when a new version is stored and waits.
/// Does nothing where there is no service worker (an old browser, a component test).
pub fn start(on_update: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn()>::new(on_update).into_js_value();
    js_start(&callback);
}

/// Switches to the waiting version and reloads the page.
pub fn apply_update() {
    js_apply_update();
}

/// What the about page tells about the stored copy and the storage it uses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OfflineStatus {
    /// The build of the running page ("dev" for a debug build).
    pub app_build: Option<String>,
    /// Whether the browser has service workers at all.
    pub supported: bool,
    /// Whether a newer version is stored and waits for a reload.
    pub update_waiting: bool,
    /// The copy kept for offline use, when there is one.
    pub stored: Option<StoredCopy>,
    /// Bytes this site stores, by the browser's estimate.
    pub usage: Option<f64>,
    /// Bytes it may store.
    pub quota: Option<f64>,
    /// Whether the browser promised not to evict the site's storage.
    pub persisted: Option<bool>,
}

/// The build that the service worker keeps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredCopy {
    pub build: String,
    /// SHA-256 of the bundle, shortened.
    pub bundle_hash: Option<String>,
    pub bundle_bytes: Option<f64>,
    /// ISO 8601.
    pub stored_at: Option<String>,
    /// The same, written for the reader in their locale.
    pub stored_at_text: Option<String>,
}

/// Reads the offline status; a default (nothing known) when the browser does not say.
pub async fn status() -> OfflineStatus {
    // Read field by field rather than with serde: far less WebAssembly for a handful of fields.
    let js = js_status().await;
    let stored = get(&js, "stored")
        .filter(|s| s.is_object())
        .map(|s| StoredCopy {
            build: string(&s, "build").unwrap_or_default(),
            bundle_hash: string(&s, "bundleHash"),
            bundle_bytes: number(&s, "bundleBytes"),
            stored_at: string(&s, "storedAt"),
            stored_at_text: string(&s, "storedAtText"),
        });
    OfflineStatus {
        app_build: string(&js, "appBuild"),
        supported: get(&js, "supported")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        update_waiting: get(&js, "updateWaiting")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        stored,
        usage: number(&js, "usage"),
        quota: number(&js, "quota"),
        persisted: get(&js, "persisted").and_then(|v| v.as_bool()),
    }
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).and_then(|v| v.as_string())
}

fn number(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key).and_then(|v| v.as_f64())
}
