//! The HTML report: one self-contained page (inline CSS and SVG, no scripts, no fetches).

use std::collections::{BTreeMap, BTreeSet};

// Keyed by ids; nothing iterates a map in hash order.
use foldhash::{HashMap, HashMapExt};
use std::fmt::Write;

use scrutiny_core::{Article, Claim, ClaimKind, Event, Judgement, PartialDate, Rating, RejectCode};

use crate::{ArticleHead, Input};

/// Writing into a `String` cannot fail, so the `fmt::Result` carries nothing worth handling.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Escape text for HTML content and double-quoted attributes alike.
pub(crate) fn esc(s: &str) -> String {
    Esc(s).to_string()
}

/// Text escaped as [`esc`] does, written straight into the page without an intermediate string.
pub(crate) struct Esc<'a>(pub(crate) &'a str);

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.0;
        // Copy runs of plain text whole; only the five special bytes are replaced. A byte scan,
        // not a `char` pattern: they are ASCII, so each one found is a char boundary.
        while let Some(i) = rest
            .bytes()
            .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
        {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// A URL safe to link to: only http(s), so a hostile sidecar cannot plant `javascript:`.
fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(u)
}

fn rating_class(r: Option<Rating>) -> &'static str {
    match r {
        Some(Rating::Outstanding) => "r-outstanding",
        Some(Rating::Good) => "r-good",
        Some(Rating::RequiresImprovement) => "r-ri",
        Some(Rating::Adequate) => "r-adequate",
        Some(Rating::Inadequate) => "r-inadequate",
        None => "r-none",
    }
}

fn rating_colour(r: Option<Rating>) -> &'static str {
    match r {
        Some(Rating::Outstanding) => "#1b7837",
        Some(Rating::Good) => "#5aae61",
        Some(Rating::RequiresImprovement) => "#f1a340",
        Some(Rating::Adequate) => "#dfc027",
        Some(Rating::Inadequate) => "#d7301f",
        None => "#8da0b6",
    }
}

fn rating_label(r: Option<Rating>) -> &'static str {
    match r {
        Some(Rating::Outstanding) => "Outstanding",
        Some(Rating::Good) => "Good",
        Some(Rating::RequiresImprovement) => "Requires improvement",
        Some(Rating::Adequate) => "Adequate",
        Some(Rating::Inadequate) => "Inadequate",
        None => "No grade",
    }
}

fn judgement_label(j: Judgement) -> &'static str {
    match j {
        Judgement::Overall => "Overall effectiveness",
        Judgement::HelpAndProtection => "Help and protection",
        Judgement::ChildrenInCare => "Children in care",
        Judgement::CareLeavers => "Care leavers",
        Judgement::Adoption => "Adoption",
        Judgement::Leadership => "Leadership",
        Judgement::Safeguarding => "Safeguarding (pre-2013)",
        Judgement::LookedAfter => "Looked-after children (pre-2013)",
        Judgement::Lscb => "Local safeguarding children board",
    }
}

fn kind_label(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Inspection => "Inspection",
        ClaimKind::MonitoringVisit => "Monitoring visit",
        ClaimKind::FocusedVisit => "Focused visit",
        ClaimKind::Appointment => "Appointment",
        ClaimKind::Statistic => "Statistic",
    }
}

/// The timeline lane of an event: inspections by judgement area, anything else by kind.
fn lane(e: &Event) -> (ClaimKind, Option<Judgement>) {
    match e.kind {
        ClaimKind::Inspection => (e.kind, e.judgement),
        other => (other, None),
    }
}

fn lane_label(l: (ClaimKind, Option<Judgement>)) -> String {
    match l {
        (ClaimKind::Inspection, Some(j)) => judgement_label(j).to_owned(),
        (ClaimKind::Inspection, None) => "Inspection (area not stated)".to_owned(),
        (k, _) => kind_label(k).to_owned(),
    }
}

fn month_name(m: u8) -> Option<&'static str> {
    MONTHS.get(usize::from(m).checked_sub(1)?).copied()
}

