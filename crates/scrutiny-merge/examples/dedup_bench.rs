//! Dedup throughput and peak memory on a generated corpus: `cargo run --release -p scrutiny-merge --example dedup_bench -- [N] [SEED]`.

use std::time::Instant;

use scrutiny_merge::corpus::{generate, pair_scores};
use scrutiny_merge::{Options, dedup, dedup_exact};

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let t = Instant::now();
    let pages = generate(n, seed);
    let truth: Vec<usize> = pages.iter().map(|p| p.story).collect();
    let mut articles: Vec<_> = pages.into_iter().map(|p| p.article).collect();
    let gen_s = t.elapsed().as_secs_f64();
    let mut baseline = articles.clone();
    let t = Instant::now();
    let exact = dedup_exact(&mut baseline);
    let exact_s = t.elapsed().as_secs_f64();
    drop(baseline);
    let t = Instant::now();
    let stats = match dedup(&mut articles, &Options::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let dedup_s = t.elapsed().as_secs_f64();
    let predicted: Vec<&str> = articles
        .iter()
        .map(|a| a.cluster.as_deref().unwrap_or(""))
        .collect();
    let (p, r) = pair_scores(&predicted, &truth);
    println!("articles            {n}");
    println!("threads             {}", rayon::current_num_threads());
    println!("generate            {gen_s:.2} s");
    println!(
        "exact-hash baseline {exact_s:.2} s  ({:.0} articles/s, {} duplicates)",
        n as f64 / exact_s,
        exact.exact_duplicates
    );
    println!(
        "minhash lsh dedup   {dedup_s:.2} s  ({:.0} articles/s, {} duplicates, {} candidates)",
        n as f64 / dedup_s,
        stats.duplicates,
        stats.candidate_pairs
    );
    println!(
        "time ratio          {:.2}x the exact-hash baseline",
        dedup_s / exact_s
    );
    println!("pair precision      {p:.4}");
    println!("pair recall         {r:.4}");
    if let Some(m) = peak_rss_mib() {
        println!(
            "peak memory         {m:.0} MiB (whole process, corpus and baseline copy included)"
        );
    }
}
