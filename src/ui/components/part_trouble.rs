//! The notice that a packed archive could not fetch a part a question needed (offline, a
//! failed download, a damaged file): the reader is told why, and that what the page shows is
//! still right (no answer is given from a part that is not there).

use leptos::prelude::*;

/// The latest reason a question went unanswered, `None` once a question is answered again
/// (provided by the app, set by `use_answer`).
#[derive(Clone, Copy)]
pub struct Trouble(pub RwSignal<Option<String>>);

/// "This part of the archive could not be loaded: … · Try again", while there is trouble.
/// - `trouble`: the reason, or `None`.
/// - `on_retry`: asks again (the page reloads).
#[component]
pub fn PartTrouble(
    #[prop(into)] trouble: Signal<Option<String>>,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    // An alert is announced when it is inserted: the element exists only while there is
    // trouble.
    move || {
        trouble.get().map(|why| {
            view! {
                <p class="update-banner part-trouble" role="alert">
                    "This part of the archive could not be loaded: " {why}
                    ". The rest of the archive still works. "
                    <button type="button" on:click=move |_| on_retry.run(())>"Try again"</button>
                </p>
            }
        })
    }
}
