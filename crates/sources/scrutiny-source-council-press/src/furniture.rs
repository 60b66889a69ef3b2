//! The furniture council news pages print around a press release, and how to take it out.

use scrutiny_core::{Article, Block};

use crate::{Options, clean};

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
    tail: Vec<(String, &'static str)>,
}

impl Furniture {
    pub(crate) fn new(options: &Options) -> Self {
        let mut tail: Vec<(String, &'static str)> = TAIL_MARKERS
            .iter()
            .map(|(m, r)| (m.to_lowercase(), *r))
            .collect();
        tail.extend(
            options
                .extra_tail_markers
                .iter()
                .map(|m| (clean(m).to_lowercase(), "council_press.custom_tail")),
        );
        Self { tail }
    }

    /// The rule of the tail section this line opens, if it opens one.
    pub(crate) fn tail_rule(&self, line: &str) -> Option<&'static str> {
        let l = clean(line).to_lowercase();
        self.tail.iter().find(|(m, _)| *m == l).map(|(_, r)| *r)
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
