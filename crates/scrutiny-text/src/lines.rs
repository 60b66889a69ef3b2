//! Page text as a reader copied it.

use scrutiny_core::PartialDate;

/// What [`normalize_space`] collapses: whitespace, no-break and zero-width spaces.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}'
}

/// Whether `normalize_space(line)` can start with one of `prefixes` (compared as
/// [`strip_prefix_ignore_case`] does), without building it: its first byte is that of the
/// line's first character that is not a space. Most lines of a page are body text that no
/// label or byline starts, and normalizing each one to find that out copied the whole page
/// once more per check.
fn may_start_with(line: &str, prefixes: &[&str]) -> bool {
    let Some((i, _)) = line.char_indices().find(|&(_, c)| !is_space(c)) else {
        return false;
    };
    let first = line.as_bytes()[i];
    prefixes.iter().any(|p| {
        p.as_bytes()
            .first()
            .is_some_and(|b| b.eq_ignore_ascii_case(&first))
    })
}

/// Whether `s` is already what [`normalize_space`] makes of it: no space at either end, no two
/// together, no space but the plain one. Most lines of a page are, and copying one whole is
/// cheaper than rebuilding it word by word. A line with an ASCII control character is never
/// taken as normal here (the full path decides).
fn is_normal_space(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut space = true; // a space before the first character would be a leading one
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_graphic() {
            space = false;
            i += 1;
        } else if b == b' ' {
            if space {
                return false;
            }
            space = true;
            i += 1;
        } else if b.is_ascii() {
            return false;
        } else {
            match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if !is_space(c) => {
                    space = false;
                    i += c.len_utf8();
                }
                _ => return false,
            }
        }
    }
    !space || bytes.is_empty()
}

/// Collapse every run of whitespace (including no-break spaces) into one space and trim.
pub fn normalize_space(s: &str) -> String {
    if is_normal_space(s) {
        return s.to_owned();
    }
    // Plugins call this on every line and element of every page. Most characters are ASCII:
    // a byte test settles those, and only the others are decoded (splitting on a `char`
    // predicate decodes every one).
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let flush = |out: &mut String, from: usize, to: usize| {
        if let Some(w) = s.get(from..to) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Printable ASCII, most of any page, is never a space: skip a run of it at once.
        let plain = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b <= b' ' || b >= 0x80))
            .unwrap_or(bytes.len() - i);
        if plain > 0 {
            word.get_or_insert(i);
            i += plain;
            continue;
        }
        let (space, len) = if b.is_ascii() {
            (matches!(b, b'\t'..=b'\r' | b' '), 1)
        } else {
            match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (is_space(c), c.len_utf8()),
                None => (false, 1),
            }
        };
        match (space, word) {
            (true, Some(w)) => {
                flush(&mut out, w, i);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(w) = word {
        flush(&mut out, w, s.len());
    }
    out
}

/// [`normalize_space`] by splitting on a `char` predicate: the reference it must agree with.
#[cfg(test)]
fn normalize_space_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The text of a bulleted line (`• item`, `- item`, `* item`), or `None` for other lines.
pub fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    // The first character decides: every line of every page comes here, and trying each mark
    // in turn compared up to eight encoded prefixes per line.
    let mark = t.chars().next()?;
    if !BULLETS.contains(&mark) {
        return None;
    }
    let rest = &t[mark.len_utf8()..];
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}

const BULLETS: [char; 8] = ['•', '●', '▪', '◦', '·', '-', '*', '–'];

/// The non-blank lines of a page, trimmed, with their 0-based line numbers.
pub fn content_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            (
                i,
                l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'),
            )
        })
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

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

