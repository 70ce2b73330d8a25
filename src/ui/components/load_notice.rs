//! The notice that some documents of the bundle were skipped or repaired, with the reasons.

use leptos::prelude::*;

use crate::load::LoadReport;

/// Shown only when the bundle had flawed documents.
/// - `report`: what loading found.
#[component]
pub fn LoadNotice(report: LoadReport) -> impl IntoView {
    if report.skipped == 0 && report.repaired == 0 {
        return ().into_any();
    }
    let plural = |n: usize| if n == 1 { "document" } else { "documents" };
    let mut parts = Vec::new();
    if report.skipped > 0 {
        parts.push(format!(
            "{} {} skipped",
            report.skipped,
            plural(report.skipped)
        ));
    }
    if report.repaired > 0 {
        parts.push(format!(
            "{} {} repaired",
            report.repaired,
            plural(report.repaired)
        ));
    }
    // The first reasons (the worker sends at most `MAX_LISTED_ISSUES`); the count is complete.
    let items = report.issues;
    let more = report.unlisted;
    view! {
        <details class="load-notice">
            <summary>{parts.join(", ")}" while loading the archive"</summary>
            <ul>{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            {(more > 0).then(|| view! { <p>{format!("… and {more} more.")}</p> })}
        </details>
    }
    .into_any()
}
