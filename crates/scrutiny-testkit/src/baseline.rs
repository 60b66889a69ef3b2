//! The generic plugin as the baseline a publisher plugin must beat on its own pages: both read
//! the same page and each article is scored against what is known of that page.

use std::fmt::Write as _;

use scrutiny_core::{Article, BlockKind, Document, Format, Source};

use crate::documents::{Fixtures, document, seed};
use crate::gold::{Expected, Gold, GoldArticle};

/// What is known of one page: each field that is `Some` (or non-empty) is one point to score.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The headline.
    pub title: Option<String>,
    /// The publication date, ISO 8601 as far as the page gives it.
    pub published: Option<String>,
    /// The byline (`Some(None)`: the page names no author).
    pub byline: Option<Option<String>>,
    /// The standfirst (`Some(None)`: the page has none).
    pub standfirst: Option<Option<String>>,
    /// How the body starts.
    pub body_starts: Option<String>,
    /// How the body ends.
    pub body_ends: Option<String>,
    /// Every body block's kind and text, in order.
    pub blocks: Option<Vec<(BlockKind, String)>>,
    /// Furniture that must not survive in the title, standfirst or body.
    pub must_not_survive: Vec<String>,
}

impl Known {
    /// A fixture table row: title, date, first block, last block ("" when not given) and the
    /// crate's furniture list.
    pub fn row(title: &str, published: &str, first: &str, last: &str, furniture: &[&str]) -> Self {
        Known {
            title: Some(title.to_owned()),
            published: Some(published.to_owned()),
            body_starts: Some(first.to_owned()),
            body_ends: (!last.is_empty()).then(|| last.to_owned()),
            must_not_survive: furniture.iter().map(|s| (*s).to_owned()).collect(),
            ..Known::default()
        }
    }

    /// A seed page's gold entry.
    pub fn gold(g: &GoldArticle) -> Self {
        Known {
            title: g.title.clone(),
            published: g.published.map(|d| d.to_string()),
            byline: Some(g.byline.clone()),
            standfirst: Some(g.standfirst.clone()),
            body_starts: Some(g.body_starts_with.clone()),
            body_ends: Some(g.body_ends_with.clone()),
            must_not_survive: g.must_not_survive.clone(),
            ..Known::default()
        }
    }

    /// A fixture's expected file.
    pub fn expected(e: &Expected) -> Self {
        Known {
            title: e.title.clone(),
            published: e.published.map(|d| d.to_string()),
            byline: Some(e.byline.clone()),
            standfirst: Some(e.standfirst.clone()),
            blocks: Some(e.blocks.clone()),
            must_not_survive: e.must_not_survive.clone(),
            ..Known::default()
        }
    }

    /// Points for an article (a rejected page scores nothing) out of the points there are:
    /// one per known field, the share of known blocks given exactly, of the same kind and in
    /// order (longest common subsequence over the longer of the two lists), and the share of
    /// furniture that did not survive.
    pub fn score(&self, article: Option<&Article>) -> (f64, f64) {
        let fields = [
            self.title.is_some(),
            self.published.is_some(),
            self.byline.is_some(),
            self.standfirst.is_some(),
            self.body_starts.is_some(),
            self.body_ends.is_some(),
            self.blocks.is_some(),
            !self.must_not_survive.is_empty(),
        ];
        let of = fields.iter().filter(|&&f| f).count() as f64;
        let Some(a) = article else {
            return (0.0, of);
        };
        let body = a.body();
        let point = |ok: bool| if ok { 1.0 } else { 0.0 };
        let mut got = 0.0;
        if let Some(t) = &self.title {
            got += point(a.title.as_ref() == Some(t));
        }
        if let Some(d) = &self.published {
            got += point(a.published.map(|p| p.to_string()).as_ref() == Some(d));
        }
        if let Some(b) = &self.byline {
            got += point(&a.byline == b);
        }
        if let Some(s) = &self.standfirst {
            got += point(&a.standfirst == s);
        }
        if let Some(s) = &self.body_starts {
            got += point(body.starts_with(s.as_str()));
        }
        if let Some(s) = &self.body_ends {
            got += point(body.trim_end().ends_with(s.trim_end()));
        }
        if let Some(known) = &self.blocks {
            let given: Vec<(BlockKind, &str)> =
                a.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
            let longer = known.len().max(given.len());
            if longer > 0 {
                got += common_subsequence(known, &given) as f64 / longer as f64;
            } else {
                got += 1.0;
            }
        }
        if !self.must_not_survive.is_empty() {
            let texts = [
                a.title.as_deref().unwrap_or(""),
                a.standfirst.as_deref().unwrap_or(""),
                body.as_str(),
            ];
            let survived = self
                .must_not_survive
                .iter()
                .filter(|s| texts.iter().any(|t| t.contains(s.as_str())))
                .count();
            got += 1.0 - survived as f64 / self.must_not_survive.len() as f64;
        }
        (got, of)
    }
}

