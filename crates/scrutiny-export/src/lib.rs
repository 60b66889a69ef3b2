//! The only crate that writes datasets, and the one that reads them back.
//!
//! [`export`] writes a [`Dataset`] (articles, claims, events, people, rejects, plus [`RunMeta`])
//! into an output folder in the [`OutputFormat`]s asked for: JSON Lines, CSV, one SQLite
//! database and a self-contained HTML report. [`read_dataset`] reads the JSON Lines back, so a
//! run's results can be re-exported without re-ingesting. The published schema is the row types
//! in [`rows`] ([`ArticleRow`], [`ClaimRow`], [`EventRow`], [`PersonRow`], [`RejectRow`]), each
//! carrying [`SCHEMA_VERSION`]; core types are not the schema. [`begin`] and [`Begun::finish`]
//! are the same export in two halves, for a run that has its claims before its merge: the
//! first writes what the claims alone make while the merge runs.
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
mod behind;
mod csv_out;
pub mod direct;
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

use crate::table::Table;

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

    /// Set the fields reduce and the merge stage compute on an article read back without them.
    pub fn fill(&self, a: &mut Article) {
        // Reduce gives an article a new id when another had its id already.
        a.id.clone_from(&self.id);
        a.cluster.clone_from(&self.cluster);
        a.duplicate_of.clone_from(&self.duplicate_of);
        a.inferred.clone_from(&self.inferred);
    }
}

/// The full rows of the articles to export, by index in output order, made on demand.
pub trait Articles: Sync {
    /// The full row of article `i` (read back from wherever the caller keeps the text).
    fn row(&self, i: usize) -> std::io::Result<ArticleRow>;

    /// The export has read every row it will (other files may still be in the making): what
    /// holds the text may go. Called at most once per export, and never if no file reads the
    /// articles; a row asked for after it may fail.
    fn release(&self) {}
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
    /// The files of this export that read the articles and have not finished.
    pub(crate) readers: &'a std::sync::atomic::AtomicUsize,
}

/// The rows made from the claims alone (claims, people): all an export needs to begin.
#[derive(Clone, Copy)]
pub(crate) struct ClaimRows<'a> {
    pub(crate) claims: &'a [Claim],
    /// The claims that are appointments (people rows), by index.
    pub(crate) people: &'a [usize],
}

/// Where a table's rows go, one at a time and in order.
pub(crate) type Take<'t, T> = &'t mut dyn FnMut(T) -> std::io::Result<()>;

/// Make `make(i)` for each of `indices` in parallel batches and hand them to `take` in order.
///
/// The next batch is made while `take` works through the current one: a writer does not wait
/// for its rows to be made (an article read back and decoded), and a thread with nothing else
/// to do makes them. Made, then written, in turn, the rows of the longest job (the database)
/// were its critical path on two threads. Memory holds two batches.
pub(crate) fn each_batched<T: Send, E: Send>(
    indices: impl Iterator<Item = usize>,
    make: impl Fn(usize) -> Result<T, E> + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    const BATCH: usize = 256;
    let mut indices = indices.peekable();
    let mut next = move || {
        indices.peek()?;
        Some(indices.by_ref().take(BATCH).collect::<Vec<usize>>())
    };
    let make_all = |batch: &[usize]| batch.par_iter().map(|&i| make(i)).collect::<Vec<_>>();
    let mut rows = next().map(|batch| make_all(&batch));
    while let Some(current) = rows.take() {
        let upcoming = next();
        let mut made = None;
        rayon::in_place_scope(|s| {
            if let Some(batch) = &upcoming {
                s.spawn(|_| made = Some(make_all(batch)));
            }
            current.into_iter().try_for_each(|row| take(row?))
        })?;
        rows = made;
    }
    Ok(())
}

impl Rows<'_> {
    pub(crate) fn articles(self, take: Take<'_, ArticleRow>) -> std::io::Result<()> {
        let read = each_batched(0..self.input.articles.len(), |i| self.articles.row(i), take);
        self.read_articles();
        read
    }

    /// One reader of the articles is done (whether it succeeded or not): the last lets them go.
    pub(crate) fn read_articles(self) {
        use std::sync::atomic::Ordering;
        if self.readers.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.articles.release();
        }
    }
    pub(crate) fn events(self, take: Take<'_, EventRow>) -> std::io::Result<()> {
        let events = self.input.events;
        each_batched(0..events.len(), |i| Ok(EventRow::from(&events[i])), take)
    }
    pub(crate) fn rejects(self, take: Take<'_, RejectRow>) -> std::io::Result<()> {
        self.input
            .rejects
            .iter()
            .try_for_each(|r| take(RejectRow::from(r)))
    }
}

