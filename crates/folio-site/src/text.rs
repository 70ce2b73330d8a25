//! Small text helpers for the site writer: HTML escaping for the few strings written outside
//! Leptos's renderer, and clipping a description to a length.

/// Text for an HTML attribute value or element content: markup characters as character
/// references; a carriage return too (the parser would read a bare one as a line feed); NUL,
/// which HTML cannot hold, dropped.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text` with its white space folded, cut at a word and ended
/// with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let cut: String = folded.chars().take(max.saturating_sub(1)).collect();
    let at = match cut.rfind(' ') {
        Some(i) if cut[..i].chars().count() >= max / 2 => i,
        _ => cut.len(),
    };
    format!("{}…", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_nul_dropped() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>\r\0"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;&#13;"
        );
    }

    #[test]
    fn long_text_is_cut_at_a_word_without_splitting_a_character() {
        assert_eq!(clip("  short\n text ", 20), "short text");
        assert_eq!(clip("one two three four", 12), "one two…");
        let s = "é".repeat(50);
        assert_eq!(clip(&s, 10).chars().count(), 10);
        // A surrogate pair in JavaScript, one char here: never cut in half.
        assert_eq!(clip(&"😀".repeat(30), 5), "😀😀😀😀…");
    }
}
