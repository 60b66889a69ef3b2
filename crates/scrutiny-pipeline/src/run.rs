//! The runner: `run` is the map step over every input (in parallel) followed by the reduce
//! step, so `scrutiny run` and `scrutiny map | scrutiny reduce` share one code path.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use scrutiny_core::{Article, Claim, Reject};
use scrutiny_export::{ArticleHead, ArticleRow, Dataset};
use scrutiny_merge::Signature;
use serde::Serialize;
use tracing::{info, info_span, warn};

use crate::Error;
use crate::cache::{self, Cache};
use crate::definition::{Definition, StageName, expand_glob};
use crate::map::{MapRecord, MapStats, Mapper};
use crate::read::{Input, is_sidecar, sidecar_names};
use crate::{readahead, spool};

/// How to run a definition.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Replace the definition's inputs with these paths or globs (folders are walked).
    pub inputs: Vec<String>,
    /// Replace the definition's output folder.
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core).
    pub threads: Option<usize>,
    /// Draw a progress bar when stderr is a terminal.
    pub progress: bool,
    /// Compute everything but write nothing.
    pub dry_run: bool,
    /// Ignore and do not write the content-hash cache.
    pub no_cache: bool,
    /// Run (and write empty datasets) when the inputs hold no page, instead of refusing.
    pub allow_empty: bool,
}

/// Counts and timings of one run, written as `run.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// Always `scrutiny`.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// The definition file.
    pub pipeline: String,
    /// The definition's name.
    pub name: String,
    /// Worker threads used (outputs do not depend on it).
    pub threads: usize,
    /// Inputs (files, or records inside WARC files) that ended as an article or a reject.
    pub inputs: usize,
    /// Inputs that became articles.
    pub articles: usize,
    /// Inputs that became rejects.
    pub rejects: usize,
    /// Per stage: items in and out, and time.
    pub stages: Vec<StageReport>,
    /// Articles per source plugin.
    pub sources: BTreeMap<String, usize>,
    /// How plugins were chosen.
    pub chosen_by: BTreeMap<String, usize>,
    /// Pages two or more plugins claimed strongly.
    pub contested: Vec<Contested>,
    /// Rejects per reason code.
    pub rejects_by_reason: BTreeMap<String, usize>,
    /// Articles per input encoding.
    pub encodings: BTreeMap<String, usize>,
    /// Inputs answered from the content-hash cache.
    pub cache_hits: u64,
    /// WARC reader and prefilter counters.
    pub warc: BTreeMap<String, u64>,
    /// Files written, in order.
    pub outputs: Vec<String>,
    /// Total wall time in milliseconds.
    pub millis: u128,
    /// Peak resident memory of the process in KiB (Linux `VmHWM`; absent elsewhere).
    pub peak_rss_kib: Option<u64>,
}

/// One stage's counts.
#[derive(Debug, Clone, Serialize)]
pub struct StageReport {
    /// Stage name.
    pub stage: &'static str,
    /// Items in.
    pub input: usize,
    /// Items out.
    pub output: usize,
    /// Milliseconds: worker time summed over threads for per-document stages
    /// (`read_parse`, `extract`), wall time for the others.
    pub millis: u128,
}

/// A page claimed strongly by more than one plugin.
#[derive(Debug, Clone, Serialize)]
pub struct Contested {
    /// The input path.
    pub path: String,
    /// The plugins that claimed it, in registry order.
    pub plugins: Vec<String>,
    /// The plugin that won.
    pub chosen: String,
}

/// The result of a run: the dataset and the report.
pub struct RunOutput {
    /// Claims, events and rejects; articles only on a dry run (otherwise they were streamed from
    /// the spool into the outputs and are not held).
    pub dataset: Dataset,
    /// Counts and timings.
    pub report: RunReport,
}

/// Run a loaded definition. `pipeline` names the definition file in the report.
pub fn run(def: &Definition, pipeline: &str, opts: &RunOptions) -> Result<RunOutput, Error> {
    let started = Instant::now();
    let pool = pool(opts.threads)?;
    let run_span = info_span!(
        "run",
        pipeline,
        inputs = tracing::field::Empty,
        threads = pool.current_num_threads()
    );
    let _run = run_span.enter();
    let out_dir = opts.out.clone().unwrap_or_else(|| def.outputs.dir.clone());
    if !opts.dry_run {
        check_output_folder(&out_dir, &entries(def, &opts.inputs))?;
    }
    let use_cache = def.outputs.cache && !opts.no_cache && !opts.dry_run;
    let fingerprint = cache::fingerprint(def);
    let cache = if use_cache {
        Cache::load(&out_dir, &fingerprint)
    } else {
        None
    };
    // Walking the input folders and building the mapper (compiling the extraction patterns)
    // are independent: with two threads they overlap.
    let (inputs, mapper) = pool.join(
        || collect_inputs(def, &opts.inputs),
        || Mapper::new(def, cache.as_ref()),
    );
    let inputs = inputs?;
    if inputs.is_empty() && !opts.allow_empty {
        // Nothing to do is more likely a wrong folder than a wish for empty datasets.
        let named = if opts.inputs.is_empty() {
            def.inputs.iter().map(|i| i.glob.clone()).collect()
        } else {
            opts.inputs.clone()
        };
        return Err(Error::NoInputs(named));
    }
    let mapper = mapper?;
    run_span.record("inputs", inputs.len());
    let want = if use_cache {
        Want::RecordJson
    } else {
        Want::Spool
    };

    let progress = progress_bar(opts.progress, inputs.len() as u64);
    let stage = info_span!("map");
    let mut reducer = Reducer::new(def, (!opts.dry_run).then_some(out_dir.as_path()))?;
    reducer.expect(inputs.len());
    let mut cache_out = if use_cache {
        Some(cache::Writer::new(&out_dir, &fingerprint)?)
    } else {
        None
    };
    // Bounded chunks: workers map and serialize a chunk, then its records go to the spool in
    // input order, so memory holds two chunks of articles, not all of them. A chunk's records
    // are spooled while the next chunk is mapped: spooling is serial, and done between chunks
    // it left every other worker idle.
    let map_chunk = |chunk: &[Input]| -> Vec<Result<Prepared, Error>> {
        chunk
            .par_iter()
            .flat_map_iter(|input| {
                let _doc =
                    info_span!(parent: &stage, "doc", path = %input.path.display()).entered();
                let records = mapper.map_input(input);
                progress.inc(1);
                records
            })
            .map(|r| Prepared::new(r, &def.dedup, want))
            .collect()
    };
    let mut spool_all = |prepared: Vec<Result<Prepared, Error>>| -> Result<(), Error> {
        for p in prepared {
            let p = p?;
            if let (Some(c), Prepared::Article(a)) = (&mut cache_out, &p) {
                c.add(&a.head.id, &a.json)?;
            }
            reducer.push(p)?;
        }
        Ok(())
    };
    let mut mapped: Vec<Result<Prepared, Error>> = Vec::new();
    in_chunks(&inputs, def.limits.max_file_bytes, |chunk| {
        let before = std::mem::take(&mut mapped);
        let (next, spooled) = pool.join(|| map_chunk(chunk), || spool_all(before));
        mapped = next;
        spooled
    })?;
    spool_all(mapped)?;
    progress.finish_and_clear();
    reducer.stats.push(mapper.stats());
    // The old cache is read in place until here; close it before the new one replaces it
    // (some systems refuse to rename over an open file).
    drop(mapper);
    drop(cache);
    if let Some(c) = cache_out {
        c.commit()?;
    }
    reducer.finish(pipeline, opts, pool, started)
}

