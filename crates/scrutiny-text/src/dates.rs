//! Dates as pages print them: a date alone ([`parse_date`]) and a date line as a reader sees one
//! under a headline or at the foot of an article ([`date_line`]).
//!
//! A date line is nothing but a date, its label and what usually stands beside it: a time, an
//! "Updated ..." after it, an author's name, bullets and pipes. A sentence that mentions a date
//! ("inspected in March 2017") is never one.

use std::sync::LazyLock;

use regex::Regex;
use scrutiny_core::PartialDate;

use crate::lines::{may_start_with, normalize_space, strip_prefix_ignore_case};

/// Weekday names, English, full and abbreviated, Monday first (index = days from Monday).
const WEEKDAYS: [(&str, &str); 7] = [
    ("monday", "mon"),
    ("tuesday", "tue"),
    ("wednesday", "wed"),
    ("thursday", "thu"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month names of the other languages generic pages come in (German, French, Spanish,
/// Italian, Portuguese, Dutch) where they differ from the English ones, lower-case, full names
/// only: abbreviations differ too much between languages to be read safely.
const OTHER_MONTHS: &[(&str, u8)] = &[
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch names not already above.
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

/// Publication labels of the other languages generic pages come in, without the preposition
/// that follows them ("veröffentlicht am", "publié le"), and the Korean news systems' "article
/// entered" stamp.
const FOREIGN_PUBLISHED: [&str; 7] = [
    "veröffentlicht",
    "publiziert",
    "publié",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "기사입력",
];

fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    let abbreviation = w.len() == 3 || w == "sept";
    MONTHS
        .iter()
        .position(|m| *m == w || (abbreviation && m.starts_with(&w)))
        .map(|i| i as u8 + 1)
        .or_else(|| {
            OTHER_MONTHS
                .iter()
                .find(|(name, _)| *name == w)
                .map(|&(_, m)| m)
        })
}

fn weekday_index(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    WEEKDAYS
        .iter()
        .position(|(full, short)| {
            // "Tues", "Thur", "Thurs" besides the full names and their three letters.
            *full == w || *short == w || ((4..=5).contains(&w.len()) && full.starts_with(&w))
        })
        .map(|i| i as i8)
}

fn day_number(word: &str) -> Option<u8> {
    // "25." is how German and Dutch write a day.
    let w = word.strip_suffix('.').unwrap_or(word).to_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(&w);
    (1..=2).contains(&digits.len()).then_some(())?;
    digits.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i16> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then_some(())?;
    word.parse().ok()
}

/// A clock time or time-zone word that may stand beside a date ("10:30", "10.30am", "9am",
/// "16:24:47", "BST").
fn is_time_word(word: &str) -> bool {
    let w = word.trim_matches(['(', ')']).to_lowercase();
    if matches!(
        w.as_str(),
        "at" | "am"
            | "pm"
            | "a.m."
            | "p.m."
            | "bst"
            | "gmt"
            | "utc"
            | "et"
            | "est"
            | "edt"
            | "ct"
            | "cst"
            | "cdt"
            | "pt"
            | "pst"
            | "pdt"
            | "cet"
            | "cest"
    ) {
        return true;
    }
    let bare = w.trim_end_matches("am").trim_end_matches("pm");
    let meridiem = bare.len() < w.len();
    let ok =
        |p: &str, max: u32| (1..=2).contains(&p.len()) && p.parse::<u32>().is_ok_and(|n| n <= max);
    let parts: Vec<&str> = bare.split([':', '.']).collect();
    match parts[..] {
        [h] => meridiem && ok(h, 12),
        [h, m] => ok(h, 23) && ok(m, 59),
        [h, m, s] => ok(h, 23) && ok(m, 59) && ok(s, 59),
        _ => false,
    }
}

/// A clock time with digits ("10:30", "9am"), which may open a date line ("11:00 07 April 2017").
fn is_clock(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit()) && is_time_word(word)
}

/// A date at the start of an ISO 8601 string (`2014-07-01`, `2014-07-01T09:00:00+01:00`, `2014-07`).
///
/// The calendar date is taken as written: the publisher's local date, not converted to UTC.
pub fn iso_date_prefix(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(s.len());
    let (date, rest) = s.split_at(end);
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    // A bare year ("2014") is too weak to be read as a date from free text.
    if date.len() < 7 {
        return None;
    }
    date.parse().ok()
}

/// How a date written all in figures is read: with the year first only (`2016-09-30`), or also
/// day first, as English pages write it (`23/01/2020`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figures {
    YearFirst,
    DayFirst,
}

/// A date written as one word: `2018-01-29`, `2016/09/30`, `13-Sep-13`, `13-Sep-2013`, and with
/// [`Figures::DayFirst`] `23/01/2020`, `23.01.2020`.
fn one_word_date(word: &str, figures: Figures) -> Option<PartialDate> {
    static YEAR_FIRST: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$").ok());
    static DAY_FIRST: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$").ok());
    static MONTH_NAMED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})-([A-Za-z]{3,9})-(\d{2}|\d{4})$").ok());
    let number = |s: &str| s.parse::<u16>().ok();
    if let Some(c) = YEAR_FIRST.as_ref().and_then(|re| re.captures(word)) {
        let (y, m, d) = (number(&c[1])?, number(&c[2])?, number(&c[3])?);
        return PartialDate::day(y as i16, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok();
    }
    if let Some(c) = MONTH_NAMED.as_ref().and_then(|re| re.captures(word)) {
        let y = number(&c[3])?;
        // Two figures are this century's years up to 69, the last century's after.
        let y = match (c[3].len(), y) {
            (2, y) if y < 70 => 2000 + y,
            (2, y) => 1900 + y,
            (_, y) => y,
        };
        return PartialDate::day(y as i16, month_number(&c[2])?, day_number(&c[1])?).ok();
    }
    if let Some(d) = iso_date_prefix(word) {
        return Some(d);
    }
    let c = DAY_FIRST.as_ref().and_then(|re| re.captures(word))?;
    (figures == Figures::DayFirst).then_some(())?;
    let (d, m, y) = (number(&c[1])?, number(&c[2])?, number(&c[3])?);
    PartialDate::day(y as i16, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()
}

/// A weekday's or a month's name (English or another language's), which alone is no name.
pub(crate) fn is_calendar_word(word: &str) -> bool {
    weekday_index(word).is_some() || month_number(word).is_some()
}

/// The words of a date string: split at spaces and commas, brackets taken off.
fn date_words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(['(', ')', '[', ']']))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The date `words` state and nothing else. Clock times and time zones may stand anywhere
/// ("10:02 AM EST Nov 19, 2019", "14:17 GMT, Wednesday, 17 December 2008"), a weekday first,
/// which must agree with the date.
fn date_of(words: &[&str], figures: Figures) -> Option<PartialDate> {
    let words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !is_time_word(w) && *w != "de")
        .collect();
    let (weekday, words) = match words.split_first() {
        Some((first, rest)) => match weekday_index(first) {
            Some(w) => (Some(w), rest),
            None => (None, &words[..]),
        },
        None => return None,
    };
    let dmy = |d: &str, m: &str, y: &str| {
        PartialDate::day(year_number(y)?, month_number(m)?, day_number(d)?).ok()
    };
    let date = match words {
        [word] => one_word_date(word, figures)?,
        [d, m, y] if day_number(d).is_some() => dmy(d, m, y)?,
        [m, d, y] => dmy(d, m, y)?,
        [d, "of", m, y] => dmy(d, m, y)?,
        [m, y] if weekday.is_none() => {
            PartialDate::month(year_number(y)?, month_number(m)?).ok()?
        }
        _ => return None,
    };
    if let Some(w) = weekday {
        let actual = date.to_civil()?.weekday().to_monday_zero_offset();
        if actual != w {
            return None;
        }
    }
    Some(date)
}

