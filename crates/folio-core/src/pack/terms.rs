//! The term dictionary, stem table, words by length and postings of a packed archive, as far
//! as their parts have been fetched. [`crate::index::Index`] answers from here when it is
//! packed: what is held is answered exactly as the in-memory index would; what is not is
//! noted in the [`NeedLog`] and answered as empty, and the question is asked again once the
//! part is added.

use std::collections::HashMap;
use std::ops::Range;

use super::format::{In, PackHead};
use super::{NeedLog, PackError, Part};

/// One dictionary word.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    term: Box<str>,
    df: u32,
    mask: u32,
}

/// One postings part: for each word of its range, postings then positions.
#[derive(Debug, Clone, Default)]
struct PostPart {
    data: Vec<u8>,
    /// Per word: start of its postings, start of its positions, end of its positions.
    spans: Vec<[u32; 3]>,
}

/// A block of the stem table: (stem, word number), sorted.
type StemList = Vec<(Box<str>, u32)>;

#[derive(Debug, Clone, Default)]
pub struct PackedTerms {
    terms: u32,
    dict_first: Vec<Box<str>>,
    dict_start: Vec<u32>,
    dict: Vec<Option<Vec<Word>>>,
    stem_first: Vec<Box<str>>,
    stems: Vec<Option<StemList>>,
    /// The length of each lengths part, and what it brought.
    length_of: Vec<u32>,
    lengths: Vec<Option<Vec<u32>>>,
    /// Word numbers by length, once every part of that length is here.
    by_len: HashMap<usize, Vec<u32>>,
    /// Words by ending: each block's first word read backwards, and (read backwards, number)
    /// for each block here.
    suffix_first: Vec<Box<str>>,
    suffixes: Vec<Option<StemList>>,
    /// Words known from lengths or suffix parts whose dictionary block is not here.
    loose: HashMap<u32, Word>,
    post_start: Vec<u32>,
    post: Vec<Option<PostPart>>,
    pub(crate) needs: NeedLog,
}

/// The last block whose first key is at most `key` (block 0 when `key` comes first).
fn block_of(firsts: &[Box<str>], key: &str) -> usize {
    firsts.partition_point(|f| **f <= *key).saturating_sub(1)
}

/// The block of range starts `starts` holding item `n`.
fn range_of(starts: &[u32], n: u32) -> usize {
    starts.partition_point(|&s| s <= n).saturating_sub(1)
}

fn corrupt(file: &str, why: &str) -> PackError {
    PackError::Corrupt {
        file: file.to_string(),
        why: why.to_string(),
    }
}

impl PackedTerms {
    /// The tables of a head, nothing fetched yet.
    pub fn new(head: &PackHead) -> Result<PackedTerms, PackError> {
        let bad = |why: &str| PackError::Head(why.to_string());
        let increasing = |v: &[u32]| v.windows(2).all(|w| w[0] < w[1]) && v.first() == Some(&0);
        let dict_start: Vec<u32> = head.dict.iter().map(|b| b.start).collect();
        let post_start: Vec<u32> = head.postings.iter().map(|b| b.start).collect();
        if head.terms > 0
            && (!increasing(&dict_start)
                || !increasing(&post_start)
                || dict_start.last().is_some_and(|&s| s >= head.terms)
                || post_start.last().is_some_and(|&s| s >= head.terms))
        {
            return Err(bad("its table of words is out of order"));
        }
        if head.dict.windows(2).any(|w| w[0].first >= w[1].first)
            || head.stems.windows(2).any(|w| w[0].first > w[1].first)
        {
            return Err(bad("its dictionary blocks are out of order"));
        }
        Ok(PackedTerms {
            terms: head.terms,
            dict_first: head.dict.iter().map(|b| b.first.as_str().into()).collect(),
            dict: vec![None; head.dict.len()],
            dict_start,
            stem_first: head.stems.iter().map(|b| b.first.as_str().into()).collect(),
            stems: vec![None; head.stems.len()],
            suffix_first: head
                .suffixes
                .iter()
                .map(|b| b.first.as_str().into())
                .collect(),
            suffixes: vec![None; head.suffixes.len()],
            length_of: head.lengths.iter().map(|b| b.len).collect(),
            lengths: vec![None; head.lengths.len()],
            by_len: HashMap::new(),
            loose: HashMap::new(),
            post: vec![None; head.postings.len()],
            post_start,
            needs: NeedLog::default(),
        })
    }

