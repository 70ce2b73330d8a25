//! The date range filter: "from" and "to", each a year (`1945`), a month (`1945-05`) or a
//! full date (`1945-05-08`). Applying it navigates to the narrowed URL; a value that is not a
//! date, or a range that runs backwards, is explained next to the field instead.

use folio_core::date::PartialDate;
use folio_core::url_state::SearchState;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::ui::links::{self, Links};

/// What is wrong with the typed range, if anything.
fn check(from: &str, to: &str) -> Result<(Option<String>, Option<String>), String> {
    let parse = |label: &str, v: &str| -> Result<Option<PartialDate>, String> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        PartialDate::parse(v).map(Some).map_err(|_| {
            format!("“{v}” is not a date: write the {label} as a year (1945), a month (1945-05) or a day (1945-05-08).")
        })
    };
    let (f, t) = (parse("start", from)?, parse("end", to)?);
    if let (Some(a), Some(b)) = (f, t) {
        if a.sort_key() > b.end_key() {
            return Err("The start comes after the end: swap the two dates.".to_string());
        }
    }
    Ok((f.map(|d| d.to_string()), t.map(|d| d.to_string())))
}

/// - `state`: the search state whose `from` and `to` the form edits.
#[component]
pub fn DateRange(#[prop(into)] state: Signal<SearchState>) -> impl IntoView {
    let links = expect_context::<Links>();
    let home = links.search(&SearchState::default());
    let navigate = use_navigate();
    let from = RwSignal::new(state.get_untracked().from.unwrap_or_default());
    let to = RwSignal::new(state.get_untracked().to.unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    // The URL changed (a timeline bar, a chip, Back): show its range.
    Effect::new(move |_| {
        let st = state.get();
        from.set(st.from.unwrap_or_default());
        to.set(st.to.unwrap_or_default());
        error.set(None);
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match check(&from.get_untracked(), &to.get_untracked()) {
            Ok((f, t)) => {
                error.set(None);
                let next = SearchState {
                    from: f,
                    to: t,
                    ..state.get_untracked().with_page(1)
                };
                links::go(&navigate, &links.search(&next), false);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let described = move || error.with(|e| e.as_ref().map(|_| "date-range-error hint-dates"));

    view! {
        // A plain form too: before the app runs, Apply still narrows the dates (the app reads
        // the URL).
        <form class="date-range" on:submit=on_submit novalidate=true action=home method="get">
            <fieldset>
                <legend class="facet-legend">"Date"</legend>
                <p class="hint" id="hint-dates">"A year or a date: 1945, 1945-05-08"</p>
                <div class="date-fields">
                    <label>
                        <span>"From"</span>
                        <input
                            type="text"
                            name="from"
                            autocomplete="off"
                            size="10"
                            aria-describedby=move || described().unwrap_or("hint-dates")
                            aria-invalid=invalid
                            prop:value=move || from.get()
                            on:input=move |ev| from.set(event_target_value(&ev))
                        />
                    </label>
                    <label>
                        <span>"To"</span>
                        <input
                            type="text"
                            name="to"
                            autocomplete="off"
                            size="10"
                            aria-describedby=move || described().unwrap_or("hint-dates")
                            aria-invalid=invalid
                            prop:value=move || to.get()
                            on:input=move |ev| to.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="submit" class="secondary">"Apply"</button>
                </div>
                <p class="field-error" id="date-range-error" aria-live="assertive">{move || error.get()}</p>
            </fieldset>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn years_months_and_days_are_accepted_and_written_canonically() {
        assert_eq!(
            check(" 1945 ", "1950-05-08"),
            Ok((Some("1945".into()), Some("1950-05-08".into())))
        );
        assert_eq!(check("", ""), Ok((None, None)));
    }

    #[test]
    fn nonsense_and_backward_ranges_are_explained() {
        assert!(check("45", "").unwrap_err().contains("“45” is not a date"));
        assert!(check("1950", "1945").unwrap_err().contains("swap"));
        assert!(check("1945-06", "1945").is_ok(), "same year, to covers it");
    }
}
