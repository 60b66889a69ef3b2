//! A compact page tree built in one streaming pass of lol_html's spec tokenizer.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::Element;
use lol_html::{HtmlRewriter, Settings, doc_comments, doctype, element};

/// How far up the open elements an implied end tag looks for its element.
const MAX_SCOPE_SCAN: usize = 256;

/// "No node" in the linked-list fields.
pub(crate) const NONE: u32 = u32::MAX;

/// Tags the extractor treats differently; every other element is [`Tag::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub(crate) enum Tag {
    Text,
    Root,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Script,
    Style,
    Invisible,
    P,
    Div,
    Section,
    Article,
    Main,
    H1,
    H2,
    Li,
    List,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Tr,
    Td,
    A,
    Br,
    Hr,
    Figure,
    Figcaption,
    Nav,
    Header,
    Footer,
    Aside,
    Form,
    Time,
    Address,
    Img,
    Button,
    Option,
    Other,
    OtherBlock,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "p" => Tag::P,
            "a" => Tag::A,
            "div" => Tag::Div,
            "span" | "b" | "i" | "em" | "strong" | "u" | "small" | "sup" | "sub" | "abbr"
            | "cite" | "code" | "q" | "mark" | "s" | "font" | "label" => Tag::Other,
            "section" => Tag::Section,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "h1" => Tag::H1,
            "h2" | "h3" | "h4" | "h5" | "h6" => Tag::H2,
            "li" => Tag::Li,
            "ul" | "ol" | "menu" | "dir" => Tag::List,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "nav" => Tag::Nav,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "time" => Tag::Time,
            "address" => Tag::Address,
            "img" | "picture" => Tag::Img,
            "button" => Tag::Button,
            "option" | "optgroup" => Tag::Option,
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "title" => Tag::Title,
            "meta" | "link" => Tag::Meta,
            "script" => Tag::Script,
            "style" => Tag::Style,
            "noscript" | "template" | "svg" | "math" | "iframe" | "select" | "textarea"
            | "input" | "canvas" | "object" | "embed" | "audio" | "video" | "map" | "source"
            | "noembed" | "noframes" | "dialog" => Tag::Invisible,
            "center" | "fieldset" | "details" | "summary" | "hgroup" | "tbody" | "thead"
            | "tfoot" | "caption" | "legend" | "frameset" => Tag::OtherBlock,
            _ => Tag::Other,
        }
    }

    /// Block-level: its start and end separate text into different blocks.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text | Tag::Other | Tag::A | Tag::Time | Tag::Img | Tag::Br | Tag::Button
        )
    }

    /// Starting one of these closes an open `<p>` (the HTML tree builder's rule).
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::Section
                | Tag::Article
                | Tag::Main
                | Tag::H1
                | Tag::H2
                | Tag::List
                | Tag::Dl
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Table
                | Tag::Hr
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Nav
                | Tag::Header
                | Tag::Footer
                | Tag::Aside
                | Tag::Form
                | Tag::Address
                | Tag::OtherBlock
        )
    }
}

/// Attributes the extractor reads, kept only on elements that carry them.
#[derive(Debug, Default, Clone)]
pub(crate) struct Attrs {
    pub(crate) itemprop: Option<String>,
    pub(crate) property: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) content: Option<String>,
    pub(crate) datetime: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) rel: Option<String>,
}

/// One element or text node. Children are a linked list so that building allocates little.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) tag: Tag,
    pub(crate) parent: u32,
    pub(crate) first_child: u32,
    pub(crate) last_child: u32,
    pub(crate) next: u32,
    /// Text nodes: the byte range of their raw (entity-encoded) text in [`Tree::text`].
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// `class` and `id`, lowercased, separated by a space.
    pub(crate) class_id: Box<str>,
    /// Hidden by `hidden`, `aria-hidden=true` or an inline `display:none`.
    pub(crate) hidden: bool,
    /// `role` attribute, lowercased.
    pub(crate) role: Option<Box<str>>,
    pub(crate) attrs: Option<Box<Attrs>>,
}

/// The page as a flat vector of nodes; node 0 is the root.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) text: String,
}

impl Tree {
    fn new_node(tag: Tag, parent: u32) -> Node {
        Node {
            tag,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            start: 0,
            end: 0,
            class_id: Box::from(""),
            hidden: false,
            role: None,
            attrs: None,
        }
    }

