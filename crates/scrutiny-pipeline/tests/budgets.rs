//! Work per page is linear in its size: for each hostile shape, a page twice as large costs at
//! most about twice the time and the memory (read, parse and extract, as the map step does).
//! Memory is counted by this test binary's allocator (exact, so held to a tight factor); time
//! is the best of a few runs (noisy, so held to a looser one). One test, so that nothing else
//! allocates while a page is measured.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

use std::time::{Duration, Instant};

use peak_alloc::PeakAlloc;
use scrutiny_core::{Format, Sidecar};
use scrutiny_pipeline::map::{MapRecord, Mapper};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// `unit` repeated to about `bytes`, between `head` and `tail`.
fn page(head: &str, unit: &str, tail: &str, bytes: usize) -> String {
    format!("{head}{}{tail}", unit.repeat(bytes / unit.len().max(1)))
}

/// Each shape at `bytes`: its name, format and text.
fn shapes(bytes: usize) -> Vec<(&'static str, Format, String)> {
    let html = |unit: &str| page("<html><body>", unit, "</body></html>", bytes);
    let text = |unit: &str| page("Ofsted and Knowsley\n\n", unit, "\n", bytes);
    let attributes: String = (0..200).map(|i| format!(" a{i}=x")).collect();
    vec![
        (
            "paragraph without a full stop",
            Format::Text,
            text("Ofsted rated Knowsley children's services inadequate and "),
        ),
        ("one long word", Format::Text, text("x")),
        ("full stops without spaces", Format::Text, text("a.")),
        ("many short lines", Format::Text, text("x\n")),
        (
            "many rated sentences",
            Format::Text,
            text("Ofsted rated Knowsley inadequate in 2014. "),
        ),
        (
            "dates without a full stop",
            Format::Text,
            text("1 January 2020, 3 March 2014, "),
        ),
        ("abbreviations", Format::Text, text("Mr. Cllr. ")),
        ("tiny paragraphs", Format::Html, html("<p>a</p>")),
        (
            "many attributes",
            Format::Html,
            html(&format!("<div{attributes}>Ofsted</div>")),
        ),
        ("an unclosed tag", Format::Html, html("<a")),
        ("misnested formatting", Format::Html, html("<b><i></b></i>")),
        (
            "nesting at the depth limit",
            Format::Html,
            html(&format!(
                "{}x{}",
                "<div>".repeat(1500),
                "</div>".repeat(1500)
            )),
        ),
        (
            "an HTML paragraph without a full stop",
            Format::Html,
            html("Ofsted rated Knowsley inadequate and "),
        ),
        ("comments", Format::Html, html("<!--x-->")),
    ]
}

/// Peak bytes allocated and best time of mapping `text` as one page.
fn cost(
    mapper: &Mapper<'_>,
    def: &scrutiny_pipeline::Definition,
    format: Format,
    text: &str,
) -> (usize, Duration) {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..3 {
        let base = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let started = Instant::now();
        let record = scrutiny_pipeline::read::document(
            "page".into(),
            "id".into(),
            text.as_bytes(),
            format,
            Sidecar::default(),
            &def.limits,
            None,
        )
        .map(|doc| mapper.map_document(&doc, None, started));
        best = best.min(started.elapsed());
        peak = ALLOCATOR.peak_usage().saturating_sub(base);
        assert!(!matches!(record, Ok(MapRecord::Stats(_))));
    }
    (peak, best)
}

#[test]
fn doubling_a_hostile_page_at_most_doubles_its_cost() {
    let def = scrutiny_pipeline::definition::builtin().unwrap();
    let mapper = Mapper::new(&def, None).unwrap();
    let small = 64 * 1024;
    let mut failures = Vec::new();
    for ((name, format, one), (_, _, two)) in shapes(small).into_iter().zip(shapes(2 * small)) {
        let (m1, t1) = cost(&mapper, &def, format, &one);
        let (m2, t2) = cost(&mapper, &def, format, &two);
        // Slack for fixed costs: a page's fixed structures, and the timer's and scheduler's noise.
        let memory_ok = m2 <= 2 * m1 + m1 / 4 + (256 << 10);
        let time_ok = t2 <= 3 * t1 + Duration::from_millis(100);
        let line = format!("{name}: {m1} -> {m2} bytes, {t1:?} -> {t2:?}");
        eprintln!("{line}");
        if !(memory_ok && time_ok) {
            failures.push(line);
        }
    }
    assert!(
        failures.is_empty(),
        "grew faster than the page: {failures:#?}"
    );
}
