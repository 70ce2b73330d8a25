//! The sitemap and `robots.txt`: every prerendered page's address for search engines, with
//! the date a document last changed when the bundle says it (a document's `modified` field,
//! a W3C date such as `2024-05-01` or `2024-05-01T12:00:00Z`).
//!
//! One `sitemap.xml` up to 50,000 addresses (the protocol's limit per file); past that,
//! `sitemap.xml` is a sitemap index naming `sitemap-1.xml`, `sitemap-2.xml`, …

use crate::text::escape_html;

/// Addresses in one sitemap file (the protocol's limit).
pub const MAX_URLS: usize = 50_000;

/// One address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Absolute.
    pub loc: String,
    /// A W3C date (`YYYY-MM-DD`, optionally with a time), when known.
    pub lastmod: Option<String>,
}

/// The sitemap files to write, as (file name, contents): one `sitemap.xml`, or an index and
/// its parts. `site_url` is the site's absolute address with a trailing slash.
pub fn sitemap_files(site_url: &str, entries: &[Entry]) -> Vec<(String, String)> {
    if entries.len() <= MAX_URLS {
        return vec![("sitemap.xml".into(), urlset(entries))];
    }
    let parts: Vec<&[Entry]> = entries.chunks(MAX_URLS).collect();
    let mut files = Vec::with_capacity(parts.len() + 1);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, part) in parts.iter().enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape_html(&format!("{site_url}{name}"))
        ));
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

fn urlset(entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in entries {
        out.push_str("  <url><loc>");
        out.push_str(&escape_html(&e.loc));
        out.push_str("</loc>");
        if let Some(m) = &e.lastmod {
            out.push_str("<lastmod>");
            out.push_str(&escape_html(m));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled; where the sitemap is.
pub fn robots(site_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n")
}

/// A `modified` value if it is a W3C date the protocol accepts: `YYYY`, `YYYY-MM`,
/// `YYYY-MM-DD`, or a date with a time and a zone (`2024-05-01T12:00Z`, `…:00+02:00`).
pub fn w3c_date(value: &str) -> Option<String> {
    let v = value.trim();
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok_date = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u8>().ok()?),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&m.parse::<u8>().ok()?)
                && (1..=31).contains(&d.parse::<u8>().ok()?)
        }
        _ => false,
    };
    if !ok_date {
        return None;
    }
    match time {
        None => Some(v.to_string()),
        Some(t) if parts.len() == 3 => {
            let (clock, zone) = if let Some(c) = t.strip_suffix('Z') {
                (c, "Z")
            } else if let Some(i) = t.rfind(['+', '-']) {
                (&t[..i], &t[i..])
            } else {
                return None;
            };
            let zone_ok = zone == "Z"
                || (zone.len() == 6
                    && digits(&zone[1..3], 2)
                    && &zone[3..4] == ":"
                    && digits(&zone[4..], 2));
            let c: Vec<&str> = clock.split(':').collect();
            let clock_ok = match c.as_slice() {
                [h, m] => digits(h, 2) && digits(m, 2),
                [h, m, s] => {
                    let whole = s.split('.').next().unwrap_or("");
                    digits(h, 2) && digits(m, 2) && digits(whole, 2)
                }
                _ => false,
            };
            (zone_ok && clock_ok).then(|| v.to_string())
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                loc: format!("https://x.org/doc/{i}"),
                lastmod: None,
            })
            .collect()
    }

    #[test]
    fn one_file_up_to_the_limit() {
        let files = sitemap_files("https://x.org/", &entries(MAX_URLS));
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].1.matches("<url>").count(), MAX_URLS);
    }

    #[test]
    fn past_the_limit_an_index_names_its_parts() {
        let files = sitemap_files("https://x.org/f/", &entries(MAX_URLS * 2 + 1));
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(files[0]
            .1
            .contains("<loc>https://x.org/f/sitemap-3.xml</loc>"));
        assert_eq!(files[3].1.matches("<url>").count(), 1);
        let total: usize = files[1..]
            .iter()
            .map(|f| f.1.matches("<url>").count())
            .sum();
        assert_eq!(total, MAX_URLS * 2 + 1);
    }

    #[test]
    fn addresses_are_escaped_and_lastmod_written_when_known() {
        let xml = urlset(&[Entry {
            loc: "https://x.org/?a=1&b=2".into(),
            lastmod: Some("2024-05-01".into()),
        }]);
        assert!(xml.contains("<loc>https://x.org/?a=1&amp;b=2</loc><lastmod>2024-05-01</lastmod>"));
    }

    #[test]
    fn only_w3c_dates_count_as_lastmod() {
        for ok in [
            "2024",
            "2024-05",
            "2024-05-01",
            "2024-05-01T12:00Z",
            "2024-05-01T12:00:30.5+02:00",
        ] {
            assert_eq!(w3c_date(ok).as_deref(), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-05-01T12",
            "01/05/2024",
            "2024-05-01T12:00",
            "20240501",
        ] {
            assert_eq!(w3c_date(bad), None, "{bad}");
        }
    }
}
