//! Reject records: an input that did not become an article, and why.

use serde::{Deserialize, Serialize};

/// The pipeline stage at which an input was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the file and its sidecar.
    Read,
    /// Decoding bytes into text.
    Decode,
    /// A source plugin turning text into an article.
    Parse,
    /// Turning an article into claims.
    Extract,
}

/// The reason for a reject, as a stable code (the `reason` field says it in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The file could not be read (permissions, vanished, not a regular file).
    Unreadable,
    /// A truncated or damaged record inside a container file (a WARC record); the rest of the
    /// file is still read.
    Corrupt,
    /// The sidecar is not valid YAML of the expected shape.
    BadSidecar,
    /// The file has no bytes, or only whitespace.
    Empty,
    /// The file is larger than the pipeline's limit.
    TooLarge,
    /// The bytes are not text (NUL bytes or control characters).
    Binary,
    /// The bytes are not valid in any encoding we could determine.
    Undecodable,
    /// HTML nested deeper than the pipeline's limit.
    TooDeep,
    /// Past another of the pipeline's per-page budgets (elements or lines, attributes on one
    /// element, time); the reason names the limit.
    OverLimit,
    /// The page has no article body.
    NoBody,
    /// The plugin failed for another reason.
    ParseFailed,
    /// A bug in scrutiny met this page (a panic, caught so that it costs one page, not the
    /// run); the reason says in which stage and what it said.
    Internal,
}

/// One input that did not become an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The input path.
    pub path: String,
    /// The stage that rejected it.
    pub stage: Stage,
    /// Stable reason code.
    pub code: RejectCode,
    /// The reason in words, naming the file position where one is known.
    pub reason: String,
}

impl Reject {
    /// A reject record.
    pub fn new(
        path: impl Into<String>,
        stage: Stage,
        code: RejectCode,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            stage,
            code,
            reason: reason.into(),
        }
    }
}
