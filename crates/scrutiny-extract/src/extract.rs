//! One pass over one article: sentences, clauses, drafts, then dates, merging and names.

use scrutiny_core::{
    Article, Claim, ClaimKind, Evidence, Framework, Judgement, PartialDate, Rating, RelativeDate,
};

use crate::Options;
use crate::dates::{self, DateExpr, DateKind, Direction, MonthRule};
use crate::facts::FactRules;
use crate::gazetteer::{Gazetteer, Mention};
use crate::judgement::{self, Walk};
use crate::news_month::{self, MonthSentence};
use crate::pattern::{Scan, Words, cue};
use crate::rules::Rules;
use crate::text;
use crate::topic::Page;

/// A date expression bound to a claim; `pos` is its span in the claim's own sentence, when it is there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound {
    pub(crate) kind: DateKind,
    pub(crate) current: bool,
    pub(crate) pos: Option<(usize, usize)>,
}

/// A claim under construction.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) claim: Claim,
    pub(crate) authority: usize,
    pub(crate) sentence: usize,
    /// Byte offset of the rating (or role, number) in its sentence.
    pub(crate) pos: usize,
    pub(crate) bound: Option<Bound>,
    /// Index of the draft this one is dated relative to.
    pub(crate) anchor: Option<usize>,
    /// "Every area": the overall judgement, to be spread over the framework's areas at its date
    /// (with the number of areas the text gives).
    pub(crate) all_areas: Option<Option<u8>>,
    /// Named as "children in care and care leavers", one judgement before 2023.
    pub(crate) combined_care: bool,
    /// Told as past: a rating left behind, or in a clause that speaks of the past ("previously").
    pub(crate) past: bool,
}

struct PrevSentence {
    unused: Vec<DateExpr>,
    eventful: bool,
    paragraph: usize,
}

/// Whether to take the exact shortcuts: ASCII word boundaries where a sentence allows them, and
/// skipping pattern groups whose keywords a sentence lacks. Off only to test that they are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shortcuts {
    On,
    #[cfg_attr(not(test), allow(dead_code))]
    Off,
}

/// Extract the claims of one article; `scan` is the one-pass search for `rules`'s cues and
/// `gaz`'s names (`None`: the two searches apart, the same results).
pub fn run(
    gaz: &Gazetteer,
    rules: &Rules,
    facts: &FactRules,
    options: &Options,
    article: &Article,
    scan: Option<&Scan>,
) -> Vec<Claim> {
    run_with(gaz, rules, facts, options, article, Shortcuts::On, scan)
}

pub(crate) fn run_with(
    gaz: &Gazetteer,
    rules: &Rules,
    facts: &FactRules,
    options: &Options,
    article: &Article,
    shortcuts: Shortcuts,
    scan: Option<&Scan>,
) -> Vec<Claim> {
    let body = article.body();
    let found = Found::of(gaz, rules, &body, shortcuts, scan);
    let inferred = if article.published.is_none() {
        inferred_year(rules, &body, &found)
    } else {
        None
    };
    let page = read_page(gaz, rules, article, &body, &found);
    let reading = Reading {
        rules,
        facts,
        options,
        body: &body,
        found: &found,
        page: &page,
    };
    let mut state = State::default();
    for si in 0..found.sentences.len() {
        read_sentence(&reading, si, &mut state);
    }
    let published = article.published.or(inferred.as_ref().map(|i| i.0));
    let drafts = date_claims(&reading, state, published);
    let mut drafts = merge(drafts);
    relative_after_merge(&mut drafts);
    if let Some((year, said)) = &inferred {
        // The dates resolved against a year the article says only in passing say so.
        let dated = format!("article dated {year}");
        let told = format!("the article's year {year}, from \u{201c}{said}\u{201d}");
        for d in &mut drafts {
            d.claim.date_basis = d.claim.date_basis.replace(&dated, &told);
        }
    }
    finish(gaz, &body, drafts)
}

/// What an article's sentences are read against: the rules, the options, the text, what was
/// found in each sentence, and what the page is about.
struct Reading<'a> {
    rules: &'a Rules,
    facts: &'a FactRules,
    options: &'a Options,
    body: &'a str,
    found: &'a Found,
    page: &'a Page,
}

/// What reading the sentences so far has made and leaves for the next.
#[derive(Default)]
struct State {
    drafts: Vec<Draft>,
    walk: Walk,
    prev: Option<PrevSentence>,
    /// The latest sentence naming authorities, with the distinct authorities it names.
    last_named: Option<(Vec<usize>, usize)>,
    month_sentences: Vec<MonthSentence>,
    earlier: Vec<news_month::EarlierInspection>,
    /// People who left a role: (sentence, role, authority), for "a replacement took over the role".
    leavers: Vec<(usize, String, usize)>,
}

/// One sentence of an article, with what was found in it and what it needs of the one before.
struct Here<'a> {
    si: usize,
    s: text::Sentence,
    st: &'a str,
    w: Words,
    cues: u32,
    ments: &'a [Mention],
    dexprs: &'a [DateExpr],
    ratings: Vec<crate::rules::RatingMention>,
    clauses: Vec<(usize, usize)>,
    future: bool,
    inherited: Option<Bound>,
}

impl Here<'_> {
    fn has(&self, group: u32) -> bool {
        self.cues & group != 0
    }

    fn evidence(&self) -> Evidence {
        Evidence {
            sentence: self.st.to_owned(),
            start: self.s.start,
            end: self.s.end,
        }
    }
}

/// Read one sentence: its visits, judgements, people and statistics; the dates it tells for
/// others; and what it leaves for the next.
fn read_sentence(r: &Reading<'_>, si: usize, state: &mut State) {
    let here = here(r, si, state.prev.as_ref());
    let mut used = vec![false; here.dexprs.len()];
    facts_of(r, &here, state, &mut used);
    dates_told(r, &here, state);
    carry_forward(r, &here, state, &used);
}

fn here<'a>(r: &Reading<'a>, si: usize, prev: Option<&PrevSentence>) -> Here<'a> {
    let (found, rules) = (r.found, r.rules);
    let s = found.sentences[si];
    let st = &r.body[s.start..s.end];
    let (w, cues) = (found.words[si], found.cues[si]);
    let dexprs = &found.dates[si];
    let ratings = if cues & cue::RATING != 0 {
        rules.ratings(w, st)
    } else {
        Vec::new()
    };
    let clauses = text::clauses(st, 0, st.len(), &rules.breaks, |a, b| {
        ratings.iter().any(|x| x.start >= a && x.end <= b)
    });
    // A sentence with no date of its own may continue the one before about the same event
    // ("… published by Ofsted yesterday. Of the others, North Yorkshire … received …").
    let inherited = match prev {
        Some(p) if dexprs.is_empty() && p.eventful && p.paragraph + 1 >= s.paragraph => {
            match p.unused.as_slice() {
                [one] if !matches!(one.kind, DateKind::Month(_, MonthRule::Next)) => Some(Bound {
                    kind: one.kind,
                    current: one.current,
                    pos: None,
                }),
                _ => None,
            }
        }
        _ => None,
    };
    Here {
        si,
        s,
        st,
        w,
        cues,
        ments: &found.mentions[si],
        dexprs,
        ratings,
        clauses,
        future: cues & cue::FUTURE != 0 && rules.future.is_match(w, st),
        inherited,
    }
}

/// The claims a sentence states: visits, judgements, people, statistics.
fn facts_of(r: &Reading<'_>, h: &Here<'_>, state: &mut State, used: &mut [bool]) {
    let rules = r.rules;
    let sentence_current = h.has(cue::CURRENT) && rules.current.is_match(h.w, h.st);
    if !h.future && h.has(cue::MONITORING | cue::FOCUSED) {
        let visit = VisitContext {
            si: h.si,
            st: h.st,
            w: h.w,
            cues: h.cues,
            ments: h.ments,
            dexprs: h.dexprs,
            clauses: &h.clauses,
            inherited: h.inherited,
            sentence_current,
            recent: &state.walk.recent,
            main: r.page.topic,
            evidence: h.evidence(),
        };
        visits(rules, &visit, used, &mut state.drafts);
    }
    let framework = if h.ratings.is_empty() {
        None
    } else if rules.sif.is_match(h.w, h.st) {
        Some(Framework::Sif)
    } else if rules.ilacs.is_match(h.w, h.st) {
        Some(Framework::Ilacs)
    } else {
        None
    };
    judgement::read(
        &rules.lexicon,
        &rules.judgement,
        rules,
        r.page,
        &judgement::Context {
            index: h.si,
            text: h.st,
            start: h.s.start,
            end: h.s.end,
            words: h.w,
            mentions: h.ments,
            ratings: &h.ratings,
            dates: h.dexprs,
            clauses: &h.clauses,
            inherited: h.inherited,
            framework,
        },
        &mut state.walk,
        used,
        &mut state.drafts,
    );
    let evidence = || h.evidence();
    if !r.options.skip_people && r.page.on_subject {
        people(
            r.facts,
            h.si,
            h.st,
            h.w,
            h.cues,
            h.ments,
            h.dexprs,
            r.page.topic,
            &evidence,
            &mut state.leavers,
            &mut state.drafts,
        );
    }
    if !r.options.skip_statistics && r.page.on_subject {
        statistics(
            r.facts,
            h.si,
            h.st,
            h.w,
            h.cues,
            h.ments,
            &state.walk.recent,
            r.page.topic,
            &evidence,
            &mut state.drafts,
        );
    }
}

