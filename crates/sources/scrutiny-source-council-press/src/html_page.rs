//! Saved council news HTML: metadata first, then the visible header and the article body.

use scraper::{ElementRef, Html};
use scrutiny_core::{Article, BlockKind, Clue, FieldFound, PartialDate};
use scrutiny_text::html::{self, ClassRules, Visit};
use scrutiny_text::lines;

use crate::furniture::Furniture;

/// Containers that hold the press release, in order of preference. The `<article>` holding
/// the headline comes first so that the furniture inside it is seen and recorded.
const BODY_SCOPES: [&str; 6] = [
    "article:has(h1)",
    ".node__content",
    ".entry-content",
    "article",
    "main",
    "body",
];

/// Class or id words that mark page furniture, with the rule their text is removed under.
const FURNITURE_CLASSES: [(&str, &str); 12] = [
    ("breadcrumb", "council_press.breadcrumb"),
    ("breadcrumbs", "council_press.breadcrumb"),
    ("share", "council_press.share"),
    ("sharing", "council_press.share"),
    ("social", "council_press.share"),
    ("feedback", "council_press.feedback"),
    ("related", "council_press.related"),
    ("comments", "council_press.comments"),
    ("respond", "council_press.comments"),
    ("newsletter", "council_press.newsletter"),
    ("cookie", "council_press.cookie_banner"),
    ("sidebar", "council_press.aside"),
];

/// Class words of header fields read separately (byline, date, categories).
const FIELD_CLASSES: [&str; 6] = ["byline", "author", "date", "metadata", "meta", "posted"];

/// The furniture rules of the article container, by class word and by tag.
const RULES: ClassRules<'static> = ClassRules {
    furniture: &FURNITURE_CLASSES,
    fields: &FIELD_CLASSES,
    navigation: "council_press.navigation",
    aside: "council_press.aside",
    footer: "council_press.footer",
    page_header: "council_press.page_header",
    form: "council_press.form",
};

pub(crate) fn parse(text: &str, furniture: &Furniture, article: &mut Article) {
    let doc = html::parse(text);
    let site = html::meta_content(&doc, "og:site_name");
    if let Some((title, from)) = html::headline(&doc, |tail| is_site_name(tail, site.as_deref())) {
        article.title = Some(title);
        article.title_from = from;
    }

    let authors = html::json_ld_authors(&doc);
    let byline = if authors.is_empty() {
        let visible = visible_byline(&doc).map(|b| (b, FieldFound::PageText));
        visible.or_else(|| {
            html::meta_content(&doc, "author")
                .map(|b| html::strip_by(&b))
                .filter(|b| !b.is_empty())
                .map(|b| (b, FieldFound::HtmlMetadata))
        })
    } else {
        Some((authors.join(", "), FieldFound::HtmlMetadata))
    };
    if let Some((name, from)) = byline {
        article.byline = Some(name);
        article.byline_from = from;
    }

    html::date_article(&doc, article, visible_date);

    let Some(scope) = html::first_of(&doc, &BODY_SCOPES) else {
        return;
    };
    let found = html::walk_blocks(scope, &mut visit, article);
    // A "by Comms Team" or "Published: ..." paragraph inside the body is a header field.
    let mut blocks = Vec::new();
    for block in found {
        if lines::byline(&block.text).is_some_and(|b| Some(&b) == article.byline.as_ref()) {
            article.remove("council_press.byline_line", block.text);
        } else if lines::labelled_date(&block.text).is_some() {
            article.remove("council_press.date_line", block.text);
        } else {
            blocks.push(block);
        }
    }
    furniture.fill_body(blocks, article);
}

/// What an element of the article is: the shared class and tag rules, and a lone bold paragraph
/// as a heading (how many council editors write a sub-heading).
fn visit(el: ElementRef<'_>) -> Visit {
    match RULES.visit(el) {
        Visit::Block(BlockKind::Paragraph) if is_bold_heading(el) => {
            Visit::Block(BlockKind::Heading)
        }
        other => other,
    }
}

