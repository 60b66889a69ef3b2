//! An article in page text read the way a reader's eye reads it, whoever published it.
//!
//! At the head, the furniture before the headline (navigation, notices, breadcrumbs, site
//! names, kicker words, widgets, a masthead's date) is skipped and recorded; the headline is
//! found beside the byline and date lines when the page has them, else it is the first line
//! that reads as a headline; the byline and the publication date are read from the lines beside
//! it. At the foot, the sections that end a page (related links, comments, share buttons) are
//! cut off, and a labelled date or a byline printed under the body is read. Every line taken
//! out of the text is recorded with the rule that took it; the headline, byline and date lines
//! under the rule that chose them (`text.headline.*`, `text.byline.*`, `text.date.*`).

use scrutiny_core::{Article, FieldFound, PartialDate, Removed};

use crate::bylines::{byline, credited_name, is_name_like, is_person_name, is_role_line};
use crate::dates::{DateLabel, DateLine, date_line};
use crate::furniture::{furniture, heads_site, is_notice, promo, tail_markers};
use crate::lines::{content_lines, normalize_space, photo_credit};

/// A field of the article with the rule that chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    /// The field's value.
    pub value: T,
    /// The rule that chose it, as recorded with its line in [`PageText::removed`].
    pub rule: &'static str,
}

/// What the reader made of a page's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageText {
    /// The headline, when the page shows one.
    pub title: Option<Found<String>>,
    /// The author line, without "By".
    pub byline: Option<Found<String>>,
    /// The publication date the page shows (its last update's when it shows only that).
    pub published: Option<Found<PartialDate>>,
    /// Every line taken out of the text, in page order, with the rule that took it.
    pub removed: Vec<Removed>,
    /// The part of `removed` taken from the head (furniture, headline, byline and date lines),
    /// in page order: what a plugin that reads the body itself leaves out.
    pub head: Vec<Removed>,
    /// Photo captions: credited lines, and lines a copy doubled (an image's text and caption).
    pub captions: Vec<String>,
    /// The body's lines, in page order.
    pub body: Vec<String>,
}

impl PageText {
    /// Put the headline and the byline the page shows in `article`, marked as found in the
    /// page text (the rule that chose each is in `removed`).
    pub fn put_title_and_byline(&self, article: &mut Article) {
        if let Some(t) = &self.title {
            article.title = Some(t.value.clone());
            article.title_from = FieldFound::PageText;
        }
        if let Some(b) = &self.byline {
            article.byline = Some(b.value.clone());
            article.byline_from = FieldFound::PageText;
        }
    }
}

/// The rule of a headline read at the end of the breadcrumb above it.
const BREADCRUMB: &str = "text.headline.breadcrumb";

/// How far down the page the head may run when no paragraph ends it.
const HEAD_LINES: usize = 15;
/// How many lines after the first paragraph may still hold the byline and date (a standfirst
/// often comes first).
const AFTER_FIRST_PARAGRAPH: usize = 5;
/// How many lines at the end of the body may hold a date or byline printed under it.
const FOOT_LINES: usize = 4;

/// One line of the page as the reader sees it.
#[derive(Debug, Clone)]
struct Line<'a> {
    /// Its place on the page, for recording what was taken out in page order.
    at: usize,
    /// As copied, for the gaps a breadcrumb leaves.
    raw: &'a str,
    /// Whitespace-normalized.
    text: String,
    /// The text a copy ran on after a date line: never a headline.
    glued: bool,
}

/// What a line of the head is to the reader.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    /// Furniture, with the rule that removes it.
    Furniture(&'static str),
    /// A date line.
    Date(DateLine),
    /// A byline line and the rule that read it.
    Byline(String, &'static str),
    /// Anything else: a headline, a caption, the body.
    Text,
}

/// Read a page's text.
pub fn read(text: &str) -> PageText {
    let lines = unglue(content_lines(text).into_iter().map(|(_, l)| l));
    let head = Head::new(&lines);
    let mut page = PageText::default();
    let mut taken = Taken::new();
    let mut body = head.take(&lines, &mut page, &mut taken);
    cut_tail(&mut body, &mut taken);
    read_foot(&mut body, &mut page, &mut taken);
    fill_body(body, &mut page, &mut taken);
    taken.sort_by_key(|(at, _)| *at);
    page.removed = taken.into_iter().map(|(_, r)| r).collect();
    page
}

/// The lines taken out so far, each with its place on the page.
type Taken = Vec<(usize, Removed)>;

/// Record `line` as taken out under `rule`.
fn take_out(taken: &mut Taken, line: &Line, rule: &str) {
    taken.push((
        line.at,
        Removed {
            rule: rule.to_owned(),
            text: line.text.clone(),
        },
    ));
}

/// The page's lines, with a date line's run-on text ("date 2018-01-29 Rotherham Council's
/// ...") split off into a line of its own.
fn unglue<'a>(raw: impl Iterator<Item = &'a str>) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for (n, raw) in raw.enumerate() {
        let text = normalize_space(raw);
        let rest = (n < HEAD_LINES)
            .then(|| date_line(&text))
            .flatten()
            .and_then(|d| d.rest);
        match rest.and_then(|r| {
            text.strip_suffix(r.as_str())
                .map(|d| (d.trim().to_owned(), r))
        }) {
            Some((date, rest)) => {
                out.push(Line {
                    at: out.len(),
                    raw,
                    text: date,
                    glued: false,
                });
                out.push(Line {
                    at: out.len(),
                    raw: "",
                    text: rest,
                    glued: true,
                });
            }
            None => out.push(Line {
                at: out.len(),
                raw,
                text,
                glued: false,
            }),
        }
    }
    out
}

