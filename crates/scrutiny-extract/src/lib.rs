//! Turns a clean [`scrutiny_core::Article`] into the [`scrutiny_core::Claim`]s it states, each
//! with the sentence that supports it.
//!
//! The [`Gazetteer`] knows every English children's-services authority, its name variants and its
//! codes over time; the [`Extractor`] reads an article sentence by sentence and clause by clause:
//! ratings (with negation), judgement areas, visits, people in roles and statistics, then attaches
//! authorities (named, listed, or referred back to) and dates (resolved against the article's date).
//!
//! Invariants:
//! - no I/O: the gazetteer is built from CSV text the caller read;
//! - deterministic: the same article always gives the same claims in the same order;
//! - never guesses: a date, rating or authority the text does not support stays empty;
//! - evidence offsets are char offsets into [`scrutiny_core::Article::body`];
//! - never panics, whatever the input.
//!
//! The claim vocabulary and date rules are described for users in `docs/extraction.md`.
#![warn(missing_docs)]

mod clause;
mod dates;
mod error;
mod extract;
mod facts;
mod gazetteer;
mod judgement;
mod news_month;
mod pattern;
mod rules;
mod text;
mod topic;

pub use error::Error;
pub use gazetteer::{Authority, Gazetteer, Mention};

use scrutiny_core::{Article, Claim};

/// Knobs of the extractor. The defaults extract everything the rules find.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// Do not extract appointments (people in roles).
    pub skip_people: bool,
    /// Do not extract statistics.
    pub skip_statistics: bool,
    /// Leave claims whose confidence is below this out of the merged events (0 leaves none out);
    /// they stay among the claims, with the reason in `excluded`.
    pub min_confidence: f32,
}

/// Reads articles into claims. Cheap to share: it is `Send + Sync` and holds no per-article state.
#[derive(Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    options: Options,
    rules: Option<(rules::Rules, facts::FactRules)>,
    /// The rules' cue keywords and the gazetteer's names in one matcher.
    scan: Option<pattern::Scan>,
}

impl Extractor {
    /// An extractor over a gazetteer.
    pub fn new(gazetteer: Gazetteer, options: Options) -> Extractor {
        let rules = match (rules::Rules::new(), facts::FactRules::new()) {
            (Ok(r), Ok(f)) => Some((r, f)),
            (Err(error), _) | (_, Err(error)) => {
                // Patterns are literals checked by the unit tests; this is unreachable in a tested build.
                tracing::error!(message = "Extraction patterns failed to compile; no claims will be extracted.", %error);
                None
            }
        };
        let scan = rules.as_ref().and_then(|(r, _)| {
            pattern::Scan::new(&r.cues, gazetteer.patterns())
                .inspect_err(|error| {
                    tracing::warn!(message = "No one-pass matcher; cues and names are searched apart.", %error);
                })
                .ok()
        });
        Extractor {
            gazetteer,
            options,
            rules,
            scan,
        }
    }

    /// How each rating of one sentence is read, one line per rating: who holds it, the grade,
    /// the areas, the clause it was read in and the phrase that holds it, or why it states no
    /// judgement (`NotGiven`, `Scale`, `Partial`, ...). For
    /// developers tracing a reading: `cargo run -p scrutiny-extract --example explain`.
    pub fn explain(&self, sentence: &str) -> Vec<String> {
        match &self.rules {
            Some((rules, _)) => {
                clause::explain(&self.gazetteer, &rules.lexicon, rules, sentence, true)
            }
            None => Vec::new(),
        }
    }

    /// The claims an article states, in body order. `id` and `article` are left for the pipeline.
    pub fn extract(&self, article: &Article) -> Vec<Claim> {
        let Some((rules, facts)) = &self.rules else {
            return Vec::new();
        };
        let mut claims = extract::run(
            &self.gazetteer,
            rules,
            facts,
            &self.options,
            article,
            self.scan.as_ref(),
        );
        let floor = self.options.min_confidence;
        for c in claims.iter_mut().filter(|c| c.confidence < floor) {
            c.excluded = Some(format!(
                "confidence {:.2} is below min_confidence {floor:.2}",
                c.confidence
            ));
        }
        claims
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Extractor>();
    }

    #[test]
    fn options_parse_with_defaults_and_refuse_unknown_keys() {
        let o: Options = serde_yaml::from_str("skip_people: true").unwrap();
        assert!(o.skip_people && !o.skip_statistics && o.min_confidence == 0.0);
        assert!(serde_yaml::from_str::<Options>("skip_peple: true").is_err());
    }

    #[test]
    fn patterns_compile() {
        assert!(rules::Rules::new().is_ok());
        assert!(facts::FactRules::new().is_ok());
    }

    #[test]
    fn claims_below_min_confidence_are_kept_with_the_reason() {
        let csv = include_str!("../../../data/reference/local_authorities.csv");
        let article = |min: f32| {
            let extractor = Extractor::new(
                Gazetteer::from_csv(csv).unwrap(),
                Options {
                    min_confidence: min,
                    ..Options::default()
                },
            );
            let mut a = scrutiny_core::Article {
                id: "a".into(),
                path: "a.txt".into(),
                source: "t".into(),
                url: None,
                format: scrutiny_core::Format::Text,
                encoding: "utf-8".into(),
                title: None,
                standfirst: None,
                byline: None,
                published: None,
                published_from: scrutiny_core::FieldFound::None,
                title_from: scrutiny_core::FieldFound::None,
                byline_from: scrutiny_core::FieldFound::None,
                blocks: vec![],
                captions: vec![],
                removed: vec![],
                cluster: None,
                duplicate_of: None,
                inferred: None,
            };
            a.blocks.push(scrutiny_core::Block::paragraph(
                "Leeds City Council has been rated 'good' by Ofsted.",
            ));
            extractor.extract(&a)
        };
        let all = article(0.0);
        assert!(!all.is_empty() && all.iter().all(|c| c.excluded.is_none()));
        let strict = article(0.999);
        assert_eq!(strict.len(), all.len());
        assert!(strict.iter().all(|c| {
            c.excluded
                .as_deref()
                .is_some_and(|why| why.contains("min_confidence"))
        }));
    }
}
