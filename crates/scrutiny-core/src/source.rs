//! The source-plugin trait: one implementation per publisher layout.

use crate::{Article, Document, Reject};

/// How sure a plugin is that a document is its publisher's, from 0.0 (not at all) to 1.0.
pub type Confidence = f32;

/// One thing a page shows that says it is a plugin's publisher's, with how much it alone says
/// so (0.0 to 1.0): the chance that a page showing it is the publisher's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clue {
    /// What the page shows, in a few words (for logs and tests).
    pub what: &'static str,
    /// How much this clue alone says the page is the publisher's.
    pub weight: f32,
}

impl Clue {
    /// The clue `what` with its `weight`, when the page shows it (`found`).
    pub fn when(found: bool, what: &'static str, weight: f32) -> Option<Clue> {
        found.then_some(Clue { what, weight })
    }
}

/// The one rule every plugin's confidence is computed by: clues are taken as independent, so
/// the page is not the publisher's only if every clue misleads, `1 - Π(1 - weight)`. A weight is
/// clamped to 0..=1 (a NaN counts as 0); no clue gives 0. Adding a clue never lowers the result
/// and one clue alone gives its own weight, so weights read the same in every plugin.
pub fn combine<'a>(clues: impl IntoIterator<Item = &'a Clue>) -> Confidence {
    let doubt: f32 = clues
        .into_iter()
        .map(|c| {
            let w = if c.weight.is_nan() {
                0.0
            } else {
                c.weight.clamp(0.0, 1.0)
            };
            1.0 - w
        })
        .product();
    (1.0 - doubt).clamp(0.0, 1.0)
}

/// A source plugin turns the pages of one publisher layout into clean articles.
///
/// Plugins never depend on each other. They must not panic on any input: a page they cannot
/// read is a [`Reject`], not an error that stops the run.
pub trait Source: Send + Sync {
    /// The plugin's registry name, e.g. `bbc`.
    fn name(&self) -> &'static str;

    /// URL hosts this publisher serves pages from (without `www.`); a suffix match counts.
    fn hosts(&self) -> &[&'static str] {
        &[]
    }

    /// Whether a page from `host` (lowercase, without `www.`) is this publisher's whatever it
    /// says: by default, a host of [`hosts`](Self::hosts) or a subdomain of one. A plugin
    /// whose hosts are shared with others (councils under `gov.uk`) narrows it.
    fn serves_host(&self, host: &str) -> bool {
        self.hosts().iter().any(|h| is_or_under(host, h))
    }

    /// What the page itself shows (its own text or markup, never the sidecar) that says it is
    /// this publisher's, each clue with its weight.
    fn clues(&self, doc: &Document) -> Vec<Clue>;

    /// How sure the plugin is, from the page's own signatures, that it can read this document:
    /// its [`clues`](Self::clues) put together by [`combine`]. Plugins do not override it, so
    /// that every plugin's confidence means the same and the registry can compare them.
    fn confidence(&self, doc: &Document) -> Confidence {
        combine(&self.clues(doc))
    }

    /// Parse the document into an article, or reject it.
    fn parse(&self, doc: &Document) -> Result<Article, Reject>;
}

/// Whether `host` is `domain` or one of its subdomains (`news.bbc.co.uk` is under `bbc.co.uk`;
/// `notbbc.co.uk` is not).
pub fn is_or_under(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Hosted;

    impl Source for Hosted {
        fn name(&self) -> &'static str {
            "hosted"
        }
        fn hosts(&self) -> &[&'static str] {
            &["bbc.co.uk"]
        }
        fn clues(&self, _: &Document) -> Vec<Clue> {
            Vec::new()
        }
        fn parse(&self, doc: &Document) -> Result<Article, Reject> {
            Ok(Article::for_document(doc, "hosted"))
        }
    }

    #[test]
    fn clues_combine_as_independent_evidence() {
        let clue = |weight| Clue { what: "x", weight };
        assert_eq!(combine(&[]), 0.0);
        assert!(
            (combine(&[clue(0.6)]) - 0.6).abs() < 1e-6,
            "one clue is its weight"
        );
        assert!((combine(&[clue(0.5), clue(0.5)]) - 0.75).abs() < 1e-6);
        assert!(combine(&[clue(0.5), clue(0.2)]) > combine(&[clue(0.5)]));
        assert_eq!(combine(&[clue(1.5)]), 1.0, "weights are clamped");
        assert_eq!(combine(&[clue(f32::NAN), clue(-1.0)]), 0.0);
        assert_eq!(Clue::when(false, "x", 0.5), None);
    }

    #[test]
    fn a_host_or_its_subdomains_are_served() {
        assert!(Hosted.serves_host("bbc.co.uk"));
        assert!(Hosted.serves_host("news.bbc.co.uk"));
        assert!(!Hosted.serves_host("notbbc.co.uk"));
        assert!(!Hosted.serves_host("co.uk"));
        assert!(is_or_under("a.b.c", "b.c") && !is_or_under("ab.c", "b.c"));
    }
}
