//! The source-plugin trait: one implementation per publisher layout.

use crate::{Article, Document, Reject};

/// How sure a plugin is that a document is its publisher's, from 0.0 (not at all) to 1.0.
pub type Confidence = f32;

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

    /// How sure the plugin is, from the page's own signatures, that it can read this document.
    fn confidence(&self, doc: &Document) -> Confidence;

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
        fn confidence(&self, _: &Document) -> Confidence {
            0.0
        }
        fn parse(&self, doc: &Document) -> Result<Article, Reject> {
            Ok(Article::for_document(doc, "hosted"))
        }
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