    /// The node at `id`; ids come from this tree, so lookups stay in bounds.
    pub(crate) fn node(&self, id: u32) -> &Node {
        &self.nodes[id as usize]
    }

    /// The raw text of a text node.
    pub(crate) fn raw(&self, id: u32) -> &str {
        let n = self.node(id);
        self.text
            .get(n.start as usize..n.end as usize)
            .unwrap_or("")
    }

    /// Children of `id` in page order.
    pub(crate) fn children(&self, id: u32) -> Children<'_> {
        Children {
            tree: self,
            next: self.node(id).first_child,
        }
    }

    /// Every node under `id` (not `id` itself) in page order, as (node, entering) events;
    /// iterative so that hostile nesting cannot overflow the stack.
    pub(crate) fn walk(&self, id: u32) -> Walk<'_> {
        Walk {
            tree: self,
            root: id,
            next: Some((id, true)),
            started: false,
        }
    }

    /// True when more than `n` nodes lie under `id`. Nodes are stored in document order, so
    /// `id`'s descendants are the ids right after it: the question is whether node `id + n + 1`
    /// is one, answered by climbing at most `n + 1` parents (ids fall at every step), so that
    /// it stays cheap however deep the page nests.
    pub(crate) fn has_more_descendants_than(&self, id: u32, n: u32) -> bool {
        let Some(mut p) = id.checked_add(n + 1) else {
            return false;
        };
        if p as usize >= self.nodes.len() {
            return false;
        }
        while p > id && p != NONE {
            p = self.node(p).parent;
        }
        p == id
    }

    fn append(&mut self, parent: u32, node: Node) -> u32 {
        let id = self.nodes.len() as u32;
        let last = self.nodes[parent as usize].last_child;
        if last == NONE {
            self.nodes[parent as usize].first_child = id;
        } else {
            self.nodes[last as usize].next = id;
        }
        self.nodes[parent as usize].last_child = id;
        self.nodes.push(node);
        id
    }
}

/// Iterator over a node's children.
pub(crate) struct Children<'a> {
    tree: &'a Tree,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.tree.node(id).next;
        Some(id)
    }
}

/// Depth-first walk yielding `(id, true)` on entering a node and `(id, false)` on leaving it.
pub(crate) struct Walk<'a> {
    tree: &'a Tree,
    root: u32,
    next: Option<(u32, bool)>,
    started: bool,
}

impl Walk<'_> {
    /// Do not descend into the node just entered.
    pub(crate) fn skip_children(&mut self) {
        if let Some((id, true)) = self.next {
            // `next` is the first child of the entered node: leave the parent instead.
            let parent = self.tree.node(id).parent;
            self.next = Some((parent, false));
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = (u32, bool);
    fn next(&mut self) -> Option<(u32, bool)> {
        let (id, entering) = self.next?;
        if !self.started {
            // The root itself is not yielded.
            self.started = true;
            let first = self.tree.node(id).first_child;
            self.next = if first == NONE {
                None
            } else {
                Some((first, true))
            };
            return self.next();
        }
        let node = self.tree.node(id);
        self.next = if entering && node.first_child != NONE {
            Some((node.first_child, true))
        } else if entering {
            Some((id, false))
        } else if id == self.root {
            None
        } else if node.next != NONE {
            Some((node.next, true))
        } else if node.parent == self.root {
            None
        } else {
            Some((node.parent, false))
        };
        if !entering && id == self.root {
            return None;
        }
        Some((id, entering))
    }
}

/// How the tokenizer reads the text right after a start tag (the HTML spec's text states).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// Markup: a `<` may open a tag.
    Data,
    /// `title`, `textarea`, `plaintext`: text up to the end tag, kept as it stands.
    Verbatim,
    /// `script`, `style` and the other raw-text elements: kept only for JSON-LD.
    Raw { keep: bool },
}

impl Content {
    fn of(name: &str) -> Content {
        match name {
            "title" | "textarea" | "plaintext" => Content::Verbatim,
            "script" | "style" | "iframe" | "xmp" | "noembed" | "noframes" | "noscript" => {
                Content::Raw { keep: false }
            }
            _ => Content::Data,
        }
    }
}

