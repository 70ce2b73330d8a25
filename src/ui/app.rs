//! The app in the browser: starts loading the archive, shows its progress or why it failed,
//! then the page for the current path (`routes.rs`). While it loads, a prerendered first view
//! may stand in for the page (`handoff.rs`, `render_later.rs`).

use leptos::prelude::*;
use leptos_router::components::Router;

use crate::load::{load_archive, LoadSignal, LoadState};
use crate::ui::components::load_error::LoadErrorView;
use crate::ui::components::loading::LoadingView;
use crate::ui::components::site_header::SiteHeader;
use crate::ui::components::update_banner::UpdateBanner;
use crate::ui::handoff::{first_view_shown, FirstViewHandoff};
use crate::ui::links::Links;
use crate::ui::render_later::{next_task, FirstRender};
use crate::ui::routes::AppRoutes;

#[component]
pub fn App() -> impl IntoView {
    let state: LoadSignal = RwSignal::new(LoadState::Fetching {
        received: 0,
        total: None,
    });
    provide_context(state);
    let links = Links::from_document();
    provide_context(links.clone());
    let first = FirstRender::provide(first_view_shown());
    // While the first view's page (a `main` of its own) stands in, the app's `main` is out of
    // sight or holds only the loading notice, which is for the eye: assistive technologies
    // see one main landmark, the first view's.
    let main_hidden = move || first.active.get().then_some("true");
    leptos::task::spawn_local(load_archive(move |s| state.set(s)));
    // Set when the service worker has stored a new version that waits for a reload.
    let update = RwSignal::new(false);
    // Once the archive has loaded (or failed to): the offline support is not needed before,
    // and the page's own download of the bundle is then kept for the service worker, which
    // stores it instead of downloading it again (src/offline/sw.js).
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        let settled = state.with(|s| matches!(s, LoadState::Ready(..) | LoadState::Failed(_)));
        if settled && !started.get_value() {
            started.set_value(true);
            crate::offline::start(move || {
                update.try_set(true);
            });
        }
    });

    let body = move || match state.get() {
        LoadState::Ready(archive, report) => {
            // The page renders in a task after the one that finished loading (two shorter
            // tasks); meanwhile the loading panel stays as it was.
            let later = next_task();
            let total = archive.len() + report.skipped;
            view! {
                <Show when=move || later.get() fallback=move || view! { <LoadingView state=LoadState::Indexing { done: total, total }/> }>
                    <AppRoutes/>
                </Show>
            }
            .into_any()
        }
        LoadState::Failed(err) => view! { <LoadErrorView error=err/> }.into_any(),
        loading => view! { <LoadingView state=loading/> }.into_any(),
    };

    view! {
        <Router base=links.router_base()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader/>
            <main id="main" tabindex="-1" aria-hidden=main_hidden>{body}</main>
            <UpdateBanner available=update on_reload=move |_| crate::offline::apply_update()/>
            <FirstViewHandoff/>
        </Router>
    }
}
