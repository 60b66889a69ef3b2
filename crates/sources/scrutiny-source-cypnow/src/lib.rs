//! Source plugin for Children & Young People Now (CYP Now, cypnow.co.uk).
//!
//! Page text, two layouts: the 2014 article layout (title, byline line, a date line such as
//! "Tuesday, July 1, 2014", a photo caption that copying doubles, a subscription promo at the
//! end) and the later layout (a section kicker such as "News", title, body, then a registration
//! wall, "More like this" and job adverts). Saved HTML: title, byline and date from JSON-LD,
//! Open Graph and `<time datetime>` first, then the visible header; the body from the article
//! container, with navigation, share widgets, comments and promos removed.
//!
//! Principal types: [`Plugin`] (a [`Source`]) and its [`Options`].
//! Invariants: every line taken out of the body is either a caption or recorded in
//! [`Article::removed`] under a `cypnow.*` rule (or, for the site's furniture a copy brings
//! above the headline, the shared `text.*` rule); a page with no date line and no date metadata
//! has no date. Golden tests: the seed pages 000 and 004 in `data/raw`, and constructed HTML in
//! `tests/fixtures`.
#![warn(missing_docs)]

mod furniture;
mod html_page;
mod text_page;

use scrutiny_core::{Article, Clue, Document, Format, Reject, Source};
use scrutiny_text::{html, lines};
use serde::Deserialize;

use crate::furniture::Furniture;

/// The registry name.
pub const NAME: &str = "cypnow";

/// Options of the CYP Now plugin. The built-in furniture lists always apply; these add to them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// More lines that open a boilerplate tail (whole line, any case); the line and everything
    /// after it are removed under `cypnow.custom_tail`.
    pub extra_tail_markers: Vec<String>,
    /// More section kickers printed above the title (whole line, any case).
    pub extra_kickers: Vec<String>,
}

/// The CYP Now plugin.
#[derive(Debug, Clone)]
pub struct Plugin {
    furniture: Furniture,
}

impl Default for Plugin {
    fn default() -> Self {
        Self::new(Options::default())
    }
}

impl Plugin {
    /// A plugin with these options.
    pub fn new(options: Options) -> Self {
        Self {
            furniture: Furniture::new(&options),
        }
    }
}

/// Strings only CYP Now prints, with how much each one alone says the page is CYP Now's.
const SIGNATURES: [(&str, f32); 5] = [
    ("CYP Now Digital membership", 0.6),
    ("Children & Young People Now", 0.6),
    ("Children &amp; Young People Now", 0.6),
    ("CYP Now Magazine", 0.5),
    ("Register Now to Continue Reading", 0.3),
];

impl Source for Plugin {
    fn name(&self) -> &'static str {
        NAME
    }

    fn hosts(&self) -> &[&'static str] {
        &["cypnow.co.uk"]
    }

    fn clues(&self, doc: &Document) -> Vec<Clue> {
        let mut clues: Vec<Clue> = SIGNATURES
            .iter()
            .filter(|(signature, _)| doc.text.contains(signature))
            .map(|&(what, weight)| Clue { what, weight })
            .collect();
        match doc.format {
            Format::Text => clues.extend(text_page::clues(&doc.text)),
            Format::Html => clues.extend(Clue::when(
                html_page::names_cypnow(&html::parse(&doc.text)),
                "the page's metadata names CYP Now",
                0.9,
            )),
        }
        clues
    }

    fn parse(&self, doc: &Document) -> Result<Article, Reject> {
        html::parse_document(
            doc,
            NAME,
            |text, article| text_page::parse(text, &self.furniture, article),
            |page, article| {
                html_page::parse(page, &self.furniture, article);
                Ok(())
            },
            "no CYP Now article body found",
        )
    }
}

/// The normalized text of a line, for comparisons against furniture lists.
fn clean(line: &str) -> String {
    lines::normalize_space(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::FieldFound;
    use scrutiny_core::RejectCode;
    use scrutiny_testkit::{assert_total, doc};

    #[test]
    fn a_page_without_body_is_a_reject() {
        let r = Plugin::default()
            .parse(&doc("News\n\nOnly a title", Format::Text))
            .unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
        let r = Plugin::default()
            .parse(&doc(
                "<html><body><nav>Menu</nav></body></html>",
                Format::Html,
            ))
            .unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
    }

    #[test]
    fn sidecar_date_only_when_the_page_has_none() {
        let mut d = doc("Title\n\nA body line.", Format::Text);
        d.meta.published = Some("2015-03-01".parse().unwrap());
        let a = Plugin::default().parse(&d).unwrap();
        assert_eq!(
            (a.published.map(|p| p.to_string()), a.published_from),
            (Some("2015-03-01".into()), FieldFound::Sidecar)
        );

        let mut d = doc(
            "Title\n\nJo Bloggs\nTuesday, July 1, 2014\n\nA body line.",
            Format::Text,
        );
        d.meta.published = Some("2015-03-01".parse().unwrap());
        let a = Plugin::default().parse(&d).unwrap();
        assert_eq!(
            (a.published.map(|p| p.to_string()), a.published_from),
            (Some("2014-07-01".into()), FieldFound::PageText)
        );
    }

    #[test]
    fn options_refuse_unknown_keys() {
        let ok: Options = serde_yaml::from_str("extra_kickers: [Leader]").unwrap();
        assert_eq!(ok.extra_kickers, vec!["Leader".to_owned()]);
        assert!(serde_yaml::from_str::<Options>("extra_kicker: [Leader]").is_err());
    }

    #[test]
    fn extra_options_extend_the_builtin_lists() {
        let plugin = Plugin::new(Options {
            extra_tail_markers: vec!["Jobs of the week".into()],
            extra_kickers: vec!["Leader".into()],
        });
        let a = plugin
            .parse(&doc(
                "Leader\n\nHeadline\n\nBody one.\n\nJobs of the week\n\nSocial worker",
                Format::Text,
            ))
            .unwrap();
        assert_eq!(a.title.as_deref(), Some("Headline"));
        assert_eq!(a.body(), "Body one.");
        let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(
            rules,
            ["cypnow.kicker", "cypnow.custom_tail", "cypnow.custom_tail"]
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            assert_total(&Plugin::default(), &s);
        }

        #[test]
        fn never_panics_on_markup_like_input(s in "(<[a-z]{1,8}( class=\"[a-z -]{0,12}\")?>|</[a-z]{1,8}>|[A-Za-z .?:•\n]{0,20}){0,30}") {
            let p = Plugin::default();
            for format in [Format::Text, Format::Html] {
                let d = doc(&s, format);
                let _ = p.confidence(&d);
                let _ = p.parse(&d);
            }
        }
    }
}
