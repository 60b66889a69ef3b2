//! The phrase rules: ratings (with negation), judgement areas, visits, and the cues around them.

use scrutiny_core::{Judgement, Rating};

use crate::dates::DateRules;
use crate::pattern::{Cues, Rx, Words};
use crate::text::Breaks;

/// A rating word or phrase in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingMention {
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The grade it names.
    pub rating: Rating,
    /// Said as not holding ("no longer inadequate", "move out of 'inadequate'").
    pub negated: bool,
    /// A band of the annual ratings of 2008-2011 ("performs poorly", "performing well").
    pub annual: bool,
    /// In quotation marks.
    pub quoted: bool,
    /// "good", "outstanding" or "adequate" said only after a copula ("services are now good"):
    /// a grade only when what it is said of is a council's services or one of their areas.
    pub copular: bool,
}

/// A judgement-area phrase in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JudgementMention {
    /// Byte offset of its start.
    pub start: usize,
    /// The area it names; `LookedAfter` and `Safeguarding` are read as pre-2013 only by the caller.
    pub judgement: Judgement,
}

/// Every compiled pattern the extractor uses.
#[derive(Debug)]
pub struct Rules {
    /// Date patterns.
    pub dates: DateRules,
    /// Keywords that rule pattern groups out of a sentence.
    pub cues: Cues,
    /// Where clauses may break.
    pub breaks: Breaks,
    rating: Rx,
    rating_cue_before: Rx,
    rating_cue_after: Rx,
    copula_cue: Rx,
    adjective_after: Rx,
    coordinated_cue: Rx,
    failing_cue: Rx,
    inspection_context: Rx,
    negation: Rx,
    judgements: Vec<(Rx, Judgement)>,
    /// Monitoring visits.
    pub monitoring: Rx,
    /// Focused visits.
    pub focused: Rx,
    /// Future or planned events are not facts yet.
    pub future: Rx,
    /// The fact is the article's news.
    pub current: Rx,
    /// A sentence about an earlier state of affairs ("previously", "the last inspection").
    pub past_reference: Rx,
    /// A back-reference to the article's authority.
    pub anaphor: Rx,
    /// A back-reference to the last two authorities named.
    pub both: Rx,
    /// Framework names.
    pub sif: Rx,
    /// Framework names.
    pub ilacs: Rx,
    /// A sentence about an inspection event, whose date the next sentence may take up.
    pub event: Rx,
    /// Ofsted, its inspectors or an inspection is the subject ("a damning Ofsted report").
    pub ofsted: Rx,
    /// What Ofsted produces or does: a report, an inspection, a visit.
    pub inspection_event: Rx,
    /// Events of a council's own business, whose dates are not an inspection's ("a meeting of
    /// Knowsley Council on 16 July").
    pub council_business: Rx,
    /// The clause reader's words.
    pub(crate) lexicon: crate::clause::Lexicon,
    /// An earlier inspection dated: "since its last inspection in 2018", "received a damning
    /// inspection report".
    pub(crate) earlier_inspection: Rx,
    /// A year given to what is published: "the 2011 annual children's services assessments".
    pub(crate) published_year: Rx,
    /// The judgement stage's patterns.
    pub(crate) judgement: crate::judgement::JudgementRules,
    /// What a page is about.
    pub(crate) topic: crate::topic::TopicRules,
}

