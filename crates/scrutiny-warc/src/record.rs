//! WARC records inside one decompressed member: headers, block, and the item each becomes.

use std::io::{self, BufRead, Read};

use scrutiny_core::PartialDate;

use crate::{Item, Prefilter, SkipReason, Stats, WarcDoc, http};

/// A response block larger than this is skipped unread (the pipeline's default file limit).
pub const MAX_RECORD_BYTES: u64 = 64 << 20;
/// A header line longer than this means the bytes are not a WARC header.
const MAX_LINE: u64 = 64 << 10;
/// A header with more lines than this is not a WARC header.
const MAX_HEADER_LINES: usize = 512;

/// A BufRead that counts the bytes consumed, and can be handed bytes back to read again.
pub(crate) struct Counted<B> {
    inner: B,
    pub pos: u64,
    /// Bytes given back by [`Counted::unread`], served before `inner`'s.
    back: Vec<u8>,
    back_at: usize,
}

impl<B: BufRead> Counted<B> {
    pub(crate) fn new(inner: B) -> Self {
        Self {
            inner,
            pos: 0,
            back: Vec::new(),
            back_at: 0,
        }
    }

    /// Puts `bytes`, the last ones read, back in front of the stream.
    fn unread(&mut self, mut bytes: Vec<u8>) {
        self.pos -= bytes.len() as u64;
        bytes.extend_from_slice(&self.back[self.back_at..]);
        self.back = bytes;
        self.back_at = 0;
    }
}

impl<B: BufRead> Read for Counted<B> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = if self.back_at < self.back.len() {
            let n = (&self.back[self.back_at..]).read(buf)?;
            self.back_at += n;
            n
        } else {
            self.inner.read(buf)?
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl<B: BufRead> BufRead for Counted<B> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.back_at < self.back.len() {
            return Ok(&self.back[self.back_at..]);
        }
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        if self.back_at < self.back.len() {
            self.back_at += amt;
        } else {
            self.inner.consume(amt);
        }
    }
}

/// Every record ends with two CRLFs after its block.
const RECORD_END: &[u8] = b"\r\n\r\n";

/// Where the next record starts inside `block`, when it does: a record whose Content-Length
/// overstates its bytes (it was cut short) swallowed the start of the records after it. The
/// cut falls anywhere, so the version line need not start a line of the block.
fn next_record_in(block: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(block, b"WARC/1.").find(|&i| {
        let rest = &block[i + b"WARC/1.".len()..];
        rest.first().is_some_and(u8::is_ascii_digit) && rest.get(1..3) == Some(b"\r\n")
    })
}

