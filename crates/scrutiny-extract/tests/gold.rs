//! Scores the extractor on the gold pages (the seeds, and the extra pages written for testing).
//!
//! Articles are built simply and honestly, so that this tests extraction, not parsing: the body
//! is the page's lines from gold's `body_starts_with` to `body_ends_with`, one block per non-empty
//! line, without the lines gold says must not survive cleaning; `published` comes from gold.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use scrutiny_core::{
    Article, Block, Claim, ClaimKind, FieldFound, Format, Judgement, PartialDate, Rating,
};
use scrutiny_extract::{Extractor, Gazetteer, Options};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    articles: Vec<GoldArticle>,
}

#[derive(Deserialize)]
struct GoldArticle {
    file: String,
    published: Option<PartialDate>,
    body_starts_with: String,
    body_ends_with: String,
    #[serde(default)]
    must_not_survive: Vec<String>,
    #[serde(default)]
    claims: Vec<GoldClaim>,
}

#[derive(Deserialize)]
struct GoldClaim {
    authority: String,
    kind: ClaimKind,
    judgement: Option<Judgement>,
    rating: Option<Rating>,
    date: Option<PartialDate>,
    month: Option<u8>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn article(dir: &Path, g: &GoldArticle) -> Article {
    let text = std::fs::read_to_string(dir.join(&g.file)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim().starts_with(&g.body_starts_with))
        .unwrap_or_else(|| panic!("{}: start", g.file));
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.trim().ends_with(&g.body_ends_with))
            .unwrap_or_else(|| panic!("{}: end", g.file));
    let blocks = lines[start..=end]
        .iter()
        .map(|l| l.trim().trim_start_matches('\u{2022}').trim())
        .filter(|l| !l.is_empty() && !g.must_not_survive.iter().any(|m| l.contains(m.as_str())))
        .map(Block::paragraph)
        .collect();
    Article {
        id: g.file.clone(),
        path: g.file.clone(),
        source: "test".into(),
        url: None,
        format: Format::Text,
        encoding: "utf-8".into(),
        title: None,
        title_from: FieldFound::None,
        standfirst: None,
        byline: None,
        byline_from: FieldFound::None,
        published: g.published,
        published_from: if g.published.is_some() {
            FieldFound::PageText
        } else {
            FieldFound::None
        },
        blocks,
        captions: vec![],
        removed: vec![],
        cluster: None,
        duplicate_of: None,
        inferred: None,
    }
}

fn extractor() -> Extractor {
    let csv = std::fs::read_to_string(root().join("data/reference/local_authorities.csv")).unwrap();
    Extractor::new(Gazetteer::from_csv(&csv).unwrap(), Options::default())
}

struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    wrong_dates: Vec<String>,
    other_service: Vec<String>,
    log: Vec<String>,
}

