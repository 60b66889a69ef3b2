//! The real `scrutiny` binary over the bundled seeds: its Knowsley and Coventry events equal gold's `merged` timeline.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::root;
use serde_json::Value;

/// The authorities whose timelines must equal gold's.
const AUTHORITIES: &[&str] = &["Knowsley", "Coventry"];

/// One event, as gold writes it or as the pipeline exported it, reduced to what is compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    kind: String,
    judgement: String,
    rating: String,
    /// The date with the month folded in: gold's `{date: 2017, month: 3}` is `2017-03`.
    date: String,
    /// The month, when no year is known.
    month: String,
    /// 3-digit file prefixes of the supporting articles, sorted.
    articles: Vec<String>,
}

fn when(date: &str, month: &str) -> (String, String) {
    match (date.len(), month.is_empty()) {
        (0, _) => (String::new(), month.to_owned()),
        (4, false) => (format!("{date}-{:0>2}", month), String::new()),
        _ => (date.to_owned(), String::new()),
    }
}

/// Split a YAML flow mapping's body at top-level commas, leaving quoted commas alone.
fn split_top(text: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth, mut quote) = (Vec::new(), String::new(), 0i32, None);
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out.into_iter().map(|s| s.trim().to_owned()).collect()
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(v);
    if v == "null" || v == "~" {
        String::new()
    } else {
        v.to_owned()
    }
}

