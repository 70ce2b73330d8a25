//! What sits above the hits on the search page: the active filters as chips, the timeline
//! of the results, and the download menu.
//!
//! While the first view stands in for the home page, the timeline and the download menu
//! render in tasks of their own (`render_later`).

use folio_core::timeline::Timeline;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::components::export_menu::ExportMenu;
use crate::ui::components::filter_chips::FilterChips;
use crate::ui::components::timeline::TimelineChart;
use crate::ui::render_later::render_later;

/// - `timeline`: the histogram of the results.
/// - `state`: the search state.
/// - `total`: how many results there are.
#[component]
pub fn ResultsTools(
    #[prop(into)] timeline: Signal<Timeline>,
    #[prop(into)] state: Signal<SearchState>,
    #[prop(into)] total: Signal<usize>,
) -> impl IntoView {
    let has_results = move || total.get() > 0;
    let (chart_later, menu_later) = (render_later(), render_later());
    view! {
        <FilterChips state=state/>
        <Show when=move || chart_later.get() && has_results()>
            <TimelineChart timeline=timeline state=state/>
        </Show>
        <Show when=move || menu_later.get() && has_results()>
            <ExportMenu total=total state=state/>
        </Show>
    }
}
