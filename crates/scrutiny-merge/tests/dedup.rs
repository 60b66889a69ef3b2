//! Dedup on generated pages with known clusters, and MinHash against exact Jaccard.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failure

use scrutiny_merge::corpus::{generate, pair_scores};
use scrutiny_merge::minhash::{estimate, jaccard, shingles, signature, word_hashes};
use scrutiny_merge::{Options, dedup, dedup_exact};

fn shingle_set(text: &str, k: usize) -> Vec<u64> {
    let mut w = Vec::new();
    word_hashes(text, &mut w);
    shingles(&w, k)
}

#[test]
fn pair_precision_and_recall_reach_099_on_generated_corpus() {
    let pages = generate(4000, 2024);
    let mut articles: Vec<_> = pages.iter().map(|p| p.article.clone()).collect();
    let truth: Vec<usize> = pages.iter().map(|p| p.story).collect();
    let stats = dedup(&mut articles, &Options::default()).unwrap();
    let predicted: Vec<String> = articles
        .iter()
        .map(|a| a.cluster.clone().unwrap())
        .collect();
    let (precision, recall) = pair_scores(&predicted, &truth);
    eprintln!("{stats:?}\npair precision {precision:.4}, recall {recall:.4}");
    assert!(
        precision >= 0.99 && recall >= 0.99,
        "precision {precision}, recall {recall}"
    );
    // The exact-hash baseline finds only the verbatim copies: it must do much worse on recall.
    let mut exact: Vec<_> = pages.iter().map(|p| p.article.clone()).collect();
    dedup_exact(&mut exact);
    let (_, exact_recall) = pair_scores(
        &exact
            .iter()
            .map(|a| a.cluster.clone().unwrap())
            .collect::<Vec<_>>(),
        &truth,
    );
    eprintln!("exact-hash baseline recall {exact_recall:.4}");
    assert!(exact_recall < 0.5);
    // Representatives are cluster members and are not themselves duplicates.
    for a in &articles {
        if let Some(rep) = &a.duplicate_of {
            assert_eq!(a.cluster.as_ref(), Some(rep));
            let r = articles.iter().find(|x| &x.id == rep).unwrap();
            assert!(r.duplicate_of.is_none());
        }
    }
}

#[test]
fn duplicates_are_well_separated_from_other_stories_in_the_corpus() {
    // Shows the corpus is not trivially easy: report how similar the closest different stories
    // are, and how dissimilar the furthest copies are, against the 0.5 threshold.
    let pages = generate(600, 99);
    let sets: Vec<Vec<u64>> = pages
        .iter()
        .map(|p| {
            let mut t = p.article.title.clone().unwrap_or_default();
            for b in &p.article.blocks {
                t.push(' ');
                t.push_str(&b.text);
            }
            shingle_set(&t, 4)
        })
        .collect();
    let threshold = Options::default().threshold;
    let mut max_other = 0.0f64;
    // Per page, its best match among the other pages of its story: every copy must reach the
    // threshold with at least one (clusters are connected), though two edited copies of one
    // story may be further apart than either is from the original.
    let mut best_same = vec![0.0f64; pages.len()];
    let mut story_size = std::collections::HashMap::new();
    for p in &pages {
        *story_size.entry(p.story).or_insert(0) += 1;
    }
    let mut min_pair = 1.0f64;
    for i in 0..pages.len() {
        for j in i + 1..pages.len() {
            let s = jaccard(&sets[i], &sets[j]);
            if pages[i].story == pages[j].story {
                best_same[i] = best_same[i].max(s);
                best_same[j] = best_same[j].max(s);
                min_pair = min_pair.min(s);
            } else {
                max_other = max_other.max(s);
            }
        }
    }
    let weakest = (0..pages.len())
        .filter(|&i| story_size[&pages[i].story] > 1)
        .map(|i| best_same[i])
        .fold(1.0, f64::min);
    eprintln!(
        "copies: least similar pair {min_pair:.3}, weakest best match {weakest:.3}; \
         most similar different stories {max_other:.3}; threshold {threshold}"
    );
    assert!(
        max_other > 0.05,
        "different stories share phrasing, as real coverage does"
    );
    assert!(max_other < threshold && weakest >= threshold);
}

