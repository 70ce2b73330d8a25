//! The notice that a new version of the site (app or archive) has been downloaded.

use leptos::prelude::*;

/// "A new version is available · Reload", shown once `available` turns true.
/// - `available`: whether a new version is stored and waits.
/// - `on_reload`: switches to it (the page reloads).
///
/// The live region is always in the page, so screen readers announce the notice when it
/// appears.
#[component]
pub fn UpdateBanner(
    #[prop(into)] available: Signal<bool>,
    #[prop(into)] on_reload: Callback<()>,
) -> impl IntoView {
    let notice = move || {
        available.get().then(|| {
            view! {
                <p class="update-banner">
                    "A new version is available · "
                    <button type="button" on:click=move |_| on_reload.run(())>"Reload"</button>
                </p>
            }
        })
    };
    view! { <div class="update-status" role="status">{notice}</div> }
}
