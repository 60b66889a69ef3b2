//! Finding the article body: boilerplate pruning, Readability-style scoring, block output.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use scrutiny_core::{Block, BlockKind};
use scrutiny_text::lines::normalize_space;

use crate::tree::{NONE, Tag, Tree};

/// What the walk does with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Look inside.
    Keep,
    /// Not text a reader sees (scripts, hidden markup, media): drop without audit.
    Silent,
    /// A photo caption: kept apart from the body.
    Caption,
    /// Boilerplate: dropped and recorded under this rule.
    Remove(&'static str),
}

/// Class/id words of page furniture (after Mozilla Readability's `unlikelyCandidates`, plus
/// sharing, newsletter and recommendation widgets).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "share",
    "sharing",
    "newsletter",
    "subscribe",
    "signup",
    "sign-up",
    "promo",
    "recommend",
    "outbrain",
    "taboola",
    "cookie",
    "consent",
    // `paywall-modal`, `paywall-login`: the prompt. A bare `paywall` wraps the story's own
    // text where the page carries it, so it is not furniture.
    "paywall-",
    "byline",
    "author",
    "dateline",
    "toolbar",
    "masthead",
    "most-popular",
    "mostpopular",
    "trending",
    "read-more",
    "readmore",
    "more-stories",
    "nav",
    "widget",
    "tags",
    "topics",
    "keywords",
    "print-only",
    "visually-hidden",
    "sr-only",
    "screen-reader",
    "offscreen",
    "modal",
    "overlay",
    "skip-link",
    "jump-link",
];

/// Class/id words that keep an element the list above would drop (Readability's
/// `okMaybeItsACandidate`).
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow", "story",
];

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];

const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "caption",
    "credit",
];

/// Roles of landmark regions that are never the article.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "banner",
    "contentinfo",
    "dialog",
    "alert",
    "alertdialog",
    "menu",
    "menubar",
    "search",
    "toolbar",
];

fn matcher(
    slot: &'static OnceLock<Option<AhoCorasick>>,
    words: &[&str],
) -> Option<&'static AhoCorasick> {
    slot.get_or_init(|| AhoCorasick::new(words).ok()).as_ref()
}

fn matches(slot: &'static OnceLock<Option<AhoCorasick>>, words: &[&str], hay: &str) -> bool {
    !hay.is_empty() && matcher(slot, words).is_some_and(|m| m.is_match(hay))
}

fn unlikely(class_id: &str) -> bool {
    static U: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    static M: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    matches(&U, UNLIKELY, class_id) && !matches(&M, MAYBE, class_id)
}

fn class_weight(class_id: &str) -> f64 {
    static P: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    static N: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    let mut w = 0.0;
    if matches(&N, NEGATIVE, class_id) {
        w -= 25.0;
    }
    if matches(&P, POSITIVE, class_id) {
        w += 25.0;
    }
    w
}

fn is_caption_class(class_id: &str) -> bool {
    class_id
        .split([' ', '-', '_'])
        .any(|w| w == "caption" || w == "wp-caption")
}

/// The verdict on one element, from its tag, attributes and class/id words.
pub(crate) fn verdict(tree: &Tree, id: u32, use_classes: bool) -> Verdict {
    let n = tree.node(id);
    match n.tag {
        Tag::Script
        | Tag::Style
        | Tag::Invisible
        | Tag::Head
        | Tag::Title
        | Tag::Meta
        | Tag::Button
        | Tag::Option
        | Tag::Img => return Verdict::Silent,
        Tag::Figcaption => return Verdict::Caption,
        Tag::Nav => return Verdict::Remove("html.nav"),
        Tag::Footer => return Verdict::Remove("html.footer"),
        Tag::Aside => return Verdict::Remove("html.aside"),
        Tag::Header => return Verdict::Remove("html.header"),
        Tag::Text | Tag::Root | Tag::Html | Tag::Body => return Verdict::Keep,
        _ => {}
    }
    if n.hidden {
        return Verdict::Silent;
    }
    if n.role
        .as_deref()
        .is_some_and(|r| FURNITURE_ROLES.contains(&r))
    {
        return Verdict::Remove("html.landmark_role");
    }
    if is_caption_class(&n.class_id) && !matches!(n.tag, Tag::Article | Tag::Main) {
        return Verdict::Caption;
    }
    if use_classes
        && !matches!(
            n.tag,
            Tag::Article | Tag::Main | Tag::A | Tag::Table | Tag::Td | Tag::Tr
        )
        && unlikely(&n.class_id)
    {
        return Verdict::Remove("html.boilerplate_class");
    }
    Verdict::Keep
}

