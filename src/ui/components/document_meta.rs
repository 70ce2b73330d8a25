//! The metadata list of a document page: every field the bundle has, extras included.
//! People, places, subjects, collection and language link to their results.

use folio_core::facets::display_value;
use folio_core::model::{extra_display, Document};
use folio_core::url_state::{FacetField, SearchState};
use leptos::prelude::*;

use crate::ui::links::Links;

/// Human labels for extra fields ("archival_source" → "Archival source").
pub fn label_for(key: &str) -> String {
    crate::ui::browser::capitalize(&key.replace(['_', '-'], " "))
}

/// A value as shown, and the link to its results when it is a facet value.
type Value = (String, Option<String>);

/// - `doc`: the document whose fields to list.
#[component]
pub fn DocumentMeta(doc: Document) -> impl IntoView {
    let links = expect_context::<Links>();
    let mut rows: Vec<(String, Vec<Value>)> = Vec::new();
    let mut push_linked = |label: &str, field: Option<FacetField>, values: Vec<String>| {
        let values: Vec<Value> = values
            .into_iter()
            .filter(|v| !v.is_empty())
            .map(|v| match field {
                Some(f) => (
                    display_value(f, &v),
                    Some(links.search(&SearchState::default().toggle_filter(f, &v))),
                ),
                None => (v, None),
            })
            .collect();
        if !values.is_empty() {
            rows.push((label.to_string(), values));
        }
    };
    push_linked("People", Some(FacetField::People), doc.people.clone());
    push_linked("Places", Some(FacetField::Places), doc.places.clone());
    push_linked("Subjects", Some(FacetField::Subjects), doc.subjects.clone());
    push_linked(
        "Collection",
        Some(FacetField::Collection),
        vec![doc.collection.clone()],
    );
    push_linked("Source", None, vec![doc.source.clone()]);
    push_linked(
        "Language",
        Some(FacetField::Language),
        vec![doc.language.clone()],
    );
    let mut push = |label: &str, values: Vec<String>| push_linked(label, None, values);
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
                    <dd>{values.into_iter().map(|(v, href)| match href {
                        Some(h) => view! { <a class="meta-value" href=h>{v}</a> }.into_any(),
                        None => view! { <span class="meta-value">{v}</span> }.into_any(),
                    }).collect_view()}</dd>
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
