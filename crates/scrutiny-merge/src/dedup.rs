//! Exact and near-duplicate clustering of articles: MinHash LSH proposes, exact Jaccard decides.

use rayon::prelude::*;
use scrutiny_core::Article;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::minhash::{band_keys, jaccard, shingles, signature, word_hashes};

/// Agreeing share of two equal-length b-bit sketches.
fn estimate(a: &[u16], b: &[u16]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}
use crate::{Error, Options};

/// Most members of one LSH bucket compared with each other; beyond it, each later member is
/// compared with the first ones only, so a bucket of boilerplate cannot make the work quadratic.
const BUCKET_PAIRS: usize = 32;

/// Candidates whose MinHash estimate falls this far below the threshold skip the exact check.
/// The estimate's standard error is at most `0.5 / sqrt(bands * rows)` (0.031 with the
/// defaults), so this is five of them: a pair at the threshold is dropped with odds below 1e-6.
fn slack(options: &Options) -> f64 {
    5.0 * 0.5 / (options.signature_len() as f64).sqrt()
}

/// What one dedup run found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DedupStats {
    /// Articles seen.
    pub articles: usize,
    /// Articles whose words equal an earlier article's (same text, HTML or page text).
    pub exact_duplicates: usize,
    /// Distinct pairs LSH proposed.
    pub candidate_pairs: usize,
    /// Proposed pairs whose exact Jaccard similarity reached the threshold.
    pub verified_pairs: usize,
    /// Clusters, singletons included.
    pub clusters: usize,
    /// Articles that are not their cluster's representative.
    pub duplicates: usize,
}

/// The words dedup compares: the headline and the body.
fn article_words(a: &Article) -> Vec<u64> {
    let mut words = Vec::new();
    if let Some(t) = &a.title {
        word_hashes(t, &mut words);
    }
    for b in &a.blocks {
        word_hashes(&b.text, &mut words);
    }
    words
}

/// The LSH band keys of one article under `options`, as [`dedup`] computes them: what a
/// distributed map step emits so that an engine can group candidate duplicates by key.
pub fn article_band_keys(article: &Article, options: &Options) -> Vec<u64> {
    let words = article_words(article);
    signature(&shingles(&words, options.shingle), options.signature_len())
        .map(|sig| band_keys(&sig, options.rows).collect())
        .unwrap_or_default()
}

/// Hash of the whole word sequence, `None` for an article without words (never a duplicate).
fn exact_key(words: &[u64]) -> Option<u64> {
    if words.is_empty() {
        return None;
    }
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    Some(xxh3_64(&bytes))
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n as u32).collect())
    }
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let up = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = up;
            x = up;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.0[hi as usize] = lo;
        true
    }
}