/// The date a short string states, and nothing else: `Tuesday, July 1, 2014`, `12 May 2016`,
/// `1st July 2014 10:30`, `July 2014`, `2014-07-01`, `13-Sep-13`. A weekday that contradicts the
/// date, a numeric `12/05/2016` (day and month order unknown out of context) or any other word
/// makes it `None`.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let s = s.trim().trim_end_matches(['.', ',', ';']);
    if let Some(d) = iso_date_prefix(s) {
        return Some(d);
    }
    date_of(&date_words(s), Figures::YearFirst)
}

/// The page's own date a header line gives: a publication date, a date alone or beside its
/// author, else the last update's (`Published: 12 May 2016`, `| 14 May 2019`, `Tuesday, July 1,
/// 2014`, `Last updated 12 May 2016`). `None` for another thing's date (`Meeting: ...`) and for
/// any line that is more than a date line.
pub fn page_date(line: &str) -> Option<PartialDate> {
    date_line(line)
        .filter(|d| d.label != DateLabel::Other && d.rest.is_none())
        .map(|d| d.date)
}

/// The publication date of a labelled date line (`Published: 12 May 2016`, `Posted on 1 July
/// 2014 by Jo Bloggs`, `Date: 2016-05-12`, `Report published: 12 May 2015`). Lines labelled
/// with other dates (`Last updated: ...`, `Meeting: ...`) are `None`.
pub fn labelled_date(line: &str) -> Option<PartialDate> {
    date_line(line)
        .filter(|d| d.label == DateLabel::Published && d.rest.is_none())
        .map(|d| d.date)
}

