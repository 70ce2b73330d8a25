//! The site writer on real files: the repository's index.html as trunk would leave it, the
//! sample archive and the hostile fixtures; every document gets its page whatever its id, the
//! pages carry the app's markup and their metadata, and writing twice gives the same files.

use std::fs;
use std::path::{Path, PathBuf};

use folio_core::doc_slug::doc_slug;
use folio_site::pack::PackChoice;
use folio_site::{build_site, Options};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A built site's folder: index.html as trunk writes it (under `/folio/`), `bundle` as the archive.
fn site_with(bundle: &Path) -> tempdir::Dir {
    let dir = tempdir::Dir::new();
    let index = fs::read_to_string(repo().join("index.html"))
        .unwrap()
        .replace(
            "<base data-trunk-public-url />",
            "<base href=\"/folio/\" />",
        );
    fs::write(dir.path().join("index.html"), index).unwrap();
    fs::copy(
        repo().join("public/manifest.webmanifest"),
        dir.path().join("manifest.webmanifest"),
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("data")).unwrap();
    fs::copy(bundle, dir.path().join("data/archive.json")).unwrap();
    dir
}

fn options() -> Options {
    Options {
        site_url: Some("https://example.org/folio".into()),
        route_pages: true,
        doc_pages: true,
        pack: PackChoice::Never,
    }
}

fn ids(bundle: &Path) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&fs::read(bundle).unwrap()).unwrap();
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_document_of_the_sample_gets_its_page_with_metadata_and_the_sitemap_lists_them() {
    let bundle = repo().join("public/data/archive.json");
    let dir = site_with(&bundle);
    let summary = build_site(dir.path(), &options()).unwrap();
    let ids = ids(&bundle);
    assert_eq!(summary.doc_pages, ids.len());
    assert_eq!(summary.browse_pages, 5);
    let sitemap = fs::read_to_string(dir.path().join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<url>").count(), ids.len() + 1 + 1 + 5);
    for id in &ids {
        let slug = doc_slug(id);
        let page = fs::read_to_string(dir.path().join(format!("doc/{slug}.html"))).unwrap();
        let url = format!("https://example.org/folio/doc/{slug}");
        assert!(
            page.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
            "{id}"
        );
        assert!(
            page.contains("<script type=\"application/ld+json\">"),
            "{id}"
        );
        assert!(
            page.contains("<meta name=\"bibo.type\" content=\"Manuscript\">"),
            "{id}"
        );
        assert!(
            page.contains(&format!(
                "<meta name=\"folio-first-view\" content=\"doc/{slug}\">"
            )),
            "{id}"
        );
        assert!(page.contains("<article class=\"document\">"), "{id}");
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{id}");
    }
    let robots = fs::read_to_string(dir.path().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/folio/sitemap.xml"));
    let index = fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(index.contains("data-first-view=\"home\""));
    assert!(index.contains("<link rel=\"canonical\" href=\"https://example.org/folio/\">"));
    let manifest = fs::read_to_string(dir.path().join("manifest.webmanifest")).unwrap();
    assert!(manifest.contains("Twentieth-Century Diplomacy"));
}

#[test]
fn awkward_ids_get_pages_under_their_slugs() {
    let bundle = repo().join("tests/fixtures/hostile/awkward-ids.json");
    let dir = site_with(&bundle);
    let summary = build_site(dir.path(), &options()).unwrap();
    let ids = ids(&bundle);
    assert!(
        ids.iter().any(|id| doc_slug(id) != *id),
        "the fixture should hold ids that need a slug"
    );
    assert_eq!(summary.doc_pages, ids.len());
    for id in &ids {
        let slug = doc_slug(id);
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-~".contains(&b)),
            "{slug}"
        );
        assert!(
            dir.path().join(format!("doc/{slug}.html")).is_file(),
            "{id} → {slug}"
        );
    }
}

#[test]
fn hostile_text_stays_text_in_pages_and_head_tags() {
    let bundle = repo().join("tests/fixtures/hostile/markup.json");
    let dir = site_with(&bundle);
    build_site(dir.path(), &options()).unwrap();
    for entry in fs::read_dir(dir.path().join("doc")).unwrap() {
        let page = fs::read_to_string(entry.unwrap().path()).unwrap();
        let head = &page
            [page.find("<!-- folio:head -->").unwrap()..page.find("<!-- /folio:head -->").unwrap()];
        let body = &page[page.find("<!-- folio:first-view -->").unwrap()..];
        for html in [head, body] {
            for tag in ["<img", "<iframe", "<svg", "<object", "<embed", "<style"] {
                assert!(!html.contains(tag), "{tag} in {html}");
            }
        }
        assert!(!body.contains("<script"), "{body}");
        // One script in the head: the JSON-LD block, which no text can close.
        assert_eq!(head.matches("<script").count(), 1);
        assert_eq!(head.matches("</script>").count(), 1);
    }
}

#[test]
fn writing_twice_gives_the_same_files() {
    let bundle = repo().join("tests/fixtures/hostile/awkward-ids.json");
    let dir = site_with(&bundle);
    build_site(dir.path(), &options()).unwrap();
    let first = snapshot(dir.path());
    build_site(dir.path(), &options()).unwrap();
    assert_eq!(snapshot(dir.path()), first);
}

/// A packed site: the head at `data/archive.json`, the parts beside it, the same pages as the
/// bundle's site; packing a packed site again changes nothing.
#[test]
fn a_packed_site_has_the_same_pages_and_packs_again_to_the_same_files() {
    let bundle = repo().join("tests/fixtures/hostile/awkward-ids.json");
    let plain = site_with(&bundle);
    build_site(plain.path(), &options()).unwrap();
    let packed = site_with(&bundle);
    let always = Options {
        pack: PackChoice::Always,
        ..options()
    };
    let summary = build_site(packed.path(), &always).unwrap();
    let p = summary.packed.expect("packed");
    assert!(p.parts >= 5, "{p:?}");
    let head = fs::read(packed.path().join("data/archive.json")).unwrap();
    assert!(folio_core::pack::read::is_pack_head(&head));
    assert_eq!(
        fs::read_dir(packed.path().join("data/parts"))
            .unwrap()
            .count(),
        p.parts
    );
    let pages = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(d)
            .into_iter()
            .map(|(f, b)| (f.strip_prefix(d).unwrap().to_path_buf(), b))
            .filter(|(f, _)| !f.starts_with("data"))
            .collect()
    };
    same_files(&pages(packed.path()), &pages(plain.path()));
    let first = snapshot(packed.path());
    build_site(packed.path(), &always).unwrap();
    same_files(&snapshot(packed.path()), &first);
}

