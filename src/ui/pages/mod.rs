//! Pages: one per route. Each reads the URL, what the page knows of the loaded archive
//! ([`use_summary`]) and the answers to its questions (`ui/answers.rs`).

pub mod about;
pub mod browse;
pub mod document;
pub mod not_found;
pub mod search;

use std::sync::Arc;

use folio_core::loading::ArchiveSummary;
use leptos::prelude::*;

use crate::load::{LoadSignal, LoadState};
use crate::ui::browser;

/// What the page knows of the loaded archive (its title, size and what loading found), once
/// loading has finished (pages are only routed to then).
pub fn use_summary() -> Option<Arc<ArchiveSummary>> {
    let state = use_context::<LoadSignal>()?;
    match state.get_untracked() {
        LoadState::Ready(summary) => Some(summary),
        _ => None,
    }
}

/// Where a page's title goes when there is no browser tab: the prerenderer provides it and
/// writes the title a page asked for into that page's `<title>`.
#[derive(Clone, Copy)]
pub struct PageTitle(pub StoredValue<Option<String>>);

/// Sets the browser tab's title (or, prerendering, the page's [`PageTitle`]).
pub fn set_title(title: &str) {
    if let Some(doc) = browser::document() {
        doc.set_title(title);
    } else if let Some(slot) = use_context::<PageTitle>() {
        slot.0.set_value(Some(title.to_string()));
    }
}
