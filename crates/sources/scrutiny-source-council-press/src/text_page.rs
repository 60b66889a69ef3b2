//! Council press-release page text: breadcrumb, title, byline and date lines, body.

use scrutiny_core::{Article, Block, BlockKind, Clue, DateFound};
use scrutiny_text::{dates, lines};

use crate::clean;
use crate::furniture::Furniture;

/// How many lines after the title may hold the byline and the date.
const HEADER_LINES: usize = 3;

/// Separators councils print between breadcrumb steps.
const CRUMB_SEPARATORS: [char; 6] = ['›', '>', '»', '/', '|', '\u{2192}'];

pub(crate) fn parse(text: &str, furniture: &Furniture, article: &mut Article) {
    let content = lines::content_lines(text);
    let mut rest = content.iter().map(|(_, l)| clean(l)).peekable();

    let Some(first) = rest.next() else { return };
    let title = if breadcrumb(&first, rest.peek().map(String::as_str)).is_some() {
        article.remove("council_press.breadcrumb", first);
        rest.next()
    } else {
        Some(first)
    };
    let Some(title) = title else { return };
    if furniture.tail_rule(&title).is_some() {
        furniture.fill_body(
            std::iter::once(title)
                .chain(rest)
                .map(|l| block(&l))
                .collect(),
            article,
        );
        return;
    }
    article.title = Some(title);

    for _ in 0..HEADER_LINES {
        let Some(line) = rest.peek() else { break };
        if article.published.is_none() {
            if let Some(date) = dates::page_date(line) {
                article.published = Some(date);
                article.published_from = DateFound::PageText;
                rest.next();
                continue;
            }
        }
        if article.byline.is_none() {
            if let Some(name) = lines::byline(line) {
                article.byline = Some(name);
                rest.next();
                continue;
            }
        }
        break;
    }

    let mut candidates = Vec::new();
    for line in rest {
        // Councils often print "Published: ..." under the body rather than the title.
        if let Some(date) = lines::labelled_date(&line) {
            if article.published.is_none() {
                article.published = Some(date);
                article.published_from = DateFound::PageText;
            }
            article.remove("council_press.date_line", line);
            continue;
        }
        candidates.push(block(&line));
    }
    furniture.fill_body(candidates, article);
}

/// What page text shows of a council press release: a breadcrumb from "Home" on its first line,
/// a press team's byline in the header, a labelled date line.
pub(crate) fn clues(text: &str) -> Vec<Clue> {
    let content = lines::content_lines(text);
    let first = content.first().map(|(_, l)| *l);
    let second = content.get(1).map(|(_, l)| *l);
    let crumb = first
        .and_then(|f| breadcrumb(f, second))
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

    #[test]
    fn published_line_is_read_in_header_or_body() {
        let a = parse("Title\nPublished: 12 May 2016\nBody text.");
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2016-05-12")
        );
        let a = parse("Title\nBody text.\nPosted on 3 June 2015");
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2015-06-03")
        );
        assert_eq!(a.body(), "Body text.");
        assert_eq!(a.removed[0].rule, "council_press.date_line");
    }

    #[test]
    fn updated_lines_are_not_publication_dates() {
        let a = parse("Title\nBody text.\nLast updated: 12 May 2016");
        assert_eq!(a.published, None);
    }

    #[test]
    fn tail_sections_are_removed() {
        let a = parse("Title\nBody text.\nShare this page\nFacebook\nTwitter");
        assert_eq!(a.body(), "Body text.");
        assert_eq!(a.removed.len(), 3);
    }
}
