//! The exported row types: the published schema, separate from the core types they come from.

use scrutiny_core::{
    Article, Block, BlockKind, Claim, ClaimKind, Event, Evidence, FieldFound, Format, Framework,
    InferredDate, Judgement, PartialDate, Rating, Reject, RejectCode, RelativeDate, Removed, Stage,
};
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The version of every exported schema; bump it on any change to a row's fields or meaning.
pub const SCHEMA_VERSION: u32 = 2;

/// Where one body block sits in [`ArticleRow::body`], in chars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSpan {
    /// Paragraph, heading or list item.
    pub kind: BlockKind,
    /// Offset of the block's first char in the body.
    pub start: usize,
    /// Offset one past the block's last char.
    pub end: usize,
}

/// Boilerplate a source plugin removed, with the rule that removed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemovedRow {
    /// The rule's name, e.g. `bbc.image_caption`.
    pub rule: String,
    /// The removed text.
    pub text: String,
}

/// One accepted article (`articles`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRow {
    /// Always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Content id of the input file.
    pub id: String,
    /// The input path.
    pub path: String,
    /// The source plugin that parsed it.
    pub source: String,
    /// The page URL, when known.
    pub url: Option<String>,
    /// `text` or `html`.
    pub format: Format,
    /// The encoding the input was decoded from.
    pub encoding: String,
    /// The headline.
    pub title: Option<String>,
    /// Where the headline came from.
    pub title_from: FieldFound,
    /// The standfirst.
    pub standfirst: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// Where the author line came from.
    pub byline_from: FieldFound,
    /// Publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub published: Option<PartialDate>,
    /// Where the publication date came from.
    pub published_from: FieldFound,
    /// Near-duplicate cluster id.
    pub cluster: Option<String>,
    /// The cluster representative, when this article is a copy.
    pub duplicate_of: Option<String>,
    /// The article's date as the merge stage inferred it from the events it reports.
    pub inferred_date: Option<PartialDate>,
    /// The article cannot be earlier than this (the latest past event it recounts).
    pub not_before: Option<PartialDate>,
    /// How `inferred_date` and `not_before` were found, in words.
    pub inferred_basis: Option<String>,
    /// Photo and figure captions.
    pub captions: Vec<String>,
    /// The body text: blocks joined by a blank line (evidence offsets index it, in chars).
    pub body: String,
    /// Each block's kind and char span in `body`.
    pub blocks: Vec<BlockSpan>,
    /// What was taken out of the body with the rule that took it: boilerplate, and the lines
    /// the title, byline and date were read from (JSON Lines only).
    pub removed: Vec<RemovedRow>,
}

/// One claim an article makes (`claims`).
///
/// Its text borrows from the [`Claim`] it is made from, so writing a claim to each format copies
/// none of it (the copies were a tenth of export's work); rows read back own their text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRow<'a> {
    /// Always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Stable claim id.
    pub id: Cow<'a, str>,
    /// The article stating it.
    pub article_id: Cow<'a, str>,
    /// What kind of fact.
    pub kind: ClaimKind,
    /// Canonical authority name.
    pub authority: Option<Cow<'a, str>>,
    /// GSS code.
    pub authority_code: Option<Cow<'a, str>>,
    /// Judgement area.
    pub judgement: Option<Judgement>,
    /// Grade.
    pub rating: Option<Rating>,
    /// Inspection framework.
    pub framework: Option<Framework>,
    /// Date as precise as the text supports.
    pub date: Option<PartialDate>,
    /// Month, when the text gives a month without a year.
    pub month: Option<u8>,
    /// How the date was derived.
    pub date_basis: Cow<'a, str>,
    /// True when the fact is the article's news.
    pub current: bool,
    /// Years relative to the anchor claim, for a relative date.
    pub relative_years: Option<i32>,
    /// Index of the anchor claim in the article's claim list.
    pub relative_anchor: Option<usize>,
    /// The supporting sentence.
    pub evidence_sentence: Cow<'a, str>,
    /// Its first char in the article body.
    pub evidence_start: usize,
    /// One past its last char.
    pub evidence_end: usize,
    /// Extractor confidence, 0 to 1 (a non-finite value is written as 0).
    pub confidence: f32,
    /// Why the claim is left out of the events, when it is (below `min_confidence`).
    pub excluded: Option<Cow<'a, str>>,
    /// A person's name (appointments).
    pub name: Option<Cow<'a, str>>,
    /// A person's role (appointments).
    pub role: Option<Cow<'a, str>>,
    /// Start of a role.
    pub from: Option<PartialDate>,
    /// End of a role.
    pub until: Option<PartialDate>,
    /// What a statistic measures.
    pub what: Option<Cow<'a, str>>,
    /// A statistic's value as written.
    pub value: Option<Cow<'a, str>>,
}

