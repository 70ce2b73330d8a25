//! The document page: title, date, summary, every metadata field, the full text, and a
//! link back to the results page it was opened from; previous and next result, how to cite
//! it, and related documents.

use folio_core::ask::{Answer, Question};
use folio_core::date::format_range;
use folio_core::url_state::SearchState;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::answers::use_answer;
use crate::ui::components::cite::CiteBox;
use crate::ui::components::document_meta::DocumentMeta;
use crate::ui::components::highlighted_text::HighlightedText;
use crate::ui::components::related::RelatedDocs;
use crate::ui::components::result_nav::ResultNav;
use crate::ui::links::Links;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::pages::{set_title, use_summary};

#[component]
pub fn DocumentPage() -> impl IntoView {
    let Some(summary) = use_summary() else {
        return ().into_any();
    };
    let links = expect_context::<Links>();
    let location = use_location();
    let id = {
        let links = links.clone();
        Memo::new(move |_| links.doc_slug(&location.pathname.get()))
    };
    let from = Memo::new(move |_| SearchState::parse(&location.search.get()));
    // An address that is no document's path asks for the empty slug: no document has it.
    let answer = use_answer(
        move || {
            Some(Question::Document {
                slug: id.get().unwrap_or_default(),
                from: from.get(),
            })
        },
        |a| match a {
            Answer::Document(d) => Some(d),
            _ => None,
        },
    );

    let page = move || {
        // Until the first answer comes, nothing (the first view or the loading panel stands in).
        let found = answer.get()?;
        let Some(found) = found else {
            return Some(view! { <NotFoundPage/> }.into_any());
        };
        let found = *found;
        let from = from.get();
        let doc = found.doc;
        set_title(&format!("{} – {}", doc.title, summary.name()));
        let back = links.search(&from);
        let back_label = if from.q.is_empty() && !from.has_filters() {
            "Back to the archive"
        } else {
            "Back to results"
        };
        let date = doc.date.map(|d| format_range(&d, doc.date_end.as_ref()));
        let paragraphs: Vec<String> = doc.paragraphs().map(str::to_string).collect();
        let meta_doc = doc.clone();
        let permalink = links.permalink(&doc.id);
        Some(view! {
            <article class="document">
                <div class="doc-nav">
                    <p class="back"><a class="back-to-results" href=back>"‹ "{back_label}</a></p>
                    <ResultNav position=found.position from=from.clone()/>
                </div>
                <header class="doc-header">
                    {date.map(|d| view! { <p class="doc-date">{d}</p> })}
                    <h1>{doc.title.clone()}</h1>
                </header>
                // The words of the query this page was opened from, marked in the text.
                <HighlightedText summary=doc.summary.clone() paragraphs=paragraphs terms=found.terms query=from.q.clone()>
                    <DocumentMeta doc=meta_doc.clone()/>
                </HighlightedText>
                <CiteBox doc=doc.clone() meta=summary.meta.clone() permalink=permalink/>
                <RelatedDocs list=found.related from=from/>
            </article>
        }
        .into_any())
    };
    page.into_any()
}
