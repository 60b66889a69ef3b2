//! The only crate that writes datasets, and the one that reads them back.
//!
//! [`export`] writes a [`Dataset`] (articles, claims, events, people, rejects, plus [`RunMeta`])
//! into an output folder in the [`OutputFormat`]s asked for: JSON Lines, CSV, one SQLite
//! database and a self-contained HTML report. [`read_dataset`] reads the JSON Lines back, so a
//! run's results can be re-exported without re-ingesting. The published schema is the row types
//! in [`rows`] ([`ArticleRow`], [`ClaimRow`], [`EventRow`], [`PersonRow`], [`RejectRow`]), each
//! carrying [`SCHEMA_VERSION`]; core types are not the schema.
//!
//! Invariants:
//! - every file is written to a temporary file in the same folder, synced and renamed into
//!   place, so a crash leaves the previous file intact ([`atomic`]); one export syncs all its
//!   files before it renames any;
//! - output order is the order of the slices given: callers sort, export never reorders;
//! - the same [`Dataset`] gives byte-identical files; nothing depends on the clock except
//!   [`RunMeta::run_time`], which the caller supplies.
#![warn(missing_docs)]

pub mod atomic;
mod csv_out;
mod error;
mod html;
mod jsonl;
pub mod rows;
mod sqlite;
pub mod table;

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use scrutiny_core::{Article, Claim, Event, InferredDate, PartialDate, Reject};
use serde::{Deserialize, Serialize};

pub use error::Error;
pub use rows::{ArticleRow, ClaimRow, EventRow, PersonRow, RejectRow, SCHEMA_VERSION};

/// A dataset format, as named in a pipeline's outputs section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    /// One JSON object per line, one file per dataset, plus `meta.json`.
    Jsonl,
    /// One CSV file per dataset, with a header row.
    Csv,
    /// One SQLite database, `scrutiny.sqlite`, with a table per dataset.
    Sqlite,
    /// One self-contained page, `report.html`.
    Html,
}

impl OutputFormat {
    /// Every format, in the order [`export`] writes them when asked for all.
    pub const ALL: [OutputFormat; 4] = [
        OutputFormat::Jsonl,
        OutputFormat::Csv,
        OutputFormat::Sqlite,
        OutputFormat::Html,
    ];

    /// The name used in YAML and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Csv => "csv",
            OutputFormat::Sqlite => "sqlite",
            OutputFormat::Html => "html",
        }
    }

    /// The format with this name, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Facts about the run that produced a dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunMeta {
    /// The pipeline's name.
    pub pipeline: String,
    /// The version of the tool that ran it.
    pub tool_version: String,
    /// When the run started, RFC 3339 (supplied by the caller: export never reads the clock).
    pub run_time: String,
}

/// Everything a run produced, sorted.
#[derive(Debug, Default)]
pub struct Dataset {
    /// The run that produced it.
    pub meta: RunMeta,
    /// Accepted articles, sorted by path.
    pub articles: Vec<Article>,
    /// Claims, in article order then extraction order.
    pub claims: Vec<Claim>,
    /// Merged events.
    pub events: Vec<Event>,
    /// Rejected inputs, sorted by path.
    pub rejects: Vec<Reject>,
}

/// The contents of `meta.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaRow {
    /// Always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// The pipeline's name.
    pub pipeline: String,
    /// The version of the tool that ran it.
    pub tool_version: String,
    /// When the run started.
    pub run_time: String,
    /// Rows per dataset, for a reader's first glance.
    pub counts: Counts,
}

/// Rows per dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Articles.
    pub articles: usize,
    /// Claims.
    pub claims: usize,
    /// Events.
    pub events: usize,
    /// People (appointment claims).
    pub people: usize,
    /// Rejects.
    pub rejects: usize,
}

