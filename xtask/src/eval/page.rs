//! A page's clean fields against the reading: the title and byline exact (whitespace
//! normalised), the publication date exact where the page shows one, and dates found where it
//! shows none.

use std::fmt;

use scrutiny_core::{Article, PartialDate};

use super::{Gold, file_name};

/// One field's tally over the pages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FieldTally {
    /// Pages whose field equals the reading (both empty included).
    pub exact: usize,
    /// Pages scored.
    pub pages: usize,
    /// Pages where the reading has the field: found exactly.
    pub shown_exact: usize,
    /// Pages where the reading has the field.
    pub shown: usize,
    /// Pages where the reading has none and the article has one.
    pub invented: usize,
}

impl FieldTally {
    fn add(&mut self, gold: Option<&str>, got: Option<&str>) -> bool {
        let (gold, got) = (gold.map(normalise), got.map(normalise));
        let exact = gold == got;
        self.pages += 1;
        self.exact += usize::from(exact);
        if gold.is_some() {
            self.shown += 1;
            self.shown_exact += usize::from(exact);
        } else if got.is_some() {
            self.invented += 1;
        }
        exact
    }

    /// The share of pages exact.
    pub fn share(&self) -> f64 {
        share(self.exact, self.pages)
    }

    /// The share of pages showing the field where it is exact.
    pub fn shown_share(&self) -> f64 {
        share(self.shown_exact, self.shown)
    }
}

fn share(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Whitespace runs as one space, typographic quotes and dashes as the reading types them.
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
}

fn date_text(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The clean fields of every gold page that has the article.
#[derive(Debug, Default)]
pub struct PageReport {
    /// Titles.
    pub title: FieldTally,
    /// Bylines.
    pub byline: FieldTally,
    /// Publication dates.
    pub published: FieldTally,
    /// Pages whose body does not start or end as the reading says, where it says.
    pub body: Vec<String>,
    /// Every field that differs: page, field, reading, article.
    pub differences: Vec<String>,
}

/// Score the clean fields of the articles against the reading.
pub fn score(gold: &Gold, articles: &[Article]) -> PageReport {
    let mut report = PageReport::default();
    for ga in &gold.articles {
        let Some(a) = articles.iter().find(|a| file_name(&a.path) == ga.file) else {
            continue;
        };
        let published = (date_text(ga.published), date_text(a.published));
        for (name, tally, gold, got) in [
            (
                "title",
                &mut report.title,
                ga.title.as_deref(),
                a.title.as_deref(),
            ),
            (
                "byline",
                &mut report.byline,
                ga.byline.as_deref(),
                a.byline.as_deref(),
            ),
            (
                "published",
                &mut report.published,
                published.0.as_deref(),
                published.1.as_deref(),
            ),
        ] {
            if !tally.add(gold, got) {
                report.differences.push(format!(
                    "{}: {name}: reading {:?}, got {:?} ({:?})",
                    ga.file,
                    gold.unwrap_or("-"),
                    got.unwrap_or("-"),
                    a.published_from
                ));
            }
        }
        let body = a.body();
        if let Some(start) = &ga.body_starts_with {
            if !body.starts_with(start.as_str()) {
                report
                    .body
                    .push(format!("{}: body does not start with {start:?}", ga.file));
            }
        }
        if let Some(end) = &ga.body_ends_with {
            if !body.trim_end().ends_with(end.as_str()) {
                report
                    .body
                    .push(format!("{}: body does not end with {end:?}", ga.file));
            }
        }
    }
    report
}

impl fmt::Display for PageReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:>12} {:>22} {:>24}",
            "page field", "exact/pages", "exact where shown", "found where none shown"
        )?;
        for (name, t) in [
            ("title", &self.title),
            ("byline", &self.byline),
            ("published", &self.published),
        ] {
            writeln!(
                f,
                "{name:<10} {:>5}/{:<3} {:.3} {:>7}/{:<3} {:.3} {:>24}",
                t.exact,
                t.pages,
                t.share(),
                t.shown_exact,
                t.shown,
                t.shown_share(),
                t.invented
            )?;
        }
        for (title, list) in [
            ("page fields that differ", &self.differences),
            ("bodies that differ", &self.body),
        ] {
            if list.is_empty() {
                continue;
            }
            writeln!(f, "\n{title} ({}):", list.len())?;
            for line in list {
                writeln!(f, "  {line}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_exact_after_normalising_and_invented_dates_counted() {
        let gold: Gold = serde_yaml::from_str(
            r#"
articles:
  - {file: a.txt, title: "Ofsted  rates ‘good’", byline: null, published: "2019-05"}
  - {file: b.txt, title: null, byline: "Jane Smith", published: null}
"#,
        )
        .unwrap();
        let mut a = super::super::tests::article();
        a.path = "in/a.txt".into();
        a.title = Some("Ofsted rates 'good'".into());
        a.published = Some("2019-05-02".parse().unwrap());
        let mut b = super::super::tests::article();
        b.path = "in/b.txt".into();
        b.byline = Some("Jane Smith".into());
        b.published = Some("2020".parse().unwrap());
        let r = score(&gold, &[a, b]);
        assert_eq!((r.title.exact, r.title.pages), (2, 2));
        assert_eq!(
            (r.byline.shown_exact, r.byline.shown, r.byline.invented),
            (1, 1, 0)
        );
        assert_eq!(
            r.published,
            FieldTally {
                exact: 0,
                pages: 2,
                shown_exact: 0,
                shown: 1,
                invented: 1
            }
        );
        assert_eq!(r.differences.len(), 2);
    }
}
