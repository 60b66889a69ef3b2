//! Golden tests: real saved BBC pages (tests/fixtures) and the real seed page against gold.
//! The shared loading and assertions are `scrutiny-testkit`'s; the page-specific checks are here.

use scrutiny_core::{BlockKind, Document, FieldFound, RejectCode, Source};
use scrutiny_source_bbc::Plugin;
use scrutiny_testkit::{
    Fixtures, assert_beats_generic, assert_confidence_on_seeds, assert_gold_seeds,
    assert_none_survive, assert_saved_page, own_pages, seed, table_pages,
};

/// A saved page from `tests/fixtures`, decoded by the charset it declares.
fn fixture(name: &str) -> Document {
    Fixtures::of_crate(env!("CARGO_MANIFEST_DIR")).html(name)
}

/// (fixture, title, published as in the fixtures README, first body paragraph, last body paragraph)
const PAGES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "bbc_7745137-2008.html.gz",
        "Police to be armed with stun guns",
        "2008-11-24",
        "Up to 30,000 police officers across all forces in England and Wales are to be trained to use Taser stun guns.",
        "\"We're talking about increasing the firepower of the police in a way that I think brutalises the entire service,\" he said.",
    ),
    (
        "bbc_8029015-2009.html.gz",
        "Cairo's terrifying traffic chaos",
        "2009-05-02",
        "Christian Fraser discovers that a brush with death on Cairo's congested roads leaves no appetite for life in the fast lane.",
        "From Our Own Correspondent was broadcast on Saturday, 2 May, 2009 at 1130 BST on BBC Radio 4. Please check the programme schedules for World Service",
    ),
    (
        "bbc_8063681-2009.html.gz",
        "My night with Parisien prostitutes",
        "2009-05-22",
        "Wandering around the red light district of Paris as a teenager taught me all I need to know - about teenagers, not women, says Laurie Taylor in his weekly column.",
        "",
    ),
    (
        "bbc_10249066-2010.html.gz",
        "Gunman family 'unaware of motive'",
        "2010-06-06",
        "The family of gunman Derrick Bird say they have no idea why he carried out the \"horrific\" shootings in Cumbria.",
        "\"We appreciate what they are suffering at this time. We cannot offer any reason why Derrick took it upon himself to commit these crimes.\"",
    ),
    (
        "bbc_11125504-2010.html.gz",
        "UK economy 'to pick up in near term'",
        "2010-08-29",
        "The British Chambers of Commerce (BCC) has upgraded its forecast for the UK's short term economic prospects, but said interest rates must be kept low to aid recovery.",
        "\"Failure to get this right poses the biggest risk to recovery.\"",
    ),
    (
        "bbc_21528631-2013.html.gz",
        "Oscar Pistorius detective on attempted murder charges",
        "2013-02-21",
        "The South African detective leading the Oscar Pistorius inquiry is facing seven charges of attempted murder, police have confirmed.",
        "In London he made history by becoming the first double-amputee to run in the Olympics, making the semi-final of the 400m.",
    ),
    (
        "bbc_31014941-2015.html.gz",
        "China media: Military might",
        "2015-01-28",
        "Papers play down doubts that a planned military parade in China is aimed at Japan.",
        "China decriminalised gay sex in 1997 and stopped regarding homosexuality as a mental disorder in 2001.",
    ),
    (
        "bbc_32271505-2015.html.gz",
        "Election 2015: Tory inheritance tax plan 'about values'",
        "2015-04-12",
        "Chancellor George Osborne has said Conservative plans to remove family homes worth up to £1m from inheritance tax \"supports the basic human instinct to provide for your children\".",
        "",
    ),
    (
        "bbc_32271505-2020capture.html.gz",
        "Election 2015: Tory inheritance tax plan 'about values'",
        "2015-04-12",
        "Chancellor George Osborne has said a Conservative plan to remove family homes worth up to £1m from inheritance tax \"supports the basic human instinct to provide for your children\".",
        "",
    ),
    (
        "bbc_52241221-2020.html.gz",
        "Coronavirus: New York ramps up mass burials amid outbreak",
        "2020-04-10",
        "Images have emerged of coffins being buried in a mass grave in New York City, as the death toll from the coronavirus continues to rise.",
        "He said it had cast a spotlight on inequity and the impact of \"structural racism\".",
    ),
    (
        "bbc_54528983-2020.html.gz",
        "Covid Sage documents: The scientific evidence and what No 10 then did",
        "2020-10-13",
        "Documents have revealed the UK government did not follow the advice given to it by scientists as coronavirus cases began to surge.",
        "",
    ),
    (
        "bbc_cden3j9d1r7o-2024.html.gz",
        "Mexico counting dead from 'zombie storm' John",
        "2024-09-30",
        "At least 15 people have died in Mexico as a result of Hurricane John, the country's President Andrés Manuel López Obrador has confirmed.",
        "Claudia Sheinbaum, who is due to be sworn in as Mexico's new president on Tuesday, said she would visit Guerrero state with her ministers on Wednesday to ensure that those affected received \"all the necessary assistance\".",
    ),
];

