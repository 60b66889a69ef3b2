//! Saved CYP Now HTML: metadata first, then the visible header and the article body.

use scraper::{ElementRef, Html};
use scrutiny_core::{Article, BlockKind, DateFound};
use scrutiny_text::html::{self, Visit};
use scrutiny_text::lines;
use serde_json::Value;

use crate::clean;
use crate::furniture::Furniture;

/// Containers that hold the article, in order of preference. The `<article>` that holds the
/// headline comes first so that the furniture inside it is seen and recorded.
const BODY_SCOPES: [&str; 7] = [
    "article:has(h1)",
    "[itemprop=articleBody]",
    ".article-body",
    ".article__body",
    "article",
    "main",
    "body",
];

/// Site names CYP Now gives itself, as the end of `<title>` / `og:title` and in `og:site_name`.
const SITE_NAMES: [&str; 2] = ["CYP Now", "Children & Young People Now"];

/// Class or id words that mark page furniture, with the rule their text is removed under.
const FURNITURE_CLASSES: [(&str, &str); 14] = [
    ("share", "cypnow.share"),
    ("sharing", "cypnow.share"),
    ("social", "cypnow.share"),
    ("comments", "cypnow.comments"),
    ("comment", "cypnow.comments"),
    ("related", "cypnow.related"),
    ("newsletter", "cypnow.newsletter"),
    ("advert", "cypnow.advert"),
    ("ad", "cypnow.advert"),
    ("jobs", "cypnow.job_adverts"),
    ("paywall", "cypnow.registration_wall"),
    ("registration", "cypnow.registration_wall"),
    ("subscribe", "cypnow.subscription_promo"),
    ("breadcrumb", "cypnow.breadcrumb"),
];

/// Class words of header fields read separately (byline, date, standfirst).
const FIELD_CLASSES: [&str; 5] = ["byline", "author", "date", "standfirst", "dateline"];

pub(crate) fn parse(text: &str, furniture: &Furniture, article: &mut Article) {
    let doc = html::parse(text);
    let ld = html::json_ld_article(&doc);
    let ld_str = |key: &str| {
        ld.as_ref()
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .map(clean)
            .filter(|s| !s.is_empty())
    };

    article.title = ld_str("headline")
        .or_else(|| html::first_text(&doc, "article h1, h1"))
        .or_else(|| html::meta_content(&doc, "og:title").map(|t| strip_site_name(&t)))
        .or_else(|| html::head_title(&doc).map(|t| strip_site_name(&t)));

    let authors = html::json_ld_authors(&doc);
    article.byline = if authors.is_empty() {
        html::meta_content(&doc, "author")
            .or_else(|| {
                html::first_text(
                    &doc,
                    ".byline, .article-byline, [rel=author], [itemprop=author]",
                )
            })
            .map(|b| html::strip_by(&b))
            .filter(|b| !b.is_empty())
    } else {
        Some(authors.join(", "))
    };

    if let Some(date) = html::published_date(&doc) {
        article.published = Some(date);
        article.published_from = DateFound::HtmlMetadata;
    } else if let Some(date) = visible_date(&doc) {
        article.published = Some(date);
        article.published_from = DateFound::PageText;
    }

    article.standfirst = html::first_text(
        &doc,
        ".standfirst, .article-standfirst, .article__standfirst, p.lead",
    );

    let scope = BODY_SCOPES
        .iter()
        .filter_map(|css| html::selector(css))
        .find_map(|sel| doc.select(&sel).next());
    let Some(scope) = scope else { return };
    let mut found = Article {
        blocks: Vec::new(),
        captions: Vec::new(),
        removed: Vec::new(),
        ..article.clone()
    };
    html::walk(scope, &mut visit, &mut found);
    article.captions.append(&mut found.captions);
    article.removed.append(&mut found.removed);
    let standfirst = article.standfirst.clone();
    // The standfirst may sit inside the body container; it is a field, not a paragraph.
    let blocks = found
        .blocks
        .into_iter()
        .filter(|b| Some(&b.text) != standfirst.as_ref())
        .collect();
    furniture.fill_body(blocks, article);
}

