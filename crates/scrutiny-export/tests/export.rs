//! Integration tests: every format, byte-identical reruns, re-export from JSON Lines, SQLite keys.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use scrutiny_export::table::{Table, split_list};
use scrutiny_export::{
    ArticleHead, ArticleRow, Articles, ClaimRow, Dataset, Error, EventRow, OutputFormat, PersonRow,
    RejectRow, SCHEMA_VERSION, begin, export, read_dataset,
};

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_format_writes_its_files_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let written = export(&common::knowsley(), dir.path(), &OutputFormat::ALL).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, common::ALL_FILES);
    // No temp file or SQLite journal is left behind.
    assert_eq!(files(dir.path()).len(), common::ALL_FILES.len());
}

/// JSON Lines and CSV are written by one job per table when both are asked for: each alone
/// gives the same bytes, and files come back in the order the formats were asked in.
#[test]
fn each_format_alone_writes_what_it_writes_with_the_others() {
    let all = tempfile::tempdir().unwrap();
    let ds = common::knowsley();
    export(&ds, all.path(), &OutputFormat::ALL).unwrap();
    let all = files(all.path());
    for format in OutputFormat::ALL {
        let one = tempfile::tempdir().unwrap();
        export(&ds, one.path(), &[format]).unwrap();
        let one = files(one.path());
        assert!(!one.is_empty(), "{format:?} wrote nothing");
        for (name, bytes) in &one {
            assert!(
                bytes == &all[name],
                "{name} differs when {format:?} is alone"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let asked = [OutputFormat::Html, OutputFormat::Csv, OutputFormat::Jsonl];
    let written = export(&ds, dir.path(), &asked).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let csv = ["articles", "claims", "events", "people", "rejects"].map(|t| format!("{t}.csv"));
    let jsonl = ["articles", "claims", "events", "people", "rejects"].map(|t| format!("{t}.jsonl"));
    let mut expected = vec!["report.html".to_owned()];
    expected.extend(csv);
    expected.extend(jsonl);
    expected.push("meta.json".to_owned());
    assert_eq!(names, expected);
}

/// Articles as a run reads them back: whole rows on demand.
struct Whole<'a>(&'a [scrutiny_core::Article]);

impl Articles for Whole<'_> {
    fn row(&self, i: usize) -> std::io::Result<ArticleRow> {
        Ok(ArticleRow::from(&self.0[i]))
    }
}

/// A run begins its export with the claims while it merges, and finishes it after: the same
/// files, byte for byte, as one export of the whole dataset, for every set of formats.
#[test]
fn an_export_begun_with_the_claims_and_finished_later_writes_the_same_files() {
    let ds = common::knowsley();
    let heads: Vec<ArticleHead> = ds.articles.iter().map(ArticleHead::of).collect();
    let sets: [&[OutputFormat]; 4] = [
        &OutputFormat::ALL,
        &[OutputFormat::Sqlite],
        &[OutputFormat::Csv, OutputFormat::Html],
        &[OutputFormat::Jsonl],
    ];
    for formats in sets {
        let (whole, split) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let expected = export(&ds, whole.path(), formats).unwrap();
        let begun = begin(&ds.meta, &ds.claims, split.path(), formats).unwrap();
        // Nothing is in place before the finish.
        assert!(
            files(split.path())
                .keys()
                .all(|f| f.starts_with(".scrutiny-")),
            "{formats:?}"
        );
        let written = begun
            .finish(&heads, &ds.events, &ds.rejects, &Whole(&ds.articles))
            .unwrap();
        let names = |w: &[std::path::PathBuf]| -> Vec<String> {
            w.iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(&written), names(&expected), "{formats:?}");
        assert_eq!(files(split.path()), files(whole.path()), "{formats:?}");
    }
}

/// Articles that refuse every row once released, and count their releases.
struct Releasing<'a> {
    articles: &'a [scrutiny_core::Article],
    released: std::sync::atomic::AtomicUsize,
}