/// Labels that introduce a publication date ("Published: 12 May 2016"). Labels for other dates
/// ("Last updated", "Reviewed") are deliberately absent: they do not date the article.
/// Other languages' labels come first, then longer English labels before their prefixes.
const PUBLISHED_LABELS: [&str; 17] = [
    "veröffentlicht am",
    "publiziert am",
    "publié le",
    "publicado el",
    "publicado em",
    "pubblicato il",
    "gepubliceerd op",
    // Korean news systems' "article entered" stamp.
    "기사입력",
    "date published",
    "first published",
    "published on",
    "published",
    "posted on",
    "posted",
    "issued",
    "release date",
    "date",
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
        .position(|(full, short)| *full == w || *short == w)
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

/// A clock time or time-zone word that may trail a date ("10:30", "10.30am", "BST").
fn is_time_word(word: &str) -> bool {
    let w = word.to_lowercase();
    if matches!(
        w.as_str(),
        "at" | "am"
            | "pm"
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
    let w = w.trim_end_matches("am").trim_end_matches("pm");
    let mut parts = w.split([':', '.']);
    let ok = |p: Option<&str>, max: u32| {
        p.is_some_and(|p| (1..=2).contains(&p.len()) && p.parse::<u32>().is_ok_and(|n| n <= max))
    };
    ok(parts.next(), 23) && ok(parts.next(), 59) && parts.next().is_none()
}

/// `s` without `prefix` (ASCII, compared case-insensitively), when it starts with it.
pub fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
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

/// The date a short string states, and nothing else: `Tuesday, July 1, 2014`, `12 May 2016`,
/// `1st July 2014 10:30`, `July 2014`, `2014-07-01`. A weekday that contradicts the date, a
/// numeric `12/05/2016` (day and month order unknown) or any other word makes it `None`.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let s = s.trim().trim_end_matches(['.', ',', ';']);
    if let Some(d) = iso_date_prefix(s) {
        return Some(d);
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (weekday, words) = match words.split_first() {
        Some((first, rest)) => match weekday_index(first) {
            Some(w) => (Some(w), rest),
            None => (None, &words[..]),
        },
        None => return None,
    };
    // Drop clock times and time zones wherever they stand ("10:02 AM EST Nov 19, 2019",
    // "November 20 15:23 2019"), and the article words of "25 de mayo de 2018"; whatever
    // remains must be exactly a date.
    let words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !is_time_word(w) && *w != "de")
        .collect();
    let date = match &words[..] {
        [d, m, y] if day_number(d).is_some() => {
            PartialDate::day(year_number(y)?, month_number(m)?, day_number(d)?).ok()?
        }
        [m, d, y] => PartialDate::day(year_number(y)?, month_number(m)?, day_number(d)?).ok()?,
        [d, "of", m, y] => {
            PartialDate::day(year_number(y)?, month_number(m)?, day_number(d)?).ok()?
        }
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

/// The publication date of a labelled date line (`Published: 12 May 2016`, `Posted on 1 July
/// 2014`, `Date: 2016-05-12`). Lines labelled with other dates (`Last updated: ...`) are `None`.
pub fn labelled_date(line: &str) -> Option<PartialDate> {
    if !may_start_with(line, &PUBLISHED_LABELS) {
        return None;
    }
    let t = normalize_space(line);
    let rest = PUBLISHED_LABELS
        .iter()
        .find_map(|l| strip_prefix_ignore_case(&t, l))?;
    // The label must end at a word boundary: "Dated" or "Postedby" are not labels.
    if rest.starts_with(char::is_alphanumeric) {
        return None;
    }
    let rest = rest.trim_start_matches([':', ' ', '-', '–', '|', '[', '(']);
    let rest = rest.trim_end_matches([']', ')', ' ']);
    let rest = rest.strip_prefix("on ").unwrap_or(rest);
    parse_date(rest)
}

/// The name in a byline line: `By Neil Puffett`, `by Comms Team`, `Written by A. Writer`.
/// `None` for lines that are not a short byline (a sentence starting "By 2020, ...").
pub fn byline(line: &str) -> Option<String> {
    const PREFIXES: [&str; 3] = ["written by ", "posted by ", "by "];
    if !may_start_with(line, &PREFIXES) {
        return None;
    }
    let t = normalize_space(line);
    let name = PREFIXES
        .into_iter()
        .find_map(|p| strip_prefix_ignore_case(&t, p))?;
    let name = name.trim().trim_end_matches([',', '|']).trim();
    is_name_like(name).then(|| name.to_owned())
}

/// A short run of capitalised words, as names and team names are: `Neil Puffett`, `Comms Team`,
/// `Mary-Jane O'Neil`, `Jo de Souza`. No digits, no sentence punctuation, at most six words.
pub fn is_name_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || s.chars().count() > 60 || s.ends_with('.') {
        return false;
    }
    let particles = [
        "de", "van", "von", "der", "da", "di", "le", "la", "and", "&",
    ];
    words
        .first()
        .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.' | '&'))
                && (w.starts_with(char::is_uppercase) || particles.contains(w))
        })
}