/// Per-node text measures after pruning.
struct Measures {
    /// Visible non-space characters in the subtree.
    chars: Vec<u32>,
    /// Of which inside links.
    link_chars: Vec<u32>,
    /// Paragraph score added from below.
    score: Vec<f64>,
    /// Pruned by the verdict (the subtree adds nothing).
    pruned: Vec<bool>,
}

/// Non-space characters, counted on bytes: UTF-8 continuation bytes and ASCII whitespace are
/// skipped (a no-break space counts as a character, which density does not mind).
fn visible_chars(raw: &str) -> u32 {
    raw.bytes()
        .filter(|&b| !b.is_ascii_whitespace() && b & 0xC0 != 0x80)
        .count() as u32
}

fn tag_base(tag: Tag) -> f64 {
    match tag {
        Tag::Div | Tag::Article | Tag::Section | Tag::Main => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::List | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => -3.0,
        Tag::H1 | Tag::H2 => -5.0,
        _ => 0.0,
    }
}

fn measure(tree: &Tree, use_classes: bool) -> Measures {
    let n = tree.nodes.len();
    let mut m = Measures {
        chars: vec![0; n],
        link_chars: vec![0; n],
        score: vec![0.0; n],
        pruned: vec![false; n],
    };
    let mut walk = tree.walk(0);
    let mut link_depth = 0usize;
    while let Some((id, entering)) = walk.next() {
        let node = tree.node(id);
        if node.tag == Tag::A {
            if entering {
                link_depth += 1;
            } else {
                link_depth = link_depth.saturating_sub(1);
            }
        }
        if !entering {
            continue;
        }
        if node.tag == Tag::Text {
            let c = visible_chars(tree.raw(id));
            m.chars[id as usize] = c;
            if link_depth > 0 {
                m.link_chars[id as usize] = c;
            }
            continue;
        }
        if verdict(tree, id, use_classes) != Verdict::Keep {
            m.pruned[id as usize] = true;
            if node.tag == Tag::A {
                link_depth = link_depth.saturating_sub(1);
            }
            walk.skip_children();
        }
    }
    // Parents precede children in the vector, so one reverse pass sums every subtree.
    for i in (1..n).rev() {
        if m.pruned[i] {
            continue;
        }
        let p = tree.nodes[i].parent as usize;
        if p < n {
            m.chars[p] += m.chars[i];
            m.link_chars[p] += m.link_chars[i];
        }
    }
    m
}

/// Link density of a subtree: the share of its text inside links.
fn density(m: &Measures, id: u32) -> f64 {
    let c = m.chars[id as usize];
    if c == 0 {
        0.0
    } else {
        f64::from(m.link_chars[id as usize]) / f64::from(c)
    }
}

/// A run of text between block boundaries, with the block element holding it.
struct Unit {
    container: u32,
    text: String,
    link_chars: usize,
    chars: usize,
    commas: usize,
}

