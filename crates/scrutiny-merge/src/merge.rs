//! Claims into canonical events, with cross-article date inference and per-authority timelines.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

// Keyed by article ids: foldhash hashes them several times faster than std's SipHash, and
// nothing here iterates a map in hash order.
use foldhash::{HashMap, HashMapExt};

use rayon::prelude::*;
use scrutiny_core::{Article, Claim, ClaimKind, Event, Judgement, PartialDate, Rating, content_id};
use serde::Serialize;

mod cluster;

/// Rounds of inference at most; each round can only add dates, so a handful always suffices.
const MAX_ROUNDS: usize = 8;

/// What is known about an article's own date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleDate {
    /// The article's id.
    pub article: String,
    /// Its date: the published date, or the year of the events that are its news.
    pub date: Option<PartialDate>,
    /// It cannot be earlier than this: the latest past event it recounts.
    pub earliest: Option<PartialDate>,
    /// How the date and bound were found, in words.
    pub basis: String,
}

/// A claim's date after merging, with its event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimDate {
    /// The claim's id.
    pub claim: String,
    /// The event it merged into.
    pub event: String,
    /// Its date, stated or inferred.
    pub date: Option<PartialDate>,
    /// Its month, when only the month is known.
    pub month: Option<u8>,
    /// How the date was found, in words; says `inferred` when it came from elsewhere.
    pub basis: String,
}

/// One event's place in its authority's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// The event's id (see [`Merged::event`]).
    pub event: String,
    /// For an undated event, the date it is known to follow, if any.
    pub after: Option<PartialDate>,
    /// What is known about its date, in words.
    pub note: String,
}

/// One authority's events in date order; an undated event follows the date it is known to
/// come after, and undated events with no such bound come last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// Canonical authority name.
    pub authority: String,
    /// Its events in order.
    pub entries: Vec<TimelineEntry>,
}

/// Everything [`merge`] learns.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Merged {
    /// Canonical events, by authority (sorted) and then in timeline order.
    pub events: Vec<Event>,
    /// Every event claim's final date and event, sorted by claim id.
    pub claim_dates: Vec<ClaimDate>,
    /// What is known about each article's date, sorted by article id.
    pub article_dates: Vec<ArticleDate>,
    /// One timeline per authority, sorted by authority.
    pub timelines: Vec<Timeline>,
    /// Ids of claims that make no event: appointments, statistics, claims without an authority,
    /// claims left out for their confidence (`Claim::excluded`).
    pub skipped: Vec<String>,
}

impl Merged {
    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// The timeline of one authority, as events in order.
    pub fn timeline(&self, authority: &str) -> Vec<&Event> {
        self.timelines
            .iter()
            .filter(|t| t.authority == authority)
            .flat_map(|t| t.entries.iter().filter_map(|e| self.event(&e.event)))
            .collect()
    }
}

type Key = (String, ClaimKind, Option<Judgement>);

/// Event dates are kept to the month: a day in press copy is the day a report or an article
/// was published, which outlets give differently for one inspection. Claims keep their day.
fn cap(d: PartialDate) -> PartialDate {
    match d.get_month() {
        Some(m) if d.get_day().is_some() => PartialDate::month(d.get_year(), m).unwrap_or(d),
        _ => d,
    }
}

/// True when every day `a` can mean is before every day `b` can mean.
fn before(a: PartialDate, b: PartialDate) -> bool {
    if a.get_year() != b.get_year() {
        return a.get_year() < b.get_year();
    }
    match (a.get_month(), b.get_month()) {
        (Some(x), Some(y)) if x != y => x < y,
        (Some(_), Some(_)) => matches!((a.get_day(), b.get_day()), (Some(x), Some(y)) if x < y),
        _ => false,
    }
}

fn with_year(year: i32, month: Option<u8>) -> Option<PartialDate> {
    let y = i16::try_from(year).ok()?;
    match month {
        Some(m) => PartialDate::month(y, m).ok(),
        None => PartialDate::year(y).ok(),
    }
}

