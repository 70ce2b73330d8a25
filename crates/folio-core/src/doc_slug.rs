//! Document ids as names: the last segment of a document's address (`doc/<slug>`) and of its
//! prerendered page's file (`doc/<slug>.html`), the same on every host and file system.
//!
//! An id is any text; a slug uses only `A-Z a-z 0-9 . _ - ~`, so it needs no percent-encoding
//! in a URL and is a valid file name everywhere (GitHub Pages serves `doc/<slug>.html` at
//! `doc/<slug>`). The rule:
//! - every byte of the id's UTF-8 outside `A-Z a-z 0-9 . _ -` is written `~XX` (two upper-case
//!   hex digits), so `frus1956v01/d12` becomes `frus1956v01~2Fd12` and `Ä` becomes `~C3~84`;
//!   `~` itself is `~7E`. A plain id (the usual case) is its own slug.
//! - a leading `.` is escaped too (no hidden files, no `..`), and so is the dot of a final
//!   `.html` or `.htm` (that file would be served as another page);
//! - a slug longer than [`MAX_SLUG`] bytes is cut and ends in `~~` and 16 hex digits of a hash
//!   of the whole id (file names stop at 255 bytes); such a slug is found by comparing slugs.
//!
//! Decoding a slug gives the id back ([`SlugTarget`]); a slug is injective over ids, because a
//! `~` never stands for itself. Addresses written before slugs existed (the id
//! percent-encoded) still resolve: see `Archive::find_by_slug`.

use std::fmt::Write;

/// The longest slug: file names stop at 255 bytes, and `.html` and some room stay free.
pub const MAX_SLUG: usize = 160;

fn plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')
}

/// The slug of a document id (see the module's rule).
pub fn doc_slug(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for (i, &b) in id.as_bytes().iter().enumerate() {
        if plain(b) && !(i == 0 && b == b'.') {
            out.push(b as char);
        } else {
            let _ = write!(out, "~{b:02X}");
        }
    }
    let lower = out.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        if let Some(dot) = out.rfind('.') {
            out.replace_range(dot..dot + 1, "~2E");
        }
    }
    if out.is_empty() {
        // An empty id (the bundle reader refuses them; a slug still names it).
        out.push_str("~~");
    }
    if out.len() > MAX_SLUG {
        // Cut where no escape is split: an escape is three bytes starting at a `~`.
        let mut cut = MAX_SLUG - 18;
        while let Some(t) = out[..cut].rfind('~') {
            if cut - t >= 3 {
                break;
            }
            cut = t;
        }
        out.truncate(cut);
        let _ = write!(out, "~~{:016x}", fnv1a(id.as_bytes()));
    }
    out
}

/// What a slug names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlugTarget {
    /// The id, decoded.
    Id(String),
    /// A cut slug (ending in a hash): the document whose slug equals it.
    Hashed,
    /// Not a slug this module wrote (an escape that is not one): an address of an older form.
    Foreign,
}

/// Decodes a slug.
pub fn slug_target(slug: &str) -> SlugTarget {
    if slug.contains("~~") {
        return SlugTarget::Hashed;
    }
    let bytes = slug.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'~' {
            let hex = slug.get(i + 1..i + 3);
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(v) if hex.is_some_and(|h| !h.starts_with(['+', '-'])) => out.push(v),
                _ => return SlugTarget::Foreign,
            }
            i += 3;
        } else if plain(b) {
            out.push(b);
            i += 1;
        } else {
            return SlugTarget::Foreign;
        }
    }
    match String::from_utf8(out) {
        // Only the slug's own spelling of an id counts (one id, one address).
        Ok(id) if doc_slug(&id) == slug => SlugTarget::Id(id),
        _ => SlugTarget::Foreign,
    }
}

/// FNV-1a, 64 bits: small, stable across targets and versions (the slug is a file name).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_ids_are_their_own_slug() {
        assert_eq!(doc_slug("frus1956-58v01d12"), "frus1956-58v01d12");
        assert_eq!(doc_slug("a.b_c-d"), "a.b_c-d");
        assert_eq!(slug_target("a.b_c-d"), SlugTarget::Id("a.b_c-d".into()));
    }

    #[test]
    fn other_bytes_are_escaped_with_a_tilde() {
        assert_eq!(doc_slug("761.5411/1-2161"), "761.5411~2F1-2161");
        assert_eq!(doc_slug("a b?c#d%e"), "a~20b~3Fc~23d~25e");
        assert_eq!(doc_slug("Ä~"), "~C3~84~7E");
        assert_eq!(doc_slug(".hidden"), "~2Ehidden");
        assert_eq!(doc_slug(".."), "~2E.");
        assert_eq!(doc_slug("page.HTML"), "page~2EHTML");
        assert_eq!(doc_slug("page.htm"), "page~2Ehtm");
        assert_eq!(doc_slug(""), "~~");
    }

    #[test]
    fn long_ids_are_cut_and_end_in_a_hash() {
        let id = "x/".repeat(200);
        let slug = doc_slug(&id);
        assert!(slug.len() <= MAX_SLUG, "{}", slug.len());
        assert!(slug.contains("~~"));
        assert_eq!(slug_target(&slug), SlugTarget::Hashed);
        assert_ne!(doc_slug(&"x/".repeat(201)), slug);
    }

    #[test]
    fn foreign_spellings_are_not_ids() {
        // Lower-case hex, a bare tilde, a percent sign: not written by doc_slug.
        assert_eq!(slug_target("a~2fb"), SlugTarget::Foreign);
        assert_eq!(slug_target("a~"), SlugTarget::Foreign);
        assert_eq!(slug_target("a%20b"), SlugTarget::Foreign);
        assert_eq!(slug_target("a~+1"), SlugTarget::Foreign);
        // Invalid UTF-8.
        assert_eq!(slug_target("~FF"), SlugTarget::Foreign);
    }

    proptest! {
        #[test]
        fn every_slug_is_a_safe_file_name_that_decodes_to_its_id(id in "\\PC{0,120}|[a-z./~ ]{0,300}") {
            let slug = doc_slug(&id);
            prop_assert!(!slug.is_empty() && slug.len() <= MAX_SLUG);
            prop_assert!(slug.bytes().all(|b| plain(b) || b == b'~'));
            prop_assert!(!slug.starts_with('.'));
            let lower = slug.to_ascii_lowercase();
            prop_assert!(!lower.ends_with(".html") && !lower.ends_with(".htm"));
            match slug_target(&slug) {
                SlugTarget::Id(back) => prop_assert_eq!(back, id),
                SlugTarget::Hashed => prop_assert!(id.len() * 3 > MAX_SLUG - 18 || id.is_empty()),
                SlugTarget::Foreign => prop_assert!(false, "own slug read as foreign: {}", slug),
            }
        }

        #[test]
        fn different_ids_get_different_slugs(a in "[a-c/~. ]{0,6}", b in "[a-c/~. ]{0,6}") {
            prop_assume!(a != b);
            prop_assert_ne!(doc_slug(&a), doc_slug(&b));
        }
    }
}
