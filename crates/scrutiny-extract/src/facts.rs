//! People in roles and statistics: the facts around the judgements.

use crate::pattern::{Rx, Words, cue};

/// A person named with a role in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name, without honorifics and titles.
    pub name: String,
    /// The role, lower-cased, as written.
    pub role: String,
    /// Byte span of the role in the sentence (to find an authority named in or before it).
    pub role_span: (usize, usize),
    /// Byte span of the name in the sentence.
    pub name_span: (usize, usize),
    /// The words right after the name say the person took the role up ("was appointed", "took over").
    pub starts: bool,
    /// The words right after the name say the person left the role ("stood down", "resigned").
    pub ends: bool,
}

/// A person said to take over a role named before ("A permanent replacement – Paul Boyce – took
/// over the role in October 2013"): the role is the one the person who left held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Successor {
    /// The name, without honorifics and titles.
    pub name: String,
    /// Byte span of the name in the sentence.
    pub name_span: (usize, usize),
}

/// A number with what it measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistic {
    /// What is counted or measured.
    pub what: String,
    /// The value as written (`20`, `51%`).
    pub value: String,
    /// Byte offset of the number.
    pub start: usize,
}

/// The compiled patterns for people and statistics.
#[derive(Debug)]
pub struct FactRules {
    role_then_name: Rx,
    name_then_role: Rx,
    appointed_as: Rx,
    successor: Rx,
    starts: Rx,
    ends: Rx,
    percent: Rx,
    measure: Rx,
    caseload: Rx,
    count: Rx,
}

const ROLE: &str = r"(?:(?:former|interim|acting|part-time|permanent|new|executive|corporate|strategic|deputy|independent|the|an?)\s+)*(?:director of children['\u2019]s (?:services|social care)|director of people(?:['\u2019]s)? services|director of people|executive director\s*[\u2013\u2014-]\s*children['\u2019]s(?: services)?|chief executive(?: officer)?|(?:cabinet|lead|portfolio) member for [a-z\u2019'& ]*?(?:children['\u2019]s services|children and (?:young people|families)|education|children)|chair(?:man|woman|person)? of (?:the |its |[a-z\u2019']+ )*?improvement board|improvement board chair|children['\u2019]s (?:services )?commissioner|commissioner for children['\u2019]s services|children['\u2019]s services commissioner|(?:independent )?chair)";
const NAME: &str = r"(?:(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Professor|Prof|Sir|Dame)\.?\s+)?(\p{Lu}\p{Ll}+(?:[-'\u2019]\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\p{Ll}+(?:[-'\u2019]\p{Lu}\p{Ll}+)?){1,2})(?:\s+(?:CBE|OBE|MBE))?";

/// Capitalised words that are never part of a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "Children",
    "Childrens",
    "Services",
    "Service",
    "Council",
    "Ofsted",
    "The",
    "Cabinet",
    "Member",
    "Director",
    "Chief",
    "Executive",
    "Chair",
    "Board",
    "Department",
    "Education",
    "County",
    "Borough",
    "City",
    "Improvement",
    "Independent",
    "Local",
    "Authority",
    "Care",
    "Social",
    "Inspectors",
    "Government",
    "Young",
    "People",
    "North",
    "South",
    "East",
    "West",
    "Metropolitan",
    "Trust",
    "In",
    "A",
    "An",
    "Of",
    "And",
    "For",
    "It",
    "This",
    "He",
    "She",
    "They",
    "Mash",
    "Said",
];

impl FactRules {
    /// Compile the patterns.
    pub fn new() -> Result<Self, crate::Error> {
        Ok(Self {
            role_then_name: Rx::new(&format!(r"(?i:({ROLE}))\s*[,\u2013\u2014-]?\s*{NAME}"))?,
            name_then_role: Rx::new(&format!(
                r"{NAME},\s+([^.;:\u201c\x22]{{0,80}}?)(?i:({ROLE}))"
            ))?,
            appointed_as: Rx::new(&format!(
                r"{NAME}\s+(?:was|has been|had been)\s+appointed\b[^.;]{{0,40}}?\bas\s+(?i:({ROLE}))"
            ))?,
            successor: Rx::new(&format!(
                r"(?i:\b(?:replacement|successor))\s*[,\u2013\u2014-]?\s*{NAME}\s*[,\u2013\u2014-]?\s*(?i:(?:took over|takes over|has taken over|took up|has taken up|stepped into)\s+(?:the|that|this)\s+(?:role|post|position|job))\b"
            ))?,
            starts: Rx::new(
                r"(?i)\b(?:appointed|took over|takes over|joined|started|became|named as|took up)\b",
            )?,
            ends: Rx::new(
                r"(?i)\b(?:stood down|stepped down|steps down|resigned|left|retired|departed|quit)\b",
            )?,
            percent: Rx::new(
                r"(?i)\b(\d{1,3}(?:\.\d+)?)\s*(?:per cent|percent|%)\)?\s+of\s+((?:[a-z'\u2019-]+\s+){0,9}?[a-z'\u2019-]+)(?:[,.;:)]|$)",
            )?,
            // A share is a statistic of children's services only when it is a share of what
            // they count: children, families, staff, cases; "25% of authorities" is a league
            // table's, "0.68% higher" a market's.
            measure: Rx::new(
                r"(?i)\b(?:children|child|young people|families|care leavers|social workers|workers|staff|posts|vacancies|cases|caseloads?|referrals|assessments|plans|placements|visits)\b",
            )?,
            caseload: Rx::new(
                r"(?i)\b(?:averag(?:e|ing)(?: of)?|average caseloads? of|caseloads? of)\s+(\d{1,3})\s+(?:cases|children)\b",
            )?,
            count: Rx::new(
                r"(?i)\b(\d{1,5})\s+((?:new |more |additional |agency |permanent |qualified |newly qualified )*(?:social workers|agency (?:social )?workers|children in care|looked[- ]after children|care leavers|children on child protection plans|referrals|vacancies)(?: in the (?:last|past) (?:year|12 months))?)",
            )?,
        })
    }

