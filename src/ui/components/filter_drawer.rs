//! The filters of the search page: the date range and the facets, counted over the current
//! results. On a wide screen they are a sidebar; on a phone they live in a drawer opened by a
//! "Filters" button, which closes with its own button ("Show 12 results") or Escape and
//! returns the focus to where it was.
//!
//! While the first view stands in for the home page, the date range and the facets render in
//! tasks of their own (`render_later`): counting and drawing them is the largest part of the
//! page's first render.

use folio_core::facets::Facet;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::components::date_range::DateRange;
use crate::ui::components::facets::FacetPanel;
use crate::ui::render_later::render_later;

/// - `facets`: the facets, each counted over the query's results with every filter but its own.
/// - `state`: the search state (query and filters).
/// - `total`: how many results there are (for the count on the drawer's close button).
#[component]
pub fn FilterDrawer(
    #[prop(into)] facets: Signal<Vec<Facet>>,
    #[prop(into)] state: Signal<SearchState>,
    #[prop(into)] total: Signal<usize>,
) -> impl IntoView {
    let (dates_later, facets_later) = (render_later(), render_later());
    let open = RwSignal::new(false);
    let selected =
        move || state.with(|s| s.filters.len() + usize::from(s.from.is_some() || s.to.is_some()));
    let toggle_text = move || match selected() {
        0 => "Filters".to_string(),
        n => format!("Filters ({n})"),
    };
    let show_open = move |_| {
        open.set(true);
        request_animation_frame(|| {
            browser::focus_first("#facets-panel .drawer-close");
        });
    };
    let close = move || {
        open.set(false);
        request_animation_frame(|| {
            browser::focus_first(".filters-toggle");
        });
    };
    let on_keydown = move |e: leptos::ev::KeyboardEvent| {
        if e.key() == "Escape" && open.get_untracked() {
            e.prevent_default();
            close();
        }
    };
    let results_text = move || match total.get() {
        0 => "No results: close".to_string(),
        1 => "Show 1 result".to_string(),
        n => format!("Show {n} results"),
    };

    view! {
        <button
            type="button"
            class="filters-toggle secondary"
            aria-expanded=move || open.get().to_string()
            aria-controls="facets-panel"
            on:click=show_open
        >{toggle_text}</button>
        <aside
            id="facets-panel"
            class="facets-panel"
            class:open=move || open.get()
            aria-label="Filters"
            on:keydown=on_keydown
        >
            <div class="drawer-head">
                <h2 class="drawer-title">"Filters"</h2>
                <button type="button" class="drawer-close" on:click=move |_| close()>{results_text}</button>
            </div>
            <Show when=move || dates_later.get()>
                <DateRange state=state/>
            </Show>
            <Show when=move || facets_later.get()>
                <FacetPanel facets=facets state=state/>
            </Show>
        </aside>
    }
}
