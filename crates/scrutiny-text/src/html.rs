//! Saved HTML pages: parsing, element text, a block walker, and the metadata publishers share.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Selector};
use scrutiny_core::{Article, Block, BlockKind, PartialDate};
use serde_json::Value;

use crate::lines::{iso_date_prefix, normalize_space};

/// Parse a page with html5ever (tolerant of any markup, never fails).
pub fn parse(text: &str) -> Html {
    Html::parse_document(text)
}

/// A CSS selector from a literal known to be valid; an invalid literal is a bug caught by tests.
pub fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// Elements whose text is never article text.
fn is_invisible(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template" | "svg")
}

/// The text of an element, whitespace-normalized, skipping `script`, `style` and `noscript`.
pub fn element_text(el: ElementRef<'_>) -> String {
    let mut raw = String::new();
    // Iterative on purpose: hostile pages nest deep enough to overflow a recursive walk.
    let mut hidden = 0usize;
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some(e) = node.value().as_element() {
                    if hidden > 0 || is_invisible(e.name()) {
                        hidden += 1;
                    } else if e.name() == "br" {
                        raw.push(' ');
                    }
                } else if let Some(t) = node.value().as_text() {
                    if hidden == 0 {
                        raw.push_str(t);
                    }
                }
            }
            Edge::Close(node) => {
                if hidden > 0 && node.value().is_element() {
                    hidden -= 1;
                }
            }
        }
    }
    normalize_space(&raw)
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
            v.attr("property") == Some(key)
                || v.attr("name") == Some(key)
                || v.attr("itemprop") == Some(key)
        })
        .and_then(|m| m.value().attr("content"))
        .map(normalize_space)
        .filter(|s| !s.is_empty())
}

/// The document title from the first `<title>` in `<head>` (pages carry SVG `<title>`s too).
pub fn head_title(doc: &Html) -> Option<String> {
    first_text(doc, "head > title").or_else(|| first_text(doc, "title"))
}

