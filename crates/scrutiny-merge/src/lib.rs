//! The merge stage: near-duplicate clustering of articles, then claims merged into canonical events.
//!
//! [`dedup`] gives every [`Article`](scrutiny_core::Article) a `cluster` and, unless it is the
//! representative, a `duplicate_of`: exact copies by a hash of their words, near-copies by
//! word-shingle MinHash with banded LSH, each candidate pair confirmed by exact Jaccard
//! similarity against [`Options::threshold`]. Cost is linear in the number of articles.
//! [`merge`] turns [`Claim`](scrutiny_core::Claim)s into [`Event`](scrutiny_core::Event)s (one per
//! authority, kind, judgement and inspection) and returns them in [`Merged`] with the dates it
//! inferred across articles and one [`Timeline`] per authority. [`corpus`] generates pages with
//! known duplicate clusters for tests and benchmarks.
//!
//! Invariants: no article is dropped; no IO; results depend on content and ids only, never on
//! input order between articles or on thread count; no date is invented, every inferred date
//! names its basis. The rules are written out in `docs/merge.md`.
#![warn(missing_docs)]

pub mod corpus;
mod dedup;
mod merge;
pub mod minhash;
mod options;

pub use dedup::{
    DedupHead, DedupStats, Signature, article_band_keys, dedup, dedup_exact, dedup_signed,
    signature_of,
};
pub use merge::{
    ArticleDate, ClaimDate, MergeArticle, Merged, Timeline, TimelineEntry, merge, merge_articles,
};
pub use options::{MAX_SIGNATURE, Options};

/// What can go wrong in the merge stage: only a configuration that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An option out of its range.
    #[error("Invalid merge option `{field}`: {why}")]
    InvalidOption {
        /// The option's name.
        field: &'static str,
        /// Why it was refused.
        why: String,
    },
    /// The caller could not give the shingles of an article in a candidate pair.
    #[error("The words of an article to compare could not be read")]
    NoShingles,
    /// More articles than one run can index.
    #[error("Too many articles for one dedup run: {0}")]
    TooMany(usize),
}
