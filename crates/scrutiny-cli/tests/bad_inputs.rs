//! The pipeline over `data/bad/` (hostile inputs): no panic, every input accounted for, each
//! reject with a clear reason, and the good pages beside them unaffected.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let meta = std::fs::symlink_metadata(entry.path()).unwrap();
        if meta.file_type().is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), target).unwrap();
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn hostile_inputs_end_as_articles_or_clear_rejects() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("bad");
    copy_folder(&root.join("data/bad"), &input);
    std::fs::remove_file(input.join("README.md")).unwrap();
    // Too big for git: a 200 MB file, sparse, so making it costs nothing.
    let big = std::fs::File::create(input.join("huge.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    // Not a regular file: reading a FIFO would block forever, so it must be refused unread.
    #[cfg(unix)]
    let fifo = Command::new("mkfifo")
        .arg(input.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    let gazetteer = root
        .join("data/reference/local_authorities.csv")
        .canonicalize()
        .unwrap();
    std::fs::write(
        tmp.path().join("p.yaml"),
        format!(
            "name: bad\ninputs:\n  - bad\nsources:\n  - kind: generic\nlimits:\n  max_file_bytes: 10000000\n  max_html_depth: 500\n\
             extract:\n  gazetteer: {}\noutputs:\n  dir: out\n",
            gazetteer.display()
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(tmp.path())
        .args(["run", "p.yaml", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));

    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("out/run.json")).unwrap())
            .unwrap();
    let read_rows = |name: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(tmp.path().join("out").join(name))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (articles, rejects) = (read_rows("articles.jsonl"), read_rows("rejects.jsonl"));
    let mut outcome: BTreeMap<String, String> = BTreeMap::new();
    for a in &articles {
        let name = a["path"]
            .as_str()
            .unwrap()
            .trim_start_matches("bad/")
            .to_owned();
        outcome.insert(name, format!("article {}", a["encoding"].as_str().unwrap()));
    }
    for r in &rejects {
        let name = r["path"]
            .as_str()
            .unwrap()
            .trim_start_matches("bad/")
            .to_owned();
        assert!(!r["reason"].as_str().unwrap().is_empty());
        let prev = outcome.insert(
            name.clone(),
            format!(
                "{} {}",
                r["stage"].as_str().unwrap(),
                r["code"].as_str().unwrap()
            ),
        );
        assert!(prev.is_none(), "{name} is both an article and a reject");
    }
    assert_eq!(
        run["inputs"].as_u64().unwrap() as usize,
        outcome.len(),
        "every input once: {outcome:#?}"
    );
    assert_eq!(
        run["inputs"].as_u64().unwrap(),
        run["articles"].as_u64().unwrap() + run["rejects"].as_u64().unwrap()
    );

    let expect = |name: &str, what: &str| {
        assert_eq!(
            outcome.get(name).map(String::as_str),
            Some(what),
            "{name}: {outcome:#?}"
        )
    };
    expect("empty.txt", "decode empty");
    expect("whitespace.txt", "decode empty");
    expect("binary.png", "decode binary");
    expect("invalid-utf8.txt", "decode binary");
    expect("windows-1252.txt", "article windows-1252");
    expect("latin1.html", "article windows-1252");
    expect("deeply-nested.html", "decode too_deep");
    expect("truncated.html", "article UTF-8");
    expect("only-boilerplate.html", "parse no_body");
    expect("good-page.txt", "article UTF-8");
    expect("link-to-good.txt", "article UTF-8");
    expect("sidecar-wrong-type.txt", "read bad_sidecar");
    expect("sidecar-unknown-publisher.txt", "read bad_sidecar");
    expect("dangling-link.txt", "read unreadable");
    expect("huge.txt", "read too_large");
    #[cfg(unix)]
    if fifo {
        expect("pipe.txt", "read unreadable");
    }

    let reason_of = |name: &str| {
        rejects
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name))
            .unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        reason_of("huge.txt").contains("limits.max_file_bytes"),
        "{}",
        reason_of("huge.txt")
    );
    assert!(reason_of("deeply-nested.html").contains("limits.max_html_depth"));
    assert!(reason_of("sidecar-wrong-type.txt").contains("sidecar-wrong-type.meta.yaml"));
    assert!(
        reason_of("sidecar-wrong-type.txt").contains("line 1"),
        "{}",
        reason_of("sidecar-wrong-type.txt")
    );
    assert!(
        reason_of("sidecar-unknown-publisher.txt")
            .contains("publisher `bbcc`, which is no source plugin")
    );
    assert!(reason_of("binary.png").contains("offset"));

    // The good page is unaffected by its neighbours: same body as when read alone.
    let good = articles
        .iter()
        .find(|a| a["path"] == "bad/good-page.txt")
        .unwrap();
    assert_eq!(good["title"], "Exampleton children's services rated good");
}
