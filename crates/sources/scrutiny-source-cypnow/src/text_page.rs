//! CYP Now page text: kicker, title, byline and date lines, body, boilerplate tail.

use scrutiny_core::{Article, Block, BlockKind, Clue, FieldFound};
use scrutiny_text::{dates, furniture, lines};

use crate::clean;
use crate::furniture::Furniture;

/// How many lines after the title may hold the byline and the date.
const HEADER_LINES: usize = 2;

pub(crate) fn parse(text: &str, furniture: &Furniture, article: &mut Article) {
    let content = lines::content_lines(text);
    // What a copy from the top of the page brings above the kicker and headline.
    let above = |l: &str| {
        (!furniture.is_kicker(l))
            .then(|| furniture::above_article(l))
            .flatten()
    };
    let top = content
        .iter()
        .take_while(|(_, l)| above(l).is_some())
        .count();
    for (_, line) in &content[..top] {
        if let Some(rule) = above(line) {
            article.remove(rule, clean(line));
        }
    }
    let mut rest = content[top..].iter().map(|(_, l)| *l).peekable();

    // A kicker only counts when a title follows it.
    if let Some(first) = rest.next_if(|l| furniture.is_kicker(l)) {
        if rest.peek().is_some() {
            article.remove("cypnow.kicker", clean(first));
        } else {
            article.title = Some(clean(first));
            article.title_from = FieldFound::PageText;
            return;
        }
    }
    // A page that opens with furniture has no headline of its own.
    let Some(title) = rest.next_if(|l| furniture.tail_rule(l).is_none()) else {
        furniture.fill_body(rest.map(block).collect(), article);
        return;
    };
    article.title = Some(clean(title));
    article.title_from = FieldFound::PageText;

    for _ in 0..HEADER_LINES {
        let Some(line) = rest.peek() else { break };
        if article.published.is_none() {
            if let Some(date) = dates::page_date(line) {
                article.published = Some(date);
                article.published_from = FieldFound::PageText;
                rest.next();
                continue;
            }
        }
        if article.byline.is_none() {
            let name = lines::byline(line).or_else(|| is_author_line(line).then(|| clean(line)));
            if let Some(name) = name {
                article.byline = Some(name);
                article.byline_from = FieldFound::PageText;
                rest.next();
                continue;
            }
        }
        break;
    }
    furniture.fill_body(rest.map(block).collect(), article);
}

/// A bare author line under the headline: a person's name of two to four words.
fn is_author_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=4).contains(&words) && lines::is_name_like(line)
}

/// One body line as a block: bullets are list items, heading-like lines are headings.
fn block(line: &str) -> Block {
    if let Some(item) = lines::bullet(line) {
        return Block {
            kind: BlockKind::ListItem,
            text: clean(item),
        };
    }
    let text = clean(line);
    let kind = if lines::is_heading(&text) {
        BlockKind::Heading
    } else {
        BlockKind::Paragraph
    };
    Block { kind, text }
}

/// What page text shows of CYP Now's layouts: the header of an author line over a date in CYP
/// Now's style ("Tuesday, July 1, 2014"), that date line alone, a credited photo caption that
/// copying doubles, and the "More like this" section.
pub(crate) fn clues(text: &str) -> Vec<Clue> {
    let content = lines::content_lines(text);
    let head: Vec<&str> = content.iter().take(6).map(|(_, l)| *l).collect();
    let dated = |l: &&str| is_cypnow_date_line(l);
    let author_over_date = head
        .windows(2)
        .any(|w| is_author_line(w[0]) && is_cypnow_date_line(w[1]));
    let doubled_caption = content.windows(2).any(|w| {
        let (a, b) = (
            lines::normalize_space(w[0].1),
            lines::normalize_space(w[1].1),
        );
        a == b && lines::photo_credit(&a).is_some()
    });
    [
        Clue::when(
            author_over_date,
            "an author line over a CYP Now date line",
            0.6,
        ),
        Clue::when(head.iter().any(dated), "a CYP Now date line", 0.2),
        Clue::when(doubled_caption, "a credited caption copied twice", 0.3),
        Clue::when(
            content.iter().any(|(_, l)| *l == "More like this"),
            "a More like this section",
            0.1,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// CYP Now's date style, weekday first and month before day: "Tuesday, July 1, 2014".
fn is_cypnow_date_line(line: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "Monday,",
        "Tuesday,",
        "Wednesday,",
        "Thursday,",
        "Friday,",
        "Saturday,",
        "Sunday,",
    ];
    let month_first = line
        .split_whitespace()
        .nth(1)
        .is_some_and(|w| w.starts_with(char::is_alphabetic));
    WEEKDAYS.iter().any(|w| line.starts_with(w)) && month_first && lines::parse_date(line).is_some()
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
    fn header_reads_byline_then_date_in_either_order() {
        let a = parse("Headline here\nJo Bloggs\nTuesday, July 1, 2014\nBody.");
        assert_eq!(
            (
                a.byline.as_deref(),
                a.published.map(|d| d.to_string()).as_deref()
            ),
            (Some("Jo Bloggs"), Some("2014-07-01"))
        );
        let a = parse("Headline here\nTuesday, July 1, 2014\nBy Jo Bloggs\nBody.");
        assert_eq!(
            (
                a.byline.as_deref(),
                a.published.map(|d| d.to_string()).as_deref()
            ),
            (Some("Jo Bloggs"), Some("2014-07-01"))
        );
    }

    #[test]
    fn furniture_copied_above_the_kicker_is_removed() {
        let a = parse(
            "Skip to main content\nSearch\nNews\nHeadline here\nJo Bloggs\nTuesday, July 1, 2014\nBody.",
        );
        assert_eq!(a.title.as_deref(), Some("Headline here"));
        assert_eq!(a.byline.as_deref(), Some("Jo Bloggs"));
        let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(
            rules,
            ["text.navigation", "text.navigation", "cypnow.kicker"]
        );
    }

    #[test]
    fn a_sentence_under_the_title_is_body_not_byline() {
        let a =
            parse("News\nHeadline\nTwo councils have been told their services improved.\nMore.");
        assert_eq!(a.byline, None);
        assert_eq!(a.published, None);
        assert_eq!(
            a.body(),
            "Two councils have been told their services improved.\n\nMore."
        );
    }

    #[test]
    fn doubled_caption_becomes_one_caption() {
        let a = parse("T\nIntro.\nA photo. Picture: A Person\nA photo. Picture: A Person\nAfter.");
        assert_eq!(a.captions, ["A photo. Picture: A Person"]);
        assert_eq!(a.body(), "Intro.\n\nAfter.");
        assert_eq!(a.removed.len(), 1);
        assert_eq!(a.removed[0].rule, "cypnow.caption_duplicate");
    }

    #[test]
    fn the_header_clue_needs_an_author_over_a_matching_weekday_date() {
        let whats = |t: &str| clues(t).iter().map(|c| c.what).collect::<Vec<_>>();
        assert_eq!(
            whats("T\nJo Bloggs\nTuesday, July 1, 2014\nBody."),
            [
                "an author line over a CYP Now date line",
                "a CYP Now date line"
            ]
        );
        assert!(whats("T\nJo Bloggs\nMonday, July 1, 2014\n").is_empty());
        assert!(whats("T\nJo Bloggs\nTuesday, 1 July 2014\n").is_empty());
        assert_eq!(
            whats("T\nA photo. Picture: Jo\nA photo. Picture: Jo\nBody."),
            ["a credited caption copied twice"]
        );
    }
}
