//! The gazetteer: every English children's-services authority, its name variants and its codes over time.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use jiff::civil::Date;
use scrutiny_core::PartialDate;

use crate::Error;

/// Place names that contain an authority's name but are not that authority.
const NOT_AUTHORITIES: &[&str] = &[
    "Liverpool City Region",
    "Greater Manchester",
    "Newcastle-under-Lyme",
    "Newcastle under Lyme",
    "Sutton Coldfield",
    "New York",
    "West Midlands",
    "East Midlands",
    "Isle of Man",
    "Kingston University",
    "Durham University",
    "University of York",
    "Hull City",
];

/// One authority, as the reference CSV describes it.
#[derive(Debug, Clone)]
pub struct Authority {
    /// Canonical name (the CSV's `local_authority`).
    pub name: String,
    /// The GSS code in force today (or when it was abolished).
    pub code: String,
    /// Older codes of the same body, each valid until (and including) a day, when the CSV says so.
    pub former: Vec<(String, Date)>,
    /// For an abolished authority: its successors' indices (one when merged into another, two or
    /// more when split) and their first day.
    pub successors: Option<(Vec<usize>, Date)>,
    /// Older codes whose end the CSV does not give: the code cannot be dated, so it is never chosen.
    pub undated_codes: Vec<String>,
}

/// A place in a text where an authority is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the name's first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
    /// Index of the authority in the gazetteer.
    pub authority: usize,
}

/// All English children's-services authorities with historic names and codes, and a matcher over
/// every name variant (case-insensitive, but a match must start with a capital letter).
#[derive(Debug, Clone)]
pub struct Gazetteer {
    authorities: Vec<Authority>,
    matcher: AhoCorasick,
    /// The matcher's patterns (lower case), for a caller that searches them with other words.
    patterns: Vec<String>,
    /// Per pattern: the authority it names, or none for a place that is not an authority.
    targets: Vec<Option<usize>>,
}

