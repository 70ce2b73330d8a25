//! The bytes of a packed archive: its head (JSON) and its part files (a small binary
//! format, or JSON for records), each part named by the hash of its bytes.
//!
//! A binary part starts with [`MAGIC`], the format version and its kind; then varints,
//! and strings as a varint length and UTF-8 bytes. Every read is checked: a truncated,
//! foreign or damaged file is an error, never a panic and never a wrong answer (the
//! reader also checks the bytes against the hash in the file's name).

use serde::{Deserialize, Serialize};

use crate::loading::LoadReport;
use crate::model::{ArchiveMeta, Document};
use crate::ranking::FIELD_COUNT;
use crate::related::Related;

use super::{PackError, Part};

/// The `format` of a head.
pub const HEAD_FORMAT: &str = "folio-pack";
/// The version of the head and parts this code writes and reads.
pub const PACK_VERSION: u32 = 1;
/// First bytes of every binary part.
pub const MAGIC: &[u8; 7] = b"FOLIOPK";
/// Where the parts live, relative to the head.
pub const PARTS_DIR: &str = "parts";

/// The head: everything every question needs, and the table of parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PackHead {
    /// Always [`HEAD_FORMAT`] (first, so a reader can tell a head from a bundle at once).
    pub format: String,
    pub version: u32,
    pub archive: ArchiveMeta,
    /// Every document's catalogue entry: all but `summary`, `text` and extra fields.
    pub entries: Vec<Document>,
    /// Words per field, per document (BM25F).
    pub doc_lens: Vec<[u32; FIELD_COUNT]>,
    /// Words in the dictionary.
    pub terms: u32,
    /// Dictionary blocks: the first word of each and its word number.
    pub dict: Vec<DictBlock>,
    /// Stem blocks: the first stem of each.
    pub stems: Vec<StemBlock>,
    /// Words by length in characters (a length may have several files, in word order).
    pub lengths: Vec<LengthBlock>,
    /// Words by ending: blocks of the words sorted by their characters read backwards; the
    /// first of each, read backwards.
    #[serde(default)]
    pub suffixes: Vec<StemBlock>,
    /// Postings by word range: the first word number of each.
    pub postings: Vec<RangeBlock>,
    /// Records by document range: the first document number of each.
    pub records: Vec<RangeBlock>,
    /// Bytes of all parts together (what "the whole archive" costs).
    pub part_bytes: u64,
    /// What reading the bundle found (flaws, skipped and repaired documents, its size): the
    /// reader is told the same as from the bundle itself.
    #[serde(default)]
    pub report: LoadReport,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DictBlock {
    pub first: String,
    pub start: u32,
    pub file: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StemBlock {
    pub first: String,
    pub file: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LengthBlock {
    pub len: u32,
    pub file: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RangeBlock {
    pub start: u32,
    pub file: String,
}

/// One document's record: the whole document and its related documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub doc: Document,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A records part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordsFile {
    pub format: String,
    pub version: u32,
    pub start: u32,
    pub records: Vec<Record>,
}

/// The kind byte of each binary part.
pub fn kind_byte(part: Part) -> u8 {
    match part {
        Part::Dict(_) => 1,
        Part::Stems(_) => 2,
        Part::Lengths(_) => 3,
        Part::Postings(_) => 4,
        Part::Records(_) => 5,
        Part::Suffixes(_) => 6,
    }
}

fn kind_name(part: Part) -> &'static str {
    match part {
        Part::Dict(_) => "dict",
        Part::Stems(_) => "stems",
        Part::Lengths(_) => "lengths",
        Part::Postings(_) => "post",
        Part::Records(_) => "records",
        Part::Suffixes(_) => "suffix",
    }
}

/// FNV-1a, 64 bits: enough to tell a damaged or foreign file from the right one (the part
/// files are not secrets and the hash is not a defence against forgery: the site's own
/// origin serves them).
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The file name of a part with these bytes: `<kind>-<hash>.<bin|json>`.
pub fn part_name(part: Part, bytes: &[u8]) -> String {
    let ext = if matches!(part, Part::Records(_)) {
        "json"
    } else {
        "bin"
    };
    format!("{}-{:016x}.{ext}", kind_name(part), hash64(bytes))
}

/// Checks that `bytes` are the part `file` names (kind and hash), before anything reads them.
pub fn check_part(part: Part, file: &str, bytes: &[u8]) -> Result<(), PackError> {
    let corrupt = |why: &str| PackError::Corrupt {
        file: file.to_string(),
        why: why.to_string(),
    };
    if part_name(part, bytes) != file {
        return Err(corrupt(if bytes.starts_with(b"<") {
            "an HTML page came instead of the file"
        } else {
            "its bytes do not match its name"
        }));
    }
    Ok(())
}

/// A part's name is safe to fetch relative to the head: `<letters>-<16 hex>.<bin|json>`.
pub fn is_part_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((kind, hash)) = stem.split_once('-') else {
        return false;
    };
    matches!(ext, "bin" | "json")
        && !kind.is_empty()
        && kind.bytes().all(|b| b.is_ascii_lowercase())
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Writes a binary part.
#[derive(Debug, Default)]
pub struct Out(pub Vec<u8>);

impl Out {
    pub fn new(part: Part) -> Out {
        let mut v = MAGIC.to_vec();
        v.push(PACK_VERSION as u8);
        v.push(kind_byte(part));
        Out(v)
    }

    pub fn varint(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.varint(b.len() as u32);
        self.0.extend_from_slice(b);
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
}

/// Reads a binary part; every read says `None` past the end or on a bad value.
#[derive(Debug)]
pub struct In<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> In<'a> {
    /// Checks the header of a part of kind `part`.
    pub fn open(part: Part, bytes: &'a [u8]) -> Option<In<'a>> {
        let head = MAGIC.len() + 2;
        if bytes.len() < head
            || &bytes[..MAGIC.len()] != MAGIC
            || bytes[MAGIC.len()] != PACK_VERSION as u8
            || bytes[MAGIC.len() + 1] != kind_byte(part)
        {
            return None;
        }
        Some(In { bytes, at: head })
    }

    pub fn varint(&mut self) -> Option<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            if shift == 28 && b > 0x0F {
                return None;
            }
            v |= u32::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.varint()? as usize;
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    pub fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_kind_and_hash_and_nothing_else_passes() {
        let name = part_name(Part::Postings(3), b"abc");
        assert!(
            name.starts_with("post-") && name.ends_with(".bin"),
            "{name}"
        );
        assert!(is_part_name(&name));
        assert!(is_part_name(&part_name(Part::Records(0), b"x")));
        for bad in [
            "../post-0123456789abcdef.bin",
            "post-0123456789abcde.bin",
            "post-0123456789abcdeg.bin",
            "post-0123456789abcdef.html",
            "Post-0123456789abcdef.bin",
            "post0123456789abcdef.bin",
        ] {
            assert!(!is_part_name(bad), "{bad}");
        }
        assert!(check_part(Part::Postings(3), &name, b"abc").is_ok());
        assert!(check_part(Part::Postings(3), &name, b"abd").is_err());
        assert!(check_part(Part::Dict(3), &name, b"abc").is_err());
    }

    #[test]
    fn reads_back_what_was_written_and_stops_at_damage() {
        let mut out = Out::new(Part::Dict(0));
        out.varint(0);
        out.varint(300);
        out.varint(u32::MAX);
        out.str("Asunción");
        let bytes = out.0;
        let mut r = In::open(Part::Dict(0), &bytes).unwrap();
        assert_eq!(r.varint(), Some(0));
        assert_eq!(r.varint(), Some(300));
        assert_eq!(r.varint(), Some(u32::MAX));
        assert_eq!(r.str(), Some("Asunción"));
        assert!(r.done());
        assert_eq!(r.varint(), None, "past the end");
        assert!(In::open(Part::Stems(0), &bytes).is_none(), "wrong kind");
        for cut in 0..bytes.len() {
            // Every truncation reads as far as it goes and then says None.
            let Some(mut r) = In::open(Part::Dict(0), &bytes[..cut]) else {
                continue;
            };
            let got = (r.varint(), r.varint(), r.varint(), r.str());
            assert!(got.3.is_none() || cut == bytes.len());
        }
        let overlong = [MAGIC.as_slice(), &[1, 1], &[0xFF; 6]].concat();
        assert_eq!(In::open(Part::Dict(0), &overlong).unwrap().varint(), None);
    }
}