/// One merged event of the timeline (`events`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRow {
    /// Always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Stable event id.
    pub id: String,
    /// Inspection, monitoring visit, ...
    pub kind: ClaimKind,
    /// Canonical authority name.
    pub authority: Option<String>,
    /// GSS code.
    pub authority_code: Option<String>,
    /// Judgement area.
    pub judgement: Option<Judgement>,
    /// The (majority) grade.
    pub rating: Option<Rating>,
    /// The most precise date the claims support together.
    pub date: Option<PartialDate>,
    /// The month, when only the month is known.
    pub month: Option<u8>,
    /// How the date was derived.
    pub date_basis: String,
    /// Supporting article ids, sorted.
    pub articles: Vec<String>,
    /// Source plugins of those articles, sorted and distinct.
    pub sources: Vec<String>,
    /// Merged claim ids, sorted.
    pub claims: Vec<String>,
    /// Distinct near-duplicate clusters supporting it.
    pub clusters: usize,
    /// True when the claims disagree on rating or date.
    pub conflict: bool,
    /// Ids of the claims that disagree with the event's values.
    pub conflicting: Vec<String>,
}

/// One appointment claim: a person in a role at an authority (`people`).
///
/// Like [`ClaimRow`], it borrows its text from the claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRow<'a> {
    /// Always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// The appointment claim's id.
    pub claim_id: Cow<'a, str>,
    /// The article stating it.
    pub article_id: Cow<'a, str>,
    /// The person's name.
    pub name: Option<Cow<'a, str>>,
    /// The role.
    pub role: Option<Cow<'a, str>>,
    /// Canonical authority name.
    pub authority: Option<Cow<'a, str>>,
    /// GSS code.
    pub authority_code: Option<Cow<'a, str>>,
    /// Start of the role.
    pub from: Option<PartialDate>,
    /// End of the role.
    pub until: Option<PartialDate>,
    /// The supporting sentence.
    pub evidence_sentence: Cow<'a, str>,
    /// Extractor confidence.
    pub confidence: f32,
}

/// One input that did not become an article (`rejects`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectRow {
    /// Always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Content id of path, stage and code.
    pub id: String,
    /// The input path.
    pub path: String,
    /// The stage that rejected it.
    pub stage: Stage,
    /// Stable reason code.
    pub code: RejectCode,
    /// The reason in words.
    pub reason: String,
}

fn finite(c: f32) -> f32 {
    if c.is_finite() { c } else { 0.0 }
}

impl From<&Article> for ArticleRow {
    fn from(a: &Article) -> Self {
        ArticleRow::from(a.clone())
    }
}

