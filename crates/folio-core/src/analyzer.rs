//! The one analyzer, used for documents and for queries alike.
//!
//! Text is split into words at every character that is neither a letter, a digit nor a
//! combining mark, so it works for any alphabetic script (Latin, Cyrillic, Greek, …). Each
//! word is folded: lower-cased, diacritics removed ("Asunción" → "asuncion"), a few letters
//! that do not decompose spelled out ("ß" → "ss", "æ" → "ae"). An apostrophe inside a word
//! is dropped ("O'Brien" → "obrien") and an English possessive loses its "'s"
//! ("Kennan's" → "kennan"). Each token keeps its byte range in the original text, which is
//! what lets the UI mark matches without re-analyzing.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// One word of a text, folded, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded form used in the index.
    pub term: String,
    /// Byte range of the word in the original text.
    pub start: usize,
    pub end: usize,
    /// Word position within the text (0, 1, 2, …).
    pub position: u32,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Appends the folded form of `c` to `out`.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'þ' | 'Þ' => out.push_str("th"),
        'ı' => out.push('i'),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }),
    }
}

/// Folds one word (or any text) the way the index does, without splitting it.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().filter(|c| !is_apostrophe(*c)) {
        push_folded(c, &mut out);
    }
    out
}

/// Calls `f` with each token of `text`, in order. The `term` buffer is reused between calls,
/// so indexing does not allocate per word.
pub fn for_each_token(text: &str, mut f: impl FnMut(&str, usize, usize, u32)) {
    let mut term = String::new();
    let mut start: Option<usize> = None;
    let mut position = 0u32;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
                term.clear();
            }
            push_folded(c, &mut term);
            continue;
        }
        if let Some(s) = start {
            // An apostrophe between two word characters stays inside the word.
            if is_apostrophe(c) && chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
                let rest = &text[i + c.len_utf8()..];
                let next_word_end = rest
                    .find(|ch: char| !is_word_char(ch))
                    .unwrap_or(rest.len());
                let next = &rest[..next_word_end];
                if next == "s" || next == "S" {
                    // Possessive: the token ends before the apostrophe but covers "'s".
                    let end = i + c.len_utf8() + next_word_end;
                    f(&term, s, end, position);
                    position += 1;
                    start = None;
                    while chars.peek().is_some_and(|&(j, _)| j < end) {
                        chars.next();
                    }
                }
                continue;
            }
            f(&term, s, i, position);
            position += 1;
            start = None;
        }
    }
    if let Some(s) = start {
        f(&term, s, text.len(), position);
    }
}

/// All tokens of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, |term, start, end, position| {
        out.push(Token {
            term: term.to_string(),
            start,
            end,
            position,
        })
    });
    out
}

/// The folded terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(
            terms("Asunción ÉLYSÉE Straße Ærø Łódź"),
            ["asuncion", "elysee", "strasse", "aero", "lodz"]
        );
    }

    #[test]
    fn splits_any_alphabetic_script() {
        assert_eq!(terms("Хрущёв и Кеннеди"), ["хрущев", "и", "кеннеди"]);
        assert_eq!(terms("Ελευθέριος Βενιζέλος"), ["ελευθεριος", "βενιζελος"]);
    }

    #[test]
    fn punctuation_and_hyphens_split_words() {
        assert_eq!(terms("Brest-Litovsk, 1918!"), ["brest", "litovsk", "1918"]);
        assert_eq!(terms("...  "), Vec::<String>::new());
    }

    #[test]
    fn apostrophes_join_and_possessives_drop() {
        assert_eq!(
            terms("O'Brien's memo, Kennan’s telegram, rock 'n' roll"),
            ["obrien", "memo", "kennan", "telegram", "rock", "n", "roll"]
        );
    }

    #[test]
    fn tokens_carry_byte_offsets_into_the_original() {
        let text = "Télégramme de M. Kennan's";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let toks = tokenize(text);
        assert_eq!(&text[toks[0].start..toks[0].end], "Télégramme");
        assert_eq!(&text[toks[3].start..toks[3].end], "Kennan's");
        assert_eq!(
            toks.iter().map(|t| t.position).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn combining_marks_stay_inside_words() {
        // "e" + COMBINING ACUTE ACCENT
        assert_eq!(terms("Ele\u{301}onore"), ["eleonore"]);
    }

    #[test]
    fn fold_matches_tokenizer() {
        assert_eq!(fold("Asunción"), "asuncion");
        assert_eq!(fold("O'Brien"), "obrien");
    }
}