/// The dates a rating-free sentence tells for an authority's inspections: the month of this
/// one (see `news_month`), or the date of an earlier one.
fn dates_told(r: &Reading<'_>, h: &Here<'_>, state: &mut State) {
    let (rules, w, st) = (r.rules, h.w, h.st);
    if !h.ratings.is_empty() {
        return;
    }
    let Some(d) = news_month::told_date(h.dexprs, st) else {
        return;
    };
    let here = distinct(h.ments.iter().map(|m| m.authority));
    let named = news_month::sentence_authority(&here, state.last_named.as_ref(), h.si);
    // "run by a trust since April 2017": when a state began, not when an inspection was.
    let since = st[..d.start].trim_end().to_lowercase().ends_with("since");
    let reports_inspection = news_month::is_past_month(d.kind)
        && !since
        && !h.future
        && !rules.past_reference.is_match(w, st)
        && rules.ofsted.is_match(w, st)
        && rules.inspection_event.is_match(w, st)
        && !(h.has(cue::COUNCIL) && rules.council_business.is_match(w, st))
        && !(h.has(cue::MONITORING) && rules.monitoring.is_match(w, st))
        && !(h.has(cue::FOCUSED) && rules.focused.is_match(w, st));
    // "Ofsted have published their report after visiting us in October 2016", on a council's
    // own page: the page's authority.
    let own_page = r.page.topic.filter(|_| r.page.strong && here.is_empty());
    if let (true, Some(authority)) = (reports_inspection, named.or(own_page)) {
        state.month_sentences.push(MonthSentence {
            sentence: h.si,
            authority,
            kind: d.kind,
            text: st.to_owned(),
        });
    }
    let earlier =
        matches!(d.kind, DateKind::Absolute(_)) && rules.earlier_inspection.is_match(w, st);
    if let (true, Some(authority)) = (earlier, named) {
        state.earlier.push(news_month::EarlierInspection {
            authority,
            kind: d.kind,
            text: st.to_owned(),
        });
    }
}

/// What a sentence leaves for the next: the authorities it names, the areas it names without
/// rating them, and its dates no claim took.
fn carry_forward(r: &Reading<'_>, h: &Here<'_>, state: &mut State, used: &[bool]) {
    let (rules, w, st) = (r.rules, h.w, h.st);
    if !h.ments.is_empty() {
        state.last_named = Some((distinct(h.ments.iter().map(|m| m.authority)), h.si));
    }
    for m in h.ments {
        state.walk.recent.retain(|&(x, _)| x != m.authority);
        state.walk.recent.push((m.authority, h.si));
    }
    // The areas a sentence names without rating them, for the next ("This received ...", a
    // report's grade on the line after its area); a short line between, with neither, continues
    // the area ("Children looked after and achieving" / "permanence").
    let areas: Vec<Judgement> = if h.ratings.is_empty() && h.has(cue::JUDGEMENT) {
        rules
            .judgements(w, st)
            .into_iter()
            .map(|j| j.judgement)
            .collect()
    } else {
        Vec::new()
    };
    let continues = h.ratings.is_empty() && areas.is_empty() && st.split_whitespace().count() <= 3;
    if !continues {
        state.walk.prev_areas = areas;
    }
    state.prev = Some(PrevSentence {
        unused: h
            .dexprs
            .iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(d, _)| *d)
            .collect(),
        // A council's own business ("a meeting on 16 July discussed the report") is not the
        // inspection the next sentence rates.
        eventful: h.has(cue::EVENT)
            && rules.event.is_match(w, st)
            && !(h.has(cue::COUNCIL) && rules.council_business.is_match(w, st)),
        paragraph: h.s.paragraph,
    });
}

/// Date every draft: by its own words, the article's news, the month or earlier inspection the
/// article tells; then spread "every area" over the framework at its date, and name its areas
/// as they were named then.
fn date_claims(r: &Reading<'_>, state: State, published: Option<PartialDate>) -> Vec<Draft> {
    let State {
        mut drafts,
        month_sentences,
        earlier,
        ..
    } = state;
    let found = r.found;
    let news = news_date(&found.dates, published);
    resolve_dates(&mut drafts, published, &news);
    // A judgement reported as news was made public when the article says: its date wins over the
    // month of the inspection the article tells (a November inspection reported in January).
    let latest_named = found
        .dates
        .iter()
        .flatten()
        .filter_map(|d| match d.kind {
            DateKind::Absolute(x) => Some(x.get_year()),
            _ => None,
        })
        .max();
    date_the_news(&mut drafts, published, latest_named);
    news_month::apply(&mut drafts, &month_sentences, published);
    news_month::apply_earlier(&mut drafts, &earlier, published);
    areas_of_the_news(&mut drafts, &news, |si| {
        let s = &found.sentences[si];
        r.rules
            .past_reference
            .is_match(found.words[si], &r.body[s.start..s.end])
    });
    date_the_news(&mut drafts, published, latest_named);
    let mut drafts = judgement::spread_areas(drafts);
    for d in &mut drafts {
        period_names(&mut d.claim, r.page.before_2013(), r.page.annual);
    }
    drafts
}

/// The year of an undated article that says it in passing about its news: "Published today, the
/// 2011 annual children's services assessments revealed ..." (a year given to what is published
/// today, in a sentence that says "today").
fn inferred_year(rules: &Rules, body: &str, found: &Found) -> Option<(PartialDate, String)> {
    let mut years = found
        .sentences
        .iter()
        .zip(&found.dates)
        .filter_map(|(s, dates)| {
            let today = dates.iter().any(|d| matches!(d.kind, DateKind::Today));
            let text = &body[s.start..s.end];
            let m = rules.published_year.captures(Words::of(text), text)?;
            let year: i16 = m.get(1)?.as_str().parse().ok()?;
            today.then(|| {
                (
                    PartialDate::year(year).ok(),
                    m.get(0).map(|x| x.as_str().to_owned()),
                )
            })
        });
    let (Some(year), Some(said)) = years.next()? else {
        return None;
    };
    years.next().is_none().then_some((year, said))
}

/// "just two years after the service was given an 'inadequate' rating": once the claims of one
/// fact have merged, a relative date whose anchor is now dated gets its year; and a relative
/// claim that is the same fact as one the article dates ("found to be inadequate in 2017") takes
/// that date, and its anchor the year it implies.
fn relative_after_merge(drafts: &mut [Draft]) {
    anchors_dated(drafts);
    relatives_dated(drafts);
    anchors_dated(drafts);
}

/// The relative claims the article dates elsewhere, and their anchors.
fn relatives_dated(drafts: &mut [Draft]) {
    for i in 0..drafts.len() {
        let d = &drafts[i];
        let Some(rel) = d.claim.relative else {
            continue;
        };
        // Dated already (by an earlier inspection the article dates), else as the same
        // judgement the article dates elsewhere.
        let date = match d.claim.date {
            Some(date) => date,
            None => {
                let mut dates: Vec<PartialDate> = drafts
                    .iter()
                    .filter(|o| same_fact(o, d))
                    .filter_map(|o| o.claim.date)
                    .collect();
                dates.sort_unstable_by_key(|x| (x.get_year(), x.get_month(), x.get_day()));
                dates.dedup();
                let [date] = dates[..] else { continue };
                let c = &mut drafts[i].claim;
                c.date = Some(date);
                c.date_basis = format!("the same judgement as the one the article dates {date}");
                date
            }
        };
        let Some(anchor) = drafts
            .get_mut(rel.anchor)
            .filter(|a| a.claim.date.is_none())
        else {
            continue;
        };
        if let Ok(year) = PartialDate::year(date.get_year() - rel.years as i16) {
            anchor.claim.date = Some(year);
            anchor.claim.date_basis = format!(
                "{} years {} a judgement the article dates {date}",
                rel.years.abs(),
                if rel.years < 0 { "after" } else { "before" }
            );
        }
    }
}

/// The relative claims whose anchor is dated.
fn anchors_dated(drafts: &mut [Draft]) {
    for i in 0..drafts.len() {
        let c = &drafts[i].claim;
        let (Some(rel), None) = (c.relative, c.date) else {
            continue;
        };
        let Some(a) = drafts.get(rel.anchor) else {
            continue;
        };
        // "three years after judging them 'inadequate'" in an article that dates two inadequate
        // judgements: the news comes after the latest of them (the one it follows); of anything
        // else, which one is not said.
        let mut dates: Vec<PartialDate> = drafts
            .iter()
            .filter(|o| same_fact(o, a))
            .filter_map(|o| o.claim.date)
            .chain(a.claim.date)
            .collect();
        dates.sort_unstable_by_key(|x| (x.get_year(), x.get_month(), x.get_day()));
        dates.dedup_by(|x, y| x.is_compatible(y));
        let news_after = c.current && rel.years > 0;
        let anchor = match dates[..] {
            [one] => one,
            [.., latest] if news_after => latest,
            _ => continue,
        };
        let Ok(year) = PartialDate::year(anchor.get_year() + rel.years as i16) else {
            continue;
        };
        let c = &mut drafts[i].claim;
        c.date = Some(year);
        c.date_basis = format!(
            "{} years {} another claim of the article, dated {anchor}",
            rel.years.abs(),
            if rel.years < 0 { "before" } else { "after" }
        );
    }
}