/// By value: the strings move into the row (export builds a row per article and format from
/// an article read back for it alone, so copying them would be work thrown away).
impl From<Article> for ArticleRow {
    fn from(a: Article) -> Self {
        let mut body =
            String::with_capacity(a.blocks.iter().map(|b| b.text.len() + 2).sum::<usize>());
        let mut blocks = Vec::with_capacity(a.blocks.len());
        let mut pos = 0usize;
        for (i, b) in a.blocks.iter().enumerate() {
            if i > 0 {
                body.push_str("\n\n");
                pos += 2;
            }
            let len = b.text.chars().count();
            body.push_str(&b.text);
            blocks.push(BlockSpan {
                kind: b.kind,
                start: pos,
                end: pos + len,
            });
            pos += len;
        }
        let (inferred_date, not_before, inferred_basis) = match a.inferred {
            Some(i) => (i.date, i.not_before, Some(i.basis)),
            None => (None, None, None),
        };
        Self {
            schema_version: SCHEMA_VERSION,
            id: a.id,
            path: a.path,
            source: a.source,
            url: a.url,
            format: a.format,
            encoding: a.encoding,
            title: a.title,
            title_from: a.title_from,
            standfirst: a.standfirst,
            byline: a.byline,
            byline_from: a.byline_from,
            published: a.published,
            published_from: a.published_from,
            cluster: a.cluster,
            duplicate_of: a.duplicate_of,
            inferred_date,
            not_before,
            inferred_basis,
            captions: a.captions,
            body,
            blocks,
            removed: a
                .removed
                .into_iter()
                .map(|r| RemovedRow {
                    rule: r.rule,
                    text: r.text,
                })
                .collect(),
        }
    }
}

impl ArticleRow {
    /// Back to an article; `Err` names what is inconsistent (a block span outside the body).
    pub fn into_article(self) -> Result<Article, String> {
        // Char offsets to byte offsets, once, so each block is a plain slice.
        let bytes: Vec<usize> = self
            .body
            .char_indices()
            .map(|(b, _)| b)
            .chain([self.body.len()])
            .collect();
        let mut blocks = Vec::with_capacity(self.blocks.len());
        for span in &self.blocks {
            let (Some(&s), Some(&e)) = (bytes.get(span.start), bytes.get(span.end)) else {
                return Err(format!(
                    "block {}..{} is outside the body",
                    span.start, span.end
                ));
            };
            if s > e {
                return Err(format!(
                    "block {}..{} ends before it starts",
                    span.start, span.end
                ));
            }
            blocks.push(Block {
                kind: span.kind,
                text: self.body[s..e].to_owned(),
            });
        }
        Ok(Article {
            id: self.id,
            path: self.path,
            source: self.source,
            url: self.url,
            format: self.format,
            encoding: self.encoding,
            title: self.title,
            title_from: self.title_from,
            standfirst: self.standfirst,
            byline: self.byline,
            byline_from: self.byline_from,
            published: self.published,
            published_from: self.published_from,
            blocks,
            captions: self.captions,
            removed: self
                .removed
                .into_iter()
                .map(|r| Removed {
                    rule: r.rule,
                    text: r.text,
                })
                .collect(),
            cluster: self.cluster,
            duplicate_of: self.duplicate_of,
            inferred: self.inferred_basis.map(|basis| InferredDate {
                date: self.inferred_date,
                not_before: self.not_before,
                basis,
            }),
        })
    }
}

impl<'a> From<&'a Claim> for ClaimRow<'a> {
    fn from(c: &'a Claim) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            id: Cow::Borrowed(&c.id),
            article_id: Cow::Borrowed(&c.article),
            kind: c.kind,
            authority: c.authority.as_deref().map(Cow::Borrowed),
            authority_code: c.authority_code.as_deref().map(Cow::Borrowed),
            judgement: c.judgement,
            rating: c.rating,
            framework: c.framework,
            date: c.date,
            month: c.month,
            date_basis: Cow::Borrowed(&c.date_basis),
            current: c.current,
            relative_years: c.relative.map(|r| r.years),
            relative_anchor: c.relative.map(|r| r.anchor),
            evidence_sentence: Cow::Borrowed(&c.evidence.sentence),
            evidence_start: c.evidence.start,
            evidence_end: c.evidence.end,
            confidence: finite(c.confidence),
            excluded: c.excluded.as_deref().map(Cow::Borrowed),
            name: c.name.as_deref().map(Cow::Borrowed),
            role: c.role.as_deref().map(Cow::Borrowed),
            from: c.from,
            until: c.until,
            what: c.what.as_deref().map(Cow::Borrowed),
            value: c.value.as_deref().map(Cow::Borrowed),
        }
    }
}