/// What an element of the body container is: furniture by tag or class, a header field read
/// elsewhere, or the usual block meaning.
fn visit(el: ElementRef<'_>) -> Visit {
    let words = class_words(el);
    let has = |w: &str| words.iter().any(|x| x == w);
    if let Some((_, rule)) = FURNITURE_CLASSES.iter().find(|(w, _)| has(w)) {
        return Visit::Remove(rule);
    }
    if has("kicker") {
        return Visit::Remove("cypnow.kicker");
    }
    if FIELD_CLASSES.iter().any(|f| has(f)) {
        return Visit::Skip;
    }
    match el.value().name() {
        "nav" => Visit::Remove("cypnow.navigation"),
        "aside" => Visit::Remove("cypnow.aside"),
        "footer" => Visit::Remove("cypnow.footer"),
        "h1" | "time" => Visit::Skip,
        "header" => {
            // The article's own header holds the fields read above; a site header is furniture.
            let has_title = html::selector("h1").is_some_and(|s| el.select(&s).next().is_some());
            if has_title {
                Visit::Descend
            } else {
                Visit::Remove("cypnow.page_header")
            }
        }
        _ => match html::default_visit(el) {
            Visit::Remove(_) => Visit::Remove("cypnow.form"),
            Visit::Block(BlockKind::Paragraph) if el.value().name() == "blockquote" => {
                Visit::Descend
            }
            other => other,
        },
    }
}

/// The words of an element's class, id and `aria-label`, split on `-` and `_` (`article__share-links` gives
/// `article`, `share`, `links`), lower-cased.
fn class_words(el: ElementRef<'_>) -> Vec<String> {
    let v = el.value();
    let attrs = [
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or(""),
        v.attr("aria-label").unwrap_or(""),
    ];
    attrs
        .iter()
        .flat_map(|a| a.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A visible date in the article header, when the metadata had none: a `<time>` whose text is
/// a date (its `datetime` was missing or unreadable) or a `.date` element.
fn visible_date(doc: &Html) -> Option<scrutiny_core::PartialDate> {
    let sel = html::selector("article time, .article-date, .date, .dateline")?;
    doc.select(&sel).find_map(|el| {
        let text = html::element_text(el);
        lines::parse_date(&text).or_else(|| lines::labelled_date(&text))
    })
}

/// A headline without the " | CYP Now" suffix a `<title>` carries.
fn strip_site_name(title: &str) -> String {
    let t = clean(title);
    for sep in [" | ", " - ", " – "] {
        if let Some((head, site)) = t.rsplit_once(sep) {
            if SITE_NAMES.iter().any(|s| site.eq_ignore_ascii_case(s)) {
                return head.trim().to_owned();
            }
        }
    }
    t
}

/// True when the page's own metadata names CYP Now: site name, canonical URL or Open Graph URL.
pub(crate) fn names_cypnow(doc: &Html) -> bool {
    let site = html::meta_content(doc, "og:site_name")
        .is_some_and(|s| SITE_NAMES.iter().any(|n| s.eq_ignore_ascii_case(n)));
    let url_is_cypnow = |u: &str| u.contains("cypnow.co.uk/");
    let og_url = html::meta_content(doc, "og:url").is_some_and(|u| url_is_cypnow(&u));
    let canonical = html::selector("link[rel=canonical]").is_some_and(|s| {
        doc.select(&s)
            .any(|l| l.value().attr("href").is_some_and(url_is_cypnow))
    });
    site || og_url || canonical
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Plugin;
    use crate::tests::doc;
    use scrutiny_core::{Format, Source};

    #[test]
    fn title_suffix_is_stripped() {
        assert_eq!(strip_site_name("Headline | CYP Now"), "Headline");
        assert_eq!(strip_site_name("A - B"), "A - B");
    }

    #[test]
    fn unreadable_time_attribute_falls_back_to_its_text() {
        let page = r#"<article><h1>H</h1><time datetime="1404198000">Tuesday, July 1, 2014</time><p>Body.</p></article>"#;
        let a = Plugin::default().parse(&doc(page, Format::Html)).unwrap();
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2014-07-01")
        );
        assert_eq!(a.published_from, DateFound::PageText);
        assert_eq!(a.body(), "Body.");
    }

    #[test]
    fn share_widgets_are_removed_and_recorded() {
        let page = r#"<article><h1>H</h1><div class="article__share-links"><a>Share on X</a></div><p>Body.</p></article>"#;
        let a = Plugin::default().parse(&doc(page, Format::Html)).unwrap();
        assert_eq!(a.body(), "Body.");
        assert_eq!(a.removed[0].rule, "cypnow.share");
    }
}