/// What export and the report read of an article besides its text: its identity, the report's
/// line, and what the merge stage found. A run keeps one per article in memory; the text stays
/// on disk until [`Articles::row`] reads it back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleHead {
    /// Content id.
    pub id: String,
    /// The input path.
    pub path: String,
    /// The source plugin that parsed it.
    pub source: String,
    /// The page URL, when known.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// The report's name for it: the title, else the start of the standfirst, else the file name.
    pub headline: String,
    /// Near-duplicate cluster id.
    pub cluster: Option<String>,
    /// The cluster representative, when this article is a copy.
    pub duplicate_of: Option<String>,
    /// The article's date as the merge stage inferred it.
    pub inferred: Option<InferredDate>,
}

impl ArticleHead {
    /// The head of an article, with whatever merge fields it carries.
    pub fn of(a: &Article) -> Self {
        Self {
            id: a.id.clone(),
            path: a.path.clone(),
            source: a.source.clone(),
            url: a.url.clone(),
            published: a.published,
            headline: html::headline(a),
            cluster: a.cluster.clone(),
            duplicate_of: a.duplicate_of.clone(),
            inferred: a.inferred.clone(),
        }
    }

    /// Set the fields the merge stage computes on an article read back without them.
    pub fn fill(&self, a: &mut Article) {
        a.cluster.clone_from(&self.cluster);
        a.duplicate_of.clone_from(&self.duplicate_of);
        a.inferred.clone_from(&self.inferred);
    }
}

/// The full rows of the articles to export, by index in output order, made on demand.
pub trait Articles: Sync {
    /// The full row of article `i` (read back from wherever the caller keeps the text).
    fn row(&self, i: usize) -> std::io::Result<ArticleRow>;
}

/// Articles held in memory whole.
struct InMemory<'a> {
    articles: &'a [Article],
    heads: Vec<ArticleHead>,
}

impl Articles for InMemory<'_> {
    fn row(&self, i: usize) -> std::io::Result<ArticleRow> {
        self.articles
            .get(i)
            .map(ArticleRow::from)
            .ok_or_else(|| std::io::Error::other(format!("no article {i}")))
    }
}

/// Everything [`export_streamed`] writes: like a [`Dataset`], but articles come one at a time.
pub struct Input<'a> {
    /// The run that produced it.
    pub meta: &'a RunMeta,
    /// Accepted articles, sorted by path.
    pub articles: &'a [ArticleHead],
    /// Claims, in article order then extraction order.
    pub claims: &'a [Claim],
    /// Merged events.
    pub events: &'a [Event],
    /// Rejected inputs, sorted by path.
    pub rejects: &'a [Reject],
}

impl Input<'_> {
    fn meta_row(&self, people: usize) -> MetaRow {
        MetaRow {
            schema_version: SCHEMA_VERSION,
            pipeline: self.meta.pipeline.clone(),
            tool_version: self.meta.tool_version.clone(),
            run_time: self.meta.run_time.clone(),
            counts: Counts {
                articles: self.articles.len(),
                claims: self.claims.len(),
                events: self.events.len(),
                people,
                rejects: self.rejects.len(),
            },
        }
    }
}

/// Rows of one table made one at a time, so no table is ever copied whole into rows.
#[derive(Clone, Copy)]
pub(crate) struct Rows<'a> {
    pub(crate) input: &'a Input<'a>,
    pub(crate) articles: &'a dyn Articles,
    /// The claims that are appointments (people rows), by index.
    pub(crate) people: &'a [usize],
}

/// Rows made in parallel batches, yielded in order: a writer streams them without waiting on
/// each row's making (an article read back and parsed), and memory holds one batch.
pub(crate) fn batched<T: Send>(
    indices: impl Iterator<Item = usize>,
    make: impl Fn(usize) -> std::io::Result<T> + Sync,
) -> impl Iterator<Item = std::io::Result<T>> {
    const BATCH: usize = 256;
    let mut indices = indices.peekable();
    std::iter::from_fn(move || {
        indices.peek()?;
        let batch: Vec<usize> = indices.by_ref().take(BATCH).collect();
        Some(batch.par_iter().map(|&i| make(i)).collect::<Vec<_>>())
    })
    .flatten()
}

