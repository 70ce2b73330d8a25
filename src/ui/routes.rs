//! The routes: which page answers which path. One table for the app in the browser
//! (`app.rs`) and for the pages prerendered at build time (`prerender.rs`).

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::pages::about::AboutPage;
use crate::ui::pages::browse::BrowsePage;
use crate::ui::pages::document::DocumentPage;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::pages::search::SearchPage;
use crate::ui::panic_hook::PanicRoute;

/// The page for the current path (inside a `<Router>`, with the archive loaded).
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFoundPage/> }>
            <Route path=path!("/") view=SearchPage/>
            <Route path=path!("/doc/:id") view=DocumentPage/>
            <Route path=path!("/about") view=AboutPage/>
            <Route path=path!("/browse/:facet") view=BrowsePage/>
            // Panics on purpose in debug builds (tests the panic hook); not found in release.
            <Route path=path!("/__panic") view=PanicRoute/>
        </Routes>
    }
}
