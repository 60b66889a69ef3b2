//! Crash safety: a run killed part-way (SIGKILL) leaves every output either as the previous
//! run wrote it or as a complete run on the new inputs writes it, never half-written.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::datasets as snapshot;

fn scrutiny(dir: &Path, out: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrutiny"));
    c.current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["run", "p.yaml", "--quiet", "--out", out]);
    c
}

fn write_pages(dir: &Path, n: usize, flavour: &str) {
    let seeds: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/raw"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let page = format!(
            "{}\n\nPage {i} of the {flavour} corpus.\n",
            seeds[i % seeds.len()]
        );
        std::fs::write(dir.join(format!("{i:05}.txt")), page).unwrap();
    }
}

#[test]
fn a_killed_run_leaves_the_previous_outputs_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let gazetteer =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference/local_authorities.csv");
    std::fs::write(
        root.join("p.yaml"),
        format!(
            // Extraction is left out: what a kill can break is the writing of outputs.
            "name: kill\ninputs:\n  - in\nsources:\n  - kind: generic\nstages: [export]\n\
             extract:\n  gazetteer: {}\noutputs:\n  dir: out\n  formats: [jsonl, csv, sqlite, html]\n  cache: false\n",
            gazetteer.canonicalize().unwrap().display()
        ),
    )
    .unwrap();

    // The previous good outputs, and what a complete run on the new inputs writes.
    write_pages(&root.join("in"), 200, "old");
    assert!(scrutiny(root, "out").status().unwrap().success());
    let old = snapshot(&root.join("out"));
    std::fs::remove_dir_all(root.join("in")).unwrap();
    write_pages(&root.join("in"), 3000, "new");
    assert!(scrutiny(root, "reference").status().unwrap().success());
    let new = snapshot(&root.join("reference"));
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );

    // A complete run takes about a second in a debug build: these kills land while reading and
    // while writing the outputs.
    for delay_ms in [5, 100, 300, 500, 700, 900, 1100, 1400] {
        let mut child = scrutiny(root, "out")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        let now = snapshot(&root.join("out"));
        for (name, bytes) in &now {
            if name.starts_with(".scrutiny-") {
                continue; // a temp file the killed run left; never read as an output
            }
            let is_old = old.get(name) == Some(bytes);
            let is_new = new.get(name) == Some(bytes);
            assert!(
                is_old || is_new,
                "{name} is neither the old nor the new complete file after a kill at {delay_ms} ms"
            );
        }
        for name in old.keys() {
            assert!(
                now.contains_key(name),
                "{name} vanished after a kill at {delay_ms} ms"
            );
        }
    }

    // A rerun completes, equals a clean run byte for byte, and sweeps the killed runs' temp files.
    assert!(scrutiny(root, "out").status().unwrap().success());
    let after = snapshot(&root.join("out"));
    assert_eq!(
        after, new,
        "a rerun after kills equals a clean run, with no temp file left"
    );
}
