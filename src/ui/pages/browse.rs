//! Browse pages (`/browse/collections`, `/browse/subjects`, `/browse/people`,
//! `/browse/places`, `/browse/languages`): every value of one facet with its number of
//! documents, sortable by name or count and narrowed by a filter box, each linking to its
//! results. Sort and filter live in the URL (`?sort=count&filter=chur`); typing replaces the
//! history entry, so Back leaves the page instead of undoing keystrokes.

use folio_core::ask::{Answer, Question};
use folio_core::browse::{field_from_slug, plural_label, BrowseSort, BrowseState};
use folio_core::url_state::{FacetField, SearchState};
use leptos::ev::Event;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};

use crate::ui::answers::use_answer;
use crate::ui::links::{self, Links};
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::pages::{set_title, use_summary};

#[component]
pub fn BrowsePage() -> impl IntoView {
    let Some(summary) = use_summary() else {
        return ().into_any();
    };
    let links = expect_context::<Links>();
    let params = use_params_map();
    let location = use_location();
    let navigate = use_navigate();
    let field =
        Memo::new(move |_| params.with(|p| p.get("facet").and_then(|s| field_from_slug(&s))));
    let state = Memo::new(move |_| BrowseState::parse(&location.search.get()));
    let filter = RwSignal::new(state.get_untracked().filter);
    Effect::new(move |_| {
        let f = state.get().filter;
        if f != filter.get_untracked() {
            filter.set(f);
        }
    });

    let site = summary.name().to_string();
    // An unknown facet shows the not-found page and asks nothing.
    let answer = use_answer(
        move || {
            field.get().map(|field| Question::Browse {
                field,
                state: state.get(),
            })
        },
        |a| match a {
            Answer::Browse(b) => Some(b),
            _ => None,
        },
    );
    let go = {
        let links = links.clone();
        move |next: BrowseState| {
            if let Some(f) = field.get_untracked() {
                links::go(&navigate, &links.browse(f, &next), true);
            }
        }
    };
    let on_filter = {
        let go = go.clone();
        move |ev: Event| {
            let text = event_target_value(&ev);
            filter.set(text.clone());
            go(BrowseState {
                filter: text,
                ..state.get_untracked()
            });
        }
    };
    let on_sort = move |ev: Event| {
        let sort = if event_target_value(&ev) == "count" {
            BrowseSort::Count
        } else {
            BrowseSort::Name
        };
        go(BrowseState {
            sort,
            ..state.get_untracked()
        });
    };

    // The page's frame depends on the facet only, so the filter box keeps its focus while
    // the list below it follows each keystroke.
    let page = move || {
        let Some(f) = field.get() else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let heading = plural_label(f);
        set_title(&format!("{heading} – {site}"));
        let noun = heading.to_ascii_lowercase();
        let all = move || answer.with(|a| a.as_ref().map_or(0, |a| a.all));
        let tabs = FacetField::ALL
            .into_iter()
            .map(|g| {
                let current = (g == f).then_some("page");
                view! { <li><a href=links.browse(g, &BrowseState::default()) aria-current=current>{plural_label(g)}</a></li> }
            })
            .collect_view();
        let entries = Memo::new(move |_| {
            answer.with(|a| a.as_ref().map(|a| a.entries.clone()).unwrap_or_default())
        });
        let summary = {
            let noun = noun.clone();
            move || {
                let st = state.get();
                if st.filter.trim().is_empty() {
                    format!("{} {noun}", all())
                } else {
                    let shown = entries.with(Vec::len);
                    format!("{shown} of {} {noun} match “{}”", all(), st.filter.trim())
                }
            }
        };
        let rows = {
            let links = links.clone();
            move || {
                entries
                    .get()
                    .into_iter()
                    .map(|e| {
                        let href = links.search(&SearchState::default().toggle_filter(f, &e.value));
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{e.label}</a></th>
                                <td class="num">{e.count}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            }
        };
        let sort_is = move |s: BrowseSort| state.with(|st| st.sort == s);
        let aria_sort =
            move |s: BrowseSort, dir: &'static str| if sort_is(s) { dir } else { "none" };
        view! {
            <section class="browse-page">
                <nav class="browse-tabs" aria-label="Browse by">
                    <ul>{tabs}</ul>
                </nav>
                <h1>{heading}</h1>
                <div class="browse-controls">
                    <label class="browse-filter">
                        <span>{format!("Filter {noun}")}</span>
                        <input
                            type="search"
                            autocomplete="off"
                            prop:value=move || filter.get()
                            on:input=on_filter.clone()
                        />
                    </label>
                    <label class="browse-sort">
                        <span>"Sort by"</span>
                        <select on:change=on_sort.clone()>
                            <option value="name" prop:selected=move || sort_is(BrowseSort::Name)>"Name (A–Z)"</option>
                            <option value="count" prop:selected=move || sort_is(BrowseSort::Count)>"Number of documents"</option>
                        </select>
                    </label>
                </div>
                <p class="browse-summary" role="status">{summary}</p>
                <table class="browse-table">
                    <caption class="visually-hidden">{format!("{heading} and their number of documents")}</caption>
                    <thead>
                        <tr>
                            <th scope="col" aria-sort=move || aria_sort(BrowseSort::Name, "ascending")>{f.label()}</th>
                            <th scope="col" class="num" aria-sort=move || aria_sort(BrowseSort::Count, "descending")>"Documents"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
        .into_any()
    };
    page.into_any()
}