/// The words of a line that hold a letter or figure (a dash between words is none).
fn words(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// True for a line that reads as running text: a sentence, or too long for anything else.
fn is_paragraph(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let end = line.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    // A question or an exclamation may be a headline; a long one is a sentence.
    let sentence = end.ends_with('.') && !end.ends_with("..")
        || end.ends_with('!') && words > 12
        || end.ends_with('?') && words > 15;
    words > 30 || (sentence && words >= 5) || (line.contains(". ") && words >= 8)
}

/// True for a line that reads as a headline: two to 25 words, not a sentence, not ending in a
/// comma, colon or semicolon (an ellipsis, a question mark or a closing quote may end it).
fn is_headline_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let end = line.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    let ellipsis = end.ends_with("..") || end.ends_with('…');
    (2..=25).contains(&words)
        && line.chars().count() <= 200
        && (ellipsis || !end.ends_with(['.', ',', ';', ':']))
        && !line.contains(". ")
        && photo_credit(line).is_none()
}

/// The head of the page: every line's role, where the running text begins, and the headline.
struct Head {
    roles: Vec<Role>,
    /// The first paragraph (or where the head stops looking).
    paragraph: usize,
    /// The last line that may still hold the byline or date, exclusive.
    window: usize,
    title: Option<(usize, &'static str)>,
}

impl Head {
    fn new(lines: &[Line]) -> Self {
        let end = lines.len().min(HEAD_LINES);
        let mut roles: Vec<Role> = lines[..end].iter().map(role).collect();
        // Notices stand above the article: a notice may look like a paragraph, but the first
        // paragraph that is no notice begins the article.
        for (i, line) in lines.iter().enumerate().take(end) {
            if roles[i] != Role::Text {
                continue;
            }
            if is_notice(&line.text) {
                roles[i] = Role::Furniture("text.notice");
            } else if is_paragraph(&line.text) {
                break;
            }
        }
        join_split_lines(lines, &mut roles);
        let paragraph = first_paragraph(lines, &roles);
        let mut head = Self {
            window: end.min(paragraph + AFTER_FIRST_PARAGRAPH + 1),
            roles,
            paragraph,
            title: None,
        };
        head.title = head.headline(lines);
        head
    }

    /// The headline's line and the rule that chose it.
    fn headline(&self, lines: &[Line]) -> Option<(usize, &'static str)> {
        self.after_breadcrumb(lines)
            .map(|i| (i, BREADCRUMB))
            .or_else(|| self.beside_dateline(lines))
            .or_else(|| {
                self.first_headline(lines)
                    .map(|i| (i, "text.headline.first"))
            })
    }

    /// The line a breadcrumb ends with: the page's own title, run on at the end of its trail.
    fn after_breadcrumb(&self, lines: &[Line]) -> Option<usize> {
        (0..self.paragraph.min(lines.len().saturating_sub(1))).find_map(|i| {
            let next = &lines[i + 1].text;
            let crumb = &lines[i].text;
            let trail = crumb.len() > next.len()
                && crumb.ends_with(next.as_str())
                && crumb.to_lowercase().starts_with("home ");
            (trail && self.roles[i + 1] == Role::Text && is_headline_like(next)).then_some(i + 1)
        })
    }

    /// The headline beside the page's byline and date lines: the headline-like line just above
    /// them (captions, a copy's doubled lines and an author's name may stand between) and above
    /// the first paragraph, or, when they open the page, just below them.
    fn beside_dateline(&self, lines: &[Line]) -> Option<(usize, &'static str)> {
        let anchor = (0..self.window).find(|&i| self.is_anchor(i))?;
        // A line of one or two words over the byline is a kicker or a label ("Press release");
        // the first-headline rule then decides.
        let above = (0..anchor)
            .rev()
            .find(|&i| !self.skippable(lines, i))
            .filter(|&i| is_headline_like(&lines[i].text) && !lines[i].glued)
            .filter(|&i| words(&lines[i].text) >= 3 && i < self.paragraph);
        if let Some(i) = above {
            return Some((i, "text.headline.above_dateline"));
        }
        let opens_page = (0..anchor).all(|i| self.skippable(lines, i));
        let strong = match &self.roles[anchor] {
            Role::Date(d) => d.labelled || d.name.is_some(),
            _ => true,
        };
        if !(opens_page && strong) {
            return None;
        }
        (anchor + 1..self.paragraph.min(lines.len()))
            .find(|&i| !self.skippable(lines, i))
            .filter(|&i| is_headline_like(&lines[i].text) && !lines[i].glued)
            .map(|i| (i, "text.headline.below_dateline"))
    }

