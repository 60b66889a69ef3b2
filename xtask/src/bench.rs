//! `cargo xtask bench [--sizes N,N] [--threads 1,2] [--corpus mixed,text] [--runs N]`: throughput
//! and memory of the release binary.
//!
//! Builds `scrutiny` in release, generates corpora (`gen-corpus`, cached under `TARGET/bench/`,
//! TARGET being cargo's target folder, `target/` unless `CARGO_TARGET_DIR` says otherwise),
//! and runs the default pipeline over each at each thread count. Each size comes in two corpora
//! made from the same seed: `mixed` (about a quarter of the pages saved HTML in a publisher's
//! template, the rest page text) and `text` (the same pages, all page text: what issue 7's
//! throughput goal counts). Every figure is reported next to
//! a baseline measured in the same session on the same files: reading and hashing every page
//! (the I/O floor), so ratios hold on a noisy shared machine where absolute figures do not.
//! With `--runs N`, each configuration runs N times, in rounds over the thread counts, and the
//! table shows its median run (the slower middle one of an even number) with every run's wall
//! time: this machine's speed swings more than most changes measured on it.
//! Results go to `TARGET/bench/results.json` and `TARGET/bench/results.md`. With `--cold`, the
//! page cache is dropped before the baseline and before each run (Linux, as root), so reading
//! the inputs costs what it costs on files not read recently. With `--map`, it
//! also times `scrutiny map` on generated WARC files of mostly off-topic pages against plain
//! decompression of the same files (`gzip -dc`), and `scrutiny reduce` on the map records of the
//! largest corpus (`TARGET/bench/map.md`). Then, unless
//! `--no-html`, the generic HTML path is scored and timed against trafilatura on the shared
//! article-extraction benchmark (`cargo xtask eval-html --trafilatura`, optional where Python or
//! the shared folder is absent).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use scrutiny_merge::corpus::Mix;
use serde::Serialize;

#[derive(Debug, Serialize)]
struct Row {
    /// `mixed` or `text`.
    corpus: &'static str,
    pages: usize,
    threads: usize,
    /// The median of the runs of this configuration (by wall time), and every run's wall time.
    wall_s: f64,
    runs_wall_s: Vec<f64>,
    pages_per_s: f64,
    pages_per_s_per_core: f64,
    /// Wall time over the read-and-hash baseline on the same files.
    vs_baseline: f64,
    /// Per stage: milliseconds and pages (or claims) per second per core.
    stages: Vec<StageRow>,
    peak_rss_mib: Option<f64>,
}

#[derive(Debug, Serialize)]
struct StageRow {
    stage: String,
    millis: u64,
    per_s_per_core: f64,
}

#[derive(Debug, Serialize)]
struct Results {
    machine: String,
    /// The page cache was dropped before the baseline and each run.
    cold: bool,
    /// (corpus, pages, seconds).
    baseline: Vec<(&'static str, usize, f64)>,
    runs: Vec<Row>,
    /// (corpus, pages, speed-up from 1 to 2 threads).
    scaling: Vec<(&'static str, usize, f64)>,
}

/// A corpus of the bench.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Corpus {
    /// About a quarter of the pages saved HTML in a publisher's template, the rest page text.
    Mixed,
    /// The same pages, all page text.
    Text,
}

/// `cargo xtask bench`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Corpus sizes in pages, comma-separated.
    #[arg(long, value_name = "N,N", value_delimiter = ',', default_values_t = [10_000, 100_000], value_parser = crate::scale_test::at_least_one())]
    sizes: Vec<usize>,
    /// Thread counts, comma-separated.
    #[arg(long, value_name = "N,N", value_delimiter = ',', default_values_t = [1, 2], value_parser = crate::scale_test::at_least_one())]
    threads: Vec<usize>,
    /// Corpora, comma-separated.
    #[arg(long, value_name = "C,C", value_delimiter = ',', value_enum, default_values_t = [Corpus::Mixed, Corpus::Text])]
    corpus: Vec<Corpus>,
    /// Runs of each configuration; the table shows the median with every run's wall time.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = crate::scale_test::at_least_one())]
    runs: usize,
    /// Drop the page cache before the baseline and each run (Linux, as root).
    #[arg(long)]
    cold: bool,
    /// Also time `scrutiny map` on generated WARC files and `scrutiny reduce` on its records.
    #[arg(long)]
    map: bool,
    /// Leave out the generic HTML path against trafilatura on the shared benchmark.
    #[arg(long)]
    no_html: bool,
}

