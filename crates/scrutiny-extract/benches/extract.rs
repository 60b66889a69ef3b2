//! Extraction throughput: building the extractor, then the seed pages and generated articles.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scrutiny_core::{Article, Block, FieldFound, Format};
use scrutiny_extract::{Extractor, Gazetteer, Options};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn gazetteer_csv() -> String {
    std::fs::read_to_string(root().join("data/reference/local_authorities.csv")).unwrap()
}

/// The seed pages as plain articles: one block per non-empty line (boilerplate included, which
/// only makes the bench read more text than a parser would leave).
fn seeds() -> Vec<Article> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("data/raw"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            Article {
                id: p.display().to_string(),
                path: p.display().to_string(),
                source: "bench".into(),
                url: None,
                format: Format::Text,
                encoding: "utf-8".into(),
                title: None,
                standfirst: None,
                byline: None,
                published: None,
                published_from: FieldFound::None,
                title_from: FieldFound::None,
                byline_from: FieldFound::None,
                blocks: text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(Block::paragraph)
                    .collect(),
                captions: vec![],
                removed: vec![],
                cluster: None,
                duplicate_of: None,
                inferred: None,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let csv = gazetteer_csv();
    c.bench_function("extractor_new", |b| {
        b.iter(|| {
            Extractor::new(
                Gazetteer::from_csv(black_box(&csv)).unwrap(),
                Options::default(),
            )
        })
    });

    let extractor = Extractor::new(Gazetteer::from_csv(&csv).unwrap(), Options::default());
    let mut group = c.benchmark_group("extract");
    let seeds = seeds();
    group.throughput(Throughput::Elements(seeds.len() as u64));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for a in &seeds {
                black_box(extractor.extract(black_box(a)));
            }
        })
    });
    let generated: Vec<Article> = scrutiny_merge::corpus::generate(200, 1)
        .into_iter()
        .map(|p| p.article)
        .collect();
    group.throughput(Throughput::Elements(generated.len() as u64));
    group.bench_function("generated_200", |b| {
        b.iter(|| {
            for a in &generated {
                black_box(extractor.extract(black_box(a)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
