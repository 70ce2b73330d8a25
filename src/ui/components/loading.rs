//! Progress while the archive loads: bytes received, then documents indexed.

use leptos::prelude::*;

use crate::load::LoadState;

/// "1.2 MB", "340 KB".
pub fn human_bytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1_000_000.0)
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

/// The loading panel for one stage.
/// - `state`: the current stage (any but `Ready`/`Failed`).
#[component]
pub fn LoadingView(state: LoadState) -> impl IntoView {
    let (label, value, max) = match state {
        LoadState::Fetching {
            received,
            total: Some(t),
        } if t > 0 => (
            format!(
                "Downloading the archive… {} of {}",
                human_bytes(received),
                human_bytes(t)
            ),
            Some(received.min(t) as f64),
            t as f64,
        ),
        LoadState::Fetching { received, .. } => (
            format!("Downloading the archive… {}", human_bytes(received)),
            None,
            1.0,
        ),
        LoadState::Parsing { bytes } => (
            format!("Reading {} of documents…", human_bytes(bytes)),
            None,
            1.0,
        ),
        LoadState::Indexing { done, total } => (
            format!(
                "Indexing documents… {} of {}",
                grouped(done),
                grouped(total)
            ),
            Some(done as f64),
            total.max(1) as f64,
        ),
        _ => ("Loading…".to_string(), None, 1.0),
    };
    view! {
        <div class="loading" role="status" aria-live="polite">
            <p class="loading-label">{label.clone()}</p>
            {match value {
                Some(v) => view! { <progress max=max value=v aria-label=label></progress> }.into_any(),
                None => view! { <progress aria-label=label></progress> }.into_any(),
            }}
        </div>
    }
}
