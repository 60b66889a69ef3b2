//! Claims: the facts an article states, each with the evidence that supports it.

use serde::{Deserialize, Serialize};

use crate::PartialDate;

/// What kind of fact a claim states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A graded inspection judgement.
    Inspection,
    /// A monitoring visit (no grade).
    MonitoringVisit,
    /// A focused visit (no grade).
    FocusedVisit,
    /// A person in a role at an authority.
    Appointment,
    /// A number about an authority's services.
    Statistic,
}

/// An Ofsted grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Outstanding.
    Outstanding,
    /// Good.
    Good,
    /// Requires improvement (to be good).
    RequiresImprovement,
    /// Adequate (frameworks before November 2013).
    Adequate,
    /// Inadequate.
    Inadequate,
}

/// The area a judgement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// Overall effectiveness (SIF's long title included).
    Overall,
    /// Children who need help and protection.
    HelpAndProtection,
    /// Children in care / looked after.
    ChildrenInCare,
    /// Experiences and progress of care leavers.
    CareLeavers,
    /// Adoption performance.
    Adoption,
    /// Leadership, management and governance.
    Leadership,
    /// Pre-2013 safeguarding inspection.
    Safeguarding,
    /// Pre-2013 inspection of services for looked-after children.
    LookedAfter,
    /// The local safeguarding children board (reviewed by Ofsted 2013-2016).
    Lscb,
}

/// The inspection framework, when the page says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    /// Annual performance assessments of children's services (2005-2008).
    Apa,
    /// The annual rating of children's services (2009-2010), on the scale "performs poorly /
    /// adequately / well / excellently".
    AnnualRating,
    /// Safeguarding and looked-after inspections before November 2013.
    Pre2013,
    /// The single inspection framework (November 2013-2017).
    Sif,
    /// Inspection of local authority children's services (2018 on).
    Ilacs,
}

/// The sentence that supports a claim, and where it sits in the article body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence, as in the body.
    pub sentence: String,
    /// Offset of its first char in [`crate::Article::body`], in chars.
    pub start: usize,
    /// Offset one past its last char, in chars.
    pub end: usize,
}

/// A date the text gives only relative to another claim of the same article
/// ("seven years after it was rated inadequate", "four years after the last inspection").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RelativeDate {
    /// Years to add to the anchor's year (negative: before it).
    pub years: i32,
    /// Index, in the article's claim list, of the claim whose date this one is relative to.
    pub anchor: usize,
}

/// One fact stated by one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Stable id, derived from the article id and the claim's place in it (set by the pipeline).
    #[serde(default)]
    pub id: String,
    /// The id of the article that states it (set by the pipeline).
    #[serde(default)]
    pub article: String,
    /// What kind of fact.
    pub kind: ClaimKind,
    /// Canonical authority name, when the text names or refers to one.
    pub authority: Option<String>,
    /// The authority's GSS code in force at the claim's date.
    pub authority_code: Option<String>,
    /// The judgement area, for inspections.
    pub judgement: Option<Judgement>,
    /// The grade, for inspections.
    pub rating: Option<Rating>,
    /// The framework, when the page says which.
    pub framework: Option<Framework>,
    /// The date, as precise as the text supports, or none.
    pub date: Option<PartialDate>,
    /// The month, when the text gives a month but no year.
    pub month: Option<u8>,
    /// How the date was derived, in words.
    pub date_basis: String,
    /// True when the text reports the fact as the article's news ("now rated", "published today",
    /// "fresh inspections"): it happened at the article's date, even when that date is unknown.
    #[serde(default)]
    pub current: bool,
    /// A date given relative to another claim of the same article, to resolve once that one is dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<RelativeDate>,
    /// The supporting sentence.
    pub evidence: Evidence,
    /// How sure the extractor is, from 0 to 1: of the claims with confidence at least c, a share
    /// at least c is right (measured on the development set).
    pub confidence: f32,
    /// Why the claim is left out of the merged events, when it is: its confidence is below the
    /// pipeline's `min_confidence`. The claim itself is kept, with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
    /// A person's name (appointments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A person's role (appointments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Start of a role, when the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PartialDate>,
    /// End of a role, when the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    /// What a statistic measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// A statistic's value as written (`20`, `51%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Claim {
    /// A claim of the given kind with its evidence and nothing else known.
    pub fn new(kind: ClaimKind, evidence: Evidence) -> Self {
        Self {
            id: String::new(),
            article: String::new(),
            kind,
            authority: None,
            authority_code: None,
            judgement: None,
            rating: None,
            framework: None,
            date: None,
            month: None,
            date_basis: "no date in the text".to_owned(),
            current: false,
            relative: None,
            evidence,
            confidence: 1.0,
            excluded: None,
            name: None,
            role: None,
            from: None,
            until: None,
            what: None,
            value: None,
        }
    }
}
