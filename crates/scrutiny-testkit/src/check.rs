//! Golden assertions: an article against its gold entry or expected file, furniture, confidence.

use scrutiny_core::{Article, BlockKind, Document, FieldFound, Format, Source};

use crate::documents::{Fixtures, seed, seed_files};
use crate::gold::{Expected, Gold, GoldArticle};

/// How much of a body a failed start or end assertion shows.
const SHOWN: usize = 200;

/// Assert a seed page's article against its gold entry: title, standfirst, byline and date
/// exactly (a field the gold leaves out must be empty); the date found in the page text when
/// there is one (seeds are page text with no sidecar), else nowhere; the gold's caption among
/// the captions; how the body starts and ends; and [`assert_none_survive`].
pub fn assert_gold(a: &Article, g: &GoldArticle) {
    let file = &g.file;
    assert_eq!(a.title, g.title, "{file}: title");
    assert_eq!(a.standfirst, g.standfirst, "{file}: standfirst");
    assert_eq!(a.byline, g.byline, "{file}: byline");
    assert_eq!(a.published, g.published, "{file}: published");
    let from = if g.published.is_some() {
        FieldFound::PageText
    } else {
        FieldFound::None
    };
    assert_eq!(a.published_from, from, "{file}: published_from");
    assert_fields_found(a, file);
    if let Some(c) = &g.caption {
        assert!(
            a.captions.contains(c),
            "{file}: caption {c:?} not in {:?}",
            a.captions
        );
    }
    let body = a.body();
    assert!(
        body.starts_with(&g.body_starts_with),
        "{file}: body starts {:?}",
        body.chars().take(SHOWN).collect::<String>()
    );
    assert!(
        body.ends_with(&g.body_ends_with),
        "{file}: body ends {:?}",
        body.chars().rev().take(SHOWN).collect::<String>()
    );
    assert_none_survive(a, &g.must_not_survive, file);
}

/// Assert that no string of `must_not_survive` is left in the title, the standfirst or the body;
/// `label` names the page in the message.
pub fn assert_none_survive<S: AsRef<str>>(a: &Article, must_not_survive: &[S], label: &str) {
    let body = a.body();
    for s in must_not_survive {
        let s = s.as_ref();
        for (field, text) in [
            ("title", a.title.as_deref()),
            ("standfirst", a.standfirst.as_deref()),
            ("body", Some(body.as_str())),
        ] {
            assert!(
                !text.unwrap_or("").contains(s),
                "{label}: {s:?} survived in the {field}"
            );
        }
    }
}

/// Assert every seed page the gold gives to this plugin (by [`Source::name`]; there must be at
/// least one): the plugin claims it with confidence at least `own_at_least`, parses it, and
/// [`assert_gold`] holds. Returns the articles in file order, for the plugin's own checks.
pub fn assert_gold_seeds(plugin: &dyn Source, own_at_least: f32) -> Vec<Article> {
    let gold = Gold::load();
    let mine = gold.of(plugin.name());
    assert!(!mine.is_empty(), "the gold has no {} page", plugin.name());
    mine.into_iter()
        .map(|g| {
            let doc = seed(&g.file);
            let c = plugin.confidence(&doc);
            assert!(c >= own_at_least, "{}: confidence {c}", g.file);
            let a = plugin
                .parse(&doc)
                .unwrap_or_else(|r| panic!("{}: rejected: {r:?}", g.file));
            assert_gold(&a, g);
            a
        })
        .collect()
}

