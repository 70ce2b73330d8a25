//! Which pages a site gets and writing them: the home page's first view into `index.html`,
//! then `about.html`, `browse/<facet>.html` for each facet with values, `doc/<slug>.html` for
//! every document (file names: `folio_core::doc_slug`), the sitemap and `robots.txt`.
//!
//! Each page is `index.html` ([`Template`]) with the app's own page as its first view
//! (`folio::ui::prerender`), the title the page sets, a description, and its head tags
//! ([`crate::head`]). GitHub Pages answers `/doc/<slug>`, `/about` and `/browse/<facet>` with
//! these files (status 200); a host without them answers with `index.html` or `404.html`, and
//! the app renders the page.
//!
//! Budget: document pages stop at [`MAX_DOC_PAGES_BYTES`] in all (GitHub Pages wants a site
//! under 1 GB): an archive of tens of thousands of long documents keeps pages for the first
//! ones in date order, and the app renders the others. A single page over [`MAX_PAGE_BYTES`]
//! is not written either (the app renders it).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use folio::ui::links::Links;
use folio::ui::prerender::{render_first_view, Site};
use folio_core::browse::{archive_facts, slug};
use folio_core::url_state::{doc_path, SearchState};

use crate::head::{citation_tags, social_tags, PageKind, Social};
use crate::jsonld::{document_ld, script_block};
use crate::sitemap::{robots, sitemap_files, w3c_date, Entry};
use crate::template::{PageParts, Template, TemplateError};
use crate::text::clip;

/// Where the app reads the bundle, relative to the site.
pub const BUNDLE_PATH: &str = "data/archive.json";
/// Document pages stop at this many bytes in all.
pub const MAX_DOC_PAGES_BYTES: u64 = 400 * 1024 * 1024;
/// A page larger than this is not written (the app renders it).
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;
/// The home page's first view is left out past this size (it would slow the first paint more
/// than it helps): the app renders the home page.
pub const MAX_HOME_VIEW_BYTES: usize = 512 * 1024;

/// What the build asks for.
#[derive(Clone, Debug)]
pub struct Options {
    /// The site's absolute address (`https://someone.github.io/folio/`): canonical links,
    /// Open Graph, the sitemap and permanent links need it. `None`: `http://localhost:8080`
    /// with the site's path, and a warning.
    pub site_url: Option<String>,
    /// Write about, browse and document pages (a development build writes only `index.html`).
    pub route_pages: bool,
    /// Write a page per document.
    pub doc_pages: bool,
    /// Whether the archive is packed ([`crate::pack`]).
    pub pack: crate::pack::PackChoice,
}

/// What was written.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub documents: usize,
    pub doc_pages: usize,
    /// Documents left without a page by the budget.
    pub over_budget: usize,
    pub browse_pages: usize,
    pub doc_pages_bytes: u64,
    pub sitemap_urls: usize,
    pub seconds: f64,
    /// The pack written, when the archive was packed.
    pub packed: Option<crate::pack::Packed>,
    /// Why there is no first view at all (no bundle, or one the app refuses).
    pub no_first_view: Option<String>,
}

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("FOLIO_SITE_URL must be an absolute http(s) address such as https://someone.github.io/folio/, not {0:?}")]
    SiteUrl(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn write(path: &Path, contents: &str) -> Result<(), SiteError> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    fs::write(path, contents).map_err(io_err(path))
}

/// How many document pages are rendered before they are written: enough to keep every core
/// busy, few enough to hold in memory.
const DOC_PAGE_BATCH: usize = 256;

/// `f` of every item, in order, computed on `workers` threads.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if workers <= 1 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let size = items.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(size)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Writes every (path, contents), on `workers` threads.
fn write_all(files: &[(PathBuf, String)], workers: usize) -> Result<(), SiteError> {
    in_parallel(files, workers, |(path, contents)| write(path, contents))
        .into_iter()
        .collect()
}

