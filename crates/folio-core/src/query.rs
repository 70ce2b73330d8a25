//! The query language. [`parse`] turns anything a reader types into a [`Node`] tree; it is
//! total: unbalanced quotes and parentheses, stray operators and empty scopes are read in
//! the most sensible way, never rejected.
//!
//! | form | meaning |
//! |---|---|
//! | `kennan telegram` | every word must match (stop words are optional) |
//! | `berlin OR vienna`, `(a OR b) c` | either side; parentheses group |
//! | `-word`, `NOT word` | exclude documents that match |
//! | `"security guarantees"` | the words adjacent and in order |
//! | `sov*` | any word starting with `sov`; the last word also while still being typed |
//! | `title:` `person:` `place:` `subject:` `collection:` | a word or phrase in that field |
//! | `lang:fr` | documents in that language |
//! | `date:1956`, `date:1956-09`, `date:1956..1962` | documents dated in that period |
//! | `October 1962`, `1980s`, `1962` | documents dated then, or mentioning the words |
//! | `Hung-chang`, `761.5411/1-2161`, `NIE 11-4-60` | the parts as a phrase, or the joined form |

use crate::analyzer::{for_each_token_from, TokenKind};
use crate::date::{days_in_month, PartialDate};

/// The field a scoped word must appear in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Title,
    People,
    Places,
    Subjects,
    Collection,
}

impl Scope {
    fn from_name(name: &str) -> Option<Scope> {
        Some(match name {
            "title" => Scope::Title,
            "person" | "people" | "who" => Scope::People,
            "place" | "places" | "where" => Scope::Places,
            "subject" | "subjects" | "topic" => Scope::Subjects,
            "collection" => Scope::Collection,
            _ => return None,
        })
    }
}

/// An inclusive period as sort keys (`YYYYMMDD`, see [`PartialDate::sort_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: u32,
    pub to: u32,
}

