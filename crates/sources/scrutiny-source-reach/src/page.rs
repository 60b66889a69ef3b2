//! Saved HTML of the Reach regional (Escenic) template.

use scraper::{ElementRef, Html};
use scrutiny_core::{Article, DateFound};
use scrutiny_text::html::{self, Visit, first_element, has_class};

use crate::{HOSTS, boilerplate};

/// How sure we are that saved HTML is a Reach regional page, from its template's markup.
pub fn confidence(text: &str) -> f32 {
    let signals: [(bool, f32); 5] = [
        (text.contains("class=\"article-main"), 0.3),
        (text.contains("escenic"), 0.2),
        (text.contains("i2-prod.") || text.contains("s2-prod."), 0.3),
        (
            text.contains("class=\"sub-title\"") || text.contains("date-published"),
            0.2,
        ),
        (HOSTS.iter().any(|h| text.contains(h)), 0.3),
    ];
    let score = signals
        .iter()
        .filter(|(hit, _)| *hit)
        .map(|(_, w)| w)
        .sum::<f32>()
        .min(1.0);
    // Express and Daily Star pages link to Reach titles but are built on another CMS: without
    // the regional template's own markup, a host name alone is weak evidence.
    let template = text.contains("class=\"article-main") || text.contains("i2-prod.");
    if template { score } else { score.min(0.3) }
}

/// Parse a saved page into `article`; `Err` names why the page has no article text.
pub fn parse(text: &str, article: &mut Article) -> Result<(), String> {
    let doc = html::parse(text);
    if first_element(&doc, ".live-event-container").is_some() {
        return Err("a Reach live blog is a stream of posts, not an article".into());
    }
    article.title = html::first_text(&doc, r#"h1[itemprop~="headline"]"#)
        .or_else(|| html::first_text(&doc, "article h1"))
        .or_else(|| html::meta_content(&doc, "og:title"));
    article.standfirst = html::first_text(&doc, "p.sub-title")
        .or_else(|| html::first_text(&doc, r#"article p[itemprop="description"]"#));
    let time = first_element(&doc, "time.date-published")
        .and_then(|t| t.value().attr("datetime"))
        .and_then(html::metadata_date);
    if let Some(date) = time.or_else(|| html::published_date(&doc)) {
        article.published = Some(date);
        article.published_from = DateFound::HtmlMetadata;
    }
    article.byline = byline(&doc);
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
fn byline(doc: &Html) -> Option<String> {
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
    if names.is_empty() {
        names = html::json_ld_authors(doc);
    }
    (!names.is_empty()).then(|| names.join(" and "))
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