fn score(gold_file: &str, pages: &str) -> Score {
    let gold: Gold =
        serde_yaml::from_str(&std::fs::read_to_string(root().join(gold_file)).unwrap()).unwrap();
    let ex = extractor();
    let mut s = Score {
        tp: 0,
        fp: 0,
        fn_: 0,
        wrong_dates: vec![],
        other_service: vec![],
        log: vec![],
    };
    for g in &gold.articles {
        let a = article(&root().join(pages), g);
        let all = ex.extract(&a);
        if std::env::var_os("SCRUTINY_DUMP").is_some() {
            for c in &all {
                eprintln!(
                    "{} {:?} {:?} {:?} {:?} date={:?} month={:?} cur={} rel={:?} code={:?} {:?} {:?} {:?} {:?} {:?} {:?} [{}]",
                    g.file,
                    c.kind,
                    c.authority,
                    c.judgement,
                    c.rating,
                    c.date.map(|d| d.to_string()),
                    c.month,
                    c.current,
                    c.relative,
                    c.authority_code,
                    c.framework,
                    c.name,
                    c.role,
                    c.from.map(|d| d.to_string()),
                    c.until.map(|d| d.to_string()),
                    c.value.as_deref().map(|v| (v, c.what.clone())),
                    c.date_basis
                );
            }
        }
        let claims: Vec<Claim> = all
            .into_iter()
            .filter(|c| c.kind == ClaimKind::Inspection)
            .collect();
        // Every evidence span must be the sentence it claims to be.
        let body: Vec<char> = a.body().chars().collect();
        for c in &claims {
            let span: String = body[c.evidence.start..c.evidence.end].iter().collect();
            assert_eq!(span, c.evidence.sentence);
        }
        let mut taken = vec![false; claims.len()];
        for gc in g.claims.iter().filter(|c| c.kind == ClaimKind::Inspection) {
            let hit = (0..claims.len()).find(|&i| {
                !taken[i]
                    && claims[i].authority.as_deref() == Some(gc.authority.as_str())
                    && claims[i].judgement == gc.judgement
                    && claims[i].rating == gc.rating
                    && (claims[i].date == gc.date
                        && (gc.date.is_some() || claims[i].month == gc.month))
            });
            let hit = hit.or_else(|| {
                (0..claims.len()).find(|&i| {
                    !taken[i]
                        && claims[i].authority.as_deref() == Some(gc.authority.as_str())
                        && claims[i].judgement == gc.judgement
                        && claims[i].rating == gc.rating
                })
            });
            match hit {
                Some(i) => {
                    taken[i] = true;
                    s.tp += 1;
                    let c = &claims[i];
                    let empty = c.date.is_none() && c.month.is_none();
                    let correct = c.date == gc.date && (gc.date.is_some() || c.month == gc.month);
                    if !empty && !correct {
                        s.wrong_dates.push(format!(
                            "{}: {} {:?} {:?}: got {:?}/{:?}, gold {:?}/{:?} ({})",
                            g.file,
                            gc.authority,
                            gc.judgement,
                            gc.rating,
                            c.date,
                            c.month,
                            gc.date,
                            gc.month,
                            c.date_basis
                        ));
                    }
                }
                None => {
                    s.fn_ += 1;
                    s.log.push(format!(
                        "MISS {}: {} {:?} {:?}",
                        g.file, gc.authority, gc.judgement, gc.rating
                    ));
                }
            }
        }
        for (i, c) in claims.iter().enumerate() {
            if !taken[i] {
                s.fp += 1;
                let line = format!(
                    "FALSE {}: {:?} {:?} {:?} | {}",
                    g.file, c.authority, c.judgement, c.rating, c.evidence.sentence
                );
                let lower = c.evidence.sentence.to_lowercase();
                if [
                    "school",
                    "children's home",
                    "children\u{2019}s home",
                    "adult",
                    "cqc",
                    "send ",
                ]
                .iter()
                .any(|w| lower.contains(w))
                {
                    s.other_service.push(line.clone());
                }
                s.log.push(line);
            }
        }
    }
    s
}

fn f1(s: &Score) -> f64 {
    let p = s.tp as f64 / (s.tp + s.fp).max(1) as f64;
    let r = s.tp as f64 / (s.tp + s.fn_).max(1) as f64;
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn assert_bar(s: &Score) {
    let f = f1(s);
    eprintln!(
        "inspection claims: tp {} fp {} fn {} F1 {f:.3}\n{}",
        s.tp,
        s.fp,
        s.fn_,
        s.log.join("\n")
    );
    assert!(
        f >= 0.95,
        "inspection F1 {f:.3} < 0.95 (tp {} fp {} fn {}):\n{}",
        s.tp,
        s.fp,
        s.fn_,
        s.log.join("\n")
    );
    assert!(
        s.wrong_dates.is_empty(),
        "wrong dates:\n{}",
        s.wrong_dates.join("\n")
    );
    assert!(
        s.other_service.is_empty(),
        "claims about other services:\n{}",
        s.other_service.join("\n")
    );
}

#[test]
fn seeds_meet_the_bar() {
    let s = score("data/gold/seeds.yaml", "data/raw");
    assert_bar(&s);
}

#[test]
fn extra_pages_meet_the_bar() {
    let s = score("data/gold/extra.yaml", "data/gold/pages");
    assert_bar(&s);
}

#[test]
fn extraction_is_deterministic_and_never_panics_on_odd_text() {
    let ex = extractor();
    let gold: Gold = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("data/gold/seeds.yaml")).unwrap(),
    )
    .unwrap();
    for g in &gold.articles {
        let a = article(&root().join("data/raw"), g);
        assert_eq!(ex.extract(&a), ex.extract(&a));
    }
    let mut a = article(&root().join("data/raw"), &gold.articles[0]);
    for body in [
        "",
        "\u{201c}",
        "rated \"good\".",
        "Knowsley",
        "In 2014 seven years after the same year, yesterday.",
        "\u{0}\u{ffff}é rated inadequate\n\n\n",
    ] {
        a.blocks = vec![Block::paragraph(body)];
        let _ = ex.extract(&a);
    }
}
