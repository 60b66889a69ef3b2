//! Automation for the scrutiny workspace, run as `cargo xtask COMMAND`.

mod bench;
mod eval;
mod eval_html;
mod export;
mod gen_corpus;
mod ingest;
mod new_source;
mod scale_test;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Cargo's target folder as `cargo metadata` reports it: `<root>/target`, or wherever
/// `CARGO_TARGET_DIR` or a cargo config's `build.target-dir` puts it.
pub fn target_dir() -> anyhow::Result<PathBuf> {
    #[derive(serde::Deserialize)]
    struct Metadata {
        target_directory: PathBuf,
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(project_root())
        .output()
        .context("cannot run `cargo metadata`")?;
    if !out.status.success() {
        anyhow::bail!(
            "`cargo metadata` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let meta: Metadata =
        serde_json::from_slice(&out.stdout).context("cannot read `cargo metadata`'s answer")?;
    Ok(meta.target_directory)
}

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Automation for the scrutiny workspace (runs from the project root)",
    after_help = "Exit codes: 0 success, 1 a task that failed, 2 a bad command line."
)]
struct Xtask {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Run a pipeline over its inputs: `scrutiny run` in this process.
    Ingest {
        /// The pipeline definition.
        #[arg(default_value = "pipelines/default.yaml")]
        pipeline: PathBuf,
        #[command(flatten)]
        flags: scrutiny_cli::RunFlags,
    },
    /// Score extraction and the merged timeline against a gold file.
    Eval {
        /// The gold file.
        #[arg(default_value = "data/gold/seeds.yaml")]
        gold: String,
        /// The pipeline to evaluate.
        #[arg(long, value_name = "FILE", default_value = "pipelines/default.yaml")]
        pipeline: String,
    },
    /// Score and time the generic HTML path on the shared article-extraction benchmark.
    EvalHtml(eval_html::Args),
    /// Re-export the last run's datasets in other formats, without re-ingesting.
    Export(export::Args),
    /// Scaffold and register a source plugin crate (docs/adding-a-source.md).
    NewSource {
        /// The plugin's name, snake_case (e.g. community_care).
        #[arg(value_parser = new_source::plugin_name)]
        name: String,
    },
    /// Write generated pages with known duplicate clusters.
    GenCorpus(gen_corpus::Args),
    /// Release-mode throughput and memory on generated corpora (docs/performance.md).
    Bench(bench::Args),
    /// The Spark driver in local mode against `scrutiny run` on generated WARC files (not in CI).
    ScaleTest(scale_test::Args),
}

fn main() -> anyhow::Result<()> {
    // A bad command line exits 2 with clap's message; `--help` exits 0.
    let Xtask { task } = Xtask::parse();
    std::env::set_current_dir(project_root())?;
    match task {
        Task::Ingest { pipeline, flags } => ingest::main(&pipeline, flags),
        Task::Eval { gold, pipeline } => eval::main(vec![gold, "--pipeline".into(), pipeline]),
        Task::EvalHtml(args) => eval_html::main(args),
        Task::Export(args) => export::main(args),
        Task::NewSource { name } => new_source::main(&name),
        Task::GenCorpus(args) => gen_corpus::main(args),
        Task::Bench(args) => bench::main(args),
        Task::ScaleTest(args) => scale_test::main(args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Xtask::command().debug_assert();
    }
}
