//! The error type of the core crate.

/// What can go wrong inside the domain types themselves.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A date string that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or not a real date.
    #[error("Invalid partial date `{text}`: {why}")]
    InvalidDate {
        /// The text as given.
        text: String,
        /// Why it was refused.
        why: &'static str,
    },
    /// A source plugin could not turn a document into an article.
    #[error("{0}")]
    Parse(String),
}