/// The same files with the same bytes; the first that differs is shown.
fn same_files(a: &[(PathBuf, Vec<u8>)], b: &[(PathBuf, Vec<u8>)]) {
    for ((fa, ba), (fb, bb)) in a.iter().zip(b) {
        assert_eq!(fa, fb);
        assert!(
            ba == bb,
            "{fa:?} differs:\n{}\n----\n{}",
            String::from_utf8_lossy(ba),
            String::from_utf8_lossy(bb)
        );
    }
    assert_eq!(a.len(), b.len());
}

#[test]
fn a_bundle_the_app_refuses_leaves_a_plain_index_and_no_pages() {
    let bundle = repo().join("tests/fixtures/hostile/newer-version.json");
    let dir = site_with(&bundle);
    let summary = build_site(dir.path(), &options()).unwrap();
    assert!(summary.no_first_view.is_some());
    assert!(!dir.path().join("doc").exists());
    let index = fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(index.contains("<!-- folio:first-view --><!-- /folio:first-view -->"));
}

#[test]
fn a_site_address_that_is_not_absolute_is_refused() {
    let dir = site_with(&repo().join("tests/fixtures/hostile/awkward-ids.json"));
    let err = build_site(
        dir.path(),
        &Options {
            site_url: Some("example.org".into()),
            ..options()
        },
    );
    assert!(err.is_err());
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A temporary folder removed when dropped (no crate needed for this).
mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    static N: AtomicUsize = AtomicUsize::new(0);

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Dir {
            let n = N.fetch_add(1, Ordering::SeqCst);
            let p =
                std::env::temp_dir().join(format!("folio-site-test-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
