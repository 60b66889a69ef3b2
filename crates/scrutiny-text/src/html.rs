//! Saved HTML pages: parsing and the metadata publishers share.

use scraper::{ElementRef, Html, Selector};

use crate::lines::normalize_space;

/// Parse a page with html5ever (tolerant of any markup, never fails).
pub fn parse(text: &str) -> Html {
    Html::parse_document(text)
}

/// A CSS selector from a literal known to be valid; an invalid literal is a bug caught by tests.
pub fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// The text of an element, whitespace-normalized, skipping `script`, `style` and `noscript`.
pub fn element_text(el: ElementRef<'_>) -> String {
    let mut raw = String::new();
    collect_text(el, &mut raw);
    normalize_space(&raw)
}

fn collect_text(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        if let Some(t) = child.value().as_text() {
            out.push_str(t);
        } else if let Some(e) = ElementRef::wrap(child) {
            match e.value().name() {
                "script" | "style" | "noscript" | "template" => {}
                "br" => out.push(' '),
                _ => collect_text(e, out),
            }
        }
    }
}

/// The first element matching `css`, as normalized text, when non-empty.
pub fn first_text(doc: &Html, css: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel).map(element_text).find(|t| !t.is_empty())
}

/// The `content` of the first `<meta>` whose `property` or `name` is `key`.
pub fn meta_content(doc: &Html, key: &str) -> Option<String> {
    let sel = selector("meta")?;
    doc.select(&sel)
        .find(|m| {
            let v = m.value();
            v.attr("property") == Some(key) || v.attr("name") == Some(key) || v.attr("itemprop") == Some(key)
        })
        .and_then(|m| m.value().attr("content"))
        .map(normalize_space)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_text_skips_scripts() {
        let doc = parse("<p>a<script>x()</script> <b>b</b></p>");
        assert_eq!(first_text(&doc, "p").as_deref(), Some("a b"));
    }

    #[test]
    fn meta_content_reads_property_and_name() {
        let doc = parse(r#"<meta property="og:title" content=" T "><meta name="author" content="A">"#);
        assert_eq!(meta_content(&doc, "og:title").as_deref(), Some("T"));
        assert_eq!(meta_content(&doc, "author").as_deref(), Some("A"));
    }
}
