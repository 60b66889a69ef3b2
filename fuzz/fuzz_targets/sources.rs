//! Every source plugin, on arbitrary bytes as page text and as HTML: parse and confidence
//! must never panic. The first byte picks the plugin, so one target covers them all.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutiny_core::{Document, Format, Sidecar, Source};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let plugins: [Box<dyn Source>; 5] = [
        Box::new(scrutiny_source_generic::Plugin::default()),
        Box::new(scrutiny_source_cypnow::Plugin::default()),
        Box::new(scrutiny_source_bbc::Plugin::new(Default::default())),
        Box::new(scrutiny_source_council_press::Plugin::default()),
        Box::new(scrutiny_source_reach::Plugin::new(Default::default())),
    ];
    let plugin = &plugins[usize::from(pick) % plugins.len()];
    for format in [Format::Text, Format::Html] {
        let doc = Document {
            id: String::new(),
            path: "fuzz".into(),
            text: text.clone(),
            encoding: "UTF-8".into(),
            format,
            meta: Sidecar::default(),
        };
        let _ = plugin.confidence(&doc);
        if let Ok(article) = plugin.parse(&doc) {
            let _ = article.body();
        }
    }
});
