//! WARC input for scrutiny: the HTML responses of a web archive, streamed record by record.
//!
//! [`read`] walks a `.warc`, `.warc.gz` (one gzip member per record, as Common Crawl writes
//! them, or one stream) or `.warc.zst` (one frame per record, with or without the IIPC
//! dictionary frame) and calls back once per record with an [`Item`]: a [`WarcDoc`] (an HTML
//! response with status 2xx, HTTP headers stripped, body dechunked and decoded), a
//! [`Item::Skipped`] record with its [`SkipReason`], or an [`Item::Corrupt`] stretch of bytes.
//! A [`Prefilter`] judges the raw body bytes before any HTML parse; [`Stats`] counts everything.
//!
//! Invariants: memory is bounded by one record ([`MAX_RECORD_BYTES`]), never the file;
//! [`Error`] only for a file that cannot be opened, damage is a `Corrupt` item naming its offset
//! and reading resumes at the next record; a record's items are handed on only once its member
//! decoded and checked; offsets are unique and stable; no input panics (property-tested).
#![warn(missing_docs)]

mod http;
mod members;
mod prefilter;
mod record;
pub mod testdata;

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use serde::Serialize;

use scrutiny_core::PartialDate;

pub use prefilter::{Prefilter, TOPIC_TERMS};
pub use record::MAX_RECORD_BYTES;

use members::{Codec, Members, Next};
use record::{Counted, Ctx};

/// Errors of this crate: only for a file or a gazetteer that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The WARC file cannot be opened.
    #[error("Cannot open WARC file `{}`", .path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The gazetteer CSV cannot make a prefilter.
    #[error("Cannot build the prefilter from the gazetteer: {0}")]
    Gazetteer(String),
}

/// An HTML response record: what a pipeline turns into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcDoc {
    /// Offset of the record in the file: for a compressed file with one record per member or
    /// frame, the compressed offset of its member (the offset Common Crawl's index gives); else
    /// its offset in the decompressed file.
    pub offset: u64,
    /// `WARC-Target-URI`, the page's URL.
    pub uri: Option<String>,
    /// The day of `WARC-Date`: when the page was captured (a sidecar's `retrieved`, not its
    /// publication date).
    pub date: Option<PartialDate>,
    /// The HTTP body, without headers, dechunked and with its Content-Encoding undone.
    pub bytes: Vec<u8>,
    /// The HTTP `Content-Type` value as sent (it carries the charset, when there is one).
    pub content_type: Option<String>,
}

impl WarcDoc {
    /// The `charset` parameter of the Content-Type, unquoted.
    pub fn charset(&self) -> Option<&str> {
        let ct = self.content_type.as_deref()?;
        ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches(['"', '\'']))
        })
    }
}

/// Why a record is not a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Not a `response` record (warcinfo, request, metadata, revisit, ...).
    NotResponse,
    /// A response whose block is not an HTTP message (a DNS lookup, say).
    NotHttp,
    /// A response whose payload is not HTML.
    NotHtml,
    /// A response whose HTTP status is not 2xx (redirects, errors).
    Status(u16),
    /// A Content-Encoding this crate cannot undo (gzip, deflate and zstd it can).
    Encoding(String),
    /// A response larger than [`MAX_RECORD_BYTES`].
    TooLarge,
    /// The prefilter found none of its terms.
    Prefiltered,
}

impl SkipReason {
    /// A short snake_case name, as in the stats.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::NotResponse => "not_response",
            SkipReason::NotHttp => "not_http",
            SkipReason::NotHtml => "not_html",
            SkipReason::Status(_) => "status",
            SkipReason::Encoding(_) => "encoding",
            SkipReason::TooLarge => "too_large",
            SkipReason::Prefiltered => "prefiltered",
        }
    }
}

/// What one record (or one damaged stretch of a file) became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An HTML response the prefilter kept.
    Doc(WarcDoc),
    /// A record read and passed over.
    Skipped {
        /// Offset of the record (as [`WarcDoc::offset`]).
        offset: u64,
        /// Why.
        why: SkipReason,
    },
    /// A truncated or damaged record, or bytes between records that are none.
    Corrupt {
        /// Where the damage starts (a record's offset when it is one).
        offset: u64,
        /// What is wrong, for the reject record.
        reason: String,
    },
}

/// Counts of one or more files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Records whose WARC header was read (of any type).
    pub records: u64,
    /// Complete `response` records.
    pub responses: u64,
    /// Responses with status 2xx and an HTML payload (before the prefilter).
    pub html: u64,
    /// Documents handed on.
    pub kept: u64,
    /// HTML responses the prefilter passed over.
    pub prefiltered: u64,
    /// Records of another type than `response`.
    pub not_response: u64,
    /// Responses whose block is not an HTTP message.
    pub not_http: u64,
    /// Responses that are not HTML.
    pub not_html: u64,
    /// Responses with a status other than 2xx.
    pub bad_status: u64,
    /// Responses with a Content-Encoding that cannot be undone.
    pub unsupported_encoding: u64,
    /// Responses larger than [`MAX_RECORD_BYTES`].
    pub too_large: u64,
    /// Damaged records and stretches of bytes (each a `Corrupt` item).
    pub corrupt: u64,
    /// Bytes read from the files (compressed).
    pub bytes_in: u64,
    /// Bytes after decompression.
    pub bytes_decompressed: u64,
    /// Body bytes the prefilter scanned.
    pub prefilter_bytes: u64,
}

