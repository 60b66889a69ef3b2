//! `cargo xtask eval [GOLD]`: score extracted claims (P/R/F1 per kind and field) and merged events against a gold file.

mod gold;
mod judgements;
mod page;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::Context;
use scrutiny_core::{Article, Claim, ClaimKind, Event, Judgement, PartialDate, Rating};
use scrutiny_extract::Gazetteer;

pub use gold::Gold;

/// Precision, recall and F1 from counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Prf {
    /// Correct.
    pub tp: usize,
    /// Extracted but wrong or absent from gold.
    pub fp: usize,
    /// In gold but not extracted correctly.
    pub fn_: usize,
}

impl Prf {
    /// Precision (1 when nothing was extracted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall (1 when gold has nothing).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// How a matched claim's date compares with gold's.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DateTally {
    /// Same date (or both empty).
    pub correct: usize,
    /// Gold has a date or month; the claim has none.
    pub empty: usize,
    /// Compatible with gold but less precise.
    pub partial: usize,
    /// Different from gold, or given where the page gives none.
    pub wrong: usize,
}

/// The result of scoring.
#[derive(Debug, Default)]
pub struct Report {
    /// Per claim kind (`inspection`, `monitoring_visit`, `appointment`, ...): whole-claim matches.
    pub kinds: BTreeMap<String, Prf>,
    /// Per field of inspection and visit claims: authority, judgement, rating, date.
    pub fields: BTreeMap<String, Prf>,
    /// Dates of matched inspection and visit claims.
    pub dates: DateTally,
    /// Gold claims not extracted.
    pub misses: Vec<String>,
    /// Extracted claims that gold does not have.
    pub false_claims: Vec<String>,
    /// Matched claims whose date is wrong.
    pub wrong_dates: Vec<String>,
    /// False claims whose sentence is about a school, a children's home, adult care or SEND.
    pub other_service_claims: Vec<String>,
    /// Gold articles with no article in the input.
    pub missing_articles: Vec<String>,
}

/// The fields one claim is matched and scored on.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    kind: ClaimKind,
    authority: String,
    judgement: Option<Judgement>,
    rating: Option<Rating>,
    /// Name (appointments) or value (statistics), normalised.
    other: String,
}

fn norm(s: &str) -> String {
    s.trim().replace('\u{2019}', "'").to_lowercase()
}

/// An authority's name as one key, whatever spelling the reading or a claim uses ("Bristol",
/// "City of Bristol", "Bristol, City of"; "St Helens", "St. Helens"): the gazetteer's name,
/// lower case. A name the gazetteer does not know as a whole stays as written.
fn authority_key(name: &str) -> String {
    static GAZETTEER: OnceLock<Option<Gazetteer>> = OnceLock::new();
    let gazetteer = GAZETTEER.get_or_init(|| {
        Gazetteer::from_csv(include_str!(
            "../../../data/reference/local_authorities.csv"
        ))
        .ok()
    });
    let name = name.trim();
    let canonical = gazetteer.as_ref().and_then(|g| {
        let index = g.index_of(name).or_else(|| match g.find(name)[..] {
            [one] if one.start == 0 && one.end == name.len() => Some(one.authority),
            _ => None,
        })?;
        g.authority(index).map(|a| a.name.clone())
    });
    norm(canonical.as_deref().unwrap_or(name))
}

fn yaml_text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

fn date_text(date: Option<PartialDate>, month: Option<u8>) -> String {
    match (date, month) {
        (Some(d), _) => d.to_string(),
        (None, Some(m)) => format!("month {m}"),
        (None, None) => "no date".into(),
    }
}

fn describe(k: &Key, when: &str) -> String {
    let mut s = format!("{:?} {}", k.kind, k.authority);
    if let Some(j) = k.judgement {
        s.push_str(&format!(" {j:?}"));
    }
    if let Some(r) = k.rating {
        s.push_str(&format!(" {r:?}"));
    }
    if !k.other.is_empty() {
        s.push_str(&format!(" {}", k.other));
    }
    format!("{s} ({when})")
}

/// How an extracted date compares with gold's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateVerdict {
    Correct,
    Empty,
    Partial,
    Wrong,
}

fn date_verdict(
    gold: (Option<PartialDate>, Option<u8>),
    got: (Option<PartialDate>, Option<u8>),
) -> DateVerdict {
    match (gold, got) {
        (g, x) if g == x => DateVerdict::Correct,
        (_, (None, None)) => DateVerdict::Empty,
        ((Some(g), _), (Some(x), _)) if g.is_compatible(&x) && x.precision() < g.precision() => {
            DateVerdict::Partial
        }
        ((Some(g), _), (None, Some(m))) if g.get_month() == Some(m) => DateVerdict::Partial,
        _ => DateVerdict::Wrong,
    }
}