    /// A byline, or a date line that dates the page (not another thing's date).
    fn is_anchor(&self, i: usize) -> bool {
        match &self.roles[i] {
            Role::Byline(..) => true,
            Role::Date(d) => d.label != DateLabel::Other,
            _ => false,
        }
    }

    /// A line the eye passes over between a headline and its byline or date: furniture, other
    /// dates and bylines, a caption, a line a copy doubled, an author's name alone.
    fn skippable(&self, lines: &[Line], i: usize) -> bool {
        let text = &lines[i].text;
        let doubled = (i > 0 && lines[i - 1].text == *text)
            || lines.get(i + 1).is_some_and(|n| n.text == *text);
        self.roles[i] != Role::Text
            || doubled
            || photo_credit(text).is_some()
            || is_person_name(text)
    }

    /// The first line that reads as a headline before the first paragraph and after the site's
    /// header, one of three words or more first: shorter lines above a headline are site names
    /// and kicker words.
    fn first_headline(&self, lines: &[Line]) -> Option<usize> {
        let end = self.paragraph.min(lines.len());
        // The site's header (navigation, breadcrumb, notices) stands above the article.
        let start = (0..end)
            .rev()
            .find(|&i| matches!(self.roles[i], Role::Furniture(rule) if heads_site(rule)))
            .map_or(0, |i| i + 1);
        let after_header = self.headline_from(lines, start, end);
        after_header.or_else(|| self.headline_from(lines, 0, end))
    }

    /// The first headline-like line in `from..to`, one of three words or more first.
    fn headline_from(&self, lines: &[Line], from: usize, to: usize) -> Option<usize> {
        let candidates: Vec<usize> = (from..to)
            .filter(|&i| {
                self.roles[i] == Role::Text && !lines[i].glued && is_headline_like(&lines[i].text)
            })
            .collect();
        candidates
            .iter()
            .find(|&&i| words(&lines[i].text) >= 3)
            .or(candidates.first())
            .copied()
    }

