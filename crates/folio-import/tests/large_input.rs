//! Large inputs stream: memory follows one record, not the file.
//!
//! This file is its own test binary on purpose: the memory check reads the peak resident
//! size of this process's children, which must be the importer runs started here only.
//!
//! The 200 MB case takes about 40 s with a debug build (peak memory about 17 MB) and is `#[ignore]`d; run it
//! with `cargo test -p folio-import --test large_input -- --ignored`.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;

/// Writes about `bytes` of JSON Lines, each document about 4 KB of text.
fn write_jsonl(path: &Path, bytes: u64) -> u64 {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    let paragraph = "The commissioner answered the chief's communication, notifying him that the Republic was then at war. ".repeat(40);
    let mut written = 0u64;
    let mut i = 0u64;
    while written < bytes {
        let line = serde_json::json!({
            "id": format!("big-{i}"),
            "title": format!("Document number {i}"),
            "date": format!("{}-0{}-1{}", 1900 + i % 100, 1 + i % 9, i % 10),
            "text": paragraph,
            "people": ["Gresham", format!("Person {}", i % 1000)],
            "subjects": [format!("Subject {}", i % 50)],
            "volume_id": "big",
        })
        .to_string();
        writeln!(out, "{line}").unwrap();
        written += line.len() as u64 + 1;
        i += 1;
    }
    out.flush().unwrap();
    written
}

/// Peak resident size of the finished children of this process, in bytes.
#[cfg(target_os = "linux")]
fn children_peak_rss() -> Option<u64> {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } == 0;
    ok.then(|| usage.ru_maxrss as u64 * 1024)
}

#[cfg(not(target_os = "linux"))]
fn children_peak_rss() -> Option<u64> {
    None
}

fn import(input: &Path, out: &Path) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_folio-import"))
        .args([
            "--title".as_ref(),
            "Large".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            input.as_os_str(),
        ])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_large_json_lines_file_is_streamed_not_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("large.jsonl");
    let size = write_jsonl(&input, 32_000_000);
    let out = dir.path().join("archive.json");
    let (code, stderr) = import(&input, &out);
    assert_eq!(code, 0, "{stderr}");
    let written = std::fs::metadata(&out).unwrap().len();
    assert!(written > size / 2, "the bundle holds the texts");
    if let Some(peak) = children_peak_rss() {
        eprintln!("peak resident memory of the import: {peak} bytes for {size} bytes of input");
        assert!(
            peak < size / 2,
            "peak memory {peak} bytes for a {size}-byte input: the importer holds the input"
        );
    }
}

#[test]
#[ignore = "200 MB: about 40 s with a debug build; run with -- --ignored"]
fn two_hundred_megabytes_of_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("huge.jsonl");
    let size = write_jsonl(&input, 200_000_000);
    let out = dir.path().join("archive.json");
    let (code, stderr) = import(&input, &out);
    // Written, with a warning: the site refuses bundles over 128 MiB.
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Folio loads at most"), "{stderr}");
    assert!(std::fs::metadata(&out).unwrap().len() > size / 2);
    if let Some(peak) = children_peak_rss() {
        eprintln!("peak resident memory of the import: {peak} bytes for {size} bytes of input");
        assert!(
            peak < 100_000_000,
            "peak memory {peak} bytes for a {size}-byte input"
        );
    }
}
