//! A hostile corpus, made here (nothing large is stored): each case is run by the real binary
//! under a 4 GiB address-space limit (`ulimit -v`) and a time limit, and must finish with
//! exit code 0, no panic, and every input accounted for (inputs = articles + rejects).
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{root, stderr};

/// 4 GiB, in the KiB `ulimit -v` counts.
const ADDRESS_SPACE_KIB: u64 = 4 * 1024 * 1024;
/// Per case, for a debug build on a shared two-core machine.
const CASE_TIME: Duration = Duration::from_secs(180);

fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// A case: its name, the pipeline's extra `limits` lines, and the files it writes.
type Case = (&'static str, &'static str, Vec<(&'static str, Vec<u8>)>);

fn cases() -> Vec<Case> {
    let html = |body: String| format!("<html><body>{body}</body></html>").into_bytes();
    let text = |body: String| format!("Ofsted and Knowsley\n\n{body}\n").into_bytes();
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=x")).collect();
    vec![
        (
            "paragraph without a full stop",
            "",
            vec![
                (
                    "p.txt",
                    text(repeat(
                        "Ofsted rated Knowsley children's services inadequate and ",
                        1 << 20,
                    )),
                ),
                (
                    "p.html",
                    html(format!(
                        "<p>{}</p>",
                        repeat("Ofsted rated Knowsley inadequate and ", 1 << 20)
                    )),
                ),
            ],
        ),
        (
            "60 MB of tiny paragraphs",
            "",
            vec![("tiny.html", html(repeat("<p>a</p>", 60 << 20)))],
        ),
        (
            "a tag with 100,000 attributes",
            "",
            vec![("attrs.html", html(format!("<div{attributes}>Ofsted</div>")))],
        ),
        (
            "200,000 nested elements, depth limit raised",
            "  max_html_depth: 1000000\n  max_document_millis: 3000\n",
            vec![(
                "deep.html",
                html(format!(
                    "{}Ofsted rated Knowsley inadequate.",
                    "<div>".repeat(200_000)
                )),
            )],
        ),
        (
            "markup that never closes",
            "",
            vec![
                ("lt.html", html("<a".repeat(500_000))),
                (
                    "comment.html",
                    html(format!("<p>Ofsted</p><!--{}", "x".repeat(1 << 20))),
                ),
                (
                    "attribute.html",
                    html(format!("<div a=\"{}", "x ".repeat(500_000))),
                ),
            ],
        ),
        (
            "text shapes",
            "",
            vec![
                ("dots.txt", text("a.".repeat(500_000))),
                ("lines.txt", text("x\n".repeat(500_000))),
                ("marks.txt", text(format!("a{}", "\u{301}".repeat(300_000)))),
                ("brackets.txt", text("(".repeat(1 << 20))),
                (
                    "abbreviations.txt",
                    text(repeat("Mr. Cllr. e.g. ", 1 << 20)),
                ),
            ],
        ),
        (
            "bytes that are not pages",
            "",
            vec![
                ("empty.txt", Vec::new()),
                ("binary.html", (0..=255u8).cycle().take(1 << 20).collect()),
                ("nul.warc", vec![0; 1 << 16]),
                (
                    "garbage.warc",
                    repeat("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n", 1 << 16).into_bytes(),
                ),
            ],
        ),
    ]
}

fn run_case(dir: &Path, limits: &str) -> std::process::Output {
    let gazetteer = root().join("data/reference/local_authorities.csv");
    std::fs::write(
        dir.join("p.yaml"),
        format!(
            "name: hostile\ninputs: [in]\nsources: [{{kind: cypnow}}, {{kind: bbc}}, {{kind: council_press}}, {{kind: reach}}, {{kind: generic}}]\n\
             limits:\n  max_file_bytes: 67108864\n{limits}extract: {{gazetteer: {}}}\noutputs: {{dir: out, formats: [jsonl, csv, sqlite, html], cache: false}}\n",
            gazetteer.display()
        ),
    )
    .unwrap();
    let mut c = Command::new("sh");
    c.current_dir(dir)
        .arg("-c")
        .arg(format!(
            "ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" run p.yaml --quiet"
        ))
        .arg(env!("CARGO_BIN_EXE_scrutiny"));
    common::output_within(c, CASE_TIME)
}

#[test]
fn hostile_pages_end_as_articles_or_rejects_within_bounds() {
    let mut failures = Vec::new();
    for (name, limits, files) in cases() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in");
        std::fs::create_dir(&input).unwrap();
        for (file, bytes) in &files {
            std::fs::write(input.join(file), bytes).unwrap();
        }
        drop(files);
        let o = run_case(tmp.path(), limits);
        let err = stderr(&o);
        let counts = std::fs::read_to_string(tmp.path().join("out/run.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .map(|r| {
                (
                    r["inputs"].as_u64(),
                    r["articles"].as_u64(),
                    r["rejects"].as_u64(),
                )
            });
        let accounted = matches!(counts, Some((Some(i), Some(a), Some(r))) if i == a + r && i > 0);
        eprintln!("{name}: exit {:?}, {counts:?}", o.status.code());
        if o.status.code() != Some(0) || err.contains("panicked") || !accounted {
            failures.push(format!(
                "{name}: exit {:?}, {counts:?}: {err}",
                o.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
