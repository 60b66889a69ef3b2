//! Helpers shared by the golden tests: fixtures, seeds and the gold file.

use std::io::Read;
use std::path::PathBuf;

use scrutiny_core::{Article, Document, Format, PartialDate, Sidecar};
use serde::Deserialize;

pub fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A gzipped fixture, decoded by the charset the page declares (pre-2010 BBC pages are iso-8859-1).
pub fn fixture(name: &str) -> Document {
    let path = manifest().join("tests/fixtures").join(name);
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
        .read_to_end(&mut bytes)
        .unwrap();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let label = head.split("charset=").nth(1).map(|rest| {
        rest.trim_start_matches(['"', '\''])
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .next()
            .unwrap_or("")
            .to_owned()
    });
    let encoding = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, used, _) = encoding.decode(&bytes);
    Document {
        id: name.into(),
        path: path.display().to_string(),
        text: text.into_owned(),
        encoding: used.name().into(),
        format: Format::Html,
        meta: Sidecar::default(),
    }
}

/// A seed page from `data/raw`, as page text, with no sidecar (detection must not rely on one).
pub fn seed(file: &str) -> Document {
    let path = manifest().join("../../../data/raw").join(file);
    Document {
        id: file.into(),
        path: path.display().to_string(),
        text: std::fs::read_to_string(&path).unwrap(),
        encoding: "UTF-8".into(),
        format: Format::Text,
        meta: Sidecar::default(),
    }
}

#[derive(Debug, Deserialize)]
pub struct Gold {
    pub articles: Vec<GoldArticle>,
}

#[derive(Debug, Deserialize)]
pub struct GoldArticle {
    pub file: String,
    pub source: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<PartialDate>,
    #[serde(default)]
    pub standfirst: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    pub body_starts_with: String,
    pub body_ends_with: String,
    #[serde(default)]
    pub must_not_survive: Vec<String>,
}

pub fn gold() -> Gold {
    let text = std::fs::read_to_string(manifest().join("../../../data/gold/seeds.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// Every seed file in `data/raw`.
pub fn seed_files() -> Vec<String> {
    let dir = manifest().join("../../../data/raw");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    out.sort();
    out
}

/// Assert an article against its gold entry.
pub fn check_gold(a: &Article, g: &GoldArticle) {
    assert_eq!(a.title, g.title, "{}: title", g.file);
    assert_eq!(a.byline, g.byline, "{}: byline", g.file);
    assert_eq!(a.published, g.published, "{}: published", g.file);
    if let Some(s) = &g.standfirst {
        assert_eq!(a.standfirst.as_ref(), Some(s), "{}: standfirst", g.file);
    }
    if let Some(c) = &g.caption {
        assert!(
            a.captions.contains(c),
            "{}: caption {c:?} not in {:?}",
            g.file,
            a.captions
        );
    }
    let body = a.body();
    assert!(
        body.starts_with(&g.body_starts_with),
        "{}: body starts {:?}",
        g.file,
        &body[..body.len().min(200)]
    );
    assert!(
        body.ends_with(&g.body_ends_with),
        "{}: body ends {:?}",
        g.file,
        body.chars().rev().take(200).collect::<String>()
    );
    for bad in &g.must_not_survive {
        let fields = [
            a.title.as_deref().unwrap_or(""),
            a.standfirst.as_deref().unwrap_or(""),
            &body,
        ];
        assert!(
            fields.iter().all(|f| !f.contains(bad.as_str())),
            "{}: {bad:?} survived",
            g.file
        );
    }
}