/// A paragraph whose whole text is one `<strong>`/`<b>` and reads as a heading.
fn is_bold_heading(el: ElementRef<'_>) -> bool {
    let mut children = el
        .children()
        .filter(|c| c.value().as_text().is_none_or(|t| !t.trim().is_empty()));
    let only = children.next().and_then(ElementRef::wrap);
    children.next().is_none()
        && only.is_some_and(|c| {
            matches!(c.value().name(), "strong" | "b") && lines::is_heading(&html::element_text(el))
        })
}

/// A byline printed in the header: `.byline`/`.author` text, or a "by ..." paragraph.
fn visible_byline(doc: &Html) -> Option<String> {
    let sel = html::selector(".byline, .author, [rel=author], article p, .entry-meta")?;
    doc.select(&sel).find_map(|el| {
        let text = html::element_text(el);
        let classed = el.value().name() != "p";
        lines::byline(&text).or_else(|| (classed && lines::is_name_like(&text)).then_some(text))
    })
}

/// A visible date, when the metadata had none: a `<time>` whose text is a date (LocalGov
/// Drupal writes a Unix timestamp in `datetime`, unreadable as a calendar date without the
/// site's time zone), a `.date` element, or a "Published: ..." line.
fn visible_date(doc: &Html) -> Option<PartialDate> {
    let sel = html::selector("time, .date, .published, .posted-on, article p")?;
    doc.select(&sel).find_map(|el| {
        let text = html::element_text(el);
        let bare = el.value().name() != "p";
        lines::labelled_date(&text).or_else(|| bare.then(|| lines::parse_date(&text)).flatten())
    })
}

/// True for a `<title>` tail that names the site: its `og:site_name`, or a council
/// (" | Knowsley Council").
fn is_site_name(tail: &str, site: Option<&str>) -> bool {
    site.is_some_and(|s| tail.eq_ignore_ascii_case(s)) || tail.ends_with("Council")
}

/// How strongly the page's own markup says it is a council's: its site name, its URL on a
/// `gov.uk` host, a breadcrumb starting at "Home", a press-team byline.
pub(crate) fn clues(doc: &Html) -> Vec<Clue> {
    let gov = |u: &str| {
        let host = u
            .split("://")
            .nth(1)
            .unwrap_or(u)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        host.ends_with(".gov.uk")
    };
    let canonical = html::selector("link[rel=canonical]").is_some_and(|s| {
        doc.select(&s)
            .any(|l| l.value().attr("href").is_some_and(gov))
    });
    let crumbs = html::selector(
        "nav[aria-label=Breadcrumb], nav[aria-label=breadcrumbs], .breadcrumb, .breadcrumbs, #breadcrumbs",
    );
    let home_crumbs = crumbs.is_some_and(|s| {
        doc.select(&s)
            .any(|b| html::element_text(b).starts_with("Home"))
    });
    [
        Clue::when(
            html::meta_content(doc, "og:site_name").is_some_and(|s| s.contains("Council")),
            "a council's site name",
            0.5,
        ),
        Clue::when(
            canonical || html::meta_content(doc, "og:url").is_some_and(|u| gov(&u)),
            "a gov.uk address of its own",
            0.5,
        ),
        Clue::when(home_crumbs, "a breadcrumb from Home", 0.3),
        Clue::when(
            visible_byline(doc).is_some_and(|b| crate::is_press_team(&b)),
            "a press team's byline",
            0.5,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Plugin;
    use scrutiny_core::{Format, Source};
    use scrutiny_testkit::doc;

    /// A headline without the " | Knowsley Council" style suffix of `<title>`.
    fn strip_site_name(title: &str, site: Option<&str>) -> String {
        html::strip_title_suffix(title, |tail| is_site_name(tail, site))
    }

    #[test]
    fn site_suffix_is_stripped() {
        assert_eq!(
            strip_site_name("News story | Anytown Borough Council", None),
            "News story"
        );
        assert_eq!(strip_site_name("A - B", Some("C")), "A - B");
    }

    #[test]
    fn bold_paragraph_is_a_heading() {
        let page =
            "<article><h1>T</h1><p><strong>What happens next</strong></p><p>Body.</p></article>";
        let a = Plugin::default().parse(&doc(page, Format::Html)).unwrap();
        assert_eq!(a.blocks[0].kind, BlockKind::Heading);
        assert_eq!(a.body(), "What happens next\n\nBody.");
    }
}