impl Period {
    fn of(start: PartialDate, end: PartialDate) -> Period {
        Period {
            from: start.sort_key(),
            to: end.end_key(),
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One folded word. `prefix`: also words starting with it. `raw`: as the reader wrote it.
    Term {
        term: String,
        scope: Option<Scope>,
        prefix: bool,
        raw: String,
    },
    /// Folded words that must stand adjacent and in order.
    Phrase {
        terms: Vec<String>,
        scope: Option<Scope>,
    },
    /// Documents dated within the period. `boost`: a date written in words (ranks them up);
    /// otherwise a plain `date:` filter.
    Date {
        period: Period,
        boost: bool,
    },
    /// Documents whose language code is this (folded).
    Lang(String),
    And(Vec<Node>),
    /// Alternatives the reader wrote (`OR`).
    Or(Vec<Node>),
    /// Alternatives the parser made for one plain word ("Hung-chang" as a phrase or joined;
    /// "1962" as a word or a date). Matches like `Or`, but counts as a plain word.
    Alt(Vec<Node>),
    Not(Box<Node>),
}

impl Node {
    /// True for a query with nothing to search.
    pub fn is_empty(&self) -> bool {
        matches!(self, Node::And(v) | Node::Or(v) | Node::Alt(v) if v.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Or,
    Not,
    Scope(String),
    Word { text: String, last: bool },
    Quoted(String),
}

fn lex(input: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let mut i = 0;
    // The reader is still typing the last word when the input ends inside it.
    let typing = input.chars().last().is_some_and(|c| c.is_alphanumeric());
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push(Tok::LParen);
            i += 1;
        } else if c == ')' {
            toks.push(Tok::RParen);
            i += 1;
        } else if c == '"' || c == '“' || c == '”' || c == '„' {
            let start = chars[i].0 + c.len_utf8();
            let mut j = i + 1;
            while j < chars.len() && !matches!(chars[j].1, '"' | '“' | '”') {
                j += 1;
            }
            let end = if j < chars.len() {
                chars[j].0
            } else {
                input.len()
            };
            toks.push(Tok::Quoted(input[start..end].to_string()));
            i = j + 1;
        } else {
            let start = chars[i].0;
            let mut j = i;
            while j < chars.len()
                && !chars[j].1.is_whitespace()
                && !matches!(chars[j].1, '(' | ')' | '"' | '“' | '”')
            {
                j += 1;
            }
            let end = if j < chars.len() {
                chars[j].0
            } else {
                input.len()
            };
            let chunk = &input[start..end];
            i = j;
            let at_end = j >= chars.len();
            if chunk == "-" && j < chars.len() && chars[j].1 == '(' {
                toks.push(Tok::Not);
                continue;
            }
            push_chunk(chunk, at_end && typing, &mut toks);
        }
    }
    toks
}

fn push_chunk(chunk: &str, last: bool, toks: &mut Vec<Tok>) {
    match chunk {
        "OR" | "|" | "||" => return toks.push(Tok::Or),
        "NOT" => return toks.push(Tok::Not),
        "AND" | "&&" | "+" | "-" => return,
        _ => {}
    }
    if let Some(rest) = chunk.strip_prefix('-').filter(|r| !r.is_empty()) {
        toks.push(Tok::Not);
        return push_chunk(rest, last, toks);
    }
    if let Some(rest) = chunk.strip_prefix('+').filter(|r| !r.is_empty()) {
        return push_chunk(rest, last, toks);
    }
    if let Some((name, rest)) = chunk.split_once(':') {
        let lname = name.to_ascii_lowercase();
        if Scope::from_name(&lname).is_some()
            || matches!(lname.as_str(), "lang" | "language" | "date")
        {
            toks.push(Tok::Scope(lname));
            if !rest.is_empty() {
                push_chunk(rest, last, toks);
            }
            return;
        }
    }
    toks.push(Tok::Word {
        text: chunk.to_string(),
        last,
    });
}

/// Words of a chunk: the parts, and the joined form when the parts were connected.
fn analyze(text: &str) -> (Vec<String>, Option<String>) {
    let mut parts = Vec::new();
    let mut joined = None;
    for_each_token_from(text, 0, |term, _, _, _, kind| match kind {
        TokenKind::Word => parts.push(term.to_string()),
        TokenKind::Joined => joined = Some(term.to_string()),
    });
    (parts, joined)
}

fn words_node(text: &str, scope: Option<Scope>, prefix: bool) -> Option<Node> {
    let star = text.ends_with('*');
    let (parts, joined) = analyze(text);
    match parts.len() {
        0 => None,
        1 => Some(Node::Term {
            term: parts[0].clone(),
            scope,
            prefix: prefix || star,
            raw: text.trim_end_matches('*').to_string(),
        }),
        _ => {
            let phrase = Node::Phrase {
                terms: parts,
                scope,
            };
            Some(match joined {
                Some(j) => Node::Alt(vec![
                    phrase,
                    Node::Term {
                        term: j,
                        scope,
                        prefix: false,
                        raw: text.to_string(),
                    },
                ]),
                None => phrase,
            })
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(&w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u8 + 1)
}

fn year_of(word: &str) -> Option<u16> {
    let w = word.trim_end_matches([',', '.']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn decade_of(word: &str) -> Option<u16> {
    let w = word.trim_end_matches([',', '.']).to_ascii_lowercase();
    let digits = w.strip_suffix("s").map(|d| d.trim_end_matches('\''))?;
    let y = year_of(digits)?;
    (y % 10 == 0).then_some(y)
}

fn day_of(word: &str) -> Option<u8> {
    let w = word.trim_end_matches([',', '.']);
    let w = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    (1..=2)
        .contains(&w.len())
        .then(|| w.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// Parses a `date:` value: `1956`, `1956-09`, `1956-09-16`, `1956..1962`, `1950s`.
fn parse_date_scope(value: &str) -> Option<Period> {
    let (a, b) = value.split_once("..").unwrap_or((value, value));
    if let Some(dec) = decade_of(a).filter(|_| a == b) {
        return Some(Period::of(
            PartialDate::year(dec),
            PartialDate::year(dec + 9),
        ));
    }
    let start = if a.is_empty() {
        PartialDate::year(1)
    } else {
        PartialDate::parse(a).ok()?
    };
    let end = if b.is_empty() {
        PartialDate::year(9999)
    } else {
        PartialDate::parse(b).ok()?
    };
    Some(Period::of(start, end))
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn or_expr(&mut self, depth: usize) -> Node {
        let mut alts = vec![self.and_expr(depth)];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            alts.push(self.and_expr(depth));
        }
        alts.retain(|n| !n.is_empty());
        if alts.len() == 1 {
            alts.pop().unwrap_or(Node::And(vec![]))
        } else {
            Node::Or(alts)
        }
    }

    fn and_expr(&mut self, depth: usize) -> Node {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Or) => break,
                Some(Tok::RParen) => {
                    self.at += 1;
                    if depth > 0 {
                        break;
                    }
                    // A stray closing parenthesis is ignored.
                }
                _ => {
                    if let Some(n) = self.unary(depth) {
                        items.push(n);
                    }
                }
            }
        }
        let items = group_dates(items);
        if items.len() == 1 {
            items.into_iter().next().unwrap_or(Node::And(vec![]))
        } else {
            Node::And(items)
        }
    }

    fn unary(&mut self, depth: usize) -> Option<Node> {
        match self.peek()? {
            Tok::Not => {
                self.at += 1;
                let inner = resolve(self.unary(depth)?)?;
                Some(Node::Not(Box::new(inner)))
            }
            _ => self.primary(depth),
        }
    }

    fn primary(&mut self, depth: usize) -> Option<Node> {
        let tok = self.toks.get(self.at)?.clone();
        self.at += 1;
        match tok {
            Tok::LParen => {
                if depth > 32 {
                    return None;
                }
                let n = self.or_expr(depth + 1);
                (!n.is_empty()).then_some(n)
            }
            Tok::RParen | Tok::Or | Tok::Not => None,
            Tok::Quoted(text) => {
                let (parts, _) = analyze(&text);
                match parts.len() {
                    0 => None,
                    1 => Some(Node::Term {
                        term: parts[0].clone(),
                        scope: None,
                        prefix: false,
                        raw: text,
                    }),
                    _ => Some(Node::Phrase {
                        terms: parts,
                        scope: None,
                    }),
                }
            }
            Tok::Word { text, last } => Some(Node::Term {
                term: String::new(),
                scope: None,
                prefix: last,
                raw: text,
            }),
            Tok::Scope(name) => {
                let next = self.toks.get(self.at)?.clone();
                let value = match &next {
                    Tok::Word { text, .. } | Tok::Quoted(text) => text.clone(),
                    _ => return None,
                };
                self.at += 1;
                match name.as_str() {
                    "date" => parse_date_scope(&value).map(|period| Node::Date {
                        period,
                        boost: false,
                    }),
                    "lang" | "language" => {
                        let v = crate::analyzer::fold(value.trim());
                        (!v.is_empty()).then_some(Node::Lang(v))
                    }
                    s => {
                        let scope = Scope::from_name(s);
                        match next {
                            Tok::Quoted(_) => {
                                let (parts, _) = analyze(&value);
                                match parts.len() {
                                    0 => None,
                                    1 => Some(Node::Term {
                                        term: parts[0].clone(),
                                        scope,
                                        prefix: false,
                                        raw: value,
                                    }),
                                    _ => Some(Node::Phrase {
                                        terms: parts,
                                        scope,
                                    }),
                                }
                            }
                            Tok::Word { last, .. } => words_node(&value, scope, last),
                            _ => None,
                        }
                    }
                }
            }
        }
    }
}

/// Turns a plain-word placeholder into its node (other nodes pass through).
fn resolve(n: Node) -> Option<Node> {
    match n {
        Node::Term {
            term,
            raw,
            prefix,
            scope: None,
        } if term.is_empty() => words_node(&raw, None, prefix),
        other => Some(other),
    }
}

/// Turns the plain words of one AND group into nodes, recognising dates written in words.
fn group_dates(items: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::new();
    let mut i = 0;
    let raw = |n: &Node| match n {
        Node::Term {
            term,
            raw,
            scope: None,
            ..
        } if term.is_empty() => Some(raw.clone()),
        _ => None,
    };
    while i < items.len() {
        let w0 = raw(&items[i]);
        let w1 = items.get(i + 1).and_then(raw);
        let w2 = items.get(i + 2).and_then(raw);
        // "16 September 1956", "September 16, 1956", "September 1956".
        let date = match (&w0, &w1, &w2) {
            (Some(a), Some(b), Some(c))
                if day_of(a).is_some() && month_of(b).is_some() && year_of(c).is_some() =>
            {
                Some((3, year_of(c), month_of(b), day_of(a)))
            }
            (Some(a), Some(b), Some(c))
                if month_of(a).is_some() && day_of(b).is_some() && year_of(c).is_some() =>
            {
                Some((3, year_of(c), month_of(a), day_of(b)))
            }
            (Some(a), Some(b), _) if month_of(a).is_some() && year_of(b).is_some() => {
                Some((2, year_of(b), month_of(a), None))
            }
            _ => None,
        };
        if let Some((len, Some(y), Some(m), d)) = date {
            let d = d.filter(|d| *d <= days_in_month(y, m));
            let pd = PartialDate {
                year: y,
                month: Some(m),
                day: d,
            };
            let words: Vec<Node> = items[i..i + len]
                .iter()
                .filter_map(|n| raw(n).and_then(|r| words_node(&r, None, false)))
                .collect();
            out.push(Node::Alt(vec![
                Node::Date {
                    period: Period::of(pd, pd),
                    boost: true,
                },
                Node::And(words),
            ]));
            i += len;
            continue;
        }
        match &w0 {
            Some(w) if decade_of(w).is_some() => {
                let dec = decade_of(w).unwrap_or(1900);
                let mut alts = vec![Node::Date {
                    period: Period::of(PartialDate::year(dec), PartialDate::year(dec + 9)),
                    boost: true,
                }];
                alts.extend(words_node(w, None, false));
                out.push(Node::Alt(alts));
            }
            Some(w) if year_of(w).is_some() => {
                let y = year_of(w).unwrap_or(1900);
                let mut alts = vec![Node::Date {
                    period: Period::of(PartialDate::year(y), PartialDate::year(y)),
                    boost: true,
                }];
                alts.extend(words_node(w, None, false));
                out.push(Node::Alt(alts));
            }
            Some(w) => {
                let prefix = matches!(&items[i], Node::Term { prefix: true, .. });
                out.extend(words_node(w, None, prefix));
            }
            None => out.push(items[i].clone()),
        }
        i += 1;
    }
    out
}

/// Parses what the reader typed. Total: never fails, never panics.
pub fn parse(input: &str) -> Node {
    // Very long inputs are cut (on a character boundary): nobody types 2,000 words.
    let input = match input.char_indices().nth(2000) {
        Some((cut, _)) => &input[..cut],
        None => input,
    };
    let mut p = Parser {
        toks: lex(input),
        at: 0,
    };
    let mut alts = Vec::new();
    while p.at < p.toks.len() {
        let n = p.or_expr(0);
        if !n.is_empty() {
            alts.push(n);
        }
        if p.at < p.toks.len() && p.peek() == Some(&Tok::Or) {
            p.at += 1;
        }
    }
    match alts.len() {
        0 => Node::And(vec![]),
        1 => alts.pop().unwrap_or(Node::And(vec![])),
        _ => Node::And(alts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(term: &str) -> Node {
        Node::Term {
            term: term.into(),
            scope: None,
            prefix: false,
            raw: term.into(),
        }
    }

    fn strip(n: Node) -> Node {
        // Raw text is for corrections only; compare without it.
        match n {
            Node::Term {
                term,
                scope,
                prefix,
                ..
            } => Node::Term {
                raw: term.clone(),
                term,
                scope,
                prefix,
            },
            Node::And(v) => Node::And(v.into_iter().map(strip).collect()),
            Node::Or(v) => Node::Or(v.into_iter().map(strip).collect()),
            Node::Alt(v) => Node::Alt(v.into_iter().map(strip).collect()),
            Node::Not(b) => Node::Not(Box::new(strip(*b))),
            other => other,
        }
    }

    fn p(s: &str) -> Node {
        strip(parse(s))
    }

    #[test]
    fn words_and_together() {
        assert_eq!(
            p("kennan telegram "),
            Node::And(vec![t("kennan"), t("telegram")])
        );
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        assert_eq!(
            p("kennan tele"),
            Node::And(vec![
                t("kennan"),
                Node::Term {
                    term: "tele".into(),
                    scope: None,
                    prefix: true,
                    raw: "tele".into()
                }
            ])
        );
        assert_eq!(
            p("sov* union "),
            Node::And(vec![
                Node::Term {
                    term: "sov".into(),
                    scope: None,
                    prefix: true,
                    raw: "sov".into()
                },
                t("union")
            ])
        );
    }

    #[test]
    fn or_not_and_parentheses() {
        assert_eq!(
            p("berlin OR vienna "),
            Node::Or(vec![t("berlin"), t("vienna")])
        );
        assert_eq!(
            p("berlin -wall "),
            Node::And(vec![t("berlin"), Node::Not(Box::new(t("wall")))])
        );
        assert_eq!(
            p("berlin NOT wall "),
            Node::And(vec![t("berlin"), Node::Not(Box::new(t("wall")))])
        );
        assert_eq!(
            p("(berlin OR vienna) summit "),
            Node::And(vec![Node::Or(vec![t("berlin"), t("vienna")]), t("summit")])
        );
    }

    #[test]
    fn phrases_combine_with_words() {
        assert_eq!(
            p("\"security guarantees\" Ukraine "),
            Node::And(vec![
                Node::Phrase {
                    terms: vec!["security".into(), "guarantees".into()],
                    scope: None
                },
                t("ukraine")
            ])
        );
    }

    #[test]
    fn scopes_apply_to_one_word_or_phrase() {
        assert_eq!(
            p("title:telegram "),
            Node::Term {
                term: "telegram".into(),
                scope: Some(Scope::Title),
                prefix: false,
                raw: "telegram".into()
            }
        );
        assert_eq!(
            p("person:\"george kennan\" "),
            Node::Phrase {
                terms: vec!["george".into(), "kennan".into()],
                scope: Some(Scope::People)
            }
        );
        assert_eq!(p("lang:FR "), Node::Lang("fr".into()));
        assert!(p("title: ").is_empty());
        assert!(p("title:").is_empty());
    }

    #[test]
    fn date_scopes_and_dates_in_words() {
        assert_eq!(
            p("date:1956 "),
            Node::Date {
                period: Period {
                    from: 19560000,
                    to: 19561231
                },
                boost: false
            }
        );
        assert_eq!(
            p("date:1956..1962 "),
            Node::Date {
                period: Period {
                    from: 19560000,
                    to: 19621231
                },
                boost: false
            }
        );
        assert_eq!(
            p("date:1956-09 "),
            Node::Date {
                period: Period {
                    from: 19560900,
                    to: 19560930
                },
                boost: false
            }
        );
        match p("Berlin October 1962 ") {
            Node::And(v) => {
                assert_eq!(v[0], t("berlin"));
                assert!(
                    matches!(&v[1], Node::Alt(alts) if matches!(alts[0], Node::Date { period: Period { from: 19621000, to: 19621031 }, boost: true }))
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(p("1980s "), Node::Alt(alts) if matches!(alts[0], Node::Date { period: Period { from: 19800000, to: 19891231 }, .. }))
        );
        assert!(
            matches!(p("16 September 1956 "), Node::Alt(alts) if matches!(alts[0], Node::Date { period: Period { from: 19560916, to: 19560916 }, .. }))
        );
    }

    #[test]
    fn connected_words_become_a_phrase_or_the_joined_form() {
        let n = p("761.5411/1-2161 ");
        assert_eq!(
            n,
            Node::Alt(vec![
                Node::Phrase {
                    terms: vec!["761".into(), "5411".into(), "1".into(), "2161".into()],
                    scope: None
                },
                t("761541112161")
            ])
        );
    }

    #[test]
    fn hostile_input_parses() {
        for s in [
            "",
            "(((",
            ")))",
            "\"unclosed",
            "*",
            "- -",
            "OR OR",
            "NOT",
            "title:",
            "((a OR) -)",
            "\u{200B}",
            "🙂",
            "שלום עולם",
            "a\u{301}",
        ] {
            let _ = parse(s);
        }
        assert!(p("*").is_empty());
        assert!(p("!!! ...").is_empty());
        let long = "word ".repeat(3000);
        assert!(matches!(parse(&long), Node::And(v) if v.len() <= 2000));
        let deep = "(".repeat(500) + "x" + &")".repeat(500);
        let _ = parse(&deep);
    }
}
