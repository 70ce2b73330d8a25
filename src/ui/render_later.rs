//! Render scheduling: how the app's first page comes in while the prerendered first view
//! stands in for it.
//!
//! On a page the first view shows (the home page, a document, the about page, a browse page),
//! the app may build its page out of sight, a part at a time, each part in a task of its own:
//! no single task then blocks the page for long. Components ask for this with
//! [`render_later`]; the first view goes once the last part is in (`handoff.rs`). Anywhere
//! else, once the first view has gone, and in the prerenderer (no [`FirstRender`] context),
//! every part renders at once.

use leptos::prelude::*;

/// Whether parts of the page may still be put off, and how many are.
#[derive(Clone, Copy)]
pub struct FirstRender {
    /// Parts may still be put off (the first view's page is on screen).
    pub active: RwSignal<bool>,
    /// Parts put off and not yet rendered.
    pub pending: RwSignal<usize>,
}

impl FirstRender {
    /// Provides the scheduling context; `active` when the first view's page is on screen.
    pub fn provide(active: bool) -> FirstRender {
        let first = FirstRender {
            active: RwSignal::new(active),
            pending: RwSignal::new(0),
        };
        provide_context(first);
        first
    }
}

/// A signal that turns true when a part of the page may render: at once, or in a task of
/// its own while the first view stands in for the page (see [`FirstRender`]).
pub fn render_later() -> Signal<bool> {
    match use_context::<FirstRender>() {
        Some(first) if first.active.get_untracked() => next_task(),
        _ => Signal::stored(true),
    }
}

/// A signal that turns true in a task after this one (a zero-delay timer). While the first
/// view stands in, it goes only once every such signal has turned. In the browser only.
pub fn next_task() -> Signal<bool> {
    let first = use_context::<FirstRender>();
    let ready = RwSignal::new(false);
    if let Some(first) = first {
        first.pending.update(|n| *n += 1);
    }
    set_timeout(
        move || {
            ready.try_set(true);
            if let Some(first) = first {
                first.pending.update(|n| *n -= 1);
            }
        },
        std::time::Duration::ZERO,
    );
    ready.into()
}