/// Inputs mapped per round of workers before their records are spooled.
const MAP_CHUNK: usize = 512;

/// Call `each` on the inputs a chunk at a time. While it works on one chunk, the disk reads
/// the next chunk's files (and, at the start, the first chunk's all at once instead of one per
/// worker at a time): see `readahead`.
fn in_chunks(
    inputs: &[Input],
    max_bytes: u64,
    mut each: impl FnMut(&[Input]) -> Result<(), Error>,
) -> Result<(), Error> {
    let chunks: Vec<&[Input]> = inputs.chunks(MAP_CHUNK).collect();
    let advise = |chunk: &[Input]| readahead::advise(chunk, max_bytes);
    for (i, &chunk) in chunks.iter().enumerate() {
        std::thread::scope(|scope| {
            // Advice only: a thread that cannot be started costs the read-ahead, not the run.
            let _ = std::thread::Builder::new()
                .name("scrutiny-readahead".into())
                .spawn_scoped(scope, || {
                    if i == 0 {
                        advise(chunk);
                    }
                    if let Some(next) = chunks.get(i + 1) {
                        advise(next);
                    }
                });
            each(chunk)
        })?;
    }
    Ok(())
}

/// Reduce map records (from any number of map outputs, in any order) into datasets, exactly
/// as `run` would have: the same sort, dedup, merge and export.
pub fn reduce(
    def: &Definition,
    pipeline: &str,
    records: Vec<MapRecord>,
    opts: &RunOptions,
) -> Result<RunOutput, Error> {
    let mut reduce = Reduce::new(def, opts)?;
    for r in records {
        reduce.push(r)?;
    }
    reduce.finish(pipeline, opts)
}

/// A reduce fed one map record at a time (`scrutiny reduce` streams its inputs through it):
/// articles go to the spool as they come, so memory holds heads and claims only.
pub struct Reduce<'a> {
    reducer: Reducer<'a>,
    started: Instant,
}

impl<'a> Reduce<'a> {
    /// A reduce for `def`, spooling into the output folder of `opts` (or the system temp
    /// folder on a dry run).
    pub fn new(def: &'a Definition, opts: &RunOptions) -> Result<Self, Error> {
        let started = Instant::now();
        let out = opts.out.clone().unwrap_or_else(|| def.outputs.dir.clone());
        Ok(Self {
            reducer: Reducer::new(def, (!opts.dry_run).then_some(out.as_path()))?,
            started,
        })
    }

    /// Take one record.
    pub fn push(&mut self, record: MapRecord) -> Result<(), Error> {
        match record {
            MapRecord::Stats(s) => {
                self.reducer.stats.push(s);
                Ok(())
            }
            r => self
                .reducer
                .push(Prepared::new(r, &self.reducer.def.dedup, Want::RecordJson)?),
        }
    }

    /// Dedup, merge and export what was pushed.
    pub fn finish(self, pipeline: &str, opts: &RunOptions) -> Result<RunOutput, Error> {
        let pool = pool(opts.threads)?;
        self.reducer.finish(pipeline, opts, pool, self.started)
    }
}

/// A map record made ready for the spool (in the worker that mapped it).
enum Prepared {
    Article(Box<PreparedArticle>),
    Reject(Reject),
    Stats(MapStats),
}

struct PreparedArticle {
    /// The whole record as JSON, when wanted: the cache's line, and the digest reduce uses
    /// to count a record seen twice once. Empty otherwise.
    json: Vec<u8>,
    /// The article alone, encoded for the spool.
    article: Vec<u8>,
    shingles: Vec<u64>,
    head: ArticleHead,
    signature: Signature,
    claims: Vec<Claim>,
    chosen_by: String,
    encoding: String,
    contested: Vec<String>,
}

/// What to make of a record besides its spool entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Only the spool entry: a single run that keeps no cache (its inputs are distinct, so
    /// no record can arrive twice).
    Spool,
    /// Also the record's JSON (for the cache, or for reduce's duplicate check).
    RecordJson,
}

impl Prepared {
    fn new(record: MapRecord, dedup: &scrutiny_merge::Options, want: Want) -> Result<Self, Error> {
        let json = match &record {
            MapRecord::Article(_) if want == Want::RecordJson => {
                serde_json::to_vec(&record).map_err(|e| Error::Spool(e.into()))?
            }
            _ => Vec::new(),
        };
        Ok(match record {
            MapRecord::Article(a) => {
                let mut a = *a;
                let article = spool::encode(&a.article)?;
                let (signature, shingles) = match a.signed.take() {
                    Some(signed) => *signed,
                    None => scrutiny_merge::signature_of(&a.article, dedup),
                };
                Prepared::Article(Box::new(PreparedArticle {
                    json,
                    article,
                    shingles,
                    head: ArticleHead::of(&a.article),
                    signature,
                    claims: a.claims,
                    chosen_by: label(&a.chosen_by),
                    encoding: a.article.encoding,
                    contested: a.contested,
                }))
            }
            MapRecord::Reject(r) => Prepared::Reject(r.reject),
            MapRecord::Stats(s) => Prepared::Stats(s),
        })
    }
}

