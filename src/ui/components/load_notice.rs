//! The notice that some documents of the bundle were skipped or repaired, with the reasons.

use std::sync::Arc;

use leptos::prelude::*;

use crate::load::LoadReport;

/// At most this many reasons are listed; the count is always complete.
const MAX_LISTED: usize = 200;

/// Shown only when the bundle had flawed documents.
/// - `report`: what loading found.
#[component]
pub fn LoadNotice(report: Arc<LoadReport>) -> impl IntoView {
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
    let items: Vec<String> = report
        .issues
        .iter()
        .take(MAX_LISTED)
        .map(|i| i.to_string())
        .collect();
    let more = report.issues.len().saturating_sub(MAX_LISTED);
    view! {
        <details class="load-notice">
            <summary>{parts.join(", ")}" while loading the archive"</summary>
            <ul>{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            {(more > 0).then(|| view! { <p>{format!("… and {more} more.")}</p> })}
        </details>
    }
    .into_any()
}
