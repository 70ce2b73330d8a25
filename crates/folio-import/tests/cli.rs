//! The command line: help, arguments, exit statuses, messages with their places, strict
//! mode, atomic and deterministic output, and `--check`.

mod common;

use common::{fixture, run};

#[test]
fn help_reads_well_and_exits_zero() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio-import"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for needle in [
        "Usage: folio-import",
        "--out <FILE>",
        "--archive-meta",
        "--check <FILE>",
        "--format",
        "--map",
        "--strict",
        "Examples:",
        "Exit status",
    ] {
        assert!(help.contains(needle), "help lacks {needle:?}:\n{help}");
    }
}

#[test]
fn no_arguments_is_a_usage_error() {
    assert_eq!(run(Vec::<&str>::new()).code, 2);
}

#[test]
fn a_missing_output_is_a_usage_error() {
    run([fixture("letters.csv")]).says("--out");
    assert_eq!(run([fixture("letters.csv")]).code, 2);
}

#[test]
fn an_unknown_extension_asks_for_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--out".as_ref(),
        out.as_os_str(),
        fixture("letters.csv").with_extension("dat").as_os_str(),
    ]);
    assert_eq!(r.code, 2);
    r.says("give --format csv|jsonl|json|tei");
}

#[test]
fn a_bad_map_rule_is_a_usage_error() {
    let r = run([
        "--map",
        "Datum=dat",
        "--out",
        "/tmp/never-written.json",
        fixture("letters.csv").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    r.says("\"dat\" is not a field");
}

#[test]
fn a_clean_import_exits_zero_and_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data/archive.json");
    let r = run([
        "--archive-meta".as_ref(),
        fixture("meta.json").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("letters.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.says("documents   5 written, 0 skipped, 0 repaired")
        .says("dates       1950 – 1962-06-14")
        .says("raw,")
        .says("gzip")
        .says("people      2 values, most frequent:")
        .says("language    2 values");
    assert_eq!(r.warnings(), 0);
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(bundle["archive"]["title"], "Fixture Archive");
    assert_eq!(bundle["archive"]["licence"], "CC0");
}

#[test]
fn a_bad_date_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("bad-date.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 1, "written with warnings");
    r.says("bad-date.csv:14:3: field \"date\": \"1956-13-45\" is not a date")
        .says("(expected YYYY, YYYY-MM, YYYY-MM-DD or a date in words)");
    let docs = common::documents(&out);
    assert_eq!(docs.len(), 14, "the record is kept without its date");
    let d13 = common::doc(&docs, "d13");
    assert!(d13.get("date").is_none());
    assert_eq!(d13["date_original"], "1956-13-45");
}

#[test]
fn duplicate_ids_are_skipped_pointing_at_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("duplicate-ids.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("duplicate-ids.csv:4:1: field \"id\": \"a\" was already used at ")
        .says("duplicate-ids.csv:2; record skipped")
        .says("1 skipped");
    let docs = common::documents(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(common::doc(&docs, "a")["title"], "First");
}

#[test]
fn records_without_a_title_are_skipped_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("missing-title.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("missing-title.csv:3:2: field \"title\": missing or empty")
        .says("missing-title.csv:4:2:")
        .says("2 written, 2 skipped");
}

#[test]
fn missing_ids_are_generated_from_the_file_name_and_record_number() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("missing-ids.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("missing-ids.csv:2:1: field \"id\": missing; using the generated id \"missing-ids-1\"");
    let ids: Vec<String> = common::documents(&out)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["missing-ids-1", "x", "missing-ids-3"]);
}

#[test]
fn unknown_columns_are_kept_as_extra_fields_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("letters.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 0, "a note is not a warning");
    r.says("note: ").says(
        "letters.csv:1:10: column \"Box\" is not a bundle field; kept as extra field \"Box\"",
    );
    assert_eq!(common::doc(&common::documents(&out), "L1")["Box"], "Box 3");
}

#[test]
fn ragged_rows_are_skipped_with_the_cell_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("ragged.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("ragged.csv:3: the row has 5 cells but the header has 3")
        .says("ragged.csv:4: the row has 2 cells but the header has 3");
    assert_eq!(common::documents(&out).len(), 2);
}

#[test]
fn an_unbalanced_quote_costs_one_record_and_says_where_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("unclosed-quote.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("unclosed-quote.csv:3:2: a quoted cell opens here and is never closed");
    let docs = common::documents(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(common::doc(&docs, "c")["summary"], "properly \"quoted\"");
}

#[test]
fn invalid_utf8_is_reported_with_line_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("invalid-utf8.csv").as_os_str(),
        fixture("invalid-utf8.jsonl").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("invalid-utf8.csv:3:2: invalid UTF-8 at byte 6 of the line")
        .says("invalid-utf8.jsonl:2:24: invalid UTF-8 at byte 24 of the line");
    let docs = common::documents(&out);
    assert_eq!(docs.len(), 4);
    assert_eq!(common::doc(&docs, "a")["title"], "Café is fine");
}

#[test]
fn malformed_xml_is_fatal_with_its_position_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("letters.csv").as_os_str(),
        fixture("malformed.xml").as_os_str(),
    ]);
    assert_eq!(r.code, 2);
    r.says("error: ").says("malformed.xml:7:36: malformed XML:");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file is left behind"
    );
}

