//! Progress while the archive loads: bytes received, then documents indexed.

use leptos::prelude::*;

use crate::load::LoadState;

/// "1.2 MB", "340 KB".
pub fn human_bytes(n: u64) -> String {
    if n >= 1_000_000 {
        // Integer arithmetic: formatting floats would cost the wasm 10 KB.
        let tenths = (n + 50_000) / 100_000;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", n.div_ceil(1000))
    }
}

/// Thousands separators: 4167 → "4,167".
pub fn grouped(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the panel says at a stage: its label, and the progress bar's value and maximum (no
/// value: an indeterminate bar).
fn describe(state: &LoadState) -> (String, Option<u64>, u64) {
    match *state {
        LoadState::Fetching {
            received,
            total: Some(t),
        } if t > 0 => (
            format!(
                "Downloading the archive… {} of {}",
                human_bytes(received),
                human_bytes(t)
            ),
            Some(received.min(t)),
            t,
        ),
        LoadState::Fetching { received, .. } => (
            format!("Downloading the archive… {}", human_bytes(received)),
            None,
            1,
        ),
        LoadState::Parsing { bytes } => (
            format!("Reading {} of documents…", human_bytes(bytes)),
            None,
            1,
        ),
        LoadState::Indexing { done, total } => (
            format!(
                "Indexing documents… {} of {}",
                grouped(done),
                grouped(total)
            ),
            Some(done as u64),
            total.max(1) as u64,
        ),
        _ => ("Loading…".to_string(), None, 1),
    }
}

/// The loading panel. It is drawn once and follows the stages in place: each report of the
/// index worker changes its text and bar, nothing more.
/// - `state`: the current stage (any but `Ready`/`Failed`).
#[component]
pub fn LoadingView(#[prop(into)] state: Signal<LoadState>) -> impl IntoView {
    let shown = Memo::new(move |_| state.with(describe));
    let label = move || shown.with(|(label, _, _)| label.clone());
    view! {
        <div class="loading" role="status" aria-live="polite">
            <p class="loading-label">{label}</p>
            <progress
                max=move || shown.with(|(_, _, max)| max.to_string())
                value=move || shown.with(|(_, value, _)| value.map(|v| v.to_string()))
                aria-label=label
            ></progress>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{grouped, human_bytes};

    #[test]
    fn bytes_and_counts_read_naturally() {
        assert_eq!(human_bytes(0), "0 KB");
        assert_eq!(human_bytes(340_001), "341 KB");
        assert_eq!(human_bytes(1_249_999), "1.2 MB");
        assert_eq!(human_bytes(1_250_000), "1.3 MB");
        assert_eq!(human_bytes(19_365_704), "19.4 MB");
        assert_eq!(grouped(4167), "4,167");
        assert_eq!(grouped(999), "999");
    }
}
