//! Saved HTML of the Reach regional (Escenic) template.

use scraper::{ElementRef, Html};
use scrutiny_core::{Article, Clue, FieldFound};
use scrutiny_text::html::{self, Visit, first_element, has_class};

use crate::{HOSTS, boilerplate};

/// What saved HTML shows of the Reach regional template.
///
/// Express and Daily Star pages link to Reach titles but are built on another CMS: a Reach host
/// name counts only beside the regional template's own markup.
pub fn clues(text: &str) -> Vec<Clue> {
    let template = text.contains("class=\"article-main") || text.contains("i2-prod.");
    [
        Clue::when(
            text.contains("class=\"article-main"),
            "an article-main container",
            0.4,
        ),
        Clue::when(text.contains("escenic"), "the Escenic CMS", 0.2),
        Clue::when(
            text.contains("i2-prod.") || text.contains("s2-prod."),
            "images served by the Reach CDN",
            0.4,
        ),
        Clue::when(
            text.contains("class=\"sub-title\"") || text.contains("date-published"),
            "the template's sub-title or date class",
            0.2,
        ),
        Clue::when(
            template && HOSTS.iter().any(|h| text.contains(h)),
            "a Reach title's host",
            0.4,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Parse a saved page into `article`; `Err` names why the page has no article text.
pub fn parse(text: &str, article: &mut Article) -> Result<(), String> {
    let doc = html::parse(text);
    if first_element(&doc, ".live-event-container").is_some() {
        return Err("a Reach live blog is a stream of posts, not an article".into());
    }
    let visible = html::first_text(&doc, r#"h1[itemprop~="headline"]"#)
        .or_else(|| html::first_text(&doc, "article h1"))
        .map(|t| (t, FieldFound::PageText));
    let title = visible
        .or_else(|| html::meta_content(&doc, "og:title").map(|t| (t, FieldFound::HtmlMetadata)));
    if let Some((title, from)) = title {
        article.title = Some(title);
        article.title_from = from;
    }
    article.standfirst = html::first_text(&doc, "p.sub-title")
        .or_else(|| html::first_text(&doc, r#"article p[itemprop="description"]"#));
    let time = first_element(&doc, "time.date-published")
        .and_then(|t| t.value().attr("datetime"))
        .and_then(html::metadata_date);
    if let Some(date) = time.or_else(|| html::published_date(&doc)) {
        article.published = Some(date);
        article.published_from = FieldFound::HtmlMetadata;
    }
    if let Some((name, from)) = byline(&doc) {
        article.byline = Some(name);
        article.byline_from = from;
    }
    let Some(body) = first_element(&doc, r#"div.article-body, [itemprop="articleBody"]"#) else {
        return Ok(());
    };
    let mut embed_seen = false;
    html::walk(body, &mut visit, article);
    // A bold line just before an embed is the embed's own prompt ("Enter your postcode ..."):
    // it makes no sense without the widget the walk dropped.
    for child in body
        .children()
        .filter_map(ElementRef::wrap)
        .collect::<Vec<_>>()
        .iter()
        .rev()
    {
        if has_class(*child, "html-embed") {
            embed_seen = true;
            continue;
        }
        if embed_seen && child.value().name() == "p" {
            let t = html::element_text(*child);
            let bold = child
                .children()
                .filter_map(ElementRef::wrap)
                .all(|c| matches!(c.value().name(), "b" | "strong"))
                && child.children().filter_map(ElementRef::wrap).count() > 0;
            if bold {
                if let Some(i) = article.blocks.iter().position(|b| b.text == t) {
                    let block = article.blocks.remove(i);
                    article.remove("reach.embed_prompt", block.text);
                }
            }
        }
        embed_seen = false;
    }
    let blocks = std::mem::take(&mut article.blocks);
    for b in blocks {
        match boilerplate(&b.text) {
            Some(rule) => article.remove(rule, b.text),
            None => article.blocks.push(b),
        }
    }
    Ok(())
}

/// Author names from the author block (links to `/authors/…` or plain spans), without job titles.
fn byline(doc: &Html) -> Option<(String, FieldFound)> {
    let sel = html::selector(".author-information-container .author")?;
    let mut names = Vec::new();
    for author in doc.select(&sel) {
        let name = author
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| !has_class(*c, "job-title"))
            .map(html::element_text)
            .unwrap_or_default();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    let mut from = FieldFound::PageText;
    if names.is_empty() {
        names = html::json_ld_authors(doc);
        from = FieldFound::HtmlMetadata;
    }
    (!names.is_empty()).then(|| (names.join(" and "), from))
}

/// The children of `div.article-body`: paragraphs and lists are text, the rest is furniture.
fn visit(el: ElementRef<'_>) -> Visit {
    let name = el.value().name();
    if has_class(el, "read-more-links") || (matches!(name, "ul" | "ol") && html::is_link_list(el)) {
        return Visit::Remove("reach.read_more");
    }
    if has_class(el, "skinny-signup") || name == "form" {
        return Visit::Remove("reach.newsletter");
    }
    if has_class(el, "factbox") {
        return Visit::Remove("reach.factbox");
    }
    let aside_group = name == "section"
        && el
            .children()
            .filter_map(ElementRef::wrap)
            .all(|c| c.value().name() == "aside");
    if has_class(el, "html-embed") || has_class(el, "embedded-image-grid") || aside_group {
        return Visit::Remove("reach.embed");
    }
    if name == "figure" {
        return Visit::Descend;
    }
    html::default_visit(el)
}
