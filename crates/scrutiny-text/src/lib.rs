//! Helpers shared by the source plugins, so that no plugin copies another's code.
//!
//! - [`lines`]: page text as a reader copied it: lines, bullets, whitespace, captions.
//! - [`dates`]: dates and date lines as pages print them.
//! - [`bylines`]: bylines as pages print them, and person names alone on a line.
//! - [`html`]: saved HTML pages: parsing, element text, and the metadata every publisher
//!   shares (JSON-LD `NewsArticle`, Open Graph, `<time datetime>`).
//!
//! Nothing here knows a publisher: publisher rules live in their own source crate.
#![warn(missing_docs)]

pub mod bylines;
pub mod dates;
pub mod html;
pub mod lines;
