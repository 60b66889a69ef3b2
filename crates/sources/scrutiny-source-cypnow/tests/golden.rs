//! Golden tests: the real seed pages (from `data/gold/seeds.yaml`) and the constructed HTML
//! fixtures in `tests/fixtures`, each field asserted exactly.
//! The shared loading and assertions are `scrutiny-testkit`'s; the page-specific checks are here.

use scrutiny_core::{BlockKind, Source};
use scrutiny_source_cypnow::Plugin;
use scrutiny_testkit::{
    Fixtures, assert_beats_generic, assert_confidence_on_seeds, assert_gold_seeds,
    assert_html_fixtures, own_pages, seed,
};

#[test]
fn seed_pages_match_the_gold_fields() {
    let seeds = assert_gold_seeds(&Plugin::default(), 0.7);
    assert_eq!(seeds.len(), 2, "the gold set has two CYP Now pages");
}

#[test]
fn seed_000_caption_is_kept_once_and_its_double_recorded() {
    let a = Plugin::default()
        .parse(&seed("000_bd37c104e28bb98d.txt"))
        .unwrap();
    assert_eq!(
        a.captions,
        ["Ofsted's single inspection framework was introduced last November. Picture: Phil Adams"]
    );
    assert_eq!(
        a.removed
            .iter()
            .filter(|r| r.rule == "cypnow.caption_duplicate")
            .count(),
        1
    );
    assert!(
        a.removed
            .iter()
            .any(|r| r.rule == "cypnow.subscription_promo" && r.text == "From £15 / month")
    );
    // No sub-headings or lists in this article: the promo's bullet lists are not body.
    assert!(a.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    assert_eq!(a.blocks.len(), 13);
}

#[test]
fn seed_004_kicker_wall_and_jobs_are_recorded() {
    let a = Plugin::default()
        .parse(&seed("004_d66af9f8845dbcfe.txt"))
        .unwrap();
    let rule_of = |text: &str| {
        a.removed
            .iter()
            .find(|r| r.text == text)
            .map(|r| r.rule.as_str())
    };
    assert_eq!(rule_of("News"), Some("cypnow.kicker"));
    assert_eq!(
        rule_of("Register Now to Continue Reading"),
        Some("cypnow.registration_wall")
    );
    assert_eq!(
        rule_of("Administration Apprentice"),
        Some("cypnow.more_like_this")
    );
    assert!(a.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    assert_eq!(a.blocks.len(), 25);
}

#[test]
fn confidence_is_high_on_cypnow_seeds_and_low_on_the_others() {
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
    let pages = own_pages(scrutiny_source_cypnow::NAME, &fixtures);
    let generic = scrutiny_source_generic::Plugin::default();
    println!(
        "{}",
        assert_beats_generic(&Plugin::default(), &generic, &pages)
    );
}
