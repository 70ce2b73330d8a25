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
    let parts = data.join(PARTS_DIR);
    if parts.exists() {
        fs::remove_dir_all(&parts)?;
    }
    fs::create_dir_all(&parts)?;
    for (name, bytes) in &files.parts {
        fs::write(parts.join(name), bytes)?;
    }
    fs::write(data.join("archive.json"), &files.head_json)?;
    Ok(Packed {
        parts: files.parts.len(),
        head_bytes: files.head_json.len() as u64,
        part_bytes: files.head.part_bytes,
    })
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
