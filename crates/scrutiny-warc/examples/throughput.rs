//! Map-side throughput on one core: plain decompression against reading with and without the prefilter.

// `cargo run --release -p scrutiny-warc --example throughput -- [PAGES] [ON_TOPIC_PERCENT]`
// writes generated WARCs of mostly off-topic ~40 KB pages (gzip member per record, and zstd
// frame per record) to a temporary folder and prints MB/s of decompressed bytes, best of 5.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a measuring tool: stop loudly

use std::fs::File;
use std::io::{self, BufReader};
use std::path::Path;
use std::time::{Duration, Instant};

use scrutiny_warc::testdata::{self, Compression};
use scrutiny_warc::{Prefilter, read};

fn best<F: FnMut() -> u64>(mut f: F) -> (Duration, u64) {
    let mut best = Duration::MAX;
    let mut out = 0;
    for _ in 0..5 {
        let t = Instant::now();
        out = f();
        best = best.min(t.elapsed());
    }
    (best, out)
}

fn decompress_only(path: &Path, compression: Compression) -> u64 {
    let file = BufReader::with_capacity(1 << 16, File::open(path).unwrap());
    let mut sink = io::sink();
    match compression {
        Compression::Gzip => {
            io::copy(&mut flate2::read::MultiGzDecoder::new(file), &mut sink).unwrap()
        }
        Compression::Zstd => io::copy(
            &mut zstd::stream::read::Decoder::new(file).unwrap(),
            &mut sink,
        )
        .unwrap(),
        Compression::None => io::copy(&mut BufReader::new(file), &mut sink).unwrap(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pages: usize = args.first().map_or(2000, |a| a.parse().unwrap());
    let on_topic: u64 = args.get(1).map_or(2, |a| a.parse().unwrap());
    let csv =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference/local_authorities.csv");
    let prefilter = Prefilter::from_gazetteer_csv(&std::fs::read_to_string(csv).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let records = testdata::bench_records(pages, 42, on_topic);
    println!("{pages} pages, {on_topic}% on topic, one core, best of 5\n");
    println!("| file | step | MB/s (decompressed) | vs decompression | kept |");
    println!("|---|---|---:|---:|---:|");
    for (compression, name) in [
        (Compression::Gzip, "bench.warc.gz"),
        (Compression::Zstd, "bench.warc.zst"),
    ] {
        let path = dir.path().join(name);
        testdata::write(&path, &records, compression).unwrap();
        let (base, bytes) = best(|| decompress_only(&path, compression));
        let mb = bytes as f64 / 1e6;
        let compressed = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let rate = |d: Duration| mb / d.as_secs_f64();
        println!(
            "| {name} ({compressed:.0} MB, {mb:.0} MB raw) | decompress only | {:.0} | 1.00 | |",
            rate(base)
        );
        for (label, p) in [
            ("read, no prefilter", None),
            ("read + prefilter", Some(&prefilter)),
        ] {
            let (t, kept) = best(|| read(&path, p, &mut |_| {}).unwrap().kept);
            println!(
                "| | {label} | {:.0} | {:.2} | {kept} |",
                rate(t),
                t.as_secs_f64() / base.as_secs_f64()
            );
        }
    }
}
