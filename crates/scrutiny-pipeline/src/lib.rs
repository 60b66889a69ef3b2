//! Pipelines: YAML definitions, their validation, the plugin registry, and the runner.
//!
//! - [`definition::load`] reads `pipelines/*.yaml` into a [`Definition`], or returns every
//!   problem as a positioned [`Diagnostic`] (file, line, column, key path, did-you-mean).
//! - [`registry`] lists every source plugin; [`registry::Registry::choose`] picks one per page.
//! - [`run`] reads the inputs in parallel, parses, extracts claims, clusters near-duplicate
//!   articles, merges claims into events, and hands the [`Dataset`] to export. Articles are
//!   spooled to disk as they are mapped; reduce keeps each one's head, dedup signature and claims
//!   (see `spool`), and export reads the articles back. [`Reduce`] is the same reduce fed one map
//!   record at a time (`scrutiny reduce`).
//!
//! Invariants:
//! - only this crate reads YAML; it reads input files but never writes datasets (export does);
//! - every input ends as exactly one article or one reject;
//! - memory holds no article's text beyond one chunk of inputs being mapped;
//! - results are in input-path order whatever the thread count, so outputs are byte-identical.
#![warn(missing_docs)]

pub mod builtin;
pub mod cache;
mod check;
pub mod definition;
pub mod diagnostic;
mod limits;
mod lock;
pub mod map;
pub mod read;
mod readahead;
pub mod registry;
mod run;
pub mod shape;
mod spool;

use std::path::PathBuf;

pub use definition::{Definition, load};
pub use diagnostic::Diagnostic;
pub use map::{MAP_SCHEMA_VERSION, MapRecord, MapStats};
pub use read::Input;
pub use run::{
    Reduce, RunOptions, RunOutput, RunReport, collect_inputs, map_to_writer, read_map_output,
    read_map_records, reduce, run,
};
pub use scrutiny_export::Dataset;

/// What stops a pipeline from loading or completing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The definition file could not be read.
    #[error("Cannot read pipeline `{}`", .path.display())]
    Read {
        /// The definition file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The definition is invalid; every problem is listed.
    #[error("Pipeline `{}` has {} error(s)", .path.display(), .diagnostics.len())]
    Invalid {
        /// The definition file.
        path: PathBuf,
        /// The problems, in file order.
        diagnostics: Vec<Diagnostic>,
    },
    /// An input given on the command line matches no file.
    #[error("Input `{0}` matches no file")]
    MissingInput(String),
    /// An input given on the command line is not a valid glob.
    #[error("{0}")]
    BadInput(String),
    /// The worker threads could not be started.
    #[error("Cannot start {threads} worker threads")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// The underlying error.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
    /// The gazetteer could not be read or built.
    #[error("Cannot load the gazetteer `{}`", .path.display())]
    Gazetteer {
        /// The CSV file.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The merge stage refused its input.
    #[error(transparent)]
    Merge(#[from] scrutiny_merge::Error),
    /// Writing the outputs failed.
    #[error(transparent)]
    Export(#[from] scrutiny_export::Error),
    /// Writing map output or reading reduce input failed.
    #[error("Cannot stream map records")]
    Output(#[source] std::io::Error),
    /// A map output given to reduce cannot be opened.
    #[error("Cannot open map output `{}`", .path.display())]
    MapOutput {
        /// The file.
        path: std::path::PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The output folder cannot be created or written (or a file is in its place).
    #[error("Cannot write into the output folder `{}`", .path.display())]
    OutputDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Another run is writing into the output folder.
    #[error(
        "The output folder `{}` is in use by {holder}: one run at a time writes into a folder",
        .path.display()
    )]
    OutputBusy {
        /// The folder.
        path: PathBuf,
        /// Who holds it.
        holder: String,
    },
    /// The output folder lies where the inputs are read from (or holds an input), so a run
    /// would read what it wrote.
    #[error(
        "The output folder `{}` is inside the input `{input}`: a later run would read its outputs as pages; write them elsewhere",
        .path.display()
    )]
    OutputInInput {
        /// The folder.
        path: PathBuf,
        /// The input entry.
        input: String,
    },
    /// The inputs hold no page to read (and empty datasets were not asked for).
    #[error(
        "No pages to read in {}: nothing was written (`--allow-empty` writes empty datasets)",
        quoted(.0)
    )]
    NoInputs(Vec<String>),
    /// The article spool (a temp file beside the outputs) could not be written or read.
    #[error("Cannot spool articles to disk")]
    Spool(#[source] std::io::Error),
    /// A map record that reduce cannot read.
    #[error("Bad map record at {file}:{line}: {why}")]
    MapRecord {
        /// The map output.
        file: String,
        /// 1-based line.
        line: usize,
        /// Why.
        why: String,
    },
}

/// `a`, `b` and `c`, each in backticks.
fn quoted(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => "the inputs".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

impl Error {
    /// True when the definition (or a command-line input) is at fault, not the run.
    pub fn is_definition_error(&self) -> bool {
        matches!(
            self,
            Error::Invalid { .. }
                | Error::MissingInput(_)
                | Error::BadInput(_)
                | Error::Read { .. }
                | Error::Gazetteer { .. }
                | Error::MapOutput { .. }
                | Error::OutputInInput { .. }
        )
    }
}
