//! The real corpus in `../shared/corpus`: all of it imports, the TEI volume comes out as
//! the JSON Lines made from it, and the sample archive regenerates the committed bundle.
//! Tests that need the corpus say SKIPPED and pass when it is absent.

mod common;

use std::collections::HashMap;

use common::{corpus, documents, repo, run};
use serde_json::Value;

#[test]
fn the_whole_json_lines_corpus_imports() {
    let Some(dir) = corpus() else { return };
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    inputs.sort();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("archive.json");
    let mut args = vec![
        "--title".into(),
        "Corpus".into(),
        "--out".into(),
        out.clone().into_os_string(),
    ];
    args.extend(inputs.into_iter().map(|p| p.into_os_string()));
    let r = run(args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.says("4,167 written, 0 skipped, 0 repaired");
    let docs = documents(&out);
    assert_eq!(docs.len(), 4167);
    let check = run(["--check".as_ref(), out.as_os_str()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn the_tei_volume_matches_the_json_lines_made_from_it() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("archive.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--language".as_ref(),
        "en".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        dir.join("tei/frus1894Nicaragua.xml").as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: HashMap<String, Value> = documents(&out)
        .into_iter()
        .map(|d| (d["id"].as_str().unwrap().to_string(), d))
        .collect();
    assert_eq!(got.len(), 138);
    let reference = std::fs::read_to_string(dir.join("frus-1894Nicaragua.jsonl")).unwrap();
    let mut compared = 0;
    for line in reference.lines() {
        let want: Value = serde_json::from_str(line).unwrap();
        let id = want["id"].as_str().unwrap();
        let doc = got.get(id).unwrap_or_else(|| panic!("{id} missing"));
        for field in [
            "title",
            "date",
            "text",
            "people",
            "places",
            "subjects",
            "collection",
            "source",
            "url",
            "language",
            "author",
            "recipient",
            "archival_source",
            "doc_number",
            "volume_id",
            "chapter",
            "word_count",
        ] {
            let expected = &want[field];
            let empty = expected.is_null()
                || expected == ""
                || expected.as_array().is_some_and(Vec::is_empty);
            let actual = doc.get(field).unwrap_or(&Value::Null);
            if empty {
                assert!(
                    actual.is_null(),
                    "{id} {field}: expected nothing, got {actual}"
                );
            } else {
                assert_eq!(actual, expected, "{id} {field}");
            }
        }
        compared += 1;
    }
    assert_eq!(compared, 138);
}

#[test]
fn the_sample_archive_regenerates_the_committed_bundle() {
    let root = repo();
    let (csv, meta, committed) = (
        root.join("sample/archive.csv"),
        root.join("sample/archive-meta.json"),
        root.join("public/data/archive.json"),
    );
    if !csv.exists() || !meta.exists() {
        eprintln!("SKIPPED: sample/archive.csv or sample/archive-meta.json is missing");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("archive.json");
    let r = run([
        "--archive-meta".as_ref(),
        meta.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        csv.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "the sample imports cleanly:\n{}", r.stderr);
    let written = std::fs::read(&out).unwrap();
    let expected = std::fs::read(&committed).expect("public/data/archive.json is committed");
    assert!(
        written == expected,
        "public/data/archive.json is not what the importer makes of sample/; regenerate it with\n  cargo run -p folio-import -- --archive-meta sample/archive-meta.json --out public/data/archive.json sample/archive.csv"
    );
}
