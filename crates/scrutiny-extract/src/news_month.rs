//! The month of an authority's inspection, told once in an article, dates that inspection's other claims.
//!
//! Press copy often gives the month of an inspection in one sentence ("In January, the local
//! authority was subject to a damning Ofsted report", "Ofsted's report, following their visit in
//! March, states") and the rating in others, or gives the overall rating with the month and the
//! judgement areas in the next sentences without it. The month then belongs to the claims of that
//! same inspection which carry no date of their own. The rule only acts when it is unambiguous:
//! one month for the authority in the whole article, one news rating, and no other dated claim of
//! the authority between the news and a judgement-area claim.

use scrutiny_core::{ClaimKind, Judgement, Rating};

use crate::dates::{self, DateExpr, DateKind, MonthRule};
use crate::extract::Draft;
use scrutiny_core::PartialDate;

/// How many sentences back a sentence that names no authority may look for the one it is about.
const LOOK_BACK: usize = 3;

/// A sentence reporting an Ofsted inspection, report or visit with a month and no year, and no rating.
#[derive(Debug, Clone)]
pub(crate) struct MonthSentence {
    /// Index of the sentence in the article.
    pub sentence: usize,
    /// The authority it is about.
    pub authority: usize,
    /// Its one date expression (a month without a year).
    pub kind: DateKind,
    /// The sentence, for the basis.
    pub text: String,
}

/// True for a month the text places in the past: without a year ("in October"), or with one
/// ("in October 2024").
pub(crate) fn is_past_month(kind: DateKind) -> bool {
    match kind {
        DateKind::Month(_, rule) => {
            matches!(rule, MonthRule::In | MonthRule::Last | MonthRule::This)
        }
        DateKind::Absolute(d) => d.get_month().is_some(),
        _ => false,
    }
}

/// The one date a sentence tells: its only date expression, or the end of a range of months
/// ("in September and October 2016", "between March and April 2019").
pub(crate) fn told_date(dates: &[DateExpr], text: &str) -> Option<DateExpr> {
    match dates {
        [one] => Some(*one),
        [first, last] => {
            let joined = text[first.end..last.start]
                .trim()
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim();
            let range = matches!(joined, "and" | "to" | "-" | "\u{2013}" | "until");
            (range
                && matches!(first.kind, DateKind::Month(..))
                && matches!(last.kind, DateKind::Absolute(d) if d.get_month().is_some()))
            .then_some(*last)
        }
        _ => None,
    }
}

/// The authority a rating-free month sentence is about: the one it names, else the one named in
/// a sentence shortly before, when that sentence names exactly one. `last_named` is the latest
/// earlier sentence naming authorities, with the distinct authorities it names.
pub(crate) fn sentence_authority(
    named_here: &[usize],
    last_named: Option<&(Vec<usize>, usize)>,
    sentence: usize,
) -> Option<usize> {
    match named_here {
        [one] => Some(*one),
        [] => match last_named {
            Some((names, at)) if names.len() == 1 && sentence.saturating_sub(*at) <= LOOK_BACK => {
                names.first().copied()
            }
            _ => None,
        },
        _ => None,
    }
}

fn has_time(d: &Draft) -> bool {
    d.claim.date.is_some() || d.claim.month.is_some() || d.claim.relative.is_some()
}

fn short(text: &str) -> String {
    const MAX: usize = 100;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}\u{2026}", &text[..i]),
        None => text.to_owned(),
    }
}

/// One place where the article gives the month of an authority's inspection.
struct Source {
    authority: usize,
    sentence: usize,
    /// The rating, when the month comes with an overall rating of its own.
    rating: Option<Rating>,
    value: (Option<PartialDate>, Option<u8>),
    basis: String,
}

