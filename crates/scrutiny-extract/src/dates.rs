//! Date expressions in a sentence, and how each resolves against the article's own date.

use scrutiny_core::PartialDate;

use crate::pattern::{Rx, Words, cue};

/// What a date expression says, before it is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// A date given in full or in part ("30 June 2014", "March 2010", "2014").
    Absolute(PartialDate),
    /// A month without a year, with how it is placed ("in October", "last November").
    Month(u8, MonthRule),
    /// "today".
    Today,
    /// "yesterday".
    Yesterday,
    /// "this week", "this morning".
    ThisWeek,
    /// "last month".
    LastMonth,
    /// "this year", "earlier this year".
    ThisYear,
    /// "last year".
    LastYear,
    /// "in recent months".
    RecentMonths,
    /// "in the same year", "that year": the year of the claim before.
    SameYear,
    /// "N years ago".
    YearsAgo(i32),
    /// "N years after/before/later/earlier", relative to another claim.
    Years(i32, Direction),
}

/// How a month without a year is placed relative to the article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthRule {
    /// "in October": the latest such month not after the article's month.
    In,
    /// "last November": the latest such month strictly before the article's month.
    Last,
    /// "this March": the article's year.
    This,
    /// "next September": a future month, never a date of a past fact.
    Next,
}

/// The word of a relative year expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// "after": the fact named after it is earlier than its subject.
    After,
    /// "before": the fact named after it is later than its subject.
    Before,
    /// "later": what follows is later than what came before.
    Later,
    /// "earlier": what follows is earlier than what came before.
    Earlier,
}

/// One date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateExpr {
    /// Byte offset of its start in the text searched.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// What it says.
    pub kind: DateKind,
    /// The expression presents the fact as the article's news ("yesterday", "the inspection in October").
    pub current: bool,
}

/// A date expression resolved as far as the article's date allows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved {
    /// The date, when known.
    pub date: Option<PartialDate>,
    /// The month, when only the month is known.
    pub month: Option<u8>,
    /// How it was derived, in words.
    pub basis: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The compiled date patterns.
#[derive(Debug)]
pub struct DateRules {
    day_month_year: Rx,
    month_day_year: Rx,
    month_year: Rx,
    day_month: Rx,
    month_cue: Rx,
    year: Rx,
    relative: Rx,
    years_rel: Rx,
    news_item: Rx,
}

fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            m.to_lowercase().starts_with(&lower[..lower.len().min(3)]) && lower.len() >= 3
        })
        .map(|i| i as u8 + 1)
}

fn number_word(w: &str) -> Option<i32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let lower = w.to_lowercase();
    WORDS
        .iter()
        .position(|x| *x == lower)
        .map(|i| i as i32)
        .or_else(|| lower.parse().ok())
        .filter(|n| (1..=30).contains(n))
}

impl DateRules {
    /// Compile the patterns.
    pub fn new() -> Result<Self, regex::Error> {
        let month = "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";
        let full_month = "(January|February|March|April|May|June|July|August|September|Sept|October|November|December)";
        Ok(Self {
            day_month_year: Rx::new(&format!(
                r"\b(\d{{1,2}})(?:st|nd|rd|th)? {month}\.?,? ((?:19|20)\d\d)\b"
            ))?,
            month_day_year: Rx::new(&format!(
                r"\b{month}\.? (\d{{1,2}})(?:st|nd|rd|th)?,? ((?:19|20)\d\d)\b"
            ))?,
            month_year: Rx::new(&format!(r"\b{month}\.?,? ((?:19|20)\d\d)\b"))?,
            day_month: Rx::new(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)? {full_month}\b"))?,
            month_cue: Rx::new(&format!(
                r"(?i:\b(last|this|next|in|since|from|until|during|by|early|late|mid-?|earlier in|later in) ){full_month}\b"
            ))?,
            year: Rx::new(r"\b(19[89]\d|20[0-4]\d)\b")?,
            relative: Rx::new(
                r"(?i)\b(yesterday|today|this week|this morning|last month|(?:earlier |later )?this year|last year|(?:in )?recent months|(?:in )?the same year|that same year|that year)\b",
            )?,
            years_rel: Rx::new(
                r"(?i)\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty) years? (after|before|later|earlier|ago)\b",
            )?,
            news_item: Rx::new(
                r"(?i)\bthe (?:latest |recent |new |full |fresh )?(?:inspection|report|visit|judgement)s? (?:in|during|this) $",
            )?,
        })
    }