/// Entry point.
pub fn main(args: Args) -> anyhow::Result<()> {
    let Args {
        sizes,
        threads,
        corpus,
        runs,
        cold,
        map,
        no_html,
    } = args;
    let html = !no_html;
    let corpora: Vec<Mix> = corpus
        .iter()
        .map(|c| match c {
            Corpus::Mixed => Mix::Mixed,
            Corpus::Text => Mix::TextOnly,
        })
        .collect();
    let root = crate::project_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("bench: building the release binary");
    let ok = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "-p", "scrutiny-cli"])
        .status()?
        .success();
    if !ok {
        bail!("release build failed");
    }
    let target = crate::target_dir()?;
    let exe = target.join("release/scrutiny");
    let bench_dir = target.join("bench");
    let mut results = Results {
        machine: machine(),
        cold,
        baseline: Vec::new(),
        runs: Vec::new(),
        scaling: Vec::new(),
    };
    for (&n, &mix) in sizes
        .iter()
        .flat_map(|n| corpora.iter().map(move |m| (n, m)))
    {
        let (kind, dir) = match mix {
            Mix::Mixed => ("mixed", format!("corpus-{n}")),
            Mix::TextOnly => ("text", format!("text-{n}")),
        };
        let corpus = bench_dir.join(dir);
        if !corpus.join("clusters.jsonl").exists() {
            eprintln!("bench: generating {n} pages ({kind})");
            crate::gen_corpus::write(n, 1, mix, &corpus)?;
        }
        let pages = corpus.join("pages");
        if cold {
            drop_page_cache()?;
        }
        let base = read_and_hash(&pages)?;
        results.baseline.push((kind, n, base));
        // Rounds over the thread counts, so that a slow minute of the machine falls on each
        // of them alike; the table shows each configuration's median run.
        let mut rows: Vec<Vec<Row>> = threads.iter().map(|_| Vec::new()).collect();
        for round in 0..runs {
            for (&t, done) in threads.iter().zip(&mut rows) {
                eprintln!(
                    "bench: {n} pages ({kind}), {t} thread(s), run {} of {runs}",
                    round + 1
                );
                let out = bench_dir.join(format!("out-{kind}-{n}-{t}"));
                if cold {
                    drop_page_cache()?;
                }
                done.push(run_once(&exe, &root, &pages, &out, t, base, (kind, n))?);
            }
        }
        results.runs.extend(rows.into_iter().filter_map(median));
        let one = results
            .runs
            .iter()
            .find(|r| r.corpus == kind && r.pages == n && r.threads == 1)
            .map(|r| r.wall_s);
        let two = results
            .runs
            .iter()
            .find(|r| r.corpus == kind && r.pages == n && r.threads == 2)
            .map(|r| r.wall_s);
        if let (Some(one), Some(two)) = (one, two) {
            results.scaling.push((kind, n, one / two));
        }
    }
    let table = table(&results);
    std::fs::create_dir_all(&bench_dir)?;
    std::fs::write(
        bench_dir.join("results.json"),
        serde_json::to_string_pretty(&results)?,
    )?;
    std::fs::write(bench_dir.join("results.md"), &table)?;
    print!("{table}");
    if map {
        let largest = sizes.iter().copied().max().unwrap_or(0);
        let report = map_reduce(&root, &exe, &bench_dir, largest)?;
        std::fs::write(bench_dir.join("map.md"), &report)?;
        print!("{report}");
    }
    if html {
        let shared = root.join("../shared/benchmarks/article-extraction");
        if shared.is_dir() {
            crate::eval_html::main(crate::eval_html::Args::trafilatura())?;
        } else {
            eprintln!(
                "bench: {} is absent; the HTML side-by-side is skipped",
                shared.display()
            );
        }
    }
    Ok(())
}

/// The median of a configuration's runs by wall time (of an even number, the slower of the
/// middle two), carrying every run's wall time in run order.
fn median(mut runs: Vec<Row>) -> Option<Row> {
    let walls: Vec<f64> = runs.iter().map(|r| r.wall_s).collect();
    runs.sort_by(|a, b| a.wall_s.total_cmp(&b.wall_s));
    let mid = runs.len() / 2;
    let mut median = runs.into_iter().nth(mid)?;
    median.runs_wall_s = walls;
    Some(median)
}

