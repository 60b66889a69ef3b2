//! Word shingles, one-permutation MinHash signatures with optimal densification, exact Jaccard.
//!
//! One-permutation hashing (Li, Owen and Zhang 2012) hashes each shingle once and keeps the
//! minimum per bin, instead of hashing it once per signature position; optimal densification
//! (Shrivastava 2017) fills empty bins by copying from a bin chosen by a fixed hash sequence,
//! which keeps `P(sig_a[i] == sig_b[i]) ≈ J(a, b)` for every position. Cost: one hash per shingle.

use xxhash_rust::xxh3::xxh3_64;

/// A 64-bit finaliser (MurmurHash3's fmix64): spreads every input bit over the output.
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// [`ASCII_CLASS`] of a lower-case letter or a digit.
const LOWER: u8 = 1;
/// [`ASCII_CLASS`] of a capital letter.
const UPPER: u8 = 2;
/// Per byte: [`LOWER`], [`UPPER`], or 0 for every other byte (ASCII or not).
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_alphanumeric() {
            LOWER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Hashes of the lower-cased alphanumeric words of `text`, appended to `out`.
///
/// Punctuation, quotes and markup-free whitespace all separate words, so the same story saved
/// as HTML and as page text (straight or curly quotes, other line breaks) gives the same words.
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let mut word: Vec<u8> = Vec::with_capacity(32);
    let mut utf8 = [0u8; 4];
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII first, a run of letters and digits at a time: `char::to_lowercase` builds an
        // iterator per character, which was most of the signature's cost on English text.
        // Both paths give the same bytes.
        if b.is_ascii_alphanumeric() {
            // One pass over the run, by a byte table, noting capitals on the way.
            let start = i;
            let mut upper = false;
            while let Some(&c) = bytes.get(i) {
                match ASCII_CLASS[usize::from(c)] {
                    LOWER => {}
                    UPPER => upper = true,
                    _ => break,
                }
                i += 1;
            }
            let letters = bytes.get(start..i).unwrap_or_default();
            // A whole word already in lower case (most words of a body) is hashed in place:
            // nothing before it in the word, and the next byte ends it (ASCII, not a letter).
            if word.is_empty() && !upper && bytes.get(i).is_none_or(u8::is_ascii) {
                out.push(xxh3_64(letters));
                continue;
            }
            let from = word.len();
            word.extend_from_slice(letters);
            if let Some(added) = word.get_mut(from..) {
                added.make_ascii_lowercase();
            }
            continue;
        }
        let ch = if b.is_ascii() {
            None
        } else {
            text.get(i..).and_then(|rest| rest.chars().next())
        };
        match ch {
            Some(ch) if ch.is_alphanumeric() => {
                for lower in ch.to_lowercase() {
                    word.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
                }
            }
            _ if !word.is_empty() => {
                out.push(xxh3_64(&word));
                word.clear();
            }
            _ => {}
        }
        i += ch.map_or(1, char::len_utf8);
    }
    if !word.is_empty() {
        out.push(xxh3_64(&word));
    }
}

