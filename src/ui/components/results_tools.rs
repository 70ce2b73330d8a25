//! What sits above the hits on the search page: the active filters as chips, the timeline
//! of the results, and the download menu.
//!
//! While the first view stands in for the home page, the timeline and the download menu
//! render in tasks of their own (`render_later`).

use std::sync::Arc;

use folio_core::archive::Archive;
use folio_core::timeline::{filter_year, timeline};
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::components::export_menu::ExportMenu;
use crate::ui::components::filter_chips::FilterChips;
use crate::ui::components::timeline::TimelineChart;
use crate::ui::render_later::render_later;

/// - `archive`: the loaded archive.
/// - `state`: the search state.
/// - `docs`: the current results, in display order.
#[component]
pub fn ResultsTools(
    archive: Arc<Archive>,
    #[prop(into)] state: Signal<SearchState>,
    #[prop(into)] docs: Signal<Vec<u32>>,
) -> impl IntoView {
    let chart = {
        let archive = archive.clone();
        Memo::new(move |_| {
            let clip =
                state.with(|s| (filter_year(s.from.as_deref()), filter_year(s.to.as_deref())));
            docs.with(|d| timeline(d.iter().map(|&n| archive.doc(n)), clip))
        })
    };
    let has_results = move || docs.with(|d| !d.is_empty());
    let (chart_later, menu_later) = (render_later(), render_later());
    view! {
        <FilterChips state=state/>
        <Show when=move || chart_later.get() && has_results()>
            <TimelineChart timeline=chart state=state/>
        </Show>
        <Show when=move || menu_later.get() && has_results()>
            <ExportMenu archive=archive.clone() docs=docs state=state/>
        </Show>
    }
}
