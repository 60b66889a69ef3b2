//! The article-extraction benchmark: loading its pages and scoring with its word 4-gram metric.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::Error;

/// One benchmark page: its key, HTML and ground-truth body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page key (file stem in `html/`).
    pub key: String,
    /// The page URL from the ground truth.
    pub url: String,
    /// The decompressed HTML.
    pub html: String,
    /// The human-checked article body.
    pub truth: String,
}

/// Where the benchmark lives relative to the repository root.
pub const DEFAULT_DIR: &str = "../shared/benchmarks/article-extraction";

/// Load every page of the benchmark in `dir` (`ground-truth.json` and `html/KEY.html.gz`),
/// sorted by key so runs are repeatable.
pub fn load(dir: &Path) -> Result<Vec<Page>, Error> {
    let truth_path = dir.join("ground-truth.json");
    let text = std::fs::read_to_string(&truth_path).map_err(|source| Error::Read {
        path: truth_path.clone(),
        source,
    })?;
    let truth: HashMap<String, serde_json::Value> = serde_json::from_str(&text)
        .map_err(|e| Error::Benchmark(format!("`{}`: {e}", truth_path.display())))?;
    let mut pages = Vec::with_capacity(truth.len());
    for (key, entry) in truth {
        let body = entry
            .get("articleBody")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let url = entry
            .get("url")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let path: PathBuf = dir.join("html").join(format!("{key}.html.gz"));
        let file = std::fs::File::open(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
        pages.push(Page {
            key,
            url: url.to_owned(),
            html: String::from_utf8_lossy(&bytes).into_owned(),
            truth: body.to_owned(),
        });
    }
    pages.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(pages)
}

/// Words as the benchmark's `\w+` (Unicode) finds them.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn grams<'a>(words: &[&'a str]) -> HashMap<[&'a str; 4], i64> {
    let mut out = HashMap::new();
    for w in words.windows(4) {
        if let [a, b, c, d] = *w {
            *out.entry([a, b, c, d]).or_insert(0) += 1;
        }
    }
    out
}

/// One page's shares of true positives, false positives and false negatives (summing to 1,
/// or all 0 when neither text has a 4-gram).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageScore {
    /// Shared 4-grams.
    pub tp: f64,
    /// Predicted-only 4-grams.
    pub fp: f64,
    /// Truth-only 4-grams.
    pub fn_: f64,
}

impl PageScore {
    /// This page's own F1.
    pub fn f1(&self) -> f64 {
        let d = 2.0 * self.tp + self.fp + self.fn_;
        if d == 0.0 { 1.0 } else { 2.0 * self.tp / d }
    }
}

/// Score one prediction against its truth with the benchmark's metric.
pub fn score_page(predicted: &str, truth: &str) -> PageScore {
    let (pw, tw) = (words(predicted), words(truth));
    let (p, t) = (grams(&pw), grams(&tw));
    let mut tp = 0i64;
    let mut fp = 0i64;
    for (g, &c) in &p {
        let d = t.get(g).copied().unwrap_or(0);
        tp += c.min(d);
        fp += (c - d).max(0);
    }
    let fn_: i64 = t
        .iter()
        .map(|(g, &c)| (c - p.get(g).copied().unwrap_or(0)).max(0))
        .sum();
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return PageScore::default();
    }
    PageScore {
        tp: tp as f64 / sum,
        fp: fp as f64 / sum,
        fn_: fn_ as f64 / sum,
    }
}

/// Precision, recall and F1 over many pages (each page weighs the same).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Sum per-page scores into the benchmark's totals.
pub fn totals(scores: &[PageScore]) -> Totals {
    let tp: f64 = scores.iter().map(|s| s.tp).sum();
    let fp: f64 = scores.iter().map(|s| s.fp).sum();
    let fn_: f64 = scores.iter().map(|s| s.fn_).sum();
    let precision = if tp + fp == 0.0 { 0.0 } else { tp / (tp + fp) };
    let recall = if tp + fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Totals {
        precision,
        recall,
        f1,
    }
}

/// Scores and timing of one run over the benchmark.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The benchmark's totals.
    pub totals: Totals,
    /// Each page's key, score and whether a published date was found.
    pub pages: Vec<(String, PageScore, bool)>,
    /// Pages per second of [`crate::extract`] (best of the timed runs, single thread).
    pub pages_per_sec: f64,
    /// Megabytes of HTML per second in that run.
    pub mb_per_sec: f64,
}

impl Evaluation {
    /// The `n` pages with the worst F1, worst first.
    pub fn worst(&self, n: usize) -> Vec<(String, PageScore)> {
        let mut v: Vec<(String, PageScore)> =
            self.pages.iter().map(|(k, s, _)| (k.clone(), *s)).collect();
        v.sort_by(|a, b| a.1.f1().total_cmp(&b.1.f1()));
        v.truncate(n);
        v
    }
}

/// Extract every page, score it, and time `runs` full passes (files already in memory; with
/// `runs` 0 nothing is timed and the speeds are 0).
pub fn evaluate(pages: &[Page], runs: usize) -> Evaluation {
    let mut scored = Vec::with_capacity(pages.len());
    for p in pages {
        let found = crate::extract(&p.html).ok();
        let body = found
            .as_ref()
            .map(crate::Extracted::body)
            .unwrap_or_default();
        let dated = found.as_ref().is_some_and(|f| f.published.is_some());
        scored.push((p.key.clone(), score_page(&body, &p.truth), dated));
    }
    let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let start = std::time::Instant::now();
        for p in pages {
            std::hint::black_box(crate::extract(std::hint::black_box(&p.html)).ok());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let scores: Vec<PageScore> = scored.iter().map(|(_, s, _)| *s).collect();
    Evaluation {
        totals: totals(&scores),
        pages: scored,
        pages_per_sec: if runs == 0 {
            0.0
        } else {
            pages.len() as f64 / best
        },
        mb_per_sec: if runs == 0 {
            0.0
        } else {
            bytes as f64 / 1e6 / best
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let s = score_page("one two three four five", "one two three four five");
        assert_eq!(
            s,
            PageScore {
                tp: 1.0,
                fp: 0.0,
                fn_: 0.0
            }
        );
        assert!((s.f1() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn counts_are_multisets_and_shares() {
        // Prediction: abcd, bcde. Truth: abcd x2, bcda, cdab, dabc. TP 1, FP 1, FN 4.
        let s = score_page("a b c d e", "a b c d a b c d");
        let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(near(s.tp, 1.0 / 6.0) && near(s.fp, 1.0 / 6.0) && near(s.fn_, 4.0 / 6.0));
        let t = totals(&[
            s,
            PageScore {
                tp: 1.0,
                fp: 0.0,
                fn_: 0.0,
            },
        ]);
        assert!(near(t.precision, 7.0 / 8.0));
        assert!(near(t.recall, 7.0 / 11.0));
    }

    #[test]
    fn words_are_unicode_word_runs() {
        assert_eq!(
            words("It’s £5 — naïve_x, 2020."),
            vec!["It", "s", "5", "naïve_x", "2020"]
        );
    }
}
