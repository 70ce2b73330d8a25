//! One search result: date, title link, snippet, and where it comes from.

use std::collections::HashSet;

use folio_core::date::format_range;
use folio_core::model::Document;
use folio_core::snippet::snippet;
use leptos::prelude::*;

use crate::ui::components::marked_text::MarkedText;

/// - `doc`: the document.
/// - `href`: its page, remembering the current results page.
/// - `terms`: folded words to mark in the snippet.
#[component]
pub fn Hit(doc: Document, href: String, terms: HashSet<String>) -> impl IntoView {
    let date = doc.date.map(|d| format_range(&d, doc.date_end.as_ref()));
    let segments = snippet(&doc, &terms);
    let meta: Vec<String> = [doc.collection.clone(), doc.source.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    view! {
        <li class="hit">
            <p class="hit-date">{date.unwrap_or_else(|| "Undated".to_string())}</p>
            <h2 class="hit-heading"><a class="hit-title" href=href>{doc.title.clone()}</a></h2>
            <p class="hit-summary"><MarkedText segments=segments/></p>
            {(!meta.is_empty()).then(|| view! { <p class="hit-meta">{meta.join(" · ")}</p> })}
        </li>
    }
}
