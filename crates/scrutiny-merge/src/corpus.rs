//! Generated news pages with known duplicate clusters, for dedup tests and benchmarks.
//!
//! Each story is a realistic-style report of an Ofsted judgement, assembled from phrase pools
//! so that different stories share vocabulary and many phrases (hard negatives), and each may
//! be republished: verbatim in another format (HTML against page text), or edited the way
//! syndicated copies are (a new headline, a rewritten opening, paragraphs cut, house style,
//! an agency credit and newsletter boilerplate). `Page::story` is the ground truth.

use scrutiny_core::{Article, Block, FieldFound, Format, PartialDate, content_id};

const AUTHORITIES: &[&str] = &[
    "Knowsley",
    "Coventry",
    "Sefton",
    "Halton",
    "Liverpool",
    "Wirral",
    "St Helens",
    "Wigan",
    "Bolton",
    "Salford",
    "Trafford",
    "Stockport",
    "Oldham",
    "Rochdale",
    "Bury",
    "Tameside",
    "Birmingham",
    "Sandwell",
    "Dudley",
    "Walsall",
    "Wolverhampton",
    "Solihull",
    "Slough",
    "Reading",
    "Kent",
    "Medway",
    "Surrey",
    "Croydon",
    "Southwark",
    "Lambeth",
    "Hackney",
    "Haringey",
    "Barnet",
    "Enfield",
    "Bromley",
    "Norfolk",
    "Suffolk",
    "Essex",
    "Thurrock",
    "Luton",
    "Bedford",
    "Peterborough",
    "Lincolnshire",
    "Nottingham",
    "Derby",
    "Leicester",
    "Rutland",
    "Herefordshire",
    "Shropshire",
    "Telford and Wrekin",
    "Cornwall",
    "Devon",
    "Torbay",
    "Plymouth",
    "Somerset",
    "Swindon",
    "Bournemouth",
    "Doncaster",
    "Rotherham",
    "Sheffield",
    "Barnsley",
    "Wakefield",
    "Kirklees",
    "Calderdale",
    "Bradford",
    "Leeds",
    "York",
    "Hull",
    "North Tyneside",
    "Sunderland",
    "Gateshead",
    "Durham",
    "Darlington",
];
const RATINGS: &[&str] = &["inadequate", "requires improvement", "good", "outstanding"];
const MONTHS: &[&str] = &[
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
const FIRST: &[&str] = &[
    "Margaret", "David", "Anthony", "Jacqui", "Paul", "Eleni", "Malcolm", "Gary", "Sarah", "Helen",
    "James", "Mohammed", "Priya", "Claire", "Andrew", "Rachel", "Tom", "Fiona", "Imran", "Louise",
];
const LAST: &[&str] = &[
    "Harvey",
    "Lonergan",
    "Douglas",
    "Old",
    "Boyce",
    "Ioannides",
    "Newsam",
    "See",
    "Khan",
    "Patel",
    "Jones",
    "Smith",
    "Walker",
    "Hughes",
    "Begum",
    "Clarke",
    "Evans",
    "Wright",
    "Turner",
    "Ahmed",
];
const ROLES: &[&str] = &[
    "cabinet member for children's services",
    "director of children's services",
    "chief executive",
    "chair of the improvement board",
    "lead member for children and families",
    "council leader",
];
// Sentence parts are at most three words long, so every four-word shingle spans two or more
// independent choices: different stories share phrases, as real coverage does, but not whole runs.
const OPENERS: &[&str] = &[
    "Inspectors found",
    "The report said",
    "Ofsted noted",
    "It found",
    "Inspectors said",
    "The watchdog said",
    "Leaders accepted",
    "The report added",
    "Inspectors warned",
    "It noted",
    "Reviewers found",
    "Officials admitted",
    "Inspectors observed",
    "The findings showed",
    "Evidence showed",
    "Staff told inspectors",
    "Managers conceded",
    "Inspectors reported",
    "The team found",
    "Ofsted judged",
    "Inspectors concluded",
    "The report noted",
    "Inspectors highlighted",
    "Auditors found",
    "Ofsted warned",
];
const ADJECTIVES: &[&str] = &[
    "vulnerable",
    "older",
    "younger",
    "disabled",
    "looked-after",
    "local",
    "some",
    "many",
    "most",
    "few",
    "newly referred",
    "unaccompanied",
    "at-risk",
    "fostered",
    "adopted",
    "isolated",
];
const NOUNS: &[&str] = &[
    "children",
    "teenagers",
    "families",
    "carers",
    "care leavers",
    "babies",
    "siblings",
    "parents",
    "pupils",
    "social workers",
    "managers",
    "team leaders",
    "practitioners",
    "advisers",
    "partners",
    "young people",
];
const VERBS: &[&str] = &[
    "waited too long for",
    "did not receive",
    "were offered",
    "rarely had",
    "benefited from",
    "lacked",
    "were denied",
    "struggled to get",
    "now receive",
    "were given",
    "often missed",
    "asked for",
    "valued",
    "did not get",
    "had better",
    "had limited",
    "had timely",
    "were refused",
    "quickly received",
    "seldom received",
    "were promised",
    "had reduced",
    "complained about",
    "needed more",
];
const OBJECTS: &[&str] = &[
    "stable placements",
    "timely assessments",
    "regular visits",
    "clear plans",
    "specialist support",
    "mental health help",
    "early help",
    "legal advice",
    "supervision",
    "training",
    "respite care",
    "family time",
    "therapy",
    "advocacy",
    "return interviews",
    "health checks",
    "education plans",
    "housing support",
    "key workers",
    "translated information",
    "independent visitors",
    "life story work",
    "permanence planning",
    "safety plans",
];
const DETAILS: &[&str] = &[
    "last year",
    "this spring",
    "during the inspection",
    "across the borough",
    "in the north",
    "in rural areas",
    "at weekends",
    "out of hours",
    "after referral",
    "in most cases",
    "in some cases",
    "in every case",
    "for months",
    "for weeks",
    "after moving",
    "at school",
    "before court",
    "after court",
    "on discharge",
    "during lockdown",
    "at the front door",
    "in two teams",
    "since the spring",
    "until recently",
];
const PREDICATES: &[&str] = &[
    "were not always seen quickly enough",
    "had been let down by drift and delay",
    "were seen regularly",
    "lacked management oversight",
    "faced frequent changes of social worker",
    "were not getting the help they needed",
];
const QUOTES: &[&str] = &[
    "We accept the findings in full and are determined to improve",
    "Our focus is always on providing better outcomes for children",
    "We have been on a significant improvement journey in recent years",
    "Naturally we want our services for children to be the very best they can be",
    "We know there is more to do and we will not rest until every child is safe",
    "This is a fair report and it recognises the hard work of our staff",
    "Children and families deserve better and we are sorry we have let them down",
    "The progress made shows what can be achieved when partners work together",
];
const HEADLINES: &[&str] = &[
    "{a} children's services rated {r} by Ofsted",
    "Ofsted rates {a} council's children's services {r}",
    "{a} council told its children's services are {r}",
    "Watchdog judges {a} children's services {r}",
    "{a}: children's services {r}, inspectors say",
    "Inspectors find {a} children's services {r}",
];
const PUBLISHERS: &[&str] = &["bbc", "reach", "cypnow", "council_press", "generic"];

/// One generated page and the story it tells.
#[derive(Debug, Clone)]
pub struct Page {
    /// File name to write it as (`NNNNNN_publisher.txt` or `.html`).
    pub name: String,
    /// The source plugin for the page's publisher.
    pub publisher: String,
    /// Index of the story it tells: pages with one story form one known duplicate cluster.
    pub story: usize,
    /// The article a parser would make of it (the page's content id as its id).
    pub article: Article,
}

impl Page {
    /// The page as its publisher serves it: page text or HTML.
    pub fn render(&self) -> String {
        render(&self.article, &self.publisher)
    }
}

/// Page text, or HTML in the publisher's documented template (BBC's 2020+ `text-block`
/// components, Reach's Escenic `article-body`; see the publisher fixtures' README), so the
/// real source plugins read generated pages as they read real ones.
fn render(a: &Article, publisher: &str) -> String {
    let title = a.title.as_deref().unwrap_or("");
    let date = a.published.map(|d| d.to_string()).unwrap_or_default();
    let byline = a.byline.as_deref().unwrap_or("");
    match a.format {
        Format::Text => {
            let body: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
            format!("{title}\n\nBy {byline}\n{date}\n\n{}\n", body.join("\n\n"))
        }
        Format::Html => {
            let esc = |s: &str| {
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            };
            let t = esc(title);
            let by = esc(byline);
            let paragraphs = |open: &str, close: &str| -> String {
                a.blocks
                    .iter()
                    .map(|b| format!("{open}<p>{}</p>{close}\n", esc(&b.text)))
                    .collect()
            };
            match publisher {
                "bbc" => {
                    return format!(
                        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{t} - BBC News</title></head><body>\n\
                         <main id=\"main-content\"><article><header><h1 id=\"main-heading\">{t}</h1></header>\n\
                         <div data-component=\"byline-block\"><p>By {by}</p></div><time dateTime=\"{date}T09:00:00.000Z\">{date}</time>\n{}\
                         </article></main></body></html>\n",
                        paragraphs("<div data-component=\"text-block\">", "</div>")
                    );
                }
                "reach" => {
                    return format!(
                        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{t} - Liverpool Echo</title></head><body>\n\
                         <article class=\"article-main channel-news\"><h1 itemprop=\"headline name\">{t}</h1>\n\
                         <span class=\"author-label\">{by}</span><time class=\"date-published\" datetime=\"{date}T09:00:00Z\">{date}</time>\n\
                         <div class=\"article-body\" itemprop=\"articleBody\">\n{}</div></article></body></html>\n",
                        paragraphs("", "")
                    );
                }
                _ => {}
            }
            let body = paragraphs("", "");
            format!(
                "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title></head><body>\n\
                 <article><h1>{t}</h1><p class=\"byline\">By {}</p><time datetime=\"{date}\">{date}</time>\n{body}</article>\n\
                 </body></html>\n",
                by,
            )
        }
    }
}

fn pick<'a>(rng: &mut fastrand::Rng, pool: &[&'a str]) -> &'a str {
    pool.get(rng.usize(..pool.len().max(1)))
        .copied()
        .unwrap_or("")
}

