//! One round's clustering: each key's claims into events, candidates found through indexes, keys in parallel.
//!
//! The rules are those of `docs/merge.md`; this file only makes them cheap. Within a key, events
//! are numbered in creation order and a candidate list that a note names one by one is kept in
//! that order. Dated events are indexed by date, every event by (month, rating), and what
//! `follows` needs (an undated event's lower bound and the dates of events its articles recount)
//! is kept per event as members join, so a claim costs its own candidates, not the whole key.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use scrutiny_core::{PartialDate, Rating};

use super::{Apart, Ctx, Ev, Learnt, NAMED_IN_A_NOTE, before, cap};

/// Per event, what the candidate filters need without rescanning its members.
#[derive(Default)]
struct Meta {
    /// The rating of its first member that gives one.
    rating: Option<Rating>,
    /// Undated events: the latest `earliest` bound of the articles telling it as news.
    lower_bound: Option<PartialDate>,
    /// Undated events: the latest of the dated events its news articles recount as history.
    recounted: Option<Latest>,
}

/// The latest of some dates in `before`'s sense: the greatest year, and the greatest month
/// given in that year (if any date of that year gives one).
#[derive(Clone, Copy)]
struct Latest {
    year: i16,
    month: Option<u8>,
}

impl Latest {
    fn add(this: Option<Latest>, d: PartialDate) -> Option<Latest> {
        let (year, month) = (d.get_year(), d.get_month());
        Some(match this {
            Some(l) if l.year > year => l,
            Some(l) if l.year == year => Latest {
                year,
                month: l.month.max(month),
            },
            _ => Latest { year, month },
        })
    }

    /// Is one of the dates after `a`?
    fn after(self, a: PartialDate) -> bool {
        self.year > a.get_year()
            || (self.year == a.get_year()
                && matches!((a.get_month(), self.month), (Some(x), Some(y)) if y > x))
    }
}

/// The earliest of the dated events after one date, to ask "does one fall before `b`" at once.
#[derive(Clone, Copy)]
struct Earliest {
    year: i16,
    /// The least month given by those of that year.
    month: Option<u8>,
}

impl Earliest {
    /// Of `dates`, sorted and distinct. The dates after `after` are a suffix of them: dates
    /// sort by year, then month, then day, and `before` compares a month or a day only within
    /// a year. So the first of that suffix has the least year, and the first of that year that
    /// gives a month has the least month. Found by search, not a scan: every undated claim of
    /// a much reported authority asks this of all the dates of its key.
    fn of(dates: &[PartialDate], after: PartialDate) -> Option<Earliest> {
        let later = &dates[dates.partition_point(|&x| !before(after, x))..];
        let year = later.first()?.get_year();
        let month = later
            .iter()
            .take_while(|x| x.get_year() == year)
            .find_map(PartialDate::get_month);
        Some(Earliest { year, month })
    }

    /// Does one of them come before `b`?
    fn before(self, b: PartialDate) -> bool {
        self.year < b.get_year()
            || (self.year == b.get_year()
                && matches!((self.month, b.get_month()), (Some(x), Some(y)) if x < y))
    }
}

/// The (month, rating) an undated claim is matched on.
type Facet = (Option<u8>, Option<Rating>);

struct KeyRun<'r, 'a> {
    ctx: &'r Ctx<'a>,
    l: &'r Learnt<'a>,
    key: usize,
    events: Vec<Ev>,
    meta: Vec<Meta>,
    /// Per member of the key (by its position in `Ctx::by_key`), its event.
    slot: Vec<Option<usize>>,
    /// Events below this index are the dated ones (made while placing dated claims).
    dated_events: usize,
    /// Distinct dates of the dated events, in order, for "is some event known to fall in
    /// between" ([`Earliest::of`] searches them).
    dates: Vec<PartialDate>,
}