#[test]
fn empty_inputs_are_fatal() {
    for (name, message) in [
        ("empty.csv", "empty.csv: the file is empty"),
        (
            "header-only.csv",
            "header-only.csv: the file is empty (expected rows after the header line)",
        ),
    ] {
        let r = run([
            "--title",
            "T",
            "--out",
            "/tmp/folio-never-written.json",
            fixture(name).to_str().unwrap(),
        ]);
        assert_eq!(r.code, 2, "{name}");
        r.says(message);
    }
}

#[test]
fn a_header_without_a_title_column_is_fatal() {
    let r = run([
        "--title",
        "T",
        "--out",
        "/tmp/folio-never-written.json",
        fixture("no-title-column.csv").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    r.says("no-title-column.csv:1: no column holds the title")
        .says("--map COLUMN=title");
}

#[test]
fn nothing_valid_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "id,title\na,\nb,\n").unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        csv.as_os_str(),
    ]);
    assert_eq!(r.code, 2);
    r.says("no valid document in the input (2 skipped); nothing was written");
    assert!(!out.exists());
}

#[test]
fn strict_stops_at_the_first_problem_and_leaves_the_old_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    std::fs::write(&out, "old bundle").unwrap();
    let r = run([
        "--strict".as_ref(),
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("duplicate-ids.csv").as_os_str(),
    ]);
    assert_eq!(r.code, 2);
    r.says("error: ")
        .says("duplicate-ids.csv:4:1: field \"id\": \"a\" was already used")
        .says("--strict stops at the first problem");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old bundle");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        "letters.csv",
        "letters-semicolon.csv",
        "letters.tsv",
        "documents.jsonl",
        "documents.json",
        "volume.xml",
    ]
    .map(fixture);
    let mut outputs = Vec::new();
    for name in ["one.json", "two.json"] {
        let out = dir.path().join(name);
        let mut args = vec![
            "--title".into(),
            "T".into(),
            "--out".into(),
            out.clone().into_os_string(),
        ];
        args.extend(inputs.iter().map(|p| p.clone().into_os_string()));
        run(args);
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(common::documents(&dir.path().join("one.json")).len(), 16);
}

