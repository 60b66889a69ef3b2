//! The runner: `run` is the map step over every input (in parallel) followed by the reduce
//! step, so `scrutiny run` and `scrutiny map | scrutiny reduce` share one code path.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use scrutiny_export::Dataset;
use serde::Serialize;
use tracing::{info, info_span, warn};

use crate::Error;
use crate::cache::{self, Cache};
use crate::definition::{Definition, StageName, expand_glob};
use crate::map::{MapRecord, MapStats, Mapper};
use crate::read::is_sidecar;

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
    /// Articles, claims, events and rejects.
    pub dataset: Dataset,
    /// Counts and timings.
    pub report: RunReport,
}

/// Run a loaded definition. `pipeline` names the definition file in the report.
pub fn run(def: &Definition, pipeline: &str, opts: &RunOptions) -> Result<RunOutput, Error> {
    let started = Instant::now();
    let pool = pool(opts.threads)?;
    let inputs = collect_inputs(def, &opts.inputs)?;
    let _run = info_span!(
        "run",
        pipeline,
        inputs = inputs.len(),
        threads = pool.current_num_threads()
    )
    .entered();
    let out_dir = opts.out.clone().unwrap_or_else(|| def.outputs.dir.clone());
    let use_cache = def.outputs.cache && !opts.no_cache && !opts.dry_run;
    let fingerprint = cache::fingerprint(def);
    let cache = if use_cache {
        Cache::load(&out_dir, &fingerprint)
    } else {
        None
    };
    let mapper = Mapper::new(def, cache.as_ref())?;

    let progress = progress_bar(opts.progress, inputs.len() as u64);
    let stage = info_span!("map");
    let records: Vec<MapRecord> = pool.install(|| {
        inputs
            .par_iter()
            .flat_map_iter(|(path, explicit)| {
                let _doc = info_span!(parent: &stage, "doc", path = %path.display()).entered();
                let records = mapper.map_input(path, *explicit);
                progress.inc(1);
                records
            })
            .collect()
    });
    progress.finish_and_clear();
    if use_cache {
        cache::save(&out_dir, &fingerprint, &records)?;
    }
    let stats = mapper.stats();
    reduce_records(def, pipeline, records, vec![stats], opts, pool, started)
}

/// Reduce map records (from any number of map outputs, in any order) into datasets, exactly
/// as `run` would have: the same sort, dedup, merge and export.
pub fn reduce(
    def: &Definition,
    pipeline: &str,
    records: Vec<MapRecord>,
    opts: &RunOptions,
) -> Result<RunOutput, Error> {
    let started = Instant::now();
    let pool = pool(opts.threads)?;
    let (records, stats): (Vec<MapRecord>, Vec<MapRecord>) = records
        .into_iter()
        .partition(|r| !matches!(r, MapRecord::Stats(_)));
    let stats = stats
        .into_iter()
        .filter_map(|r| match r {
            MapRecord::Stats(s) => Some(s),
            _ => None,
        })
        .collect();
    reduce_records(def, pipeline, records, stats, opts, pool, started)
}

