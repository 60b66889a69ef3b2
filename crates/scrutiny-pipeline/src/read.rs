//! The read stage: input files (and their sidecars) to decoded documents, or rejects.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};

use scrutiny_core::{Document, Format, Reject, RejectCode, Sidecar, Stage, content_id_of};

use crate::definition::Limits;

/// The sidecar suffix: `page.html` has its metadata in `page.html.meta.yaml` or `page.meta.yaml`.
pub const SIDECAR_SUFFIX: &str = ".meta.yaml";

/// True for files that are sidecars rather than inputs.
pub fn is_sidecar(path: &Path) -> bool {
    path.as_os_str()
        .as_encoded_bytes()
        .ends_with(SIDECAR_SUFFIX.as_bytes())
}

/// An input's path as the datasets name it: as written where it is UTF-8, with each byte that
/// is not shown as `\xNN` (so two names that differ only there stay two names).
pub fn coordinate(path: &Path) -> String {
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// One input file: its path, the plugin its input entry names, and its sidecar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// The plugin its input entry names, if any.
    pub source: Option<&'static str>,
    /// Its sidecar, when one exists.
    pub sidecar: Option<PathBuf>,
}

impl Input {
    /// The input at `path`, its sidecar looked up on disk.
    pub fn at(path: &Path, source: Option<&'static str>) -> Input {
        Input {
            path: path.to_owned(),
            source,
            sidecar: sidecar_path(path, Path::exists),
        }
    }
}

/// The sidecar of an input, when `exists` says one does.
pub(crate) fn sidecar_path(path: &Path, exists: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let name = path.file_name()?;
    let dir = path.parent().unwrap_or(Path::new(""));
    sidecar_names(name)
        .into_iter()
        .map(|n| dir.join(n))
        .find(|p| exists(p))
}

/// The names the sidecar of the file `name` may have, in the order they are tried: the whole
/// name with [`SIDECAR_SUFFIX`] (`a.txt.meta.yaml`), then the name without its extension
/// with it (`a.meta.yaml`).
pub(crate) fn sidecar_names(name: &OsStr) -> [OsString; 2] {
    let with_suffix = |n: &OsStr| {
        let mut name = n.to_owned();
        name.push(SIDECAR_SUFFIX);
        name
    };
    [
        with_suffix(name),
        with_suffix(Path::new(name).with_extension("").as_os_str()),
    ]
}

/// Read one input into a document, or say why not.
pub fn read(input: &Input, limits: &Limits) -> Result<Document, Reject> {
    let path = input.path.as_path();
    let name = coordinate(path);
    let reject = |stage, code, reason: String| Reject::new(&name, stage, code, reason);
    let cannot = |e: std::io::Error| {
        reject(
            Stage::Read,
            RejectCode::Unreadable,
            format!("cannot read file: {e}"),
        )
    };
    let Some((file, len)) = open_regular(path).map_err(cannot)? else {
        return Err(reject(
            Stage::Read,
            RejectCode::Unreadable,
            "not a regular file".into(),
        ));
    };
    if len > limits.max_file_bytes {
        return Err(reject(
            Stage::Read,
            RejectCode::TooLarge,
            format!(
                "file is {len} bytes; the limit (limits.max_file_bytes) is {}",
                limits.max_file_bytes
            ),
        ));
    }
    let bytes = read_whole(&file, len, limits.max_file_bytes).map_err(cannot)?;
    drop(file);
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(reject(
            Stage::Read,
            RejectCode::TooLarge,
            "file grew past the size limit while being read".into(),
        ));
    }
    let sidecar = match &input.sidecar {
        Some(p) => read_sidecar(p, limits.max_file_bytes)
            .map_err(|why| reject(Stage::Read, RejectCode::BadSidecar, why))?,
        None => Sidecar::default(),
    };
    // A page saved gzip-compressed (`page.html.gz`) is read as the page it holds.
    let (bytes, path_read) = if is_gzip(&bytes) {
        let page = gunzip(&bytes, limits.max_file_bytes)
            .map_err(|(code, why)| reject(Stage::Decode, code, why))?;
        (page, path.with_extension(""))
    } else {
        (bytes, path.to_owned())
    };
    let format = detect_format(&path_read, &bytes);
    // The same bytes saved at two paths are two articles (dedup later clusters them), so the
    // id covers the path (its exact bytes) as well as the content; both are stable across reruns.
    let id = content_id_of(&[path.as_os_str().as_encoded_bytes(), &[0], &bytes]);
    document(name, id, &bytes, format, sidecar, limits, None)
}

