//! The fallback source plugin, for any page no publisher plugin claims.
//!
//! Page text: the first line is the title and every later line a body block (bulleted lines
//! become list items). Saved HTML: the headline from Open Graph, `<h1>` or `<title>`, and the
//! body from the `<p>` and `<li>` elements inside `<article>` or `<main>` (the whole page
//! when it has neither).
//!
//! It never claims a page ([`Source::confidence`] is always 0): the registry falls back to it.

use scrutiny_core::{Article, Block, BlockKind, Document, Format, Reject, RejectCode, Source, Stage};
use scrutiny_text::{html, lines};
use serde::Deserialize;

/// The registry name.
pub const NAME: &str = "generic";

/// Options of the generic plugin.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {}

/// The generic plugin.
#[derive(Debug, Clone, Default)]
pub struct Plugin {
    _options: Options,
}

impl Plugin {
    /// A plugin with these options.
    pub fn new(options: Options) -> Self {
        Self { _options: options }
    }
}

impl Source for Plugin {
    fn name(&self) -> &'static str {
        NAME
    }

    fn confidence(&self, _doc: &Document) -> f32 {
        0.0
    }

    fn parse(&self, doc: &Document) -> Result<Article, Reject> {
        let mut article = Article::for_document(doc, NAME);
        match doc.format {
            Format::Text => parse_text(&doc.text, &mut article),
            Format::Html => parse_html(&doc.text, &mut article),
        }
        article.date_from_sidecar(doc);
        if article.blocks.is_empty() {
            return Err(Reject::new(&doc.path, Stage::Parse, RejectCode::NoBody, "no article body found"));
        }
        Ok(article)
    }
}

fn parse_text(text: &str, article: &mut Article) {
    let mut content = lines::content_lines(text).into_iter();
    article.title = content.next().map(|(_, l)| lines::normalize_space(l));
    for (_, line) in content {
        let block = match lines::bullet(line) {
            Some(item) => Block { kind: BlockKind::ListItem, text: lines::normalize_space(item) },
            None => Block::paragraph(lines::normalize_space(line)),
        };
        article.blocks.push(block);
    }
}

fn parse_html(text: &str, article: &mut Article) {
    let doc = html::parse(text);
    article.title = html::meta_content(&doc, "og:title")
        .or_else(|| html::first_text(&doc, "h1"))
        .or_else(|| html::first_text(&doc, "title"));
    let scope = ["article", "main", "body"]
        .iter()
        .filter_map(|css| html::selector(css))
        .find_map(|sel| doc.select(&sel).next());
    let Some(scope) = scope else { return };
    let Some(blocks) = html::selector("p, li, h2, h3") else { return };
    for el in scope.select(&blocks) {
        if in_page_furniture(el) {
            continue;
        }
        let text = html::element_text(el);
        if text.is_empty() {
            continue;
        }
        let kind = match el.value().name() {
            "li" => BlockKind::ListItem,
            "h2" | "h3" => BlockKind::Heading,
            _ => BlockKind::Paragraph,
        };
        article.blocks.push(Block { kind, text });
    }
}

/// Navigation, headers, footers, asides and forms are page furniture, not article text.
fn in_page_furniture(el: scraper::ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .any(|a| matches!(a.value().name(), "nav" | "header" | "footer" | "aside" | "form" | "noscript"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::Sidecar;

    fn doc(text: &str, format: Format) -> Document {
        Document {
            id: "id".into(),
            path: "p".into(),
            text: text.into(),
            encoding: "UTF-8".into(),
            format,
            meta: Sidecar::default(),
        }
    }

    #[test]
    fn text_first_line_is_title_rest_is_body() {
        let a = Plugin::default().parse(&doc("Title\n\nOne.\n  • item\nTwo.", Format::Text)).unwrap();
        assert_eq!(a.title.as_deref(), Some("Title"));
        assert_eq!(a.body(), "One.\n\nitem\n\nTwo.");
        assert_eq!(a.blocks[1].kind, BlockKind::ListItem);
    }

    #[test]
    fn html_title_and_paragraphs_inside_article() {
        let page = "<title>T - Site</title><nav><p>menu</p></nav><article><h1>Head</h1><p>A <b>b</b></p><p> </p><p>C</p><aside><p>Related</p></aside></article>";
        let a = Plugin::default().parse(&doc(page, Format::Html)).unwrap();
        assert_eq!(a.title.as_deref(), Some("Head"));
        assert_eq!(a.body(), "A b\n\nC");
    }

    #[test]
    fn a_page_without_body_is_a_reject() {
        let r = Plugin::default().parse(&doc("Only a title", Format::Text)).unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Plugin::default().parse(&doc(&s, Format::Text));
            let _ = Plugin::default().parse(&doc(&s, Format::Html));
        }
    }
}
