//! A seeded generator of small WARC files whose records say what reading them must give ([`Expect`]).

// Records are built as data ([`TestRecord`]), then written as `.warc`, `.warc.gz` (one gzip
// member per record) or `.warc.zst` (one frame per record); the same seed gives the same bytes.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::SkipReason;

/// What reading a record must give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A document; `on_topic` pages pass the gazetteer prefilter, the others do not.
    Doc {
        /// Names Ofsted (or an inspection) and an authority.
        on_topic: bool,
    },
    /// Skipped for this reason (whatever the prefilter).
    Skipped(SkipReason),
    /// A `Corrupt` item at this record's offset.
    Corrupt,
}

/// One record to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestRecord {
    /// `WARC-Type`: `warcinfo`, `request`, `response`, ...
    pub warc_type: String,
    /// `WARC-Target-URI` (none for warcinfo).
    pub uri: Option<String>,
    /// `WARC-Date`, e.g. `2019-03-14T09:30:00Z`.
    pub date: String,
    /// The record's block (for a response: the HTTP status line, headers and body).
    pub block: Vec<u8>,
    /// For a response, the HTTP body after dechunking: what [`crate::WarcDoc::bytes`] must be.
    pub body: Vec<u8>,
    /// For a response, the HTTP Content-Type.
    pub content_type: Option<String>,
    /// Written cut short: the gzip member (or zstd frame) loses its second half, a plain record
    /// its last bytes (so that, in a plain file, its Content-Length reaches into the records
    /// after it).
    pub truncated: bool,
    /// What reading it must give.
    pub expect: Expect,
}

impl TestRecord {
    /// A response record with an HTTP message around `body`.
    pub fn response(
        uri: &str,
        date: &str,
        status: u16,
        content_type: &str,
        body: Vec<u8>,
        chunked: bool,
    ) -> Self {
        let reason = match status {
            200 => "OK",
            301 => "Moved Permanently",
            404 => "Not Found",
            _ => "Status",
        };
        let mut block = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nServer: testdata\r\n"
        )
        .into_bytes();
        if chunked {
            block.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n");
            // Chunks of uneven sizes, so that a boundary falls inside words and tags.
            let mut rest = &body[..];
            let mut size = 7usize;
            while !rest.is_empty() {
                let take = size.min(rest.len());
                block.extend_from_slice(format!("{take:x}\r\n").as_bytes());
                block.extend_from_slice(&rest[..take]);
                block.extend_from_slice(b"\r\n");
                rest = &rest[take..];
                size = size * 3 + 1;
            }
            block.extend_from_slice(b"0\r\n\r\n");
        } else {
            block.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
            block.extend_from_slice(&body);
        }
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let expect = if !(200..300).contains(&status) {
            Expect::Skipped(SkipReason::Status(status))
        } else if mime == "text/html" || mime == "application/xhtml+xml" {
            Expect::Doc { on_topic: false }
        } else {
            Expect::Skipped(SkipReason::NotHtml)
        };
        Self {
            warc_type: "response".to_owned(),
            uri: Some(uri.to_owned()),
            date: date.to_owned(),
            block,
            body,
            content_type: Some(content_type.to_owned()),
            truncated: false,
            expect,
        }
    }

    /// The request record a crawler writes before a response.
    pub fn request(uri: &str, date: &str) -> Self {
        let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let block = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: testdata\r\n\r\n")
            .into_bytes();
        Self {
            warc_type: "request".to_owned(),
            uri: Some(uri.to_owned()),
            date: date.to_owned(),
            block,
            body: Vec::new(),
            content_type: None,
            truncated: false,
            expect: Expect::Skipped(SkipReason::NotResponse),
        }
    }

    /// The warcinfo record that opens a file.
    pub fn warcinfo(date: &str) -> Self {
        Self {
            warc_type: "warcinfo".to_owned(),
            uri: None,
            date: date.to_owned(),
            block: b"software: scrutiny-warc testdata\r\nformat: WARC File Format 1.1\r\n".to_vec(),
            body: Vec::new(),
            content_type: None,
            truncated: false,
            expect: Expect::Skipped(SkipReason::NotResponse),
        }
    }

    /// The record as WARC bytes (uncompressed), cut short when `truncated`.
    pub fn to_bytes(&self, index: usize) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {}\r\nWARC-Date: {}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{index:012x}>\r\n",
            self.warc_type, self.date
        )
        .into_bytes();
        if let Some(uri) = &self.uri {
            out.extend_from_slice(format!("WARC-Target-URI: {uri}\r\n").as_bytes());
        }
        let ct = match self.warc_type.as_str() {
            "response" => "application/http; msgtype=response",
            "request" => "application/http; msgtype=request",
            _ => "application/warc-fields",
        };
        out.extend_from_slice(
            format!(
                "Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
                self.block.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&self.block);
        out.extend_from_slice(b"\r\n\r\n");
        if self.truncated {
            out.truncate(out.len() - self.block.len() / 2 - 4);
        }
        out
    }
}

