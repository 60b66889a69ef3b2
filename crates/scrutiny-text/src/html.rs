//! Saved HTML pages: parsing, element text, a block walker, shared metadata, and the parse skeleton.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Selector};
use scrutiny_core::{
    Article, Block, BlockKind, Document, FieldFound, Format, PartialDate, Reject, RejectCode, Stage,
};
use serde_json::Value;

use crate::lines::{iso_date_prefix, normalize_space};

/// Bytes handed to the HTML parser at a time: between two, the document's deadline is checked.
/// Small, because nesting the tree builder must search makes a step cost up to the page's
/// depth per tag.
const PARSE_STEP: usize = 4096;

/// Parse a page with html5ever (tolerant of any markup, never fails). The page is fed a step
/// at a time, and once the document's deadline ([`scrutiny_core::deadline`]) has passed the
/// rest is left unread: the tree holds the page up to there, and the pipeline rejects the page.
pub fn parse(text: &str) -> Html {
    use html5ever::tendril::TendrilSink;
    let mut parser = html5ever::driver::parse_document(
        scraper::HtmlTreeSink::new(Html::new_document()),
        Default::default(),
    );
    let mut rest = text;
    while !rest.is_empty() && !scrutiny_core::deadline::expired() {
        let mut end = rest.len().min(PARSE_STEP);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (step, after) = rest.split_at(end);
        parser.process(step.into());
        rest = after;
    }
    parser.finish()
}

/// A CSS selector from a literal known to be valid; an invalid literal is a bug caught by tests.
pub fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// The first element matching `css`.
pub fn first_element<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    selector(css).and_then(|s| doc.select(&s).next())
}

/// The first element matching the first selector of `scopes` that matches at all: the list
/// names containers in order of preference (`["article:has(h1)", ".entry-content", "body"]`).
pub fn first_of<'a>(doc: &'a Html, scopes: &[&str]) -> Option<ElementRef<'a>> {
    scopes
        .iter()
        .filter_map(|css| selector(css))
        .find_map(|sel| doc.select(&sel).next())
}

/// True when the element's `class` attribute lists exactly this class.
pub fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

