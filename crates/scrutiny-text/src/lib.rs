//! Helpers shared by the source plugins, so that no plugin copies another's code.
//!
//! - [`lines`]: page text as a reader copied it: lines, bullets, whitespace, date lines.
//! - [`html`]: saved HTML pages: parsing, element text, and the metadata every publisher
//!   shares (JSON-LD `NewsArticle`, Open Graph, `<time datetime>`).
//!
//! Nothing here knows a publisher: publisher rules live in their own source crate.
#![warn(missing_docs)]

pub mod html;
pub mod lines;
