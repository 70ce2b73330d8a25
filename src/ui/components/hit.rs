//! One search result: date, title link, snippet, and where it comes from.

use folio_core::date::format_range;
use folio_core::hit::Hit as Result;
use leptos::prelude::*;

use crate::ui::components::marked_text::MarkedText;

/// - `hit`: the result (its snippet found and marked by the index worker).
/// - `href`: its page, remembering the current results page.
#[component]
pub fn Hit(hit: Result, href: String) -> impl IntoView {
    let date = hit.date.map(|d| format_range(&d, hit.date_end.as_ref()));
    let meta: Vec<String> = [hit.collection, hit.source]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    view! {
        <li class="hit">
            <p class="hit-date">{date.unwrap_or_else(|| "Undated".to_string())}</p>
            <h2 class="hit-heading"><a class="hit-title" href=href>{hit.title}</a></h2>
            <p class="hit-summary"><MarkedText segments=hit.snippet/></p>
            {(!meta.is_empty()).then(|| view! { <p class="hit-meta">{meta.join(" · ")}</p> })}
        </li>
    }
}