/// One timed `scrutiny run` of the default pipeline over `pages` on `t` threads into `out`,
/// with its stages read from `run.json`.
fn run_once(
    exe: &Path,
    root: &Path,
    pages: &Path,
    out: &Path,
    t: usize,
    base: f64,
    (kind, n): (&'static str, usize),
) -> anyhow::Result<Row> {
    let start = Instant::now();
    let status = Command::new(exe)
        .current_dir(root)
        // A bench measures the work: an earlier run's content-hash cache must not answer.
        .args([
            "run",
            "pipelines/default.yaml",
            "--quiet",
            "--no-cache",
            "--threads",
            &t.to_string(),
        ])
        .arg("--input")
        .arg(pages)
        .arg("--out")
        .arg(out)
        .status()?;
    let wall = start.elapsed().as_secs_f64();
    if !status.success() {
        bail!("scrutiny run failed on {n} pages");
    }
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json"))?)?;
    let stages = run["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            // read_parse and extract report worker time summed over threads, the other
            // stages wall time: either way, items per second of that time is per core.
            let millis = s["millis"].as_u64().unwrap_or(0);
            let input = s["input"].as_u64().unwrap_or(0) as f64;
            let per = input * 1000.0 / millis.max(1) as f64;
            StageRow {
                stage: s["stage"].as_str().unwrap_or("").to_owned(),
                millis,
                per_s_per_core: per,
            }
        })
        .collect();
    Ok(Row {
        corpus: kind,
        pages: n,
        threads: t,
        wall_s: wall,
        runs_wall_s: vec![wall],
        pages_per_s: n as f64 / wall,
        pages_per_s_per_core: n as f64 / wall / t as f64,
        vs_baseline: wall / base,
        stages,
        peak_rss_mib: run["peak_rss_kib"].as_u64().map(|k| k as f64 / 1024.0),
    })
}

/// `scrutiny map` over generated WARCs (2% on topic) against `gzip -dc` of the same files, both
/// on one core; then `scrutiny reduce` over the map records of the `pages`-page corpus.
fn map_reduce(root: &Path, exe: &Path, bench_dir: &Path, pages: usize) -> anyhow::Result<String> {
    let warcs = bench_dir.join("warc");
    std::fs::create_dir_all(&warcs)?;
    let mut files = Vec::new();
    for i in 0..4u64 {
        let f = warcs.join(format!("offtopic-{i}.warc.gz"));
        if !f.exists() {
            scrutiny_warc::testdata::write_warc_gz(
                &f,
                &scrutiny_warc::testdata::bench_records(1000, 50 + i, 2),
            )?;
        }
        files.push(f);
    }
    let time = |cmd: &mut Command| -> anyhow::Result<f64> {
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let out = cmd.stdout(std::process::Stdio::null()).status()?;
            if !out.success() {
                bail!("{cmd:?} failed");
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        Ok(best)
    };
    let mut decompressed = 0u64;
    for f in &files {
        let out = Command::new("gzip")
            .arg("-dc")
            .arg(f)
            .output()
            .context("gzip -dc")?;
        decompressed += out.stdout.len() as u64;
    }
    let gzip = time(Command::new("gzip").arg("-dc").args(&files))?;
    let mapped = time(
        Command::new(exe)
            .current_dir(root)
            .args(["map", "pipelines/default.yaml", "--threads", "1"])
            .args(&files),
    )?;
    let mb = decompressed as f64 / 1e6;
    let mut s = format!(
        "\n## Map on WARC ({} files, {:.0} MB decompressed, 2% of pages on topic; one core, best of 3)\n\n\
         | step | s | MB/s | x decompression |\n|---|---|---|---|\n\
         | gzip -dc (plain decompression) | {gzip:.2} | {:.0} | 1.00 |\n\
         | scrutiny map (read, prefilter, parse and extract what is kept) | {mapped:.2} | {:.0} | {:.2} |\n",
        files.len(),
        mb,
        mb / gzip,
        mb / mapped,
        mapped / gzip
    );
    let corpus = bench_dir.join(format!("corpus-{pages}/pages"));
    if corpus.is_dir() {
        let records = bench_dir.join(format!("map-{pages}.jsonl"));
        let out = std::fs::File::create(&records)?;
        let ok = Command::new(exe)
            .current_dir(root)
            .args(["map", "pipelines/default.yaml"])
            .arg(&corpus)
            .stdout(out)
            .status()?
            .success();
        if !ok {
            bail!("scrutiny map over {} failed", corpus.display());
        }
        let lines = std::fs::read_to_string(&records)?.lines().count();
        let t = Instant::now();
        let ok = Command::new(exe)
            .current_dir(root)
            .args(["reduce", "pipelines/default.yaml", "--quiet", "--out"])
            .arg(bench_dir.join(format!("reduce-{pages}")))
            .arg(&records)
            .status()?
            .success();
        if !ok {
            bail!("scrutiny reduce failed");
        }
        s.push_str(&format!(
            "\nReduce of {lines} map records ({pages} pages): {:.1} s (dedup, merge, export of all formats)\n",
            t.elapsed().as_secs_f64()
        ));
    }
    Ok(s)
}

/// Seconds to read and hash every file under `dir`: the floor any pipeline pays.
/// Write back dirty pages, then drop the page cache (and dentries and inodes).
fn drop_page_cache() -> anyhow::Result<()> {
    if !Command::new("sync").status().context("sync")?.success() {
        bail!("sync failed");
    }
    std::fs::write("/proc/sys/vm/drop_caches", "3").context(
        "`--cold` drops the page cache by writing /proc/sys/vm/drop_caches, which needs Linux and root",
    )
}

fn read_and_hash(dir: &Path) -> anyhow::Result<f64> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    let start = Instant::now();
    let mut acc = 0u64;
    for f in &files {
        let bytes = std::fs::read(f)?;
        acc ^= xxhash(&bytes);
    }
    std::hint::black_box(acc);
    Ok(start.elapsed().as_secs_f64())
}

