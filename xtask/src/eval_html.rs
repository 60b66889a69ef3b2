//! `cargo xtask eval-html [DIR] [--trafilatura | --python PATH] [--worst N] [--runs N]`: score and time the generic HTML path.
//!
//! The scoring and timing live in `scrutiny_html_body::bench` and its `eval-html` example, run
//! here in release mode (timings of a debug build mean nothing). DIR defaults to
//! `../shared/benchmarks/article-extraction` (relative to the repository root); with
//! `--python PATH` (an interpreter with `pip install trafilatura lxml_html_clean`) trafilatura is
//! timed on the same pages in the same run and the speed ratio printed. `--trafilatura` makes
//! that interpreter itself: a throwaway virtual environment in `target/bench/trafilatura-venv`
//! with trafilatura from PyPI (skipped with a message where Python is absent).

use std::process::Command;

use anyhow::Context;

/// Entry point; `args` are the words after the subcommand.
pub fn main(args: Vec<String>) -> anyhow::Result<()> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!(
            "usage: cargo xtask eval-html [DIR] [--trafilatura | --python PATH] [--worst N] [--runs N]"
        );
        return Ok(());
    }
    let mut args = args;
    if let Some(i) = args.iter().position(|a| a == "--trafilatura") {
        args.remove(i);
        match trafilatura_venv() {
            Ok(python) => {
                args.push("--python".into());
                args.push(python.display().to_string());
            }
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
        .args(&args)
        .status()
        .context("Cannot run `cargo run --example eval-html`")?;
    if !status.success() {
        anyhow::bail!("`eval-html` failed ({status})");
    }
    Ok(())
}

/// A throwaway virtual environment with trafilatura from PyPI; returns its interpreter.
pub fn trafilatura_venv() -> anyhow::Result<std::path::PathBuf> {
    let venv = crate::project_root().join("target/bench/trafilatura-venv");
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
