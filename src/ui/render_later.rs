//! Render scheduling: how the app's first page comes in while the prerendered first view
//! stands in for it.
//!
//! On a page the first view shows (the home page, a document, the about page, a browse page),
//! the app may build its page out of sight, a part at a time, each part in a task of its own:
//! no single task then blocks the page for long. Components ask for this with
//! [`render_later`]; a part drawn from the page's first answer of the index worker comes in a
//! task after the one that received it (`answers.rs` says when that answer is awaited); the
//! first view goes once the last part is in (`handoff.rs`). Anywhere
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
    /// The page's first answers still awaited (each also counts as pending).
    pub awaited: RwSignal<usize>,
}

impl FirstRender {
    /// Provides the scheduling context; `active` when the first view's page is on screen.
    pub fn provide(active: bool) -> FirstRender {
        let first = FirstRender {
            active: RwSignal::new(active),
            pending: RwSignal::new(0),
            awaited: RwSignal::new(0),
        };
        provide_context(first);
        first
    }
}

/// A signal that turns true when a part of the page may render: at once, or in a task of
/// its own while the first view stands in (see [`FirstRender`]): once the page's first
/// answers have come, in a task after theirs.
pub fn render_later() -> Signal<bool> {
    let Some(first) = use_context::<FirstRender>().filter(|f| f.active.get_untracked()) else {
        return Signal::stored(true);
    };
    let ready = RwSignal::new(false);
    first.pending.update(|n| *n += 1);
    let scheduled = StoredValue::new(false);
    Effect::new(move |_| {
        if scheduled.get_value() || first.awaited.get() > 0 {
            return;
        }
        scheduled.set_value(true);
        turn_next_task(ready, Some(first));
    });
    ready.into()
}

/// A signal that turns true in a task after this one (a zero-delay timer). While the first
/// view stands in, it goes only once every such signal has turned. In the browser only.
pub fn next_task() -> Signal<bool> {
    let first = use_context::<FirstRender>();
    let ready = RwSignal::new(false);
    if let Some(first) = first {
        first.pending.update(|n| *n += 1);
    }
    turn_next_task(ready, first);
    ready.into()
}

/// Sets `ready` in a task after this one, and counts the part (put off by the caller) as done.
fn turn_next_task(ready: RwSignal<bool>, first: Option<FirstRender>) {
    set_timeout(
        move || {
            ready.try_set(true);
            if let Some(first) = first {
                first.pending.try_update(|n| *n = n.saturating_sub(1));
            }
        },
        std::time::Duration::ZERO,
    );
}