/// Assert what a saved HTML page's fixture table row says of it: the plugin claims it with
/// confidence at least `own_at_least` and parses it into an article with this title, this date
/// (ISO 8601) found in the HTML metadata, this first body block, and no caption in the body.
/// Returns the article for the page's own checks.
pub fn assert_saved_page(
    plugin: &dyn Source,
    doc: &Document,
    own_at_least: f32,
    title: &str,
    published: &str,
    first_block: &str,
) -> Article {
    let page = &doc.path;
    let c = plugin.confidence(doc);
    assert!(c >= own_at_least, "{page}: confidence {c}");
    let a = plugin
        .parse(doc)
        .unwrap_or_else(|r| panic!("{page}: rejected: {r:?}"));
    assert_eq!(a.title.as_deref(), Some(title), "{page}: title");
    assert_eq!(
        a.published.map(|d| d.to_string()).as_deref(),
        Some(published),
        "{page}: published"
    );
    assert_eq!(
        a.published_from,
        FieldFound::HtmlMetadata,
        "{page}: published_from"
    );
    assert_fields_found(&a, page);
    assert_eq!(
        a.blocks.first().map(|b| b.text.as_str()),
        Some(first_block),
        "{page}: first block"
    );
    let body = a.body();
    assert!(
        a.captions.iter().all(|c| !body.contains(c.as_str())),
        "{page}: a caption is in the body"
    );
    a
}

/// Assert that the title and byline say where they were found exactly when they are there,
/// and that a page-text article's came from its text (page text has no metadata).
pub fn assert_fields_found(a: &Article, label: &str) {
    for (field, value, from) in [
        ("title", &a.title, a.title_from),
        ("byline", &a.byline, a.byline_from),
    ] {
        assert_eq!(
            value.is_some(),
            from != FieldFound::None,
            "{label}: {field} {value:?} found {from:?}"
        );
        if a.format == Format::Text && value.is_some() {
            assert_eq!(from, FieldFound::PageText, "{label}: {field}_from");
        }
    }
}

/// Assert an article against a fixture's expected file: every field, every block with its kind,
/// every caption and every removal rule, in order; then [`assert_none_survive`].
pub fn assert_expected(a: &Article, expected: &Expected, name: &str) {
    assert_eq!(a.title, expected.title, "{name}: title");
    assert_eq!(a.byline, expected.byline, "{name}: byline");
    assert_eq!(a.standfirst, expected.standfirst, "{name}: standfirst");
    assert_eq!(a.published, expected.published, "{name}: published");
    assert_eq!(
        a.published_from, expected.published_from,
        "{name}: published_from"
    );
    assert_fields_found(a, name);
    let blocks: Vec<(BlockKind, String)> =
        a.blocks.iter().map(|b| (b.kind, b.text.clone())).collect();
    assert_eq!(blocks, expected.blocks, "{name}: blocks");
    assert_eq!(a.captions, expected.captions, "{name}: captions");
    let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(rules, expected.removed_rules, "{name}: removed rules");
    assert_none_survive(a, &expected.must_not_survive, name);
}

/// Assert every `*.html` fixture (at least `min_pages` of them): the plugin claims it with
/// confidence at least `own_at_least`, parses it, and gives exactly its [`Expected`] article.
pub fn assert_html_fixtures(
    plugin: &dyn Source,
    fixtures: &Fixtures,
    min_pages: usize,
    own_at_least: f32,
) {
    let pages = fixtures.pages("html");
    assert!(
        pages.len() >= min_pages,
        "fixtures missing in {}",
        fixtures.dir().display()
    );
    for page in pages {
        let name = page
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let expected = Expected::of_page(&page);
        let doc = crate::documents::document(&page, Format::Html);
        let c = plugin.confidence(&doc);
        assert!(c >= own_at_least, "{name}: confidence {c}");
        let a = plugin
            .parse(&doc)
            .unwrap_or_else(|r| panic!("{name}: rejected: {r:?}"));
        assert_expected(&a, &expected, &name);
    }
}

/// Assert the plugin's confidence on every seed page in `data/raw`: at least `own_at_least` on
/// the pages the gold gives to it (by [`Source::name`]), below 0.5 on every other page.
pub fn assert_confidence_on_seeds(plugin: &dyn Source, own_at_least: f32) {
    let gold = Gold::load();
    for file in seed_files() {
        let c = plugin.confidence(&seed(&file));
        match gold.source_of(&file) {
            Some(source) if source == plugin.name() => {
                assert!(c >= own_at_least, "{file}: confidence {c} on its own page");
            }
            other => assert!(
                c < 0.5,
                "{file}: confidence {c} on a {} page",
                other.unwrap_or("gold-less")
            ),
        }
    }
}