/// All that clustering reads from a round's [`Learnt`]: a key whose claims see the same
/// values as in the previous round gets the same events, so they are kept, not rebuilt.
pub(super) struct Inputs {
    /// Per claim: its date before clustering.
    eff: Vec<Option<PartialDate>>,
    /// Per article in `Ctx::lists`: its `earliest` bound.
    earliest: Vec<Option<PartialDate>>,
}

impl Inputs {
    pub(super) fn of(l: &Learnt, articles: usize) -> Inputs {
        Inputs {
            eff: l.eff.iter().map(|e| e.as_ref().map(|e| e.0)).collect(),
            earliest: (0..articles)
                .map(|ix| l.articles.get(ix).and_then(|a| a.1))
                .collect(),
        }
    }
}

impl Ctx<'_> {
    /// Every key's events, keys in order; keys share nothing, so they run in parallel.
    /// `previous` is the last round's inputs and events: keys whose inputs did not change keep
    /// their events.
    pub(super) fn cluster(
        &self,
        l: &Learnt,
        now: &Inputs,
        previous: Option<(&Inputs, Vec<Ev>)>,
    ) -> Vec<Ev> {
        let mut kept: Vec<Option<Vec<Ev>>> = Vec::new();
        kept.resize_with(self.by_key.len(), || None);
        let was = previous.map(|(was, events)| {
            for ev in events {
                kept[ev.key].get_or_insert_with(Vec::new).push(ev);
            }
            was
        });
        let per_key: Vec<Vec<Ev>> = self
            .by_key
            .par_iter()
            .zip(kept.into_par_iter())
            .enumerate()
            .map(|(key, (members, kept))| {
                if let (Some(was), Some(events)) = (was, kept) {
                    if !self.key_changed(members, was, now) {
                        return events;
                    }
                }
                let mut run = KeyRun {
                    ctx: self,
                    l,
                    key,
                    events: Vec::new(),
                    meta: Vec::new(),
                    slot: vec![None; members.len()],
                    dated_events: 0,
                    dates: Vec::new(),
                };
                run.dated(members);
                run.undated(members);
                run.events
            })
            .collect();
        per_key.into_iter().flatten().collect()
    }

    fn key_changed(&self, members: &[usize], was: &Inputs, now: &Inputs) -> bool {
        members.iter().any(|&m| {
            let ix = self.list_of[m];
            was.eff[m] != now.eff[m]
                || (self.claims[m].current && was.earliest[ix] != now.earliest[ix])
        })
    }
}

impl KeyRun<'_, '_> {
    fn event_of(&self, m: usize) -> Option<usize> {
        if self.ctx.key_of[m] != Some(self.key) {
            return None;
        }
        self.slot[self.ctx.pos[m]]
    }

    /// Claims of `c`'s article in this key (placed or not), other than `c`.
    fn article_mates(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.ctx.lists[self.ctx.list_of[c]]
            .1
            .iter()
            .copied()
            .filter(move |&m| m != c && self.ctx.key_of[m] == Some(self.key))
    }

    /// Events `c` may not join: one article telling a fact as its news and the same kind of
    /// fact as history is telling two inspections.
    fn other_telling(&self, c: usize) -> Vec<usize> {
        let current = self.ctx.claims[c].current;
        self.article_mates(c)
            .filter(|&m| self.ctx.claims[m].current != current)
            .filter_map(|m| self.event_of(m))
            .collect()
    }

    fn ev_month(ev: &Ev) -> Option<u8> {
        ev.date.and_then(|d| d.get_month()).or(ev.month)
    }

    fn facet(&self, e: usize) -> Facet {
        (Self::ev_month(&self.events[e]), self.meta[e].rating)
    }

