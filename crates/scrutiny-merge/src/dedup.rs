//! Exact and near-duplicate clustering of articles: MinHash LSH proposes, exact Jaccard decides.

use rayon::prelude::*;
use scrutiny_core::{Article, PartialDate};
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::minhash::{band_keys, jaccard, shingles, signature, word_hashes};

/// Agreeing share of two equal-length b-bit sketches.
fn estimate(a: &[u16], b: &[u16]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    // Counted as sums of 0s and 1s in u16s, which the compiler does 32 positions to an
    // instruction; `filter(..).count()` went one position at a time (a third of dedup's time
    // at 100,000 pages). By blocks, so that no sum can overflow whatever a record holds.
    const BLOCK: usize = 4096;
    let agree: usize = a
        .chunks(BLOCK)
        .zip(b.chunks(BLOCK))
        .map(|(x, y)| {
            let same: u16 = x.iter().zip(y).map(|(p, q)| u16::from(p == q)).sum();
            usize::from(same)
        })
        .sum();
    agree as f64 / a.len() as f64
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
    signature_of(article, options).0.bands
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

/// What dedup needs of one article, computed once (in the map step) so that dedup never needs
/// the article's text again: exact key, LSH band keys, b-bit MinHash sketch and body length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// Hash of the whole word sequence, `None` for an article without words.
    pub exact: Option<u64>,
    /// LSH band keys (empty without words).
    pub bands: Vec<u64>,
    /// The signature's low 16 bits (b-bit MinHash: enough to estimate similarity).
    pub sketch: Vec<u16>,
    /// Chars in the body blocks (the longer body represents a cluster on a tie of dates).
    pub chars: usize,
}

/// An article's [`Signature`] under `options`, with its sorted shingle set (what the exact
/// Jaccard check of a candidate pair compares).
pub fn signature_of(article: &Article, options: &Options) -> (Signature, Vec<u64>) {
    let words = article_words(article);
    let exact = exact_key(&words);
    let set = shingles(&words, options.shingle);
    let (bands, sketch) = match signature(&set, options.signature_len()) {
        Some(sig) => (
            band_keys(&sig, options.rows).collect(),
            sig.iter().map(|&v| v as u16).collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let chars = article.blocks.iter().map(|b| b.text.chars().count()).sum();
    (
        Signature {
            exact,
            bands,
            sketch,
            chars,
        },
        set,
    )
}

/// What [`dedup_signed`] reads of one article: its identity, date and signature, no text.
#[derive(Debug, Clone, Copy)]
pub struct DedupHead<'a> {
    /// Content id.
    pub id: &'a str,
    /// Source coordinate.
    pub path: &'a str,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// Its signature under the same options.
    pub signature: &'a Signature,
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
    let signatures: Vec<Signature> = articles
        .par_iter()
        .map(|a| signature_of(a, options).0)
        .collect();
    let heads = heads_of(articles, &signatures);
    let k = options.shingle;
    let (reps, stats) = dedup_signed(&heads, options, |i| {
        Some(shingles(&article_words(&articles[i]), k))
    })?;
    drop(heads);
    apply(articles, &reps);
    Ok(stats)
}

fn heads_of<'a>(articles: &'a [Article], signatures: &'a [Signature]) -> Vec<DedupHead<'a>> {
    articles
        .iter()
        .zip(signatures)
        .map(|(a, signature)| DedupHead {
            id: &a.id,
            path: &a.path,
            published: a.published,
            signature,
        })
        .collect()
}

/// [`dedup`] on signatures: returns, per article, the index of its cluster's representative.
/// `shingles(i)` gives article `i`'s shingle set (as [`signature_of`] does) for the exact
/// check, asked only of articles in candidate pairs; `None` (the caller could not read it) fails
/// with [`Error::NoShingles`].
pub fn dedup_signed(
    heads: &[DedupHead<'_>],
    options: &Options,
    shingles: impl Fn(usize) -> Option<Vec<u64>> + Sync,
) -> Result<(Vec<u32>, DedupStats), Error> {
    options.validate()?;
    let n = heads.len();
    if n > u32::MAX as usize {
        return Err(Error::TooMany(n));
    }
    // Work in the order of article ids, so bucket order (and the bucket cap) never depends on
    // input order. By id prefix first (see `scrutiny_core::id_prefix`): a head and its id are
    // read only on a tie.
    let prefix: Vec<u64> = heads
        .iter()
        .map(|h| scrutiny_core::id_prefix(h.id))
        .collect();
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    by_id.sort_unstable_by(|&a, &b| {
        prefix[a as usize].cmp(&prefix[b as usize]).then_with(|| {
            let (x, y) = (&heads[a as usize], &heads[b as usize]);
            (x.id, x.path, a).cmp(&(y.id, y.path, b))
        })
    });
    drop(prefix);
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
    let mut exact: Vec<(u64, u32)> = heads
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.signature.exact.map(|k| (k, rank[i])))
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

    // Sized first: grown by doubling, this one vector (64 bands per article: 100 MB at 100,000
    // articles) was copied a whole time over and took as long as its sort.
    let entries = heads
        .iter()
        .zip(&leader)
        .filter(|&(_, &l)| l)
        .map(|(h, _)| h.signature.bands.len())
        .sum();
    let mut buckets: Vec<(u64, u32)> = Vec::with_capacity(entries);
    for (i, h) in heads.iter().enumerate().filter(|(i, _)| leader[*i]) {
        let r = rank[i];
        buckets.extend(h.signature.bands.iter().map(|&b| (b, r)));
    }
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
    let sketch = |i: u32| &heads[i as usize].signature.sketch;
    let pairs: Vec<(u32, u32)> = pairs
        .into_par_iter()
        .filter(|&(a, b)| estimate(sketch(a), sketch(b)) >= floor)
        .collect();
    // Pairs are still sorted (the filter keeps their order), so each article's pairs as the
    // first are together: its shingles are read once for all of them (a syndicated story
    // pairs one article with many copies).
    let verified: Vec<Vec<(u32, u32)>> = pairs
        .par_chunk_by(|x, y| x.0 == y.0)
        .map(|group| {
            let sa = shingles(group[0].0 as usize)?;
            group
                .iter()
                .map(|&(a, b)| {
                    let sb = shingles(b as usize)?;
                    Some((jaccard(&sa, &sb) >= options.threshold).then_some((a, b)))
                })
                .collect::<Option<Vec<_>>>()
                .map(|v| v.into_iter().flatten().collect())
        })
        .collect::<Option<Vec<_>>>()
        .ok_or(Error::NoShingles)?;
    for (a, b) in verified.into_iter().flatten() {
        stats.verified_pairs += 1;
        uf.union(a, b);
    }
    let reps = representatives(n, &mut uf, &mut stats, |x, y| better(&heads[x], &heads[y]));
    tracing::info!(
        articles = n,
        clusters = stats.clusters,
        duplicates = stats.duplicates,
        candidates = stats.candidate_pairs,
        "Deduplicated articles."
    );
    Ok((reps, stats))
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
    let lengths: Vec<Signature> = articles[..n]
        .iter()
        .map(|a| Signature {
            chars: a.blocks.iter().map(|b| b.text.chars().count()).sum(),
            ..Signature::default()
        })
        .collect();
    let heads = heads_of(&articles[..n], &lengths);
    let reps = representatives(n, &mut uf, &mut stats, |x, y| better(&heads[x], &heads[y]));
    drop(heads);
    apply(&mut articles[..n], &reps);
    stats
}

/// The representative rule: dated first, then earliest, then longest body, smallest id, path.
fn better(a: &DedupHead<'_>, b: &DedupHead<'_>) -> std::cmp::Ordering {
    fn key<'a>(h: &DedupHead<'a>) -> RepKey<'a> {
        (
            h.published.is_none(),
            h.published,
            std::cmp::Reverse(h.signature.chars),
            h.id,
            h.path,
        )
    }
    key(a).cmp(&key(b))
}