impl ClaimRow<'_> {
    /// The row with its text copied out of the claim.
    pub(crate) fn owned(self) -> ClaimRow<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        ClaimRow {
            schema_version: self.schema_version,
            id: own(self.id),
            article_id: own(self.article_id),
            kind: self.kind,
            authority: self.authority.map(own),
            authority_code: self.authority_code.map(own),
            judgement: self.judgement,
            rating: self.rating,
            framework: self.framework,
            date: self.date,
            month: self.month,
            date_basis: own(self.date_basis),
            current: self.current,
            relative_years: self.relative_years,
            relative_anchor: self.relative_anchor,
            evidence_sentence: own(self.evidence_sentence),
            evidence_start: self.evidence_start,
            evidence_end: self.evidence_end,
            confidence: self.confidence,
            excluded: self.excluded.map(own),
            name: self.name.map(own),
            role: self.role.map(own),
            from: self.from,
            until: self.until,
            what: self.what.map(own),
            value: self.value.map(own),
        }
    }

    /// Back to a claim; `Err` when only half of a relative date is present.
    pub fn into_claim(self) -> Result<Claim, String> {
        let relative = match (self.relative_years, self.relative_anchor) {
            (Some(years), Some(anchor)) => Some(RelativeDate { years, anchor }),
            (None, None) => None,
            _ => {
                return Err(
                    "relative_years and relative_anchor must be both set or both null".into(),
                );
            }
        };
        Ok(Claim {
            id: self.id.into_owned(),
            article: self.article_id.into_owned(),
            kind: self.kind,
            authority: self.authority.map(Cow::into_owned),
            authority_code: self.authority_code.map(Cow::into_owned),
            judgement: self.judgement,
            rating: self.rating,
            framework: self.framework,
            date: self.date,
            month: self.month,
            date_basis: self.date_basis.into_owned(),
            current: self.current,
            relative,
            evidence: Evidence {
                sentence: self.evidence_sentence.into_owned(),
                start: self.evidence_start,
                end: self.evidence_end,
            },
            confidence: self.confidence,
            excluded: self.excluded.map(Cow::into_owned),
            name: self.name.map(Cow::into_owned),
            role: self.role.map(Cow::into_owned),
            from: self.from,
            until: self.until,
            what: self.what.map(Cow::into_owned),
            value: self.value.map(Cow::into_owned),
        })
    }
}

impl From<&Event> for EventRow {
    fn from(e: &Event) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            id: e.id.clone(),
            kind: e.kind,
            authority: e.authority.clone(),
            authority_code: e.authority_code.clone(),
            judgement: e.judgement,
            rating: e.rating,
            date: e.date,
            month: e.month,
            date_basis: e.date_basis.clone(),
            articles: e.articles.clone(),
            sources: e.sources.clone(),
            claims: e.claims.clone(),
            clusters: e.clusters,
            conflict: e.conflict,
            conflicting: e.conflicting.clone(),
        }
    }
}

impl From<EventRow> for Event {
    fn from(r: EventRow) -> Self {
        Self {
            id: r.id,
            authority: r.authority,
            authority_code: r.authority_code,
            kind: r.kind,
            judgement: r.judgement,
            rating: r.rating,
            date: r.date,
            month: r.month,
            date_basis: r.date_basis,
            articles: r.articles,
            sources: r.sources,
            claims: r.claims,
            clusters: r.clusters,
            conflict: r.conflict,
            conflicting: r.conflicting,
        }
    }
}

impl<'a> PersonRow<'a> {
    /// The person row of an appointment claim; `None` for any other kind.
    pub fn from_claim(c: &'a Claim) -> Option<Self> {
        (c.kind == ClaimKind::Appointment).then(|| Self {
            schema_version: SCHEMA_VERSION,
            claim_id: Cow::Borrowed(&c.id),
            article_id: Cow::Borrowed(&c.article),
            name: c.name.as_deref().map(Cow::Borrowed),
            role: c.role.as_deref().map(Cow::Borrowed),
            authority: c.authority.as_deref().map(Cow::Borrowed),
            authority_code: c.authority_code.as_deref().map(Cow::Borrowed),
            from: c.from,
            until: c.until,
            evidence_sentence: Cow::Borrowed(&c.evidence.sentence),
            confidence: finite(c.confidence),
        })
    }
}

