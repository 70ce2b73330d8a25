//! The app in the browser: takes the index worker that loads the archive (`load/worker.rs`),
//! shows its progress or why it failed, then the page for the current path (`routes.rs`),
//! whose questions go to the worker. While it loads, a prerendered first view
//! may stand in for the page (`handoff.rs`, `render_later.rs`).

use leptos::prelude::*;
use leptos_router::components::Router;

use crate::load::{start_loading, Asker, LoadSignal, LoadState};
use crate::ui::components::load_error::LoadErrorView;
use crate::ui::components::loading::LoadingView;
use crate::ui::components::part_trouble::{PartTrouble, Trouble};
use crate::ui::components::site_header::SiteHeader;
use crate::ui::components::update_banner::UpdateBanner;
use crate::ui::handoff::{first_view_shown, FirstViewHandoff};
use crate::ui::links::Links;
use crate::ui::render_later::{next_task, render_later, FirstRender};
use crate::ui::routes::AppRoutes;

/// Loads the page again (after a part of a packed archive could not be fetched).
fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state: LoadSignal = RwSignal::new(LoadState::Fetching {
        received: 0,
        total: None,
    });
    provide_context(state);
    provide_context(Asker::Worker);
    let links = Links::from_document();
    provide_context(links.clone());
    let first = FirstRender::provide(first_view_shown());
    let trouble = RwSignal::new(None::<String>);
    provide_context(Trouble(trouble));
    // While the first view's page (a `main` of its own) stands in, the app's `main` is out of
    // sight or holds only the loading notice, which is for the eye: assistive technologies
    // see one main landmark, the first view's.
    let main_hidden = move || first.active.get().then_some("true");
    // Set when the service worker has stored a new version that waits for a reload.
    let update = RwSignal::new(false);
    // Once the archive has loaded and the worker's downloads are kept (or loading failed): the
    // offline support is not needed before, and the service worker then stores those very
    // downloads instead of downloading them again (src/offline/sw.js).
    let started = StoredValue::new(false);
    let start_offline = move || {
        if !started.get_value() {
            started.set_value(true);
            crate::offline::start(move || {
                update.try_set(true);
            });
        }
    };
    start_loading(
        move |s| {
            if matches!(s, LoadState::Failed(_)) {
                start_offline();
            }
            state.set(s);
        },
        start_offline,
    );

    // The body changes with the stage's kind only: while loading, the panel follows the
    // worker's reports in place (`LoadingView`), not drawn anew for each.
    let phase = Memo::new(move |_| {
        state.with(|s| match s {
            LoadState::Ready(_) => 1u8,
            LoadState::Failed(_) => 2,
            _ => 0,
        })
    });
    let body = move || match (phase.get(), state.get_untracked()) {
        (_, LoadState::Ready(summary)) => {
            // The page renders in a task after the one that finished loading (two shorter
            // tasks); meanwhile the loading panel stays as it was.
            let later = next_task();
            let total = summary.count + summary.report.skipped;
            view! {
                <Show when=move || later.get() fallback=move || view! { <LoadingView state=Signal::stored(LoadState::Indexing { done: total, total })/> }>
                    <AppRoutes/>
                </Show>
            }
            .into_any()
        }
        (_, LoadState::Failed(err)) => view! { <LoadErrorView error=err/> }.into_any(),
        _ => view! { <LoadingView state=state/> }.into_any(),
    };

    // While the first view stands in (its header and page are what the reader sees), the
    // app's header and the body come in tasks after the one that started the app.
    let (header_later, body_later) = (render_later(), render_later());
    let body = move || body_later.get().then(body);

    view! {
        <Router base=links.router_base()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Show when=move || header_later.get()>
                <SiteHeader/>
            </Show>
            <main id="main" tabindex="-1" aria-hidden=main_hidden>{body}</main>
            <UpdateBanner available=update on_reload=move |_| crate::offline::apply_update()/>
            <PartTrouble trouble=trouble on_retry=move |_| reload()/>
            <FirstViewHandoff/>
        </Router>
    }
}
