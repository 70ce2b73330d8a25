//! Each input format, read from small fixtures a reader can check by hand: what lands in
//! which field, and which records are refused and why.

mod common;

use common::{doc, documents, fixture, run};
use serde_json::{json, Value};

/// Imports fixtures (with `extra` flags first) and returns the documents and stderr.
fn import(names: &[&str], extra: &[&str]) -> (Vec<Value>, common::Run) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("archive.json");
    let mut args: Vec<std::ffi::OsString> = extra.iter().map(Into::into).collect();
    args.extend([
        "--title".into(),
        "T".into(),
        "--out".into(),
        out.clone().into_os_string(),
    ]);
    args.extend(names.iter().map(|n| fixture(n).into_os_string()));
    let r = run(args);
    assert!(r.code < 2, "{}", r.stderr);
    (documents(&out), r)
}

#[test]
fn csv_headers_map_by_synonym_and_cells_split_into_lists() {
    let (docs, _) = import(&["letters.csv"], &[]);
    let l1 = doc(&docs, "L1");
    assert_eq!(l1["summary"], "A letter, with a comma.");
    assert_eq!(l1["people"], json!(["Ann Smith", "Bob Jones"]));
    assert_eq!(l1["places"], json!(["Managua", "Nicaragua"]));
    assert_eq!(l1["subjects"], json!(["Trade", "Shipping"]));
    assert_eq!(l1["url"], "https://example.org/L1");
    assert_eq!(l1["language"], "en");
}

#[test]
fn csv_dates_as_people_write_them() {
    let (docs, _) = import(&["letters.csv"], &[]);
    let pick = |id: &str| {
        let d = doc(&docs, id);
        (
            d["date"].clone(),
            d.get("date_end").cloned(),
            d.get("date_original").cloned(),
        )
    };
    assert_eq!(
        pick("L1"),
        (json!("1956-09-16"), None, Some(json!("16 September 1956")))
    );
    assert_eq!(
        pick("L2"),
        (json!("1956-09-17"), None, None),
        "ISO dates keep no wording"
    );
    assert_eq!(
        pick("L3"),
        (
            json!("1962-06-12"),
            Some(json!("1962-06-14")),
            Some(json!("12–14 June 1962"))
        )
    );
    assert_eq!(
        pick("L4"),
        (json!("1950"), Some(json!("1959")), Some(json!("1950s")))
    );
    assert_eq!(pick("L5"), (json!("1956"), None, Some(json!("c. 1956"))));
}

#[test]
fn csv_cells_may_span_lines() {
    let (docs, _) = import(&["letters.csv"], &[]);
    assert_eq!(doc(&docs, "L3")["summary"], "Notes spanning\ntwo lines.");
}

#[test]
fn semicolon_and_tab_delimiters_are_detected() {
    let (docs, _) = import(&["letters-semicolon.csv", "letters.tsv"], &[]);
    assert_eq!(doc(&docs, "S2")["title"], "Semicolon; inside");
    assert_eq!(doc(&docs, "S1")["subjects"], json!(["Trade", "Shipping"]));
    assert_eq!(doc(&docs, "T2")["date_end"], "1963");
}

#[test]
fn map_and_split_flags_change_the_reading() {
    let (docs, r) = import(
        &["letters.csv"],
        &[
            "--map",
            "Box=extra:box_number",
            "--map",
            "Abstract=skip",
            "--split",
            "|",
        ],
    );
    let l1 = doc(&docs, "L1");
    assert_eq!(l1["box_number"], "Box 3");
    assert!(l1.get("summary").is_none());
    assert_eq!(
        l1["people"],
        json!(["Ann Smith; Bob Jones"]),
        "only | splits now"
    );
    assert!(!r.stderr.contains("column \"Box\" is not a bundle field"));
}

