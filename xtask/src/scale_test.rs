//! `cargo xtask scale-test`: the real Spark job in local mode against a plain `scrutiny run` on generated WARCs.
//!
//! Not in CI: it installs pyspark into `TARGET/scale-venv` (once; TARGET is cargo's target
//! folder) and needs Java 17. Steps: build the `scrutiny` binary; write FILES generated
//! `.warc.gz` files of PAGES pages each (`scrutiny_warc::testdata`) and their manifest under
//! `TARGET/scale-test/`; run
//! `contrib/spark/scrutiny_spark.py` with `spark-submit --master local[2]`; run `scrutiny run`
//! over the same files; compare every dataset file byte for byte (`run.json` aside: it carries
//! timings). Exits non-zero on any difference.
//!
//! Usage: `cargo xtask scale-test [--files N] [--pages N] [--release]`

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::project_root;

/// `cargo xtask scale-test`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Generated WARC files.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = at_least_one())]
    files: usize,
    /// Pages per WARC file.
    #[arg(long, value_name = "N", default_value_t = 40, value_parser = at_least_one())]
    pages: usize,
    /// Build and run the release binary (default: debug).
    #[arg(long)]
    release: bool,
}

/// A count of one or more.
pub fn at_least_one() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..)
}

fn run(cmd: &mut Command, what: &str) -> anyhow::Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// The virtual environment with pyspark in the target folder, created on first use.
fn venv(target: &Path) -> anyhow::Result<PathBuf> {
    let dir = target.join("scale-venv");
    let python = dir.join("bin/python");
    let has_pyspark = python.exists()
        && Command::new(&python)
            .args(["-c", "import pyspark"])
            .status()
            .is_ok_and(|s| s.success());
    if !has_pyspark {
        eprintln!("installing pyspark into {}", dir.display());
        run(
            Command::new("python3").args(["-m", "venv"]).arg(&dir),
            "python3 -m venv",
        )?;
        run(
            Command::new(&python).args(["-m", "pip", "install", "--quiet", "pyspark"]),
            "pip install pyspark",
        )?;
    }
    Ok(dir)
}

/// Dataset files of a run folder, relative, sorted; `run.json` (timings) and hidden entries
/// (the run's `.cache/`) left out.
fn dataset_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))?
        {
            let path = entry?.path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
            {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != "run.json") {
                out.push(path.strip_prefix(dir)?.to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

fn lines(path: &Path) -> usize {
    std::fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

pub fn main(o: Args) -> anyhow::Result<()> {
    let root = project_root();
    let target = crate::target_dir()?;
    let work = target.join("scale-test");
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .with_context(|| format!("cannot clear {}", work.display()))?;
    }
    let warc_dir = work.join("warc");
    std::fs::create_dir_all(&warc_dir)?;

    // 1. The binary.
    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    build.args([
        "build",
        "--quiet",
        "-p",
        "scrutiny-cli",
        "--bin",
        "scrutiny",
    ]);
    if o.release {
        build.arg("--release");
    }
    run(build.current_dir(&root), "cargo build")?;
    let scrutiny = target.join(if o.release {
        "release/scrutiny"
    } else {
        "debug/scrutiny"
    });

    // 2. The WARCs, their manifest and a pipeline over them.
    let mut manifest = String::new();
    let mut records = 0usize;
    let mut bytes = 0u64;
    for i in 0..o.files {
        let path = warc_dir.join(format!("CC-NEWS-TEST-{i:05}.warc.gz"));
        let recs = scrutiny_warc::testdata::sample_records(o.pages, 1000 + i as u64);
        records += recs.len();
        scrutiny_warc::testdata::write_warc_gz(&path, &recs)?;
        bytes += std::fs::metadata(&path)?.len();
        manifest.push_str(&format!("{}\n", path.display()));
    }
    let manifest_path = work.join("warc.paths");
    std::fs::write(&manifest_path, manifest)?;
    let pipeline = work.join("pipeline.yaml");
    std::fs::write(
        &pipeline,
        format!(
            "name: scale-test\ninputs:\n  - {}\nsources:\n  - kind: generic\nstages: [extract, merge, export]\n\
             extract:\n  gazetteer: {}\noutputs:\n  dir: {}\n  formats: [jsonl, csv]\n",
            warc_dir.display(),
            root.join("data/reference/local_authorities.csv").display(),
            work.join("out-run").display()
        ),
    )?;

    // 3. The Spark job, local mode, two cores.
    let venv = venv(&target)?;
    let python = venv.join("bin/python");
    let started = Instant::now();
    run(
        Command::new(venv.join("bin/spark-submit"))
            .args(["--master", "local[2]"])
            .arg(root.join("contrib/spark/scrutiny_spark.py"))
            .arg("--scrutiny")
            .arg(&scrutiny)
            .arg("--pipeline")
            .arg(&pipeline)
            .arg("--manifest")
            .arg(&manifest_path)
            .arg("--map-out")
            .arg(work.join("map"))
            .arg("--out")
            .arg(work.join("out-spark"))
            .env("PYSPARK_PYTHON", &python)
            .env("PYSPARK_DRIVER_PYTHON", &python)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .current_dir(&root),
        "spark-submit",
    )?;
    let spark_time = started.elapsed();

    // 4. The plain run over the same files.
    let started = Instant::now();
    run(
        Command::new(&scrutiny)
            .arg("run")
            .arg(&pipeline)
            .arg("--out")
            .arg(work.join("out-run"))
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .current_dir(&root),
        "scrutiny run",
    )?;
    let run_time = started.elapsed();

    // 5. Compare.
    let (a, b) = (work.join("out-run"), work.join("out-spark"));
    let files_a = dataset_files(&a)?;
    let files_b = dataset_files(&b)?;
    let map_lines: usize = std::fs::read_dir(work.join("map"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("part-"))
        })
        .map(|p| lines(&p))
        .sum();
    println!(
        "scale-test: {} WARC files, {records} records, {bytes} bytes (gzip)",
        o.files
    );
    println!(
        "map output: {map_lines} JSON lines in {}",
        work.join("map").display()
    );
    println!(
        "spark-submit --master local[2]: {:.1} s; scrutiny run: {:.1} s",
        spark_time.as_secs_f64(),
        run_time.as_secs_f64()
    );
    println!("| file | lines (run) | lines (spark) | identical |");
    println!("|---|---:|---:|---|");
    let mut differ = 0;
    for f in files_a
        .iter()
        .chain(files_b.iter().filter(|f| !files_a.contains(f)))
    {
        let (pa, pb) = (a.join(f), b.join(f));
        let same = match (std::fs::read(&pa), std::fs::read(&pb)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        };
        differ += usize::from(!same);
        println!(
            "| {} | {} | {} | {} |",
            f.display(),
            lines(&pa),
            lines(&pb),
            if same { "yes" } else { "NO" }
        );
    }
    if files_a.is_empty() {
        bail!("scrutiny run wrote no dataset files in {}", a.display());
    }
    if lines(&a.join("articles.jsonl")) == 0 {
        bail!("the WARCs gave no article: is WARC input wired into the read stage?");
    }
    if differ > 0 {
        bail!("{differ} dataset file(s) differ between the Spark job and scrutiny run");
    }
    println!("all {} dataset files byte-identical", files_a.len());
    Ok(())
}