/// What reduce keeps of one article: its head, signature, claims and where its text is.
/// **Invariant:** no body, boilerplate or caption text (those stay in the spool).
#[derive(Debug)]
struct Entry {
    head: ArticleHead,
    signature: Signature,
    span: spool::Span,
    /// Hash of the record's JSON: records seen twice (one input in two shards) count once.
    /// A single run without a cache leaves the JSON empty (its paths are distinct anyway).
    digest: u128,
    /// Its claims, in the reducer's `claims`.
    claims: std::ops::Range<usize>,
    chosen_by: String,
    encoding: String,
    contested: Vec<String>,
}

/// The reduce step's state: every article's [`Entry`], their claims, the rejects, the map
/// stats, the spool.
struct Reducer<'a> {
    def: &'a Definition,
    /// The output folder's lock, held until the run ends.
    _lock: Option<crate::lock::OutputLock>,
    spool: spool::Writer,
    entries: Vec<Entry>,
    /// Every entry's claims, in the order the entries came. Gathered as they come (beside the
    /// map workers) rather than once at the end: moved into one vector then, 452,000 claims
    /// took the main thread 0.15 s while the pool's threads waited.
    claims: Vec<Claim>,
    /// Inputs the map step was given, when known: what the claims' vector is sized for.
    expected: usize,
    rejects: Vec<Reject>,
    stats: Vec<MapStats>,
}

impl<'a> Reducer<'a> {
    fn new(def: &'a Definition, out: Option<&Path>) -> Result<Self, Error> {
        let spool = spool::Writer::new(out)?;
        Ok(Self {
            def,
            // The spool made the folder; the lock is taken before anything is written in it.
            _lock: out.map(crate::lock::lock).transpose()?,
            spool,
            entries: Vec::new(),
            claims: Vec::new(),
            expected: 0,
            rejects: Vec::new(),
            stats: Vec::new(),
        })
    }

    /// Size for `inputs` inputs: past the first chunk, the claims' vector is reserved for them
    /// from the claims per article seen so far, instead of grown by doubling (each doubling
    /// copies every claim).
    fn expect(&mut self, inputs: usize) {
        self.expected = inputs;
    }

    fn push(&mut self, p: Prepared) -> Result<(), Error> {
        match p {
            Prepared::Article(a) => {
                let a = *a;
                let span = self.spool.add(&a.article, &a.shingles)?;
                let start = self.claims.len();
                let n = a.claims.len();
                if start + n > self.claims.capacity() {
                    // Ordinary doubling while the copies are small; past the first chunk, room
                    // for the inputs left at twice the claims per article seen so far, so that
                    // a large copy is unlikely (reserved memory that is never written costs
                    // address space only). An estimate of 1.2 times, exceeded late in a run,
                    // copied 150 MB of claims while the map workers waited.
                    let seen = self.entries.len() + 1;
                    let more = if seen >= MAP_CHUNK {
                        (start + n)
                            .div_ceil(seen)
                            .saturating_mul(self.expected.saturating_sub(seen))
                            .saturating_mul(2)
                    } else {
                        0
                    };
                    // An estimate the allocator refuses (pages with thousands of claims, in a
                    // run of millions) falls back to ordinary growth rather than aborting.
                    if more <= n || self.claims.try_reserve(more).is_err() {
                        self.claims.reserve(n);
                    }
                }
                self.claims.extend(a.claims);
                self.entries.push(Entry {
                    head: a.head,
                    signature: a.signature,
                    span,
                    digest: xxhash_rust::xxh3::xxh3_128(&a.json),
                    claims: start..self.claims.len(),
                    chosen_by: a.chosen_by,
                    encoding: a.encoding,
                    contested: a.contested,
                });
            }
            Prepared::Reject(r) => self.rejects.push(r),
            Prepared::Stats(s) => self.stats.push(s),
        }
        Ok(())
    }

