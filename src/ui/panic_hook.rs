//! The last line of defence: if the app ever panics, the reader sees "Something went wrong"
//! with the error and a way to reload, instead of a frozen page.

use std::panic;

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
