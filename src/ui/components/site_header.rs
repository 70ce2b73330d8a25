//! The banner: the archive's name, linking home to the search page.

use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::load::{LoadSignal, LoadState};
use crate::ui::components::explore_nav::ExploreNav;
use crate::ui::links::Links;

/// The site banner. The name comes from the bundle once it has loaded.
/// - `first_view`: set by the prerenderer (`data-first-view="header"`): the banner of a
///   prerendered page, which the app's own replaces.
#[component]
pub fn SiteHeader(#[prop(optional)] first_view: bool) -> impl IntoView {
    let state = expect_context::<LoadSignal>();
    let links = expect_context::<Links>();
    let home = links.search(&SearchState::default());
    let title = move || match state.get() {
        LoadState::Ready(a) if !a.meta.title.is_empty() => a.meta.title.clone(),
        _ => "Folio".to_string(),
    };
    view! {
        <header class="site-header" data-first-view=first_view.then_some("header")>
            <div class="site-header-inner">
                <a class="site-title" href=home>{title}</a>
                <span class="site-tagline">"Digital archive"</span>
                <ExploreNav/>
            </div>
        </header>
    }
}