    fn finish(
        self,
        pipeline: &str,
        opts: &RunOptions,
        pool: rayon::ThreadPool,
        started: Instant,
    ) -> Result<RunOutput, Error> {
        let Reducer {
            def,
            _lock,
            spool,
            mut entries,
            claims,
            expected: _,
            mut rejects,
            stats,
        } = self;
        let spool = spool.finish()?;
        // Source coordinates order everything, as in a single run; a record seen twice (the same
        // input in two shards) counts once.
        let before = entries.len() + rejects.len();
        entries.sort_by(|a, b| a.head.path.cmp(&b.head.path));
        entries.dedup_by(|a, b| a.head.path == b.head.path && a.digest == b.digest);
        rejects.sort_by(|a, b| a.path.cmp(&b.path));
        // One input's reject seen twice, its reason in other words: the export keys on these.
        rejects.dedup_by(|a, b| a.path == b.path && a.stage == b.stage && a.code == b.code);
        let after = entries.len() + rejects.len();
        let mut claims = claims;
        let renamed = separate_ids(&mut entries, &mut claims);
        if renamed > 0 {
            warn!(
                renamed,
                "Articles sharing an id with another were given ids of their own."
            );
        }
        if after < before {
            warn!(
                dropped = before - after,
                "Identical map records seen more than once."
            );
        }
        let mut report = RunReport {
            tool: "scrutiny",
            version: env!("CARGO_PKG_VERSION"),
            pipeline: pipeline.to_owned(),
            name: def.name.clone(),
            threads: pool.current_num_threads(),
            inputs: after,
            articles: entries.len(),
            rejects: rejects.len(),
            stages: Vec::new(),
            sources: BTreeMap::new(),
            chosen_by: BTreeMap::new(),
            contested: Vec::new(),
            rejects_by_reason: BTreeMap::new(),
            encodings: BTreeMap::new(),
            cache_hits: stats.iter().map(|s| s.cache_hits).sum(),
            warc: BTreeMap::new(),
            outputs: Vec::new(),
            millis: 0,
            peak_rss_kib: None,
        };
        for s in &stats {
            for (k, v) in &s.warc {
                *report.warc.entry(k.clone()).or_default() += v;
            }
        }
        let meta = scrutiny_export::RunMeta {
            pipeline: def.name.clone(),
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            run_time: run_time(),
        };
        let claims = in_entry_order(claims, &entries);
        for e in &mut entries {
            *report.sources.entry(e.head.source.clone()).or_default() += 1;
            *report
                .chosen_by
                .entry(std::mem::take(&mut e.chosen_by))
                .or_default() += 1;
            *report
                .encodings
                .entry(std::mem::take(&mut e.encoding))
                .or_default() += 1;
            if !e.contested.is_empty() {
                report.contested.push(Contested {
                    path: e.head.path.clone(),
                    chosen: e.head.source.clone(),
                    plugins: std::mem::take(&mut e.contested),
                });
            }
        }
        for r in &rejects {
            *report.rejects_by_reason.entry(label(&r.code)).or_default() += 1;
        }
        report.stages.push(StageReport {
            stage: "read_parse",
            input: report.inputs,
            output: report.articles,
            millis: stats.iter().map(|s| u128::from(s.read_parse_ms)).sum(),
        });
        if def.stages.contains(&StageName::Extract) {
            report.stages.push(StageReport {
                stage: "extract",
                input: report.articles,
                output: claims.len(),
                millis: stats.iter().map(|s| u128::from(s.extract_ms)).sum(),
            });
        }

        let exporting = def.stages.contains(&StageName::Export) && !opts.dry_run;
        let dir = opts.out.clone().unwrap_or_else(|| def.outputs.dir.clone());
        let run_span = tracing::Span::current();
        // The export begins while merge runs: the claims are final before merge (it reads them
        // and changes none), and the files and database tables made from them alone are about
        // half of the export's work. Merge keeps two threads only partly busy, so the export
        // fills what it leaves. Nothing is committed until the export finishes.
        let (merged, begun) = pool.install(|| {
            rayon::join(
                || -> Result<_, Error> {
                    if !def.stages.contains(&StageName::Merge) {
                        return Ok(None);
                    }
                    let _s = info_span!("merge").entered();
                    let t = Instant::now();
                    let dedup = dedup(&mut entries, &spool, &def.dedup)?;
                    info!(?dedup, "Clustered near-duplicate articles.");
                    let articles: Vec<scrutiny_merge::MergeArticle<'_>> = entries
                        .iter()
                        .map(|e| scrutiny_merge::MergeArticle {
                            id: &e.head.id,
                            published: e.head.published,
                            cluster: e.head.cluster.as_deref().unwrap_or(&e.head.id),
                            source: &e.head.source,
                        })
                        .collect();
                    let merged = scrutiny_merge::merge_articles(&articles, &claims);
                    Ok(Some((merged, t.elapsed())))
                },
                || {
                    exporting
                        .then(|| {
                            let _s = info_span!(parent: &run_span, "export").entered();
                            let t = Instant::now();
                            let begun =
                                scrutiny_export::begin(&meta, &claims, &dir, &def.outputs.formats)?;
                            Ok::<_, Error>((begun, t.elapsed()))
                        })
                        .transpose()
                },
            )
        });
        let mut events = Vec::new();
        if let Some((merged, took)) = merged? {
            // The dates are sorted by article id, so each entry finds its own by a search, in
            // parallel (a map of 100,000 ids was built on one thread while the other waited).
            // Articles of the same content share an id: the last date of the id is theirs.
            let dates = &merged.article_dates;
            pool.install(|| {
                entries.par_iter_mut().for_each(|e| {
                    let id = e.head.id.as_str();
                    let after = dates.partition_point(|d| d.article.as_str() <= id);
                    e.head.inferred = after
                        .checked_sub(1)
                        .and_then(|i| dates.get(i))
                        .filter(|d| d.article == id)
                        .map(|d| scrutiny_core::InferredDate {
                            date: d.date,
                            not_before: d.earliest,
                            basis: d.basis.clone(),
                        });
                });
            });
            let scrutiny_merge::Merged {
                events: merged_events,
                claim_dates,
                article_dates,
                timelines,
                skipped,
            } = merged;
            events = merged_events;
            // Freed beside the export, not before it: dropping them held the main thread for
            // 0.1 s at 100,000 pages while the pool's threads waited for the export to start.
            drop_aside((claim_dates, article_dates, timelines, skipped));
            report.stages.push(StageReport {
                stage: "merge",
                input: claims.len(),
                output: events.len(),
                millis: took.as_millis(),
            });
        }
        let begun = begun?;
        let (heads, spans): (Vec<ArticleHead>, Vec<spool::Span>) =
            entries.into_iter().map(|e| (e.head, e.span)).unzip();
        let spooled = Spooled {
            spool: std::sync::RwLock::new(Some(spool)),
            heads: &heads,
            spans: &spans,
        };

        if let Some((begun, began)) = begun {
            let _s = info_span!("export").entered();
            let t = Instant::now();
            // In the run's pool, so that `--threads` bounds export's parallel writers too.
            let written = pool.install(|| begun.finish(&heads, &events, &rejects, &spooled))?;
            report.outputs = written.iter().map(|p| p.display().to_string()).collect();
            report
                .outputs
                .push(dir.join("run.json").display().to_string());
            report.stages.push(StageReport {
                stage: "export",
                input: heads.len(),
                output: written.len(),
                // Its own time: begun beside merge, then finished after it.
                millis: (began + t.elapsed()).as_millis(),
            });
            report.millis = started.elapsed().as_millis();
            report.peak_rss_kib = peak_rss_kib();
            // run.json goes last: its presence with these outputs listed marks a complete run.
            scrutiny_export::write_json(&dir.join("run.json"), &report)?;
        }
        // A dry run hands its articles back whole (small runs: evaluation, tests).
        let articles = if opts.dry_run {
            (0..heads.len())
                .map(|i| spooled.article(i))
                .collect::<std::io::Result<Vec<_>>>()
                .map_err(Error::Spool)?
        } else {
            Vec::new()
        };
        report.millis = started.elapsed().as_millis();
        report.peak_rss_kib = peak_rss_kib();
        info!(
            articles = report.articles,
            rejects = report.rejects,
            "Run finished."
        );
        // The heads (and the spool, unless the export let it go) go after the outputs are in
        // place, beside whatever the caller does next (a process that ends next frees them all
        // at once).
        let spool = spooled.spool.into_inner().ok().flatten();
        drop_aside((heads, spans, spool));
        Ok(RunOutput {
            dataset: Dataset {
                meta,
                articles,
                claims,
                events,
                rejects,
            },
            report,
        })
    }
}