/// Per sentence of an article: its span, the authorities it names, which word boundaries its
/// patterns need, which pattern groups can match, and its date expressions, each found once.
struct Found {
    sentences: Vec<text::Sentence>,
    mentions: Vec<Vec<Mention>>,
    words: Vec<Words>,
    cues: Vec<u32>,
    dates: Vec<Vec<DateExpr>>,
}

impl Found {
    fn of(
        gaz: &Gazetteer,
        rules: &Rules,
        body: &str,
        shortcuts: Shortcuts,
        scan: Option<&Scan>,
    ) -> Found {
        let sentences = text::sentences(body);
        let mut mentions: Vec<Vec<Mention>> = Vec::with_capacity(sentences.len());
        let mut words: Vec<Words> = Vec::with_capacity(sentences.len());
        let mut cues: Vec<u32> = Vec::with_capacity(sentences.len());
        for s in &sentences {
            let st = &body[s.start..s.end];
            let (m, w, c) = match (shortcuts, scan) {
                (Shortcuts::On, Some(scan)) => {
                    let w = Words::of(st);
                    let mut found = scan.of(w, st);
                    (gaz.select(st, &mut found.names), w, found.cues)
                }
                (Shortcuts::On, None) => {
                    let w = Words::of(st);
                    (gaz.find(st), w, rules.cues.of(w, st))
                }
                (Shortcuts::Off, _) => (gaz.find(st), Words::Unicode, cue::ALL),
            };
            mentions.push(m);
            words.push(w);
            cues.push(c);
        }
        let dates = sentences
            .iter()
            .zip(words.iter().zip(&cues))
            .map(|(s, (&w, &c))| {
                if c & cue::DATE != 0 {
                    rules.dates.find(w, c, &body[s.start..s.end])
                } else {
                    Vec::new()
                }
            })
            .collect();
        Found {
            sentences,
            mentions,
            words,
            cues,
            dates,
        }
    }
}

fn read_page(gaz: &Gazetteer, rules: &Rules, article: &Article, body: &str, found: &Found) -> Page {
    let title_mentions = article
        .title
        .as_deref()
        .map(|t| gaz.find(t))
        .unwrap_or_default();
    let texts: Vec<&str> = found
        .sentences
        .iter()
        .map(|s| &body[s.start..s.end])
        .collect();
    Page::read(
        &rules.topic,
        article.title.as_deref(),
        &title_mentions,
        &texts,
        &found.mentions,
        &found.dates,
        article.published,
    )
}

/// One sentence as the visit reader needs it.
struct VisitContext<'a> {
    si: usize,
    st: &'a str,
    w: Words,
    cues: u32,
    ments: &'a [Mention],
    dexprs: &'a [DateExpr],
    clauses: &'a [(usize, usize)],
    inherited: Option<Bound>,
    sentence_current: bool,
    recent: &'a [(usize, usize)],
    main: Option<usize>,
    evidence: Evidence,
}

/// Monitoring and focused visits the sentence reports (never planned ones).
fn visits(rules: &Rules, v: &VisitContext<'_>, used: &mut [bool], drafts: &mut Vec<Draft>) {
    let mut pending: Vec<usize> = Vec::new();
    for &(a, b) in v.clauses {
        let ctext = &v.st[a..b];
        let c_auth = distinct(
            v.ments
                .iter()
                .filter(|m| m.start >= a && m.end <= b)
                .map(|m| m.authority),
        );
        let c_dates: Vec<usize> = (0..v.dexprs.len())
            .filter(|&i| v.dexprs[i].start >= a && v.dexprs[i].end <= b)
            .collect();
        for (re, kind, group) in [
            (
                &rules.monitoring,
                ClaimKind::MonitoringVisit,
                cue::MONITORING,
            ),
            (&rules.focused, ClaimKind::FocusedVisit, cue::FOCUSED),
        ] {
            if v.cues & group == 0 {
                continue;
            }
            let Some(m) = re.find(v.w, ctext) else {
                continue;
            };
            let Some((auth, conf)) = pick_authority(
                rules, v.w, ctext, &c_auth, &pending, v.ments, a, v.recent, v.si, v.main,
            ) else {
                continue;
            };
            let pos = a + m.start();
            let bound = nearest(v.dexprs, &c_dates, pos).map(|i| {
                used[i] = true;
                Bound {
                    kind: v.dexprs[i].kind,
                    current: v.dexprs[i].current,
                    pos: Some((v.dexprs[i].start, v.dexprs[i].end)),
                }
            });
            let bound = bound.or(v.inherited);
            let mut claim = Claim::new(kind, v.evidence.clone());
            claim.confidence = conf;
            claim.current = is_current(bound, v.sentence_current);
            drafts.push(Draft {
                claim,
                authority: auth[0],
                sentence: v.si,
                pos,
                bound,
                anchor: None,
                all_areas: None,
                combined_care: false,
                past: false,
            });
        }
        if !c_auth.is_empty() {
            pending = c_auth;
        }
    }
}

/// People in roles, and a replacement taking over the role someone left.
#[allow(clippy::too_many_arguments)]
fn people(
    facts: &FactRules,
    si: usize,
    st: &str,
    w: Words,
    found: u32,
    ments: &[Mention],
    dexprs: &[DateExpr],
    main: Option<usize>,
    evidence: &dyn Fn() -> Evidence,
    leavers: &mut Vec<(usize, String, usize)>,
    drafts: &mut Vec<Draft>,
) {
    for p in facts.people(w, found, st) {
        let inside = ments
            .iter()
            .find(|m| m.start >= p.role_span.0 && m.end <= p.role_span.1);
        let before = ments
            .iter()
            .rev()
            .find(|m| m.end <= p.role_span.0 && p.role_span.0 - m.end <= 12);
        let auth = inside.or(before).map(|m| m.authority).or(match ments {
            [one] => Some(one.authority),
            _ => None,
        });
        let Some(auth) = auth.or(main) else { continue };
        if p.ends && !p.starts {
            leavers.push((si, p.role.clone(), auth));
        }
        let mut claim = Claim::new(ClaimKind::Appointment, evidence());
        claim.name = Some(p.name);
        claim.role = Some(p.role);
        let when = nearest_absolute(dexprs, p.name_span);
        if p.starts && !p.ends {
            claim.from = when;
        } else if p.ends && !p.starts {
            claim.until = when;
        }
        claim.confidence = if inside.or(before).is_some() {
            0.9
        } else {
            0.7
        };
        drafts.push(Draft {
            claim,
            authority: auth,
            sentence: si,
            pos: p.role_span.0,
            bound: None,
            anchor: None,
            all_areas: None,
            combined_care: false,
            past: false,
        });
    }
    if found & cue::SUCCESSOR == 0 {
        return;
    }
    for p in facts.successors(w, st) {
        if drafts
            .iter()
            .any(|d| d.sentence == si && d.claim.name.as_deref() == Some(p.name.as_str()))
        {
            continue;
        }
        let Some((role, auth)) = vacated_role(leavers, si) else {
            continue;
        };
        let mut claim = Claim::new(ClaimKind::Appointment, evidence());
        claim.name = Some(p.name);
        claim.role = Some(role);
        claim.from = nearest_absolute(dexprs, p.name_span);
        // The role and the authority are referred back to, not named.
        claim.confidence = 0.7;
        drafts.push(Draft {
            claim,
            authority: auth,
            sentence: si,
            pos: p.name_span.0,
            bound: None,
            anchor: None,
            all_areas: None,
            combined_care: false,
            past: false,
        });
    }
}

/// Numbers about an authority's services.
#[allow(clippy::too_many_arguments)]
fn statistics(
    facts: &FactRules,
    si: usize,
    st: &str,
    w: Words,
    found: u32,
    ments: &[Mention],
    recent: &[(usize, usize)],
    main: Option<usize>,
    evidence: &dyn Fn() -> Evidence,
    drafts: &mut Vec<Draft>,
) {
    for x in facts.statistics(w, found, st) {
        let auth = ments
            .first()
            .map(|m| m.authority)
            .or_else(|| recent.last().map(|r| r.0))
            .or(main);
        let Some(auth) = auth else { continue };
        let mut claim = Claim::new(ClaimKind::Statistic, evidence());
        claim.what = Some(x.what);
        claim.value = Some(x.value);
        claim.confidence = if ments.is_empty() { 0.7 } else { 0.85 };
        drafts.push(Draft {
            claim,
            authority: auth,
            sentence: si,
            pos: x.start,
            bound: None,
            anchor: None,
            all_areas: None,
            combined_care: false,
            past: false,
        });
    }
}

/// Authorities a rating clause is about, and how sure that is.
#[allow(clippy::too_many_arguments)]
fn pick_authority(
    rules: &Rules,
    w: Words,
    ctext: &str,
    c_auth: &[usize],
    pending: &[usize],
    ments: &[Mention],
    clause_start: usize,
    recent: &[(usize, usize)],
    sentence: usize,
    main: Option<usize>,
) -> Option<(Vec<usize>, f32)> {
    if !c_auth.is_empty() {
        return Some((c_auth.to_vec(), 0.9));
    }
    if rules.both.is_match(w, ctext) {
        let two: Vec<usize> = recent.iter().rev().map(|r| r.0).take(2).collect();
        return (two.len() == 2).then(|| (two.into_iter().rev().collect(), 0.75));
    }
    if !pending.is_empty() {
        return Some((pending.to_vec(), 0.85));
    }
    if let Some(m) = ments.iter().rev().find(|m| m.start < clause_start) {
        return Some((vec![m.authority], 0.8));
    }
    // "The council …" right after a sentence naming an authority is that authority; further on,
    // it is the authority the article is about.
    let close = recent
        .last()
        .filter(|r| sentence.saturating_sub(r.1) <= 1)
        .map(|r| r.0);
    if let Some(a) = close {
        return Some((vec![a], 0.75));
    }
    if rules.anaphor.is_match(w, ctext) {
        return main.map(|m| (vec![m], 0.7));
    }
    recent
        .last()
        .map(|r| (vec![r.0], 0.65))
        .or_else(|| main.map(|m| (vec![m], 0.6)))
}

