//! BBC News page text as a reader copied it: headline, "Published" line, captions, furniture.

use scrutiny_core::{Article, Block, BlockKind, Clue, FieldFound};
use scrutiny_text::{dates, furniture, lines};

use crate::is_promo;

/// Section labels after which the rest of the page is link lists, never story text.
const TRAILING_SECTIONS: [&str; 6] = [
    "Related internet links",
    "Related Internet Links",
    "More on this story",
    "Related Topics",
    "Top Stories",
    "Related topics",
];

/// Interface words that stand alone on a line.
const INTERFACE: [&str; 7] = [
    "Share",
    "Share page",
    "About sharing",
    "Copy link",
    "Close share panel",
    "Published",
    "Updated",
];

/// What page text shows that only BBC News pages carry: the furniture of the seed's layout
/// (image credits and captions, the "Published" line whose date does not copy, the grey line,
/// the follow-us promo, the external-sites disclaimer) and of the related-stories lists.
pub fn clues(text: &str) -> Vec<Clue> {
    let content = lines::content_lines(text);
    [
        Clue::when(
            text.contains("Image source, "),
            "an Image source credit",
            0.35,
        ),
        Clue::when(
            text.contains("Image caption,") || text.contains("Media caption,"),
            "an Image caption label",
            0.35,
        ),
        Clue::when(
            text.contains("Presentational grey line"),
            "the presentational grey line",
            0.3,
        ),
        Clue::when(
            text.contains("The BBC is not responsible for the content of external sites"),
            "the external-sites disclaimer",
            0.5,
        ),
        Clue::when(
            text.contains("Why not follow BBC") || text.contains("bbc.co.uk"),
            "a BBC promo or address",
            0.3,
        ),
        Clue::when(
            content
                .iter()
                .skip(1)
                .take(4)
                .any(|(_, l)| is_bare_published(l)),
            "a bulleted Published line without its date under the headline",
            0.5,
        ),
        Clue::when(
            content.iter().any(|(_, l)| is_related_story_date(l)),
            "a related story's Published date run together",
            0.4,
        ),
        Clue::when(text.contains(", external"), "links marked external", 0.3),
        Clue::when(
            text.contains("Related internet links") || text.contains("Related Topics"),
            "a related links section",
            0.1,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The "Published" line under a BBC headline, bulleted, whose date (a `<time>` element) does
/// not copy: `• Published`.
fn is_bare_published(line: &str) -> bool {
    lines::bullet(line).is_some_and(|b| b == "Published" || b == "Updated")
}

/// An item of a BBC related-stories list as copied: a bullet, then "Published" run into the
/// date, `- Published1 October 2014`.
fn is_related_story_date(line: &str) -> bool {
    lines::bullet(line)
        .and_then(|b| b.strip_prefix("Published"))
        .is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit()) && lines::parse_date(rest).is_some()
        })
}

/// A BBC crosshead: a short heading line, possibly wrapped in quotes (`'Major priority'`).
fn is_crosshead(line: &str) -> bool {
    let quotes = ['\'', '"', '‘', '’', '“', '”'];
    let inner = line.trim_matches(quotes);
    let wrapped = inner.len() < line.len();
    // A wrapped line must be quoted on both sides, or it is the start or end of a quotation.
    if wrapped && !(line.starts_with(quotes) && line.ends_with(quotes)) {
        return false;
    }
    lines::is_heading(inner) && inner.split_whitespace().count() <= 8
}