/// The sorted, distinct hashes of the `k`-word shingles of a word-hash sequence.
///
/// A text shorter than `k` words is one shingle; a text with no words has none.
pub fn shingles(words: &[u64], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out: Vec<u64> = if words.len() <= k {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![shingle_hash(words)]
        }
    } else {
        words.windows(k).map(shingle_hash).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn shingle_hash(window: &[u64]) -> u64 {
    // Order-sensitive fold: "a b c" and "c b a" are different shingles.
    mix(window.iter().fold(0x9e37_79b9_7f4a_7c15, |acc, &w| {
        (acc.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }))
}

/// A MinHash signature of `len` values for a shingle set, or `None` when the set is empty.
pub fn signature(shingles: &[u64], len: usize) -> Option<Vec<u64>> {
    if shingles.is_empty() || len == 0 {
        return None;
    }
    let mut bins = vec![u64::MAX; len];
    let mut filled = vec![false; len];
    for &h in shingles {
        // High bits choose the bin, a second mix gives the value, so the two are independent.
        let bin = ((u128::from(h) * len as u128) >> 64) as usize;
        let v = mix(h ^ 0x5851_f42d_4c95_7f2d);
        if v <= bins[bin] {
            bins[bin] = v;
        }
        filled[bin] = true;
    }
    let original = bins.clone();
    for i in 0..len {
        if filled[i] {
            continue;
        }
        // Optimal densification: probe bins in an order fixed by (i, attempt) alone, so two
        // documents fill bin i from the same source bin whenever that bin is non-empty in both.
        let mut attempt: u64 = 1;
        loop {
            let j = ((u128::from(mix((i as u64) << 32 ^ attempt)) * len as u128) >> 64) as usize;
            if filled[j] {
                bins[i] = original[j];
                break;
            }
            attempt += 1;
        }
    }
    Some(bins)
}

/// One LSH key per band: the band's values hashed together with the band's number.
pub fn band_keys(signature: &[u64], rows: usize) -> impl Iterator<Item = u64> + '_ {
    signature
        .chunks_exact(rows.max(1))
        .enumerate()
        .map(|(b, band)| {
            mix(band.iter().fold(b as u64, |acc, &v| {
                (acc.rotate_left(29) ^ v).wrapping_mul(0x2545_f491_4f6c_dd1d)
            }))
        })
}

/// Exact Jaccard similarity of two sorted, distinct hash sets (1 for two empty sets).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// The share of signature positions that agree: the MinHash estimate of Jaccard similarity.
pub fn estimate(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        let mut v = Vec::new();
        word_hashes(text, &mut v);
        v
    }

    #[test]
    fn words_ignore_case_punctuation_and_quote_style() {
        assert_eq!(
            words("Knowsley's “inadequate” rating"),
            words("knowsley's \"INADEQUATE\"\n rating")
        );
        assert_eq!(words("  ,. ").len(), 0);
    }

    /// The definition the fast path must agree with: every alphanumeric character lower-cased.
    fn words_reference(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut word = String::new();
        for ch in text.chars() {
            if ch.is_alphanumeric() {
                word.extend(ch.to_lowercase());
            } else if !word.is_empty() {
                out.push(xxh3_64(word.as_bytes()));
                word.clear();
            }
        }
        if !word.is_empty() {
            out.push(xxh3_64(word.as_bytes()));
        }
        out
    }

    #[test]
    fn ascii_fast_path_hashes_as_the_full_unicode_rule() {
        for text in [
            "Knowsley's “inadequate” rating, 2017-03",
            "ÉIRE Straße İstanbul ΣΊΣΥΦΟΣ café naïve ½ ², Ⅻ",
            "mixedÀscii and\u{a0}no-break\tspaces",
            "",
            "日本語の文 and Ünïcödé",
        ] {
            assert_eq!(words(text), words_reference(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_hash_any_text_as_the_reference(
            s in "[a-zA-Z0-9 ,.'\u{e9}\u{c9}\u{df}\u{130}\u{3a3}\u{2019}\u{a0}\u{bd}\u{65e5}]{0,40}",
            t in "\\PC{0,30}",
        ) {
            proptest::prop_assert_eq!(words(&s), words_reference(&s));
            proptest::prop_assert_eq!(words(&t), words_reference(&t));
        }
    }

    #[test]
    fn shingles_are_order_sensitive_and_short_texts_get_one() {
        assert_ne!(
            shingles(&words("a b c d"), 2),
            shingles(&words("d c b a"), 2)
        );
        assert_eq!(shingles(&words("a b"), 4).len(), 1);
        assert!(shingles(&[], 4).is_empty());
        assert_eq!(shingles(&words("a b a b a b"), 2).len(), 2);
    }

    #[test]
    fn signature_of_nothing_is_none_and_identical_sets_agree() {
        assert!(signature(&[], 16).is_none());
        let s = shingles(&words("one two three four five six"), 2);
        assert_eq!(signature(&s, 64), signature(&s, 64));
        // A set smaller than the signature is densified: every position is filled.
        assert!(signature(&s, 64).unwrap().iter().all(|&v| v != u64::MAX));
    }

    #[test]
    fn jaccard_counts_intersection_over_union() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&[1], &[]), 0.0);
    }
}
