//! Entry point of the WebAssembly app: installs the panic hook and mounts the app.
//! Everything else lives in the library (`src/lib.rs`).

fn main() {
    folio::ui::panic_hook::install();
    // In a task of its own, after the one that compiled and started the WebAssembly: two
    // short tasks block the page less than one long one.
    leptos::prelude::set_timeout(
        || leptos::mount::mount_to_body(folio::ui::app::App),
        std::time::Duration::ZERO,
    );
}