/// Where a built event goes: by authority, then by date (an undated event just after the date it
/// follows, the rest last), then by what tells events apart.
fn timeline_order(a: &Built, b: &Built) -> std::cmp::Ordering {
    let (x, y) = (a.0.date.or(a.1), b.0.date.or(b.1));
    (
        &a.0.authority,
        x.is_none(),
        x,
        a.0.date.is_none(),
        a.0.month,
        a.0.kind,
        a.0.judgement,
        &a.0.id,
    )
        .cmp(&(
            &b.0.authority,
            y.is_none(),
            y,
            b.0.date.is_none(),
            b.0.month,
            b.0.kind,
            b.0.judgement,
            &b.0.id,
        ))
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// Articles or candidate events one date note names before it counts the rest. Notes that
/// named every article of a widely reported event, or every event a claim might be, grew with
/// claims times articles (at 100,000 pages, 107 of the 157 MB of `events.jsonl`); the event's
/// `articles` and `claims` lists are complete.
const NAMED_IN_A_NOTE: usize = 5;

/// The events a claim could have joined when it was kept apart from them, as its note tells
/// them: each date named when there are at most [`NAMED_IN_A_NOTE`], else a count and the span
/// of their dates. An undated claim of a much reported authority can fit a hundred events:
/// naming each made the note the largest part of the events dataset, and listing each per
/// event cost 8.6 million list entries a round at 100,000 pages.
#[derive(Debug, Default, Clone, PartialEq)]
struct Apart {
    /// How many (none, or at least two).
    n: usize,
    /// Their dates, in the order given, when at most [`NAMED_IN_A_NOTE`].
    named: Vec<Option<PartialDate>>,
    /// The earliest and latest of their dates.
    span: Option<(PartialDate, PartialDate)>,
    /// How many have no date.
    undated: usize,
}

impl Apart {
    fn of(dates: impl ExactSizeIterator<Item = Option<PartialDate>>) -> Apart {
        let name = dates.len() <= NAMED_IN_A_NOTE;
        let mut apart = Apart::default();
        for d in dates {
            if name {
                apart.named.push(d);
            }
            apart.add(d);
        }
        apart
    }

    /// Count one more event, dated `d`, into the span (not into `named`).
    fn add(&mut self, d: Option<PartialDate>) {
        self.n += 1;
        match d {
            Some(d) => {
                self.span = Some(self.span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))));
            }
            None => self.undated += 1,
        }
    }

    fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The note's words for them.
    fn words(&self) -> String {
        if self.n <= NAMED_IN_A_NOTE {
            let name = |d: &Option<PartialDate>| {
                d.map_or_else(|| "an undated event".to_owned(), |d| d.to_string())
            };
            return self.named.iter().map(name).collect::<Vec<_>>().join(" or ");
        }
        let mut s = format!("any of {} events", self.n);
        if let Some((lo, hi)) = self.span {
            s.push_str(&format!(" dated {lo} to {hi}"));
        }
        if self.undated > 0 {
            s.push_str(&format!(" ({} of them undated)", self.undated));
        }
        s
    }
}

/// `ids` joined for a note: all of them when few, else the first [`NAMED_IN_A_NOTE`] and a count.
fn name_some<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    let n = ids.len();
    let named: Vec<&str> = ids.take(NAMED_IN_A_NOTE).collect();
    if n <= NAMED_IN_A_NOTE {
        named.join(", ")
    } else {
        format!(
            "{} and {} more (the event lists them all)",
            named.join(", "),
            n - NAMED_IN_A_NOTE
        )
    }
}

#[derive(Clone, Copy)]
struct ArticleInfo<'a> {
    published: Option<PartialDate>,
    cluster: &'a str,
    source: Option<&'a str>,
}

/// One round's inputs that persist: dates learnt so far.
struct Learnt<'a> {
    /// Per claim: its date before clustering and why (a stated date's basis is the claim's own,
    /// borrowed: this is rebuilt every round for every claim).
    eff: Vec<Dated<'a>>,
    /// Per article in `Ctx::lists`: (date, earliest, basis); empty before the first round.
    articles: Vec<ArticleLearnt>,
    /// Per claim: its final date after the previous round's clustering.
    last: Vec<Option<PartialDate>>,
}

/// An event built for output, with the date it follows (when undated) and its timeline note.
type Built = (Event, Option<PartialDate>, String);

/// A claim's date before clustering and why.
type Dated<'a> = Option<(PartialDate, Cow<'a, str>)>;

/// What one round learnt about an article: (date, earliest, basis).
type ArticleLearnt = (Option<PartialDate>, Option<PartialDate>, String);

struct Ev {
    key: usize,
    members: Vec<usize>,
    date: Option<PartialDate>,
    month: Option<u8>,
    /// When its first claim could have joined several events: those events, as its note tells
    /// them (worded only for the output: rounds rebuild events).
    apart: Apart,
    /// Undated claims that joined, each with the date of the inspection its article recounts
    /// before it, when that decided.
    joined: Vec<(usize, Option<PartialDate>)>,
}

