//! The furniture council news pages print around a press release, and how to take it out.

use scrutiny_core::{Article, Block};
use scrutiny_text::lines::TailMarkers;

use crate::Options;

/// Lines that open a boilerplate section running to the end of the page, with their rule.
const TAIL_MARKERS: [(&str, &str); 10] = [
    ("Share this page", "council_press.share"),
    ("Share this article", "council_press.share"),
    ("Share this", "council_press.share"),
    ("Was this page helpful?", "council_press.feedback"),
    ("Is this page useful?", "council_press.feedback"),
    ("Related news", "council_press.related"),
    ("Related content", "council_press.related"),
    ("Latest news", "council_press.related"),
    ("Back to news", "council_press.navigation"),
    ("Back to top", "council_press.navigation"),
];

/// The tail markers, built-in plus the options' extras.
#[derive(Debug, Clone)]
pub(crate) struct Furniture {
    tail: TailMarkers,
}

impl Furniture {
    pub(crate) fn new(options: &Options) -> Self {
        Self {
            tail: TailMarkers::new(
                &TAIL_MARKERS,
                &options.extra_tail_markers,
                "council_press.custom_tail",
            ),
        }
    }

    /// The rule of the tail section this line opens, if it opens one.
    pub(crate) fn tail_rule(&self, line: &str) -> Option<&'static str> {
        self.tail.rule(line)
    }

    /// Move candidate blocks into the body, removing every tail section (each block under the
    /// rule of the section it sits in).
    pub(crate) fn fill_body(&self, candidates: Vec<Block>, article: &mut Article) {
        let mut tail: Option<&'static str> = None;
        for block in candidates {
            if let Some(rule) = self.tail_rule(&block.text) {
                tail = Some(rule);
            }
            match tail {
                Some(rule) => article.remove(rule, block.text),
                None => article.blocks.push(block),
            }
        }
    }
}
