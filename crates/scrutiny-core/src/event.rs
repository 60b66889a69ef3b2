//! Canonical events: claims from many articles merged into one fact, with provenance.

use serde::{Deserialize, Serialize};

use crate::{ClaimKind, Judgement, PartialDate, Rating};

/// One inspection (or visit) of one authority, as all the articles that mention it tell it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id derived from the event's content and its claims.
    pub id: String,
    /// Canonical authority name.
    pub authority: Option<String>,
    /// GSS code in force at the event's date.
    pub authority_code: Option<String>,
    /// Inspection, monitoring visit, ...
    pub kind: ClaimKind,
    /// The judgement area, for inspections.
    pub judgement: Option<Judgement>,
    /// The grade, for inspections (the majority grade when claims conflict).
    pub rating: Option<Rating>,
    /// The most precise date the claims support together.
    pub date: Option<PartialDate>,
    /// The month, when only the month is known.
    pub month: Option<u8>,
    /// How the date was derived, in words (including cross-article inference).
    pub date_basis: String,
    /// Ids of the articles supporting it, sorted.
    pub articles: Vec<String>,
    /// Source plugins of those articles, sorted and distinct.
    pub sources: Vec<String>,
    /// Ids of the merged claims, sorted.
    pub claims: Vec<String>,
    /// Distinct near-duplicate clusters supporting it: syndicated copies count once.
    pub clusters: usize,
    /// True when the claims disagree on the rating or the date.
    pub conflict: bool,
    /// Ids of the claims that disagree with the event's values.
    pub conflicting: Vec<String>,
}