/// Gold's `merged` section: per authority, its entries. scrutiny-cli has no YAML dependency, so
/// this reads exactly the form the gold file uses (an authority key, then one flow mapping per
/// line) and stops at anything else rather than misread it.
fn gold_merged(text: &str) -> BTreeMap<String, Vec<Entry>> {
    let mut out: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut inside = false;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            inside = line.trim_end() == "merged:";
            continue;
        }
        if !inside {
            continue;
        }
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_suffix(':') {
            current = Some(unquote(name));
            continue;
        }
        let body = trimmed
            .strip_prefix("- {")
            .and_then(|b| b.strip_suffix('}'))
            .unwrap_or_else(|| panic!("unexpected line in gold's merged section: {line}"));
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        for pair in split_top(body) {
            let (k, v) = pair
                .split_once(':')
                .unwrap_or_else(|| panic!("not a key: value pair: {pair}"));
            fields.insert(k.trim().to_owned(), v.trim().to_owned());
        }
        for k in fields.keys() {
            assert!(
                [
                    "kind",
                    "judgement",
                    "rating",
                    "date",
                    "month",
                    "articles",
                    "note"
                ]
                .contains(&k.as_str()),
                "unknown key `{k}` in gold's merged section"
            );
        }
        let get = |k: &str| fields.get(k).map(|v| unquote(v)).unwrap_or_default();
        let list = fields.get("articles").cloned().unwrap_or_default();
        let mut articles: Vec<String> = list
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect();
        articles.sort();
        let (date, month) = when(&get("date"), &get("month"));
        let kind = match get("kind") {
            k if k.is_empty() => "inspection".to_owned(),
            k => k,
        };
        let authority = current.clone().expect("an entry before any authority");
        out.entry(authority).or_default().push(Entry {
            kind,
            judgement: get("judgement"),
            rating: get("rating"),
            date,
            month,
            articles,
        });
    }
    out
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn text(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

#[test]
fn knowsley_and_coventry_timelines_equal_gold() {
    let root = root();
    let gold = gold_merged(&std::fs::read_to_string(root.join("data/gold/seeds.yaml")).unwrap());
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(&root)
        .args(["run", "pipelines/default.yaml", "--out"])
        .arg(out.path())
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let prefix: BTreeMap<String, String> = jsonl(&out.path().join("articles.jsonl"))
        .iter()
        .map(|a| {
            let path = text(a, "path");
            let name = path.rsplit(['/', '\\']).next().unwrap_or(&path);
            (text(a, "id"), name.chars().take(3).collect())
        })
        .collect();
    let events = jsonl(&out.path().join("events.jsonl"));

    for &authority in AUTHORITIES {
        let expected = gold
            .get(authority)
            .unwrap_or_else(|| panic!("gold's merged section lists no {authority}"));
        let mut got: Vec<Entry> = events
            .iter()
            .filter(|e| text(e, "authority") == authority)
            .map(|e| {
                let mut articles: Vec<String> = e["articles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|id| prefix[id.as_str().unwrap()].clone())
                    .collect();
                articles.sort();
                articles.dedup();
                let (date, month) = when(&text(e, "date"), &text(e, "month"));
                Entry {
                    kind: text(e, "kind"),
                    judgement: text(e, "judgement"),
                    rating: text(e, "rating"),
                    date,
                    month,
                    articles,
                }
            })
            .collect();
        got.sort();
        let mut unmatched = got.clone();
        for g in expected {
            let i = unmatched.iter().position(|e| e == g).unwrap_or_else(|| {
                panic!("{authority}: gold's {g:?} is not among the events:\n{got:#?}")
            });
            unmatched.remove(i);
        }
        // Gold lists only the headline judgement of some inspections: their judgement areas may
        // be events too, but no overall inspection or visit beyond gold's.
        let extra: Vec<&Entry> = unmatched
            .iter()
            .filter(|e| e.kind != "inspection" || e.judgement == "overall")
            .collect();
        assert!(
            extra.is_empty(),
            "{authority}: events gold does not have: {extra:#?}"
        );
    }
}

#[test]
fn the_gold_reader_reads_flow_entries_and_folds_the_month() {
    let yaml = "articles: []\n# note\nmerged:\n  Knowsley:\n    - {date: 2017, month: 3, judgement: overall, rating: good, articles: [004, 001], note: \"a, b: c\"}\n    - {date: null, month: 8, kind: monitoring_visit, articles: [002]}\nother: 1\n";
    let g = gold_merged(yaml);
    let k = &g["Knowsley"];
    assert_eq!(k.len(), 2);
    assert_eq!(
        k[0],
        Entry {
            kind: "inspection".into(),
            judgement: "overall".into(),
            rating: "good".into(),
            date: "2017-03".into(),
            month: String::new(),
            articles: vec!["001".into(), "004".into()],
        }
    );
    assert_eq!(
        (k[1].kind.as_str(), k[1].date.as_str(), k[1].month.as_str()),
        ("monitoring_visit", "", "8")
    );
}

/// Gold's notes on the merged timeline date the articles themselves: 004's news is the 2017
/// inspection; 001 recounts 2017 and 002 June 2014, so neither can be earlier. The articles
/// dataset carries what merging learnt, with its basis.
#[test]
fn undated_articles_get_what_merging_learns_of_their_dates() {
    let root = root();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(&root)
        .args([
            "run",
            "pipelines/default.yaml",
            "--no-cache",
            "--quiet",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let by_file: BTreeMap<String, Value> = jsonl(&out.path().join("articles.jsonl"))
        .into_iter()
        .map(|a| (text(&a, "path")[9..12].to_owned(), a))
        .collect();
    let field = |file: &str, key: &str| by_file[file][key].as_str().map(str::to_owned);
    assert_eq!(
        field("000", "inferred_date").as_deref(),
        Some("2014-07-01"),
        "its own published date"
    );
    assert_eq!(field("004", "inferred_date").as_deref(), Some("2017"));
    assert!(
        field("004", "inferred_basis")
            .unwrap()
            .contains("inferred from its news")
    );
    assert_eq!(
        field("001", "inferred_date"),
        None,
        "nothing dates 001's own news"
    );
    assert_eq!(field("001", "not_before").as_deref(), Some("2017"));
    assert_eq!(field("002", "not_before").as_deref(), Some("2014-06"));
    assert_eq!(field("003", "inferred_date"), None, "never guessed");
}