/// Drop `value` on a thread of its own: freeing many small allocations is work for one thread
/// at a time, which the run's threads need not wait for. Inline when no thread can be had.
fn drop_aside<T: Send + 'static>(value: T) {
    // A spawn that fails drops its closure, and the value in it, here.
    let _ = std::thread::Builder::new()
        .name("scrutiny-drop".into())
        .spawn(move || drop(value));
}

/// Give every article an id no other has, in place; returns how many changed.
///
/// Ids hash the input's path with its content (or a WARC record's offset), so two articles
/// share one only when map outputs from other runs are reduced together; the datasets key on
/// ids, so one such accident must not fail the run. The later article in path order takes an
/// id derived from its old id and its path, and its claims follow it.
fn separate_ids(entries: &mut [Entry], claims: &mut [Claim]) -> usize {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut renamed = 0;
    for e in entries.iter_mut() {
        if seen.insert(e.head.id.clone()) {
            continue;
        }
        let mut id = e.head.id.clone();
        while seen.contains(&id) {
            id = scrutiny_core::content_id_of(&[id.as_bytes(), &[0], e.head.path.as_bytes()]);
        }
        seen.insert(id.clone());
        for (i, c) in claims
            .get_mut(e.claims.clone())
            .unwrap_or_default()
            .iter_mut()
            .enumerate()
        {
            c.article.clone_from(&id);
            c.id = scrutiny_core::content_id(format!("{id}:{i}").as_bytes());
        }
        e.head.id = id;
        renamed += 1;
    }
    renamed
}

/// `claims` in the order of `entries` (each holds its range of them), without those of entries
/// dropped. Entries that came sorted and once each (a single run's) already have them in order.
fn in_entry_order(claims: Vec<Claim>, entries: &[Entry]) -> Vec<Claim> {
    let mut next = 0;
    let in_order = entries.iter().all(|e| {
        let follows = e.claims.start == next;
        next = e.claims.end;
        follows
    });
    if in_order && next == claims.len() {
        return claims;
    }
    let mut slots: Vec<Option<Claim>> = claims.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(entries.iter().map(|e| e.claims.len()).sum());
    for e in entries {
        if let Some(range) = slots.get_mut(e.claims.clone()) {
            ordered.extend(range.iter_mut().filter_map(Option::take));
        }
    }
    ordered
}

/// Cluster near-duplicates on the entries' signatures, reading shingles back from the spool
/// only for candidate pairs; sets each head's `cluster` and `duplicate_of`.
fn dedup(
    entries: &mut [Entry],
    spool: &spool::Reader,
    options: &scrutiny_merge::Options,
) -> Result<scrutiny_merge::DedupStats, Error> {
    let heads: Vec<scrutiny_merge::DedupHead<'_>> = entries
        .iter()
        .map(|e| scrutiny_merge::DedupHead {
            id: &e.head.id,
            path: &e.head.path,
            published: e.head.published,
            signature: &e.signature,
        })
        .collect();
    let failed = std::sync::Mutex::new(None);
    let result =
        scrutiny_merge::dedup_signed(&heads, options, |i| match spool.shingles(entries[i].span) {
            Ok(s) => Some(s),
            Err(e) => {
                if let Ok(mut f) = failed.lock() {
                    f.get_or_insert(e);
                }
                None
            }
        });
    drop(heads);
    let (reps, stats) = match result {
        Err(scrutiny_merge::Error::NoShingles) => {
            let e = failed.into_inner().ok().flatten();
            return Err(Error::Spool(
                e.unwrap_or_else(|| std::io::Error::other("cannot read the spool")),
            ));
        }
        other => other?,
    };
    let ids: Vec<String> = reps
        .iter()
        .map(|&r| entries[r as usize].head.id.clone())
        .collect();
    for ((i, e), rep) in entries.iter_mut().enumerate().zip(ids) {
        e.head.duplicate_of = (reps[i] as usize != i).then(|| rep.clone());
        e.head.cluster = Some(rep);
        // Done with: the merge and export need no signature.
        e.signature = Signature::default();
    }
    Ok(stats)
}

/// The reduce's articles as export reads them: heads in memory, text from the spool, which
/// the export lets go once it has read it.
struct Spooled<'a> {
    spool: std::sync::RwLock<Option<spool::Reader>>,
    heads: &'a [ArticleHead],
    spans: &'a [spool::Span],
}

impl Spooled<'_> {
    /// Article `i` whole, with what reduce computed filled in.
    fn article(&self, i: usize) -> std::io::Result<Article> {
        let (Some(head), Some(&span)) = (self.heads.get(i), self.spans.get(i)) else {
            return Err(std::io::Error::other(format!("no article {i}")));
        };
        let spool = self
            .spool
            .read()
            .map_err(|_| std::io::Error::other("the spool's lock was poisoned"))?;
        let Some(spool) = spool.as_ref() else {
            return Err(std::io::Error::other("the spool was let go"));
        };
        let mut a = spool.article(span)?;
        head.fill(&mut a);
        Ok(a)
    }
}

impl scrutiny_export::Articles for Spooled<'_> {
    fn row(&self, i: usize) -> std::io::Result<ArticleRow> {
        self.article(i).map(ArticleRow::from)
    }

    /// The spool is closed on a thread of its own while the export finishes its other files:
    /// closing it frees its pages (half a gigabyte at 100,000 pages), 0.13 s of the kernel's
    /// time that the run's end waited for.
    fn release(&self) {
        if let Ok(mut spool) = self.spool.write() {
            drop_aside(spool.take());
        }
    }
}