impl Rules {
    /// Compile every pattern.
    pub fn new() -> Result<Self, crate::Error> {
        let j = |p: &str, judgement| Rx::new(&format!("(?i){p}")).map(|r| (r, judgement));
        Ok(Self {
            dates: DateRules::new()?,
            cues: Cues::new()?,
            breaks: Breaks::new()?,
            rating: Rx::new(
                r"(?i)\b(requires? improvement(?: to be good)?|requiring improvement|required improvement|inadequate|outstanding|adequate|good|(?:the|ofsted['\u2019]s|its|their) (?:lowest|highest|top|best) (?:possible |available |ofsted )?(?:rating|grade|judgement|mark)|failing|perform(?:s|ed|ing)? (?:poorly|adequately|well|excellently))\b",
            )?,
            rating_cue_before: Rx::new(
                r"(?i)(?:\b(?:rated|rating of|ratings of|rating as|judged|deemed|graded|labelled|labeled|branded|classed|found to be|judged to be|to be|as)\s+(?:as\s+|to be\s+|being\s+)?|\b(?:inadequate|good|outstanding|improvement|adequate)[\x22'\u201d\u2019]?\s+to\s+|\b(?:upgraded?|improved?|downgraded?|moved?|raised?)\s+(?:\w+\s+){0,4}?to\s+)[\x22'\u201c\u2018]?\s*$",
            )?,
            copula_cue: Rx::new(
                r"(?i)\b(?:is|are|was|were|be|been|being|remains?|remained|became|become|becomes)\s+(?:(?:now|still|also|all|again|consistently|overall)\s+)*$",
            )?,
            adjective_after: Rx::new(
                r"(?i)^\s*(?:at|enough|news|to|example|practice|work|quality|progress|and|or|with|about)\b",
            )?,
            // "requiring improvement in two categories, but good in leadership".
            coordinated_cue: Rx::new(r"(?i)(?:,|\bbut|\band|\bor|\bwhile|\bwhilst)\s+$")?,
            rating_cue_after: Rx::new(
                r"(?i)^\s*(?:overall\s+)?(?:ofsted\s+)?(rating|ratings|grade|grading|judgement|verdict)\b",
            )?,
            failing_cue: Rx::new(
                r"(?i)\b(judged|rated|deemed|found|branded|labelled|declared|ruled)\s+(?:to be\s+|as\s+)?$",
            )?,
            inspection_context: Rx::new(
                r"(?i)\b(ofsted|inspect\w*|rated|rating|ratings|judged|judgement|watchdog|graded|deemed|labelled|branded|report|assessment)\b",
            )?,
            negation: Rx::new(
                r"(?i)(?:\b(?:no longer|not|never|out of|rather than|instead of|avoided|escaped|lifted|removed)|n't)\s+(?:(?:be|been|being|rated|judged|considered|deemed|as|an?|the|its|their)\s+)*[\x22'\u201c\u2018]?\s*$",
            )?,
            judgements: vec![
                j(
                    r"services for children in need of help and protection,? children looked after and care leavers",
                    Judgement::Overall,
                )?,
                j(r"\boverall(?: effectiveness)?\b", Judgement::Overall)?,
                j(
                    r"\b(?:help and protection|child protection|children (?:who )?need(?:ing)? (?:help|protection)|children in need of (?:help and )?protection|protection of children)\b",
                    Judgement::HelpAndProtection,
                )?,
                j(
                    r"\b(?:children in care|[\x22'\u201c\u2018]?looked[- ]after[\x22'\u201d\u2019]? children|children looked after|child in care)\b",
                    Judgement::ChildrenInCare,
                )?,
                j(
                    r"\b(?:care[- ]leavers?|leaving care)\b",
                    Judgement::CareLeavers,
                )?,
                j(r"\badoption\b", Judgement::Adoption)?,
                j(
                    r"\b(?:leadership|leaders|management and governance)\b",
                    Judgement::Leadership,
                )?,
                j(
                    r"\b(?:safeguarding|safeguard children|keeping children (?:and young people )?safe|staying safe)\b",
                    Judgement::Safeguarding,
                )?,
            ],
            monitoring: Rx::new(r"(?i)\bmonitoring (?:visit|inspection|report|letter)\b")?,
            focused: Rx::new(r"(?i)\bfocused visit\b")?,
            future: Rx::new(
                r"(?i)\b(?:will|next|planned|ahead of|upcoming|expected to|is due|are due|in the future|plans to)\b",
            )?,
            current: Rx::new(
                r"(?i)\b(?:now|today|yesterday|this week|fresh|latest|newly|has found|have found|has been rated|have been rated|has rated|have rated|new report)\b",
            )?,
            past_reference: Rx::new(
                r"(?i)\b(?:previous(?:ly)?|last (?:inspection|inspected|report|full inspection|time)|earlier|former(?:ly)?|had been|used to|at the time|back then|originally)\b",
            )?,
            anaphor: Rx::new(
                r"(?i)\b(?:the|this|that) (?:borough|authority|council|local authority|county|city|department)\b",
            )?,
            both: Rx::new(
                r"(?i)\b(?:both|the two) (?:councils|authorities|local authorities|boroughs)\b",
            )?,
            sif: Rx::new(r"(?i)\b(?:single inspection framework|SIF)\b")?,
            ilacs: Rx::new(
                r"(?i)\b(?:ILACS|inspection of local authority children['\u2019]s services)\b",
            )?,
            event: Rx::new(r"(?i)\b(?:ofsted|inspect\w*|report|visit|judgement|rating|rated)\b")?,
            ofsted: Rx::new(r"(?i)\b(?:ofsted|inspectors?|inspections?|inspected)\b")?,
            inspection_event: Rx::new(
                r"(?i)\b(?:reports?|inspections?|inspected|visits?|visited)\b",
            )?,
            council_business: Rx::new(
                r"(?i)\b(?:meetings?|committees?|scrutiny|debated?|hearings?|conferences?|consultations?|elections?|budgets?|full council)\b",
            )?,
            earlier_inspection: Rx::new(
                r"(?i)\b(?:(?:last|previous|earlier|first|former) (?:full |ofsted |standard )?(?:inspection|report)|received an? (?:[\w-]+ ){0,3}(?:inspection )?report|(?:was|were) (?:last )?inspected)\b",
            )?,
            published_year: Rx::new(
                r"(?i)\bthe ((?:19|20)\d\d) (?:[\w'\u2019-]+ ){0,4}(?:assessments?|reports?|ratings?|results|inspections|league tables?)\b",
            )?,
            lexicon: crate::clause::Lexicon::new()?,
            judgement: crate::judgement::JudgementRules::new()?,
            topic: crate::topic::TopicRules::new()?,
        })
    }