impl From<&Reject> for RejectRow {
    fn from(r: &Reject) -> Self {
        let key = serde_json::json!([r.path, r.stage, r.code]).to_string();
        Self {
            schema_version: SCHEMA_VERSION,
            id: scrutiny_core::content_id(key.as_bytes()),
            path: r.path.clone(),
            stage: r.stage,
            code: r.code,
            reason: r.reason.clone(),
        }
    }
}

impl From<RejectRow> for Reject {
    fn from(r: RejectRow) -> Self {
        Reject::new(r.path, r.stage, r.code, r.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copied row is the borrowed row, field for field, every optional text set.
    #[test]
    fn an_owned_claim_row_equals_the_borrowed_one() {
        let mut c = Claim::new(
            ClaimKind::Appointment,
            scrutiny_core::Evidence {
                sentence: "Jane Doe was named director.".into(),
                start: 3,
                end: 31,
            },
        );
        c.id = "c1".into();
        c.article = "a1".into();
        c.authority = Some("Knowsley".into());
        c.authority_code = Some("E08000011".into());
        c.date_basis = "stated".into();
        c.name = Some("Jane Doe".into());
        c.role = Some("director".into());
        c.what = Some("children in care".into());
        c.value = Some("412".into());
        c.relative = Some(RelativeDate {
            years: -2,
            anchor: 0,
        });
        let borrowed = ClaimRow::from(&c);
        let owned = borrowed.clone().owned();
        assert_eq!(owned, borrowed);
        assert!(matches!(owned.evidence_sentence, Cow::Owned(_)));
        assert_eq!(owned.into_claim().unwrap(), c);
    }

    #[test]
    fn article_body_and_spans_round_trip_with_multibyte_text() {
        let mut a = Article {
            id: "a".into(),
            path: "p.txt".into(),
            source: "generic".into(),
            url: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
            title: None,
            standfirst: None,
            byline: None,
            published: None,
            published_from: FieldFound::None,
            title_from: FieldFound::None,
            byline_from: FieldFound::None,
            blocks: vec![],
            captions: vec![],
            removed: vec![],
            cluster: None,
            duplicate_of: None,
            inferred: None,
        };
        a.blocks = vec![
            Block {
                kind: BlockKind::Heading,
                text: "“Quoted” £15".into(),
            },
            Block::paragraph("Second — block"),
            Block {
                kind: BlockKind::ListItem,
                text: String::new(),
            },
        ];
        let row = ArticleRow::from(&a);
        assert_eq!(row.body, a.body());
        assert_eq!(
            row.blocks[1],
            BlockSpan {
                kind: BlockKind::Paragraph,
                start: 14,
                end: 28
            }
        );
        assert_eq!(row.into_article().unwrap(), a);
    }

    #[test]
    fn a_span_outside_the_body_is_refused_not_panicked_on() {
        let a = Article::for_document(
            &scrutiny_core::Document {
                id: "x".into(),
                path: "x".into(),
                text: String::new(),
                encoding: "UTF-8".into(),
                format: Format::Text,
                meta: Default::default(),
            },
            "generic",
        );
        let mut row = ArticleRow::from(&a);
        row.body = "é".into();
        row.blocks = vec![BlockSpan {
            kind: BlockKind::Paragraph,
            start: 0,
            end: 2,
        }];
        assert!(row.clone().into_article().unwrap_err().contains("outside"));
        row.blocks = vec![BlockSpan {
            kind: BlockKind::Paragraph,
            start: 1,
            end: 0,
        }];
        assert!(row.into_article().unwrap_err().contains("before"));
    }

    #[test]
    fn reject_ids_depend_on_path_stage_and_code_only() {
        let a = RejectRow::from(&Reject::new(
            "x.txt",
            Stage::Read,
            RejectCode::Empty,
            "empty",
        ));
        let b = RejectRow::from(&Reject::new(
            "x.txt",
            Stage::Read,
            RejectCode::Empty,
            "no bytes",
        ));
        let c = RejectRow::from(&Reject::new(
            "y.txt",
            Stage::Read,
            RejectCode::Empty,
            "empty",
        ));
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
    }
}
