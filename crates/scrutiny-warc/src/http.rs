//! The HTTP message inside a response record: status, headers, body (dechunked and decoded).

use std::io::Read;

/// Headers beyond this many make the response unreadable (browsers cap far lower).
const MAX_HEADERS: usize = 256;

/// A parsed HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub content_type: Option<String>,
    pub chunked: bool,
    pub content_encoding: Option<String>,
    /// Offset of the body in the block.
    pub body_start: usize,
}

/// Why an HTTP message could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HttpError {
    Incomplete,
    Invalid(String),
}

/// Parses the status line and headers of `block`, leniently: crawled servers send odd headers.
pub(crate) fn parse(block: &[u8]) -> Result<Response, HttpError> {
    let mut headers = vec![httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    let status = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true)
        .parse_response(&mut resp, block)
        .map_err(|e| HttpError::Invalid(e.to_string()))?;
    let httparse::Status::Complete(body_start) = status else {
        return Err(HttpError::Incomplete);
    };
    let header = |name: &str| {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
    };
    let chunked = header("transfer-encoding").is_some_and(|v| {
        v.to_ascii_lowercase()
            .split(',')
            .any(|t| t.trim() == "chunked")
    });
    let content_encoding = header("content-encoding")
        .map(|v| v.to_ascii_lowercase())
        .filter(|v| !v.is_empty() && v != "identity");
    Ok(Response {
        status: resp.code.unwrap_or(0),
        content_type: header("content-type").filter(|v| !v.is_empty()),
        chunked,
        content_encoding,
        body_start,
    })
}

/// The media type of a Content-Type value, lower-cased, without parameters.
pub(crate) fn mime(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// True for the media types of HTML pages.
pub(crate) fn is_html_mime(mime: &str) -> bool {
    matches!(mime, "text/html" | "application/xhtml+xml")
}

/// True when a body with no usable type starts like an HTML document.
pub(crate) fn sniff_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 14)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

/// Removes chunked transfer coding. Chunks after a broken size line are lost (a truncated
/// capture ends that way); when not even the first size line parses, the body was not chunked
/// despite its header and is returned unchanged.
pub(crate) fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    let mut chunks = 0usize;
    while let Some(eol) = memchr::memchr(b'\n', rest) {
        let line = &rest[..eol];
        let size_text = line.split(|&b| b == b';').next().unwrap_or(b"");
        let size_text = std::str::from_utf8(size_text).unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            break;
        };
        chunks += 1;
        rest = &rest[eol + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if take < size {
            break;
        }
    }
    if chunks == 0 { body.to_vec() } else { out }
}

/// Undoes a Content-Encoding, reading at most `limit` bytes; `None` for an encoding this crate
/// cannot decode or a body that does not decode.
pub(crate) fn decode(encoding: &str, body: &[u8], limit: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let read = match encoding {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send both zlib-wrapped and raw deflate under this name.
            let zlib = flate2::read::ZlibDecoder::new(body)
                .take(limit)
                .read_to_end(&mut out);
            if zlib.is_ok() {
                zlib
            } else {
                out.clear();
                flate2::read::DeflateDecoder::new(body)
                    .take(limit)
                    .read_to_end(&mut out)
            }
        }
        "zstd" => {
            zstd::stream::read::Decoder::new(body).and_then(|d| d.take(limit).read_to_end(&mut out))
        }
        _ => return None,
    };
    read.ok().map(|_| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_type_and_codings() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\
            Transfer-Encoding: chunked\r\nContent-Encoding: identity\r\n\r\nbody";
        let r = parse(block).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(
            r.content_type.as_deref(),
            Some("text/html; charset=windows-1252")
        );
        assert!(r.chunked);
        assert_eq!(r.content_encoding, None);
        assert_eq!(&block[r.body_start..], b"body");
        assert_eq!(
            parse(b"HTTP/1.1 200 OK\r\nX: y\r\n").unwrap_err(),
            HttpError::Incomplete
        );
        assert!(matches!(
            parse(b"\x00\x01 garbage\r\n\r\n"),
            Err(HttpError::Invalid(_))
        ));
    }

    #[test]
    fn dechunks_and_keeps_unchunked_bodies() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"),
            b"hello world"
        );
        assert_eq!(dechunk(b"<html>not chunked"), b"<html>not chunked");
        // Truncated in the second chunk: what arrived is kept.
        assert_eq!(dechunk(b"5\r\nhello\r\n10\r\n wor"), b"hello wor");
    }

    #[test]
    fn sniffs_and_names_html() {
        assert!(sniff_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(sniff_html(b"<HTML><body>"));
        assert!(!sniff_html(b"{\"json\": true}"));
        assert_eq!(mime("Text/HTML ; charset=utf-8"), "text/html");
        assert!(is_html_mime("application/xhtml+xml"));
    }

    #[test]
    fn decodes_gzip_and_refuses_unknown_codings() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"<html>zipped</html>").unwrap();
        let gz = e.finish().unwrap();
        assert_eq!(
            decode("gzip", &gz, 1 << 20).unwrap(),
            b"<html>zipped</html>"
        );
        assert_eq!(decode("br", &gz, 1 << 20), None);
        assert_eq!(decode("gzip", b"not gzip", 1 << 20), None);
    }
}
