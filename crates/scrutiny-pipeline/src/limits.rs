//! The per-page budgets of `limits` (docs/pipelines.md): pages refused before parsing for
//! their shape, articles cut before extraction, claims cut after it.

use scrutiny_core::{Article, Block, Claim, Format, RejectCode};

use crate::definition::Limits;
use crate::shape;

/// Refuse a decoded page whose shape is past a limit, before any parser sees it: the code and
/// the reason, naming the limit.
pub(crate) fn check_page(
    text: &str,
    format: Format,
    limits: &Limits,
) -> Result<(), (RejectCode, String)> {
    let over = |what: String, key: &str, limit: usize| {
        (
            RejectCode::OverLimit,
            format!("{what}; the limit (limits.{key}) is {limit}"),
        )
    };
    if format == Format::Text {
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        if lines > limits.max_nodes {
            return Err(over(
                format!("page has {lines} lines"),
                "max_nodes",
                limits.max_nodes,
            ));
        }
        return Ok(());
    }
    let s = shape::scan(text);
    if s.depth > limits.max_html_depth {
        let why = format!(
            "HTML nests {} elements deep; the limit (limits.max_html_depth) is {}",
            s.depth, limits.max_html_depth
        );
        return Err((RejectCode::TooDeep, why));
    }
    if s.elements > limits.max_nodes {
        let what = format!("HTML has {} elements", s.elements);
        return Err(over(what, "max_nodes", limits.max_nodes));
    }
    if s.attributes > limits.max_attributes {
        let what = format!("an HTML element has {} attributes", s.attributes);
        return Err(over(what, "max_attributes", limits.max_attributes));
    }
    Ok(())
}

/// Break the article's over-long paragraphs, sentences and words into paragraphs of their own
/// (no text is dropped), so that extraction, whose work on a sentence grows faster than the
/// sentence, never reads one longer than `limits.max_sentence_bytes`. Each limit that broke
/// anything is recorded in the article's `removed` list under its name.
pub(crate) fn cut_article(article: &mut Article, limits: &Limits) {
    let shortest = limits
        .max_paragraph_bytes
        .min(limits.max_sentence_bytes)
        .min(limits.max_word_bytes);
    if article.blocks.iter().all(|b| b.text.len() <= shortest) {
        return;
    }
    let mut counts = [0usize; 3];
    let mut blocks = Vec::with_capacity(article.blocks.len());
    for block in std::mem::take(&mut article.blocks) {
        if block.text.len() <= shortest {
            blocks.push(block);
            continue;
        }
        let cuts = breaks(&block.text, limits);
        let mut from = 0;
        for (at, rule) in cuts.iter().copied().chain([(block.text.len(), Rule::End)]) {
            let piece = block.text[from..at].trim();
            if !piece.is_empty() {
                blocks.push(Block {
                    kind: block.kind,
                    text: piece.to_owned(),
                });
            }
            if let Some(n) = counts.get_mut(rule as usize) {
                *n += 1;
            }
            from = at;
        }
    }
    article.blocks = blocks;
    let names = [
        "max_paragraph_bytes",
        "max_sentence_bytes",
        "max_word_bytes",
    ];
    for (name, n) in names.iter().zip(counts) {
        if n > 0 {
            let why = format!("nothing removed: broken into paragraphs at {n} places");
            article.remove(&format!("limits.{name}"), why);
        }
    }
}

/// Keep the first `limits.max_claims_per_article` claims, recording the cut on the article:
/// merge compares an article's claims with every event of their kind, so one page of
/// thousands would cost the run more than the page is worth.
pub(crate) fn cut_claims(article: &mut Article, claims: &mut Vec<Claim>, limits: &Limits) {
    let max = limits.max_claims_per_article;
    if claims.len() > max {
        let why = format!("{} of {} claims dropped", claims.len() - max, claims.len());
        claims.truncate(max);
        article.remove("limits.max_claims_per_article", why);
    }
}

/// Which limit made a break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Paragraph = 0,
    Sentence = 1,
    Word = 2,
    End = 3,
}

