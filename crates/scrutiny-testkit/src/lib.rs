//! Test support shared by scrutiny's source crates: documents, the seeds' gold, golden assertions.
//!
//! - [`doc`], [`document`], [`seed`], [`Fixtures`]: build a [`Document`](scrutiny_core::Document)
//!   as the pipeline would, but without a sidecar (detection and parsing must work from the page
//!   alone); gzipped fixtures are unpacked and HTML is decoded by the charset it declares.
//! - [`Gold`] and [`GoldArticle`]: `data/gold/seeds.yaml`; [`Expected`]: a fixture's
//!   `NAME.expected.yaml`, every field of the article it must give.
//! - The golden assertions, each message naming the page and the field: [`assert_gold`] and
//!   [`assert_gold_seeds`] (seed pages against the gold), [`assert_expected`] and
//!   [`assert_html_fixtures`] (fixtures against their expected files), [`assert_saved_page`] (a
//!   fixture table row), [`assert_none_survive`] (furniture), [`assert_confidence_on_seeds`]
//!   (detection) and [`assert_total`] (no panic, confidence in range, for property tests).
//! - [`assert_beats_generic`] with [`Known`], [`own_pages`] and [`table_pages`]: a publisher plugin scores at least the generic
//!   baseline on each of its own pages against what is known of them, and more in all.
//!
//! Invariant: this is test support, so a missing or unreadable file is a panic that names the
//! path (the failure a test should show), never a silent skip. Only `[dev-dependencies]` use it.
#![warn(missing_docs)]

mod baseline;
mod check;
mod documents;
mod gold;

pub use baseline::{Known, assert_beats_generic, own_pages, table_pages};
pub use check::{
    assert_confidence_on_seeds, assert_expected, assert_gold, assert_gold_seeds,
    assert_html_fixtures, assert_none_survive, assert_saved_page, assert_total,
};
pub use documents::{Fixtures, data_dir, decode_declared, doc, document, seed, seed_files};
pub use gold::{Expected, Gold, GoldArticle};
