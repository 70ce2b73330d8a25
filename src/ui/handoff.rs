//! The hand-over from the prerendered first view to the app's own page.
//!
//! index.html, doc/<slug>.html, about.html and browse/<facet>.html carry a first view: the
//! site header and that page, rendered at build time from the app's own components
//! (`src/ui/prerender.rs`) and shown by `public/first-view.js` at the page's own address.
//! The app builds its page out of sight (`render_later.rs`) and [`FirstViewHandoff`] then
//! swaps it in at once: the reader sees no change.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::load::{LoadSignal, LoadState};
use crate::ui::browser;
use crate::ui::render_later::FirstRender;

/// Replaces the first view with the app's page. Its home page stays while the archive loads
/// on the home page (it is what the app will show) and while the app builds its page out of
/// sight; it goes as soon as the reader is anywhere else (a link followed meanwhile). Its
/// header, which already carries the archive's title, stays until the app's page is ready,
/// so nothing moves when the app's header takes over (style.css hides that one until then).
#[component]
pub fn FirstViewHandoff() -> impl IntoView {
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
        // A failure (the index worker stopped, say, before the page's first answer) shows at
        // once: nothing the page waits for is coming.
        let failed = state.with(|s| matches!(s, LoadState::Failed(_)));
        if first.pending.get() > 0 && !failed {
            return;
        }
        // In a task of its own, after every part put off so far (timers run in order); a
        // part put off meanwhile brings this effect back.
        set_timeout(
            move || {
                let failed = state.with_untracked(|s| matches!(s, LoadState::Failed(_)));
                if done.get_untracked() || (first.pending.get_untracked() > 0 && !failed) {
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
pub fn first_view_shown() -> bool {
    browser::document()
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
    let loc = browser::window()?.location();
    Some((loc.pathname().ok()?, loc.search().ok()?))
}

/// Removes the first view: all of it, or only its page (home or document). What the reader typed into its
/// search box meanwhile goes on in the app's (the search runs), focus included.
fn remove_first_view(all: bool) {
    let Some(doc) = browser::document() else {
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
        let Some(input) = browser::document()
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