/// The words of an element's class, id and `aria-label`, split on whitespace, `-` and `_`
/// (`article__share-links` gives `article`, `share`, `links`), lower-cased.
pub fn class_words(el: ElementRef<'_>) -> Vec<String> {
    let v = el.value();
    [
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or(""),
        v.attr("aria-label").unwrap_or(""),
    ]
    .iter()
    .flat_map(|a| a.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
    .filter(|w| !w.is_empty())
    .map(str::to_lowercase)
    .collect()
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

/// A `<title>` or `og:title` without the site name it ends with ("Headline | Site",
/// "Headline - Site", "Headline – Site"): `is_site` says whether a tail is the site's name.
/// The text is whitespace-normalized; a title with no site tail is returned whole.
pub fn strip_title_suffix(title: &str, is_site: impl Fn(&str) -> bool) -> String {
    let t = normalize_space(title);
    for sep in [" | ", " - ", " – "] {
        if let Some((head, tail)) = t.rsplit_once(sep) {
            if is_site(tail) {
                return head.trim().to_owned();
            }
        }
    }
    t
}

/// The article's headline, and where it was found: JSON-LD `headline`, else the first `<h1>`
/// (one inside `<article>` first; the visible page), else `og:title` or `<title>` without
/// their site-name tail (see [`strip_title_suffix`], with `is_site`).
pub fn headline(doc: &Html, is_site: impl Fn(&str) -> bool) -> Option<(String, FieldFound)> {
    let meta = |t: String| (t, FieldFound::HtmlMetadata);
    json_ld_article(doc)
        .and_then(|a| {
            a.get("headline")
                .and_then(Value::as_str)
                .map(normalize_space)
        })
        .filter(|s| !s.is_empty())
        .map(meta)
        .or_else(|| first_text(doc, "article h1, h1").map(|t| (t, FieldFound::PageText)))
        .or_else(|| meta_content(doc, "og:title").map(|t| meta(strip_title_suffix(&t, &is_site))))
        .or_else(|| head_title(doc).map(|t| meta(strip_title_suffix(&t, &is_site))))
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

/// Date the article from the page's metadata ([`published_date`]), else from `visible` (a date
/// printed in the page), recording which; an article with neither keeps no date.
pub fn date_article(
    doc: &Html,
    article: &mut Article,
    visible: impl FnOnce(&Html) -> Option<PartialDate>,
) {
    if let Some(date) = published_date(doc) {
        article.published = Some(date);
        article.published_from = FieldFound::HtmlMetadata;
    } else if let Some(date) = visible(doc) {
        article.published = Some(date);
        article.published_from = FieldFound::PageText;
    }
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

/// Like [`walk`], but the blocks are returned instead of entering the body, so that the caller
/// can sort them further (header fields, tail sections); captions and removals are recorded in
/// `article` as the walk meets them.
pub fn walk_blocks<'a>(
    root: ElementRef<'a>,
    visit: &mut dyn FnMut(ElementRef<'a>) -> Visit,
    article: &mut Article,
) -> Vec<Block> {
    let kept = std::mem::take(&mut article.blocks);
    walk(root, visit, article);
    std::mem::replace(&mut article.blocks, kept)
}

/// The furniture rules of a page layout that marks furniture by class words (share widgets,
/// comments, related links) and prints header fields (byline, date) in classed elements that
/// are read separately. The rule names are the publisher's; [`ClassRules::visit`] applies them.
#[derive(Debug, Clone, Copy)]
pub struct ClassRules<'a> {
    /// Class, id or `aria-label` words ([`class_words`]) that mark furniture, with the rule its
    /// text is removed under; the first listed word the element has decides.
    pub furniture: &'a [(&'a str, &'static str)],
    /// Words of header fields read separately: such elements are skipped silently.
    pub fields: &'a [&'a str],
    /// The rule for `<nav>`.
    pub navigation: &'static str,
    /// The rule for `<aside>`.
    pub aside: &'static str,
    /// The rule for `<footer>`.
    pub footer: &'static str,
    /// The rule for a site `<header>` (one without the article's `<h1>`).
    pub page_header: &'static str,
    /// The rule for a `<form>`.
    pub form: &'static str,
}

impl ClassRules<'_> {
    /// What an element of the article container is: furniture by class word, a header field
    /// read elsewhere, furniture by tag, or the usual meaning ([`default_visit`]), except that
    /// a `<blockquote>` is opened so that its paragraphs stay paragraphs.
    pub fn visit(&self, el: ElementRef<'_>) -> Visit {
        let words = class_words(el);
        let has = |w: &str| words.iter().any(|x| x == w);
        if let Some((_, rule)) = self.furniture.iter().find(|(w, _)| has(w)) {
            return Visit::Remove(rule);
        }
        if self.fields.iter().any(|f| has(f)) {
            return Visit::Skip;
        }
        match el.value().name() {
            "nav" => Visit::Remove(self.navigation),
            "aside" => Visit::Remove(self.aside),
            "footer" => Visit::Remove(self.footer),
            "h1" | "time" => Visit::Skip,
            "header" => {
                // The article's own header holds the fields read above; a site header is furniture.
                let has_title = selector("h1").is_some_and(|s| el.select(&s).next().is_some());
                if has_title {
                    Visit::Descend
                } else {
                    Visit::Remove(self.page_header)
                }
            }
            _ => match default_visit(el) {
                Visit::Remove(_) => Visit::Remove(self.form),
                Visit::Block(BlockKind::Paragraph) if el.value().name() == "blockquote" => {
                    Visit::Descend
                }
                other => other,
            },
        }
    }
}

/// Parse a document the way every publisher plugin does: an [`Article`] for it under `source`,
/// filled by `text` (page text) or `html` (saved HTML; an `Err` says why the page has no article
/// text); then a `NoBody` reject when nothing reached the body (`no_body` is its reason), else
/// the sidecar's date for a page that gives none.
pub fn parse_document(
    doc: &Document,
    source: &str,
    text: impl FnOnce(&str, &mut Article),
    html: impl FnOnce(&str, &mut Article) -> Result<(), String>,
    no_body: &str,
) -> Result<Article, Reject> {
    let mut article = Article::for_document(doc, source);
    let outcome = match doc.format {
        Format::Text => {
            text(&doc.text, &mut article);
            Ok(())
        }
        Format::Html => html(&doc.text, &mut article),
    };
    if let Err(why) = outcome {
        return Err(Reject::new(
            &doc.path,
            Stage::Parse,
            RejectCode::NoBody,
            why,
        ));
    }
    if article.blocks.is_empty() {
        return Err(Reject::new(
            &doc.path,
            Stage::Parse,
            RejectCode::NoBody,
            no_body,
        ));
    }
    article.date_from_sidecar(doc);
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::Sidecar;

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

    #[test]
    fn class_words_split_class_id_and_label() {
        let doc = parse(
            r#"<div class="article__share-links  X" id="main_Body" aria-label="Share"></div>"#,
        );
        let Some(el) = first_element(&doc, "div") else {
            panic!("no div")
        };
        assert_eq!(
            class_words(el),
            ["article", "share", "links", "x", "main", "body", "share"]
        );
        assert!(has_class(el, "X"));
        assert!(!has_class(el, "links"));
    }

    #[test]
    fn first_of_takes_the_first_scope_that_matches() {
        let doc = parse("<main><p id=a>x</p></main><article><p id=b>y</p></article>");
        let id = |scopes: &[&str]| first_of(&doc, scopes).and_then(|e| e.value().attr("id"));
        assert_eq!(id(&["article p", "main p"]), Some("b"));
        assert_eq!(id(&["nav", "[invalid", "p"]), Some("a"));
        assert_eq!(id(&["nav"]), None);
    }

    #[test]
    fn headline_prefers_json_ld_then_h1_then_stripped_titles() {
        let site = |t: &str| t == "Site";
        assert_eq!(strip_title_suffix(" A  - B | Site ", site), "A - B");
        assert_eq!(strip_title_suffix("A | Other", site), "A | Other");
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":" L  H "}</script>"#;
        let page = |extra: &str| parse(&format!("<title>T | Site</title>{extra}"));
        let (meta, text) = (FieldFound::HtmlMetadata, FieldFound::PageText);
        assert_eq!(
            headline(&page(&format!("{ld}<h1>H</h1>")), site),
            Some(("L H".into(), meta))
        );
        assert_eq!(
            headline(&page("<h1>H</h1>"), site),
            Some(("H".into(), text))
        );
        let og = r#"<meta property="og:title" content="O | Site">"#;
        assert_eq!(headline(&page(og), site), Some(("O".into(), meta)));
        assert_eq!(headline(&page(""), site), Some(("T".into(), meta)));
    }

    #[test]
    fn date_article_prefers_metadata_then_the_visible_date() {
        let visible = |_: &Html| "2014-07-01".parse().ok();
        let mut a = empty_article();
        date_article(
            &parse(r#"<meta property="article:published_time" content="2015-01-02">"#),
            &mut a,
            visible,
        );
        assert_eq!(
            (a.published.map(|d| d.to_string()), a.published_from),
            (Some("2015-01-02".into()), FieldFound::HtmlMetadata)
        );
        let mut a = empty_article();
        date_article(&parse("<p>x</p>"), &mut a, visible);
        assert_eq!(
            (a.published.map(|d| d.to_string()), a.published_from),
            (Some("2014-07-01".into()), FieldFound::PageText)
        );
        let mut a = empty_article();
        date_article(&parse("<p>x</p>"), &mut a, |_| None);
        assert_eq!((a.published, a.published_from), (None, FieldFound::None));
    }

    #[test]
    fn class_rules_sort_furniture_fields_tags_and_blocks() {
        const RULES: ClassRules<'static> = ClassRules {
            furniture: &[("share", "t.share"), ("kicker", "t.kicker")],
            fields: &["byline"],
            navigation: "t.nav",
            aside: "t.aside",
            footer: "t.footer",
            page_header: "t.header",
            form: "t.form",
        };
        let doc = parse(
            "<div id=r><header><a>Site</a></header><header><h1>T</h1><p class=byline>By A</p></header>\
             <p class='kicker share-bar'>Share</p><p class=kicker>News</p><nav>Menu</nav>\
             <blockquote><p>Quote</p></blockquote><form>Sign up</form><aside>Ad</aside><p>Body</p>\
             <footer>Foot</footer></div>",
        );
        let Some(root) = first_element(&doc, "#r") else {
            panic!("no root")
        };
        let mut a = empty_article();
        a.blocks.push(Block {
            kind: BlockKind::Paragraph,
            text: "kept".into(),
        });
        let blocks = walk_blocks(root, &mut |el| RULES.visit(el), &mut a);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Quote", "Body"]);
        assert_eq!(
            a.body(),
            "kept",
            "the walk's blocks are returned, not added"
        );
        let removed: Vec<(&str, &str)> = a
            .removed
            .iter()
            .map(|r| (r.rule.as_str(), r.text.as_str()))
            .collect();
        assert_eq!(
            removed,
            [
                ("t.header", "Site"),
                ("t.share", "Share"),
                ("t.kicker", "News"),
                ("t.nav", "Menu"),
                ("t.form", "Sign up"),
                ("t.aside", "Ad"),
                ("t.footer", "Foot"),
            ]
        );
    }

    #[test]
    fn parse_document_rejects_pages_without_body_and_dates_from_the_sidecar() {
        let mut doc = Document {
            id: "i".into(),
            path: "p".into(),
            text: "One line".into(),
            encoding: "UTF-8".into(),
            format: Format::Text,
            meta: Sidecar::default(),
        };
        doc.meta.published = "2015-03-01".parse().ok();
        let lines = |text: &str, a: &mut Article| {
            a.blocks.extend(text.lines().map(|l| Block {
                kind: BlockKind::Paragraph,
                text: l.into(),
            }));
        };
        let refuse = |_: &str, _: &mut Article| Err("a live page".to_owned());
        let a = parse_document(&doc, "t", lines, refuse, "no body").unwrap();
        assert_eq!((a.source.as_str(), a.body().as_str()), ("t", "One line"));
        assert_eq!(a.published_from, FieldFound::Sidecar);
        let r = parse_document(&doc, "t", |_, _| {}, refuse, "no body").unwrap_err();
        assert_eq!((r.code, r.reason.as_str()), (RejectCode::NoBody, "no body"));
        doc.format = Format::Html;
        let r = parse_document(&doc, "t", lines, refuse, "no body").unwrap_err();
        assert_eq!(
            (r.code, r.reason.as_str()),
            (RejectCode::NoBody, "a live page")
        );
        let ok = |_: &str, a: &mut Article| {
            a.published = "2014-01-01".parse().ok();
            a.published_from = FieldFound::HtmlMetadata;
            lines("From HTML", a);
            Ok(())
        };
        let a = parse_document(&doc, "t", lines, ok, "no body").unwrap();
        assert_eq!(
            a.published_from,
            FieldFound::HtmlMetadata,
            "the page's own date wins"
        );
    }

    proptest::proptest! {
        #[test]
        fn metadata_date_never_panics(s in "\\PC*") {
            let _ = metadata_date(&s);
        }
    }
}
