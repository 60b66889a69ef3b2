//! Source plugin for English councils' press releases, as their own websites publish them.
//!
//! One family for every council: nothing here names a council. The council is an option or is
//! detected from the text ("Knowsley Council", "Exampleshire County Council"). Page text: the
//! generic page-text reader (`scrutiny_text::page`) finds the headline, byline and date (a
//! breadcrumb line starting at "Home" whose last step is the title, run together when copied,
//! "by Comms Team", a "Published: 12 May 2016" line), then the body has question and short
//! lines as headings, bullets as list items, council furniture and date lines removed. Saved HTML: JSON-LD, Open
//! Graph and `<time datetime>` first, then the visible header, then the article body with
//! breadcrumbs, navigation, share widgets and feedback forms removed.
//!
//! Principal types: [`Plugin`] (a [`Source`]), its [`Options`], and [`council_name`].
//! Invariants: every removed line is recorded under a `council_press.*` rule or the shared
//! reader's `text.*` rule; a page with no
//! date line and no date metadata has no date. Golden tests: seed 002 in `data/raw` and
//! constructed HTML in `tests/fixtures`.
#![warn(missing_docs)]

mod furniture;
mod html_page;
mod text_page;

use std::collections::HashMap;

use scrutiny_core::{Article, Clue, Document, Format, Reject, Source};
use scrutiny_text::{html, lines};
use serde::Deserialize;

use crate::furniture::Furniture;

/// The registry name.
pub const NAME: &str = "council_press";

/// Options of the council-press plugin.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// The council whose pages these are ("Knowsley Council"); detected from the text when unset.
    pub council: Option<String>,
    /// Hosts serving this council's news besides `gov.uk` ones (e.g. a separate newsroom site);
    /// a page from one of them is claimed with high confidence.
    pub hosts: Vec<String>,
    /// More lines that open a boilerplate tail (whole line, any case); the line and everything
    /// after it are removed under `council_press.custom_tail`.
    pub extra_tail_markers: Vec<String>,
}

/// The council-press plugin.
#[derive(Debug, Clone)]
pub struct Plugin {
    options: Options,
    furniture: Furniture,
}

impl Default for Plugin {
    fn default() -> Self {
        Self::new(Options::default())
    }
}

impl Plugin {
    /// A plugin with these options.
    pub fn new(options: Options) -> Self {
        let furniture = Furniture::new(&options);
        Self { options, furniture }
    }

    /// The council a page belongs to: the configured one, else the one the text names most.
    pub fn council(&self, doc: &Document) -> Option<String> {
        self.options
            .council
            .clone()
            .or_else(|| council_name(&visible_text(doc)))
    }

    fn on_configured_host(&self, doc: &Document) -> bool {
        let Some(host) = doc.host() else { return false };
        self.options.hosts.iter().any(|h| {
            let h = h.trim().trim_start_matches("www.").to_ascii_lowercase();
            !h.is_empty() && scrutiny_core::is_or_under(&host, &h)
        })
    }
}

/// The page's text as a reader sees it (for HTML, the body's text).
fn visible_text(doc: &Document) -> String {
    match doc.format {
        Format::Text => doc.text.clone(),
        Format::Html => {
            let page = html::parse(&doc.text);
            html::selector("body")
                .and_then(|s| page.select(&s).next())
                .map(html::element_text)
                .unwrap_or_default()
        }
    }
}

/// Words that name a kind of council between the place and "Council".
const COUNCIL_KINDS: [&str; 5] = ["Borough", "City", "County", "District", "Metropolitan"];

/// The council a text names most often ("Knowsley Council", "Exampleshire County Council"),
/// when it names one at least twice. Possessives ("Knowsley Council’s") count.
pub fn council_name(text: &str) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let bare = bare
            .strip_suffix("’s")
            .or_else(|| bare.strip_suffix("'s"))
            .unwrap_or(bare);
        if bare != "Council" {
            continue;
        }
        // Walk back over the kind words, then take one capitalised place word (two for
        // "North Tyneside"), stopping at sentence starts and lower-case words.
        let mut start = i;
        while start > 0 && COUNCIL_KINDS.contains(&words[start - 1]) {
            start -= 1;
        }
        let place = |j: usize| {
            words.get(j).is_some_and(|p| {
                p.starts_with(char::is_uppercase)
                    && p.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !matches!(*p, "The" | "A" | "By" | "Our")
            })
        };
        if start == 0 || !place(start - 1) {
            continue;
        }
        start -= 1;
        if start > 0
            && place(start - 1)
            && matches!(
                words[start - 1],
                "North" | "South" | "East" | "West" | "Central"
            )
        {
            start -= 1;
        }
        let mut name: Vec<&str> = words[start..i].to_vec();
        name.push("Council");
        *counts.entry(name.join(" ")).or_default() += 1;
    }
    let best = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    Some(best.0)
}

/// `NAME.gov.uk` hosts that are not councils: national bodies, central government services
/// (`*.service.gov.uk`) and the Local Government Association (`local.gov.uk`).
const NOT_COUNCILS: &[&str] = &[
    "ofsted",
    "service",
    "local",
    "london",
    "ons",
    "data",
    "legislation",
    "nationalarchives",
    "education",
    "dfes",
    "nidirect",
    "parliament",
    "ofqual",
    "judiciary",
    "cabinetoffice",
    "direct",
];

