//! Reach page text as a reader copied it: a standfirst glued to a credited photo caption, then the body.

use scrutiny_core::{Article, Block, BlockKind, Clue, FieldFound};
use scrutiny_text::dates::{self, DateLabel};
use scrutiny_text::{lines, page};

use crate::{HOSTS, boilerplate};

/// What page text shows of a Reach regional page.
///
/// Reach credits every photo "(Image: Agency)" at the end of its caption, and a copied page glues
/// the credit to the caption with no space; promos say "READ MORE:".
pub fn clues(text: &str) -> Vec<Clue> {
    let content = lines::content_lines(text);
    let credited = content
        .iter()
        .any(|(_, l)| l.ends_with(')') && (l.contains("(Image: ") || l.contains("(Picture: ")));
    let glued = content.iter().any(|(_, l)| {
        ["(Image:", "(Picture:"].iter().any(|label| {
            l.find(label).is_some_and(|i| {
                l[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_whitespace())
            })
        })
    });
    let read_more = content
        .iter()
        .any(|(_, l)| boilerplate(l) == Some("reach.read_more"));
    [
        Clue::when(credited, "a caption credited (Image: ...)", 0.7),
        Clue::when(glued, "a credit glued to its caption", 0.5),
        Clue::when(read_more, "a READ MORE promo", 0.3),
        Clue::when(
            HOSTS.iter().any(|h| text.contains(h)),
            "a Reach title's host",
            0.3,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The credit at the end of a Reach caption line, as `(start, "(Image: Knowsley Council)")`.
fn bracketed_credit(line: &str) -> Option<(usize, &str)> {
    lines::photo_credit(line)?;
    let start = line.rfind('(')?;
    Some((start, &line[start..]))
}

/// Where a copied page glued two texts together: a lower-case word (two letters or more) running
/// straight into a capitalised one, "riskAnthony". Mixed-case names ("McKinnon") start upper-case
/// and so never match.
fn glue_point(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut word_start = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c.is_whitespace() {
            word_start = k + 1;
            continue;
        }
        let lower_run =
            k >= word_start + 2 && chars[word_start..k].iter().all(|(_, p)| p.is_lowercase());
        if c.is_uppercase() && lower_run {
            return Some(i);
        }
    }
    None
}

/// The headline, byline and date the shared page-text reader finds, put into `article`; the
/// lines it took from the head, for the body to leave out.
fn read_head(text: &str, article: &mut Article) -> Vec<scrutiny_core::Removed> {
    let page = page::read(text);
    page.put_title_and_byline(article);
    if let Some(date) = page.published {
        article.published = Some(date.value);
        article.published_from = FieldFound::PageText;
    }
    page.head
}

/// A page-text date line: `12:10, 22 JUL 2020`; `Updated 12:10, 22 JUL 2020` is not publication.
fn date_line(line: &str) -> Option<scrutiny_core::PartialDate> {
    dates::date_line(line)
        .filter(|d| matches!(d.label, DateLabel::Published | DateLabel::Bare) && d.rest.is_none())
        .map(|d| d.date)
}

/// Parse the page text into `article`. A copy that starts at the headline (the seed's starts at
/// the standfirst) has its headline, byline and date read by the shared page-text reader, and
/// those lines and the furniture above them are left out.
pub fn parse(text: &str, article: &mut Article) {
    let mut head = read_head(text, article);
    let content = lines::content_lines(text);
    let mut first = true;
    for (_, raw) in &content {
        let line = lines::normalize_space(raw);
        if let Some(i) = head.iter().position(|r| r.text == line) {
            let taken = head.remove(i);
            article.remove(&taken.rule, taken.text);
            continue;
        }
        let opens = std::mem::take(&mut first);
        if let Some((at, credit)) = bracketed_credit(&line) {
            let before = line[..at].trim_end();
            let caption_start = if opens { glue_point(before) } else { None };
            if let Some(g) = caption_start {
                article.standfirst = Some(before[..g].trim().to_owned());
                article
                    .captions
                    .push(format!("{} {credit}", before[g..].trim()));
            } else {
                article.captions.push(format!("{before} {credit}"));
            }
            continue;
        }
        if let Some(rule) = boilerplate(&line) {
            article.remove(rule, line);
            continue;
        }
        if article.blocks.is_empty() {
            if let Some(name) = lines::byline(&line) {
                if article.byline.is_none() {
                    article.byline = Some(name);
                    article.byline_from = FieldFound::PageText;
                }
                continue;
            }
            if let Some(date) = date_line(&line) {
                if article.published.is_none() {
                    article.published = Some(date);
                    article.published_from = FieldFound::PageText;
                }
                continue;
            }
        }
        let block = match lines::bullet(&line) {
            Some(item) => Block {
                kind: BlockKind::ListItem,
                text: item.to_owned(),
            },
            None if lines::is_heading(&line) && line.split_whitespace().count() <= 10 => Block {
                kind: BlockKind::Heading,
                text: line,
            },
            None => Block::paragraph(line),
        };
        article.blocks.push(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Article {
        let doc = scrutiny_testkit::doc(text, scrutiny_core::Format::Text);
        let mut a = Article::for_document(&doc, "reach");
        parse(text, &mut a);
        a
    }

    #[test]
    fn a_copy_from_the_headline_keeps_its_header() {
        let a = parse_text(
            "Council's children's services rated inadequate\nInspectors found failings in the help given to families.\nByJo Bloggs\nReporter\n12:10, 22 JUL 2020\nUpdated12:30, 22 JUL 2020\nThe council said it accepted the findings in full.\nThe town hall(Image: Anytown Echo)\nMore body text.",
        );
        assert_eq!(
            a.title.as_deref(),
            Some("Council's children's services rated inadequate")
        );
        assert_eq!(a.byline.as_deref(), Some("Jo Bloggs"));
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2020-07-22")
        );
        assert_eq!(a.captions, ["The town hall (Image: Anytown Echo)"]);
        assert!(
            a.blocks[0].text.starts_with("Inspectors found"),
            "{:?}",
            a.blocks
        );
        assert!(!a.body().contains("Reporter"), "{}", a.body());
    }

    #[test]
    fn glue_points_are_lower_case_runs_into_capitals() {
        assert_eq!(glue_point("children at riskAnthony Douglas"), Some(16));
        assert_eq!(glue_point("Gary McKinnon said"), None);
        assert_eq!(glue_point("an iPhone was seen"), None);
        assert_eq!(glue_point(""), None);
    }

    #[test]
    fn credit_must_be_bracketed_at_the_end() {
        assert_eq!(
            bracketed_credit("Board(Image: Knowsley Council)"),
            Some((5, "(Image: Knowsley Council)"))
        );
        assert_eq!(
            bracketed_credit("The (Image: x) was shown to councillors."),
            None
        );
    }

    #[test]
    fn date_lines_with_a_leading_clock() {
        assert_eq!(date_line("Updated 12:10, 22 JUL 2020"), None);
        assert_eq!(
            date_line("12:10, 22 JUL 2020")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2020-07-22")
        );
        assert_eq!(
            date_line("A meeting of Knowsley Council on 16 July received an update."),
            None
        );
    }
}
