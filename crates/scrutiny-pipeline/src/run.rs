//! The runner: inputs to articles and rejects, in parallel, in a deterministic order.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use scrutiny_core::{content_id, Article, Claim, Reject, RejectCode, Stage};
use scrutiny_export::Dataset;
use serde::Serialize;
use tracing::{info, info_span, warn};

use crate::definition::{expand_glob, Definition, StageName};
use crate::read::{is_sidecar, read};
use crate::registry::{ChosenBy, Registry};
use crate::Error;

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
    /// Input files.
    pub inputs: usize,
    /// Inputs that became articles.
    pub articles: usize,
    /// Inputs that became rejects.
    pub rejects: usize,
    /// Per stage: documents in and out, and wall time.
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
    /// Documents in.
    pub input: usize,
    /// Documents out.
    pub output: usize,
    /// Wall time in milliseconds.
    pub millis: u128,
}

/// A page claimed strongly by more than one plugin.
#[derive(Debug, Clone, Serialize)]
pub struct Contested {
    /// The input path.
    pub path: String,
    /// The plugins that claimed it, in registry order.
    pub plugins: Vec<&'static str>,
    /// The plugin that won.
    pub chosen: &'static str,
}

/// The result of a run: the dataset, the report, and the files written.
pub struct RunOutput {
    /// Articles, claims, events and rejects.
    pub dataset: Dataset,
    /// Counts and timings.
    pub report: RunReport,
}

enum Outcome {
    Article { article: Box<Article>, by: ChosenBy, contested: Option<Contested> },
    Reject(Reject),
}

/// Run a loaded definition. `pipeline` names the definition file in the report.
pub fn run(def: &Definition, pipeline: &str, opts: &RunOptions) -> Result<RunOutput, Error> {
    let started = Instant::now();
    let threads = opts.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| Error::Threads { threads, source })?;
    let inputs = collect_inputs(def, opts)?;
    let registry = Registry::new(&def.sources);
    let _run = info_span!("run", pipeline, inputs = inputs.len(), threads).entered();

    let progress = progress_bar(opts.progress, inputs.len() as u64);
    let read_parse = info_span!("read_parse");
    let t = Instant::now();
    let outcomes: Vec<Outcome> = pool.install(|| {
        inputs
            .par_iter()
            .map(|(path, explicit)| {
                let _doc = info_span!(parent: &read_parse, "doc", path = %path.display()).entered();
                let out = process(path, *explicit, def, &registry);
                progress.inc(1);
                out
            })
            .collect()
    });
    progress.finish_and_clear();
    let read_parse_ms = t.elapsed().as_millis();

    let mut report = RunReport {
        tool: "scrutiny",
        version: env!("CARGO_PKG_VERSION"),
        pipeline: pipeline.to_owned(),
        name: def.name.clone(),
        threads,
        inputs: inputs.len(),
        articles: 0,
        rejects: 0,
        stages: Vec::new(),
        sources: BTreeMap::new(),
        chosen_by: BTreeMap::new(),
        contested: Vec::new(),
        rejects_by_reason: BTreeMap::new(),
        encodings: BTreeMap::new(),
        outputs: Vec::new(),
        millis: 0,
        peak_rss_kib: None,
    };
    let mut dataset = Dataset {
        meta: scrutiny_export::RunMeta {
            pipeline: def.name.clone(),
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            run_time: run_time(),
        },
        ..Dataset::default()
    };
    for outcome in outcomes {
        match outcome {
            Outcome::Article { article, by, contested } => {
                *report.sources.entry(article.source.clone()).or_default() += 1;
                *report.chosen_by.entry(label(&by)).or_default() += 1;
                *report.encodings.entry(article.encoding.clone()).or_default() += 1;
                if let Some(c) = contested {
                    report.contested.push(c);
                }
                dataset.articles.push(*article);
            }
            Outcome::Reject(r) => {
                *report.rejects_by_reason.entry(label(&r.code)).or_default() += 1;
                dataset.rejects.push(r);
            }
        }
    }
    report.articles = dataset.articles.len();
    report.rejects = dataset.rejects.len();
    report.stages.push(StageReport {
        stage: "read_parse",
        input: inputs.len(),
        output: dataset.articles.len(),
        millis: read_parse_ms,
    });

    if def.stages.contains(&StageName::Extract) {
        let t = Instant::now();
        let extractor = load_extractor(def)?;
        let stage = info_span!("extract");
        let per_article: Vec<Vec<Claim>> = pool.install(|| {
            dataset
                .articles
                .par_iter()
                .map(|article| {
                    let _doc = info_span!(parent: &stage, "doc", path = %article.path).entered();
                    let mut claims = extractor.extract(article);
                    for (i, c) in claims.iter_mut().enumerate() {
                        c.article = article.id.clone();
                        c.id = content_id(format!("{}:{i}", article.id).as_bytes());
                    }
                    claims
                })
                .collect()
        });
        dataset.claims = per_article.into_iter().flatten().collect();
        report.stages.push(StageReport {
            stage: "extract",
            input: dataset.articles.len(),
            output: dataset.claims.len(),
            millis: t.elapsed().as_millis(),
        });
    }

    if def.stages.contains(&StageName::Merge) {
        let _s = info_span!("merge").entered();
        let t = Instant::now();
        let stats = pool.install(|| scrutiny_merge::dedup(&mut dataset.articles, &def.dedup))?;
        info!(?stats, "Clustered near-duplicate articles.");
        let merged = scrutiny_merge::merge(&dataset.articles, &dataset.claims);
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
        let written = scrutiny_export::export(&dataset, &dir, &def.outputs.formats)?;
        report.outputs = written.iter().map(|p| p.display().to_string()).collect();
        report.outputs.push(dir.join("run.json").display().to_string());
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
    info!(articles = report.articles, rejects = report.rejects, "Run finished.");
    Ok(RunOutput { dataset, report })
}

