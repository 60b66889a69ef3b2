//! The content-hash cache: a rerun answers unchanged inputs from the previous run's records.
//!
//! Kept in `OUT/.cache/records.jsonl`: a header line with the fingerprint of everything that
//! shapes a record (the definition text, the gazetteer, the tool version), then one article
//! record per line keyed by its document id (a hash of path and bytes). A different
//! fingerprint, or an unreadable cache, is simply a cold start: the cache only ever saves work.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use scrutiny_core::content_id;
use serde::{Deserialize, Serialize};

use crate::definition::Definition;
use crate::map::MapRecord;

#[derive(Serialize, Deserialize)]
struct Header {
    fingerprint: String,
}

/// Records of the previous run, by document id.
#[derive(Debug, Default)]
pub struct Cache {
    entries: HashMap<String, String>,
}

/// Where a run's cache lives.
pub fn path(out: &Path) -> PathBuf {
    out.join(".cache").join("records.jsonl")
}

/// The fingerprint of what shapes a record: definition, gazetteer bytes, tool version.
pub fn fingerprint(def: &Definition) -> String {
    let gazetteer = std::fs::read(&def.extract.gazetteer.0).unwrap_or_default();
    let mut key = format!("{}\n{}\n", env!("CARGO_PKG_VERSION"), def.source_hash).into_bytes();
    key.extend_from_slice(&gazetteer);
    content_id(&key)
}

impl Cache {
    /// The cache in `out`, if it exists and was made with this fingerprint.
    pub fn load(out: &Path, fingerprint: &str) -> Option<Cache> {
        let text = std::fs::read_to_string(path(out)).ok()?;
        let mut lines = text.lines();
        let header: Header = serde_json::from_str(lines.next()?).ok()?;
        if header.fingerprint != fingerprint {
            tracing::info!("The cache was made by another definition or version; starting cold.");
            return None;
        }
        let mut entries = HashMap::new();
        for line in lines {
            let (id, record) = line.split_once('\t')?;
            entries.insert(id.to_owned(), record.to_owned());
        }
        Some(Cache { entries })
    }

    /// The cached record of a document, if any (a corrupt entry is a miss).
    pub fn get(&self, id: &str) -> Option<MapRecord> {
        serde_json::from_str(self.entries.get(id)?).ok()
    }

    /// Number of cached records.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The next run's cache, written as this run's article records come (atomically: the old
/// cache stays until [`Writer::commit`]).
pub struct Writer(scrutiny_export::atomic::StagedWriter);

impl Writer {
    /// Start the cache of `out` for `fingerprint`.
    pub fn new(out: &Path, fingerprint: &str) -> Result<Self, scrutiny_export::Error> {
        let file = path(out);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|source| scrutiny_export::Error::Io {
                path: dir.to_owned(),
                source,
            })?;
        }
        let mut w = scrutiny_export::atomic::StagedWriter::new(&file)?;
        let header = serde_json::to_vec(&Header {
            fingerprint: fingerprint.to_owned(),
        })
        .unwrap_or_default();
        w.write_all(&header)?;
        w.write_all(b"\n")?;
        Ok(Self(w))
    }

    /// Add the record of article `id`, already serialized (`json`, one line).
    pub fn add(&mut self, id: &str, json: &[u8]) -> Result<(), scrutiny_export::Error> {
        self.0.write_all(id.as_bytes())?;
        self.0.write_all(b"\t")?;
        self.0.write_all(json)?;
        self.0.write_all(b"\n")
    }

    /// Put the cache in place.
    pub fn commit(self) -> Result<(), scrutiny_export::Error> {
        scrutiny_export::atomic::commit(vec![self.0.finish()?]).map(|_| ())
    }
}
