//! Saved CYP Now HTML: metadata first, then the visible header and the article body.

use scraper::Html;
use scrutiny_core::{Article, FieldFound};
use scrutiny_text::html::{self, ClassRules};
use scrutiny_text::lines;

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

/// Class or id words that mark page furniture, with the rule their text is removed under (the
/// kicker last: any other furniture word on the same element decides first).
const FURNITURE_CLASSES: [(&str, &str); 15] = [
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
    ("kicker", "cypnow.kicker"),
];

/// Class words of header fields read separately (byline, date, standfirst).
const FIELD_CLASSES: [&str; 5] = ["byline", "author", "date", "standfirst", "dateline"];

/// The furniture rules of the body container, by class word and by tag.
const RULES: ClassRules<'static> = ClassRules {
    furniture: &FURNITURE_CLASSES,
    fields: &FIELD_CLASSES,
    navigation: "cypnow.navigation",
    aside: "cypnow.aside",
    footer: "cypnow.footer",
    page_header: "cypnow.page_header",
    form: "cypnow.form",
};

pub(crate) fn parse(text: &str, furniture: &Furniture, article: &mut Article) {
    let doc = html::parse(text);
    if let Some((title, from)) = html::headline(&doc, is_site_name) {
        article.title = Some(title);
        article.title_from = from;
    }

    let authors = html::json_ld_authors(&doc);
    let byline = if authors.is_empty() {
        let meta = html::meta_content(&doc, "author").map(|b| (b, FieldFound::HtmlMetadata));
        meta.or_else(|| {
            html::first_text(
                &doc,
                ".byline, .article-byline, [rel=author], [itemprop=author]",
            )
            .map(|b| (b, FieldFound::PageText))
        })
        .map(|(b, from)| (html::strip_by(&b), from))
        .filter(|(b, _)| !b.is_empty())
    } else {
        Some((authors.join(", "), FieldFound::HtmlMetadata))
    };
    if let Some((name, from)) = byline {
        article.byline = Some(name);
        article.byline_from = from;
    }

    html::date_article(&doc, article, visible_date);

    article.standfirst = html::first_text(
        &doc,
        ".standfirst, .article-standfirst, .article__standfirst, p.lead",
    );

    let Some(scope) = html::first_of(&doc, &BODY_SCOPES) else {
        return;
    };
    let found = html::walk_blocks(scope, &mut |el| RULES.visit(el), article);
    let standfirst = article.standfirst.clone();
    // The standfirst may sit inside the body container; it is a field, not a paragraph.
    let blocks = found
        .into_iter()
        .filter(|b| Some(&b.text) != standfirst.as_ref())
        .collect();
    furniture.fill_body(blocks, article);
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

/// True for a `<title>` tail that is CYP Now's name (" | CYP Now").
fn is_site_name(tail: &str) -> bool {
    SITE_NAMES.iter().any(|s| tail.eq_ignore_ascii_case(s))
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
    use scrutiny_core::{FieldFound, Format, Source};
    use scrutiny_testkit::doc;

    /// A headline without the " | CYP Now" suffix a `<title>` carries.
    fn strip_site_name(title: &str) -> String {
        html::strip_title_suffix(title, is_site_name)
    }

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
        assert_eq!(a.published_from, FieldFound::PageText);
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