fn show_date(d: Option<PartialDate>, month: Option<u8>) -> String {
    match d {
        Some(d) => match (d.get_month().and_then(month_name), d.get_day()) {
            (Some(m), Some(day)) => format!("{day} {m} {}", d.get_year()),
            (Some(m), None) => format!("{m} {}", d.get_year()),
            _ => d.get_year().to_string(),
        },
        None => match month.and_then(month_name) {
            Some(m) => format!("{m}, year unknown"),
            None => "Undated".to_owned(),
        },
    }
}

/// Lookups shared by every section.
struct Index<'a> {
    articles: HashMap<&'a str, &'a ArticleHead>,
    claims: HashMap<&'a str, &'a Claim>,
}

const CSS: &str = r#"
:root{--ink:#1d2433;--muted:#5b6478;--line:#dde2ea;--bg:#f5f7fa;--card:#fff;--warn:#c0392b}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#1f3a5f;color:#fff;padding:28px 40px 24px}
header h1{margin:0 0 4px;font-size:26px;font-weight:650;letter-spacing:-.01em}
header p{margin:0;opacity:.85}
main{max-width:1120px;margin:0 auto;padding:24px 40px 60px}
h2{font-size:21px;margin:0 0 2px}
h3{font-size:16px;margin:22px 0 8px;color:var(--muted);font-weight:600}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:22px 26px;margin:0 0 24px;box-shadow:0 1px 2px rgba(20,30,50,.04)}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:6px 0 16px}
.stat{flex:1 1 96px;background:var(--bg);border-radius:8px;padding:10px 14px}
.stat b{display:block;font-size:26px;line-height:1.2}
.stat span{color:var(--muted);font-size:13px}
.stat.warn b{color:var(--warn)}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;color:var(--muted);margin:4px 0}
.legend i{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:5px}
.sub{color:var(--muted);font-size:13px;margin:0 0 12px}
nav.index{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0 0}
nav.index a{padding:3px 10px;border-radius:14px;background:var(--bg);border:1px solid var(--line);color:var(--ink);text-decoration:none;font-size:13px}
nav.index a.has-conflict{border-color:var(--warn)}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th{text-align:left;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid var(--line);padding:8px;vertical-align:top}
tr.conflict td{background:#fdf1ef}
tr.conflict td:first-child{box-shadow:inset 4px 0 0 var(--warn)}
.pill{display:inline-block;padding:1px 9px;border-radius:11px;color:#fff;font-size:12.5px;font-weight:600;white-space:nowrap}
.r-outstanding{background:#1b7837}.r-good{background:#5aae61}.r-ri{background:#f1a340}.r-adequate{background:#dfc027;color:#3a3000}.r-inadequate{background:#d7301f}.r-none{background:#8da0b6}
.flag{display:inline-block;margin-top:4px;color:var(--warn);font-weight:700;font-size:12px}
.basis{display:block;color:var(--muted);font-size:12px}
.quote{margin:0 0 6px;padding:2px 0 2px 10px;border-left:3px solid var(--line)}
.quote.disagree{border-left-color:var(--warn);background:#fff7f5}
.quote q{font-style:italic}
.quote .src{display:block;color:var(--muted);font-size:12px}
.quote .why{color:var(--warn);font-weight:600}
a{color:#1f5fa8}
code{font-size:12.5px;background:var(--bg);padding:0 4px;border-radius:3px}
svg.timeline{display:block;width:100%;height:auto;margin:4px 0 6px}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 30px}
"#;

/// Write the whole report to `w`, a section at a time: the page (hundreds of MB at 100,000
/// articles) is never held whole.
pub fn render(ds: &Input<'_>, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let ix = Index {
        articles: ds.articles.iter().map(|a| (a.id.as_str(), a)).collect(),
        claims: ds.claims.iter().map(|c| (c.id.as_str(), c)).collect(),
    };
    // Named authorities sorted by name; events naming none come last under their own heading.
    let mut by_authority: BTreeMap<(bool, &str), Vec<&Event>> = BTreeMap::new();
    for e in ds.events {
        let key = match e.authority.as_deref() {
            Some(a) => (false, a),
            None => (true, ""),
        };
        by_authority.entry(key).or_default().push(e);
    }
    let years: Vec<i16> = ds
        .events
        .iter()
        .filter_map(|e| e.date.map(|d| d.get_year()))
        .collect();
    let span = match (years.iter().min(), years.iter().max()) {
        (Some(&lo), Some(&hi)) => {
            // At least five years wide, so a single event does not fill the whole axis.
            let pad = (5 - (i32::from(hi) - i32::from(lo) + 1)).max(0);
            let lo = i32::from(lo) - pad / 2;
            Some((lo, i32::from(hi) + 1 + (pad - pad / 2)))
        }
        _ => None,
    };

    let mut out = String::with_capacity(64 * 1024);
    let title = if ds.meta.pipeline.is_empty() {
        "scrutiny report".to_owned()
    } else {
        format!("scrutiny report: {}", ds.meta.pipeline)
    };
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        Esc(&title)
    );
    w!(
        out,
        "<header><h1>Ofsted inspections of children's services, as the press reported them</h1>\
         <p>{}</p></header>\n<main>\n",
        Esc(&run_line(ds))
    );
    summary(&mut out, ds, &by_authority);
    if !by_authority.is_empty() {
        let rows: Vec<(String, Vec<&Event>)> = by_authority
            .iter()
            .map(|((none, name), evs)| {
                (
                    if *none {
                        "Authority not named".to_owned()
                    } else {
                        (*name).to_owned()
                    },
                    evs.clone(),
                )
            })
            .collect();
        out.push_str(
            "<section class=\"card\" id=\"overview\">\n<h2>At a glance</h2>\n<p class=\"sub\">Every event \
             of every authority on one axis; the sections below take one authority at a time.</p>\n",
        );
        timeline(&mut out, &rows, span, "Timeline of every authority");
        out.push_str("</section>\n");
    }
    // Appointments per authority, in claim order (one pass, not one per authority).
    let mut people: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for c in ds
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Appointment)
    {
        people
            .entry(c.authority.as_deref().unwrap_or(""))
            .or_default()
            .push(c);
    }
    for (i, ((_, name), events)) in by_authority.iter().enumerate() {
        let named = people.get(name).map_or(&[][..], Vec::as_slice);
        authority(&mut out, &ix, i, name, events, span, named);
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    articles_table(&mut out, ds);
    w!(
        out,
        "</main>\n<footer>Every grade, date and sentence above comes from the articles listed; \
         nothing is filled in by guesswork. Generated by scrutiny{}.</footer>\n</body>\n</html>\n",
        if ds.meta.tool_version.is_empty() {
            String::new()
        } else {
            format!(" {}", Esc(&ds.meta.tool_version))
        }
    );
    w.write_all(out.as_bytes())
}

fn run_line(ds: &Input<'_>) -> String {
    let mut parts = Vec::new();
    if !ds.meta.pipeline.is_empty() {
        parts.push(format!("Pipeline {}", ds.meta.pipeline));
    }
    if !ds.meta.run_time.is_empty() {
        parts.push(format!("run {}", ds.meta.run_time));
    }
    if !ds.meta.tool_version.is_empty() {
        parts.push(format!("scrutiny {}", ds.meta.tool_version));
    }
    if parts.is_empty() {
        "Run details not recorded".to_owned()
    } else {
        parts.join(" · ")
    }
}

fn summary(out: &mut String, ds: &Input<'_>, by_authority: &BTreeMap<(bool, &str), Vec<&Event>>) {
    let conflicts = ds.events.iter().filter(|e| e.conflict).count();
    let undated = ds.events.iter().filter(|e| e.date.is_none()).count();
    let named = by_authority.keys().filter(|(none, _)| !none).count();
    out.push_str("<section class=\"card\" id=\"summary\">\n<h2>The run</h2>\n");
    w!(
        out,
        "<p class=\"sub\">Every input page becomes an article or a reject; articles give claims, \
         and claims about the same inspection merge into one event.</p>\n<div class=\"stats\">"
    );
    let stat = |out: &mut String, n: usize, label: &str, warn: bool| {
        w!(
            out,
            "<div class=\"stat{}\"><b>{n}</b><span>{}</span></div>",
            if warn && n > 0 { " warn" } else { "" },
            Esc(label)
        );
    };
    stat(out, ds.articles.len() + ds.rejects.len(), "pages in", false);
    stat(out, ds.articles.len(), "articles", false);
    stat(out, ds.rejects.len(), "rejected", true);
    stat(out, ds.claims.len(), "claims", false);
    stat(out, ds.events.len(), "events", false);
    stat(out, named, "authorities", false);
    stat(out, undated, "undated events", false);
    stat(out, conflicts, "conflicts", true);
    out.push_str("</div>\n<div class=\"legend\">");
    for r in [
        Some(Rating::Outstanding),
        Some(Rating::Good),
        Some(Rating::RequiresImprovement),
        Some(Rating::Adequate),
        Some(Rating::Inadequate),
        None,
    ] {
        w!(
            out,
            "<span><i style=\"background:{}\"></i>{}</span>",
            rating_colour(r),
            rating_label(r)
        );
    }
    out.push_str(
        "<span>Bar: year known · narrow bar: month known · dot: day known · dashed outline: conflict</span></div>\n",
    );

    // Sources: how many articles each publisher plugin gave.
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for a in ds.articles {
        *sources.entry(a.source.as_str()).or_default() += 1;
    }
    if !sources.is_empty() {
        out.push_str("<h3>Articles by source</h3>\n<p>");
        let list: Vec<String> = sources
            .iter()
            .map(|(s, n)| format!("<code>{}</code> {n}", Esc(s)))
            .collect();
        out.push_str(&list.join(" · "));
        out.push_str("</p>\n");
    }

    out.push_str("<h3>Rejected pages</h3>\n");
    if ds.rejects.is_empty() {
        out.push_str("<p class=\"empty\">None: every page became an article.</p>\n");
    } else {
        let mut codes: BTreeMap<RejectCode, usize> = BTreeMap::new();
        for r in ds.rejects {
            *codes.entry(r.code).or_default() += 1;
        }
        let list: Vec<String> = codes
            .iter()
            .map(|(c, n)| format!("<code>{}</code> {n}", Esc(&enum_name(c))))
            .collect();
        w!(out, "<p>{}</p>\n", list.join(" · "));
        out.push_str(
            "<table class=\"rejects\"><thead><tr><th>File</th><th>Stage</th><th>Code</th><th>Why</th></tr></thead><tbody>\n",
        );
        for r in ds.rejects {
            w!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
                Esc(&r.path),
                Esc(&enum_name(&r.stage)),
                Esc(&enum_name(&r.code)),
                Esc(&r.reason)
            );
        }
        out.push_str("</tbody></table>\n");
    }

    if !by_authority.is_empty() {
        out.push_str("<h3>Authorities</h3>\n<nav class=\"index\">");
        for (i, ((none, name), events)) in by_authority.iter().enumerate() {
            let conflict = events.iter().any(|e| e.conflict);
            let label = if *none { "Authority not named" } else { name };
            w!(
                out,
                "<a href=\"#auth-{i}\"{}>{} <small>({}{})</small></a>",
                if conflict {
                    " class=\"has-conflict\""
                } else {
                    ""
                },
                Esc(label),
                events.len(),
                if conflict { ", conflict" } else { "" }
            );
        }
        out.push_str("</nav>\n");
    }
    out.push_str("</section>\n");
}

/// The serde name of a unit enum value (`no_body`), as the datasets spell it.
fn enum_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn authority(
    out: &mut String,
    ix: &Index<'_>,
    i: usize,
    name: &str,
    events: &[&Event],
    span: Option<(i32, i32)>,
    people: &[&Claim],
) {
    let label = if name.is_empty() {
        "Authority not named"
    } else {
        name
    };
    let codes: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| e.authority_code.as_deref())
        .collect();
    let conflicts = events.iter().filter(|e| e.conflict).count();
    let sources: BTreeSet<&str> = events
        .iter()
        .flat_map(|e| e.sources.iter().map(String::as_str))
        .collect();
    w!(
        out,
        "<section class=\"card authority\" id=\"auth-{i}\">\n<h2>{}</h2>\n",
        Esc(label)
    );
    let mut sub = vec![format!(
        "{} event{} from {} source{}",
        events.len(),
        if events.len() == 1 { "" } else { "s" },
        sources.len(),
        if sources.len() == 1 { "" } else { "s" }
    )];
    if !codes.is_empty() {
        sub.push(format!(
            "GSS {}",
            codes.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if conflicts > 0 {
        sub.push(format!("{conflicts} in conflict"));
    }
    w!(out, "<p class=\"sub\">{}</p>\n", Esc(&sub.join(" · ")));
    let mut lanes: BTreeMap<(ClaimKind, Option<Judgement>), Vec<&Event>> = BTreeMap::new();
    for e in events {
        lanes.entry(lane(e)).or_default().push(e);
    }
    let rows: Vec<(String, Vec<&Event>)> = lanes
        .into_iter()
        .map(|(l, evs)| (lane_label(l), evs))
        .collect();
    timeline(out, &rows, span, &format!("Timeline of {label}"));

    let mut sorted: Vec<&Event> = events.to_vec();
    sorted.sort_by_key(|e| (e.date.is_none(), e.date, e.month, lane(e)));
    out.push_str(
        "<table class=\"events\"><thead><tr><th style=\"width:14%\">When</th><th style=\"width:15%\">What</th>\
         <th style=\"width:13%\">Rating</th><th style=\"width:13%\">Sources</th><th>Evidence</th></tr></thead><tbody>\n",
    );
    for e in sorted {
        event_row(out, ix, e);
    }
    out.push_str("</tbody></table>\n");

    if !people.is_empty() {
        out.push_str(
            "<h3>People named</h3>\n<table class=\"people\"><thead><tr><th>Name</th><th>Role</th>\
             <th>From</th><th>Until</th><th>Source</th></tr></thead><tbody>\n",
        );
        for c in people {
            w!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                Esc(c.name.as_deref().unwrap_or("")),
                Esc(c.role.as_deref().unwrap_or("")),
                c.from.map(|d| show_date(Some(d), None)).unwrap_or_default(),
                c.until
                    .map(|d| show_date(Some(d), None))
                    .unwrap_or_default(),
                article_link(ix, &c.article)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// The headline, else the start of the standfirst, else the file name: something a reader knows.
pub(crate) fn headline(a: &Article) -> String {
    if let Some(t) = a.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.to_owned();
    }
    if let Some(s) = a.standfirst.as_deref().filter(|s| !s.trim().is_empty()) {
        let mut short: String = s.chars().take(90).collect();
        if short.len() < s.len() {
            short.push('…');
        }
        return short;
    }
    a.path.rsplit('/').next().unwrap_or(&a.path).to_owned()
}

fn article_link(ix: &Index<'_>, id: &str) -> String {
    let Some(a) = ix.articles.get(id) else {
        return format!("<code>{}</code>", Esc(id));
    };
    let text = &a.headline;
    let date = a
        .published
        .map(|d| format!(", {}", show_date(Some(d), None)))
        .unwrap_or_default();
    match a.url.as_deref().and_then(safe_url) {
        Some(url) => format!(
            "<a href=\"{}\" rel=\"noreferrer\">{}</a> ({}{})",
            Esc(url),
            Esc(text),
            Esc(&a.source),
            Esc(&date)
        ),
        None => format!("{} ({}{})", Esc(text), Esc(&a.source), Esc(&date)),
    }
}

fn event_row(out: &mut String, ix: &Index<'_>, e: &Event) {
    w!(
        out,
        "<tr id=\"ev-{}\"{}><td>{}<span class=\"basis\">{}</span></td><td>{}</td><td><span class=\"pill {}\">{}</span>{}</td>",
        Esc(&e.id),
        if e.conflict {
            " class=\"conflict\""
        } else {
            ""
        },
        Esc(&show_date(e.date, e.month)),
        Esc(&e.date_basis),
        Esc(&lane_label(lane(e))),
        rating_class(e.rating),
        rating_label(e.rating),
        if e.conflict {
            "<br><span class=\"flag\">⚠ sources disagree</span>"
        } else {
            ""
        }
    );
    let sources: Vec<String> = e
        .sources
        .iter()
        .map(|s| format!("<code>{}</code>", Esc(s)))
        .collect();
    w!(
        out,
        "<td>{}<span class=\"basis\">{} article{}, {} independent</span></td><td>",
        sources.join(" "),
        e.articles.len(),
        if e.articles.len() == 1 { "" } else { "s" },
        e.clusters
    );
    for id in &e.claims {
        let disagree = e.conflicting.contains(id);
        let Some(c) = ix.claims.get(id.as_str()) else {
            w!(
                out,
                "<div class=\"quote\"><span class=\"src\">claim <code>{}</code> (not in this dataset)</span></div>",
                Esc(id)
            );
            continue;
        };
        w!(
            out,
            "<div class=\"quote{}\">",
            if disagree { " disagree" } else { "" }
        );
        if disagree {
            let mut why = Vec::new();
            if c.rating != e.rating {
                why.push(format!("says {}", rating_label(c.rating)));
            }
            if c.date != e.date || c.month != e.month {
                why.push(format!("dates it {}", show_date(c.date, c.month)));
            }
            if why.is_empty() {
                why.push("disagrees".to_owned());
            }
            w!(out, "<span class=\"why\">{}: </span>", Esc(&why.join(", ")));
        }
        w!(
            out,
            "<q>{}</q><span class=\"src\">{}</span></div>",
            Esc(&c.evidence.sentence),
            article_link(ix, &c.article)
        );
    }
    out.push_str("</td></tr>\n");
}

/// Timeline geometry, in SVG user units.
const WIDTH: f64 = 960.0;
const AXIS_X0: f64 = 210.0;
const AXIS_X1: f64 = 770.0;
const UNDATED_X0: f64 = 800.0;
const TOP: f64 = 30.0;
const LANE_H: f64 = 30.0;

/// Draw one lane per `(label, events)` row on the shared year axis, undated events apart.
fn timeline(
    out: &mut String,
    rows: &[(String, Vec<&Event>)],
    span: Option<(i32, i32)>,
    label: &str,
) {
    let height = TOP + LANE_H * rows.len() as f64 + 10.0;
    w!(
        out,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n",
        Esc(label)
    );
    // Lane backgrounds and labels.
    for (li, (name, _)) in rows.iter().enumerate() {
        let y = TOP + LANE_H * li as f64;
        if li % 2 == 0 {
            w!(
                out,
                "<rect x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{LANE_H}\" fill=\"#f5f7fa\"/>"
            );
        }
        w!(
            out,
            "<text x=\"8\" y=\"{:.1}\" fill=\"#1d2433\">{}</text>\n",
            y + LANE_H / 2.0 + 4.0,
            Esc(name)
        );
    }
    let bottom = TOP + LANE_H * rows.len() as f64;
    // The year axis.
    if let Some((lo, hi)) = span {
        let years = (hi - lo).max(1);
        let yw = (AXIS_X1 - AXIS_X0) / f64::from(years);
        let step = if yw >= 30.0 {
            1
        } else if yw >= 14.0 {
            2
        } else {
            5
        };
        for k in 0..=years {
            let x = AXIS_X0 + yw * f64::from(k);
            w!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{bottom}\" stroke=\"#dde2ea\"/>",
                TOP - 4.0
            );
            if k < years && (lo + k) % step == 0 {
                w!(
                    out,
                    "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6478\">{}</text>",
                    x + yw / 2.0,
                    TOP - 10.0,
                    lo + k
                );
            }
        }
        out.push('\n');
        for (li, (_, events)) in rows.iter().enumerate() {
            let cy = TOP + LANE_H * li as f64 + LANE_H / 2.0;
            // Year-only bars first, so the more precise marks of the same row draw on top.
            let mut dated: Vec<&&Event> = events.iter().filter(|e| e.date.is_some()).collect();
            dated.sort_by_key(|e| e.date.map(|d| d.precision()));
            for e in dated {
                dated_mark(out, e, cy, lo, yw);
            }
        }
    } else {
        w!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6478\">No event has a year</text>",
            (AXIS_X0 + AXIS_X1) / 2.0,
            TOP - 10.0
        );
    }
    // Undated events, apart from the axis so no position suggests a date the text does not give.
    w!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{bottom}\" stroke=\"#5b6478\" stroke-dasharray=\"4 3\"/>\
         <text x=\"{2}\" y=\"{3}\" fill=\"#5b6478\">Undated</text>\n",
        UNDATED_X0 - 12.0,
        TOP - 4.0,
        UNDATED_X0,
        TOP - 10.0
    );
    let per_row = ((WIDTH - UNDATED_X0) / 38.0).floor().max(1.0) as usize;
    for (li, (_, events)) in rows.iter().enumerate() {
        let undated: Vec<&&Event> = events.iter().filter(|e| e.date.is_none()).collect();
        let cy = TOP + LANE_H * li as f64 + LANE_H / 2.0;
        for (k, e) in undated.iter().enumerate() {
            if k + 1 == per_row && undated.len() > per_row {
                w!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#5b6478\">+{}</text>",
                    UNDATED_X0 + 38.0 * k as f64 + 4.0,
                    cy + 4.0,
                    undated.len() - k
                );
                break;
            }
            let x = UNDATED_X0 + 38.0 * k as f64;
            let colour = rating_colour(e.rating);
            let stroke = if e.conflict {
                "stroke=\"#1d2433\" stroke-width=\"2\" stroke-dasharray=\"3 2\""
            } else {
                "stroke=\"none\""
            };
            let text = e.month.and_then(month_name).unwrap_or("?");
            let ink = if matches!(e.rating, Some(Rating::Adequate)) {
                "#3a3000"
            } else {
                "#ffffff"
            };
            w!(
                out,
                "<a href=\"#ev-{}\"><g class=\"mark undated\"><title>{}</title>\
                 <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"34\" height=\"18\" rx=\"9\" fill=\"{colour}\" {stroke}/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ink}\" font-size=\"11\" font-weight=\"600\">{}</text></g></a>\n",
                Esc(&e.id),
                Esc(&tooltip(e)),
                cy - 9.0,
                x + 17.0,
                cy + 4.0,
                text
            );
        }
    }
    out.push_str("</svg>\n");
}

/// One dated event on the axis: a bar for a year, a narrow bar for a month, a dot for a day.
fn dated_mark(out: &mut String, e: &Event, cy: f64, lo: i32, yw: f64) {
    let Some(d) = e.date else { return };
    let x_year = AXIS_X0 + yw * f64::from(i32::from(d.get_year()) - lo);
    let colour = rating_colour(e.rating);
    let stroke = if e.conflict {
        "stroke=\"#1d2433\" stroke-width=\"2\" stroke-dasharray=\"3 2\""
    } else {
        "stroke=\"#ffffff\" stroke-width=\"1\""
    };
    w!(
        out,
        "<a href=\"#ev-{}\"><g class=\"mark\"><title>{}</title>",
        Esc(&e.id),
        Esc(&tooltip(e))
    );
    let right = match (d.get_month(), d.get_day()) {
        (Some(m), Some(day)) => {
            let x = x_year + yw * (f64::from(m) - 1.0 + (f64::from(day) - 0.5) / 31.0) / 12.0;
            w!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{cy:.1}\" r=\"7\" fill=\"{colour}\" {stroke}/>"
            );
            x + 7.0
        }
        (Some(m), None) => {
            let w = (yw / 12.0).max(8.0);
            let x = x_year + yw * (f64::from(m) - 0.5) / 12.0 - w / 2.0;
            w!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"18\" rx=\"2\" fill=\"{colour}\" {stroke}/>",
                cy - 9.0
            );
            x + w
        }
        _ => {
            let w = (yw - 2.0).max(4.0);
            w!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"14\" rx=\"3\" fill=\"{colour}\" fill-opacity=\"0.55\" {stroke}/>",
                x_year + 1.0,
                cy - 7.0
            );
            x_year + 1.0 + w
        }
    };
    if e.conflict {
        w!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#c0392b\" font-weight=\"700\" font-size=\"14\">!</text>",
            right + 3.0,
            cy + 5.0
        );
    }
    out.push_str("</g></a>\n");
}

