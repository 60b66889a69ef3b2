//! The scale-out contract: the same inputs through `scrutiny map` (split into k shards, outputs
//! shuffled) and `scrutiny reduce` give byte-identical datasets to `scrutiny run`, with every
//! input accounted for; and a rerun answered from the content-hash cache equals a clean run.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{datasets, root};

fn scrutiny(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrutiny"));
    c.current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(args);
    c
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// The seeds, the hostile inputs (so rejects travel too), some generated pages, and generated
/// WARC files (one gzip member per record; warcinfo, request, JSON and redirect records; a
/// Windows-1252 page; a truncated record; one file zstd-compressed).
fn inputs(tmp: &Path) -> Vec<String> {
    let generated = tmp.join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    for page in scrutiny_merge_corpus(40) {
        std::fs::write(generated.join(page.0), page.1).unwrap();
    }
    let warcs = tmp.join("warc");
    std::fs::create_dir_all(&warcs).unwrap();
    for i in 0..3u64 {
        let records = scrutiny_warc::testdata::sample_records(20, 100 + i);
        scrutiny_warc::testdata::write_warc_gz(
            &warcs.join(format!("cc-news-{i}.warc.gz")),
            &records,
        )
        .unwrap();
    }
    let records = scrutiny_warc::testdata::sample_records(12, 200);
    scrutiny_warc::testdata::write(
        &warcs.join("cc-news-z.warc.zst"),
        &records,
        scrutiny_warc::testdata::Compression::Zstd,
    )
    .unwrap();
    vec![
        "data/raw".into(),
        "data/bad".into(),
        generated.display().to_string(),
        warcs.display().to_string(),
    ]
}

/// Generated pages via the xtask-free route: the merge crate's generator is a library.
fn scrutiny_merge_corpus(n: usize) -> Vec<(String, String)> {
    scrutiny_merge::corpus::generate(n, 11)
        .into_iter()
        .map(|p| (p.name.clone(), p.render()))
        .collect()
}

fn input_files(args: &[String]) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for a in args {
        let p = if Path::new(a).is_absolute() {
            PathBuf::from(a)
        } else {
            root().join(a)
        };
        let mut stack = vec![p];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let e = e.unwrap().path();
                if std::fs::symlink_metadata(&e).unwrap().is_dir() {
                    stack.push(e);
                } else if !e.to_string_lossy().ends_with(".meta.yaml") {
                    files.push(
                        e.strip_prefix(root())
                            .map(|r| r.display().to_string())
                            .unwrap_or(e.display().to_string()),
                    );
                }
            }
        }
    }
    files.sort();
    files
}

