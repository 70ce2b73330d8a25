//! The last line of defence: if the app ever panics, the reader sees "Something went wrong"
//! with the error and a way to reload, instead of a frozen page.

use std::panic;

use leptos::prelude::*;

use crate::ui::pages::not_found::NotFoundPage;

/// Installs the hook; call once before mounting.
pub fn install() {
    panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show(&message);
    }));
}

fn show(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(panel) = doc.create_element("div") else {
        return;
    };
    panel.set_class_name("panic-panel");
    let _ = panel.set_attribute("role", "alert");
    let parts: [(&str, String); 3] = [
        ("h1", "Something went wrong".to_string()),
        (
            "p",
            format!("Folio stopped because of an internal error: {message}"),
        ),
        ("p", String::new()),
    ];
    for (tag, text) in parts {
        if let Ok(el) = doc.create_element(tag) {
            // text_content: the message is shown as text, never parsed as HTML.
            el.set_text_content(Some(&text));
            let _ = panel.append_child(&el);
        }
    }
    if let (Ok(link), Some(last)) = (doc.create_element("a"), panel.last_element_child()) {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let _ = link.set_attribute("href", &href);
        link.set_class_name("button");
        link.set_text_content(Some("Reload the page"));
        let _ = last.append_child(&link);
    }
    let _ = body.append_child(&panel);
}

/// The page at `/__panic`. In a debug build it panics on purpose, so that an end-to-end test
/// (`tests/e2e/panic-hook.test.mjs`) can watch the hook do its work in a real page; in a
/// release build it is the not-found page, like any other unknown address.
#[component]
pub fn PanicRoute() -> impl IntoView {
    if cfg!(debug_assertions) {
        panic!("deliberate panic at /__panic (a debug-build route that tests the panic hook)");
    }
    view! { <NotFoundPage/> }
}