/// Date the claims of each authority's inspection that have no date of their own from the one
/// month the article gives for it. `drafts` have their own dates resolved already.
pub(crate) fn apply(
    drafts: &mut [Draft],
    sentences: &[MonthSentence],
    published: Option<PartialDate>,
) {
    let mut sources: Vec<Source> = Vec::new();
    for m in sentences {
        let r = dates::resolve(m.kind, published);
        sources.push(Source {
            authority: m.authority,
            sentence: m.sentence,
            rating: None,
            value: (r.date, r.month),
            basis: format!(
                "month from the sentence: \u{201c}{}\u{201d} ({})",
                short(&m.text),
                r.basis
            ),
        });
    }
    // An overall rating dated by a month in its own sentence ("rated 'good' following a full
    // inspection in January") gives the month of that inspection too.
    for d in drafts.iter() {
        let Some(b) = d.bound else { continue };
        // A month with its year only when the rating is the news ("have been rated 'good'
        // following an inspection in October 2024"): a past rating's month ("its 'inadequate'
        // judgement in September 2017") is another inspection's.
        if d.claim.kind == ClaimKind::Inspection
            && d.claim.judgement == Some(Judgement::Overall)
            && b.pos.is_some()
            && (matches!(b.kind, DateKind::Month(..)) || d.claim.current)
            && is_past_month(b.kind)
            && has_time(d)
        {
            sources.push(Source {
                authority: d.authority,
                sentence: d.sentence,
                rating: d.claim.rating,
                value: (d.claim.date, d.claim.month),
                basis: format!(
                    "month from the sentence: \u{201c}{}\u{201d} ({})",
                    short(&d.claim.evidence.sentence),
                    d.claim.date_basis
                ),
            });
        }
    }
    let mut authorities: Vec<usize> = sources.iter().map(|s| s.authority).collect();
    authorities.sort_unstable();
    authorities.dedup();
    for a in authorities {
        let mine: Vec<&Source> = sources.iter().filter(|s| s.authority == a).collect();
        let Some(first) = mine.first() else { continue };
        if mine.iter().any(|s| s.value != first.value) {
            tracing::debug!(
                message = "Several months for one authority's inspection; none applied.",
                authority = a
            );
            continue;
        }
        let inspection = |d: &Draft| d.authority == a && d.claim.kind == ClaimKind::Inspection;
        let overall = |d: &Draft| d.claim.judgement == Some(Judgement::Overall);
        // The rating of the inspection the month belongs to: the one given with the month, else
        // the one the article reports as its news (undated, `current`).
        let mut ratings: Vec<Rating> = mine.iter().filter_map(|s| s.rating).collect();
        if ratings.is_empty() {
            ratings = drafts
                .iter()
                .filter(|d| inspection(d) && overall(d) && d.claim.current && !has_time(d))
                .filter_map(|d| d.claim.rating)
                .collect();
        }
        ratings.sort_unstable();
        ratings.dedup();
        let [rating] = ratings[..] else { continue };
        // Where the inspection is first told: its judgement areas come after that.
        let news_at = drafts
            .iter()
            .filter(|d| {
                inspection(d)
                    && overall(d)
                    && d.claim.rating == Some(rating)
                    && (d.claim.current
                        || !has_time(d)
                        || (d.claim.date, d.claim.month) == first.value)
            })
            .map(|d| d.sentence)
            .chain(
                mine.iter()
                    .filter(|s| s.rating.is_some())
                    .map(|s| s.sentence),
            )
            .min();
        let Some(news_at) = news_at else { continue };
        let other_dated: Vec<usize> = drafts
            .iter()
            .filter(|d| {
                inspection(d) && has_time(d) && (d.claim.date, d.claim.month) != first.value
            })
            .map(|d| d.sentence)
            .collect();
        for d in drafts.iter_mut() {
            if !inspection(d) || has_time(d) {
                continue;
            }
            let same = if overall(d) {
                d.claim.rating == Some(rating)
            } else {
                d.sentence >= news_at
                    && !other_dated.iter().any(|&s| s > news_at && s <= d.sentence)
            };
            if !same {
                continue;
            }
            d.claim.date = first.value.0;
            d.claim.month = first.value.1;
            d.claim.date_basis = first.basis.clone();
        }
    }
}

/// A sentence that dates an earlier inspection of an authority, with no rating of its own: "since
/// its last inspection in 2018", "which, in November 2016, received a damning inspection report".
#[derive(Debug, Clone)]
pub(crate) struct EarlierInspection {
    /// The authority it is about.
    pub authority: usize,
    /// Its one date.
    pub kind: DateKind,
    /// The sentence, for the basis.
    pub text: String,
}

/// Date the undated ratings an article tells as past (left behind, or "previously") with the one
/// earlier inspection it dates for their authority. Two earlier inspections dated for one
/// authority: which is not said, and nothing is dated.
pub(crate) fn apply_earlier(
    drafts: &mut [Draft],
    earlier: &[EarlierInspection],
    published: Option<PartialDate>,
) {
    // The claims another is counted so many years after: "rated inadequate, three years after
    // they were rated outstanding".
    let counted_from: Vec<usize> = drafts
        .iter()
        .filter_map(|d| d.claim.relative.filter(|r| r.years > 0).map(|r| r.anchor))
        .collect();
    let mut authorities: Vec<usize> = earlier.iter().map(|e| e.authority).collect();
    authorities.sort_unstable();
    authorities.dedup();
    for a in authorities {
        let mine: Vec<&EarlierInspection> = earlier.iter().filter(|e| e.authority == a).collect();
        let r = dates::resolve(mine[0].kind, published);
        if r.date.is_none() || mine.iter().any(|e| e.kind != mine[0].kind) {
            continue;
        }
        for (i, d) in drafts.iter_mut().enumerate() {
            // Told as past, or as so many years before another claim ("three years after they
            // were rated outstanding"): a judgement before the news.
            let before_another =
                d.claim.relative.is_some_and(|r| r.years < 0) || counted_from.contains(&i);
            let undated = d.claim.date.is_none() && d.claim.month.is_none();
            if d.authority != a
                || d.claim.kind != ClaimKind::Inspection
                || !(d.past || before_another)
                || !undated
                || (d.claim.relative.is_some() && !before_another)
            {
                continue;
            }
            let c = &mut d.claim;
            c.date = r.date;
            c.date_basis = format!(
                "the earlier inspection the article dates: \u{201c}{}\u{201d} ({})",
                short(&mine[0].text),
                r.basis
            );
        }
    }
}
