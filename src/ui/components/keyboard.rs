//! Keyboard use of the search page, installed once while the page is shown:
//! `/` focuses the search box, ↓ and ↑ move through the results (from the box to the first
//! result and back), Enter opens the focused one (a link does that by itself), Escape clears
//! the box (or, on a result, returns to the box). After following a page link the focus moves
//! to the first result of the new page, so keyboard and screen-reader users land on what
//! changed instead of at the top of the document.

use folio_core::url_state::SearchState;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::browser;

/// The search box (the end-to-end tests' contract names it by its label).
pub const SEARCH_BOX: &str = "input[type=\"search\"][aria-label=\"Search the archive\"]";
/// The result links, in order.
pub const HIT_LINKS: &str = "ol.hits a.hit-title";

fn search_box() -> Option<web_sys::HtmlInputElement> {
    web_sys::window()?
        .document()?
        .query_selector(SEARCH_BOX)
        .ok()??
        .dyn_into()
        .ok()
}

fn hit_links() -> Vec<web_sys::HtmlElement> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let Ok(list) = doc.query_selector_all(HIT_LINKS) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Whether typing in `el` should keep its keys (a text field, a select, editable text).
fn is_editable(el: &web_sys::Element) -> bool {
    let tag = el.tag_name().to_ascii_lowercase();
    if tag == "textarea" || tag == "select" || el.has_attribute("contenteditable") {
        return true;
    }
    if tag == "input" {
        let kind = el
            .get_attribute("type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        return !matches!(
            kind.as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset"
        );
    }
    false
}

fn on_key(e: web_sys::KeyboardEvent) {
    if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() {
        return;
    }
    let active = browser::active_element();
    let in_box = active
        .as_ref()
        .is_some_and(|a| a.matches(SEARCH_BOX).unwrap_or(false));
    let hits = hit_links();
    let hit_index = active.as_ref().and_then(|a| {
        hits.iter().position(|h| {
            let node: &web_sys::Element = h;
            node == a
        })
    });
    match e.key().as_str() {
        "/" if !active.as_ref().is_some_and(is_editable) => {
            if let Some(b) = search_box() {
                e.prevent_default();
                let _ = b.focus();
                b.select();
            }
        }
        "ArrowDown" if in_box || hit_index.is_some() => {
            let next = hit_index.map_or(0, |i| i + 1);
            if let Some(h) = hits.get(next) {
                e.prevent_default();
                let _ = h.focus();
            }
        }
        "ArrowUp" if hit_index.is_some() => {
            e.prevent_default();
            match hit_index {
                Some(0) => {
                    if let Some(b) = search_box() {
                        let _ = b.focus();
                    }
                }
                Some(i) => {
                    let _ = hits[i - 1].focus();
                }
                None => {}
            }
        }
        "Escape" if in_box => {
            if let Some(b) = search_box().filter(|b| !b.value().is_empty()) {
                e.prevent_default();
                b.set_value("");
                // The page listens for `input` (delegated, so it must bubble).
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
                    let _ = b.dispatch_event(&ev);
                }
            }
        }
        "Escape" if hit_index.is_some() => {
            if let Some(b) = search_box() {
                e.prevent_default();
                let _ = b.focus();
            }
        }
        _ => {}
    }
}

/// Whether two states differ only in their page (a pagination link was followed).
pub fn only_page_changed(a: &SearchState, b: &SearchState) -> bool {
    a.page != b.page && a.with_page(1) == b.with_page(1)
}

/// - `state`: the search page's state; a change of page alone moves the focus.
#[component]
pub fn KeyboardShortcuts(#[prop(into)] state: Signal<SearchState>) -> impl IntoView {
    let handle = window_event_listener(ev::keydown, on_key);
    on_cleanup(move || handle.remove());

    Effect::new(move |previous: Option<SearchState>| {
        let now = state.get();
        if let Some(prev) = previous {
            if only_page_changed(&prev, &now) {
                // After the new page has rendered.
                request_animation_frame(|| {
                    if !browser::focus_first(HIT_LINKS) {
                        browser::focus_first("#main");
                    }
                });
            }
        }
        now
    });

    view! {
        <p class="kbd-hint" aria-hidden="true">
            <kbd>"/"</kbd>" search · "<kbd>"↑"</kbd><kbd>"↓"</kbd>" move through results · "
            <kbd>"Enter"</kbd>" open · "<kbd>"Esc"</kbd>" clear"
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_page_link_counts_as_a_page_change() {
        let a = SearchState::parse("q=x&page=2");
        assert!(only_page_changed(&a, &SearchState::parse("q=x&page=3")));
        assert!(!only_page_changed(&a, &SearchState::parse("q=xy")));
        assert!(!only_page_changed(&a, &a));
    }
}
