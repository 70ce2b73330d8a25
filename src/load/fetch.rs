//! Fetches `data/archive.json` (relative to the page's base URL) with gloo-net, reporting
//! bytes as they arrive, then parses it and indexes it in time slices.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

use folio_core::archive::Archive;
use folio_core::bundle::{bundle_text, BundleReader, MAX_BUNDLE_BYTES};
use folio_core::index::IndexBuilder;
use gloo_net::http::Request;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::ReadableStreamDefaultReader;

use super::state::{LoadError, LoadReport, LoadState};

/// Where the bundle is, relative to the base URL.
pub const BUNDLE_PATH: &str = "data/archive.json";

/// Milliseconds of indexing between two yields to the browser: on a phone four times slower
/// than a laptop a slice is then about 40 ms, under the 50 ms that make a long task (one
/// that delays a tap or a key).
const SLICE_MS: f64 = 10.0;

/// Seconds without a single byte after which the download counts as stalled. Generous: a
/// slow connection still delivers something every few seconds; a dead one never does.
pub const STALL_SECONDS: u32 = 30;

/// Runs `work`, or gives up with [`LoadError::Stalled`] when it has not finished after
/// [`STALL_SECONDS`]. Without this, a server that stops answering leaves the reader
/// watching a progress bar forever.
async fn unless_stalled<T>(work: impl Future<Output = T>) -> Result<T, LoadError> {
    let Some(window) = web_sys::window() else {
        return Ok(work.await);
    };
    let mut timer_id = None;
    let timer = js_sys::Promise::new(&mut |resolve, _reject| {
        timer_id = window
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
        window.clear_timeout_with_handle(id);
    }
    outcome
}

/// Lets the browser paint and handle input before the next slice of work: the next slice runs
/// in a task of its own, posted as a message to itself rather than with a zero timer (a timer
/// set from a timer is held back 4 ms, which on a few hundred slices adds up).
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port1().set_onmessage(Some(&resolve));
            if channel.port2().post_message(&JsValue::NULL).is_ok() {
                return;
            }
        }
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
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

async fn fetch_bytes(report: &impl Fn(LoadState)) -> Result<Vec<u8>, LoadError> {
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
    crate::offline::keep(&raw);
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
    report(LoadState::Fetching { received: 0, total });
    let Some(body) = resp.body() else {
        return resp
            .binary()
            .await
            .map_err(|e| LoadError::Network(e.to_string()));
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes: Vec<u8> =
        Vec::with_capacity(total.unwrap_or(0).min(MAX_BUNDLE_BYTES as u64) as usize);
    // Chunks that have already arrived resolve one after another without giving the browser
    // a turn, so the loop yields every SLICE_MS and redraws the progress at most that often.
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
        if js_sys::Date::now() - slice_start > SLICE_MS {
            report(LoadState::Fetching {
                received: bytes.len() as u64,
                total,
            });
            yield_to_browser().await;
            slice_start = js_sys::Date::now();
        }
    }
    mark("folio:downloaded");
    report(LoadState::Fetching {
        received: bytes.len() as u64,
        total,
    });
    Ok(bytes)
}

/// Loads the archive, calling `report` at every stage; ends with `Ready` or `Failed`.
pub async fn load_archive(report: impl Fn(LoadState)) {
    match try_load(&report).await {
        Ok((archive, load_report)) => {
            report(LoadState::Ready(Arc::new(archive), Arc::new(load_report)))
        }
        Err(e) => report(LoadState::Failed(e)),
    }
}

async fn try_load(report: &impl Fn(LoadState)) -> Result<(Archive, LoadReport), LoadError> {
    let bytes = fetch_bytes(report).await?;
    let size = bytes.len() as u64;
    report(LoadState::Parsing { bytes: size });
    yield_to_browser().await;
    // Checks the whole file's syntax once, then validates and indexes the documents a
    // slice at a time, so no task blocks the page for long and progress stays visible.
    mark("folio:parse");
    let text = bundle_text(&bytes)?;
    mark("folio:text");
    // The text checked and the outline read are two tasks (each scans the whole file).
    yield_to_browser().await;
    let mut reader = BundleReader::new(&text)?;
    mark("folio:outline");
    let total = reader.total();
    report(LoadState::Indexing { done: 0, total });
    yield_to_browser().await;
    let mut builder = IndexBuilder::new();
    let mut slice_start = js_sys::Date::now();
    while !reader.is_done() {
        for doc in reader.read(16) {
            builder.add(doc);
        }
        if js_sys::Date::now() - slice_start > SLICE_MS {
            report(LoadState::Indexing {
                done: reader.position(),
                total,
            });
            yield_to_browser().await;
            slice_start = js_sys::Date::now();
        }
    }
    let loaded = reader.finish()?;
    drop(text);
    drop(bytes);
    report(LoadState::Indexing { done: total, total });
    yield_to_browser().await;
    mark("folio:freeze");
    let index = builder.freeze();
    mark("folio:frozen");
    yield_to_browser().await;
    let load_report = LoadReport {
        skipped: loaded.skipped(),
        repaired: loaded.repaired(),
        issues: loaded.issues,
        bytes: size,
    };
    let archive = Archive::from_parts(loaded.archive, loaded.documents, index);
    mark("folio:archive");
    Ok((archive, load_report))
}

/// A `performance.mark` for the load metrics (tests/bench/load-metrics.mjs) and profilers.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