/// When the run started (RFC 3339, UTC). `SOURCE_DATE_EPOCH` (seconds), the reproducible-builds
/// convention, fixes it so that two runs give byte-identical outputs, metadata included.
fn run_time() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok());
    fixed.unwrap_or_else(jiff::Timestamp::now).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn load_extractor(def: &Definition) -> Result<scrutiny_extract::Extractor, Error> {
    let path = &def.extract.gazetteer.0;
    let gazetteer_err = |source: Box<dyn std::error::Error + Send + Sync>| Error::Gazetteer { path: path.clone(), source };
    let text = std::fs::read_to_string(path).map_err(|e| gazetteer_err(Box::new(e)))?;
    let gazetteer = scrutiny_extract::Gazetteer::from_csv(&text).map_err(|e| gazetteer_err(Box::new(e)))?;
    Ok(scrutiny_extract::Extractor::new(gazetteer, def.extract.options.clone()))
}

/// The process's peak resident set size so far, from `/proc/self/status` (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn label<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn progress_bar(wanted: bool, len: u64) -> indicatif::ProgressBar {
    if wanted && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(len)
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Every input file once, sorted by path, with the plugin its input entry names.
fn collect_inputs(def: &Definition, opts: &RunOptions) -> Result<Vec<(PathBuf, Option<&'static str>)>, Error> {
    let mut found: BTreeMap<PathBuf, Option<&'static str>> = BTreeMap::new();
    let entries: Vec<(String, Option<&'static str>)> = if opts.inputs.is_empty() {
        def.inputs.iter().map(|i| (i.glob.clone(), i.source)).collect()
    } else {
        opts.inputs.iter().map(|i| (i.clone(), None)).collect()
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

fn process(path: &Path, explicit: Option<&str>, def: &Definition, registry: &Registry) -> Outcome {
    let doc = match read(path, &def.limits) {
        Ok(doc) => doc,
        Err(r) => return Outcome::Reject(r),
    };
    let choice = match registry.choose(&doc, explicit) {
        Ok(c) => c,
        Err((code, why)) => {
            let stage = if code == RejectCode::BadSidecar { Stage::Read } else { Stage::Parse };
            return Outcome::Reject(Reject::new(&doc.path, stage, code, why));
        }
    };
    let name = choice.plugin.name();
    let contested = (!choice.contested.is_empty()).then(|| {
        warn!(path = %doc.path, plugins = ?choice.contested, chosen = name, "Page claimed strongly by several plugins.");
        Contested { path: doc.path.clone(), plugins: choice.contested.clone(), chosen: name }
    });
    // A plugin bug must cost one page, not the run.
    match catch_unwind(AssertUnwindSafe(|| choice.plugin.parse(&doc))) {
        Ok(Ok(article)) => Outcome::Article { article: Box::new(article), by: choice.by, contested },
        Ok(Err(reject)) => Outcome::Reject(reject),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome::Reject(Reject::new(
                &doc.path,
                Stage::Parse,
                RejectCode::ParseFailed,
                format!("source `{name}` failed on this page (internal error: {msg})"),
            ))
        }
    }
}
