//! Sort order and page size for the results, kept in the URL like everything else.

use folio_core::url_state::{SearchState, Sort, PAGE_SIZES};
use leptos::ev::Event;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::ui::links::{self, Links};

/// Two selects: order and results per page. Changing either pushes a history entry.
/// - `state`: the search state shown.
/// - `browsing`: true when there is no query (relevance then means date order).
#[component]
pub fn SortControls(
    #[prop(into)] state: Signal<SearchState>,
    #[prop(into)] browsing: Signal<bool>,
) -> impl IntoView {
    let links = expect_context::<Links>();
    let navigate = use_navigate();
    let go = move |next: SearchState| links::go(&navigate, &links.search(&next), false);
    let on_sort = {
        let go = go.clone();
        move |ev: Event| {
            let sort = Sort::from_key(&event_target_value(&ev)).unwrap_or_default();
            go(SearchState {
                sort,
                ..state.get_untracked().with_page(1)
            });
        }
    };
    let on_per = move |ev: Event| {
        let per_page = event_target_value(&ev).parse().unwrap_or(10);
        go(SearchState {
            per_page,
            ..state.get_untracked().with_page(1)
        });
    };
    let sort_options = move || {
        let current = state.get().sort;
        Sort::ALL
            .into_iter()
            .map(|s| {
                let label = if s == Sort::Relevance && browsing.get() {
                    "Date (default)"
                } else {
                    s.label()
                };
                view! { <option value=s.key() selected=s == current>{label}</option> }
            })
            .collect_view()
    };
    let per_options = move || {
        let current = state.get().per_page;
        PAGE_SIZES
            .into_iter()
            .map(|n| view! { <option value=n.to_string() selected=n == current>{n}</option> })
            .collect_view()
    };
    view! {
        <div class="sort-controls">
            <label>"Sort by "<select name="sort" on:change=on_sort>{sort_options}</select></label>
            <label>"Per page "<select name="per" on:change=on_per>{per_options}</select></label>
        </div>
    }
}