/// Furniture that must never reach the body, in any generation.
const FURNITURE: &[&str] = &[
    "Image caption",
    "image caption",
    "Media caption",
    "Related Topics",
    "Related topics",
    "More on this story",
    "Continue reading the main story",
    "Share this",
    "Start Quote",
    "Follow Rachel on Twitter",
    "BBC Monitoring reports",
    "your comments",
    "Bookmark with",
];

#[test]
fn fixtures_give_exact_title_date_and_body_ends() {
    let plugin = Plugin::default();
    for (file, title, date, first, last) in PAGES {
        let a = assert_saved_page(&plugin, &fixture(file), 0.8, title, date, first);
        if !last.is_empty() {
            assert_eq!(
                a.blocks.last().map(|b| b.text.as_str()),
                Some(*last),
                "{file}"
            );
        }
        assert_none_survive(&a, FURNITURE, file);
    }
}

#[test]
fn long_bodies_end_where_the_story_ends() {
    // Last paragraphs too long for the table above: checked by their ending.
    let ends = [
        (
            "bbc_32271505-2015.html.gz",
            "cuts to inheritance tax for millionaires.\"",
        ),
        (
            "bbc_32271505-2020capture.html.gz",
            "cuts to inheritance tax for millionaires.\"",
        ),
        (
            "bbc_8063681-2009.html.gz",
            "never again has to prove his worth by answering such obvious questions.",
        ),
        (
            "bbc_54528983-2020.html.gz",
            "beginning to move teaching online anyway due to outbreaks.",
        ),
    ];
    for (file, end) in ends {
        let a = Plugin::default().parse(&fixture(file)).unwrap();
        let last = a.blocks.last().map(|b| b.text.clone()).unwrap_or_default();
        assert!(last.ends_with(end), "{file}: last block {last:?}");
    }
}

#[test]
fn crossheads_lists_captions_and_bylines_by_generation() {
    let a = Plugin::default()
        .parse(&fixture("bbc_7745137-2008.html.gz"))
        .unwrap();
    assert!(
        a.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Heading && b.text == "'Dangerous people'")
    );
    assert_eq!(
        a.captions.first().map(String::as_str),
        Some("Tasers have been fired more than 1,000 times since 2004")
    );
    let a = Plugin::default()
        .parse(&fixture("bbc_31014941-2015.html.gz"))
        .unwrap();
    assert!(
        a.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Heading && b.text == "Access blocked")
    );
    assert!(a.removed.iter().any(|r| r.rule == "bbc.promo"));
    let a = Plugin::default()
        .parse(&fixture("bbc_32271505-2015.html.gz"))
        .unwrap();
    assert_eq!(
        a.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::ListItem)
            .count(),
        4
    );
    let a = Plugin::default()
        .parse(&fixture("bbc_54528983-2020.html.gz"))
        .unwrap();
    assert_eq!(a.byline.as_deref(), Some("Rachel Schraer"));
    assert!(
        a.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Heading && b.text == "Full lockdown")
    );
    assert_eq!(
        a.captions.first().map(String::as_str),
        Some(
            "New measures announced by Boris Johnson this week fell short of advice provided by scientists"
        )
    );
    let a = Plugin::default()
        .parse(&fixture("bbc_cden3j9d1r7o-2024.html.gz"))
        .unwrap();
    assert_eq!(a.byline.as_deref(), Some("Vanessa Buschschlüter"));
}

#[test]
fn video_and_live_pages_are_rejected_without_a_body() {
    for file in [
        "bbc_61896381-2022-av.html.gz",
        "bbc_av-newsbeat-52618788-2020.html.gz",
        "bbc_live-world-52627824-2020.html.gz",
    ] {
        let r = Plugin::default().parse(&fixture(file)).unwrap_err();
        assert_eq!(r.code, RejectCode::NoBody, "{file}");
    }
}

#[test]
fn seed_pages_match_gold() {
    for a in assert_gold_seeds(&Plugin::default(), 0.8) {
        assert_eq!(a.published_from, FieldFound::None);
    }
}

#[test]
fn seed_caption_and_crosshead() {
    let a = Plugin::default()
        .parse(&seed("001_445293b773cb4f31.txt"))
        .unwrap();
    assert_eq!(
        a.captions,
        vec!["Knowsley Council said it was a \"major priority\" for children's services to be \"the very best they possibly can be\"".to_owned()]
    );
    assert!(
        a.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Heading && b.text == "'Major priority'")
    );
    let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
    for rule in [
        "bbc.published_line",
        "bbc.image_source",
        "bbc.image_caption",
        "bbc.presentational",
        "bbc.promo",
        "bbc.related_links",
    ] {
        assert!(rules.contains(&rule), "{rule} not recorded: {rules:?}");
    }
}

#[test]
fn other_publishers_seeds_score_low() {
    assert_confidence_on_seeds(&Plugin::default(), 0.8);
}

#[test]
fn beats_the_generic_baseline_on_its_own_pages() {
    let fixtures = Fixtures::of_crate(env!("CARGO_MANIFEST_DIR"));
    let mut pages = own_pages(scrutiny_source_bbc::NAME, &fixtures);
    pages.extend(table_pages(&fixtures, PAGES, FURNITURE));
    let generic = scrutiny_source_generic::Plugin::default();
    println!(
        "{}",
        assert_beats_generic(&Plugin::default(), &generic, &pages)
    );
}