/// What a date line says its date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLabel {
    /// "Published", "Posted on", "Date:", "Report published:": the publication date.
    Published,
    /// No label: a date alone, or beside an author's name.
    Bare,
    /// "Last updated", "Updated": when the page was last changed.
    Updated,
    /// Another label ("Meeting:", "Inspection date:", "Jo says:"): the date of something else.
    Other,
}

/// A line that is a date line: a date with its label, and what stood beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    /// The date the line gives for its label (a publication date before any other).
    pub date: PartialDate,
    /// What the date is.
    pub label: DateLabel,
    /// Whether the line names what one of its dates is ("07 Jan 2019 Last updated at 10:00"
    /// is labelled though its date is bare): a page's own date line, not a masthead's clock.
    pub labelled: bool,
    /// The author the line names beside the date: "Jo Bloggs | 14 May 2019", "By Jo Bloggs,
    /// 12 May 2016", "Posted on 1 July 2014 by Jo Bloggs".
    pub name: Option<String>,
    /// Text run on after a labelled date, as a copied page glues the next block to a date line
    /// ("date 2018-01-29 Rotherham Council's children's services ...").
    pub rest: Option<String>,
}

/// Words that make a label an update's ("Last updated", "Page last updated at", "Modified").
const UPDATED_WORDS: [&str; 5] = ["updated", "modified", "revised", "amended", "edited"];

/// The last word of a publication label, which one word may qualify ("First published",
/// "Report published", "Originally posted").
const PUBLISHED_WORDS: [&str; 4] = ["published", "posted", "issued", "released"];

/// Whole labels that introduce a publication date.
const PUBLISHED_PHRASES: [&str; 8] = [
    "date",
    "publication date",
    "date published",
    "published date",
    "release date",
    "date posted",
    "posted date",
    "publish date",
];