/// Parse the page text into `article`.
pub fn parse(text: &str, article: &mut Article) {
    let content = lines::content_lines(text);
    // What a copy from the top of the page brings above the headline.
    let top = content
        .iter()
        .take_while(|(_, l)| furniture::above_article(l).is_some())
        .count();
    for (_, line) in &content[..top] {
        if let Some(rule) = furniture::above_article(line) {
            article.remove(rule, lines::normalize_space(line));
        }
    }
    let mut rest = content[top..].iter().map(|(_, l)| *l);
    article.title = rest.next().map(lines::normalize_space);
    if article.title.is_some() {
        article.title_from = FieldFound::PageText;
    }
    let mut caption_next = false;
    let mut trailing = false;
    // The "Published" line's date, when it copies, may come on the line after it.
    let mut date_next = false;
    for raw in rest {
        let line = lines::normalize_space(raw);
        if trailing {
            article.remove("bbc.related_links", line);
            continue;
        }
        if std::mem::take(&mut date_next) && article.published.is_none() {
            if let Some(date) = dates::page_date(&line) {
                article.published = Some(date);
                article.published_from = FieldFound::PageText;
                article.remove("bbc.published_line", line);
                continue;
            }
        }
        let unbulleted = lines::bullet(&line).unwrap_or(&line);
        date_next = unbulleted == "Published" && article.blocks.is_empty();
        if unbulleted.starts_with("Published") || unbulleted.starts_with("Updated") {
            if article.published.is_none() && unbulleted.starts_with("Published") {
                if let Some(date) = lines::labelled_date(unbulleted) {
                    article.published = Some(date);
                    article.published_from = FieldFound::PageText;
                }
            }
            if unbulleted.split_whitespace().count() <= 6 {
                article.remove("bbc.published_line", line);
                continue;
            }
        }
        if let Some(label) = ["Image caption,", "Media caption,", "Video caption,"]
            .iter()
            .find(|l| line.starts_with(**l))
        {
            article.remove("bbc.image_caption", *label);
            let same_line = line[label.len()..].trim();
            if same_line.is_empty() {
                caption_next = true;
            } else {
                article.captions.push(same_line.to_owned());
            }
            continue;
        }
        if caption_next {
            caption_next = false;
            article.captions.push(line);
            continue;
        }
        if line.contains("Image source, ") || line.starts_with("Image copyright") {
            // The alt text of the image is glued in front of its credit: the whole line goes.
            article.remove("bbc.image_source", line);
            continue;
        }
        if line == "Presentational grey line" {
            article.remove("bbc.presentational", line);
            continue;
        }
        if TRAILING_SECTIONS.contains(&line.as_str()) {
            article.remove("bbc.related_links", line);
            trailing = !article.blocks.is_empty();
            continue;
        }
        if INTERFACE.contains(&line.as_str()) {
            article.remove("bbc.interface", line);
            continue;
        }
        if is_promo(&line) {
            article.remove("bbc.promo", line);
            continue;
        }
        if article.blocks.is_empty() && article.byline.is_none() {
            if let Some(name) = lines::byline(&line) {
                article.byline = Some(name);
                article.byline_from = FieldFound::PageText;
                continue;
            }
        }
        let block = if let Some(item) = lines::bullet(&line) {
            Block {
                kind: BlockKind::ListItem,
                text: item.to_owned(),
            }
        } else if is_crosshead(&line) {
            Block {
                kind: BlockKind::Heading,
                text: line,
            }
        } else {
            Block::paragraph(line)
        };
        article.blocks.push(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{Document, Format, Sidecar};

    fn parse_text(text: &str) -> Article {
        let doc = Document {
            id: "i".into(),
            path: "p".into(),
            text: text.into(),
            encoding: "UTF-8".into(),
            format: Format::Text,
            meta: Sidecar::default(),
        };
        let mut a = Article::for_document(&doc, "bbc");
        parse(text, &mut a);
        a
    }

    #[test]
    fn reads_the_published_date_when_present() {
        let a = parse_text("Title\n\n  • Published\n12 March 2021\nBody.");
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2021-03-12"),
            "the Published line's date copied onto the next line"
        );
        assert_eq!(a.body(), "Body.");
        let a = parse_text("Title\n\n  • Published\nBody from 12 March 2021 on.");
        assert_eq!(a.published, None);
        let a = parse_text("Title\n\n  • Published 12 March 2021\nBody one.\n");
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2021-03-12")
        );
        assert_eq!(a.published_from, FieldFound::PageText);
        assert_eq!(a.body(), "Body one.");
    }

    #[test]
    fn furniture_copied_above_the_headline_is_removed() {
        let a = parse_text(
            "Skip to content\nHome | News | Sport | Weather\nHeadline here\n  • Published\nBody.",
        );
        assert_eq!(a.title.as_deref(), Some("Headline here"));
        assert_eq!(a.body(), "Body.");
        assert_eq!(a.removed[0].rule, "text.navigation");
    }

    #[test]
    fn caption_label_takes_the_next_line_or_its_own_rest() {
        let a = parse_text(
            "T\nalt.Image source, PA Media\nImage caption,\n\nA caption\nBody.\nImage caption, Inline one\nEnd.",
        );
        assert_eq!(
            a.captions,
            vec!["A caption".to_owned(), "Inline one".to_owned()]
        );
        assert_eq!(a.body(), "Body.\n\nEnd.");
        assert!(
            a.removed
                .iter()
                .any(|r| r.rule == "bbc.image_source" && r.text.starts_with("alt."))
        );
    }

    #[test]
    fn crossheads_and_quotations_are_told_apart() {
        assert!(is_crosshead("'Major priority'"));
        assert!(is_crosshead("Access blocked"));
        assert!(!is_crosshead("\"We have been on a journey."));
        assert!(!is_crosshead("It said the situation had deteriorated."));
        assert!(!is_crosshead("'Unbalanced quote"));
    }

    #[test]
    fn related_topics_before_the_body_do_not_swallow_it() {
        let a = parse_text("T\nRelated Topics\nFirst para.\nRelated internet links\nSome link");
        assert_eq!(a.body(), "First para.");
        assert_eq!(a.removed.last().map(|r| r.text.as_str()), Some("Some link"));
    }
}