impl Articles for Releasing<'_> {
    fn row(&self, i: usize) -> std::io::Result<ArticleRow> {
        if self.released.load(std::sync::atomic::Ordering::SeqCst) > 0 {
            return Err(std::io::Error::other("read after release"));
        }
        Ok(ArticleRow::from(&self.articles[i]))
    }
    fn release(&self) {
        self.released
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The text is let go once, after the last file that reads it (the database's table, the JSON
/// Lines and CSV files) has read it, and never by an export that does not read it.
#[test]
fn the_articles_are_released_once_after_their_last_reader() {
    let ds = common::knowsley();
    let heads: Vec<ArticleHead> = ds.articles.iter().map(ArticleHead::of).collect();
    let sets: [(&[OutputFormat], usize); 5] = [
        (&OutputFormat::ALL, 1),
        (&[OutputFormat::Sqlite], 1),
        (&[OutputFormat::Csv, OutputFormat::Html], 1),
        (&[OutputFormat::Jsonl, OutputFormat::Sqlite], 1),
        (&[OutputFormat::Html], 0),
    ];
    for (formats, releases) in sets {
        let (whole, split) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        export(&ds, whole.path(), formats).unwrap();
        let articles = Releasing {
            articles: &ds.articles,
            released: Default::default(),
        };
        begin(&ds.meta, &ds.claims, split.path(), formats)
            .unwrap()
            .finish(&heads, &ds.events, &ds.rejects, &articles)
            .unwrap();
        assert_eq!(articles.released.into_inner(), releases, "{formats:?}");
        assert_eq!(files(split.path()), files(whole.path()), "{formats:?}");
    }
}

/// A run that fails between the two halves (its merge) drops the begun export: the previous
/// run's files stay as they were, and no temp file is left.
#[test]
fn a_dropped_begun_export_leaves_the_previous_files() {
    let ds = common::knowsley();
    let dir = tempfile::tempdir().unwrap();
    export(&ds, dir.path(), &OutputFormat::ALL).unwrap();
    let before = files(dir.path());
    let mut other = common::knowsley();
    other.claims.truncate(1);
    other.meta.run_time = "2030-01-01T00:00:00Z".into();
    let begun = begin(&other.meta, &other.claims, dir.path(), &OutputFormat::ALL).unwrap();
    drop(begun);
    assert_eq!(files(dir.path()), before);
}

#[test]
fn the_same_dataset_gives_byte_identical_files() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    export(&common::knowsley(), a.path(), &OutputFormat::ALL).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    export(&common::knowsley(), b.path(), &OutputFormat::ALL).unwrap();
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between two exports");
    }
}

#[test]
fn re_export_from_json_lines_reproduces_every_file() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ds = common::knowsley();
    export(&ds, a.path(), &OutputFormat::ALL).unwrap();
    let back = read_dataset(a.path()).unwrap();
    assert_eq!(back.meta, ds.meta);
    assert_eq!(back.articles, ds.articles);
    assert_eq!(back.claims, ds.claims);
    assert_eq!(back.events, ds.events);
    assert_eq!(back.rejects, ds.rejects);
    export(&back, b.path(), &OutputFormat::ALL).unwrap();
    assert_eq!(files(a.path()), files(b.path()));
}

#[test]
fn reading_a_newer_schema_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    export(&common::knowsley(), dir.path(), &[OutputFormat::Jsonl]).unwrap();
    let path = dir.path().join("claims.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let current = format!("\"schema_version\":{SCHEMA_VERSION}");
    let newer = format!("\"schema_version\":{}", SCHEMA_VERSION + 1);
    lines[2] = lines[2].replace(&current, &newer);
    std::fs::write(&path, lines.join("\n")).unwrap();
    match read_dataset(dir.path()) {
        Err(Error::SchemaVersion {
            line: 3,
            found,
            expected: SCHEMA_VERSION,
            ..
        }) if found == SCHEMA_VERSION + 1 => {}
        other => panic!("expected a schema version error, got {other:?}"),
    }
    std::fs::write(&path, format!("{{{current},\"id\":3}}\n")).unwrap();
    assert!(matches!(
        read_dataset(dir.path()),
        Err(Error::Parse { line: 1, .. })
    ));
}

