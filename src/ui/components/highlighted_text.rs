//! A document's summary and full text with the query's words marked, a count of the
//! matches, and buttons that move to the previous or next one.

use std::collections::HashSet;

use folio_core::snippet::{mark, Segment};
use leptos::prelude::*;

/// Renders segments, giving each mark a sequential id (`match-0`, `match-1`, …).
fn render(segments: Vec<Segment>, next_id: &mut usize) -> AnyView {
    segments
        .into_iter()
        .map(|s| {
            if s.marked {
                let id = format!("match-{}", *next_id);
                *next_id += 1;
                view! { <mark id=id tabindex="-1">{s.text}</mark> }.into_any()
            } else {
                s.text.into_any()
            }
        })
        .collect_view()
        .into_any()
}

fn focus_match(k: usize) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = doc.get_element_by_id(&format!("match-{k}")) {
        el.scroll_into_view();
        if let Some(html) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el) {
            let _ = html.focus();
        }
    }
}

/// - `summary`: the document's summary ("" when none).
/// - `paragraphs`: the full text's paragraphs.
/// - `terms`: folded indexed words that matched the query (empty: nothing is marked).
/// - `query`: the query as typed, for the match count line.
/// - `children`: shown between the summary and the full text (the metadata).
#[component]
pub fn HighlightedText(
    summary: String,
    paragraphs: Vec<String>,
    terms: HashSet<String>,
    query: String,
    children: Children,
) -> impl IntoView {
    let mut next_id = 0usize;
    let summary_view = (!summary.is_empty()).then(|| {
        let segs = mark(&summary, &terms);
        view! { <p class="doc-summary">{render(segs, &mut next_id)}</p> }
    });
    let text_view = (!paragraphs.is_empty()).then(|| {
        let paras: Vec<AnyView> = paragraphs
            .iter()
            .map(|p| {
                let segs = mark(p, &terms);
                view! { <p>{render(segs, &mut next_id)}</p> }.into_any()
            })
            .collect();
        view! {
            <section class="doc-text" aria-label="Full text">
                <h2>"Full text"</h2>
                {paras}
            </section>
        }
    });
    let total = next_id;
    let current = RwSignal::new(None::<usize>);
    let step = move |delta: isize| {
        if total == 0 {
            return;
        }
        let k = match current.get_untracked() {
            None if delta > 0 => 0,
            None => total - 1,
            Some(k) => (k as isize + delta).rem_euclid(total as isize) as usize,
        };
        current.set(Some(k));
        focus_match(k);
    };
    let bar = (total > 0 && !query.trim().is_empty()).then(|| {
        let label = move || match current.get() {
            Some(k) => format!("Match {} of {total} for “{}”", k + 1, query.trim()),
            None => format!("{total} {} for “{}”", if total == 1 { "match" } else { "matches" }, query.trim()),
        };
        view! {
            <div class="match-bar" role="region" aria-label="Matches in this document">
                <span class="match-count" aria-live="polite">{label}</span>
                <button type="button" class="match-prev" on:click=move |_| step(-1)>"‹ Previous match"</button>
                <button type="button" class="match-next" on:click=move |_| step(1)>"Next match ›"</button>
            </div>
        }
    });
    view! { {bar}{summary_view}{children()}{text_view} }
}
