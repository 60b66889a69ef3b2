//! Patterns that match with ASCII word boundaries and classes whenever a text allows it, and keyword cues that skip patterns which cannot match.
//!
//! The regex crate's lazy DFA gives up on a Unicode `\b` as soon as the text holds a non-ASCII
//! byte (a curly quote, a dash, `£`) and falls back to much slower engines. Where the text holds
//! no non-ASCII *word* character, Unicode and ASCII word boundaries fall at the same places, so
//! the ASCII form gives the same matches; the Unicode form is compiled on first need. The same
//! holds for the classes whose non-ASCII members are all word characters (`\d`, `\w`,
//! `\p{Lu}`, `\p{Ll}`): on such a text they match ASCII only, and their ASCII forms make
//! smaller automata, faster to compile and to search (the name patterns' most of all).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;

/// Whether a text needs Unicode word boundaries: it does when it holds a word character outside
/// ASCII (a letter, digit or mark, as the regex crate defines `\w`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// Every word character is ASCII: ASCII `\b` is exact.
    Ascii,
    /// Some word character is not ASCII.
    Unicode,
}

impl Words {
    /// Classify a text.
    pub fn of(text: &str) -> Words {
        if text.is_ascii() {
            return Words::Ascii;
        }
        let unicode = text.chars().any(|c| {
            // An unknown answer (never, with regex-syntax's default features) counts as a word character.
            !c.is_ascii() && regex_syntax::try_is_word_character(c).unwrap_or(true)
        });
        if unicode {
            Words::Unicode
        } else {
            Words::Ascii
        }
    }
}

/// A pattern compiled twice: with ASCII `\b` and classes (always) and as written (on first need).
#[derive(Debug)]
pub struct Rx {
    ascii: Regex,
    unicode: OnceLock<Option<Regex>>,
    source: Box<str>,
    /// The ASCII form differs from the pattern as written.
    differs: bool,
}

impl Rx {
    /// Compile a pattern. Under unit tests the Unicode form is compiled too, so a pattern that
    /// could only fail later fails here.
    pub fn new(pattern: &str) -> Result<Rx, regex::Error> {
        let (ascii, differs) = ascii_form(pattern);
        if cfg!(test) && differs {
            Regex::new(pattern)?;
        }
        Ok(Rx {
            ascii: Regex::new(&ascii)?,
            unicode: OnceLock::new(),
            source: pattern.into(),
            differs,
        })
    }

    /// The compiled form to use on a text of this kind.
    pub fn get(&self, words: Words) -> &Regex {
        if words == Words::Ascii || !self.differs {
            return &self.ascii;
        }
        let unicode = self.unicode.get_or_init(|| match Regex::new(&self.source) {
            Ok(re) => Some(re),
            Err(error) => {
                // The ASCII form compiled, so this is a size limit; unit tests compile both forms.
                tracing::error!(message = "A pattern's Unicode form failed to compile; using ASCII word boundaries.", %error);
                None
            }
        });
        unicode.as_ref().unwrap_or(&self.ascii)
    }

    /// True when the pattern matches somewhere in `text`.
    pub fn is_match(&self, words: Words, text: &str) -> bool {
        self.get(words).is_match(text)
    }

    /// The leftmost match.
    pub fn find<'h>(&self, words: Words, text: &'h str) -> Option<regex::Match<'h>> {
        self.get(words).find(text)
    }

    /// Every non-overlapping match.
    pub fn find_iter<'r, 'h>(&'r self, words: Words, text: &'h str) -> regex::Matches<'r, 'h> {
        self.get(words).find_iter(text)
    }

    /// The leftmost match with its groups.
    pub fn captures<'h>(&self, words: Words, text: &'h str) -> Option<regex::Captures<'h>> {
        self.get(words).captures(text)
    }

    /// Every non-overlapping match with its groups.
    pub fn captures_iter<'r, 'h>(
        &'r self,
        words: Words,
        text: &'h str,
    ) -> regex::CaptureMatches<'r, 'h> {
        self.get(words).captures_iter(text)
    }
}