/// What the representative rule compares, in order.
type RepKey<'a> = (
    bool,
    Option<PartialDate>,
    std::cmp::Reverse<usize>,
    &'a str,
    &'a str,
);

/// Per article, its cluster's representative: the least member by `better` (the rule above).
fn representatives(
    n: usize,
    uf: &mut UnionFind,
    stats: &mut DedupStats,
    better: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<u32> {
    let mut members: Vec<(u32, u32)> = (0..n as u32).map(|i| (uf.find(i), i)).collect();
    members.sort_unstable();
    let mut reps = vec![0u32; n];
    for group in members.chunk_by(|a, b| a.0 == b.0) {
        let rep = group
            .iter()
            .map(|&(_, i)| i as usize)
            .min_by(|&x, &y| better(x, y))
            .unwrap_or(group[0].1 as usize);
        stats.clusters += 1;
        for &(_, i) in group {
            reps[i as usize] = rep as u32;
            if i as usize != rep {
                stats.duplicates += 1;
            }
        }
    }
    reps
}

/// Write cluster and representative into every article.
fn apply(articles: &mut [Article], reps: &[u32]) {
    let ids: Vec<String> = reps
        .iter()
        .map(|&r| articles[r as usize].id.clone())
        .collect();
    for ((i, a), rep_id) in articles.iter_mut().enumerate().zip(ids) {
        a.duplicate_of = (reps[i] as usize != i).then(|| rep_id.clone());
        a.cluster = Some(rep_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The share agreeing, whatever the length: blocks of any size, and sketches longer than
    /// one block's count could hold (a map record from elsewhere may carry anything).
    #[test]
    fn the_estimate_is_the_share_of_positions_that_agree() {
        for len in [1usize, 7, 256, 4096, 4097, 70_000] {
            let a: Vec<u16> = (0..len).map(|i| (i % 65_521) as u16).collect();
            let mut b = a.clone();
            assert_eq!(estimate(&a, &b), 1.0, "{len}");
            for x in b.iter_mut().step_by(4) {
                *x = x.wrapping_add(1);
            }
            let expected = 1.0 - len.div_ceil(4) as f64 / len as f64;
            assert_eq!(estimate(&a, &b), expected, "{len}");
        }
        assert_eq!(estimate(&[], &[]), 0.0);
        assert_eq!(estimate(&[1, 2], &[1]), 0.0);
    }
}
