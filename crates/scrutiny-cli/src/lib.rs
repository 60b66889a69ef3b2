//! The `scrutiny` command line: wiring, logging and exit codes, no domain logic.
//!
//! `scrutiny run --input DIR --out DIR` runs the built-in default pipeline over the pages in
//! DIR; `scrutiny run PIPELINE [--input PATH]... [--out DIR] [--threads N]` runs a pipeline
//! file; `scrutiny validate PIPELINE` checks one without running it; `scrutiny map` and
//! `scrutiny reduce` split `run` for distributed engines (docs/scale-out.md). Exit codes: 0
//! success, 1 a run that could not complete, 2 a bad definition or command line.
//! [`main_with`] is the whole program, and [`run`] the `run` command, so `cargo xtask ingest`
//! runs exactly what users run.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use scrutiny_pipeline::{Definition, Error, RunOptions, RunOutput, builtin, definition};

/// Exit code for a run that could not complete.
pub const EXIT_FAILED: u8 = 1;
/// Exit code for a bad definition or command line.
pub const EXIT_BAD_DEFINITION: u8 = 2;

/// The exit codes, as every command's help ends (a macro, so that `concat!` can use it).
macro_rules! exit_codes {
    () => {
        "Exit codes: 0 success, 1 a run that could not complete (including inputs with no \
         page), 2 a bad definition or command line."
    };
}

const EXIT_CODES: &str = exit_codes!();

const RUN_EXAMPLES: &str = concat!(
    "Examples:
  scrutiny run --input my-pages --out results    the built-in default pipeline
  scrutiny run pipelines/default.yaml            a pipeline file; relative paths in it are read
                                                 from its folder

",
    exit_codes!()
);

#[derive(Debug, Parser)]
#[command(
    name = "scrutiny",
    version,
    about = "Ofsted children's services inspections from press coverage, merged and sourced",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a pipeline over pages: read, parse, extract claims, merge, write the datasets.
    #[command(after_help = RUN_EXAMPLES)]
    Run {
        /// The pipeline definition (YAML). Without it, the built-in default pipeline (every
        /// source plugin, every format), which needs --input and --out.
        pipeline: Option<PathBuf>,
        #[command(flatten)]
        flags: RunFlags,
    },
    /// Map inputs to JSON Lines records on stdout: one per article or reject, then a stats record.
    #[command(after_help = EXIT_CODES)]
    Map {
        /// The pipeline definition (YAML).
        pipeline: PathBuf,
        /// Inputs (files, folders or globs); default: the definition's inputs.
        paths: Vec<String>,
        /// Also read input paths from stdin, one per line.
        #[arg(long)]
        stdin: bool,
        /// Worker threads (default: one per core). Output does not depend on it.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
    },
    /// Reduce map outputs (any number, any order) into the datasets `run` would write.
    #[command(after_help = EXIT_CODES)]
    Reduce {
        /// The pipeline definition (YAML) the map step used.
        pipeline: PathBuf,
        /// Map output files (JSON Lines); none or `-` reads stdin.
        files: Vec<PathBuf>,
        /// Replace the definition's output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
        /// Print no summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check a pipeline definition without running it: every error, with its line and column.
    #[command(after_help = EXIT_CODES)]
    Validate {
        /// The pipeline definition (YAML).
        pipeline: PathBuf,
    },
}

/// The options of `scrutiny run` besides the pipeline (`cargo xtask ingest` takes them too).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RunFlags {
    /// Read these pages instead of the definition's inputs: a file, folder or glob, relative
    /// to the working directory (repeatable). Folders are walked; `NAME.meta.yaml` sidecars
    /// beside the pages are read with them.
    #[arg(long = "input", value_name = "PATH")]
    pub inputs: Vec<String>,
    /// Write into this folder instead of the definition's (relative to the working directory).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core). Outputs do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Print no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Neither read nor write the content-hash cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Write empty datasets when the inputs hold no page, instead of a warning and exit code 1.
    #[arg(long)]
    pub allow_empty: bool,
}

/// Run the program with these arguments (the first is the program name).
pub fn main_with<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    ExitCode::from(exit_code(args))
}

/// Run the program and return its exit code as a number (for callers that exit themselves:
/// a finished run's datasets are left to the process exit, not freed).
pub fn exit_code<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    init_logging();
    match cli.command {
        Command::Validate { pipeline } => validate(&pipeline),
        Command::Map {
            pipeline,
            paths,
            stdin,
            threads,
        } => map(&pipeline, paths, stdin, threads),
        Command::Reduce {
            pipeline,
            files,
            out,
            threads,
            quiet,
        } => reduce(&pipeline, files, out, threads, quiet),
        Command::Run { pipeline, flags } => run(pipeline.as_deref(), flags),
    }
}

