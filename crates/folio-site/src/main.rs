//! `folio-site DIR`: writes the prerendered pages, their metadata, the sitemap and
//! `robots.txt` into a built site (run by `.ci/post-build.mjs` after trunk's build).
//!
//! Environment: `FOLIO_SITE_URL` (the published address, `https://someone.github.io/folio/`),
//! `FOLIO_DOC_PAGES=off` (no page per document), `FOLIO_PACK=auto|always|never` and
//! `FOLIO_PACK_ABOVE=<bytes>` (a packed archive instead of the bundle: `folio_site::pack`), `TRUNK_PROFILE=debug` (a development build:
//! the home page only). Exit status 0 when written, 1 when not (the reason on stderr), 2 for a
//! wrong command line.

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use folio_site::{build_site, Options};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: folio-site DIR   (a built site: trunk's output folder)");
        return ExitCode::from(2);
    };
    let off = |v: &str| {
        matches!(
            v.to_ascii_lowercase().as_str(),
            "0" | "off" | "no" | "false"
        )
    };
    let pack = match folio_site::pack::PackChoice::parse(
        std::env::var("FOLIO_PACK").ok().as_deref(),
        std::env::var("FOLIO_PACK_ABOVE").ok().as_deref(),
    ) {
        Ok(p) => p,
        Err(why) => {
            eprintln!("folio-site: {why}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        pack,
        site_url: std::env::var("FOLIO_SITE_URL").ok(),
        route_pages: std::env::var("TRUNK_PROFILE").as_deref() != Ok("debug"),
        doc_pages: !std::env::var("FOLIO_DOC_PAGES").is_ok_and(|v| off(&v)),
    };
    match build_site(&PathBuf::from(dir), &options) {
        Ok(s) => {
            if let Some(why) = &s.no_first_view {
                println!("folio-site: no first view ({why})");
            }
            if !options.doc_pages {
                println!("folio-site: no document pages (FOLIO_DOC_PAGES is off)");
            }
            if s.over_budget > 0 {
                println!(
                    "folio-site: document pages stopped with {} documents left (over {} MB); the app renders those",
                    s.over_budget,
                    folio_site::pages::MAX_DOC_PAGES_BYTES >> 20
                );
            }
            println!(
                "folio-site: {} documents: {} document pages ({} MB), {} browse pages, about, home; sitemap of {} addresses; {:.1} s",
                s.documents,
                s.doc_pages,
                s.doc_pages_bytes >> 20,
                s.browse_pages,
                s.sitemap_urls,
                s.seconds
            );
            if let Some(p) = s.packed {
                println!(
                    "folio-site: packed archive: head {} KB, {} parts, {} KB in all (data/parts/)",
                    p.head_bytes >> 10,
                    p.parts,
                    p.part_bytes >> 10
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("folio-site: {e}");
            ExitCode::from(1)
        }
    }
}