/// How a generated file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// `.warc`
    None,
    /// `.warc.gz`, one gzip member per record.
    Gzip,
    /// `.warc.zst`, one zstd frame per record.
    Zstd,
}

/// Writes `records` to `path` and returns each record's offset (as the reader names it).
pub fn write(
    path: &Path,
    records: &[TestRecord],
    compression: Compression,
) -> io::Result<Vec<u64>> {
    let mut out = BufWriter::new(File::create(path)?);
    let mut offsets = Vec::with_capacity(records.len());
    let mut at = 0u64;
    for (i, record) in records.iter().enumerate() {
        offsets.push(at);
        let raw = record.to_bytes(i);
        let bytes = match compression {
            Compression::None => raw,
            Compression::Gzip => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
                e.write_all(&raw)?;
                e.finish()?
            }
            Compression::Zstd => zstd::stream::encode_all(&raw[..], 3)?,
        };
        let bytes = if record.truncated && compression != Compression::None {
            // The member loses its second half: its deflate stream and trailer are cut.
            bytes[..bytes.len() / 2].to_vec()
        } else {
            bytes
        };
        out.write_all(&bytes)?;
        at += bytes.len() as u64;
    }
    out.flush()?;
    Ok(offsets)
}

/// Writes a `.warc.gz` with one gzip member per record (Common Crawl's layout).
pub fn write_warc_gz(path: &Path, records: &[TestRecord]) -> io::Result<Vec<u64>> {
    write(path, records, Compression::Gzip)
}

/// A small deterministic RNG (SplitMix64): the generator must not depend on a crate's stream.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const AUTHORITIES: &[&str] = &[
    "Knowsley",
    "Sunderland",
    "Birmingham",
    "Doncaster",
    "Slough",
    "Tower Hamlets",
    "Bradford",
    "Croydon",
    "Norfolk",
    "Lincolnshire",
    "Somerset",
    "Wirral",
    "Salford",
    "Bromley",
    "Devon",
];
const RATINGS: &[&str] = &[
    "inadequate",
    "requires improvement to be good",
    "good",
    "outstanding",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Off-topic vocabulary: no topic term of the prefilter, but some place names that are authorities.
const WORDS: &[&str] = &[
    "the",
    "match",
    "season",
    "rain",
    "market",
    "shares",
    "fell",
    "rose",
    "council",
    "road",
    "festival",
    "concert",
    "team",
    "manager",
    "goal",
    "weather",
    "forecast",
    "traffic",
    "train",
    "station",
    "price",
    "energy",
    "company",
    "profits",
    "cinema",
    "film",
    "album",
    "museum",
    "garden",
    "recipe",
    "holiday",
    "airport",
    "flight",
    "election",
    "vote",
    "budget",
    "Leeds",
    "Manchester",
    "Bristol",
    "weekend",
    "storm",
    "river",
    "bridge",
    "plans",
    "housing",
    "school",
    "fans",
    "league",
    "cup",
    "summer",
    "winter",
    "a",
    "of",
    "and",
    "to",
    "in",
    "was",
    "said",
];

fn words(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s
}

fn page(
    title: &str,
    published: &str,
    paragraphs: &[String],
    boilerplate: usize,
    rng: &mut Rng,
) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\n\
         <meta property=\"article:published_time\" content=\"{published}\">\n"
    );
    for i in 0..boilerplate {
        // Scripts and navigation as real news pages carry them: bytes the prefilter must scan.
        html.push_str(&format!(
            "<script>window.cfg{i}={{\"slot\":\"{}\",\"id\":{}}};</script>\n<nav><a href=\"/{}\">{}</a></nav>\n",
            rng.pick(WORDS),
            rng.next() % 100_000,
            rng.pick(WORDS),
            words(rng, 6)
        ));
    }
    html.push_str(&format!("</head><body><article><h1>{title}</h1>\n"));
    for p in paragraphs {
        html.push_str(&format!("<p>{p}</p>\n"));
    }
    html.push_str("</article></body></html>\n");
    html
}

