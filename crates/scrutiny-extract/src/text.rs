//! Sentences and clauses: the units claims are read from, with their byte spans in the body.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A sentence of the body: its byte span, its paragraph and its place in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Index of the paragraph (block) it sits in.
    pub paragraph: usize,
}

const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Cllr", "St", "Prof", "No", "Rev", "Sgt", "Insp", "Supt", "Gov", "Co",
    "Ltd", "e.g", "i.e", "etc", "vs",
];

/// Split a body into sentences. Paragraphs are separated by a blank line (a single line break
/// also ends a sentence: plain-text pages often break lines between paragraphs).
pub fn sentences(body: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut para_start = 0;
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut start = 0;
    let push = |out: &mut Vec<Sentence>, s: usize, e: usize, p: usize| {
        let text = &body[s..e];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        if e - trail > s + lead {
            out.push(Sentence {
                start: s + lead,
                end: e - trail,
                paragraph: p,
            });
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            push(&mut out, start, i, paragraph);
            let blank = body[para_start..i].trim().is_empty();
            if bytes.get(i + 1) == Some(&b'\n') || !blank {
                paragraph += 1;
            }
            while i < bytes.len() && bytes[i] == b'\n' {
                i += 1;
            }
            start = i;
            para_start = i;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            // Closing quotes and brackets stay with the sentence they end.
            let mut j = i + 1;
            while let Some(c) = body[j..].chars().next() {
                if matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')') {
                    j += c.len_utf8();
                } else {
                    break;
                }
            }
            let rest = &body[j..];
            let spaced = rest.starts_with(' ') || rest.starts_with('\t');
            let next = rest.trim_start_matches([' ', '\t']).chars().next();
            let opens = next.is_some_and(|c| {
                c.is_uppercase() || c.is_ascii_digit() || "\"'\u{201c}\u{2018}(".contains(c)
            });
            let word = body[start..i]
                .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                .next()
                .unwrap_or("");
            let abbreviation = b == b'.'
                && (ABBREVIATIONS.contains(&word)
                    || (word.len() == 1 && word.chars().all(char::is_uppercase)));
            if spaced && opens && !abbreviation {
                push(&mut out, start, j, paragraph);
                start = j;
                i = j;
                continue;
            }
        }
        // Only a line break or `.`, `!`, `?` can end a sentence: jump to the next one.
        i += 1;
        i += bytes
            .get(i..)
            .and_then(|rest| {
                rest.iter()
                    .position(|&c| matches!(c, b'\n' | b'.' | b'!' | b'?'))
            })
            .unwrap_or(bytes.len().saturating_sub(i));
    }
    push(&mut out, start, body.len(), paragraph);
    // Paragraph numbers only grow; renumber densely from 0.
    let mut last = None;
    let mut n = 0;
    for s in &mut out {
        if let Some(prev) = last {
            if s.paragraph != prev {
                n += 1;
            }
        }
        last = Some(s.paragraph);
        s.paragraph = n;
    }
    out
}

/// Where a clause may end: after a rating, these start a new predication ("…, while Bournemouth
/// and Herefordshire received …"). A split is taken only when the text before it holds a rating,
/// so that lists ("Birmingham, Coventry, and Slough were …") stay whole.
pub const CLAUSE_BREAKS: &[&str] = &[
    ", while ",
    ", whilst ",
    ", whereas ",
    ", with ",
    ", and ",
    ", but ",
    "; ",
    ", in which ",
    ", which ",
    ", when ",
    " while ",
    " whereas ",
    " but ",
    " - with ",
    " \u{2013} with ",
    ", although ",
    ", though ",
];

/// The [`CLAUSE_BREAKS`] matcher: one pass finds every break that `str::match_indices` would
/// find for each break on its own.
#[derive(Debug)]
pub struct Breaks {
    matcher: AhoCorasick,
    /// Per break: bytes of punctuation and space before its connective word.
    lead: Vec<usize>,
}

impl Breaks {
    /// Build the matcher.
    pub fn new() -> Result<Breaks, aho_corasick::BuildError> {
        Ok(Breaks {
            matcher: AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(CLAUSE_BREAKS)?,
            lead: CLAUSE_BREAKS
                .iter()
                .map(|p| p.len() - p.trim_start_matches([',', ';', ' ', '-', '\u{2013}']).len())
                .collect(),
        })
    }

    /// Every break in `s` as `(byte offset, index in CLAUSE_BREAKS)`: per break, its
    /// non-overlapping occurrences from the left (as `match_indices` gives them), in no set order.
    pub fn find(&self, s: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut next_free = [0usize; CLAUSE_BREAKS.len()];
        // Overlapping search reports every occurrence; for one break they come in order of
        // position, so keeping those that start after the last kept one ends is match_indices.
        for m in self.matcher.find_overlapping_iter(s) {
            let p = m.pattern().as_usize();
            let Some(free) = next_free.get_mut(p) else {
                continue;
            };
            if m.start() >= *free {
                *free = m.end();
                out.push((m.start(), p));
            }
        }
        out
    }