/// Print a command-line error (or `--help`, `--version`) as clap formats it; 2 for an error.
fn usage_error(e: &clap::Error) -> u8 {
    let _ = e.print();
    if e.use_stderr() {
        EXIT_BAD_DEFINITION
    } else {
        0
    }
}

/// `scrutiny run`: the pipeline file, or without one the built-in default pipeline over
/// `--input` into `--out`. Returns the exit code. Logging is left to the caller.
pub fn run(pipeline: Option<&Path>, flags: RunFlags) -> u8 {
    let loaded = match pipeline {
        Some(p) => {
            definition::load(p, flags.inputs.is_empty()).map(|d| (d, p.display().to_string()))
        }
        None if flags.inputs.is_empty() || flags.out.is_none() => {
            return usage_error(&run_usage_error(
                "without a PIPELINE, `scrutiny run` runs the built-in default pipeline, which \
                 needs --input PATH (the pages) and --out DIR (where the datasets go)",
            ));
        }
        None => definition::builtin().map(|d| (d, builtin::DEFAULT_PIPELINE_NAME.to_owned())),
    };
    let (def, name) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => return report_error(&e),
    };
    let opts = RunOptions {
        inputs: flags.inputs,
        out: flags.out,
        threads: flags.threads.map(usize::from),
        progress: !flags.quiet,
        dry_run: false,
        no_cache: flags.no_cache,
        allow_empty: flags.allow_empty,
    };
    match scrutiny_pipeline::run(&def, &name, &opts) {
        Ok(output) => finished(output, flags.quiet),
        Err(e) => report_error(&e),
    }
}

/// A usage error of `scrutiny run`, formatted by clap with that command's usage line.
fn run_usage_error(message: &str) -> clap::Error {
    let mut cli = Cli::command();
    cli.build();
    let kind = clap::error::ErrorKind::MissingRequiredArgument;
    match cli.find_subcommand_mut("run") {
        Some(run) => run.error(kind, message),
        None => cli.error(kind, message),
    }
}

fn validate(pipeline: &Path) -> u8 {
    match definition::load(pipeline, true) {
        Ok(def) => {
            eprintln!(
                "{}: valid ({}, {})",
                pipeline.display(),
                count(def.inputs.len(), "input"),
                count(def.sources.len(), "source")
            );
            0
        }
        Err(e) => report_error(&e),
    }
}

fn map(pipeline: &Path, mut paths: Vec<String>, stdin: bool, threads: Option<u16>) -> u8 {
    if stdin {
        paths.extend(
            std::io::stdin()
                .lines()
                .map_while(Result::ok)
                .filter(|l| !l.trim().is_empty()),
        );
    }
    let def = match definition::load(pipeline, paths.is_empty()) {
        Ok(def) => def,
        Err(e) => return report_error(&e),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match scrutiny_pipeline::map_to_writer(&def, &paths, threads.map(usize::from), &mut out) {
        Ok(_) => 0,
        Err(e) => report_error(&e),
    }
}

fn reduce(
    pipeline: &Path,
    files: Vec<PathBuf>,
    out: Option<PathBuf>,
    threads: Option<u16>,
    quiet: bool,
) -> u8 {
    let def = match definition::load(pipeline, false) {
        Ok(def) => def,
        Err(e) => return report_error(&e),
    };
    let opts = RunOptions {
        out,
        threads: threads.map(usize::from),
        ..RunOptions::default()
    };
    match reduce_files(&def, pipeline, files, &opts) {
        Ok(output) => finished(output, quiet),
        Err(e) => report_error(&e),
    }
}

/// Open every map output (before reduce starts, so a missing one fails the command before
/// it creates the output folder, where the spool lives), then stream each through reduce.
fn reduce_files(
    def: &Definition,
    pipeline: &Path,
    files: Vec<PathBuf>,
    opts: &RunOptions,
) -> Result<RunOutput, Error> {
    let sources: Vec<PathBuf> = if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files
    };
    let mut opened = Vec::with_capacity(sources.len());
    for file in &sources {
        if file.as_os_str() == "-" {
            opened.push(None);
            continue;
        }
        let f = std::fs::File::open(file).map_err(|source| Error::MapOutput {
            path: file.clone(),
            source,
        })?;
        opened.push(Some(f));
    }
    let mut reduce = scrutiny_pipeline::Reduce::new(def, opts)?;
    for (file, opened) in sources.iter().zip(opened) {
        let name = file.display().to_string();
        let mut each = |r| reduce.push(r);
        match opened {
            None => {
                scrutiny_pipeline::read_map_records(std::io::stdin().lock(), "stdin", &mut each)
            }
            Some(f) => {
                scrutiny_pipeline::read_map_records(std::io::BufReader::new(f), &name, &mut each)
            }
        }?;
    }
    reduce.finish(&pipeline.display().to_string(), opts)
}