/// Cut the kept text under `root` into units at block boundaries.
/// With `want_text` false only the counts are kept (the scoring pass needs no text).
fn units(tree: &Tree, pruned: &[bool], root: u32, want_text: bool) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut blocks = vec![root];
    let empty = |container| Unit {
        container,
        text: String::new(),
        link_chars: 0,
        chars: 0,
        commas: 0,
    };
    let mut cur = empty(root);
    let mut link_depth = 0usize;
    let flush = |cur: &mut Unit, container: u32, out: &mut Vec<Unit>| {
        if cur.chars > 0 {
            let mut unit = std::mem::replace(cur, empty(container));
            if want_text {
                unit.text = normalize_space(&html_escape::decode_html_entities(&unit.text));
                unit.chars = unit.text.chars().filter(|c| !c.is_whitespace()).count();
            }
            out.push(unit);
        } else {
            *cur = empty(container);
        }
    };
    if tree.node(root).tag == Tag::Text {
        return out;
    }
    let mut walk = tree.walk(root);
    while let Some((id, entering)) = walk.next() {
        let node = tree.node(id);
        if node.tag == Tag::Text {
            if entering {
                let raw = tree.raw(id);
                if want_text {
                    cur.text.push_str(raw);
                }
                let c = visible_chars(raw) as usize;
                cur.chars += c;
                cur.commas += raw.bytes().filter(|&b| b == b',').count();
                if link_depth > 0 {
                    cur.link_chars += c;
                }
            }
            continue;
        }
        if entering && pruned[id as usize] {
            walk.skip_children();
            continue;
        }
        match (node.tag, entering) {
            (Tag::A, true) => link_depth += 1,
            (Tag::A, false) => link_depth = link_depth.saturating_sub(1),
            (Tag::Br, true) => {
                if matches!(
                    tree.node(cur.container).tag,
                    Tag::P | Tag::Li | Tag::H2 | Tag::Td
                ) {
                    if want_text {
                        cur.text.push(' ');
                    }
                } else {
                    let container = cur.container;
                    flush(&mut cur, container, &mut out);
                }
            }
            (t, true) if t.is_block() => {
                flush(&mut cur, id, &mut out);
                blocks.push(id);
            }
            (t, false) if t.is_block() => {
                blocks.pop();
                let back = blocks.last().copied().unwrap_or(root);
                flush(&mut cur, back, &mut out);
            }
            // Inline elements separate words only when the page puts space between them.
            _ => {}
        }
    }
    flush(&mut cur, root, &mut out);
    out
}

fn ancestors(tree: &Tree, id: u32) -> impl Iterator<Item = u32> + '_ {
    let mut cur = tree.node(id).parent;
    std::iter::from_fn(move || {
        if cur == NONE {
            return None;
        }
        let id = cur;
        cur = tree.node(id).parent;
        Some(id)
    })
}

/// Readability's paragraph score: one point, one per comma, one per 100 characters (max 3).
fn paragraph_score(u: &Unit) -> f64 {
    1.0 + u.commas as f64 + (u.chars / 100).min(3) as f64
}

/// Elements whose text is a paragraph scored into its ancestors.
fn scores_as_paragraph(tag: Tag) -> bool {
    matches!(tag, Tag::P | Tag::Td | Tag::Pre | Tag::H2 | Tag::Section)
}

/// The chosen article: top-level roots in page order.
pub(crate) struct Choice {
    pub(crate) roots: Vec<u32>,
}

