//! Time `merge()` on a finished run's articles and claims: `cargo run --release -p scrutiny-merge --example merge_bench -- DIR [DUMP]`.
//!
//! DIR holds `articles.jsonl`, `claims.jsonl` and `meta.json` as `scrutiny run` writes them
//! (articles already clustered). With DUMP, every part of the result is written there as JSON
//! Lines, so two builds can be compared byte for byte.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: merge_bench DIR [DUMP]");
        std::process::exit(2);
    };
    let dump = args.next();
    let t = Instant::now();
    let ds = match scrutiny_export::read_dataset(Path::new(&dir)) {
        Ok(ds) => ds,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    println!(
        "read                {:.2} s ({} articles, {} claims)",
        t.elapsed().as_secs_f64(),
        ds.articles.len(),
        ds.claims.len()
    );
    let t = Instant::now();
    let merged = scrutiny_merge::merge(&ds.articles, &ds.claims);
    let s = t.elapsed().as_secs_f64();
    println!(
        "merge               {s:.3} s ({} events, {:.0} claims/s)",
        merged.events.len(),
        ds.claims.len() as f64 / s
    );
    if let Some(path) = dump {
        if let Err(e) = write_dump(Path::new(&path), &merged) {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}

fn write_dump(path: &Path, m: &scrutiny_merge::Merged) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    lines(&mut w, &m.events)?;
    lines(&mut w, &m.claim_dates)?;
    lines(&mut w, &m.article_dates)?;
    lines(&mut w, &m.timelines)?;
    lines(&mut w, &m.skipped)?;
    w.flush()
}

fn lines<T: serde::Serialize>(w: &mut impl Write, items: &[T]) -> std::io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *w, item).map_err(std::io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}
