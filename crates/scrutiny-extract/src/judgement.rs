//! Judgements from a sentence's statements: the authorities a holder names or refers to, the
//! date each rating takes from its clause, how sure the reading is; and the members of a set of
//! councils a later sentence lists ("... twelve councils performing poorly. They are Salford,
//! Birmingham ...").

use scrutiny_core::{Claim, ClaimKind, Evidence, Framework, Judgement};

use crate::clause::{Areas, Holder, Lexicon, Modality, Sentence, Source, Statement};
use crate::dates::{DateExpr, DateKind, Direction, MonthRule};
use crate::extract::{Bound, Draft};
use crate::gazetteer::Mention;
use crate::pattern::{Rx, Words};
use crate::rules::{RatingMention, Rules};
use crate::topic::Page;

/// The sentences of an article's head, where its news is told.
const LEAD: usize = 4;

/// How many sentences after a set of councils a sentence may list its members.
const MEMBERS_WITHIN: usize = 2;

/// A rating said of a set of councils, whose members a later sentence may name.
#[derive(Debug, Clone)]
pub(crate) struct CountedSet {
    sentence: usize,
    rating: crate::rules::RatingMention,
    areas: Areas,
    bound: Option<Bound>,
    framework: Option<Framework>,
}

/// What reading the sentences so far leaves for the next.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Authorities named, most recent last: (authority, sentence).
    pub recent: Vec<(usize, usize)>,
    /// The last rating said of a set of councils.
    pub set: Option<CountedSet>,
    /// Judgement areas the sentence before named without rating them ("This received ...").
    pub prev_areas: Vec<Judgement>,
    /// A judgement has been told as given: the article's news, when undated, is the first.
    pub news_told: bool,
    /// The grade of the last judgement told, and its sentence.
    pub last_rating: Option<(scrutiny_core::Rating, usize)>,
    /// The judgements told as the article's news: (authority, rating).
    pub news: Vec<(usize, scrutiny_core::Rating)>,
}

/// One sentence, with what the extractor found in it.
pub(crate) struct Context<'a> {
    pub index: usize,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub words: Words,
    pub mentions: &'a [Mention],
    pub ratings: &'a [RatingMention],
    pub dates: &'a [DateExpr],
    /// The broad clauses dates are shared out in (`text::clauses`).
    pub clauses: &'a [(usize, usize)],
    /// A date the sentence takes from the one before, when it has none of its own.
    pub inherited: Option<Bound>,
    pub framework: Option<Framework>,
}

/// Patterns of this stage.
#[derive(Debug)]
pub(crate) struct JudgementRules {
    members: Rx,
    current: Rx,
    relative_clause: Rx,
    pronoun: Rx,
    names_only: Rx,
    again: Rx,
    subordinate: Rx,
    visit: Rx,
    same: Rx,
    status: Rx,
    definite: Rx,
    since: Rx,
}

