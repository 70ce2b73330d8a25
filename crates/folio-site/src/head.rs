//! What a page says about itself in `<head>`, for search engines, link previews and reference
//! managers: the canonical address, Open Graph and Twitter card tags (every page), and for a
//! document, Highwire Press `citation_*` tags (what Zotero's connector and Google Scholar
//! read) and schema.org JSON-LD ([`crate::jsonld`]).
//!
//! Every value is escaped (`crate::text::escape_html`); the JSON-LD is a data block whose `<`
//! are written `\u003c`, so no text can end it.

use folio_core::archive::Archive;
use folio_core::citation;
use folio_core::model::Document;

use crate::text::escape_html;

/// What kind of page, for `og:type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// The home page, the about page, a browse page.
    Website,
    /// A document's page.
    Article,
}

/// The tags every page carries.
pub struct Social<'a> {
    pub kind: PageKind,
    pub title: &'a str,
    pub description: &'a str,
    /// The page's absolute address.
    pub url: &'a str,
    /// The archive's name.
    pub site_name: &'a str,
    /// The site's absolute address (`https://x.github.io/folio/`).
    pub site_url: &'a str,
}

/// `<meta name="folio-site">` (the published address the build was told: `FOLIO_SITE_URL`), the
/// canonical link, Open Graph and Twitter card tags.
pub fn social_tags(s: &Social) -> String {
    let kind = match s.kind {
        PageKind::Website => "website",
        PageKind::Article => "article",
    };
    let image = format!("{}icons/icon-512.png", s.site_url);
    let mut out = String::new();
    out.push_str(&meta_tag("name", "folio-site", s.site_url));
    out.push_str(&format!(
        "<link rel=\"canonical\" href=\"{}\">",
        escape_html(s.url)
    ));
    for (property, content) in [
        ("og:type", kind),
        ("og:site_name", s.site_name),
        ("og:title", s.title),
        ("og:description", s.description),
        ("og:url", s.url),
        ("og:image", &image),
    ] {
        out.push_str(&meta_tag("property", property, content));
    }
    for (name, content) in [
        ("twitter:card", "summary"),
        ("twitter:title", s.title),
        ("twitter:description", s.description),
        ("twitter:image", &image),
    ] {
        out.push_str(&meta_tag("name", name, content));
    }
    out
}

/// `<meta name|property="key" content="content">`, escaped.
fn meta_tag(attr: &str, key: &str, content: &str) -> String {
    format!(
        "<meta {attr}=\"{}\" content=\"{}\">",
        escape_html(key),
        escape_html(content)
    )
}

/// Highwire Press tags for a document page, with the few others Zotero's "Embedded Metadata"
/// translator needs to save it as a *manuscript* (the type Zotero gives archival documents)
/// with its archive and collection: `bibo.type` (which outranks `og:type`), `z.archive` and
/// `z.archiveLocation` (no Highwire tag names an archive), `DC.type` (the manuscript type) and
/// `DC.rights`. Checked by running that translator on a prerendered page (README, "Found by
/// search engines and reference managers"). No `citation_journal_title` or other tag that
/// would make Zotero read a journal article, and no `citation_author`: the people a document
/// names are not its authors. `permalink` is the page's absolute address.
pub fn citation_tags(archive: &Archive, doc: &Document, permalink: &str) -> String {
    let meta = &archive.meta;
    let mut tags: Vec<(&'static str, String)> = vec![
        ("bibo.type", "Manuscript".into()),
        ("citation_title", doc.title.clone()),
    ];
    if let Some(d) = &doc.date {
        tags.push(("citation_date", d.to_string()));
    }
    let language = doc.language.trim();
    if !language.is_empty() {
        tags.push(("citation_language", language.to_string()));
    }
    if !doc.summary.trim().is_empty() {
        tags.push(("citation_abstract", doc.summary.clone()));
    }
    tags.push(("citation_public_url", permalink.to_string()));
    for k in doc.subjects.iter().filter(|s| !s.trim().is_empty()) {
        tags.push(("citation_keywords", k.trim().to_string()));
    }
    let archive_name = citation::archive_name(meta);
    if !archive_name.is_empty() {
        tags.push(("z.archive", archive_name.to_string()));
    }
    if !doc.collection.trim().is_empty() {
        tags.push(("z.archiveLocation", doc.collection.trim().to_string()));
    }
    if let Some(genre) = citation::genre(doc) {
        tags.push(("DC.type", genre.to_string()));
    }
    if !meta.licence.trim().is_empty() {
        tags.push(("DC.rights", meta.licence.trim().to_string()));
    }
    tags.iter()
        .map(|(name, content)| meta_tag("name", name, content))
        .collect()
}
