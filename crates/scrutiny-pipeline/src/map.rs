//! The map step: one input to records (an article with its claims, or a reject), independent
//! of every other input, so it runs in parallel here and on any number of machines elsewhere.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use scrutiny_core::{
    Article, Claim, Document, Format, Reject, RejectCode, Sidecar, Stage, content_id,
    content_id_of, deadline,
};
use serde::{Deserialize, Serialize};
use tracing::warn;

use crate::Error;
use crate::cache::Cache;
use crate::definition::{Definition, StageName};
use crate::read::{Input, document, read};
use crate::registry::{ChosenBy, Registry};

/// Version of the map record schema (docs/scale-out.md); reduce refuses other versions.
pub const MAP_SCHEMA_VERSION: u32 = 1;

/// One line of map output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MapRecord {
    /// A kept article with its claims.
    Article(Box<ArticleRecord>),
    /// An input (or a record inside one) that did not become an article.
    Reject(RejectRecord),
    /// Counts of one map process, always its last line.
    Stats(MapStats),
}

/// An article as map emits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// [`MAP_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The clean article (its `path` is the source coordinate: a file, or `file@offset` in a WARC).
    pub article: Article,
    /// Its claims, with ids and article ids set.
    pub claims: Vec<Claim>,
    /// How its plugin was chosen.
    pub chosen_by: ChosenBy,
    /// Plugins that claimed it strongly, when more than one did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contested: Vec<String>,
    /// MinHash LSH band keys (the definition's dedup options): records sharing a key are
    /// candidate duplicates, so an engine may group by them.
    pub bands: Vec<u64>,
    /// The dedup signature and shingle set computed with `bands`, kept for this process's
    /// reduce so it is not computed twice (never serialized).
    #[serde(skip)]
    pub(crate) signed: Option<Box<(scrutiny_merge::Signature, Vec<u64>)>>,
}

/// A reject as map emits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectRecord {
    /// [`MAP_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The reject.
    pub reject: Reject,
}

/// What one map process saw; reduce adds them up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MapStats {
    /// [`MAP_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Records emitted (articles + rejects).
    pub records: u64,
    /// Articles emitted.
    pub articles: u64,
    /// Rejects emitted.
    pub rejects: u64,
    /// Worker time reading and parsing, in milliseconds (summed over threads).
    pub read_parse_ms: u64,
    /// Worker time extracting claims, in milliseconds (summed over threads).
    pub extract_ms: u64,
    /// Inputs answered from the content-hash cache.
    pub cache_hits: u64,
    /// Counters of the WARC reader and its prefilter, by name.
    #[serde(default)]
    pub warc: BTreeMap<String, u64>,
}

/// Everything the map step needs, built once per run.
pub struct Mapper<'a> {
    pub(crate) def: &'a Definition,
    pub(crate) registry: Registry,
    pub(crate) extractor: Option<scrutiny_extract::Extractor>,
    pub(crate) cache: Option<&'a Cache>,
    /// Built on the first WARC input, so runs without WARC never need it.
    prefilter: OnceLock<Result<Option<scrutiny_warc::Prefilter>, String>>,
    warc: Mutex<scrutiny_warc::Stats>,
    read_parse_ns: AtomicU64,
    extract_ns: AtomicU64,
    cache_hits: AtomicU64,
}

impl<'a> Mapper<'a> {
    /// A mapper for `def`, with the previous run's cache if any.
    pub fn new(def: &'a Definition, cache: Option<&'a Cache>) -> Result<Self, Error> {
        let extractor = if def.stages.contains(&StageName::Extract) {
            Some(load_extractor(def)?)
        } else {
            None
        };
        Ok(Self {
            def,
            registry: Registry::new(&def.sources),
            extractor,
            cache,
            prefilter: OnceLock::new(),
            warc: Mutex::new(scrutiny_warc::Stats::default()),
            read_parse_ns: AtomicU64::new(0),
            extract_ns: AtomicU64::new(0),
            cache_hits: AtomicU64::new(0),
        })
    }

