//! The bundle's fields, and how the names found in input files map onto them.
//!
//! A CSV header says "Abstract", "Keywords" or "Full text"; a bundle says `summary`,
//! `subjects` and `text`. This module owns that vocabulary: the [`Field`] list, the header
//! synonyms (matched ignoring case, spaces, `_`, `-` and `(s)`), and the [`ColumnMap`]
//! that `--map column=field` adds on top. Anything that maps to no field is kept as an
//! extra field under its own name.

use std::fmt;

/// A field the bundle format names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Title,
    Date,
    DateEnd,
    Summary,
    Text,
    People,
    Places,
    Subjects,
    Collection,
    Source,
    Language,
    Url,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Id,
        Field::Title,
        Field::Date,
        Field::DateEnd,
        Field::Summary,
        Field::Text,
        Field::People,
        Field::Places,
        Field::Subjects,
        Field::Collection,
        Field::Source,
        Field::Language,
        Field::Url,
    ];

    /// The name in the bundle.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Title => "title",
            Field::Date => "date",
            Field::DateEnd => "date_end",
            Field::Summary => "summary",
            Field::Text => "text",
            Field::People => "people",
            Field::Places => "places",
            Field::Subjects => "subjects",
            Field::Collection => "collection",
            Field::Source => "source",
            Field::Language => "language",
            Field::Url => "url",
        }
    }

    /// The field with exactly this bundle name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Fields that hold a list of values (split on `;` or `|` in a CSV cell).
    pub fn is_list(self) -> bool {
        matches!(self, Field::People | Field::Places | Field::Subjects)
    }

    /// The header spellings understood for this field, in folded form (see [`fold`]).
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "identifier",
                "docid",
                "documentid",
                "recordid",
                "ref",
                "reference",
            ],
            Field::Title => &["title", "heading", "headline", "documenttitle"],
            Field::Date => &[
                "date",
                "datestart",
                "startdate",
                "datefrom",
                "fromdate",
                "when",
                "dated",
            ],
            Field::DateEnd => &[
                "dateend",
                "enddate",
                "dateto",
                "todate",
                "until",
                "dateuntil",
            ],
            Field::Summary => &[
                "summary",
                "description",
                "abstract",
                "synopsis",
                "scopeandcontent",
            ],
            Field::Text => &[
                "text",
                "fulltext",
                "body",
                "transcription",
                "transcript",
                "content",
                "contents",
            ],
            Field::People => &[
                "people",
                "persons",
                "person",
                "names",
                "personnames",
                "personalnames",
            ],
            Field::Places => &[
                "places",
                "place",
                "locations",
                "location",
                "placenames",
                "geographicnames",
            ],
            Field::Subjects => &[
                "subjects", "subject", "keywords", "keyword", "topics", "topic", "tags",
            ],
            Field::Collection => &["collection", "series", "fonds"],
            Field::Source => &["source", "citation", "sourcecitation"],
            Field::Language => &["language", "languages", "lang"],
            Field::Url => &["url", "link", "uri", "href", "permalink", "weblink"],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the values of one input column or key go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Field(Field),
    /// Kept as an extra field under this name.
    Extra(String),
    /// Dropped (`--map column=skip`).
    Skip,
}

impl Target {
    /// Parses the right-hand side of `--map column=TARGET`.
    pub fn parse(s: &str) -> Result<Target, String> {
        let s = s.trim();
        if let Some(name) = s.strip_prefix("extra:") {
            let name = name.trim();
            if name.is_empty() || Field::from_name(name).is_some() {
                return Err(format!(
                    "\"extra:{name}\" needs a name that is not a bundle field"
                ));
            }
            return Ok(Target::Extra(name.to_string()));
        }
        if s == "skip" {
            return Ok(Target::Skip);
        }
        Field::from_name(s).map(Target::Field).ok_or_else(|| {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            format!(
                "\"{s}\" is not a field (expected one of {}, extra:NAME or skip)",
                names.join(", ")
            )
        })
    }
}

/// Folds a header for matching: lower case, `(s)` dropped, only letters and digits kept.
/// "Subject(s)", "SUBJECTS" and "subjects" all fold to "subjects"; "Date_End" and
/// "date-end" to "dateend".
pub fn fold(header: &str) -> String {
    let lower = header.trim().to_lowercase().replace("(s)", "s");
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// How a column found its target, for the notes the importer prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// `--map` named it.
    Mapped,
    /// A known spelling of a field.
    Synonym,
    /// Not a field: kept as an extra under its own name.
    Unknown,
}

/// `--map` rules on top of the built-in synonyms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// (folded column name, target), in the order given.
    rules: Vec<(String, Target)>,
}

