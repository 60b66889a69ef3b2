//! `cargo xtask eval-html [DIR] [--trafilatura | --python PATH] [--worst N] [--runs N]`: score and time the generic HTML path.
//!
//! The scoring and timing live in `scrutiny_html_body::bench` and its `eval-html` example, run
//! here in release mode (timings of a debug build mean nothing). DIR defaults to
//! `../shared/benchmarks/article-extraction` (relative to the repository root); with
//! `--python PATH` (an interpreter with `pip install trafilatura lxml_html_clean`) trafilatura is
//! timed on the same pages in the same run and the speed ratio printed. `--trafilatura` makes
//! that interpreter itself: a throwaway virtual environment in `TARGET/bench/trafilatura-venv`
//! with trafilatura from PyPI (skipped with a message where Python is absent).

use std::path::PathBuf;
use std::process::Command;

use anyhow::Context;

/// `cargo xtask eval-html`'s options, passed on to the `eval-html` example.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// The benchmark folder (default: ../shared/benchmarks/article-extraction).
    dir: Option<PathBuf>,
    /// Time trafilatura too, in a virtual environment made for it in the target folder.
    #[arg(long, conflicts_with = "python")]
    trafilatura: bool,
    /// Time trafilatura too, in this interpreter (with trafilatura and lxml_html_clean).
    #[arg(long, value_name = "PATH")]
    python: Option<PathBuf>,
    /// How many of the worst pages to list.
    #[arg(long, value_name = "N")]
    worst: Option<usize>,
    /// Timed runs over the pages.
    #[arg(long, value_name = "N")]
    runs: Option<usize>,
    /// List every page's published date and where it was found.
    #[arg(long)]
    dates: bool,
}

impl Args {
    /// The default benchmark, with trafilatura timed beside it.
    pub fn trafilatura() -> Args {
        Args {
            trafilatura: true,
            ..Args::default()
        }
    }

    /// The example's command line.
    fn words(&self) -> Vec<std::ffi::OsString> {
        let mut words = Vec::new();
        if let Some(dir) = &self.dir {
            words.push(dir.clone().into_os_string());
        }
        let mut option = |name: &str, value: Option<String>| {
            if let Some(v) = value {
                words.push(name.into());
                words.push(v.into());
            }
        };
        option("--worst", self.worst.map(|n| n.to_string()));
        option("--runs", self.runs.map(|n| n.to_string()));
        option(
            "--python",
            self.python.as_ref().map(|p| p.display().to_string()),
        );
        if self.dates {
            words.push("--dates".into());
        }
        words
    }
}

/// Entry point.
pub fn main(mut args: Args) -> anyhow::Result<()> {
    if args.trafilatura {
        match trafilatura_venv() {
            Ok(python) => args.python = Some(python),
            Err(e) => eprintln!("eval-html: trafilatura is not timed: {e:#}"),
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(crate::project_root())
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "scrutiny-html-body",
            "--example",
            "eval-html",
            "--",
        ])
        .args(args.words())
        .status()
        .context("Cannot run `cargo run --example eval-html`")?;
    if !status.success() {
        anyhow::bail!("`eval-html` failed ({status})");
    }
    Ok(())
}

/// A throwaway virtual environment with trafilatura from PyPI; returns its interpreter.
pub fn trafilatura_venv() -> anyhow::Result<std::path::PathBuf> {
    let venv = crate::target_dir()?.join("bench/trafilatura-venv");
    let python = venv.join("bin/python");
    if python.exists()
        && Command::new(&python)
            .args(["-c", "import trafilatura"])
            .status()?
            .success()
    {
        return Ok(python);
    }
    let system = ["python3", "python"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .context("no python3 on this machine")?;
    eprintln!(
        "eval-html: creating {} with trafilatura from PyPI",
        venv.display()
    );
    let ok = Command::new(system)
        .args(["-m", "venv"])
        .arg(&venv)
        .status()?
        .success()
        && Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "trafilatura",
                "lxml_html_clean",
            ])
            .status()?
            .success();
    if !ok {
        anyhow::bail!("could not install trafilatura into {}", venv.display());
    }
    Ok(python)
}