/// An end tag lol_html matched to an open element, queued for the builder: end-tag
/// handlers must be `'static`, so they cannot reach the builder, which borrows the page.
#[derive(Debug, Clone, Copy)]
struct Closed {
    id: u32,
    start: usize,
    end: usize,
}

/// The builder behind the element, comment and doctype handlers.
///
/// Text is not taken from lol_html's text handler: decoding every text chunk cost a fifth of
/// the build. Every other token (start and end tags, comments, doctype) reports its source
/// location, so text is what lies between them, sliced from the page.
struct Builder<'h> {
    /// The page: tag and attribute names and values are sliced from it by their source
    /// locations, because lol_html's accessors allocate a `String` for each.
    src: &'h str,
    tree: Tree,
    /// Open elements, innermost last.
    stack: Vec<u32>,
    /// End tags seen since the last token the builder handled, in page order.
    closed: Rc<RefCell<Vec<Closed>>>,
    /// The end of the last token handled: text starts here.
    last: usize,
    /// How to read the text that follows the last token.
    content: Content,
}

impl<'h> Builder<'h> {
    fn new(src: &'h str) -> Self {
        let mut tree = Tree::default();
        tree.nodes.push(Tree::new_node(Tag::Root, NONE));
        Builder {
            src,
            tree,
            stack: Vec::new(),
            closed: Rc::default(),
            last: 0,
            content: Content::Data,
        }
    }

