//! The timeline: the current results as bars by year (or decade, or century), each bar a
//! link that narrows the date range to it. Heights are classes, one per whole percent
//! (`bh0`…`bh100` in style.css): the prerendered page may carry no style attribute.

use folio_core::timeline::Timeline;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::links::Links;

/// - `timeline`: the histogram of the current results.
/// - `state`: the search state the bars narrow.
#[component]
pub fn TimelineChart(
    #[prop(into)] timeline: Signal<Timeline>,
    #[prop(into)] state: Signal<SearchState>,
) -> impl IntoView {
    let links = expect_context::<Links>();
    let chart = move || {
        let t = timeline.get();
        let unit = t.unit()?;
        // A single bar narrows nothing; the summary line already says it all.
        if t.bars.len() < 2 {
            return None;
        }
        let st = state.get();
        let max = t.max.max(1) as u64;
        let caption = format!("Results by {}", unit.name());
        let first = t.bars.first().map(|b| b.label()).unwrap_or_default();
        let last = t.bars.last().map(|b| b.label()).unwrap_or_default();
        let bars = t
            .bars
            .iter()
            .map(|b| {
                let label = b.label();
                // Tenths of a percent in integers: formatting floats costs the wasm 10 KB.
                let tenths = (b.count as u64 * 1000 / max).max(if b.count > 0 { 30 } else { 0 });
                // A class per whole percent (`bh0`…`bh100` in style.css): the prerendered page
                // may carry no style attribute (the Content-Security-Policy forbids them).
                let height = format!("bar-fill bh{}", (tenths + 5) / 10);
                let text = format!(
                    "{label}: {} {}",
                    b.count,
                    if b.count == 1 {
                        "document"
                    } else {
                        "documents"
                    }
                );
                if b.count == 0 {
                    view! {
                        <li class="bar empty" title=text aria-hidden="true">
                            <span class=height></span>
                        </li>
                    }
                    .into_any()
                } else {
                    let (from, to) = b.range();
                    let href = links.search(&SearchState {
                        from: Some(from),
                        to: Some(to),
                        ..st.with_page(1)
                    });
                    view! {
                        <li class="bar">
                            <a href=href aria-label=text.clone() title=text data-count=b.count>
                                <span class=height></span>
                            </a>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view();
        let undated = (t.undated > 0).then(|| {
            view! { <p class="timeline-undated">{format!("{} undated", t.undated)}</p> }
        });
        Some(view! {
            <figure class="timeline">
                <figcaption id="timeline-caption">{caption}" · select a bar to narrow the dates"</figcaption>
                <ol class="timeline-bars" aria-labelledby="timeline-caption">{bars}</ol>
                <div class="timeline-axis" aria-hidden="true"><span>{first}</span><span>{last}</span></div>
                {undated}
            </figure>
        })
    };
    view! { {chart} }
}