/// Where the records of a member are, and what to do with them.
pub(crate) struct Ctx<'a> {
    pub prefilter: Option<&'a Prefilter>,
    pub stats: &'a mut Stats,
    pub each: &'a mut dyn FnMut(Item),
    /// Compressed offset of the member.
    pub member_offset: u64,
    /// Decompressed bytes of the file before this member.
    pub base: u64,
    /// A plain file: decompressed offsets are file offsets.
    pub plain: bool,
    /// Items of the member not yet handed on: a member's records count only once its checksum
    /// has been verified at its end, unless they hold more than `hold_limit` bytes.
    pub pending: Vec<Item>,
    pending_bytes: usize,
    pub hold_limit: usize,
    /// The counts as of the last item handed on.
    pub snapshot: Stats,
    /// How many times items were handed on.
    pub flushes: u64,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        prefilter: Option<&'a Prefilter>,
        stats: &'a mut Stats,
        each: &'a mut dyn FnMut(Item),
        plain: bool,
    ) -> Self {
        let snapshot = stats.clone();
        Self {
            prefilter,
            stats,
            each,
            member_offset: 0,
            base: 0,
            plain,
            pending: Vec::new(),
            pending_bytes: 0,
            hold_limit: if plain { 0 } else { MAX_RECORD_BYTES as usize },
            snapshot,
            flushes: 0,
        }
    }

    /// Hands on every pending item.
    pub(crate) fn flush(&mut self) {
        for item in self.pending.drain(..) {
            (self.each)(item);
        }
        self.pending_bytes = 0;
        self.snapshot = self.stats.clone();
        self.flushes += 1;
    }

    /// Drops the pending items of a member that failed to decode and reports it as one
    /// corrupt record instead.
    pub(crate) fn fail(&mut self, offset: u64, reason: String) {
        self.pending.clear();
        self.pending_bytes = 0;
        *self.stats = self.snapshot.clone();
        self.stats.records += 1;
        self.emit(Item::Corrupt { offset, reason });
        self.flush();
    }

    /// The offset that names a record starting `pos` bytes into the member: the member's own
    /// offset for its first record (one record per member, as Common Crawl writes them: the
    /// offset its index gives), else the position in the decompressed file.
    pub(crate) fn offset(&self, pos: u64) -> u64 {
        if self.plain || pos != 0 {
            self.base + pos
        } else {
            self.member_offset
        }
    }

    pub(crate) fn emit(&mut self, item: Item) {
        match &item {
            Item::Doc(_) => self.stats.kept += 1,
            Item::Corrupt { .. } => self.stats.corrupt += 1,
            Item::Skipped { why, .. } => match why {
                SkipReason::NotResponse => self.stats.not_response += 1,
                SkipReason::NotHttp => self.stats.not_http += 1,
                SkipReason::NotHtml => self.stats.not_html += 1,
                SkipReason::Status(_) => self.stats.bad_status += 1,
                SkipReason::Encoding(_) => self.stats.unsupported_encoding += 1,
                SkipReason::TooLarge => self.stats.too_large += 1,
                SkipReason::Prefiltered => self.stats.prefiltered += 1,
            },
        }
        if let Item::Doc(d) = &item {
            self.pending_bytes += d.bytes.len();
        }
        self.pending.push(item);
        if self.pending_bytes > self.hold_limit || self.plain {
            self.flush();
        }
    }
}

/// An I/O error (a member that stopped decoding) at the record that was being read.
pub(crate) struct Broken {
    pub offset: u64,
    pub error: io::Error,
}