    /// People named with a role in a sentence.
    ///
    /// `cues` are the sentence's [`crate::pattern::Cues`]: a pattern whose keywords it lacks is skipped.
    pub fn people(&self, words: Words, cues: u32, s: &str) -> Vec<Person> {
        if cues & cue::PEOPLE == 0 {
            return Vec::new();
        }
        let mut out: Vec<Person> = Vec::new();
        let mut push = |name: regex::Match<'_>, role: regex::Match<'_>| {
            if !plausible_name(name.as_str()) || out.iter().any(|p| p.name == name.as_str()) {
                return;
            }
            // Only the words right after the name tell what this person did: one sentence may
            // have one director leave and the next arrive.
            let mut end = (name.end() + 40).min(s.len());
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            let after = &s[name.end()..end];
            out.push(Person {
                name: name.as_str().to_owned(),
                role: clean_role(role.as_str()),
                role_span: (role.start(), role.end()),
                name_span: (name.start(), name.end()),
                starts: self.starts.is_match(words, after),
                ends: self.ends.is_match(words, after),
            });
        };
        let found = (cues & cue::APPOINTED != 0).then(|| self.appointed_as.captures_iter(words, s));
        for c in found.into_iter().flatten() {
            if let (Some(n), Some(r)) = (c.get(1), c.get(2)) {
                push(n, r);
            }
        }
        for c in self.name_then_role.captures_iter(words, s) {
            if let (Some(n), Some(r)) = (c.get(1), c.get(3)) {
                push(n, r);
            }
        }
        for c in self.role_then_name.captures_iter(words, s) {
            if let (Some(r), Some(n)) = (c.get(1), c.get(2)) {
                push(n, r);
            }
        }
        out
    }

    /// People said to take over a role named before, as someone's replacement or successor.
    pub fn successors(&self, words: Words, s: &str) -> Vec<Successor> {
        self.successor
            .captures_iter(words, s)
            .filter_map(|c| c.get(1))
            .filter(|n| plausible_name(n.as_str()))
            .map(|n| Successor {
                name: n.as_str().to_owned(),
                name_span: (n.start(), n.end()),
            })
            .collect()
    }

    /// Statistics stated in a sentence.
    ///
    /// `cues` are the sentence's [`crate::pattern::Cues`]: a pattern whose keywords it lacks is skipped.
    pub fn statistics(&self, words: Words, cues: u32, s: &str) -> Vec<Statistic> {
        let mut out = Vec::new();
        if cues & cue::DIGIT == 0 {
            return out;
        }
        let has = |group: u32| cues & group != 0;
        let found = has(cue::CASELOAD).then(|| self.caseload.captures_iter(words, s));
        for c in found.into_iter().flatten() {
            if let Some(n) = c.get(1) {
                out.push(Statistic {
                    what: "average social worker caseload".into(),
                    value: n.as_str().into(),
                    start: n.start(),
                });
            }
        }
        let found = has(cue::COUNT).then(|| self.count.captures_iter(words, s));
        for c in found.into_iter().flatten() {
            if let (Some(n), Some(w)) = (c.get(1), c.get(2)) {
                if out.iter().any(|x: &Statistic| x.start == n.start()) {
                    continue;
                }
                out.push(Statistic {
                    what: w.as_str().to_lowercase(),
                    value: n.as_str().into(),
                    start: n.start(),
                });
            }
        }
        let found = has(cue::PERCENT).then(|| self.percent.captures_iter(words, s));
        for c in found.into_iter().flatten() {
            if let (Some(n), Some(w)) = (c.get(1), c.get(2)) {
                if !self.measure.is_match(words, w.as_str()) {
                    continue;
                }
                out.push(Statistic {
                    what: format!("share of {}", w.as_str().to_lowercase()),
                    value: format!("{}%", n.as_str()),
                    start: n.start(),
                });
            }
        }
        out.sort_by_key(|x| x.start);
        out
    }
}

fn plausible_name(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        !NOT_NAME_WORDS.contains(&w.trim_end_matches(['\'', '\u{2019}', 's']))
            && !NOT_NAME_WORDS.contains(&w)
    })
}