/// News is what the text says happened now, dated by the article's date or by a month without a
/// year ("rated 'good' following an inspection in January"), never by a past year.
fn is_current(bound: Option<Bound>, sentence_current: bool) -> bool {
    match bound {
        None => sentence_current,
        Some(b) => {
            b.current
                || (sentence_current
                    && matches!(b.kind, DateKind::Month(_, MonthRule::In | MonthRule::This)))
        }
    }
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

/// The date nearest a span among the sentence's dates that give a year.
fn nearest_absolute(dexprs: &[DateExpr], span: (usize, usize)) -> Option<PartialDate> {
    dexprs
        .iter()
        .filter_map(|d| match d.kind {
            DateKind::Absolute(x) => Some((gap(d.start, d.end, span.0, span.1), x)),
            _ => None,
        })
        .min_by_key(|x| x.0)
        .map(|x| x.1)
}

/// The role "a replacement" takes over in sentence `si`: the one left by the only person who left
/// a role in the nearest of the two sentences before. Two leavers there, or none: no guess.
fn vacated_role(leavers: &[(usize, String, usize)], si: usize) -> Option<(String, usize)> {
    let at = leavers.iter().rev().map(|l| l.0).find(|&s| s < si)?;
    if si - at > 2 {
        return None;
    }
    let left: Vec<&(usize, String, usize)> = leavers.iter().filter(|l| l.0 == at).collect();
    let [(_, role, auth)] = left[..] else {
        return None;
    };
    let mut role = role.as_str();
    for prefix in ["former ", "outgoing ", "previous ", "then "] {
        role = role.strip_prefix(prefix).unwrap_or(role);
    }
    Some((role.to_owned(), *auth))
}

fn gap(s1: usize, e1: usize, s2: usize, e2: usize) -> usize {
    s2.saturating_sub(e1).max(s1.saturating_sub(e2))
}

fn nearest(dexprs: &[DateExpr], candidates: &[usize], pos: usize) -> Option<usize> {
    candidates
        .iter()
        .copied()
        .min_by_key(|&i| gap(dexprs[i].start, dexprs[i].end, pos, pos + 1))
}

/// The date of the article's news, from "published today/yesterday", when the article says it.
fn news_date(
    dates: &[Vec<DateExpr>],
    published: Option<PartialDate>,
) -> Option<(PartialDate, String)> {
    for sentence in dates {
        for d in sentence {
            if matches!(d.kind, DateKind::Today | DateKind::Yesterday) {
                let r = dates::resolve(d.kind, published);
                return r.date.map(|date| (date, r.basis));
            }
        }
    }
    None
}

fn resolve_dates(
    drafts: &mut [Draft],
    published: Option<PartialDate>,
    news: &Option<(PartialDate, String)>,
) {
    for i in 0..drafts.len() {
        let Some(bound) = drafts[i].bound else {
            apply_news(&mut drafts[i].claim, news);
            continue;
        };
        let r = dates::resolve(bound.kind, published);
        match bound.kind {
            DateKind::SameYear => {
                if let Some((j, y)) = (0..i)
                    .rev()
                    .find_map(|j| drafts[j].claim.date.map(|d| (j, d.get_year())))
                {
                    let c = &mut drafts[i].claim;
                    c.date = PartialDate::year(y).ok();
                    c.date_basis = format!("the same year as an earlier claim ({y})");
                    drafts[i].anchor = Some(j);
                }
            }
            DateKind::Years(n, dir) => {
                let (pos, sentence, authority) =
                    (drafts[i].pos, drafts[i].sentence, drafts[i].authority);
                let Some((es, ee)) = bound.pos else { continue };
                let rating_after = pos >= ee;
                let years = match (dir, rating_after) {
                    (Direction::After, true) | (Direction::Earlier, true) => -n,
                    (Direction::Before, true) | (Direction::Later, true) => n,
                    (Direction::After, false) => n,
                    (Direction::Before, false) => -n,
                    _ => continue,
                };
                // The other end: what the phrase names in the same sentence, else the last claim
                // about the same authority.
                let anchor = if rating_after {
                    (0..i).rev().find(|&j| {
                        drafts[j].authority == authority
                            && drafts[j].claim.kind == ClaimKind::Inspection
                    })
                } else {
                    (0..drafts.len()).find(|&j| {
                        j != i
                            && drafts[j].sentence == sentence
                            && drafts[j].authority == authority
                            && drafts[j].pos >= es
                    })
                };
                let Some(anchor) = anchor else { continue };
                drafts[i].anchor = Some(anchor);
                let anchor_date = drafts[anchor].claim.date.or(match drafts[anchor].bound {
                    Some(Bound {
                        kind: DateKind::Absolute(d),
                        ..
                    }) => Some(d),
                    _ => None,
                });
                let c = &mut drafts[i].claim;
                c.relative = Some(RelativeDate { years, anchor });
                c.date_basis = format!(
                    "{} years {} another claim of the article",
                    n,
                    if years < 0 { "before" } else { "after" }
                );
                if let Some(y) =
                    anchor_date.and_then(|d| PartialDate::year(d.get_year() + years as i16).ok())
                {
                    c.date = Some(y);
                    c.date_basis = format!(
                        "{n} years from an earlier claim dated {}",
                        anchor_date.map(|d| d.to_string()).unwrap_or_default()
                    );
                }
            }
            _ => {
                let c = &mut drafts[i].claim;
                c.date = r.date;
                c.month = r.month;
                c.date_basis = r.basis;
                if c.date.is_none() && c.month.is_none() {
                    apply_news(c, news);
                }
            }
        }
    }
}

/// An area judgement the text does not date ("adoption services ... received a rating of
/// 'good'") reported after the article's news about the same authority (a current overall
/// judgement) is an area of that inspection: it is the news too, and is dated as the news is.
/// Not when its sentence speaks of the past (`past`), nor when the month it has is another.
fn areas_of_the_news(
    drafts: &mut [Draft],
    news: &Option<(PartialDate, String)>,
    past: impl Fn(usize) -> bool,
) {
    for i in 0..drafts.len() {
        let d = &drafts[i];
        let c = &d.claim;
        // "All aspects of the service were judged to be good" is every area of that inspection.
        let area = c.kind == ClaimKind::Inspection
            && (c.judgement.is_some_and(|j| j != Judgement::Overall) || d.all_areas.is_some())
            && !c.current
            && c.date.is_none()
            && c.relative.is_none();
        if !area || past(d.sentence) {
            continue;
        }
        let headline = (0..i).rev().find(|&j| {
            let h = &drafts[j];
            h.authority == d.authority
                && h.claim.kind == ClaimKind::Inspection
                && h.claim.judgement == Some(Judgement::Overall)
                && h.claim.current
        });
        let Some(j) = headline else { continue };
        if c.month.is_some() && c.month != drafts[j].claim.month {
            continue;
        }
        let c = &mut drafts[i].claim;
        c.current = true;
        c.date_basis = format!(
            "{}; an area of the inspection that is the article's news",
            c.date_basis
        );
        if c.month.is_none() {
            apply_news(c, news);
        }
    }
}

fn apply_news(c: &mut Claim, news: &Option<(PartialDate, String)>) {
    if let (true, Some((d, basis))) = (c.current, news) {
        c.date = Some(*d);
        c.date_basis = format!("reported as the article's news; {basis}");
    }
}

/// A judgement the article reports as its news, with no date of its own or only the month of
/// its inspection ("inspected in July"), was made public when the article says it was: in the
/// article's month.
fn date_the_news(drafts: &mut [Draft], published: Option<PartialDate>, latest_named: Option<i16>) {
    let Some(p) = published else {
        date_the_news_by_its_own(drafts);
        news_retold_with_its_year(drafts, latest_named);
        return;
    };
    let Ok(month) = p.get_month().map_or(PartialDate::year(p.get_year()), |m| {
        PartialDate::month(p.get_year(), m)
    }) else {
        return;
    };
    for d in drafts.iter_mut() {
        let inspection_month = d
            .bound
            .is_some_and(|b| matches!(b.kind, DateKind::Month(..)));
        let c = &mut d.claim;
        if c.kind == ClaimKind::Inspection && c.current && (!has_time(c) || inspection_month) {
            c.date = Some(month);
            c.date_basis = format!("reported as the article's news; article dated {p}");
        }
    }
}

/// In an undated article, the news an authority's overall rating dates in its own sentence
/// ("have been rated 'good' following an inspection in October 2024") dates the rest of that news
/// ("Services for children in care are now rated good").
fn date_the_news_by_its_own(drafts: &mut [Draft]) {
    let mut dated: Vec<(usize, PartialDate, Option<Rating>)> = Vec::new();
    for d in drafts.iter() {
        // A month with its year: a bare year ("In 2022 Ofsted said ...") is as often the past.
        let own = d.bound.is_some_and(|b| {
            b.pos.is_some() && matches!(b.kind, DateKind::Absolute(x) if x.get_month().is_some())
        });
        if let (true, true, Some(Judgement::Overall), Some(date)) =
            (own, d.claim.current, d.claim.judgement, d.claim.date)
        {
            let news = (d.authority, date, d.claim.rating);
            if !dated.contains(&news) {
                dated.push(news);
            }
        }
    }
    for d in drafts.iter_mut() {
        let mut news = dated.iter().filter(|x| x.0 == d.authority);
        let (Some(&(_, date, rating)), None) = (news.next(), news.next()) else {
            continue;
        };
        let c = &mut d.claim;
        // An overall rating other than the dated one is other news.
        let other = c.judgement == Some(Judgement::Overall) && c.rating != rating;
        if c.kind == ClaimKind::Inspection && c.current && !has_time(c) && !other {
            c.date = Some(date);
            c.date_basis = format!("the same news as the overall rating dated {date}");
        }
    }
}

/// In an undated article, news told without a date ("X's children's services have been rated
/// good") and then retold with its year ("In 2023 all five areas were given a good grading"):
/// when the authority's overall news has one rating, is not told as a repeat ("remain",
/// "again"), and the article tells that overall rating in exactly one year, the latest year it
/// names at all, the two are one judgement. The news takes the year and the retelling is the
/// news. `latest_named`: the latest year the article names.
fn news_retold_with_its_year(drafts: &mut [Draft], latest_named: Option<i16>) {
    let overall = |d: &Draft| {
        d.claim.kind == ClaimKind::Inspection && d.claim.judgement == Some(Judgement::Overall)
    };
    let mut authorities: Vec<usize> = drafts
        .iter()
        .filter(|d| overall(d) && d.claim.current && !has_time(&d.claim))
        .map(|d| d.authority)
        .collect();
    authorities.sort_unstable();
    authorities.dedup();
    for a in authorities {
        let mine = |d: &&Draft| d.authority == a && d.claim.kind == ClaimKind::Inspection;
        let mut news: Vec<Option<Rating>> = drafts
            .iter()
            .filter(mine)
            .filter(|d| overall(d) && d.claim.current)
            .map(|d| d.claim.rating)
            .collect();
        news.dedup();
        let [rating] = news[..] else { continue };
        let repeated = drafts
            .iter()
            .filter(mine)
            .filter(|d| d.claim.current)
            .any(|d| told_as_repeat(&d.claim.evidence.sentence));
        if repeated {
            continue;
        }
        let mut retold: Vec<PartialDate> = drafts
            .iter()
            .filter(mine)
            .filter(|d| overall(d) && !d.claim.current && !d.past && d.claim.rating == rating)
            .filter(|d| d.bound.is_some_and(|b| b.pos.is_some()))
            .filter_map(|d| d.claim.date)
            .collect();
        retold.dedup();
        let [year] = retold[..] else { continue };
        if latest_named != Some(year.get_year()) {
            continue;
        }
        let year_only = PartialDate::year(year.get_year()).ok();
        for d in drafts.iter_mut().filter(|d| d.authority == a) {
            let c = &mut d.claim;
            if c.kind != ClaimKind::Inspection {
                continue;
            }
            if c.current && !has_time(c) {
                c.date = year_only;
                c.date_basis =
                    format!("the same news as the overall rating the article dates {year}");
            } else if !c.current
                && !d.past
                && c.date.is_some_and(|x| x.get_year() == year.get_year())
                && (c.judgement != Some(Judgement::Overall) || c.rating == rating)
            {
                // Retold with its year: the same judgements as the news.
                c.current = true;
            }
        }
    }
}

/// A sentence that tells its judgement as one given before too: "remain inadequate", "rated
/// outstanding again", "retained its good rating".
fn told_as_repeat(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "again"
                | "remain"
                | "remains"
                | "remained"
                | "still"
                | "retain"
                | "retains"
                | "retained"
                | "continues"
                | "continue"
                | "maintained"
                | "maintains"
        )
    })
}

