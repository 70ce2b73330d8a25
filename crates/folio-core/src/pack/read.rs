//! Reading a packed archive: an [`Archive`] from its head, parts added as they arrive, and
//! the loop that asks a question until its answer lacked nothing.

use std::collections::HashMap;

use super::format::{check_part, is_part_name, PackHead, RecordsFile, HEAD_FORMAT, PACK_VERSION};
use super::terms::PackedTerms;
use super::{PackError, Part};
use crate::archive::{Archive, PackedDocs};
use crate::ask::{answer, Answer, Question};
use crate::index::Index;
use crate::loading::LoadReport;

/// True when `bytes` (the start of `data/archive.json` will do) are a pack's head, not a
/// bundle: the head names its format first.
pub fn is_pack_head(bytes: &[u8]) -> bool {
    let start = &bytes[..bytes.len().min(64)];
    let text = String::from_utf8_lossy(start);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with(&format!("{{\"format\":\"{HEAD_FORMAT}\""))
}

/// Reads a head.
pub fn read_head(bytes: &[u8]) -> Result<PackHead, PackError> {
    let head: PackHead =
        serde_json::from_slice(bytes).map_err(|e| PackError::Head(e.to_string()))?;
    if head.format != HEAD_FORMAT || head.version != PACK_VERSION {
        return Err(PackError::Head(format!(
            "format {} version {}, this site reads {HEAD_FORMAT} version {PACK_VERSION}",
            head.format, head.version
        )));
    }
    let n = head.entries.len();
    let starts_ok = |v: &[u32]| {
        v.first().is_none_or(|&s| s == 0)
            && v.windows(2).all(|w| w[0] < w[1])
            && v.last().is_none_or(|&s| (s as usize) < n)
    };
    let records: Vec<u32> = head.records.iter().map(|r| r.start).collect();
    if head.doc_lens.len() != n || !starts_ok(&records) || (n > 0 && records.is_empty()) {
        return Err(PackError::Head(
            "its documents and their records do not agree".into(),
        ));
    }
    let names = head
        .dict
        .iter()
        .map(|b| &b.file)
        .chain(head.stems.iter().map(|b| &b.file))
        .chain(head.lengths.iter().map(|b| &b.file))
        .chain(head.suffixes.iter().map(|b| &b.file))
        .chain(head.postings.iter().map(|b| &b.file))
        .chain(head.records.iter().map(|b| &b.file));
    for name in names {
        if !is_part_name(name) {
            return Err(PackError::Head(format!("{name:?} is not a part's name")));
        }
    }
    Ok(head)
}

impl Archive {
    /// A packed archive from its head: catalogue entries only, no words, no records yet.
    pub fn from_pack(mut head: PackHead) -> Result<Archive, PackError> {
        let terms = PackedTerms::new(&head)?;
        let entries = std::mem::take(&mut head.entries);
        let n = entries.len();
        let index = Index::packed(std::mem::take(&mut head.doc_lens), terms);
        let mut archive = Archive::from_parts(head.archive.clone(), entries, index);
        archive.pack = Some(Box::new(PackedDocs {
            starts: head.records.iter().map(|r| r.start).collect(),
            loaded: vec![false; head.records.len()],
            full: vec![false; n],
            related: HashMap::new(),
            needs: Default::default(),
            head,
        }));
        Ok(archive)
    }

    /// True for a packed archive.
    pub fn is_packed(&self) -> bool {
        self.pack.is_some()
    }

    /// The head of a packed archive.
    pub fn pack_head(&self) -> Option<&PackHead> {
        self.pack.as_ref().map(|p| &p.head)
    }

    /// The parts the questions since the last call lacked, in order.
    pub fn take_needs(&self) -> Vec<Part> {
        let mut needs = self.index.take_needs();
        if let Some(pack) = &self.pack {
            needs.extend(pack.needs.take());
        }
        needs.sort();
        needs.dedup();
        needs
    }

    /// The file name of `part`, relative to the head's `parts/` folder.
    pub fn part_file(&self, part: Part) -> Option<&str> {
        let head = &self.pack.as_ref()?.head;
        let file = match part {
            Part::Dict(b) => &head.dict.get(b as usize)?.file,
            Part::Stems(b) => &head.stems.get(b as usize)?.file,
            Part::Lengths(b) => &head.lengths.get(b as usize)?.file,
            Part::Suffixes(b) => &head.suffixes.get(b as usize)?.file,
            Part::Postings(b) => &head.postings.get(b as usize)?.file,
            Part::Records(b) => &head.records.get(b as usize)?.file,
        };
        Some(file)
    }

