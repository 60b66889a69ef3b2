//! Page text as a reader copied it.

/// Collapse every run of whitespace (including no-break spaces) into one space and trim.
pub fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The text of a bulleted line (`• item`, `- item`, `* item`), or `None` for other lines.
pub fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for mark in ['•', '●', '▪', '◦', '·', '-', '*', '–'] {
        if let Some(rest) = t.strip_prefix(mark) {
            if rest.starts_with(char::is_whitespace) {
                return Some(rest.trim());
            }
        }
    }
    None
}

/// The non-blank lines of a page, trimmed, with their 0-based line numbers.
pub fn content_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')))
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_nbsp_and_runs() {
        assert_eq!(normalize_space("  a\u{a0} b\t\nc  "), "a b c");
    }

    #[test]
    fn recognises_bullets_only_with_a_space() {
        assert_eq!(bullet("  • Latest digital issues"), Some("Latest digital issues"));
        assert_eq!(bullet("-5 degrees"), None);
        assert_eq!(bullet("plain"), None);
    }

    #[test]
    fn content_lines_skip_blanks_and_keep_numbers() {
        assert_eq!(content_lines("a\n\n  b \n"), vec![(0, "a"), (2, "b")]);
    }
}
