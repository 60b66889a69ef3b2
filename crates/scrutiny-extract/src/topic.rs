//! What a page is about, read from the page as a whole: the authority it is about, whether it is
//! about a council's children's services at all, the latest year it speaks of, and whether it
//! speaks of the annual assessments of 2005-2011.
//!
//! A sentence that refers to "the council" or "its services" means the page's authority; a page
//! about a children's home does not turn into a council judgement because "the council" and
//! "inadequate" meet three sentences later.

use scrutiny_core::PartialDate;

use crate::dates::{DateExpr, DateKind};
use crate::gazetteer::Mention;
use crate::pattern::{Rx, Words};

/// The patterns a page is read with.
#[derive(Debug)]
pub(crate) struct TopicRules {
    elsewhere: Rx,
    councils_services: Rx,
    annual: Rx,
    financial_year: Rx,
    publication: Rx,
    subject: Rx,
}

impl TopicRules {
    /// Compile the patterns.
    pub(crate) fn new() -> Result<TopicRules, regex::Error> {
        let rx = |p: &str| Rx::new(&format!("(?i){p}"));
        Ok(TopicRules {
            elsewhere: rx(
                r"\b(?:children['\u2019]s homes?|(?:care|residential) homes?|the homes?|schools?|academ(?:y|ies)|nurser(?:y|ies)|pupils?|send inspections?|special educational needs|cqc|care quality commission|adult social care|care inspectorate|wales|scotland|fostering agenc(?:y|ies)|pupil referral units?)\b",
            )?,
            councils_services: rx(
                r"\b(?:children['\u2019]s services|children['\u2019]s social care|children['\u2019]s care|local authority children|council['\u2019]s children|services for children|safeguarding (?:children|services)|child protection services)\b",
            )?,
            annual: rx(
                r"\b(?:annual performance assessments?|APAs?|annual (?:children['\u2019]s services )?(?:assessments?|ratings?)|children['\u2019]s services assessments?)\b",
            )?,
            financial_year: rx(r"\b(?:19|20)\d\d[/-](\d\d)\b")?,
            subject: rx(
                r"\b(?:ofsted|children['\u2019]s (?:services|social care)|social care|social work(?:ers?)?|child protection|looked[- ]after|children in care|care leavers?|safeguarding)\b",
            )?,
            publication: rx(
                r"\b(?:(?:has|have) (?:today |now |just )?(?:published|released)|published (?:today|yesterday|this (?:week|morning))|(?:report|assessments?|ratings?|results?) (?:published|released|out) (?:today|yesterday))\b",
            )?,
        })
    }
}

/// What a page is about.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    /// The authority the page is about, when one stands out.
    pub topic: Option<usize>,
    /// The topic is named in the title, is the only one named, or is named far more often than
    /// any other.
    pub strong: bool,
    /// The page's head is about another kind of body (a children's home, a school, SEND, the
    /// CQC, Wales or Scotland): a clause must name a council for a rating to be a council's.
    pub elsewhere: bool,
    /// The article's year, else the latest year the page speaks of.
    pub year: Option<i16>,
    /// The page speaks of the annual assessments and ratings of children's services (2005-2011).
    pub annual: bool,
    /// The page's head reports a publication as its news ("Ofsted has published its annual
    /// assessments", "a report published today"): the judgements it tells are its results.
    pub publication: bool,
    /// The page speaks of children's social care at all (Ofsted, children's services, social
    /// workers, child protection, children in care): the people and numbers it names are
    /// read only then, so a market report's "Brent crude fell 3%" is no council's statistic.
    pub on_subject: bool,
}

/// Sentences of the head (after the title) that say what the page is about.
const LEAD: usize = 3;

/// Sentences of the head that may tell the article's news event.
const HEAD: usize = 6;

impl Page {
    /// Read a page: its title's mentions, its sentences' texts, mentions and dates.
    pub(crate) fn read(
        rules: &TopicRules,
        title: Option<&str>,
        title_mentions: &[Mention],
        sentences: &[&str],
        mentions: &[Vec<Mention>],
        dates: &[Vec<DateExpr>],
        published: Option<PartialDate>,
    ) -> Page {
        let (topic, strong) = topic(title_mentions, mentions);
        let head: String = title
            .into_iter()
            .chain(sentences.iter().copied().take(LEAD))
            .collect::<Vec<_>>()
            .join(" ");
        let w = Words::of(&head);
        let elsewhere =
            rules.elsewhere.is_match(w, &head) && !rules.councils_services.is_match(w, &head);
        let annual = sentences
            .iter()
            .any(|s| rules.annual.is_match(Words::of(s), s));
        let year = published
            .map(|p| p.get_year())
            .or_else(|| latest_year(rules, sentences, dates));
        let publication = sentences
            .iter()
            .take(HEAD)
            .any(|s| rules.publication.is_match(Words::of(s), s));
        let on_subject = title
            .into_iter()
            .chain(sentences.iter().copied())
            .any(|s| rules.subject.is_match(Words::of(s), s));
        Page {
            topic,
            strong,
            elsewhere,
            year,
            annual,
            publication,
            on_subject,
        }
    }

