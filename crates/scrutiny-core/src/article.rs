//! A clean article: what a source plugin makes of a document.

use serde::{Deserialize, Serialize};

use crate::{Document, Format, PartialDate};

/// The kind of one body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A paragraph of running text.
    Paragraph,
    /// A sub-heading inside the body.
    Heading,
    /// One item of a bulleted or numbered list.
    ListItem,
}

/// One block of the article body, in page order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Paragraph, heading or list item.
    pub kind: BlockKind,
    /// The block's text, trimmed, on one line.
    pub text: String,
}

impl Block {
    /// A paragraph block.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Self {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }
}

/// Text a plugin removed from the page, with the rule that removed it (kept for audit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The rule's name, e.g. `bbc.image_caption`.
    pub rule: String,
    /// The removed text.
    pub text: String,
}

/// Where an article's title, byline or publication date came from. The rule that chose it is
/// in [`Article::removed`] with the line it was read from, for page text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FieldFound {
    /// The visible page text: a headline, a byline or a date line, or an HTML page's `<h1>`,
    /// byline element or visible date.
    PageText,
    /// HTML metadata: JSON-LD, Open Graph, `<title>`, `<time datetime>`, `<meta>`.
    HtmlMetadata,
    /// The document's sidecar (dates only).
    Sidecar,
    /// Nowhere: the article has no such field.
    #[default]
    None,
}

/// A clean article, one per accepted document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The document's content id.
    pub id: String,
    /// The input path.
    pub path: String,
    /// The source plugin that parsed it.
    pub source: String,
    /// The page URL, when known.
    pub url: Option<String>,
    /// Text or HTML.
    pub format: Format,
    /// The encoding the input was decoded from.
    pub encoding: String,
    /// The headline, when the page has one.
    pub title: Option<String>,
    /// Where the title came from.
    #[serde(default)]
    pub title_from: FieldFound,
    /// The standfirst (summary under the headline), when the page has one.
    pub standfirst: Option<String>,
    /// The author line, without "By".
    pub byline: Option<String>,
    /// Where the byline came from.
    #[serde(default)]
    pub byline_from: FieldFound,
    /// The publication date, when the page or its metadata states it.
    pub published: Option<PartialDate>,
    /// How the publication date was found.
    pub published_from: FieldFound,
    /// Body blocks in page order.
    pub blocks: Vec<Block>,
    /// Photo and figure captions, apart from the body.
    pub captions: Vec<String>,
    /// What was taken out of the body, in page order where the plugin keeps it: boilerplate,
    /// and the lines the title, byline and date were read from, each under the rule that chose
    /// it (`text.headline.first`, `text.byline.by`, `text.date.published`, ...).
    pub removed: Vec<Removed>,
    /// The near-duplicate cluster this article belongs to (set by the merge stage).
    #[serde(default)]
    pub cluster: Option<String>,
    /// The cluster's representative, when this article is not it (set by the merge stage).
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// What the merge stage learnt of the article's date from the events it reports.
    #[serde(default)]
    pub inferred: Option<InferredDate>,
}

/// An article's date as the merge stage infers it from the events the article reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InferredDate {
    /// The article's date: its published date, or the date of the events that are its news.
    pub date: Option<PartialDate>,
    /// The article cannot be earlier than this: the latest past event it recounts.
    pub not_before: Option<PartialDate>,
    /// How both were found, in words.
    pub basis: String,
}

impl Article {
    /// An empty article carrying the document's provenance; the plugin fills the rest.
    pub fn for_document(doc: &Document, source: &str) -> Self {
        Self {
            id: doc.id.clone(),
            path: doc.path.clone(),
            source: source.to_owned(),
            url: doc.meta.url.clone(),
            format: doc.format,
            encoding: doc.encoding.clone(),
            title: None,
            title_from: FieldFound::None,
            standfirst: None,
            byline: None,
            byline_from: FieldFound::None,
            published: None,
            published_from: FieldFound::None,
            blocks: Vec::new(),
            captions: Vec::new(),
            removed: Vec::new(),
            cluster: None,
            duplicate_of: None,
            inferred: None,
        }
    }

    /// The body text: blocks joined by a blank line. Evidence offsets index this string.
    pub fn body(&self) -> String {
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }

    /// Record a removal for audit.
    pub fn remove(&mut self, rule: &str, text: impl Into<String>) {
        self.removed.push(Removed {
            rule: rule.to_owned(),
            text: text.into(),
        });
    }

    /// Fill the date from the sidecar when the page itself gave none.
    pub fn date_from_sidecar(&mut self, doc: &Document) {
        if self.published.is_none() {
            if let Some(d) = doc.meta.published {
                self.published = Some(d);
                self.published_from = FieldFound::Sidecar;
            }
        }
    }
}