    /// Worker times, cache hits and WARC counters so far.
    pub fn stats(&self) -> MapStats {
        let warc = self
            .warc
            .lock()
            .ok()
            .and_then(|w| serde_json::to_value(&*w).ok())
            .and_then(|v| serde_json::from_value::<BTreeMap<String, u64>>(v).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect();
        MapStats {
            warc,
            schema_version: MAP_SCHEMA_VERSION,
            read_parse_ms: self.read_parse_ns.load(Ordering::Relaxed) / 1_000_000,
            extract_ms: self.extract_ns.load(Ordering::Relaxed) / 1_000_000,
            cache_hits: self.cache_hits.load(Ordering::Relaxed),
            ..MapStats::default()
        }
    }

    /// The records of one input: one for a page, one per kept or corrupt record of a WARC file.
    pub fn map_input(&self, input: &Input) -> Vec<MapRecord> {
        if scrutiny_warc::is_warc(&input.path) {
            self.map_warc(&input.path, input.source)
        } else {
            vec![self.map_file(input)]
        }
    }

    /// Stream a WARC file: each kept HTML response becomes a document whose coordinate is
    /// `FILE@OFFSET` and whose id derives from the file's path (its exact bytes, as given: the
    /// same file named the same way on another machine gives the same ids, and two files with
    /// one name in two folders never share one) and the offset; skipped records are only counted.
    fn map_warc(&self, path: &Path, explicit: Option<&str>) -> Vec<MapRecord> {
        let name = crate::read::coordinate(path);
        let file = path.as_os_str().as_encoded_bytes();
        let mut out = Vec::new();
        let mut each = |item: scrutiny_warc::Item| match item {
            scrutiny_warc::Item::Doc(w) => {
                let started = Instant::now();
                let coordinate = format!("{name}@{:012}", w.offset);
                let id = content_id_of(&[file, format!("@{}", w.offset).as_bytes()]);
                let meta = Sidecar {
                    url: w.uri.clone(),
                    retrieved: w.date,
                    ..Sidecar::default()
                };
                match document(
                    coordinate,
                    id,
                    &w.bytes,
                    Format::Html,
                    meta,
                    &self.def.limits,
                    w.charset(),
                ) {
                    Ok(doc) => out.push(self.map_document(&doc, explicit, started)),
                    Err(r) => {
                        self.add(&self.read_parse_ns, started);
                        out.push(reject(r));
                    }
                }
            }
            scrutiny_warc::Item::Skipped { .. } => {}
            scrutiny_warc::Item::Corrupt { offset, reason } => out.push(reject(Reject::new(
                format!("{name}@{offset:012}"),
                Stage::Read,
                RejectCode::Corrupt,
                format!("WARC record at offset {offset}: {reason}"),
            ))),
        };
        let prefilter = self.prefilter.get_or_init(|| {
            if self.def.warc.prefilter {
                load_prefilter(self.def)
                    .map(Some)
                    .map_err(|e| error_chain(&e))
            } else {
                Ok(None)
            }
        });
        let prefilter = match prefilter {
            Ok(p) => p.as_ref(),
            Err(why) => {
                let why = format!("cannot build the WARC prefilter: {why}");
                return vec![reject(Reject::new(
                    &name,
                    Stage::Read,
                    RejectCode::Unreadable,
                    why,
                ))];
            }
        };
        // Opened as any input is: a named pipe or a device with a WARC name is refused, not
        // waited on or read forever.
        let unreadable =
            |why: String| reject(Reject::new(&name, Stage::Read, RejectCode::Unreadable, why));
        let file = match crate::read::open_regular(path) {
            Ok(Some((file, _))) => file,
            Ok(None) => return vec![unreadable("not a regular file".into())],
            Err(e) => return vec![unreadable(format!("cannot read file: {e}"))],
        };
        let stats = {
            let _span = tracing::debug_span!("warc", path = %name).entered();
            scrutiny_warc::read_from(file, prefilter, &mut each)
        };
        if let Ok(mut w) = self.warc.lock() {
            w.add(&stats);
        }
        out
    }

    /// The record of one input file.
    pub fn map_file(&self, input: &Input) -> MapRecord {
        let t = Instant::now();
        let doc = match read(input, &self.def.limits) {
            Ok(doc) => doc,
            Err(r) => {
                self.add(&self.read_parse_ns, t);
                return reject(r);
            }
        };
        self.map_document(&doc, input.source, t)
    }

    /// The record of one decoded document (`started` is when reading it began).
    pub fn map_document(
        &self,
        doc: &Document,
        explicit: Option<&str>,
        started: Instant,
    ) -> MapRecord {
        if let Some(hit) = self.cache.and_then(|c| c.get(&doc.id)) {
            self.cache_hits.fetch_add(1, Ordering::Relaxed);
            self.add(&self.read_parse_ns, started);
            return hit;
        }
        let limits = &self.def.limits;
        let deadline = (limits.max_document_millis > 0)
            .then(|| started + std::time::Duration::from_millis(limits.max_document_millis));
        let parsed = deadline::within(deadline, || self.parse(doc, explicit));
        self.add(&self.read_parse_ns, started);
        // Past the deadline the parsers stopped reading: whatever they made of the page's
        // first part (an article or a reject) is not what the page says.
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return reject(too_slow(doc, Stage::Parse, limits.max_document_millis));
        }
        let (mut article, chosen_by, contested) = match parsed {
            Ok(p) => p,
            Err(r) => return reject(r),
        };
        crate::limits::cut_article(&mut article, limits);
        let t = Instant::now();
        let claims = guarded(&doc.path, Stage::Extract, "extraction", || {
            self.extract(&article)
        });
        self.add(&self.extract_ns, t);
        let mut claims = match claims {
            Ok(c) => c,
            Err(r) => return reject(r),
        };
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return reject(too_slow(doc, Stage::Extract, limits.max_document_millis));
        }
        crate::limits::cut_claims(&mut article, &mut claims, limits);
        let signed = self
            .def
            .stages
            .contains(&StageName::Merge)
            .then(|| Box::new(scrutiny_merge::signature_of(&article, &self.def.dedup)));
        let bands = signed
            .as_ref()
            .map(|s| s.0.bands.clone())
            .unwrap_or_default();
        MapRecord::Article(Box::new(ArticleRecord {
            schema_version: MAP_SCHEMA_VERSION,
            article,
            claims,
            chosen_by,
            contested,
            bands,
            signed,
        }))
    }

    fn add(&self, counter: &AtomicU64, since: Instant) {
        counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    fn parse(
        &self,
        doc: &Document,
        explicit: Option<&str>,
    ) -> Result<(Article, ChosenBy, Vec<String>), Reject> {
        let choice = self.registry.choose(doc, explicit).map_err(|(code, why)| {
            let stage = if code == RejectCode::BadSidecar {
                Stage::Read
            } else {
                Stage::Parse
            };
            Reject::new(&doc.path, stage, code, why)
        })?;
        let name = choice.plugin.name();
        if !choice.contested.is_empty() {
            warn!(path = %doc.path, plugins = ?choice.contested, chosen = name, "Page claimed strongly by several plugins.");
        }
        let contested = choice.contested.iter().map(|s| (*s).to_owned()).collect();
        // A plugin bug must cost one page, not the run.
        let what = format!("source `{name}`");
        let parsed = guarded(&doc.path, Stage::Parse, &what, || choice.plugin.parse(doc))?;
        parsed.map(|article| (article, choice.by, contested))
    }

    fn extract(&self, article: &Article) -> Vec<Claim> {
        let Some(extractor) = &self.extractor else {
            return Vec::new();
        };
        let mut claims = extractor.extract(article);
        for (i, c) in claims.iter_mut().enumerate() {
            c.article = article.id.clone();
            c.id = content_id(format!("{}:{i}", article.id).as_bytes());
        }
        claims
    }
}