    /// Bytes of punctuation and space before the connective word of break `p`.
    fn lead(&self, p: usize) -> usize {
        self.lead.get(p).copied().unwrap_or(0)
    }
}

/// Whether `s` lower-cased starts with `prefix` (ASCII lower-case), lower-casing only as much of
/// `s` as the comparison needs.
pub fn starts_with_lower(s: &str, prefix: &str) -> bool {
    let (head, want) = (s.as_bytes().get(..prefix.len()), prefix.as_bytes());
    if let Some(head) = head.filter(|h| h.is_ascii()) {
        // ASCII chars lower-case one to one.
        return head.eq_ignore_ascii_case(want);
    }
    let mut lower = String::with_capacity(prefix.len() + 4);
    for c in s.chars() {
        if lower.len() >= prefix.len() {
            break;
        }
        lower.extend(c.to_lowercase());
    }
    lower.starts_with(prefix)
}

const OPENERS: [&str; 4] = ["while ", "whilst ", "although ", "though "];

/// Split a sentence (by byte span) into clauses. `has_rating(start, end)` says whether a span holds
/// a rating (so a span inside one without a rating has none). An opening "While/Although …," subordinate clause is always its own clause.
pub fn clauses(
    text: &str,
    start: usize,
    end: usize,
    breaks: &Breaks,
    has_rating: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let s = &text[start..end];
    let opener = OPENERS.iter().any(|w| starts_with_lower(s, w));
    // A break is taken only after a rating or an opener: with neither, the sentence is one clause.
    if !opener && !has_rating(start, end) {
        return vec![(start, end)];
    }
    let mut cuts: Vec<(usize, usize)> = breaks
        .find(s)
        .into_iter()
        // The break keeps its connective word in the following clause.
        .map(|(i, p)| (start + i, start + i + breaks.lead(p)))
        .collect();
    if opener {
        if let Some(i) = s.find(", ") {
            cuts.push((start + i, start + i + 2));
        }
    }
    cuts.sort();
    cuts.dedup_by_key(|c| c.0);
    let mut out = Vec::new();
    let mut from = start;
    for (cut, next) in cuts {
        if cut <= from {
            continue;
        }
        if (opener && from == start) || has_rating(from, cut) {
            out.push((from, cut));
            from = next;
        }
    }
    out.push((from, end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        sentences(body)
            .iter()
            .map(|s| &body[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_sentences_and_keeps_closing_quotes() {
        let body = "Cllr. Smith said: \u{201c}It is bad.\u{201d} Mr. Jones left. The report states it.\n\nNew paragraph";
        assert_eq!(
            texts(body),
            [
                "Cllr. Smith said: \u{201c}It is bad.\u{201d}",
                "Mr. Jones left.",
                "The report states it.",
                "New paragraph"
            ]
        );
        let s = sentences(body);
        assert_eq!((s[2].paragraph, s[3].paragraph), (0, 1));
    }

    #[test]
    fn a_single_line_break_ends_a_sentence() {
        assert_eq!(
            texts("First line\nSecond line."),
            ["First line", "Second line."]
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for body in ["", ".", "\n\n\n", "é. É", "a.\u{201d}", "..."] {
            let _ = sentences(body);
        }
    }

    #[test]
    fn breaks_are_found_as_match_indices_finds_them() {
        let breaks = Breaks::new().unwrap();
        for s in [
            "good, while bad, and worse; fine",
            " while while  but but, with x \u{2013} with y - with z",
            ", and , and , and ",
            "",
            "no break here",
        ] {
            let mut want: Vec<(usize, usize)> = CLAUSE_BREAKS
                .iter()
                .enumerate()
                .flat_map(|(p, pat)| s.match_indices(pat).map(move |(i, _)| (i, p)))
                .collect();
            let mut got = breaks.find(s);
            want.sort();
            got.sort();
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn lower_case_prefixes() {
        assert!(starts_with_lower("While it was", "while "));
        assert!(starts_with_lower("WHILST x", "whilst "));
        assert!(!starts_with_lower("Whilst", "whilst "));
        assert!(!starts_with_lower("\u{130}f", "if"));
        assert!(starts_with_lower("anything", ""));
    }

    #[test]
    fn clauses_split_only_after_a_rating() {
        let s = "Birmingham, Coventry, and Slough were rated good, while Bournemouth received inadequate";
        let rated = |a: usize, b: usize| s[a..b].contains("good") || s[a..b].contains("inadequate");
        let parts: Vec<&str> = clauses(s, 0, s.len(), &Breaks::new().unwrap(), rated)
            .iter()
            .map(|&(a, b)| &s[a..b])
            .collect();
        assert_eq!(
            parts,
            [
                "Birmingham, Coventry, and Slough were rated good",
                "while Bournemouth received inadequate"
            ]
        );
    }
}