/// Every JSON-LD object on the page, with top-level arrays and `@graph` lists flattened.
///
/// Blocks that are not valid JSON are skipped: a broken script must not stop the parse.
pub fn json_ld(doc: &Html) -> Vec<Value> {
    let Some(sel) = selector(r#"script[type="application/ld+json"]"#) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for script in doc.select(&sel) {
        let text: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        let mut pending = vec![value];
        while let Some(v) = pending.pop() {
            match v {
                Value::Array(items) => pending.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        pending.push(graph);
                    }
                    if map.contains_key("@type") {
                        out.push(Value::Object(map));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// True when a JSON-LD `@type` (a string or a list) names a kind of article (`NewsArticle`,
/// `ReportageNewsArticle`, `Article`, ...).
fn is_article_type(ty: &Value) -> bool {
    match ty {
        Value::String(s) => s.ends_with("Article"),
        Value::Array(items) => items.iter().any(is_article_type),
        _ => false,
    }
}

/// The page's JSON-LD article object (`NewsArticle`, `ReportageNewsArticle`, `Article`, ...).
pub fn json_ld_article(doc: &Html) -> Option<Value> {
    json_ld(doc)
        .into_iter()
        .find(|v| v.get("@type").is_some_and(is_article_type))
}

/// The names of the JSON-LD article's `Person` authors, without a leading "By".
pub fn json_ld_authors(doc: &Html) -> Vec<String> {
    let Some(article) = json_ld_article(doc) else {
        return Vec::new();
    };
    let authors = match article.get("author") {
        Some(Value::Array(items)) => items.clone(),
        Some(v) => vec![v.clone()],
        None => Vec::new(),
    };
    authors
        .iter()
        .filter(|a| a.get("@type").and_then(Value::as_str) == Some("Person"))
        .filter_map(|a| a.get("name").and_then(Value::as_str))
        .map(strip_by)
        .filter(|n| !n.is_empty())
        .collect()
}

/// An author line without its leading "By" and surrounding whitespace.
pub fn strip_by(line: &str) -> String {
    let t = normalize_space(line);
    let rest = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t);
    rest.trim().to_owned()
}

/// A machine-readable date from page metadata, taken as written (no time-zone conversion):
/// ISO 8601 (`2014-06-30T09:00:00+01:00`, `2014-06`) or BBC's slashed form (`2008/11/24 13:34:42`).
pub fn metadata_date(text: &str) -> Option<PartialDate> {
    let t = text.trim();
    let b = t.as_bytes();
    let slashed = b.len() >= 10
        && b.get(4) == Some(&b'/')
        && b.get(7) == Some(&b'/')
        && b.iter().take(10).filter(|c| c.is_ascii_digit()).count() == 8
        && !b.get(10).is_some_and(u8::is_ascii_digit);
    if slashed {
        return iso_date_prefix(&t.get(..10)?.replace('/', "-"));
    }
    iso_date_prefix(t)
}

/// The page's publication date from its metadata, the most specific source first.
///
/// Order: JSON-LD article `datePublished`; `article:published_time` (also its `og:` spelling);
/// microdata `datePublished`; BBC's `OriginalPublicationDate`; `<time itemprop=datePublished>`
/// or `<time pubdate>`; the first `<time datetime>` inside `<article>`. Never a modified date.
pub fn published_date(doc: &Html) -> Option<PartialDate> {
    let from_json = json_ld_article(doc).and_then(|a| {
        a.get("datePublished")
            .and_then(Value::as_str)
            .and_then(metadata_date)
    });
    from_json
        .or_else(|| {
            [
                "article:published_time",
                "og:article:published_time",
                "datePublished",
                "OriginalPublicationDate",
            ]
            .iter()
            .find_map(|k| meta_content(doc, k).as_deref().and_then(metadata_date))
        })
        .or_else(|| {
            let sel =
                selector("time[itemprop=datePublished], time[pubdate], article time[datetime]")?;
            doc.select(&sel)
                .find_map(|t| t.value().attr("datetime").and_then(metadata_date))
        })
}

/// True for a `<ul>`/`<ol>` whose every item is mostly link text: a list of related stories,
/// not a list the story makes.
pub fn is_link_list(list: ElementRef<'_>) -> bool {
    let Some(links) = selector("a") else {
        return false;
    };
    let mut items = list
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "li")
        .peekable();
    if items.peek().is_none() {
        return false;
    }
    items.all(|li| {
        let all = element_text(li).chars().count();
        let linked: usize = li
            .select(&links)
            .map(|a| element_text(a).chars().count())
            .sum();
        all > 0 && linked * 2 >= all
    })
}

/// What the block walker does with one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// Its text is one body block of this kind.
    Block(BlockKind),
    /// Its text is a photo caption.
    Caption,
    /// Its text is boilerplate, recorded under this rule name.
    Remove(&'static str),
    /// Look inside it.
    Descend,
    /// Ignore it silently (scripts, empty markup).
    Skip,
}

/// The usual meaning of an element: paragraphs, headings, list items and figure captions;
/// scripts, forms and media are skipped; other containers are opened.
pub fn default_visit(el: ElementRef<'_>) -> Visit {
    match el.value().name() {
        "p" | "blockquote" => Visit::Block(BlockKind::Paragraph),
        "h2" | "h3" | "h4" | "h5" | "h6" => Visit::Block(BlockKind::Heading),
        "li" => Visit::Block(BlockKind::ListItem),
        "figcaption" => Visit::Caption,
        "script" | "style" | "noscript" | "template" | "svg" | "img" | "iframe" | "video"
        | "audio" | "object" | "embed" | "button" | "input" | "select" | "textarea" | "meta"
        | "link" | "br" | "hr" => Visit::Skip,
        "form" => Visit::Remove("html.form"),
        _ => Visit::Descend,
    }
}

/// Walk the elements under `root` in page order, asking `visit` what each is, and add the
/// blocks, captions and removals to `article`. Elements with no text add nothing.
pub fn walk<'a>(
    root: ElementRef<'a>,
    visit: &mut dyn FnMut(ElementRef<'a>) -> Visit,
    article: &mut Article,
) {
    // Iterative: the subtree of a decided element is skipped by counting its open edges.
    let mut skipping = 0usize;
    for edge in root.traverse().skip(1) {
        match edge {
            Edge::Open(node) => {
                if skipping > 0 {
                    if node.value().is_element() {
                        skipping += 1;
                    }
                    continue;
                }
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                let action = visit(el);
                if action == Visit::Descend {
                    continue;
                }
                skipping = 1;
                if action == Visit::Skip {
                    continue;
                }
                let text = element_text(el);
                if text.is_empty() {
                    continue;
                }
                match action {
                    Visit::Block(kind) => article.blocks.push(Block { kind, text }),
                    Visit::Caption => article.captions.push(text),
                    Visit::Remove(rule) => article.remove(rule, text),
                    Visit::Descend | Visit::Skip => {}
                }
            }
            Edge::Close(node) => {
                if skipping > 0 && node.value().is_element() {
                    skipping -= 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{Document, Format, Sidecar};

    fn d(s: &str) -> Option<String> {
        metadata_date(s).map(|d| d.to_string())
    }

    fn empty_article() -> Article {
        let doc = Document {
            id: "i".into(),
            path: "p".into(),
            text: String::new(),
            encoding: "UTF-8".into(),
            format: Format::Html,
            meta: Sidecar::default(),
        };
        Article::for_document(&doc, "test")
    }

    #[test]
    fn element_text_skips_scripts() {
        let doc = parse("<p>a<script>x()</script> <b>b</b></p>");
        assert_eq!(first_text(&doc, "p").as_deref(), Some("a b"));
    }

    #[test]
    fn meta_content_reads_property_and_name() {
        let doc =
            parse(r#"<meta property="og:title" content=" T "><meta name="author" content="A">"#);
        assert_eq!(meta_content(&doc, "og:title").as_deref(), Some("T"));
        assert_eq!(meta_content(&doc, "author").as_deref(), Some("A"));
    }

    #[test]
    fn metadata_date_reads_iso_and_bbc_slashed_forms() {
        assert_eq!(d("2020-10-13T23:44:11.000Z").as_deref(), Some("2020-10-13"));
        assert_eq!(
            d("2020-04-10T17:58:15+01:00").as_deref(),
            Some("2020-04-10")
        );
        assert_eq!(d("2008/11/24 13:34:42").as_deref(), Some("2008-11-24"));
        assert_eq!(d(" 2014-06 ").as_deref(), Some("2014-06"));
        for s in [
            "",
            "2 hours ago",
            "2014",
            "2014-02-30",
            "2008/11/244",
            "2008/13/24",
            "13 October",
        ] {
            assert_eq!(d(s), None, "{s}");
        }
    }

    #[test]
    fn published_date_prefers_json_ld_then_meta_then_time() {
        let page = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},
            {"@type":["NewsArticle"],"datePublished":"2019-05-01T10:00:00Z","author":[{"@type":"Person","name":"By A B"}]}]}</script>
            <meta property="article:published_time" content="2018-01-01"><article><time datetime="2017-01-01">x</time></article>"#;
        let doc = parse(page);
        assert_eq!(
            published_date(&doc).map(|d| d.to_string()).as_deref(),
            Some("2019-05-01")
        );
        assert_eq!(json_ld_authors(&doc), vec!["A B".to_owned()]);
        let doc = parse(r#"<meta name="OriginalPublicationDate" content="2008/11/24 13:34:42">"#);
        assert_eq!(
            published_date(&doc).map(|d| d.to_string()).as_deref(),
            Some("2008-11-24")
        );
        let doc = parse(
            r#"<article><time dateTime="2024-09-30T11:44:06.467Z">2 hours ago</time></article>"#,
        );
        assert_eq!(
            published_date(&doc).map(|d| d.to_string()).as_deref(),
            Some("2024-09-30")
        );
        assert_eq!(
            published_date(&parse("<time datetime='2020-01-01'>")),
            None,
            "a time outside the article"
        );
        assert_eq!(
            published_date(&parse(
                r#"<script type="application/ld+json">{bad</script>"#
            )),
            None
        );
    }

    #[test]
    fn walk_sorts_blocks_captions_and_removals_in_order() {
        let doc = parse(
            "<div id=r><figure><img><figcaption>Cap</figcaption></figure><p>One</p><aside><p>promo</p></aside>\
             <h2>Head</h2><ul><li>i1</li><li> </li></ul><script>x</script><p>Two <b>b</b></p></div>",
        );
        let Some(root) = selector("#r").and_then(|s| doc.select(&s).next()) else {
            panic!("no root")
        };
        let mut a = empty_article();
        walk(
            root,
            &mut |el| {
                if el.value().name() == "aside" {
                    Visit::Remove("t.aside")
                } else {
                    default_visit(el)
                }
            },
            &mut a,
        );
        assert_eq!(a.body(), "One\n\nHead\n\ni1\n\nTwo b");
        assert_eq!(a.blocks[1].kind, BlockKind::Heading);
        assert_eq!(a.blocks[2].kind, BlockKind::ListItem);
        assert_eq!(a.captions, vec!["Cap".to_owned()]);
        assert_eq!(a.removed.len(), 1);
        assert_eq!(a.removed[0].text, "promo");
    }

    #[test]
    fn link_lists_are_lists_of_mostly_links() {
        let doc = parse(
            "<ul id=a><li><a>One story</a></li><li>GUIDE: <a>How to do this thing</a></li></ul>\
             <ul id=b><li>Meerkats</li><li>Read <a>more</a> about the very long item here</li></ul><ul id=c></ul>",
        );
        let list = |id: &str| selector(id).and_then(|s| doc.select(&s).next());
        assert_eq!(list("#a").map(is_link_list), Some(true));
        assert_eq!(list("#b").map(is_link_list), Some(false));
        assert_eq!(list("#c").map(is_link_list), Some(false));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = "<div>".repeat(3_000) + "<p>x</p>";
        let doc = parse(&page);
        let Some(body) = selector("body").and_then(|s| doc.select(&s).next()) else {
            panic!("no body")
        };
        let mut a = empty_article();
        walk(body, &mut default_visit, &mut a);
        assert_eq!(a.body(), "x");
        assert_eq!(element_text(body), "x");
    }

    proptest::proptest! {
        #[test]
        fn metadata_date_never_panics(s in "\\PC*") {
            let _ = metadata_date(&s);
        }
    }
}
