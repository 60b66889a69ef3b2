//! The README's "Run it on your own pages", done as it says: its run command, its sidecar
//! template beside a page, and its SQL question on the database that comes out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::process::Command;

use common::{copy_files, root, stderr};

/// The README's section on running the tool on one's own pages.
fn section() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("## Run it on your own pages").unwrap();
    let rest = &readme[start + 3..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
}

/// The fenced blocks of `text` in the language `lang`.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    text.split(&fence)
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect()
}

#[test]
fn the_readme_run_sidecar_and_question_work_as_written() {
    let section = section();
    let run: Vec<String> = blocks(&section, "sh")
        .into_iter()
        .flat_map(str::lines)
        .find(|l| l.starts_with("scrutiny run "))
        .unwrap()
        .split_whitespace()
        .skip(1)
        .map(str::to_owned)
        .collect();
    assert_eq!(run, ["run", "--input", "my-pages", "--out", "my-results"]);
    let sidecar = blocks(&section, "yaml")[0];

    // The bundled pages with their sidecars, and one undated page with the README's sidecar.
    let work = tempfile::tempdir().unwrap();
    let pages = work.path().join("my-pages");
    copy_files(&root().join("data/raw"), &pages);
    std::fs::write(
        pages.join("story.txt"),
        "Council's children's services rated inadequate by Ofsted\n\n\
         Ofsted has rated Knowsley Council's children's services inadequate.\n",
    )
    .unwrap();
    std::fs::write(pages.join("story.meta.yaml"), sidecar).unwrap();

    let o = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(work.path())
        .args(&run)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = work.path().join("my-results");
    let story: serde_json::Value = std::fs::read_to_string(out.join("articles.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|a| a["path"] == "my-pages/story.txt")
        .unwrap();
    let url = sidecar
        .lines()
        .find_map(|l| l.strip_prefix("url: "))
        .and_then(|v| v.split_whitespace().next())
        .unwrap();
    assert_eq!(story["url"], url);
    assert_eq!(story["published"], "2014-07-01");
    assert_eq!(story["published_from"], "sidecar");

    // The question, as the README asks it of sqlite3.
    let question = section
        .lines()
        .find_map(|l| l.trim().strip_prefix("\"select "))
        .map(|q| format!("select {}", q.trim_end_matches('"')))
        .unwrap();
    let db = rusqlite::Connection::open(out.join("scrutiny.sqlite")).unwrap();
    let mut stmt = db.prepare(&question).unwrap();
    let rows: Vec<(String, Option<String>, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        rows.iter().any(|(a, d, r)| a == "Knowsley"
            && d.as_deref() == Some("2014-06")
            && r == "inadequate"),
        "{rows:?}"
    );
}
