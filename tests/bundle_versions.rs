//! Every bundle format version that has shipped still loads: one committed fixture each.

use folio_core::bundle::parse_bundle;

#[test]
fn bundle_v1_fixture_still_loads_with_every_field() {
    let bytes = include_bytes!("fixtures/bundle-v1.json");
    let loaded = parse_bundle(bytes).expect("the v1 fixture loads");
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    assert_eq!(loaded.archive.title, "Bundle v1 fixture");
    assert_eq!(loaded.documents.len(), 3);
    let full = &loaded.documents[0];
    assert_eq!(full.date.unwrap().to_string(), "1956-09-16");
    assert_eq!(full.date_end.unwrap().to_string(), "1956-09-18");
    assert_eq!(full.places, ["Asunción"]);
    assert_eq!(full.paragraphs().count(), 2);
    assert_eq!(full.extras["archival_source"], "761.00/9-1656");
    assert_eq!(loaded.documents[1].id, "v1/odd ?id#&+%");
}

#[test]
fn the_committed_sample_archive_loads_cleanly() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/archive.json"
    ))
    .expect("sample archive");
    let loaded = parse_bundle(&bytes).expect("the sample archive loads");
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    assert!(
        loaded.documents.len() >= 100,
        "at least 100 sample documents"
    );
    assert!(loaded
        .documents
        .iter()
        .all(|d| d.date.is_some() && !d.summary.is_empty()));
}