/// The credit ending a photo caption line: `... Picture: Phil Adams`, `... (Image: Knowsley
/// Council)`, `Photo: iStock`. `None` when the line does not end with a short credit.
pub fn photo_credit(line: &str) -> Option<&str> {
    // Asked of every caption and body line: every label ends in a colon, so a line without
    // one is settled by one fast scan instead of a search per label.
    if !line.contains(':') {
        return None;
    }
    let t = line.trim_end();
    let (t, bracketed) = match t.strip_suffix(')') {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    let labels = [
        "Picture:",
        "Pictures:",
        "Photo:",
        "Photograph:",
        "Image:",
        "Images:",
        "Credit:",
    ];
    let (at, label) = labels
        .iter()
        .filter_map(|l| t.rfind(l).map(|i| (i, *l)))
        .max_by_key(|(i, _)| *i)?;
    let before = &t[..at];
    let starts_ok = if bracketed {
        before.ends_with('(')
    } else {
        before.is_empty() || before.ends_with(char::is_whitespace)
    };
    let credit = t[at + label.len()..].trim();
    let words = credit.split_whitespace().count();
    let ok = starts_ok
        && (1..=6).contains(&words)
        && credit.chars().count() <= 50
        && !credit.ends_with(['.', '!', '?', ':'])
        && !credit.contains(['(', ')']);
    ok.then_some(credit)
}

/// Lines that open a boilerplate section running to the end of the page ("More like this",
/// "Share this page"), each with the rule its section is removed under. A marker matches a whole
/// line, whitespace-normalized, in any case.
#[derive(Debug, Clone, Default)]
pub struct TailMarkers {
    markers: Vec<(String, &'static str)>,
    /// Characters in the longest marker: a longer line is none of them.
    longest: usize,
}

impl TailMarkers {
    /// The `builtin` markers with their rules, then `extra` ones (a plugin's options) under
    /// `extra_rule`; the first marker that matches a line decides its rule.
    pub fn new(
        builtin: &[(&str, &'static str)],
        extra: &[String],
        extra_rule: &'static str,
    ) -> Self {
        let mut markers: Vec<(String, &'static str)> = builtin
            .iter()
            .map(|(m, r)| (m.to_lowercase(), *r))
            .collect();
        markers.extend(
            extra
                .iter()
                .map(|m| (normalize_space(m).to_lowercase(), extra_rule)),
        );
        let longest = markers
            .iter()
            .map(|(m, _)| m.chars().count())
            .max()
            .unwrap_or(0);
        Self { markers, longest }
    }

    /// The rule of the tail section this line opens, if it opens one.
    pub fn rule(&self, line: &str) -> Option<&'static str> {
        let l = normalize_space(line);
        // Lower-casing never makes fewer characters, so a line longer than every marker is
        // none of them, and most lines (paragraphs) are: they are not lower-cased at all.
        if l.len() > self.longest && l.chars().count() > self.longest {
            return None;
        }
        let l = l.to_lowercase();
        self.markers.iter().find(|(m, _)| *m == l).map(|(_, r)| *r)
    }
}

/// True for a line that reads as a sub-heading: a question of at most 15 words, or a short line
/// (at most 12 words) that starts with a capital or digit and has no closing punctuation.
pub fn is_heading(line: &str) -> bool {
    let t = line.trim();
    // Cheapest first: most lines are paragraphs, longer than any heading (more than 400 bytes
    // is more than 100 characters without counting them), and their words need no counting.
    if t.is_empty()
        || t.len() > 400
        || (t.len() > 100 && t.chars().count() > 100)
        || !t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    if bullet(t).is_some() {
        return false;
    }
    let words = t.split_whitespace().count();
    if t.ends_with('?') {
        return words <= 15;
    }
    let closing = [
        '.', ',', ';', ':', '!', '"', '\'', '”', '’', '…', ')', '»', '-', '–', '—',
    ];
    words <= 12 && !t.ends_with(closing) && !t.contains(". ")
}
#[cfg(test)]
mod tests {
    use super::*;

    /// [`is_heading`] with every test in its first order: the reference it must agree with.
    fn is_heading_reference(line: &str) -> bool {
        let t = line.trim();
        let words = t.split_whitespace().count();
        if t.is_empty()
            || t.chars().count() > 100
            || !t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        {
            return false;
        }
        if bullet(t).is_some() {
            return false;
        }
        if t.ends_with('?') {
            return words <= 15;
        }
        let closing = [
            '.', ',', ';', ':', '!', '"', '\'', '\u{201d}', '\u{2019}', '\u{2026}', ')', '\u{bb}',
            '-', '\u{2013}', '\u{2014}',
        ];
        words <= 12 && !t.ends_with(closing) && !t.contains(". ")
    }

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

    #[test]
    fn bylines_are_short_names() {
        assert_eq!(byline("by Comms Team").as_deref(), Some("Comms Team"));
        assert_eq!(byline("By Neil Puffett").as_deref(), Some("Neil Puffett"));
        assert_eq!(byline("By 2020, the council had improved."), None);
        assert!(is_name_like("Mary-Jane O'Neil"));
        assert!(!is_name_like(
            "Two councils have been told their services are no longer inadequate."
        ));
    }

    #[test]
    fn photo_credits_end_captions() {
        let cap = "Ofsted's single inspection framework was introduced last November. Picture: Phil Adams";
        assert_eq!(photo_credit(cap), Some("Phil Adams"));
        assert_eq!(
            photo_credit("Anthony Douglas CBE (Image: Knowsley Council)"),
            Some("Knowsley Council")
        );
        assert_eq!(photo_credit("Photo: iStock"), Some("iStock"));
        assert_eq!(
            photo_credit("The Picture: it shows that services improved over the years."),
            None
        );
        assert_eq!(photo_credit("No credit here"), None);
    }

    #[test]
    fn headings_are_questions_or_short_unpunctuated_lines() {
        assert!(is_heading("What was the outcome?"));
        assert!(is_heading("What’s next?"));
        assert!(is_heading("Key findings"));
        assert!(!is_heading("Ofsted’s main findings included:"));
        assert!(!is_heading("The report states this."));
        assert!(!is_heading("“Quoted words”"));
        assert!(!is_heading("lower case start"));
    }

    #[test]
    fn tail_markers_match_whole_lines_in_any_case() {
        let tail = TailMarkers::new(
            &[("More like this", "x.more"), ("Share", "x.share")],
            &["  Jobs   of the WEEK ".to_owned()],
            "x.custom",
        );
        assert_eq!(tail.rule(" more  LIKE this "), Some("x.more"));
        assert_eq!(tail.rule("jobs of the week"), Some("x.custom"));
        assert_eq!(tail.rule("Share this"), None);
        assert_eq!(tail.rule("More like this one"), None);
        assert_eq!(TailMarkers::default().rule("Share"), None);
    }

    proptest::proptest! {
        #[test]
        fn normalize_space_agrees_with_the_char_split(
            s in "[\\x00-\\x7f\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{2019}\u{e9}]{0,40}",
            t in "\\PC{0,30}",
        ) {
            proptest::prop_assert_eq!(normalize_space(&s), normalize_space_unicode(&s));
            proptest::prop_assert_eq!(normalize_space(&t), normalize_space_unicode(&t));
        }

        #[test]
        fn the_prefix_check_agrees_with_the_normalized_line(
            s in "[ \t\u{a0}\u{200b}\u{2003}]{0,3}(?:[PpBbWwDdxé기]|by |Published|posted on)?[\x00-\x7f\u{a0}\u{e9}]{0,12}",
        ) {
            let t = normalize_space(&s);
            for prefixes in [&PUBLISHED_LABELS[..], &["written by ", "posted by ", "by "][..]] {
                let can = prefixes.iter().any(|p| strip_prefix_ignore_case(&t, p).is_some());
                // The check may let through a line that does not start with a prefix, never
                // turn away one that does.
                proptest::prop_assert!(!can || may_start_with(&s, prefixes), "{s:?}");
                let first = t.bytes().next();
                let by_first = prefixes.iter().any(|p| {
                    first.is_some_and(|f| p.as_bytes()[0].eq_ignore_ascii_case(&f))
                });
                proptest::prop_assert_eq!(may_start_with(&s, prefixes), by_first, "{:?}", s);
            }
        }

        #[test]
        fn bullet_agrees_with_trying_each_mark(s in "[ \t\u{a0}]{0,2}[•●▪◦·*\\-–a ]?[ \t\u{a0}]?\\PC{0,10}") {
            let t = s.trim_start();
            let each = BULLETS.iter().find_map(|&m| {
                t.strip_prefix(m)
                    .filter(|rest| rest.starts_with(char::is_whitespace))
                    .map(str::trim)
            });
            proptest::prop_assert_eq!(bullet(&s), each, "{:?}", s);
        }

        #[test]
        fn is_heading_agrees_with_the_reference(
            s in "[A-Z\u{c9}1 ]?[a-z \u{a0}\u{e9}\u{4e2d}?.]{0,130}[?.:]?",
            t in "\\PC{0,120}",
        ) {
            proptest::prop_assert_eq!(is_heading(&s), is_heading_reference(&s), "{:?}", s);
            proptest::prop_assert_eq!(is_heading(&t), is_heading_reference(&t), "{:?}", t);
        }

        #[test]
        fn date_and_line_readers_never_panic(s in "\\PC*") {
            let _ = parse_date(&s);
            let _ = labelled_date(&s);
            let _ = byline(&s);
            let _ = is_heading(&s);
            let _ = iso_date_prefix(&s);
            let _ = photo_credit(&s);
        }
    }

    #[test]
    fn normalizes_nbsp_and_runs() {
        assert_eq!(normalize_space("  a\u{a0} b\t\nc  "), "a b c");
    }

    #[test]
    fn only_lines_with_nothing_to_collapse_are_taken_as_normal() {
        for normal in ["", "a b", "caf\u{e9} \u{2019}n\u{2019}", "x"] {
            assert!(is_normal_space(normal), "{normal:?}");
        }
        for not in [
            " a",
            "a ",
            "a  b",
            "a\u{a0}b",
            "a\tb",
            "a\u{200b}",
            " ",
            "a\u{3000}b",
        ] {
            assert!(!is_normal_space(not), "{not:?}");
        }
    }

    #[test]
    fn recognises_bullets_only_with_a_space() {
        assert_eq!(
            bullet("  • Latest digital issues"),
            Some("Latest digital issues")
        );
        assert_eq!(bullet("-5 degrees"), None);
        assert_eq!(bullet("plain"), None);
    }

    #[test]
    fn content_lines_skip_blanks_and_keep_numbers() {
        assert_eq!(content_lines("a\n\n  b \n"), vec![(0, "a"), (2, "b")]);
    }
}