/// Where to break `text` (byte offsets, increasing) so that no piece is longer than
/// `max_paragraph_bytes`, no stretch of a piece without a sentence end longer than
/// `max_sentence_bytes`, and no word longer than `max_word_bytes`. One pass: a break is
/// made at the latest sentence end or space already passed, so nothing is read twice.
fn breaks(text: &str, limits: &Limits) -> Vec<(usize, Rule)> {
    let mut out = Vec::new();
    // Start of the current piece, of its current sentence, of the current word; the last
    // space in the piece.
    let (mut piece, mut sentence, mut word, mut space) = (0, 0, 0, 0);
    for (i, c) in text.char_indices() {
        let next = i + c.len_utf8();
        if c.is_whitespace() {
            if ends_sentence(text, i) {
                sentence = i;
            }
            word = next;
            space = i;
            continue;
        }
        let mut cut = None;
        if next - word > limits.max_word_bytes {
            cut = Some((i, Rule::Word));
        } else if next - sentence > limits.max_sentence_bytes {
            let at = if space > sentence { space } else { i };
            cut = Some((at, Rule::Sentence));
        } else if next - piece > limits.max_paragraph_bytes {
            let at = [sentence, space]
                .into_iter()
                .find(|&p| p > piece)
                .unwrap_or(i);
            cut = Some((at, Rule::Paragraph));
        }
        if let Some((at, rule)) = cut.filter(|&(at, _)| at > piece) {
            out.push((at, rule));
            piece = at;
            sentence = sentence.max(at);
            space = space.max(at);
            word = word.max(at);
        }
    }
    out
}

/// True when the space at byte `at` follows the end of a sentence that the claim extractor
/// ends there too: `.`, `!` or `?` (then closing quotes or brackets) after a word it cannot take
/// for an abbreviation (digits, or four or more lower-case letters), and before a capital, a
/// digit, a quote or a bracket. Breaking only where it breaks, a sentence of the extractor is
/// never longer than the stretch between two of these.
fn ends_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
    let Some(stop) = before
        .chars()
        .next_back()
        .filter(|c| matches!(c, '.' | '!' | '?'))
    else {
        return false;
    };
    let before = &before[..before.len() - 1];
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .take(5)
        .collect();
    let plain = word.chars().all(|c| c.is_ascii_digit())
        || (word.chars().count() >= 4 && word.chars().all(|c| c.is_ascii_lowercase()));
    let opens = text[at..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .next()
        .is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || "\"'\u{201c}\u{2018}(".contains(c)
        });
    !word.is_empty() && (stop != '.' || plain) && opens && text[at..].starts_with([' ', '\t'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(paragraph: usize, sentence: usize, word: usize) -> Limits {
        Limits {
            max_paragraph_bytes: paragraph,
            max_sentence_bytes: sentence,
            max_word_bytes: word,
            ..Limits::default()
        }
    }

    fn pieces(text: &str, l: &Limits) -> Vec<String> {
        let mut a = Article::for_document(
            &scrutiny_core::Document {
                id: String::new(),
                path: String::new(),
                text: String::new(),
                encoding: String::new(),
                format: Format::Text,
                meta: Default::default(),
            },
            "t",
        );
        a.blocks = vec![Block::paragraph(text)];
        cut_article(&mut a, l);
        a.blocks.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn long_stretches_are_broken_and_short_text_is_left_alone() {
        let l = limits(60, 30, 10);
        assert_eq!(
            pieces("Ofsted rated it good.", &l),
            ["Ofsted rated it good."]
        );
        // No sentence end: broken at the last space within 30 bytes.
        let p = pieces("aaaa bbbb cccc dddd eeee ffff gggg hhhh", &l);
        assert!(p.iter().all(|s| s.len() <= 30), "{p:?}");
        assert_eq!(p.join(" "), "aaaa bbbb cccc dddd eeee ffff gggg hhhh");
        // A word past 10 bytes is broken inside.
        let p = pieces(&"x".repeat(25), &l);
        assert_eq!(p, ["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
        // A paragraph past 60 bytes is broken at its last sentence end within them.
        let text = "Ofsted rated Knowsley good. Ofsted rated Sefton inadequate. Ofsted came back.";
        let p = pieces(text, &limits(60, 60, 60));
        assert_eq!(
            p,
            [
                "Ofsted rated Knowsley good. Ofsted rated Sefton inadequate.",
                "Ofsted came back."
            ]
        );
    }

    #[test]
    fn abbreviations_and_lower_case_do_not_end_sentences() {
        let ends = |t: &str| ends_sentence(t, t.find("  ").unwrap_or(0));
        assert!(ends("rated inadequate.  The"));
        assert!(ends("in 2014.  Then"));
        assert!(ends("Mr Smith said \"good.\"  Then"));
        assert!(!ends("said Mr.  Smith"));
        assert!(!ends("said Cllr.  Smith"));
        assert!(!ends("rated good.  and"));
        assert!(!ends("see e.g.  Knowsley"));
    }

    #[test]
    fn the_cut_is_recorded_and_no_text_is_lost() {
        let l = limits(1000, 100, 20);
        let text = format!("{} {}", "word ".repeat(100), "y".repeat(50));
        let p = pieces(&text, &l);
        let joined: String = p.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(joined, original);
    }
}