impl<'a> ClaimRows<'a> {
    pub(crate) fn claims(self, take: Take<'_, ClaimRow<'a>>) -> std::io::Result<()> {
        let claims = self.claims;
        each_batched(0..claims.len(), |i| Ok(ClaimRow::from(&claims[i])), take)
    }
    pub(crate) fn people(self, take: Take<'_, PersonRow<'a>>) -> std::io::Result<()> {
        let claims = self.claims;
        each_batched(self.people.iter().copied(), |i| person(&claims[i]), take)
    }
}

/// One table's files, its JSON Lines or its CSV or both, from one making of each row: an
/// article row is read back from the spool and decoded once for both files, not once per file.
fn write_table<T: Table + Serialize>(
    jsonl: Option<PathBuf>,
    csv: Option<PathBuf>,
    rows: impl FnOnce(Take<'_, T>) -> std::io::Result<()>,
) -> Result<Vec<atomic::Staged>, Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let mut json = jsonl
        .as_deref()
        .map(atomic::StagedWriter::new)
        .transpose()?;
    let mut table = csv.as_deref().map(atomic::StagedWriter::new).transpose()?;
    let mut sink = match (&csv, &mut table) {
        (Some(path), Some(file)) => Some(csv_out::Sink::new::<T>(file.file()).map_err(io(path))?),
        _ => None,
    };
    // The file a failed write was for; a row that could not be made is blamed on the first.
    let mut failed = None;
    rows(&mut |row: T| {
        if let Some(w) = &mut json {
            jsonl::push(w.file(), &row).inspect_err(|_| failed = jsonl.as_deref())?;
        }
        if let Some(s) = &mut sink {
            s.push(&row).inspect_err(|_| failed = csv.as_deref())?;
        }
        Ok(())
    })
    .map_err(|source| {
        let path = failed.or(jsonl.as_deref()).or(csv.as_deref());
        io(path.unwrap_or(Path::new(T::NAME)))(source)
    })?;
    if let (Some(mut s), Some(path)) = (sink, &csv) {
        s.flush().map_err(io(path))?;
    }
    json.into_iter()
        .chain(table)
        .map(atomic::StagedWriter::finish)
        .collect()
}

/// The person row of a claim known to be an appointment.
pub(crate) fn person(c: &Claim) -> std::io::Result<PersonRow<'_>> {
    PersonRow::from_claim(c).ok_or_else(|| std::io::Error::other("not an appointment"))
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
    let plan = Plan::new(dir, formats)?;
    let people = people_of(input.claims);
    let claims = ClaimRows {
        claims: input.claims,
        people: &people,
    };
    let readers = plan.article_readers();
    let rows = Rows {
        input,
        articles,
        readers: &readers,
    };
    let meta = input.meta_row(people.len());
    // The database is the longest job, built by one thread: it starts first, and every other
    // file is made around it.
    let (db, staged) = rayon::join(
        || {
            plan.sqlite
                .then(|| {
                    timed("sqlite", || {
                        sqlite::begin(&plan.database(), input.meta, claims)?.finish(rows)
                    })
                })
                .transpose()
        },
        || {
            let mut jobs = plan.other_jobs(rows, &meta);
            jobs.extend(plan.claim_jobs(claims));
            run(jobs)
        },
    );
    let mut staged = staged?;
    staged.extend(db?);
    plan.commit(staged)
}

/// An export begun with the claims alone, while the merge stage runs: see [`begin`].
#[must_use = "nothing is in place until `finish` commits it; dropped, it removes what it staged"]
pub struct Begun<'a> {
    plan: Plan,
    meta: &'a RunMeta,
    claims: &'a [Claim],
    people: Vec<usize>,
    staged: Vec<atomic::Staged>,
    db: Option<sqlite::Building>,
}

/// Begin an export with what is known before the merge stage, the run's facts and its claims:
/// stage the claims and people files and build the database's claims and people tables (with
/// their indexes), about half of an export's work. [`Begun::finish`] writes the rest and
/// commits every file together; nothing is in place until then, and dropping a `Begun`
/// removes what it staged. `begin` then `finish` gives the files [`export_streamed`] gives,
/// byte for byte.
pub fn begin<'a>(
    meta: &'a RunMeta,
    claims: &'a [Claim],
    dir: &Path,
    formats: &[OutputFormat],
) -> Result<Begun<'a>, Error> {
    let plan = Plan::new(dir, formats)?;
    let people = people_of(claims);
    let rows = ClaimRows {
        claims,
        people: &people,
    };
    let (db, staged) = rayon::join(
        || {
            plan.sqlite
                .then(|| timed("sqlite", || sqlite::begin(&plan.database(), meta, rows)))
                .transpose()
        },
        || run(plan.claim_jobs(rows)),
    );
    let (db, staged) = (db?, staged?);
    Ok(Begun {
        plan,
        meta,
        claims,
        people,
        staged,
        db,
    })
}