struct Story {
    authority: &'static str,
    rating: &'static str,
    title: String,
    byline: String,
    published: Option<PartialDate>,
    paragraphs: Vec<String>,
}

fn person(rng: &mut fastrand::Rng) -> String {
    format!("{} {}", pick(rng, FIRST), pick(rng, LAST))
}

fn sentence(rng: &mut fastrand::Rng) -> String {
    format!(
        "{} {} {} {} {} {}.",
        pick(rng, OPENERS),
        pick(rng, ADJECTIVES),
        pick(rng, NOUNS),
        pick(rng, VERBS),
        pick(rng, OBJECTS),
        pick(rng, DETAILS)
    )
}

fn story(rng: &mut fastrand::Rng) -> Story {
    let authority = pick(rng, AUTHORITIES);
    let rating = pick(rng, RATINGS);
    let previous = pick(rng, RATINGS);
    let year = rng.i16(2010..=2024);
    let month = rng.u8(1..=12);
    let before = year - rng.i16(2..=7);
    let mname = MONTHS[usize::from(month - 1)];
    let title = pick(rng, HEADLINES)
        .replace("{a}", authority)
        .replace("{r}", rating);
    let mut paragraphs = vec![
        format!(
            "Children's services at {authority} Council have been rated {rating} following an Ofsted inspection in {mname}."
        ),
        format!(
            "The council was previously judged {previous} in {before}, when inspectors said children {}.",
            pick(rng, PREDICATES)
        ),
    ];
    let body = rng.usize(6..=11);
    for _ in 0..body {
        let mut p = String::new();
        for s in 0..rng.usize(2..=3) {
            if s > 0 {
                p.push(' ');
            }
            p.push_str(&sentence(rng));
        }
        if rng.u8(0..4) == 0 {
            p.push_str(&format!(
                " The council said {} new social workers had been recruited and average caseloads were now {}.",
                rng.u32(5..90),
                rng.u32(12..30)
            ));
        }
        paragraphs.push(p);
    }
    let who = person(rng);
    let role = pick(rng, ROLES);
    paragraphs.push(format!(
        "{who}, {authority} Council's {role}, said: \"{}.\"",
        pick(rng, QUOTES)
    ));
    if rng.bool() {
        paragraphs.push(format!("\"{}.\"", pick(rng, QUOTES)));
    }
    let published = if rng.u8(0..3) == 0 {
        None
    } else {
        PartialDate::day(year, month.min(12), rng.u8(1..=28)).ok()
    };
    Story {
        authority,
        rating,
        title,
        byline: person(rng),
        published,
        paragraphs,
    }
}

