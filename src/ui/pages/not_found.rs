//! The page for an unknown document id or an unknown path.

use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::links::Links;
use crate::ui::pages::set_title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let links = expect_context::<Links>();
    set_title("Document not found – Folio");
    view! {
        <section class="not-found">
            <h1>"Document not found"</h1>
            <p>"This archive has no document at this address. The link may be mistyped, or the document may have been removed."</p>
            <p><a class="button" href=links.search(&SearchState::default())>"Search the archive"</a></p>
        </section>
    }
}
