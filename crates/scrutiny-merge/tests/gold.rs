//! The seeds' gold claims, merged, must give the Knowsley and Coventry timelines of gold's `merged` section.
//!
//! The extraction crate is written separately, so the claims come from data/gold/seeds.yaml: each
//! gold claim becomes a core Claim with authority, kind, judgement, rating, date and month as given.
//! `current` and `relative` are set as a careful extractor would from each page's wording; the
//! tables below say why for every one. Articles carry `published` from gold (only 000 has one).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failure

use std::collections::BTreeMap;
use std::path::PathBuf;

use scrutiny_core::{
    Article, Block, Claim, ClaimKind, Evidence, Format, Judgement, PartialDate, Rating,
    RelativeDate, content_id,
};
use scrutiny_merge::{Merged, Options, dedup, merge};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    articles: Vec<GoldArticle>,
    merged: BTreeMap<String, Vec<GoldEvent>>,
}

#[derive(Deserialize)]
struct GoldArticle {
    file: String,
    source: String,
    published: Option<PartialDate>,
    claims: Vec<GoldClaim>,
}

#[derive(Deserialize)]
struct GoldClaim {
    authority: String,
    kind: ClaimKind,
    judgement: Option<Judgement>,
    rating: Option<Rating>,
    date: Option<PartialDate>,
    #[serde(default)]
    month: Option<u8>,
    #[serde(default)]
    basis: String,
}

#[derive(Deserialize)]
struct GoldEvent {
    date: Option<PartialDate>,
    #[serde(default)]
    month: Option<u8>,
    #[serde(default = "inspection")]
    kind: ClaimKind,
    #[serde(default)]
    judgement: Option<Judgement>,
    #[serde(default)]
    rating: Option<Rating>,
    articles: Vec<serde_yaml::Value>,
}

fn inspection() -> ClaimKind {
    ClaimKind::Inspection
}

/// Claims a careful extractor marks as the article's news (`current`), by file prefix and the
/// claim's index in gold, with the wording that makes them so.
const CURRENT: &[(&str, &[usize], &str)] = &[
    (
        "000",
        &[0],
        "\"a damning Ofsted report which labelled the authority inadequate has found\": the report is the news",
    ),
    (
        "000",
        &[6, 7, 8, 9],
        "\"one of five authorities to have a report ... published by Ofsted yesterday\"",
    ),
    (
        "001",
        &[0],
        "\"The inspection in October found\": the report the article is about",
    ),
    (
        "002",
        &[0],
        "\"Inspectors have today confirmed\" / \"Ofsted has published its findings from a monitoring inspection\"",
    ),
    (
        "004",
        &[2, 3],
        "Coventry: \"fresh inspections by Ofsted ... now rated\"; care leavers \"received a rating of good\" in it",
    ),
    (
        "004",
        &[4, 5, 6, 7, 8, 9],
        "Knowsley: \"now rated requires improvement\", \"the official report, published today\"",
    ),
    (
        "004",
        &[10, 13, 14, 15, 16],
        "Kent, North Tyneside, Southwark \"have been rated good\": the same round of news",
    ),
];
// Not current, on purpose: 000's 2010 reports and "in recent months" (before the news); 001's
// 2014 and 2017 (history it recounts); 002's June 2014 ("last published report"); 003's January
// report ("earlier this year": the news is the July council meeting) and the "joining" councils;
// 004's 2014 ratings, Kent's 2013 and Kent's earlier inadequate.

