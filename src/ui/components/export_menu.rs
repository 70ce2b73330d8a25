//! "Download results": the whole result list (every page, not just the one shown) as CSV,
//! JSON, RIS or BibTeX, made in the browser and named after the search.

use std::sync::Arc;

use folio_core::archive::Archive;
use folio_core::export::{file_name, ExportContext, Format};
use folio_core::model::Document;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::links::Links;

/// - `archive`: the loaded archive.
/// - `docs`: the current results, in display order.
/// - `state`: the search they answer (recorded in the file name and header).
#[component]
pub fn ExportMenu(
    archive: Arc<Archive>,
    #[prop(into)] docs: Signal<Vec<u32>>,
    #[prop(into)] state: Signal<SearchState>,
) -> impl IntoView {
    let links = expect_context::<Links>();
    let status = RwSignal::new(String::new());
    let total = move || docs.with(Vec::len);
    let buttons = Format::ALL
        .into_iter()
        .map(|format| {
            let archive = archive.clone();
            let links = links.clone();
            let download = move |_| {
                let st = state.get_untracked();
                let site = links.site_url();
                let ctx = ExportContext {
                    meta: &archive.meta,
                    site_url: &site,
                    state: &st,
                };
                let list: Vec<&Document> = docs.with_untracked(|d| d.iter().map(|&n| archive.doc(n)).collect());
                let name = file_name(&st, format);
                let ok = browser::save_file(&name, format.mime(), &format.render(&list, &ctx));
                status.set(if ok {
                    format!("Downloading {name} ({} documents).", list.len())
                } else {
                    "This browser refused the download.".to_string()
                });
            };
            view! {
                <li>
                    <button type="button" class="secondary" data-format=format.extension() on:click=download>
                        {format.label()}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="export-menu">
            <summary>"Download results"</summary>
            <div class="export-body">
                <p class="hint">{move || format!("All {} results, with the search in the file name.", total())}</p>
                <ul>{buttons}</ul>
                <p class="export-status" role="status">{move || status.get()}</p>
            </div>
        </details>
    }
}