/// House-style edits a republishing outlet makes, applied to each word with some probability.
fn house_style(rng: &mut fastrand::Rng, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, w) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let edited = match w {
            "Council" if rng.u8(0..2) == 0 => "council",
            "Ofsted" if rng.u8(0..5) == 0 => "the watchdog",
            "Inspectors" if rng.u8(0..5) == 0 => "Ofsted inspectors",
            "said" if rng.u8(0..10) == 0 => "added",
            _ => w,
        };
        out.push_str(edited);
    }
    out
}

fn edited_copy(rng: &mut fastrand::Rng, s: &Story) -> (String, Vec<String>) {
    let title = if rng.bool() {
        format!(
            "{}: {} council's children's services judged {}",
            s.authority, s.authority, s.rating
        )
    } else {
        pick(rng, HEADLINES)
            .replace("{a}", s.authority)
            .replace("{r}", s.rating)
    };
    let mut paras: Vec<String> = Vec::new();
    // A different opening: the republisher's own first paragraph.
    if rng.u8(0..10) < 7 {
        paras.push(format!(
            "A council's services for vulnerable children have been branded {} by the education watchdog, \
             with inspectors raising concerns about {}.",
            s.rating,
            pick(rng, NOUNS)
        ));
    } else if let Some(first) = s.paragraphs.first() {
        paras.push(first.clone());
    }
    let last = s.paragraphs.len().saturating_sub(1);
    let cut_tail = if rng.u8(0..10) < 3 {
        rng.usize(1..=2)
    } else {
        0
    };
    for (i, p) in s.paragraphs.iter().enumerate().skip(1) {
        if i + cut_tail > last && i > 2 {
            continue;
        }
        if rng.u8(0..20) == 0 {
            continue;
        }
        paras.push(house_style(rng, p));
        if i == 4 && rng.bool() {
            paras.push("Sign up to our newsletter for the latest news from your area.".to_owned());
        }
    }
    if rng.bool() {
        paras.push(
            "This story was written by a Local Democracy Reporting Service reporter.".to_owned(),
        );
    }
    (title, paras)
}