#[test]
fn minhash_estimate_tracks_exact_jaccard_on_generated_pairs() {
    // Pairs of shingle sets built with a chosen overlap, from 0 to 1, and of various sizes.
    let mut rng = fastrand::Rng::with_seed(5);
    let len = 256;
    let mut errors = Vec::new();
    for case in 0..400 {
        let shared = rng.usize(0..400);
        let only_a = rng.usize(0..300);
        let only_b = if case % 4 == 0 {
            only_a
        } else {
            rng.usize(0..300)
        };
        let base: Vec<u64> = (0..shared + only_a + only_b).map(|_| rng.u64(..)).collect();
        let mut a: Vec<u64> = base[..shared + only_a].to_vec();
        let mut b: Vec<u64> = base[..shared]
            .iter()
            .chain(&base[shared + only_a..])
            .copied()
            .collect();
        if a.is_empty() || b.is_empty() {
            continue;
        }
        a.sort_unstable();
        b.sort_unstable();
        let exact = jaccard(&a, &b);
        let est = estimate(&signature(&a, len).unwrap(), &signature(&b, len).unwrap());
        errors.push(est - exact);
        // Binomial standard error at 256 values is at most 0.031; allow five of them.
        assert!(
            (est - exact).abs() < 0.16,
            "exact {exact:.3}, estimate {est:.3} ({shared}/{only_a}/{only_b})"
        );
    }
    let mean = errors.iter().sum::<f64>() / errors.len() as f64;
    let rmse = (errors.iter().map(|e| e * e).sum::<f64>() / errors.len() as f64).sqrt();
    eprintln!(
        "{} pairs: mean error {mean:+.4}, rmse {rmse:.4}",
        errors.len()
    );
    assert!(mean.abs() < 0.01, "estimate is biased: {mean}");
    assert!(rmse < 0.035, "rmse {rmse}");
}

#[test]
fn html_and_text_copies_are_exact_duplicates_and_results_ignore_order() {
    let pages = generate(300, 11);
    let mut a: Vec<_> = pages.iter().map(|p| p.article.clone()).collect();
    let mut b: Vec<_> = a.iter().rev().cloned().collect();
    let sa = dedup(&mut a, &Options::default()).unwrap();
    let sb = dedup(&mut b, &Options::default()).unwrap();
    assert_eq!(sa.clusters, sb.clusters);
    b.reverse();
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            (&x.id, &x.cluster, &x.duplicate_of),
            (&y.id, &y.cluster, &y.duplicate_of)
        );
    }
    assert!(sa.exact_duplicates > 0);
    // Nothing is dropped, and every article is in a cluster.
    assert_eq!(a.len(), 300);
    assert!(a.iter().all(|x| x.cluster.is_some()));
}

#[test]
fn hostile_inputs_do_not_panic() {
    let mut articles: Vec<_> = generate(3, 1).into_iter().map(|p| p.article).collect();
    articles[0].blocks.clear();
    articles[0].title = None;
    articles[1].blocks = vec![scrutiny_core::Block::paragraph(
        "\u{0}\u{feff} \u{202e} 🦀🦀 x",
    )];
    articles[2].id = articles[1].id.clone();
    let stats = dedup(
        &mut articles,
        &Options {
            shingle: 16,
            bands: 1,
            rows: 1,
            threshold: 1.0,
        },
    )
    .unwrap();
    assert_eq!(stats.articles, 3);
    assert!(dedup(&mut [], &Options::default()).is_ok());
}

/// On signatures with the shingles `signature_of` gave, clusters are those of `dedup` in
/// memory; shingles the caller cannot read fail the dedup instead of leaving pairs unchecked.
#[test]
fn signed_dedup_agrees_with_dedup_and_fails_without_shingles() {
    use scrutiny_merge::{DedupHead, Error, dedup_signed, signature_of};
    let pages = generate(600, 11);
    let articles: Vec<_> = pages.iter().map(|p| p.article.clone()).collect();
    let opts = Options::default();
    let signed: Vec<_> = articles.iter().map(|a| signature_of(a, &opts)).collect();
    let heads: Vec<DedupHead<'_>> = articles
        .iter()
        .zip(&signed)
        .map(|(a, (signature, _))| DedupHead {
            id: &a.id,
            path: &a.path,
            published: a.published,
            signature,
        })
        .collect();
    let (reps, stats) = dedup_signed(&heads, &opts, |i| Some(signed[i].1.clone())).unwrap();
    assert!(stats.verified_pairs > 0, "{stats:?}");
    let mut expected = articles.clone();
    dedup(&mut expected, &opts).unwrap();
    for (i, a) in expected.iter().enumerate() {
        assert_eq!(
            a.cluster.as_deref(),
            Some(articles[reps[i] as usize].id.as_str())
        );
    }
    assert_eq!(
        dedup_signed(&heads, &opts, |_| None).unwrap_err(),
        Error::NoShingles
    );
}