/// Reads every record of a member. Damage inside the member becomes `Corrupt` items; only a
/// failure of the underlying stream is returned, with the offset of the record it cut.
pub(crate) fn read_member<B: BufRead>(r: &mut Counted<B>, ctx: &mut Ctx<'_>) -> Result<(), Broken> {
    let mut line = Vec::new();
    loop {
        let start = r.pos;
        let offset = ctx.offset(start);
        let broken = |error| Broken { offset, error };
        line.clear();
        if read_line(r, &mut line).map_err(broken)? == 0 {
            return Ok(());
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !line.starts_with(b"WARC/") {
            let len = resync(r, &mut line).map_err(broken)?;
            ctx.emit(Item::Corrupt {
                offset,
                reason: format!("{len} bytes that are not a WARC record"),
            });
            if line.is_empty() {
                return Ok(());
            }
            // `line` now holds the version line of the next record, which starts here.
            let at = r.pos - line.len() as u64;
            record(r, &mut line, at, ctx)?;
            continue;
        }
        record(r, &mut line, start, ctx)?;
    }
}

/// One record, whose version line is in `line` and started at member position `start`.
fn record<B: BufRead>(
    r: &mut Counted<B>,
    line: &mut Vec<u8>,
    start: u64,
    ctx: &mut Ctx<'_>,
) -> Result<(), Broken> {
    let offset = ctx.offset(start);
    let broken = |error| Broken { offset, error };
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut complete = false;
    for _ in 0..MAX_HEADER_LINES {
        line.clear();
        if read_line(r, line).map_err(broken)? == 0 {
            break;
        }
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            complete = true;
            break;
        }
        match text.split_once(':') {
            Some((k, v)) => fields.push((k.trim().to_ascii_lowercase(), v.trim().to_owned())),
            // A continuation line (obsolete folding) belongs to the previous field.
            None if text.starts_with([' ', '\t']) => {
                if let Some(last) = fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(text.trim());
                }
            }
            None => {}
        }
    }
    ctx.stats.records += 1;
    if !complete {
        ctx.emit(Item::Corrupt {
            offset,
            reason: "truncated WARC header".to_owned(),
        });
        return Ok(());
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(length) = field("content-length").and_then(|v| v.parse::<u64>().ok()) else {
        ctx.emit(Item::Corrupt {
            offset,
            reason: "missing or bad Content-Length".to_owned(),
        });
        return Ok(());
    };
    let is_response = field("warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
    if length > MAX_RECORD_BYTES {
        let copied = io::copy(&mut r.by_ref().take(length), &mut io::sink()).map_err(broken)?;
        if copied < length {
            ctx.emit(truncated(offset, copied, length));
        } else if !is_response {
            ctx.emit(Item::Skipped {
                offset,
                why: SkipReason::NotResponse,
            });
        } else {
            ctx.stats.responses += 1;
            ctx.emit(Item::Skipped {
                offset,
                why: SkipReason::TooLarge,
            });
        }
        return Ok(());
    }
    let mut block = Vec::with_capacity(length as usize);
    r.by_ref()
        .take(length)
        .read_to_end(&mut block)
        .map_err(broken)?;
    if (block.len() as u64) < length {
        ctx.emit(truncated(offset, block.len() as u64, length));
        return Ok(());
    }
    let mut end = [0u8; RECORD_END.len()];
    let got = read_up_to(r, &mut end).map_err(broken)?;
    let end = &end[..got];
    if end != RECORD_END {
        if let Some(at) = next_record_in(&block) {
            // Read again from where the next record starts, so that a cut record costs itself
            // only, not the records it swallowed.
            let mut rest = block.split_off(at);
            rest.extend_from_slice(end);
            r.unread(rest);
            ctx.emit(Item::Corrupt {
                offset,
                reason: format!(
                    "truncated record: the next record starts {at} bytes into its {length}-byte block"
                ),
            });
            return Ok(());
        }
        // Not the end a record has: whatever follows is resynchronised on by the caller.
        r.unread(end.to_vec());
    }
    if !is_response {
        ctx.emit(Item::Skipped {
            offset,
            why: SkipReason::NotResponse,
        });
        return Ok(());
    }
    ctx.stats.responses += 1;
    let item = response(
        offset,
        block,
        field("warc-target-uri"),
        field("warc-date"),
        field("warc-identified-payload-type"),
        ctx,
    );
    ctx.emit(item);
    Ok(())
}

fn truncated(offset: u64, got: u64, want: u64) -> Item {
    Item::Corrupt {
        offset,
        reason: format!("truncated record: block has {got} of {want} bytes"),
    }
}

/// The item a complete response record becomes.
fn response(
    offset: u64,
    block: Vec<u8>,
    uri: Option<&str>,
    date: Option<&str>,
    identified: Option<&str>,
    ctx: &mut Ctx<'_>,
) -> Item {
    // A response record may hold another protocol's answer (`text/dns`, say): not damage.
    if !block.trim_ascii_start().starts_with(b"HTTP/") {
        return Item::Skipped {
            offset,
            why: SkipReason::NotHttp,
        };
    }
    let head = match http::parse(&block) {
        Ok(h) => h,
        Err(e) => {
            return Item::Corrupt {
                offset,
                reason: format!("bad HTTP response: {e:?}"),
            };
        }
    };
    if !(200..300).contains(&head.status) {
        return Item::Skipped {
            offset,
            why: SkipReason::Status(head.status),
        };
    }
    // The body is borrowed from the block until the page is kept: most pages are not, and
    // copying theirs would cost a pass over every byte.
    let decoded;
    let mut body: &[u8] = block.get(head.body_start..).unwrap_or_default();
    if head.chunked || head.content_encoding.is_some() {
        let mut owned = if head.chunked {
            http::dechunk(body)
        } else {
            body.to_vec()
        };
        if let Some(enc) = &head.content_encoding {
            match http::decode(enc, &owned, MAX_RECORD_BYTES) {
                Some(d) => owned = d,
                None => {
                    return Item::Skipped {
                        offset,
                        why: SkipReason::Encoding(enc.clone()),
                    };
                }
            }
        }
        decoded = owned;
        body = &decoded;
    }
    let html = match head.content_type.as_deref().or(identified) {
        Some(ct) if !http::mime(ct).is_empty() => http::is_html_mime(&http::mime(ct)),
        _ => http::sniff_html(body),
    };
    if !html {
        return Item::Skipped {
            offset,
            why: SkipReason::NotHtml,
        };
    }
    ctx.stats.html += 1;
    if let Some(p) = ctx.prefilter {
        ctx.stats.prefilter_bytes += body.len() as u64;
        if !p.keeps(body) {
            return Item::Skipped {
                offset,
                why: SkipReason::Prefiltered,
            };
        }
    }
    let bytes = body.to_vec();
    Item::Doc(WarcDoc {
        offset,
        uri: uri
            .map(|u| u.trim_matches(['<', '>']).to_owned())
            .filter(|u| !u.is_empty()),
        date: date.and_then(warc_date),
        bytes,
        content_type: head.content_type,
    })
}

/// The day of a WARC-Date (`2024-03-05T10:11:12Z`, or a prefix of it).
pub(crate) fn warc_date(value: &str) -> Option<PartialDate> {
    let day = value.get(..10).unwrap_or(value);
    day.parse()
        .ok()
        .or_else(|| value.get(..7)?.parse().ok())
        .or_else(|| value.get(..4)?.parse().ok())
}

/// Fills as much of `buf` as the member still has; the bytes read.
fn read_up_to<B: BufRead>(r: &mut Counted<B>, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Reads one line (up to [`MAX_LINE`] bytes) into `line`; 0 at the end of the member.
fn read_line<B: BufRead>(r: &mut Counted<B>, line: &mut Vec<u8>) -> io::Result<usize> {
    r.by_ref().take(MAX_LINE).read_until(b'\n', line)
}

/// Skips lines until one starts a record; leaves that line in `line` (empty at the member's end)
/// and returns the bytes skipped, counting the line `line` held on entry.
fn resync<B: BufRead>(r: &mut Counted<B>, line: &mut Vec<u8>) -> io::Result<u64> {
    let mut skipped = line.len() as u64;
    loop {
        let mut next = Vec::new();
        if read_line(r, &mut next)? == 0 {
            line.clear();
            return Ok(skipped);
        }
        if next.starts_with(b"WARC/") {
            *line = next;
            return Ok(skipped);
        }
        skipped += next.len() as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DNS answer in a response record is skipped as not HTTP; the records around it are read.
    #[test]
    fn a_response_that_is_not_http_is_skipped() {
        let record = |ty: &str, block: &str| {
            format!(
                "WARC/1.0\r\nWARC-Type: {ty}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            )
        };
        let file = [
            record("response", "20240101000000\nexample.org. 300 IN A 192.0.2.1\n"),
            record("response", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>Ofsted</body></html>"),
        ]
        .concat();
        let mut items = Vec::new();
        let stats = crate::read_from(std::io::Cursor::new(file), None, &mut |i| items.push(i));
        assert_eq!(
            (stats.not_http, stats.kept, stats.corrupt),
            (1, 1, 0),
            "{items:?}"
        );
    }

    #[test]
    fn warc_dates_keep_what_they_give() {
        assert_eq!(
            warc_date("2024-03-05T10:11:12Z").unwrap().to_string(),
            "2024-03-05"
        );
        assert_eq!(warc_date("2024-03").unwrap().to_string(), "2024-03");
        assert_eq!(
            warc_date("2024-02-30T00:00:00Z").unwrap().to_string(),
            "2024-02"
        );
        assert_eq!(warc_date("yesterday"), None);
    }
}
