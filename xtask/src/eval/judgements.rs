//! Judgements as a reader counts them: per page, the distinct judgements (authority, area,
//! rating) it states, a judgement repeated in one page counted once; their years; the claims made
//! on pages that state no judgement; and how well the claims' confidence is calibrated.

use std::fmt;

use scrutiny_core::{Article, Claim, ClaimKind, Judgement, PartialDate, Rating};

use super::{Gold, Prf, authority_key, file_name};

/// What a judgement is matched on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    authority: String,
    judgement: Option<Judgement>,
    rating: Option<Rating>,
}

/// One distinct judgement a page's claims state: the claims with one key and one year (or none).
#[derive(Debug)]
struct Stated<'a> {
    key: Key,
    year: Option<i32>,
    /// The most confident of its claims (calibration counts it once).
    confidence: f32,
    claim: &'a Claim,
}

/// How a matched judgement's year compares with the reading's.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    /// The reading has a year; the claim the same one.
    pub right: usize,
    /// The reading has a year; the claim none.
    pub empty: usize,
    /// The reading has a year; the claim another.
    pub wrong: usize,
    /// The reading has no year; the claim one.
    pub unsupported: usize,
}

/// The lowest confidences of the reliability table: 0.50, 0.55, ... 0.95.
pub const LEVELS: [f32; 10] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/// Judgements scored as a reader counts them.
#[derive(Debug, Default)]
pub struct JudgementReport {
    /// Overall judgements only.
    pub overall: Prf,
    /// Every judgement area.
    pub all: Prf,
    /// Years of matched judgements (all areas).
    pub years: Years,
    /// Per level of [`LEVELS`]: distinct judgements stated with at least that confidence, and
    /// how many of them are right.
    pub reliability: Vec<(usize, usize)>,
    /// Inspection claims made on pages the reading marks negative.
    pub on_negative: Vec<String>,
    /// Pages marked negative.
    pub negative_pages: usize,
    /// Judgements the reading lists and no claim states.
    pub misses: Vec<String>,
    /// Judgements stated that the reading does not list.
    pub false_claims: Vec<String>,
    /// Matched judgements whose year is wrong or unsupported.
    pub year_errors: Vec<String>,
    /// Matched judgements with no year where the reading has one.
    pub year_missing: Vec<String>,
}

fn year_of(date: Option<PartialDate>) -> Option<i32> {
    date.map(|d| i32::from(d.get_year()))
}

fn describe(key: &Key, year: Option<i32>) -> String {
    let mut s = key.authority.clone();
    if let Some(j) = key.judgement {
        s.push_str(&format!(" {j:?}"));
    }
    if let Some(r) = key.rating {
        s.push_str(&format!(" {r:?}"));
    }
    match year {
        Some(y) => format!("{s} ({y})"),
        None => format!("{s} (no year)"),
    }
}

/// The distinct judgements of one page's inspection claims, in claim order.
fn stated<'a>(claims: impl Iterator<Item = &'a Claim>) -> Vec<Stated<'a>> {
    let mut out: Vec<Stated<'a>> = Vec::new();
    for c in claims.filter(|c| c.kind == ClaimKind::Inspection) {
        let key = Key {
            authority: authority_key(c.authority.as_deref().unwrap_or("")),
            judgement: c.judgement,
            rating: c.rating,
        };
        let year = year_of(c.date);
        match out.iter_mut().find(|s| s.key == key && s.year == year) {
            Some(s) => s.confidence = s.confidence.max(c.confidence),
            None => out.push(Stated {
                key,
                year,
                confidence: c.confidence,
                claim: c,
            }),
        }
    }
    out
}

/// The gold judgement each stated judgement is paired with: same key, the same year first, then
/// no year, then any year. A stated judgement left over whose key a paired one has, with no year
/// or the paired one's year, is a repeat (not a false claim).
fn pair(gold: &[(Key, Option<i32>)], got: &[Stated<'_>]) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut taken = vec![false; got.len()];
    let mut pairs = vec![None; gold.len()];
    for rank in 0..3 {
        for (gi, (key, year)) in gold.iter().enumerate() {
            if pairs[gi].is_some() {
                continue;
            }
            let fits = |s: &Stated<'_>| match rank {
                0 => s.year == *year,
                1 => s.year.is_none(),
                _ => true,
            };
            if let Some(i) =
                (0..got.len()).find(|&i| !taken[i] && got[i].key == *key && fits(&got[i]))
            {
                taken[i] = true;
                pairs[gi] = Some(i);
            }
        }
    }
    let mut right = taken.clone();
    for (i, s) in got.iter().enumerate() {
        if taken[i] {
            continue;
        }
        right[i] = pairs
            .iter()
            .flatten()
            .any(|&p| got[p].key == s.key && (s.year.is_none() || s.year == got[p].year));
    }
    (pairs, right)
}