/// A document from bytes already in hand (a file's, or a WARC record's payload): decode them
/// (by `charset` when the transport declared one), check the page's shape against the limits.
pub fn document(
    name: String,
    id: String,
    bytes: &[u8],
    format: Format,
    meta: Sidecar,
    limits: &Limits,
    charset: Option<&str>,
) -> Result<Document, Reject> {
    let declared = charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8);
    let decoded = match declared {
        Some(enc) => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors {
                decode(bytes, format)
            } else {
                check_text(text.into_owned(), enc.name())
            }
        }
        None => decode(bytes, format),
    };
    let (text, encoding) =
        decoded.map_err(|(code, why)| Reject::new(&name, Stage::Decode, code, why))?;
    crate::limits::check_page(&text, format, limits)
        .map_err(|(code, why)| Reject::new(&name, Stage::Decode, code, why))?;
    Ok(Document {
        id,
        path: name,
        text,
        encoding: encoding.to_owned(),
        format,
        meta,
    })
}

fn read_sidecar(path: &Path, max_bytes: u64) -> Result<Sidecar, String> {
    let cannot =
        |e: &dyn std::fmt::Display| format!("cannot read sidecar `{}`: {e}", path.display());
    // A named pipe would block the read forever, and a huge file is no sidecar.
    let Some((file, len)) = open_regular(path).map_err(|e| cannot(&e))? else {
        return Err(cannot(&"not a regular file"));
    };
    if len > max_bytes {
        return Err(cannot(&format!(
            "it is {len} bytes; the limit (limits.max_file_bytes) is {max_bytes}"
        )));
    }
    let bytes = read_whole(&file, len, max_bytes).map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(cannot(&"it grew past the size limit while being read"));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| cannot(&"stream did not contain valid UTF-8"))?;
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Sidecar::default());
    }
    serde_yaml::from_str(&text).map_err(|e| format!("sidecar `{}`: {e}", path.display()))
}

/// The bytes of a file `fstat` gave as `len` long: its first `len` bytes, as it was when
/// opened (fewer if it shrank). Reading stops at `len` without asking the file for more: the
/// read that would only have confirmed the end was half the read calls of a run. A file that
/// says it is empty (some special files do, whatever they hold) is read to its end instead,
/// up to one past `max` (the caller tells a file past the limit by its length).
fn read_whole(file: &std::fs::File, len: u64, max: u64) -> std::io::Result<Vec<u8>> {
    let limit = if len == 0 { max + 1 } else { len.min(max + 1) };
    let mut bytes = Vec::with_capacity(len.min(max) as usize);
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Open a file to read, with its length, or `None` when it is not a regular file.
///
/// On Linux the file is opened first and asked its type after (one lookup of the path, not
/// two): opened without blocking, so a named pipe opens at once instead of waiting for a
/// writer, and without becoming the controlling terminal if it is one.
#[cfg(target_os = "linux")]
pub(crate) fn open_regular(path: &Path) -> std::io::Result<Option<(std::fs::File, u64)>> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    Ok(meta.is_file().then_some((file, meta.len())))
}

/// Open to read without waiting for a named pipe's writer or taking a terminal as the
/// controlling one.
#[cfg(target_os = "linux")]
pub(crate) fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

/// Elsewhere the type is asked first: opening a named pipe would block until a writer came.
#[cfg(not(target_os = "linux"))]
pub(crate) fn open_regular(path: &Path) -> std::io::Result<Option<(std::fs::File, u64)>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Ok(None);
    }
    Ok(Some((std::fs::File::open(path)?, meta.len())))
}

/// True when `bytes` open with the gzip magic number.
fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The page a gzip file holds (every member, as `gzip -d` gives it), refused past `max` bytes
/// so a small file cannot unpack into more than the limit any page has.
fn gunzip(bytes: &[u8], max: u64) -> Result<Vec<u8>, (RejectCode, String)> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| {
            (
                RejectCode::Undecodable,
                format!("not a readable gzip file: {e}"),
            )
        })?;
    if out.len() as u64 > max {
        return Err((
            RejectCode::TooLarge,
            format!("it unpacks to more than the limit (limits.max_file_bytes) of {max} bytes"),
        ));
    }
    Ok(out)
}