    /// The source text at a location lol_html reports ("" where it has none).
    fn slice(&self, at: Option<std::ops::Range<usize>>) -> &'h str {
        at.and_then(|r| self.src.get(r)).unwrap_or("")
    }

    /// The element's tag and how its content is read, from its start tag in the source.
    fn tag_of(&self, el: &Element<'_, '_>) -> (Tag, Content) {
        let raw = self.slice(Some(el.source_location().bytes()));
        let name = raw
            .strip_prefix('<')
            .map(|r| {
                let end = r
                    .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                    .unwrap_or(r.len());
                &r[..end]
            })
            .unwrap_or("");
        if name.is_empty() {
            let name = el.tag_name();
            return (Tag::of(&name), Content::of(&name));
        }
        // Every tag the extractor knows is short and ASCII; a longer name is some other element.
        let mut buf = [0u8; 16];
        let Some(lower) = buf.get_mut(..name.len()) else {
            return (Tag::Other, Content::Data);
        };
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).map_or((Tag::Other, Content::Data), |n| {
            (Tag::of(n), Content::of(n))
        })
    }

    fn top(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    /// Catch up with the end tags queued since the last token, then with the token at
    /// `at`: the text before each becomes a text node in the element open at that point.
    fn token(&mut self, at: std::ops::Range<usize>) {
        // No handler runs while the builder works, so the queue can be taken and given back
        // (empty, with its capacity) without losing an entry.
        let mut closed = std::mem::take(&mut *self.closed.borrow_mut());
        for c in closed.drain(..) {
            self.text_until(c.start);
            self.last = self.last.max(c.end);
            if let Some(i) = self.stack.iter().rposition(|&s| s == c.id) {
                self.stack.truncate(i);
            }
        }
        *self.closed.borrow_mut() = closed;
        self.text_until(at.start);
        self.last = self.last.max(at.end);
    }

    /// The page text from the last token up to `upto`, read as the last token left it.
    fn text_until(&mut self, upto: usize) {
        let content = std::mem::replace(&mut self.content, Content::Data);
        if upto <= self.last {
            return;
        }
        let src = self.src;
        let gap = src.get(self.last..upto).unwrap_or("");
        self.last = upto;
        match content {
            Content::Raw { keep: false } => {}
            Content::Raw { keep: true } | Content::Verbatim => self.push_text(gap),
            Content::Data => {
                let mut rest = gap;
                while let Some((text, after)) = split_stray_tag(rest) {
                    self.push_text(text);
                    rest = after;
                }
                self.push_text(rest);
            }
        }
    }

    /// Pop up to and including the innermost open element with `tag`, unless a `stop` tag
    /// comes first (the tree builder's scopes, simplified).
    fn close_implied(&mut self, tag: Tag, stop: &[Tag]) {
        // Bounded: on hostile nesting an unbounded scan per start tag would be quadratic.
        let floor = self.stack.len().saturating_sub(MAX_SCOPE_SCAN);
        for i in (floor..self.stack.len()).rev() {
            let t = self.tree.node(self.stack[i]).tag;
            if t == tag {
                self.stack.truncate(i);
                return;
            }
            if stop.contains(&t) {
                return;
            }
        }
    }

    fn open(&mut self, el: &Element<'_, '_>) -> Option<u32> {
        self.token(el.source_location().bytes());
        let (tag, content) = self.tag_of(el);
        if tag.closes_p() {
            self.close_implied(Tag::P, &[Tag::Table, Tag::Td, Tag::Button, Tag::Html]);
        }
        match tag {
            Tag::Li => self.close_implied(Tag::Li, &[Tag::List, Tag::Table, Tag::Td]),
            Tag::Dt | Tag::Dd => {
                self.close_implied(Tag::Dt, &[Tag::Dl, Tag::Table]);
                self.close_implied(Tag::Dd, &[Tag::Dl, Tag::Table]);
            }
            Tag::Td => self.close_implied(Tag::Td, &[Tag::Tr, Tag::Table]),
            Tag::Tr => self.close_implied(Tag::Tr, &[Tag::Table]),
            Tag::Option => self.close_implied(Tag::Option, &[Tag::Invisible]),
            _ => {}
        }
        let mut node = Tree::new_node(tag, self.top());
        // One pass over the attributes: values are copied only for the names we read.
        let mut class_id = String::new();
        let mut attrs = Attrs::default();
        for a in el.attributes() {
            let name = self.slice(a.name_source_location().map(|l| l.bytes()));
            let value = || self.slice(a.value_source_location().map(|l| l.bytes()));
            let is = |n: &str| name.eq_ignore_ascii_case(n);
            if is("class") || is("id") {
                if !class_id.is_empty() {
                    class_id.push(' ');
                }
                let from = class_id.len();
                class_id.push_str(value());
                class_id[from..].make_ascii_lowercase();
            } else if is("hidden") {
                node.hidden = true;
            } else if is("aria-hidden") {
                node.hidden |= value().eq_ignore_ascii_case("true");
            } else if is("style") {
                let v = value();
                let has = |w: &[u8]| {
                    v.as_bytes()
                        .windows(w.len())
                        .any(|x| x.eq_ignore_ascii_case(w))
                };
                if has(b"none") || has(b"hidden") {
                    let v = v.to_ascii_lowercase().replace(' ', "");
                    node.hidden |= v.contains("display:none") || v.contains("visibility:hidden");
                }
            } else if is("role") {
                node.role = Some(value().to_ascii_lowercase().into());
            } else if is("itemprop") {
                attrs.itemprop = Some(value().to_owned());
            } else if is("property") && tag == Tag::Meta {
                attrs.property = Some(value().to_owned());
            } else if is("name") && tag == Tag::Meta {
                attrs.name = Some(value().to_owned());
            } else if is("content") {
                attrs.content = Some(value().to_owned());
            } else if is("datetime") {
                attrs.datetime = Some(value().to_owned());
            } else if is("type") && tag == Tag::Script {
                attrs.kind = Some(value().to_owned());
            } else if is("rel") && matches!(tag, Tag::A | Tag::Meta) {
                attrs.rel = Some(value().to_owned());
            }
        }
        let any = attrs.itemprop.is_some()
            || attrs.property.is_some()
            || attrs.name.is_some()
            || attrs.content.is_some()
            || attrs.datetime.is_some()
            || attrs.kind.is_some()
            || attrs.rel.is_some();
        if any {
            node.attrs = Some(Box::new(attrs));
        }
        node.class_id = class_id.into_boxed_str();
        self.content = match content {
            Content::Raw { .. } if tag == Tag::Script => Content::Raw {
                keep: node
                    .attrs
                    .as_ref()
                    .and_then(|a| a.kind.as_deref())
                    .is_some_and(|k| k.eq_ignore_ascii_case("application/ld+json")),
            },
            c => c,
        };
        let parent = self.top();
        let id = self.tree.append(parent, node);
        if el.can_have_content() && !el.is_self_closing() || matches!(tag, Tag::Script | Tag::Style)
        {
            self.stack.push(id);
            Some(id)
        } else {
            None
        }
    }

    fn push_text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let parent = self.top();
        let last = self.tree.node(parent).last_child;
        let start = self.tree.text.len() as u32;
        self.tree.text.push_str(s);
        let end = self.tree.text.len() as u32;
        // A stray end tag splits text in two: extend the previous text node rather than add one.
        if last != NONE
            && self.tree.node(last).tag == Tag::Text
            && self.tree.node(last).end == start
        {
            self.tree.nodes[last as usize].end = end;
            return;
        }
        let mut node = Tree::new_node(Tag::Text, parent);
        node.start = start;
        node.end = end;
        self.tree.append(parent, node);
    }
}

