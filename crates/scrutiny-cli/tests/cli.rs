//! End-to-end tests of the `scrutiny` binary: validation errors, the nothing-lost rule,
//! determinism across thread counts, and a run over the bundled `data/raw`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{root, stderr};

fn scrutiny(dir: &Path, args: &[&str]) -> Output {
    // A fixed run time, so that two runs may be compared byte for byte.
    Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(args)
        .output()
        .unwrap()
}

/// A scratch folder with one good page, and a pipeline file written from `yaml`.
fn scratch(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/good.txt"),
        "A title\n\nA body paragraph about Ofsted.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
    dir
}

const GOOD: &str = "name: t\ninputs:\n  - in\nsources:\n  - kind: generic\nstages: [export]\noutputs:\n  dir: out\n";

fn assert_bad_definition(yaml: &str, summary: &str) {
    let dir = scratch(yaml);
    for cmd in [&["validate", "p.yaml"][..], &["run", "p.yaml"][..]] {
        let out = scrutiny(dir.path(), cmd);
        assert_eq!(out.status.code(), Some(2), "{cmd:?}: {}", stderr(&out));
        let first = stderr(&out).lines().next().unwrap_or_default().to_owned();
        assert_eq!(first, summary, "{cmd:?}");
    }
    assert!(
        !dir.path().join("out").exists(),
        "a bad definition writes nothing"
    );
}

#[test]
fn a_missing_gazetteer_is_positioned() {
    let yaml = "name: t\ninputs:\n  - in\nsources:\n  - kind: generic\nextract:\n  gazetteer: nowhere.csv\noutputs:\n  dir: out\n";
    assert_bad_definition(
        yaml,
        "error: file `nowhere.csv` does not exist at p.yaml:7:14",
    );
}

