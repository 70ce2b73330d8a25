//! "Related documents" on a document page: those sharing the most people, places and
//! subjects, or the most similar wording, each with the reason it is listed.

use std::sync::Arc;

use folio_core::archive::Archive;
use folio_core::date::format_range;
use folio_core::related::{RelatedParams, DEFAULT_LIMIT};
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::links::Links;

/// - `archive`: the loaded archive.
/// - `doc`: the document shown.
/// - `from`: the search it was opened from (kept in the links).
#[component]
pub fn RelatedDocs(archive: Arc<Archive>, doc: u32, from: SearchState) -> impl IntoView {
    let links = expect_context::<Links>();
    let list = archive.related(doc, DEFAULT_LIMIT, &RelatedParams::default());
    if list.is_empty() {
        return ().into_any();
    }
    let items = list
        .into_iter()
        .map(|r| {
            let d = archive.doc(r.doc);
            let date = d
                .date
                .map(|x| format_range(&x, d.date_end.as_ref()))
                .unwrap_or_else(|| "Undated".to_string());
            view! {
                <li class="related-item">
                    <a href=links.doc(&d.id, &from)>{d.title.clone()}</a>
                    <span class="related-date">{date}</span>
                    <p class="related-reason">{r.reason()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="related" aria-labelledby="related-heading">
            <h2 id="related-heading">"Related documents"</h2>
            <ul class="related-list">{items}</ul>
        </section>
    }
    .into_any()
}