/// Score the inspection judgements of every gold page.
pub fn score(gold: &Gold, articles: &[Article], claims: &[Claim]) -> JudgementReport {
    let mut report = JudgementReport {
        reliability: vec![(0, 0); LEVELS.len()],
        ..Default::default()
    };
    for ga in &gold.articles {
        let Some(article) = articles.iter().find(|a| file_name(&a.path) == ga.file) else {
            continue;
        };
        let got = stated(claims.iter().filter(|c| c.article == article.id));
        let tag = |s: String| format!("{}: {s}", ga.file);
        if ga.negative {
            report.negative_pages += 1;
            for s in &got {
                report.on_negative.push(tag(format!(
                    "{} | {}",
                    describe(&s.key, s.year),
                    s.claim.evidence.sentence
                )));
            }
        }
        let golds: Vec<(Key, Option<i32>)> = ga
            .claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Inspection)
            .map(|c| {
                let key = Key {
                    authority: authority_key(&c.authority),
                    judgement: c.judgement,
                    rating: c.rating,
                };
                (key, year_of(c.date))
            })
            .collect();
        let (pairs, right) = pair(&golds, &got);
        for (gi, (key, year)) in golds.iter().enumerate() {
            let overall = key.judgement == Some(Judgement::Overall);
            let Some(i) = pairs[gi] else {
                report.all.fn_ += 1;
                report.overall.fn_ += usize::from(overall);
                report.misses.push(tag(describe(key, *year)));
                continue;
            };
            report.all.tp += 1;
            report.overall.tp += usize::from(overall);
            let s = &got[i];
            let (years, error) = match (year, s.year) {
                (Some(g), Some(x)) if *g == x => (&mut report.years.right, false),
                (Some(_), None) => (&mut report.years.empty, false),
                (Some(_), Some(_)) => (&mut report.years.wrong, true),
                (None, Some(_)) => (&mut report.years.unsupported, true),
                (None, None) => continue,
            };
            *years += 1;
            if year.is_some() && s.year.is_none() {
                report.year_missing.push(tag(format!(
                    "{} | {}",
                    describe(key, *year),
                    s.claim.evidence.sentence
                )));
            }
            if error {
                report.year_errors.push(tag(format!(
                    "{}: got {} ({}) | {}",
                    describe(key, *year),
                    s.year.map_or_else(|| "no year".into(), |y| y.to_string()),
                    s.claim.date_basis,
                    s.claim.evidence.sentence
                )));
            }
        }
        for (i, s) in got.iter().enumerate() {
            for (level, tally) in LEVELS.iter().zip(report.reliability.iter_mut()) {
                if s.confidence >= *level {
                    tally.0 += 1;
                    tally.1 += usize::from(right[i]);
                }
            }
            if right[i] {
                continue;
            }
            report.all.fp += 1;
            report.overall.fp += usize::from(s.key.judgement == Some(Judgement::Overall));
            report.false_claims.push(tag(format!(
                "{} conf {:.2} | {}",
                describe(&s.key, s.year),
                s.confidence,
                s.claim.evidence.sentence
            )));
        }
    }
    report
}

impl JudgementReport {
    /// Whether every row of the reliability table holds: of the judgements stated with
    /// confidence at least c, a share at least c is right.
    pub fn calibrated(&self) -> bool {
        LEVELS
            .iter()
            .zip(&self.reliability)
            .all(|(level, &(n, right))| n == 0 || right as f64 >= f64::from(*level) * n as f64)
    }

    /// The share of matched judgements with a year in the reading whose year is right, and the
    /// share whose year is wrong.
    pub fn year_shares(&self) -> (f64, f64) {
        let y = &self.years;
        let n = y.right + y.empty + y.wrong;
        if n == 0 {
            return (1.0, 0.0);
        }
        (y.right as f64 / n as f64, y.wrong as f64 / n as f64)
    }
}

