//! The fallback source plugin, for any page no publisher plugin claims.
//!
//! Page text: read by `scrutiny_text::page` as a reader's eye reads it: the furniture before
//! the headline (navigation, notices, breadcrumbs, site names, kicker words, widgets) skipped,
//! the headline, byline and publication date read from the lines where pages print them, the
//! tail sections cut off, credited and doubled caption lines set apart; every line taken out is
//! recorded with the rule that took it (the field lines under the rule that chose them).
//! Bulleted lines become list items. Saved HTML: `scrutiny-html-body` finds the article (scored on text and
//! link density, page furniture such as navigation, headers, footers, asides and forms
//! removed and recorded for audit, captions kept apart) and its title, byline, standfirst and
//! published date (JSON-LD, Open Graph, `<time>`, a visible date line).
//!
//! It never claims a page (it has no [`Source::clues`], so its confidence is 0): the registry falls back to it.

use scrutiny_core::{
    Article, Block, BlockKind, Clue, Document, FieldFound, Format, Reject, RejectCode, Source,
    Stage,
};
use scrutiny_html_body::FieldSource;
use scrutiny_text::{lines, page};
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

    fn clues(&self, _doc: &Document) -> Vec<Clue> {
        Vec::new()
    }

    fn parse(&self, doc: &Document) -> Result<Article, Reject> {
        let mut article = Article::for_document(doc, NAME);
        match doc.format {
            Format::Text => parse_text(&doc.text, &mut article),
            Format::Html => parse_html(&doc.text, &mut article),
        }
        article.date_from_sidecar(doc);
        if article.blocks.is_empty() {
            return Err(Reject::new(
                &doc.path,
                Stage::Parse,
                RejectCode::NoBody,
                "no article body found",
            ));
        }
        Ok(article)
    }
}

/// The generic page-text path: [`scrutiny_text::page`] reads the head and foot as a reader's
/// eye does; what it took out is recorded with the rule that took it (the headline, byline
/// and date lines under the rule that chose them).
fn parse_text(text: &str, article: &mut Article) {
    let page = page::read(text);
    page.put_title_and_byline(article);
    if let Some(date) = page.published {
        article.published = Some(date.value);
        article.published_from = FieldFound::PageText;
    }
    article.removed = page.removed;
    article.captions = page.captions;
    article.blocks = page
        .body
        .into_iter()
        .map(|line| match lines::bullet(&line) {
            Some(item) => Block {
                kind: BlockKind::ListItem,
                text: item.to_owned(),
            },
            None => Block::paragraph(line),
        })
        .collect();
}

/// The generic HTML path: everything comes from the body extractor. A page without a body
/// leaves the article empty, which [`Plugin::parse`] turns into a `NoBody` reject.
fn parse_html(text: &str, article: &mut Article) {
    let Ok(found) = scrutiny_html_body::extract(text) else {
        return;
    };
    let from = |source| match source {
        FieldSource::Metadata => FieldFound::HtmlMetadata,
        FieldSource::PageText => FieldFound::PageText,
    };
    if let Some((title, source)) = found.title {
        article.title = Some(title);
        article.title_from = from(source);
    }
    if let Some((byline, source)) = found.byline {
        article.byline = Some(byline);
        article.byline_from = from(source);
    }
    article.standfirst = found.standfirst;
    if let Some((date, source)) = found.published {
        article.published = Some(date);
        article.published_from = from(source);
    }
    article.blocks = found.blocks;
    article.captions = found.captions;
    for removed in found.removed {
        article.remove(&removed.rule, removed.text);
    }
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
    fn text_fields_are_read_and_recorded_with_their_rules() {
        let page = "Skip to main content\nCouncil services rated good\nBy Jo Bloggs\nPublished: 12 May 2016\n\nOne.\n  • item\nTwo.";
        let a = Plugin::default().parse(&doc(page, Format::Text)).unwrap();
        assert_eq!(a.title.as_deref(), Some("Council services rated good"));
        assert_eq!(a.byline.as_deref(), Some("Jo Bloggs"));
        assert_eq!(
            (a.published.map(|d| d.to_string()), a.published_from),
            (Some("2016-05-12".to_owned()), FieldFound::PageText)
        );
        assert_eq!(a.body(), "One.\n\nitem\n\nTwo.");
        assert_eq!(a.blocks[1].kind, BlockKind::ListItem);
        let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "text.navigation",
                "text.headline.above_dateline",
                "text.byline.by",
                "text.date.published"
            ]
        );
    }

    #[test]
    fn html_title_and_paragraphs_inside_article() {
        let page = "<title>T - Site</title><nav><p>menu</p></nav><article><h1>Head</h1><p>A <b>b</b></p><p> </p><p>C</p><aside><p>Related</p></aside></article>";
        let a = Plugin::default().parse(&doc(page, Format::Html)).unwrap();
        assert_eq!(a.title.as_deref(), Some("Head"));
        assert_eq!(a.body(), "A b\n\nC");
    }

    #[test]
    fn html_metadata_captions_and_audit_trail() {
        let page = r#"<head><meta property="article:published_time" content="2024-03-05T10:00:00Z">
            <meta name="author" content="Jo Bloggs"></head><body><nav><a href="/">Home</a> <a href="/n">News</a></nav>
            <article><h1>Council services improve</h1><form><input name=q><p>Search the site</p></form>
            <p>Inspectors rated the council's services for children good, up from requires improvement, in a report published on Tuesday.</p>
            <figure><img src=a.jpg><figcaption>The town hall</figcaption></figure>
            <p>The director said the rating reflected the work of social workers across the county, and thanked families.</p></article>
            <footer>Copyright</footer></body>"#;
        let a = Plugin::default().parse(&doc(page, Format::Html)).unwrap();
        assert_eq!(a.title.as_deref(), Some("Council services improve"));
        assert_eq!(a.byline.as_deref(), Some("Jo Bloggs"));
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(a.published_from, FieldFound::HtmlMetadata);
        assert_eq!(a.blocks.len(), 2, "{:?}", a.blocks);
        assert!(a.body().starts_with("Inspectors rated"));
        assert_eq!(a.captions, vec!["The town hall".to_owned()]);
        let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
        assert!(
            rules.contains(&"html.form") && rules.contains(&"html.headline"),
            "{rules:?}"
        );
    }

    #[test]
    fn an_html_page_without_body_is_a_reject() {
        let page = "<html><head><title>T</title></head><body><nav><a href=/>Home</a></nav><script>x()</script></body></html>";
        let r = Plugin::default()
            .parse(&doc(page, Format::Html))
            .unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
    }

    #[test]
    fn a_page_without_body_is_a_reject() {
        let r = Plugin::default()
            .parse(&doc("Only a title", Format::Text))
            .unwrap_err();
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