fn clean_role(role: &str) -> String {
    let role = role.replace('\u{2019}', "'").to_lowercase();
    let role = role.trim();
    let role = role
        .strip_prefix("the ")
        .or_else(|| role.strip_prefix("an "))
        .or_else(|| role.strip_prefix("a "))
        .unwrap_or(role);
    let role = role.split_whitespace().collect::<Vec<_>>().join(" ");
    let role = role
        .replace(" \u{2013} ", " - ")
        .replace(" \u{2014} ", " - ");
    // "executive director - children's": the press-release style of the DCS title.
    if let Some(rest) = role
        .strip_suffix(" - children's")
        .or_else(|| role.strip_suffix(" - children's services"))
    {
        return format!("{rest} of children's services");
    }
    role
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(s: &str) -> Vec<(String, String, bool, bool)> {
        FactRules::new()
            .unwrap()
            .people(Words::of(s), cue::ALL, s)
            .into_iter()
            .map(|p| (p.name, p.role, p.starts, p.ends))
            .collect()
    }

    fn person(name: &str, role: &str, starts: bool, ends: bool) -> (String, String, bool, bool) {
        (name.into(), role.into(), starts, ends)
    }

    #[test]
    fn role_before_name() {
        assert_eq!(
            people(
                "In April 2012, former director of children\u{2019}s services Damien Allen stood down after seven years in the role."
            ),
            [person(
                "Damien Allen",
                "former director of children's services",
                false,
                true
            )]
        );
        assert_eq!(
            people("North Tyneside director of children's services Jacqui Old said: \"Our focus\""),
            [person(
                "Jacqui Old",
                "director of children's services",
                false,
                false
            )]
        );
        assert_eq!(
            people(
                "leadership was provided by the Chief Executive, Mike Harden, Cabinet Member for Children\u{2019}s Services, Cllr Gary See and Executive Director \u{2013} Children\u{2019}s, Paul Boyce."
            ),
            [
                person("Mike Harden", "chief executive", false, false),
                person(
                    "Gary See",
                    "cabinet member for children's services",
                    false,
                    false
                ),
                person(
                    "Paul Boyce",
                    "executive director of children's services",
                    false,
                    false
                )
            ]
        );
    }

    #[test]
    fn name_before_role_and_appointments() {
        assert_eq!(
            people(
                "Councillor Margaret Harvey, Knowsley Council cabinet member for children's services, said: \"Naturally\""
            ),
            [person(
                "Margaret Harvey",
                "cabinet member for children's services",
                false,
                false
            )]
        );
        assert_eq!(
            people(
                "the post remaining vacant until Eleni Ioannides was appointed in March 2013 as a part-time interim director of people services."
            ),
            [person(
                "Eleni Ioannides",
                "part-time interim director of people services",
                true,
                false
            )]
        );
    }

    #[test]
    fn a_replacement_taking_over_the_role() {
        let rules = FactRules::new().unwrap();
        let names = |s: &str| -> Vec<String> {
            rules
                .successors(Words::of(s), s)
                .into_iter()
                .map(|p| p.name)
                .collect()
        };
        assert_eq!(
            names(
                "A permanent replacement \u{2013} Paul Boyce \u{2013} took over the role in October 2013."
            ),
            ["Paul Boyce"]
        );
        assert_eq!(
            names("His successor, Jane Smith, took up the post last week."),
            ["Jane Smith"]
        );
        // No replacement named, or no role taken over: nothing.
        assert!(names("Paul Boyce took over the role in October 2013.").is_empty());
        assert!(names("A replacement for Paul Boyce has not been found.").is_empty());
        assert!(
            names("A replacement \u{2013} Children Services \u{2013} took over the role.")
                .is_empty()
        );
    }

    #[test]
    fn shares_of_what_is_not_counted_in_childrens_services_are_not_statistics() {
        let rules = FactRules::new().unwrap();
        for s in [
            "Japan's Nikkei futures closed 0.68% higher on the day.",
            "As of today, 39 of the 153 authorities (25%) are top graded.",
            "That puts it among the top 25% of authorities nationwide.",
        ] {
            assert!(
                rules.statistics(Words::Ascii, cue::ALL, s).is_empty(),
                "{s}"
            );
        }
        let got = rules.statistics(
            Words::Ascii,
            cue::ALL,
            "Around 25% of children in the borough are living in poverty.",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].value, "25%");
    }

    #[test]
    fn statistics_with_what_they_measure() {
        let rules = FactRules::new().unwrap();
        let got: Vec<(String, String)> = rules
            .statistics(Words::Ascii, cue::ALL, "with social workers now averaging 20 cases, while 61 new social workers in the last year joined and more than half (51 per cent) of social workers having qualified less than two years ago.")
            .into_iter()
            .map(|s| (s.what, s.value))
            .collect();
        assert_eq!(
            got,
            [
                ("average social worker caseload".to_owned(), "20".to_owned()),
                (
                    "new social workers in the last year".to_owned(),
                    "61".to_owned()
                ),
                (
                    "share of social workers having qualified less than two years ago".to_owned(),
                    "51%".to_owned()
                )
            ]
        );
    }
}