/// Before the single inspection framework (November 2013) the areas had other names, and the
/// annual assessments (APA to 2008, the annual rating 2009-2011) graded councils as a whole.
/// `before_2013` and `annual`: what the page speaks of, for claims it does not date.
fn period_names(c: &mut Claim, before_2013: bool, annual: bool) {
    let year = c.date.map(|d| d.get_year());
    // The single inspection framework began in November 2013: "2013" alone is most likely before.
    let pre2013 = match c.date {
        Some(d) => {
            d.get_year() < 2013 || (d.get_year() == 2013 && d.get_month().is_none_or(|m| m < 11))
        }
        None => before_2013,
    };
    match c.judgement {
        Some(Judgement::ChildrenInCare) if pre2013 => c.judgement = Some(Judgement::LookedAfter),
        Some(Judgement::HelpAndProtection) if pre2013 => {
            c.judgement = Some(Judgement::Safeguarding)
        }
        Some(Judgement::Safeguarding) if !pre2013 => {
            c.judgement = Some(Judgement::HelpAndProtection)
        }
        _ => {}
    }
    if c.framework == Some(Framework::AnnualRating) {
        return;
    }
    if annual && pre2013 && c.judgement == Some(Judgement::Overall) {
        c.framework = match year {
            Some(y) if y <= 2008 => Some(Framework::Apa),
            Some(_) => Some(Framework::AnnualRating),
            None => c.framework,
        };
        return;
    }
    if matches!(
        c.judgement,
        Some(Judgement::LookedAfter | Judgement::Safeguarding)
    ) || c.rating == Some(Rating::Adequate)
    {
        c.framework = Some(Framework::Pre2013);
    }
}

fn has_time(c: &Claim) -> bool {
    c.date.is_some() || c.month.is_some() || c.relative.is_some()
}

fn same_fact(a: &Draft, b: &Draft) -> bool {
    let (x, y) = (&a.claim, &b.claim);
    a.authority == b.authority
        && x.kind == y.kind
        && x.judgement == y.judgement
        && x.rating == y.rating
        && x.name == y.name
        && x.value == y.value
        && x.what == y.what
}

/// Merge claims of the article that state the same fact: a claim with no date is the same event
/// as a dated one (unless it is the news and the dated one is not); compatible dates merge.
fn merge(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut kept: Vec<Draft> = Vec::new();
    let mut map: Vec<usize> = Vec::with_capacity(drafts.len());
    for d in drafts {
        let mut target = None;
        for (k, e) in kept.iter_mut().enumerate() {
            if !same_fact(e, &d) {
                continue;
            }
            let (a, b) = (&e.claim, &d.claim);
            let merged = match (has_time(a), has_time(b)) {
                (true, false) => !b.current || a.current,
                (false, false) => true,
                (false, true) => {
                    if !a.current || b.current {
                        let current = e.claim.current || d.claim.current;
                        *e = d.clone();
                        e.claim.current = current;
                        true
                    } else {
                        false
                    }
                }
                (true, true) => match (a.date, b.date) {
                    (Some(x), Some(y)) if x.is_compatible(&y) => {
                        if y.precision() > x.precision() {
                            e.claim.date = Some(y);
                            e.claim.date_basis = b.date_basis.clone();
                            e.claim.relative = None;
                        }
                        true
                    }
                    (None, None) => a.month == b.month && a.relative == b.relative,
                    _ => false,
                },
            };
            if merged {
                e.claim.current |= d.claim.current;
                target = Some(k);
                break;
            }
        }
        match target {
            Some(k) => map.push(k),
            None => {
                map.push(kept.len());
                kept.push(d);
            }
        }
    }
    for d in &mut kept {
        if let Some(a) = d.anchor {
            let to = map.get(a).copied();
            d.anchor = to;
            if let (Some(rel), Some(to)) = (d.claim.relative.as_mut(), to) {
                rel.anchor = to;
            }
        }
    }
    // A claim merged into its own anchor is dated by itself.
    for (i, d) in kept.iter_mut().enumerate() {
        if d.claim.relative.is_some_and(|r| r.anchor == i) {
            d.claim.relative = None;
        }
    }
    kept
}

