//! The content-hash cache: a rerun answers unchanged inputs from the previous run's records.
//!
//! Kept in `OUT/.cache/records.jsonl`: a header line with the fingerprint of everything that
//! shapes a record (the definition text, the gazetteer, the tool version and build), then one article
//! record per line keyed by its document id (a hash of path and bytes). A different
//! fingerprint, or an unreadable cache, is simply a cold start: the cache only ever saves work.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use scrutiny_core::content_id;
use serde::{Deserialize, Serialize};

use crate::definition::Definition;
use crate::map::MapRecord;

#[derive(Serialize, Deserialize)]
struct Header {
    fingerprint: String,
}

/// Records of the previous run, by document id. Only ids and offsets are held: a record is
/// read from the file when its input comes round, so a rerun's memory does not hold every
/// article of the previous run.
#[derive(Debug)]
pub struct Cache {
    /// The previous run's cache file, open for the whole map step.
    file: File,
    /// Where each record's JSON is in `file`: offset and length.
    entries: HashMap<String, (u64, u32)>,
}

/// Where a run's cache lives.
pub fn path(out: &Path) -> PathBuf {
    out.join(".cache").join("records.jsonl")
}

/// The fingerprint of what shapes a record: definition, gazetteer bytes, tool version and build.
pub fn fingerprint(def: &Definition) -> String {
    // An unreadable gazetteer fails the run (building the mapper) before any cache is written.
    let gazetteer = def.extract.gazetteer_csv().unwrap_or_default();
    let mut key = format!(
        "{}\n{}\n{}\n",
        env!("CARGO_PKG_VERSION"),
        build(),
        def.source_hash
    )
    .into_bytes();
    key.extend_from_slice(gazetteer.as_bytes());
    content_id(&key)
}

/// The running executable's size and modification time: a rebuilt binary reads pages with
/// different rules under the same version number, so its cache starts cold. Where the
/// executable cannot be looked at, the version alone keys the cache.
fn build() -> String {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    match meta {
        Ok(m) => {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        }
        Err(_) => String::new(),
    }
}

impl Cache {
    /// The cache in `out`, if it exists and was made with this fingerprint.
    pub fn load(out: &Path, fingerprint: &str) -> Option<Cache> {
        let file = File::open(path(out)).ok()?;
        let mut reader = BufReader::with_capacity(1 << 16, &file);
        let mut line = Vec::new();
        reader.read_until(b'\n', &mut line).ok()?;
        let header: Header = serde_json::from_slice(line.strip_suffix(b"\n")?).ok()?;
        if header.fingerprint != fingerprint {
            tracing::info!("The cache was made by another definition or version; starting cold.");
            return None;
        }
        let mut at = line.len() as u64;
        let mut entries = HashMap::new();
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line).ok()?;
            if n == 0 {
                break;
            }
            // A line cut short (no newline) or without a key means the file was damaged after
            // it was put in place whole: trust none of it, and start cold.
            let body = line.strip_suffix(b"\n")?;
            let tab = body.iter().position(|&b| b == b'\t')?;
            let id = std::str::from_utf8(&body[..tab]).ok()?;
            let len = u32::try_from(body.len() - tab - 1).ok()?;
            entries.insert(id.to_owned(), (at + tab as u64 + 1, len));
            at += n as u64;
        }
        Some(Cache { file, entries })
    }

    /// The cached record of a document, if any (a corrupt or unreadable entry is a miss).
    pub fn get(&self, id: &str) -> Option<MapRecord> {
        let &(at, len) = self.entries.get(id)?;
        let mut buf = vec![0u8; len as usize];
        crate::spool::read_exact_at(&self.file, &mut buf, at).ok()?;
        serde_json::from_slice(&buf).ok()
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

#[cfg(test)]
mod tests {
    use scrutiny_core::{Reject, RejectCode, Stage};

    use super::*;
    use crate::map::{MAP_SCHEMA_VERSION, RejectRecord};

    fn record(path: &str) -> MapRecord {
        MapRecord::Reject(RejectRecord {
            schema_version: MAP_SCHEMA_VERSION,
            reject: Reject::new(path, Stage::Read, RejectCode::Unreadable, "a test record"),
        })
    }

    fn write(out: &Path, fingerprint: &str, records: &[(&str, &MapRecord)]) {
        let mut w = Writer::new(out, fingerprint).unwrap();
        for (id, r) in records {
            w.add(id, &serde_json::to_vec(r).unwrap()).unwrap();
        }
        w.commit().unwrap();
    }

    #[test]
    fn records_are_read_back_by_id_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (record("a.txt"), record("b\ttab\u{e9}.txt"));
        write(dir.path(), "f1", &[("id-a", &a), ("id-b", &b)]);
        let cache = Cache::load(dir.path(), "f1").unwrap();
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get("id-b"), Some(b));
        assert_eq!(cache.get("id-a"), Some(a));
        assert_eq!(cache.get("id-c"), None);
        // The next run's cache replaces the file; the open one is still the old run's.
        write(dir.path(), "f1", &[]);
        assert!(cache.get("id-a").is_some());
        assert!(Cache::load(dir.path(), "f1").unwrap().is_empty());
    }

    #[test]
    fn another_fingerprint_or_a_cut_line_is_a_cold_start_and_a_bad_entry_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "f1", &[("id-a", &record("a.txt"))]);
        assert!(Cache::load(dir.path(), "f2").is_none());
        let file = path(dir.path());
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str("id-bad\t{\"type\":\"nonsense\"}\n");
        std::fs::write(&file, &text).unwrap();
        let cache = Cache::load(dir.path(), "f1").unwrap();
        assert_eq!(
            cache.get("id-bad"),
            None,
            "an entry that does not parse is a miss"
        );
        assert!(cache.get("id-a").is_some());
        text.push_str("id-cut\t{\"type\":");
        std::fs::write(&file, &text).unwrap();
        assert!(Cache::load(dir.path(), "f1").is_none());
        std::fs::write(&file, "not a header\n").unwrap();
        assert!(Cache::load(dir.path(), "f1").is_none());
    }
}
