//! Writing a packed archive from an archive in memory (natively, at build time): the head
//! and every part, each part named by the hash of its bytes. The same archive always gives
//! the same bytes (nothing depends on time, threads or hash order).

use super::format::{
    part_name, DictBlock, LengthBlock, Out, PackHead, RangeBlock, Record, RecordsFile, StemBlock,
    HEAD_FORMAT, PACK_VERSION,
};
use super::Part;
use crate::archive::Archive;
use crate::loading::LoadReport;
use crate::model::Document;
use crate::related::{RelatedParams, DEFAULT_LIMIT};

/// How large each kind of part is made (bytes before compression; a part holds at least one
/// item, so one word's postings may make a larger one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackSizes {
    pub dict: usize,
    pub stems: usize,
    pub lengths: usize,
    pub postings: usize,
    pub records: usize,
}

impl Default for PackSizes {
    /// Measured on the FRUS corpora (README, "Packed archives"): parts of tens of kilobytes
    /// keep a query's download small without thousands of tiny files.
    fn default() -> Self {
        PackSizes {
            dict: 16 << 10,
            stems: 16 << 10,
            lengths: 64 << 10,
            postings: 48 << 10,
            records: 16 << 10,
        }
    }
}

/// Bundles larger than this are packed by default (`FOLIO_PACK=auto`): below it the whole
/// bundle loads quickly and searching needs no further download; above it (past about
/// 5,000 documents of FRUS density) the download and the tab's memory grow too large for a
/// phone.
pub const DEFAULT_PACK_ABOVE: u64 = 24 << 20;

/// The publisher's choice (`FOLIO_PACK`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackChoice {
    /// Pack when the bundle is larger than this many bytes.
    Auto {
        above: u64,
    },
    Always,
    Never,
}

impl PackChoice {
    /// `auto` (the default), `always` or `never`; `above` from `FOLIO_PACK_ABOVE` (bytes).
    pub fn parse(value: Option<&str>, above: Option<&str>) -> Result<PackChoice, String> {
        let above = match above.map(str::trim).filter(|v| !v.is_empty()) {
            None => DEFAULT_PACK_ABOVE,
            Some(v) => v
                .parse()
                .map_err(|_| format!("FOLIO_PACK_ABOVE must be a number of bytes, not {v:?}"))?,
        };
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("auto") => Ok(PackChoice::Auto { above }),
            Some("always") => Ok(PackChoice::Always),
            Some("never") => Ok(PackChoice::Never),
            Some(other) => Err(format!(
                "FOLIO_PACK must be auto, always or never, not {other:?}"
            )),
        }
    }

    /// Whether a bundle of `bytes` is packed.
    pub fn packs(self, bytes: u64) -> bool {
        match self {
            PackChoice::Auto { above } => bytes > above,
            PackChoice::Always => true,
            PackChoice::Never => false,
        }
    }
}

/// A written pack: the head's JSON and the parts, by file name.
#[derive(Debug, Clone, Default)]
pub struct PackFiles {
    pub head: PackHead,
    pub head_json: Vec<u8>,
    pub parts: Vec<(String, Vec<u8>)>,
}

impl PackFiles {
    /// Writes the head to `head` and the parts to `parts/` beside it (an earlier `parts/`
    /// is removed first, so no stale part stays).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn save(&self, head: &std::path::Path) -> std::io::Result<()> {
        let dir = head.parent().unwrap_or(std::path::Path::new("."));
        let parts = dir.join(super::format::PARTS_DIR);
        if parts.exists() {
            std::fs::remove_dir_all(&parts)?;
        }
        std::fs::create_dir_all(&parts)?;
        for (name, bytes) in &self.parts {
            std::fs::write(parts.join(name), bytes)?;
        }
        std::fs::write(head, &self.head_json)
    }

    /// The bytes of the part named `file`.
    pub fn part(&self, file: &str) -> Option<&[u8]> {
        self.parts
            .iter()
            .find(|(n, _)| n == file)
            .map(|(_, b)| b.as_slice())
    }
}

