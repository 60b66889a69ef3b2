//! Article metadata from the same tree: title, byline, published date, standfirst.

use scrutiny_core::PartialDate;
use scrutiny_text::html::metadata_date;
use scrutiny_text::lines::{self, normalize_space};
use serde_json::Value;

use crate::tree::{Tag, Tree};

/// Where a title, byline or published date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSource {
    /// JSON-LD, `<meta>`, `<title>`, microdata or `<time datetime>`.
    Metadata,
    /// The visible page: an `<h1>`, a byline element, a date line.
    PageText,
}

/// Metadata gathered in one walk of the tree.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub(crate) title: Option<(String, FieldSource)>,
    pub(crate) byline: Option<(String, FieldSource)>,
    pub(crate) published: Option<(PartialDate, FieldSource)>,
    pub(crate) standfirst: Option<String>,
}

fn decode(s: &str) -> String {
    normalize_space(&html_escape::decode_html_entities(s))
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Text of an element, entity-decoded and whitespace-normalized, skipping scripts.
fn text_of(tree: &Tree, id: u32) -> String {
    let mut raw = String::new();
    let mut walk = tree.walk(id);
    while let Some((n, entering)) = walk.next() {
        if !entering {
            continue;
        }
        match tree.node(n).tag {
            Tag::Text => raw.push_str(tree.raw(n)),
            Tag::Script | Tag::Style | Tag::Invisible => walk.skip_children(),
            t if t.is_block() || t == Tag::Br => raw.push(' '),
            _ => {}
        }
    }
    decode(&raw)
}

/// The text before a trailing clock time ("November 19, 2019, 07:47 PM EST", "Monday,
/// November 18th, 2019 at 11:08 a.m."), or the whole text when it has none.
fn before_clock(s: &str) -> &str {
    let cut = s.find(" at ").or_else(|| {
        let colon = s.find(':')?;
        s.get(..colon)?.rfind(' ')
    });
    cut.and_then(|i| s.get(..i))
        .unwrap_or(s)
        .trim_end_matches([',', ' '])
}

/// Pages use placeholder dates such as `0001-01-01`; no web page predates 1990.
fn plausible(d: PartialDate) -> Option<PartialDate> {
    (d.get_year() >= 1990).then_some(d)
}

/// A date from a metadata value: ISO 8601, or a written date with an optional clock time.
fn value_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    metadata_date(s)
        .or_else(|| lines::parse_date(s))
        .or_else(|| lines::parse_date(before_clock(s)))
        .and_then(plausible)
}

/// A date from a visible line: a labelled date (`Published: ...`) or a bare date.
fn line_date(s: &str) -> Option<PartialDate> {
    lines::labelled_date(s)
        .or_else(|| lines::labelled_date(before_clock(s)))
        .or_else(|| lines::parse_date(s))
        .or_else(|| lines::parse_date(before_clock(s)))
        .and_then(plausible)
}

/// True when a JSON-LD `@type` names an article or a blog post.
fn is_article_type(ty: &Value) -> bool {
    match ty {
        Value::String(s) => s.ends_with("Article") || s == "BlogPosting" || s == "Report",
        Value::Array(items) => items.iter().any(is_article_type),
        _ => false,
    }
}

