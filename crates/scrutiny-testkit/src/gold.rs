//! The seeds' gold (`data/gold/seeds.yaml`) and the expected article of a fixture.

use std::path::Path;

use scrutiny_core::{BlockKind, FieldFound, PartialDate};
use serde::Deserialize;

use crate::documents::data_dir;

/// `data/gold/seeds.yaml`: a careful human reading of the seed pages (only the article fields
/// are read here; claims and people are other crates' gold).
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// One entry per seed page.
    pub articles: Vec<GoldArticle>,
}

/// The clean fields a source plugin should give for one seed page.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    /// The seed's file name in `data/raw`.
    pub file: String,
    /// The registry name of the plugin that should read it.
    pub source: String,
    /// The headline; `None` when the page has none.
    pub title: Option<String>,
    /// The standfirst; `None` when the page has none.
    #[serde(default)]
    pub standfirst: Option<String>,
    /// The byline; `None` when the page names no author.
    pub byline: Option<String>,
    /// The publication date the page itself gives.
    pub published: Option<PartialDate>,
    /// A photo caption the article must keep among its captions.
    #[serde(default)]
    pub caption: Option<String>,
    /// How the body must start.
    pub body_starts_with: String,
    /// How the body must end.
    pub body_ends_with: String,
    /// Furniture that must not survive in the title, standfirst or body.
    #[serde(default)]
    pub must_not_survive: Vec<String>,
}

impl Gold {
    /// Read `data/gold/seeds.yaml`; panics, naming the file, when it is missing or malformed.
    pub fn load() -> Self {
        let path = data_dir().join("gold/seeds.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The entries of one plugin, in file order.
    pub fn of(&self, source: &str) -> Vec<&GoldArticle> {
        self.articles
            .iter()
            .filter(|g| g.source == source)
            .collect()
    }

    /// The plugin that should read a seed file, when the gold has the file.
    pub fn source_of(&self, file: &str) -> Option<&str> {
        self.articles
            .iter()
            .find(|g| g.file == file)
            .map(|g| g.source.as_str())
    }
}

/// A fixture's `NAME.expected.yaml`: every field of the article the plugin must give, exactly.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The headline.
    pub title: Option<String>,
    /// The byline.
    pub byline: Option<String>,
    /// The standfirst.
    pub standfirst: Option<String>,
    /// The publication date.
    pub published: Option<PartialDate>,
    /// Where the date was found.
    pub published_from: FieldFound,
    /// Every body block, in order, with its kind.
    pub blocks: Vec<(BlockKind, String)>,
    /// Every caption, in order.
    pub captions: Vec<String>,
    /// The rule of every removal, in order.
    pub removed_rules: Vec<String>,
    /// Furniture that must not survive in the title, standfirst or body.
    pub must_not_survive: Vec<String>,
}

impl Expected {
    /// The expected article of a fixture page: `a.html` is described by `a.expected.yaml`.
    /// Panics, naming the file, when it is missing or malformed.
    pub fn of_page(page: &Path) -> Self {
        let path = page.with_extension("expected.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_gold_names_a_plugin_for_every_seed() {
        let gold = Gold::load();
        assert_eq!(gold.articles.len(), 5);
        assert_eq!(gold.of("cypnow").len(), 2);
        assert_eq!(gold.of("nobody").len(), 0);
        assert_eq!(gold.source_of("001_445293b773cb4f31.txt"), Some("bbc"));
        assert_eq!(gold.source_of("missing.txt"), None);
        for file in crate::seed_files() {
            assert!(gold.source_of(&file).is_some(), "{file} has no gold");
        }
    }

    #[test]
    fn expected_refuses_unknown_fields() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.html");
        let yaml = "title: T\nbyline: null\nstandfirst: null\npublished: 2014-07\npublished_from: html_metadata\n\
                    blocks: [[paragraph, Body.]]\ncaptions: []\nremoved_rules: [x.share]\nmust_not_survive: [Share]\n";
        std::fs::write(dir.path().join("a.expected.yaml"), yaml).unwrap();
        let e = Expected::of_page(&page);
        assert_eq!(
            e.published.map(|d| d.to_string()).as_deref(),
            Some("2014-07")
        );
        assert_eq!(e.blocks, [(BlockKind::Paragraph, "Body.".to_owned())]);
        std::fs::write(
            dir.path().join("a.expected.yaml"),
            format!("{yaml}extra: 1\n"),
        )
        .unwrap();
        let refused = std::panic::catch_unwind(|| Expected::of_page(&page));
        assert!(refused.is_err());
    }
}