    /// Take the head's fields and furniture into `page`; the lines left for the body.
    fn take<'l, 'a>(
        &self,
        lines: &'l [Line<'a>],
        page: &mut PageText,
        taken: &mut Taken,
    ) -> Vec<&'l Line<'a>> {
        let title = self.title.map(|(i, _)| i);
        let byline = self.byline(lines);
        let date = self.date(lines, byline.as_ref().map(|(i, ..)| *i));
        let body_from = self.body_from(lines, title);
        let mut body = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let rule = if Some(i) == title {
                self.title.map(|(_, r)| r)
            } else if byline.as_ref().is_some_and(|(b, ..)| *b == i) {
                byline.as_ref().map(|(_, _, r)| *r)
            } else if date.as_ref().is_some_and(|(d, ..)| *d == i) {
                date.as_ref().map(|(_, _, r)| *r)
            } else if i < self.window.max(body_from) {
                self.furniture_rule(lines, i, body_from)
            } else {
                None
            };
            match rule {
                Some(rule) => {
                    take_out(taken, line, rule);
                    page.head.push(Removed {
                        rule: rule.to_owned(),
                        text: line.text.clone(),
                    });
                }
                None => body.push(line),
            }
        }
        page.title = self.title.map(|(i, rule)| Found {
            value: lines[i].text.clone(),
            rule,
        });
        page.byline = byline.map(|(_, value, rule)| Found { value, rule });
        page.published = date.map(|(_, value, rule)| Found { value, rule });
        body
    }

    /// The rule a head line that is no field is removed under: furniture, a date line that
    /// does not date the page, a byline the page repeats, what stands above the body. `None`
    /// keeps it in the body.
    fn furniture_rule(&self, lines: &[Line], i: usize, body_from: usize) -> Option<&'static str> {
        let title = self.title.map(|(t, _)| t);
        let next_is_title = title == Some(i + 1);
        match &self.roles[i] {
            Role::Furniture(rule) => Some(rule),
            Role::Date(d) if d.label == DateLabel::Other => Some("text.other_date"),
            Role::Date(_) if title.is_some_and(|t| i < t) && !self.over_headline(i) => {
                Some("text.masthead_date")
            }
            // A date alone in the body (an event's, led into by the line above) stays there.
            Role::Date(d) if d.label == DateLabel::Bare && !self.under_headline(lines, i) => None,
            Role::Date(_) => Some("text.date.other_line"),
            Role::Byline(..) => Some("text.byline.other_line"),
            Role::Text if next_is_title && self.title.is_some_and(|(_, r)| r == BREADCRUMB) => {
                Some("text.breadcrumb")
            }
            Role::Text if title.is_some_and(|t| i == t + 1 && lines[t].text == lines[i].text) => {
                Some("text.headline_duplicate")
            }
            Role::Text if i < body_from => Some("text.masthead"),
            Role::Text => None,
        }
    }

    /// Where the body begins: after the headline and the header lines right under it, or at the
    /// first line that is no furniture when the page has no headline.
    fn body_from(&self, lines: &[Line], title: Option<usize>) -> usize {
        let Some(t) = title else {
            return (0..self.paragraph.min(lines.len()))
                .find(|&i| self.roles[i] == Role::Text)
                .unwrap_or(self.paragraph.min(lines.len()));
        };
        let mut from = t + 1;
        while from < self.window
            && from < lines.len()
            && (self.roles[from] != Role::Text
                || self.header_name(lines, t, from)
                || (from == t + 1 && lines[from].text == lines[t].text))
        {
            from += 1;
        }
        from
    }

    /// The byline: a "By" line, a name credited with a role, a name on a date line, a name
    /// over the date line, or a name alone under the headline.
    fn byline(&self, lines: &[Line]) -> Option<(usize, String, &'static str)> {
        let window = 0..self.window.min(lines.len());
        let labelled = window.clone().find_map(|i| match &self.roles[i] {
            Role::Byline(name, rule) => Some((i, name.clone(), *rule)),
            _ => None,
        });
        let dated = || {
            window.clone().find_map(|i| match &self.roles[i] {
                Role::Date(d) if d.label != DateLabel::Other => {
                    d.name.clone().map(|n| (i, n, "text.byline.dateline"))
                }
                _ => None,
            })
        };
        let title = self.title.map(|(i, _)| i)?;
        let alone = || {
            (title + 1..self.window.min(lines.len()))
                .find(|&i| self.header_name(lines, title, i))
                .map(|i| {
                    let rule = if self.dates_below(i) {
                        "text.byline.name_over_date"
                    } else {
                        "text.byline.name_under_headline"
                    };
                    (i, lines[i].text.clone(), rule)
                })
        };
        labelled.or_else(dated).or_else(alone)
    }

    /// True when line `i` is an author's name alone in the header: right under the headline
    /// (or its doubled copy), or right over a date line.
    fn header_name(&self, lines: &[Line], title: usize, i: usize) -> bool {
        let text = &lines[i].text;
        let doubled = lines.get(i + 1).is_some_and(|n| n.text == *text)
            || (i > 0 && lines[i - 1].text == *text);
        let under =
            i == title + 1 || (i == title + 2 && lines[title + 1].text == lines[title].text);
        self.roles[i] == Role::Text
            && !doubled
            && is_person_name(text)
            && (under || self.dates_below(i))
    }

    /// True when the next line after `i` that is no furniture is a date line that dates the
    /// page.
    fn dates_below(&self, i: usize) -> bool {
        let next =
            (i + 1..self.roles.len()).find(|&j| !matches!(self.roles[j], Role::Furniture(_)));
        matches!(next.map(|j| &self.roles[j]), Some(Role::Date(d)) if d.label != DateLabel::Other)
    }

    /// True when a date line with no label stands right over the headline (nothing but
    /// furniture between) and is not the page's first text: a press release's date line. A date
    /// at the top of the page, or with a site's name or tagline between it and the headline, is
    /// the masthead's clock.
    fn over_headline(&self, i: usize) -> bool {
        let Some(t) = self.title.map(|(t, _)| t) else {
            return false;
        };
        let furniture = |j: usize| matches!(self.roles[j], Role::Furniture(_));
        i < t && (i + 1..t).all(furniture) && (0..i).any(|j| self.roles[j] == Role::Text)
    }

    /// True when a date line with no label stands in the headline's header: below the
    /// headline, with nothing between but furniture, bylines, captions, short kicker lines and
    /// the standfirst (the first paragraph), and not after a line that leads into it ("The
    /// meeting will be held on:").
    fn under_headline(&self, lines: &[Line], i: usize) -> bool {
        let Some(t) = self.title.map(|(t, _)| t) else {
            return false;
        };
        let between_ok = |j: usize| {
            let text = &lines[j].text;
            self.skippable(lines, j)
                || j == self.paragraph
                || (!is_paragraph(text)
                    && !text.ends_with('.')
                    && text.split_whitespace().count() <= 6)
        };
        let leads_in = |j: usize| lines[j].text.ends_with(':') && self.roles[j] == Role::Text;
        i > t && (t + 1..i).all(between_ok) && !leads_in(i - 1)
    }

    /// The page's date: a publication date first, else a date line under the headline or
    /// beside the byline, else the last update's. A date above the headline counts only when
    /// it says what it is or whose it is; alone, it is the masthead's clock.
    fn date(
        &self,
        lines: &[Line],
        byline: Option<usize>,
    ) -> Option<(usize, PartialDate, &'static str)> {
        let near_byline = |i: usize| byline.is_some_and(|b| b.abs_diff(i) == 1);
        let dates: Vec<(usize, &DateLine)> = (0..self.window.min(lines.len()))
            .filter_map(|i| match &self.roles[i] {
                Role::Date(d) if d.label != DateLabel::Other => Some((i, d)),
                _ => None,
            })
            .filter(|(i, d)| {
                d.labelled
                    || d.name.is_some()
                    || self.under_headline(lines, *i)
                    || self.over_headline(*i)
                    || near_byline(*i)
            })
            .collect();
        let with = |label: DateLabel| dates.iter().find(|(_, d)| d.label == label);
        if let Some((i, d)) = with(DateLabel::Published) {
            return Some((*i, d.date, "text.date.published"));
        }
        if let Some((i, d)) = with(DateLabel::Bare) {
            return Some((*i, d.date, "text.date.dateline"));
        }
        with(DateLabel::Updated).map(|(i, d)| (*i, d.date, "text.date.updated"))
    }
}