    /// Dated claims, most precise first; each joins the one event whose date is compatible.
    fn dated(&mut self, members: &[usize]) {
        let claims = self.ctx.claims;
        let mut dated: Vec<(usize, PartialDate)> = members
            .iter()
            .filter_map(|&i| self.l.eff[i].as_ref().map(|e| (i, cap(e.0))))
            .collect();
        // Ties of id (none between content ids) keep member order, as a stable sort would.
        dated.sort_unstable_by(|a, b| {
            (std::cmp::Reverse(a.1.precision()), a.1)
                .cmp(&(std::cmp::Reverse(b.1.precision()), b.1))
                .then_with(|| self.ctx.by_id(a.0, b.0))
                .then(a.0.cmp(&b.0))
        });
        // Events by their date, each list in creation order.
        let mut by_date: BTreeMap<PartialDate, Vec<usize>> = BTreeMap::new();
        for (c, d) in dated {
            let rating = claims[c].rating;
            let year = d.get_year();
            let from = PartialDate::year(year).unwrap_or(d);
            let barred = self.other_telling(c);
            let mut cands = Vec::new();
            for (ed, list) in by_date
                .range(from..)
                .take_while(|(ed, _)| ed.get_year() == year)
            {
                if !ed.is_compatible(&d) {
                    continue;
                }
                for &e in list {
                    let ratings_agree = match (self.meta[e].rating, rating) {
                        (Some(a), Some(b)) => {
                            a == b || (ed.get_month().is_some() && d.get_month().is_some())
                        }
                        _ => true,
                    };
                    if ratings_agree && !barred.contains(&e) {
                        cands.push(e);
                    }
                }
            }
            cands.sort_unstable();
            let old = cands.first().and_then(|&e| self.events[e].date);
            let e = self.place(c, Some(d), &cands);
            let Some(now) = self.events[e].date else {
                continue;
            };
            match old {
                Some(was) if cands.len() == 1 => {
                    if was != now {
                        // A more precise claim refined the event's date: move it.
                        if let Some(list) = by_date.get_mut(&was) {
                            list.retain(|&x| x != e);
                        }
                        insert_sorted(by_date.entry(now).or_default(), e);
                    }
                }
                // A new event has the highest index: pushing keeps the list in creation order.
                _ => by_date.entry(now).or_default().push(e),
            }
        }
        self.dated_events = self.events.len();
        let dates: BTreeSet<PartialDate> = self.events.iter().filter_map(|ev| ev.date).collect();
        self.dates = dates.into_iter().collect();
    }

