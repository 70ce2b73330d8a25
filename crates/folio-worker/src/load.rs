//! Loads the archive in the worker: fetches `data/archive.json` (relative to the site's root,
//! where the worker's script is) with gloo-net, reporting bytes as they arrive, then parses and
//! indexes it. Nothing here blocks the page: this is the worker's own thread, so there are no
//! slices to yield between, only progress to report now and then.

use std::future::Future;
use std::pin::pin;
use std::task::Poll;

use folio_core::archive::Archive;
use folio_core::bundle::{bundle_text, BundleReader, MAX_BUNDLE_BYTES};
use folio_core::index::IndexBuilder;
use folio_core::pack::read::{is_pack_head, read_head};
use gloo_net::http::Request;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::ReadableStreamDefaultReader;

use folio_core::loading::{LoadError, LoadReport, Progress};
use web_sys::WorkerGlobalScope;

/// Where the bundle is, relative to the base URL.
pub const BUNDLE_PATH: &str = "data/archive.json";

/// Milliseconds between two progress reports to the page.
const REPORT_MS: f64 = 50.0;

/// Seconds without a single byte after which the download counts as stalled. Generous: a
/// slow connection still delivers something every few seconds; a dead one never does.
pub const STALL_SECONDS: u32 = 30;

/// Runs `work`, or gives up with [`LoadError::Stalled`] when it has not finished after
/// [`STALL_SECONDS`]. Without this, a server that stops answering leaves the reader
/// watching a progress bar forever.
async fn unless_stalled<T>(work: impl Future<Output = T>) -> Result<T, LoadError> {
    let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
    let mut timer_id = None;
    let timer = js_sys::Promise::new(&mut |resolve, _reject| {
        timer_id = scope
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                (STALL_SECONDS * 1000) as i32,
            )
            .ok();
    });
    let mut timer = pin!(JsFuture::from(timer));
    let mut work = pin!(work);
    let outcome = std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = work.as_mut().poll(cx) {
            return Poll::Ready(Ok(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(LoadError::Stalled {
                seconds: STALL_SECONDS,
            }));
        }
        Poll::Pending
    })
    .await;
    if let Some(id) = timer_id {
        scope.clear_timeout_with_handle(id);
    }
    outcome
}

fn js_error_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "network error".to_string())
}

async fn fetch_bytes(report: &impl Fn(Progress)) -> Result<Vec<u8>, LoadError> {
    let resp = unless_stalled(Request::get(BUNDLE_PATH).send())
        .await?
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(LoadError::Http {
            status: resp.status(),
            status_text: resp.status_text(),
            url: resp.url(),
        });
    }
    // The service worker stores this very download for offline use instead of fetching the
    // bundle again (src/offline/sw.js).
    let raw = web_sys::Response::from(resp);
    keep(&raw);
    let resp = gloo_net::http::Response::from(raw);
    let total = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.parse::<u64>().ok());
    if total.is_some_and(|t| t > MAX_BUNDLE_BYTES as u64) {
        return Err(LoadError::TooLarge {
            limit: MAX_BUNDLE_BYTES,
        });
    }
    report(Progress::Fetching { received: 0, total });
    let Some(body) = resp.body() else {
        return resp
            .binary()
            .await
            .map_err(|e| LoadError::Network(e.to_string()));
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes: Vec<u8> =
        Vec::with_capacity(total.unwrap_or(0).min(MAX_BUNDLE_BYTES as u64) as usize);
    let mut slice_start = js_sys::Date::now();
    loop {
        let chunk = match unless_stalled(JsFuture::from(reader.read())).await {
            Ok(chunk) => chunk.map_err(|e| LoadError::Network(js_error_text(&e)))?,
            Err(stalled) => {
                let _ = reader.cancel();
                return Err(stalled);
            }
        };
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
            let array: Uint8Array = value.unchecked_into();
            let start = bytes.len();
            bytes.resize(start + array.length() as usize, 0);
            array.copy_to(&mut bytes[start..]);
        }
        if bytes.len() > MAX_BUNDLE_BYTES {
            let _ = reader.cancel();
            return Err(LoadError::TooLarge {
                limit: MAX_BUNDLE_BYTES,
            });
        }
        if js_sys::Date::now() - slice_start > REPORT_MS {
            report(Progress::Fetching {
                received: bytes.len() as u64,
                total,
            });
            slice_start = js_sys::Date::now();
        }
    }
    mark("folio:downloaded");
    report(Progress::Fetching {
        received: bytes.len() as u64,
        total,
    });
    Ok(bytes)
}

/// Loads the archive, calling `report` at every stage.
pub async fn load_archive(report: &impl Fn(Progress)) -> Result<(Archive, LoadReport), LoadError> {
    let bytes = fetch_bytes(report).await?;
    let size = bytes.len() as u64;
    report(Progress::Parsing { bytes: size });
    if is_pack_head(&bytes) {
        // A packed archive: the head is all there is to load; parts come as questions need
        // them (crate::parts).
        let head = read_head(&bytes).map_err(|e| LoadError::Pack(e.to_string()))?;
        let report = head.report.clone();
        let archive = Archive::from_pack(head).map_err(|e| LoadError::Pack(e.to_string()))?;
        mark("folio:frozen");
        return Ok((archive, report));
    }
    mark("folio:parse");
    let text = bundle_text(&bytes)?;
    let mut reader = BundleReader::new(&text)?;
    mark("folio:outline");
    let total = reader.total();
    report(Progress::Indexing { done: 0, total });
    let mut builder = IndexBuilder::new();
    let mut slice_start = js_sys::Date::now();
    while !reader.is_done() {
        for doc in reader.read(16) {
            builder.add(doc);
        }
        if js_sys::Date::now() - slice_start > REPORT_MS {
            report(Progress::Indexing {
                done: reader.position(),
                total,
            });
            slice_start = js_sys::Date::now();
        }
    }
    let loaded = reader.finish()?;
    drop(text);
    drop(bytes);
    report(Progress::Indexing { done: total, total });
    mark("folio:freeze");
    let index = builder.freeze();
    mark("folio:frozen");
    let load_report = LoadReport::new(&loaded.issues, loaded.skipped(), loaded.repaired(), size);
    Ok((
        Archive::from_parts(loaded.archive, loaded.documents, index),
        load_report,
    ))
}

/// Hands a download of the worker's own (its body not yet read) to `worker.js`, which keeps a
/// copy for the service worker when the page says so (the page's `window.folioKeep` does the
/// same for the page's downloads; see `src/offline/sw.js`).
fn keep(response: &web_sys::Response) {
    let global = js_sys::global();
    if let Ok(f) = Reflect::get(&global, &"folioKeep".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call1(&global, response);
        }
    }
}

/// Waits until the copies handed to [`keep`] are written.
pub async fn kept() {
    let global = js_sys::global();
    let Ok(f) = Reflect::get(&global, &"folioKept".into()) else {
        return;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if let Ok(p) = f.call0(&global) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            let _ = JsFuture::from(p).await;
        }
    }
}

/// A `performance.mark` for the load metrics (tests/bench/load-metrics.mjs) and profilers.
fn mark(name: &str) {
    let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
    if let Some(p) = scope.performance() {
        let _ = p.mark(name);
    }
}