/// Read the header lines a copy split in two: a date's label over its date ("Published" /
/// "12 May 2016") and "By" over the name.
fn join_split_lines(lines: &[Line], roles: &mut [Role]) {
    for i in 1..roles.len() {
        let over = lines[i - 1].text.to_lowercase();
        if roles[i - 1] == Role::Furniture("text.date_label") {
            if let Role::Date(d) = &mut roles[i] {
                if d.label == DateLabel::Bare {
                    d.label = if over.contains("updated") {
                        DateLabel::Updated
                    } else {
                        DateLabel::Published
                    };
                    d.labelled = true;
                }
            }
        }
        let name = &lines[i].text;
        if roles[i - 1] == Role::Text && over == "by" && is_name_like(name) {
            roles[i - 1] = Role::Furniture("text.byline_label");
            roles[i] = Role::Byline(name.clone(), "text.byline.by");
        }
    }
}

/// The first line of running text in the head, or the head's end.
fn first_paragraph(lines: &[Line], roles: &[Role]) -> usize {
    (0..roles.len())
        .find(|&i| roles[i] == Role::Text && is_paragraph(&lines[i].text))
        .unwrap_or(roles.len())
}

/// A head line's role from the line alone.
fn role(line: &Line) -> Role {
    if line.glued {
        return Role::Text;
    }
    if let Some(rule) = furniture(line.raw, &line.text) {
        return Role::Furniture(rule);
    }
    if let Some(d) = date_line(&line.text) {
        return Role::Date(d);
    }
    if let Some(name) = byline(&line.text) {
        return Role::Byline(name, "text.byline.by");
    }
    if let Some(name) = credited_name(&line.text) {
        return Role::Byline(name, "text.byline.credit");
    }
    if is_role_line(&line.text) {
        return Role::Furniture("text.byline_role");
    }
    Role::Text
}

/// Cut the sections that end a page (related links, comments, share buttons) off the body.
fn cut_tail(body: &mut Vec<&Line>, taken: &mut Taken) {
    let markers = tail_markers();
    let Some(at) = (1..body.len()).find(|&i| markers.rule(&body[i].text).is_some()) else {
        return;
    };
    let mut rule = "text.tail";
    for line in body.drain(at..) {
        if let Some(r) = markers.rule(&line.text) {
            rule = r;
        }
        take_out(taken, line, rule);
    }
}

/// Read a date or byline printed under the body, when the head gave none: only a labelled date
/// ("Published: ...", "Last updated ...") that stands alone among the last lines (a list of
/// dates is a list of other stories), and only a "By" line.
fn read_foot(body: &mut Vec<&Line>, page: &mut PageText, taken: &mut Taken) {
    let from = body.len().saturating_sub(FOOT_LINES);
    let dates: Vec<(usize, DateLine)> = (from..body.len())
        .filter_map(|i| date_line(&body[i].text).map(|d| (i, d)))
        .collect();
    let mut found = Vec::new();
    if let [(i, d)] = &dates[..] {
        let label = match d.label {
            DateLabel::Published => Some("text.date.foot"),
            DateLabel::Updated => Some("text.date.foot_updated"),
            _ => None,
        };
        if let (Some(rule), None) = (label, &page.published) {
            page.published = Some(Found {
                value: d.date,
                rule,
            });
            found.push((*i, rule));
        }
    }
    if page.byline.is_none() {
        let by = (from..body.len()).find_map(|i| byline(&body[i].text).map(|n| (i, n)));
        if let Some((i, name)) = by {
            page.byline = Some(Found {
                value: name,
                rule: "text.byline.foot",
            });
            found.push((i, "text.byline.foot"));
        }
    }
    // Dates closing the page one after another are a list of other stories.
    let listing = body
        .iter()
        .rev()
        .take_while(|l| date_line(&l.text).is_some())
        .count();
    if listing >= 2 && found.is_empty() {
        found.extend((body.len() - listing..body.len()).map(|i| (i, "text.related")));
    }
    found.sort_unstable();
    for (i, rule) in found.into_iter().rev() {
        let line = body.remove(i);
        take_out(taken, line, rule);
    }
}