fn xxhash(bytes: &[u8]) -> u64 {
    // The same hash the reader uses for ids, so the baseline does the reader's hashing work too.
    let id = scrutiny_core::content_id(bytes);
    u64::from_str_radix(&id[..16], 16).unwrap_or(0)
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores, {cpu}")
}

fn table(r: &Results) -> String {
    let mut s = format!(
        "# scrutiny bench ({}{})\n\n",
        r.machine,
        if r.cold {
            "; page cache dropped before the baseline and each run"
        } else {
            ""
        }
    );
    s.push_str("| corpus | pages | threads | wall s | pages/s | pages/s/core | x read+hash baseline | peak MiB |\n|---|---|---|---|---|---|---|---|\n");
    for row in &r.runs {
        // With several runs: the median run's figures, and every run's wall time after it.
        let wall = if row.runs_wall_s.len() > 1 {
            let all: Vec<String> = row.runs_wall_s.iter().map(|w| format!("{w:.2}")).collect();
            format!("{:.2} (runs: {})", row.wall_s, all.join(", "))
        } else {
            format!("{:.2}", row.wall_s)
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {:.0} | {:.0} | {:.1} | {} |\n",
            row.corpus,
            row.pages,
            row.threads,
            wall,
            row.pages_per_s,
            row.pages_per_s_per_core,
            row.vs_baseline,
            row.peak_rss_mib.map_or("-".into(), |m| format!("{m:.0}"))
        ));
    }
    s.push_str(
        "\nPer stage: items in per second of stage time (read_parse and extract: worker time summed over \
         threads, so per core; merge and export: wall time, and export begins beside merge, so the two \
         overlap):\n\n| corpus | pages | threads |",
    );
    let names: Vec<String> = r
        .runs
        .first()
        .map(|x| x.stages.iter().map(|s| s.stage.clone()).collect())
        .unwrap_or_default();
    for n in &names {
        s.push_str(&format!(" {n} |"));
    }
    s.push_str(&format!("\n|---|---|---|{}\n", "---|".repeat(names.len())));
    for row in &r.runs {
        s.push_str(&format!(
            "| {} | {} | {} |",
            row.corpus, row.pages, row.threads
        ));
        for st in &row.stages {
            s.push_str(&format!(" {:.0} ({} ms) |", st.per_s_per_core, st.millis));
        }
        s.push('\n');
    }
    s.push_str("\nScaling, 1 -> 2 threads (speed-up): ");
    s.push_str(
        &r.scaling
            .iter()
            .map(|(kind, n, x)| format!("{kind} {n} pages {x:.2}x"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(wall_s: f64) -> Row {
        Row {
            corpus: "text",
            pages: 10,
            threads: 1,
            wall_s,
            runs_wall_s: vec![wall_s],
            pages_per_s: 10.0 / wall_s,
            pages_per_s_per_core: 10.0 / wall_s,
            vs_baseline: 1.0,
            stages: Vec::new(),
            peak_rss_mib: None,
        }
    }

    #[test]
    fn the_median_run_is_reported_with_every_wall_time() {
        let m = median(vec![row(3.0), row(1.0), row(2.0)]).unwrap();
        assert_eq!(m.wall_s, 2.0);
        assert_eq!(m.pages_per_s, 5.0, "the median run's own figures");
        assert_eq!(m.runs_wall_s, [3.0, 1.0, 2.0], "in run order");
        assert_eq!(median(vec![row(1.0), row(4.0)]).unwrap().wall_s, 4.0);
        assert_eq!(median(vec![row(1.5)]).unwrap().wall_s, 1.5);
        assert!(median(Vec::new()).is_none());
    }
}