    /// The page speaks of a time before the single inspection framework (November 2013).
    pub(crate) fn before_2013(&self) -> bool {
        self.year.is_some_and(|y| y <= 2012)
    }
}

/// The authority named most, counting a name in the title three times and in the lead twice;
/// strong when it is in the title, the only one named, or named at least twice as often as any
/// other (a round-up of several councils has no strong topic).
fn topic(title: &[Mention], mentions: &[Vec<Mention>]) -> (Option<usize>, bool) {
    let mut score: Vec<(usize, usize, usize)> = Vec::new();
    let mut add = |authority: usize, weight: usize, order: usize| match score
        .iter_mut()
        .find(|s| s.0 == authority)
    {
        Some(s) => s.1 += weight,
        None => score.push((authority, weight, order)),
    };
    for m in title {
        add(m.authority, 3, 0);
    }
    for (i, sentence) in mentions.iter().enumerate() {
        for m in sentence {
            add(m.authority, if i < LEAD { 2 } else { 1 }, i + 1);
        }
    }
    score.sort_by_key(|s| (std::cmp::Reverse(s.1), s.2));
    let Some(&(best, points, order)) = score.first() else {
        return (None, false);
    };
    let runner_up = score.get(1).map_or(0, |s| s.1);
    let strong = order == 0 || runner_up == 0 || points >= 2 * runner_up;
    (Some(best), strong)
}

/// The latest year the page's dates give (a financial year "2009/10" counts as its second year).
fn latest_year(rules: &TopicRules, sentences: &[&str], dates: &[Vec<DateExpr>]) -> Option<i16> {
    let stated = dates.iter().flatten().filter_map(|d| match d.kind {
        DateKind::Absolute(p) => Some(p.get_year()),
        _ => None,
    });
    let financial = sentences.iter().flat_map(|s| {
        rules
            .financial_year
            .captures_iter(Words::of(s), s)
            .filter_map(|c| c.get(1))
            .filter_map(|m| m.as_str().parse::<i16>().ok())
            .map(|y| 2000 + y)
            .collect::<Vec<_>>()
    });
    stated.chain(financial).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(authority: usize) -> Mention {
        Mention {
            start: 0,
            end: 1,
            authority,
        }
    }

    #[test]
    fn the_topic_is_the_authority_of_the_title_and_lead() {
        // Named once in the title, against three mentions of another late in the page.
        assert_eq!(
            topic(
                &[m(7)],
                &[vec![], vec![], vec![], vec![m(2)], vec![m(2), m(2)]]
            ),
            (Some(7), true)
        );
        assert_eq!(
            topic(
                &[],
                &[vec![], vec![], vec![], vec![], vec![m(2)], vec![m(3)]]
            ),
            (Some(2), false)
        );
        assert_eq!(topic_of(&[]), None);
    }

    fn topic_of(mentions: &[Vec<Mention>]) -> Option<usize> {
        topic(&[], mentions).0
    }

    #[test]
    fn a_page_about_a_home_or_a_school_is_elsewhere() {
        let rules = TopicRules::new().unwrap();
        let read = |title: &str, lead: &[&str]| {
            Page::read(&rules, Some(title), &[], lead, &[], &[], None).elsewhere
        };
        assert!(read("Ofsted judges two children's homes 'inadequate'", &[]));
        assert!(read(
            "Two thirds of councils now fail SEND inspections",
            &[]
        ));
        assert!(!read(
            "Children's services rated good",
            &["The council's schools were praised too."]
        ));
    }

    #[test]
    fn a_page_is_on_subject_when_it_speaks_of_childrens_social_care() {
        let rules = TopicRules::new().unwrap();
        let on = |title: &str, body: &[&str]| {
            Page::read(&rules, Some(title), &[], body, &[], &[], None).on_subject
        };
        assert!(!on(
            "Stocks edge higher",
            &["Brent crude fell 2.7% on the day.", "The yen strengthened."]
        ));
        assert!(on(
            "Council appoints new director",
            &["She will lead the county's children's services."]
        ));
        assert!(on("Inspectors praise social workers", &[]));
    }

    #[test]
    fn the_year_is_the_article_date_else_the_latest_year_named() {
        let rules = TopicRules::new().unwrap();
        let page = Page::read(
            &rules,
            None,
            &[],
            &["in its annual report for 2009/10"],
            &[],
            &[],
            None,
        );
        assert_eq!(page.year, Some(2010));
        assert!(page.before_2013());
    }
}
