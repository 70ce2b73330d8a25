//! Whether the site gets a packed archive ([`folio_core::pack`]) instead of its bundle, and
//! writing it: `data/archive.json` becomes the pack's head and the parts go to
//! `data/parts/` (stale parts of an earlier build removed). A site packed before is read
//! back whole, so running the writer twice gives the same files.

use std::fs;
use std::path::Path;

use folio_core::archive::Archive;
use folio_core::loading::{read_archive, LoadReport};
use folio_core::pack::format::PARTS_DIR;
use folio_core::pack::read::{is_pack_head, load_whole};
use folio_core::pack::write::{write_pack, PackSizes};
use folio_core::pack::PackError;

pub use folio_core::pack::write::{PackChoice, DEFAULT_PACK_ABOVE};

/// The archive of `data/archive.json` (`bytes`), a bundle or the head of a pack written
/// before (then read whole from `data/parts/`).
pub fn read_site_archive(data: &Path, bytes: &[u8]) -> Result<(Archive, LoadReport), String> {
    if !is_pack_head(bytes) {
        return read_archive(bytes).map_err(|e| e.to_string());
    }
    let parts = data.join(PARTS_DIR);
    load_whole(bytes, &mut |file| {
        fs::read(parts.join(file)).map_err(|e| PackError::Fetch {
            file: file.to_string(),
            why: e.to_string(),
        })
    })
    .map_err(|e| e.to_string())
}

/// What a pack came to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Packed {
    pub parts: usize,
    pub head_bytes: u64,
    pub part_bytes: u64,
}

/// Writes `archive` packed into `data` (`data/archive.json` and `data/parts/`); `report` is
/// what reading its bundle found.
pub fn write_site_pack(
    data: &Path,
    archive: &Archive,
    report: &LoadReport,
) -> std::io::Result<Packed> {
    let files = write_pack(archive, report, &PackSizes::default());
    files.save(&data.join("archive.json"))?;
    Ok(Packed {
        parts: files.parts.len(),
        head_bytes: files.head_json.len() as u64,
        part_bytes: files.head.part_bytes,
    })
}