fn finish(gaz: &Gazetteer, body: &str, drafts: Vec<Draft>) -> Vec<Claim> {
    // In ASCII text bytes are chars.
    let char_starts: Vec<usize> = if body.is_ascii() {
        Vec::new()
    } else {
        body.char_indices().map(|(i, _)| i).collect()
    };
    let to_char = |byte: usize| {
        if body.is_ascii() {
            byte
        } else {
            char_starts.partition_point(|&b| b < byte)
        }
    };
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let mut c = d.claim;
        c.evidence.start = to_char(c.evidence.start);
        c.evidence.end = to_char(c.evidence.end);
        // A name said after its authority was split is each of the bodies that took it over.
        for (name, code) in gaz.resolve_all(d.authority, c.date.or(c.from).or(c.until)) {
            let mut one = c.clone();
            one.authority = Some(name);
            one.authority_code = code;
            out.push(one);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::Block;

    fn article(body: &str, published: Option<&str>) -> Article {
        Article {
            id: "t".into(),
            path: "t.txt".into(),
            source: "test".into(),
            url: None,
            format: scrutiny_core::Format::Text,
            encoding: "utf-8".into(),
            title: None,
            standfirst: None,
            byline: None,
            published: published.map(|p| p.parse().unwrap()),
            published_from: scrutiny_core::FieldFound::None,
            title_from: scrutiny_core::FieldFound::None,
            byline_from: scrutiny_core::FieldFound::None,
            blocks: body.split("\n\n").map(Block::paragraph).collect(),
            captions: vec![],
            removed: vec![],
            cluster: None,
            duplicate_of: None,
            inferred: None,
        }
    }

    /// `(authority, judgement, rating, date or month)` of every inspection claim.
    fn check(body: &str, published: Option<&str>, expected: &[&str]) {
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        let gaz = Gazetteer::from_csv(csv).unwrap();
        let rules = Rules::new().unwrap();
        let scan = Scan::new(&rules.cues, gaz.patterns()).unwrap();
        let claims = run(
            &gaz,
            &rules,
            &FactRules::new().unwrap(),
            &Options::default(),
            &article(body, published),
            Some(&scan),
        );
        let got: Vec<String> = claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Inspection)
            .map(|c| {
                let when = c
                    .date
                    .map(|d| d.to_string())
                    .or(c.month.map(|m| format!("month {m}")))
                    .unwrap_or_else(|| "-".into());
                format!(
                    "{} {:?} {:?} {when}",
                    c.authority.as_deref().unwrap_or("?"),
                    c.judgement.unwrap_or(Judgement::Overall),
                    c.rating.unwrap_or(Rating::Good)
                )
            })
            .collect();
        assert_eq!(got, expected, "{body}");
    }

    /// The shortcuts (ASCII word boundaries, keyword cues) change nothing: the same claims come
    /// out with them off, on the seed and gold pages, generated articles, and those articles with
    /// curly quotes and accented names.
    /// The one-pass scan finds, per sentence, the mentions and cues the two searches find:
    /// names inside other names and words, decoys, lower-case words, overlaps.
    #[test]
    fn one_pass_scan_equals_the_two_searches() {
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        let gaz = Gazetteer::from_csv(csv).unwrap();
        let rules = Rules::new().unwrap();
        let scan = Scan::new(&rules.cues, gaz.patterns()).unwrap();
        let mut texts: Vec<String> = [
            "Liverpool City Region and Liverpool were rated good by Ofsted in 2019.",
            "North East Lincolnshire and Lincolnshire; reading in Reading; Bury St Edmunds, Canterbury.",
            "Bournemouth, Christchurch and Poole (BCP) replaced Bournemouth in April 2019.",
            "Herefordshire-based staff; Kingston upon Hull, Hull and East Riding of Yorkshire.",
            "Zo\u{eb} said St Helens and St. Helens are inadequate, requires improvement or good.",
        ]
        .map(String::from)
        .to_vec();
        for page in scrutiny_merge::corpus::generate(200, 3) {
            let body = page.article.body();
            texts.extend(
                text::sentences(&body)
                    .iter()
                    .map(|s| body[s.start..s.end].to_owned()),
            );
        }
        let mut named = 0;
        for t in &texts {
            let w = Words::of(t);
            let mut found = scan.of(w, t);
            let mentions = gaz.select(t, &mut found.names);
            assert_eq!(mentions, gaz.find(t), "{t}");
            assert_eq!(found.cues, rules.cues.of(w, t), "{t}");
            named += mentions.len();
        }
        assert!(
            named > texts.len() / 20,
            "{named} mentions in {} texts",
            texts.len()
        );
    }

    #[test]
    fn shortcuts_are_exact() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut bodies: Vec<(String, Option<&str>)> = Vec::new();
        for dir in ["data/raw", "data/gold/pages"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            paths.sort();
            for p in paths {
                let text = std::fs::read_to_string(p).unwrap();
                let blocks: Vec<&str> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                bodies.push((blocks.join("\n\n"), Some("2019-07-02")));
            }
        }
        let mut articles: Vec<Article> = bodies.iter().map(|(b, p)| article(b, *p)).collect();
        for page in scrutiny_merge::corpus::generate(150, 7) {
            let mut curly = page.article.clone();
            for b in &mut curly.blocks {
                b.text = b
                    .text
                    .replace('\'', "\u{2019}")
                    .replace(" \"", " \u{201c}")
                    .replace('"', "\u{201d}")
                    .replace("Khan", "Kh\u{e1}n")
                    .replace(" Council", " C\u{f6}uncil");
            }
            articles.push(page.article);
            articles.push(curly);
        }
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        let gaz = Gazetteer::from_csv(csv).unwrap();
        let (rules, facts) = (Rules::new().unwrap(), FactRules::new().unwrap());
        let scan = Scan::new(&rules.cues, gaz.patterns()).unwrap();
        let mut claims = 0;
        for a in &articles {
            let with = |shortcuts, scan| {
                run_with(
                    &gaz,
                    &rules,
                    &facts,
                    &Options::default(),
                    a,
                    shortcuts,
                    scan,
                )
            };
            let on = with(Shortcuts::On, Some(&scan));
            let apart = with(Shortcuts::On, None);
            let off = with(Shortcuts::Off, None);
            assert_eq!(on, off, "{}", a.body());
            assert_eq!(apart, off, "{}", a.body());
            claims += on.len();
        }
        assert!(
            claims > 500,
            "the corpus exercises the rules: {claims} claims"
        );
    }

    #[test]
    fn areas_reported_after_the_news_are_the_news() {
        let news = "Knowsley Council has been rated \u{201c}good\u{201d} by Ofsted in a report published today.";
        let areas = "Knowsley\u{2019}s adoption services received a rating of \u{201c}outstanding\u{201d}, while services for care leavers were rated \u{201c}requires improvement\u{201d}.";
        let past =
            "Knowsley\u{2019}s leadership had previously been rated \u{201c}inadequate\u{201d}.";
        check(
            &format!("{news}\n\n{areas}\n\n{past}"),
            Some("2019-07-02"),
            &[
                "Knowsley Overall Good 2019-07-02",
                "Knowsley Adoption Outstanding 2019-07-02",
                "Knowsley CareLeavers RequiresImprovement 2019-07-02",
                "Knowsley Leadership Inadequate -",
            ],
        );
        // Told first, in the article's head, they are its news: dated by the article.
        check(
            areas,
            Some("2019-07-02"),
            &[
                "Knowsley Adoption Outstanding 2019-07",
                "Knowsley CareLeavers RequiresImprovement 2019-07",
            ],
        );
        // Told after other news, with no date of their own, they stay undated.
        check(
            &format!("Leeds has been rated \u{201c}good\u{201d} by Ofsted.\n\n{areas}"),
            Some("2019-07-02"),
            &[
                "Leeds Overall Good 2019-07",
                "Knowsley Adoption Outstanding -",
                "Knowsley CareLeavers RequiresImprovement -",
            ],
        );
    }

    #[test]
    fn each_authority_gets_its_own_rating() {
        check(
            "Of the others, North Yorkshire and Oxfordshire both received overall ratings of \u{201c}good\u{201d}, while Bournemouth and Herefordshire received \u{201c}requires improvement\u{201d} ratings.",
            None,
            &[
                "North Yorkshire Overall Good -",
                "Oxfordshire Overall Good -",
                "Bournemouth Overall RequiresImprovement -",
                "Herefordshire Overall RequiresImprovement -",
            ],
        );
    }

    #[test]
    fn dates_from_the_sentence_before_and_from_the_article_date() {
        check(
            "The report was published by Ofsted yesterday.\n\nSlough and Luton were rated \"good\".",
            Some("2016-03-02"),
            &[
                "Slough Overall Good 2016-03-01",
                "Luton Overall Good 2016-03-01",
            ],
        );
        check(
            "A meeting of Luton Council on 16 July discussed it. Luton was rated 'inadequate'.",
            None,
            &["Luton Overall Inadequate -"],
        );
    }

    #[test]
    fn a_month_told_once_dates_the_same_inspection() {
        // A rating-free sentence about the Ofsted report, with the authority referred back to.
        check(
            "Leeds City Council was rated 'inadequate' by Ofsted, it has now emerged.\n\nIn February, the council was subject to an Ofsted inspection which found serious failings.",
            None,
            &["Leeds Overall Inadequate month 2"],
        );
        // "their visit": the paragraph's authority; the judgement areas told after the news too.
        check(
            "Fresh inspections found Leeds is now rated 'good'. Ofsted's report, following their visit in May, praised social workers. Care leaver support received a rating of 'outstanding'.",
            None,
            &[
                "Leeds Overall Good month 5",
                "Leeds CareLeavers Outstanding month 5",
            ],
        );
        // The month of an overall rating dates its areas; not an area told after another inspection.
        check(
            "Leeds was rated 'good' following an inspection in March. Its leaders were rated 'outstanding'. In 2014 it was rated 'inadequate'. Its adoption services were rated 'outstanding'.",
            None,
            &[
                "Leeds Overall Good month 3",
                "Leeds Leadership Outstanding month 3",
                "Leeds Overall Inadequate 2014",
                "Leeds Adoption Outstanding -",
            ],
        );
        // With the article's date, the news was made public then, whatever month the visit was.
        check(
            "Leeds is now rated 'good'. Ofsted's report, following their visit in May, praised social workers.",
            Some("2019-07-02"),
            &["Leeds Overall Good 2019-07"],
        );
        // A judgement not told as news is placed by the month in the article's year.
        check(
            "Ofsted's report on Leeds, following their visit in May, praised social workers. In the report, Leeds's care leaver support was rated 'outstanding'.",
            Some("2019-07-02"),
            &["Leeds CareLeavers Outstanding 2019-05"],
        );
    }

    #[test]
    fn a_month_that_is_not_unambiguously_the_inspections_dates_nothing() {
        // Two different months for the same authority.
        check(
            "Leeds is now rated 'good'. Ofsted inspectors visited in May. The Ofsted report was published in July.",
            None,
            &["Leeds Overall Good -"],
        );
        // A month about another authority.
        check(
            "Leeds is now rated 'good'. In March, Ofsted inspectors visited Bradford.",
            None,
            &["Leeds Overall Good -"],
        );
        // A council meeting, not an inspection, even when it discusses the report.
        check(
            "A meeting of Knowsley Council on 16 July discussed the Ofsted report. Knowsley is now rated 'inadequate'.",
            None,
            &["Knowsley Overall Inadequate -"],
        );
        // A monitoring visit's month, and a planned visit's, are not the inspection's.
        check(
            "Leeds is now rated 'good'. Ofsted carried out a monitoring visit in March.",
            None,
            &["Leeds Overall Good -"],
        );
        check(
            "Leeds is now rated 'good'. Ofsted inspectors will visit in September.",
            None,
            &["Leeds Overall Good -"],
        );
        // A month sentence naming two authorities: whose inspection it dates is not said.
        check(
            "Leeds is now rated 'good'. Bradford is now rated 'inadequate'. In March, Ofsted inspectors visited Leeds and Bradford.",
            None,
            &["Leeds Overall Good -", "Bradford Overall Inadequate -"],
        );
    }

    fn appointments(body: &str) -> Vec<String> {
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        let gaz = Gazetteer::from_csv(csv).unwrap();
        let rules = Rules::new().unwrap();
        let scan = Scan::new(&rules.cues, gaz.patterns()).unwrap();
        run(
            &gaz,
            &rules,
            &FactRules::new().unwrap(),
            &Options::default(),
            &article(body, None),
            Some(&scan),
        )
        .iter()
        .filter(|c| c.kind == ClaimKind::Appointment)
        .map(|c| {
            format!(
                "{} | {} | {} | {}",
                c.name.as_deref().unwrap_or("?"),
                c.role.as_deref().unwrap_or("?"),
                c.authority.as_deref().unwrap_or("?"),
                c.from.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
            )
        })
        .collect()
    }

    #[test]
    fn a_replacement_takes_the_role_that_was_left() {
        assert_eq!(
            appointments(
                "In April 2012, Leeds City Council's former director of children's services John Smith stood down.\n\nA permanent replacement \u{2013} Jane Brown \u{2013} took over the role in October 2013."
            ),
            [
                "John Smith | former director of children's services | Leeds | -",
                "Jane Brown | director of children's services | Leeds | 2013-10",
            ]
        );
        // Two people left: whose role is not said.
        assert_eq!(
            appointments(
                "Leeds director of children's services John Smith resigned and chief executive Mary Jones left. A replacement \u{2013} Jane Brown \u{2013} took over the role in 2014."
            ),
            [
                "John Smith | director of children's services | Leeds | -",
                "Mary Jones | chief executive | Leeds | -",
            ]
        );
    }

    #[test]
    fn back_references_and_both() {
        check(
            "Coventry Council had been rated inadequate in 2014. Standards at Knowsley Council were given the lowest rating in the same year.\n\nBut fresh inspections have found improvements - with both councils now rated as \"requires improvement\".",
            None,
            &[
                "Coventry Overall Inadequate 2014",
                "Knowsley Overall Inadequate 2014",
                "Coventry Overall RequiresImprovement -",
                "Knowsley Overall RequiresImprovement -",
            ],
        );
    }

    #[test]
    fn negated_and_other_services_give_nothing() {
        check(
            "Two councils are no longer \"inadequate\", Ofsted said of Leeds and Bury.",
            None,
            &[],
        );
        check(
            "A Leeds school was rated \"outstanding\" by Ofsted.",
            None,
            &[],
        );
        check(
            "Leeds adult social care was rated \"good\" by the CQC.",
            None,
            &[],
        );
        check(
            "Leeds said it was good news, while some aspects were deemed \"good\" by Ofsted.",
            None,
            &[],
        );
    }

    #[test]
    fn relative_years_and_pre_2013_names() {
        check(
            "Kent has been rated \"good\". Kent's inspection comes seven years after it was rated as inadequate with concerns following a 2013 inspection, in which it was rated as \"adequate\".",
            None,
            &[
                "Kent Overall Good -",
                "Kent Overall Inadequate -",
                "Kent Overall Adequate 2013",
            ],
        );
        check(
            "Luton was rated inadequate. The inadequate rating comes four years after the last Ofsted inspection, published in March 2010, rated safeguarding and looked-after children services as \u{201c}good\u{201d}.",
            None,
            &[
                "Luton Overall Inadequate 2014",
                "Luton Safeguarding Good 2010-03",
                "Luton LookedAfter Good 2010-03",
            ],
        );
    }

    fn check_titled(title: &str, body: &str, published: Option<&str>, expected: &[&str]) {
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        let gaz = Gazetteer::from_csv(csv).unwrap();
        let rules = Rules::new().unwrap();
        let mut a = article(body, published);
        a.title = Some(title.to_owned());
        let got: Vec<String> = run(
            &gaz,
            &rules,
            &FactRules::new().unwrap(),
            &Options::default(),
            &a,
            None,
        )
        .iter()
        .filter(|c| c.kind == ClaimKind::Inspection)
        .map(|c| {
            format!(
                "{} {:?}",
                c.authority.as_deref().unwrap_or("?"),
                c.rating.unwrap_or(Rating::Good)
            )
        })
        .collect();
        assert_eq!(got, expected, "{title}\n{body}");
    }

    #[test]
    fn years_from_the_sentence_a_relative_form_or_the_news() {
        check(
            "Leeds was rated inadequate in 2012, and again two years later.",
            None,
            &[
                "Leeds Overall Inadequate 2012",
                "Leeds Overall Inadequate 2014",
            ],
        );
        check(
            "Bradford was rated 'inadequate' in 2013, then again in 2015.",
            None,
            &[
                "Bradford Overall Inadequate 2013",
                "Bradford Overall Inadequate 2015",
            ],
        );
        check(
            "Leeds was rated good five years ago.",
            Some("2019-07-02"),
            &["Leeds Overall Good 2014"],
        );
        check(
            "Leeds is now rated 'good'. It was judged inadequate last November.",
            Some("2019-03-01"),
            &[
                "Leeds Overall Good 2019-03",
                "Leeds Overall Inadequate 2018-11",
            ],
        );
        // A date said of another event is not the rating's.
        check(
            "Leeds has received a 'good' report following its first inspection since 2016.",
            Some("2019-03-01"),
            &["Leeds Overall Good 2019-03"],
        );
    }

    #[test]
    fn names_resolve_by_the_claims_date() {
        check(
            "Northamptonshire's children's services were rated requires improvement in 2022.",
            None,
            &[
                "North Northamptonshire Overall RequiresImprovement 2022",
                "West Northamptonshire Overall RequiresImprovement 2022",
            ],
        );
        check(
            "Northamptonshire was rated 'inadequate' in 2019.",
            None,
            &["Northamptonshire Overall Inadequate 2019"],
        );
        check(
            "Bournemouth was rated 'inadequate' in 2017. Bournemouth was rated 'good' in 2021.",
            None,
            &[
                "Bournemouth Overall Inadequate 2017",
                "Bournemouth, Christchurch and Poole Overall Good 2021",
            ],
        );
    }

    #[test]
    fn what_a_page_is_about_carries_across_its_sentences() {
        // A page about children's homes: "the council" and "inadequate" meeting later make no
        // council judgement.
        check_titled(
            "Ofsted judges two children's homes 'inadequate'",
            "Two homes in Kent were judged inadequate.\n\nThe council said it was disappointed.\n\nThe service was rated inadequate after inspectors visited.",
            None,
            &[],
        );
        // A newspaper's name names no authority.
        check_titled(
            "Trafford children's services rated good",
            "Trafford Council's children's services have been rated 'good'.\n\nThe Manchester Evening News asked the council about the report.",
            None,
            &["Trafford Good"],
        );
    }

    #[test]
    fn the_news_of_an_article_that_reports_a_publication() {
        // The head reports a publication: the judgements the article tells are its results.
        check(
            "Ofsted has published its annual assessments of 150 councils.\n\nLeeds said it was disappointed.\n\nChild protection was rated inadequate at Leeds and Bradford councils.",
            Some("2008-12-17"),
            &[
                "Leeds Safeguarding Inadequate 2008-12",
                "Bradford Safeguarding Inadequate 2008-12",
            ],
        );
        // A set counted "from none last year to four this year" is this year's.
        check(
            "Ofsted's data shows the number of councils found to be inadequate overall has risen from none last year to two this year.\n\nThose councils were Leeds and Bradford.",
            Some("2008-12-17"),
            &[
                "Leeds Overall Inadequate 2008",
                "Bradford Overall Inadequate 2008",
            ],
        );
    }

    #[test]
    fn an_earlier_inspection_the_article_dates_dates_what_was_left_behind() {
        check(
            "Ofsted has praised Leeds, lifting its rating from 'requires improvement' to 'good'.\n\nServices targeted since its last inspection in 2018 have been transformed.",
            Some("2023-02-13"),
            &[
                "Leeds Overall RequiresImprovement 2018",
                "Leeds Overall Good 2023-02",
            ],
        );
        // Two earlier inspections dated for one authority: which one is not said.
        check(
            "Ofsted has praised Leeds, lifting its rating from 'requires improvement' to 'good'.\n\nIts last inspection in 2018 was long.\n\nIts previous inspection in 2014 was short.",
            Some("2023-02-13"),
            &[
                "Leeds Overall RequiresImprovement -",
                "Leeds Overall Good 2023-02",
            ],
        );
    }

    #[test]
    fn an_undated_article_that_dates_its_news() {
        // "Published today, the 2011 annual assessments": the article's year.
        check(
            "Published today, the 2011 annual children's services assessments show Leeds is now rated adequate.\n\nLeeds's child safeguarding services were rated inadequate last year.",
            None,
            &[
                "Leeds Overall Adequate 2011",
                "Leeds Safeguarding Inadequate 2010",
            ],
        );
        // The overall rating dates its news; the rest of that news takes its date.
        check(
            "Leeds children's services have been rated 'good' following an inspection in October 2024.\n\nServices for care leavers are now rated 'good'.",
            None,
            &[
                "Leeds Overall Good 2024-10",
                "Leeds CareLeavers Good 2024-10",
            ],
        );
        // A relative year whose other end the article dates elsewhere.
        check(
            "Leeds has been rated 'good', just two years after it was given an 'inadequate' rating.\n\nIt had been found to be inadequate in 2017.",
            None,
            &["Leeds Overall Good 2019", "Leeds Overall Inadequate 2017"],
        );
    }

    #[test]
    fn undated_news_retold_with_its_year() {
        check(
            "Leeds children's services have been rated 'good' by Ofsted.\n\nIt was rated inadequate in 2015.\n\nIn 2022 all five areas inspected were given a 'good' grading.",
            None,
            &[
                "Leeds Overall Good 2022",
                "Leeds Overall Inadequate 2015",
                "Leeds HelpAndProtection Good 2022",
                "Leeds ChildrenInCare Good 2022",
                "Leeds CareLeavers Good 2022",
                "Leeds Leadership Good 2022",
            ],
        );
        // Told as a repeat, the news is not the judgement of that year.
        check(
            "Leeds children's services remain 'good', Ofsted says.\n\nIn 2022 they were rated 'good'.",
            None,
            &["Leeds Overall Good -", "Leeds Overall Good 2022"],
        );
        // A later year named: the year given may not be the news's.
        check(
            "Leeds children's services have been rated 'good' by Ofsted.\n\nIn 2019 they were rated 'good'.\n\nA new director arrived in 2021.",
            None,
            &["Leeds Overall Good -", "Leeds Overall Good 2019"],
        );
    }

    #[test]
    fn a_rating_in_a_relative_or_participial_clause_is_not_the_news() {
        check(
            "Bristol, which was rated inadequate, has now been judged good.",
            Some("2020-02-02"),
            &[
                "Bristol, City of Overall Inadequate -",
                "Bristol, City of Overall Good 2020-02",
            ],
        );
        check(
            "Rated good at its last inspection, Leeds has now been judged outstanding.",
            Some("2023-11-05"),
            &["Leeds Overall Good -", "Leeds Overall Outstanding 2023-11"],
        );
    }

    #[test]
    fn rows_of_a_report_table() {
        check(
            "Telford and Wrekin Council children's services inspection results:\n\nOverall effectiveness: Good\n\nChildren in care: Outstanding\n\nCare leavers | Requires improvement",
            Some("2017-03-12"),
            &[
                "Telford and Wrekin Overall Good 2017-03",
                "Telford and Wrekin ChildrenInCare Outstanding 2017-03",
                "Telford and Wrekin CareLeavers RequiresImprovement 2017-03",
            ],
        );
    }

    #[test]
    fn relative_years_of_the_news_and_of_an_earlier_inspection() {
        // The news comes after the latest of the judgements it is counted from.
        check(
            "Leeds has been rated outstanding, just three years after it was judged inadequate.\n\nLeeds was first rated inadequate in 2015. It was rated inadequate again in 2018.",
            None,
            &[
                "Leeds Overall Outstanding 2021",
                "Leeds Overall Inadequate 2015",
                "Leeds Overall Inadequate 2018",
            ],
        );
        // An earlier inspection the article dates dates the judgement counted back from the
        // news, and so the news.
        check(
            "Leeds's children's services have been rated inadequate.\n\nThe news comes only three years after they were rated outstanding. Ofsted says services have deteriorated since they were inspected in 2012.",
            None,
            &[
                "Leeds Overall Inadequate 2015",
                "Leeds Overall Outstanding 2012",
            ],
        );
        check(
            "Leeds's children's services have been rated inadequate, only three years after they were rated outstanding.\n\nOfsted says services have deteriorated since they were inspected in 2012.",
            None,
            &[
                "Leeds Overall Inadequate 2015",
                "Leeds Overall Outstanding 2012",
            ],
        );
    }

    #[test]
    fn since_dates_the_state_it_follows() {
        // "inadequate since 2015" dates that grade, not the one the sentence goes on to tell.
        check(
            "Devon's children's services, inadequate since 2015, have improved to requires improvement.",
            Some("2019-06-14"),
            &["Devon Overall RequiresImprovement -"],
        );
        check(
            "Devon has been rated inadequate since 2015.",
            Some("2019-06-14"),
            &["Devon Overall Inadequate 2015"],
        );
    }

    #[test]
    fn every_area_but_one() {
        check(
            "Kent's children's services were rated good in every area except care leavers, which was rated 'requires improvement'.",
            Some("2024-07-07"),
            // Told in a relative clause, the excepted area is not dated as the news.
            &["Kent CareLeavers RequiresImprovement -"],
        );
    }

    #[test]
    fn a_standing_is_not_the_news() {
        // "Currently rated" says where a council stands, not when that was decided.
        check(
            "Surrey wants to be rated outstanding at its next inspection. Services are currently rated good by Ofsted.",
            Some("2022-06-03"),
            &["Surrey Overall Good -"],
        );
        check(
            "Wirral's children's services have been rated requires improvement to be good, up from inadequate in 2016.",
            Some("2019-11-20"),
            &[
                "Wirral Overall RequiresImprovement 2019-11",
                "Wirral Overall Inadequate 2016",
            ],
        );
    }

    #[test]
    fn the_news_told_again_is_the_news() {
        // The month of the inspection is not when the news was made public.
        check(
            "Leeds children's services have been rated 'good'.\n\nOfsted inspected the council's services in January.\n\nServices were rated good overall and care leavers were judged outstanding.",
            Some("2024-03-10"),
            &[
                "Leeds Overall Good 2024-03",
                "Leeds CareLeavers Outstanding 2024-01",
            ],
        );
    }

    #[test]
    fn the_same_rating_is_the_one_told_before() {
        check(
            "Leeds's services for children who need help and protection were rated 'inadequate'.\n\nThe same rating was also applied to leadership, management and governance.",
            None,
            &[
                "Leeds HelpAndProtection Inadequate -",
                "Leeds Leadership Inadequate -",
            ],
        );
        // A grade told four sentences before is not the one meant.
        check(
            "Leeds was rated 'inadequate'. The council met. Staff were told. Parents were told. The same rating was given to leadership.",
            None,
            &["Leeds Overall Inadequate -"],
        );
    }

    #[test]
    fn a_date_passes_over_a_grade_read_as_none() {
        check(
            "The last time Leeds was inspected - in 2015 - it was rated requiring improvement in two categories, but good in leadership.",
            None,
            &["Leeds Leadership Good 2015"],
        );
    }

    /// `(authority, judgement, rating, framework)` of every inspection claim.
    fn frameworks(body: &str, published: Option<&str>) -> Vec<String> {
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        let gaz = Gazetteer::from_csv(csv).unwrap();
        let rules = Rules::new().unwrap();
        run(
            &gaz,
            &rules,
            &FactRules::new().unwrap(),
            &Options::default(),
            &article(body, published),
            None,
        )
        .iter()
        .filter(|c| c.kind == ClaimKind::Inspection)
        .map(|c| {
            format!(
                "{} {:?} {:?} {:?}",
                c.authority.as_deref().unwrap_or("?"),
                c.judgement.unwrap_or(Judgement::Overall),
                c.rating.unwrap_or(Rating::Good),
                c.framework
            )
        })
        .collect()
    }

    #[test]
    fn older_frameworks_are_recognised_for_what_they_are() {
        // The annual performance assessments (to 2008): an overall grade, and "staying safe" read
        // as the safeguarding outcome.
        assert_eq!(
            frameworks(
                "Ofsted published its annual performance assessments today.\n\nLeeds was judged 'inadequate' overall, and 'inadequate' for keeping children safe.",
                Some("2008-12-17"),
            ),
            [
                "Leeds Overall Inadequate Some(Apa)",
                "Leeds Safeguarding Inadequate Some(Pre2013)"
            ]
        );
        // The annual rating (2009-2011) on its own scale.
        assert_eq!(
            frameworks("Ofsted said Leeds performed poorly in 2010.", None),
            ["Leeds Overall Inadequate Some(AnnualRating)"]
        );
        // A safeguarding inspection before November 2013, and a grade of its time.
        assert_eq!(
            frameworks(
                "In 2011 Leeds's safeguarding services were judged 'adequate'.",
                None
            ),
            ["Leeds Safeguarding Adequate Some(Pre2013)"]
        );
        // The single inspection framework when the page names it.
        assert_eq!(
            frameworks(
                "Under the single inspection framework, Leeds was rated 'good' in 2015.",
                None
            ),
            ["Leeds Overall Good Some(Sif)"]
        );
    }
}