/// Cluster exact and near-duplicate articles; set each article's `cluster` and `duplicate_of`.
///
/// Every article keeps its place and gets a cluster (a singleton is its own cluster). The
/// representative of a cluster, whose id is also the cluster's id, is chosen by this rule:
/// an article with a publication date before one without, then the earliest date (the
/// original precedes its syndicated copies), then the longest body (copies get trimmed), then
/// the smallest id, then the path. The result depends only on the articles' content and ids, not their order
/// or the number of threads. Cost is linear in the number of articles: no pair is compared
/// unless LSH puts both in one bucket.
pub fn dedup(articles: &mut [Article], options: &Options) -> Result<DedupStats, Error> {
    options.validate()?;
    let n = articles.len();
    if n > u32::MAX as usize {
        return Err(Error::TooMany(n));
    }
    let k = options.shingle;
    // Per article: exact key, LSH band keys, and the signature's low 16 bits (b-bit MinHash:
    // enough to estimate similarity, a quarter of the memory).
    let mut per: Vec<(Option<u64>, Vec<u64>)> = Vec::with_capacity(n);
    let mut sketches: Vec<Vec<u16>> = Vec::with_capacity(n);
    articles
        .par_iter()
        .map(|a| {
            let words = article_words(a);
            let key = exact_key(&words);
            match signature(&shingles(&words, k), options.signature_len()) {
                Some(sig) => {
                    let bands = band_keys(&sig, options.rows).collect();
                    ((key, bands), sig.iter().map(|&v| v as u16).collect())
                }
                None => ((key, Vec::new()), Vec::new()),
            }
        })
        .unzip_into_vecs(&mut per, &mut sketches);

    // Work in the order of article ids, so bucket order (and the bucket cap) never depends on
    // input order.
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    by_id.sort_by(|&a, &b| {
        let (x, y) = (&articles[a as usize], &articles[b as usize]);
        (&x.id, &x.path, a).cmp(&(&y.id, &y.path, b))
    });
    let mut rank = vec![0u32; n];
    for (r, &i) in by_id.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let mut uf = UnionFind::new(n);
    let mut stats = DedupStats {
        articles: n,
        ..DedupStats::default()
    };

    // Exact duplicates first: one representative per group goes on to LSH.
    let mut exact: Vec<(u64, u32)> = per
        .iter()
        .enumerate()
        .filter_map(|(i, (key, _))| key.map(|k| (k, rank[i])))
        .collect();
    exact.sort_unstable();
    let mut leader = vec![true; n];
    for e in &mut exact {
        e.1 = by_id[e.1 as usize];
    }
    for w in exact.windows(2) {
        if w[0].0 == w[1].0 {
            uf.union(w[0].1, w[1].1);
            leader[w[1].1 as usize] = false;
            stats.exact_duplicates += 1;
        }
    }

    let mut buckets: Vec<(u64, u32)> = per
        .iter()
        .enumerate()
        .filter(|(i, _)| leader[*i])
        .flat_map(|(i, (_, bands))| {
            let r = rank[i];
            bands.iter().map(move |&b| (b, r))
        })
        .collect();
    drop(per);
    buckets.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for bucket in buckets.chunk_by(|a, b| a.0 == b.0) {
        if bucket.len() < 2 {
            continue;
        }
        for (j, &(_, b)) in bucket.iter().enumerate().skip(1) {
            for &(_, a) in &bucket[..j.min(BUCKET_PAIRS)] {
                pairs.push((by_id[a as usize], by_id[b as usize]));
            }
        }
    }
    drop(buckets);
    pairs.par_sort_unstable();
    pairs.dedup();
    stats.candidate_pairs = pairs.len();

    let floor = options.threshold - slack(options);
    let verified: Vec<(u32, u32)> = pairs
        .into_par_iter()
        .filter(|&(a, b)| estimate(&sketches[a as usize], &sketches[b as usize]) >= floor)
        .filter(|&(a, b)| {
            let sa = shingles(&article_words(&articles[a as usize]), k);
            let sb = shingles(&article_words(&articles[b as usize]), k);
            jaccard(&sa, &sb) >= options.threshold
        })
        .collect();
    stats.verified_pairs = verified.len();
    for (a, b) in verified {
        uf.union(a, b);
    }
    assign(articles, &mut uf, &mut stats);
    tracing::info!(
        articles = n,
        clusters = stats.clusters,
        duplicates = stats.duplicates,
        candidates = stats.candidate_pairs,
        "Deduplicated articles."
    );
    Ok(stats)
}

/// Exact-text dedup alone: the baseline near-duplicate detection is measured against, and a
/// cheap mode for inputs known to hold only verbatim copies. Same representative rule as [`dedup`].
pub fn dedup_exact(articles: &mut [Article]) -> DedupStats {
    let n = articles.len().min(u32::MAX as usize);
    let keys: Vec<Option<u64>> = articles
        .par_iter()
        .map(|a| exact_key(&article_words(a)))
        .collect();
    let mut uf = UnionFind::new(n);
    let mut stats = DedupStats {
        articles: n,
        ..DedupStats::default()
    };
    let mut exact: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .take(n)
        .filter_map(|(i, k)| k.map(|k| (k, i as u32)))
        .collect();
    exact.sort_unstable();
    for w in exact.windows(2) {
        if w[0].0 == w[1].0 && uf.union(w[0].1, w[1].1) {
            stats.exact_duplicates += 1;
        }
    }
    assign(&mut articles[..n], &mut uf, &mut stats);
    stats
}

/// Write cluster and representative into every article, by the documented rule.
fn assign(articles: &mut [Article], uf: &mut UnionFind, stats: &mut DedupStats) {
    let n = articles.len();
    let mut members: Vec<(u32, u32)> = (0..n as u32).map(|i| (uf.find(i), i)).collect();
    members.sort_unstable();
    let lens: Vec<usize> = articles
        .iter()
        .map(|a| a.blocks.iter().map(|b| b.text.chars().count()).sum())
        .collect();
    for group in members.chunk_by(|a, b| a.0 == b.0) {
        let rep = group
            .iter()
            .map(|&(_, i)| i as usize)
            .min_by(|&x, &y| {
                let (a, b) = (&articles[x], &articles[y]);
                (
                    a.published.is_none(),
                    a.published,
                    std::cmp::Reverse(lens[x]),
                    &a.id,
                    &a.path,
                )
                    .cmp(&(
                        b.published.is_none(),
                        b.published,
                        std::cmp::Reverse(lens[y]),
                        &b.id,
                        &b.path,
                    ))
            })
            .unwrap_or(group[0].1 as usize);
        let rep_id = articles[rep].id.clone();
        stats.clusters += 1;
        for &(_, i) in group {
            let a = &mut articles[i as usize];
            a.cluster = Some(rep_id.clone());
            if i as usize == rep {
                a.duplicate_of = None;
            } else {
                a.duplicate_of = Some(rep_id.clone());
                stats.duplicates += 1;
            }
        }
    }
}