/// Run one stage's work on one page so that a bug (a panic) costs the page, not the run: the
/// page becomes a reject `internal` naming the stage's `what` and the panic's message.
fn guarded<T>(path: &str, stage: Stage, what: &str, f: impl FnOnce() -> T) -> Result<T, Reject> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let why = format!("{what} failed on this page (internal error: {msg})");
        Reject::new(path, stage, RejectCode::Internal, why)
    })
}

/// The reject of a page that took longer than `limits.max_document_millis`.
fn too_slow(doc: &Document, stage: Stage, millis: u64) -> Reject {
    let why = format!(
        "reading, parsing and extracting the page took longer than the limit \
         (limits.max_document_millis) of {millis} ms"
    );
    Reject::new(&doc.path, stage, RejectCode::OverLimit, why)
}

fn reject(reject: Reject) -> MapRecord {
    MapRecord::Reject(RejectRecord {
        schema_version: MAP_SCHEMA_VERSION,
        reject,
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!(": {s}"));
        source = s.source();
    }
    out
}

fn load_prefilter(def: &Definition) -> Result<scrutiny_warc::Prefilter, Error> {
    let csv = def.extract.gazetteer_csv()?;
    scrutiny_warc::Prefilter::from_gazetteer_csv(&csv).map_err(|e| Error::Gazetteer {
        path: def.extract.gazetteer_path(),
        source: Box::new(e),
    })
}

fn load_extractor(def: &Definition) -> Result<scrutiny_extract::Extractor, Error> {
    let csv = def.extract.gazetteer_csv()?;
    let gazetteer = scrutiny_extract::Gazetteer::from_csv(&csv).map_err(|e| Error::Gazetteer {
        path: def.extract.gazetteer_path(),
        source: Box::new(e),
    })?;
    Ok(scrutiny_extract::Extractor::new(
        gazetteer,
        def.extract.options.clone(),
    ))
}

impl MapRecord {
    /// The source coordinate records are ordered by (the same order `scrutiny run` uses).
    pub fn path(&self) -> &str {
        match self {
            MapRecord::Article(a) => &a.article.path,
            MapRecord::Reject(r) => &r.reject.path,
            MapRecord::Stats(_) => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_stage_costs_the_page_as_an_internal_reject() {
        let ok = guarded("a.txt", Stage::Extract, "extraction", || 7);
        assert_eq!(ok.ok(), Some(7));
        let failed = guarded("a.txt", Stage::Extract, "extraction", || -> u8 {
            panic!("begin > end (84 > 75)")
        });
        let r = failed.unwrap_err();
        assert_eq!((r.stage, r.code), (Stage::Extract, RejectCode::Internal));
        assert_eq!(r.path, "a.txt");
        assert!(r.reason.contains("extraction failed"), "{}", r.reason);
        assert!(r.reason.contains("begin > end"), "{}", r.reason);
    }
}
