//! The site's navigation in the header: the browse pages, the About page and the dark-mode
//! switch.

use folio_core::browse::{plural_label, BrowseState};
use folio_core::url_state::FacetField;
use leptos::prelude::*;

use crate::ui::components::theme_toggle::ThemeToggle;
use crate::ui::links::Links;

/// Browse links (collections, subjects, people, places), About, and the theme toggle.
#[component]
pub fn ExploreNav() -> impl IntoView {
    let links = expect_context::<Links>();
    let browse = [
        FacetField::Collection,
        FacetField::Subjects,
        FacetField::People,
        FacetField::Places,
    ]
    .into_iter()
    .map(|f| {
        view! { <li><a href=links.browse(f, &BrowseState::default())>{plural_label(f)}</a></li> }
    })
    .collect_view();
    view! {
        <nav class="site-nav" aria-label="Site">
            <ul>
                {browse}
                <li><a href=links.about()>"About"</a></li>
            </ul>
            <ThemeToggle/>
        </nav>
    }
}