fn article(
    title: String,
    byline: String,
    published: Option<PartialDate>,
    paras: Vec<String>,
    format: Format,
    publisher: &str,
) -> Article {
    let mut a = Article {
        id: String::new(),
        path: String::new(),
        source: publisher.to_owned(),
        url: None,
        format,
        encoding: "UTF-8".into(),
        title: Some(title),
        title_from: FieldFound::PageText,
        standfirst: None,
        byline: Some(byline),
        byline_from: FieldFound::PageText,
        published,
        published_from: if published.is_some() {
            FieldFound::PageText
        } else {
            FieldFound::None
        },
        blocks: paras.into_iter().map(Block::paragraph).collect(),
        captions: Vec::new(),
        removed: Vec::new(),
        cluster: None,
        duplicate_of: None,
        inferred: None,
    };
    // The id hashes the generic rendering: unique per content, whatever the publisher template.
    a.id = content_id(render(&a, "").as_bytes());
    a
}

/// Which formats generated pages come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// About a quarter saved HTML in a publisher's template, the rest page text.
    Mixed,
    /// Page text only: the same stories, copies and sidecars as [`Mix::Mixed`] from the same
    /// seed, each page rendered as text instead of HTML.
    TextOnly,
}

impl Mix {
    fn apply(self, format: Format) -> Format {
        match self {
            Mix::Mixed => format,
            Mix::TextOnly => Format::Text,
        }
    }
}

/// `n` pages from seed `seed`, in shuffled order; the same arguments give the same pages.
///
/// About half the stories appear once; the rest have one to three more copies, a fifth of them
/// verbatim in the other format, the others edited.
pub fn generate(n: usize, seed: u64) -> Vec<Page> {
    generate_mix(n, seed, Mix::Mixed)
}