impl JudgementRules {
    /// Compile the patterns.
    pub(crate) fn new() -> Result<JudgementRules, regex::Error> {
        let rx = |p: &str| Rx::new(&format!("(?i){p}"));
        Ok(JudgementRules {
            members: rx(
                r"^\W*(?:(?:they|these|those|the (?:[\w-]+\s+){0,3}(?:councils|authorities|boroughs))(?:\s+[\w-]+)?\s+(?:are|were|include|included)|among them (?:are|were|was|is))\b",
            )?,
            current: rx(
                r"\b(?:(?:has|have) (?:now |just |today |also |this week )?(?:been )?(?:rated|judged|graded|found|deemed|branded|given|handed|awarded|upgraded|downgraded|lifted|moved|received|achieved|secured|placed|put)|(?:is|are) (?:now |still )?(?:rated|judged|graded|deemed|inadequate|outstanding|good|requires? improvement)|remains?|now|today|yesterday|this week|this morning|fresh|latest|newly|new (?:report|rating|inspection|judgement))\b",
            )?,
            relative_clause: rx(r"^\W*(?:in which|which|when|where|at which)\b")?,
            pronoun: rx(r"^\W*(?:this|it|these|they|them|that|those)\W*$")?,
            names_only: rx(r"^[\s\W]*$")?,
            subordinate: rx(
                r"^\W*(?:which|who|since|after|following|when|before|until|because|as\s+(?:it|they|the|a|an|its|their|he|she|we))\b",
            )?,
            visit: rx(r"\b(?:monitoring|focused) visit")?,
            same: rx(r"\bthe same (?:rating|grade|judgement|judgment|verdict)\b")?,
            status: rx(r"\b(?:currently|at present|presently|at the moment)\b")?,

            definite: rx(r"^\W*the\b")?,
            // "its first inspection since 2020": a bound on another event, not the rating's date.
            since: rx(
                r"\b(?:inspection|inspections|visit|report|time|judgement|rating)\s+since\s+$",
            )?,
            again: rx(r"^[\s,]*(?:external[\s,]*)?(?:and|then|or)?[\s,]*(?:again\s*)?(?:in\s+)?$")?,
        })
    }
}

