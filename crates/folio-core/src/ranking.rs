//! Ranking: BM25 per field, weighted and summed (BM25F-style), with every number in one
//! documented struct.
//!
//! A document's score for one query word is `idf × match_weight × Σ_field weight × tf ×
//! (k1 + 1) / (tf + k1 × (1 − b + b × len / avg_len))` ([`field_score`]). Each field
//! saturates on its own, so a word in the title or among the people earns its own credit
//! however often the text repeats it; classic BM25F (one saturation over the weighted sum)
//! let long texts drown title matches and measured worse on `tests/relevance` (MRR 0.90 against 0.95). The IDF is the one used
//! everywhere: `ln(1 + (N − n + 0.5) / (n + 0.5))`. Scores of the query's words add up;
//! words close together add a proximity bonus. [`Explanation`] spells the sum out.

/// The fields Folio indexes, in index order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title = 0,
    People = 1,
    Places = 2,
    Subjects = 3,
    Summary = 4,
    Text = 5,
    /// The collection's name.
    Collection = 6,
    /// Source and the text of extra fields (archival references, authors, chapters…).
    Extra = 7,
}

/// Number of indexed fields.
pub const FIELD_COUNT: usize = 8;

impl Field {
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::Title,
        Field::People,
        Field::Places,
        Field::Subjects,
        Field::Summary,
        Field::Text,
        Field::Collection,
        Field::Extra,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::People => "people",
            Field::Places => "places",
            Field::Subjects => "subjects",
            Field::Summary => "summary",
            Field::Text => "text",
            Field::Collection => "collection",
            Field::Extra => "extra",
        }
    }
}

/// Every ranking number in one place.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingParams {
    /// Term-frequency saturation. Legal range 0.0–3.0; 1.2 is the classic value.
    pub k1: f32,
    /// Length normalization. Legal range 0.0 (none) – 1.0 (full). 0.75 is the classic value;
    /// 0.6 here because archives mix one-line telegrams with thirty-page memoranda, and full
    /// normalization buried the long memoranda readers look for (measured on tests/relevance).
    pub b: f32,
    /// Weight of a match in each field, indexed by [`Field`]: title above people, places and
    /// subjects, above summary, above full text; collection and extra fields lowest.
    /// Legal range 0.0–10.0.
    pub field_weights: [f32; FIELD_COUNT],
    /// Multiplier for an indexed word that shares the query word's stem but is another form
    /// ("negotiated" for "negotiations"). Legal range 0.0–1.0; below 1 so exact forms win.
    pub stem_weight: f32,
    /// Multiplier for a word reached only as a prefix of the query word (while typing or
    /// with `*`). Legal range 0.0–1.0; below `stem_weight`.
    pub prefix_weight: f32,
    /// Multiplier for a word within the allowed edit distance of a misspelt query word.
    /// Legal range 0.0–1.0; the lowest, so corrections rank below everything else.
    pub fuzzy_weight: f32,
    /// Multiplier for corrections of a word that matched nothing as typed: there is no exact
    /// form to rank above, so the correction stands in for the word. Legal range 0.0–1.0.
    pub correction_weight: f32,
    /// Multiplier for stop words ("the", "of"): they count, but little. Legal range 0.0–1.0.
    pub stop_word_weight: f32,
    /// How many indexed words one prefix may expand to (the most frequent are kept).
    pub max_prefix_expansions: usize,
    /// How many corrections one misspelt word may expand to (the most frequent are kept).
    pub max_fuzzy_expansions: usize,
    /// A query word with fewer documents than this (exact or stemmed) also gets typo
    /// corrections. Legal range 0 (never) and up.
    pub fuzzy_below_docs: usize,
    /// Bonus added per pair of query words found close together, scaled by 1/distance
    /// (adjacent words get the whole bonus). Legal range 0.0–5.0.
    pub proximity_bonus: f32,
    /// Words further apart than this earn no proximity bonus.
    pub proximity_window: u32,
    /// How many of the best documents are re-scored for proximity (it reads positions).
    pub proximity_candidates: usize,
    /// Score a document gets for falling in a date written in the query ("October 1962").
    /// Legal range 0.0–10.0.
    pub date_match_score: f32,
}

