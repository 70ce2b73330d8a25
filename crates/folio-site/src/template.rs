//! `index.html` as trunk wrote it, and the places a prerendered page changes it: the first
//! view between the `<!-- folio:first-view -->` markers, the `<title>`, the description, and
//! tags added at the end of `<head>`. Every page of the site is this file with those places
//! filled, so every page carries the same scripts, styles and Content-Security-Policy.

use crate::text::escape_html;

const OPEN: &str = "<!-- folio:first-view -->";
const CLOSE: &str = "<!-- /folio:first-view -->";
const HEAD_OPEN: &str = "<!-- folio:head -->";
const HEAD_CLOSE: &str = "<!-- /folio:head -->";
const FIRST_VIEW_SCRIPT: &str = "<script src=\"first-view.js\"";

/// Why `index.html` cannot be used as the pages' template.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("index.html {0}: was it written by trunk from the repository's index.html?")]
pub struct TemplateError(pub &'static str);

/// The parts of a page that differ from one page to the next.
pub struct PageParts<'a> {
    /// The first view: site header and page (HTML from the prerenderer).
    pub first_view: &'a str,
    /// The page's title, as text.
    pub title: &'a str,
    /// The page's description, as text.
    pub description: &'a str,
    /// Tags for the end of `<head>` (HTML).
    pub head: &'a str,
}

/// `index.html`, checked to have every place a page fills.
#[derive(Clone, Debug)]
pub struct Template {
    html: String,
}

impl Template {
    /// Checks `html` (the first view markers, `<title>`, the description, `</head>`).
    pub fn parse(html: &str) -> Result<Template, TemplateError> {
        find_between(html, OPEN, CLOSE)
            .ok_or(TemplateError("lost its <!-- folio:first-view --> markers"))?;
        find_title(html).ok_or(TemplateError("has no <title>"))?;
        find_description(html).ok_or(TemplateError("has no <meta name=\"description\">"))?;
        html.find("</head>")
            .ok_or(TemplateError("has no </head>"))?;
        // The head's own place, made once (a page written before keeps its markers): before
        // public/first-view.js, which reads the page's route from it as the head is parsed.
        // A page written before has them already: taken out, and put back in their place.
        let html = match find_between(html, HEAD_OPEN, HEAD_CLOSE) {
            Some((start, end)) => {
                let (start, end) = (start - HEAD_OPEN.len(), end + HEAD_CLOSE.len());
                let rest = &html[end..];
                let rest = rest.strip_prefix("\n    ").unwrap_or(rest);
                format!("{}{rest}", &html[..start])
            }
            None => html.to_string(),
        };
        let head_end = html.find("</head>").unwrap_or(html.len());
        let at = html[..head_end].find(FIRST_VIEW_SCRIPT).unwrap_or(head_end);
        let html = format!(
            "{}{HEAD_OPEN}{HEAD_CLOSE}\n    {}",
            &html[..at],
            &html[at..]
        );
        find_between(&html, HEAD_OPEN, HEAD_CLOSE)
            .ok_or(TemplateError("lost its <!-- /folio:head --> marker"))?;
        // Emptied: a page used as a template again gives the same pages.
        let t = Template { html };
        let html = t.fill(
            &PageParts {
                first_view: "",
                title: "",
                description: "",
                head: "",
            },
            true,
        );
        Ok(Template { html })
    }

    /// The site's path from `<base href>` ("/" or "/folio/").
    pub fn base(&self) -> String {
        let Some(at) = self.html.find("<base href=\"") else {
            return "/".into();
        };
        let rest = &self.html[at + "<base href=\"".len()..];
        let href = rest.split('"').next().unwrap_or("/");
        if href.starts_with('/') && href.ends_with('/') {
            href.to_string()
        } else {
            "/".into()
        }
    }