/// A run that completed: its summary, then exit code 0. The datasets are not freed: the
/// process ends next, and freeing every claim and event one by one (many of them from another
/// thread than made them) took tens of milliseconds.
fn finished(output: RunOutput, quiet: bool) -> u8 {
    if !quiet {
        print_summary(&output);
    }
    std::mem::forget(output);
    0
}

/// Log to stderr at `RUST_LOG`'s levels (default: warnings), in colour only on a terminal
/// (and not under `NO_COLOR`), so that a log piped to a file is plain text.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && !no_color)
        .try_init();
}

fn report_error(e: &Error) -> u8 {
    let mut err = std::io::stderr().lock();
    match e {
        // Not a failure of the tool: most likely a wrong folder. Still not a success.
        Error::NoInputs(_) => {
            let _ = writeln!(err, "warning: {e}");
        }
        Error::Invalid { diagnostics, .. } => {
            for d in diagnostics {
                let _ = write!(err, "{d}");
            }
            let _ = writeln!(err, "{e}");
        }
        other => {
            let _ = write!(err, "error: {other}");
            let mut source = std::error::Error::source(other);
            while let Some(s) = source {
                let _ = write!(err, ": {s}");
                source = s.source();
            }
            let _ = writeln!(err);
        }
    }
    if e.is_definition_error() {
        EXIT_BAD_DEFINITION
    } else {
        EXIT_FAILED
    }
}

/// `1 thread`, `2 threads`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// What a stage takes in and gives out, as the summary counts them.
fn stage_units(stage: &str) -> (&'static str, &'static str) {
    match stage {
        "read_parse" => ("input", "article"),
        "extract" => ("article", "claim"),
        "merge" => ("claim", "event"),
        "export" => ("article", "dataset file"),
        _ => ("item", "item"),
    }
}

/// The file to open first among those written, and what it shows.
fn first_to_open(outputs: &[String]) -> Option<(&str, &'static str)> {
    const ORDER: [(&str, &str); 5] = [
        (
            "report.html",
            "every inspection on a timeline, with the sentences that report it",
        ),
        ("scrutiny.sqlite", "every dataset as a table, for SQL"),
        ("events.csv", "the merged timeline of inspections"),
        ("events.jsonl", "the merged timeline of inspections"),
        ("articles.jsonl", "the articles read"),
    ];
    ORDER.iter().find_map(|(name, what)| {
        let path = outputs
            .iter()
            .find(|o| Path::new(o).file_name().is_some_and(|f| f == *name))?;
        Some((path.as_str(), *what))
    })
}

/// One screen: what went in, what came out, where it went, and what to open first.
fn print_summary(output: &RunOutput) {
    let r = &output.report;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{} ({}): {} -> {}, {} in {:.2} s on {}",
        r.pipeline,
        r.name,
        count(r.inputs, "input"),
        count(r.articles, "article"),
        count(r.rejects, "reject"),
        r.millis as f64 / 1000.0,
        count(r.threads, "thread")
    );
    let join = |m: &std::collections::BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !r.sources.is_empty() {
        let _ = writeln!(
            err,
            "  sources: {} (chosen by {})",
            join(&r.sources),
            join(&r.chosen_by)
        );
    }
    if !r.rejects_by_reason.is_empty() {
        let _ = writeln!(err, "  rejects: {}", join(&r.rejects_by_reason));
    }
    for c in &r.contested {
        let _ = writeln!(
            err,
            "  contested: {} claimed by {} (chose {})",
            c.path,
            c.plugins.join(", "),
            c.chosen
        );
    }
    let ds = &output.dataset;
    let _ = writeln!(
        err,
        "  {}, {}",
        count(ds.claims.len(), "claim"),
        count(ds.events.len(), "event")
    );
    if r.cache_hits > 0 {
        let _ = writeln!(
            err,
            "  cache: {} of {} unchanged since the last run",
            r.cache_hits,
            count(r.inputs, "input")
        );
    }
    for s in &r.stages {
        let (from, to) = stage_units(s.stage);
        let _ = writeln!(
            err,
            "  {:<10} {:>14} -> {:<18} {:>6} ms",
            s.stage,
            count(s.input, from),
            count(s.output, to),
            s.millis
        );
    }
    let Some(first) = r.outputs.first() else {
        return;
    };
    let dir = Path::new(first)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let datasets = r
        .outputs
        .iter()
        .filter(|o| !o.ends_with("run.json"))
        .count();
    let _ = writeln!(
        err,
        "  wrote {} to {dir}/: {} and run.json",
        count(r.outputs.len(), "file"),
        count(datasets, "dataset file")
    );
    if let Some((path, what)) = first_to_open(&r.outputs) {
        let _ = writeln!(err, "Open {path} first: {what}.");
    }
}
