//! Answering from a packed archive ([`folio_core::pack`]): a question is answered from the
//! parts held; the parts it lacked are fetched (all at once, from `data/parts/`), added, and
//! the question asked again, until an answer lacked nothing. A part that cannot be fetched or
//! read makes the answer [`Answer::Unavailable`] with the reason: never a partial answer.

use std::cell::RefCell;
use std::thread::LocalKey;

use folio_core::archive::Archive;
use folio_core::ask::{answer, Answer, Question};
use folio_core::pack::read::MAX_ROUNDS;
use folio_core::pack::{PackError, Part};
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Response, WorkerGlobalScope};

/// Where the parts are, relative to the site's root (beside the head).
const PARTS: &str = "data/parts/";

/// Answers `question` from the archive in `cell`, fetching the parts it lacks.
pub async fn answer_packed(
    cell: &'static LocalKey<RefCell<Option<Archive>>>,
    question: &Question,
) -> Answer {
    for _ in 0..MAX_ROUNDS {
        let asked = cell.with_borrow(|a| {
            let a = a.as_ref()?;
            let got = answer(a, question);
            let needs: Vec<(Part, String)> = a
                .take_needs()
                .into_iter()
                .filter_map(|p| Some((p, a.part_file(p)?.to_string())))
                .collect();
            Some((got, needs))
        });
        let Some((got, needs)) = asked else {
            return Answer::Unavailable("the archive is not loaded".into());
        };
        if needs.is_empty() {
            return got;
        }
        // Every fetch starts now; they are awaited one after another.
        let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
        let started: Vec<_> = needs
            .iter()
            .map(|(_, file)| JsFuture::from(scope.fetch_with_str(&format!("{PARTS}{file}"))))
            .collect();
        for ((part, file), fetch) in needs.into_iter().zip(started) {
            let added = match bytes_of(&file, fetch).await {
                Ok(bytes) => cell.with_borrow_mut(|a| match a.as_mut() {
                    Some(a) => a.add_part(part, &bytes),
                    None => Ok(()),
                }),
                Err(e) => Err(e),
            };
            if let Err(e) = added {
                return Answer::Unavailable(e.to_string());
            }
        }
    }
    Answer::Unavailable(format!(
        "a question still lacked parts of the archive after {MAX_ROUNDS} rounds"
    ))
}

async fn bytes_of(file: &str, fetch: JsFuture) -> Result<Vec<u8>, PackError> {
    let failed = |why: String| PackError::Fetch {
        file: file.to_string(),
        why,
    };
    let resp: Response = fetch
        .await
        .map_err(|_| failed("network error: offline, or the server did not answer".into()))?
        .unchecked_into();
    if !resp.ok() {
        return Err(failed(format!(
            "HTTP {} {}",
            resp.status(),
            resp.status_text()
        )));
    }
    let buffer = resp
        .array_buffer()
        .map_err(|_| failed("unreadable response".into()))?;
    let buffer: ArrayBuffer = JsFuture::from(buffer)
        .await
        .map_err(|_| failed("the download broke off".into()))?
        .unchecked_into();
    Ok(Uint8Array::new(&buffer).to_vec())
}
