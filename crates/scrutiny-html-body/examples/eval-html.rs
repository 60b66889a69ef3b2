//! Score and time the generic HTML path on the article-extraction benchmark:
//! `cargo run --release -p scrutiny-html-body --example eval-html -- [DIR] [--worst N] [--runs N]
//! [--python PATH]`. With `--python`, trafilatura (installed in that interpreter's environment)
//! is timed on the same pages in the same run, and the speed ratio printed. `--dates` lists
//! every page's published date and where it was found, to audit the date rules.

use std::io::Write;
use std::path::PathBuf;

use scrutiny_html_body::bench;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdout = std::io::stdout();
    match run(&mut stdout.lock()) {
        // Piped into `head`: the reader has all it wanted.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// The example's options (`cargo xtask eval-html` passes them on).
#[derive(clap::Parser)]
#[command(
    name = "eval-html",
    about = "Score and time the generic HTML path on the article-extraction benchmark"
)]
struct Args {
    /// The benchmark folder (default: ../shared/benchmarks/article-extraction).
    dir: Option<PathBuf>,
    /// How many of the worst pages to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    worst: usize,
    /// Timed runs over the pages (the best is reported).
    #[arg(long, value_name = "N", default_value_t = 3)]
    runs: usize,
    /// Print one page's extraction (its key, or a prefix of it).
    #[arg(long, value_name = "KEY")]
    show: Option<String>,
    /// Rescore a published reference output with this metric.
    #[arg(long, value_name = "NAME")]
    reference: Option<String>,
    /// Time trafilatura too, in this interpreter.
    #[arg(long, value_name = "PATH")]
    python: Option<String>,
    /// List every page's published date and where it was found.
    #[arg(long)]
    dates: bool,
}

fn run(out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let Args {
        dir,
        worst,
        runs,
        show,
        reference,
        python,
        dates,
    } = clap::Parser::parse();
    let dir = dir.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(bench::DEFAULT_DIR)
    });
    if !dir.join("ground-truth.json").exists() {
        writeln!(
            out,
            "benchmark not found at {}: nothing to score",
            dir.display()
        )?;
        return Ok(());
    }
    let pages = bench::load(&dir)?;
    if let Some(key) = show {
        for p in pages.iter().filter(|p| p.key.starts_with(&key)) {
            let found = scrutiny_html_body::extract(&p.html);
            writeln!(
                out,
                "== {} {}\n-- predicted:\n{}\n-- truth:\n{}",
                p.key,
                p.url,
                found.as_ref().map(|f| f.body()).unwrap_or_default(),
                p.truth
            )?;
            if let Ok(f) = found {
                writeln!(
                    out,
                    "-- title {:?}\n-- byline {:?}\n-- date {:?}\n-- standfirst {:?}",
                    f.title, f.byline, f.published, f.standfirst
                )?;
            }
        }
        return Ok(());
    }
    if dates {
        for p in &pages {
            let published = scrutiny_html_body::extract(&p.html)
                .ok()
                .and_then(|f| f.published)
                .map_or("-".to_owned(), |(d, from)| format!("{d} {from:?}"));
            writeln!(out, "{}  {published}  {}", &p.key[..12], p.url)?;
        }
        return Ok(());
    }
    if let Some(name) = reference {
        // Rescore a published reference output with our metric, to check the metric itself.
        let path = dir.join("reference-outputs").join(format!("{name}.json"));
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let scores: Vec<bench::PageScore> = pages
            .iter()
            .map(|p| {
                let out = v["output"][&p.key]["articleBody"].as_str().unwrap_or("");
                bench::score_page(out, &p.truth)
            })
            .collect();
        let t = bench::totals(&scores);
        writeln!(
            out,
            "{name}: P {:.4} R {:.4} F1 {:.4}",
            t.precision, t.recall, t.f1
        )?;
        return Ok(());
    }
    let ev = bench::evaluate(&pages, runs);
    let t = ev.totals;
    let dated = ev.pages.iter().filter(|p| p.2).count();
    writeln!(out, "pages      {}", pages.len())?;
    writeln!(out, "precision  {:.4}", t.precision)?;
    writeln!(out, "recall     {:.4}", t.recall)?;
    writeln!(out, "F1         {:.4}", t.f1)?;
    writeln!(out, "dated      {dated}/{}", pages.len())?;
    writeln!(
        out,
        "speed      {:.0} pages/s, {:.1} MB/s (single thread, best of {runs})",
        ev.pages_per_sec, ev.mb_per_sec
    )?;
    for (key, _, dated) in &ev.pages {
        if !dated {
            let url = pages
                .iter()
                .find(|p| &p.key == key)
                .map(|p| p.url.as_str())
                .unwrap_or("");
            writeln!(out, "  undated  {}  {url}", &key[..12.min(key.len())])?;
        }
    }
    if let Some(py) = python {
        let python_out = std::process::Command::new(&py)
            .arg("-c")
            .arg(TRAFILATURA)
            .arg(&dir)
            .arg(runs.to_string())
            .output()?;
        let line = String::from_utf8_lossy(&python_out.stdout);
        match serde_json::from_str::<serde_json::Value>(line.trim()) {
            Ok(v) => {
                let theirs = v["pages_per_sec"].as_f64().unwrap_or(0.0);
                writeln!(
                    out,
                    "trafilatura {} {theirs:.1} pages/s (same pages, single thread, best of {runs})",
                    v["version"].as_str().unwrap_or("?")
                )?;
                if theirs > 0.0 {
                    writeln!(
                        out,
                        "ratio      {:.1}x faster than trafilatura",
                        ev.pages_per_sec / theirs
                    )?;
                }
            }
            Err(_) => writeln!(
                out,
                "trafilatura timing failed: {}",
                String::from_utf8_lossy(&python_out.stderr).trim()
            )?,
        }
    }
    writeln!(out, "worst F1:")?;
    for (key, s) in ev.worst(worst) {
        let url = pages
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.url.as_str())
            .unwrap_or("");
        writeln!(
            out,
            "  {:.3}  P {:.3} R {:.3}  {}  {}",
            s.f1(),
            s.tp / (s.tp + s.fp).max(1e-12),
            s.tp / (s.tp + s.fn_).max(1e-12),
            &key[..12.min(key.len())],
            url
        )?;
    }
    Ok(())
}

/// Times trafilatura's `extract()` on the benchmark pages, files already in memory.
const TRAFILATURA: &str = r#"
import gzip, json, os, sys, time
import trafilatura
d = sys.argv[1]; runs = max(1, int(sys.argv[2]))
gt = json.load(open(os.path.join(d, "ground-truth.json")))
pages = [gzip.open(os.path.join(d, "html", k + ".html.gz")).read().decode("utf-8", "replace") for k in sorted(gt)]
best = float("inf")
for _ in range(runs):
    t = time.perf_counter()
    for h in pages:
        trafilatura.extract(h)
    best = min(best, time.perf_counter() - t)
print(json.dumps({"version": trafilatura.__version__, "pages_per_sec": len(pages) / best}))
"#;