/// A plugin's own pages with what is known of them: the seed pages the gold gives to `name`,
/// then every `*.html` fixture that has an expected file.
pub fn own_pages(name: &str, fixtures: &Fixtures) -> Vec<(Document, Known)> {
    let mut pages: Vec<(Document, Known)> = Gold::load()
        .of(name)
        .into_iter()
        .map(|g| (seed(&g.file), Known::gold(g)))
        .collect();
    for page in fixtures.pages("html") {
        if page.with_extension("expected.yaml").exists() {
            let known = Known::expected(&Expected::of_page(&page));
            pages.push((document(&page, Format::Html), known));
        }
    }
    pages
}

/// A fixture table's pages (file, title, date, first block, last block) with what each row
/// says of them, and the crate's furniture list for all.
pub fn table_pages(
    fixtures: &Fixtures,
    rows: &[(&str, &str, &str, &str, &str)],
    furniture: &[&str],
) -> Vec<(Document, Known)> {
    rows.iter()
        .map(|(file, title, date, first, last)| {
            let known = Known::row(title, date, first, last, furniture);
            (fixtures.html(file), known)
        })
        .collect()
}

/// Length of the longest common subsequence of two lists of blocks (kind and text).
fn common_subsequence(a: &[(BlockKind, String)], b: &[(BlockKind, &str)]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for (kind, text) in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if (*kind, text.as_str()) == *y {
                diagonal + 1
            } else {
                up.max(row[j])
            };
            diagonal = up;
        }
    }
    row[b.len()]
}