impl Default for RankingParams {
    fn default() -> Self {
        RankingParams {
            k1: 1.2,
            b: 0.6,
            // title, people, places, subjects, summary, text, collection, extra
            field_weights: [4.0, 2.5, 2.0, 2.0, 1.5, 1.0, 0.5, 0.8],
            stem_weight: 0.8,
            prefix_weight: 0.65,
            fuzzy_weight: 0.5,
            correction_weight: 0.9,
            stop_word_weight: 0.1,
            max_prefix_expansions: 32,
            max_fuzzy_expansions: 12,
            fuzzy_below_docs: 3,
            proximity_bonus: 1.0,
            proximity_window: 8,
            proximity_candidates: 200,
            date_match_score: 2.5,
        }
    }
}

/// `ln(1 + (N − n + 0.5) / (n + 0.5))`: rare words weigh more; never negative.
pub fn idf(total_docs: usize, docs_with_term: usize) -> f32 {
    let n = docs_with_term as f32;
    (1.0 + (total_docs as f32 - n + 0.5) / (n + 0.5)).ln()
}

/// Per-field BM25, weighted and summed: `Σ_field weight × tf × (k1 + 1) / (tf + k1 × norm)`
/// with `norm = 1 − b + b × len / avg_len`. Each field saturates on its own, so a match in
/// the title or the people adds its own credit however often the text repeats the word.
pub fn field_score(
    params: &RankingParams,
    tf: &[u16; FIELD_COUNT],
    lens: &[u32; FIELD_COUNT],
    avg_lens: &[f32; FIELD_COUNT],
) -> f32 {
    let mut sum = 0.0;
    for f in 0..FIELD_COUNT {
        if tf[f] == 0 {
            continue;
        }
        let avg = if avg_lens[f] > 0.0 { avg_lens[f] } else { 1.0 };
        let norm = 1.0 - params.b + params.b * lens[f] as f32 / avg;
        let t = f32::from(tf[f]);
        sum += params.field_weights[f] * t * (params.k1 + 1.0) / (t + params.k1 * norm);
    }
    sum
}

/// One line of an explanation: how one indexed word contributed.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainPart {
    /// The query word.
    pub query_word: String,
    /// The indexed word it matched (differs for prefix matches).
    pub matched: String,
    pub idf: f32,
    /// Term frequency in each field, by [`Field`] order.
    pub tf: [u16; FIELD_COUNT],
    /// How the word was reached: 1.0 exact, or the stem, prefix or fuzzy weight.
    pub match_weight: f32,
    pub score: f32,
}

/// Why a document scored what it did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explanation {
    pub total: f32,
    pub parts: Vec<ExplainPart>,
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "total {:.4}", self.total)?;
        for p in &self.parts {
            let fields: Vec<String> = Field::ALL
                .iter()
                .filter(|fl| p.tf[**fl as usize] > 0)
                .map(|fl| format!("{}×{}", fl.name(), p.tf[*fl as usize]))
                .collect();
            writeln!(
                f,
                "  {} → {}: idf {:.3} × weight {:.2} [{}] = {:.4}",
                p.query_word,
                p.matched,
                p.idf,
                p.match_weight,
                fields.join(", "),
                p.score
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_falls_as_a_word_gets_common_and_stays_positive() {
        assert!(idf(100, 1) > idf(100, 10));
        assert!(idf(100, 100) > 0.0);
    }

    #[test]
    fn a_title_match_outweighs_a_text_match_of_the_same_length_ratio() {
        let p = RankingParams::default();
        let avg = [8.0, 2.0, 2.0, 3.0, 30.0, 500.0, 5.0, 10.0];
        let lens = [8, 2, 2, 3, 30, 500, 5, 10];
        let mut title = [0u16; FIELD_COUNT];
        title[Field::Title as usize] = 1;
        let mut text = [0u16; FIELD_COUNT];
        text[Field::Text as usize] = 1;
        assert!(field_score(&p, &title, &lens, &avg) > field_score(&p, &text, &lens, &avg));
    }

    #[test]
    fn each_field_saturates_below_its_weight_times_k1_plus_one() {
        let p = RankingParams::default();
        let (avg, lens) = ([10.0; FIELD_COUNT], [10; FIELD_COUNT]);
        let mut many = [0u16; FIELD_COUNT];
        many[Field::Text as usize] = u16::MAX;
        let bound = p.field_weights[Field::Text as usize] * (p.k1 + 1.0);
        assert!(field_score(&p, &many, &lens, &avg) <= bound + 1e-3);
        assert_eq!(field_score(&p, &[0; FIELD_COUNT], &lens, &avg), 0.0);
    }
}
