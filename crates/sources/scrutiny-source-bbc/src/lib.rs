//! Source plugin for BBC News pages, as copied page text and as saved HTML.
//!
//! Page text (seed 001): the headline line, a "• Published" line (with or without its date), image
//! alt text glued to "Image source, …", "Image caption," followed by the caption line, crosshead
//! lines, and the furniture at the end ("Presentational grey line", "Why not follow BBC …",
//! "Related internet links", the external-sites disclaimer). See [`text`].
//!
//! Saved HTML, four template generations (see [`page`]): 2006–2009 tables with `<!-- S BO -->`
//! comments, 2010–2013 `story-body`, 2014–2020 responsive `story-body__inner`, and 2020 onward
//! `data-component` blocks. Video (`/news/av/`) and live (`/news/live/`) pages are rejected with
//! `NoBody`: they carry no article text of their own.
//!
//! Invariants: captions never enter the body; every piece of removed furniture is recorded in
//! [`Article::removed`](scrutiny_core::Article) under a `bbc.*` rule (the site's furniture a
//! copy brings above the headline under the shared `text.*` rule); a page without a date has no date.
#![warn(missing_docs)]

pub mod page;
pub mod text;

use scrutiny_core::{Article, Clue, Document, Format, Reject, Source};
use scrutiny_text::html;
use serde::Deserialize;

/// The registry name.
pub const NAME: &str = "bbc";

/// Options of the BBC plugin (none yet).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {}

/// The BBC News plugin.
#[derive(Debug, Clone, Default)]
pub struct Plugin {
    _options: Options,
}

impl Plugin {
    /// A plugin with these options.
    pub fn new(options: Options) -> Self {
        Self { _options: options }
    }
}

impl Source for Plugin {
    fn name(&self) -> &'static str {
        NAME
    }

    fn hosts(&self) -> &[&'static str] {
        &["bbc.co.uk", "bbc.com"]
    }

    fn clues(&self, doc: &Document) -> Vec<Clue> {
        match doc.format {
            Format::Text => text::clues(&doc.text),
            Format::Html => page::clues(&doc.text),
        }
    }

    fn parse(&self, doc: &Document) -> Result<Article, Reject> {
        html::parse_document(doc, NAME, text::parse, page::parse, "no article body found")
    }
}

/// True for a paragraph that advertises BBC accounts or services rather than telling the story.
pub(crate) fn is_promo(text: &str) -> bool {
    use std::sync::LazyLock;
    static FOLLOW: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\bfollow\b.{0,120}\bon (facebook|twitter|instagram|x)\b").ok()
    });
    // Every body line is asked: the cheap tests go first, the regex last.
    let follow = || FOLLOW.as_ref().is_some_and(|re| re.is_match(text));
    let short = || text.split_whitespace().count() <= 12;
    ((text.contains("BBC") || (text.starts_with("Follow") && short())) && follow())
        || text.starts_with("The BBC is not responsible for the content of external")
        || text.contains("reports and analyses news from TV, radio, web and print media")
        // The reader-comments form of the 2006-2009 layout and its notes.
        || text.contains("using the form below")
        || text.contains("may edit your comments")
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::RejectCode;

    use scrutiny_testkit::{assert_total, doc};

    #[test]
    fn a_title_alone_is_a_reject() {
        let r = Plugin::default()
            .parse(&doc("Only a title\n\n  • Published", Format::Text))
            .unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
        let r = Plugin::default()
            .parse(&doc("<html><body><nav>x</nav></body></html>", Format::Html))
            .unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            assert_total(&Plugin::default(), &s);
        }

        #[test]
        fn never_panics_on_bbc_like_markup(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<!-- S BO -->", "<!-- E BO -->", "<p>", "<b>x</b>", "<div data-component=\"text-block\">", "</div>",
            "<table>", "<div class=\"story-body\">", "Image caption,", "\n", "Published 1 May 2020", "<ul><li><a>l</a>",
        ]), 0..40)) {
            let s = parts.concat();
            for format in [Format::Text, Format::Html] {
                let _ = Plugin::default().parse(&doc(&s, format));
            }
        }
    }

    #[test]
    fn promo_needs_the_bbc_and_a_social_network() {
        assert!(is_promo(
            "Why not follow BBC North West on Facebook, external, Twitter, external?"
        ));
        assert!(is_promo(
            "You can follow BBC Monitoring on Twitter and Facebook."
        ));
        assert!(!is_promo(
            "Police asked people to follow the advice on Facebook."
        ));
        assert!(!is_promo("The BBC said it would follow the guidance."));
        assert!(is_promo("Follow Rachel on Twitter"));
    }
}