/// Every judgement a sentence states, as drafts.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read(
    lex: &Lexicon,
    jr: &JudgementRules,
    rules: &Rules,
    page: &Page,
    ctx: &Context<'_>,
    walk: &mut Walk,
    used: &mut [bool],
    drafts: &mut Vec<Draft>,
) {
    let mut ratings: Vec<RatingMention> = ctx
        .ratings
        .iter()
        .copied()
        .filter(|r| !r.annual || annual_band(page, ctx, r))
        .collect();
    same_rating(jr, ctx, walk, &mut ratings);
    if ratings.is_empty() {
        members(jr, ctx, walk, drafts);
        return;
    }
    let sentence = Sentence {
        text: ctx.text,
        words: ctx.words,
        mentions: ctx.mentions,
        ratings: &ratings,
    };
    // "the lowest rating of 'inadequate'" is one rating: dates go to it once.
    let merged = crate::clause::merge_scale_appositions(&sentence);
    let mut before: Option<(Vec<usize>, f32)> = None;
    let mut counted_before = false;
    let mut any_told = false;
    let reads = crate::clause::read(lex, rules, &sentence);
    // A date goes to the nearest grade the sentence gives: a grade read as none ("requiring
    // improvement in two categories") does not keep it from the next ("but good in leadership").
    let merged: Vec<RatingMention> = merged
        .into_iter()
        .filter(|r| reads.iter().flatten().any(|st| st.rating.start == r.start))
        .collect();
    for read in reads {
        let Ok(mut st) = read else {
            tracing::trace!(message = "A rating states no judgement.", sentence = ctx.index, why = ?read.err());
            continue;
        };
        if st.alone {
            // A grade alone on its line grades the area on the line before, or nothing.
            if walk.prev_areas.is_empty() {
                continue;
            }
            st.areas = Areas::Named(walk.prev_areas.clone());
        }
        let clause_text = &ctx.text[st.clause.0..st.clause.1];
        let told = st.modality == Modality::Given
            && !rules.past_reference.is_match(ctx.words, clause_text);
        // "is now rated", "has been rated", "a report which labelled it inadequate has found";
        // not in another clause joined after it ("... and in their latest report"), nor in the
        // main clause a relative or participial one is set in ("Bristol, which was rated
        // inadequate in 2017, has now been judged good").
        // A rating told before its clause ("outstanding, as was the overall effectiveness")
        // reads the whole clause.
        let after = ctx.text.get(st.rating.end..st.clause.1).unwrap_or_default();
        let own_end = [" and ", ","]
            .iter()
            .filter_map(|cut| after.find(cut).map(|at| st.rating.end + at))
            .filter(|&end| end > st.clause.0)
            .min()
            .unwrap_or(st.clause.1);
        let own = ctx.text.get(st.clause.0..own_end).unwrap_or_default();
        let current = st.modality == Modality::Given && jr.current.is_match(ctx.words, own);
        let mut bound = date_of(jr, ctx, &merged, &st, used, current);
        if st.source == Source::Members {
            // "The authorities found to be inadequate were ...": the set a sentence before
            // counted, with its areas and date.
            if let Some(set) = walk.set.as_ref().filter(|set| {
                set.rating.rating == st.rating.rating && ctx.index <= set.sentence + MEMBERS_WITHIN
            }) {
                if matches!(&st.areas, Areas::Named(v) if v.is_empty()) {
                    st.areas = set.areas.clone();
                }
                bound = bound.or(set.bound);
            }
        }
        if st.holder == Holder::Unsaid && counted_before {
            // "councils judged to be 'good' or outstanding": the same councils.
            continue;
        }
        if st.holder == Holder::Counted {
            counted_before = true;
            walk.set = Some(CountedSet {
                sentence: ctx.index,
                rating: st.rating,
                areas: st.areas.clone(),
                bound: set_date(ctx, &st, bound),
                framework: ctx.framework,
            });
            continue;
        }
        let Some((mut authorities, conf)) = holders(lex, &st, before.as_ref(), page, ctx, walk)
        else {
            continue;
        };
        for &a in &st.also {
            if !authorities.contains(&a) {
                authorities.push(a);
            }
        }
        before = Some((authorities.clone(), conf));
        walk.last_rating = Some((st.rating.rating, ctx.index));
        let areas = areas_referred_to(lex, jr, rules, ctx, &st, walk);
        // The judgements the article's head tells first, without a date of its own or a word
        // of the past, in a main clause, are its news; so is "the inadequate rating" said of
        // one of them again.
        // An article whose head reports a publication ("Ofsted has published its annual
        // assessments") reports every such judgement as its results.
        let lead = told
            && (!walk.news_told || page.publication)
            && (ctx.index < LEAD || page.publication)
            && bound.is_none()
            && !jr.subordinate.is_match(ctx.words, clause_text)
            && !jr.visit.is_match(ctx.words, ctx.text)
            // "Services are currently rated good": a standing, not the news.
            && !jr.status.is_match(ctx.words, clause_text);
        any_told |= told;
        let again = st.nominal
            && jr
                .definite
                .is_match(ctx.words, &ctx.text[st.zone.0..st.zone.1])
            && authorities
                .iter()
                .any(|a| walk.news.contains(&(*a, st.rating.rating)));
        // "Hartlepool has been rated good ... Services were rated good overall": the news's
        // rating told again of its authority, with no year or word of the past of its own (a
        // month is the news's inspection: "inspected in July ... Services were rated good").
        let echo = told
            && bound.is_none_or(|b| matches!(b.kind, DateKind::Month(..)))
            && authorities
                .iter()
                .any(|a| walk.news.contains(&(*a, st.rating.rating)));
        let current = current || lead || again || echo || bound.is_some_and(|b| b.current);
        if current {
            for &a in &authorities {
                if !walk.news.contains(&(a, st.rating.rating)) {
                    walk.news.push((a, st.rating.rating));
                }
            }
        }
        let conf = conf * certainty(&st);
        // "judged them inadequate in 2013, then again in 2015": one judgement per year.
        let mut bounds = vec![bound];
        bounds.extend(repeated(jr, ctx, bound).into_iter().map(Some));
        for bound in bounds {
            for &authority in &authorities {
                push(
                    drafts,
                    ctx,
                    Pending {
                        authority,
                        rating: st.rating,
                        areas: areas.clone(),
                        bound,
                        current,
                        confidence: conf,
                        framework: ctx.framework,
                        combined_care: st.combined_care,
                        past: !told,
                    },
                );
            }
        }
    }
    walk.news_told |= any_told;
}