/// The pattern with every `\b` and every `\d`, `\w`, `\p{Lu}` and `\p{Ll}` made ASCII-only,
/// and whether it had any.
fn ascii_form(pattern: &str) -> (String, bool) {
    const CLASSES: &[(&str, &str)] = &[
        ("b", r"(?-u:\b)"),
        ("d", "[0-9]"),
        ("w", "[0-9A-Za-z_]"),
        ("p{Lu}", "[A-Z]"),
        ("p{Ll}", "[a-z]"),
    ];
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut differs = false;
    let mut rest = pattern;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escaped = &rest[at + 1..];
        if let Some((from, to)) = CLASSES.iter().find(|(from, _)| escaped.starts_with(from)) {
            out.push_str(to);
            differs = true;
            rest = &escaped[from.len()..];
            continue;
        }
        // Any other escape is kept whole, so `\\b` stays a backslash then `b`.
        let len = escaped.chars().next().map_or(0, char::len_utf8);
        out.push('\\');
        out.push_str(&escaped[..len]);
        rest = &escaped[len..];
    }
    out.push_str(rest);
    (out, differs)
}

/// Groups of patterns a sentence's keywords can rule out, as bits of [`Cues::of`].
pub mod cue {
    /// A month name or abbreviation (the month date patterns).
    pub const MONTH: u32 = 1;
    /// A relative date word (`DateRules`'s relative pattern).
    pub const RELATIVE: u32 = 1 << 1;
    /// "year" (`DateRules`'s "N years after" pattern).
    pub const YEARS: u32 = 1 << 2;
    /// An ASCII digit.
    pub const DIGIT: u32 = 1 << 3;
    /// Anything a date pattern needs.
    pub const DATE: u32 = MONTH | RELATIVE | YEARS | DIGIT;
    /// A rating word (`Rules::ratings`).
    pub const RATING: u32 = 1 << 4;
    /// A judgement area (`Rules::judgements`).
    pub const JUDGEMENT: u32 = 1 << 5;
    /// A role (`FactRules::people`).
    pub const PEOPLE: u32 = 1 << 6;
    /// "appointed" (`FactRules`'s "appointed as" pattern).
    pub const APPOINTED: u32 = 1 << 7;
    /// A replacement or successor (`FactRules::successors`).
    pub const SUCCESSOR: u32 = 1 << 8;
    /// A caseload (`FactRules`'s caseload pattern).
    pub const CASELOAD: u32 = 1 << 9;
    /// What a count counts (`FactRules`'s count pattern).
    pub const COUNT: u32 = 1 << 10;
    /// A percentage (`FactRules`'s percent pattern).
    pub const PERCENT: u32 = 1 << 11;
    /// A monitoring visit (`Rules::monitoring`).
    pub const MONITORING: u32 = 1 << 12;
    /// A focused visit (`Rules::focused`).
    pub const FOCUSED: u32 = 1 << 13;
    /// The fact is the article's news (`Rules::current`).
    pub const CURRENT: u32 = 1 << 14;
    /// A future or planned event (`Rules::future`).
    pub const FUTURE: u32 = 1 << 15;
    /// An inspection event (`Rules::event`).
    pub const EVENT: u32 = 1 << 16;
    /// A council's own business (`Rules::council_business`).
    pub const COUNCIL: u32 = 1 << 17;
    /// Every group.
    pub const ALL: u32 = u32::MAX;
}

