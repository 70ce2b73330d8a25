//! Helpers shared by the browser component tests: a fresh container to mount into, a tick
//! that lets timers and effects run, and DOM queries.
#![allow(dead_code)]

use wasm_bindgen::JsCast;

/// A new `<div>` appended to the page's body.
pub fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets timers, microtasks and reactive effects run.
pub async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Every element under `el` matching `selector`.
pub fn all(el: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = el.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// The text of every element under `el` matching `selector`.
pub fn texts(el: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    all(el, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

/// Ticks until `done` holds, for at most five seconds (a busy machine runs the debug build
/// slowly): a search runs a task or two after the keystroke (painted first), and its answer
/// comes in an effect after that.
pub async fn until(done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        tick().await;
    }
}
