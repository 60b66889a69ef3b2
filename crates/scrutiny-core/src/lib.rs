//! The domain of scrutiny, shared by every other crate, with no I/O of its own.
//!
//! A [`Document`] is one input file, already read and decoded; a [`Source`] plugin turns it
//! into an [`Article`] (clean fields, body [`Block`]s, captions and the [`Removed`] boilerplate);
//! extraction turns an article into [`Claim`]s, each carrying the [`Evidence`] that supports it;
//! anything that cannot become an article becomes a [`Reject`] naming its file, [`Stage`] and reason.
//!
//! Invariants kept here:
//! - no file, network or YAML access: callers hand in bytes and strings;
//! - a [`PartialDate`] is always a real calendar date or a prefix of one ("2014", "2014-06");
//! - an article's [`Article::body`] is its blocks joined by a blank line, and evidence offsets
//!   count Unicode scalar values (chars) into that string.
//!
//! ```
//! use scrutiny_core::PartialDate;
//! let d: PartialDate = "2014-06".parse().unwrap();
//! assert!(d.is_compatible(&"2014-06-30".parse().unwrap()));
//! ```
#![warn(missing_docs)]

mod article;
mod claim;
mod date;
pub mod deadline;
mod document;
mod error;
mod event;
mod reject;
mod source;

pub use article::{Article, Block, BlockKind, FieldFound, InferredDate, Removed};
pub use claim::{Claim, ClaimKind, Evidence, Framework, Judgement, Rating, RelativeDate};
pub use date::PartialDate;
pub use document::{Document, Format, Sidecar, cmp_ids, content_id, content_id_of, id_prefix};
pub use error::Error;
pub use event::Event;
pub use reject::{Reject, RejectCode, Stage};
pub use source::{Clue, Confidence, Source, combine, is_or_under};
