//! Writing the bundle: streamed, byte-identical to `write_bundle`, and atomic.
//!
//! [`folio_core::bundle::write_bundle`] defines the bytes of a bundle (a head line, one
//! document per line, a closing line) but wants every document in memory at once. The
//! importer takes the frame from `write_bundle` itself (by writing an empty bundle) and
//! writes each document as it is accepted, with the same serializer, so a 200 MB import
//! holds one document at a time; a test checks the result against `write_bundle` byte
//! for byte. The bytes go to a temporary file in the output's directory, which is renamed
//! over the output only when the run succeeds: a failure never leaves a half-written
//! bundle. The gzip size for the summary is measured on the way, on a second thread.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use flate2::write::GzEncoder;
use flate2::Compression;
use folio_core::bundle::write_bundle;
use folio_core::model::{ArchiveMeta, Document};
use tempfile::NamedTempFile;

use crate::error::FatalError;

/// The bytes around the documents, as `write_bundle` writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub head: String,
    pub tail: String,
}

/// What `write_bundle` writes after the last document.
const TAIL: &str = "\n]}\n";

impl Frame {
    /// Derives the frame from `write_bundle` on an empty document list, which writes
    /// `head`, then nothing, then [`TAIL`].
    pub fn of(meta: &ArchiveMeta) -> Frame {
        let empty = write_bundle(meta, &[]);
        let head = empty.strip_suffix(TAIL).unwrap_or(&empty).to_string();
        Frame {
            head,
            tail: TAIL.to_string(),
        }
    }
}

/// Counts bytes and hands them to a [`GzipCounter`] as they are written.
pub struct Measured<W: Write> {
    inner: W,
    raw: u64,
    gzip: GzipCounter,
}

/// A sink that only counts.
#[derive(Default)]
pub struct ByteCount(u64);

