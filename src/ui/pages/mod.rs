//! Pages: one per route. Each reads the URL and the loaded archive.

pub mod about;
pub mod browse;
pub mod document;
pub mod not_found;
pub mod search;

use std::sync::Arc;

use folio_core::archive::Archive;
use leptos::prelude::*;

use crate::load::{LoadReport, LoadState};
use crate::ui::app::LoadSignal;

/// The loaded archive, when loading has finished (pages are only routed to then).
pub fn use_archive() -> Option<(Arc<Archive>, Arc<LoadReport>)> {
    let state = use_context::<LoadSignal>()?;
    match state.get_untracked() {
        LoadState::Ready(a, r) => Some((a, r)),
        _ => None,
    }
}

/// Sets the browser tab's title.
pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}