fn tooltip(e: &Event) -> String {
    let mut t = format!(
        "{}: {} ({})",
        lane_label(lane(e)),
        rating_label(e.rating),
        show_date(e.date, e.month)
    );
    if e.conflict {
        t.push_str(", sources disagree");
    }
    t
}

fn articles_table(out: &mut String, ds: &Input<'_>) {
    out.push_str("<section class=\"card\" id=\"articles\">\n<h2>Articles read</h2>\n");
    if ds.articles.is_empty() {
        out.push_str("<p class=\"empty\">No article was accepted.</p>\n</section>\n");
        return;
    }
    let mut claims: HashMap<&str, usize> = HashMap::new();
    for c in ds.claims {
        *claims.entry(c.article.as_str()).or_default() += 1;
    }
    out.push_str(
        "<table class=\"articles\"><thead><tr><th>Title</th><th>Source</th><th>Published</th>\
         <th>Claims</th><th>File</th></tr></thead><tbody>\n",
    );
    for a in ds.articles {
        let text = &a.headline;
        let title = match a.url.as_deref().and_then(safe_url) {
            Some(url) => format!(
                "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
                Esc(url),
                Esc(text)
            ),
            None => esc(text),
        };
        let copy = a
            .duplicate_of
            .as_deref()
            .map(|d| {
                format!(
                    "<span class=\"basis\">copy of <code>{}</code></span>",
                    Esc(d)
                )
            })
            .unwrap_or_default();
        w!(
            out,
            "<tr><td>{title}{copy}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n",
            Esc(&a.source),
            a.published
                .map(|d| show_date(Some(d), None))
                .unwrap_or_else(|| "not stated".to_owned()),
            claims.get(a.id.as_str()).copied().unwrap_or(0),
            Esc(&a.path)
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        // Non-ASCII text around the special bytes is copied whole, char by char as written.
        let text = "Knowsley\u{2019}s \u{201c}good\u{201d} & <b>\u{e9}t\u{e9}</b> 'x' \u{1f600}\"";
        let reference: String = text
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_owned(),
                '<' => "&lt;".to_owned(),
                '>' => "&gt;".to_owned(),
                '"' => "&quot;".to_owned(),
                '\'' => "&#39;".to_owned(),
                c => c.to_string(),
            })
            .collect();
        assert_eq!(esc(text), reference);
        assert_eq!(esc(""), "");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            safe_url(" https://bbc.co.uk/x "),
            Some("https://bbc.co.uk/x")
        );
        assert_eq!(safe_url("HTTP://a"), Some("HTTP://a"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("é"), None);
    }

    #[test]
    fn dates_show_only_what_is_known() {
        let d = |s: &str| Some(s.parse::<PartialDate>().unwrap());
        assert_eq!(show_date(d("2014-06-30"), None), "30 Jun 2014");
        assert_eq!(show_date(d("2014-06"), None), "Jun 2014");
        assert_eq!(show_date(d("2014"), None), "2014");
        assert_eq!(show_date(None, Some(10)), "Oct, year unknown");
        assert_eq!(show_date(None, Some(13)), "Undated");
        assert_eq!(show_date(None, None), "Undated");
    }
}