impl Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Write for Measured<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.raw += n as u64;
        self.gzip.feed(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Bytes handed to the gzip thread at a time.
const GZIP_BATCH: usize = 256 * 1024;

/// The gzip size (level 6, as `gzip` and most servers use) of everything fed to it,
/// computed on a second thread: compressing costs more than everything else an import
/// does, and this way it overlaps with reading instead of adding to it.
pub struct GzipCounter {
    batch: Vec<u8>,
    sender: Option<mpsc::SyncSender<Vec<u8>>>,
    worker: Option<thread::JoinHandle<io::Result<u64>>>,
}

impl GzipCounter {
    pub fn new() -> Self {
        let (sender, receiver) = mpsc::sync_channel::<Vec<u8>>(2);
        let worker = thread::spawn(move || {
            let mut gz = GzEncoder::new(ByteCount::default(), Compression::new(6));
            for batch in receiver {
                gz.write_all(&batch)?;
            }
            Ok(gz.finish()?.0)
        });
        GzipCounter {
            batch: Vec::with_capacity(GZIP_BATCH),
            sender: Some(sender),
            worker: Some(worker),
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.batch.extend_from_slice(bytes);
        if self.batch.len() >= GZIP_BATCH {
            self.send();
        }
    }

    fn send(&mut self) {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(GZIP_BATCH));
        if let Some(sender) = &self.sender {
            // A send fails only if the worker died; `finish` reports its error.
            let _ = sender.send(batch);
        }
    }

    /// Waits for the compression to finish and returns the gzip size.
    pub fn finish(mut self) -> io::Result<u64> {
        self.send();
        self.sender = None;
        match self.worker.take().map(thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => Err(io::Error::other("the gzip thread failed")),
        }
    }
}

impl Default for GzipCounter {
    fn default() -> Self {
        GzipCounter::new()
    }
}

impl Drop for GzipCounter {
    fn drop(&mut self) {
        // Close the channel so the worker ends, then let it finish.
        self.sender = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// Sizes of the written bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
}

/// The gzip size of some bytes (for `--check`).
pub fn gzip_size(bytes: &[u8]) -> u64 {
    let mut gz = GzEncoder::new(ByteCount::default(), Compression::new(6));
    match gz.write_all(bytes).and_then(|()| gz.finish()) {
        Ok(count) => count.0,
        Err(_) => 0,
    }
}

/// Writes a bundle document by document into any writer.
pub struct StreamWriter<W: Write> {
    out: Measured<W>,
    frame: Frame,
    count: u64,
    line: Vec<u8>,
}

impl<W: Write> StreamWriter<W> {
    pub fn new(inner: W, meta: &ArchiveMeta) -> io::Result<Self> {
        let frame = Frame::of(meta);
        let mut out = Measured {
            inner,
            raw: 0,
            gzip: GzipCounter::new(),
        };
        out.write_all(frame.head.as_bytes())?;
        Ok(StreamWriter {
            out,
            frame,
            count: 0,
            line: Vec::with_capacity(64 * 1024),
        })
    }

    pub fn push(&mut self, doc: &Document) -> io::Result<()> {
        self.line.clear();
        if self.count > 0 {
            self.line.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut self.line, doc).map_err(io::Error::other)?;
        self.out.write_all(&self.line)?;
        self.count += 1;
        Ok(())
    }

    /// Bytes written so far.
    pub fn raw_bytes(&self) -> u64 {
        self.out.raw
    }

    /// Writes the closing bytes and returns the writer and the sizes.
    pub fn finish(mut self) -> io::Result<(W, Sizes)> {
        self.out.write_all(self.frame.tail.as_bytes())?;
        self.out.flush()?;
        let Measured { inner, raw, gzip } = self.out;
        Ok((
            inner,
            Sizes {
                raw,
                gzip: gzip.finish()?,
            },
        ))
    }
}

/// The bundle file being written: a temporary file until [`BundleFile::commit`].
pub struct BundleFile {
    path: PathBuf,
    writer: StreamWriter<BufWriter<NamedTempFile>>,
}

impl BundleFile {
    /// Starts a temporary file next to `path` (creating its directory if needed).
    pub fn create(path: &Path, meta: &ArchiveMeta) -> Result<Self, FatalError> {
        let fail = |source| FatalError::Write {
            path: path.to_path_buf(),
            source,
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(fail)?;
        let name = path
            .file_name()
            .map_or_else(|| "bundle".into(), |n| n.to_string_lossy().into_owned());
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(fail)?;
        let writer =
            StreamWriter::new(BufWriter::with_capacity(256 * 1024, tmp), meta).map_err(fail)?;
        Ok(BundleFile {
            path: path.to_path_buf(),
            writer,
        })
    }

    pub fn push(&mut self, doc: &Document) -> Result<(), FatalError> {
        self.writer.push(doc).map_err(|source| FatalError::Write {
            path: self.path.clone(),
            source,
        })
    }

    pub fn raw_bytes(&self) -> u64 {
        self.writer.raw_bytes()
    }

    /// Finishes the bundle and moves it into place. Dropping a `BundleFile` without
    /// committing deletes the temporary file.
    pub fn commit(self) -> Result<Sizes, FatalError> {
        let path = self.path;
        let fail = |source| FatalError::Write {
            path: path.clone(),
            source,
        };
        let (buffered, sizes) = self.writer.finish().map_err(fail)?;
        let tmp = buffered.into_inner().map_err(|e| fail(e.into_error()))?;
        tmp.as_file().sync_all().map_err(fail)?;
        set_readable(tmp.path(), &path).map_err(fail)?;
        tmp.persist(&path).map_err(|e| fail(e.error))?;
        Ok(sizes)
    }
}

/// Temporary files are private (0600); a bundle is published, so it gets the mode of the
/// file it replaces, or 0644.
#[cfg(unix)]
fn set_readable(tmp: &Path, target: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(target)
        .map(|m| m.permissions().mode())
        .unwrap_or(0o644);
    fs::set_permissions(tmp, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_readable(_tmp: &Path, _target: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_core::date::PartialDate;
    use serde_json::json;

    fn docs() -> Vec<Document> {
        let mut extra = Document {
            id: "b".into(),
            title: "B “quoted”\nline".into(),
            ..Default::default()
        };
        extra.extras.insert("word_count".into(), json!(3));
        extra.extras.insert("author".into(), json!(["X"]));
        vec![
            Document {
                id: "a".into(),
                title: "A".into(),
                date: PartialDate::parse("1956-09").ok(),
                ..Default::default()
            },
            extra,
            Document {
                id: "c".into(),
                title: "C".into(),
                people: vec!["P".into()],
                ..Default::default()
            },
        ]
    }

    fn streamed(meta: &ArchiveMeta, docs: &[Document]) -> (String, Sizes) {
        let mut w = StreamWriter::new(Vec::new(), meta).unwrap();
        for d in docs {
            w.push(d).unwrap();
        }
        let (bytes, sizes) = w.finish().unwrap();
        (String::from_utf8(bytes).unwrap(), sizes)
    }

    #[test]
    fn streaming_writes_exactly_what_write_bundle_writes() {
        let meta = ArchiveMeta {
            title: "T".into(),
            licence: "CC0".into(),
            ..Default::default()
        };
        for n in 0..=3 {
            let (s, sizes) = streamed(&meta, &docs()[..n]);
            assert_eq!(s, write_bundle(&meta, &docs()[..n]), "{n} documents");
            assert_eq!(sizes.raw, s.len() as u64);
            assert!(sizes.gzip > 0);
        }
    }

    #[test]
    fn a_committed_file_replaces_the_old_one_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/archive.json");
        let meta = ArchiveMeta {
            title: "T".into(),
            ..Default::default()
        };
        let mut f = BundleFile::create(&path, &meta).unwrap();
        for d in &docs() {
            f.push(d).unwrap();
        }
        f.commit().unwrap();
        let first = fs::read_to_string(&path).unwrap();
        assert_eq!(first, write_bundle(&meta, &docs()));
        let mut f = BundleFile::create(&path, &meta).unwrap();
        f.push(&docs()[0]).unwrap();
        drop(f);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            first,
            "an abandoned run leaves the old bundle"
        );
        let entries: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(entries.len(), 1, "no temporary file is left behind");
    }
}