/// The body's lines: promotions removed, captions (credited lines, lines a copy doubled: an
/// image's text and its caption) set apart, the rest in order.
fn fill_body(body: Vec<&Line>, page: &mut PageText, taken: &mut Taken) {
    let mut previous: Option<&str> = None;
    for (i, line) in body.iter().enumerate() {
        let text = line.text.as_str();
        let doubled = body.get(i + 1).is_some_and(|n| n.text == text);
        if previous == Some(text) {
            take_out(taken, line, "text.caption_duplicate");
        } else if let Some(rule) = promo(text) {
            take_out(taken, line, rule);
        } else if doubled || photo_credit(text).is_some() {
            page.captions.push(text.to_owned());
        } else {
            page.body.push(text.to_owned());
        }
        previous = Some(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title, byline and date the reader makes of `text`.
    fn fields(text: &str) -> (Option<String>, Option<String>, Option<String>) {
        let p = read(text);
        (
            p.title.map(|t| t.value),
            p.byline.map(|b| b.value),
            p.published.map(|d| d.value.to_string()),
        )
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    /// The rules of the lines taken out, in page order.
    fn rules(text: &str) -> Vec<String> {
        read(text).removed.into_iter().map(|r| r.rule).collect()
    }

    const BODY: &str = "Inspectors rated the council's services for children good in a report published on Tuesday.\nThe director thanked staff.";

    #[test]
    fn furniture_before_the_headline_is_skipped_and_recorded() {
        let page = format!(
            "Skip to main content\nWe use cookies to make this site work. Accept all cookies\nThe Anytown Courier\nHome › News › Education\nNews\nCouncil children's services rated good\n{BODY}"
        );
        assert_eq!(
            fields(&page).0,
            some("Council children's services rated good")
        );
        assert_eq!(
            rules(&page),
            [
                "text.navigation",
                "text.notice",
                "text.masthead",
                "text.breadcrumb",
                "text.navigation",
                "text.headline.first"
            ]
        );
        let p = read(&page);
        assert!(p.body[0].starts_with("Inspectors rated"), "{:?}", p.body);
    }

    #[test]
    fn app_banners_widgets_and_reading_times_are_furniture() {
        let page = format!(
            "Download our app for the latest news\nFri, 20\n14 °C\nCouncil children's services rated good\n4 mins read\n{BODY}"
        );
        assert_eq!(
            fields(&page).0,
            some("Council children's services rated good")
        );
        assert_eq!(
            rules(&page),
            [
                "text.notice",
                "text.widget",
                "text.widget",
                "text.headline.first",
                "text.reading_time"
            ]
        );
    }

    #[test]
    fn a_first_line_that_is_a_sentence_means_no_headline() {
        let page = format!("Ofsted has rated the council's children's services good.\n{BODY}");
        assert_eq!(fields(&page), (None, None, None));
        assert_eq!(read(&page).body.len(), 3);
    }

    #[test]
    fn the_headline_stands_above_the_byline_and_date() {
        let page = format!(
            "The Anytown Courier\nEDUCATION\nCouncil children's services rated good\nBy Jo Bloggs\n| 14 May 2019\n{BODY}"
        );
        assert_eq!(
            fields(&page),
            (
                some("Council children's services rated good"),
                some("Jo Bloggs"),
                some("2019-05-14")
            )
        );
        assert_eq!(
            read(&page).title.map(|t| t.rule),
            Some("text.headline.above_dateline")
        );
    }

    #[test]
    fn a_doubled_standfirst_or_caption_does_not_hide_the_headline() {
        let page = format!(
            "Council children's services rated good\nThe council was praised for its work with families and care leavers\nThe council was praised for its work with families and care leavers\n14 May 2019, 10:30\n{BODY}"
        );
        assert_eq!(
            fields(&page),
            (
                some("Council children's services rated good"),
                None,
                some("2019-05-14")
            )
        );
    }

    #[test]
    fn a_labelled_date_line_may_open_the_page_above_the_headline() {
        let page = format!(
            "Page last updated at 14:17 GMT, Wednesday, 17 December 2008\nMore councils rated inadequate\n{BODY}"
        );
        assert_eq!(
            fields(&page),
            (
                some("More councils rated inadequate"),
                None,
                some("2008-12-17")
            )
        );
        let named = format!("Jo Bloggs 12 October 2017\nCouncil shows signs of progress\n{BODY}");
        assert_eq!(
            fields(&named),
            (
                some("Council shows signs of progress"),
                some("Jo Bloggs"),
                some("2017-10-12")
            )
        );
    }

    #[test]
    fn a_bare_date_above_the_headline_is_the_masthead_clock() {
        let page = format!("• Tue. Apr 16th, 2024\nCouncil children's services rated good\n{BODY}");
        assert_eq!(
            fields(&page),
            (some("Council children's services rated good"), None, None)
        );
        assert_eq!(rules(&page)[0], "text.masthead_date");
    }

    #[test]
    fn a_bare_date_right_over_the_headline_below_the_site_name() {
        let page =
            format!("Anytown Council\nPress release\n12 March 2019\nCouncil rated good\n{BODY}");
        assert_eq!(
            fields(&page),
            (some("Council rated good"), None, some("2019-03-12"))
        );
        let clock = format!(
            "12 March 2019\nThe Anytown Courier\nNews from the heart of the county\nCouncil rated good by Ofsted\n{BODY}"
        );
        assert_eq!(fields(&clock).2, None);
    }

    #[test]
    fn the_breadcrumb_ends_with_the_headline() {
        let page = format!(
            "Bins will be collected a day late next week. Find out more\nHome chevron_right Latest news chevron_right Council rated good by Ofsted\nCouncil rated good by Ofsted\nChildren and young people\nThursday, 25 May 2023\n{BODY}"
        );
        assert_eq!(
            fields(&page),
            (
                some("Council rated good by Ofsted"),
                None,
                some("2023-05-25")
            )
        );
    }

    #[test]
    fn bylines_in_their_forms() {
        let with =
            |header: &str| fields(&format!("Council rated good by Ofsted\n{header}\n{BODY}")).1;
        assert_eq!(with("By Jo Bloggs"), some("Jo Bloggs"));
        assert_eq!(with("Posted by Jo Bloggs"), some("Jo Bloggs"));
        assert_eq!(with("Jo Bloggs | 14 May 2019"), some("Jo Bloggs"));
        assert_eq!(
            with("Jo Bloggs, Local Democracy Reporter"),
            some("Jo Bloggs")
        );
        assert_eq!(with("Jo Bloggs\nMonday, July 22, 2019"), some("Jo Bloggs"));
        assert_eq!(with("Jo Bloggs"), some("Jo Bloggs"));
        assert_eq!(with("Written by: Anytown Council"), some("Anytown Council"));
        assert_eq!(
            with("By the end of the year the service had improved."),
            None
        );
        assert_eq!(with("Anytown Town Hall\nMonday, July 22, 2019"), None);
        assert_eq!(with("Picture of the town hall"), None);
    }

    #[test]
    fn header_lines_a_copy_split_in_two() {
        let page = format!(
            "Council rated good by Ofsted\nThe council was praised for its work.\nBy\nJo Bloggs\nChief Reporter\nPublished\n12 May 2016\n{BODY}"
        );
        assert_eq!(
            fields(&page),
            (
                some("Council rated good by Ofsted"),
                some("Jo Bloggs"),
                some("2016-05-12")
            )
        );
        let p = read(&page);
        assert_eq!(p.published.map(|d| d.rule), Some("text.date.published"));
        assert!(
            p.body[0].starts_with("The council was praised"),
            "{:?}",
            p.body
        );
        assert!(p.body[1].starts_with("Inspectors rated"), "{:?}", p.body);
    }

    #[test]
    fn a_date_led_into_by_a_sentence_is_not_the_page_date() {
        let page = format!("Council meeting\nThe panel will meet on:\n12 May 2016\n{BODY}");
        assert_eq!(fields(&page).2, None);
        let later = format!(
            "Council rated good by Ofsted\n{BODY}\nThe panel discussed the report at length.\n12 May 2016\nMore."
        );
        assert_eq!(fields(&later).2, None);
        assert!(read(&later).body.contains(&"12 May 2016".to_owned()));
    }

    #[test]
    fn exclamations_and_questions_can_be_headlines() {
        let page = format!("Council rated outstanding at last!\n{BODY}");
        assert_eq!(fields(&page).0, some("Council rated outstanding at last!"));
        let page = format!("What happens when a council is rated inadequate?\n{BODY}");
        assert_eq!(
            fields(&page).0,
            some("What happens when a council is rated inadequate?")
        );
    }

    #[test]
    fn a_caption_copied_twice_is_no_byline() {
        let page = format!(
            "Council rated good by Ofsted\nAnytown Borough Council\nAnytown Borough Council\n{BODY}"
        );
        let p = read(&page);
        assert_eq!(p.byline, None);
        assert_eq!(p.captions, ["Anytown Borough Council"]);
    }

    #[test]
    fn dates_of_other_things_are_not_the_publication_date() {
        for header in [
            "Meeting: 23/01/2020 - Children's Scrutiny Panel (Item 4)",
            "Inspection date: 24 February 2015",
            "Event: 12 May 2016, Anytown Library",
            "The service was inspected in March 2017.",
            "We use cookies. Our cookie policy was updated on 12 May 2018.",
            "© 2019 The Anytown Courier",
        ] {
            let page = format!("Council rated good by Ofsted\n{header}\n{BODY}");
            assert_eq!(fields(&page).2, None, "{header}");
        }
        let comments = format!(
            "Council rated good by Ofsted\n{BODY}\nComments\nSam Smith says: 12 May 2016 at 10:30 am\nWell done."
        );
        assert_eq!(fields(&comments).2, None);
    }

    #[test]
    fn a_date_under_the_body() {
        let page = format!(
            "Council rated good by Ofsted\n{BODY}\n{BODY}\n{BODY}\nPublished: 3rd Feb 2020\nShare this page\nFacebook"
        );
        let p = read(&page);
        assert_eq!(
            p.published.map(|d| (d.value.to_string(), d.rule)),
            Some(("2020-02-03".to_owned(), "text.date.foot"))
        );
        assert_eq!(
            p.body.last().map(String::as_str),
            Some("The director thanked staff.")
        );
        let listing = format!(
            "Council rated good by Ofsted\n{BODY}\n{BODY}\n{BODY}\n- Published 1 October 2014\n- Published 16 July 2013"
        );
        assert_eq!(
            fields(&listing).2,
            None,
            "a list of dates dates other stories"
        );
    }

    #[test]
    fn a_date_with_the_next_block_glued_on() {
        let page = " date 2018-01-29 The council's children's services have been assessed as good by Ofsted.\nThe director thanked staff.";
        let p = read(page);
        assert_eq!(
            (p.title, p.published.map(|d| d.value.to_string())),
            (None, some("2018-01-29"))
        );
        assert!(p.body[0].starts_with("The council's"), "{:?}", p.body);
    }

    #[test]
    fn the_updated_date_only_when_no_other_is_shown() {
        let page = format!(
            "Council rated good by Ofsted\nPUBLISHED: 11:00 07 April 2017 | UPDATED: 13:27 08 April 2017\n{BODY}"
        );
        assert_eq!(fields(&page).2, some("2017-04-07"));
        let stamp =
            format!("07 Jan 2019 Last updated at 10:00\nCouncil rated good by Ofsted\n{BODY}");
        assert_eq!(fields(&stamp).2, some("2019-01-07"));
    }

    #[test]
    fn tail_sections_promotions_and_captions_leave_the_body() {
        let page = format!(
            "Council rated good by Ofsted\n{BODY}\nREAD MORE: Another council story\nThe director at the town hall. Picture: Jo Bloggs\nThe end of the story.\nRelated articles\nA related story"
        );
        let p = read(&page);
        assert_eq!(p.body.len(), 3, "{:?}", p.body);
        assert_eq!(
            p.captions,
            ["The director at the town hall. Picture: Jo Bloggs"]
        );
        assert!(rules(&page).ends_with(&["text.related".to_owned(), "text.related".to_owned()]));
    }

    /// Headers laid out as common English news and council sites lay them out, with lines
    /// written for this test: (page head, title, byline, date).
    const LAYOUTS: [(&str, &str, Option<&str>, Option<&str>); 10] = [
        (
            "Anytown children's services rated inadequate\nInspectors found widespread failures in the council's work with families.\nJo Bloggs Education correspondent\nTue 12 Mar 2019 18.00 GMT\nLast modified on Wed 13 Mar 2019 09.12 GMT\nShare on Facebook\nShare on Twitter",
            "Anytown children's services rated inadequate",
            Some("Jo Bloggs"),
            Some("2019-03-12"),
        ),
        (
            "Anytown children's services rated inadequate\nInspectors found widespread failures in the council's work with families.\nByJo Bloggs\nReporter\n12:10, 22 JUL 2020\nUpdated12:30, 22 JUL 2020",
            "Anytown children's services rated inadequate",
            Some("Jo Bloggs"),
            Some("2020-07-22"),
        ),
        (
            "Anytown children's services rated inadequate\nInspectors found widespread failures in the council's work with families.\nJo Bloggs\nnews reporter @jobloggs\nTuesday 12 March 2019 10:00, UK",
            "Anytown children's services rated inadequate",
            Some("Jo Bloggs"),
            Some("2019-03-12"),
        ),
        (
            "Press release\nAnytown children's services rated good\nThe council's services for children were judged good in every area.\nFrom:\nDepartment for Education\nPublished\n12 March 2019",
            "Anytown children's services rated good",
            None,
            Some("2019-03-12"),
        ),
        (
            "Skip to main content\nAnytown Council\nSearch\nHome\nNews\nChildren's services rated good by Ofsted\n12 March 2019",
            "Children's services rated good by Ofsted",
            None,
            Some("2019-03-12"),
        ),
        (
            "Children's services rated good by Ofsted\nPosted on March 12, 2019 by admin",
            "Children's services rated good by Ofsted",
            None,
            Some("2019-03-12"),
        ),
        (
            "Children's services rated good by Ofsted\nby Jo Bloggs\non March 12, 2019 in Children, Social work",
            "Children's services rated good by Ofsted",
            Some("Jo Bloggs"),
            Some("2019-03-12"),
        ),
        (
            "News | Sport | What's On | Jobs\nChildren's services rated good by Ofsted\nBy Jo Bloggs, Local Democracy Reporter\n0 comments",
            "Children's services rated good by Ofsted",
            Some("Jo Bloggs"),
            None,
        ),
        (
            "Children's services rated good by Ofsted\nJo Bloggs\n@jobloggs\n12 March 2019",
            "Children's services rated good by Ofsted",
            Some("Jo Bloggs"),
            Some("2019-03-12"),
        ),
        (
            "Children's services rated good by Ofsted\nDate published: 12/03/2019\nLast reviewed: 14 March 2019",
            "Children's services rated good by Ofsted",
            None,
            Some("2019-03-12"),
        ),
    ];

    #[test]
    fn headers_as_common_sites_lay_them_out() {
        for (head, title, byline, date) in LAYOUTS {
            let page = format!("{head}\n{BODY}");
            let got = fields(&page);
            let want = (
                some(title),
                byline.map(str::to_owned),
                date.map(str::to_owned),
            );
            assert_eq!(got, want, "{head}");
            let body = read(&page).body;
            let first = BODY.lines().next().unwrap_or_default();
            assert!(body.iter().any(|b| b == first), "{head}: {body:?}");
            assert!(
                !body.iter().any(|b| Some(b.as_str()) == title.into()),
                "{head}: {body:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = read(&s);
        }

        #[test]
        fn never_panics_on_header_like_lines(parts in proptest::collection::vec(proptest::sample::select(vec![
            "By Jo Bloggs", "| 14 May 2019", "Home › News", "date 2018-01-29 Text", "\n", "Skip to main content",
            "Council rated good", "Updated 10:02, 12 Jan 2024", "Jo Bloggs", "Sentence here.", "Related articles", " ",
        ]), 0..30)) {
            let _ = read(&parts.concat());
        }
    }
}
