//! The packed archive: an archive too large to download whole, split into a small head and
//! parts fetched when a question needs them.
//!
//! The head ([`format::PackHead`], served where the bundle would be, `data/archive.json`)
//! holds what every question needs: the archive's metadata, each document's catalogue entry
//! (every field but its summary, text and extra fields: facets, dates, the timeline, sorting
//! and browsing read these), each document's field lengths (BM25F's statistics are the whole
//! archive's, not a part's), and a table of the parts. The parts, named by the hash of their
//! bytes and never changed, hold the term dictionary in blocks of words (for exact words and
//! prefixes), the stem table in blocks, the words by length and by ending (for typo
//! candidates), the
//! postings with their positions by word range, and the full records (with their related
//! documents, found at build time over the whole archive) by document range.
//!
//! The search code is the same for both kinds of archive: a packed [`crate::archive::Archive`]
//! answers from what it holds and notes every part it lacked ([`Part`]); the caller fetches
//! those parts, adds them, and asks again, until an answer needed nothing it lacked
//! ([`read::answer_complete`] natively, the index worker in the browser). That answer read
//! exactly the data the in-memory archive would have read, so it is the same answer.
//!
//! Rooms: [`format`] (the head, the part files and their bytes), [`write`] (the native
//! writer), [`terms`] (the dictionary and postings as far as fetched, behind
//! [`crate::index::Index`]), [`read`] (an archive from a head, adding parts, the asking loop).

pub mod format;
pub mod read;
pub mod terms;
pub mod write;

use std::collections::BTreeSet;
use std::sync::Mutex;

/// One part file of a packed archive, by kind and its place in the head's table of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// A block of the term dictionary (words in byte order, with document counts).
    Dict(u32),
    /// A block of the stem table.
    Stems(u32),
    /// Words of one length (or a share of them), for typo candidates.
    Lengths(u32),
    /// A block of the words sorted by their characters read backwards (words by ending, for
    /// typo candidates).
    Suffixes(u32),
    /// The postings and positions of a range of words.
    Postings(u32),
    /// Full records of a range of documents.
    Records(u32),
}

/// The parts a question found missing, noted while it was answered (answering takes `&self`,
/// so the log is behind a lock; it is never contended: one question at a time).
#[derive(Debug, Default)]
pub struct NeedLog(Mutex<BTreeSet<Part>>);

impl NeedLog {
    pub fn need(&self, part: Part) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(part);
        }
    }

    /// Everything noted since the last call, in part order.
    pub fn take(&self) -> Vec<Part> {
        self.0
            .lock()
            .map(|mut set| std::mem::take(&mut *set).into_iter().collect())
            .unwrap_or_default()
    }
}

impl Clone for NeedLog {
    fn clone(&self) -> Self {
        let set = self.0.lock().map(|s| s.clone()).unwrap_or_default();
        NeedLog(Mutex::new(set))
    }
}

/// Why a part could not be used. The reader is told which file, and that the rest works.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum PackError {
    #[error("the archive's head is not a Folio pack this version can read ({0})")]
    Head(String),
    #[error(
        "the archive's part {file} is damaged or belongs to another version of the archive ({why})"
    )]
    Corrupt { file: String, why: String },
    #[error("the archive's part {file} could not be fetched ({why})")]
    Fetch { file: String, why: String },
}
