//! Source plugin for Reach plc regional titles (Liverpool Echo, Manchester Evening News,
//! WalesOnline, Birmingham Mail, Mirror, Daily Post, Belfast Live, Daily Record, CorkBeo, ...).
//!
//! Page text (seed 003): no headline line; the first line is the standfirst glued to a photo
//! caption that ends with its credit, "at riskAnthony Douglas … Board(Image: Knowsley Council)".
//! [`text`] splits them at the glue point into [`Article::standfirst`] and a caption, and drops
//! "READ MORE:" and newsletter lines as boilerplate. A copy that starts at the headline has its
//! headline, byline ("ByJo Bloggs", "Reporter") and date lines read by the shared page-text
//! reader (`scrutiny_text::page`) and left out of the body.
//!
//! Saved HTML, the shared Escenic template (see [`page`]): `article.article-main`, headline
//! `h1[itemprop~=headline]`, standfirst `p.sub-title`, author links, `time.date-published`, and the
//! direct children of `div.article-body` filtered: figures are captions; read-more asides,
//! newsletter forms, embeds and fact boxes are recorded removals. Live blogs are `NoBody` rejects.
//!
//! Invariants: captions never enter the body; a page without a date has no date; the title is
//! `None` when the page text has no headline.
#![warn(missing_docs)]

pub mod page;
pub mod text;

use scrutiny_core::{Article, Clue, Document, Format, Reject, Source};
use scrutiny_text::html;
use serde::Deserialize;

/// The registry name.
pub const NAME: &str = "reach";

/// Options of the Reach plugin (none yet).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {}

/// The Reach plc plugin.
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

/// Reach plc titles on the shared regional template.
pub const HOSTS: &[&str] = &[
    "liverpoolecho.co.uk",
    "manchestereveningnews.co.uk",
    "walesonline.co.uk",
    "birminghammail.co.uk",
    "mirror.co.uk",
    "dailypost.co.uk",
    "belfastlive.co.uk",
    "dailyrecord.co.uk",
    "corkbeo.ie",
    "chroniclelive.co.uk",
    "irishmirror.ie",
    "examinerlive.co.uk",
    "hulldailymail.co.uk",
    "nottinghampost.com",
    "leicestermercury.co.uk",
    "bristolpost.co.uk",
    "plymouthherald.co.uk",
    "devonlive.com",
    "cornwalllive.com",
    "stokesentinel.co.uk",
    "coventrytelegraph.net",
    "gazettelive.co.uk",
    "getsurrey.co.uk",
    "kentlive.news",
    "mylondon.news",
    "lancs.live",
    "yorkshirelive.co.uk",
    "derbytelegraph.co.uk",
    "grimsbytelegraph.co.uk",
    "lincolnshirelive.co.uk",
    "cambridge-news.co.uk",
    "essexlive.news",
    "somersetlive.co.uk",
    "gloucestershirelive.co.uk",
    "football.london",
];

impl Source for Plugin {
    fn name(&self) -> &'static str {
        NAME
    }

    fn hosts(&self) -> &[&'static str] {
        HOSTS
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

/// The boilerplate rule a Reach paragraph falls under, if any: cross-promotion and newsletters.
pub(crate) fn boilerplate(text: &str) -> Option<&'static str> {
    let upper = text.trim_start().to_uppercase();
    let promos = [
        "READ MORE",
        "READ NEXT",
        "MORE:",
        "DON'T MISS",
        "DON’T MISS",
        "WATCH:",
        "LISTEN:",
    ];
    if promos.iter().any(|p| upper.starts_with(p)) {
        return Some("reach.read_more");
    }
    let lower = text.to_lowercase();
    let newsletter = [
        "sign up to",
        "sign up for",
        "subscribe to our",
        "newsletter",
        "straight to your inbox",
        "join our whatsapp",
        "follow us on",
    ];
    let short = text.split_whitespace().count() <= 30;
    if short && newsletter.iter().any(|p| lower.contains(p)) {
        return Some("reach.newsletter");
    }
    if short && (lower.contains("click here") || lower.contains("clicking here")) {
        return Some("reach.promo");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::RejectCode;
    use scrutiny_testkit::{assert_total, doc};

    #[test]
    fn boilerplate_rules() {
        assert_eq!(
            boilerplate("READ MORE: Council faces new inquiry"),
            Some("reach.read_more")
        );
        assert_eq!(
            boilerplate("Sign up to our daily newsletter here"),
            Some("reach.newsletter")
        );
        assert_eq!(boilerplate("The council read more than 200 reports."), None);
        assert_eq!(
            boilerplate("Try MEN Premium for FREE by clicking here for no ads"),
            Some("reach.promo")
        );
    }

    #[test]
    fn an_empty_page_is_a_reject() {
        for format in [Format::Text, Format::Html] {
            let r = Plugin::default()
                .parse(&doc("READ MORE: x", format))
                .unwrap_err();
            assert_eq!(r.code, RejectCode::NoBody);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            assert_total(&Plugin::default(), &s);
        }

        #[test]
        fn never_panics_on_reach_like_text(parts in proptest::collection::vec(proptest::sample::select(vec![
            "riskAnthony", "(Image: ", ")", "Board", "\n", "READ MORE:", "’", "“", "<div class=\"article-body\">",
            "<p>", "<figure><figcaption>", "a", " ", "é",
        ]), 0..40)) {
            let s = parts.concat();
            for format in [Format::Text, Format::Html] {
                let _ = Plugin::default().parse(&doc(&s, format));
            }
        }
    }
}