/// The dates that repeat a judgement after its own: "in 2013, then again in 2015", "in 2016
/// and 2018".
/// The date the members of a counted set share: its clause's one date; of "risen from none last
/// year to four this year", the one after "to" (the count is of then); of two dates otherwise,
/// none.
fn set_date(ctx: &Context<'_>, st: &Statement, bound: Option<Bound>) -> Option<Bound> {
    let (a, b) = ctx
        .clauses
        .iter()
        .copied()
        .find(|&(a, b)| st.rating.start >= a && st.rating.end <= b)?;
    let dates: Vec<&DateExpr> = ctx
        .dates
        .iter()
        .filter(|d| d.start >= a && d.end <= b)
        .collect();
    // "Four were found inadequate last year, but this year that rose to eight": a later count in
    // the sentence, with its own date, may be the set the next sentence names.
    if ctx.dates.iter().any(|d| d.start >= b) {
        return None;
    }
    match dates[..] {
        [] | [_] => bound,
        [first, last] => {
            let between = ctx.text[first.end..last.start].to_lowercase();
            let to = between.split_whitespace().any(|w| w == "to");
            to.then_some(Bound {
                kind: last.kind,
                current: last.current,
                pos: Some((last.start, last.end)),
            })
        }
        _ => None,
    }
}

/// "in 2012, and again two years later": a later year counted from the one before.
fn repeated(jr: &JudgementRules, ctx: &Context<'_>, bound: Option<Bound>) -> Vec<Bound> {
    let Some(b) = bound else { return Vec::new() };
    let Some((_, mut end)) = b.pos else {
        return Vec::new();
    };
    let mut last = match b.kind {
        DateKind::Absolute(d) => Some(d.get_year()),
        _ => None,
    };
    let mut out = Vec::new();
    let from = end;
    for d in ctx.dates.iter().filter(|d| d.start >= from) {
        if !jr.again.is_match(ctx.words, &ctx.text[end..d.start]) {
            break;
        }
        let kind = match (d.kind, last) {
            (DateKind::Absolute(x), _) => DateKind::Absolute(x),
            (DateKind::Years(n, Direction::Later | Direction::After), Some(y)) => {
                let Ok(x) = scrutiny_core::PartialDate::year(y + n as i16) else {
                    break;
                };
                DateKind::Absolute(x)
            }
            _ => break,
        };
        if let DateKind::Absolute(x) = kind {
            last = Some(x.get_year());
        }
        out.push(Bound {
            kind,
            current: false,
            pos: Some((d.start, d.end)),
        });
        end = d.end;
    }
    out
}

/// "The same rating was also applied to leadership": the grade the article told last, within
/// the sentence or the two before it.
fn same_rating(
    jr: &JudgementRules,
    ctx: &Context<'_>,
    walk: &Walk,
    ratings: &mut Vec<RatingMention>,
) {
    let Some(m) = jr.same.find(ctx.words, ctx.text) else {
        return;
    };
    let earlier_here = ratings
        .iter()
        .rev()
        .find(|r| r.end <= m.start())
        .map(|r| r.rating);
    let told = walk
        .last_rating
        .filter(|&(_, at)| ctx.index <= at + 2)
        .map(|(rating, _)| rating);
    let Some(rating) = earlier_here.or(told) else {
        return;
    };
    ratings.push(RatingMention {
        start: m.start(),
        end: m.end(),
        rating,
        negated: false,
        annual: false,
        quoted: false,
        copular: false,
    });
    ratings.sort_by_key(|r| r.start);
}

/// "performs poorly" grades a council only as a band of the annual ratings (2008-2011): on a
/// page about them, quoted, said of a council "overall", or with a year they were given.
fn annual_band(page: &Page, ctx: &Context<'_>, r: &RatingMention) -> bool {
    let overall = crate::text::starts_with_lower(ctx.text[r.end..].trim_start(), "overall");
    let year = ctx
        .dates
        .iter()
        .any(|d| matches!(d.kind, DateKind::Absolute(p) if (2008..=2011).contains(&p.get_year())));
    page.annual || r.quoted || overall || year
}

