//! The dark-mode switch. The site follows the system's colour scheme until the reader
//! chooses; the choice is set on `<html data-theme>` (which the stylesheet honours over the
//! system's) and remembered in `localStorage` across visits.

use leptos::prelude::*;

use crate::ui::browser;

/// A toggle button ("Dark mode", pressed or not) for the site header.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let stored = browser::stored_theme();
    browser::apply_theme(stored);
    let dark = RwSignal::new(stored.unwrap_or_else(browser::system_prefers_dark));
    let toggle = move |_| {
        let next = !dark.get_untracked();
        dark.set(next);
        browser::set_theme(next);
    };
    // The icon comes from the stylesheet, which knows the theme in force before any script
    // runs (style.css, `.theme-icon`); so does the pressed look of a prerendered page, whose
    // state the build cannot know (no `aria-pressed` there).
    let pressed = move || browser::IN_BROWSER.then(|| dark.get().to_string());
    view! {
        <button type="button" class="theme-toggle" aria-pressed=pressed on:click=toggle>
            <span class="theme-icon" aria-hidden="true"></span>
            <span class="theme-text">" Dark mode"</span>
        </button>
    }
}