    /// The page's description as the template has it (the archive's, once named).
    pub fn description(&self) -> String {
        find_description(&self.html)
            .map(|(a, b)| unescape(&self.html[a..b]))
            .unwrap_or_default()
    }

    /// The template with `parts` in place.
    pub fn page(&self, parts: &PageParts) -> String {
        self.fill(parts, false)
    }

    fn fill(&self, parts: &PageParts, keep_empty: bool) -> String {
        let html = &self.html;
        let mut out =
            String::with_capacity(html.len() + parts.first_view.len() + parts.head.len() + 256);
        // The places in the order they appear: title, description, head end, first view.
        let (ts, te) = find_title(html).expect("checked in parse");
        let (ds, de) = find_description(html).expect("checked in parse");
        let (hs, he) = find_between(html, HEAD_OPEN, HEAD_CLOSE).expect("checked in parse");
        let (fs, fe) = find_between(html, OPEN, CLOSE).expect("checked in parse");
        let mut cuts: Vec<(usize, usize, String)> = vec![
            (fs, fe, parts.first_view.to_string()),
            (hs, he, parts.head.to_string()),
        ];
        if !keep_empty {
            cuts.push((ts, te, escape_html(parts.title)));
            cuts.push((ds, de, escape_html(parts.description)));
        }
        cuts.sort_by_key(|c| c.0);
        let mut at = 0;
        for (start, end, text) in cuts {
            out.push_str(&html[at..start]);
            out.push_str(&text);
            at = end;
        }
        out.push_str(&html[at..]);
        out
    }
}

/// The byte range between two markers.
fn find_between(html: &str, open: &str, close: &str) -> Option<(usize, usize)> {
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find(close)?;
    Some((start, end))
}

/// The byte range of the `<title>`'s text.
fn find_title(html: &str) -> Option<(usize, usize)> {
    let start = html.find("<title>")? + "<title>".len();
    let end = start + html[start..].find("</title>")?;
    Some((start, end))
}

/// The byte range of the description's `content` value.
fn find_description(html: &str) -> Option<(usize, usize)> {
    let tag = "<meta name=\"description\" content=\"";
    let start = html.find(tag)? + tag.len();
    let end = start + html[start..].find('"')?;
    Some((start, end))
}

/// The character references `escape_html` writes, read back.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<html><head><title>Folio</title><meta name=\"description\" content=\"A &amp; B\" /><base href=\"/folio/\" /><script src=\"first-view.js\"></script></head><body><!-- folio:first-view -->old<!-- /folio:first-view --></body></html>";

    #[test]
    fn a_page_fills_every_place_and_escapes_its_text() {
        let t = Template::parse(INDEX).unwrap();
        assert_eq!(t.base(), "/folio/");
        assert_eq!(t.description(), "A & B");
        let page = t.page(&PageParts {
            first_view: "<main>x</main>",
            title: "<T>",
            description: "\"d\"",
            head: "<link rel=\"canonical\" href=\"u\">",
        });
        assert_eq!(
            page,
            "<html><head><title>&lt;T&gt;</title><meta name=\"description\" content=\"&quot;d&quot;\" /><base href=\"/folio/\" /><!-- folio:head --><link rel=\"canonical\" href=\"u\"><!-- /folio:head -->\n    <script src=\"first-view.js\"></script></head><body><!-- folio:first-view --><main>x</main><!-- /folio:first-view --></body></html>"
        );
        // A page used as a template again gives the same page.
        let again = Template::parse(&page).unwrap();
        assert_eq!(
            again.page(&PageParts {
                first_view: "<main>x</main>",
                title: "<T>",
                description: "\"d\"",
                head: "<link rel=\"canonical\" href=\"u\">",
            }),
            page
        );
    }

    #[test]
    fn a_template_without_its_places_is_refused() {
        assert!(Template::parse("<html></html>").is_err());
        assert!(Template::parse(&INDEX.replace("<title>Folio</title>", "")).is_err());
    }
}