/// For each group, words one of which every match of the group's patterns contains (ASCII,
/// any case). A group's patterns are run only on sentences holding one of its words. Digits are
/// found apart ([`cue::DIGIT`]): as keywords they would match at nearly every number.
const KEYWORDS: &[(u32, &[&str])] = &[
    (
        cue::MONTH,
        &[
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ],
    ),
    (
        cue::RELATIVE,
        &[
            "yesterday",
            "today",
            "this week",
            "this morning",
            "last month",
            "year",
            "recent months",
        ],
    ),
    (cue::YEARS, &["year"]),
    (
        cue::RATING,
        &[
            "requir",
            "adequate",
            "outstanding",
            "good",
            "lowest",
            "highest",
            "failing",
            "perform",
            "top ",
            "best ",
        ],
    ),
    (
        cue::JUDGEMENT,
        &[
            "protection",
            "overall",
            "need",
            "care",
            "looked",
            "adoption",
            "leader",
            "governance",
            "safeguarding",
        ],
    ),
    (
        cue::PEOPLE,
        &[
            "director",
            "chief executive",
            "member for",
            "commissioner",
            "chair",
        ],
    ),
    (cue::APPOINTED, &["appointed"]),
    (cue::SUCCESSOR, &["replacement", "successor"]),
    (cue::CASELOAD, &["averag", "caseload"]),
    (
        cue::COUNT,
        &[
            "workers",
            "children",
            "care leaver",
            "referrals",
            "vacancies",
        ],
    ),
    (cue::PERCENT, &["per cent", "percent", "%"]),
    (cue::MONITORING, &["monitoring"]),
    (cue::FOCUSED, &["focused visit"]),
    (
        cue::CURRENT,
        &[
            "now",
            "today",
            "yesterday",
            "this week",
            "fresh",
            "latest",
            "newly",
            "has found",
            "have found",
            "has been rated",
            "have been rated",
            "has rated",
            "have rated",
            "new report",
        ],
    ),
    (
        cue::FUTURE,
        &[
            "will",
            "next",
            "planned",
            "ahead of",
            "upcoming",
            "expected to",
            "is due",
            "are due",
            "in the future",
            "plans to",
        ],
    ),
    (
        cue::EVENT,
        &[
            "ofsted",
            "inspect",
            "report",
            "visit",
            "judgement",
            "rating",
            "rated",
        ],
    ),
    (
        cue::COUNCIL,
        &[
            "meeting",
            "committee",
            "scrutiny",
            "debate",
            "hearing",
            "conference",
            "consultation",
            "election",
            "budget",
            "full council",
        ],
    ),
];

