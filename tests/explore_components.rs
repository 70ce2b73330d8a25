//! Browser component tests of the explore features (facets, chips, timeline, citations),
//! mounted in headless Chromium (`cargo test -p folio --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use folio::ui::components::cite::CiteBox;
use folio::ui::components::facets::FacetPanel;
use folio::ui::components::filter_chips::FilterChips;
use folio::ui::components::timeline::TimelineChart;
use folio::ui::links::Links;
use folio_core::date::PartialDate;
use folio_core::facets::{Facet, FacetValue};
use folio_core::model::{ArchiveMeta, Document};
use folio_core::timeline::timeline;
use folio_core::url_state::{FacetField, SearchState};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod browser;
use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

fn attrs(el: &web_sys::HtmlElement, selector: &str, name: &str) -> Vec<String> {
    all(el, selector)
        .iter()
        .filter_map(|e| e.get_attribute(name))
        .collect()
}

#[wasm_bindgen_test]
async fn a_long_facet_shows_ten_values_then_all_and_filters_them() {
    let el = container();
    let values: Vec<FacetValue> = (0..14)
        .map(|i| FacetValue {
            value: format!("Place {i:02}"),
            count: 20 - i,
            selected: i == 12,
        })
        .collect();
    // Every value listed, as an answer in memory may (the worker's lists the top ones).
    let facets = vec![Facet {
        field: FacetField::Places,
        values,
        unlisted: 0,
    }];
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(Links::new("/"));
        let state = SearchState::parse("place=Place+12");
        view! { <Router><FacetPanel facets=Signal::stored(facets.clone()) state=Signal::stored(state)/></Router> }
    });
    tick().await;
    assert_eq!(
        all(&el, "fieldset.facet").len(),
        1,
        "facets without values are hidden"
    );
    let shown = attrs(&el, "li.facet-value", "data-value");
    assert_eq!(shown.len(), 11, "the top ten and the selected value");
    assert_eq!(shown[10], "Place 12");
    assert_eq!(
        attrs(&el, "li.facet-value", "data-count")[0],
        "20",
        "counts as given"
    );
    let checked: Vec<bool> = all(&el, "li.facet-value input")
        .into_iter()
        .map(|i| i.unchecked_into::<web_sys::HtmlInputElement>().checked())
        .collect();
    assert_eq!(checked.iter().filter(|c| **c).count(), 1);

    let more: web_sys::HtmlElement = el
        .query_selector("button.facet-more")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        more.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    more.click();
    tick().await;
    assert_eq!(all(&el, "li.facet-value").len(), 14, "Show more lists all");

    let filter: web_sys::HtmlInputElement = el
        .query_selector("input.facet-filter")
        .unwrap()
        .unwrap()
        .unchecked_into();
    filter.set_value("03");
    filter
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(attrs(&el, "li.facet-value", "data-value"), ["Place 03"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn chips_link_to_the_search_without_their_filter() {
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(Links::new("/folio/"));
        let state = SearchState::parse("q=x&subject=Cold+War&lang=fr&from=1946&page=3");
        view! { <FilterChips state=Signal::stored(state)/> }
    });
    tick().await;
    assert_eq!(
        attrs(&el, "a.chip", "href"),
        [
            "/folio/?q=x&lang=fr&from=1946",
            "/folio/?q=x&subject=Cold%20War&from=1946",
            "/folio/?q=x&subject=Cold%20War&lang=fr",
        ]
    );
    assert_eq!(
        attrs(&el, "a.chip", "aria-label"),
        [
            "Remove filter Subject: Cold War",
            "Remove filter Language: French",
            "Remove filter Dates: from 1946",
        ]
    );
    assert_eq!(attrs(&el, "a.clear-all", "href"), ["/folio/?q=x"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn timeline_bars_are_labelled_links_that_narrow_the_dates() {
    let el = container();
    let doc = |d: &str| Document {
        id: d.into(),
        title: d.into(),
        date: Some(PartialDate::parse(d).unwrap()),
        ..Default::default()
    };
    let docs = [doc("1961-06-04"), doc("1963"), doc("1963-10")];
    let t = timeline(&docs, (None, None));
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(Links::new("/"));
        view! { <TimelineChart timeline=Signal::stored(t.clone()) state=Signal::stored(SearchState::parse("q=x&page=2"))/> }
    });
    tick().await;
    assert_eq!(
        attrs(&el, ".timeline-bars a", "aria-label"),
        ["1961: 1 document", "1963: 2 documents"],
        "the empty year has no link"
    );
    assert_eq!(
        attrs(&el, ".timeline-bars a", "href")[1],
        "/?q=x&from=1963&to=1963"
    );
    assert_eq!(all(&el, ".timeline-bars li").len(), 3);
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_cite_box_shows_chicago_and_mla_with_the_archive_in_italics() {
    let el = container();
    let doc = Document {
        id: "x".into(),
        title: "Long Telegram".into(),
        date: Some(PartialDate::parse("1946-02-22").unwrap()),
        collection: "Telegrams".into(),
        ..Default::default()
    };
    let meta = ArchiveMeta {
        title: "Sample".into(),
        ..Default::default()
    };
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <CiteBox doc=doc.clone() meta=meta.clone() permalink="https://e.org/doc/x".to_string()/> }
    });
    tick().await;
    let text = |sel: &str| {
        el.query_selector(sel)
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(
        text("[data-style=chicago-note] .citation-text"),
        "“Long Telegram,” February 22, 1946, Telegrams, Sample, https://e.org/doc/x."
    );
    assert_eq!(text("[data-style=mla] i"), "Sample");
    assert_eq!(all(&el, "button.copy").len(), 4);
    assert_eq!(
        attrs(&el, ".cite-downloads button", "data-format"),
        ["BibTeX", "RIS", "CSL-JSON"]
    );
    drop(handle);
}