/// Map inputs to records on `threads` workers, writing each record as a JSON line to `out`
/// (in input order) and the stats record last. Used by `scrutiny map`.
pub fn map_to_writer(
    def: &Definition,
    inputs: &[String],
    threads: Option<usize>,
    out: &mut dyn std::io::Write,
) -> Result<MapStats, Error> {
    let pool = pool(threads)?;
    let inputs = collect_inputs(def, inputs)?;
    let mapper = Mapper::new(def, None)?;
    let mut stats = MapStats::default();
    // Bounded chunks keep memory flat on large inputs while workers stay busy.
    in_chunks(&inputs, def.limits.max_file_bytes, |chunk| {
        let records: Vec<MapRecord> = pool.install(|| {
            chunk
                .par_iter()
                .flat_map_iter(|input| mapper.map_input(input))
                .collect()
        });
        for r in &records {
            match r {
                MapRecord::Article(_) => stats.articles += 1,
                MapRecord::Reject(_) => stats.rejects += 1,
                MapRecord::Stats(_) => {}
            }
            serde_json::to_writer(&mut *out, r).map_err(|e| Error::Output(e.into()))?;
            out.write_all(b"\n").map_err(Error::Output)?;
        }
        Ok(())
    })?;
    let timing = mapper.stats();
    stats.schema_version = timing.schema_version;
    stats.read_parse_ms = timing.read_parse_ms;
    stats.extract_ms = timing.extract_ms;
    stats.warc = timing.warc;
    stats.records = stats.articles + stats.rejects;
    serde_json::to_writer(&mut *out, &MapRecord::Stats(stats.clone()))
        .map_err(|e| Error::Output(e.into()))?;
    out.write_all(b"\n").map_err(Error::Output)?;
    out.flush().map_err(Error::Output)?;
    Ok(stats)
}

