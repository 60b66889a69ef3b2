//! The furniture CYP Now prints around an article, and how to take it out of the body.

use scrutiny_core::{Article, Block, BlockKind};
use scrutiny_text::lines;

use crate::{Options, clean};

/// Lines that open a boilerplate section running to the end of the page, with their rule.
const TAIL_MARKERS: [(&str, &str); 8] = [
    ("CYP Now Digital membership", "cypnow.subscription_promo"),
    ("CYP Now Magazine", "cypnow.subscription_promo"),
    ("Subscribe", "cypnow.subscription_promo"),
    (
        "Register Now to Continue Reading",
        "cypnow.registration_wall",
    ),
    (
        "Already have an account? Sign in here",
        "cypnow.registration_wall",
    ),
    ("More like this", "cypnow.more_like_this"),
    ("Related articles", "cypnow.related"),
    ("Most read", "cypnow.related"),
];

/// Section kickers printed above the headline.
const KICKERS: [&str; 16] = [
    "News",
    "Analysis",
    "Opinion",
    "Feature",
    "Features",
    "Interview",
    "Comment",
    "Editorial",
    "Blog",
    "Research",
    "Policy",
    "Practice",
    "Case Study",
    "Special Report",
    "Briefing",
    "Q&A",
];

/// The furniture lists, built-in plus the options' extras.
#[derive(Debug, Clone)]
pub(crate) struct Furniture {
    tail: lines::TailMarkers,
    kickers: Vec<String>,
}

impl Furniture {
    pub(crate) fn new(options: &Options) -> Self {
        let tail = lines::TailMarkers::new(
            &TAIL_MARKERS,
            &options.extra_tail_markers,
            "cypnow.custom_tail",
        );
        let mut kickers: Vec<String> = KICKERS.iter().map(|k| k.to_lowercase()).collect();
        kickers.extend(
            options
                .extra_kickers
                .iter()
                .map(|k| clean(k).to_lowercase()),
        );
        Self { tail, kickers }
    }

    /// The rule of the tail section this line opens, if it opens one.
    pub(crate) fn tail_rule(&self, line: &str) -> Option<&'static str> {
        self.tail.rule(line)
    }

    pub(crate) fn is_kicker(&self, line: &str) -> bool {
        let l = clean(line).to_lowercase();
        self.kickers.contains(&l)
    }

    /// Move candidate body blocks into the article: the tail sections are removed (each block
    /// under the rule of the section it sits in), caption lines become captions (a caption
    /// repeated on the next line is recorded as a duplicate), and the rest stay in order.
    pub(crate) fn fill_body(&self, candidates: Vec<Block>, article: &mut Article) {
        let mut tail: Option<&'static str> = None;
        let mut previous_caption: Option<String> = None;
        for block in candidates {
            if let Some(rule) = self.tail_rule(&block.text) {
                tail = Some(rule);
            }
            if let Some(rule) = tail {
                article.remove(rule, block.text);
                continue;
            }
            if block.kind != BlockKind::ListItem && lines::photo_credit(&block.text).is_some() {
                if previous_caption.as_deref() == Some(block.text.as_str()) {
                    article.remove("cypnow.caption_duplicate", block.text);
                } else {
                    article.captions.push(block.text.clone());
                    previous_caption = Some(block.text);
                }
                continue;
            }
            previous_caption = None;
            article.blocks.push(block);
        }
    }
}