/// What a label before a date says the date is. `None`: the words are no label.
fn label_of(prefix: &str) -> Option<DateLabel> {
    let colon = prefix.trim_end().ends_with(':');
    let p = prefix
        .trim_end_matches([':', ' ', '-', '–', '|', '(', '['])
        .to_lowercase();
    let p = ["on", "at", "el", "le", "am", "em", "il", "op"]
        .iter()
        .find_map(|w| p.strip_suffix(w).filter(|s| s.ends_with(' ')))
        .map_or(p.as_str(), str::trim_end);
    let words: Vec<&str> = p.split_whitespace().collect();
    let last = *words.last()?;
    if words.len() > 4 {
        return None;
    }
    if words.iter().any(|w| UPDATED_WORDS.contains(w)) {
        return Some(DateLabel::Updated);
    }
    if (PUBLISHED_WORDS.contains(&last) && words.len() <= 2)
        || PUBLISHED_PHRASES.contains(&p)
        || FOREIGN_PUBLISHED.contains(&p)
    {
        return Some(DateLabel::Published);
    }
    (colon && words.len() <= 3 || last == "date").then_some(DateLabel::Other)
}

/// The author a byline-like prefix or suffix names: "By Jo Bloggs", "Posted by Jo Bloggs on",
/// "by Jo Bloggs", a person's name alone.
fn name_beside_date(words: &str) -> Option<String> {
    let w = words
        .trim()
        .trim_end_matches([',', ':', '|', '-', '–'])
        .trim_end();
    let w = ["on", "at"]
        .iter()
        .find_map(|s| w.strip_suffix(s).filter(|r| r.ends_with(' ')))
        .map_or(w, str::trim_end);
    crate::bylines::byline(w).or_else(|| crate::bylines::is_person_name(w).then(|| w.to_owned()))
}

/// A word a date can start with: a weekday, a day, a month, a one-word date or a clock time.
fn opens_date(word: &str) -> bool {
    weekday_index(word).is_some()
        || day_number(word).is_some()
        || month_number(word).is_some()
        || one_word_date(word, Figures::DayFirst).is_some()
        || is_clock(word)
}

/// A word a date can go on with.
fn continues_date(word: &str) -> bool {
    opens_date(word)
        || year_number(word).is_some()
        || is_time_word(word)
        || matches!(word, "of" | "de")
}

/// The first date in `s`'s words: the byte range of its words in `s` and the date.
fn find_date(s: &str) -> Option<(usize, usize, PartialDate)> {
    let words: Vec<(usize, &str)> = s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
        .collect();
    let clean = |w: &str| w.trim_matches([',', '(', ')', '[', ']']).to_owned();
    for i in 0..words.len() {
        if !opens_date(&clean(words[i].1)) {
            continue;
        }
        let run = words[i..]
            .iter()
            .take_while(|(_, w)| continues_date(&clean(w)))
            .count();
        for j in (i + 1..=i + run).rev() {
            let text: Vec<&str> = words[i..j].iter().map(|(_, w)| *w).collect();
            if let Some(date) = date_of(&date_words(&text.join(" ")), Figures::DayFirst) {
                let (last_at, last) = words[j - 1];
                return Some((words[i].0, last_at + last.len(), date));
            }
        }
    }
    None
}

/// One part of a date line, between separators.
#[derive(Debug)]
enum Part {
    /// A date with its label and the name beside it.
    Dated {
        date: PartialDate,
        label: DateLabel,
        name: Option<String>,
    },
    /// A label whose date is elsewhere or is only a time ("Last updated at 10:00", "Published").
    Label,
    /// An author's name ("By Jo Bloggs").
    Name(String),
    /// A few words that are not a sentence ("News Release PR9452").
    Aside,
}