/// Run the plugin on `text` as page text and as HTML: the confidence is within 0..=1 and
/// neither call panics (what a property test over hostile input asserts).
pub fn assert_total(plugin: &dyn Source, text: &str) {
    for format in [Format::Text, Format::Html] {
        let d = crate::documents::doc(text, format);
        let c = plugin.confidence(&d);
        assert!((0.0..=1.0).contains(&c), "{format:?}: confidence {c}");
        let _ = plugin.parse(&d);
    }
}

#[cfg(test)]
mod tests {
    use scrutiny_core::{Block, Clue, Reject, RejectCode, Stage};

    use super::*;
    use crate::documents::doc;

    /// One clue that any page gives, of this weight.
    fn say_any_page(weight: f32) -> Vec<Clue> {
        vec![Clue {
            what: "any page",
            weight,
        }]
    }

    /// A plugin that reads every line of page text as a paragraph, and nothing else.
    struct Lines;

    impl Source for Lines {
        fn name(&self) -> &'static str {
            "lines"
        }

        fn clues(&self, d: &scrutiny_core::Document) -> Vec<Clue> {
            let says = Clue::when(d.text.contains("Lines plugin"), "says so", 0.9);
            say_any_page(0.1).into_iter().chain(says).collect()
        }

        fn parse(&self, d: &scrutiny_core::Document) -> Result<Article, Reject> {
            let mut a = Article::for_document(d, "lines");
            a.blocks = d
                .text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| Block {
                    kind: BlockKind::Paragraph,
                    text: l.trim().to_owned(),
                })
                .collect();
            if a.blocks.is_empty() {
                return Err(Reject::new(
                    &d.path,
                    Stage::Parse,
                    RejectCode::NoBody,
                    "empty",
                ));
            }
            Ok(a)
        }
    }

    fn gold_entry() -> GoldArticle {
        GoldArticle {
            file: "f.txt".into(),
            source: "lines".into(),
            title: None,
            standfirst: None,
            byline: None,
            published: None,
            caption: None,
            body_starts_with: "First".into(),
            body_ends_with: "last.".into(),
            must_not_survive: vec!["Share this".into()],
        }
    }

    fn article(text: &str) -> Article {
        Lines.parse(&doc(text, Format::Text)).unwrap()
    }

    #[test]
    fn a_matching_article_passes_the_gold() {
        assert_gold(&article("First line.\n\nThe last."), &gold_entry());
    }

    #[test]
    #[should_panic(expected = "f.txt: title")]
    fn a_title_the_gold_lacks_fails() {
        let mut a = article("First line.\n\nThe last.");
        a.title = Some("T".into());
        assert_gold(&a, &gold_entry());
    }

    #[test]
    #[should_panic(expected = "f.txt: title Some(\"T\") found None")]
    fn a_title_must_say_where_it_was_found() {
        let mut a = article("First line.");
        a.title = Some("T".into());
        assert_fields_found(&a, "f.txt");
    }

    #[test]
    #[should_panic(expected = "f.txt: byline_from")]
    fn a_page_text_byline_comes_from_the_text() {
        let mut a = article("First line.");
        a.byline = Some("Jo Bloggs".into());
        a.byline_from = FieldFound::HtmlMetadata;
        assert_fields_found(&a, "f.txt");
    }

    #[test]
    #[should_panic(expected = "f.txt: published_from")]
    fn a_sidecar_date_is_not_a_page_date() {
        let mut g = gold_entry();
        g.published = Some("2014-07-01".parse().unwrap());
        let mut a = article("First line.\n\nThe last.");
        a.published = g.published;
        a.published_from = FieldFound::Sidecar;
        assert_gold(&a, &g);
    }

    #[test]
    #[should_panic(expected = "f.txt: caption")]
    fn a_missing_gold_caption_fails() {
        let mut g = gold_entry();
        g.caption = Some("A photo".into());
        assert_gold(&article("First line.\n\nThe last."), &g);
    }

    #[test]
    #[should_panic(expected = "f.txt: body ends")]
    fn a_body_that_ends_elsewhere_fails() {
        assert_gold(&article("First line.\n\nThe last.\n\nMore"), &gold_entry());
    }

    #[test]
    #[should_panic(expected = "page: \"Share this\" survived in the body")]
    fn surviving_furniture_fails() {
        assert_none_survive(
            &article("Body.\n\nShare this page"),
            &["Share this"],
            "page",
        );
    }

    #[test]
    fn expected_articles_compare_blocks_and_rules_in_order() {
        let mut a = article("One.\n\nTwo.");
        a.remove("lines.share", "Share");
        let mut e = Expected {
            title: None,
            byline: None,
            standfirst: None,
            published: None,
            published_from: FieldFound::None,
            blocks: vec![
                (BlockKind::Paragraph, "One.".into()),
                (BlockKind::Paragraph, "Two.".into()),
            ],
            captions: vec![],
            removed_rules: vec!["lines.share".into()],
            must_not_survive: vec!["Share".into()],
        };
        assert_expected(&a, &e, "page");
        e.blocks.reverse();
        let swapped = std::panic::catch_unwind(|| assert_expected(&a, &e, "page"));
        assert!(swapped.is_err());
    }

    #[test]
    fn saved_pages_check_title_date_first_block_and_captions() {
        let mut d = doc("Story.\nMore.", Format::Text);
        d.path = "page.html".into();
        struct Dated;
        impl Source for Dated {
            fn name(&self) -> &'static str {
                "dated"
            }
            fn clues(&self, _: &Document) -> Vec<Clue> {
                say_any_page(0.9)
            }
            fn parse(&self, d: &Document) -> Result<Article, Reject> {
                let mut a = Lines.parse(d)?;
                a.title = Some("T".into());
                a.title_from = FieldFound::PageText;
                a.published =
                    Some("2020-04-10".parse().map_err(|_| {
                        Reject::new(&d.path, Stage::Parse, RejectCode::NoBody, "date")
                    })?);
                a.published_from = FieldFound::HtmlMetadata;
                a.captions.push("A caption".into());
                Ok(a)
            }
        }
        let a = assert_saved_page(&Dated, &d, 0.8, "T", "2020-04-10", "Story.");
        assert_eq!(a.blocks.len(), 2);
        let wrong_date = std::panic::catch_unwind(|| {
            assert_saved_page(&Dated, &d, 0.8, "T", "2020-04-11", "Story.")
        });
        assert!(wrong_date.is_err());
        let too_sure = std::panic::catch_unwind(|| {
            assert_saved_page(&Dated, &d, 0.95, "T", "2020-04-10", "Story.")
        });
        assert!(too_sure.is_err());
        d.text.push_str("\nA caption");
        let caption_in_body = std::panic::catch_unwind(|| {
            assert_saved_page(&Dated, &d, 0.8, "T", "2020-04-10", "Story.")
        });
        assert!(caption_in_body.is_err());
    }

    #[test]
    #[should_panic(expected = "the gold has no lines page")]
    fn a_plugin_without_gold_seeds_fails() {
        let _ = assert_gold_seeds(&Lines, 0.7);
    }

    #[test]
    fn confidence_on_seeds_holds_for_a_plugin_that_claims_none() {
        // No seed says "Lines plugin": every page scores 0.1, and the gold gives it none.
        assert_confidence_on_seeds(&Lines, 0.7);
    }

    #[test]
    fn total_plugins_pass_and_out_of_range_confidence_fails() {
        assert_total(&Lines, "");
        assert_total(&Lines, "a\nLines plugin");
        struct Sure;
        impl Source for Sure {
            fn name(&self) -> &'static str {
                "sure"
            }
            fn clues(&self, _: &scrutiny_core::Document) -> Vec<Clue> {
                Vec::new()
            }
            // Breaks the rule every plugin keeps, to show that the check catches it.
            fn confidence(&self, _: &scrutiny_core::Document) -> f32 {
                1.5
            }
            fn parse(&self, d: &scrutiny_core::Document) -> Result<Article, Reject> {
                Ok(Article::for_document(d, "sure"))
            }
        }
        assert!(std::panic::catch_unwind(|| assert_total(&Sure, "x")).is_err());
    }
}
