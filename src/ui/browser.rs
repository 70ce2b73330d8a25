//! The few browser calls the explore features need, each behind one small function: saving a
//! file made in the page (a `Blob` behind an object URL, never a `data:` URL, so a strict
//! Content-Security-Policy keeps working), copying text to the clipboard, the theme choice
//! remembered in `localStorage`, moving focus, and capitalizing a word (the browser's Unicode
//! tables, not a second copy of them in the WebAssembly).
//!
//! Every function degrades quietly where the browser lacks the API (a test harness, an old
//! browser): it returns `false` or does nothing, and the page stays usable. Outside the
//! browser (the pages prerendered natively at build time, `src/ui/prerender.rs`) there is no
//! browser at all: [`IN_BROWSER`] is false, and the functions a render calls answer as a
//! browser that has stored nothing would.

use wasm_bindgen::{JsCast, JsValue};

/// Whether this build runs in a browser (the WebAssembly app) rather than natively (the
/// prerenderer, native tests): calling into the browser natively would panic.
pub const IN_BROWSER: bool = cfg!(target_arch = "wasm32");

/// The window, in a browser only.
pub fn window() -> Option<web_sys::Window> {
    if !IN_BROWSER {
        return None;
    }
    web_sys::window()
}

/// The document, in a browser only.
pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// Offers `text` as a download named `name`. Returns false if the browser refused.
pub fn save_file(name: &str, mime: &str, text: &str) -> bool {
    try_save(name, mime, text).is_some()
}

fn try_save(name: &str, mime: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let doc = document()?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = doc.body()?;
    body.append_child(&a).ok()?;
    a.click();
    a.remove();
    // The download has started from the click; the URL can go once the event loop turns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000)
        .ok()?;
    Some(())
}

/// Copies `text` to the clipboard; true when the browser confirmed it.
pub async fn copy_text(text: &str) -> bool {
    let Some(nav) = window().map(|w| w.navigator()) else {
        return false;
    };
    // `navigator.clipboard` is missing on insecure origins; reading it must not throw.
    let has_clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    let promise = nav.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The key under which the theme choice is remembered.
const THEME_KEY: &str = "folio-theme";

/// A theme the reader chose: `Some(true)` dark, `Some(false)` light, `None` follow the system.
pub fn stored_theme() -> Option<bool> {
    let storage = window()?.local_storage().ok()??;
    match storage.get_item(THEME_KEY).ok()??.as_str() {
        "dark" => Some(true),
        "light" => Some(false),
        _ => None,
    }
}

/// Whether the system asks for a dark scheme.
pub fn system_prefers_dark() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Applies a theme to `<html data-theme>` and remembers it.
pub fn set_theme(dark: bool) {
    apply_theme(Some(dark));
    let value = if dark { "dark" } else { "light" };
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(THEME_KEY, value);
    }
}

/// Sets `<html data-theme>` (or removes it to follow the system).
pub fn apply_theme(dark: Option<bool>) {
    let Some(root) = document().and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match dark {
        Some(true) => root.set_attribute("data-theme", "dark"),
        Some(false) => root.set_attribute("data-theme", "light"),
        None => root.remove_attribute("data-theme"),
    };
}

/// Focuses the first element matching `selector`; true if there was one.
pub fn focus_first(selector: &str) -> bool {
    document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|e| e.focus().is_ok())
        .unwrap_or(false)
}

/// The element that has focus, if any (not the body).
pub fn active_element() -> Option<web_sys::Element> {
    let doc = document()?;
    let active = doc.active_element()?;
    let body: Option<web_sys::Element> = doc.body().map(Into::into);
    (Some(&active) != body.as_ref()).then_some(active)
}

/// `word` with its first letter in upper case ("khrushchev" → "Khrushchev", "ñandú" →
/// "Ñandú"). ASCII in Rust; any other letter through JavaScript's `toUpperCase`, which keeps
/// Rust's 12 KB upper-case table out of the WebAssembly.
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest = chars.as_str();
    if first.is_ascii() {
        return format!("{}{rest}", first.to_ascii_uppercase());
    }
    if !IN_BROWSER {
        // Rust's tables and JavaScript's give the same full upper case (both follow Unicode's
        // SpecialCasing: "ß" → "SS").
        return format!("{}{rest}", first.to_uppercase());
    }
    let upper: String = js_sys::JsString::from(first).to_upper_case().into();
    format!("{upper}{rest}")
}