struct GoldItem {
    key: Key,
    date: (Option<PartialDate>, Option<u8>),
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Score extracted claims against gold. Articles are matched to gold by file name; claims to
/// articles by `claim.article == article.id`. A gold claim matches an extracted claim of the same
/// article with the same kind, authority, judgement and rating (name for appointments, value for
/// statistics); the date is then scored as a field.
pub fn score(gold: &Gold, articles: &[Article], claims: &[Claim]) -> Report {
    let mut report = Report::default();
    let other_service = [
        "school",
        "children's home",
        "children\u{2019}s home",
        "care home",
        "adult social care",
        "adult services",
        "cqc",
        "care quality commission",
        "send ",
        "special educational needs",
    ];
    for ga in &gold.articles {
        let Some(article) = articles.iter().find(|a| file_name(&a.path) == ga.file) else {
            report.missing_articles.push(ga.file.clone());
            continue;
        };
        let mut golds: Vec<GoldItem> = Vec::new();
        for c in &ga.claims {
            golds.push(GoldItem {
                key: Key {
                    kind: c.kind,
                    authority: authority_key(&c.authority),
                    judgement: c.judgement,
                    rating: c.rating,
                    other: String::new(),
                },
                date: (c.date, c.month),
            });
        }
        for p in &ga.people {
            golds.push(GoldItem {
                key: Key {
                    kind: ClaimKind::Appointment,
                    authority: authority_key(&p.authority),
                    judgement: None,
                    rating: None,
                    other: norm(&p.name),
                },
                date: (None, None),
            });
        }
        for s in &ga.statistics {
            golds.push(GoldItem {
                key: Key {
                    kind: ClaimKind::Statistic,
                    authority: authority_key(&s.authority),
                    judgement: None,
                    rating: None,
                    other: norm(&yaml_text(&s.value)),
                },
                date: (None, None),
            });
        }
        let got: Vec<(&Claim, Key)> = claims
            .iter()
            .filter(|c| c.article == article.id)
            .map(|c| {
                let other = match c.kind {
                    ClaimKind::Appointment => norm(c.name.as_deref().unwrap_or("")),
                    ClaimKind::Statistic => norm(c.value.as_deref().unwrap_or("")),
                    _ => String::new(),
                };
                let key = Key {
                    kind: c.kind,
                    authority: authority_key(c.authority.as_deref().unwrap_or("")),
                    judgement: c.judgement,
                    rating: c.rating,
                    other,
                };
                (c, key)
            })
            .collect();

        // Whole-claim matches, preferring the candidate whose date agrees.
        let mut taken = vec![false; got.len()];
        let mut pair: Vec<Option<usize>> = vec![None; golds.len()];
        for (gi, g) in golds.iter().enumerate() {
            let candidates: Vec<usize> = (0..got.len())
                .filter(|&i| !taken[i] && got[i].1 == g.key)
                .collect();
            let best = candidates
                .iter()
                .copied()
                .min_by_key(|&i| date_verdict(g.date, (got[i].0.date, got[i].0.month)) as u8);
            if let Some(i) = best {
                taken[i] = true;
                pair[gi] = Some(i);
            }
        }
        // Near matches (same kind, two of authority/judgement/rating right) are aligned for the
        // per-field scores only.
        let mut near: Vec<Option<usize>> = vec![None; golds.len()];
        let mut near_taken = taken.clone();
        for (gi, g) in golds.iter().enumerate() {
            if pair[gi].is_some()
                || !matches!(
                    g.key.kind,
                    ClaimKind::Inspection | ClaimKind::MonitoringVisit | ClaimKind::FocusedVisit
                )
            {
                continue;
            }
            let agree = |k: &Key| {
                usize::from(k.authority == g.key.authority)
                    + usize::from(k.judgement == g.key.judgement)
                    + usize::from(k.rating == g.key.rating)
            };
            if let Some(i) = (0..got.len())
                .filter(|&i| !near_taken[i] && got[i].1.kind == g.key.kind && agree(&got[i].1) >= 2)
                .max_by_key(|&i| agree(&got[i].1))
            {
                near_taken[i] = true;
                near[gi] = Some(i);
            }
        }

        let tag = |s: String| format!("{}: {s}", ga.file);
        for (gi, g) in golds.iter().enumerate() {
            let kind = report.kinds.entry(kind_name(g.key.kind)).or_default();
            match pair[gi] {
                Some(_) => kind.tp += 1,
                None => {
                    kind.fn_ += 1;
                    report
                        .misses
                        .push(tag(describe(&g.key, &date_text(g.date.0, g.date.1))));
                }
            }
            if !matches!(
                g.key.kind,
                ClaimKind::Inspection | ClaimKind::MonitoringVisit | ClaimKind::FocusedVisit
            ) {
                continue;
            }
            let aligned = pair[gi].or(near[gi]).map(|i| got[i].0);
            let fields: [(&str, bool, bool, bool); 3] = match aligned {
                Some(c) => [
                    (
                        "authority",
                        true,
                        c.authority.is_some(),
                        authority_key(c.authority.as_deref().unwrap_or("")) == g.key.authority,
                    ),
                    (
                        "judgement",
                        g.key.judgement.is_some(),
                        c.judgement.is_some(),
                        c.judgement == g.key.judgement,
                    ),
                    (
                        "rating",
                        g.key.rating.is_some(),
                        c.rating.is_some(),
                        c.rating == g.key.rating,
                    ),
                ],
                None => [
                    ("authority", true, false, false),
                    ("judgement", g.key.judgement.is_some(), false, false),
                    ("rating", g.key.rating.is_some(), false, false),
                ],
            };
            for (name, gold_has, got_has, equal) in fields {
                count_field(
                    report.fields.entry(name.into()).or_default(),
                    gold_has,
                    got_has,
                    equal,
                );
            }
            let gold_has = g.date.0.is_some() || g.date.1.is_some();
            let f = report.fields.entry("date".into()).or_default();
            match aligned {
                Some(c) => {
                    let v = date_verdict(g.date, (c.date, c.month));
                    let got_has = c.date.is_some() || c.month.is_some();
                    count_field(f, gold_has, got_has, v == DateVerdict::Correct);
                    if pair[gi].is_some() {
                        match v {
                            DateVerdict::Correct => report.dates.correct += 1,
                            DateVerdict::Empty => report.dates.empty += 1,
                            DateVerdict::Partial => report.dates.partial += 1,
                            DateVerdict::Wrong => {
                                report.dates.wrong += 1;
                                report.wrong_dates.push(tag(format!(
                                    "{}: got {} ({})",
                                    describe(&g.key, &date_text(g.date.0, g.date.1)),
                                    date_text(c.date, c.month),
                                    c.date_basis
                                )));
                            }
                        }
                    }
                }
                None => count_field(f, gold_has, false, false),
            }
        }
        for (i, (c, key)) in got.iter().enumerate() {
            if taken[i] {
                continue;
            }
            report.kinds.entry(kind_name(key.kind)).or_default().fp += 1;
            if !near_taken[i]
                && matches!(
                    key.kind,
                    ClaimKind::Inspection | ClaimKind::MonitoringVisit | ClaimKind::FocusedVisit
                )
            {
                // A claim aligned with no gold claim is wrong in every field it fills.
                for (name, has) in [
                    ("authority", c.authority.is_some()),
                    ("judgement", c.judgement.is_some()),
                    ("rating", c.rating.is_some()),
                    ("date", c.date.is_some() || c.month.is_some()),
                ] {
                    count_field(
                        report.fields.entry(name.into()).or_default(),
                        false,
                        has,
                        false,
                    );
                }
            }
            let line = tag(format!(
                "{} | {}",
                describe(key, &date_text(c.date, c.month)),
                c.evidence.sentence
            ));
            let lower = c.evidence.sentence.to_lowercase();
            if key.kind == ClaimKind::Inspection && other_service.iter().any(|w| lower.contains(w))
            {
                report.other_service_claims.push(line.clone());
            }
            report.false_claims.push(line);
        }
    }
    report
}

fn count_field(f: &mut Prf, gold_has: bool, got_has: bool, equal: bool) {
    if gold_has && got_has && equal {
        f.tp += 1;
        return;
    }
    if got_has {
        f.fp += 1;
    }
    if gold_has {
        f.fn_ += 1;
    }
}

fn kind_name(k: ClaimKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{k:?}"))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<18} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
            "kind", "tp", "fp", "fn", "P", "R", "F1"
        )?;
        for (name, p) in &self.kinds {
            writeln!(
                f,
                "{name:<18} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
                p.tp,
                p.fp,
                p.fn_,
                p.precision(),
                p.recall(),
                p.f1()
            )?;
        }
        writeln!(
            f,
            "\n{:<18} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
            "field (insp+visits)", "tp", "fp", "fn", "P", "R", "F1"
        )?;
        for (name, p) in &self.fields {
            writeln!(
                f,
                "{name:<18} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
                p.tp,
                p.fp,
                p.fn_,
                p.precision(),
                p.recall(),
                p.f1()
            )?;
        }
        let d = &self.dates;
        writeln!(
            f,
            "\ndates of matched claims: {} correct, {} empty, {} less precise, {} wrong",
            d.correct, d.empty, d.partial, d.wrong
        )?;
        for (title, list) in [
            ("missing articles", &self.missing_articles),
            ("misses", &self.misses),
            ("false claims", &self.false_claims),
            ("wrong dates", &self.wrong_dates),
            (
                "false claims about a school, home, adult service or SEND",
                &self.other_service_claims,
            ),
        ] {
            writeln!(f, "\n{title} ({}):", list.len())?;
            for line in list {
                writeln!(f, "  {line}")?;
            }
        }
        Ok(())
    }
}