/// How much the form of the statement leaves to the reader.
fn certainty(st: &Statement) -> f32 {
    let mut c = 1.0;
    if st.nominal {
        c *= 0.95;
    }
    if st.modality == Modality::Left {
        c *= 0.95;
    }
    if matches!(st.areas, Areas::All(_)) {
        c *= 0.95;
    }
    c
}

/// The authorities a statement's holder denotes, and how sure that is.
fn holders(
    lex: &Lexicon,
    st: &Statement,
    before: Option<&(Vec<usize>, f32)>,
    page: &Page,
    ctx: &Context<'_>,
    walk: &Walk,
) -> Option<(Vec<usize>, f32)> {
    match &st.holder {
        Holder::Named(list) => {
            let conf = match st.source {
                Source::Clause => 0.95,
                Source::List => 0.9,
                Source::Members => 0.88,
                Source::Reference => 0.8,
            };
            Some((list.clone(), if page.elsewhere { conf * 0.8 } else { conf }))
        }
        Holder::Both => {
            let two: Vec<usize> = walk.recent.iter().rev().map(|r| r.0).take(2).collect();
            (two.len() == 2 && !page.elsewhere).then(|| (two.into_iter().rev().collect(), 0.75))
        }
        Holder::Unsaid if before.is_some() => before.map(|(a, c)| (a.clone(), c * 0.95)),
        Holder::Pronoun => pronoun(lex, page, ctx, walk, st.zone.0).map(|(a, c)| (vec![a], c)),
        Holder::Topic | Holder::Unsaid => topic(lex, page, ctx, walk, st.zone.0).map(|(a, c)| {
            let c = if st.holder == Holder::Unsaid {
                c * 0.9
            } else {
                c
            };
            (vec![a], c)
        }),
        Holder::Counted | Holder::Other => None,
    }
}

/// The authority a definite description ("the council", "children's services") means: the one
/// this sentence names before it, when it names one; else the page's when one stands out; else
/// the one named just before.
fn topic(
    lex: &Lexicon,
    page: &Page,
    ctx: &Context<'_>,
    walk: &Walk,
    at: usize,
) -> Option<(usize, f32)> {
    if page.elsewhere {
        return None;
    }
    if let [one] = named_before(lex, ctx, at)[..] {
        return Some((one, 0.85));
    }
    if let (Some(t), true) = (page.topic, page.strong) {
        return Some((t, 0.85));
    }
    just_before(ctx, walk)
        .map(|a| (a, 0.75))
        .or_else(|| page.topic.map(|t| (t, 0.65)))
}

/// The authority a pronoun ("it", "its services", "they") means: the last one named before it
/// in the sentence, else the one the sentence before names, else the page's.
fn pronoun(
    lex: &Lexicon,
    page: &Page,
    ctx: &Context<'_>,
    walk: &Walk,
    at: usize,
) -> Option<(usize, f32)> {
    if page.elsewhere {
        return None;
    }
    if let Some(&last) = named_before(lex, ctx, at).last() {
        return Some((last, 0.85));
    }
    if let Some(a) = just_before(ctx, walk) {
        return Some((a, 0.8));
    }
    page.topic
        .map(|t| (t, if page.strong { 0.8 } else { 0.65 }))
}

/// The authorities the sentence names before a position, but for those put aside ("in a part
/// of Devon", "run by Essex").
fn named_before(lex: &Lexicon, ctx: &Context<'_>, at: usize) -> Vec<usize> {
    distinct(
        ctx.mentions
            .iter()
            .filter(|m| m.end <= at && !lex.put_aside(ctx.words, ctx.text, m.start))
            .map(|m| m.authority),
    )
}

