//! The metadata list of a document page: every field the bundle has, extras included.

use folio_core::model::{extra_display, Document};
use leptos::prelude::*;

/// Human labels for extra fields ("archival_source" → "Archival source").
pub fn label_for(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// - `doc`: the document whose fields to list.
#[component]
pub fn DocumentMeta(doc: Document) -> impl IntoView {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut push = |label: &str, values: Vec<String>| {
        let values: Vec<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
        if !values.is_empty() {
            rows.push((label.to_string(), values));
        }
    };
    push("People", doc.people.clone());
    push("Places", doc.places.clone());
    push("Subjects", doc.subjects.clone());
    push("Collection", vec![doc.collection.clone()]);
    push("Source", vec![doc.source.clone()]);
    push("Language", vec![doc.language.clone()]);
    for (key, value) in &doc.extras {
        if let Some(text) = extra_display(value) {
            push(&label_for(key), vec![text]);
        }
    }
    push("Identifier", vec![doc.id.clone()]);
    let link = doc.safe_url().map(str::to_string);
    let unsafe_url = (link.is_none() && !doc.url.trim().is_empty()).then(|| doc.url.clone());
    view! {
        <dl class="doc-meta">
            {rows.into_iter().map(|(label, values)| view! {
                <div class="meta-row">
                    <dt>{label}</dt>
                    <dd>{values.into_iter().map(|v| view! { <span class="meta-value">{v}</span> }).collect_view()}</dd>
                </div>
            }).collect_view()}
            {link.map(|href| view! {
                <div class="meta-row">
                    <dt>"Original"</dt>
                    <dd><a href=href.clone() rel="external noopener noreferrer" target="_blank">{href.clone()}</a></dd>
                </div>
            })}
            {unsafe_url.map(|u| view! {
                <div class="meta-row">
                    <dt>"Link (not opened: not a web address)"</dt>
                    <dd><span class="meta-value">{u}</span></dd>
                </div>
            })}
        </dl>
    }
}