#[test]
fn map_shards_then_reduce_equal_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = inputs(tmp.path());
    let run_out = tmp.path().join("run");
    let mut run = scrutiny(&[
        "run",
        "pipelines/default.yaml",
        "--quiet",
        "--no-cache",
        "--out",
    ]);
    run.arg(&run_out);
    for d in &dirs {
        run.args(["--input", d]);
    }
    ok(run.output().unwrap());
    let expected = datasets(&run_out);
    let run_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run_out.join("run.json")).unwrap()).unwrap();

    let files = input_files(&dirs);
    for k in [1usize, 2, 7] {
        // Deal the files into k shards (round robin), map each, then shuffle the outputs.
        let mut shard_outputs = Vec::new();
        for s in 0..k {
            let shard: Vec<&String> = files.iter().skip(s).step_by(k).collect();
            let mut map = scrutiny(&["map", "pipelines/default.yaml", "--stdin", "--threads", "2"]);
            let mut child = map
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            {
                use std::io::Write;
                let mut stdin = child.stdin.take().unwrap();
                for f in &shard {
                    writeln!(stdin, "{f}").unwrap();
                }
            }
            let out = ok(child.wait_with_output().unwrap());
            let path = tmp.path().join(format!("map-{k}-{s}.jsonl"));
            let mut lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
            assert!(
                lines.last().unwrap().contains("\"type\":\"stats\""),
                "the stats record comes last"
            );
            lines.reverse(); // any order must do
            std::fs::write(&path, lines.join("\n")).unwrap();
            shard_outputs.push(path);
        }
        shard_outputs.reverse();
        let reduce_out = tmp.path().join(format!("reduce-{k}"));
        let mut reduce = scrutiny(&["reduce", "pipelines/default.yaml", "--quiet", "--out"]);
        reduce.arg(&reduce_out).args(&shard_outputs);
        ok(reduce.output().unwrap());
        let got = datasets(&reduce_out);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "k = {k}"
        );
        for (name, bytes) in &expected {
            assert!(
                got[name] == *bytes,
                "{name} differs from scrutiny run with k = {k} shards"
            );
        }
        let reduce_json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(reduce_out.join("run.json")).unwrap())
                .unwrap();
        for key in [
            "inputs",
            "articles",
            "rejects",
            "sources",
            "rejects_by_reason",
        ] {
            assert_eq!(reduce_json[key], run_json[key], "{key} with k = {k}");
        }
        // Every page file is one record; every WARC record is kept, skipped or a corrupt reject.
        let warc = &reduce_json["warc"];
        assert!(warc["records"].as_u64().unwrap() > 0, "{reduce_json}");
        assert!(
            warc["kept"].as_u64().unwrap() > 0,
            "the WARCs give articles: {reduce_json}"
        );
        assert!(
            warc["corrupt"].as_u64().unwrap() >= 1,
            "the truncated record is seen: {reduce_json}"
        );
        assert_eq!(warc, &run_json["warc"], "WARC counters with k = {k}");
        let page_files = files.iter().filter(|f| !f.contains(".warc")).count() as u64;
        let warc_records = warc["kept"].as_u64().unwrap() + warc["corrupt"].as_u64().unwrap();
        assert_eq!(
            reduce_json["inputs"].as_u64().unwrap(),
            page_files + warc_records,
            "every input accounted for"
        );
    }
    let articles = std::fs::read_to_string(run_out.join("articles.jsonl")).unwrap();
    let from_warc = articles.lines().filter(|l| l.contains(".warc.gz@")).count();
    assert!(from_warc > 0, "articles come out of the WARC files");
    assert!(
        articles.contains("\"encoding\":\"windows-1252\""),
        "the Windows-1252 WARC page is decoded"
    );
}

#[test]
fn a_rerun_from_the_cache_equals_a_clean_run() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    for f in std::fs::read_dir(root().join("data/raw")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, pages.join(f.file_name().unwrap())).unwrap();
    }
    let run = |out: &Path, extra: &[&str]| -> serde_json::Value {
        let mut c = scrutiny(&["run", "pipelines/default.yaml", "--quiet", "--input"]);
        c.arg(&pages).arg("--out").arg(out).args(extra);
        ok(c.output().unwrap());
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap()
    };
    let out = tmp.path().join("out");
    assert_eq!(run(&out, &[])["cache_hits"], 0);
    let second = run(&out, &[]);
    assert_eq!(
        second["cache_hits"], 5,
        "every unchanged input comes from the cache"
    );
    let clean = tmp.path().join("clean");
    run(&clean, &["--no-cache"]);
    assert_eq!(
        datasets(&out)
            .into_iter()
            .filter(|(n, _)| !n.starts_with('.'))
            .collect::<BTreeMap<_, _>>(),
        datasets(&clean)
    );

    // One page changes: it alone is parsed again, and the result still equals a clean run.
    let changed = pages.join("001_445293b773cb4f31.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\n\nA sentence added after the first run.\n");
    std::fs::write(&changed, text).unwrap();
    assert_eq!(run(&out, &[])["cache_hits"], 4);
    run(&clean, &["--no-cache"]);
    assert_eq!(datasets(&out), datasets(&clean));
}

#[test]
fn reduce_of_a_missing_map_output_names_it_and_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, missing) = (tmp.path().join("out"), tmp.path().join("shard-9.jsonl"));
    let o = scrutiny(&["reduce", "pipelines/default.yaml", "--quiet", "--out"])
        .arg(&out)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a bad command line");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Cannot open map output") && err.contains("shard-9.jsonl"),
        "{err}"
    );
    assert!(
        !out.exists(),
        "no output folder for a reduce that cannot start"
    );
}