/// Read one part of a date line; `None` when it is ordinary text.
fn part(s: &str) -> Option<Part> {
    let s = s.trim().trim_matches(['|', '•', '·']).trim();
    let Some((from, to, date)) = find_date(s) else {
        let no_time = s
            .split_whitespace()
            .filter(|w| !is_time_word(w))
            .collect::<Vec<_>>()
            .join(" ");
        if !no_time.is_empty() && label_of(&no_time).is_some() {
            return Some(Part::Label);
        }
        if let Some(name) = name_beside_date(s) {
            return Some(Part::Name(name));
        }
        let words = s.split_whitespace().count();
        let sentence = s.contains(". ") || s.ends_with(['.', '!', '?']);
        return (words <= 8 && !sentence).then_some(Part::Aside);
    };
    let (prefix, suffix) = (
        &s[..from],
        s[to..].trim_matches(|c: char| !c.is_alphanumeric()),
    );
    let (label, mut name) = match prefix.trim() {
        "" => (DateLabel::Bare, None),
        p => match label_of(p) {
            Some(label) => (label, None),
            None if one_token(p) => (DateLabel::Bare, None),
            None => {
                let name = name_beside_date(p)?;
                let posted = ["posted by", "written by"]
                    .iter()
                    .any(|l| strip_prefix_ignore_case(p, l).is_some());
                let label = if posted {
                    DateLabel::Published
                } else {
                    DateLabel::Bare
                };
                (label, Some(name))
            }
        },
    };
    if !suffix.is_empty() && !is_aside_after_date(&s[..to], suffix) {
        // "... by Jo Bloggs"; a "by" that names no one ("by admin") leaves the date alone.
        let by = strip_prefix_ignore_case(suffix, "by ")?;
        if by.split_whitespace().count() > 4 {
            return None;
        }
        name = name.or_else(|| name_beside_date(suffix));
    }
    Some(Part::Dated { date, label, name })
}

/// What may follow a date on its line without making it a sentence: the sections it was filed
/// in ("in Children, Social work") or the place after a comma (", UK").
fn is_aside_after_date(date: &str, suffix: &str) -> bool {
    let words: Vec<&str> = suffix.split_whitespace().collect();
    let filed = strip_prefix_ignore_case(suffix, "in ").is_some() && words.len() <= 5;
    let place = date.trim_end().ends_with(',')
        && words.len() <= 2
        && words.iter().all(|w| w.starts_with(char::is_uppercase));
    (filed || place) && !suffix.contains(['.', '!', '?']) && !suffix.contains(char::is_numeric)
}