#[test]
fn a_valid_definition_validates() {
    let dir = scratch(GOOD);
    let out = scrutiny(dir.path(), &["validate", "p.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn unknown_key_is_positioned_at_the_key_with_a_suggestion() {
    let yaml = "name: t\ninputs:\n  - in\nsources:\n  - kind: generic\noutputs:\n  dir: out\n  formts: [jsonl]\n";
    assert_bad_definition(
        yaml,
        "error: unknown key `formts` at p.yaml:8:3; did you mean `formats`?",
    );
}

#[test]
fn wrong_type_is_positioned_at_the_value() {
    let yaml = "name: t\ninputs:\n  - in\nsources:\n  - kind: generic\nlimits:\n  max_file_bytes: lots\noutputs:\n  dir: out\n";
    assert_bad_definition(
        yaml,
        "error: invalid type: string \"lots\", expected u64 at p.yaml:7:19",
    );
}

#[test]
fn unknown_source_names_the_nearest_plugin() {
    let yaml = "name: t\ninputs:\n  - in\nsources:\n  - kind: generc\noutputs:\n  dir: out\n";
    assert_bad_definition(
        yaml,
        "error: unknown source `generc` at p.yaml:5:11; did you mean `generic`?",
    );
}

#[test]
fn unknown_source_in_an_input_entry_is_positioned_too() {
    let yaml = "name: t\ninputs:\n  - glob: in\n    source: generik\nsources:\n  - kind: generic\noutputs:\n  dir: out\n";
    assert_bad_definition(
        yaml,
        "error: unknown source `generik` at p.yaml:4:13; did you mean `generic`?",
    );
}

#[test]
fn missing_input_is_positioned_at_the_input() {
    let yaml = "name: t\ninputs:\n  - in\n  - nowhere/*.txt\nsources:\n  - kind: generic\noutputs:\n  dir: out\n";
    assert_bad_definition(
        yaml,
        "error: input `nowhere/*.txt` matches no file at p.yaml:4:5",
    );
}

#[test]
fn yaml_syntax_error_is_positioned() {
    let yaml = "name: t\ninputs: [in\nsources:\n";
    let dir = scratch(yaml);
    let out = scrutiny(dir.path(), &["validate", "p.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at p.yaml:"), "{}", stderr(&out));
}

#[test]
fn a_missing_command_line_input_is_a_definition_error() {
    let dir = scratch(GOOD);
    let out = scrutiny(dir.path(), &["run", "p.yaml", "--input", "absent.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Input `absent.txt` matches no file"),
        "{}",
        stderr(&out)
    );
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_bad_file_ends_as_a_reject_and_nothing_is_lost() {
    let dir = scratch(GOOD);
    let d = dir.path().join("in");
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("blank.txt"), " \n\n\t").unwrap();
    std::fs::write(
        d.join("binary.bin"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe],
    )
    .unwrap();
    std::fs::write(
        d.join("garbage.txt"),
        [0xc3, 0x28, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06],
    )
    .unwrap();
    std::fs::write(d.join("sidecar-wrong.txt"), "Title\n\nBody.\n").unwrap();
    std::fs::write(d.join("sidecar-wrong.meta.yaml"), "url: [not, a, string]\n").unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"Caf\xe9 news\n\nOfsted rated the council\x92s services \x93good\x94.\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("dangling.txt")).unwrap();

    let out = scrutiny(dir.path(), &["run", "p.yaml", "--threads", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run = read_json(&dir.path().join("out/run.json"));
    let (inputs, articles, rejects) = (
        run["inputs"].as_u64().unwrap(),
        run["articles"].as_u64().unwrap(),
        run["rejects"].as_u64().unwrap(),
    );
    let expected_inputs = if cfg!(unix) { 8 } else { 7 };
    assert_eq!(inputs, expected_inputs);
    assert_eq!(inputs, articles + rejects, "inputs = articles + rejects");
    assert_eq!(articles, 2, "the good page and the Latin-1 page");

    let rows = jsonl(&dir.path().join("out/rejects.jsonl"));
    assert_eq!(rows.len() as u64, rejects);
    let code_of = |name: &str| {
        rows.iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name))
            .map(|r| {
                (
                    r["stage"].as_str().unwrap().to_owned(),
                    r["code"].as_str().unwrap().to_owned(),
                )
            })
            .unwrap_or_else(|| panic!("no reject for {name}: {rows:?}"))
    };
    assert_eq!(code_of("empty.txt"), ("decode".into(), "empty".into()));
    assert_eq!(code_of("blank.txt"), ("decode".into(), "empty".into()));
    assert_eq!(code_of("binary.bin"), ("decode".into(), "binary".into()));
    assert_eq!(code_of("garbage.txt"), ("decode".into(), "binary".into()));
    assert_eq!(
        code_of("sidecar-wrong.txt"),
        ("read".into(), "bad_sidecar".into())
    );
    #[cfg(unix)]
    assert_eq!(
        code_of("dangling.txt"),
        ("read".into(), "unreadable".into())
    );
    for r in &rows {
        assert!(!r["reason"].as_str().unwrap().is_empty());
    }
    let latin = jsonl(&dir.path().join("out/articles.jsonl"))
        .into_iter()
        .find(|a| a["path"].as_str().unwrap().ends_with("latin1.txt"))
        .unwrap();
    assert_eq!(latin["encoding"], "windows-1252");
}

fn run_seeds(threads: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = scrutiny(
        &root(),
        &[
            "run",
            "pipelines/default.yaml",
            "--out",
            out.path().to_str().unwrap(),
            "--threads",
            threads,
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

#[test]
fn outputs_are_byte_identical_across_thread_counts() {
    let (one, eight) = (run_seeds("1"), run_seeds("8"));
    let mut compared = 0;
    for entry in std::fs::read_dir(one.path()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "run.json" || entry.file_type().unwrap().is_dir() {
            continue; // run.json records timings and the thread count; .cache/ is not a dataset
        }
        let a = std::fs::read(one.path().join(&name)).unwrap();
        let b = std::fs::read(eight.path().join(&name)).unwrap();
        assert!(a == b, "{name:?} differs between 1 and 8 threads");
        compared += 1;
    }
    assert!(compared >= 5, "compared {compared} files");
}

#[test]
fn the_default_pipeline_ingests_every_seed_page() {
    let out = run_seeds("2");
    let run = read_json(&out.path().join("run.json"));
    assert_eq!(run["inputs"], 5);
    assert_eq!(run["articles"], 5, "{run}");
    assert_eq!(run["rejects"], 0);
    let articles = jsonl(&out.path().join("articles.jsonl"));
    let paths: Vec<&str> = articles
        .iter()
        .map(|a| a["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "data/raw/000_bd37c104e28bb98d.txt",
            "data/raw/001_445293b773cb4f31.txt",
            "data/raw/002_24f017ba8359cec6.txt",
            "data/raw/003_c3d9ceeef4bccf3c.txt",
            "data/raw/004_d66af9f8845dbcfe.txt"
        ]
    );
    // Each page is read by the plugin its sidecar names.
    for a in &articles {
        let path = root().join(a["path"].as_str().unwrap());
        let sidecar = std::fs::read_to_string(path.with_extension("meta.yaml")).unwrap();
        let publisher = sidecar
            .lines()
            .find_map(|l| l.strip_prefix("publisher: "))
            .unwrap();
        assert_eq!(a["source"], publisher, "{}", a["path"]);
    }
}

#[test]
fn without_sidecars_each_seed_is_recognised_by_its_own_signatures() {
    let pages = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("data/raw")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&p, pages.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = tempfile::tempdir().unwrap();
    let o = scrutiny(
        &root(),
        &[
            "run",
            "pipelines/default.yaml",
            "--input",
            pages.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let run = read_json(&out.path().join("run.json"));
    assert_eq!(run["chosen_by"]["confidence"], 5, "{run}");
    let gold: Vec<(String, String)> = std::fs::read_to_string(root().join("data/gold/seeds.yaml"))
        .unwrap()
        .lines()
        .collect::<Vec<_>>()
        .windows(2)
        .filter_map(|w| {
            let file = w[0].trim().strip_prefix("- file: ")?;
            let source = w[1].trim().strip_prefix("source: ")?;
            Some((file.to_owned(), source.to_owned()))
        })
        .collect();
    assert_eq!(gold.len(), 5);
    for a in jsonl(&out.path().join("articles.jsonl")) {
        let file = Path::new(a["path"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let expected = &gold.iter().find(|(f, _)| *f == file).unwrap().1;
        assert_eq!(a["source"].as_str().unwrap(), expected, "{file}");
    }
}

#[test]
fn a_page_from_an_unknown_publisher_goes_through_generic() {
    let dir = tempfile::tempdir().unwrap();
    let page = "Council's children's services rated good by Ofsted\n\n\
                Exampleton Borough Council's services for children have been judged good overall.\n\n\
                Inspectors praised the help given to care leavers.\n";
    std::fs::write(dir.path().join("community-care-style.txt"), page).unwrap();
    let out = dir.path().join("out");
    let o = scrutiny(
        &root(),
        &[
            "run",
            "pipelines/default.yaml",
            "--input",
            dir.path()
                .join("community-care-style.txt")
                .to_str()
                .unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = &jsonl(&out.join("articles.jsonl"))[0];
    assert_eq!(a["source"], "generic");
    assert_eq!(
        a["title"],
        "Council's children's services rated good by Ofsted"
    );
    assert!(
        a["body"]
            .as_str()
            .unwrap()
            .starts_with("Exampleton Borough Council's services"),
        "{a}"
    );
}

/// `extract.options.min_confidence` leaves the claims below it out of the events; they stay in
/// the claims with the reason.
#[test]
fn claims_below_min_confidence_join_no_event_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/page.txt"),
        "Leeds rated good\n\nLeeds City Council's children's services have been rated 'good' by Ofsted.\n\nThe council said it was proud of its staff, and it was rated 'inadequate' in 2015.\n",
    )
    .unwrap();
    let pipeline = |min: &str| {
        format!(
            "name: t\ninputs:\n  - in\nsources:\n  - kind: generic\nstages: [extract, merge, export]\nextract:\n  with:\n    min_confidence: {min}\noutputs:\n  dir: out{min}\n  formats: [jsonl]\n"
        )
    };
    let rows = |name: &str, file: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(dir.path().join(name).join(file))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    for min in ["0.0", "0.99"] {
        std::fs::write(dir.path().join("p.yaml"), pipeline(min)).unwrap();
        let out = scrutiny(dir.path(), &["run", "p.yaml"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let all = rows("out0.0", "claims.jsonl");
    let inspections =
        |claims: &[serde_json::Value]| claims.iter().filter(|c| c["kind"] == "inspection").count();
    assert!(inspections(&all) >= 2, "{all:?}");
    assert!(all.iter().all(|c| c["excluded"].is_null()));
    assert!(!rows("out0.0", "events.jsonl").is_empty());

    let strict = rows("out0.99", "claims.jsonl");
    assert_eq!(
        inspections(&strict),
        inspections(&all),
        "no claim is dropped"
    );
    for c in strict.iter().filter(|c| c["kind"] == "inspection") {
        let why = c["excluded"].as_str().unwrap_or_default();
        assert!(why.contains("below min_confidence 0.99"), "{c}");
    }
    assert!(
        rows("out0.99", "events.jsonl")
            .iter()
            .all(|e| e["kind"] != "inspection"),
        "claims left out make no event"
    );
}