struct Ctx<'a> {
    claims: &'a [Claim],
    /// Per article id, its claims in input order (the order `relative.anchor` indexes).
    lists: Vec<(&'a str, Vec<usize>)>,
    /// Per entry of `lists`: what is known of its article (looked up once, not per claim and
    /// round).
    list_info: Vec<Option<ArticleInfo<'a>>>,
    /// Per claim: its article's entry in `lists`.
    list_of: Vec<usize>,
    keys: Vec<Key>,
    /// Per claim: index into `keys`, or none for a skipped claim.
    key_of: Vec<Option<usize>>,
    /// Per key: its claims in input order.
    by_key: Vec<Vec<usize>>,
    /// Per claim: its place in its key's list in `by_key` (0 for a skipped claim).
    pos: Vec<usize>,
    /// Per claim: [`scrutiny_core::id_prefix`] of its id.
    id_prefix: Vec<u64>,
}

impl Ctx<'_> {
    /// Claims `a` and `b` in the order of their ids (each claim is read only on a tie).
    fn by_id(&self, a: usize, b: usize) -> std::cmp::Ordering {
        self.id_prefix[a]
            .cmp(&self.id_prefix[b])
            .then_with(|| self.claims[a].id.cmp(&self.claims[b].id))
    }
}

/// `items` in the order of `id`, equal ids in their order: sorted by
/// [`scrutiny_core::id_prefix`] and index, reading an item only on a tie of prefixes, then moved
/// into place once. Sorting the items themselves read two of them (and their ids, elsewhere
/// in memory) per comparison.
fn sorted_by_id<T: Send + Sync>(items: Vec<T>, id: impl Fn(&T) -> &str + Sync) -> Vec<T> {
    let mut order: Vec<(u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| (scrutiny_core::id_prefix(id(t)), i))
        .collect();
    order.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id(&items[a.1]).cmp(id(&items[b.1])))
            .then(a.1.cmp(&b.1))
    });
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, i)| slots[i].take())
        .collect()
}

/// Merge claims into canonical events and infer what their articles imply about dates.
///
/// Claims about the same authority, kind and judgement merge when their dates are compatible
/// and nothing says they are distinct inspections; see `docs/merge.md` for every rule.
/// `articles` supplies publication dates, sources and dedup clusters; a claim whose article
/// is missing still merges, with none of those. Claims of one article are taken in input
/// order (the order `Claim::relative` anchors index); the result does not depend on the
/// order of articles or on the interleaving of different articles' claims.
pub fn merge(articles: &[Article], claims: &[Claim]) -> Merged {
    let articles: Vec<MergeArticle<'_>> = articles
        .iter()
        .map(|a| MergeArticle {
            id: &a.id,
            published: a.published,
            cluster: a.cluster.as_deref().unwrap_or(&a.id),
            source: &a.source,
        })
        .collect();
    merge_articles(&articles, claims)
}

/// What [`merge`] reads of an article: no text.
#[derive(Debug, Clone, Copy)]
pub struct MergeArticle<'a> {
    /// Content id.
    pub id: &'a str,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// Its dedup cluster (its own id when it has none).
    pub cluster: &'a str,
    /// The source plugin.
    pub source: &'a str,
}