impl Gazetteer {
    /// Build from the text of `data/reference/local_authorities.csv`.
    pub fn from_csv(text: &str) -> Result<Gazetteer, Error> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = reader.headers()?.clone();
        let col = |name: &'static str| {
            headers
                .iter()
                .position(|h| h.trim() == name)
                .ok_or(Error::MissingColumn(name))
        };
        let (c_name, c_code) = (col("local_authority")?, col("gss_code")?);
        let optional = |name: &str| headers.iter().position(|h| h.trim() == name);
        let c_former = optional("former_gss_codes");
        let c_note = optional("change_note");
        let alias_cols: Vec<usize> = [
            "also_known_as_in_source",
            "ofsted_site_names_in_source",
            "alternative_names_added",
        ]
        .iter()
        .filter_map(|c| optional(c))
        .collect();

        struct Row {
            name: String,
            code: String,
            former: String,
            note: String,
            aliases: Vec<String>,
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record?;
            let get = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
            let name = get(c_name);
            let code = get(c_code);
            if name.is_empty() || code.is_empty() {
                continue;
            }
            let mut aliases = Vec::new();
            for &c in &alias_cols {
                let field = get(c);
                // The source column separates with commas, the added column with semicolons; a
                // comma inside a name ("Bristol, City of") only occurs in the source column, and
                // its pieces are then dropped below when they are not a whole known form.
                let sep = if field.contains(';') { ';' } else { ',' };
                for part in field.split(sep) {
                    let part = part.trim();
                    if part.is_empty() || part.starts_with('(') {
                        continue;
                    }
                    // "North Yorkshire County Council (to 2023)": the note is not part of the name.
                    let part = part.split(" (").next().unwrap_or(part).trim();
                    aliases.push(part.to_owned());
                }
            }
            rows.push(Row {
                name,
                code,
                former: c_former.map(get).unwrap_or_default(),
                note: c_note.map(get).unwrap_or_default(),
                aliases,
            });
        }
        if rows.is_empty() {
            return Err(Error::Empty);
        }

        let code_owner: HashMap<String, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        let mut authorities = Vec::with_capacity(rows.len());
        for row in &rows {
            let (former, undated_codes) = parse_former(&row.former, &code_owner);
            let successors = parse_successors(&row.note, &code_owner);
            authorities.push(Authority {
                name: row.name.clone(),
                code: row.code.clone(),
                former,
                successors,
                undated_codes,
            });
        }

        // Every variant, its primary owner first: a name that is one row's own name belongs to that
        // row even when another row lists it as an alias ("Bournemouth" in BCP's row).
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            for v in name_forms(&row.name) {
                owner.entry(v.to_lowercase()).or_insert(i);
            }
        }
        for (i, row) in rows.iter().enumerate() {
            for alias in &row.aliases {
                for v in name_forms(alias) {
                    owner.entry(v.to_lowercase()).or_insert(i);
                }
            }
        }
        let mut patterns: Vec<(String, Option<usize>)> =
            owner.into_iter().map(|(p, i)| (p, Some(i))).collect();
        for stop in NOT_AUTHORITIES {
            patterns.push((stop.to_lowercase(), None));
        }
        patterns.sort();
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // Every sentence is searched: a full DFA is the fastest search, and small at this size.
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns.iter().map(|(p, _)| p.as_str()))?;
        let (patterns, targets) = patterns.into_iter().unzip();
        Ok(Gazetteer {
            authorities,
            matcher,
            patterns,
            targets,
        })
    }

    /// Number of authorities.
    pub fn len(&self) -> usize {
        self.authorities.len()
    }

    /// True when there are no authorities (never, for a gazetteer built from a valid CSV).
    pub fn is_empty(&self) -> bool {
        self.authorities.is_empty()
    }

    /// The authority at an index from a [`Mention`].
    pub fn authority(&self, index: usize) -> Option<&Authority> {
        self.authorities.get(index)
    }

    /// The index of the authority with this canonical name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.authorities
            .iter()
            .position(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// Every authority named in `text`, in order, without overlaps.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        self.matcher
            .find_iter(text)
            .filter_map(|m| self.mention(text, m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    /// The names the matcher searches for, lower case; [`Gazetteer::select`] takes their matches
    /// by index in this list.
    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// [`Gazetteer::find`] from every match of every pattern (`(start, end, pattern)`, in any
    /// order, overlaps included), as a search for other words beside the names reports them.
    ///
    /// The matcher's leftmost-longest semantics is rebuilt: from left to right, the longest
    /// match at the leftmost start (the first pattern of equal ones) is taken, and matches
    /// overlapping it are not; a taken match that is no mention (a lower-case word) still
    /// hides what it overlaps, as in the matcher's own iteration.
    pub(crate) fn select(&self, text: &str, hits: &mut [(usize, usize, usize)]) -> Vec<Mention> {
        hits.sort_unstable_by_key(|&(start, end, pattern)| {
            (start, std::cmp::Reverse(end), pattern)
        });
        let mut out = Vec::new();
        let mut taken_to = 0;
        for &(start, end, pattern) in hits.iter() {
            if start < taken_to {
                continue;
            }
            taken_to = end;
            out.extend(self.mention(text, start, end, pattern));
        }
        out
    }

    /// The mention a match of `pattern` at `start..end` makes, if any.
    fn mention(&self, text: &str, start: usize, end: usize, pattern: usize) -> Option<Mention> {
        let authority = self.targets.get(pattern).copied().flatten()?;
        let first = text.get(start..)?.chars().next();
        // Proper nouns only: "reading" the verb and "bury" are not Reading and Bury.
        if !first.is_some_and(char::is_uppercase) {
            return None;
        }
        let before = text.get(..start)?.chars().next_back();
        let after = text.get(end..)?.chars().next();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            || after.is_some_and(|c| c.is_alphanumeric() || c == '-')
            || names_something_else(text.get(end..)?)
        {
            return None;
        }
        Some(Mention {
            start,
            end,
            authority,
        })
    }

    /// The canonical names and GSS codes of the bodies an authority mention denotes at a date:
    /// one, or, for an authority split before the date, each of its successors.
    ///
    /// An abolished authority is its successors for dates from their first day (Bournemouth after
    /// March 2019 is Bournemouth, Christchurch and Poole; Northamptonshire after March 2021 is North
    /// and West Northamptonshire). The code is the one in force at the date; when the date (or its
    /// absence) leaves that open, the code is `None`.
    pub fn resolve_all(
        &self,
        index: usize,
        date: Option<PartialDate>,
    ) -> Vec<(String, Option<String>)> {
        let Some(a) = self.authorities.get(index) else {
            return Vec::new();
        };
        match (&a.successors, date) {
            (Some((succ, from)), Some(d)) if first_day(d) >= *from => succ
                .iter()
                .filter_map(|&i| self.resolve_one(i, date))
                .collect(),
            _ => self.resolve_one(index, date).into_iter().collect(),
        }
    }

    /// The first of [`Gazetteer::resolve_all`]: the body a mention denotes at a date, or the
    /// first successor of a split one.
    pub fn resolve(
        &self,
        index: usize,
        date: Option<PartialDate>,
    ) -> Option<(String, Option<String>)> {
        self.resolve_all(index, date).into_iter().next()
    }

    fn resolve_one(
        &self,
        index: usize,
        date: Option<PartialDate>,
    ) -> Option<(String, Option<String>)> {
        let a = self.authorities.get(index)?;
        if a.former.is_empty() {
            return Some((a.name.clone(), Some(a.code.clone())));
        }
        let Some(d) = date else {
            return Some((a.name.clone(), None));
        };
        let (lo, hi) = (first_day(d), last_day(d));
        // The former codes are sorted by their last day: the first one still valid at the date wins.
        for (code, until) in &a.former {
            if hi <= *until {
                return Some((a.name.clone(), Some(code.clone())));
            }
            if lo <= *until {
                return Some((a.name.clone(), None));
            }
        }
        Some((a.name.clone(), Some(a.code.clone())))
    }
}

/// Words that, right after a place name, make it the name of a newspaper, a company or a
/// commodity: "the Manchester Evening News", "Sunderland Echo", "Inroads Essex Limited", "Brent
/// crude" name no authority.
const NOT_AN_AUTHORITY_AFTER: &[&str] = &[
    "Echo",
    "Evening",
    "Post",
    "Mail",
    "Live",
    "Telegraph",
    "Mercury",
    "Chronicle",
    "Gazette",
    "Herald",
    "Argus",
    "Examiner",
    "Citizen",
    "Advertiser",
    "Journal",
    "Express",
    "Star",
    "Times",
    "Standard",
    "Observer",
    "Reporter",
    "Sentinel",
    "Courier",
    "Press",
    "Bulletin",
    "News",
    "Limited",
    "Ltd",
    "Plc",
    "PLC",
    "LLP",
    "University",
    "College",
    "FC",
    "Football",
    "Airport",
    "crude",
    "Crude",
];

/// Whether the words after a name make it another thing's name (a newspaper, a company).
fn names_something_else(after: &str) -> bool {
    let next = after
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    NOT_AN_AUTHORITY_AFTER.contains(&next)
}

/// The forms under which a name is matched: as written, with both apostrophes and with "&"/"and".
fn name_forms(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_owned()];
    if name.contains('\'') {
        forms.push(name.replace('\'', "\u{2019}"));
    }
    if name.contains(" & ") {
        forms.push(name.replace(" & ", " and "));
    }
    if name.contains(" and ") {
        forms.push(name.replace(" and ", " & "));
    }
    if name.starts_with("St. ") {
        forms.push(name.replacen("St. ", "St ", 1));
    }
    forms.retain(|f| f.chars().count() >= 3);
    forms
}

fn parse_date(s: &str) -> Option<Date> {
    s.parse::<Date>().ok()
}

fn first_day(d: PartialDate) -> Date {
    let (m, day) = (d.get_month().unwrap_or(1), d.get_day().unwrap_or(1));
    Date::new(d.get_year(), m as i8, day as i8).unwrap_or(Date::MIN)
}

fn last_day(d: PartialDate) -> Date {
    if let Some(full) = d.to_civil() {
        return full;
    }
    let m = d.get_month().unwrap_or(12);
    Date::new(d.get_year(), m as i8, 1)
        .map(|x| x.last_of_month())
        .unwrap_or(Date::MAX)
}

/// `former_gss_codes`: "E10000023 (county code until 2023-03-31)" is an older code of the same body;
/// a code that is another row's own code ("part of Cumbria E10000006 until ...") is a predecessor
/// body, described by its own row, and is skipped here.
fn parse_former(
    field: &str,
    code_owner: &HashMap<String, usize>,
) -> (Vec<(String, Date)>, Vec<String>) {
    let (mut dated, mut undated) = (Vec::new(), Vec::new());
    for piece in field.split(';') {
        let words: Vec<&str> = piece
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
            .collect();
        let codes: Vec<&str> = words.iter().copied().filter(|w| is_gss(w)).collect();
        let until = words
            .windows(2)
            .find(|w| w[0] == "until")
            .and_then(|w| parse_date(w[1]));
        for code in codes {
            if code_owner.contains_key(code) {
                continue;
            }
            match until {
                Some(d) => dated.push((code.to_owned(), d)),
                None => undated.push(code.to_owned()),
            }
        }
    }
    dated.sort_by_key(|(_, d)| *d);
    (dated, undated)
}

fn is_gss(w: &str) -> bool {
    w.len() == 9 && w.starts_with('E') && w[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `change_note`: "abolished 2019-04-01 -> Bournemouth, Christchurch and Poole (E06000058)", or
/// "abolished 2021-04-01 -> North Northamptonshire (E06000061) and West Northamptonshire (...)".
fn parse_successors(note: &str, code_owner: &HashMap<String, usize>) -> Option<(Vec<usize>, Date)> {
    let rest = note.strip_prefix("abolished ")?;
    let (date, target) = rest.split_once("->")?;
    let from = parse_date(date.trim())?;
    let codes: Vec<&str> = target
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ';')
        .filter(|w| is_gss(w))
        .collect();
    let successors: Vec<usize> = codes
        .iter()
        .filter_map(|c| code_owner.get(*c))
        .copied()
        .collect();
    (!successors.is_empty() && successors.len() == codes.len()).then_some((successors, from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        Gazetteer::from_csv(csv).unwrap()
    }

    fn names(g: &Gazetteer, text: &str) -> Vec<String> {
        g.find(text)
            .iter()
            .map(|m| g.authority(m.authority).unwrap().name.clone())
            .collect()
    }

    #[test]
    fn loads_every_row() {
        let g = gazetteer();
        assert!(g.len() >= 157, "{}", g.len());
    }

    #[test]
    fn finds_names_variants_and_lists() {
        let g = gazetteer();
        assert_eq!(
            names(&g, "Birmingham, Coventry and Slough have all been rated"),
            ["Birmingham", "Coventry", "Slough"]
        );
        assert_eq!(
            names(&g, "Knowsley Metropolitan Borough Council said"),
            ["Knowsley"]
        );
        assert_eq!(
            names(&g, "North Yorkshire and York"),
            ["North Yorkshire", "York"]
        );
        assert_eq!(
            names(&g, "Telford & Wrekin and Telford and Wrekin"),
            ["Telford and Wrekin", "Telford and Wrekin"]
        );
        assert_eq!(
            names(&g, "Kingston upon Hull and St Helens"),
            ["Kingston Upon Hull, City of", "St. Helens"]
        );
    }

    #[test]
    fn refuses_common_words_regions_and_parts_of_words() {
        let g = gazetteer();
        assert!(names(&g, "reading the report in bury").is_empty());
        assert_eq!(
            names(
                &g,
                "the fourth authority in the Liverpool City Region, joining Liverpool"
            ),
            ["Liverpool"]
        );
        assert!(names(&g, "Kentish towns and Sloughs").is_empty());
    }

    #[test]
    fn newspapers_and_companies_are_not_authorities() {
        let g = gazetteer();
        assert!(
            names(
                &g,
                "the Manchester Evening News and the Sunderland Echo reported"
            )
            .is_empty()
        );
        assert!(names(&g, "a home run by Inroads Essex Limited").is_empty());
        assert!(names(&g, "Brent crude was last at $60.73").is_empty());
        assert_eq!(
            names(&g, "Essex County Council and Leeds said"),
            ["Essex", "Leeds"]
        );
    }

    #[test]
    fn codes_follow_the_date() {
        let g = gazetteer();
        let ny = g.index_of("North Yorkshire").unwrap();
        let d = |s: &str| Some(s.parse::<PartialDate>().unwrap());
        assert_eq!(
            g.resolve(ny, d("2014-06-30")).unwrap().1.as_deref(),
            Some("E10000023")
        );
        assert_eq!(
            g.resolve(ny, d("2024")).unwrap().1.as_deref(),
            Some("E06000065")
        );
        assert_eq!(g.resolve(ny, d("2023")).unwrap().1, None);
        assert_eq!(g.resolve(ny, None).unwrap().1, None);
        let b = g.index_of("Bournemouth").unwrap();
        assert_eq!(
            g.resolve(b, d("2014-06-30")).unwrap(),
            ("Bournemouth".into(), Some("E06000028".into()))
        );
        let later = g.resolve(b, d("2021")).unwrap();
        assert_eq!(later.0, "Bournemouth, Christchurch and Poole");
        assert_eq!(later.1.as_deref(), Some("E06000058"));
        let k = g.index_of("Knowsley").unwrap();
        assert_eq!(g.resolve(k, None).unwrap().1.as_deref(), Some("E08000011"));
        // A body split in two is both of its successors after the split, itself before it.
        let c = g.index_of("Cumbria").unwrap();
        let names =
            |v: Vec<(String, Option<String>)>| v.into_iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(
            names(g.resolve_all(c, d("2024"))),
            ["Cumberland", "Westmorland and Furness"]
        );
        assert_eq!(names(g.resolve_all(c, d("2022-05"))), ["Cumbria"]);
        assert_eq!(names(g.resolve_all(c, None)), ["Cumbria"]);
        let n = g.index_of("Northamptonshire").unwrap();
        assert_eq!(
            names(g.resolve_all(n, d("2021-04-01"))),
            ["North Northamptonshire", "West Northamptonshire"]
        );
    }

    #[test]
    fn refuses_a_csv_without_the_needed_columns() {
        assert!(matches!(
            Gazetteer::from_csv("a,b\n1,2\n"),
            Err(Error::MissingColumn("local_authority"))
        ));
        assert!(matches!(
            Gazetteer::from_csv("local_authority,gss_code\n"),
            Err(Error::Empty)
        ));
    }
}
