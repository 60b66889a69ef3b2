//! A decoded input document and the metadata known about it.

use serde::{Deserialize, Serialize};

use crate::PartialDate;

/// How the document's text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The visible text of a page as a reader copied it.
    Text,
    /// A saved HTML page.
    Html,
}

/// Metadata from a sidecar file (`NAME.meta.yaml`): only what is actually known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// The page's URL.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "url"
    )]
    pub url: Option<String>,
    /// The name of the source plugin for this page's publisher.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "text"
    )]
    pub publisher: Option<String>,
    /// When the page was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<PartialDate>,
    /// The page's publication date, when known from outside the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
}

/// A sidecar's text field: a string, or nothing. A YAML number or boolean (`url: 12345`,
/// `publisher: true`) is refused where it stands, rather than taken as its spelling.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(Text { url: false })
}

/// A sidecar's `url`: as [`text`], and of the form `scheme://host...` with no space in it.
fn url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(Text { url: true })
}

/// Reads a string field (checked as a URL when `url`) inside the deserializer, so that an
/// error carries the field's position.
struct Text {
    url: bool,
}

impl serde::de::Visitor<'_> for Text {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.url {
            f.write_str("a URL such as https://www.example.org/news/story")
        } else {
            f.write_str("a string (quote it if it looks like a number)")
        }
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let well_formed = || {
            v.split_once("://").is_some_and(|(scheme, rest)| {
                !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    && !rest.is_empty()
            }) && !v.chars().any(char::is_whitespace)
        };
        if self.url && !well_formed() {
            return Err(E::invalid_value(serde::de::Unexpected::Str(v), &self));
        }
        Ok(Some(v.to_owned()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// One input, read and decoded, ready for a source plugin.
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable id: a hash of the raw bytes (see [`content_id`]).
    pub id: String,
    /// The input path as the pipeline names it (relative to the pipeline's base directory).
    pub path: String,
    /// The decoded text (the whole page: text or HTML markup).
    pub text: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `windows-1252`, ...).
    pub encoding: String,
    /// Text or HTML.
    pub format: Format,
    /// What the sidecar says, if there was one.
    pub meta: Sidecar,
}

impl Document {
    /// The host of the sidecar URL, lower-cased and without `www.`.
    pub fn host(&self) -> Option<String> {
        let url = self.meta.url.as_deref()?;
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?;
        let host = host.split(':').next()?.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        (!host.is_empty()).then_some(host)
    }
}

/// The id of some content: 128-bit XXH3 of the bytes, as 32 hex digits.
///
/// Ids derive from content only, so a rerun on the same inputs gives the same ids.
pub fn content_id(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// [`content_id`] of the concatenated `parts`, without concatenating them.
pub fn content_id_of(parts: &[&[u8]]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        h.update(part);
    }
    format!("{:032x}", h.digest128())
}

/// The first eight bytes of `id` (zero-padded) as a number. Wherever two ids' prefixes differ,
/// they order the ids as the strings do, so a sort of ids compares the strings (each behind a
/// pointer, often a cache miss) only on a tie; [`content_id`]s never tie on eight bytes.
pub fn id_prefix(id: &str) -> u64 {
    let mut head = [0u8; 8];
    let n = id.len().min(8);
    head[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(head)
}

/// Ids `a` and `b` in string order, by [`id_prefix`] (given) first.
pub fn cmp_ids(a: (u64, &str), b: (u64, &str)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever two ids' prefixes differ, they order the ids as the strings do.
    #[test]
    fn id_prefixes_order_ids_as_strings() {
        let ids = [
            "",
            "a",
            "a\u{0}",
            "ab",
            "abcdefgh",
            "abcdefgh0",
            "abcdefgi",
            "b",
            "\u{e9}t\u{e9}",
            "00001fb34ce13cbb56d8104602ae9601",
            "00003bbaa945f34ba0d24a2ba354e7ef",
            "zzzzzzzzz",
        ];
        for a in ids {
            for b in ids {
                let (x, y) = (id_prefix(a), id_prefix(b));
                if x != y {
                    assert_eq!(x.cmp(&y), a.cmp(b), "{a:?} {b:?}");
                }
                assert_eq!(cmp_ids((x, a), (y, b)), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    /// The streamed hash is the one-shot hash, across the hasher's internal block sizes.
    #[test]
    fn ids_of_parts_are_ids_of_the_whole() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        for len in [0, 1, 16, 17, 128, 129, 240, 241, 1024, 1025, 5000] {
            for cut in [0, len / 3, len] {
                let (a, b) = bytes[..len].split_at(cut);
                assert_eq!(
                    content_id_of(&[a, &[], b]),
                    content_id(&bytes[..len]),
                    "{len} {cut}"
                );
            }
        }
    }

    fn doc(url: &str) -> Document {
        Document {
            id: String::new(),
            path: String::new(),
            text: String::new(),
            encoding: "UTF-8".into(),
            format: Format::Text,
            meta: Sidecar {
                url: Some(url.into()),
                ..Sidecar::default()
            },
        }
    }

    #[test]
    fn host_strips_scheme_www_port_and_path() {
        assert_eq!(
            doc("https://www.BBC.co.uk:443/news/x?y").host().as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            doc("liverpoolecho.co.uk/news").host().as_deref(),
            Some("liverpoolecho.co.uk")
        );
        assert_eq!(doc("https://").host(), None);
    }

    #[test]
    fn content_id_is_stable() {
        assert_eq!(content_id(b"abc"), content_id(b"abc"));
        assert_ne!(content_id(b"abc"), content_id(b"abd"));
        assert_eq!(content_id(b"").len(), 32);
    }
}