impl ColumnMap {
    /// Parses `--map` values of the form `column=target`.
    pub fn parse(values: &[String]) -> Result<ColumnMap, String> {
        let mut rules = Vec::new();
        for v in values {
            let Some((column, target)) = v.rsplit_once('=') else {
                return Err(format!("--map \"{v}\": expected COLUMN=FIELD, for example --map \"Date of issue=date\""));
            };
            if fold(column).is_empty() {
                return Err(format!("--map \"{v}\": the column name is empty"));
            }
            let target = Target::parse(target).map_err(|e| format!("--map \"{v}\": {e}"))?;
            rules.push((fold(column), target));
        }
        Ok(ColumnMap { rules })
    }

    /// Where a CSV column goes: `--map` first, then the synonyms, else an extra field.
    pub fn resolve_header(&self, header: &str) -> (Target, Resolution) {
        let key = fold(header);
        if let Some((_, t)) = self.rules.iter().find(|(k, _)| *k == key) {
            return (t.clone(), Resolution::Mapped);
        }
        if let Some(f) = Field::ALL
            .into_iter()
            .find(|f| f.synonyms().contains(&key.as_str()))
        {
            return (Target::Field(f), Resolution::Synonym);
        }
        (
            Target::Extra(header.trim().to_string()),
            Resolution::Unknown,
        )
    }

    /// Where a JSON key goes: `--map` first, then the exact bundle name, else an extra
    /// field. JSON keys are not matched by synonym: a JSON record's `description` may
    /// well be something other than a summary, and its author chose the names.
    pub fn resolve_key(&self, key: &str) -> Target {
        if !self.rules.is_empty() {
            let folded = fold(key);
            if let Some((_, t)) = self.rules.iter().find(|(k, _)| *k == folded) {
                return t.clone();
            }
        }
        Field::from_name(key).map_or_else(|| Target::Extra(key.to_string()), Target::Field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(h: &str) -> Target {
        ColumnMap::default().resolve_header(h).0
    }

    #[test]
    fn headers_match_fields_ignoring_case_and_punctuation() {
        assert_eq!(header("Title"), Target::Field(Field::Title));
        assert_eq!(header(" DATE "), Target::Field(Field::Date));
        assert_eq!(header("Date_End"), Target::Field(Field::DateEnd));
        assert_eq!(header("date-end"), Target::Field(Field::DateEnd));
        assert_eq!(header("End date"), Target::Field(Field::DateEnd));
    }

    #[test]
    fn common_synonyms_reach_their_fields() {
        for (h, f) in [
            ("Description", Field::Summary),
            ("Abstract", Field::Summary),
            ("Subject(s)", Field::Subjects),
            ("Subjects", Field::Subjects),
            ("Keywords", Field::Subjects),
            ("Topics", Field::Subjects),
            ("Persons", Field::People),
            ("Names", Field::People),
            ("Location(s)", Field::Places),
            ("Place(s)", Field::Places),
            ("Identifier", Field::Id),
            ("ID", Field::Id),
            ("Full text", Field::Text),
            ("Body", Field::Text),
            ("Transcription", Field::Text),
            ("Link", Field::Url),
            ("URL", Field::Url),
        ] {
            assert_eq!(header(h), Target::Field(f), "{h}");
        }
    }

    #[test]
    fn unknown_headers_become_extras_under_their_own_name() {
        assert_eq!(header(" Box number "), Target::Extra("Box number".into()));
        assert_eq!(
            ColumnMap::default().resolve_header("type").1,
            Resolution::Unknown
        );
    }

    #[test]
    fn map_rules_win_over_synonyms() {
        let map = ColumnMap::parse(&[
            "Description=extra:physical_description".into(),
            "Datum=date".into(),
            "Notes=skip".into(),
        ])
        .unwrap();
        assert_eq!(
            map.resolve_header("description"),
            (
                Target::Extra("physical_description".into()),
                Resolution::Mapped
            )
        );
        assert_eq!(map.resolve_header("DATUM").0, Target::Field(Field::Date));
        assert_eq!(map.resolve_header("notes").0, Target::Skip);
        assert_eq!(map.resolve_key("Datum"), Target::Field(Field::Date));
    }

    #[test]
    fn bad_map_rules_say_what_was_expected() {
        assert!(ColumnMap::parse(&["nodelimiter".into()])
            .unwrap_err()
            .contains("expected COLUMN=FIELD"));
        assert!(ColumnMap::parse(&["x=dat".into()])
            .unwrap_err()
            .contains("is not a field"));
        assert!(ColumnMap::parse(&["x=extra:title".into()]).is_err());
        assert!(ColumnMap::parse(&["=title".into()]).is_err());
    }

    #[test]
    fn json_keys_are_exact_names_not_synonyms() {
        let map = ColumnMap::default();
        assert_eq!(map.resolve_key("title"), Target::Field(Field::Title));
        assert_eq!(
            map.resolve_key("description"),
            Target::Extra("description".into())
        );
        assert_eq!(map.resolve_key("Title"), Target::Extra("Title".into()));
    }
}
