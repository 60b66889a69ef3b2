//! Sentences and clauses: the units claims are read from, with their byte spans in the body.

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
        i += 1;
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

/// Split a sentence (by byte span) into clauses. `has_rating(start, end)` says whether a span holds
/// a rating. An opening "While/Although …," subordinate clause is always its own clause.
pub fn clauses(
    text: &str,
    start: usize,
    end: usize,
    has_rating: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let s = &text[start..end];
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for pat in CLAUSE_BREAKS {
        for (i, _) in s.match_indices(pat) {
            // The break keeps its connective word in the following clause.
            let lead = pat.len()
                - pat
                    .trim_start_matches([',', ';', ' ', '-', '\u{2013}'])
                    .len();
            cuts.push((start + i, start + i + lead));
        }
    }
    let lower = s.to_lowercase();
    if ["while ", "whilst ", "although ", "though "]
        .iter()
        .any(|w| lower.starts_with(w))
    {
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
        let opener = from == start
            && ["while ", "whilst ", "although ", "though "]
                .iter()
                .any(|w| lower.starts_with(w));
        if opener || has_rating(from, cut) {
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
    fn clauses_split_only_after_a_rating() {
        let s = "Birmingham, Coventry, and Slough were rated good, while Bournemouth received inadequate";
        let rated = |a: usize, b: usize| s[a..b].contains("good") || s[a..b].contains("inadequate");
        let parts: Vec<&str> = clauses(s, 0, s.len(), rated)
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
