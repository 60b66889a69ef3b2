//! The shape of an HTML page (nesting, elements, attributes on one element) from one linear
//! scan of its tags, before any parser builds a tree: the parsers' costs grow with these, some
//! faster than the page (an element's attributes are checked against each other; a deep page
//! is searched to its depth at each tag), so a page past a limit is refused unparsed.

/// What [`scan`] measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// An upper bound on element nesting: void elements and self-closing tags do not nest;
    /// unclosed `<p>`/`<li>` are not counted as nesting either, but other unclosed elements
    /// are, so sloppy markup over-estimates.
    pub depth: usize,
    /// Start tags.
    pub elements: usize,
    /// The most attributes on one start tag.
    pub attributes: usize,
}

/// Elements that never hold others (and those whose end tag is implied by the next one).
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"p", b"li", b"option", b"td", b"tr", b"th", b"dt", b"dd",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"plaintext",
];

/// Measure `html` in one pass: every byte is looked at a bounded number of times, whatever
/// the markup (an unclosed tag, comment or raw-text element runs to the end of the page and
/// is read once).
pub fn scan(html: &str) -> Shape {
    let bytes = html.as_bytes();
    let mut shape = Shape::default();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(bytes, i + 3, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if matches!(bytes.get(i), Some(b'!' | b'?')) {
            i = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        // A tag name starts with a letter: "<3" and "a < b" are text.
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = start
            + bytes[start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
                .unwrap_or(bytes.len() - start);
        let name = bytes[start..name_end].to_ascii_lowercase();
        let (end, attributes, self_closing) = tag_end(bytes, name_end);
        i = end;
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        shape.elements += 1;
        shape.attributes = shape.attributes.max(attributes);
        if !self_closing && !VOID.contains(&name.as_slice()) {
            depth += 1;
            shape.depth = shape.depth.max(depth);
        }
        if RAW.contains(&name.as_slice()) {
            i = raw_end(bytes, i, &name);
            depth = depth.saturating_sub(1);
        }
    }
    shape
}

/// Past a tag's name at `at`: where the tag ends (one past its `>`, or the page's end), how
/// many attributes it has, and whether it closes itself (`/>`). Quoted values may hold `>`.
fn tag_end(bytes: &[u8], mut at: usize) -> (usize, usize, bool) {
    let mut attributes = 0;
    let mut slash = false;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'>' => return (at + 1, attributes, slash),
            b'/' => {
                slash = true;
                at += 1;
            }
            b if b.is_ascii_whitespace() => at += 1,
            b'=' => {
                slash = false;
                at = value_end(bytes, at + 1);
            }
            _ => {
                slash = false;
                attributes += 1;
                at += bytes[at..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>' | b'='))
                    .unwrap_or(bytes.len() - at);
            }
        }
    }
    (bytes.len(), attributes, false)
}

/// Past the `=` of an attribute at `at`: where its value ends.
fn value_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    match bytes.get(at) {
        Some(&q @ (b'"' | b'\'')) => {
            memchr::memchr(q, &bytes[at + 1..]).map_or(bytes.len(), |e| at + 1 + e + 1)
        }
        _ => {
            at + bytes[at..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .unwrap_or(bytes.len() - at)
        }
    }
}

/// Where the raw text of element `name` that starts at `at` ends: after its end tag.
fn raw_end(bytes: &[u8], mut at: usize, name: &[u8]) -> usize {
    while let Some(off) = find(bytes, at, b"</") {
        let tag = off + 2;
        at = tag;
        let candidate = bytes.get(tag..tag + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return memchr::memchr(b'>', &bytes[tag..]).map_or(bytes.len(), |e| tag + e + 1);
        }
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    memchr::memmem::find(hay, needle).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_elements_and_attributes() {
        let s = scan("<div a=1 b='>' c><div><br><p>x</div></div>");
        assert_eq!((s.depth, s.elements, s.attributes), (2, 4, 3));
        assert_eq!(scan(&"<div>".repeat(5000)).depth, 5000);
        assert_eq!(scan("a < b and <3").elements, 0);
        let s = scan("<!-- <div><div> --><script>if (a<b) x='<div>'</script><img/><x/>");
        assert_eq!((s.depth, s.elements), (1, 3));
        assert_eq!(
            scan("<p class=\"a\" id=b data-x = 'y' hidden>").attributes,
            4
        );
    }

    /// Shapes a quadratic scan chokes on read once: an unclosed tag, comment or script.
    #[test]
    fn unclosed_markup_is_read_once() {
        let started = std::time::Instant::now();
        for page in [
            "<a".repeat(200_000),
            format!("<div {}", "x ".repeat(200_000)),
            "<!--".repeat(200_000),
            "<script></scrip".repeat(50_000),
            "<div a=\"".repeat(100_000),
        ] {
            let _ = scan(&page);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(scan("<div a b c").attributes, 3);
    }
}