    pub fn term_count(&self) -> usize {
        self.terms as usize
    }

    /// Whether `part` is already here (adding it again is harmless, but not needed).
    pub fn has(&self, part: Part) -> bool {
        let at = |v: usize, len: usize| v < len;
        match part {
            Part::Dict(b) => at(b as usize, self.dict.len()) && self.dict[b as usize].is_some(),
            Part::Stems(b) => at(b as usize, self.stems.len()) && self.stems[b as usize].is_some(),
            Part::Lengths(b) => {
                at(b as usize, self.lengths.len()) && self.lengths[b as usize].is_some()
            }
            Part::Postings(b) => at(b as usize, self.post.len()) && self.post[b as usize].is_some(),
            Part::Suffixes(b) => {
                at(b as usize, self.suffixes.len()) && self.suffixes[b as usize].is_some()
            }
            Part::Records(_) => false,
        }
    }

    /// The numbers of the words in dictionary block `b`.
    fn dict_range(&self, b: usize) -> Range<u32> {
        let end = self.dict_start.get(b + 1).copied().unwrap_or(self.terms);
        self.dict_start[b]..end
    }

    fn post_range(&self, b: usize) -> Range<u32> {
        let end = self.post_start.get(b + 1).copied().unwrap_or(self.terms);
        self.post_start[b]..end
    }

