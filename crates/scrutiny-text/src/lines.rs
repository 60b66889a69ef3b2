//! Page text as a reader copied it.

pub use crate::bylines::{byline, is_name_like};
pub use crate::dates::{iso_date_prefix, labelled_date, parse_date};

/// What [`normalize_space`] collapses: whitespace, no-break and zero-width spaces.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}'
}

/// Whether `normalize_space(line)` can start with one of `prefixes` (compared as
/// [`strip_prefix_ignore_case`] does), without building it: its first byte is that of the
/// line's first character that is not a space. Most lines of a page are body text that no
/// label or byline starts, and normalizing each one to find that out copied the whole page
/// once more per check.
pub(crate) fn may_start_with(line: &str, prefixes: &[&str]) -> bool {
    let Some((i, _)) = line.char_indices().find(|&(_, c)| !is_space(c)) else {
        return false;
    };
    let first = line.as_bytes()[i];
    prefixes.iter().any(|p| {
        p.as_bytes()
            .first()
            .is_some_and(|b| b.eq_ignore_ascii_case(&first))
    })
}

/// Whether `s` is already what [`normalize_space`] makes of it: no space at either end, no two
/// together, no space but the plain one. Most lines of a page are, and copying one whole is
/// cheaper than rebuilding it word by word. A line with an ASCII control character is never
/// taken as normal here (the full path decides).
fn is_normal_space(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut space = true; // a space before the first character would be a leading one
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_graphic() {
            space = false;
            i += 1;
        } else if b == b' ' {
            if space {
                return false;
            }
            space = true;
            i += 1;
        } else if b.is_ascii() {
            return false;
        } else {
            match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if !is_space(c) => {
                    space = false;
                    i += c.len_utf8();
                }
                _ => return false,
            }
        }
    }
    !space || bytes.is_empty()
}

/// Collapse every run of whitespace (including no-break spaces) into one space and trim.
pub fn normalize_space(s: &str) -> String {
    if is_normal_space(s) {
        return s.to_owned();
    }
    // Plugins call this on every line and element of every page. Most characters are ASCII:
    // a byte test settles those, and only the others are decoded (splitting on a `char`
    // predicate decodes every one).
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let flush = |out: &mut String, from: usize, to: usize| {
        if let Some(w) = s.get(from..to) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Printable ASCII, most of any page, is never a space: skip a run of it at once.
        let plain = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b <= b' ' || b >= 0x80))
            .unwrap_or(bytes.len() - i);
        if plain > 0 {
            word.get_or_insert(i);
            i += plain;
            continue;
        }
        let (space, len) = if b.is_ascii() {
            (matches!(b, b'\t'..=b'\r' | b' '), 1)
        } else {
            match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (is_space(c), c.len_utf8()),
                None => (false, 1),
            }
        };
        match (space, word) {
            (true, Some(w)) => {
                flush(&mut out, w, i);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(w) = word {
        flush(&mut out, w, s.len());
    }
    out
}

/// [`normalize_space`] by splitting on a `char` predicate: the reference it must agree with.
#[cfg(test)]
fn normalize_space_unicode(s: &str) -> String {
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
    // The first character decides: every line of every page comes here, and trying each mark
    // in turn compared up to eight encoded prefixes per line.
    let mark = t.chars().next()?;
    if !BULLETS.contains(&mark) {
        return None;
    }
    let rest = &t[mark.len_utf8()..];
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}

const BULLETS: [char; 8] = ['•', '●', '▪', '◦', '·', '-', '*', '–'];

/// The non-blank lines of a page, trimmed, with their 0-based line numbers.
pub fn content_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            (
                i,
                l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'),
            )
        })
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