    /// Every date expression in `text`, in order, without overlaps (the more specific wins).
    ///
    /// `cues` are the sentence's [`crate::pattern::Cues`]: a pattern whose keywords it lacks is skipped.
    pub fn find(&self, words: Words, cues: u32, text: &str) -> Vec<DateExpr> {
        let has = |group: u32| cues & group == group;
        let (day_month, month, relative, years, digit) = (
            has(cue::MONTH | cue::DIGIT),
            has(cue::MONTH),
            has(cue::RELATIVE),
            has(cue::YEARS),
            has(cue::DIGIT),
        );
        let mut out: Vec<DateExpr> = Vec::new();
        let free = |out: &Vec<DateExpr>, s: usize, e: usize| {
            out.iter().all(|d| e <= d.start || s >= d.end)
        };
        let add = |out: &mut Vec<DateExpr>, s: usize, e: usize, kind: DateKind| {
            if free(out, s, e) {
                out.push(DateExpr {
                    start: s,
                    end: e,
                    kind,
                    current: false,
                });
            }
        };
        let found = day_month.then(|| self.day_month_year.captures_iter(words, text));
        for c in found.into_iter().flatten() {
            let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            if let Some(date) = full_date(y.as_str(), m.as_str(), Some(d.as_str())) {
                add(&mut out, all.start(), all.end(), DateKind::Absolute(date));
            }
        }
        let found = day_month.then(|| self.month_day_year.captures_iter(words, text));
        for c in found.into_iter().flatten() {
            let (Some(all), Some(m), Some(d), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            if let Some(date) = full_date(y.as_str(), m.as_str(), Some(d.as_str())) {
                add(&mut out, all.start(), all.end(), DateKind::Absolute(date));
            }
        }
        let found = day_month.then(|| self.month_year.captures_iter(words, text));
        for c in found.into_iter().flatten() {
            let (Some(all), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if let Some(date) = full_date(y.as_str(), m.as_str(), None) {
                add(&mut out, all.start(), all.end(), DateKind::Absolute(date));
            }
        }
        let found = years.then(|| self.years_rel.captures_iter(words, text));
        for c in found.into_iter().flatten() {
            let (Some(all), Some(n), Some(w)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let Some(n) = number_word(n.as_str()) else {
                continue;
            };
            let kind = match w.as_str().to_lowercase().as_str() {
                "ago" => DateKind::YearsAgo(n),
                "after" => DateKind::Years(n, Direction::After),
                "before" => DateKind::Years(n, Direction::Before),
                "later" => DateKind::Years(n, Direction::Later),
                _ => DateKind::Years(n, Direction::Earlier),
            };
            add(&mut out, all.start(), all.end(), kind);
        }
        let found = day_month.then(|| self.day_month.captures_iter(words, text));
        for c in found.into_iter().flatten() {
            let (Some(all), Some(m)) = (c.get(0), c.get(2)) else {
                continue;
            };
            if let Some(m) = month_number(m.as_str()) {
                add(
                    &mut out,
                    all.start(),
                    all.end(),
                    DateKind::Month(m, MonthRule::In),
                );
            }
        }
        let found = month.then(|| self.month_cue.captures_iter(words, text));
        for c in found.into_iter().flatten() {
            let (Some(all), Some(cue), Some(m)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let Some(month) = month_number(m.as_str()) else {
                continue;
            };
            let rule = match cue.as_str().to_lowercase().as_str() {
                "last" => MonthRule::Last,
                "this" => MonthRule::This,
                "next" => MonthRule::Next,
                _ => MonthRule::In,
            };
            // "in May": the month; "May" alone is too often the verb.
            add(&mut out, m.start(), all.end(), DateKind::Month(month, rule));
        }
        let found = relative.then(|| self.relative.captures_iter(words, text));
        for c in found.into_iter().flatten() {
            let Some(all) = c.get(0) else { continue };
            let w = all.as_str().to_lowercase();
            let kind = match w.as_str() {
                "yesterday" => DateKind::Yesterday,
                "today" => DateKind::Today,
                "this week" | "this morning" => DateKind::ThisWeek,
                "last month" => DateKind::LastMonth,
                "last year" => DateKind::LastYear,
                w if w.ends_with("this year") => DateKind::ThisYear,
                w if w.ends_with("recent months") => DateKind::RecentMonths,
                _ => DateKind::SameYear,
            };
            add(&mut out, all.start(), all.end(), kind);
        }
        let found = digit.then(|| self.year.find_iter(words, text));
        for m in found.into_iter().flatten() {
            let after = &text[m.end()..];
            let before = text[..m.start()].chars().next_back();
            // "2014/15", "2014-15" are financial years, "£2014" is money, "E2014..." part of a code.
            if after.starts_with('/')
                || (after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_digit()))
                || before.is_some_and(|c| c == '£' || c == '$' || c.is_alphanumeric())
            {
                continue;
            }
            if let Some(date) = m
                .as_str()
                .parse::<i16>()
                .ok()
                .and_then(|y| PartialDate::year(y).ok())
            {
                add(&mut out, m.start(), m.end(), DateKind::Absolute(date));
            }
        }
        out.sort_by_key(|d| d.start);
        for d in &mut out {
            d.current = match d.kind {
                DateKind::Today | DateKind::Yesterday | DateKind::ThisWeek => true,
                // "the inspection in October": the article's own inspection, not a past one.
                DateKind::Month(_, MonthRule::In) => {
                    self.news_item.is_match(words, &text[..d.start])
                }
                _ => false,
            };
        }
        out
    }
}

fn full_date(year: &str, month: &str, day: Option<&str>) -> Option<PartialDate> {
    let y: i16 = year.parse().ok()?;
    let m = month_number(month)?;
    match day {
        Some(d) => PartialDate::day(y, m, d.parse().ok()?).ok(),
        None => PartialDate::month(y, m).ok(),
    }
}

/// Resolve an expression against the article's date. `SameYear` and `Years` need another claim and
/// are finished by the caller; here they resolve to nothing.
pub fn resolve(kind: DateKind, published: Option<PartialDate>) -> Resolved {
    let pub_text = published.map(|p| p.to_string()).unwrap_or_default();
    let full = published.and_then(|p| p.to_civil());
    let year = published.map(|p| p.get_year());
    let pmonth = published.and_then(|p| p.get_month());
    let with = |date: Option<PartialDate>, month: Option<u8>, basis: String| Resolved {
        date,
        month,
        basis,
    };
    match kind {
        DateKind::Absolute(d) => with(Some(d), None, format!("stated in the text as {d}")),
        DateKind::Month(m, rule) => {
            let name = MONTHS
                .get(usize::from(m.saturating_sub(1)))
                .copied()
                .unwrap_or("?");
            let y = match (rule, year, pmonth) {
                (MonthRule::This, Some(y), _) => Some(y),
                (MonthRule::In, Some(y), Some(pm)) => Some(if m <= pm { y } else { y - 1 }),
                (MonthRule::Last, Some(y), Some(pm)) => Some(if m < pm { y } else { y - 1 }),
                _ => None,
            };
            match (rule, y.and_then(|y| PartialDate::month(y, m).ok())) {
                (MonthRule::Next, _) => with(None, None, format!("a future month ({name})")),
                (_, Some(d)) => with(
                    Some(d),
                    None,
                    format!("{name}, placed by the article's date {pub_text}"),
                ),
                (_, None) => with(None, Some(m), format!("{name}; the text gives no year")),
            }
        }
        DateKind::Today => match full {
            Some(d) => with(
                Some(PartialDate::from_civil(d)),
                None,
                format!("today, article dated {pub_text}"),
            ),
            None => with(None, None, "today; the article has no full date".into()),
        },
        DateKind::Yesterday => match full.and_then(|d| d.yesterday().ok()) {
            Some(d) => with(
                Some(PartialDate::from_civil(d)),
                None,
                format!("yesterday, article dated {pub_text}"),
            ),
            None => with(None, None, "yesterday; the article has no full date".into()),
        },
        DateKind::ThisWeek => with(None, None, "this week; the day is not given".into()),
        DateKind::LastMonth => {
            let d = year.zip(pmonth).and_then(|(y, m)| {
                if m == 1 {
                    PartialDate::month(y - 1, 12).ok()
                } else {
                    PartialDate::month(y, m - 1).ok()
                }
            });
            with(
                d,
                None,
                if d.is_some() {
                    format!("last month, article dated {pub_text}")
                } else {
                    "last month; the article has no date".into()
                },
            )
        }
        DateKind::ThisYear => {
            let d = year.and_then(|y| PartialDate::year(y).ok());
            with(
                d,
                None,
                if d.is_some() {
                    format!("this year, article dated {pub_text}")
                } else {
                    "this year; the article has no date".into()
                },
            )
        }
        DateKind::LastYear => {
            let d = year.and_then(|y| PartialDate::year(y - 1).ok());
            with(
                d,
                None,
                if d.is_some() {
                    format!("last year, article dated {pub_text}")
                } else {
                    "last year; the article has no date".into()
                },
            )
        }
        DateKind::RecentMonths => {
            // Only from July on can "recent months" be trusted to stay inside the article's year.
            let d = year
                .zip(pmonth)
                .filter(|(_, m)| *m >= 7)
                .and_then(|(y, _)| PartialDate::year(y).ok());
            with(
                d,
                None,
                if d.is_some() {
                    format!("in recent months, article dated {pub_text}")
                } else {
                    "in recent months; the year is not certain".into()
                },
            )
        }
        DateKind::YearsAgo(n) => {
            let d = year.and_then(|y| PartialDate::year(y - n as i16).ok());
            with(
                d,
                None,
                if d.is_some() {
                    format!("{n} years ago, article dated {pub_text}")
                } else {
                    format!("{n} years ago; the article has no date")
                },
            )
        }
        DateKind::SameYear | DateKind::Years(..) => with(None, None, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        text: &str,
        published: Option<&str>,
        expected: &[(&str, Option<&str>, Option<u8>, bool)],
    ) {
        let rules = DateRules::new().unwrap();
        let published = published.map(|p| p.parse().unwrap());
        let got: Vec<(String, Option<String>, Option<u8>, bool)> = rules
            .find(Words::of(text), cue::ALL, text)
            .iter()
            .map(|d| {
                let r = resolve(d.kind, published);
                (
                    text[d.start..d.end].to_owned(),
                    r.date.map(|x| x.to_string()),
                    r.month,
                    d.current,
                )
            })
            .collect();
        let want: Vec<(String, Option<String>, Option<u8>, bool)> = expected
            .iter()
            .map(|(a, b, c, d)| (a.to_string(), b.map(str::to_owned), *c, *d))
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn absolute_dates() {
        check(
            "published in March 2010, and on 16 July 2014",
            None,
            &[
                ("March 2010", Some("2010-03"), None, false),
                ("16 July 2014", Some("2014-07-16"), None, false),
            ],
        );
        check(
            "Tuesday, July 1, 2014",
            None,
            &[("July 1, 2014", Some("2014-07-01"), None, false)],
        );
        check(
            "rated inadequate in 2014 and a 2013 inspection",
            None,
            &[
                ("2014", Some("2014"), None, false),
                ("2013", Some("2013"), None, false),
            ],
        );
        check("the 2014/15 budget of £2014", None, &[]);
    }

    #[test]
    fn months_without_a_year_keep_the_month_or_take_the_article_year() {
        check(
            "The inspection in October found",
            None,
            &[("October", None, Some(10), true)],
        );
        check(
            "The inspection in October found",
            Some("2020-01-15"),
            &[("October", Some("2019-10"), None, true)],
        );
        check(
            "introduced last November",
            Some("2014-07-01"),
            &[("November", Some("2013-11"), None, false)],
        );
        check(
            "a visit in March",
            Some("2017-05-02"),
            &[("March", Some("2017-03"), None, false)],
        );
        check("we may well", None, &[]);
        check(
            "a further monitoring visit next September",
            Some("2020-01-15"),
            &[("September", None, None, false)],
        );
    }

    #[test]
    fn relative_expressions() {
        check(
            "published by Ofsted yesterday",
            Some("2014-07-01"),
            &[("yesterday", Some("2014-06-30"), None, true)],
        );
        check(
            "published yesterday",
            None,
            &[("yesterday", None, None, true)],
        );
        check(
            "in recent months",
            Some("2014-07-01"),
            &[("in recent months", Some("2014"), None, false)],
        );
        check(
            "in recent months",
            Some("2014-02-01"),
            &[("in recent months", None, None, false)],
        );
        check(
            "earlier this year",
            Some("2019-07-20"),
            &[("earlier this year", Some("2019"), None, false)],
        );
        check(
            "seven years after it was rated",
            None,
            &[("seven years after", None, None, false)],
        );
        check(
            "in the same year",
            None,
            &[("in the same year", None, None, false)],
        );
        check(
            "rated good two years ago",
            Some("2020-03"),
            &[("two years ago", Some("2018"), None, false)],
        );
    }
}