/// Claims dated only relative to another claim of the same article: (file, claim, years, anchor).
const RELATIVE: &[(&str, usize, i32, usize, &str)] = &[(
    "004",
    11,
    -7,
    10,
    "\"Kent's favourable inspection comes seven years after it was rated as inadequate\"",
)];

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn load() -> (Gold, Vec<Article>, Vec<Claim>, BTreeMap<String, String>) {
    let text = std::fs::read_to_string(seeds().join("gold/seeds.yaml")).unwrap();
    let gold: Gold = serde_yaml::from_str(&text).unwrap();
    let mut articles = Vec::new();
    let mut claims = Vec::new();
    let mut prefix_of = BTreeMap::new();
    for ga in &gold.articles {
        let raw = std::fs::read(seeds().join("raw").join(&ga.file)).unwrap();
        let id = content_id(&raw);
        let prefix = ga.file[..3].to_owned();
        prefix_of.insert(id.clone(), prefix.clone());
        let body = String::from_utf8_lossy(&raw);
        let blocks = body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Block::paragraph)
            .collect();
        articles.push(Article {
            id: id.clone(),
            path: format!("data/raw/{}", ga.file),
            source: ga.source.clone(),
            url: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
            title: None,
            standfirst: None,
            byline: None,
            published: ga.published,
            published_from: Default::default(),
            title_from: Default::default(),
            byline_from: Default::default(),
            blocks,
            captions: vec![],
            removed: vec![],
            cluster: None,
            duplicate_of: None,
            inferred: None,
        });
        for (i, gc) in ga.claims.iter().enumerate() {
            let mut c = Claim::new(
                gc.kind,
                Evidence {
                    sentence: gc.basis.clone(),
                    start: 0,
                    end: 0,
                },
            );
            c.id = content_id(format!("{id}#{i}").as_bytes());
            c.article = id.clone();
            c.authority = Some(gc.authority.clone());
            c.judgement = gc.judgement;
            c.rating = gc.rating;
            c.date = gc.date;
            c.month = gc.month;
            c.date_basis = gc.basis.clone();
            c.current = CURRENT
                .iter()
                .any(|(f, idx, _)| *f == prefix && idx.contains(&i));
            if let Some(r) = RELATIVE.iter().find(|r| r.0 == prefix && r.1 == i) {
                c.relative = Some(RelativeDate {
                    years: r.2,
                    anchor: r.3,
                });
            }
            claims.push(c);
        }
    }
    (gold, articles, claims, prefix_of)
}

/// (year, month, day): gold writes `date: 2017, month: 3` where an event has `date: 2017-03`.
fn when(date: Option<PartialDate>, month: Option<u8>) -> (Option<i16>, Option<u8>, Option<u8>) {
    (
        date.map(|d| d.get_year()),
        date.and_then(|d| d.get_month()).or(month),
        date.and_then(|d| d.get_day()),
    )
}

type Row = (
    (Option<i16>, Option<u8>, Option<u8>),
    ClaimKind,
    Option<Judgement>,
    Option<Rating>,
    Vec<String>,
);

/// Gold's merged section lists headline judgements (overall; pre-2013 safeguarding and looked
/// after) and visits; sub-judgements (adoption, care leavers ...) are checked separately below.
fn headline(kind: ClaimKind, j: Option<Judgement>) -> bool {
    kind != ClaimKind::Inspection
        || matches!(
            j,
            Some(Judgement::Overall | Judgement::Safeguarding | Judgement::LookedAfter)
        )
}

fn timeline(m: &Merged, authority: &str, prefix_of: &BTreeMap<String, String>) -> Vec<Row> {
    m.timeline(authority)
        .into_iter()
        .filter(|e| headline(e.kind, e.judgement))
        .map(|e| {
            let mut arts: Vec<String> = e.articles.iter().map(|a| prefix_of[a].clone()).collect();
            arts.sort();
            (when(e.date, e.month), e.kind, e.judgement, e.rating, arts)
        })
        .collect()
}

fn merged() -> (Gold, Merged, BTreeMap<String, String>, Vec<Claim>) {
    let (gold, mut articles, claims, prefix_of) = load();
    dedup(&mut articles, &Options::default()).unwrap();
    // The five seeds are five different stories.
    assert!(articles.iter().all(|a| a.duplicate_of.is_none()));
    (gold, merge(&articles, &claims), prefix_of, claims)
}

#[test]
fn knowsley_and_coventry_timelines_equal_gold() {
    let (gold, m, prefix_of, _) = merged();
    for authority in ["Knowsley", "Coventry"] {
        let want: Vec<Row> = gold.merged[authority]
            .iter()
            .map(|g| {
                let mut arts: Vec<String> = g
                    .articles
                    .iter()
                    .map(|v| match v {
                        serde_yaml::Value::Number(n) => format!("{:03}", n.as_u64().unwrap()),
                        other => other.as_str().unwrap().to_owned(),
                    })
                    .collect();
                arts.sort();
                (when(g.date, g.month), g.kind, g.judgement, g.rating, arts)
            })
            .collect();
        assert_eq!(timeline(&m, authority, &prefix_of), want, "{authority}");
    }
}