/// HTML by extension, else by a sniff of the first bytes.
pub fn detect_format(path: &Path, bytes: &[u8]) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => Format::Html,
        Some("txt" | "text" | "md") => Format::Text,
        _ => {
            let head = &bytes[..bytes.len().min(1024)];
            let head = String::from_utf8_lossy(head).to_ascii_lowercase();
            let head = head.trim_start_matches(['\u{feff}', ' ', '\n', '\r', '\t']);
            if head.starts_with("<!doctype html")
                || head.starts_with("<html")
                || head.contains("<body")
            {
                Format::Html
            } else {
                Format::Text
            }
        }
    }
}

/// Decode bytes to text: BOM, then valid UTF-8, then the HTML's declared charset, then a
/// statistical guess for legacy single-byte pages. Binary and empty files are refused.
pub fn decode(
    bytes: &[u8],
    format: Format,
) -> Result<(String, &'static str), (RejectCode, String)> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err((RejectCode::Empty, "file is empty or only whitespace".into()));
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err((
                RejectCode::Undecodable,
                format!("invalid {} after its byte-order mark", enc.name()),
            ));
        }
        return check_text(text.into_owned(), enc.name());
    }
    if let Some(offset) = binary_offset(bytes) {
        return Err((
            RejectCode::Binary,
            format!(
                "binary content (control byte 0x{:02x} at offset {offset})",
                bytes[offset]
            ),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => return check_text(text.to_owned(), "UTF-8"),
        Err(e)
            if format == Format::Text
                && e.error_len().is_none()
                && e.valid_up_to() + 4 > bytes.len() =>
        {
            // A text file cut mid-character: keep what is whole.
            let text = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            return check_text(text, "UTF-8");
        }
        Err(_) => {}
    }
    let declared = (format == Format::Html)
        .then(|| declared_charset(bytes))
        .flatten();
    let encoding = declared
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or_else(|| {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Allow)
        });
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors || encoding == encoding_rs::UTF_8 {
        let at = std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
        return Err((
            RejectCode::Undecodable,
            format!("not valid UTF-8 (first bad byte at offset {at}) and no other encoding fits"),
        ));
    }
    check_text(text.into_owned(), encoding.name())
}

fn check_text(
    text: String,
    encoding: &'static str,
) -> Result<(String, &'static str), (RejectCode, String)> {
    if text.trim().is_empty() {
        return Err((RejectCode::Empty, "file has no text".into()));
    }
    Ok((text, encoding))
}

/// When the content is binary (a NUL byte, or control bytes making over 5% of the head), the
/// offset of its first control byte.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(8192)];
    let is_ctrl = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    let controls = head.iter().filter(|b| is_ctrl(b)).count();
    let binary = head.contains(&0) || controls * 20 > head.len();
    binary.then(|| head.iter().position(is_ctrl)).flatten()
}

/// The charset an HTML page declares in `<meta charset>` or `http-equiv`, anywhere in its
/// first 64 KiB (some publishers place it far beyond the standard 1 KiB prescan).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset=") {
        let start = from + i + b"charset=".len();
        let label: Vec<u8> = lower[start..]
            .iter()
            .copied()
            .skip_while(|b| *b == b'"' || *b == b'\'' || *b == b' ')
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(&label) {
            return Some(enc);
        }
        from = start;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// An upper bound on element nesting, from a linear scan of tags (no tree is built):