/// A document's catalogue entry: what facets, filters, dates, sorting and links to it read
/// (not its summary, text, source, link or extra fields).
pub fn entry_of(doc: &Document) -> Document {
    Document {
        summary: String::new(),
        text: String::new(),
        source: String::new(),
        url: String::new(),
        extras: Default::default(),
        ..doc.clone()
    }
}

/// Cuts `0..n` into runs whose items' sizes add up to about `target` (at least one each);
/// returns the start of each run.
fn runs(n: usize, target: usize, size: impl Fn(usize) -> usize) -> Vec<u32> {
    let mut starts = Vec::new();
    let mut filled = usize::MAX;
    for i in 0..n {
        let s = size(i);
        if filled == usize::MAX || filled + s > target && filled > 0 {
            starts.push(i as u32);
            filled = 0;
        }
        filled += s;
    }
    starts
}

fn ends(starts: &[u32], n: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    starts
        .iter()
        .enumerate()
        .map(move |(b, &s)| (s as usize, starts.get(b + 1).map_or(n, |&e| e as usize)))
}

/// Writes `archive` (in memory, not itself packed) as a packed archive; `report` is what
/// reading its bundle found.
pub fn write_pack(archive: &Archive, report: &LoadReport, sizes: &PackSizes) -> PackFiles {
    // A packed archive read whole is packed again from its documents (its index holds no
    // tables of its own to copy).
    let rebuilt;
    let archive = if archive.is_packed() {
        rebuilt = Archive::new(archive.meta.clone(), archive.documents.clone());
        &rebuilt
    } else {
        archive
    };
    let index = &archive.index;
    let terms = index.term_count();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |part: Part, bytes: Vec<u8>| -> String {
        let name = part_name(part, &bytes);
        parts.push((name.clone(), bytes));
        name
    };
    let word = |out: &mut Out, id: usize| {
        out.str(index.term(id));
        out.varint(index.doc_freq(id) as u32);
        out.varint(index.mask(id));
    };

    let dict_starts = runs(terms, sizes.dict, |id| index.term(id).len() + 6);
    let mut dict = Vec::new();
    for (b, (s, e)) in ends(&dict_starts, terms).enumerate() {
        let mut out = Out::new(Part::Dict(b as u32));
        for id in s..e {
            word(&mut out, id);
        }
        dict.push(DictBlock {
            first: index.term(s).to_string(),
            start: s as u32,
            file: add(Part::Dict(b as u32), out.0),
        });
    }

    let table = index.stem_table();
    let stem_starts = runs(table.len(), sizes.stems, |i| table[i].0.len() + 4);
    let mut stems = Vec::new();
    for (b, (s, e)) in ends(&stem_starts, table.len()).enumerate() {
        let mut out = Out::new(Part::Stems(b as u32));
        out.varint((e - s) as u32);
        for (stem, id) in &table[s..e] {
            out.str(stem);
            out.varint(*id);
        }
        stems.push(StemBlock {
            first: table[s].0.to_string(),
            file: add(Part::Stems(b as u32), out.0),
        });
    }

    let mut lengths = Vec::new();
    for len in 0..index.max_len() {
        let ids = index.terms_of_len(len);
        let starts = runs(ids.len(), sizes.lengths, |i| {
            index.term(ids[i] as usize).len() + 8
        });
        for (s, e) in ends(&starts, ids.len()) {
            let b = lengths.len() as u32;
            let mut out = Out::new(Part::Lengths(b));
            out.varint((e - s) as u32);
            for &id in &ids[s..e] {
                out.varint(id);
                word(&mut out, id as usize);
            }
            lengths.push(LengthBlock {
                len: len as u32,
                file: add(Part::Lengths(b), out.0),
            });
        }
    }

    // Words by ending: sorted by their characters read backwards.
    let backwards = |id: usize| index.term(id).chars().rev().collect::<String>();
    let mut by_end: Vec<(String, u32)> = (0..terms).map(|id| (backwards(id), id as u32)).collect();
    by_end.sort_unstable();
    let end_starts = runs(by_end.len(), sizes.dict, |i| by_end[i].0.len() + 8);
    let mut suffixes = Vec::new();
    for (b, (s, e)) in ends(&end_starts, by_end.len()).enumerate() {
        let mut out = Out::new(Part::Suffixes(b as u32));
        out.varint((e - s) as u32);
        for (_, id) in &by_end[s..e] {
            out.varint(*id);
            word(&mut out, *id as usize);
        }
        suffixes.push(StemBlock {
            first: by_end[s].0.clone(),
            file: add(Part::Suffixes(b as u32), out.0),
        });
    }
    drop(by_end);

    let post_starts = runs(terms, sizes.postings, |id| {
        let (a, b) = index.raw_postings(id);
        a.len() + b.len() + 4
    });
    let mut postings = Vec::new();
    for (b, (s, e)) in ends(&post_starts, terms).enumerate() {
        let mut out = Out::new(Part::Postings(b as u32));
        for id in s..e {
            let (post, pos) = index.raw_postings(id);
            out.bytes(post);
            out.bytes(pos);
        }
        postings.push(RangeBlock {
            start: s as u32,
            file: add(Part::Postings(b as u32), out.0),
        });
    }

    let docs = &archive.documents;
    let record_of = |n: usize| Record {
        doc: docs[n].clone(),
        related: archive.related(n as u32, DEFAULT_LIMIT, &RelatedParams::default()),
    };
    let sizes_of: Vec<usize> = docs
        .iter()
        .map(|d| d.title.len() + d.summary.len() + d.text.len() + 200)
        .collect();
    let record_starts = runs(docs.len(), sizes.records, |n| sizes_of[n]);
    let mut records = Vec::new();
    for (b, (s, e)) in ends(&record_starts, docs.len()).enumerate() {
        let file = RecordsFile {
            format: "folio-pack-records".to_string(),
            version: PACK_VERSION,
            start: s as u32,
            records: (s..e).map(record_of).collect(),
        };
        let bytes = serde_json::to_vec(&file).unwrap_or_default();
        records.push(RangeBlock {
            start: s as u32,
            file: add(Part::Records(b as u32), bytes),
        });
    }

    let part_bytes = parts.iter().map(|(_, b)| b.len() as u64).sum();
    let head = PackHead {
        format: HEAD_FORMAT.to_string(),
        version: PACK_VERSION,
        archive: archive.meta.clone(),
        entries: docs.iter().map(entry_of).collect(),
        doc_lens: (0..docs.len() as u32).map(|n| *index.doc_lens(n)).collect(),
        terms: terms as u32,
        dict,
        stems,
        lengths,
        suffixes,
        postings,
        records,
        part_bytes,
        report: report.clone(),
    };
    let head_json = serde_json::to_vec(&head).unwrap_or_default();
    PackFiles {
        head,
        head_json,
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_reads_as_documented() {
        let auto = PackChoice::parse(None, None).unwrap();
        assert_eq!(
            auto,
            PackChoice::Auto {
                above: DEFAULT_PACK_ABOVE
            }
        );
        assert!(!auto.packs(DEFAULT_PACK_ABOVE) && auto.packs(DEFAULT_PACK_ABOVE + 1));
        assert!(PackChoice::parse(Some("Always"), None).unwrap().packs(0));
        assert!(!PackChoice::parse(Some("never"), None)
            .unwrap()
            .packs(u64::MAX));
        assert_eq!(
            PackChoice::parse(Some("auto"), Some("1000")).unwrap(),
            PackChoice::Auto { above: 1000 }
        );
        assert!(PackChoice::parse(Some("sometimes"), None).is_err());
        assert!(PackChoice::parse(None, Some("lots")).is_err());
    }
}