    /// Undated claims (those with a month first): each joins the one compatible event, an
    /// article's news the one that can follow the inspection the article recounts before it.
    fn undated(&mut self, members: &[usize]) {
        let claims = self.ctx.claims;
        let mut undated: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| self.l.eff[i].is_none())
            .collect();
        undated.sort_unstable_by(|&a, &b| {
            (claims[a].month.is_none())
                .cmp(&claims[b].month.is_none())
                .then_with(|| self.ctx.by_id(a, b))
                .then(a.cmp(&b))
        });
        // Each facet's events in creation order: a sorted list, not a set, because every
        // undated claim reads whole pools (a hundred events for a much reported authority)
        // and few events ever move.
        let mut facets: BTreeMap<Facet, Vec<usize>> = BTreeMap::new();
        for e in 0..self.events.len() {
            facets.entry(self.facet(e)).or_default().push(e);
        }
        for c in undated {
            let me = &claims[c];
            let prior = self.prior(c);
            let barred = self.other_telling(c);
            let between = prior
                .and_then(|p| self.events[p].date)
                .map(|pd| (pd, Earliest::of(&self.dates, pd)));
            // Only a note naming its candidates one by one shows their order, so only a few are
            // kept (and sorted); past that the note counts them and spans their dates, which
            // the scan sums as it goes. Listing every pool, then reading each candidate's
            // date again to word the note, was most of this loop.
            let mut few: Vec<usize> = Vec::new();
            let mut all = Apart::default();
            for e in facets
                .iter()
                .filter(|((month, rating), _)| {
                    let rating_ok = match (*rating, me.rating) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    };
                    let month_ok = match (*month, me.month) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    };
                    rating_ok && month_ok
                })
                .flat_map(|(_, pool)| pool.iter().copied())
            {
                if barred.contains(&e) || between.is_some_and(|b| !self.follows(b, e)) {
                    continue;
                }
                if few.len() <= NAMED_IN_A_NOTE {
                    few.push(e);
                }
                all.add(self.events[e].date);
            }
            let many = all.n > NAMED_IN_A_NOTE;
            let cands: &[usize] = if many {
                &[]
            } else {
                few.sort_unstable();
                &few
            };
            let why = between.map(|b| b.0);
            let before_facet = cands.first().map(|&e| self.facet(e));
            let e = if many {
                self.new_event(c, None, all)
            } else {
                self.place(c, None, cands)
            };
            if let [j] = cands[..] {
                self.events[j].joined.push((c, why));
            }
            match before_facet {
                Some(f) if cands.len() == 1 => {
                    let now = self.facet(e);
                    if now != f {
                        if let Some(pool) = facets.get_mut(&f) {
                            if let Ok(at) = pool.binary_search(&e) {
                                pool.remove(at);
                            }
                        }
                        insert_sorted(facets.entry(now).or_default(), e);
                    }
                }
                // A new event: the highest index, so this appends.
                _ => insert_sorted(facets.entry(self.facet(e)).or_default(), e),
            }
            self.link(c, e);
        }
    }

    /// After undated claim `c` joined event `e`: keep `follows`'s facts about undated events.
    fn link(&mut self, c: usize, e: usize) {
        let me = &self.ctx.claims[c];
        if e >= self.dated_events && me.current {
            if let Some(b) = self.ctx.article_earliest(self.l, c) {
                let lb = &mut self.meta[e].lower_bound;
                *lb = (*lb).max(Some(b));
            }
            let recounted: Vec<PartialDate> = self
                .article_mates(c)
                .filter(|&h| !self.ctx.claims[h].current)
                .filter_map(|h| self.event_of(h))
                .filter(|&x| x < self.dated_events)
                .filter_map(|x| self.events[x].date)
                .collect();
            for d in recounted {
                self.meta[e].recounted = Latest::add(self.meta[e].recounted, d);
            }
        } else if e < self.dated_events && !me.current {
            let Some(date) = self.events[e].date else {
                return;
            };
            let news: Vec<usize> = self
                .article_mates(c)
                .filter(|&m| self.ctx.claims[m].current)
                .filter_map(|m| self.event_of(m))
                .filter(|&x| x >= self.dated_events)
                .collect();
            for x in news {
                self.meta[x].recounted = Latest::add(self.meta[x].recounted, date);
            }
        }
    }

    /// For an article's news, the event of the latest earlier claim of the same key that the
    /// article recounts: the news is the next inspection after it.
    fn prior(&self, c: usize) -> Option<usize> {
        if !self.ctx.claims[c].current {
            return None;
        }
        let claims = self.ctx.claims;
        self.article_mates(c)
            .filter(|&m| !claims[m].current)
            .filter_map(|m| Some((self.l.eff[m].as_ref()?.0, m)))
            .max_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| claims[b.1].id.cmp(&claims[a.1].id))
            })
            .and_then(|(_, m)| self.event_of(m))
    }

    /// Can event `e` be the next inspection after the event dated `pd` (`after`: the earliest
    /// dated events after `pd`)? Not when it is known to come before, nor when another dated
    /// event is known to fall between them: one dated between them, one before the bound of the
    /// articles telling `e` as news, or one those articles recount as history.
    fn follows(&self, (pd, after): (PartialDate, Option<Earliest>), e: usize) -> bool {
        let between = |b: PartialDate| after.is_some_and(|x| x.before(b));
        if let Some(ed) = self.events[e].date {
            return !before(ed, pd) && !between(ed);
        }
        let meta = &self.meta[e];
        !meta.lower_bound.is_some_and(between) && !meta.recounted.is_some_and(|r| r.after(pd))
    }

    /// Put claim `c` in the one candidate event, or in a new event (saying why when several
    /// fitted); returns its event.
    fn place(&mut self, c: usize, date: Option<PartialDate>, cands: &[usize]) -> usize {
        let claim = &self.ctx.claims[c];
        let pos = self.ctx.pos[c];
        if let [e] = cands {
            let e = *e;
            let ev = &mut self.events[e];
            ev.members.push(c);
            if let (Some(d), Some(ed)) = (date, ev.date) {
                ev.date = Some(ed.most_precise(d));
            }
            if ev.month.is_none() {
                ev.month = claim.month;
            }
            if self.meta[e].rating.is_none() {
                self.meta[e].rating = claim.rating;
            }
            self.slot[pos] = Some(e);
            return e;
        }
        let apart = if cands.len() > 1 {
            Apart::of(cands.iter().map(|&e| self.events[e].date))
        } else {
            Apart::default()
        };
        self.new_event(c, date, apart)
    }

    /// A new event of claim `c` alone, kept `apart` from the events it could have joined.
    fn new_event(&mut self, c: usize, date: Option<PartialDate>, apart: Apart) -> usize {
        let claim = &self.ctx.claims[c];
        let pos = self.ctx.pos[c];
        let e = self.events.len();
        self.slot[pos] = Some(e);
        self.events.push(Ev {
            key: self.key,
            members: vec![c],
            date,
            month: claim.month,
            apart,
            joined: Vec::new(),
        });
        self.meta.push(Meta {
            rating: claim.rating,
            ..Meta::default()
        });
        e
    }
}

