//! The search page: the box, the summary line, the hits and the pagination.
//!
//! The URL is the state: query and page are parsed from it. Typing updates the results at
//! once and replaces the current history entry; pressing Enter pushes one. Back and forward
//! restore the box and the results from the URL.

use std::time::Duration;

use folio_core::ask::{Answer, Question};
use folio_core::url_state::SearchState;
use leptos::ev::{Event, SubmitEvent};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::ui::answers::use_answer;
use crate::ui::components::filter_drawer::FilterDrawer;
use crate::ui::components::hit::Hit;
use crate::ui::components::keyboard::KeyboardShortcuts;
use crate::ui::components::load_notice::LoadNotice;
use crate::ui::components::pagination::Pagination;
use crate::ui::components::results_tools::ResultsTools;
use crate::ui::components::sort_controls::SortControls;
use crate::ui::links::{self, Links};
use crate::ui::pages::{set_title, use_summary};
use crate::ui::render_later::render_later;

#[component]
pub fn SearchPage() -> impl IntoView {
    let Some(summary) = use_summary() else {
        return ().into_any();
    };
    let links = expect_context::<Links>();
    let location = use_location();
    let navigate = use_navigate();

    let url_state = Memo::new(move |_| SearchState::parse(&location.search.get()));
    let query = RwSignal::new(url_state.get_untracked().q);
    // Back, forward and pasted links change the URL: bring the box along.
    Effect::new(move |_| {
        let q = url_state.get().q;
        if q != query.get_untracked() {
            query.set(q);
        }
    });

    // The state shown: the URL's, with the query as typed (the URL catches up at once).
    let view_state = Memo::new(move |_| SearchState {
        q: query.get(),
        ..url_state.get()
    });
    // The page shows the answer and the state it answers (the box alone runs ahead).
    let answer = use_answer(
        move || Some(Question::Search(view_state.get())),
        |a| match a {
            Answer::Search(s) => Some(s),
            _ => None,
        },
    );
    let go = {
        let links = links.clone();
        move |replace: bool| {
            let state = SearchState {
                q: query.get_untracked(),
                ..url_state.get_untracked().with_page(1)
            };
            links::go(&navigate, &links.search(&state), replace);
        }
    };
    // Typing never waits on a search: the keystroke is painted first, then the search runs
    // in a task of its own, and keys typed meanwhile are folded into that one search.
    let typed = StoredValue::new(None::<String>);
    let flush = {
        let go = go.clone();
        move || {
            if let Some(q) = typed.try_update_value(Option::take).flatten() {
                query.set(q);
                go(true);
            }
        }
    };
    let on_input = {
        let flush = flush.clone();
        move |ev: Event| {
            let scheduled = typed.with_value(Option::is_some);
            typed.set_value(Some(event_target_value(&ev)));
            if !scheduled {
                let flush = flush.clone();
                request_animation_frame(move || set_timeout(flush, Duration::ZERO));
            }
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        flush();
        go(false);
    };

    let name = summary.name().to_string();
    Effect::new(move |_| {
        let q = query.get();
        let name = name.as_str();
        if q.trim().is_empty() {
            set_title(name);
        } else {
            set_title(&format!("{} – Search – {name}", q.trim()));
        }
    });

    let status = {
        let links = links.clone();
        move || {
            answer.with(|a| {
                let a = a.as_ref()?;
                let q = a.state.q.clone();
                let summary = if a.total == 0 {
                    view! { <p class="no-results">"No documents match “"{q.clone()}"”. Check the spelling or try fewer words."</p> }.into_any()
                } else {
                    view! { <p id="result-summary">{a.page_info().summary()}</p> }.into_any()
                };
                let correction = (!a.corrections.is_empty()).then(|| {
                    let corrected = corrected_query(&q, &a.corrections);
                    let exact = SearchState { q: q.clone(), exact: true, ..a.state.with_page(1) };
                    view! {
                        <p class="correction">
                            "Showing results for "<strong class="corrected">{corrected}</strong>
                            " · Search instead for "<a href=links.search(&exact) class="search-instead">{q.clone()}</a>
                        </p>
                    }
                });
                let partial = a.has_partial().then(|| view! { <p class="partial-note">"Also showing documents that match some of your words."</p> });
                Some(view! { {summary}{correction}{partial} })
            })
        }
    };

    let hits = {
        let links = links.clone();
        move || {
            answer.with(|a| {
                let a = a.as_ref()?;
                let info = a.page_info();
                let state = a.state.with_page(info.page);
                let range = info.range();
                let first_partial = a.full.max(range.start);
                Some(
                    a.hits
                        .iter()
                        .enumerate()
                        .map(|(i, hit)| {
                            let href = links.doc(&hit.id, &state);
                            let divider = (a.has_partial() && range.start + i == first_partial)
                                .then(|| view! { <li class="partial-divider" aria-hidden="true">"Matching some of your words"</li> });
                            view! { {divider}<Hit hit=hit.clone() href=href/> }
                        })
                        .collect_view(),
                )
            })
        }
    };

    let pagination = move || {
        answer.with(|a| {
            let a = a.as_ref()?;
            let info = a.page_info();
            Some(view! { <Pagination info=info state=a.state.with_page(info.page)/> })
        })
    };
    // While the first view stands in, the hits and the pagination come in a task of their
    // own (`render_later.rs`): the page's largest part, not built in the same task as the rest.
    let hits_later = render_later();
    let hits = move || hits_later.get().then(hits.clone());
    let pagination = move || hits_later.get().then(pagination);

    // Explore: filters beside the results, chips, timeline and downloads above the hits.
    let total = Memo::new(move |_| answer.with(|a| a.as_ref().map_or(0, |a| a.total)));
    let facets = Memo::new(move |_| {
        answer.with(|a| a.as_ref().map(|a| a.facets.clone()).unwrap_or_default())
    });
    let timeline = Memo::new(move |_| {
        answer.with(|a| a.as_ref().map(|a| a.timeline.clone()).unwrap_or_default())
    });
    let browsing = Signal::derive(move || answer.with(|a| a.as_ref().is_some_and(|a| a.browsing)));

    // A newer question than the one answered is on its way (the worker is still counting):
    // said to assistive technologies, and the hits shown dim after a moment (style.css).
    let busy = move || {
        answer.with(|a| {
            a.as_ref()
                .is_none_or(|a| view_state.with(|v| a.state != *v))
        })
    };

    let count = summary.count;
    let home = links.search(&SearchState::default());
    view! {
        <section class="search-page">
            <h1 class="visually-hidden">{summary.name().to_string()}</h1>
            // A plain form too: before the app runs (and without scripts) Enter still goes to
            // the search's address.
            <form class="search-form" role="search" action=home method="get" on:submit=on_submit>
                <label class="search-label" for="q">"Search the archive"</label>
                <div class="search-row">
                    <input
                        id="q"
                        type="search"
                        name="q"
                        aria-label="Search the archive"
                        placeholder=format!("Search {count} documents: names, places, subjects, words…")
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || query.get()
                        on:input=on_input
                    />
                    <button type="submit">"Search"</button>
                </div>
            </form>
            <KeyboardShortcuts state=view_state/>
            <LoadNotice report=summary.report.clone()/>
            <div class="search-layout">
            <FilterDrawer facets=facets state=view_state total=total/>
            <div class="results-panel" aria-busy=move || busy().then_some("true")>
            <div class="result-status" role="status" aria-live="polite">{status}</div>
            <ResultsTools timeline=timeline state=view_state total=total/>
            <SortControls state=view_state browsing=browsing/>
            <ol class="hits">{hits}</ol>
            {pagination}
            </div>
            </div>
        </section>
    }
    .into_any()
}

/// The query with each corrected word replaced by its correction.
fn corrected_query(q: &str, corrections: &[folio_core::search::Correction]) -> String {
    let mut out = q.to_string();
    for c in corrections {
        if let Some(at) = out.find(&c.raw) {
            // Keep the reader's capital: "Krushchev" reads as "Khrushchev".
            let mut s = c.suggestion.clone();
            if c.raw.chars().next().is_some_and(char::is_uppercase) {
                s = crate::ui::browser::capitalize(&s);
            }
            out.replace_range(at..at + c.raw.len(), &s);
        }
    }
    out
}