/// [`merge`] on what it reads of each article.
pub fn merge_articles(articles: &[MergeArticle<'_>], claims: &[Claim]) -> Merged {
    let info: HashMap<&str, ArticleInfo> = articles
        .iter()
        .map(|a| {
            (
                a.id,
                ArticleInfo {
                    published: a.published,
                    cluster: a.cluster,
                    source: Some(a.source),
                },
            )
        })
        .collect();
    let mut lists: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut list_of = Vec::with_capacity(claims.len());
    let mut list_ix: HashMap<&str, usize> = HashMap::new();
    let mut last: Option<(&str, usize)> = None;
    for (i, c) in claims.iter().enumerate() {
        // An article's claims usually come together: the last one's entry is checked first.
        let ix = match last {
            Some((article, ix)) if article == c.article => ix,
            _ => *list_ix.entry(c.article.as_str()).or_insert_with(|| {
                lists.push((c.article.as_str(), Vec::new()));
                lists.len() - 1
            }),
        };
        last = Some((&c.article, ix));
        lists[ix].1.push(i);
        list_of.push(ix);
    }
    // Keys borrowed while they are found and looked up: an authority's name is copied once per
    // key, not twice per claim. Each claim's key is found once, by hash; keys are numbered in
    // their sorted order afterwards (sorting 452,000 claims' keys into a tree, then searching
    // it for each claim, compared two authority names per step).
    let mut first_seen: Vec<(&str, ClaimKind, Option<Judgement>)> = Vec::new();
    let mut seen: HashMap<(&str, ClaimKind, Option<Judgement>), usize> = HashMap::new();
    let mut skipped = Vec::new();
    let seen_as: Vec<Option<usize>> = claims
        .iter()
        .map(|c| match (&c.authority, c.kind) {
            // A claim left out (below the pipeline's min_confidence) joins no event.
            (
                Some(a),
                ClaimKind::Inspection | ClaimKind::MonitoringVisit | ClaimKind::FocusedVisit,
            ) if c.excluded.is_none() => {
                Some(*seen.entry((a, c.kind, c.judgement)).or_insert_with(|| {
                    first_seen.push((a, c.kind, c.judgement));
                    first_seen.len() - 1
                }))
            }
            _ => {
                skipped.push(c.id.clone());
                None
            }
        })
        .collect();
    drop(seen);
    let mut order: Vec<usize> = (0..first_seen.len()).collect();
    order.sort_unstable_by_key(|&i| first_seen[i]);
    let mut rank = vec![0; first_seen.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let key_of: Vec<Option<usize>> = seen_as.iter().map(|k| k.map(|k| rank[k])).collect();
    let keys: Vec<Key> = order
        .iter()
        .map(|&i| {
            let (a, kind, judgement) = first_seen[i];
            (a.to_owned(), kind, judgement)
        })
        .collect();
    let mut by_key: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    let mut pos = vec![0; claims.len()];
    for (i, k) in key_of.iter().enumerate() {
        if let Some(k) = k {
            pos[i] = by_key[*k].len();
            by_key[*k].push(i);
        }
    }
    let list_info = lists.iter().map(|(a, _)| info.get(a).copied()).collect();
    let ctx = Ctx {
        claims,
        lists,
        list_info,
        list_of,
        keys,
        key_of,
        by_key,
        pos,
        id_prefix: claims
            .iter()
            .map(|c| scrutiny_core::id_prefix(&c.id))
            .collect(),
    };

    let mut learnt = Learnt {
        eff: vec![None; claims.len()],
        articles: Vec::new(),
        last: vec![None; claims.len()],
    };
    let mut events = Vec::new();
    // The inputs `events` were clustered from, so that the next round redoes only what changed.
    let mut clustered: Option<cluster::Inputs> = None;
    // The basis of each claim's date from the round it was first learnt: later rounds may
    // re-derive the same date through the article date it helped to learn.
    let mut first: Vec<Option<String>> = vec![None; claims.len()];
    for round in 0..MAX_ROUNDS {
        // The round works on `learnt` in place (new claim dates, last round's article dates) and
        // keeps aside only the old claim dates, for the stability check: a copy of the whole
        // state per round cloned every claim's basis for that check alone.
        let eff = ctx.effective_dates(&learnt);
        let was_eff = std::mem::replace(&mut learnt.eff, eff);
        let inputs = cluster::Inputs::of(&learnt, ctx.lists.len());
        let previous = clustered
            .as_ref()
            .map(|was| (was, std::mem::take(&mut events)));
        events = ctx.cluster(&learnt, &inputs, previous);
        clustered = Some(inputs);
        let last = ctx.final_dates(&events, &learnt);
        for ev in &events {
            for &m in &ev.members {
                if first[m].is_none() && last[m].is_some() {
                    first[m] = Some(ctx.basis_now(ev, m, &learnt));
                }
            }
        }
        let articles = ctx.article_dates(&events, &last);
        let stable = was_eff == learnt.eff && articles == learnt.articles && last == learnt.last;
        learnt.articles = articles;
        learnt.last = last;
        if stable {
            tracing::debug!(rounds = round + 1, "Merge inference settled.");
            break;
        }
    }
    skipped.sort();
    ctx.output(events, &learnt, skipped, &first)
}

impl<'a> Ctx<'a> {
    /// The date of article `ix` (in `lists`): published, or learnt.
    fn article_date(&self, l: &Learnt, ix: usize) -> Option<PartialDate> {
        self.list_info
            .get(ix)
            .copied()
            .flatten()
            .and_then(|i| i.published)
            .or_else(|| l.articles.get(ix).and_then(|a| a.0))
    }

    /// The `earliest` bound learnt for the article of claim `c`.
    fn article_earliest(&self, l: &Learnt, c: usize) -> Option<PartialDate> {
        l.articles.get(self.list_of[c]).and_then(|a| a.1)
    }

    /// A claim's date before clustering: stated, relative to a dated claim of its article, or
    /// (for an article's news) the article's date. A claim depends only on its own article,
    /// so articles are resolved apart, in parallel.
    fn effective_dates(&self, l: &Learnt<'a>) -> Vec<Dated<'a>> {
        let per_article: Vec<Vec<Dated<'a>>> = self
            .lists
            .par_iter()
            .enumerate()
            .map(|(ix, (_, list))| self.article_effective_dates(l, ix, list))
            .collect();
        let mut eff: Vec<Dated<'a>> = vec![None; self.claims.len()];
        for ((_, list), dates) in self.lists.iter().zip(per_article) {
            for (&i, d) in list.iter().zip(dates) {
                eff[i] = d;
            }
        }
        eff
    }

    /// [`Self::effective_dates`] for the claims `list` of one article (`ix` in `lists`).
    fn article_effective_dates(&self, l: &Learnt<'a>, ix: usize, list: &[usize]) -> Vec<Dated<'a>> {
        let mut eff: Vec<Dated<'a>> = vec![None; list.len()];
        // Relative dates may chain; each pass resolves one more link.
        for _ in 0..4 {
            let mut changed = false;
            for (j, &i) in list.iter().enumerate() {
                if eff[j].is_some() || self.key_of[i].is_none() {
                    continue;
                }
                let c: &'a Claim = &self.claims[i];
                let found = if let Some(d) = c.date {
                    Some((d, Cow::Borrowed(c.date_basis.as_str())))
                } else if let Some(rel) = c.relative {
                    let anchor = list.get(rel.anchor).map(|&a| (rel.anchor, a));
                    anchor.filter(|&(_, a)| a != i).and_then(|(k, a)| {
                        let ad = eff[k].as_ref().map(|e| e.0).or(l.last[a])?;
                        let d = with_year(i32::from(ad.get_year()) + rel.years, c.month)?;
                        let dir = if rel.years < 0 { "before" } else { "after" };
                        Some((
                            d,
                            Cow::Owned(format!(
                                "inferred: {} years {dir} claim {} ({ad})",
                                rel.years.unsigned_abs(),
                                short(&self.claims[a].id)
                            )),
                        ))
                    })
                } else if c.current {
                    self.article_date(l, ix).and_then(|ad| {
                        let d = match (c.month, ad.get_month()) {
                            // A month later in the year than the article's must be last year's.
                            (Some(m), Some(am)) if m > am => {
                                with_year(i32::from(ad.get_year()) - 1, Some(m))
                            }
                            (Some(m), _) => with_year(i32::from(ad.get_year()), Some(m)),
                            (None, _) => Some(ad),
                        }?;
                        Some((
                            d,
                            Cow::Owned(format!(
                                "inferred: the article's news, at the article's date ({ad})"
                            )),
                        ))
                    })
                } else {
                    None
                };
                if found.is_some() {
                    eff[j] = found;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        eff
    }

    /// An undated event is no earlier than the articles that tell it as their news.
    fn lower_bound(&self, ev: &Ev, l: &Learnt) -> Option<PartialDate> {
        ev.members
            .iter()
            .filter(|&&m| self.claims[m].current)
            .filter_map(|&m| self.article_earliest(l, m))
            .max()
    }

    /// Each claim's date after clustering: its own, or its event's.
    fn final_dates(&self, events: &[Ev], l: &Learnt) -> Vec<Option<PartialDate>> {
        let mut out: Vec<Option<PartialDate>> =
            l.eff.iter().map(|e| e.as_ref().map(|e| e.0)).collect();
        for ev in events {
            for &m in &ev.members {
                if out[m].is_none() {
                    out[m] = ev.date;
                }
            }
        }
        out
    }

    /// What each article's claims say about its date.
    fn article_dates(&self, events: &[Ev], last: &[Option<PartialDate>]) -> Vec<ArticleLearnt> {
        let mut event_of = vec![None; self.claims.len()];
        for (e, ev) in events.iter().enumerate() {
            for &m in &ev.members {
                event_of[m] = Some(e);
            }
        }
        self.lists
            .par_iter()
            .zip(&self.list_info)
            .map(|((_, list), info)| {
                let published = info.and_then(|i| i.published);
                self.article_learnt(published, list, events, &event_of, last)
            })
            .collect()
    }

    /// [`Self::article_dates`] for one article and its claims.
    fn article_learnt(
        &self,
        published: Option<PartialDate>,
        list: &[usize],
        events: &[Ev],
        event_of: &[Option<usize>],
        last: &[Option<PartialDate>],
    ) -> ArticleLearnt {
        let mut basis = Vec::new();
        let mut date = published;
        if published.is_some() {
            basis.push("published date".to_owned());
        } else {
            // The article's news happened at its date: its year is the news events' year.
            let mut years = BTreeSet::new();
            let mut from = Vec::new();
            for &m in list.iter().filter(|&&m| self.claims[m].current) {
                if let Some(d) = event_of[m].and_then(|e| events[e].date) {
                    years.insert(d.get_year());
                    from.push(format!("claim {} ({d})", short(&self.claims[m].id)));
                }
            }
            match years.len() {
                0 => {}
                1 => {
                    date = years.first().and_then(|&y| PartialDate::year(y).ok());
                    from.sort();
                    from.dedup();
                    basis.push(format!("inferred from its news: {}", from.join(", ")));
                }
                _ => basis.push(format!(
                    "its news events disagree on the year: {}",
                    from.join(", ")
                )),
            }
        }
        let earliest = list
            .iter()
            .filter(|&&m| !self.claims[m].current && self.key_of[m].is_some())
            .filter_map(|&m| last[m].map(cap))
            .max();
        if let Some(e) = earliest {
            basis.push(format!(
                "no earlier than {e}, the latest past event it recounts"
            ));
        }
        (date, earliest, basis.join("; "))
    }

    /// Why claim `m` of event `ev` has its date, in this round.
    fn basis_now(&self, ev: &Ev, m: usize, l: &Learnt) -> String {
        if let Some((_, b)) = &l.eff[m] {
            return b.clone().into_owned();
        }
        let date = ev.date.map_or_else(String::new, |d| d.to_string());
        let others: BTreeSet<&str> = ev
            .members
            .iter()
            .filter(|&&o| o != m)
            .map(|&o| short(&self.claims[o].article))
            .collect();
        let why = match ev.joined.iter().find(|j| j.0 == m) {
            Some((_, Some(pd))) => {
                format!("the next inspection after the {pd} one its article recounts")
            }
            Some((_, None)) => "the only compatible event".to_owned(),
            None => String::new(),
        };
        format!(
            "inferred: takes the date {date} of the event told by article(s) {}, as {why}",
            name_some(others.into_iter())
        )
    }

    fn output(
        &self,
        events: Vec<Ev>,
        l: &Learnt,
        skipped: Vec<String>,
        first: &[Option<String>],
    ) -> Merged {
        // Events are built independently (the date notes are most of the work): in parallel,
        // each straight into its place (moved into place one by one afterwards, 117,000 events
        // kept one thread busy while the other had nothing to do).
        let (mut built, dates): (Vec<Built>, Vec<Vec<ClaimDate>>) = events
            .par_iter()
            .map(|ev| self.build_with_dates(ev, l, first))
            .unzip();
        let claim_dates = sorted_by_id(dates.into_iter().flatten().collect(), |d| &d.claim);
        // Timeline order: by date, an undated event just after the date it follows, the rest last.
        built.par_sort_by(timeline_order);
        let mut timelines: Vec<Timeline> = Vec::new();
        for (e, after, note) in &built {
            let authority = e.authority.clone().unwrap_or_default();
            if timelines.last().is_none_or(|t| t.authority != authority) {
                timelines.push(Timeline {
                    authority: authority.clone(),
                    entries: Vec::new(),
                });
            }
            if let Some(t) = timelines.last_mut() {
                t.entries.push(TimelineEntry {
                    event: e.id.clone(),
                    after: *after,
                    note: note.clone(),
                });
            }
        }
        let article_dates: Vec<ArticleDate> = self
            .lists
            .par_iter()
            .zip(&l.articles)
            .map(|((a, _), (date, earliest, basis))| ArticleDate {
                article: (*a).to_owned(),
                date: *date,
                earliest: *earliest,
                basis: basis.clone(),
            })
            .collect();
        let article_dates = sorted_by_id(article_dates, |d| &d.article);
        Merged {
            events: built.into_par_iter().map(|b| b.0).collect(),
            claim_dates,
            article_dates,
            timelines,
            skipped,
        }
    }

    /// One event, and its claims' final dates.
    fn build_with_dates(
        &self,
        ev: &Ev,
        l: &Learnt,
        first: &[Option<String>],
    ) -> (Built, Vec<ClaimDate>) {
        let (event, after, note) = self.build(ev, l, first);
        let mut claim_dates = Vec::with_capacity(ev.members.len());
        for &m in &ev.members {
            let c = &self.claims[m];
            let date = l.eff[m].as_ref().map(|e| e.0).or(ev.date);
            let basis = match (&first[m], date) {
                (Some(b), Some(_)) => b.clone(),
                _ => c.date_basis.clone(),
            };
            let month = if date.is_none() { c.month } else { None };
            claim_dates.push(ClaimDate {
                claim: c.id.clone(),
                event: event.id.clone(),
                date,
                month,
                basis,
            });
        }
        ((event, after, note), claim_dates)
    }

    fn build(&self, ev: &Ev, l: &Learnt, first: &[Option<String>]) -> Built {
        let (authority, kind, judgement) = self.keys[ev.key].clone();
        let mut members: Vec<&Claim> = ev.members.iter().map(|&m| &self.claims[m]).collect();
        members.sort_by(|a, b| a.id.cmp(&b.id));
        let claim_ids: Vec<String> = members.iter().map(|c| c.id.clone()).collect();
        let id = content_id(
            format!("{authority}|{kind:?}|{judgement:?}|{}", claim_ids.join(",")).as_bytes(),
        );

        let mut articles: Vec<String> = members.iter().map(|c| c.article.clone()).collect();
        articles.sort();
        articles.dedup();
        // Each member's article, as known to the merge (its source and cluster).
        let info_of = |m: usize| self.list_info.get(self.list_of[m]).copied().flatten();
        let mut sources: Vec<String> = ev
            .members
            .iter()
            .filter_map(|&m| info_of(m)?.source.map(str::to_owned))
            .collect();
        sources.sort();
        sources.dedup();
        let cluster_of =
            |m: usize| info_of(m).map_or(self.claims[m].article.as_str(), |i| i.cluster);
        let clusters = ev
            .members
            .iter()
            .map(|&m| cluster_of(m))
            .collect::<BTreeSet<&str>>()
            .len();

        // The rating most claims give; ties go to the one more clusters give, then the lower grade
        // order (deterministic, and flagged as a conflict either way).
        let mut votes: BTreeMap<Rating, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for &m in &ev.members {
            if let Some(r) = self.claims[m].rating {
                let v = votes.entry(r).or_default();
                v.0 += 1;
                v.1.insert(cluster_of(m));
            }
        }
        let rating = votes
            .iter()
            .max_by(|a, b| (a.1.0, a.1.1.len(), b.0).cmp(&(b.1.0, b.1.1.len(), a.0)))
            .map(|v| *v.0);
        let mut conflicting: BTreeSet<String> = BTreeSet::new();
        for c in &members {
            if c.rating.is_some() && c.rating != rating {
                conflicting.insert(c.id.clone());
            }
        }
        // Day-level disagreement: claims whose own day differs from the most precise one.
        let own: Vec<(&Claim, PartialDate)> = ev
            .members
            .iter()
            .filter_map(|&m| Some((&self.claims[m], l.eff[m].as_ref()?.0)))
            .collect();
        if let Some(best) = own.iter().map(|x| x.1).max_by_key(|d| d.precision()) {
            for (c, d) in &own {
                if !d.is_compatible(&best) {
                    conflicting.insert(c.id.clone());
                }
            }
        }
        let mut authority_codes: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &members {
            if let Some(code) = &c.authority_code {
                *authority_codes.entry(code).or_default() += 1;
            }
        }
        let authority_code = authority_codes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| (*c).to_owned());

        let mut basis: Vec<String> = Vec::new();
        match ev.date {
            Some(d) => {
                let stated = own.iter().filter(|x| x.0.date.is_some()).count();
                let inferred = own.len() - stated;
                basis.push(format!("{d}: the most precise date of {} dated claim(s) ({stated} stated, {inferred} inferred)", own.len()));
                for &m in &ev.members {
                    if let (None, Some(b)) = (self.claims[m].date, &first[m]) {
                        basis.push(format!("claim {}: {b}", short(&self.claims[m].id)));
                    }
                }
                let undated = members.len() - own.len();
                if undated > 0 {
                    basis.push(format!("{undated} undated claim(s) take this date"));
                }
            }
            None => basis.push(match ev.month {
                Some(m) => format!("month {m} only; no claim gives the year"),
                None => "no claim gives a date".to_owned(),
            }),
        }
        if let (false, Some(&c)) = (ev.apart.is_empty(), ev.members.first()) {
            basis.push(format!(
                "claim {} could be the same inspection as {}; kept apart rather than guess",
                short(&self.claims[c].id),
                ev.apart.words()
            ));
        }
        let after = if ev.date.is_none() {
            self.lower_bound(ev, l)
        } else {
            None
        };
        let note = match (ev.date, after) {
            (Some(d), _) => d.to_string(),
            (None, Some(a)) => {
                format!("undated; after {a}, the latest earlier event its article recounts")
            }
            (None, None) => "undated; nothing known about when".to_owned(),
        };
        let event = Event {
            id,
            authority: Some(authority),
            authority_code,
            kind,
            judgement,
            rating,
            date: ev.date,
            month: if ev.date.is_none() { ev.month } else { None },
            date_basis: basis.join("; "),
            articles,
            sources,
            claims: claim_ids,
            clusters,
            conflict: !conflicting.is_empty(),
            conflicting: conflicting.into_iter().collect(),
        };
        (event, after, note)
    }
}

#[cfg(test)]
mod note_tests {
    use super::*;

    #[test]
    fn a_note_names_a_few_articles_and_counts_the_rest() {
        let ids = ["a1", "b2", "c3", "d4", "e5", "f6", "g7"];
        assert_eq!(name_some(ids[..2].iter().copied()), "a1, b2");
        assert_eq!(name_some(ids[..5].iter().copied()), "a1, b2, c3, d4, e5");
        assert_eq!(
            name_some(ids.iter().copied()),
            "a1, b2, c3, d4, e5 and 2 more (the event lists them all)"
        );
        assert_eq!(name_some(std::iter::empty()), "");
    }

    /// The prefix sort gives what a stable sort by id gives: ids that tie on eight bytes or
    /// whole, and short ones, included.
    #[test]
    fn sorting_by_id_prefix_is_a_stable_sort_by_id() {
        let mut rng = fastrand::Rng::with_seed(3);
        let pieces = ["", "a", "claim100", "claim1000", "claim1001", "\u{e9}", "z"];
        for _ in 0..200 {
            let items: Vec<(String, usize)> = (0..rng.usize(0..40))
                .map(|i| {
                    let id = format!("{}{}", rng.choice(pieces).unwrap_or(""), rng.u8(0..3));
                    (id, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(sorted_by_id(items, |t| &t.0), want);
        }
    }

    #[test]
    fn a_note_names_a_few_candidate_events_and_spans_many() {
        let d = |y, m| Some(PartialDate::month(y, m).unwrap());
        let candidates = |dates: &[Option<PartialDate>]| Apart::of(dates.iter().copied()).words();
        assert_eq!(
            candidates(&[d(2014, 6), None]),
            "2014-06 or an undated event"
        );
        let many = [
            d(2014, 6),
            d(2008, 1),
            None,
            d(2021, 3),
            d(2008, 1),
            d(2010, 12),
        ];
        assert_eq!(
            candidates(&many),
            "any of 6 events dated 2008-01 to 2021-03 (1 of them undated)"
        );
        assert_eq!(
            candidates(&[None; 6]),
            "any of 6 events (6 of them undated)"
        );
    }

    /// One article each: a dated claim per date given, then one undated claim of the same key
    /// that fits every event; the note of the event it gets.
    fn kept_apart_note(dates: &[(i16, u8)]) -> String {
        let ids: Vec<String> = (0..=dates.len()).map(|i| format!("art{i}")).collect();
        let articles: Vec<MergeArticle<'_>> = ids
            .iter()
            .map(|id| MergeArticle {
                id,
                published: None,
                cluster: id,
                source: "test",
            })
            .collect();
        let claim = |i: usize, date: Option<PartialDate>| {
            let mut c = Claim::new(
                ClaimKind::Inspection,
                scrutiny_core::Evidence {
                    sentence: String::new(),
                    start: 0,
                    end: 0,
                },
            );
            c.id = format!("claim{i}");
            c.article = ids[i].clone();
            c.authority = Some("Knowsley".into());
            c.judgement = Some(Judgement::Overall);
            c.date = date;
            c
        };
        let mut claims: Vec<Claim> = dates
            .iter()
            .enumerate()
            .map(|(i, &(y, m))| claim(i, PartialDate::month(y, m).ok()))
            .collect();
        claims.push(claim(dates.len(), None));
        let merged = merge_articles(&articles, &claims);
        let kept: Vec<&Event> = merged
            .events
            .iter()
            .filter(|e| e.date_basis.contains("kept apart"))
            .collect();
        assert_eq!(kept.len(), 1, "{:#?}", merged.events);
        kept[0].date_basis.clone()
    }

    #[test]
    fn a_kept_apart_note_names_a_few_candidates_in_date_order_and_spans_many() {
        // Made in date order, the events are also found month by month (January first), so a
        // list left in the order found would name 2017-01 first.
        let few = kept_apart_note(&[(2019, 3), (2015, 6), (2017, 1)]);
        assert!(
            few.contains("could be the same inspection as 2015-06 or 2017-01 or 2019-03;"),
            "{few}"
        );
        let many = kept_apart_note(&[
            (2019, 3),
            (2015, 6),
            (2017, 1),
            (2012, 11),
            (2021, 9),
            (2010, 2),
        ]);
        assert!(
            many.contains("as any of 6 events dated 2010-02 to 2021-09;"),
            "{many}"
        );
    }

    #[test]
    fn a_claim_left_out_for_its_confidence_joins_no_event() {
        let articles = [MergeArticle {
            id: "a",
            published: None,
            cluster: "a",
            source: "test",
        }];
        let claim = |id: &str, excluded: Option<&str>| {
            let mut c = Claim::new(
                ClaimKind::Inspection,
                scrutiny_core::Evidence {
                    sentence: String::new(),
                    start: 0,
                    end: 0,
                },
            );
            c.id = id.into();
            c.article = "a".into();
            c.authority = Some("Leeds".into());
            c.judgement = Some(Judgement::Overall);
            c.rating = Some(scrutiny_core::Rating::Good);
            c.excluded = excluded.map(String::from);
            c
        };
        let claims = [
            claim("kept", None),
            claim("out", Some("below min_confidence")),
        ];
        let merged = merge_articles(&articles, &claims);
        assert_eq!(merged.events.len(), 1);
        assert_eq!(merged.events[0].claims, ["kept"]);
        assert_eq!(merged.skipped, ["out"]);
    }
}
