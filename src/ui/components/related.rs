//! "Related documents" on a document page: those sharing the most people, places and
//! subjects, or the most similar wording, each with the reason it is listed.

use folio_core::ask::RelatedItem;
use folio_core::date::format_range;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::links::Links;

/// - `list`: the related documents, best first.
/// - `from`: the search the document shown was opened from (kept in the links).
#[component]
pub fn RelatedDocs(list: Vec<RelatedItem>, from: SearchState) -> impl IntoView {
    let links = expect_context::<Links>();
    if list.is_empty() {
        return ().into_any();
    }
    let items = list
        .into_iter()
        .map(|r| {
            let date = r
                .date
                .map(|x| format_range(&x, r.date_end.as_ref()))
                .unwrap_or_else(|| "Undated".to_string());
            view! {
                <li class="related-item">
                    <a href=links.doc(&r.id, &from)>{r.title}</a>
                    <span class="related-date">{date}</span>
                    <p class="related-reason">{r.reason}</p>
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
