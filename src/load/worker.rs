//! The page's side of the index worker (`crates/folio-worker`): takes the worker that
//! `public/first-view.js` started (and what it said meanwhile), turns its reports into the
//! loading state, and routes questions and answers. A worker that cannot start, stops or says
//! something unreadable becomes a [`LoadError::Worker`] the reader sees, never a frozen page.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use folio_core::ask::{Answer, Question, ToPage, ToWorker};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{LoadError, LoadState};

type Waiting = Box<dyn FnOnce(Answer)>;

/// Milliseconds a question may wait for its answer before the worker counts as stopped (a
/// worker the browser ended, say for lack of memory, says nothing). Generous: a page's
/// answer takes milliseconds, a few hundred on a slow phone.
const ANSWER_WITHIN_MS: i32 = 30_000;
/// The same for a download of every result, which on a large archive is megabytes of text.
const EXPORT_WITHIN_MS: i32 = 300_000;

struct Link {
    worker: Option<web_sys::Worker>,
    next: u32,
    waiting: HashMap<u32, Waiting>,
    /// Tells the reader the worker stopped.
    failed: Option<Rc<dyn Fn(String)>>,
}

thread_local! {
    static LINK: RefCell<Link> = RefCell::new(Link { worker: None, next: 0, waiting: HashMap::new(), failed: None });
}

/// Takes the index worker and reports its loading: `on_state` at every stage (ending with
/// `Ready` or `Failed`, and `Failed` again should the worker stop later), `on_kept` once its
/// downloads are kept for the service worker.
pub fn start_loading(on_state: impl Fn(LoadState) + 'static, on_kept: impl Fn() + 'static) {
    let on_state = Arc::new(on_state);
    let failed = {
        let on_state = on_state.clone();
        move |why: String| {
            LINK.with_borrow_mut(|l| {
                l.waiting.clear();
                // Said once: later questions go nowhere.
                l.worker = None;
            });
            on_state(LoadState::Failed(LoadError::Worker(why)));
        }
    };
    LINK.with_borrow_mut(|l| l.failed = Some(Rc::new(failed.clone())));
    let Some(started) = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"folioWorker".into()).ok())
        .filter(|v| v.is_object())
    else {
        failed("the page's scripts did not start it".to_string());
        return;
    };
    let on_message = {
        let failed = failed.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return failed("it sent an unreadable message".to_string());
            };
            match serde_json::from_str::<ToPage>(&text) {
                Ok(ToPage::Progress(p)) => on_state(p.into()),
                Ok(ToPage::Ready(summary)) => {
                    mark("folio:archive");
                    on_state(LoadState::Ready(Arc::new(summary)))
                }
                Ok(ToPage::Failed(err)) => {
                    LINK.with_borrow_mut(|l| l.waiting.clear());
                    on_state(LoadState::Failed(err));
                }
                Ok(ToPage::Kept) => on_kept(),
                Ok(ToPage::Answer { id, answer }) => {
                    let done = LINK.with_borrow_mut(|l| l.waiting.remove(&id));
                    if let Some(done) = done {
                        done(answer);
                    }
                }
                Err(_) => failed("it sent an unreadable message".to_string()),
            }
        })
    };
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
        let message = Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "its script could not be loaded or stopped".to_string());
        failed(message);
    });
    let take = Reflect::get(&started, &"take".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let worker = take.and_then(|take| {
        take.call2(
            &started,
            on_message.as_ref().unchecked_ref(),
            on_error.as_ref().unchecked_ref(),
        )
        .ok()
    });
    on_message.forget();
    on_error.forget();
    if let Some(worker) = worker.and_then(|w| w.dyn_into::<web_sys::Worker>().ok()) {
        LINK.with_borrow_mut(|l| l.worker = Some(worker));
    }
}

/// Sends `question` to the worker; `done` runs with its answer.
pub fn ask(question: Question, done: Waiting) {
    LINK.with_borrow_mut(|l| {
        let Some(worker) = &l.worker else {
            return;
        };
        let id = l.next;
        l.next = l.next.wrapping_add(1);
        let within = match question {
            Question::Export { .. } => EXPORT_WITHIN_MS,
            _ => ANSWER_WITHIN_MS,
        };
        let Ok(text) = serde_json::to_string(&ToWorker::Ask { id, question }) else {
            return;
        };
        if worker.post_message(&JsValue::from_str(&text)).is_ok() {
            l.waiting.insert(id, done);
            watch(id, within);
        }
    });
}

/// Counts the worker as stopped should question `id` still be waiting after `within` ms.
fn watch(id: u32, within: i32) {
    let check = Closure::once_into_js(move || {
        let failed = LINK.with_borrow(|l| {
            l.waiting
                .contains_key(&id)
                .then(|| l.failed.clone())
                .flatten()
        });
        if let Some(failed) = failed {
            failed("it stopped answering".to_string());
        }
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(check.unchecked_ref(), within);
    }
}

/// A `performance.mark` for the load metrics (tests/bench/load-metrics.mjs) and profilers.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