    /// Whether `part` is here already.
    pub fn has_part(&self, part: Part) -> bool {
        match (part, &self.pack) {
            (Part::Records(b), Some(p)) => p.loaded.get(b as usize).copied().unwrap_or(false),
            _ => self.index.packed_terms().is_some_and(|t| t.has(part)),
        }
    }

    /// Adds the bytes of `part`, checked against its name first; nothing changes on error.
    pub fn add_part(&mut self, part: Part, bytes: &[u8]) -> Result<(), PackError> {
        let file = self
            .part_file(part)
            .ok_or_else(|| PackError::Head(format!("it has no part {part:?}")))?
            .to_string();
        check_part(part, &file, bytes)?;
        if self.has_part(part) {
            return Ok(());
        }
        let Part::Records(b) = part else {
            return match self.index.packed_terms_mut() {
                Some(terms) => terms.add(part, &file, bytes),
                None => Err(PackError::Head("it is not packed".into())),
            };
        };
        let bad = |why: &str| PackError::Corrupt {
            file: file.clone(),
            why: why.to_string(),
        };
        let records: RecordsFile =
            serde_json::from_slice(bytes).map_err(|e| bad(&e.to_string()))?;
        let pack = self.pack.as_mut().ok_or_else(|| bad("not packed"))?;
        let start = pack.starts[b as usize];
        let end = pack
            .starts
            .get(b as usize + 1)
            .copied()
            .unwrap_or(pack.full.len() as u32);
        if records.start != start || records.records.len() != (end - start) as usize {
            return Err(bad("it holds other documents than its name says"));
        }
        for (i, r) in records.records.iter().enumerate() {
            if r.doc.id != self.documents[start as usize + i].id {
                return Err(bad("a record's id differs from the head's"));
            }
        }
        for (i, r) in records.records.into_iter().enumerate() {
            let n = start + i as u32;
            self.documents[n as usize] = r.doc;
            pack.full[n as usize] = true;
            if !r.related.is_empty() {
                pack.related.insert(n, r.related);
            }
        }
        pack.loaded[b as usize] = true;
        Ok(())
    }
}

/// Answers `question` from a packed (or in-memory) archive, fetching with `fetch(file)` every
/// part it lacks and asking again until nothing was lacking.
pub fn answer_complete(
    archive: &mut Archive,
    question: &Question,
    fetch: &mut dyn FnMut(&str) -> Result<Vec<u8>, PackError>,
) -> Result<Answer, PackError> {
    for _ in 0..MAX_ROUNDS {
        let got = answer(archive, question);
        let needs = archive.take_needs();
        if needs.is_empty() {
            return Ok(got);
        }
        for part in needs {
            let file = archive
                .part_file(part)
                .ok_or_else(|| PackError::Head(format!("it has no part {part:?}")))?
                .to_string();
            let bytes = fetch(&file)?;
            archive.add_part(part, &bytes)?;
        }
    }
    Err(PackError::Head(format!(
        "a question still lacked parts after {MAX_ROUNDS} rounds"
    )))
}

/// Every round adds at least one part, and a question reads through a few levels (words,
/// postings, records): a question still lacking parts after this many has met a pack
/// whose parts do not fit together.
pub const MAX_ROUNDS: usize = 16;

/// Every part of the pack: (part, file name), in the head's order.
pub fn all_parts(head: &PackHead) -> Vec<(Part, String)> {
    let mut out = Vec::new();
    let mut add = |mk: fn(u32) -> Part, files: Vec<&String>| {
        for (i, f) in files.into_iter().enumerate() {
            out.push((mk(i as u32), f.clone()));
        }
    };
    add(Part::Dict, head.dict.iter().map(|b| &b.file).collect());
    add(Part::Stems, head.stems.iter().map(|b| &b.file).collect());
    add(
        Part::Lengths,
        head.lengths.iter().map(|b| &b.file).collect(),
    );
    add(
        Part::Suffixes,
        head.suffixes.iter().map(|b| &b.file).collect(),
    );
    add(
        Part::Postings,
        head.postings.iter().map(|b| &b.file).collect(),
    );
    add(
        Part::Records,
        head.records.iter().map(|b| &b.file).collect(),
    );
    out
}

/// A packed archive with every part added (natively: the site writer reading a site it
/// packed before).
pub fn load_whole(
    head: &[u8],
    fetch: &mut dyn FnMut(&str) -> Result<Vec<u8>, PackError>,
) -> Result<(Archive, LoadReport), PackError> {
    let head = read_head(head)?;
    let report = head.report.clone();
    let parts = all_parts(&head);
    let mut archive = Archive::from_pack(head)?;
    for (part, file) in parts {
        let bytes = fetch(&file)?;
        archive.add_part(part, &bytes)?;
    }
    Ok((archive, report))
}