impl<'a> Rows<'a> {
    pub(crate) fn articles(self) -> impl Iterator<Item = std::io::Result<ArticleRow>> + 'a {
        batched(0..self.input.articles.len(), move |i| self.articles.row(i))
    }
    pub(crate) fn claims(self) -> impl Iterator<Item = std::io::Result<ClaimRow>> + 'a {
        let claims = self.input.claims;
        batched(0..claims.len(), move |i| Ok(ClaimRow::from(&claims[i])))
    }
    pub(crate) fn events(self) -> impl Iterator<Item = std::io::Result<EventRow>> + 'a {
        let events = self.input.events;
        batched(0..events.len(), move |i| Ok(EventRow::from(&events[i])))
    }
    pub(crate) fn people(self) -> impl Iterator<Item = std::io::Result<PersonRow>> + 'a {
        let claims = self.input.claims;
        batched(self.people.iter().copied(), move |i| person(&claims[i]))
    }
    pub(crate) fn rejects(self) -> impl Iterator<Item = std::io::Result<RejectRow>> + 'a {
        self.input.rejects.iter().map(|r| Ok(RejectRow::from(r)))
    }
}

/// The person row of a claim known to be an appointment.
pub(crate) fn person(c: &Claim) -> std::io::Result<PersonRow> {
    PersonRow::from_claim(c).ok_or_else(|| std::io::Error::other("not an appointment"))
}

/// One job per table, in the tables' order, for a writer generic over the row type.
macro_rules! table_jobs {
    ($jobs:ident, $name:ident, $rows:ident, $dir:ident, $write:path, $ext:literal) => {{
        let (dir, rows) = ($dir, $rows);
        $jobs.push((
            $name,
            Box::new(move || $write(&dir.join(concat!("articles.", $ext)), rows.articles())),
        ));
        $jobs.push((
            $name,
            Box::new(move || $write(&dir.join(concat!("claims.", $ext)), rows.claims())),
        ));
        $jobs.push((
            $name,
            Box::new(move || $write(&dir.join(concat!("events.", $ext)), rows.events())),
        ));
        $jobs.push((
            $name,
            Box::new(move || $write(&dir.join(concat!("people.", $ext)), rows.people())),
        ));
        $jobs.push((
            $name,
            Box::new(move || $write(&dir.join(concat!("rejects.", $ext)), rows.rejects())),
        ));
    }};
}

/// Write `ds` into `dir` in each format; returns the files written, in order.
///
/// Files: `jsonl` writes `{articles,claims,events,people,rejects}.jsonl` and `meta.json`;
/// `csv` writes `{articles,claims,events,people,rejects}.csv`; `sqlite` writes
/// `scrutiny.sqlite`; `html` writes `report.html`.
pub fn export(ds: &Dataset, dir: &Path, formats: &[OutputFormat]) -> Result<Vec<PathBuf>, Error> {
    let articles = InMemory {
        articles: &ds.articles,
        heads: ds.articles.par_iter().map(ArticleHead::of).collect(),
    };
    let input = Input {
        meta: &ds.meta,
        articles: &articles.heads,
        claims: &ds.claims,
        events: &ds.events,
        rejects: &ds.rejects,
    };
    export_streamed(&input, &articles, dir, formats)
}