/// `s` without `prefix` (ASCII, compared case-insensitively), when it starts with it.
pub fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The credit ending a photo caption line: `... Picture: Phil Adams`, `... (Image: Knowsley
/// Council)`, `Photo: iStock`. `None` when the line does not end with a short credit.
pub fn photo_credit(line: &str) -> Option<&str> {
    // Asked of every caption and body line: every label ends in a colon, so a line without
    // one is settled by one fast scan instead of a search per label.
    if !line.contains(':') {
        return None;
    }
    let t = line.trim_end();
    let (t, bracketed) = match t.strip_suffix(')') {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    let labels = [
        "Picture:",
        "Pictures:",
        "Photo:",
        "Photograph:",
        "Image:",
        "Images:",
        "Credit:",
    ];
    let (at, label) = labels
        .iter()
        .filter_map(|l| t.rfind(l).map(|i| (i, *l)))
        .max_by_key(|(i, _)| *i)?;
    let before = &t[..at];
    let starts_ok = if bracketed {
        before.ends_with('(')
    } else {
        before.is_empty() || before.ends_with(char::is_whitespace)
    };
    let credit = t[at + label.len()..].trim();
    let words = credit.split_whitespace().count();
    let ok = starts_ok
        && (1..=6).contains(&words)
        && credit.chars().count() <= 50
        && !credit.ends_with(['.', '!', '?', ':'])
        && !credit.contains(['(', ')']);
    ok.then_some(credit)
}

/// Lines that open a boilerplate section running to the end of the page ("More like this",
/// "Share this page"), each with the rule its section is removed under. A marker matches a whole
/// line, whitespace-normalized, in any case.
#[derive(Debug, Clone, Default)]
pub struct TailMarkers {
    markers: Vec<(String, &'static str)>,
    /// Characters in the longest marker: a longer line is none of them.
    longest: usize,
}

impl TailMarkers {
    /// The `builtin` markers with their rules, then `extra` ones (a plugin's options) under
    /// `extra_rule`; the first marker that matches a line decides its rule.
    pub fn new(
        builtin: &[(&str, &'static str)],
        extra: &[String],
        extra_rule: &'static str,
    ) -> Self {
        let mut markers: Vec<(String, &'static str)> = builtin
            .iter()
            .map(|(m, r)| (m.to_lowercase(), *r))
            .collect();
        markers.extend(
            extra
                .iter()
                .map(|m| (normalize_space(m).to_lowercase(), extra_rule)),
        );
        let longest = markers
            .iter()
            .map(|(m, _)| m.chars().count())
            .max()
            .unwrap_or(0);
        Self { markers, longest }
    }

    /// The rule of the tail section this line opens, if it opens one.
    pub fn rule(&self, line: &str) -> Option<&'static str> {
        let l = normalize_space(line);
        // Lower-casing never makes fewer characters, so a line longer than every marker is
        // none of them, and most lines (paragraphs) are: they are not lower-cased at all.
        if l.len() > self.longest && l.chars().count() > self.longest {
            return None;
        }
        let l = l.to_lowercase();
        self.markers.iter().find(|(m, _)| *m == l).map(|(_, r)| *r)
    }
}

/// True for a line that reads as a sub-heading: a question of at most 15 words, or a short line
/// (at most 12 words) that starts with a capital or digit and has no closing punctuation.
pub fn is_heading(line: &str) -> bool {
    let t = line.trim();
    // Cheapest first: most lines are paragraphs, longer than any heading (more than 400 bytes
    // is more than 100 characters without counting them), and their words need no counting.
    if t.is_empty()
        || t.len() > 400
        || (t.len() > 100 && t.chars().count() > 100)
        || !t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    if bullet(t).is_some() {
        return false;
    }
    let words = t.split_whitespace().count();
    if t.ends_with('?') {
        return words <= 15;
    }
    let closing = [
        '.', ',', ';', ':', '!', '"', '\'', '”', '’', '…', ')', '»', '-', '–', '—',
    ];
    words <= 12 && !t.ends_with(closing) && !t.contains(". ")
}
#[cfg(test)]
mod tests {
    use super::*;

    /// [`is_heading`] with every test in its first order: the reference it must agree with.
    fn is_heading_reference(line: &str) -> bool {
        let t = line.trim();
        let words = t.split_whitespace().count();
        if t.is_empty()
            || t.chars().count() > 100
            || !t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        {
            return false;
        }
        if bullet(t).is_some() {
            return false;
        }
        if t.ends_with('?') {
            return words <= 15;
        }
        let closing = [
            '.', ',', ';', ':', '!', '"', '\'', '\u{201d}', '\u{2019}', '\u{2026}', ')', '\u{bb}',
            '-', '\u{2013}', '\u{2014}',
        ];
        words <= 12 && !t.ends_with(closing) && !t.contains(". ")
    }

    #[test]
    fn photo_credits_end_captions() {
        let cap = "Ofsted's single inspection framework was introduced last November. Picture: Phil Adams";
        assert_eq!(photo_credit(cap), Some("Phil Adams"));
        assert_eq!(
            photo_credit("Anthony Douglas CBE (Image: Knowsley Council)"),
            Some("Knowsley Council")
        );
        assert_eq!(photo_credit("Photo: iStock"), Some("iStock"));
        assert_eq!(
            photo_credit("The Picture: it shows that services improved over the years."),
            None
        );
        assert_eq!(photo_credit("No credit here"), None);
    }

    #[test]
    fn headings_are_questions_or_short_unpunctuated_lines() {
        assert!(is_heading("What was the outcome?"));
        assert!(is_heading("What’s next?"));
        assert!(is_heading("Key findings"));
        assert!(!is_heading("Ofsted’s main findings included:"));
        assert!(!is_heading("The report states this."));
        assert!(!is_heading("“Quoted words”"));
        assert!(!is_heading("lower case start"));
    }

    #[test]
    fn tail_markers_match_whole_lines_in_any_case() {
        let tail = TailMarkers::new(
            &[("More like this", "x.more"), ("Share", "x.share")],
            &["  Jobs   of the WEEK ".to_owned()],
            "x.custom",
        );
        assert_eq!(tail.rule(" more  LIKE this "), Some("x.more"));
        assert_eq!(tail.rule("jobs of the week"), Some("x.custom"));
        assert_eq!(tail.rule("Share this"), None);
        assert_eq!(tail.rule("More like this one"), None);
        assert_eq!(TailMarkers::default().rule("Share"), None);
    }

    proptest::proptest! {
        #[test]
        fn normalize_space_agrees_with_the_char_split(
            s in "[\\x00-\\x7f\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{2019}\u{e9}]{0,40}",
            t in "\\PC{0,30}",
        ) {
            proptest::prop_assert_eq!(normalize_space(&s), normalize_space_unicode(&s));
            proptest::prop_assert_eq!(normalize_space(&t), normalize_space_unicode(&t));
        }

        #[test]
        fn the_prefix_check_agrees_with_the_normalized_line(
            s in "[ \t\u{a0}\u{200b}\u{2003}]{0,3}(?:[PpBbWwDdxé기]|by |Published|posted on)?[\x00-\x7f\u{a0}\u{e9}]{0,12}",
        ) {
            let t = normalize_space(&s);
            for prefixes in [&["date", "published", "posted"][..], &["written by ", "posted by ", "by "][..]] {
                let can = prefixes.iter().any(|p| strip_prefix_ignore_case(&t, p).is_some());
                // The check may let through a line that does not start with a prefix, never
                // turn away one that does.
                proptest::prop_assert!(!can || may_start_with(&s, prefixes), "{s:?}");
                let first = t.bytes().next();
                let by_first = prefixes.iter().any(|p| {
                    first.is_some_and(|f| p.as_bytes()[0].eq_ignore_ascii_case(&f))
                });
                proptest::prop_assert_eq!(may_start_with(&s, prefixes), by_first, "{:?}", s);
            }
        }

        #[test]
        fn bullet_agrees_with_trying_each_mark(s in "[ \t\u{a0}]{0,2}[•●▪◦·*\\-–a ]?[ \t\u{a0}]?\\PC{0,10}") {
            let t = s.trim_start();
            let each = BULLETS.iter().find_map(|&m| {
                t.strip_prefix(m)
                    .filter(|rest| rest.starts_with(char::is_whitespace))
                    .map(str::trim)
            });
            proptest::prop_assert_eq!(bullet(&s), each, "{:?}", s);
        }

        #[test]
        fn is_heading_agrees_with_the_reference(
            s in "[A-Z\u{c9}1 ]?[a-z \u{a0}\u{e9}\u{4e2d}?.]{0,130}[?.:]?",
            t in "\\PC{0,120}",
        ) {
            proptest::prop_assert_eq!(is_heading(&s), is_heading_reference(&s), "{:?}", s);
            proptest::prop_assert_eq!(is_heading(&t), is_heading_reference(&t), "{:?}", t);
        }

        #[test]
        fn date_and_line_readers_never_panic(s in "\\PC*") {
            let _ = parse_date(&s);
            let _ = labelled_date(&s);
            let _ = byline(&s);
            let _ = is_heading(&s);
            let _ = iso_date_prefix(&s);
            let _ = photo_credit(&s);
        }
    }

    #[test]
    fn normalizes_nbsp_and_runs() {
        assert_eq!(normalize_space("  a\u{a0} b\t\nc  "), "a b c");
    }

    #[test]
    fn only_lines_with_nothing_to_collapse_are_taken_as_normal() {
        for normal in ["", "a b", "caf\u{e9} \u{2019}n\u{2019}", "x"] {
            assert!(is_normal_space(normal), "{normal:?}");
        }
        for not in [
            " a",
            "a ",
            "a  b",
            "a\u{a0}b",
            "a\tb",
            "a\u{200b}",
            " ",
            "a\u{3000}b",
        ] {
            assert!(!is_normal_space(not), "{not:?}");
        }
    }

    #[test]
    fn recognises_bullets_only_with_a_space() {
        assert_eq!(
            bullet("  • Latest digital issues"),
            Some("Latest digital issues")
        );
        assert_eq!(bullet("-5 degrees"), None);
        assert_eq!(bullet("plain"), None);
    }

    #[test]
    fn content_lines_skip_blanks_and_keep_numbers() {
        assert_eq!(content_lines("a\n\n  b \n"), vec![(0, "a"), (2, "b")]);
    }
}