fn reduce_records(
    def: &Definition,
    pipeline: &str,
    mut records: Vec<MapRecord>,
    stats: Vec<MapStats>,
    opts: &RunOptions,
    pool: rayon::ThreadPool,
    started: Instant,
) -> Result<RunOutput, Error> {
    // Source coordinates order everything, as in a single run; a record seen twice (the same
    // input in two shards) counts once.
    records.sort_by(|a, b| a.path().cmp(b.path()));
    let before = records.len();
    records.dedup_by(|a, b| a.path() == b.path() && a == b);
    if records.len() < before {
        warn!(
            dropped = before - records.len(),
            "Identical map records seen more than once."
        );
    }
    let mut report = RunReport {
        tool: "scrutiny",
        version: env!("CARGO_PKG_VERSION"),
        pipeline: pipeline.to_owned(),
        name: def.name.clone(),
        threads: pool.current_num_threads(),
        inputs: records.len(),
        articles: 0,
        rejects: 0,
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
    let mut dataset = Dataset {
        meta: scrutiny_export::RunMeta {
            pipeline: def.name.clone(),
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            run_time: run_time(),
        },
        ..Dataset::default()
    };
    for record in records {
        match record {
            MapRecord::Article(a) => {
                let a = *a;
                *report.sources.entry(a.article.source.clone()).or_default() += 1;
                *report.chosen_by.entry(label(&a.chosen_by)).or_default() += 1;
                *report
                    .encodings
                    .entry(a.article.encoding.clone())
                    .or_default() += 1;
                if !a.contested.is_empty() {
                    report.contested.push(Contested {
                        path: a.article.path.clone(),
                        chosen: a.article.source.clone(),
                        plugins: a.contested,
                    });
                }
                dataset.claims.extend(a.claims);
                dataset.articles.push(a.article);
            }
            MapRecord::Reject(r) => {
                *report
                    .rejects_by_reason
                    .entry(label(&r.reject.code))
                    .or_default() += 1;
                dataset.rejects.push(r.reject);
            }
            MapRecord::Stats(_) => {}
        }
    }
    report.articles = dataset.articles.len();
    report.rejects = dataset.rejects.len();
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
            output: dataset.claims.len(),
            millis: stats.iter().map(|s| u128::from(s.extract_ms)).sum(),
        });
    }

    if def.stages.contains(&StageName::Merge) {
        let _s = info_span!("merge").entered();
        let t = Instant::now();
        let dedup = pool.install(|| scrutiny_merge::dedup(&mut dataset.articles, &def.dedup))?;
        info!(?dedup, "Clustered near-duplicate articles.");
        let merged = pool.install(|| scrutiny_merge::merge(&dataset.articles, &dataset.claims));
        let dates: std::collections::HashMap<&str, &scrutiny_merge::ArticleDate> = merged
            .article_dates
            .iter()
            .map(|d| (d.article.as_str(), d))
            .collect();
        for article in &mut dataset.articles {
            article.inferred =
                dates
                    .get(article.id.as_str())
                    .map(|d| scrutiny_core::InferredDate {
                        date: d.date,
                        not_before: d.earliest,
                        basis: d.basis.clone(),
                    });
        }
        dataset.events = merged.events;
        report.stages.push(StageReport {
            stage: "merge",
            input: dataset.claims.len(),
            output: dataset.events.len(),
            millis: t.elapsed().as_millis(),
        });
    }

    if def.stages.contains(&StageName::Export) && !opts.dry_run {
        let _s = info_span!("export").entered();
        let t = Instant::now();
        let dir = opts.out.clone().unwrap_or_else(|| def.outputs.dir.clone());
        // In the run's pool, so that `--threads` bounds export's parallel writers too.
        let written =
            pool.install(|| scrutiny_export::export(&dataset, &dir, &def.outputs.formats))?;
        report.outputs = written.iter().map(|p| p.display().to_string()).collect();
        report
            .outputs
            .push(dir.join("run.json").display().to_string());
        report.stages.push(StageReport {
            stage: "export",
            input: dataset.articles.len(),
            output: written.len(),
            millis: t.elapsed().as_millis(),
        });
        report.millis = started.elapsed().as_millis();
        report.peak_rss_kib = peak_rss_kib();
        // run.json goes last: its presence with these outputs listed marks a complete run.
        scrutiny_export::write_json(&dir.join("run.json"), &report)?;
    }
    report.millis = started.elapsed().as_millis();
    report.peak_rss_kib = peak_rss_kib();
    info!(
        articles = report.articles,
        rejects = report.rejects,
        "Run finished."
    );
    Ok(RunOutput { dataset, report })
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
    for chunk in inputs.chunks(256) {
        let records: Vec<MapRecord> = pool.install(|| {
            chunk
                .par_iter()
                .flat_map_iter(|(path, explicit)| mapper.map_input(path, *explicit))
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
    }
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
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(Error::Output)?;
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
        out.push(record);
    }
    Ok(out)
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

/// Every input file once, sorted by path, with the plugin its input entry names.
/// `overrides` (command-line inputs) replace the definition's inputs when not empty.
pub fn collect_inputs(
    def: &Definition,
    overrides: &[String],
) -> Result<Vec<(PathBuf, Option<&'static str>)>, Error> {
    let mut found: BTreeMap<PathBuf, Option<&'static str>> = BTreeMap::new();
    let entries: Vec<(String, Option<&'static str>)> = if overrides.is_empty() {
        def.inputs
            .iter()
            .map(|i| (i.glob.clone(), i.source))
            .collect()
    } else {
        overrides.iter().map(|i| (i.clone(), None)).collect()
    };
    for (pattern, source) in entries {
        let matched = expand_glob(&pattern).map_err(Error::BadInput)?;
        if matched.is_empty() {
            return Err(Error::MissingInput(pattern));
        }
        for path in matched {
            for file in walk(&path) {
                if !is_sidecar(&file) {
                    found.entry(file).or_insert(source);
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// A file itself, or every file under a folder (sorted; symlinked folders are not followed).
fn walk(path: &Path) -> Vec<PathBuf> {
    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !is_dir {
        return vec![path.to_owned()];
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            // An unreadable folder is reported as an input so that it ends as a reject.
            out.push(dir);
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