/// [`crate::shape::scan`]'s depth.
pub fn nesting_depth(html: &str) -> usize {
    crate::shape::scan(html).depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn a_gzip_page_is_read_as_the_page_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let page = "<html><body><p>Leeds was rated good.</p></body></html>";
        let p = dir.path().join("page.html.gz");
        std::fs::write(&p, gzip(page.as_bytes())).unwrap();
        let limits = Limits::default();
        let doc = read(&Input::at(&p, None), &limits).unwrap();
        assert_eq!(doc.format, Format::Html);
        assert_eq!(doc.text, page);
        assert!(doc.path.ends_with("page.html.gz"), "{}", doc.path);

        // Corrupt, and unpacking past the limit: rejects that say so.
        let whole = gzip(page.as_bytes());
        std::fs::write(&p, &whole[..whole.len() / 2]).unwrap();
        let r = read(&Input::at(&p, None), &limits).unwrap_err();
        assert_eq!((r.stage, r.code), (Stage::Decode, RejectCode::Undecodable));
        std::fs::write(&p, gzip(&vec![b'a'; 10_000])).unwrap();
        let small = Limits {
            max_file_bytes: 5_000,
            ..Limits::default()
        };
        let r = read(&Input::at(&p, None), &small).unwrap_err();
        assert_eq!(r.code, RejectCode::TooLarge);
        assert!(r.reason.contains("unpacks"), "{}", r.reason);
    }

    #[test]
    fn a_file_is_read_as_long_as_it_was_when_opened() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("page.txt");
        std::fs::write(&p, b"0123456789").unwrap();
        let (file, len) = open_regular(&p).unwrap().unwrap();
        assert_eq!(read_whole(&file, len, 100).unwrap(), b"0123456789");
        // Appended to after its length was taken: the first `len` bytes.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .unwrap()
            .write_all(b"more")
            .unwrap();
        let file = std::fs::File::open(&p).unwrap();
        assert_eq!(read_whole(&file, len, 100).unwrap(), b"0123456789");
        // A length of 0 reads to the end, up to one past the limit.
        let file = std::fs::File::open(&p).unwrap();
        assert_eq!(read_whole(&file, 0, 100).unwrap(), b"0123456789more");
        let file = std::fs::File::open(&p).unwrap();
        assert_eq!(read_whole(&file, 0, 4).unwrap(), b"01234");
    }

    /// A sidecar field of the wrong type (a number for `url`, a boolean for `publisher`) or a
    /// `url` that is no URL is refused with its position.
    #[test]
    fn sidecar_fields_are_typed_where_they_stand() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.meta.yaml");
        let read = |yaml: &str| {
            std::fs::write(&p, yaml).unwrap();
            read_sidecar(&p, 1000)
        };
        for (yaml, at) in [
            ("url: 12345\n", "line 1 column 6"),
            ("publisher: true\n", "line 1 column 12"),
            ("\nurl: not a url\n", "line 2 column 6"),
        ] {
            let why = read(yaml).unwrap_err();
            assert!(why.contains(at), "{yaml}: {why}");
        }
        let ok = read("url: https://x.org/a\npublisher: '123'\nurl_note: x\n");
        assert!(ok.is_err(), "unknown keys are still refused");
        let ok = read("url: https://x.org/a\npublisher: '123'\n").unwrap();
        assert_eq!(ok.publisher.as_deref(), Some("123"));
        assert_eq!(read("url:\n").unwrap().url, None);
    }

    #[test]
    fn empty_and_whitespace_are_empty() {
        assert_eq!(decode(b"", Format::Text).unwrap_err().0, RejectCode::Empty);
        assert_eq!(
            decode(b" \n\t", Format::Text).unwrap_err().0,
            RejectCode::Empty
        );
    }

    #[test]
    fn binary_is_refused_with_its_offset() {
        let err = decode(b"PK\x03\x04\x00\x00", Format::Text).unwrap_err();
        assert_eq!(err.0, RejectCode::Binary);
        assert!(err.1.contains("offset 2"), "{}", err.1);
    }

    #[test]
    fn windows_1252_text_is_decoded_and_named() {
        let bytes = b"Children\x92s services in Knowsley were rated \x93inadequate\x94 by Ofsted inspectors.";
        let (text, enc) = decode(bytes, Format::Text).unwrap();
        assert_eq!(enc, "windows-1252");
        assert!(text.contains("Children\u{2019}s"));
    }

    #[test]
    fn declared_charset_is_found_past_the_prescan_window() {
        let mut page = format!(
            "<html><head>{}<meta charset=\"iso-8859-1\"></head><body>",
            " ".repeat(5000)
        )
        .into_bytes();
        page.extend_from_slice(b"caf\xe9</body></html>");
        let (text, enc) = decode(&page, Format::Html).unwrap();
        assert_eq!(enc, "windows-1252"); // the WHATWG label iso-8859-1 maps to windows-1252
        assert!(text.contains("café"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Ofsted".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes, Format::Text).unwrap(),
            ("Ofsted".to_owned(), "UTF-16LE")
        );
    }

    #[test]
    fn nesting_depth_counts_open_elements() {
        assert_eq!(nesting_depth("<div><div><br><p>x</div></div>"), 2);
        assert_eq!(nesting_depth(&"<div>".repeat(5000)), 5000);
        assert_eq!(nesting_depth("a < b and <3"), 0);
    }
}