#[test]
fn a_written_bundle_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    run([
        "--archive-meta".as_ref(),
        fixture("meta.json").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        fixture("letters.csv").as_os_str(),
    ]);
    let r = run(["--check".as_ref(), out.as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.says("bundle format version 1, archive \"Fixture Archive\"")
        .says("5 loaded, 0 skipped");
}

#[test]
fn check_lists_a_bundles_flaws_by_line() {
    let r = run([
        "--check".as_ref(),
        fixture("flawed-bundle.json").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("flawed-bundle.json:3: Document 2 (id “b”) has no title; skipped")
        .says("flawed-bundle.json:4: Document 3 (id “a”) repeats an id")
        .says("flawed-bundle.json:5: Document 4 (id “d”) has an invalid date")
        .says("2 loaded, 2 skipped, 1 repaired");
}

#[test]
fn check_refuses_what_is_not_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.json");
    std::fs::write(&list, "[1, 2]").unwrap();
    let r = run(["--check".as_ref(), list.as_os_str()]);
    assert_eq!(r.code, 2);
    r.says("not a Folio bundle");
    let r = run(["--check".as_ref(), fixture("empty.csv").as_os_str()]);
    assert_eq!(r.code, 2);
    r.says("The archive file is empty.");
}

#[test]
fn an_archive_without_a_title_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--out".as_ref(),
        out.as_os_str(),
        fixture("letters.tsv").as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    r.says("the archive has no title (give --title");
}

#[test]
fn many_warnings_are_counted_but_not_all_printed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("many.csv");
    let mut text = String::from("id,title\n");
    for i in 0..30 {
        text.push_str(&format!("{i},\n"));
    }
    text.push_str("ok,Fine\n");
    std::fs::write(&csv, text).unwrap();
    let out = dir.path().join("a.json");
    let r = run([
        "--max-warnings".as_ref(),
        "5".as_ref(),
        "--title".as_ref(),
        "T".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        csv.as_os_str(),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.warnings(),
        6,
        "five shown and the line about the rest:\n{}",
        r.stderr
    );
    r.says("25 more warnings not shown").says("warnings    30");
}

/// `--pack always` leaves a packed archive where the bundle would be: its head at `--out`,
/// its parts beside it, the same documents; `--pack auto` keeps a small bundle as it is; a
/// choice it does not know is a usage error.
#[test]
fn pack_writes_a_head_and_parts_with_the_same_documents() {
    use folio_core::pack::read::{is_pack_head, load_whole};
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle/archive.json");
    let head = dir.path().join("packed/archive.json");
    let input = fixture("letters.csv");
    assert_eq!(
        run([
            "--title".as_ref(),
            "Letters".as_ref(),
            "--out".as_ref(),
            bundle.as_os_str(),
            input.as_os_str()
        ])
        .code,
        0
    );
    let r = run([
        "--pack".as_ref(),
        "always".as_ref(),
        "--title".as_ref(),
        "Letters".as_ref(),
        "--out".as_ref(),
        head.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&head).unwrap();
    assert!(is_pack_head(&bytes));
    let parts = dir.path().join("packed/parts");
    let (packed, _) = load_whole(&bytes, &mut |f| {
        std::fs::read(parts.join(f)).map_err(|e| folio_core::pack::PackError::Fetch {
            file: f.into(),
            why: e.to_string(),
        })
    })
    .unwrap();
    let (whole, _) = folio_core::loading::read_archive(&std::fs::read(&bundle).unwrap()).unwrap();
    assert_eq!(packed.documents, whole.documents);

    let small = dir.path().join("auto/archive.json");
    let r = run([
        "--pack".as_ref(),
        "auto".as_ref(),
        "--title".as_ref(),
        "Letters".as_ref(),
        "--out".as_ref(),
        small.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 0);
    assert!(
        !is_pack_head(&std::fs::read(&small).unwrap()),
        "a small bundle stays one"
    );
    assert!(!dir.path().join("auto/parts").exists());

    let r = run([
        "--pack".as_ref(),
        "sometimes".as_ref(),
        "--title".as_ref(),
        "Letters".as_ref(),
        "--out".as_ref(),
        small.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 2);
    r.says("--pack must be auto, always or never");
}
