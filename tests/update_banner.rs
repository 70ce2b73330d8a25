//! Browser component test of the update notice (`cargo test -p folio --target
//! wasm32-unknown-unknown`): hidden until a new version waits, then "A new version is
//! available · Reload" in a live region, and the button asks for the reload.
#![cfg(target_arch = "wasm32")]

use folio::ui::components::update_banner::UpdateBanner;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod browser;
use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn update_banner_appears_when_a_version_waits_and_reload_asks_for_it() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    let available = RwSignal::new(false);
    let asked = RwSignal::new(0);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <UpdateBanner available=available on_reload=move |_| asked.update(|n| *n += 1)/> }
    });

    let status = el.query_selector("[role=status]").unwrap();
    assert!(
        status.is_some(),
        "the live region is there before anything is announced"
    );
    assert!(el.query_selector(".update-banner").unwrap().is_none());

    available.set(true);
    tick().await;
    let banner = el
        .query_selector("[role=status] .update-banner")
        .unwrap()
        .unwrap();
    let text = banner.text_content().unwrap_or_default();
    assert_eq!(
        text.split_whitespace().collect::<Vec<_>>().join(" "),
        "A new version is available · Reload"
    );

    let button: web_sys::HtmlElement = banner
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    assert_eq!(asked.get_untracked(), 1, "Reload asks for the new version");
    drop(handle);
}
