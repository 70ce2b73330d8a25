//! "Cite this document": Chicago (note and bibliography) and MLA citations, each copied with
//! one click; BibTeX, RIS and CSL-JSON files for reference managers; the permanent link.

use folio_core::citation::{
    bibtex, chicago_bibliography, chicago_note, csl_json, mla, ris, Run, Source,
};
use folio_core::model::{ArchiveMeta, Document};
use leptos::prelude::*;

use crate::ui::browser;

/// - `doc`: the document to cite.
/// - `meta`: the archive it belongs to.
/// - `permalink`: the absolute URL of its page, without a query.
#[component]
pub fn CiteBox(doc: Document, meta: ArchiveMeta, permalink: String) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let src = Source {
        doc: &doc,
        meta: &meta,
        permalink: &permalink,
    };
    let styles: [(&str, &str, Vec<Run>); 3] = [
        ("chicago-note", "Chicago, note", chicago_note(src)),
        (
            "chicago-bibliography",
            "Chicago, bibliography",
            chicago_bibliography(src),
        ),
        ("mla", "MLA", mla(src)),
    ];
    let base = folio_core::citation::bibtex_key(&doc.id);
    let files: [(&str, String, &str, String); 3] = [
        (
            "BibTeX",
            format!("{base}.bib"),
            "application/x-bibtex;charset=utf-8",
            bibtex(src),
        ),
        (
            "RIS",
            format!("{base}.ris"),
            "application/x-research-info-systems",
            ris(src),
        ),
        (
            "CSL-JSON",
            format!("{base}.json"),
            "application/vnd.citationstyles.csl+json",
            csl_json(src),
        ),
    ];

    let copy = move |label: String, text: String| {
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&text).await;
            status.set(if ok {
                format!("{label} copied to the clipboard.")
            } else {
                format!("Could not copy: select the {label} and copy it by hand.")
            });
        });
    };

    let citations = styles
        .into_iter()
        .map(|(key, label, runs)| {
            let text = folio_core::citation::plain_text(&runs);
            let id = format!("cite-{key}");
            let body = runs
                .into_iter()
                .map(|r| {
                    if r.italic {
                        view! { <i>{r.text}</i> }.into_any()
                    } else {
                        r.text.into_any()
                    }
                })
                .collect_view();
            let what = format!("{label} citation");
            view! {
                <div class="citation" data-style=key>
                    <h3>{label}</h3>
                    <p class="citation-text" id=id>{body}</p>
                    <button
                        type="button"
                        class="secondary copy"
                        aria-label=format!("Copy {what}")
                        on:click=move |_| copy(what.clone(), text.clone())
                    >"Copy"</button>
                </div>
            }
        })
        .collect_view();

    let downloads = files
        .into_iter()
        .map(|(label, name, mime, body)| {
            let save = move |_| {
                let ok = browser::save_file(&name, mime, &body);
                status.set(if ok {
                    format!("Downloading {name}.")
                } else {
                    "This browser refused the download.".to_string()
                });
            };
            view! { <li><button type="button" class="secondary" data-format=label on:click=save>{label}</button></li> }
        })
        .collect_view();

    let link = permalink.clone();
    view! {
        <section class="cite" aria-labelledby="cite-heading">
            <h2 id="cite-heading">"Cite this document"</h2>
            {citations}
            <div class="citation cite-permalink">
                <h3>"Permanent link"</h3>
                <p class="citation-text"><a href=permalink.clone() class="permalink">{permalink.clone()}</a></p>
                <button
                    type="button"
                    class="secondary copy"
                    aria-label="Copy permanent link"
                    on:click=move |_| copy("permanent link".to_string(), link.clone())
                >"Copy"</button>
            </div>
            <div class="cite-downloads">
                <h3>"For reference managers (Zotero and others)"</h3>
                <ul>{downloads}</ul>
            </div>
            <p class="cite-status" role="status">{move || status.get()}</p>
        </section>
    }
}
