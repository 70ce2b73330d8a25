//! Components: one public component per file, each fed plain values by a page.

pub mod document_meta;
pub mod hit;
pub mod load_error;
pub mod load_notice;
pub mod loading;
pub mod marked_text;
pub mod pagination;
pub mod site_header;