    /// Every rating in `text` that is said as a grade (quoted, or next to a rating word).
    pub fn ratings(&self, words: Words, text: &str) -> Vec<RatingMention> {
        let context = self.inspection_context.is_match(words, text);
        let mut out = Vec::new();
        for m in self.rating.find_iter(words, text) {
            let word = m.as_str().to_lowercase();
            let before = &text[..m.start()];
            let after = &text[m.end()..];
            let quoted = before
                .trim_end()
                .ends_with(['"', '\'', '\u{201c}', '\u{2018}'])
                && after
                    .trim_start()
                    .starts_with(['"', '\'', '\u{201d}', '\u{2019}']);
            let cued = self.rating_cue_before.is_match(words, before)
                || self.rating_cue_after.is_match(words, after);
            let annual = word.starts_with("perform");
            let rating = match word.as_str() {
                w if annual => match w.rsplit(' ').next().unwrap_or("") {
                    "poorly" => Rating::Inadequate,
                    "adequately" => Rating::Adequate,
                    "well" => Rating::Good,
                    _ => Rating::Outstanding,
                },
                "outstanding" => Rating::Outstanding,
                "good" => Rating::Good,
                "adequate" => Rating::Adequate,
                "inadequate" => Rating::Inadequate,
                "failing" => Rating::Inadequate,
                w if w.contains(" lowest ") => Rating::Inadequate,
                w if w.contains(" highest ") || w.contains(" top ") || w.contains(" best ") => {
                    Rating::Outstanding
                }
                _ => Rating::RequiresImprovement,
            };
            let adjective = matches!(word.as_str(), "good" | "outstanding" | "adequate");
            // "requiring improvement in two categories, but good in leadership": a grade
            // coordinated with the one before it.
            let coordinated = adjective
                && out.last().is_some_and(|prev: &RatingMention| {
                    m.start() - prev.end < 120
                        && self.coordinated_cue.is_match(words, before)
                        && (crate::text::starts_with_lower(after.trim_start(), "in ")
                            || crate::text::starts_with_lower(after.trim_start(), "for "))
                });
            // "services are now good" (not "good at", "good enough"): the clause reader
            // decides whether what it is said of is a council's services.
            let copular = adjective
                && !quoted
                && !cued
                && !coordinated
                && self.copula_cue.is_match(words, before)
                && !self.adjective_after.is_match(words, after);
            // A grade alone on its line: a cell of a report's table; or a row of one, the
            // judgement named before it ("Children in care: Outstanding", "Overall
            // effectiveness | Good").
            let alone = text.trim_matches(|c: char| !c.is_alphanumeric()).len() == m.as_str().len()
                || self.table_row(words, before, after);
            let accepted = match word.as_str() {
                _ if alone => true,
                // "as good as", "good news": adjectives, not grades.
                _ if adjective => {
                    (quoted || cued || coordinated || copular)
                        && !crate::text::starts_with_lower(after.trim_start(), "as ")
                }
                "failing" => self.failing_cue.is_match(words, before),
                // "schools perform well": a band only where the page speaks of assessments.
                _ if annual => quoted || context,
                w if w.contains(" lowest ")
                    || w.contains(" highest ")
                    || w.contains(" top ")
                    || w.contains(" best ") =>
                {
                    true
                }
                // "found to be inadequate", "rated inadequate": its own cue is context enough.
                _ => quoted || context || cued,
            };
            if !accepted {
                continue;
            }
            let negated = self.negation.is_match(words, before);
            out.push(RatingMention {
                start: m.start(),
                end: m.end(),
                rating,
                negated,
                annual,
                quoted,
                copular,
            });
        }
        out
    }

