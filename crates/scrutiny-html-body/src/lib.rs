//! Article body extraction from arbitrary HTML pages, for the generic source plugin.
//!
//! [`extract`] reads a page in one streaming pass of lol_html's spec tokenizer into a compact
//! tree of its own (no html5ever DOM), scores it in the manner of Mozilla Readability (text,
//! commas and link density per paragraph, credited to ancestors; class/id and landmark
//! boilerplate pruned first), and returns an [`Extracted`] article: body blocks in page order,
//! captions apart, every removed piece of boilerplate with the rule that removed it, and the
//! title, byline, standfirst and published date from JSON-LD, `<meta>`, microdata, `<time>`
//! or a visible date line.
//!
//! Invariants: never panics and never recurses on page depth (walks are iterative); a page
//! without body text is [`Error::NoBody`], never an empty article; nothing is tuned to any
//! page. [`bench`] loads the shared article-extraction benchmark and scores with its metric.
#![warn(missing_docs)]

use std::path::PathBuf;

use scrutiny_core::{Block, PartialDate, Removed};

pub mod bench;
mod body;
mod meta;
mod tree;

pub use meta::FieldSource;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The page has no article text.
    #[error("No article body found")]
    NoBody,
    /// A benchmark file could not be read.
    #[error("Cannot read `{}`", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A benchmark file is malformed.
    #[error("Bad benchmark data: {0}")]
    Benchmark(String),
}

/// What [`extract`] finds on a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The headline (JSON-LD `headline`, Open Graph, `<h1>` or `<title>`), and where it came
    /// from.
    pub title: Option<(String, FieldSource)>,
    /// The author names, without "By", and where they came from.
    pub byline: Option<(String, FieldSource)>,
    /// The publication date, and where it came from.
    pub published: Option<(PartialDate, FieldSource)>,
    /// The summary under the headline.
    pub standfirst: Option<String>,
    /// Body blocks in page order (never empty).
    pub blocks: Vec<Block>,
    /// Photo and figure captions found in the article.
    pub captions: Vec<String>,
    /// Boilerplate removed from the article area, with the rule that removed it.
    pub removed: Vec<Removed>,
}

impl Extracted {
    /// The body text: blocks joined by a blank line, as [`scrutiny_core::Article::body`].
    pub fn body(&self) -> String {
        let texts: Vec<&str> = self.blocks.iter().map(|b| b.text.as_str()).collect();
        texts.join("\n\n")
    }
}

/// Extract the article from one HTML page.
pub fn extract(html: &str) -> Result<Extracted, Error> {
    let tree = tree::build(html);
    let found = body::extract(&tree);
    if found.blocks.is_empty() {
        return Err(Error::NoBody);
    }
    let meta = meta::gather(&tree);
    Ok(Extracted {
        title: meta.title,
        byline: meta.byline,
        published: meta.published,
        standfirst: meta.standfirst,
        blocks: found.blocks,
        captions: found.captions,
        removed: found
            .removed
            .into_iter()
            .map(|(rule, text)| Removed {
                rule: rule.to_owned(),
                text,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::BlockKind;

    const PAGE: &str = r#"<html><head><title>Story | Site</title></head><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
        <div class="sidebar"><p>Sign up to our newsletter, it is great, really, truly.</p></div>
        <article><h1>The headline</h1>
          <p>The council said on Monday that its services for children had improved a great deal, after inspectors visited in May.</p>
          <figure><img src="x.jpg"><figcaption>The town hall. Picture: A Person</figcaption></figure>
          <h2>What happened</h2>
          <p>Inspectors found, among other things, that social workers knew their children well, and that managers had a grip on the work.</p>
          <ul><li>First finding, stated at some length here.</li><li>Second finding, also stated.</li></ul>
          <p>Read more: <a href="/a">Another story about something else entirely</a></p>
        </article>
        <footer><p>Copyright 2024, the publisher, all rights reserved.</p></footer></body></html>"#;

    #[test]
    fn finds_the_article_and_drops_furniture() {
        let a = extract(PAGE).unwrap();
        let body = a.body();
        assert!(body.starts_with("The council said on Monday"), "{body}");
        assert!(body.contains("What happened\n\nInspectors found"), "{body}");
        assert!(body.contains("Second finding"), "{body}");
        assert!(
            !body.contains("newsletter") && !body.contains("Copyright") && !body.contains("Home")
        );
        assert!(!body.contains("The town hall") && !body.contains("The headline"));
        assert_eq!(
            a.captions,
            vec!["The town hall. Picture: A Person".to_owned()]
        );
        assert!(
            a.blocks
                .iter()
                .any(|b| b.kind == BlockKind::Heading && b.text == "What happened")
        );
        assert!(a.blocks.iter().any(|b| b.kind == BlockKind::ListItem));
        assert!(
            a.removed
                .iter()
                .any(|r| r.rule == "html.link_block" && r.text.contains("Another story"))
        );
        assert_eq!(a.title.map(|(t, _)| t).as_deref(), Some("The headline"));
    }

    #[test]
    fn a_page_without_text_is_no_body() {
        for page in [
            "",
            "<html><head><title>x</title></head><body><script>a()</script></body></html>",
            "<nav><a>Home</a></nav>",
        ] {
            assert!(matches!(extract(page), Err(Error::NoBody)), "{page}");
        }
    }

    #[test]
    fn text_behind_a_paywall_is_the_article_but_the_paywall_prompt_is_not() {
        let page = r#"<html><body><article>
            <p>The council said on Monday that its services for children had improved, and that the inspectors agreed with it.</p>
            <p>Its leader said the work of the last three years, and of every social worker in the county, had made the difference.</p>
            <div class="paywall"><p>Inspectors found that leaders knew their services well, and that social workers had manageable caseloads.</p></div>
            <div class="paywall-modal"><p>Subscribe today, and read every story, every day, for less than a pound a week, with no ads.</p></div>
            </article></body></html>"#;
        let body = extract(page).unwrap().body();
        assert!(body.contains("Inspectors found"), "{body}");
        assert!(!body.contains("Subscribe"), "{body}");
    }

    #[test]
    fn entities_are_decoded() {
        let a = extract("<div><p>Tom &amp; Jerry&nbsp;say &lt;hello&gt; &#8212; twice, and again, and more text here.</p></div>").unwrap();
        assert_eq!(
            a.body(),
            "Tom & Jerry say <hello> — twice, and again, and more text here."
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = extract(&s);
        }

        #[test]
        fn never_panics_on_tag_soup(parts in proptest::collection::vec(
            proptest::sample::select(vec!["<p>", "</p>", "<div class=\"a\">", "</div>", "<li>", "<ul>", "</ul>",
                "<a href=x>", "</a>", "text, words", "<br>", "<script>", "</script>", "<h2>", "<table><td>",
                "&amp;", "&", "<!--", "-->", "<svg><p>", "<time datetime=\"2020-01-01\">", "<nav>", "</nav>"]), 0..60)) {
            let _ = extract(&parts.concat());
        }
    }
}