/// Assert that `plugin` beats `generic` on its own pages: on every page it scores at least as
/// much against what is known of the page, and in all it scores more. Returns the table of
/// scores (page, plugin, generic, out of), which the message shows when the assertion fails.
pub fn assert_beats_generic(
    plugin: &dyn Source,
    generic: &dyn Source,
    pages: &[(Document, Known)],
) -> String {
    assert!(!pages.is_empty(), "no pages to compare {}", plugin.name());
    let mut table = format!("page | {} | {} | of\n", plugin.name(), generic.name());
    let (mut mine, mut theirs) = (0.0, 0.0);
    let mut worse = Vec::new();
    for (doc, known) in pages {
        let (p, of) = known.score(plugin.parse(doc).ok().as_ref());
        let (g, _) = known.score(generic.parse(doc).ok().as_ref());
        let _ = writeln!(table, "{} | {p:.2} | {g:.2} | {of}", doc.path);
        if p + 1e-9 < g {
            worse.push(doc.path.clone());
        }
        mine += p;
        theirs += g;
    }
    let _ = writeln!(table, "total | {mine:.2} | {theirs:.2} |");
    assert!(
        worse.is_empty(),
        "{} scores below the generic baseline on {worse:?}:\n{table}",
        plugin.name()
    );
    assert!(
        mine > theirs,
        "{} does not beat the generic baseline:\n{table}",
        plugin.name()
    );
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{Block, Format};

    fn article(title: &str, blocks: &[&str]) -> Article {
        let mut a = Article::for_document(&crate::doc("", Format::Text), "test");
        a.title = Some(title.to_owned());
        a.blocks = blocks
            .iter()
            .map(|t| Block {
                kind: BlockKind::Paragraph,
                text: (*t).to_owned(),
            })
            .collect();
        a
    }

    /// Paragraphs of these texts.
    fn paragraphs(texts: &[&str]) -> Vec<(BlockKind, String)> {
        texts
            .iter()
            .map(|t| (BlockKind::Paragraph, (*t).to_owned()))
            .collect()
    }

    #[test]
    fn scores_count_each_known_field() {
        let known = Known {
            title: Some("T".into()),
            blocks: Some(paragraphs(&["a", "b", "c"])),
            must_not_survive: vec!["Share".into(), "Menu".into()],
            ..Known::default()
        };
        assert_eq!(known.score(None), (0.0, 3.0));
        let good = article("T", &["a", "b", "c"]);
        assert_eq!(known.score(Some(&good)), (3.0, 3.0));
        // Wrong title, one block of three missing and one extra, one furniture string left.
        let bad = article("X", &["a", "c", "Share this", "d"]);
        let (got, of) = known.score(Some(&bad));
        assert_eq!(of, 3.0);
        assert!((got - (0.5 + 0.5)).abs() < 1e-9, "{got}");
        // A block of the right text but the wrong kind is not given.
        let mut heading = article("T", &["a", "b", "c"]);
        heading.blocks[0].kind = BlockKind::Heading;
        let (got, _) = known.score(Some(&heading));
        assert!((got - (1.0 + 2.0 / 3.0 + 1.0)).abs() < 1e-9, "{got}");
    }

    /// Reads each line as a paragraph; titled or not.
    struct Lines(bool);

    impl Source for Lines {
        fn name(&self) -> &'static str {
            if self.0 { "titled" } else { "untitled" }
        }
        fn clues(&self, _: &Document) -> Vec<scrutiny_core::Clue> {
            Vec::new()
        }
        fn parse(&self, d: &Document) -> Result<Article, scrutiny_core::Reject> {
            let lines: Vec<&str> = d.text.lines().collect();
            let mut a = article(if self.0 { "T" } else { "" }, &lines);
            if !self.0 {
                a.title = None;
            }
            Ok(a)
        }
    }

    #[test]
    fn the_plugin_must_score_more_than_the_baseline() {
        let pages = vec![(
            crate::doc("a\nb", Format::Text),
            Known {
                title: Some("T".into()),
                blocks: Some(paragraphs(&["a", "b"])),
                ..Known::default()
            },
        )];
        let table = assert_beats_generic(&Lines(true), &Lines(false), &pages);
        assert!(table.contains("total | 2.00 | 1.00 |"), "{table}");
        let worse =
            std::panic::catch_unwind(|| assert_beats_generic(&Lines(false), &Lines(true), &pages));
        assert!(worse.is_err());
        let level =
            std::panic::catch_unwind(|| assert_beats_generic(&Lines(true), &Lines(true), &pages));
        assert!(level.is_err(), "a tie does not beat the baseline");
    }

    #[test]
    fn common_subsequence_keeps_order() {
        let a = paragraphs(&["a", "b", "c", "d"]);
        let p = |t| (BlockKind::Paragraph, t);
        assert_eq!(common_subsequence(&a, &[p("b"), p("d")]), 2);
        assert_eq!(common_subsequence(&a, &[p("d"), p("c"), p("b"), p("a")]), 1);
        assert_eq!(common_subsequence(&a, &[]), 0);
        assert_eq!(common_subsequence(&a, &[(BlockKind::Heading, "a")]), 0);
    }
}
