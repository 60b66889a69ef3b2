//! The article spool: each article (as map gave it, in postcard, a compact serde encoding) and
//! its shingle set, appended to an unnamed temp file as map produces them, and read back by
//! offset when dedup compares a pair or export writes the article. Reduce holds only a
//! [`Span`] per article, never the text.
//!
//! Postcard rather than JSON: each article is written once and read back once per output
//! format that carries articles, and its text needs no escaping on the way in nor unescaping
//! on the way out. The spool lives and dies with one run of one binary, so the encoding is
//! never read by anything else.
//!
//! The file has no name (it lives on the output folder's file system, or the system temp
//! folder on a dry run): the operating system removes it when the run ends, killed or not.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use scrutiny_core::Article;

use crate::Error;

/// Where one article's bytes are in the spool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    /// Offset of the encoded article.
    at: u64,
    /// Bytes of the encoded article.
    json: u32,
    /// Shingles (8 bytes each) after the article.
    shingles: u32,
}

/// The spool being written.
pub(crate) struct Writer {
    w: BufWriter<File>,
    len: u64,
}

/// The finished spool, read by offset from any thread.
pub(crate) struct Reader {
    file: File,
}

fn io(source: std::io::Error) -> Error {
    Error::Spool(source)
}

impl Writer {
    /// A new spool in `dir` (created if needed), or in the system temp folder when `None`.
    ///
    /// The spool is the first file a run writes into its output folder, so its errors are
    /// the output folder's: a file in its place, a folder that cannot be created or written.
    pub(crate) fn new(dir: Option<&Path>) -> Result<Self, Error> {
        let file = match dir {
            Some(dir) => {
                let folder = |source| Error::OutputDir {
                    path: dir.to_owned(),
                    source,
                };
                if dir.exists() && !dir.is_dir() {
                    return Err(folder(std::io::Error::other("it is a file, not a folder")));
                }
                std::fs::create_dir_all(dir).map_err(folder)?;
                tempfile::tempfile_in(dir).map_err(folder)?
            }
            None => tempfile::tempfile().map_err(io)?,
        };
        Ok(Self {
            w: BufWriter::with_capacity(1 << 16, file),
            len: 0,
        })
    }

    /// Append an encoded article ([`encode`]) and its shingle set.
    pub(crate) fn add(&mut self, json: &[u8], shingles: &[u64]) -> Result<Span, Error> {
        let too_big = || io(std::io::Error::other("a record too large to spool"));
        let span = Span {
            at: self.len,
            json: u32::try_from(json.len()).map_err(|_| too_big())?,
            shingles: u32::try_from(shingles.len()).map_err(|_| too_big())?,
        };
        self.w.write_all(json).map_err(io)?;
        for s in shingles {
            self.w.write_all(&s.to_le_bytes()).map_err(io)?;
        }
        self.len += json.len() as u64 + 8 * shingles.len() as u64;
        Ok(span)
    }

    /// Stop writing; the spool is read from here on.
    pub(crate) fn finish(self) -> Result<Reader, Error> {
        let file = self.w.into_inner().map_err(|e| io(e.into_error()))?;
        Ok(Reader { file })
    }
}

impl Reader {
    fn read(&self, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let mut buf = vec![0u8; len];
        read_exact_at(&self.file, &mut buf, at)?;
        Ok(buf)
    }

    /// The spooled article (as map gave it: no merge fields).
    pub(crate) fn article(&self, span: Span) -> std::io::Result<Article> {
        let bytes = self.read(span.at, span.json as usize)?;
        postcard::from_bytes(&bytes).map_err(std::io::Error::other)
    }

    /// The spooled shingle set.
    pub(crate) fn shingles(&self, span: Span) -> std::io::Result<Vec<u64>> {
        let bytes = self.read(span.at + u64::from(span.json), 8 * span.shingles as usize)?;
        Ok(bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }
}

/// An article as the spool keeps it.
pub(crate) fn encode(article: &Article) -> Result<Vec<u8>, Error> {
    postcard::to_stdvec(article).map_err(|e| io(std::io::Error::other(e)))
}

#[cfg(unix)]
pub(crate) fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
pub(crate) fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_back_what_was_written() {
        let mut w = Writer::new(None).unwrap();
        let a = w.add(br#"{"x":1}"#, &[1, u64::MAX]).unwrap();
        let b = w.add(b"{}", &[]).unwrap();
        let r = w.finish().unwrap();
        assert_eq!(r.shingles(a).unwrap(), [1, u64::MAX]);
        assert_eq!(r.shingles(b).unwrap(), Vec::<u64>::new());
        assert_eq!(r.read(b.at, b.json as usize).unwrap(), b"{}");
        assert!(r.article(a).is_err(), "not an article");
    }

    /// Every field of an article comes back from the spool as it went in: optional fields
    /// set and unset, partial dates of each precision, non-ASCII and escaped text.
    #[test]
    fn articles_read_back_whole() {
        use scrutiny_core::{
            Block, BlockKind, FieldFound, Format, InferredDate, PartialDate, Removed,
        };
        let full = Article {
            id: "a1".into(),
            path: "pages/a \"1\".txt".into(),
            source: "bbc".into(),
            url: Some("https://www.bbc.co.uk/news/x".into()),
            format: Format::Html,
            encoding: "windows-1252".into(),
            title: Some("Council\u{2019}s services \u{2013} \"inadequate\"".into()),
            standfirst: Some("Line\nbreak\tand tab".into()),
            byline: Some("By A. Writer".into()),
            published: Some("2024-05-17".parse::<PartialDate>().unwrap()),
            published_from: FieldFound::HtmlMetadata,
            title_from: FieldFound::None,
            byline_from: FieldFound::None,
            blocks: vec![
                Block::paragraph("First \u{e9}t\u{e9}."),
                Block {
                    kind: BlockKind::Heading,
                    text: "Heading".into(),
                },
            ],
            captions: vec!["A caption".into()],
            removed: vec![Removed {
                rule: "bbc.promo".into(),
                text: "Follow us".into(),
            }],
            cluster: Some("c1".into()),
            duplicate_of: Some("a0".into()),
            inferred: Some(InferredDate {
                date: Some("2024-05".parse().unwrap()),
                not_before: Some("2023".parse().unwrap()),
                basis: "from events".into(),
            }),
        };
        let doc = scrutiny_core::Document {
            id: "a2".into(),
            path: "pages/a2.txt".into(),
            text: String::new(),
            encoding: "UTF-8".into(),
            format: Format::Text,
            meta: scrutiny_core::Sidecar::default(),
        };
        // Every optional field unset, every list empty.
        let bare = Article::for_document(&doc, "generic");
        let mut w = Writer::new(None).unwrap();
        let spans: Vec<Span> = [&full, &bare]
            .iter()
            .map(|a| w.add(&encode(a).unwrap(), &[7]).unwrap())
            .collect();
        let r = w.finish().unwrap();
        assert_eq!(r.article(spans[0]).unwrap(), full);
        assert_eq!(r.article(spans[1]).unwrap(), bare);
        assert_eq!(r.shingles(spans[1]).unwrap(), [7]);
    }
}
