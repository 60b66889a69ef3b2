//! The only crate that writes datasets.
//!
//! [`export`] writes a [`Dataset`] (articles, claims, events, people, rejects) into an output
//! folder in the [`OutputFormat`]s asked for, and [`write_json`] writes a single JSON document
//! such as `run.json`.
//!
//! Invariants:
//! - every file is written to a temporary file in the same folder, synced and renamed into
//!   place, so a crash leaves the previous file intact ([`atomic`]);
//! - output order is the order of the slices given: callers sort, export never reorders.
#![warn(missing_docs)]

pub mod atomic;
mod error;
mod jsonl;

use std::io::Write;
use std::path::{Path, PathBuf};

use scrutiny_core::{Article, Claim, ClaimKind, Event, Reject};
use serde::{Deserialize, Serialize};

pub use error::Error;

/// A dataset format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    /// One JSON object per line, one file per dataset.
    Jsonl,
}

/// Everything a run produced, sorted.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Accepted articles, sorted by path.
    pub articles: Vec<Article>,
    /// Claims, in article order then extraction order.
    pub claims: Vec<Claim>,
    /// Merged events.
    pub events: Vec<Event>,
    /// Rejected inputs, sorted by path.
    pub rejects: Vec<Reject>,
}

/// Write `ds` into `dir` in each format; returns the files written, in order.
pub fn export(ds: &Dataset, dir: &Path, formats: &[OutputFormat]) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    let mut written = Vec::new();
    for format in formats {
        match format {
            OutputFormat::Jsonl => {
                let people: Vec<&Claim> =
                    ds.claims.iter().filter(|c| c.kind == ClaimKind::Appointment).collect();
                written.push(jsonl::write(&dir.join("articles.jsonl"), &ds.articles)?);
                written.push(jsonl::write(&dir.join("claims.jsonl"), &ds.claims)?);
                written.push(jsonl::write(&dir.join("people.jsonl"), &people)?);
                written.push(jsonl::write(&dir.join("events.jsonl"), &ds.events)?);
                written.push(jsonl::write(&dir.join("rejects.jsonl"), &ds.rejects)?);
            }
        }
    }
    Ok(written)
}

/// Write one value as pretty JSON (with a final newline), atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<PathBuf, Error> {
    atomic::write(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    Ok(path.to_owned())
}