/// True for a byline naming a press team rather than a person ("Comms Team", "Press Office").
pub(crate) fn is_press_team(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["team", "office", "unit", "desk"]
        .iter()
        .any(|w| lower.ends_with(w))
        && ["comms", "communications", "press", "media", "news"]
            .iter()
            .any(|w| lower.contains(w))
}

impl Source for Plugin {
    fn name(&self) -> &'static str {
        NAME
    }

    fn hosts(&self) -> &[&'static str] {
        &["gov.uk"]
    }

    fn serves_host(&self, host: &str) -> bool {
        // A council is `NAME.gov.uk` (or a subdomain of it); `gov.uk` itself is central
        // government, and some `NAME.gov.uk` are national bodies (Ofsted's reports among
        // them). Those are left to the pages' own signatures.
        let Some(rest) = host.strip_suffix(".gov.uk") else {
            return false;
        };
        let name = rest.rsplit('.').next().unwrap_or(rest);
        !name.is_empty() && !NOT_COUNCILS.contains(&name)
    }

    fn clues(&self, doc: &Document) -> Vec<Clue> {
        let mut clues = Vec::new();
        clues.extend(Clue::when(
            self.on_configured_host(doc),
            "a host the options name",
            0.9,
        ));
        match doc.format {
            Format::Text => clues.extend(text_page::clues(&doc.text)),
            Format::Html => clues.extend(html_page::clues(&html::parse(&doc.text))),
        }
        let names_council = self.options.council.as_deref().map_or_else(
            || council_name(&visible_text(doc)).is_some(),
            |c| doc.text.contains(c),
        );
        clues.extend(Clue::when(names_council, "a council named", 0.2));
        clues
    }

    fn parse(&self, doc: &Document) -> Result<Article, Reject> {
        html::parse_document(
            doc,
            NAME,
            |text, article| text_page::parse(text, &self.furniture, article),
            |page, article| {
                html_page::parse(page, &self.furniture, article);
                Ok(())
            },
            "no press-release body found",
        )
    }
}

/// The normalized text of a line.
fn clean(line: &str) -> String {
    lines::normalize_space(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::RejectCode;
    use scrutiny_testkit::{assert_total, doc};

    #[test]
    fn council_hosts_are_gov_uk_names_but_not_national_bodies() {
        let p = Plugin::default();
        for host in ["knowsley.gov.uk", "news.knowsley.gov.uk", "coventry.gov.uk"] {
            assert!(p.serves_host(host), "{host}");
        }
        for host in [
            "gov.uk",
            "reports.ofsted.gov.uk",
            "assets.publishing.service.gov.uk",
            "local.gov.uk",
            "notgov.uk",
            "bbc.co.uk",
        ] {
            assert!(!p.serves_host(host), "{host}");
        }
    }

    #[test]
    fn council_name_is_the_most_named_council() {
        let t = "Knowsley Council said. The report on Knowsley Council’s services. Coventry Council too.";
        assert_eq!(council_name(t).as_deref(), Some("Knowsley Council"));
        let t = "Exampleshire County Council agreed. Exampleshire County Council's cabinet met.";
        assert_eq!(
            council_name(t).as_deref(),
            Some("Exampleshire County Council")
        );
        let t = "North Tyneside Council said. North Tyneside Council agreed.";
        assert_eq!(council_name(t).as_deref(), Some("North Tyneside Council"));
        assert_eq!(council_name("The Council met. The Council agreed."), None);
        assert_eq!(council_name("Knowsley Council, once."), None);
    }

    #[test]
    fn configured_council_and_hosts() {
        let plugin = Plugin::new(Options {
            council: Some("Anytown Council".into()),
            hosts: vec!["anytownnews.co.uk".into()],
            ..Options::default()
        });
        let mut d = doc("Title\n\nBody.", Format::Text);
        assert_eq!(plugin.council(&d).as_deref(), Some("Anytown Council"));
        assert!(plugin.confidence(&d) < 0.5);
        d.meta.url = Some("https://www.anytownnews.co.uk/2016/05/story".into());
        assert!(plugin.confidence(&d) >= 0.9);
    }

    #[test]
    fn press_team_bylines() {
        assert!(is_press_team("Comms Team"));
        assert!(is_press_team("Media and Communications Team"));
        assert!(!is_press_team("Neil Puffett"));
    }

    #[test]
    fn a_page_without_body_is_a_reject() {
        let r = Plugin::default()
            .parse(&doc(
                "Home News Council rated good\nCouncil rated good",
                Format::Text,
            ))
            .unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
        let r = Plugin::default()
            .parse(&doc("<nav>Home</nav>", Format::Html))
            .unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody);
    }

    #[test]
    fn options_refuse_unknown_keys() {
        let ok: Options = serde_yaml::from_str("council: Knowsley Council").unwrap();
        assert_eq!(ok.council.as_deref(), Some("Knowsley Council"));
        assert!(serde_yaml::from_str::<Options>("councils: [x]").is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            assert_total(&Plugin::default(), &s);
            let _ = council_name(&s);
        }

        #[test]
        fn never_panics_on_markup_like_input(s in "(<[a-z]{1,8}( class=\"[a-z -]{0,12}\")?>|</[a-z]{1,8}>|Home|Council|[A-Za-z .?:›•\n]{0,20}){0,30}") {
            let p = Plugin::default();
            for format in [Format::Text, Format::Html] {
                let d = doc(&s, format);
                let _ = p.confidence(&d);
                let _ = p.parse(&d);
            }
        }
    }
}