/// [`export`] with articles read one at a time from `articles` (whose heads are
/// `input.articles`): each file is written as its rows are made, so memory holds heads,
/// claims and events, never every article's text. Same files, byte for byte.
pub fn export_streamed(
    input: &Input<'_>,
    articles: &dyn Articles,
    dir: &Path,
    formats: &[OutputFormat],
) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    atomic::sweep(dir);
    let people: Vec<usize> = input
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == scrutiny_core::ClaimKind::Appointment)
        .map(|(i, _)| i)
        .collect();
    let rows = Rows {
        input,
        articles,
        people: &people,
    };
    let meta = input.meta_row(people.len());
    // One job per file, run in parallel (the caller's rayon pool): the files are independent,
    // and one slow format (SQLite, the report) no longer holds up the others. Each is staged
    // and all are committed together (see `atomic::commit`), in this order.
    type Job<'a> = Box<dyn FnOnce() -> Result<atomic::Staged, Error> + Send + 'a>;
    let mut jobs: Vec<(&'static str, Job<'_>)> = Vec::new();
    for format in formats {
        let name = format.name();
        match format {
            OutputFormat::Jsonl => {
                table_jobs!(jobs, name, rows, dir, jsonl::write, "jsonl");
                jobs.push((name, Box::new(|| stage_json(&dir.join("meta.json"), &meta))));
            }
            OutputFormat::Csv => table_jobs!(jobs, name, rows, dir, csv_out::write, "csv"),
            OutputFormat::Sqlite => {
                jobs.push((
                    name,
                    Box::new(move || sqlite::write(&dir.join("scrutiny.sqlite"), rows)),
                ));
            }
            OutputFormat::Html => {
                jobs.push((
                    name,
                    Box::new(|| {
                        atomic::stage(&dir.join("report.html"), |w| html::render(input, w))
                    }),
                ));
            }
        }
    }
    let parent = tracing::Span::current();
    // The longest jobs (one database, one page, each built by one thread) start first, so the
    // many short ones fill the other threads around them; files are committed in list order.
    let mut jobs: Vec<(usize, &'static str, Job<'_>)> = jobs
        .into_iter()
        .enumerate()
        .map(|(i, (format, job))| (i, format, job))
        .collect();
    jobs.sort_by_key(|&(i, format, _)| (!matches!(format, "sqlite" | "html"), i));
    let mut written = jobs
        .into_par_iter()
        .with_max_len(1)
        .map(|(i, format, job)| {
            let _span = tracing::info_span!(parent: &parent, "export", format).entered();
            let t = std::time::Instant::now();
            let staged = job()?;
            let millis = t.elapsed().as_millis() as u64;
            tracing::debug!(message = "Staged.", format, file = %staged.path().display(), millis);
            Ok((i, staged))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    written.sort_by_key(|&(i, _)| i);
    atomic::commit(written.into_iter().map(|(_, s)| s).collect())
}

/// Read back the JSON Lines (and `meta.json`) that [`export`] wrote into `dir`.
///
/// `people.jsonl` is not read: people are the appointment claims, derived again on export.
pub fn read_dataset(dir: &Path) -> Result<Dataset, Error> {
    let meta_path = dir.join("meta.json");
    let text = std::fs::read_to_string(&meta_path).map_err(|source| Error::Read {
        path: meta_path.clone(),
        source,
    })?;
    let meta: MetaRow = jsonl::parse_versioned(&meta_path, 1, &text)?;

    let path = dir.join("articles.jsonl");
    let mut articles = Vec::new();
    for (line, row) in jsonl::read::<ArticleRow>(&path)? {
        let article = row.into_article().map_err(|why| Error::Invalid {
            path: path.clone(),
            line,
            why,
        })?;
        articles.push(article);
    }
    let path = dir.join("claims.jsonl");
    let mut claims = Vec::new();
    for (line, row) in jsonl::read::<ClaimRow>(&path)? {
        let claim = row.into_claim().map_err(|why| Error::Invalid {
            path: path.clone(),
            line,
            why,
        })?;
        claims.push(claim);
    }
    let events = jsonl::read::<EventRow>(&dir.join("events.jsonl"))?;
    let rejects = jsonl::read::<RejectRow>(&dir.join("rejects.jsonl"))?;
    Ok(Dataset {
        meta: RunMeta {
            pipeline: meta.pipeline,
            tool_version: meta.tool_version,
            run_time: meta.run_time,
        },
        articles,
        claims,
        events: events.into_iter().map(|(_, e)| Event::from(e)).collect(),
        rejects: rejects.into_iter().map(|(_, r)| Reject::from(r)).collect(),
    })
}

/// Write one value as pretty JSON (with a final newline), atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<PathBuf, Error> {
    let mut written = atomic::commit(vec![stage_json(path, value)?])?;
    Ok(written.pop().unwrap_or_else(|| path.to_owned()))
}

fn stage_json<T: Serialize>(path: &Path, value: &T) -> Result<atomic::Staged, Error> {
    atomic::stage(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}
