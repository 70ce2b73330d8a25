//! The facet panel: one group of checkboxes per facet (collection, subject, person, place,
//! language), each value with its exact count over the current results.
//!
//! Ticking a value navigates to the URL with that filter added (a history entry, so Back
//! undoes it). Long facets show their top values, the selected ones always included, then
//! "Show more" and a filter box; the search's answer carries only those top values, and the
//! whole list is asked for when the reader shows more or filters. Rows are keyed by value and read their count reactively, so
//! the checkbox just ticked keeps the focus while the counts change around it.

use folio_core::ask::{Answer, Question};
use folio_core::facets::{display_value, Facet, FacetValue, TOP_VALUES};
use folio_core::url_state::{FacetField, SearchState};
use leptos::ev::Event;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::ui::answers::use_answer;
use crate::ui::links::{self, Links};
use crate::ui::render_later::render_later;

/// - `facets`: the counted facets for the current results.
/// - `state`: the search state the checkboxes change.
#[component]
pub fn FacetPanel(
    #[prop(into)] facets: Signal<Vec<Facet>>,
    #[prop(into)] state: Signal<SearchState>,
) -> impl IntoView {
    FacetField::ALL
        .into_iter()
        .map(|field| view! { <FacetGroup field=field facets=facets state=state/> })
        .collect_view()
}

/// One facet's group. Hidden while the results carry no value of it.
#[component]
fn FacetGroup(
    field: FacetField,
    facets: Signal<Vec<Facet>>,
    state: Signal<SearchState>,
) -> impl IntoView {
    let links = expect_context::<Links>();
    let navigate = use_navigate();
    // While the first view stands in for the home page, each group renders in a task of its own.
    let later = render_later();
    let expanded = RwSignal::new(false);
    let needle = RwSignal::new(String::new());
    let listed = Memo::new(move |_| {
        facets.with(|fs| {
            fs.iter()
                .find(|f| f.field == field)
                .map(|f| (f.values.clone(), f.unlisted))
                .unwrap_or_default()
        })
    });
    // Every value, asked for once the reader shows more or filters (while it comes, the top ones).
    let wants_all = move || expanded.get() || !needle.with(String::is_empty);
    let all = use_answer(
        move || {
            (wants_all() && listed.with(|(_, unlisted)| *unlisted > 0)).then(|| Question::Facet {
                state: state.get(),
                field,
            })
        },
        |a| match a {
            Answer::Facet(f) => Some(f.values),
            _ => None,
        },
    );
    let values = Memo::new(move |_| match all.get() {
        Some(all) if wants_all() && listed.with(|(_, unlisted)| *unlisted > 0) => all,
        _ => listed.with(|(values, _)| values.clone()),
    });
    // What the list shows: everything matching the filter box when expanded or filtering,
    // else the top values plus any selected value further down.
    let shown = Memo::new(move |_| {
        let n = folio_core::analyzer::fold(needle.get().trim());
        values.with(|vs| {
            if !n.is_empty() {
                return vs
                    .iter()
                    .filter(|v| {
                        folio_core::analyzer::fold(&display_value(field, &v.value)).contains(&n)
                    })
                    .map(|v| v.value.clone())
                    .collect::<Vec<_>>();
            }
            vs.iter()
                .enumerate()
                .filter(|(i, v)| expanded.get() || *i < TOP_VALUES || v.selected)
                .map(|(_, v)| v.value.clone())
                .collect()
        })
    });
    let total = move || listed.with(|(values, unlisted)| values.len() + unlisted);
    let lookup = move |value: &str| -> FacetValue {
        values.with(|vs| {
            vs.iter()
                .find(|v| v.value == value)
                .cloned()
                .unwrap_or(FacetValue {
                    value: value.to_string(),
                    count: 0,
                    selected: false,
                })
        })
    };

    let key = field.key();
    let list_id = format!("facet-{key}-values");
    let legend_id = format!("facet-{key}-legend");
    let label = field.label();
    let filter_label = format!(
        "Filter {}",
        folio_core::browse::plural_label(field).to_ascii_lowercase()
    );

    let row = move |value: String| {
        let v = value.clone();
        let current = move || lookup(&v);
        let toggle = {
            let links = links.clone();
            let navigate = navigate.clone();
            let value = value.clone();
            move |_: Event| {
                let next = state.get_untracked().toggle_filter(field, &value);
                links::go(&navigate, &links.search(&next), false);
            }
        };
        let text = display_value(field, &value);
        let count = {
            let current = current.clone();
            move || current().count
        };
        let (data_count, shown_count) = (count.clone(), count.clone());
        let noun = move || {
            if count() == 1 {
                " document)"
            } else {
                " documents)"
            }
        };
        view! {
            <li class="facet-value" data-value=value.clone() data-count=data_count>
                <label>
                    <input type="checkbox" prop:checked=move || current().selected on:change=toggle/>
                    <span class="facet-label">{text}</span>
                    <span class="facet-count">
                        <span class="visually-hidden">" ("</span>{shown_count}
                        <span class="visually-hidden">{noun}</span>
                    </span>
                </label>
            </li>
        }
    };

    let filter_box = {
        let filter_label = filter_label.clone();
        move || {
            (total() > TOP_VALUES).then(|| {
                view! {
                    <input
                        class="facet-filter"
                        type="search"
                        aria-label=filter_label.clone()
                        placeholder=format!("{}…", filter_label)
                        prop:value=move || needle.get()
                        on:input=move |ev| needle.set(event_target_value(&ev))
                    />
                }
            })
        }
    };
    let more = {
        let list_id = list_id.clone();
        move || {
            let hidden = total().saturating_sub(TOP_VALUES);
            (hidden > 0 && needle.with(String::is_empty)).then(|| {
                let text = move || {
                    if expanded.get() {
                        "Show fewer".to_string()
                    } else {
                        format!("Show more ({hidden})")
                    }
                };
                view! {
                    <button
                        type="button"
                        class="facet-more link-button"
                        aria-expanded=move || expanded.get().to_string()
                        aria-controls=list_id.clone()
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >{text}</button>
                }
            })
        }
    };
    let no_match = move || {
        (!needle.with(String::is_empty) && shown.with(Vec::is_empty))
            .then(|| view! { <p class="facet-none">"No match."</p> })
    };

    view! {
        <Show when=move || { later.get() && total() > 0 }>
            <fieldset class="facet" data-facet=key>
                <legend id=legend_id.clone() class="facet-legend">{label}</legend>
                {filter_box.clone()}
                <ul class="facet-values" id=list_id.clone()>
                    <For each=move || shown.get() key=|v| v.clone() children=row.clone()/>
                </ul>
                {no_match}
                {more.clone()}
            </fieldset>
        </Show>
    }
}
