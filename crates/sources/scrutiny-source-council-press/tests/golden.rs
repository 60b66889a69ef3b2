//! Golden tests: the real seed pages (from `data/gold/seeds.yaml`) and the constructed HTML
//! fixtures in `tests/fixtures`, each field asserted exactly.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too
// A failed read or parse in a test should stop it loudly.

use std::path::{Path, PathBuf};

use scrutiny_core::{
    Article, BlockKind, DateFound, Document, Format, PartialDate, Sidecar, Source, content_id,
};
use scrutiny_source_council_press::{NAME, Plugin};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    articles: Vec<GoldArticle>,
}

#[derive(Deserialize)]
struct GoldArticle {
    file: String,
    source: String,
    title: Option<String>,
    #[serde(default)]
    standfirst: Option<String>,
    byline: Option<String>,
    published: Option<PartialDate>,
    body_starts_with: String,
    body_ends_with: String,
    #[serde(default)]
    must_not_survive: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    title: Option<String>,
    byline: Option<String>,
    standfirst: Option<String>,
    published: Option<PartialDate>,
    published_from: DateFound,
    blocks: Vec<(BlockKind, String)>,
    captions: Vec<String>,
    removed_rules: Vec<String>,
    must_not_survive: Vec<String>,
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../data")
}

/// A document as the pipeline would build it, but without the sidecar: detection and parsing
/// must work from the page alone.
fn document(path: &Path, format: Format) -> Document {
    let bytes = std::fs::read(path).unwrap();
    Document {
        id: content_id(&bytes),
        path: path.display().to_string(),
        text: String::from_utf8(bytes).unwrap(),
        encoding: "UTF-8".into(),
        format,
        meta: Sidecar::default(),
    }
}

fn gold() -> Gold {
    serde_yaml::from_str(&std::fs::read_to_string(data_dir().join("gold/seeds.yaml")).unwrap())
        .unwrap()
}

fn assert_clean(a: &Article, must_not_survive: &[String], file: &str) {
    let body = a.body();
    for s in must_not_survive {
        for (field, text) in [
            ("title", a.title.as_deref()),
            ("standfirst", a.standfirst.as_deref()),
            ("body", Some(body.as_str())),
        ] {
            assert!(
                !text.unwrap_or("").contains(s.as_str()),
                "{file}: {s:?} survived in the {field}"
            );
        }
    }
}

#[test]
fn seed_pages_match_the_gold_fields() {
    let plugin = Plugin::default();
    let gold = gold();
    let mine: Vec<&GoldArticle> = gold.articles.iter().filter(|g| g.source == NAME).collect();
    assert_eq!(mine.len(), 1, "the gold set has one council press page");
    for g in mine {
        let a = plugin
            .parse(&document(
                &data_dir().join("raw").join(&g.file),
                Format::Text,
            ))
            .unwrap();
        assert_eq!(a.title, g.title, "{}: title", g.file);
        assert_eq!(a.standfirst, g.standfirst, "{}: standfirst", g.file);
        assert_eq!(a.byline, g.byline, "{}: byline", g.file);
        assert_eq!(a.published, g.published, "{}: published", g.file);
        let from = if g.published.is_some() {
            DateFound::PageText
        } else {
            DateFound::None
        };
        assert_eq!(a.published_from, from, "{}: published_from", g.file);
        let body = a.body();
        assert!(
            body.starts_with(&g.body_starts_with),
            "{}: body starts {:?}",
            g.file,
            &body[..body.len().min(80)]
        );
        assert!(
            body.ends_with(&g.body_ends_with),
            "{}: body ends {:?}",
            g.file,
            body.chars().rev().take(80).collect::<String>()
        );
        assert_clean(&a, &g.must_not_survive, &g.file);
    }
}

#[test]
fn seed_002_breadcrumb_headings_lists_and_council() {
    let doc = document(
        &data_dir().join("raw/002_24f017ba8359cec6.txt"),
        Format::Text,
    );
    let plugin = Plugin::default();
    let a = plugin.parse(&doc).unwrap();
    assert_eq!(a.removed.len(), 1);
    assert_eq!(a.removed[0].rule, "council_press.breadcrumb");
    assert_eq!(
        a.removed[0].text,
        "Home Children and Young People Progress being made in Children’s Services"
    );
    let headings: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "What did the monitoring inspection cover?",
            "What was the outcome?",
            "How have these improvements been achieved?",
            "What’s next?"
        ]
    );
    assert_eq!(
        a.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::ListItem)
            .count(),
        12
    );
    assert_eq!(plugin.council(&doc).as_deref(), Some("Knowsley Council"));
}

#[test]
fn confidence_is_high_on_council_seeds_and_low_on_the_others() {
    let plugin = Plugin::default();
    for g in gold().articles {
        let c = plugin.confidence(&document(
            &data_dir().join("raw").join(&g.file),
            Format::Text,
        ));
        if g.source == NAME {
            assert!(c >= 0.7, "{}: confidence {c} on its own page", g.file);
        } else {
            assert!(c < 0.5, "{}: confidence {c} on a {} page", g.file, g.source);
        }
    }
}

#[test]
fn html_fixtures_match_their_expected_fields() {
    let plugin = Plugin::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 2, "fixtures missing in {}", dir.display());
    for page in pages {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Expected = serde_yaml::from_str(
            &std::fs::read_to_string(page.with_extension("expected.yaml")).unwrap(),
        )
        .unwrap();
        let doc = document(&page, Format::Html);
        assert!(
            plugin.confidence(&doc) >= 0.7,
            "{name}: confidence {}",
            plugin.confidence(&doc)
        );
        let a = plugin.parse(&doc).unwrap();
        assert_eq!(a.title, expected.title, "{name}: title");
        assert_eq!(a.byline, expected.byline, "{name}: byline");
        assert_eq!(a.standfirst, expected.standfirst, "{name}: standfirst");
        assert_eq!(a.published, expected.published, "{name}: published");
        assert_eq!(
            a.published_from, expected.published_from,
            "{name}: published_from"
        );
        let blocks: Vec<(BlockKind, String)> =
            a.blocks.iter().map(|b| (b.kind, b.text.clone())).collect();
        assert_eq!(blocks, expected.blocks, "{name}: blocks");
        assert_eq!(a.captions, expected.captions, "{name}: captions");
        let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules, expected.removed_rules, "{name}: removed rules");
        assert_clean(&a, &expected.must_not_survive, &name);
    }
}