/// How the merged events of one authority compare with gold's timeline.
#[derive(Debug, Default)]
pub struct AuthorityScore {
    /// The authority, as gold names it.
    pub authority: String,
    /// Gold events found among the pipeline's (same kind, judgement, rating, date and month).
    pub matched: usize,
    /// Gold events with no such event.
    pub missing: Vec<String>,
    /// Overall inspections and visits gold does not have.
    pub extra: Vec<String>,
    /// Judgement-area events gold does not list (gold lists only the headline judgement of some
    /// inspections, so these are shown, not counted as errors).
    pub extra_areas: Vec<String>,
    /// Matched events whose supporting articles differ from gold's.
    pub article_diffs: Vec<String>,
}

/// The merged timeline against gold's `merged` section, per authority gold lists.
#[derive(Debug, Default)]
pub struct MergedReport {
    /// One entry per authority in gold's `merged`, in gold's (sorted) order.
    pub authorities: Vec<AuthorityScore>,
}

/// A date and month as one value: a year-only date with a month is that month of that year
/// (gold writes `{date: 2017, month: 3}`, the merge stage `2017-03`).
fn when(date: Option<PartialDate>, month: Option<u8>) -> (Option<PartialDate>, Option<u8>) {
    match (date, month) {
        (Some(d), Some(m)) if d.get_month().is_none() => {
            PartialDate::month(d.get_year(), m).map_or((date, month), |d| (Some(d), None))
        }
        (Some(d), _) => (Some(d), None),
        (None, m) => (None, m),
    }
}

