//! The selected filters as removable chips ("Subject: Cold War ×", "Dates: 1946 – 1950 ×"),
//! with "Clear all". Each chip is a plain link to the URL without that filter, so Back brings
//! it back and a chip can be opened in a new tab.

use folio_core::facets::display_value;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::links::Links;

/// - `state`: the search state whose filters are shown.
#[component]
pub fn FilterChips(#[prop(into)] state: Signal<SearchState>) -> impl IntoView {
    let links = expect_context::<Links>();
    let chips = move || {
        let st = state.get();
        if !st.has_filters() {
            return None;
        }
        let mut items: Vec<(String, String)> = st
            .filters
            .iter()
            .map(|(f, v)| {
                (
                    format!("{}: {}", f.label(), display_value(*f, v)),
                    links.search(&st.toggle_filter(*f, v)),
                )
            })
            .collect();
        let dates = match (&st.from, &st.to) {
            (Some(f), Some(t)) => Some(format!("Dates: {f} – {t}")),
            (Some(f), None) => Some(format!("Dates: from {f}")),
            (None, Some(t)) => Some(format!("Dates: to {t}")),
            (None, None) => None,
        };
        if let Some(d) = dates {
            let without = SearchState {
                from: None,
                to: None,
                ..st.with_page(1)
            };
            items.push((d, links.search(&without)));
        }
        let clear = links.search(&st.clear_filters());
        Some(view! {
            <div class="filter-chips" role="group" aria-label="Active filters">
                <ul>
                    {items.into_iter().map(|(text, href)| {
                        let label = format!("Remove filter {text}");
                        view! {
                        <li>
                            <a class="chip" href=href aria-label=label>
                                <span>{text}</span><span class="chip-x" aria-hidden="true">"×"</span>
                            </a>
                        </li>
                    }}).collect_view()}
                </ul>
                <a class="clear-all" href=clear>"Clear all"</a>
            </div>
        })
    };
    view! { {chips} }
}