    fn word_list(r: &mut In<'_>, n: usize) -> Option<Vec<Word>> {
        let mut out = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let term = r.str()?.into();
            let df = r.varint()?;
            let mask = r.varint()?;
            out.push(Word { term, df, mask });
        }
        Some(out)
    }

    /// Adds the part `part` (already checked against its name: [`super::format::check_part`]).
    pub fn add(&mut self, part: Part, file: &str, bytes: &[u8]) -> Result<(), PackError> {
        let bad = |why: &str| corrupt(file, why);
        let mut r = In::open(part, bytes).ok_or_else(|| bad("not a part of this kind"))?;
        match part {
            Part::Dict(b) => {
                let b = b as usize;
                if b >= self.dict.len() {
                    return Err(bad("no such dictionary block"));
                }
                let range = self.dict_range(b);
                let words = Self::word_list(&mut r, range.len())
                    .filter(|w| {
                        w.windows(2).all(|p| p[0].term < p[1].term)
                            && w.first().is_some_and(|f| *f.term == *self.dict_first[b])
                    })
                    .ok_or_else(|| bad("its words are cut short or out of order"))?;
                for n in range {
                    self.loose.remove(&n);
                }
                self.dict[b] = Some(words);
            }
            Part::Stems(b) => {
                let b = b as usize;
                if b >= self.stems.len() {
                    return Err(bad("no such stem block"));
                }
                let n = r.varint().ok_or_else(|| bad("cut short"))? as usize;
                let mut list = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    let stem = r.str().ok_or_else(|| bad("cut short"))?;
                    let id = r.varint().filter(|&id| id < self.terms);
                    list.push((stem.into(), id.ok_or_else(|| bad("a word out of range"))?));
                }
                self.stems[b] = Some(list);
            }
            Part::Lengths(b) => {
                let b = b as usize;
                if b >= self.lengths.len() {
                    return Err(bad("no such lengths part"));
                }
                let n = r.varint().ok_or_else(|| bad("cut short"))? as usize;
                let mut ids = Vec::with_capacity(n.min(1 << 16));
                let mut words = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    let id = r.varint().filter(|&id| id < self.terms);
                    ids.push(id.ok_or_else(|| bad("a word out of range"))?);
                    words.extend(Self::word_list(&mut r, 1).ok_or_else(|| bad("cut short"))?);
                }
                for (&id, w) in ids.iter().zip(words) {
                    if !self.dict_loaded_for(id) {
                        self.loose.insert(id, w);
                    }
                }
                self.lengths[b] = Some(ids);
                let len = self.length_of[b];
                let parts: Vec<usize> = (0..self.lengths.len())
                    .filter(|&i| self.length_of[i] == len)
                    .collect();
                if parts.iter().all(|&i| self.lengths[i].is_some()) {
                    let all = parts
                        .iter()
                        .flat_map(|&i| self.lengths[i].iter().flatten().copied())
                        .collect();
                    self.by_len.insert(len as usize, all);
                }
            }
            Part::Suffixes(b) => {
                let b = b as usize;
                if b >= self.suffixes.len() {
                    return Err(bad("no such suffix block"));
                }
                let n = r.varint().ok_or_else(|| bad("cut short"))? as usize;
                let mut list: StemList = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    let id = r.varint().filter(|&id| id < self.terms);
                    let id = id.ok_or_else(|| bad("a word out of range"))?;
                    let mut w = Self::word_list(&mut r, 1).ok_or_else(|| bad("cut short"))?;
                    let w = w.pop().ok_or_else(|| bad("cut short"))?;
                    list.push((w.term.chars().rev().collect::<String>().into(), id));
                    if !self.dict_loaded_for(id) {
                        self.loose.insert(id, w);
                    }
                }
                if !list.windows(2).all(|p| p[0].0 < p[1].0)
                    || list.first().is_some_and(|f| *f.0 != *self.suffix_first[b])
                {
                    return Err(bad("its words are out of order"));
                }
                self.suffixes[b] = Some(list);
            }
            Part::Postings(b) => {
                let b = b as usize;
                if b >= self.post.len() {
                    return Err(bad("no such postings part"));
                }
                let words = self.post_range(b).len();
                let mut part = PostPart {
                    data: Vec::new(),
                    spans: Vec::with_capacity(words),
                };
                for _ in 0..words {
                    let post = r.bytes().ok_or_else(|| bad("cut short"))?;
                    let pos = r.bytes().ok_or_else(|| bad("cut short"))?;
                    let start = part.data.len() as u32;
                    part.data.extend_from_slice(post);
                    let mid = part.data.len() as u32;
                    part.data.extend_from_slice(pos);
                    part.spans.push([start, mid, part.data.len() as u32]);
                }
                self.post[b] = Some(part);
            }
            Part::Records(_) => return Err(bad("records are not words")),
        }
        if !r.done() {
            return Err(bad("it goes on past its end"));
        }
        Ok(())
    }

    fn dict_loaded_for(&self, id: u32) -> bool {
        !self.dict.is_empty() && self.dict[range_of(&self.dict_start, id)].is_some()
    }

    /// Word `id`, from its dictionary block or a lengths part; noted as needed otherwise.
    fn word(&self, id: usize) -> Option<&Word> {
        if id >= self.terms as usize || self.dict.is_empty() {
            return None;
        }
        let b = range_of(&self.dict_start, id as u32);
        match &self.dict[b] {
            Some(words) => words.get(id - self.dict_start[b] as usize),
            None => {
                let w = self.loose.get(&(id as u32));
                if w.is_none() {
                    self.needs.need(Part::Dict(b as u32));
                }
                w
            }
        }
    }

    /// Dictionary block `b`, or `None` (noted) when it is not here.
    fn block(&self, b: usize) -> Option<&[Word]> {
        let words = self.dict.get(b)?.as_deref();
        if words.is_none() {
            self.needs.need(Part::Dict(b as u32));
        }
        words
    }

    pub fn term_id(&self, term: &str) -> Option<usize> {
        if self.dict.is_empty() {
            return None;
        }
        let b = block_of(&self.dict_first, term);
        let words = self.block(b)?;
        let i = words.binary_search_by(|w| (*w.term).cmp(term)).ok()?;
        Some(self.dict_start[b] as usize + i)
    }

    pub fn prefix_range(&self, prefix: &str) -> Range<usize> {
        if self.dict.is_empty() {
            return 0..0;
        }
        let first = block_of(&self.dict_first, prefix);
        let mut last = first;
        while last + 1 < self.dict_first.len() && self.dict_first[last + 1].starts_with(prefix) {
            last += 1;
        }
        let mut complete = true;
        for b in first..=last {
            complete &= self.block(b).is_some();
        }
        if !complete {
            return 0..0;
        }
        let mut start = None;
        let mut end = 0;
        for b in first..=last {
            let base = self.dict_start[b] as usize;
            for (i, w) in self.dict[b].iter().flatten().enumerate() {
                if *w.term < *prefix {
                    continue;
                }
                if !w.term.starts_with(prefix) {
                    break;
                }
                start.get_or_insert(base + i);
                end = base + i + 1;
            }
        }
        match start {
            Some(s) => s..end,
            // The in-memory index says "empty, where the prefix would go".
            None => {
                let words = self.dict[first].as_deref().unwrap_or(&[]);
                let at = words.partition_point(|w| *w.term < *prefix);
                let s = self.dict_start[first] as usize + at;
                s..s
            }
        }
    }

    pub fn same_stem(&self, s: &str) -> Vec<usize> {
        if self.stems.is_empty() {
            return Vec::new();
        }
        // Equal stems may run across a block boundary: every block that may hold `s`.
        let first = self
            .stem_first
            .partition_point(|f| **f < *s)
            .saturating_sub(1);
        let last = block_of(&self.stem_first, s).max(first);
        let ids = self.in_blocks(&self.stems, first..=last, Part::Stems, |x| x == s);
        ids.into_iter().map(|id| id as usize).collect()
    }

    /// Whether the pack has its words by ending (without them, typo candidates come by
    /// length).
    pub fn has_suffixes(&self) -> bool {
        !self.suffixes.is_empty()
    }

    /// The numbers of the words that end with `suffix`; none (and the blocks noted) while a
    /// block that may hold some is not here.
    pub fn ending_with(&self, suffix: &str) -> Vec<u32> {
        if self.suffixes.is_empty() {
            return Vec::new();
        }
        let key: String = suffix.chars().rev().collect();
        let first = block_of(&self.suffix_first, &key);
        let mut last = first;
        while last + 1 < self.suffix_first.len() && self.suffix_first[last + 1].starts_with(&key) {
            last += 1;
        }
        self.in_blocks(&self.suffixes, first..=last, Part::Suffixes, |k| {
            k.starts_with(&key)
        })
    }

    /// The word numbers of the entries of `blocks[range]` whose key passes `keep`; none
    /// while one of those blocks is not here (each such block noted as `part`).
    fn in_blocks(
        &self,
        blocks: &[Option<StemList>],
        range: std::ops::RangeInclusive<usize>,
        part: fn(u32) -> Part,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        let mut complete = true;
        for b in range {
            match blocks.get(b) {
                Some(Some(list)) => {
                    out.extend(list.iter().filter(|(k, _)| keep(k)).map(|&(_, id)| id))
                }
                Some(None) => {
                    self.needs.need(part(b as u32));
                    complete = false;
                }
                None => {}
            }
        }
        if complete {
            out
        } else {
            Vec::new()
        }
    }

    pub fn terms_of_len(&self, chars: usize) -> &[u32] {
        if let Some(ids) = self.by_len.get(&chars) {
            return ids;
        }
        for (i, &len) in self.length_of.iter().enumerate() {
            if len as usize == chars && self.lengths[i].is_none() {
                self.needs.need(Part::Lengths(i as u32));
            }
        }
        &[]
    }

    pub fn mask(&self, id: usize) -> u32 {
        self.word(id).map_or(0, |w| w.mask)
    }

    pub fn term(&self, id: usize) -> &str {
        self.word(id).map_or("", |w| &w.term)
    }

    pub fn doc_freq(&self, id: usize) -> usize {
        self.word(id).map_or(0, |w| w.df as usize)
    }

    /// Word `id`'s postings and positions bytes, or empty ones (noted) when not here.
    pub fn postings(&self, id: usize) -> (&[u8], &[u8]) {
        if id >= self.terms as usize || self.post.is_empty() {
            return (&[], &[]);
        }
        let b = range_of(&self.post_start, id as u32);
        let Some(part) = &self.post[b] else {
            self.needs.need(Part::Postings(b as u32));
            return (&[], &[]);
        };
        let Some(&[a, m, e]) = part.spans.get(id - self.post_start[b] as usize) else {
            return (&[], &[]);
        };
        (
            &part.data[a as usize..m as usize],
            &part.data[m as usize..e as usize],
        )
    }

    pub fn heap_bytes(&self) -> usize {
        let words: usize = self
            .dict
            .iter()
            .flatten()
            .flatten()
            .map(|w| w.term.len() + 24)
            .sum();
        let post: usize = self.post.iter().flatten().map(|p| p.data.len()).sum();
        words + post
    }
}
