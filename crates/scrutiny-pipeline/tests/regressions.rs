//! Replays every input in `fuzz/regressions/` through the code its fuzz target runs, and
//! property-tests that no registered plugin panics on arbitrary text or markup.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use scrutiny_core::{Document, Format, Sidecar, Source};
use scrutiny_pipeline::read::{decode, nesting_depth};
use scrutiny_pipeline::registry::SourceConfig;

fn files(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no regression inputs in {}", dir.display());
    out
}

fn plugins() -> Vec<Box<dyn Source>> {
    SourceConfig::all_defaults()
        .iter()
        .map(SourceConfig::build)
        .collect()
}

fn exercise(plugins: &[Box<dyn Source>], text: &str) {
    for format in [Format::Text, Format::Html] {
        let doc = Document {
            id: String::new(),
            path: "regression".into(),
            text: text.to_owned(),
            encoding: "UTF-8".into(),
            format,
            meta: Sidecar::default(),
        };
        for p in plugins {
            let _ = p.confidence(&doc);
            if let Ok(article) = p.parse(&doc) {
                assert!(
                    !article.blocks.is_empty(),
                    "{}: an article always has a body",
                    p.name()
                );
            }
        }
    }
}

#[test]
fn source_regressions_parse_without_panic_in_every_plugin() {
    let plugins = plugins();
    for f in files("sources") {
        let bytes = std::fs::read(&f).unwrap();
        // The fuzz target's first byte picks a plugin; here every plugin gets the rest.
        exercise(
            &plugins,
            &String::from_utf8_lossy(bytes.get(1..).unwrap_or_default()),
        );
    }
}

#[test]
fn definition_regressions_give_positioned_errors() {
    for f in files("definition") {
        let text = std::fs::read_to_string(&f).unwrap();
        let diagnostics = scrutiny_pipeline::definition::parse(&text, "r.yaml", false)
            .err()
            .unwrap_or_else(|| panic!("{} should be refused", f.display()));
        assert!(!diagnostics.is_empty());
        for d in diagnostics {
            assert!(!d.message.is_empty(), "{}", f.display());
        }
    }
}

#[test]
fn decode_regressions_give_text_or_a_reject() {
    for f in files("decode") {
        let bytes = std::fs::read(&f).unwrap();
        for format in [Format::Text, Format::Html] {
            match decode(&bytes, format) {
                Ok((text, _)) => {
                    let _ = nesting_depth(&text);
                }
                Err((_, reason)) => assert!(!reason.is_empty()),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_plugin_panics_on_arbitrary_text(s in "\\PC{0,2000}") {
        exercise(&plugins(), &s);
    }

    #[test]
    fn no_plugin_panics_on_arbitrary_markup(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>".to_owned()), Just("</p>".to_owned()), Just("<div class=\"article-body\">".to_owned()),
                Just("</div>".to_owned()), Just("<article>".to_owned()), Just("<h1>".to_owned()), Just("</h1>".to_owned()),
                Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":".to_owned()),
                Just("</script>".to_owned()), Just("<time datetime=\"2014-13-45\">".to_owned()), Just("Image caption,".to_owned()),
                Just("(Image: x)".to_owned()), Just("<!-- S BO -->".to_owned()), Just("<li>".to_owned()), "\\PC{0,40}",
            ],
            0..60,
        )
    ) {
        exercise(&plugins(), &parts.concat());
    }

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        for format in [Format::Text, Format::Html] {
            let _ = decode(&bytes, format);
        }
    }
}
