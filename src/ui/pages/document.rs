//! The document page: title, date, summary, every metadata field, the full text, and a
//! link back to the results page it was opened from; previous and next result, how to cite
//! it, and related documents.

use folio_core::date::format_range;
use folio_core::url_state::SearchState;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::components::cite::CiteBox;
use crate::ui::components::document_meta::DocumentMeta;
use crate::ui::components::highlighted_text::HighlightedText;
use crate::ui::components::related::RelatedDocs;
use crate::ui::components::result_nav::ResultNav;
use crate::ui::links::Links;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::pages::{set_title, use_archive};

#[component]
pub fn DocumentPage() -> impl IntoView {
    let Some((archive, _)) = use_archive() else {
        return ().into_any();
    };
    let links = expect_context::<Links>();
    let location = use_location();
    let id = {
        let links = links.clone();
        Memo::new(move |_| links.doc_slug(&location.pathname.get()))
    };
    let from = Memo::new(move |_| SearchState::parse(&location.search.get()));
    let site = archive.meta.title.clone();

    let page = move || {
        let Some(n) = id.get().and_then(|slug| archive.find_by_slug(&slug)) else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let doc = archive.doc(n).clone();
        set_title(&format!(
            "{} – {}",
            doc.title,
            if site.is_empty() { "Folio" } else { &site }
        ));
        let back = links.search(&from.get());
        let back_label = if from.get().q.is_empty() && !from.get().has_filters() {
            "Back to the archive"
        } else {
            "Back to results"
        };
        let date = doc.date.map(|d| format_range(&d, doc.date_end.as_ref()));
        let paragraphs: Vec<String> = doc.paragraphs().map(str::to_string).collect();
        let meta_doc = doc.clone();
        // The words of the query this page was opened from, marked in the text.
        let terms = archive
            .run_query(&from.get().q, Default::default())
            .matched_terms;
        let permalink = links.permalink(&doc.id);
        view! {
            <article class="document">
                <div class="doc-nav">
                    <p class="back"><a class="back-to-results" href=back>"‹ "{back_label}</a></p>
                    <ResultNav archive=archive.clone() doc=n from=from.get()/>
                </div>
                <header class="doc-header">
                    {date.map(|d| view! { <p class="doc-date">{d}</p> })}
                    <h1>{doc.title.clone()}</h1>
                </header>
                <HighlightedText summary=doc.summary.clone() paragraphs=paragraphs terms=terms query=from.get().q>
                    <DocumentMeta doc=meta_doc.clone()/>
                </HighlightedText>
                <CiteBox doc=doc.clone() meta=archive.meta.clone() permalink=permalink/>
                <RelatedDocs archive=archive.clone() doc=n from=from.get()/>
            </article>
        }
        .into_any()
    };
    page.into_any()
}
