//! The HTML report opened in headless Chromium: the timeline and tables render, the page is not blank.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scrutiny_export::{OutputFormat, export};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium. The test runs where the build found it, and always under CI (build.rs), where
/// `.ci/run` installs it: there its absence fails the test.
fn chromium() -> PathBuf {
    let path = PathBuf::from(CHROMIUM);
    assert!(
        path.exists(),
        "{CHROMIUM} is missing: install the `chromium` package (.ci/run does)"
    );
    path
}

/// Run Chromium headless on `url` with a fresh profile; returns stdout. Killed after two minutes.
fn run(chromium: &Path, extra: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// RGB pixels of a PNG.
fn pixels(png_path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::io::BufReader::new(std::fs::File::open(png_path).unwrap());
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let px = buf[..info.buffer_size()]
        .chunks_exact(step)
        .map(|p| {
            if step >= 3 {
                [p[0], p[1], p[2]]
            } else {
                [p[0], p[0], p[0]]
            }
        })
        .collect();
    (info.width, info.height, px)
}

fn near(p: [u8; 3], hex: u32) -> bool {
    let c = [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8];
    p.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 12)
}

#[test]
#[cfg_attr(
    not(chromium),
    ignore = "needs /usr/bin/chromium (apt-get install chromium; .ci/run installs it)"
)]
fn report_renders_in_headless_chromium() {
    let chromium = chromium();
    // A stable place, so a person can open the last report and screenshot after the test.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scrutiny-export-report");
    std::fs::create_dir_all(&dir).unwrap();
    let ds = common::knowsley();
    export(&ds, &dir, &[OutputFormat::Jsonl, OutputFormat::Html]).unwrap();
    let url = format!("file://{}", dir.join("report.html").display());

    let dom = run(&chromium, &["--dump-dom".into()], &url);
    assert!(
        dom.contains("<svg class=\"timeline\""),
        "the timeline SVG is in the DOM"
    );
    // One overview timeline, then one per authority; each draws every event once.
    let authorities: HashSet<_> = ds.events.iter().map(|e| e.authority.clone()).collect();
    assert_eq!(
        dom.matches("<svg class=\"timeline\"").count(),
        1 + authorities.len()
    );
    assert_eq!(
        dom.matches("<tr id=\"ev-").count(),
        ds.events.len(),
        "one table row per event"
    );
    let dated = ds.events.iter().filter(|e| e.date.is_some()).count();
    assert_eq!(
        dom.matches("class=\"mark\"").count(),
        2 * dated,
        "a mark per dated event"
    );
    assert_eq!(
        dom.matches("class=\"mark undated\"").count(),
        2 * (ds.events.len() - dated)
    );
    let conflicts = ds.events.iter().filter(|e| e.conflict).count();
    assert_eq!(
        dom.matches(" class=\"conflict\">").count(),
        conflicts,
        "conflict rows are marked"
    );
    assert!(dom.contains("Rejected pages") && dom.contains("data/raw/006_scan.pdf"));

    let shot = dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    run(
        &chromium,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2200".into(),
        ],
        &url,
    );
    let (w, h, px) = pixels(&shot);
    assert_eq!((w, h), (1280, 2200));
    let colours: HashSet<[u8; 3]> = px.iter().copied().collect();
    assert!(colours.len() > 1, "the screenshot is blank");
    // The rating colours of the legend, timeline and pills are on screen.
    for (name, hex) in [
        ("inadequate", 0xd7301f),
        ("good", 0x5aae61),
        ("requires improvement", 0xf1a340),
    ] {
        assert!(
            px.iter().any(|&p| near(p, hex)),
            "no {name} colour in the screenshot"
        );
    }
}