/// Read map output (JSON Lines) from `reader`; `name` names it in errors.
pub fn read_map_output(reader: impl std::io::BufRead, name: &str) -> Result<Vec<MapRecord>, Error> {
    let mut out = Vec::new();
    read_map_records(reader, name, &mut |r| {
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

/// Read map output (JSON Lines) from `reader`, handing each record to `each` as it is read.
pub fn read_map_records(
    reader: impl std::io::BufRead,
    name: &str,
    each: &mut dyn FnMut(MapRecord) -> Result<(), Error>,
) -> Result<(), Error> {
    for (i, line) in reader.lines().enumerate() {
        // Bytes that are not text are a bad record too, named by file and line.
        let line = line.map_err(|e| Error::MapRecord {
            file: name.to_owned(),
            line: i + 1,
            why: e.to_string(),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let record: MapRecord = serde_json::from_str(&line).map_err(|e| Error::MapRecord {
            file: name.to_owned(),
            line: i + 1,
            why: e.to_string(),
        })?;
        let version = match &record {
            MapRecord::Article(a) => a.schema_version,
            MapRecord::Reject(r) => r.schema_version,
            MapRecord::Stats(s) => s.schema_version,
        };
        if version != crate::map::MAP_SCHEMA_VERSION {
            return Err(Error::MapRecord {
                file: name.to_owned(),
                line: i + 1,
                why: format!(
                    "schema_version {version}, this scrutiny reads {}",
                    crate::map::MAP_SCHEMA_VERSION
                ),
            });
        }
        each(record)?;
    }
    Ok(())
}

fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| Error::Threads { threads, source })
}

/// When the run started (RFC 3339, UTC). `SOURCE_DATE_EPOCH` (seconds), the reproducible-builds
/// convention, fixes it so that two runs give byte-identical outputs, metadata included.
fn run_time() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok());
    fixed
        .unwrap_or_else(jiff::Timestamp::now)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The process's peak resident set size so far, from `/proc/self/status` (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn label<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn progress_bar(wanted: bool, len: u64) -> indicatif::ProgressBar {
    if wanted && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(len)
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// The input entries in force: `overrides` (command-line inputs) when not empty, else the
/// definition's, each with the plugin it names.
fn entries(def: &Definition, overrides: &[String]) -> Vec<(String, Option<&'static str>)> {
    if overrides.is_empty() {
        def.inputs
            .iter()
            .map(|i| (i.glob.clone(), i.source))
            .collect()
    } else {
        overrides.iter().map(|i| (i.clone(), None)).collect()
    }
}

/// The names a run writes into its output folder, as a glob input could match them.
const OUTPUT_NAMES: &[&str] = &[
    "report.html",
    "articles.jsonl",
    "articles.csv",
    "scrutiny.sqlite",
    "run.json",
    "meta.json",
];

/// Refuse an output folder that an input reads from: one inside a folder input (folders are
/// walked, so the next run would read this run's outputs as pages), one whose files (or
/// itself, which would be walked) a glob input matches, or one holding an input.
fn check_output_folder(
    out: &Path,
    entries: &[(String, Option<&'static str>)],
) -> Result<(), Error> {
    let out_abs = absolute(out);
    for (pattern, _) in entries {
        let refuse = || Error::OutputInInput {
            path: out.to_owned(),
            input: pattern.clone(),
        };
        let literal = Path::new(pattern);
        if let Ok(meta) = std::fs::metadata(literal) {
            let input = absolute(literal);
            if input.starts_with(&out_abs) || (meta.is_dir() && out_abs.starts_with(&input)) {
                return Err(refuse());
            }
            continue;
        }
        let Ok(glob) = glob::Pattern::new(pattern) else {
            continue;
        };
        let (folder, _) = crate::definition::glob_folder(literal);
        let Ok(rel) = out_abs.strip_prefix(absolute(&folder)) else {
            continue;
        };
        let written = folder.join(rel);
        let options = glob::MatchOptions {
            require_literal_separator: true,
            ..glob::MatchOptions::new()
        };
        let matches = |p: &Path| glob.matches_with(&p.to_string_lossy(), options);
        let reads_out = written
            .ancestors()
            .take_while(|a| a.starts_with(&folder) && *a != folder)
            .any(matches)
            || OUTPUT_NAMES.iter().any(|n| matches(&written.join(n)));
        if reads_out {
            return Err(refuse());
        }
    }
    Ok(())
}

/// `path` made absolute with its symlinks resolved, as far as it exists (an output folder may
/// not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = path;
    loop {
        let here = if existing.as_os_str().is_empty() {
            Path::new(".")
        } else {
            existing
        };
        if let Ok(mut found) = here.canonicalize() {
            found.extend(rest.iter().rev());
            return found;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return path.to_owned(),
        }
    }
}

/// Every input file once, sorted by path, with the plugin its input entry names and its
/// sidecar. `overrides` (command-line inputs) replace the definition's inputs when not empty.
pub fn collect_inputs(def: &Definition, overrides: &[String]) -> Result<Vec<Input>, Error> {
    let mut found: Vec<Input> = Vec::new();
    for (pattern, source) in entries(def, overrides) {
        let matched = expand_glob(&pattern).map_err(Error::BadInput)?;
        if matched.is_empty() {
            return Err(Error::MissingInput(pattern));
        }
        for path in matched {
            walk(&path, source, &mut found);
        }
    }
    // Each walk is in path order already; only entries that overlap or come out of order need
    // the sort. Stable, so the first entry to name a file gives its source.
    if !found.windows(2).all(|w| w[0].path < w[1].path) {
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found.dedup_by(|later, first| later.path == first.path);
    }
    Ok(found)
}

/// The inputs at `path`: the file itself, or every file under the folder, in path order
/// (symlinked folders are not followed), each with its sidecar.
fn walk(path: &Path, source: Option<&'static str>, out: &mut Vec<Input>) {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        walk_dir(path, source, out);
    } else if !is_sidecar(path) {
        out.push(Input::at(path, source));
    }
}

/// A folder's files depth first, each folder's entries sorted by name: the order of sorting
/// the whole paths (they compare component by component), without comparing whole paths. The
/// folders being listed are a stack, not recursion, so no depth of folders exhausts the
/// thread's stack.
fn walk_dir(root: &Path, source: Option<&'static str>, out: &mut Vec<Input>) {
    let mut stack: Vec<Folder> = Vec::new();
    enter(root.to_owned(), source, out, &mut stack);
    while let Some(top) = stack.last_mut() {
        let Some((name, kind)) = top.entries.get(top.next) else {
            stack.pop();
            continue;
        };
        top.next += 1;
        let path = top.dir.join(name);
        if kind.is_some_and(|k| k.is_dir()) {
            enter(path, source, out, &mut stack);
        } else if !is_sidecar(&path) {
            // By name within the listing: no path is built nor compared for a sidecar that
            // is not there.
            let sidecar = sidecar_names(name)
                .into_iter()
                .find(|n| top.has(n))
                .map(|n| top.dir.join(n));
            out.push(Input {
                path,
                source,
                sidecar,
            });
        }
    }
}

/// A folder being walked: its entries sorted by name, and the next one to visit.
struct Folder {
    dir: PathBuf,
    /// Each entry's name and the listing's own type of it (no lookup per entry); like
    /// `symlink_metadata`, the type does not follow symlinks.
    entries: Vec<(std::ffi::OsString, Option<std::fs::FileType>)>,
    next: usize,
}

impl Folder {
    /// What `exists()` would say of the entry `name` of this folder, from the listing: only a
    /// symlink's target (or an entry of unknown type) is looked up on disk.
    fn has(&self, name: &std::ffi::OsStr) -> bool {
        match self.entries.binary_search_by(|e| e.0.as_os_str().cmp(name)) {
            Ok(i) => match self.entries.get(i) {
                Some((_, Some(kind))) if !kind.is_symlink() => true,
                _ => self.dir.join(name).exists(),
            },
            Err(_) => false,
        }
    }
}

/// List a folder onto the walk's stack; an unreadable one is reported as an input so that it
/// ends as a reject.
fn enter(
    dir: PathBuf,
    source: Option<&'static str>,
    out: &mut Vec<Input>,
    stack: &mut Vec<Folder>,
) {
    match std::fs::read_dir(&dir) {
        Ok(listing) => {
            let mut entries: Vec<_> = listing
                .flatten()
                .map(|e| (e.file_name(), e.file_type().ok()))
                .collect();
            // In parallel: the listing is all a run does before its first chunk, and the other
            // thread is idle once the mapper is built (a folder of 200,000 names).
            entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
            stack.push(Folder {
                dir,
                entries,
                next: 0,
            });
        }
        Err(_) if is_sidecar(&dir) => {}
        Err(_) => out.push(Input {
            path: dir,
            source,
            sidecar: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use scrutiny_core::{Block, FieldFound, Format, Removed};

    use super::*;
    use crate::map::ArticleRecord;
    use crate::registry::ChosenBy;

    fn default_definition() -> Definition {
        let pipeline = concat!(env!("CARGO_MANIFEST_DIR"), "/../../pipelines/default.yaml");
        crate::definition::load(Path::new(pipeline), false).unwrap()
    }

    fn record(id: &str, text: &str) -> MapRecord {
        let article = Article {
            id: id.to_owned(),
            path: format!("pages/{id}.txt"),
            source: "generic".into(),
            url: None,
            format: Format::Text,
            encoding: "utf-8".into(),
            title: Some(format!("Headline {id}")),
            standfirst: None,
            byline: None,
            published: None,
            published_from: FieldFound::None,
            title_from: FieldFound::None,
            byline_from: FieldFound::None,
            blocks: vec![Block::paragraph(format!("Body {text} of {id}."))],
            captions: vec![format!("Caption {text}")],
            removed: vec![Removed {
                rule: "test.rule".into(),
                text: format!("Boilerplate {text}"),
            }],
            cluster: None,
            duplicate_of: None,
            inferred: None,
        };
        MapRecord::Article(Box::new(ArticleRecord {
            schema_version: crate::map::MAP_SCHEMA_VERSION,
            article,
            claims: Vec::new(),
            chosen_by: ChosenBy::Fallback,
            contested: Vec::new(),
            bands: Vec::new(),
            signed: None,
        }))
    }

    /// Sidecars found from the folder listing are the ones a lookup on disk finds, symlinks
    /// (working or broken) and inputs named alone included.
    #[test]
    fn sidecars_from_the_listing_match_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        for f in [
            "a.txt",
            "a.txt.meta.yaml",
            "b.html",
            "b.meta.yaml",
            "c.txt",
            "e.txt",
            "real.yaml",
            "sub/f.txt",
            "sub/f.meta.yaml",
            "g.txt",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        std::os::unix::fs::symlink(d.join("nowhere.yaml"), d.join("c.meta.yaml")).unwrap();
        std::os::unix::fs::symlink(d.join("real.yaml"), d.join("e.meta.yaml")).unwrap();
        std::fs::create_dir(d.join("g.meta.yaml")).unwrap();
        let def = default_definition();
        let folder = d.display().to_string();
        let alone = d.join("sub/f.txt").display().to_string();
        for overrides in [vec![folder], vec![alone]] {
            let inputs = collect_inputs(&def, &overrides).unwrap();
            assert!(!inputs.is_empty());
            for input in &inputs {
                assert_eq!(*input, Input::at(&input.path, input.source));
            }
        }
        let inputs = collect_inputs(&def, &[d.display().to_string()]).unwrap();
        let with: Vec<String> = inputs
            .iter()
            .filter(|i| i.sidecar.is_some())
            .map(|i| i.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(with, ["a.txt", "b.html", "e.txt", "g.txt", "f.txt"]);
    }

    /// The walk gives the order of sorting whole paths (component by component), whose byte
    /// order differs (`a/x` sorts before `a-b` by components, after it by bytes); inputs named
    /// twice or out of order come out once, in order.
    #[test]
    fn inputs_come_in_path_order_once_each() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["a", "a-b", "a b", "a/z", "b"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        let files = [
            "a/x.txt",
            "a/z/w.txt",
            "a-b/y.txt",
            "a b/q.txt",
            "a.txt",
            "ab.txt",
            "b/c.txt",
            "B.txt",
            "a-b.txt",
        ];
        for f in files {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let mut expected: Vec<PathBuf> = files.iter().map(|f| d.join(f)).collect();
        expected.sort();
        let def = default_definition();
        let paths = |overrides: &[String]| -> Vec<PathBuf> {
            collect_inputs(&def, overrides)
                .unwrap()
                .into_iter()
                .map(|i| i.path)
                .collect()
        };
        assert_eq!(paths(&[d.display().to_string()]), expected);
        let twice = [
            d.join("b").display().to_string(),
            d.display().to_string(),
            d.join("a.txt").display().to_string(),
        ];
        assert_eq!(paths(&twice), expected);
    }

    /// Folders nested far deeper than any recursion would want are walked (the walk keeps
    /// its own stack).
    #[test]
    fn deeply_nested_folders_are_walked() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_owned();
        for _ in 0..1000 {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("page.txt"), "x").unwrap();
        std::fs::write(deep.join("page.meta.yaml"), "publisher: bbc\n").unwrap();
        let def = default_definition();
        let inputs = collect_inputs(&def, &[dir.path().display().to_string()]).unwrap();
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].path, deep.join("page.txt"));
        assert_eq!(inputs[0].sidecar, Some(deep.join("page.meta.yaml")));
    }

    /// Records that come out of path order, one of them twice (one input in two shards), give
    /// the claims in the articles' order, the second copy's claims dropped with it.
    #[test]
    fn claims_follow_their_articles_whatever_order_records_come_in() {
        let def = default_definition();
        let with_claims = |id: &str, n: usize| {
            let mut r = record(id, "text");
            if let MapRecord::Article(a) = &mut r {
                a.claims = (0..n)
                    .map(|i| {
                        let sentence = format!("Statistic {i} of {id}.");
                        let mut c = scrutiny_core::Claim::new(
                            scrutiny_core::ClaimKind::Statistic,
                            scrutiny_core::Evidence {
                                end: sentence.len(),
                                sentence,
                                start: 0,
                            },
                        );
                        c.id = format!("{id}-{i}");
                        c.article = id.to_owned();
                        c
                    })
                    .collect();
            }
            r
        };
        let opts = RunOptions {
            dry_run: true,
            ..RunOptions::default()
        };
        let records = vec![
            with_claims("c", 1),
            with_claims("a", 2),
            with_claims("b", 3),
        ];
        let mut twice = records;
        twice.push(with_claims("a", 2));
        let out = reduce(&def, "test", twice, &opts).unwrap();
        let ids: Vec<&str> = out.dataset.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a-0", "a-1", "b-0", "b-1", "b-2", "c-0"]);
        assert_eq!(out.report.articles, 3);

        let in_order = vec![
            with_claims("a", 2),
            with_claims("b", 0),
            with_claims("c", 1),
        ];
        let out = reduce(&def, "test", in_order, &opts).unwrap();
        let ids: Vec<&str> = out.dataset.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a-0", "a-1", "c-0"]);
    }

    /// Two articles with one id (map outputs of other runs reduced together) are both kept,
    /// each with an id of its own, and the database, which keys on ids, is written.
    #[test]
    fn a_shared_id_is_never_fatal() {
        let def = default_definition();
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            out: Some(dir.path().to_owned()),
            ..RunOptions::default()
        };
        let mut other = record("a", "other text");
        if let MapRecord::Article(a) = &mut other {
            a.article.path = "elsewhere/a.txt".into();
        }
        let out = reduce(&def, "test", vec![record("a", "text"), other], &opts).unwrap();
        assert_eq!(out.report.articles, 2);
        let jsonl = std::fs::read_to_string(dir.path().join("articles.jsonl")).unwrap();
        let ids: std::collections::BTreeSet<String> = jsonl
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect();
        assert_eq!(ids.len(), 2, "{jsonl}");
        assert!(dir.path().join("scrutiny.sqlite").is_file());
    }

    /// Reduce's memory holds heads, signatures and claims: an article's body, captions and
    /// removed boilerplate are only in the spool, and come back whole from it.
    #[test]
    fn reduce_keeps_no_article_text_in_memory() {
        let def = default_definition();
        let mut reducer = Reducer::new(&def, None).unwrap();
        let marker = "zqxv-only-in-the-spool";
        for id in ["b", "a"] {
            reducer
                .push(Prepared::new(record(id, marker), &def.dedup, Want::RecordJson).unwrap())
                .unwrap();
        }
        let held = format!("{:?}", reducer.entries);
        assert!(held.contains("Headline a"), "{held}");
        assert!(!held.contains(marker), "reduce holds article text: {held}");

        let spool = std::mem::replace(&mut reducer.spool, spool::Writer::new(None).unwrap())
            .finish()
            .unwrap();
        let heads: Vec<ArticleHead> = reducer.entries.iter().map(|e| e.head.clone()).collect();
        let spans: Vec<spool::Span> = reducer.entries.iter().map(|e| e.span).collect();
        let spooled = Spooled {
            spool: std::sync::RwLock::new(Some(spool)),
            heads: &heads,
            spans: &spans,
        };
        let MapRecord::Article(b) = record("b", marker) else {
            unreachable!()
        };
        assert_eq!(spooled.article(0).unwrap(), b.article);
        assert!(spooled.article(2).is_err());
        // Once the export lets the text go, it is gone, and saying so is an error, not a panic.
        scrutiny_export::Articles::release(&spooled);
        assert!(spooled.article(0).is_err());
    }
}