#[test]
fn a_missing_run_is_a_read_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_dataset(&dir.path().join("nothing")).unwrap_err();
    assert!(matches!(err, Error::Read { .. }), "{err:?}");
    assert!(err.to_string().starts_with("Cannot read `"), "{err}");
}

#[test]
fn output_formats_use_snake_case_names() {
    let f: Vec<OutputFormat> = serde_yaml_names();
    assert_eq!(f, OutputFormat::ALL);
    for f in OutputFormat::ALL {
        assert_eq!(OutputFormat::from_name(f.name()), Some(f));
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            format!("\"{}\"", f.name())
        );
    }
    assert_eq!(OutputFormat::from_name("xml"), None);
}

fn serde_yaml_names() -> Vec<OutputFormat> {
    serde_json::from_str(r#"["jsonl","csv","sqlite","html"]"#).unwrap()
}

#[test]
fn every_row_has_one_cell_per_column() {
    let ds = common::knowsley();
    fn check<T: Table>(rows: &[T]) {
        assert!(!rows.is_empty(), "{} has rows in the fixture", T::NAME);
        for r in rows {
            assert_eq!(r.cells().len(), T::COLUMNS.len(), "{}", T::NAME);
        }
    }
    check(&ds.articles.iter().map(ArticleRow::from).collect::<Vec<_>>());
    check(&ds.claims.iter().map(ClaimRow::from).collect::<Vec<_>>());
    check(&ds.events.iter().map(EventRow::from).collect::<Vec<_>>());
    check(
        &ds.claims
            .iter()
            .filter_map(PersonRow::from_claim)
            .collect::<Vec<_>>(),
    );
    check(&ds.rejects.iter().map(RejectRow::from).collect::<Vec<_>>());
}

#[test]
fn csv_has_a_header_quotes_per_rfc_4180_and_joins_lists() {
    let dir = tempfile::tempdir().unwrap();
    let ds = common::knowsley();
    export(&ds, dir.path(), &[OutputFormat::Csv]).unwrap();
    let mut r = csv::Reader::from_path(dir.path().join("events.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, EventRow::COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), ds.events.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, e) in rows.iter().zip(&ds.events) {
        assert_eq!(&row[col("id")], e.id);
        assert_eq!(split_list(&row[col("claims")]), e.claims);
        assert_eq!(split_list(&row[col("sources")]), e.sources);
        assert_eq!(
            &row[col("conflict")],
            if e.conflict { "true" } else { "false" }
        );
        assert_eq!(
            &row[col("date")],
            e.date.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    // Bodies hold quotes, commas and blank lines: the crate quotes them and they come back whole.
    let mut r = csv::Reader::from_path(dir.path().join("articles.csv")).unwrap();
    let body = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "body")
        .unwrap();
    let bodies: Vec<String> = r
        .records()
        .map(|rec| rec.unwrap()[body].to_owned())
        .collect();
    assert_eq!(
        bodies,
        ds.articles.iter().map(|a| a.body()).collect::<Vec<_>>()
    );
    let raw = std::fs::read_to_string(dir.path().join("articles.csv")).unwrap();
    assert!(raw.contains("\"Children's services in Knowsley have \"\"not improved\"\" since 2017"));
}

#[test]
fn sqlite_has_keys_indexes_links_and_meta() {
    let dir = tempfile::tempdir().unwrap();
    let ds = common::knowsley();
    export(&ds, dir.path(), &[OutputFormat::Sqlite]).unwrap();
    let db = rusqlite::Connection::open(dir.path().join("scrutiny.sqlite")).unwrap();
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM articles"), 5);
    assert_eq!(count("SELECT count(*) FROM claims"), ds.claims.len() as i64);
    assert_eq!(count("SELECT count(*) FROM events"), ds.events.len() as i64);
    assert_eq!(count("SELECT count(*) FROM people"), 3);
    assert_eq!(count("SELECT count(*) FROM rejects"), 2);
    let links: usize = ds.events.iter().map(|e| e.claims.len()).sum();
    assert_eq!(count("SELECT count(*) FROM event_claims"), links as i64);
    assert_eq!(
        count("SELECT count(*) FROM event_claims WHERE conflicting = 1"),
        1
    );
    // Every key resolves.
    let mut fk = db.prepare("PRAGMA foreign_key_check").unwrap();
    assert_eq!(fk.query_map([], |_| Ok(())).unwrap().count(), 0);
    // The join the link table exists for: events -> claims -> articles.
    let urls: Vec<String> = db
        .prepare(
            "SELECT DISTINCT a.source FROM events e JOIN event_claims l ON l.event_id = e.id \
             JOIN claims c ON c.id = l.claim_id JOIN articles a ON a.id = c.article_id \
             WHERE e.authority = 'Knowsley' AND e.date = '2014-06-30' ORDER BY a.source",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(urls, ["bbc", "council_press", "cypnow", "reach"]);
    let meta: BTreeMap<String, String> = db
        .prepare("SELECT key, value FROM meta")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(meta["schema_version"], SCHEMA_VERSION.to_string());
    assert_eq!(meta["pipeline"], "knowsley");
    assert_eq!(meta["tool_version"], "0.1.0");
    assert_eq!(meta["run_time"], "2026-11-20T09:30:00Z");
    for index in [
        "claims_authority",
        "claims_date",
        "events_authority",
        "events_date",
        "people_authority",
    ] {
        let n = count(&format!(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}'"
        ));
        assert_eq!(n, 1, "{index}");
    }
    // Lists are JSON arrays, readable with SQLite's own JSON functions.
    assert_eq!(
        count(
            "SELECT count(*) FROM events, json_each(events.sources) WHERE events.authority = 'Coventry'"
        ),
        1
    );
    let conf: f64 = db
        .query_row("SELECT confidence FROM claims LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(conf, 0.9, "confidence keeps its written digits");
}

#[test]
fn sqlite_refuses_a_claim_whose_article_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut ds = common::knowsley();
    ds.articles.remove(0);
    let err = export(&ds, dir.path(), &[OutputFormat::Sqlite]).unwrap_err();
    assert!(matches!(err, Error::Sqlite { .. }), "{err:?}");
    assert!(format!("{err:?}").contains("FOREIGN KEY"), "{err:?}");
    assert_eq!(files(dir.path()).len(), 0, "no partial database is left");
}

#[test]
fn sqlite_refuses_an_event_whose_claim_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut ds = common::knowsley();
    let linked = ds.events.iter().position(|e| !e.claims.is_empty()).unwrap();
    ds.events[linked].claims.push("no-such-claim".into());
    let err = export(&ds, dir.path(), &[OutputFormat::Sqlite]).unwrap_err();
    assert!(format!("{err:?}").contains("no-such-claim"), "{err:?}");
    assert_eq!(files(dir.path()).len(), 0, "no partial database is left");
}

#[test]
fn an_empty_dataset_exports_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    export(&Dataset::default(), dir.path(), &OutputFormat::ALL).unwrap();
    let back = read_dataset(dir.path()).unwrap();
    assert!(back.articles.is_empty() && back.events.is_empty() && back.rejects.is_empty());
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("No article was accepted"));
}

#[test]
fn page_text_is_escaped_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut ds = common::knowsley();
    ds.articles[0].title = Some("<script>alert(\"x\")</script> & <b>bold</b>".into());
    ds.articles[1].url = Some("javascript:alert(1)".into());
    ds.claims[0].evidence.sentence = "<img src=x onerror=alert(1)>".into();
    ds.events[0].date_basis = "</td><script>".into();
    ds.meta.pipeline = "<script>".into();
    export(&ds, dir.path(), &[OutputFormat::Html]).unwrap();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(!html.contains("<script"), "no raw script tag survives");
    assert!(!html.contains("<img"), "no raw img tag survives");
    assert!(!html.contains("<b>bold"));
    assert!(html.contains(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    ));
    assert!(
        !html.contains("javascript:"),
        "only http(s) URLs become links"
    );
    // Self-contained: nothing to fetch.
    for needle in [
        "src=\"http",
        "href=\"//",
        "@import",
        "url(",
        "<link",
        "<script",
    ] {
        assert!(!html.contains(needle), "report references {needle}");
    }
}