fn insert_sorted(list: &mut Vec<usize>, e: usize) {
    let at = list.partition_point(|&x| x < e);
    list.insert(at, e);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random_date(rng: &mut fastrand::Rng) -> PartialDate {
        let year = rng.i16(2010..2014);
        match rng.u8(0..3) {
            0 => PartialDate::year(year).unwrap(),
            _ => PartialDate::month(year, rng.u8(1..=12)).unwrap(),
        }
    }

    /// `n` dates made by `date`, sorted and distinct, as `KeyRun::dates` keeps them.
    fn sorted_dates(n: usize, mut date: impl FnMut() -> PartialDate) -> Vec<PartialDate> {
        let set: BTreeSet<PartialDate> = (0..n).map(|_| date()).collect();
        set.into_iter().collect()
    }

    /// `Earliest::of` finds by search what a scan of every date finds, days included.
    #[test]
    fn the_earliest_later_date_is_found_as_a_scan_finds_it() {
        let mut rng = fastrand::Rng::with_seed(11);
        let any_date = |rng: &mut fastrand::Rng| match rng.u8(0..4) {
            0 => PartialDate::day(rng.i16(2010..2014), rng.u8(1..=12), rng.u8(1..=28)).unwrap(),
            _ => random_date(rng),
        };
        for _ in 0..5000 {
            let n = rng.usize(0..12);
            let dates = sorted_dates(n, || any_date(&mut rng));
            let after = any_date(&mut rng);
            let later: Vec<PartialDate> = dates
                .iter()
                .copied()
                .filter(|&x| before(after, x))
                .collect();
            let year = later.iter().map(PartialDate::get_year).min();
            let month = later
                .iter()
                .filter(|x| Some(x.get_year()) == year)
                .filter_map(PartialDate::get_month)
                .min();
            let found = Earliest::of(&dates, after).map(|e| (e.year, e.month));
            assert_eq!(found, year.map(|y| (y, month)), "{dates:?} after {after}");
        }
    }

    /// The summaries answer exactly what a scan of every date would.
    #[test]
    fn summaries_agree_with_a_scan() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let n = rng.usize(0..6);
            let dates = sorted_dates(n, || random_date(&mut rng));
            let (a, b) = (random_date(&mut rng), random_date(&mut rng));
            let scan = dates.iter().any(|&x| before(a, x) && before(x, b));
            let summary = Earliest::of(&dates, a).is_some_and(|e| e.before(b));
            assert_eq!(scan, summary, "{dates:?} between {a} and {b}");
            let latest = dates.iter().fold(None, |l, &d| Latest::add(l, d));
            let scan = dates.iter().any(|&x| before(a, x));
            assert_eq!(
                scan,
                latest.is_some_and(|l| l.after(a)),
                "{dates:?} after {a}"
            );
        }
    }
}