/// [`generate`] with the formats chosen by `mix`. The random draws do not depend on `mix`, so
/// the stories, copies, edits and names are the same whatever it is.
pub fn generate_mix(n: usize, seed: u64, mix: Mix) -> Vec<Page> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut pages: Vec<(Article, usize, String)> = Vec::with_capacity(n);
    let mut index = 0;
    while pages.len() < n {
        let s = story(&mut rng);
        let publisher = pick(&mut rng, PUBLISHERS).to_owned();
        let format = if rng.u8(0..4) == 0 {
            Format::Html
        } else {
            Format::Text
        };
        let original = article(
            s.title.clone(),
            s.byline.clone(),
            s.published,
            s.paragraphs.clone(),
            mix.apply(format),
            &publisher,
        );
        let copies = match rng.u8(0..20) {
            0..=9 => 0,
            10..=14 => 1,
            15..=17 => 2,
            _ => 3,
        };
        let mut group = vec![(original, index, publisher)];
        for _ in 0..copies {
            let publisher = pick(&mut rng, PUBLISHERS).to_owned();
            if rng.u8(0..5) == 0 {
                let other = if format == Format::Html {
                    Format::Text
                } else {
                    Format::Html
                };
                group.push((
                    article(
                        s.title.clone(),
                        s.byline.clone(),
                        s.published,
                        s.paragraphs.clone(),
                        mix.apply(other),
                        &publisher,
                    ),
                    index,
                    publisher,
                ));
            } else {
                let (title, paras) = edited_copy(&mut rng, &s);
                let published = s.published.filter(|_| rng.bool());
                let format = if rng.u8(0..4) == 0 {
                    Format::Html
                } else {
                    Format::Text
                };
                group.push((
                    article(
                        title,
                        person(&mut rng),
                        published,
                        paras,
                        mix.apply(format),
                        &publisher,
                    ),
                    index,
                    publisher,
                ));
            }
        }
        group.truncate(n - pages.len());
        pages.extend(group);
        index += 1;
    }
    rng.shuffle(&mut pages);
    pages
        .into_iter()
        .enumerate()
        .map(|(i, (mut article, story, publisher))| {
            let ext = if article.format == Format::Html {
                "html"
            } else {
                "txt"
            };
            let name = format!("{i:06}_{publisher}.{ext}");
            article.path = name.clone();
            Page {
                name,
                publisher,
                story,
                article,
            }
        })
        .collect()
}

/// Pair precision and recall of a clustering against known clusters: over all pairs of items,
/// a pair is predicted when both share `predicted`, and true when both share `truth`.
pub fn pair_scores<P: Ord + Clone, T: Ord + Clone>(predicted: &[P], truth: &[T]) -> (f64, f64) {
    use std::collections::BTreeMap;
    fn pairs<K: Ord>(counts: impl Iterator<Item = K>) -> u64 {
        let mut m: BTreeMap<K, u64> = BTreeMap::new();
        for k in counts {
            *m.entry(k).or_default() += 1;
        }
        m.values().map(|&c| c * c.saturating_sub(1) / 2).sum()
    }
    let n = predicted.len().min(truth.len());
    let both = pairs((0..n).map(|i| (predicted[i].clone(), truth[i].clone())));
    let pred = pairs(predicted[..n].iter().cloned());
    let tru = pairs(truth[..n].iter().cloned());
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (ratio(both, pred), ratio(both, tru))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_exactly_n() {
        let a = generate(50, 7);
        let b = generate(50, 7);
        assert_eq!(a.len(), 50);
        assert!(
            a.iter()
                .zip(&b)
                .all(|(x, y)| x.article == y.article && x.story == y.story)
        );
        assert!(generate(0, 1).is_empty());
    }

    #[test]
    fn text_only_is_the_mixed_corpus_rendered_as_text() {
        let mixed = generate_mix(300, 3, Mix::Mixed);
        let text = generate_mix(300, 3, Mix::TextOnly);
        assert!(mixed.iter().any(|p| p.article.format == Format::Html));
        assert!(text.iter().all(|p| p.article.format == Format::Text));
        for (m, t) in mixed.iter().zip(&text) {
            assert_eq!((m.story, &m.publisher), (t.story, &t.publisher));
            assert_eq!(m.article.blocks, t.article.blocks);
            assert_eq!(m.article.title, t.article.title);
        }
    }

    #[test]
    fn pair_scores_count_pairs() {
        // Truth {0,1,2} {3}; predicted {0,1} {2,3}: 1 of 2 predicted pairs true, 1 of 3 true pairs found.
        let (p, r) = pair_scores(&[0, 0, 1, 1], &[5, 5, 5, 6]);
        assert_eq!((p, r), (0.5, 1.0 / 3.0));
    }
}
