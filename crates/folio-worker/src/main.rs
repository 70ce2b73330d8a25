//! Folio's index worker: a dedicated Web Worker with its own lean WebAssembly module (the core,
//! no user interface). It downloads the bundle, parses and indexes it off the page's thread
//! (`load.rs`), keeps the archive, and answers the page's questions ([`folio_core::ask`]): the
//! page holds no documents and never blocks while the archive loads.
//!
//! Its first script is `worker.js` (beside this crate), which the page starts
//! (`public/first-view.js`) and which loads this module. Messages are JSON text both ways:
//! [`ToWorker`] in, [`ToPage`] out (`src/load/worker.rs` is the page's side).

#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod load;
#[cfg(target_arch = "wasm32")]
mod parts;

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;

    use folio_core::archive::Archive;
    use folio_core::ask::{answer, Question, ToPage, ToWorker};
    use folio_core::loading::{ArchiveSummary, LoadError};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        /// The loaded archive, once loaded.
        static ARCHIVE: RefCell<Option<Archive>> = const { RefCell::new(None) };
        /// Questions that came before the archive was ready, answered once it is.
        static WAITING: RefCell<Vec<(u32, Question)>> = const { RefCell::new(Vec::new()) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    /// Sends `message` to the page.
    pub fn post(message: &ToPage) {
        if let Ok(text) = serde_json::to_string(message) {
            let _ = scope().post_message(&JsValue::from_str(&text));
        }
    }

    fn on_message(event: MessageEvent) {
        let Some(text) = event.data().as_string() else {
            return;
        };
        let Ok(ToWorker::Ask { id, question }) = serde_json::from_str::<ToWorker>(&text) else {
            return;
        };
        let ready = ARCHIVE.with_borrow(|a| a.as_ref().map(Archive::is_packed));
        match ready {
            Some(packed) => reply(id, question, packed),
            None => WAITING.with_borrow_mut(|w| w.push((id, question))),
        }
    }

    /// Answers question `id`: at once from an archive in memory, after fetching the parts it
    /// needs from a packed one.
    fn reply(id: u32, question: Question, packed: bool) {
        if packed {
            wasm_bindgen_futures::spawn_local(async move {
                let answer = crate::parts::answer_packed(&ARCHIVE, &question).await;
                post(&ToPage::Answer { id, answer });
            });
            return;
        }
        let message = ARCHIVE.with_borrow(|a| {
            a.as_ref().map(|a| ToPage::Answer {
                id,
                answer: answer(a, &question),
            })
        });
        if let Some(m) = message {
            post(&m);
        }
    }

    pub fn start() {
        // A panic ends the worker: the page is told why before it does (the page also sees
        // the worker's error event).
        std::panic::set_hook(Box::new(|info| {
            post(&ToPage::Failed(LoadError::Worker(format!(
                "internal error: {info}"
            ))));
        }));
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(listener.as_ref().unchecked_ref()));
        listener.forget();
        wasm_bindgen_futures::spawn_local(async {
            match crate::load::load_archive(&|p| post(&ToPage::Progress(p))).await {
                Ok((archive, report)) => {
                    post(&ToPage::Ready(ArchiveSummary::of(&archive, report)));
                    let packed = archive.is_packed();
                    ARCHIVE.set(Some(archive));
                    let waiting = WAITING.take();
                    for (id, question) in waiting {
                        reply(id, question, packed);
                    }
                    crate::load::kept().await;
                    post(&ToPage::Kept);
                }
                Err(e) => post(&ToPage::Failed(e)),
            }
        });
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("folio-worker is the index worker's WebAssembly: trunk builds it with the app (see README.md).");
    std::process::exit(2);
}
