//! Renders text with matched words inside `<mark>`, always as text nodes (never HTML).

use folio_core::snippet::Segment;
use leptos::prelude::*;

/// - `segments`: the text, split into marked and unmarked runs.
#[component]
pub fn MarkedText(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|s| {
            if s.marked {
                view! { <mark>{s.text}</mark> }.into_any()
            } else {
                s.text.into_any()
            }
        })
        .collect_view()
}