/// Every JSON-LD object with an `@type`, arrays and `@graph` flattened.
fn json_ld_objects(texts: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for t in texts {
        let Ok(v) =
            serde_json::from_str::<Value>(html_escape::decode_html_entities(t.trim()).as_ref())
        else {
            continue;
        };
        let mut pending = vec![v];
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

fn author_names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(author_names).collect(),
        Value::Object(o) => {
            let is_org = o.get("@type").and_then(Value::as_str) == Some("Organization");
            match o.get("name") {
                Some(Value::String(n)) if !is_org => vec![n.clone()],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// The first visible date line: a short element whose own text is a (labelled) date, or
/// whose few descendants together spell one (`<div><div>November 20</div><div><font>15:23</font>
/// <font>2019</font></div></div>`).
fn visible_date(tree: &Tree) -> Option<PartialDate> {
    let mut walk = tree.walk(0);
    while let Some((id, entering)) = walk.next() {
        let n = tree.node(id);
        if !entering {
            continue;
        }
        if matches!(n.tag, Tag::Script | Tag::Style | Tag::Invisible | Tag::Head) || n.hidden {
            walk.skip_children();
            continue;
        }
        if !matches!(n.tag, Tag::P | Tag::Div | Tag::Other | Tag::Time | Tag::Li) {
            continue;
        }
        let texts = || {
            tree.children(id)
                .filter(|&c| tree.node(c).tag == Tag::Text)
                .map(|c| tree.raw(c))
        };
        let has_digit = |t: &str| t.bytes().any(|b| b.is_ascii_digit());
        let len: usize = texts().map(str::len).sum();
        if len < MAX_DATE_LINE && texts().any(has_digit) {
            let direct: String = texts().collect();
            if let Some(d) = line_date(&decode(&direct)) {
                return Some(d);
            }
        }
        // A date line standing among an element's other content ("기사입력 :[ 2018-08-25 15:24 ]"
        // between a headline list and the article's body). A lone short text node was read
        // just above.
        if texts().nth(1).is_some() || len >= MAX_DATE_LINE {
            for t in texts().map(str::trim) {
                if t.len() < MAX_DATE_LINE && has_digit(t) {
                    if let Some(d) = line_date(&decode(t)) {
                        return Some(d);
                    }
                }
            }
        }
        if let Some(d) = short_subtree_text(tree, id).and_then(|t| line_date(&decode(&t))) {
            return Some(d);
        }
    }
    None
}

/// A date line is short.
const MAX_DATE_LINE: usize = 80;
/// A date spread over elements is spread over a few (not counting blank text between them),
/// and markup around them is bounded too, so that a big element costs little.
const MAX_DATE_NODES: usize = 12;
const MAX_DATE_MARKUP: usize = 48;

/// The text under `id`, words of separate nodes apart, when the subtree is small and short
/// and holds an element (a lone text node is the direct-text case above).
fn short_subtree_text(tree: &Tree, id: u32) -> Option<String> {
    if tree.has_more_descendants_than(id, MAX_DATE_MARKUP as u32) {
        return None;
    }
    let mut out = String::new();
    let (mut nodes, mut all, mut elements) = (0, 0, 0);
    for (c, entering) in tree.walk(id) {
        if !entering {
            continue;
        }
        let n = tree.node(c);
        let blank = n.tag == Tag::Text && tree.raw(c).trim().is_empty();
        all += 1;
        nodes += usize::from(!blank);
        if nodes > MAX_DATE_NODES
            || all > MAX_DATE_MARKUP
            || n.hidden
            || matches!(n.tag, Tag::Script | Tag::Style)
        {
            return None;
        }
        if n.tag == Tag::Text {
            out.push_str(tree.raw(c));
            out.push(' ');
            if out.len() > MAX_DATE_LINE {
                return None;
            }
        } else {
            elements += 1;
        }
    }
    (elements > 0 && out.bytes().any(|b| b.is_ascii_digit())).then_some(out)
}

/// The metadata of the page in `tree`.
pub(crate) fn gather(tree: &Tree) -> Meta {
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut scripts: Vec<String> = Vec::new();
    let mut head_title = None;
    let mut h1 = None;
    let mut time_published = None;
    let mut time_article = None;
    let mut time_any = Vec::new();
    let mut itemprop_author = None;
    let mut byline_class = None;
    let mut standfirst_class = None;
    let mut article_depth = 0usize;
    let mut walk = tree.walk(0);
    while let Some((id, entering)) = walk.next() {
        let n = tree.node(id);
        if matches!(n.tag, Tag::Article | Tag::Main) {
            if entering {
                article_depth += 1;
            } else {
                article_depth = article_depth.saturating_sub(1);
            }
        }
        if !entering {
            continue;
        }
        let attrs = n.attrs.as_deref();
        match n.tag {
            Tag::Meta => {
                if let Some(a) = attrs
                    && let Some(c) = a.content.as_ref()
                {
                    let c = decode(c);
                    let keys = [a.property.as_deref(), a.name.as_deref()];
                    let items = a.itemprop.as_deref().unwrap_or("").split_whitespace();
                    for k in keys.into_iter().flatten().chain(items) {
                        metas.push((k.to_ascii_lowercase(), c.clone()));
                    }
                }
            }
            Tag::Script => {
                let is_ld = attrs
                    .and_then(|a| a.kind.as_deref())
                    .is_some_and(|k| k.eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    let text: String = tree.children(id).map(|c| tree.raw(c)).collect();
                    scripts.push(text);
                }
                walk.skip_children();
                continue;
            }
            Tag::Title if head_title.is_none() => head_title = non_empty(text_of(tree, id)),
            Tag::H1 if h1.is_none() => h1 = non_empty(text_of(tree, id)),
            Tag::Time => {
                let dt = attrs
                    .and_then(|a| a.datetime.as_deref())
                    .and_then(value_date);
                if let Some(d) = dt {
                    time_any.push(d);
                }
                let marked = attrs
                    .and_then(|a| a.itemprop.as_deref())
                    .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"));
                if marked && time_published.is_none() {
                    time_published = dt;
                }
                if article_depth > 0 && time_article.is_none() {
                    time_article = dt;
                }
            }
            _ => {}
        }
        if let Some(a) = attrs
            && n.tag != Tag::Meta
        {
            match a.itemprop.as_deref() {
                Some("author") if itemprop_author.is_none() => {
                    itemprop_author = non_empty(text_of(tree, id));
                }
                Some("datePublished") if time_published.is_none() => {
                    time_published = a
                        .content
                        .as_deref()
                        .or(a.datetime.as_deref())
                        .and_then(value_date)
                        .or_else(|| line_date(&text_of(tree, id)));
                }
                _ => {}
            }
            if a.rel.as_deref() == Some("author") && itemprop_author.is_none() {
                itemprop_author = non_empty(text_of(tree, id));
            }
        }
        let cls = &*n.class_id;
        if !cls.is_empty() && n.tag != Tag::Text {
            if byline_class.is_none() && (cls.contains("byline") || cls.contains("author-name")) {
                byline_class = lines::byline(&text_of(tree, id))
                    .or_else(|| Some(text_of(tree, id)).filter(|t| lines::is_name_like(t)));
            }
            if standfirst_class.is_none()
                && cls.split([' ', '_', '-']).any(|c| {
                    matches!(
                        c,
                        "standfirst" | "dek" | "subtitle" | "strapline" | "subheadline"
                    )
                })
            {
                standfirst_class = non_empty(text_of(tree, id)).filter(|t| t.len() > 30);
            }
        }
    }
    let meta = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(mk, v)| mk == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    };
    let ld = json_ld_objects(&scripts);
    let article = ld
        .iter()
        .find(|v| v.get("@type").is_some_and(is_article_type));
    let ld_str = |key: &str| {
        article
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .map(decode)
            .filter(|s| !s.is_empty())
    };

    let from = |s: FieldSource| move |v: String| (v, s);
    let title = ld_str("headline")
        .or_else(|| meta(&["og:title", "twitter:title"]))
        .map(from(FieldSource::Metadata))
        .or(h1.map(from(FieldSource::PageText)))
        .or(head_title.map(from(FieldSource::Metadata)));
    let byline = article
        .and_then(|a| a.get("author"))
        .map(author_names)
        .map(|names| {
            names
                .iter()
                .map(|n| scrutiny_text::html::strip_by(n))
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|s| !s.is_empty())
        .map(from(FieldSource::Metadata))
        .or(itemprop_author.map(|a| (scrutiny_text::html::strip_by(&a), FieldSource::PageText)))
        .or(byline_class.map(from(FieldSource::PageText)))
        .or_else(|| {
            meta(&[
                "author",
                "article:author",
                "byl",
                "parsely-author",
                "sailthru.author",
            ])
            .map(from(FieldSource::Metadata))
        })
        .filter(|(a, _)| !a.starts_with("http"));
    // Any JSON-LD object's date when no article object states one (`WebPage`, `MedicalWebPage`).
    let ld_date = ld_str("datePublished")
        .as_deref()
        .and_then(value_date)
        .or_else(|| {
            ld.iter()
                .filter_map(|v| v.get("datePublished").and_then(Value::as_str))
                .find_map(value_date)
        });
    // A lone `<time>` (or several agreeing) dates the page even outside `<article>`.
    let time_lone = match time_any.split_first() {
        Some((first, rest)) if rest.iter().all(|d| d == first) => Some(*first),
        _ => None,
    };
    let from_meta = ld_date
        .or_else(|| {
            meta(&[
                "article:published_time",
                "og:article:published_time",
                "article:published",
                "datepublished",
                "originalpublicationdate",
                "publish-date",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dc.date",
                "date",
                "pubdate",
            ])
            .as_deref()
            .and_then(value_date)
        })
        .or(time_published)
        .or(time_article)
        .or(time_lone);
    let published = from_meta
        .map(|d| (d, FieldSource::Metadata))
        // Walking for date lines costs a pass, needed only where metadata is silent.
        .or_else(|| visible_date(tree).map(|d| (d, FieldSource::PageText)));
    let standfirst = standfirst_class
        .or_else(|| ld_str("description"))
        .or_else(|| meta(&["og:description", "description", "twitter:description"]));
    Meta {
        title,
        byline,
        published,
        standfirst,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::build;

    #[test]
    fn json_ld_wins_then_meta_then_time() {
        let page = r#"<head><title>T | Site</title>
            <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle",
            "headline":"Head &amp; line","datePublished":"2019-05-01T10:00:00Z",
            "author":[{"@type":"Person","name":"By A B"},{"@type":"Person","name":"C D"}]}]}</script>
            <meta property="article:published_time" content="2018-01-01"></head>"#;
        let m = gather(&build(page));
        let meta = FieldSource::Metadata;
        assert_eq!(m.title, Some(("Head & line".into(), meta)));
        assert_eq!(m.byline, Some(("A B, C D".into(), meta)));
        assert_eq!(
            m.published.map(|(d, s)| (d.to_string(), s)),
            Some(("2019-05-01".into(), FieldSource::Metadata))
        );
        let m = gather(&build(
            r#"<meta property="article:published_time" content="2018-01-02"><h1>H</h1>"#,
        ));
        assert_eq!(
            m.published.map(|(d, _)| d.to_string()).as_deref(),
            Some("2018-01-02")
        );
        assert_eq!(m.title, Some(("H".into(), FieldSource::PageText)));
        let m = gather(&build(
            r#"<head><title>Only the title</title><meta name="author" content="Jo Bloggs"></head>"#,
        ));
        assert_eq!(m.title, Some(("Only the title".into(), meta)));
        assert_eq!(m.byline, Some(("Jo Bloggs".into(), meta)));
        let m = gather(&build(
            r#"<article><time datetime="2017-03-04">x</time></article>"#,
        ));
        assert_eq!(
            m.published.map(|(d, _)| d.to_string()).as_deref(),
            Some("2017-03-04")
        );
    }

    #[test]
    fn visible_date_line_and_byline() {
        let m = gather(&build(
            r#"<div class="byline">By Jo Bloggs</div><p>Published: 12 May 2016</p><p>Text.</p>"#,
        ));
        assert_eq!(m.byline, Some(("Jo Bloggs".into(), FieldSource::PageText)));
        assert_eq!(
            m.published.map(|(d, s)| (d.to_string(), s)),
            Some(("2016-05-12".into(), FieldSource::PageText))
        );
    }

    #[test]
    fn a_date_spread_over_a_few_elements_or_standing_among_other_text() {
        let d = |p: &str| gather(&build(p)).published.map(|(d, _)| d.to_string());
        assert_eq!(
            d(
                r#"<div class="date"><div>November 20</div><div><font>15:23</font>
                 <font>2019</font></div></div><p>Text.</p>"#
            )
            .as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(
            d("<div><dl><dt>Headline</dt></dl> Posted: 2018-08-25 15:24 <div><p>A long body paragraph that goes on, and on, well past any date line's length.</p></div></div>")
                .as_deref(),
            Some("2018-08-25")
        );
        // Parts of a date in a big element are not put together.
        let big = format!(
            "<div><span>November 20</span>{}<span>2019</span></div>",
            "<i>x</i>".repeat(60)
        );
        assert_eq!(d(&big), None);
        assert_eq!(
            d("<div><b>Page</b> <i>20</i> <i>of</i> <i>31</i></div>"),
            None
        );
    }

    #[test]
    fn written_dates_with_clock_times_and_placeholders() {
        let d = |p: &str| gather(&build(p)).published.map(|(d, _)| d.to_string());
        assert_eq!(d(r#"<meta property="article:published_time" content="November 19, 2019, 07:47 PM EST">"#).as_deref(), Some("2019-11-19"));
        assert_eq!(
            d(r#"<meta itemprop="datePublished dateCreated" content="2019-11-18T11:00:09.000Z">"#)
                .as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            d("<p>Published: Monday, November 18th, 2019 at 11:08 a.m.</p>").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            d(
                r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"0001-01-01T00:00:00Z"}</script>"#
            ),
            None
        );
        assert_eq!(
            d("<time datetime='2020-01-01'>a</time><time datetime='2020-01-02'>b</time>"),
            None
        );
        assert_eq!(
            d("<div><time datetime='2020-01-01'>a</time></div>").as_deref(),
            Some("2020-01-01")
        );
    }

    #[test]
    fn no_date_is_no_date() {
        let m = gather(&build(
            "<p>Posted 3 hours ago</p><p>In 2020 we did more.</p>",
        ));
        assert_eq!(m.published, None);
    }
}