/// One pass of keywords over a sentence, telling which pattern groups can match in it.
#[derive(Debug)]
pub struct Cues {
    matcher: AhoCorasick,
    /// The keywords, each once, and the groups each cues.
    words: Vec<(&'static str, u32)>,
}

impl Cues {
    /// Build the keyword matcher.
    pub fn new() -> Result<Cues, aho_corasick::BuildError> {
        let mut words: Vec<(&str, u32)> = Vec::new();
        for &(bit, list) in KEYWORDS {
            for &w in list {
                match words.iter_mut().find(|(x, _)| *x == w) {
                    Some(entry) => entry.1 |= bit,
                    None => words.push((w, bit)),
                }
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(words.iter().map(|(w, _)| w))?;
        Ok(Cues { matcher, words })
    }

    /// The groups whose patterns may match in `text`. The keywords are exact only for ASCII word
    /// characters (`(?i)` also folds `ſ` and the Kelvin sign, and `\d` has non-ASCII digits), so
    /// a text with other word characters may match anything.
    pub fn of(&self, words: Words, text: &str) -> u32 {
        if words == Words::Unicode {
            return cue::ALL;
        }
        let mut bits = digits(text);
        for m in self.matcher.find_overlapping_iter(text) {
            bits |= self
                .words
                .get(m.pattern().as_usize())
                .map_or(cue::ALL, |w| w.1);
        }
        bits
    }
}

fn digits(text: &str) -> u32 {
    if text.bytes().any(|b| b.is_ascii_digit()) {
        cue::DIGIT
    } else {
        0
    }
}

/// The cue keywords and the gazetteer's names in one pass over a sentence: both searches
/// read every byte of every sentence, and one automaton reads it once.
#[derive(Debug)]
pub struct Scan {
    matcher: AhoCorasick,
    /// Per keyword (the first patterns), its groups; the names follow.
    bits: Vec<u32>,
}

/// What one [`Scan`] found in a sentence.
#[derive(Debug, Default)]
pub struct Scanned {
    /// As [`Cues::of`].
    pub cues: u32,
    /// Every match of a name: `(start, end, index in the names)`, overlaps included.
    pub names: Vec<(usize, usize, usize)>,
}

impl Scan {
    /// One matcher over `cues`'s keywords and `names` (both ASCII case-insensitive).
    pub fn new(cues: &Cues, names: &[String]) -> Result<Scan, aho_corasick::BuildError> {
        let patterns = cues
            .words
            .iter()
            .map(|w| w.0)
            .chain(names.iter().map(String::as_str));
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns)?;
        Ok(Scan {
            matcher,
            bits: cues.words.iter().map(|w| w.1).collect(),
        })
    }

    /// The cue groups of `text` (as [`Cues::of`]) and every match of a name in it.
    pub fn of(&self, words: Words, text: &str) -> Scanned {
        let mut found = Scanned {
            cues: digits(text),
            names: Vec::new(),
        };
        for m in self.matcher.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            match self.bits.get(p) {
                Some(&bits) => found.cues |= bits,
                None => found.names.push((m.start(), m.end(), p - self.bits.len())),
            }
        }
        if words == Words::Unicode {
            found.cues = cue::ALL;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_ascii_unless_a_word_character_is_not() {
        assert_eq!(Words::of("plain text"), Words::Ascii);
        assert_eq!(
            Words::of("rated \u{201c}good\u{201d} \u{2013} \u{a3}5"),
            Words::Ascii
        );
        assert_eq!(Words::of("Zo\u{eb} was rated good"), Words::Unicode);
        assert_eq!(
            Words::of("good\u{301}"),
            Words::Unicode,
            "a combining mark is a word character"
        );
        assert_eq!(Words::of("\u{17f}"), Words::Unicode);
    }

    #[test]
    fn boundaries_and_classes_are_rewritten_outside_escapes_only() {
        assert_eq!(
            ascii_form(r"(?i)\b(a|b)\.\d\b"),
            (r"(?i)(?-u:\b)(a|b)\.[0-9](?-u:\b)".to_owned(), true)
        );
        assert_eq!(
            ascii_form(r"^(?:This)\s\\b\p{L}"),
            (r"^(?:This)\s\\b\p{L}".to_owned(), false)
        );
        assert_eq!(
            ascii_form(r"\p{Lu}\p{Ll}+[\w\d-]é"),
            (r"[A-Z][a-z]+[[0-9A-Za-z_][0-9]-]é".to_owned(), true)
        );
    }

    #[test]
    fn both_forms_agree_where_the_ascii_form_is_used() {
        let rx = Rx::new(r"(?i)\bgood\b").unwrap();
        let unicode = Regex::new(r"(?i)\bgood\b").unwrap();
        for text in [
            "rated \u{201c}good\u{201d}",
            "\u{e9}good",
            "good\u{301} news",
            "GOOD",
            "goods",
            "\u{2013}good\u{2013}",
            "",
        ] {
            let w = Words::of(text);
            assert_eq!(rx.is_match(w, text), unicode.is_match(text), "{text:?}");
        }
        // The classes: a name of capitalised words, a count, a word.
        let pattern = r"(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+) (\d+) (\w+)";
        let (rx, unicode) = (Rx::new(pattern).unwrap(), Regex::new(pattern).unwrap());
        for text in [
            "Jo Smith 12 cases",
            "J\u{f3} Smith 12 cases",
            "\u{c9}mile Zola 3 x",
            "Jo \u{2013} Smith 12 cases",
            "Jo\u{a0}Smith 12 caf\u{e9}",
            "Jo Smith \u{661}\u{662} cases",
            "Jo SMITH 12 cases",
            "Dr Ana Lee, 7 \u{2018}now\u{2019}",
        ] {
            let w = Words::of(text);
            let got = rx
                .captures_iter(w, text)
                .map(|c| c.get(0).map(|m| m.range()))
                .collect::<Vec<_>>();
            let want = unicode
                .captures_iter(text)
                .map(|c| c.get(0).map(|m| m.range()))
                .collect::<Vec<_>>();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn cues_find_keywords_in_any_case_and_everything_in_unicode_text() {
        let cues = Cues::new().unwrap();
        let bits = cues.of(
            Words::Ascii,
            "Rated GOOD in March 2019 by the Chief Executive",
        );
        assert_ne!(bits & cue::RATING, 0);
        assert_ne!(bits & cue::DATE, 0);
        assert_ne!(bits & cue::DIGIT, 0);
        assert_ne!(bits & cue::PEOPLE, 0);
        assert_eq!(
            bits & (cue::JUDGEMENT | cue::MONITORING | cue::SUCCESSOR | cue::YEARS),
            0
        );
        assert_eq!(cues.of(Words::Unicode, "x"), cue::ALL);
        assert_eq!(cues.of(Words::Ascii, "nothing here"), 0);
    }
}
