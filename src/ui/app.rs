//! The app: starts loading the archive, then routes between the search page and document
//! pages. While loading it shows progress; if loading fails it shows why.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::load::{load_archive, LoadState};
use crate::ui::components::load_error::LoadErrorView;
use crate::ui::components::loading::LoadingView;
use crate::ui::components::site_header::SiteHeader;
use crate::ui::components::update_banner::UpdateBanner;
use crate::ui::links::Links;
use crate::ui::pages::about::AboutPage;
use crate::ui::pages::browse::BrowsePage;
use crate::ui::pages::document::DocumentPage;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::pages::search::SearchPage;
use crate::ui::panic_hook::PanicRoute;

/// The loading state, shared with every page through context.
pub type LoadSignal = RwSignal<LoadState>;

#[component]
pub fn App() -> impl IntoView {
    let state: LoadSignal = RwSignal::new(LoadState::Fetching {
        received: 0,
        total: None,
    });
    provide_context(state);
    let links = Links::from_document();
    provide_context(links.clone());
    leptos::task::spawn_local(load_archive(move |s| state.set(s)));
    // Set when the service worker has stored a new version that waits for a reload.
    let update = RwSignal::new(false);
    crate::offline::start(move || {
        update.try_set(true);
    });

    let body = move || match state.get() {
        LoadState::Ready(..) => view! {
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/") view=SearchPage/>
                <Route path=path!("/doc/:id") view=DocumentPage/>
                <Route path=path!("/about") view=AboutPage/>
                <Route path=path!("/browse/:facet") view=BrowsePage/>
                // Panics on purpose in debug builds (tests the panic hook); not found in release.
                <Route path=path!("/__panic") view=PanicRoute/>
            </Routes>
        }
        .into_any(),
        LoadState::Failed(err) => view! { <LoadErrorView error=err/> }.into_any(),
        loading => view! { <LoadingView state=loading/> }.into_any(),
    };

    view! {
        <Router base=links.router_base()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader/>
            <main id="main" tabindex="-1">{body}</main>
            <UpdateBanner available=update on_reload=move |_| crate::offline::apply_update()/>
        </Router>
    }
}
