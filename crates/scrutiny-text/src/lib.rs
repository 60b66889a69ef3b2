//! Helpers shared by the source plugins, so that no plugin copies another's code.
//!
//! - [`lines`]: page text as a reader copied it: lines, bullets, whitespace, captions.
//! - [`dates`]: dates and date lines as pages print them.
//! - [`bylines`]: bylines as pages print them, and person names alone on a line.
//! - [`furniture`]: page furniture as English pages print it (navigation, notices, tails).
//! - [`page`]: an article in page text read as a reader's eye reads it: headline, byline,
//!   date, body, and every line taken out with the rule that took it.
//! - [`html`]: saved HTML pages: parsing, element text, and the metadata every publisher
//!   shares (JSON-LD `NewsArticle`, Open Graph, `<time datetime>`).
//!
//! Nothing here knows a publisher: publisher rules live in their own source crate.
#![warn(missing_docs)]

pub mod bylines;
pub mod dates;
pub mod furniture;
pub mod html;
pub mod lines;
pub mod page;