fn describe_event(
    kind: ClaimKind,
    judgement: Option<Judgement>,
    rating: Option<Rating>,
    date: (Option<PartialDate>, Option<u8>),
    articles: &[String],
) -> String {
    let mut s = kind_name(kind);
    if let Some(j) = judgement {
        s.push_str(&format!(" {j:?}"));
    }
    if let Some(r) = rating {
        s.push_str(&format!(" {r:?}"));
    }
    format!(
        "{s} ({}) [{}]",
        date_text(date.0, date.1),
        articles.join(", ")
    )
}

/// Score the pipeline's events against gold's `merged` timeline. A gold event matches an event
/// of the same authority with the same kind, judgement, rating, date and month; among several,
/// the one whose articles (by 3-digit file prefix) agree best is taken.
pub fn score_merged(gold: &Gold, articles: &[Article], events: &[Event]) -> MergedReport {
    let prefix: BTreeMap<&str, String> = articles
        .iter()
        .map(|a| {
            let name = file_name(&a.path);
            (a.id.as_str(), name.chars().take(3).collect())
        })
        .collect();
    let event_prefixes = |e: &Event| -> Vec<String> {
        let mut v: Vec<String> = e
            .articles
            .iter()
            .map(|id| {
                prefix
                    .get(id.as_str())
                    .cloned()
                    .unwrap_or_else(|| id.clone())
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let mut report = MergedReport::default();
    for (authority, golds) in &gold.merged {
        let mut score = AuthorityScore {
            authority: authority.clone(),
            ..Default::default()
        };
        let mine: Vec<&Event> = events
            .iter()
            .filter(|e| e.authority.as_deref().map(authority_key) == Some(authority_key(authority)))
            .collect();
        let mut taken = vec![false; mine.len()];
        for g in golds {
            let gw = when(g.date, g.month);
            let gp = g.prefixes();
            let best = (0..mine.len())
                .filter(|&i| {
                    let e = mine[i];
                    !taken[i]
                        && e.kind == g.kind
                        && e.judgement == g.judgement
                        && e.rating == g.rating
                        && when(e.date, e.month) == gw
                })
                .max_by_key(|&i| {
                    let ep = event_prefixes(mine[i]);
                    (ep.iter().filter(|p| gp.contains(p)).count(), ep == gp)
                });
            let text = describe_event(g.kind, g.judgement, g.rating, gw, &gp);
            match best {
                Some(i) => {
                    taken[i] = true;
                    score.matched += 1;
                    let ep = event_prefixes(mine[i]);
                    if ep != gp {
                        score
                            .article_diffs
                            .push(format!("{text}: got articles [{}]", ep.join(", ")));
                    }
                }
                None => {
                    // The nearest event, to say what differs.
                    let near: Vec<String> = mine
                        .iter()
                        .enumerate()
                        .filter(|(i, e)| {
                            !taken[*i]
                                && e.kind == g.kind
                                && e.judgement == g.judgement
                                && e.rating == g.rating
                        })
                        .map(|(_, e)| {
                            let (d, m) = when(e.date, e.month);
                            date_text(d, m)
                        })
                        .collect();
                    score.missing.push(if near.is_empty() {
                        text
                    } else {
                        format!("{text}: got {}", near.join(", "))
                    });
                }
            }
        }
        for (i, e) in mine.iter().enumerate() {
            if taken[i] {
                continue;
            }
            let line = describe_event(
                e.kind,
                e.judgement,
                e.rating,
                when(e.date, e.month),
                &event_prefixes(e),
            );
            if e.kind == ClaimKind::Inspection
                && e.judgement.is_some_and(|j| j != Judgement::Overall)
            {
                score.extra_areas.push(line);
            } else {
                score.extra.push(line);
            }
        }
        report.authorities.push(score);
    }
    report
}

impl fmt::Display for MergedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<18} {:>7} {:>7} {:>7} {:>9} {:>9}",
            "merged (gold)", "matched", "missing", "extra", "areas+", "articles≠"
        )?;
        for a in &self.authorities {
            writeln!(
                f,
                "{:<18} {:>7} {:>7} {:>7} {:>9} {:>9}",
                a.authority,
                a.matched,
                a.missing.len(),
                a.extra.len(),
                a.extra_areas.len(),
                a.article_diffs.len()
            )?;
        }
        for a in &self.authorities {
            for (title, list) in [
                ("missing", &a.missing),
                ("extra", &a.extra),
                ("articles differ", &a.article_diffs),
                ("judgement areas gold does not list", &a.extra_areas),
            ] {
                if list.is_empty() {
                    continue;
                }
                writeln!(f, "\n{} {title} ({}):", a.authority, list.len())?;
                for line in list {
                    writeln!(f, "  {line}")?;
                }
            }
        }
        Ok(())
    }
}