/// The authority the sentence before names, when it names one.
fn just_before(ctx: &Context<'_>, walk: &Walk) -> Option<usize> {
    let last = walk
        .recent
        .last()
        .filter(|r| ctx.index.saturating_sub(r.1) <= 1)?;
    let same: Vec<usize> = walk
        .recent
        .iter()
        .filter(|r| r.1 == last.1)
        .map(|r| r.0)
        .collect();
    (same.len() == 1).then_some(last.0)
}

/// Areas a statement refers to rather than names: "This received a rating of 'good'" (the
/// areas the sentence before named), "All of these areas were found to ..." (the areas listed
/// before), "... which have seen them judged adequate" (the areas of the phrase "them" stands
/// for, at the head of the sentence).
fn areas_referred_to(
    lex: &Lexicon,
    jr: &JudgementRules,
    rules: &Rules,
    ctx: &Context<'_>,
    st: &Statement,
    walk: &Walk,
) -> Areas {
    let named_none = matches!(&st.areas, Areas::Named(v) if v.is_empty());
    let clause = &ctx.text[st.clause.0..st.clause.1];
    let zone = &ctx.text[st.zone.0..st.zone.1];
    let bare_pronoun = jr.pronoun.is_match(ctx.words, zone);
    if matches!(st.areas, Areas::All(_))
        && lex.refers_to_listed(ctx.words, clause)
        && walk.prev_areas.len() > 1
    {
        return Areas::Named(walk.prev_areas.clone());
    }
    if !named_none || !bare_pronoun {
        return st.areas.clone();
    }
    if st.clause.0 == 0 && !walk.prev_areas.is_empty() {
        return Areas::Named(walk.prev_areas.clone());
    }
    // "... services have been highlighted for improvements which have seen them judged as
    // adequate": a plural pronoun stands for the services the sentence opens with ("it" is the
    // council).
    let plural = matches!(zone.trim().to_lowercase().as_str(), "them" | "they");
    if st.holder == Holder::Pronoun && st.zone.0 > 0 && plural {
        let head = lex.first_phrase(ctx.words, &ctx.text[..st.zone.0]);
        let areas: Vec<Judgement> = rules
            .judgements(ctx.words, head)
            .into_iter()
            .map(|j| j.judgement)
            .collect();
        if !areas.is_empty() {
            return Areas::Named(areas);
        }
    }
    st.areas.clone()
}

/// A judgement to draft, before its areas are spread out.
struct Pending {
    authority: usize,
    rating: RatingMention,
    areas: Areas,
    bound: Option<Bound>,
    current: bool,
    confidence: f32,
    framework: Option<Framework>,
    combined_care: bool,
    past: bool,
}

fn push(drafts: &mut Vec<Draft>, ctx: &Context<'_>, p: Pending) {
    let (judgements, all) = match &p.areas {
        Areas::Named(v) if v.is_empty() => (vec![Judgement::Overall], None),
        Areas::Named(v) => (v.clone(), None),
        Areas::All(count) => (vec![Judgement::Overall], Some(*count)),
    };
    let framework = if p.rating.annual {
        Some(Framework::AnnualRating)
    } else {
        p.framework
    };
    for judgement in judgements {
        let mut claim = Claim::new(
            ClaimKind::Inspection,
            Evidence {
                sentence: ctx.text.to_owned(),
                start: ctx.start,
                end: ctx.end,
            },
        );
        claim.rating = Some(p.rating.rating);
        claim.judgement = Some(judgement);
        claim.confidence = p.confidence;
        claim.current = p.current;
        claim.framework = framework;
        drafts.push(Draft {
            claim,
            authority: p.authority,
            sentence: ctx.index,
            pos: p.rating.start,
            bound: p.bound,
            anchor: None,
            all_areas: all,
            combined_care: p.combined_care,
            past: p.past,
        });
    }
}

