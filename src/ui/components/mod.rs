//! Components: one public component per file, each fed plain values by a page.

pub mod cite;
pub mod date_range;
pub mod document_meta;
pub mod explore_nav;
pub mod export_menu;
pub mod facets;
pub mod filter_chips;
pub mod filter_drawer;
pub mod highlighted_text;
pub mod hit;
pub mod keyboard;
pub mod load_error;
pub mod load_notice;
pub mod loading;
pub mod marked_text;
pub mod pagination;
pub mod part_trouble;
pub mod related;
pub mod result_nav;
pub mod results_tools;
pub mod site_header;
pub mod sort_controls;
pub mod theme_toggle;
pub mod timeline;
pub mod update_banner;
pub mod whole_archive;
