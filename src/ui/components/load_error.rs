//! The page shown when the archive cannot be loaded: what went wrong and what to do.

use leptos::prelude::*;

use crate::load::LoadError;

/// A clear, readable failure instead of a blank page.
/// - `error`: why loading failed; its message is written for readers.
#[component]
pub fn LoadErrorView(error: LoadError) -> impl IntoView {
    let reload = crate::ui::browser::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    view! {
        <section class="load-error" role="alert">
            <h1>"The archive could not be loaded"</h1>
            <p>{error.to_string()}</p>
            <p><a class="button" href=reload rel="external">"Try again"</a></p>
        </section>
    }
}