impl Begun<'_> {
    /// Write what needs the merge stage (articles, events, rejects, `meta.json`, the rest of
    /// the database, the report) and commit every file; returns the files written, in order.
    /// `articles` reads back the text of the articles whose heads are `heads`.
    pub fn finish(
        self,
        heads: &[ArticleHead],
        events: &[Event],
        rejects: &[Reject],
        articles: &dyn Articles,
    ) -> Result<Vec<PathBuf>, Error> {
        let Begun {
            plan,
            meta,
            claims,
            people,
            mut staged,
            db,
        } = self;
        let input = Input {
            meta,
            articles: heads,
            claims,
            events,
            rejects,
        };
        let readers = plan.article_readers();
        let rows = Rows {
            input: &input,
            articles,
            readers: &readers,
        };
        let meta = input.meta_row(people.len());
        let (db, rest) = rayon::join(
            || db.map(|db| timed("sqlite", || db.finish(rows))).transpose(),
            || run(plan.other_jobs(rows, &meta)),
        );
        staged.extend(rest?);
        staged.extend(db?);
        plan.commit(staged)
    }
}

/// The claims that are appointments (the people rows), by index.
fn people_of(claims: &[Claim]) -> Vec<usize> {
    claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == scrutiny_core::ClaimKind::Appointment)
        .map(|(i, _)| i)
        .collect()
}

/// One export job: the format it writes (for its span) and what it stages.
type Job<'a> = (
    &'static str,
    Box<dyn FnOnce() -> Result<Vec<atomic::Staged>, Error> + Send + 'a>,
);

/// Which files an export writes, from the formats asked for.
struct Plan {
    dir: PathBuf,
    jsonl: bool,
    csv: bool,
    sqlite: bool,
    html: bool,
    /// Every file, in the order of the formats asked for: the commit order and the list returned.
    order: Vec<PathBuf>,
}

impl Plan {
    /// The plan for `formats` into `dir`, which is made if need be and swept of a killed
    /// run's temp files.
    fn new(dir: &Path, formats: &[OutputFormat]) -> Result<Plan, Error> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
        atomic::sweep(dir);
        let mut asked: Vec<OutputFormat> = Vec::new();
        for &f in formats {
            if !asked.contains(&f) {
                asked.push(f);
            }
        }
        let mut order: Vec<PathBuf> = Vec::new();
        for format in &asked {
            match format {
                OutputFormat::Jsonl => {
                    order.extend(TABLES.iter().map(|t| dir.join(format!("{t}.jsonl"))));
                    order.push(dir.join("meta.json"));
                }
                OutputFormat::Csv => {
                    order.extend(TABLES.iter().map(|t| dir.join(format!("{t}.csv"))));
                }
                OutputFormat::Sqlite => order.push(dir.join("scrutiny.sqlite")),
                OutputFormat::Html => order.push(dir.join("report.html")),
            }
        }
        Ok(Plan {
            dir: dir.to_owned(),
            jsonl: asked.contains(&OutputFormat::Jsonl),
            csv: asked.contains(&OutputFormat::Csv),
            sqlite: asked.contains(&OutputFormat::Sqlite),
            html: asked.contains(&OutputFormat::Html),
            order,
        })
    }

    fn database(&self) -> PathBuf {
        self.dir.join("scrutiny.sqlite")
    }

    /// How many files read the articles back: the database's table, and one job for the
    /// JSON Lines and CSV files together (the report reads only the heads).
    fn article_readers(&self) -> std::sync::atomic::AtomicUsize {
        std::sync::atomic::AtomicUsize::new(
            usize::from(self.sqlite) + usize::from(self.jsonl || self.csv),
        )
    }

    /// The span name of a table job, and its files (JSON Lines, CSV), if either is asked for.
    fn table(&self, table: &str) -> Option<(&'static str, Option<PathBuf>, Option<PathBuf>)> {
        let name = match (self.jsonl, self.csv) {
            (true, true) => "jsonl+csv",
            (true, false) => "jsonl",
            (false, true) => "csv",
            (false, false) => return None,
        };
        Some((
            name,
            self.jsonl.then(|| self.dir.join(format!("{table}.jsonl"))),
            self.csv.then(|| self.dir.join(format!("{table}.csv"))),
        ))
    }

    /// The job of one table's files, if either format is asked for.
    fn table_job<'a, T: Table + Serialize + 'a>(
        &self,
        table: &str,
        rows: impl FnOnce(Take<'_, T>) -> std::io::Result<()> + Send + 'a,
    ) -> Option<Job<'a>> {
        let (name, jsonl, csv) = self.table(table)?;
        Some((name, Box::new(move || write_table(jsonl, csv, rows))))
    }

    /// The table jobs made from the claims alone: one per table for JSON Lines and CSV
    /// together.
    fn claim_jobs<'a>(&self, rows: ClaimRows<'a>) -> Vec<Job<'a>> {
        let mut jobs: Vec<Job<'a>> = Vec::new();
        jobs.extend(self.table_job("claims", move |t| rows.claims(t)));
        jobs.extend(self.table_job("people", move |t| rows.people(t)));
        jobs
    }

    /// Every other job but the database: the other tables, `meta.json`, the report.
    fn other_jobs<'a>(&self, rows: Rows<'a>, meta: &'a MetaRow) -> Vec<Job<'a>> {
        let mut jobs: Vec<Job<'a>> = Vec::new();
        if self.html {
            let path = self.dir.join("report.html");
            jobs.push((
                "html",
                Box::new(move || Ok(vec![atomic::stage(&path, |w| html::render(rows.input, w))?])),
            ));
        }
        jobs.extend(self.table_job("articles", move |t| rows.articles(t)));
        jobs.extend(self.table_job("events", move |t| rows.events(t)));
        jobs.extend(self.table_job("rejects", move |t| rows.rejects(t)));
        if self.jsonl {
            let path = self.dir.join("meta.json");
            jobs.push((
                "jsonl",
                Box::new(move || Ok(vec![stage_json(&path, meta)?])),
            ));
        }
        jobs
    }

    /// Commit the staged files together, in the plan's order.
    fn commit(&self, mut staged: Vec<atomic::Staged>) -> Result<Vec<PathBuf>, Error> {
        staged.sort_by_key(|s| self.order.iter().position(|p| p == s.path()));
        atomic::commit(staged)
    }
}