impl fmt::Display for JudgementReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<22} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
            "judgements (distinct)", "tp", "fp", "fn", "P", "R", "F1"
        )?;
        for (name, p) in [("overall", &self.overall), ("all areas", &self.all)] {
            writeln!(
                f,
                "{name:<22} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
                p.tp,
                p.fp,
                p.fn_,
                p.precision(),
                p.recall(),
                p.f1()
            )?;
        }
        let y = &self.years;
        let (right, wrong) = self.year_shares();
        writeln!(
            f,
            "\nyears of matched judgements the reading dates: {} right, {} empty, {} wrong \
             ({:.3} right, {:.3} wrong); {} given where the reading has none",
            y.right, y.empty, y.wrong, right, wrong, y.unsupported
        )?;
        writeln!(
            f,
            "inspection claims on the {} negative pages: {}",
            self.negative_pages,
            self.on_negative.len()
        )?;
        writeln!(
            f,
            "\nreliability (distinct judgements with confidence >= c):\n{:>6} {:>6} {:>6} {:>7}",
            "c", "n", "right", "share"
        )?;
        for (level, &(n, right)) in LEVELS.iter().zip(&self.reliability) {
            let share = if n == 0 { 1.0 } else { right as f64 / n as f64 };
            let flag = if share >= f64::from(*level) {
                ""
            } else {
                "  below c"
            };
            writeln!(f, "{level:>6.2} {n:>6} {right:>6} {share:>7.3}{flag}")?;
        }
        let verdict = if self.calibrated() { "yes" } else { "no" };
        writeln!(f, "calibrated at every level: {verdict}")?;
        for (title, list) in [
            ("claims on negative pages", &self.on_negative),
            ("judgements missed", &self.misses),
            ("judgements the reading does not list", &self.false_claims),
            ("years wrong or unsupported", &self.year_errors),
            (
                "years the reading gives and the claims do not",
                &self.year_missing,
            ),
        ] {
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
    use scrutiny_core::Evidence;

    fn claim(auth: &str, j: Judgement, r: Rating, date: Option<&str>, conf: f32) -> Claim {
        let mut c = Claim::new(
            ClaimKind::Inspection,
            Evidence {
                sentence: "s".into(),
                start: 0,
                end: 1,
            },
        );
        c.article = "a".into();
        c.authority = Some(auth.into());
        c.judgement = Some(j);
        c.rating = Some(r);
        c.date = date.map(|d| d.parse().unwrap());
        c.confidence = conf;
        c
    }

    fn article(path: &str) -> Article {
        let mut a = super::super::tests::article();
        a.id = "a".into();
        a.path = path.into();
        a
    }

    #[test]
    fn repeats_count_once_and_years_are_scored() {
        let gold: Gold = serde_yaml::from_str(
            r#"
articles:
  - file: p.txt
    claims:
      - {authority: Torbay, kind: inspection, judgement: overall, rating: inadequate, date: "2016"}
      - {authority: Torbay, kind: inspection, judgement: overall, rating: inadequate, date: "2018"}
      - {authority: Torbay, kind: inspection, judgement: leadership, rating: good, date: null}
      - {authority: Devon, kind: inspection, judgement: overall, rating: good, date: "2019"}
"#,
        )
        .unwrap();
        use Judgement::*;
        use Rating::*;
        let claims = vec![
            claim("Torbay", Overall, Inadequate, Some("2016"), 0.9),
            // A repeat of the 2016 judgement, and an undated mention: neither is a false claim.
            claim("Torbay", Overall, Inadequate, Some("2016-03"), 0.8),
            claim("Torbay", Overall, Inadequate, None, 0.6),
            // A year the reading does not give.
            claim("Torbay", Leadership, Good, Some("2020"), 0.9),
            // Not in the reading.
            claim("Torbay", Overall, Good, None, 0.9),
        ];
        let r = score(&gold, &[article("x/p.txt")], &claims);
        // 2016 by year, 2018 by the undated claim (its year empty), Devon missed.
        assert_eq!((r.overall.tp, r.overall.fp, r.overall.fn_), (2, 1, 1));
        assert_eq!((r.all.tp, r.all.fp, r.all.fn_), (3, 1, 1));
        assert_eq!(
            r.years,
            Years {
                right: 1,
                empty: 1,
                wrong: 0,
                unsupported: 1
            }
        );
        // Four distinct judgements: the 2016 pair, the undated one, leadership, the false one.
        assert_eq!(r.reliability[0], (4, 3));
        assert_eq!(r.reliability[LEVELS.len() - 1], (0, 0));
        assert!(!r.calibrated(), "0.9 and above: 2 of 3 right");
        assert_eq!(r.misses.len(), 1);
        assert!(r.to_string().contains("below c"));
    }

    #[test]
    fn claims_on_negative_pages_are_listed() {
        let gold: Gold =
            serde_yaml::from_str("articles:\n  - {file: n.txt, negative: true, claims: []}\n")
                .unwrap();
        let claims = vec![claim("Leeds", Judgement::Overall, Rating::Good, None, 0.9)];
        let r = score(&gold, &[article("n.txt")], &claims);
        assert_eq!(r.on_negative.len(), 1);
        assert_eq!(r.negative_pages, 1);
        assert_eq!(r.all.fp, 1);
    }
}