    /// A grade that ends its line after a colon, bar or tab that ends a judgement's name: a row
    /// of a report's table.
    fn table_row(&self, words: Words, before: &str, after: &str) -> bool {
        if !after
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
        {
            return false;
        }
        let label = before.trim_end_matches([' ', '"', '\'', '\u{201c}', '\u{2018}']);
        let Some(label) = label
            .strip_suffix(':')
            .or_else(|| label.strip_suffix('|'))
            .or_else(|| label.strip_suffix('\t'))
        else {
            return false;
        };
        !self.judgements(words, label).is_empty()
    }

    /// Every judgement-area phrase in `text`, in order, without overlaps (the SIF's long title
    /// is one overall judgement, not three areas).
    pub fn judgements(&self, words: Words, text: &str) -> Vec<JudgementMention> {
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut out = Vec::new();
        for (re, judgement) in &self.judgements {
            for m in re.find_iter(words, text) {
                if taken.iter().any(|&(s, e)| m.start() < e && m.end() > s) {
                    continue;
                }
                taken.push((m.start(), m.end()));
                out.push(JudgementMention {
                    start: m.start(),
                    judgement: *judgement,
                });
            }
        }
        out.sort_by_key(|j| j.start);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[(Rating, bool)]) {
        let rules = Rules::new().unwrap();
        let got: Vec<(Rating, bool)> = rules
            .ratings(Words::of(text), text)
            .iter()
            .map(|r| (r.rating, r.negated))
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn ratings_said_as_grades() {
        use Rating::*;
        check(
            "rated services overall as \u{201c}requiring improvement\u{201d}",
            &[(RequiresImprovement, false)],
        );
        check(
            "received \u{201c}requires improvement\u{201d} ratings",
            &[(RequiresImprovement, false)],
        );
        check(
            "were rated \"requires improvement to be good\" by Ofsted",
            &[(RequiresImprovement, false)],
        );
        check(
            "a damning Ofsted report which labelled the authority \"inadequate\"",
            &[(Inadequate, false)],
        );
        check(
            "were given the lowest rating in the same year",
            &[(Inadequate, false)],
        );
        check(
            "judged to be failing in its core responsibilities",
            &[(Inadequate, false)],
        );
        check(
            "it was rated as \u{201c}adequate\u{201d}",
            &[(Adequate, false)],
        );
        check("received a rating of \"good\"", &[(Good, false)]);
        check(
            "were awarded an outstanding rating",
            &[(Outstanding, false)],
        );
    }

    #[test]
    fn adjectives_are_not_grades() {
        check("which is good news for families", &[]);
        check("The inspection looked at how good child protection is", &[]);
        check("areas of good practice and good access", &[]);
        check("as good as it gets", &[]);
        check("the council is failing children", &[]);
        check("an inadequate supply of housing", &[]);
    }

    #[test]
    fn negation() {
        use Rating::*;
        check(
            "departments are no longer \"inadequate\" following inspections by Ofsted",
            &[(Inadequate, true)],
        );
        check(
            "Children's services move out of 'inadequate' at two councils",
            &[(Inadequate, true)],
        );
        check(
            "the council was not rated inadequate",
            &[(Inadequate, true)],
        );
        // "from X to Y": X was the rating before, still a fact.
        check(
            "improved from inadequate to good, Ofsted said",
            &[(Inadequate, false), (Good, false)],
        );
    }

    #[test]
    fn the_sif_title_is_one_overall_judgement() {
        let rules = Rules::new().unwrap();
        let text = "rated the council\u{2019}s services for children in need of help and protection, children looked after and care leavers as \u{2018}inadequate\u{2019}";
        let js: Vec<Judgement> = rules
            .judgements(Words::of(text), text)
            .iter()
            .map(|j| j.judgement)
            .collect();
        assert_eq!(js, [Judgement::Overall]);
        let text = "adoption services, care leaver support and the department's leadership";
        let js: Vec<Judgement> = rules
            .judgements(Words::of(text), text)
            .iter()
            .map(|j| j.judgement)
            .collect();
        assert_eq!(
            js,
            [
                Judgement::Adoption,
                Judgement::CareLeavers,
                Judgement::Leadership
            ]
        );
    }
}