/// "They are Salford, Birmingham, ...", or a list of names alone after a counted rating: each
/// member holds the set's rating.
fn members(jr: &JudgementRules, ctx: &Context<'_>, walk: &mut Walk, drafts: &mut Vec<Draft>) {
    let Some(set) = walk.set.as_ref() else { return };
    if ctx.index > set.sentence + MEMBERS_WITHIN || ctx.mentions.is_empty() {
        return;
    }
    let introduced = jr.members.is_match(ctx.words, ctx.text);
    let alone = names_alone(jr, ctx);
    if !introduced && !alone {
        return;
    }
    let set = set.clone();
    for authority in distinct(ctx.mentions.iter().map(|m| m.authority)) {
        push(
            drafts,
            ctx,
            Pending {
                authority,
                rating: set.rating,
                areas: set.areas.clone(),
                bound: set.bound,
                current: false,
                confidence: 0.85,
                framework: set.framework,
                combined_care: false,
                past: false,
            },
        );
    }
    if alone {
        // A column of names goes on: the set stays open for the next line.
        if let Some(s) = walk.set.as_mut() {
            s.sentence = ctx.index;
        }
    }
}

/// A line holding nothing but names ("Doncaster Council").
fn names_alone(jr: &JudgementRules, ctx: &Context<'_>) -> bool {
    let mut rest = String::new();
    let mut at = 0;
    for m in ctx.mentions {
        rest.push_str(&ctx.text[at..m.start]);
        at = m.end;
    }
    rest.push_str(&ctx.text[at..]);
    let rest = rest
        .replace("County Council", "")
        .replace("City Council", "")
        .replace("Borough Council", "")
        .replace("Council", "")
        .replace(" and ", " ");
    jr.names_only.is_match(ctx.words, &rest)
}

/// The date a statement's rating takes: its own date in the broad clause it stands in, else the
/// date of the clause before when its clause is a relative one ("..., in which it was rated"),
/// else the date the sentence takes from the one before.
fn date_of(
    jr: &JudgementRules,
    ctx: &Context<'_>,
    ratings: &[RatingMention],
    st: &Statement,
    used: &mut [bool],
    current: bool,
) -> Option<Bound> {
    let r = &st.rating;
    let ci = ctx
        .clauses
        .iter()
        .position(|&(a, b)| r.start >= a && r.end <= b)?;
    let (a, b) = ctx.clauses[ci];
    let in_clause = |d: &DateExpr| d.start >= a && d.end <= b;
    let rivals: Vec<&RatingMention> = ratings
        .iter()
        .filter(|x| x.start >= a && x.end <= b && !x.negated)
        .collect();
    let owner = |d: &DateExpr| {
        rivals
            .iter()
            .min_by_key(|x| gap(d.start, d.end, x.start, x.end))
            .map(|x| x.start)
    };
    // A rating left behind ("improve from the 'inadequate' rating given in 2009") is not dated
    // by the news's "today", nor by a month without a year (the news inspection's).
    let left = st.modality == Modality::Left;
    let news_like = |d: &DateExpr| d.current || matches!(d.kind, DateKind::Month(..));
    // "since 2015" dates how long a state has held: the grade it follows ("inadequate since
    // 2015"), not one told after it ("inadequate since 2015, has improved to requires
    // improvement"), nor one of another clause.
    let since = |d: &DateExpr| {
        let before = ctx.text[..d.start].trim_end();
        before.len() >= 5
            && before.is_char_boundary(before.len() - 5)
            && before[before.len() - 5..].eq_ignore_ascii_case("since")
    };
    let own = ctx
        .dates
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            in_clause(d)
                && owner(d) == Some(r.start)
                && !(left && news_like(d))
                && !jr.since.is_match(ctx.words, &ctx.text[..d.start])
                && !(since(d) && d.end <= r.start)
        })
        .min_by_key(|(_, d)| gap(d.start, d.end, r.start, r.end));
    if let Some((i, d)) = own {
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
        return Some(Bound {
            kind: d.kind,
            current: d.current,
            pos: Some((d.start, d.end)),
        });
    }
    if jr.relative_clause.is_match(ctx.words, &ctx.text[a..b]) && ci > 0 {
        let (pa, pb) = ctx.clauses[ci - 1];
        let earlier = ctx.dates.iter().enumerate().rfind(|(i, d)| {
            d.start >= pa && d.end <= pb && !used.get(*i).copied().unwrap_or(true) && !since(d)
        });
        if let Some((i, d)) = earlier {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            return Some(Bound {
                kind: d.kind,
                current: d.current,
                pos: None,
            });
        }
    }
    // "- in 2015 - it was rated requiring improvement in two categories, but good in
    // leadership": a date of the clause before that no grade given there took.
    if ci > 0 {
        let (pa, pb) = ctx.clauses[ci - 1];
        let given_there = ratings.iter().any(|x| x.start >= pa && x.end <= pb);
        let earlier = ctx.dates.iter().enumerate().rfind(|(i, d)| {
            d.start >= pa
                && d.end <= pb
                && !used.get(*i).copied().unwrap_or(true)
                && matches!(d.kind, DateKind::Absolute(_))
                && !since(d)
        });
        if let (false, Some((i, d))) = (given_there, earlier) {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            return Some(Bound {
                kind: d.kind,
                current: d.current,
                pos: None,
            });
        }
    }
    // A judgement told as news ("now rated good") is not the past event the sentence before dated.
    ctx.inherited.filter(|b| {
        !matches!(b.kind, DateKind::Month(_, MonthRule::Next))
            && (!current || b.current || matches!(b.kind, DateKind::Month(_, MonthRule::In)))
            && !(left && (b.current || matches!(b.kind, DateKind::Month(..))))
    })
}

