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

    /// How sure the plugin is, from the page's own signatures, that it can read this document.
    fn confidence(&self, doc: &Document) -> Confidence;

    /// Parse the document into an article, or reject it.
    fn parse(&self, doc: &Document) -> Result<Article, Reject>;
}
