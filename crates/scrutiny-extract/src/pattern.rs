//! Patterns that match with ASCII word boundaries whenever a text allows it, and keyword cues that skip patterns which cannot match.
//!
//! The regex crate's lazy DFA gives up on a Unicode `\b` as soon as the text holds a non-ASCII
//! byte (a curly quote, a dash, `£`) and falls back to much slower engines. Where the text holds
//! no non-ASCII *word* character, Unicode and ASCII word boundaries fall at the same places, so
//! the ASCII form gives the same matches; the Unicode form is compiled on first need.

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

/// A pattern compiled twice: with ASCII `\b` (always) and as written (on first need).
#[derive(Debug)]
pub struct Rx {
    ascii: Regex,
    unicode: OnceLock<Option<Regex>>,
    source: Box<str>,
    bounded: bool,
}

impl Rx {
    /// Compile a pattern. Under unit tests the Unicode form is compiled too, so a pattern that
    /// could only fail later fails here.
    pub fn new(pattern: &str) -> Result<Rx, regex::Error> {
        let (ascii, bounded) = ascii_boundaries(pattern);
        if cfg!(test) && bounded {
            Regex::new(pattern)?;
        }
        Ok(Rx {
            ascii: Regex::new(&ascii)?,
            unicode: OnceLock::new(),
            source: pattern.into(),
            bounded,
        })
    }

    /// The compiled form to use on a text of this kind.
    pub fn get(&self, words: Words) -> &Regex {
        if words == Words::Ascii || !self.bounded {
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

    /// Every non-overlapping match with its groups.
    pub fn captures_iter<'r, 'h>(
        &'r self,
        words: Words,
        text: &'h str,
    ) -> regex::CaptureMatches<'r, 'h> {
        self.get(words).captures_iter(text)
    }
}

/// The pattern with every `\b` made ASCII-only, and whether it had any.
fn ascii_boundaries(pattern: &str) -> (String, bool) {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut bounded = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => {
                out.push_str(r"(?-u:\b)");
                bounded = true;
            }
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    (out, bounded)
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
    bits: Vec<u32>,
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
        Ok(Cues {
            matcher,
            bits: words.into_iter().map(|(_, b)| b).collect(),
        })
    }

    /// The groups whose patterns may match in `text`. The keywords are exact only for ASCII word
    /// characters (`(?i)` also folds `ſ` and the Kelvin sign, and `\d` has non-ASCII digits), so
    /// a text with other word characters may match anything.
    pub fn of(&self, words: Words, text: &str) -> u32 {
        if words == Words::Unicode {
            return cue::ALL;
        }
        let mut bits = 0;
        if text.bytes().any(|b| b.is_ascii_digit()) {
            bits |= cue::DIGIT;
        }
        for m in self.matcher.find_overlapping_iter(text) {
            bits |= self
                .bits
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or(cue::ALL);
        }
        bits
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
    fn boundaries_are_rewritten_outside_escapes_only() {
        assert_eq!(
            ascii_boundaries(r"(?i)\b(a|b)\.\d\b"),
            (r"(?i)(?-u:\b)(a|b)\.\d(?-u:\b)".to_owned(), true)
        );
        assert_eq!(
            ascii_boundaries(r"^(?:This)\s"),
            (r"^(?:This)\s".to_owned(), false)
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
