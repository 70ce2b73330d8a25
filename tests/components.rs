//! Browser component tests: components mounted in real headless Chromium
//! (`cargo test -p folio --target wasm32-unknown-unknown`). Each mounts, acts, ticks, and
//! asserts the DOM.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use folio::load::{Asker, LoadReport, LoadState};
use folio::ui::components::document_meta::DocumentMeta;
use folio::ui::components::marked_text::MarkedText;
use folio::ui::components::pagination::Pagination;
use folio::ui::links::Links;
use folio::ui::pages::search::SearchPage;
use folio_core::archive::Archive;
use folio_core::loading::ArchiveSummary;
use folio_core::model::{ArchiveMeta, Document};
use folio_core::paging::PageInfo;
use folio_core::snippet::Segment;
use folio_core::url_state::SearchState;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod browser;
use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn marked_text_renders_markup_from_the_bundle_as_text() {
    let el = container();
    let segments = vec![
        Segment {
            text: "<script>window.pwned = 1</script> and ".into(),
            marked: false,
        },
        Segment {
            text: "<img src=x onerror=alert(1)>".into(),
            marked: true,
        },
    ];
    let handle = leptos::mount::mount_to(
        el.clone(),
        move || view! { <MarkedText segments=segments/> },
    );
    assert_eq!(el.query_selector_all("script, img").unwrap().length(), 0);
    assert_eq!(texts(&el, "mark"), ["<img src=x onerror=alert(1)>"]);
    drop(handle);
}

#[wasm_bindgen_test]
fn document_meta_links_only_http_urls_and_lists_extras() {
    let el = container();
    let mut doc = Document {
        id: "d1".into(),
        title: "T".into(),
        url: "javascript:alert(1)".into(),
        ..Default::default()
    };
    doc.people = vec!["George F. Kennan".into()];
    doc.extras
        .insert("archival_source".into(), serde_json::json!("861.00/2-2246"));
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(Links::new("/"));
        view! { <DocumentMeta doc=doc/> }
    });
    let hrefs: Vec<String> = {
        let list = el.query_selector_all("a").unwrap();
        (0..list.length())
            .filter_map(|i| {
                list.item(i)?
                    .dyn_into::<web_sys::Element>()
                    .ok()?
                    .get_attribute("href")
            })
            .collect()
    };
    assert!(
        hrefs
            .iter()
            .all(|h| !h.to_lowercase().contains("javascript")),
        "a javascript: url must not become a link: {hrefs:?}"
    );
    let dts = texts(&el, "dt");
    assert!(dts.contains(&"Archival source".to_string()), "{dts:?}");
    assert!(
        texts(&el, "dd")
            .iter()
            .any(|t| t.contains("javascript:alert(1)")),
        "shown as inert text"
    );
    drop(handle);
}

#[wasm_bindgen_test]
fn pagination_marks_the_current_page_and_links_neighbours() {
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), || {
        provide_context(Links::new("/folio/"));
        view! { <Pagination info=PageInfo::new(97, 3, 10) state=SearchState::parse("q=treaty&page=3")/> }
    });
    let current = el.query_selector("[aria-current=page]").unwrap().unwrap();
    assert_eq!(current.text_content().unwrap(), "3");
    let next = el.query_selector("a[rel=next]").unwrap().unwrap();
    assert_eq!(
        next.get_attribute("href").unwrap(),
        "/folio/?q=treaty&page=4"
    );
    let prev = el.query_selector("a[rel=prev]").unwrap().unwrap();
    assert_eq!(
        prev.get_attribute("href").unwrap(),
        "/folio/?q=treaty&page=2"
    );
    assert!(
        texts(&el, "a").contains(&"10".to_string()),
        "the last page is linked"
    );
    drop(handle);
}

fn fixture_archive() -> Archive {
    let doc = |id: &str, title: &str, date: &str| Document {
        id: id.into(),
        title: title.into(),
        date: folio_core::date::PartialDate::parse(date).ok(),
        summary: format!("Summary of {title}."),
        ..Default::default()
    };
    let mut docs: Vec<Document> = (1..=25)
        .map(|i| doc(&format!("t{i}"), &format!("Treaty number {i}"), "1950"))
        .collect();
    docs.push(doc("lt", "The Long Telegram", "1946-02-22"));
    Archive::new(
        ArchiveMeta {
            title: "Test archive".into(),
            ..Default::default()
        },
        docs,
    )
}

#[wasm_bindgen_test]
async fn typing_in_the_search_box_updates_the_results() {
    let el = container();
    // The page asks an archive in memory (in the app, the index worker holds it).
    let archive = Arc::new(fixture_archive());
    let summary = ArchiveSummary::of(&archive, LoadReport::default());
    let state = RwSignal::new(LoadState::Ready(Arc::new(summary)));
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(state);
        provide_context(Asker::local(archive.clone()));
        provide_context(Links::new("/"));
        view! { <Router><SearchPage/></Router> }
    });
    tick().await;
    assert_eq!(
        texts(&el, "#result-summary"),
        ["Results: 1 - 10 of 26"],
        "browse lists every document"
    );
    assert_eq!(
        texts(&el, ".hit-date").first().map(String::as_str),
        Some("February 22, 1946"),
        "browse is in date order"
    );

    let input: web_sys::HtmlInputElement = el
        .query_selector("input[type=search]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value("telegr");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    until(|| texts(&el, "#result-summary") == ["Results: 1 - 1 of 1"]).await;
    assert_eq!(texts(&el, "#result-summary"), ["Results: 1 - 1 of 1"]);
    assert_eq!(texts(&el, ".hit-title"), ["The Long Telegram"]);

    input.set_value("nothing-like-this");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    until(|| !texts(&el, ".no-results").is_empty()).await;
    assert!(texts(&el, ".no-results")[0].contains("nothing-like-this"));
    drop(handle);
}
