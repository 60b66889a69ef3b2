//! Export throughput per format, on generated articles with the claims and events a run gives them.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scrutiny_core::content_id;
use scrutiny_export::{Dataset, OutputFormat, RunMeta, export};
use scrutiny_extract::{Extractor, Gazetteer, Options};

/// What a run of the default pipeline gives for `n` generated pages.
fn dataset(n: usize) -> Dataset {
    let csv = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference/local_authorities.csv"),
    )
    .unwrap();
    let extractor = Extractor::new(Gazetteer::from_csv(&csv).unwrap(), Options::default());
    // Exact copies share a content id; the pipeline's ids hash the files, which differ by name.
    let articles: Vec<_> = scrutiny_merge::corpus::generate(n, 1)
        .into_iter()
        .map(|p| {
            let mut a = p.article;
            a.id = content_id(p.name.as_bytes());
            a.path = p.name;
            a
        })
        .collect();
    let mut claims = Vec::new();
    for a in &articles {
        for (i, mut c) in extractor.extract(a).into_iter().enumerate() {
            c.article = a.id.clone();
            c.id = content_id(format!("{}:{i}", a.id).as_bytes());
            claims.push(c);
        }
    }
    let events = scrutiny_merge::merge(&articles, &claims).events;
    Dataset {
        meta: RunMeta {
            pipeline: "bench".into(),
            tool_version: "0".into(),
            run_time: "2026-01-01T00:00:00Z".into(),
        },
        articles,
        claims,
        events,
        rejects: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let ds = dataset(2000);
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("export_2000");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ds.articles.len() as u64));
    for format in OutputFormat::ALL {
        group.bench_function(format.name(), |b| {
            b.iter(|| export(black_box(&ds), dir.path(), &[format]).unwrap())
        });
    }
    group.bench_function("all", |b| {
        b.iter(|| export(black_box(&ds), dir.path(), &OutputFormat::ALL).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