/// In markup text lol_html reported no token for, the first tag it dropped: an end tag no
/// open element matched (`</span>` with no `<span>`), an empty `</>`, or a tag cut off by the
/// end of the page. Returns the text before it and the text after it.
fn split_stray_tag(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find('<').map(|i| from + i) {
        let next = bytes.get(i + 1).copied();
        let name = match next {
            Some(b'/') => i + 2,
            Some(c) if c.is_ascii_alphabetic() => i + 1,
            _ => {
                from = i + 1;
                continue;
            }
        };
        match bytes.get(name).copied() {
            Some(b'>') if next == Some(b'/') => return Some((&text[..i], &text[name + 1..])),
            Some(c) if c.is_ascii_alphabetic() => {
                let end = text[name..].find('>').map_or(text.len(), |j| name + j + 1);
                return Some((&text[..i], &text[end..]));
            }
            _ => from = i + 1,
        }
    }
    None
}

/// Parse `html` into a [`Tree`]. Never fails: a tokenizer error ends the tree where it occurred.
pub(crate) fn build(html: &str) -> Tree {
    let builder = Rc::new(RefCell::new(Builder::new(html)));
    let finished = {
        let for_elements = Rc::clone(&builder);
        let for_comments = Rc::clone(&builder);
        let for_doctype = Rc::clone(&builder);
        let settings = Settings::new()
            .with_strict(false)
            .append_element_content_handler(element!("*", move |el| {
                let mut b = for_elements.borrow_mut();
                let opened = b.open(el);
                if let (Some(id), Some(handlers)) = (opened, el.end_tag_handlers()) {
                    let closed = Rc::clone(&b.closed);
                    handlers.push(Box::new(move |end| {
                        let at = end.source_location().bytes();
                        closed.borrow_mut().push(Closed {
                            id,
                            start: at.start,
                            end: at.end,
                        });
                        Ok(())
                    }));
                }
                Ok(())
            }))
            .append_document_content_handler(doc_comments!(move |c| {
                for_comments.borrow_mut().token(c.source_location().bytes());
                Ok(())
            }))
            .append_document_content_handler(doctype!(move |d| {
                for_doctype.borrow_mut().token(d.source_location().bytes());
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // A step at a time, so that a page past the document's deadline stops being read;
        // its tree then ends at the last token, as after a tokenizer error.
        let mut result = Ok(());
        for step in html.as_bytes().chunks(WRITE_STEP) {
            if scrutiny_core::deadline::expired() {
                return end_tree(builder, rewriter, html, false);
            }
            result = rewriter.write(step);
            if result.is_err() {
                break;
            }
        }
        let result = result.and_then(|()| rewriter.end());
        if let Err(e) = &result {
            tracing::debug!(error = %e, "tokenizer stopped early");
        }
        result.is_ok()
    };
    end_tree(builder, (), html, finished)
}

/// Bytes handed to the tokenizer at a time: between two, the document's deadline is checked.
const WRITE_STEP: usize = 64 * 1024;

/// The tree once the tokenizer is done (`tokenizer` is dropped first: its handlers share the
/// builder): the text after the last token is added, up to the page's end when the tokenizer
/// read it all.
fn end_tree<T>(
    builder: Rc<RefCell<Builder<'_>>>,
    tokenizer: T,
    html: &str,
    finished: bool,
) -> Tree {
    drop(tokenizer);
    let mut b = match Rc::try_unwrap(builder) {
        Ok(cell) => cell.into_inner(),
        Err(shared) => return std::mem::take(&mut shared.borrow_mut().tree),
    };
    // The text after the last token; on a tokenizer error, the tree ends at that token.
    let end = if finished { html.len() } else { b.last };
    b.token(end..end);
    b.tree
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(tree: &Tree) -> String {
        let mut out = String::new();
        for (id, entering) in tree.walk(0) {
            let n = tree.node(id);
            match (n.tag, entering) {
                (Tag::Text, true) => out.push_str(tree.raw(id)),
                (Tag::Text, false) => {}
                (t, true) => out.push_str(&format!("<{t:?}>")),
                (t, false) => out.push_str(&format!("</{t:?}>")),
            }
        }
        out
    }

    #[test]
    fn implied_end_tags_close_paragraphs_and_items() {
        let t = build("<div><p>a<p>b<ul><li>c<li>d</ul></div>e");
        assert_eq!(
            shape(&t),
            "<Div><P>a</P><P>b</P><List><Li>c</Li><Li>d</Li></List></Div>e"
        );
    }

    #[test]
    fn scripts_keep_only_json_ld_text() {
        let t = build(
            r#"<script>var a = "<p>x</p>";</script><script type="application/ld+json">{"a":1}</script><style>p{}</style><p>y</p>"#,
        );
        assert_eq!(
            shape(&t),
            r#"<Script></Script><Script>{"a":1}</Script><Style></Style><P>y</P>"#
        );
    }

    #[test]
    fn text_lies_between_the_tokens() {
        // Comments, doctype and processing instructions are tokens, not text; an end tag
        // that closes nothing is dropped and the text around it joins up.
        let t = build("<!DOCTYPE html><?xml v?><p>a<!-- <p>c</p> -->b</span>c</>d</p>e");
        assert_eq!(shape(&t), "<P>abcd</P>e");
        let p = t.children(0).next().unwrap_or(NONE);
        assert_eq!(t.children(p).count(), 1, "one text node: {}", shape(&t));
        // Entities stay encoded; `<` that opens no tag is text, `</` and a space open a
        // bogus comment (up to the next `>`).
        let t = build("<p>a &amp; b < c <3 </ d</p>e");
        assert_eq!(shape(&t), "<P>a &amp; b < c <3 e</P>");
    }

    #[test]
    fn text_elements_keep_markup_as_text() {
        let t = build(
            "<title>A </b> B</title><textarea><p>x</p></textarea><noscript><p>n</p></noscript><style>p{}</style><xmp><b></xmp>",
        );
        assert_eq!(
            shape(&t),
            "<Title>A </b> B</Title><Invisible><p>x</p></Invisible><Invisible></Invisible><Style></Style><Other></Other>"
        );
    }

    #[test]
    fn a_tag_cut_off_by_the_end_of_the_page_is_not_text() {
        assert_eq!(shape(&build("<p>a<b class=\"x")), "<P>a</P>");
        assert_eq!(shape(&build("<p>a</b")), "<P>a</P>");
        assert_eq!(shape(&build("<p>a</")), "<P>a</</P>");
    }

    #[test]
    fn attributes_and_hidden_flags() {
        let t = build(r#"<div class="A b" id="Main" style="display: none"><p hidden>x</p></div>"#);
        assert_eq!(&*t.node(1).class_id, "a b main");
        assert!(t.node(1).hidden);
        assert!(t.node(2).hidden);
    }

    #[test]
    fn skip_children_skips_a_subtree() {
        let t = build("<div><p>a</p></div><p>b</p>");
        let mut w = t.walk(0);
        let mut seen = Vec::new();
        while let Some((id, entering)) = w.next() {
            if entering {
                seen.push(t.node(id).tag);
                if t.node(id).tag == Tag::Div {
                    w.skip_children();
                }
            }
        }
        assert_eq!(seen, vec![Tag::Div, Tag::P, Tag::Text]);
    }

    #[test]
    fn descendant_counts_follow_document_order() {
        // 0 root, 1 div, 2 p, 3 "a", 4 p, 5 "b", 6 "c"
        let t = build("<div><p>a<p>b</div>c");
        assert!(t.has_more_descendants_than(1, 3));
        assert!(!t.has_more_descendants_than(1, 4));
        assert!(!t.has_more_descendants_than(2, 1));
        assert!(t.has_more_descendants_than(0, 5));
        assert!(!t.has_more_descendants_than(6, 0));
    }

    #[test]
    fn deep_nesting_is_fine() {
        let t = build(&("<div>".repeat(50_000) + "x"));
        assert_eq!(shape(&t).matches("<Div>").count(), 50_000);
    }
}
