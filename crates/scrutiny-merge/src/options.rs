//! The merge stage's options, as written in the pipeline definition.

use serde::{Deserialize, Serialize};

use crate::Error;

/// How near-duplicates are found. Every field has a default, so `{}` is a valid configuration.
///
/// Two articles are near-duplicates when the Jaccard similarity of their sets of `shingle`-word
/// shingles is at least `threshold`. Locality-sensitive hashing with `bands` bands of `rows`
/// MinHash values each proposes the candidate pairs; the chance that a pair of similarity `s`
/// is proposed is `1 - (1 - s^rows)^bands` (with the defaults: 0.98 at 0.5, 0.998 at 0.55,
/// 0.10 at 0.2), and every candidate is then checked against the exact Jaccard similarity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// Least Jaccard similarity of word shingles for two articles to be near-duplicates (0-1].
    pub threshold: f64,
    /// Words per shingle (1-16).
    pub shingle: usize,
    /// LSH bands.
    pub bands: usize,
    /// MinHash values per band.
    pub rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            shingle: 4,
            bands: 64,
            rows: 4,
        }
    }
}

/// Most MinHash values a signature may have (bands x rows); more buys nothing but memory.
pub const MAX_SIGNATURE: usize = 4096;

impl Options {
    /// Check the values are usable; the pipeline calls this when it validates a definition.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |field: &'static str, why: String| Err(Error::InvalidOption { field, why });
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return bad("threshold", format!("{} is not in (0, 1]", self.threshold));
        }
        if !(1..=16).contains(&self.shingle) {
            return bad("shingle", format!("{} is not in 1-16", self.shingle));
        }
        if self.bands == 0 || self.rows == 0 {
            return bad("bands", "bands and rows must both be at least 1".to_owned());
        }
        match self.bands.checked_mul(self.rows) {
            Some(k) if k <= MAX_SIGNATURE => Ok(()),
            _ => bad(
                "bands",
                format!("bands x rows must be at most {MAX_SIGNATURE}"),
            ),
        }
    }

    /// MinHash values per signature.
    pub fn signature_len(&self) -> usize {
        self.bands * self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_mapping_gives_defaults_and_unknown_keys_are_refused() {
        let o: Options = serde_yaml::from_str("{}").unwrap();
        assert_eq!(o, Options::default());
        let o: Options = serde_yaml::from_str("threshold: 0.8\nrows: 5").unwrap();
        assert_eq!((o.threshold, o.rows, o.bands), (0.8, 5, 64));
        let err = serde_yaml::from_str::<Options>("treshold: 0.8").unwrap_err();
        assert!(
            err.to_string().contains("unknown field `treshold`"),
            "{err}"
        );
    }

    #[test]
    fn validate_refuses_unusable_values() {
        assert!(Options::default().validate().is_ok());
        for o in [
            Options {
                threshold: 0.0,
                ..Options::default()
            },
            Options {
                threshold: f64::NAN,
                ..Options::default()
            },
            Options {
                threshold: 1.5,
                ..Options::default()
            },
            Options {
                shingle: 0,
                ..Options::default()
            },
            Options {
                bands: 0,
                ..Options::default()
            },
            Options {
                rows: usize::MAX,
                bands: 2,
                ..Options::default()
            },
        ] {
            assert!(o.validate().is_err(), "{o:?}");
        }
        let e = Options {
            shingle: 0,
            ..Options::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid merge option `shingle`: 0 is not in 1-16"
        );
    }
}