impl Stats {
    /// Adds another file's counts.
    pub fn add(&mut self, o: &Stats) {
        self.records += o.records;
        self.responses += o.responses;
        self.html += o.html;
        self.kept += o.kept;
        self.prefiltered += o.prefiltered;
        self.not_response += o.not_response;
        self.not_http += o.not_http;
        self.not_html += o.not_html;
        self.bad_status += o.bad_status;
        self.unsupported_encoding += o.unsupported_encoding;
        self.too_large += o.too_large;
        self.corrupt += o.corrupt;
        self.bytes_in += o.bytes_in;
        self.bytes_decompressed += o.bytes_decompressed;
        self.prefilter_bytes += o.prefilter_bytes;
    }

    /// Items that were skipped, for any reason.
    pub fn skipped(&self) -> u64 {
        self.prefiltered
            + self.not_response
            + self.not_http
            + self.not_html
            + self.bad_status
            + self.unsupported_encoding
            + self.too_large
    }
}

/// True when the file name says WARC: `.warc`, `.warc.gz` or `.warc.zst` (any case).
pub fn is_warc(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    [".warc", ".warc.gz", ".warc.zst"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Streams a WARC file (a regular file: anything else is an [`Error::Open`]), calling `each` once per record (see [`Item`]), and returns its counts.
/// The compression is recognised from the bytes, not the name.
pub fn read(
    path: &Path,
    prefilter: Option<&Prefilter>,
    each: &mut dyn FnMut(Item),
) -> Result<Stats, Error> {
    let open = |source| Error::Open {
        path: path.to_owned(),
        source,
    };
    // A named pipe would block the open, and a device never ends: only regular files are read.
    if !std::fs::metadata(path).map_err(open)?.is_file() {
        return Err(open(std::io::Error::other("not a regular file")));
    }
    let file = File::open(path).map_err(open)?;
    let _span = tracing::debug_span!("warc", path = %path.display()).entered();
    Ok(read_from(file, prefilter, each))
}

/// [`read`] over any seekable reader (a file, or bytes in memory).
pub fn read_from<R: Read + Seek>(
    reader: R,
    prefilter: Option<&Prefilter>,
    each: &mut dyn FnMut(Item),
) -> Stats {
    let mut stats = Stats::default();
    let mut members = match Members::new(reader) {
        Ok(m) => m,
        Err(e) => {
            stats.corrupt += 1;
            each(Item::Corrupt {
                offset: 0,
                reason: format!("unreadable: {e}"),
            });
            return stats;
        }
    };
    let codec = members.codec();
    let unit = if codec == Codec::Zstd {
        "zstd frame"
    } else {
        "gzip member"
    };
    let mut decompressed = 0u64;
    let mut ctx = Ctx::new(prefilter, &mut stats, each, codec == Codec::Plain);
    loop {
        let next = match members.next_member() {
            Ok(next) => next,
            Err(e) => {
                let at = members.position().unwrap_or(0);
                ctx.fail(at, format!("read failed, rest of file skipped: {e}"));
                break;
            }
        };
        let start = match next {
            Next::End => break,
            Next::Garbage { offset, len } => {
                ctx.emit(Item::Corrupt {
                    offset,
                    reason: format!("{len} bytes that are not a {unit}"),
                });
                ctx.flush();
                continue;
            }
            Next::Member(start) => start,
        };
        ctx.member_offset = start;
        ctx.base = decompressed;
        let flushes = ctx.flushes;
        let mut r = Counted::new(BufReader::with_capacity(1 << 16, members.member()));
        let result = record::read_member(&mut r, &mut ctx);
        decompressed += r.pos;
        drop(r);
        match result {
            Ok(()) => ctx.flush(),
            Err(broken) => {
                // With one record per member the member is the record; in a file compressed
                // as one stream, the record being read when decoding stopped.
                let at = if ctx.flushes == flushes {
                    start
                } else {
                    broken.offset
                };
                ctx.fail(at, format!("{unit} does not decode: {}", broken.error));
                if let Err(e) = members.abandon() {
                    let at = members.position().unwrap_or(0);
                    ctx.fail(at, format!("read failed, rest of file skipped: {e}"));
                    break;
                }
            }
        }
    }
    drop(ctx);
    stats.bytes_in = members.position().unwrap_or(0);
    stats.bytes_decompressed = decompressed;
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_charsets() {
        assert!(is_warc(Path::new("a/CC-NEWS-2024.warc.gz")));
        assert!(is_warc(Path::new("x.WARC")));
        assert!(is_warc(Path::new("x.warc.zst")));
        assert!(!is_warc(Path::new("x.warc.gz.meta.yaml")));
        assert!(!is_warc(Path::new("page.html")));
        let doc = WarcDoc {
            offset: 0,
            uri: None,
            date: None,
            bytes: Vec::new(),
            content_type: Some("text/html; Charset=\"windows-1252\"".to_owned()),
        };
        assert_eq!(doc.charset(), Some("windows-1252"));
    }
}