/// A prefix of one word that is no label: a forum user's handle ("Pandorassox Fri 13-Sep-13").
fn one_token(s: &str) -> bool {
    !s.contains(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Where a line breaks into parts: pipes, bullets, dashes between spaces, and before an
/// update's label that follows a date ("09:15, 12 Jan 2024 Updated 10:02, 12 Jan 2024").
fn parts_of(t: &str) -> Vec<&str> {
    static SEPARATOR: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\s*[|•·]\s*|\s+[-–—]\s+").ok());
    static UPDATE: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(?i)\s(?:(?:page\s+)?last\s+)?(?:updated|modified)\b").ok());
    let Some(separator) = SEPARATOR.as_ref() else {
        return vec![t];
    };
    let mut out = Vec::new();
    for piece in separator.split(t).filter(|p| !p.trim().is_empty()) {
        let at = UPDATE
            .as_ref()
            .and_then(|re| re.find(piece))
            .map(|m| m.start())
            .filter(|&i| find_date(&piece[..i]).is_some());
        match at {
            Some(i) => out.extend([&piece[..i], &piece[i..]]),
            None => out.push(piece),
        }
    }
    out
}

/// The longest date line a page shows, in words: longer lines are paragraphs.
const DATE_LINE_WORDS: usize = 24;

/// Read a line as a date line: `Published: 3rd Feb 2020`, `Wednesday, March 4, 2015`,
/// `09:15, 12 Jan 2024 Updated 10:02, 12 Jan 2024`, `| 14 May 2019`, `date 2016-09-30`,
/// `PUBLISHED: 11:00 07 April 2017 | UPDATED: 13:27 07 April 2017`, `Jo Bloggs | 14 May 2019`,
/// `Last updated: 23/01/2020` (figures are read day first, as English pages write them).
/// `None` for a line that is anything more: a sentence with a date in it is not a date line.
pub fn date_line(line: &str) -> Option<DateLine> {
    // Every date has a figure, and most lines of a page are sentences without a date line's shape.
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = normalize_space(line);
    let t = t.trim_matches(|c: char| matches!(c, '•' | '·' | '|' | '-' | '–' | '—' | '*' | ' '));
    if t.split_whitespace().count() > DATE_LINE_WORDS {
        return glued(t);
    }
    let parts: Option<Vec<Part>> = parts_of(t).into_iter().map(part).collect();
    match parts {
        Some(parts) => from_parts(&parts),
        None => glued(t),
    }
}

/// The date line the parts make: the publication date first, then another label's, then a
/// bare date, then an update's; a line with no date is none.
fn from_parts(parts: &[Part]) -> Option<DateLine> {
    let rank = |l: DateLabel| match l {
        DateLabel::Published => 0,
        DateLabel::Other => 1,
        DateLabel::Bare => 2,
        DateLabel::Updated => 3,
    };
    let (date, label) = parts
        .iter()
        .filter_map(|p| match p {
            Part::Dated { date, label, .. } => Some((*date, *label)),
            _ => None,
        })
        .min_by_key(|(_, l)| rank(*l))?;
    let labelled = parts.iter().any(|p| match p {
        Part::Label => true,
        Part::Dated { label, .. } => *label != DateLabel::Bare,
        _ => false,
    });
    let name = parts.iter().find_map(|p| match p {
        Part::Name(n) | Part::Dated { name: Some(n), .. } => Some(n.clone()),
        _ => None,
    });
    Some(DateLine {
        date,
        label,
        labelled,
        name,
        rest: None,
    })
}

/// A publication label and a full date at the start of a line, with the next block run on
/// after them: `date 2018-01-29 Rotherham Council's children's services ...`.
fn glued(t: &str) -> Option<DateLine> {
    const OPENERS: [&str; 3] = ["date", "published", "posted"];
    if !may_start_with(t, &OPENERS) {
        return None;
    }
    let (from, to, date) = find_date(t)?;
    let rest = t[to..].trim();
    let label = label_of(&t[..from]).filter(|l| *l == DateLabel::Published)?;
    let words = rest.split_whitespace().count();
    (date.get_day().is_some() && words >= 2).then(|| DateLine {
        date,
        label,
        labelled: true,
        name: None,
        rest: Some(rest.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn parses_cypnow_and_council_date_lines() {
        assert_eq!(d("Tuesday, July 1, 2014").as_deref(), Some("2014-07-01"));
        assert_eq!(d("12 May 2016").as_deref(), Some("2016-05-12"));
        assert_eq!(
            d("Thursday 12th May 2016, 10:30am").as_deref(),
            Some("2016-05-12")
        );
        assert_eq!(d("1 Sept 2015").as_deref(), Some("2015-09-01"));
        assert_eq!(d("July 2014").as_deref(), Some("2014-07"));
        assert_eq!(
            d("2014-07-01T09:00:00+01:00").as_deref(),
            Some("2014-07-01")
        );
    }

    #[test]
    fn clock_times_anywhere_and_other_languages() {
        assert_eq!(
            labelled_date("Published 10:02 AM EST Nov 19, 2019")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(d("November 20 15:23 2019").as_deref(), Some("2019-11-20"));
        assert_eq!(
            labelled_date("publiziert am 25. September 2018")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2018-09-25")
        );
        assert_eq!(d("3. März 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(d("25 de mayo de 2018").as_deref(), Some("2018-05-25"));
        assert_eq!(d("12 décembre 2019").as_deref(), Some("2019-12-12"));
        assert_eq!(
            labelled_date("기사입력 :[ 2018-08-25 15:24 ]")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2018-08-25")
        );
        // Words that are not a date's stay refused, and so do abbreviations of other languages.
        assert_eq!(d("25. Sept. Dienstag 2018"), None);
        assert_eq!(d("3 mär 2020"), None);
        assert_eq!(labelled_date("aktualisiert am 25. September 2018"), None);
    }

    #[test]
    fn refuses_contradictions_and_ambiguity() {
        assert_eq!(d("Monday, July 1, 2014"), None, "1 July 2014 was a Tuesday");
        assert_eq!(d("12/05/2016"), None);
        assert_eq!(d("30 February 2016"), None);
        assert_eq!(d("Children in Knowsley are being left at risk"), None);
        assert_eq!(d("in March 2010 it was rated good"), None);
        assert_eq!(d("2014"), None);
        assert_eq!(d(""), None);
    }

    #[test]
    fn labelled_dates_only_for_publication_labels() {
        assert_eq!(
            labelled_date("Published: 12 May 2016")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2016-05-12")
        );
        assert_eq!(
            labelled_date("Posted on 1 July 2014")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2014-07-01")
        );
        assert_eq!(labelled_date("Last updated: 12 May 2016"), None);
        assert_eq!(labelled_date("Dated 12 May 2016"), None);
        assert_eq!(labelled_date("Published"), None);
    }

    /// The date a line gives, its label, and the name beside it.
    fn line(s: &str) -> Option<(String, DateLabel, Option<String>)> {
        date_line(s).map(|d| (d.date.to_string(), d.label, d.name))
    }

    fn dated(date: &str, label: DateLabel) -> Option<(String, DateLabel, Option<String>)> {
        Some((date.to_owned(), label, None))
    }

    #[test]
    fn date_lines_with_and_without_weekdays_ordinals_and_abbreviations() {
        use DateLabel::*;
        assert_eq!(line("Wednesday, March 4, 2015"), dated("2015-03-04", Bare));
        assert_eq!(line("Wednesday 4 March 2015"), dated("2015-03-04", Bare));
        assert_eq!(line("4 March 2015"), dated("2015-03-04", Bare));
        assert_eq!(line("March 4th, 2015"), dated("2015-03-04", Bare));
        assert_eq!(line("Wed 4th Mar 2015"), dated("2015-03-04", Bare));
        assert_eq!(line("Tues. Mar. 3rd, 2015"), dated("2015-03-03", Bare));
        assert_eq!(line("4 Sept 2015"), dated("2015-09-04", Bare));
        assert_eq!(
            line("Monday, March 4, 2015"),
            None,
            "4 March 2015 was a Wednesday"
        );
    }

    #[test]
    fn date_lines_in_figures_day_first_or_iso() {
        use DateLabel::*;
        assert_eq!(line("23/01/2020"), dated("2020-01-23", Bare));
        assert_eq!(line("23.01.2020"), dated("2020-01-23", Bare));
        assert_eq!(line("2016-09-30"), dated("2016-09-30", Bare));
        assert_eq!(line("date 2016-09-30"), dated("2016-09-30", Published));
        assert_eq!(line("Fri 13-Sep-13 16:24:47"), dated("2013-09-13", Bare));
        assert_eq!(line("31/02/2020"), None);
        // Out of a date line's context figures stay ambiguous.
        assert_eq!(parse_date("23/01/2020"), None);
    }

    #[test]
    fn date_lines_with_times_and_updates_after_them() {
        use DateLabel::*;
        assert_eq!(line("17 Nov 2022, 10:30"), dated("2022-11-17", Bare));
        assert_eq!(line("4 March 2015 at 9.30am"), dated("2015-03-04", Bare));
        let both = date_line("09:15, 12 Jan 2024 Updated 10:02, 13 Jan 2024");
        assert_eq!(
            both.map(|d| (d.date.to_string(), d.label, d.labelled)),
            Some(("2024-01-12".to_owned(), Bare, true))
        );
        let stamp = date_line("07 Jan 2019 Last updated at 10:00");
        assert_eq!(
            stamp.map(|d| (d.date.to_string(), d.labelled)),
            Some(("2019-01-07".to_owned(), true))
        );
        assert_eq!(
            line("Page last updated at 14:17 GMT, Wednesday, 17 December 2008"),
            dated("2008-12-17", Updated)
        );
        assert_eq!(
            line("Last updated: 12 May 2016"),
            dated("2016-05-12", Updated)
        );
    }

    #[test]
    fn date_lines_with_publication_labels() {
        use DateLabel::*;
        assert_eq!(
            line("Published: 3rd Feb 2020"),
            dated("2020-02-03", Published)
        );
        assert_eq!(
            line("PUBLISHED: 3 Feb 2020"),
            dated("2020-02-03", Published)
        );
        assert_eq!(
            line("Posted on 3 February 2020"),
            dated("2020-02-03", Published)
        );
        assert_eq!(
            line("First published 3 Feb 2020"),
            dated("2020-02-03", Published)
        );
        assert_eq!(
            line("Report published: 3 Feb 2020"),
            dated("2020-02-03", Published)
        );
        assert_eq!(line("Date: 03/02/2020"), dated("2020-02-03", Published));
        assert_eq!(
            line("PUBLISHED: 11:00 07 April 2017 | UPDATED: 13:27 08 April 2017"),
            dated("2017-04-07", Published)
        );
        assert_eq!(
            line("News Release 1234 - published on 24 February 2026"),
            dated("2026-02-24", Published)
        );
    }

    #[test]
    fn date_lines_with_pipes_bullets_and_names() {
        use DateLabel::*;
        assert_eq!(line("| 14 May 2019"), dated("2019-05-14", Bare));
        assert_eq!(line("• Tue. May 14th, 2019"), dated("2019-05-14", Bare));
        assert_eq!(line("14 May 2019 |"), dated("2019-05-14", Bare));
        let named = |name: &str| Some(name.to_owned());
        assert_eq!(
            line("Jo Bloggs | 14 May 2019"),
            Some(("2019-05-14".to_owned(), Bare, named("Jo Bloggs")))
        );
        assert_eq!(
            line("Jo Bloggs 14 May 2019"),
            Some(("2019-05-14".to_owned(), Bare, named("Jo Bloggs")))
        );
        assert_eq!(
            line("By Jo Bloggs, 14 May 2019"),
            Some(("2019-05-14".to_owned(), Bare, named("Jo Bloggs")))
        );
        assert_eq!(
            line("Posted on 14 May 2019 by Jo Bloggs"),
            Some(("2019-05-14".to_owned(), Published, named("Jo Bloggs")))
        );
        assert_eq!(
            line("Posted on 14 May 2019 by admin"),
            dated("2019-05-14", Published)
        );
    }

    #[test]
    fn dates_of_other_things_are_labelled_so() {
        use DateLabel::*;
        assert_eq!(
            line("Meeting: 23/01/2020 - Children and Families Scrutiny Panel (Item 25)"),
            dated("2020-01-23", Other)
        );
        assert_eq!(
            line("Inspection date: 24 February 2015 – 18 March 2015"),
            dated("2015-02-24", Other)
        );
        assert_eq!(
            line("Jo Bloggs says: 12 May 2016 at 10:30 am"),
            dated("2016-05-12", Other)
        );
    }

    #[test]
    fn sentences_and_furniture_are_not_date_lines() {
        for not in [
            "The council was inspected in March 2017.",
            "Ofsted published its report on 12 May 2016",
            "The report was published on 12 May 2016 and found failings.",
            "Published in March 2010, the report found failings",
            "On 12 May 2016, inspectors found that the council had failed.",
            "© Copyright 2024 Example Newspapers Ltd",
            "Fri, 20",
            "13 °C",
            "3 mins read",
            "(27 Posts)",
            "Item 7 App 2 Ofsted Inspection of LSCB",
        ] {
            assert_eq!(date_line(not), None, "{not}");
        }
    }

    #[test]
    fn a_date_line_may_have_the_next_block_glued_on() {
        let d = date_line(" date 2018-01-29 The council's services were rated good.");
        assert_eq!(
            d.map(|d| (d.date.to_string(), d.label, d.rest)),
            Some((
                "2018-01-29".to_owned(),
                DateLabel::Published,
                Some("The council's services were rated good.".to_owned())
            ))
        );
        assert_eq!(
            date_line("12 May 2016 The council's services were rated good."),
            None
        );
    }
}
