//! Entry point of the WebAssembly app: installs the panic hook and mounts the app.
//! Everything else lives in the library (`src/lib.rs`). Natively there is nothing to mount:
//! the pages are rendered at build time by `crates/folio-site`.

#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    folio::ui::panic_hook::install();
    // In a task of its own, after the one that compiled and started the WebAssembly: two
    // short tasks block the page less than one long one.
    leptos::prelude::set_timeout(
        || leptos::mount::mount_to_body(folio::ui::app::App),
        std::time::Duration::ZERO,
    );
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("folio is the WebAssembly app: build it with trunk (see README.md); the prerendered pages come from `cargo run -p folio-site`.");
    std::process::exit(2);
}