#[test]
fn an_explicit_delimiter_overrides_detection() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("pipes.csv");
    std::fs::write(&csv, "id|title,with comma\na|A, title\n").unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--delimiter".as_ref(),
        "|".as_ref(),
        "--map".as_ref(),
        "title,with comma=title".as_ref(),
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        csv.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(documents(&out)[0]["title"], "A, title");
}

#[test]
fn json_lines_keep_extras_and_skip_bad_lines() {
    let (docs, r) = import(&["documents.jsonl"], &[]);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["j1", "j2", "j5"]);
    let j1 = doc(&docs, "j1");
    assert_eq!(
        (
            j1["volume_id"].clone(),
            j1["word_count"].clone(),
            j1["date_inferred"].clone()
        ),
        (json!("v1"), json!(3), json!(false))
    );
    assert!(j1.get("date_end").is_none(), "empty strings are absent");
    assert_eq!(doc(&docs, "j2")["date_end"], "1962-07");
    assert_eq!(doc(&docs, "j5")["places"], json!(["Paris", "Rome"]));
    r.says("documents.jsonl:4:32: not valid JSON")
        .says("documents.jsonl:5: a list is not a document");
}

#[test]
fn a_json_array_is_read_element_by_element() {
    let (docs, r) = import(&["documents.json"], &[]);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "a4"]);
    r.says("documents.json:4:19: not valid JSON")
        .says("documents.json:5:3: text is not a document");
}

#[test]
fn an_unclosed_json_array_is_fatal() {
    let r = run([
        "--title",
        "T",
        "--out",
        "/tmp/folio-never-written.json",
        fixture("unclosed.json").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    r.says("unclosed.json:3:3: the document that starts here is not closed");
}

#[test]
fn a_bundle_can_be_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        first.as_os_str(),
        fixture("letters.csv").as_os_str(),
    ]);
    let second = dir.path().join("second.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        second.as_os_str(),
        first.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
        "re-importing a bundle changes nothing"
    );
}

#[test]
fn tei_documents_get_title_date_text_people_and_places() {
    let (docs, _) = import(&["volume.xml"], &[]);
    assert_eq!(docs.len(), 2);
    let d1 = doc(&docs, "vol1-d1");
    assert_eq!(d1["title"], "Mr. Seat to Mr. Gresham");
    assert_eq!(d1["date"], "1894-01-25");
    assert_eq!(
        d1["text"],
        "Legation of the United States, Bluefields, January 25, 1894.\n\nFirst paragraph with a note inside.\n\nSecond paragraph mentions Mr. Baker.\n\nSeat, Consul.\n\n---\nFootnotes:\n\n1. The note."
    );
    assert_eq!(d1["people"], json!(["Seat", "Gresham", "Baker"]));
    assert_eq!(d1["places"], json!(["Bluefields"]));
    assert_eq!(d1["subjects"], json!(["Affairs at the Port"]));
    assert_eq!(d1["collection"], "A Small Volume of Letters");
    assert_eq!(d1["language"], "en");
    assert_eq!(
        (d1["author"].clone(), d1["recipient"].clone()),
        (json!(["Seat"]), json!(["Gresham"]))
    );
    assert_eq!(d1["archival_source"], "[Telegram.]");
    let d2 = doc(&docs, "vol1-d2");
    assert_eq!(d2["date"], "1894-04-01", "found in the dateline's words");
    assert_eq!(
        d2["text"],
        "Washington. (Received April 1, 1894.)\n\nReply & thanks."
    );
}

#[test]
fn several_kinds_of_input_make_one_bundle() {
    let (docs, _) = import(
        &[
            "letters.csv",
            "documents.jsonl",
            "documents.json",
            "volume.xml",
        ],
        &[],
    );
    assert_eq!(docs.len(), 5 + 3 + 2 + 2);
}

#[test]
fn format_flag_reads_any_extension() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("export.dat");
    std::fs::copy(fixture("documents.jsonl"), &data).unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--format".as_ref(),
        "jsonl".as_ref(),
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        data.as_os_str(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(documents(&out).len(), 3);
}
