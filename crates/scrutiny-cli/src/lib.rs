//! The `scrutiny` command line: wiring, logging and exit codes, no domain logic.
//!
//! `scrutiny run PIPELINE [--input PATH]... [--out DIR] [--threads N]` runs a pipeline;
//! `scrutiny validate PIPELINE` checks one without running it; `scrutiny map` and
//! `scrutiny reduce` split `run` for distributed engines (docs/scale-out.md). Exit codes: 0 success,
//! 1 a run that could not complete, 2 a bad definition or command line.
//! [`main_with`] is the whole program, so `cargo xtask ingest` runs exactly what users run.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use scrutiny_pipeline::{Error, RunOptions, RunOutput, definition, run};

/// Exit code for a run that could not complete.
pub const EXIT_FAILED: u8 = 1;
/// Exit code for a bad definition or command line.
pub const EXIT_BAD_DEFINITION: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "scrutiny",
    version,
    about = "Ofsted children's services inspections from press coverage, merged and sourced"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a pipeline definition over its inputs.
    Run {
        /// The pipeline definition (YAML).
        pipeline: PathBuf,
        /// Replace the definition's inputs (a file, folder or glob; repeatable).
        #[arg(long = "input", value_name = "PATH")]
        inputs: Vec<String>,
        /// Replace the definition's output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Worker threads (default: one per core). Outputs do not depend on it.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
        /// Print no summary.
        #[arg(long, short)]
        quiet: bool,
        /// Neither read nor write the content-hash cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// Map inputs to JSON Lines records on stdout: one per article or reject, then a stats record.
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
    /// Check a pipeline definition without running it.
    Validate {
        /// The pipeline definition (YAML).
        pipeline: PathBuf,
    },
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
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_BAD_DEFINITION
            } else {
                0
            };
        }
    };
    init_logging();
    match cli.command {
        Command::Validate { pipeline } => match definition::load(&pipeline, true) {
            Ok(def) => {
                eprintln!(
                    "{}: valid ({} inputs, {} sources)",
                    pipeline.display(),
                    def.inputs.len(),
                    def.sources.len()
                );
                0
            }
            Err(e) => report_error(&e),
        },
        Command::Map {
            pipeline,
            mut paths,
            stdin,
            threads,
        } => {
            if stdin {
                paths.extend(
                    std::io::stdin()
                        .lines()
                        .map_while(Result::ok)
                        .filter(|l| !l.trim().is_empty()),
                );
            }
            let def = match definition::load(&pipeline, paths.is_empty()) {
                Ok(def) => def,
                Err(e) => return report_error(&e),
            };
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match scrutiny_pipeline::map_to_writer(&def, &paths, threads.map(usize::from), &mut out)
            {
                Ok(_) => 0,
                Err(e) => report_error(&e),
            }
        }
        Command::Reduce {
            pipeline,
            files,
            out,
            threads,
            quiet,
        } => {
            let def = match definition::load(&pipeline, false) {
                Ok(def) => def,
                Err(e) => return report_error(&e),
            };
            let opts = RunOptions {
                out,
                threads: threads.map(usize::from),
                ..RunOptions::default()
            };
            let sources: Vec<PathBuf> = if files.is_empty() {
                vec![PathBuf::from("-")]
            } else {
                files
            };
            // Every map output is opened before reduce starts, so a missing one fails the
            // command before it creates the output folder (where the spool lives).
            let mut opened = Vec::with_capacity(sources.len());
            for file in &sources {
                if file.as_os_str() == "-" {
                    opened.push(None);
                    continue;
                }
                match std::fs::File::open(file) {
                    Ok(f) => opened.push(Some(f)),
                    Err(source) => {
                        return report_error(&Error::MapOutput {
                            path: file.clone(),
                            source,
                        });
                    }
                }
            }
            let mut reduce = match scrutiny_pipeline::Reduce::new(&def, &opts) {
                Ok(r) => r,
                Err(e) => return report_error(&e),
            };
            for (file, opened) in sources.iter().zip(opened) {
                let name = file.display().to_string();
                let mut each = |r| reduce.push(r);
                let read = match opened {
                    None => scrutiny_pipeline::read_map_records(
                        std::io::stdin().lock(),
                        "stdin",
                        &mut each,
                    ),
                    Some(f) => scrutiny_pipeline::read_map_records(
                        std::io::BufReader::new(f),
                        &name,
                        &mut each,
                    ),
                };
                if let Err(e) = read {
                    return report_error(&e);
                }
            }
            match reduce.finish(&pipeline.display().to_string(), &opts) {
                Ok(output) => finished(output, quiet),
                Err(e) => report_error(&e),
            }
        }
        Command::Run {
            pipeline,
            inputs,
            out,
            threads,
            quiet,
            no_cache,
        } => {
            let def = match definition::load(&pipeline, inputs.is_empty()) {
                Ok(def) => def,
                Err(e) => return report_error(&e),
            };
            let opts = RunOptions {
                inputs,
                out,
                threads: threads.map(usize::from),
                progress: !quiet,
                dry_run: false,
                no_cache,
            };
            match run(&def, &pipeline.display().to_string(), &opts) {
                Ok(output) => finished(output, quiet),
                Err(e) => report_error(&e),
            }
        }
    }
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

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn report_error(e: &Error) -> u8 {
    let mut err = std::io::stderr().lock();
    match e {
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

/// One screen: what went in, what came out, where it went.
fn print_summary(output: &RunOutput) {
    let r = &output.report;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{} ({}): {} inputs -> {} articles, {} rejects in {:.2} s on {} threads",
        r.pipeline,
        r.name,
        r.inputs,
        r.articles,
        r.rejects,
        r.millis as f64 / 1000.0,
        r.threads
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
        "  claims: {}, events: {}",
        ds.claims.len(),
        ds.events.len()
    );
    if r.cache_hits > 0 {
        let _ = writeln!(
            err,
            "  cache: {} of {} inputs unchanged since the last run",
            r.cache_hits, r.inputs
        );
    }
    for s in &r.stages {
        let _ = writeln!(
            err,
            "  stage {:<11} {:>6} in {:>6} out {:>7} ms",
            s.stage, s.input, s.output, s.millis
        );
    }
    if let Some(first) = r.outputs.first() {
        let dir = std::path::Path::new(first)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let _ = writeln!(err, "  wrote {} files to {dir}/", r.outputs.len());
    }
}
