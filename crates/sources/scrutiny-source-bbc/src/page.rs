//! Saved BBC News HTML, in each of the four template generations from 2006 to today.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html};
use scrutiny_core::{Article, BlockKind, Clue, FieldFound, PartialDate};
use scrutiny_text::html::{self, Visit, first_element, has_class};

use crate::is_promo;

/// What saved HTML shows that only BBC templates carry.
pub fn clues(text: &str) -> Vec<Clue> {
    [
        Clue::when(
            text.contains("content=\"BBC News\"")
                || text.contains("BBC NEWS |")
                || text.contains("<title>BBC News"),
            "the site names itself BBC News",
            0.6,
        ),
        Clue::when(
            text.contains("<!-- S BO -->") || text.contains("name=\"OriginalPublicationDate\""),
            "the 2006-2009 template's markers",
            0.6,
        ),
        Clue::when(
            text.contains("data-component=\"text-block\""),
            "the 2020 template's text blocks",
            0.4,
        ),
        Clue::when(text.contains("story-body"), "a story-body container", 0.3),
        Clue::when(
            text.contains("bbc.co.uk/news")
                || text.contains("bbc.com/news")
                || text.contains("news.bbc.co.uk"),
            "links to BBC News",
            0.4,
        ),
        Clue::when(
            text.contains("static.bbci.co.uk")
                || text.contains("news.bbcimg.co.uk")
                || text.contains("ichef.bbci.co.uk"),
            "images served by the BBC",
            0.3,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The page's own URL: canonical link, `og:url`, or the pre-2010 `UKFS_URL` path.
fn page_url(doc: &Html) -> Option<String> {
    first_element(doc, "link[rel=canonical]")
        .and_then(|l| l.value().attr("href").map(str::to_owned))
        .or_else(|| html::meta_content(doc, "og:url"))
        .or_else(|| html::meta_content(doc, "UKFS_URL"))
}

/// Parse a saved page into `article`; `Err` names why the page has no article text.
pub fn parse(text: &str, article: &mut Article) -> Result<(), String> {
    let doc = html::parse(text);
    let url = page_url(&doc).unwrap_or_default();
    let ld_types: Vec<String> = html::json_ld(&doc)
        .iter()
        .filter_map(|v| v.get("@type").and_then(|t| t.as_str()).map(str::to_owned))
        .collect();
    if url.contains("/news/live/") || ld_types.iter().any(|t| t == "LiveBlogPosting") {
        return Err("a BBC live page is a stream of posts, not an article".into());
    }
    if url.contains("/news/av/") {
        return Err("a BBC video page has no article text".into());
    }
    if let Some((title, from)) = title(&doc) {
        article.title = Some(title);
        article.title_from = from;
    }
    if let Some(date) = html::published_date(&doc).or_else(|| responsive_date(&doc)) {
        article.published = Some(date);
        article.published_from = FieldFound::HtmlMetadata;
    }
    if let Some((name, from)) = byline(&doc) {
        article.byline = Some(name);
        article.byline_from = from;
    }

    if let Some(first_block) = first_element(&doc, r#"[data-component="text-block"]"#) {
        let root = first_block
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "article");
        let root = root
            .or_else(|| first_element(&doc, "main"))
            .unwrap_or(first_block);
        html::walk(root, &mut visit_components, article);
    } else if let Some(root) =
        first_element(&doc, r#"[property="articleBody"], .story-body__inner"#)
    {
        html::walk(root, &mut visit_story_body, article);
    } else if let Some(root) = first_element(&doc, "#story-body, .story-body") {
        html::walk(root, &mut visit_story_body, article);
    } else if let Some((root, range)) = commented_body(&doc) {
        html::walk(
            root,
            &mut |el| {
                if range.contains(&el.id()) {
                    visit_table_layout(el)
                } else {
                    Visit::Skip
                }
            },
            article,
        );
    }
    tidy(article);
    Ok(())
}

/// The headline, from the newest template's markup back to the oldest, then metadata.
fn title(doc: &Html) -> Option<(String, FieldFound)> {
    let visible = [
        "h1#main-heading",
        "h1.story-body__h1",
        "h1.story-header",
        ".mxb h1",
    ]
    .iter()
    .find_map(|css| html::first_text(doc, css));
    if let Some(t) = visible {
        return Some((t, FieldFound::PageText));
    }
    html::meta_content(doc, "Headline")
        .or_else(|| html::meta_content(doc, "og:title"))
        .or_else(|| {
            let t = html::head_title(doc)?;
            let t = t.strip_prefix("BBC News - ").unwrap_or(&t);
            // "BBC NEWS | UK | Headline"
            Some(
                t.rsplit(" | ")
                    .next()
                    .unwrap_or(t)
                    .trim_end_matches(" - BBC News")
                    .to_owned(),
            )
        })
        .map(|t| (t, FieldFound::HtmlMetadata))
}

/// The 2014–2020 layout's machine date: the first `div.date[data-seconds]` (epoch seconds, UTC).
fn responsive_date(doc: &Html) -> Option<PartialDate> {
    let el = first_element(doc, "div.date[data-seconds]")?;
    let secs: i64 = el.value().attr("data-seconds")?.parse().ok()?;
    let ts = jiff::Timestamp::from_second(secs).ok()?;
    Some(PartialDate::from_civil(
        jiff::tz::Offset::UTC.to_datetime(ts).date(),
    ))
}

fn byline(doc: &Html) -> Option<(String, FieldFound)> {
    let authors = html::json_ld_authors(doc);
    if !authors.is_empty() {
        return Some((authors.join(" and "), FieldFound::HtmlMetadata));
    }
    // 2010-2013 `span.byline-name` belongs to analysis boxes, not to the story: not read.
    html::first_text(doc, ".byline__name")
        .map(|s| html::strip_by(&s))
        .filter(|s| !s.is_empty())
        .map(|s| (s, FieldFound::PageText))
}

/// 2020 onward: the article is a sequence of `data-component` blocks.
fn visit_components(el: ElementRef<'_>) -> Visit {
    match el.value().attr("data-component") {
        Some("text-block" | "crosshead-block" | "unordered-list-block" | "ordered-list-block") => {
            Visit::Descend
        }
        Some("image-block" | "video-block" | "media-block") => Visit::Descend,
        Some("headline-block" | "byline-block" | "metadata-block") => Visit::Skip,
        Some("tag-list" | "topic-list" | "links-block" | "see-alsos") => {
            Visit::Remove("bbc.related_links")
        }
        Some(_) => Visit::Remove("bbc.embed"),
        // The header holds the headline, byline, date and "Related Topics": read apart.
        None if el.value().name() == "header" => Visit::Skip,
        None => visit_common(el),
    }
}

/// Rules every generation shares: link lists are related stories, not story lists.
fn visit_common(el: ElementRef<'_>) -> Visit {
    match el.value().name() {
        "ul" | "ol" if html::is_link_list(el) => Visit::Remove("bbc.related_links"),
        _ => html::default_visit(el),
    }
}

/// 2010–2020: `story-body` with side boxes, share tools and adverts mixed into the text.
fn visit_story_body(el: ElementRef<'_>) -> Visit {
    let side = [
        "story-feature",
        "embedded-hyper",
        "pullout",
        "guide-card",
        "hyperpuff",
    ];
    if side.iter().any(|c| has_class(el, c)) {
        return Visit::Remove("bbc.side_box");
    }
    // Interactive graphics (`idt2`) are the embeds of the 2020 layout's `include-block`.
    if has_class(el, "idt2") {
        return Visit::Remove("bbc.embed");
    }
    let furniture = [
        "share-help",
        "story-date",
        "mini-info-list",
        "story-body__mini-info-list-and-share",
        "bbccom_slot",
        "byline",
        "sharetools-container",
    ];
    if furniture.iter().any(|c| has_class(el, c))
        || el.value().id() == Some("page-bookmark-links-head")
    {
        return Visit::Skip;
    }
    if has_class(el, "caption") || has_class(el, "media-caption") {
        return Visit::Caption;
    }
    if has_class(el, "cross-head") {
        return Visit::Block(BlockKind::Heading);
    }
    match el.value().name() {
        "h1" => Visit::Skip,
        _ => visit_common(el),
    }
}

/// 2006–2009: a table layout; in-story boxes are tables, captions `div.cap`.
fn visit_table_layout(el: ElementRef<'_>) -> Visit {
    if has_class(el, "cap") || has_class(el, "caption") {
        return Visit::Caption;
    }
    if has_class(el, "sibtbg") || has_class(el, "miiib") {
        return Visit::Remove("bbc.side_box");
    }
    if el.value().name() == "p" && is_bold_only(el) {
        return Visit::Block(BlockKind::Heading);
    }
    visit_common(el)
}

/// A paragraph whose whole text is bold: a crosshead in the table layout (or its bold intro).
fn is_bold_only(el: ElementRef<'_>) -> bool {
    let all = html::element_text(el);
    let bold: String = el
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "b" | "strong"))
        .map(html::element_text)
        .collect::<Vec<_>>()
        .join(" ");
    !all.is_empty() && all == bold
}

/// The pre-2010 body: the parent of the `S BO` comment, and the elements opened before `E BO`.
fn commented_body(doc: &Html) -> Option<(ElementRef<'_>, HashSet<ego_tree::NodeId>)> {
    let mut root = None;
    let mut inside = false;
    let mut range = HashSet::new();
    for edge in doc.root_element().traverse() {
        let Edge::Open(node) = edge else { continue };
        if let Some(c) = node.value().as_comment() {
            match c.trim() {
                "S BO" if root.is_none() => {
                    root = node.parent().and_then(ElementRef::wrap);
                    inside = true;
                }
                "E BO" if inside => break,
                _ => {}
            }
        } else if inside && node.value().is_element() {
            range.insert(node.id());
        }
    }
    root.map(|r| (r, range))
}

/// Clean-ups common to all layouts: caption labels, promos, and a bold intro that is not a heading.
fn tidy(article: &mut Article) {
    for c in &mut article.captions {
        for label in [
            "image caption",
            "Image caption,",
            "Image caption",
            "media caption",
            "Media caption",
        ] {
            if let Some(rest) = c.strip_prefix(label) {
                *c = rest.trim_start_matches([',', ' ']).to_owned();
            }
        }
    }
    article.captions.retain(|c| !c.is_empty());
    if let Some(first) = article.blocks.first_mut() {
        // The old layouts set the opening paragraph in bold; it is the story's first paragraph.
        if first.kind == BlockKind::Heading && first.text.split_whitespace().count() > 12 {
            first.kind = BlockKind::Paragraph;
        }
    }
    let blocks = std::mem::take(&mut article.blocks);
    for b in blocks {
        if is_promo(&b.text) {
            article.remove("bbc.promo", b.text);
        } else {
            article.blocks.push(b);
        }
    }
}
