//! Golden tests: the real seed pages (from `data/gold/seeds.yaml`) and the constructed HTML
//! fixtures in `tests/fixtures`, each field asserted exactly.
//! The shared loading and assertions are `scrutiny-testkit`'s; the page-specific checks are here.

use scrutiny_core::{BlockKind, Source};
use scrutiny_source_council_press::Plugin;
use scrutiny_testkit::{
    Fixtures, assert_beats_generic, assert_confidence_on_seeds, assert_gold_seeds,
    assert_html_fixtures, own_pages, seed,
};

#[test]
fn seed_pages_match_the_gold_fields() {
    let seeds = assert_gold_seeds(&Plugin::default(), 0.7);
    assert_eq!(seeds.len(), 1, "the gold set has one council press page");
}

#[test]
fn seed_002_breadcrumb_headings_lists_and_council() {
    let doc = seed("002_24f017ba8359cec6.txt");
    let plugin = Plugin::default();
    let a = plugin.parse(&doc).unwrap();
    // The breadcrumb, then the lines the title and byline were read from, each under its rule.
    let removed: Vec<(&str, &str)> = a
        .removed
        .iter()
        .map(|r| (r.rule.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(
        removed,
        [
            (
                "text.breadcrumb",
                "Home Children and Young People Progress being made in Children’s Services"
            ),
            (
                "text.headline.breadcrumb",
                "Progress being made in Children’s Services"
            ),
            ("text.byline.by", "by Comms Team"),
        ]
    );
    let headings: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "What did the monitoring inspection cover?",
            "What was the outcome?",
            "How have these improvements been achieved?",
            "What’s next?"
        ]
    );
    assert_eq!(
        a.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::ListItem)
            .count(),
        12
    );
    assert_eq!(plugin.council(&doc).as_deref(), Some("Knowsley Council"));
}

#[test]
fn confidence_is_high_on_council_seeds_and_low_on_the_others() {
    assert_confidence_on_seeds(&Plugin::default(), 0.7);
}

#[test]
fn html_fixtures_match_their_expected_fields() {
    let fixtures = Fixtures::of_crate(env!("CARGO_MANIFEST_DIR"));
    assert_html_fixtures(&Plugin::default(), &fixtures, 2, 0.7);
}

#[test]
fn beats_the_generic_baseline_on_its_own_pages() {
    let fixtures = Fixtures::of_crate(env!("CARGO_MANIFEST_DIR"));
    let pages = own_pages(scrutiny_source_council_press::NAME, &fixtures);
    let generic = scrutiny_source_generic::Plugin::default();
    println!(
        "{}",
        assert_beats_generic(&Plugin::default(), &generic, &pages)
    );
}