/// What the pipeline made of a gold file's pages.
#[derive(Debug)]
pub struct Ingested {
    /// Articles, sorted by path.
    pub articles: Vec<Article>,
    /// Claims, in article order then extraction order.
    pub claims: Vec<Claim>,
    /// Merged events (empty when the pipeline has no merge stage).
    pub events: Vec<Event>,
}

/// Run `pipeline` in memory over the pages a gold file reads (`FILE` in the gold file's
/// `pages/` folder, else in `data/raw/`), returning the articles, claims and merged events;
/// nothing is written.
pub fn ingest_for_eval(pipeline: &Path, gold_path: &Path, gold: &Gold) -> anyhow::Result<Ingested> {
    let pages_dir = gold_path.parent().unwrap_or(Path::new(".")).join("pages");
    let mut inputs = Vec::new();
    for a in &gold.articles {
        let candidates = [pages_dir.join(&a.file), Path::new("data/raw").join(&a.file)];
        let found = candidates.iter().find(|p| p.is_file()).with_context(|| {
            format!(
                "page `{}` of the gold file is in neither `{}` nor data/raw",
                a.file,
                pages_dir.display()
            )
        })?;
        inputs.push(found.display().to_string());
    }
    let def = scrutiny_pipeline::definition::load(pipeline, false)?;
    let opts = scrutiny_pipeline::RunOptions {
        inputs,
        dry_run: true,
        ..Default::default()
    };
    let out = scrutiny_pipeline::run(&def, &pipeline.display().to_string(), &opts)?;
    Ok(Ingested {
        articles: out.dataset.articles,
        claims: out.dataset.claims,
        events: out.dataset.events,
    })
}

/// Read a gold file.
pub fn read_gold(path: &Path) -> anyhow::Result<Gold> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading `{}`", path.display()))?;
    serde_yaml::from_str(&text).with_context(|| format!("parsing `{}`", path.display()))
}

/// Entry point; `args` are the words after the subcommand: `[GOLD] [--pipeline FILE]`.
pub fn main(args: Vec<String>) -> anyhow::Result<()> {
    let mut gold_path = "data/gold/seeds.yaml".to_owned();
    let mut pipeline = "pipelines/default.yaml".to_owned();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--pipeline" => pipeline = it.next().context("`--pipeline` needs a file")?,
            other if other.starts_with('-') => {
                anyhow::bail!(
                    "unknown option `{other}`; usage: cargo xtask eval [GOLD] [--pipeline FILE]"
                )
            }
            other => gold_path = other.to_owned(),
        }
    }
    print!("{}", evaluate(Path::new(&gold_path), Path::new(&pipeline))?);
    Ok(())
}