fn choose(tree: &Tree, m: &mut Measures, units: &[Unit]) -> Option<Choice> {
    let mut candidates: Vec<u32> = Vec::new();
    let mut seen = vec![false; tree.nodes.len()];
    for u in units {
        if u.chars < 25 {
            continue;
        }
        let ctag = tree.node(u.container).tag;
        // Text straight inside a div counts as a paragraph of its own, child of that div.
        let first = if scores_as_paragraph(ctag) {
            tree.node(u.container).parent
        } else if matches!(ctag, Tag::Li | Tag::Dd | Tag::Dt | Tag::Blockquote) {
            continue;
        } else {
            u.container
        };
        if first == NONE {
            continue;
        }
        let s = paragraph_score(u);
        let chain = std::iter::once(first).chain(ancestors(tree, first)).take(5);
        for (level, a) in chain.enumerate() {
            if tree.node(a).tag == Tag::Root {
                break;
            }
            if !seen[a as usize] {
                seen[a as usize] = true;
                m.score[a as usize] +=
                    tag_base(tree.node(a).tag) + class_weight(&tree.node(a).class_id);
                candidates.push(a);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            m.score[a as usize] += s / divider;
        }
    }
    for &c in &candidates {
        m.score[c as usize] *= 1.0 - density(m, c);
    }
    let score = |id: u32| m.score[id as usize];
    let mut ranked = candidates.clone();
    ranked.sort_by(|a, b| score(*b).total_cmp(&score(*a)));
    let &first = ranked.first()?;
    let mut top = first;
    let top_score = score(top);

    // Several near-best candidates under one ancestor: the article is that ancestor.
    let close: Vec<u32> = ranked
        .iter()
        .skip(1)
        .take(5)
        .copied()
        .filter(|&c| score(c) >= top_score * 0.75)
        .collect();
    if close.len() >= 3 {
        for a in ancestors(tree, top) {
            if matches!(tree.node(a).tag, Tag::Body | Tag::Html | Tag::Root) {
                break;
            }
            let holds = close
                .iter()
                .filter(|&&c| ancestors(tree, c).any(|x| x == a))
                .count();
            if holds >= 3 {
                top = a;
                break;
            }
        }
    }
    // A parent scoring higher than the path below it holds more of the article.
    let mut last = score(top);
    let threshold = last / 3.0;
    for a in ancestors(tree, top).collect::<Vec<_>>() {
        if matches!(tree.node(a).tag, Tag::Body | Tag::Html | Tag::Root) {
            break;
        }
        if !seen[a as usize] {
            continue;
        }
        let s = score(a);
        if s < threshold {
            break;
        }
        if s > last {
            top = a;
            break;
        }
        last = s;
    }
    // An only child says nothing the parent does not.
    loop {
        let p = tree.node(top).parent;
        if p == NONE || matches!(tree.node(p).tag, Tag::Body | Tag::Html | Tag::Root) {
            break;
        }
        let element_children = tree
            .children(p)
            .filter(|&c| tree.node(c).tag != Tag::Text)
            .count();
        if element_children != 1 {
            break;
        }
        top = p;
    }

    // Siblings that score well, or read as prose, belong to the article too.
    let top_score = score(top);
    let parent = tree.node(top).parent;
    if parent == NONE || tree.node(top).tag == Tag::Body {
        return Some(Choice { roots: vec![top] });
    }
    let threshold = (top_score * 0.2).max(10.0);
    let mut roots = Vec::new();
    for s in tree.children(parent) {
        if s == top {
            roots.push(s);
            continue;
        }
        let node = tree.node(s);
        if node.tag == Tag::Text || m.pruned[s as usize] {
            continue;
        }
        let mut bonus = 0.0;
        if !node.class_id.is_empty() && node.class_id == tree.node(top).class_id {
            bonus = top_score * 0.2;
        }
        let keep = if seen[s as usize] && score(s) + bonus >= threshold {
            true
        } else if node.tag == Tag::P {
            let chars = m.chars[s as usize];
            let ld = density(m, s);
            (chars > 80 && ld < 0.25)
                || (chars > 0 && chars <= 80 && ld == 0.0 && ends_sentence(tree, s))
        } else {
            false
        };
        if keep {
            roots.push(s);
        }
    }
    Some(Choice { roots })
}

fn ends_sentence(tree: &Tree, id: u32) -> bool {
    let mut last = String::new();
    for (n, entering) in tree.walk(id) {
        if entering && tree.node(n).tag == Tag::Text {
            last = tree.raw(n).trim_end().to_owned();
        }
    }
    last.ends_with('.')
}

/// What the body pass found.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) blocks: Vec<Block>,
    pub(crate) captions: Vec<String>,
    pub(crate) removed: Vec<(&'static str, String)>,
}

/// Text of a pruned subtree, for the audit trail.
fn subtree_text(tree: &Tree, id: u32) -> String {
    let mut raw = String::new();
    let mut walk = tree.walk(id);
    while let Some((n, entering)) = walk.next() {
        if !entering {
            continue;
        }
        let node = tree.node(n);
        match node.tag {
            Tag::Text => {
                raw.push_str(tree.raw(n));
            }
            Tag::Script | Tag::Style | Tag::Invisible => walk.skip_children(),
            t if t.is_block() => raw.push(' '),
            _ => {}
        }
    }
    normalize_space(&html_escape::decode_html_entities(&raw))
}

fn block_kind(tag: Tag) -> BlockKind {
    match tag {
        Tag::H2 => BlockKind::Heading,
        Tag::Li | Tag::Dt | Tag::Dd => BlockKind::ListItem,
        _ => BlockKind::Paragraph,
    }
}

/// Containers whose text is mostly links inside the article: related-story lists and the like.
fn link_heavy(m: &Measures, id: u32) -> bool {
    let c = m.chars[id as usize];
    c > 0 && density(m, id) > 0.5
}

/// Emit the blocks, captions and removals under the chosen roots.
fn output(tree: &Tree, m: &Measures, choice: &Choice, use_classes: bool) -> Body {
    let mut body = Body::default();
    let mut pruned = m.pruned.clone();
    for &root in &choice.roots {
        if tree.node(root).tag == Tag::Text {
            continue;
        }
        if tree.node(root).tag != Tag::Body && link_heavy(m, root) && m.chars[root as usize] < 200 {
            body.removed
                .push(("html.link_block", subtree_text(tree, root)));
            continue;
        }
        let mut walk = tree.walk(root);
        while let Some((id, entering)) = walk.next() {
            let node = tree.node(id);
            if !entering || node.tag == Tag::Text {
                continue;
            }
            let action = match verdict(tree, id, use_classes) {
                Verdict::Keep if node.tag == Tag::H1 => Verdict::Remove("html.headline"),
                // Forms inside the article are search boxes and comment forms (a form wrapping
                // the whole page is above the chosen roots and never visited here).
                Verdict::Keep if node.tag == Tag::Form => Verdict::Remove("html.form"),
                Verdict::Keep
                    if matches!(
                        node.tag,
                        Tag::List | Tag::Table | Tag::Div | Tag::Section | Tag::Form | Tag::Dl
                    ) && link_heavy(m, id) =>
                {
                    Verdict::Remove("html.link_block")
                }
                v => v,
            };
            if action == Verdict::Keep {
                continue;
            }
            pruned[id as usize] = true;
            walk.skip_children();
            match action {
                Verdict::Caption => {
                    let t = subtree_text(tree, id);
                    if !t.is_empty() {
                        body.captions.push(t);
                    }
                }
                Verdict::Remove(rule) => {
                    let t = subtree_text(tree, id);
                    if !t.is_empty() {
                        body.removed.push((rule, t));
                    }
                }
                Verdict::Keep | Verdict::Silent => {}
            }
        }
        for u in units(tree, &pruned, root, true) {
            let ctag = tree.node(u.container).tag;
            let linky = u.chars > 0 && u.link_chars * 10 >= u.chars * 8;
            if linky && (ctag != Tag::P || u.chars < 120) {
                body.removed.push(("html.link_block", u.text));
                continue;
            }
            body.blocks.push(Block {
                kind: block_kind(ctag),
                text: u.text,
            });
        }
    }
    body
}

/// Find the article body in `tree`, retrying without class rules when they removed too much.
pub(crate) fn extract(tree: &Tree) -> Body {
    let mut best = Body::default();
    for use_classes in [true, false] {
        let mut m = measure(tree, use_classes);
        let all = units(tree, &m.pruned, 0, false);
        let Some(choice) = choose(tree, &mut m, &all) else {
            continue;
        };
        let body = output(tree, &m, &choice, use_classes);
        let chars: usize = body.blocks.iter().map(|b| b.text.len()).sum();
        let best_chars: usize = best.blocks.iter().map(|b| b.text.len()).sum();
        if chars > best_chars {
            best = body;
        }
        if chars >= 250 {
            break;
        }
    }
    if best.blocks.is_empty() {
        // No paragraph long enough to score: a short page is read whole, from its
        // `<article>`/`<main>` when it has one.
        let m = measure(tree, true);
        let scope = [Tag::Article, Tag::Main, Tag::Body]
            .iter()
            .find_map(|t| {
                (0..tree.nodes.len() as u32)
                    .find(|&i| tree.node(i).tag == *t && !m.pruned[i as usize])
            })
            .unwrap_or(0);
        best = output(tree, &m, &Choice { roots: vec![scope] }, true);
    }
    best
}
