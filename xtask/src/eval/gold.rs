//! The gold file's schema: a careful human reading of pages (`data/gold/seeds.yaml`,
//! `../shared/devset/gold.yaml`).

use std::collections::BTreeMap;

use scrutiny_core::{ClaimKind, Judgement, PartialDate, Rating};
use serde::Deserialize;

use super::yaml_text;

/// A gold file: a careful human reading of some pages (see `data/gold/seeds.yaml`).
#[derive(Debug, Deserialize)]
// Every field is deserialized so that a typo in a gold file is an error; not all are scored.
#[allow(dead_code)]
pub struct Gold {
    /// One entry per page.
    pub articles: Vec<GoldArticle>,
    /// Cross-article conclusions: per authority, the timeline a careful reader would build.
    #[serde(default)]
    pub merged: BTreeMap<String, Vec<GoldEvent>>,
}

/// One event of gold's merged timeline.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
// Every field is deserialized so that a typo in a gold file is an error; not all are scored.
#[allow(dead_code)]
pub struct GoldEvent {
    /// Kind of event; an inspection unless said.
    #[serde(default = "inspection")]
    pub kind: ClaimKind,
    /// Judgement area (inspections).
    #[serde(default)]
    pub judgement: Option<Judgement>,
    /// Grade (inspections).
    #[serde(default)]
    pub rating: Option<Rating>,
    /// The date as far as the articles together give it.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The month, when the articles give it (with a year-only `date`, the two make a month).
    #[serde(default)]
    pub month: Option<u8>,
    /// The articles supporting it, by the 3-digit prefix of their file names (YAML may read
    /// `[000, 004]` as numbers).
    #[serde(default)]
    pub articles: Vec<serde_yaml::Value>,
    /// Free notes, for readers.
    #[serde(default)]
    pub note: Option<String>,
}

fn inspection() -> ClaimKind {
    ClaimKind::Inspection
}

impl GoldEvent {
    /// The article prefixes, as 3-digit strings.
    pub fn prefixes(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .articles
            .iter()
            .map(|v| match v {
                serde_yaml::Value::Number(n) => n
                    .as_u64()
                    .map_or_else(|| n.to_string(), |n| format!("{n:03}")),
                other => yaml_text(other),
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// What one page says.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
// Every field is deserialized so that a typo in a gold file is an error; not all are scored.
#[allow(dead_code)]
pub struct GoldArticle {
    /// The page's file name.
    pub file: String,
    /// The page's source address (not evidence of a date).
    #[serde(default)]
    pub url: Option<String>,
    /// The page states no Ofsted judgement of an English council's children's services: no
    /// inspection claim may come from it.
    #[serde(default)]
    pub negative: bool,
    /// The publisher plugin expected to read it.
    #[serde(default)]
    pub source: Option<String>,
    /// Clean fields a parser should produce.
    #[serde(default)]
    pub title: Option<String>,
    /// The standfirst.
    #[serde(default)]
    pub standfirst: Option<String>,
    /// A photo caption.
    #[serde(default)]
    pub caption: Option<String>,
    /// The byline.
    #[serde(default)]
    pub byline: Option<String>,
    /// The article's date, when the page gives it.
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// The body's first words, when the reading gives them.
    #[serde(default)]
    pub body_starts_with: Option<String>,
    /// The body's last words, when the reading gives them.
    #[serde(default)]
    pub body_ends_with: Option<String>,
    /// Text that must not survive cleaning.
    #[serde(default)]
    pub must_not_survive: Vec<String>,
    /// Inspection and visit claims.
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
    /// People in roles.
    #[serde(default)]
    pub people: Vec<GoldPerson>,
    /// Statistics.
    #[serde(default)]
    pub statistics: Vec<GoldStatistic>,
    /// Facts outside the claim vocabulary, for readers.
    #[serde(default)]
    pub other_facts: Vec<String>,
    /// Free notes, for readers.
    #[serde(default)]
    pub note: Option<String>,
}

/// A gold inspection or visit claim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
// Every field is deserialized so that a typo in a gold file is an error; not all are scored.
#[allow(dead_code)]
pub struct GoldClaim {
    /// Canonical authority name.
    pub authority: String,
    /// Kind of claim.
    pub kind: ClaimKind,
    /// Judgement area (inspections).
    #[serde(default)]
    pub judgement: Option<Judgement>,
    /// Grade (inspections).
    #[serde(default)]
    pub rating: Option<Rating>,
    /// The date as far as the page gives it.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The month, when the page gives no year.
    #[serde(default)]
    pub month: Option<u8>,
    /// How a careful reader got the date.
    #[serde(default)]
    pub basis: Option<String>,
    /// Where the reading came from, for readers.
    #[serde(default)]
    pub note: Option<String>,
}

/// A gold person in a role.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
// Every field is deserialized so that a typo in a gold file is an error; not all are scored.
#[allow(dead_code)]
pub struct GoldPerson {
    /// The person's name.
    pub name: String,
    /// The role.
    pub role: String,
    /// The authority.
    pub authority: String,
    /// Start of the role.
    #[serde(default)]
    pub from: Option<PartialDate>,
    /// End of the role.
    #[serde(default)]
    pub until: Option<PartialDate>,
}

/// A gold statistic.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
// Every field is deserialized so that a typo in a gold file is an error; not all are scored.
#[allow(dead_code)]
pub struct GoldStatistic {
    /// The authority.
    pub authority: String,
    /// What it measures.
    pub what: String,
    /// The value as written (a number or a string like `51%`).
    pub value: serde_yaml::Value,
}