fn gap(s1: usize, e1: usize, s2: usize, e2: usize) -> usize {
    s2.saturating_sub(e1).max(s1.saturating_sub(e2))
}

fn distinct(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for x in it {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// The areas "every area" means for a judgement made at a date: the framework's judgements, as
/// Ofsted published them then. The single inspection framework (November 2013 to 2017) and the
/// ILACS framework (2018 on) both judge help and protection, children in care and leadership;
/// ILACS judges care leavers apart from 2023. Undated, the judgements common to both.
pub(crate) fn every_area(year: Option<i16>, count: Option<u8>) -> Vec<Judgement> {
    use Judgement::*;
    let core = vec![HelpAndProtection, ChildrenInCare, Leadership];
    let with_leavers = || vec![HelpAndProtection, ChildrenInCare, CareLeavers, Leadership];
    match (year, count) {
        (_, Some(5)) => with_leavers(),
        (Some(y), _) if y >= 2023 => with_leavers(),
        (Some(y), _) if y < 2013 => Vec::new(),
        _ => core,
    }
}

/// Spread each "every area" draft into one draft per area of the framework at its date; and
/// read "children in care and care leavers" as one judgement (children in care) before 2023,
/// when Ofsted began to judge care leavers apart.
pub(crate) fn spread_areas(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let year = d.claim.date.map(|x| x.get_year());
        if d.combined_care
            && d.claim.judgement == Some(Judgement::CareLeavers)
            && year.is_none_or(|y| y < 2023)
        {
            continue;
        }
        let Some(count) = d.all_areas else {
            out.push(d);
            continue;
        };
        let areas = every_area(year, count);
        let mut overall = d.clone();
        overall.all_areas = None;
        for j in areas {
            let mut area = overall.clone();
            area.claim.judgement = Some(j);
            area.claim.date_basis = format!("{}; one of every area judged", area.claim.date_basis);
            out.push(area);
        }
        out.push(overall);
    }
    out
}
