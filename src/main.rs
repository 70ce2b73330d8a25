//! Entry point of the WebAssembly app: installs the panic hook and mounts the app.
//! Everything else lives in the library (`src/lib.rs`).

fn main() {
    folio::ui::panic_hook::install();
    leptos::mount::mount_to_body(folio::ui::app::App);
}