/// An inspection story: authority, rating, month and year, as the press writes them.
fn on_topic(rng: &mut Rng, authority: &str) -> (String, Vec<String>, i32, usize) {
    let rating = rng.pick(RATINGS);
    let month = rng.below(12);
    let year = 2012 + rng.below(12) as i32;
    let title = format!("{authority} children's services rated {rating} by Ofsted");
    let paragraphs = vec![
        format!(
            "Children's services in {authority} have been rated {rating} by Ofsted following an inspection in {} {year}.",
            MONTHS[month]
        ),
        format!(
            "Inspectors said leaders in {authority} Council had a clear understanding of the service. {}.",
            words(rng, 12)
        ),
        format!(
            "The council's director of children's services said the report was welcome. {}.",
            words(rng, 10)
        ),
    ];
    (title, paragraphs, year, month)
}

/// Windows-1252 bytes of a text whose characters are all in that code page (others become '?').
fn to_cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c as u8,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '\u{2013}' => 0x96,
            c if (0xa0..=0xff).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

/// A file's worth of records: a warcinfo, then for each of `n` pages a request and a response.
/// Page kinds cycle: inspection stories (UTF-8, chunked, a syndicated near-copy, a
/// Windows-1252 one), off-topic news, a JSON response, a redirect; the response of page 3 is
/// truncated. From `n = 10` every kind is present.
pub fn sample_records(n: usize, seed: u64) -> Vec<TestRecord> {
    let mut rng = Rng(seed);
    let mut out = vec![TestRecord::warcinfo("2024-05-01T00:00:00Z")];
    let mut last_story: Option<(String, Vec<String>, String)> = None;
    for i in 0..n {
        let day = 1 + rng.below(28);
        let date = format!(
            "2024-05-{day:02}T{:02}:{:02}:00Z",
            rng.below(24),
            rng.below(60)
        );
        let host = [
            "news.example.org",
            "www.example-gazette.co.uk",
            "press.example.net",
        ][i % 3];
        let uri = format!("https://{host}/story/{seed}-{i}");
        out.push(TestRecord::request(&uri, &date));
        let mut record = match i % 10 {
            1 | 4 | 9 => {
                let title = words(&mut rng, 5);
                let paragraphs: Vec<String> = (0..3).map(|_| words(&mut rng, 30)).collect();
                let html = page(&title, "2024-05-01", &paragraphs, 2, &mut rng);
                TestRecord::response(
                    &uri,
                    &date,
                    200,
                    "text/html; charset=utf-8",
                    html.into_bytes(),
                    i % 10 == 4,
                )
            }
            2 => {
                let json = format!("{{\"headline\": \"{}\"}}", words(&mut rng, 8));
                TestRecord::response(
                    &uri,
                    &date,
                    200,
                    "application/json",
                    json.into_bytes(),
                    false,
                )
            }
            7 => TestRecord::response(
                &uri,
                &date,
                301,
                "text/html",
                b"<html>Moved</html>".to_vec(),
                false,
            ),
            8 if last_story.is_some() => {
                // A syndicated copy: the same story under another URL, with one line added.
                let (title, mut paragraphs, published) = last_story.clone().unwrap_or_default();
                paragraphs.push("This story first appeared in a partner newspaper.".to_owned());
                let html = page(&title, &published, &paragraphs, 1, &mut rng);
                let mut r =
                    TestRecord::response(&uri, &date, 200, "text/html", html.into_bytes(), false);
                r.expect = Expect::Doc { on_topic: true };
                r
            }
            k => {
                let authority = rng.pick(AUTHORITIES);
                let (title, paragraphs, year, month) = on_topic(&mut rng, authority);
                let published = format!("{year}-{:02}-{:02}", month + 1, 1 + rng.below(28));
                let html = page(&title, &published, &paragraphs, 1, &mut rng);
                last_story = Some((title, paragraphs, published));
                let mut r = if k == 5 {
                    let html = html
                        .replace("children's", "children\u{2019}s")
                        .replace("said", "said \u{201c}it\u{2019}s \u{a3}2m\u{201d}");
                    TestRecord::response(
                        &uri,
                        &date,
                        200,
                        "text/html; charset=windows-1252",
                        to_cp1252(&html),
                        false,
                    )
                } else {
                    TestRecord::response(
                        &uri,
                        &date,
                        200,
                        "text/html; charset=UTF-8",
                        html.into_bytes(),
                        k == 6,
                    )
                };
                r.expect = Expect::Doc { on_topic: true };
                r
            }
        };
        if i == 3 {
            record.truncated = true;
            record.expect = Expect::Corrupt;
        }
        out.push(record);
    }
    out
}