/// The whole evaluation of a gold file, as printed: the claims by kind and field, the merged
/// timeline when gold has one, the judgements as a reader counts them, the page fields, and a
/// closing summary against the bars of the development set.
pub fn evaluate(gold_path: &Path, pipeline: &Path) -> anyhow::Result<String> {
    let gold = read_gold(gold_path)?;
    let run = ingest_for_eval(pipeline, gold_path, &gold)?;
    let mut out = score(&gold, &run.articles, &run.claims).to_string();
    if !gold.merged.is_empty() {
        out.push_str(&format!(
            "\n{}",
            score_merged(&gold, &run.articles, &run.events)
        ));
    }
    let judged = judgements::score(&gold, &run.articles, &run.claims);
    let pages = page::score(&gold, &run.articles);
    out.push_str(&format!(
        "\n{judged}\n{pages}\n{}",
        summary(&judged, &pages)
    ));
    Ok(out)
}

/// The figures the development set is held to, each with its bar.
fn summary(j: &judgements::JudgementReport, p: &page::PageReport) -> String {
    let (right, wrong) = j.year_shares();
    let y = &j.years;
    let prf = |name: &str, x: &Prf| {
        format!(
            "  {name}: P {:.3} R {:.3} F1 {:.3}",
            x.precision(),
            x.recall(),
            x.f1()
        )
    };
    [
        "summary (bars: overall P >= 0.95 and R >= 0.90; all F1 >= 0.90; no claim on a negative page; years >= 0.80 right and <= 0.02 wrong; calibrated; page fields >= 0.90, no date invented)".to_owned(),
        prf("overall judgements", &j.overall),
        prf("all judgements", &j.all),
        format!("  claims on negative pages: {}", j.on_negative.len()),
        format!(
            "  years: {right:.3} right, {wrong:.3} wrong of {} the reading dates",
            y.right + y.empty + y.wrong
        ),
        format!("  calibrated at every level: {}", if j.calibrated() { "yes" } else { "no" }),
        format!(
            "  page fields: title {:.3}, byline {:.3}, date {:.3} where shown; {} dates invented",
            p.title.share(),
            p.byline.share(),
            p.published.shown_share(),
            p.published.invented
        ),
    ]
    .join("\n")
        + "\n"
}

/// The bar of the evaluation on a gold file, through the real pipeline (the seeds and the pages
/// written for testing): inspection F1 >= 0.95, every date correct or empty, and no false claim
/// about a school, a home or an adult service.
#[cfg(test)]
mod bar {
    use super::*;

    fn evaluate(gold: &str) -> Report {
        evaluate_all(gold).0
    }

    fn evaluate_all(gold: &str) -> (Report, MergedReport) {
        let root = crate::project_root();
        std::env::set_current_dir(&root).unwrap();
        let gold_path = root.join(gold);
        let g = read_gold(&gold_path).unwrap();
        let run = ingest_for_eval(Path::new("pipelines/default.yaml"), &gold_path, &g).unwrap();
        assert_eq!(
            run.articles.len(),
            g.articles.len(),
            "every gold page becomes an article"
        );
        (
            score(&g, &run.articles, &run.claims),
            score_merged(&g, &run.articles, &run.events),
        )
    }

    fn assert_bar(r: &Report) {
        let f1 = r.kinds.get("inspection").map_or(0.0, Prf::f1);
        assert!(f1 >= 0.95, "inspection F1 {f1:.3} < 0.95\n{r}");
        assert!(r.wrong_dates.is_empty(), "{:?}", r.wrong_dates);
        assert!(
            r.other_service_claims.is_empty(),
            "{:?}",
            r.other_service_claims
        );
    }

    #[test]
    fn seeds_pass_the_bar() {
        let (claims, merged) = evaluate_all("data/gold/seeds.yaml");
        assert_bar(&claims);
        // The merged timeline equals gold's: every event found, with its articles, and no
        // overall event gold does not have.
        assert!(!merged.authorities.is_empty());
        for a in &merged.authorities {
            assert!(
                a.missing.is_empty() && a.extra.is_empty() && a.article_diffs.is_empty(),
                "{merged}"
            );
        }
    }

    #[test]
    fn pages_written_for_testing_pass_the_bar() {
        assert_bar(&evaluate("data/gold/extra.yaml"));
    }