/// The site's address with a trailing slash, checked.
fn site_url(option: Option<&str>, base: &str) -> Result<String, SiteError> {
    let Some(url) = option.map(str::trim).filter(|u| !u.is_empty()) else {
        eprintln!(
            "folio-site: warning: FOLIO_SITE_URL is not set; canonical links, the sitemap and \
             link previews name http://localhost:8080{base} (set it to the published address)"
        );
        return Ok(format!("http://localhost:8080{base}"));
    };
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let valid = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '?' | '#'));
    if !valid {
        return Err(SiteError::SiteUrl(url.to_string()));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

/// Writes the prerendered pages of the built site in `dir` (trunk's output, with the bundle
/// at [`BUNDLE_PATH`]). Running it again gives the same files.
pub fn build_site(dir: &Path, options: &Options) -> Result<Summary, SiteError> {
    let started = Instant::now();
    let index_path = dir.join("index.html");
    let index = fs::read_to_string(&index_path).map_err(io_err(&index_path))?;
    let template = Template::parse(&index)?;
    let base = template.base();
    let site_url = site_url(options.site_url.as_deref(), &base)?;
    for stale in ["doc", "browse"] {
        let p = dir.join(stale);
        if p.exists() {
            fs::remove_dir_all(&p).map_err(io_err(&p))?;
        }
    }
    let _ = fs::remove_file(dir.join("about.html"));
    let mut summary = Summary::default();

    let bundle_path = dir.join(BUNDLE_PATH);
    let mut bundle_bytes = 0u64;
    let loaded = match fs::read(&bundle_path) {
        Ok(bytes) => {
            bundle_bytes = bytes.len() as u64;
            let data = bundle_path.parent().unwrap_or(dir);
            crate::pack::read_site_archive(data, &bytes)
        }
        Err(e) => Err(format!("no bundle at {BUNDLE_PATH}: {e}")),
    };
    let (archive, report) = match loaded {
        Ok(x) => x,
        Err(why) => {
            // The app shows the reader why; the site still gets its plain index.html.
            let page = template.page(&PageParts {
                first_view: "",
                title: "Folio",
                description: &template.description(),
                head: "",
            });
            write(&index_path, &page)?;
            summary.no_first_view = Some(why);
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }
    };
    summary.documents = archive.len();
    let meta = archive.meta.clone();
    let name = if meta.title.trim().is_empty() {
        "Folio".to_string()
    } else {
        clip(&meta.title, 120)
    };
    let description = if meta.description.trim().is_empty() {
        template.description()
    } else {
        clip(&meta.description, 200)
    };
    let site = Site {
        archive: Arc::new(archive),
        report: Arc::new(report),
        links: Links::with_site(&base, &site_url),
    };
    name_manifest(dir, &meta.title, &meta.description)?;

    // A page of the site: the template with `route`'s first view and these head tags.
    let page_at = |route: &str, description: &str, kind: PageKind, extra_head: &str| {
        let rendered = render_first_view(&site, route);
        let title = rendered.title.unwrap_or_else(|| name.clone());
        let url = format!("{site_url}{route}");
        let mut head = social_tags(&Social {
            kind,
            title: &title,
            description,
            url: &url,
            site_name: &name,
            site_url: &site_url,
        });
        head.push_str(extra_head);
        if !route.is_empty() {
            // public/first-view.js shows the page only at this route's address.
            head.push_str(&format!(
                "<meta name=\"folio-first-view\" content=\"{}\">",
                crate::text::escape_html(route)
            ));
        }
        (rendered.html, title, head)
    };

    // The home page, into index.html (and so into every page's template).
    let (home_view, home_title, home_head) = page_at("", &description, PageKind::Website, "");
    let home_view = if home_view.len() > MAX_HOME_VIEW_BYTES {
        summary.no_first_view = Some(format!("the home page would be {} bytes", home_view.len()));
        String::new()
    } else {
        home_view
    };
    let home = template.page(&PageParts {
        first_view: &home_view,
        title: &home_title,
        description: &description,
        head: &home_head,
    });
    write(&index_path, &home)?;
    let mut sitemap = vec![Entry {
        loc: site_url.clone(),
        lastmod: None,
    }];

    if options.route_pages {
        let (view, title, head) = page_at("about", &description, PageKind::Website, "");
        write(
            &dir.join("about.html"),
            &template.page(&PageParts {
                first_view: &view,
                title: &title,
                description: &description,
                head: &head,
            }),
        )?;
        sitemap.push(Entry {
            loc: format!("{site_url}about"),
            lastmod: None,
        });

        let facts = archive_facts(&site.archive.documents);
        for (field, count) in facts.distinct.iter().filter(|(_, n)| *n > 0) {
            let route = format!("browse/{}", slug(*field));
            let text = format!(
                "{} {} in {name}, each with its documents.",
                count,
                folio_core::browse::plural_label(*field).to_lowercase()
            );
            let (view, title, head) = page_at(&route, &text, PageKind::Website, "");
            write(
                &dir.join(format!("{route}.html")),
                &template.page(&PageParts {
                    first_view: &view,
                    title: &title,
                    description: &text,
                    head: &head,
                }),
            )?;
            sitemap.push(Entry {
                loc: format!("{site_url}{route}"),
                lastmod: None,
            });
            summary.browse_pages += 1;
        }
    }

    if options.route_pages && options.doc_pages {
        // In date order, a batch at a time: the pages of a batch rendered on every core, then
        // the ones within the budget written, also on every core.
        let order = site.archive.run(&SearchState::default()).docs;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let doc_page = |n: u32| {
            let doc = site.archive.doc(n);
            let route = doc_path(&doc.id);
            let permalink = site.links.permalink(&doc.id);
            let text = doc.paragraphs().next().unwrap_or("");
            let doc_description = clip(
                if !doc.summary.trim().is_empty() {
                    &doc.summary
                } else if !text.is_empty() {
                    text
                } else {
                    &doc.title
                },
                200,
            );
            let mut extra = citation_tags(&site.archive, doc, &permalink);
            extra.push_str(&script_block(&document_ld(
                &site.archive,
                doc,
                &permalink,
                &site_url,
            )));
            let (view, title, head) = page_at(&route, &doc_description, PageKind::Article, &extra);
            let page = template.page(&PageParts {
                first_view: &view,
                title: &title,
                description: &doc_description,
                head: &head,
            });
            let lastmod = doc
                .extras
                .get("modified")
                .and_then(|v| v.as_str())
                .and_then(w3c_date);
            (dir.join(format!("{route}.html")), page, permalink, lastmod)
        };
        'batches: for (b, batch) in order.chunks(DOC_PAGE_BATCH).enumerate() {
            let rendered = in_parallel(batch, workers, |&n| doc_page(n));
            let mut accepted = Vec::with_capacity(rendered.len());
            for (j, (path, page, permalink, lastmod)) in rendered.into_iter().enumerate() {
                if page.len() > MAX_PAGE_BYTES {
                    continue;
                }
                if summary.doc_pages_bytes + page.len() as u64 > MAX_DOC_PAGES_BYTES {
                    summary.over_budget = order.len() - (b * DOC_PAGE_BATCH + j);
                    write_all(&accepted, workers)?;
                    break 'batches;
                }
                summary.doc_pages_bytes += page.len() as u64;
                summary.doc_pages += 1;
                sitemap.push(Entry {
                    loc: permalink,
                    lastmod,
                });
                accepted.push((path, page));
            }
            write_all(&accepted, workers)?;
        }
    }

    summary.sitemap_urls = sitemap.len();
    for stale in fs::read_dir(dir).map_err(io_err(dir))?.flatten() {
        let file = stale.file_name().to_string_lossy().to_string();
        if file.starts_with("sitemap") && file.ends_with(".xml") {
            let _ = fs::remove_file(stale.path());
        }
    }
    for (file, xml) in sitemap_files(&site_url, &sitemap) {
        write(&dir.join(file), &xml)?;
    }
    write(&dir.join("robots.txt"), &robots(&site_url))?;
    if options.pack.packs(bundle_bytes) || site.archive.is_packed() {
        let data = bundle_path.parent().unwrap_or(dir);
        let packed = crate::pack::write_site_pack(data, &site.archive, &site.report)
            .map_err(io_err(data))?;
        summary.packed = Some(packed);
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The installed app's name and description from the archive's (`manifest.webmanifest`).
fn name_manifest(dir: &Path, title: &str, description: &str) -> Result<(), SiteError> {
    let path = dir.join("manifest.webmanifest");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(());
    };
    let Ok(mut manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Ok(());
    };
    let title = clip(title, 120);
    let description = clip(description, 200);
    if !title.is_empty() {
        manifest["name"] = title.clone().into();
        if title.chars().count() <= 12 {
            manifest["short_name"] = title.into();
        }
    }
    if !description.is_empty() {
        manifest["description"] = description.into();
    }
    let out = serde_json::to_string_pretty(&manifest).unwrap_or(text);
    write(&path, &format!("{out}\n"))
}
