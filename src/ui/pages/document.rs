//! The document page: title, date, summary, every metadata field, the full text, and a
//! link back to the results page it was opened from.

use folio_core::date::format_range;
use folio_core::url_state::SearchState;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::components::document_meta::DocumentMeta;
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
        Memo::new(move |_| links.doc_id(&location.pathname.get()))
    };
    let from = Memo::new(move |_| SearchState::parse(&location.search.get()));
    let site = archive.meta.title.clone();

    let page = move || {
        let Some(n) = id.get().and_then(|id| archive.find(&id)) else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let doc = archive.doc(n).clone();
        set_title(&format!(
            "{} – {}",
            doc.title,
            if site.is_empty() { "Folio" } else { &site }
        ));
        let back = links.search(&from.get());
        let back_label = if from.get().q.is_empty() {
            "Back to the archive"
        } else {
            "Back to results"
        };
        let date = doc.date.map(|d| format_range(&d, doc.date_end.as_ref()));
        let paragraphs: Vec<String> = doc.paragraphs().map(str::to_string).collect();
        view! {
            <article class="document">
                <p class="back"><a class="back-to-results" href=back>"‹ "{back_label}</a></p>
                <header class="doc-header">
                    {date.map(|d| view! { <p class="doc-date">{d}</p> })}
                    <h1>{doc.title.clone()}</h1>
                </header>
                {(!doc.summary.is_empty()).then(|| view! { <p class="doc-summary">{doc.summary.clone()}</p> })}
                <DocumentMeta doc=doc.clone()/>
                {(!paragraphs.is_empty()).then(|| view! {
                    <section class="doc-text" aria-label="Full text">
                        <h2>"Full text"</h2>
                        {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    </section>
                })}
            </article>
        }
        .into_any()
    };
    page.into_any()
}