    /// The development set (real pages nobody here wrote, `../shared/devset`) held to the bars of
    /// the issues on claims and on page text: the figures `cargo xtask eval
    /// ../shared/devset/gold.yaml` prints.
    #[test]
    #[cfg_attr(
        not(devset),
        ignore = "../shared/devset is not beside the repository (touch xtask/build.rs once it is)"
    )]
    fn the_development_set_meets_the_bars() {
        let root = crate::project_root();
        std::env::set_current_dir(&root).unwrap();
        let gold_path = root.join("../shared/devset/gold.yaml");
        let g = read_gold(&gold_path).unwrap();
        let run = ingest_for_eval(Path::new("pipelines/default.yaml"), &gold_path, &g).unwrap();
        let j = judgements::score(&g, &run.articles, &run.claims);
        let p = page::score(&g, &run.articles);
        let why = format!("{j}\n{p}\n{}", summary(&j, &p));
        assert!(
            j.overall.precision() >= 0.95 && j.overall.recall() >= 0.90,
            "{why}"
        );
        assert!(j.all.f1() >= 0.90, "{why}");
        assert!(j.on_negative.is_empty(), "{why}");
        let (right, wrong) = j.year_shares();
        assert!(right >= 0.80 && wrong <= 0.02, "{why}");
        assert!(j.calibrated(), "{why}");
        assert!(p.title.share() >= 0.90 && p.byline.share() >= 0.90, "{why}");
        assert!(
            p.published.shown_share() >= 0.90 && p.published.invented == 0,
            "{why}"
        );
    }

    /// The evaluation prints the same text every time.
    #[test]
    fn evaluation_output_is_deterministic() {
        let root = crate::project_root();
        std::env::set_current_dir(&root).unwrap();
        let run = || {
            super::evaluate(
                &root.join("data/gold/seeds.yaml"),
                Path::new("pipelines/default.yaml"),
            )
            .unwrap()
        };
        assert_eq!(run(), run());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{Block, Evidence};

    #[test]
    fn an_authority_is_one_key_whatever_its_spelling() {
        for (a, b) in [
            ("Bristol", "Bristol, City of"),
            ("City of Bristol", "Bristol, City of"),
            ("St Helens", "St. Helens"),
            ("Hull", "Kingston Upon Hull, City of"),
            ("Herefordshire", "County of Herefordshire"),
        ] {
            assert_eq!(authority_key(a), authority_key(b), "{a} / {b}");
        }
        assert_ne!(authority_key("Leeds"), authority_key("Kent"));
        assert_eq!(authority_key("Atlantis "), "atlantis");
    }

    const GOLD: &str = r#"
articles:
  - file: a.txt
    published: 2014-07-01
    body_starts_with: "x"
    body_ends_with: "y"
    claims:
      - {authority: Knowsley, kind: inspection, judgement: overall, rating: inadequate, date: 2014-06-30}
      - {authority: Slough, kind: inspection, judgement: overall, rating: good, date: null, month: 3}
      - {authority: Leeds, kind: inspection, judgement: overall, rating: good, date: 2014}
    statistics:
      - {authority: Knowsley, what: caseload, value: 20}
"#;

    pub(super) fn article() -> Article {
        Article {
            id: "id-a".into(),
            path: "data/raw/a.txt".into(),
            source: "t".into(),
            url: None,
            format: scrutiny_core::Format::Text,
            encoding: "utf-8".into(),
            title: None,
            standfirst: None,
            byline: None,
            published: None,
            published_from: scrutiny_core::FieldFound::None,
            title_from: scrutiny_core::FieldFound::None,
            byline_from: scrutiny_core::FieldFound::None,
            blocks: vec![Block::paragraph("x y")],
            captions: vec![],
            removed: vec![],
            cluster: None,
            duplicate_of: None,
            inferred: None,
        }
    }

    fn claim(
        a: &Article,
        auth: &str,
        rating: Rating,
        date: Option<&str>,
        month: Option<u8>,
    ) -> Claim {
        let mut c = Claim::new(
            ClaimKind::Inspection,
            Evidence {
                sentence: "x".into(),
                start: 0,
                end: 1,
            },
        );
        c.article = a.id.clone();
        c.authority = Some(auth.into());
        c.judgement = Some(Judgement::Overall);
        c.rating = Some(rating);
        c.date = date.map(|d| d.parse().unwrap());
        c.month = month;
        c
    }

    #[test]
    fn scores_matches_misses_false_claims_and_dates() {
        let gold: Gold = serde_yaml::from_str(GOLD).unwrap();
        let a = article();
        let mut stat = Claim::new(
            ClaimKind::Statistic,
            Evidence {
                sentence: "x".into(),
                start: 0,
                end: 1,
            },
        );
        stat.article = a.id.clone();
        stat.authority = Some("Knowsley".into());
        stat.value = Some("20".into());
        let claims = vec![
            claim(&a, "Knowsley", Rating::Inadequate, Some("2014-06-30"), None),
            claim(&a, "Slough", Rating::Good, None, None),
            claim(&a, "Leeds", Rating::Outstanding, Some("2015"), None),
            stat,
        ];
        let r = score(&gold, std::slice::from_ref(&a), &claims);
        let insp = r.kinds["inspection"];
        assert_eq!((insp.tp, insp.fp, insp.fn_), (2, 1, 1));
        assert_eq!(r.kinds["statistic"].tp, 1);
        assert_eq!(
            r.dates,
            DateTally {
                correct: 1,
                empty: 1,
                partial: 0,
                wrong: 0
            }
        );
        assert_eq!(r.misses.len(), 1);
        assert_eq!(r.false_claims.len(), 1);
        // Leeds: aligned by authority and judgement, so the rating and the date are wrong, the authority right.
        assert_eq!(r.fields["rating"].fp, 1);
        assert_eq!(r.fields["authority"].tp, 3);
        assert_eq!(
            r.fields["date"],
            Prf {
                tp: 1,
                fp: 1,
                fn_: 2
            }
        );
        let text = r.to_string();
        assert!(
            text.contains("inspection") && text.contains("misses (1)"),
            "{text}"
        );
    }

    fn event(
        auth: &str,
        judgement: Judgement,
        rating: Rating,
        date: Option<&str>,
        month: Option<u8>,
        articles: &[&str],
    ) -> Event {
        Event {
            id: String::new(),
            authority: Some(auth.into()),
            authority_code: None,
            kind: ClaimKind::Inspection,
            judgement: Some(judgement),
            rating: Some(rating),
            date: date.map(|d| d.parse().unwrap()),
            month,
            date_basis: String::new(),
            articles: articles.iter().map(|a| (*a).to_owned()).collect(),
            sources: vec![],
            claims: vec![],
            clusters: 1,
            conflict: false,
            conflicting: vec![],
        }
    }

    #[test]
    fn scores_the_merged_timeline() {
        let gold: Gold = serde_yaml::from_str(
            r#"
articles: []
merged:
  Knowsley:
    - {date: 2014-06, judgement: overall, rating: inadequate, articles: [000, 004]}
    - {date: 2017, month: 3, judgement: overall, rating: requires_improvement, articles: [004]}
    - {date: null, month: 1, judgement: overall, rating: inadequate, articles: [003]}
"#,
        )
        .unwrap();
        let mut articles = Vec::new();
        for (id, path) in [
            ("a0", "data/raw/000_x.txt"),
            ("a3", "data/raw/003_y.txt"),
            ("a4", "004_z.txt"),
        ] {
            let mut a = article();
            a.id = id.into();
            a.path = path.into();
            articles.push(a);
        }
        use Judgement::*;
        use Rating::*;
        let events = vec![
            // Articles differ: 003 is not gold's.
            event(
                "Knowsley",
                Overall,
                Inadequate,
                Some("2014-06"),
                None,
                &["a0", "a3", "a4"],
            ),
            // `{date: 2017, month: 3}` is 2017-03.
            event(
                "Knowsley",
                Overall,
                RequiresImprovement,
                Some("2017-03"),
                None,
                &["a4"],
            ),
            // An area beyond gold's headline list, and an overall event gold does not have.
            event("Knowsley", Adoption, Good, None, None, &["a4"]),
            event("Knowsley", Overall, Good, Some("2019"), None, &["a4"]),
            event("Leeds", Overall, Good, Some("2019"), None, &["a4"]),
        ];
        let r = score_merged(&gold, &articles, &events);
        let [k] = &r.authorities[..] else {
            panic!("{r}")
        };
        assert_eq!(k.matched, 2);
        assert_eq!(k.missing, ["inspection Overall Inadequate (month 1) [003]"]);
        assert_eq!(k.extra, ["inspection Overall Good (2019) [004]"]);
        assert_eq!(k.extra_areas.len(), 1);
        assert_eq!(
            k.article_diffs,
            ["inspection Overall Inadequate (2014-06) [000, 004]: got articles [000, 003, 004]"]
        );
        assert!(r.to_string().contains("Knowsley"), "{r}");
    }

    #[test]
    fn date_verdicts() {
        let d = |s: &str| Some(s.parse::<PartialDate>().unwrap());
        assert_eq!(
            date_verdict((d("2014-06"), None), (d("2014"), None)),
            DateVerdict::Partial
        );
        assert_eq!(
            date_verdict((None, Some(10)), (None, Some(10))),
            DateVerdict::Correct
        );
        assert_eq!(
            date_verdict((None, None), (d("2014"), None)),
            DateVerdict::Wrong
        );
        assert_eq!(
            date_verdict((d("2014"), None), (None, None)),
            DateVerdict::Empty
        );
    }
}
