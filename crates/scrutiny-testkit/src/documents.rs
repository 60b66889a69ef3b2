//! Documents for tests: in memory, from files (gzipped or not, in any declared charset), seeds.

use std::io::Read;
use std::path::{Path, PathBuf};

use scrutiny_core::{Document, Format, Sidecar, content_id};

/// How much of a page is searched for its `charset=` declaration.
const CHARSET_WINDOW: usize = 4096;

/// The workspace's `data` folder (`data/raw` seeds, `data/gold/seeds.yaml`).
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// A document held in memory, for unit tests and property tests: id `id`, path `p`, no sidecar.
pub fn doc(text: &str, format: Format) -> Document {
    Document {
        id: "id".into(),
        path: "p".into(),
        text: text.into(),
        encoding: "UTF-8".into(),
        format,
        meta: Sidecar::default(),
    }
}

/// A file as the pipeline would read it, but without its sidecar. A `.gz` file is unpacked
/// first. Page text must be UTF-8; HTML is decoded by the charset it declares
/// ([`decode_declared`]). The id is the [`content_id`] of the (unpacked) bytes.
///
/// Panics, naming the path, when the file cannot be read or page text is not UTF-8.
pub fn document(path: &Path, format: Format) -> Document {
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let bytes = if path.extension().is_some_and(|x| x == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .unwrap_or_else(|e| panic!("cannot unpack {}: {e}", path.display()));
        out
    } else {
        raw
    };
    let (text, encoding) = match format {
        Format::Text => match std::str::from_utf8(&bytes) {
            Ok(text) => (text.to_owned(), "UTF-8"),
            Err(e) => panic!("{} is not UTF-8 page text: {e}", path.display()),
        },
        Format::Html => decode_declared(&bytes),
    };
    Document {
        id: content_id(&bytes),
        path: path.display().to_string(),
        text,
        encoding: encoding.into(),
        format,
        meta: Sidecar::default(),
    }
}

/// Decode a saved HTML page by the first `charset=` its first 4 KiB declare (pages before 2010
/// are often `iso-8859-1`), UTF-8 when it declares none or one `encoding_rs` does not know; a
/// byte-order mark wins over both. Returns the text and the name of the encoding used.
pub fn decode_declared(bytes: &[u8]) -> (String, &'static str) {
    let head =
        String::from_utf8_lossy(&bytes[..bytes.len().min(CHARSET_WINDOW)]).to_ascii_lowercase();
    let label = head.split("charset=").nth(1).map(|rest| {
        rest.trim_start_matches(['"', '\''])
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .next()
            .unwrap_or("")
            .to_owned()
    });
    let encoding = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used.name())
}

/// A seed page from `data/raw`, as page text, with no sidecar (detection must not rely on one).
pub fn seed(file: &str) -> Document {
    document(&data_dir().join("raw").join(file), Format::Text)
}

/// The names of every seed page (`*.txt`) in `data/raw`, sorted.
pub fn seed_files() -> Vec<String> {
    let dir = data_dir().join("raw");
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut out: Vec<String> = entries
        .map(|e| {
            e.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".txt"))
        .collect();
    out.sort();
    out
}

/// A crate's `tests/fixtures` folder.
#[derive(Debug, Clone)]
pub struct Fixtures {
    dir: PathBuf,
}

impl Fixtures {
    /// The fixtures of the crate whose manifest folder this is: pass `env!("CARGO_MANIFEST_DIR")`.
    pub fn of_crate(manifest_dir: &str) -> Self {
        Self {
            dir: Path::new(manifest_dir).join("tests/fixtures"),
        }
    }

    /// The folder itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A saved HTML fixture by file name (`.gz` or not), as a [`document`].
    pub fn html(&self, name: &str) -> Document {
        document(&self.dir.join(name), Format::Html)
    }

    /// Every fixture whose last extension is `ext` (`html` takes `a.html`, not `a.html.gz`),
    /// sorted by path.
    pub fn pages(&self, ext: &str) -> Vec<PathBuf> {
        let entries = std::fs::read_dir(&self.dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", self.dir.display()));
        let mut pages: Vec<PathBuf> = entries
            .map(|e| {
                e.unwrap_or_else(|e| panic!("cannot list {}: {e}", self.dir.display()))
                    .path()
            })
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        pages.sort();
        pages
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_declared_latin1_page_is_decoded_as_windows_1252() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>caf\xe9 \x80</p>";
        let (text, used) = decode_declared(page);
        assert_eq!(used, "windows-1252");
        assert!(text.ends_with("<p>café €</p>"), "{text}");
    }

    #[test]
    fn an_undeclared_or_unknown_charset_is_utf8() {
        assert_eq!(
            decode_declared("<p>é</p>".as_bytes()),
            ("<p>é</p>".into(), "UTF-8")
        );
        let page = "<meta charset='x-nonsense'><p>é</p>";
        assert_eq!(decode_declared(page.as_bytes()), (page.into(), "UTF-8"));
    }

    #[test]
    fn gzipped_fixtures_are_unpacked_and_named_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Fixtures {
            dir: dir.path().to_owned(),
        };
        let page = "<meta charset=\"utf-8\"><p>Body</p>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(page.as_bytes()).unwrap();
        std::fs::write(dir.path().join("a.html.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(dir.path().join("b.html"), page).unwrap();
        std::fs::write(dir.path().join("b.expected.yaml"), "").unwrap();

        let packed = fixtures.html("a.html.gz");
        let plain = fixtures.html("b.html");
        assert_eq!(packed.text, page);
        assert_eq!(packed.id, plain.id);
        assert_eq!(packed.id, content_id(page.as_bytes()));
        assert_eq!(packed.format, Format::Html);
        assert_eq!(packed.meta, Sidecar::default());
        assert_eq!(fixtures.pages("html"), [dir.path().join("b.html")]);
        assert_eq!(fixtures.pages("gz"), [dir.path().join("a.html.gz")]);
    }

    #[test]
    #[should_panic(expected = "is not UTF-8 page text")]
    fn page_text_must_be_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"caf\xe9").unwrap();
        let _ = document(&path, Format::Text);
    }

    #[test]
    fn seeds_are_page_text_without_a_sidecar() {
        let files = seed_files();
        assert_eq!(files.len(), 5, "{files:?}");
        assert!(files.windows(2).all(|w| w[0] < w[1]));
        let d = seed(&files[0]);
        assert_eq!((d.format, d.encoding.as_str()), (Format::Text, "UTF-8"));
        assert_eq!(d.meta, Sidecar::default());
        assert!(!d.text.is_empty());
    }
}
