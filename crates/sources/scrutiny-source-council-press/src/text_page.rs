//! Council press-release page text: the generic page-text reader finds the headline, byline
//! and date (a breadcrumb run on into the title, "by Comms Team", a "Published:" line), then the
//! council's own furniture and headings are read from the body.

use scrutiny_core::{Article, Block, BlockKind, Clue, FieldFound};
use scrutiny_text::{lines, page};

use crate::clean;
use crate::furniture::Furniture;

/// Separators councils print between breadcrumb steps.
const CRUMB_SEPARATORS: [char; 6] = ['›', '>', '»', '/', '|', '\u{2192}'];

pub(crate) fn parse(text: &str, furniture: &Furniture, article: &mut Article) {
    let page = page::read(text);
    page.put_title_and_byline(article);
    if let Some(date) = page.published {
        article.published = Some(date.value);
        article.published_from = FieldFound::PageText;
    }
    article.removed = page.removed;
    article.captions = page.captions;
    let mut candidates = Vec::new();
    for line in page.body {
        // Councils often print "Published: ..." under the body rather than the title.
        if let Some(date) = lines::labelled_date(&line) {
            if article.published.is_none() {
                article.published = Some(date);
                article.published_from = FieldFound::PageText;
            }
            article.remove("council_press.date_line", line);
            continue;
        }
        candidates.push(block(&line));
    }
    furniture.fill_body(candidates, article);
}

/// What page text shows of a council press release: a breadcrumb from "Home" at its top,
/// a press team's byline in the header, a labelled date line.
pub(crate) fn clues(text: &str) -> Vec<Clue> {
    let content = lines::content_lines(text);
    // The breadcrumb stands at the top, under the site's notices and skip links at most.
    let crumb = content
        .windows(2)
        .take(4)
        .find_map(|w| breadcrumb(w[0].1, Some(w[1].1)))
        .map(|weight| Clue {
            what: "a breadcrumb from Home",
            weight,
        });
    let header_team = content
        .iter()
        .take(6)
        .filter_map(|(_, l)| lines::byline(l))
        .any(|b| crate::is_press_team(&b));
    let dated = content
        .iter()
        .any(|(_, l)| lines::labelled_date(l).is_some());
    [
        crumb,
        Clue::when(header_team, "a press team's byline", 0.5),
        Clue::when(dated, "a labelled date line", 0.1),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// How a first line reads as a breadcrumb: it starts at "Home" and either ends with the title
/// that follows it (steps run together when copied) or separates its steps with `›`, `>`, ...
pub(crate) fn breadcrumb(line: &str, next: Option<&str>) -> Option<f32> {
    let rest = lines::strip_prefix_ignore_case(line, "Home")?;
    if !rest.starts_with(|c: char| c.is_whitespace() || CRUMB_SEPARATORS.contains(&c)) {
        return None;
    }
    let next = next?;
    if rest.len() > next.len() && rest.ends_with(next) {
        Some(0.5)
    } else if rest.contains(CRUMB_SEPARATORS) {
        Some(0.3)
    } else {
        None
    }
}

/// One body line as a block: bullets are list items, questions and short unpunctuated lines
/// are headings.
fn block(line: &str) -> Block {
    if let Some(item) = lines::bullet(line) {
        return Block {
            kind: BlockKind::ListItem,
            text: clean(item),
        };
    }
    let kind = if lines::is_heading(line) {
        BlockKind::Heading
    } else {
        BlockKind::Paragraph
    };
    Block {
        kind,
        text: line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Plugin;
    use scrutiny_core::{Format, Source};
    use scrutiny_testkit::doc;

    fn parse(text: &str) -> Article {
        Plugin::default().parse(&doc(text, Format::Text)).unwrap()
    }

    #[test]
    fn breadcrumb_needs_home_and_the_title_or_separators() {
        assert_eq!(
            breadcrumb("Home News Title here", Some("Title here")),
            Some(0.5)
        );
        assert_eq!(breadcrumb("Home › News › Title", Some("Other")), Some(0.3));
        assert_eq!(breadcrumb("Homes for all", Some("Title")), None);
        assert_eq!(breadcrumb("Home working is popular", Some("Title")), None);
    }

    const BODY: &str = "Inspectors have confirmed that services for children in the borough are good.\nThe council thanked its staff for their work over the last year.";

    #[test]
    fn published_line_is_read_in_header_or_body() {
        let a = parse(&format!(
            "Children's services rated good\nPublished: 12 May 2016\n{BODY}"
        ));
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2016-05-12")
        );
        let middle = format!(
            "Children's services rated good\n{BODY}\n{BODY}\n{BODY}\n{BODY}\nPosted on 3 June 2015\n{BODY}\n{BODY}\n{BODY}"
        );
        let a = parse(&middle);
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2015-06-03")
        );
        assert!(!a.body().contains("Posted on"));
        assert!(
            a.removed
                .iter()
                .any(|r| r.rule == "council_press.date_line")
        );
    }

    #[test]
    fn an_update_dates_the_page_only_when_it_shows_no_other_date() {
        let a = parse(&format!(
            "Children's services rated good\nPublished: 1 May 2016\n{BODY}\nLast updated: 12 May 2016"
        ));
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2016-05-01")
        );
    }

    #[test]
    fn furniture_above_the_breadcrumb_and_a_kicker_under_the_title() {
        let a = parse(&format!(
            "Skip to main content\nBins will be collected a day late. Find out more\nHome › News › Children's services rated good\nChildren's services rated good\nChildren and families\nThursday, 25 May 2023\nby Press Office\n{BODY}"
        ));
        assert_eq!(a.title.as_deref(), Some("Children's services rated good"));
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2023-05-25")
        );
        assert_eq!(a.byline.as_deref(), Some("Press Office"));
    }

    #[test]
    fn tail_sections_are_removed() {
        let a = parse(&format!(
            "Children's services rated good\n{BODY}\n{BODY}\n{BODY}\n{BODY}\nLatest news\nFacebook\nTwitter"
        ));
        assert!(a.body().ends_with("over the last year."), "{}", a.body());
        let tail: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(tail[1..], ["council_press.related"; 3], "{tail:?}");
    }
}