#[test]
fn inferences_record_their_basis_and_reach_sub_judgements() {
    let (_, m, prefix_of, claims) = merged();
    let id_of = |p: &str| prefix_of.iter().find(|(_, v)| *v == p).unwrap().0.clone();
    let date_of = |p: &str| {
        m.article_dates
            .iter()
            .find(|a| a.article == id_of(p))
            .unwrap()
            .clone()
    };
    // 004 has no date of its own; its news is the 2017 Knowsley event.
    let d4 = date_of("004");
    assert_eq!(d4.date, Some("2017".parse().unwrap()), "{d4:?}");
    assert!(d4.basis.contains("inferred"), "{}", d4.basis);
    // 001 and 002 get lower bounds from the history they recount, 003 gets nothing.
    assert_eq!(
        (date_of("001").date, date_of("001").earliest),
        (None, Some("2017".parse().unwrap()))
    );
    assert_eq!(date_of("002").earliest, Some("2014-06".parse().unwrap()));
    assert_eq!((date_of("003").date, date_of("003").earliest), (None, None));
    // Kent's inadequate rating, "seven years" before its 2017 good one, falls in 2010.
    let kent = m.timeline("Kent");
    let ratings: Vec<_> = kent
        .iter()
        .map(|e| (e.date.map(|d| d.to_string()), e.rating))
        .collect();
    assert_eq!(
        ratings,
        vec![
            (Some("2010".into()), Some(Rating::Inadequate)),
            (Some("2013".into()), Some(Rating::Adequate)),
            (Some("2017".into()), Some(Rating::Good)),
        ]
    );
    let kent_inad = claims.iter().find(|c| c.relative.is_some()).unwrap();
    let cd = m
        .claim_dates
        .iter()
        .find(|c| c.claim == kent_inad.id)
        .unwrap();
    assert!(cd.basis.contains("7 years before"), "{}", cd.basis);
    // Knowsley's 2017 sub-judgements take the article's inferred year.
    let knowsley = m.timeline("Knowsley");
    let adoption = knowsley
        .iter()
        .find(|e| e.judgement == Some(Judgement::Adoption))
        .unwrap();
    assert_eq!(adoption.date, Some("2017".parse().unwrap()));
    // Syndication counting: the 2014 event has four articles from four clusters, no conflict.
    let e2014 = knowsley
        .iter()
        .find(|e| e.date == Some("2014-06".parse().unwrap()))
        .unwrap();
    assert_eq!((e2014.clusters, e2014.conflict), (4, false));
    assert_eq!(e2014.sources, vec!["bbc", "council_press", "cypnow"]);
    // Undated events say what is known.
    let tl = m
        .timelines
        .iter()
        .find(|t| t.authority == "Knowsley")
        .unwrap();
    let visit = tl
        .entries
        .iter()
        .find(|e| m.event(&e.event).unwrap().kind == ClaimKind::MonitoringVisit)
        .unwrap();
    assert_eq!(visit.after, Some("2014-06".parse().unwrap()));
}

#[test]
fn result_does_not_depend_on_input_order() {
    let (_, mut articles, claims, _) = load();
    dedup(&mut articles, &Options::default()).unwrap();
    let forward = merge(&articles, &claims);
    // Reverse the articles and the order of articles' claim groups, keeping each article's order.
    articles.reverse();
    let mut groups: Vec<Vec<Claim>> = Vec::new();
    for c in &claims {
        match groups.last_mut() {
            Some(g) if g[0].article == c.article => g.push(c.clone()),
            _ => groups.push(vec![c.clone()]),
        }
    }
    groups.reverse();
    let shuffled: Vec<Claim> = groups.into_iter().flatten().collect();
    assert_eq!(merge(&articles, &shuffled), forward);
}
