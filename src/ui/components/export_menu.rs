//! "Download results": the whole result list (every page, not just the one shown) as CSV,
//! JSON, RIS or BibTeX, made by whoever holds the archive (the index worker in the browser)
//! and named after the search.

use folio_core::ask::{Answer, Question};
use folio_core::export::Format;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::load::Asker;
use crate::ui::browser;
use crate::ui::links::Links;

/// - `total`: how many results there are.
/// - `state`: the search they answer (recorded in the file name and header).
#[component]
pub fn ExportMenu(
    #[prop(into)] total: Signal<usize>,
    #[prop(into)] state: Signal<SearchState>,
) -> impl IntoView {
    let links = expect_context::<Links>();
    let asker = use_context::<Asker>();
    let status = RwSignal::new(String::new());
    let buttons = Format::ALL
        .into_iter()
        .map(|format| {
            let asker = asker.clone();
            let links = links.clone();
            let download = move |_| {
                let Some(asker) = &asker else {
                    return;
                };
                status.set("Preparing the file…".to_string());
                let question = Question::Export {
                    state: state.get_untracked(),
                    format,
                    site_url: links.site_url(),
                };
                asker.ask(question, move |answer| {
                    let Answer::Export(file) = answer else {
                        return;
                    };
                    let ok = browser::save_file(&file.name, &file.mime, &file.body);
                    status.try_set(if ok {
                        format!("Downloading {} ({} documents).", file.name, file.count)
                    } else {
                        "This browser refused the download.".to_string()
                    });
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
                <p class="hint">{move || format!("All {} results, with the search in the file name.", total.get())}</p>
                <ul>{buttons}</ul>
                <p class="export-status" role="status">{move || status.get()}</p>
            </div>
        </details>
    }
}