/// Run `job` in its own span, and log the time it took.
fn timed<T>(format: &'static str, job: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    let _span = tracing::info_span!("export", format).entered();
    let t = std::time::Instant::now();
    let done = job()?;
    tracing::debug!(
        message = "Done.",
        format,
        millis = t.elapsed().as_millis() as u64
    );
    Ok(done)
}

/// Run the jobs in parallel (the caller's rayon pool), longest first (the report: one page
/// built by one thread) so the short ones fill the other threads around it. Each file is
/// staged; the caller commits them together (see `atomic::commit`).
fn run(jobs: Vec<Job<'_>>) -> Result<Vec<atomic::Staged>, Error> {
    let parent = tracing::Span::current();
    let staged = jobs
        .into_par_iter()
        .with_max_len(1)
        .map(|(format, job)| {
            let _in = parent.enter();
            let staged = timed(format, job)?;
            for file in &staged {
                tracing::debug!(message = "Staged.", format, file = %file.path().display());
            }
            Ok(staged)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(staged.into_iter().flatten().collect())
}

/// The tables written as JSON Lines and CSV, in their order.
const TABLES: [&str; 5] = ["articles", "claims", "events", "people", "rejects"];

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

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
    }

    /// Rows are taken in order and each once, across batches and whatever thread made them.
    #[test]
    fn batched_rows_come_in_order() {
        let mut taken = Vec::new();
        let result: Result<(), String> = pool().install(|| {
            each_batched(
                (0..1000).rev(),
                |i| Ok(i * 2),
                |row| {
                    taken.push(row);
                    Ok(())
                },
            )
        });
        assert_eq!(result, Ok(()));
        assert_eq!(taken, (0..1000).rev().map(|i| i * 2).collect::<Vec<_>>());
    }

    /// A row that cannot be made stops the table there: the rows before it are taken, its
    /// error is returned, and no row after it is taken (even one made ahead).
    #[test]
    fn a_failed_row_stops_the_table_in_order() {
        let mut taken = 0;
        let result = pool().install(|| {
            each_batched(
                0..1000usize,
                |i| if i == 700 || i == 900 { Err(i) } else { Ok(i) },
                |row| {
                    assert_eq!(row, taken);
                    taken += 1;
                    Ok(())
                },
            )
        });
        assert_eq!(result, Err(700));
        assert_eq!(taken, 700);
        let result = pool().install(|| {
            each_batched(
                0..1000usize,
                Ok,
                |row| if row == 300 { Err(row) } else { Ok(()) },
            )
        });
        assert_eq!(result, Err(300));
    }
}
