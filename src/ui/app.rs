//! The app: starts loading the archive, then routes between the search page and document
//! pages. While loading it shows progress; if loading fails it shows why.
//!
//! On the home page and on a document's page the reader already sees the page while the app
//! loads: index.html and doc/<id>.html carry a first view (the site header and the page,
//! prerendered by `.ci/post-build.mjs`, shown by `public/first-view.js`), which
//! [`FirstViewHandoff`] replaces with the app's own page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use wasm_bindgen::JsCast;

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
    let first = FirstRender {
        active: RwSignal::new(first_view_shown()),
        pending: RwSignal::new(0),
    };
    provide_context(first);
    // While the first view's home page (a `main` of its own) stands in, the app's `main` is
    // out of sight or holds only the loading notice, which is for the eye: assistive
    // technologies see one main landmark, the first view's.
    let main_hidden = move || first.active.get().then_some("true");
    leptos::task::spawn_local(load_archive(move |s| state.set(s)));
    // Set when the service worker has stored a new version that waits for a reload.
    let update = RwSignal::new(false);
    // In a task after the one that mounts the app: the offline support is not needed for the
    // first paint.
    set_timeout(
        move || {
            crate::offline::start(move || {
                update.try_set(true);
            })
        },
        std::time::Duration::ZERO,
    );

    let body = move || match state.get() {
        LoadState::Ready(archive, report) => {
            // The page renders in a task after the one that finished loading (two shorter
            // tasks); meanwhile the loading panel stays as it was.
            let later = next_task();
            let total = archive.len() + report.skipped;
            view! {
                <Show when=move || later.get() fallback=move || view! { <LoadingView state=LoadState::Indexing { done: total, total }/> }>
                    <Routes fallback=|| view! { <NotFoundPage/> }>
                        <Route path=path!("/") view=SearchPage/>
                        <Route path=path!("/doc/:id") view=DocumentPage/>
                        <Route path=path!("/about") view=AboutPage/>
                        <Route path=path!("/browse/:facet") view=BrowsePage/>
                        // Panics on purpose in debug builds (tests the panic hook); not found in release.
                        <Route path=path!("/__panic") view=PanicRoute/>
                    </Routes>
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

/// How the app's first page comes in while the first view stands in for it.
///
/// On the home page the first view shows the page the app is about to render, so the app
/// may build its page out of sight, a part at a time, each part in a task of its own: no
/// single task then blocks the page for long. Components ask for this with [`render_later`];
/// the first view goes once the last part is in. Anywhere else, and once the first view has
/// gone, every part renders at once (nothing would cover a page being built).
#[derive(Clone, Copy)]
struct FirstRender {
    /// Whether parts may still be put off (the first view's home page is on screen).
    active: RwSignal<bool>,
    /// Parts put off and not yet rendered.
    pending: RwSignal<usize>,
}

/// A signal that turns true when a part of the page may render: at once, or in a task of
/// its own while the first view stands in for the page (see [`FirstRender`]).
pub fn render_later() -> Signal<bool> {
    match use_context::<FirstRender>() {
        Some(first) if first.active.get_untracked() => next_task(),
        _ => Signal::stored(true),
    }
}

/// A signal that turns true in a task after this one (a zero-delay timer). While the first
/// view stands in, it goes only once every such signal has turned.
fn next_task() -> Signal<bool> {
    let first = use_context::<FirstRender>();
    let ready = RwSignal::new(false);
    if let Some(first) = first {
        first.pending.update(|n| *n += 1);
    }
    set_timeout(
        move || {
            ready.try_set(true);
            if let Some(first) = first {
                first.pending.update(|n| *n -= 1);
            }
        },
        std::time::Duration::ZERO,
    );
    ready.into()
}

/// Replaces the first view with the app's page. Its home page stays while the archive loads
/// on the home page (it is what the app will show) and while the app builds its page out of
/// sight; it goes as soon as the reader is anywhere else (a link followed meanwhile). Its
/// header, which already carries the archive's title, stays until the app's page is ready,
/// so nothing moves when the app's header takes over (style.css hides that one until then).
#[component]
fn FirstViewHandoff() -> impl IntoView {
    let state = expect_context::<LoadSignal>();
    let first = expect_context::<FirstRender>();
    let location = use_location();
    // The first view shows the page at the address the app started at (if any page at all).
    let start = current_address();
    let done = RwSignal::new(false);
    Effect::new(move |_| {
        if done.get() {
            return;
        }
        let loading = state.with(|s| {
            matches!(
                s,
                LoadState::Fetching { .. } | LoadState::Parsing { .. } | LoadState::Indexing { .. }
            )
        });
        // Read for their changes; the address itself comes from the window.
        location.pathname.track();
        location.search.track();
        if loading {
            if current_address() != start {
                first.active.set(false);
                remove_first_view(false);
            }
            return;
        }
        if first.pending.get() > 0 {
            return;
        }
        // In a task of its own, after every part put off so far (timers run in order); a
        // part put off meanwhile brings this effect back.
        set_timeout(
            move || {
                if done.get_untracked() || first.pending.get_untracked() > 0 {
                    return;
                }
                done.set(true);
                first.active.set(false);
                remove_first_view(true);
            },
            std::time::Duration::ZERO,
        );
    });
}

/// The first view's page (home or document), whichever `public/first-view.js` let show.
const FIRST_VIEW_PAGE: &str = "[data-first-view=\"home\"], [data-first-view=\"page\"]";

/// Whether the first view's page is on screen (`public/first-view.js` decided so).
fn first_view_shown() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(
                ".first-view-home [data-first-view=\"home\"], .first-view-page [data-first-view=\"page\"]",
            )
            .ok()
            .flatten()
        })
        .is_some()
}

/// The window's path and query.
fn current_address() -> Option<(String, String)> {
    let loc = web_sys::window()?.location();
    Some((loc.pathname().ok()?, loc.search().ok()?))
}

/// Removes the first view: all of it, or only its page (home or document). What the reader typed into its
/// search box meanwhile goes on in the app's (the search runs), focus included.
fn remove_first_view(all: bool) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let typed = doc
        .query_selector("[data-first-view] input[name=\"q\"]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| {
            let focused = doc.active_element().is_some_and(|a| {
                let node: &web_sys::Element = &input;
                &a == node
            });
            (input.value(), focused)
        });
    let selector = if all {
        "[data-first-view]"
    } else {
        FIRST_VIEW_PAGE
    };
    if let Ok(nodes) = doc.query_selector_all(selector) {
        for i in 0..nodes.length() {
            if let Some(el) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                el.remove();
            }
        }
    }
    if let Some(root) = doc.document_element() {
        let classes = root.get_attribute("class").unwrap_or_default();
        let kept: Vec<&str> = classes
            .split_whitespace()
            .filter(|c| *c != "first-view-home" && *c != "first-view-page")
            .collect();
        let _ = root.set_attribute("class", &kept.join(" "));
    }
    let Some((text, focused)) = typed.filter(|(t, f)| all && (!t.is_empty() || *f)) else {
        return;
    };
    // After the app's search page has rendered.
    request_animation_frame(move || {
        let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(crate::ui::components::keyboard::SEARCH_BOX)
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if !text.is_empty() {
            input.set_value(&text);
            // The page listens for `input` (delegated, so it must bubble).
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
                let _ = input.dispatch_event(&ev);
            }
        }
        if focused {
            let _ = input.focus();
        }
    });
}