/// Records for a throughput benchmark: `n` HTML responses of about 40 KB (scripts, navigation,
/// paragraphs), `on_topic_percent` of them inspection stories, each after its request record.
pub fn bench_records(n: usize, seed: u64, on_topic_percent: u64) -> Vec<TestRecord> {
    let mut rng = Rng(seed);
    let mut out = vec![TestRecord::warcinfo("2024-05-01T00:00:00Z")];
    for i in 0..n {
        let uri = format!("https://news.example.org/{seed}/{i}");
        let date = "2024-05-02T10:00:00Z";
        out.push(TestRecord::request(&uri, date));
        let on = rng.next() % 100 < on_topic_percent;
        let (title, mut paragraphs) = if on {
            let authority = rng.pick(AUTHORITIES);
            let (t, p, _, _) = on_topic(&mut rng, authority);
            (t, p)
        } else {
            (words(&mut rng, 6), Vec::new())
        };
        paragraphs.extend((0..12).map(|_| words(&mut rng, 60)));
        let html = page(&title, "2024-05-02", &paragraphs, 120, &mut rng);
        let mut r = TestRecord::response(
            &uri,
            date,
            200,
            "text/html; charset=utf-8",
            html.into_bytes(),
            false,
        );
        r.expect = Expect::Doc { on_topic: on };
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_records_and_every_kind_present() {
        let a = sample_records(10, 7);
        assert_eq!(a, sample_records(10, 7));
        assert_ne!(a, sample_records(10, 8));
        assert_eq!(a.len(), 21);
        let has = |f: &dyn Fn(&TestRecord) -> bool| a.iter().any(f);
        assert!(has(&|r| r.truncated && r.expect == Expect::Corrupt));
        assert!(has(&|r| r.warc_type == "request"));
        assert!(has(&|r| r.expect == Expect::Skipped(SkipReason::NotHtml)));
        assert!(has(&|r| r
            .content_type
            .as_deref()
            .is_some_and(|c| c.contains("windows-1252"))
            && r.body.contains(&0x92)));
        assert!(has(&|r| r.expect == Expect::Doc { on_topic: false }));
    }

    #[test]
    fn cp1252_maps_typographic_marks() {
        assert_eq!(to_cp1252("a\u{2019}b \u{a3}1 \u{1f600}"), b"a\x92b \xa31 ?");
    }
}
