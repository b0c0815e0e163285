//! Conversion between the newsroom editor's Tiptap JSON (`assets/editor.js`, see
//! `docs/editor.md`) and the article [`Document`]. The server is the authority: whatever the
//! browser sends is rebuilt node by node, anything the document model cannot hold is refused
//! with a [`TiptapError`] naming where it is, and the result is validated like any body.
//!
//! Dropped without an error (harmless formatting): marks other than bold, italic and link
//! (underline, strike, code, colours…), attributes the model has no place for (an ordered
//! list's `start`, a link's `target`/`rel`/`class`, alignment), empty text nodes, and empty
//! paragraphs and headings. Everything else that is unknown or misplaced is an error.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use crate::document::{Block, DOCUMENT_VERSION, Document, DocumentError, Footnote, Inline, Mark};

/// At most this many nodes (blocks, inline nodes, marks) in one body.
pub const MAX_NODES: usize = 200_000;
/// At most this many bytes of text and attribute strings in one body.
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
/// At most this many bytes of Tiptap JSON text (see [`from_tiptap_str`]).
pub const MAX_JSON_BYTES: usize = 8 * 1024 * 1024;
const MAX_FOOTNOTE_ID: usize = 128;

/// Why editor JSON was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TiptapError {
    #[error("the editor sent something that is not JSON: {0}")]
    Syntax(String),
    #[error("at {path}: expected {expected}")]
    Shape {
        path: String,
        expected: &'static str,
    },
    #[error("at {path}: {node:?} is not something an article body can contain")]
    UnknownNode { path: String, node: String },
    #[error("at {path}: {node:?} cannot stand inside {parent}")]
    Misplaced {
        path: String,
        node: String,
        parent: &'static str,
    },
    #[error("at {path}: a footnote cannot contain another footnote")]
    NestedFootnote { path: String },
    #[error("the body is too large")]
    TooLarge,
    #[error(transparent)]
    Document(#[from] DocumentError),
}

/// Parses the hidden input's text (size-checked before parsing) and converts it.
pub fn from_tiptap_str(json: &str) -> Result<Document, TiptapError> {
    if json.len() > MAX_JSON_BYTES {
        return Err(TiptapError::TooLarge);
    }
    let value: Value =
        serde_json::from_str(json).map_err(|e| TiptapError::Syntax(e.to_string()))?;
    from_tiptap(&value)
}

/// Converts the editor's Tiptap JSON into a validated [`Document`].
///
/// Footnote texts come from the `footnote` nodes' attributes. A footnote keeps the `id` the
/// editor gave it; one without an id (or with an unusable one), or a copy whose text was
/// changed, gets `fn-N`, the smallest N not used elsewhere in the body, so converting the
/// same JSON always gives the same ids. Footnotes are listed in order of first reference.
pub fn from_tiptap(json: &Value) -> Result<Document, TiptapError> {
    let mut cx = Cx::default();
    let root = cx.object(json, "")?;
    match root.get("type").and_then(Value::as_str) {
        Some("doc") => {}
        Some(other) => {
            return Err(TiptapError::Misplaced {
                path: "/".into(),
                node: other.into(),
                parent: "the top of the body (expected \"doc\")",
            });
        }
        None => {
            return Err(TiptapError::Shape {
                path: "/".into(),
                expected: "an object with \"type\": \"doc\"",
            });
        }
    }
    let mut blocks = Vec::new();
    for (i, node) in children(root, "")?.iter().enumerate() {
        if let Some(b) = cx.block(node, &format!("/content/{i}"))? {
            blocks.push(b);
        }
    }
    let footnotes = cx.resolve_footnotes(&mut blocks);
    let doc = Document {
        version: DOCUMENT_VERSION,
        blocks,
        footnotes,
    };
    doc.validate()?;
    Ok(doc)
}

/// Converts a document into the Tiptap JSON the editor loads. Text the editor cannot hold
/// as it is comes out normalised: empty text runs are left out, runs with the same marks are
/// joined, marks are de-duplicated (one link per run), and footnote references inside
/// footnotes are left out.
pub fn to_tiptap(doc: &Document) -> Value {
    let notes: HashMap<&str, &[Inline]> = doc
        .footnotes
        .iter()
        .map(|f| (f.id.as_str(), f.content.as_slice()))
        .collect();
    let inl = |content: &[Inline]| inline_json(content, Some(&notes));
    let para = |content: &[Inline]| {
        let c = inl(content);
        if c.is_empty() {
            json!({ "type": "paragraph" })
        } else {
            json!({ "type": "paragraph", "content": c })
        }
    };
    let blocks: Vec<Value> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content } => para(content),
            Block::Heading { level, content } => {
                let mut v = json!({ "type": "heading", "attrs": { "level": level } });
                let c = inl(content);
                if !c.is_empty() {
                    v["content"] = Value::Array(c);
                }
                v
            }
            Block::List { ordered, items } => json!({
                "type": if *ordered { "orderedList" } else { "bulletList" },
                "content": items
                    .iter()
                    .map(|item| json!({ "type": "listItem", "content": [para(item)] }))
                    .collect::<Vec<_>>(),
            }),
            Block::Quote {
                content,
                attribution,
            } => json!({
                "type": "blockquote",
                "attrs": { "attribution": attribution },
                "content": [para(content)],
            }),
            Block::PullQuote {
                content,
                attribution,
            } => json!({
                "type": "pullQuote",
                "attrs": { "attribution": attribution },
                "content": [para(content)],
            }),
            Block::Figure {
                media_id,
                caption,
                credit,
            } => json!({
                "type": "figure",
                "attrs": { "mediaId": media_id, "caption": inl(caption), "credit": credit },
            }),
            Block::Embed { url } => json!({ "type": "embed", "attrs": { "url": url } }),
            Block::Divider => json!({ "type": "horizontalRule" }),
        })
        .collect();
    if blocks.is_empty() {
        // The editor's schema needs at least one block; the empty paragraph is dropped again
        // on the way back.
        return json!({ "type": "doc", "content": [{ "type": "paragraph" }] });
    }
    json!({ "type": "doc", "content": blocks })
}

/// Inline content as Tiptap JSON; footnote references are written with their footnote's
/// content when `notes` is given and left out otherwise (inside a footnote).
fn inline_json(content: &[Inline], notes: Option<&HashMap<&str, &[Inline]>>) -> Vec<Value> {
    let mut out = Vec::new();
    for (text, marks) in normalise_runs(content) {
        match text {
            Run::Text(t) => {
                let mut v = json!({ "type": "text", "text": t });
                if !marks.is_empty() {
                    v["marks"] = Value::Array(marks.iter().map(mark_json).collect());
                }
                out.push(v);
            }
            Run::Break => out.push(json!({ "type": "hardBreak" })),
            Run::Footnote(id) => {
                if let Some(notes) = notes {
                    let inner = notes.get(id).copied().unwrap_or(&[]);
                    out.push(json!({
                        "type": "footnote",
                        "attrs": { "id": id, "content": inline_json(inner, None) },
                    }));
                }
            }
        }
    }
    out
}

fn mark_json(m: &Mark) -> Value {
    match m {
        Mark::Bold => json!({ "type": "bold" }),
        Mark::Italic => json!({ "type": "italic" }),
        Mark::Link { href } => json!({ "type": "link", "attrs": { "href": href } }),
    }
}

enum Run<'a> {
    Text(String),
    Break,
    Footnote(&'a str),
}

/// Text runs with canonical marks (bold, italic, then at most one link), empty runs left
/// out and neighbours with equal marks joined.
fn normalise_runs(content: &[Inline]) -> Vec<(Run<'_>, Vec<Mark>)> {
    let mut out: Vec<(Run<'_>, Vec<Mark>)> = Vec::new();
    for i in content {
        match i {
            Inline::Text { text, marks } => {
                if text.is_empty() {
                    continue;
                }
                let marks = canonical_marks(marks.iter().cloned());
                if let Some((Run::Text(prev), prev_marks)) = out.last_mut()
                    && *prev_marks == marks
                {
                    prev.push_str(text);
                    continue;
                }
                out.push((Run::Text(text.clone()), marks));
            }
            Inline::LineBreak => out.push((Run::Break, Vec::new())),
            Inline::FootnoteRef { id } => out.push((Run::Footnote(id), Vec::new())),
        }
    }
    out
}

fn canonical_marks(marks: impl Iterator<Item = Mark>) -> Vec<Mark> {
    let (mut bold, mut italic, mut link) = (false, false, None);
    for m in marks {
        match m {
            Mark::Bold => bold = true,
            Mark::Italic => italic = true,
            Mark::Link { href } => {
                link.get_or_insert(href);
            }
        }
    }
    let mut out = Vec::new();
    if bold {
        out.push(Mark::Bold);
    }
    if italic {
        out.push(Mark::Italic);
    }
    if let Some(href) = link {
        out.push(Mark::Link { href });
    }
    out
}

/// A footnote reference met while reading: the id the editor gave it and its content.
struct PendingFootnote {
    id: Option<String>,
    content: Vec<Inline>,
}

/// The state of one conversion: size budget and footnotes met so far.
#[derive(Default)]
struct Cx {
    nodes: usize,
    bytes: usize,
    footnotes: Vec<PendingFootnote>,
}

/// Placeholder ids carry a NUL so they cannot clash with ids from the editor.
const PENDING: char = '\u{0}';

impl Cx {
    fn count(&mut self, bytes: usize) -> Result<(), TiptapError> {
        self.nodes += 1;
        self.bytes += bytes;
        if self.nodes > MAX_NODES || self.bytes > MAX_TEXT_BYTES {
            return Err(TiptapError::TooLarge);
        }
        Ok(())
    }

    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
    ) -> Result<&'v Map<String, Value>, TiptapError> {
        self.count(0)?;
        v.as_object().ok_or_else(|| TiptapError::Shape {
            path: display(path),
            expected: "a node object",
        })
    }

    fn block(&mut self, v: &Value, path: &str) -> Result<Option<Block>, TiptapError> {
        let node = self.object(v, path)?;
        let ty = node_type(node, path)?;
        let attrs = attrs(node, path)?;
        Ok(Some(match ty {
            "paragraph" => {
                let content = self.inlines(children(node, path)?, path, true)?;
                if content.is_empty() {
                    return Ok(None);
                }
                Block::Paragraph { content }
            }
            "heading" => {
                let level = match attrs.get("level").and_then(Value::as_u64) {
                    Some(l) => u8::try_from(l).map_err(|_| DocumentError::HeadingLevel(u8::MAX))?,
                    None => {
                        return Err(TiptapError::Shape {
                            path: format!("{path}/attrs/level"),
                            expected: "a heading level 2, 3 or 4",
                        });
                    }
                };
                if !(2..=4).contains(&level) {
                    return Err(DocumentError::HeadingLevel(level).into());
                }
                let content = self.inlines(children(node, path)?, path, true)?;
                if content.is_empty() {
                    return Ok(None);
                }
                Block::Heading { level, content }
            }
            "bulletList" | "orderedList" => {
                let mut items = Vec::new();
                for (i, item) in children(node, path)?.iter().enumerate() {
                    let ipath = format!("{path}/content/{i}");
                    let item_node = self.object(item, &ipath)?;
                    let ity = node_type(item_node, &ipath)?;
                    if ity != "listItem" {
                        return Err(misplaced_or_unknown(&ipath, ity, "a list"));
                    }
                    items.push(self.single_paragraph(item_node, &ipath, "a list item")?);
                }
                Block::List {
                    ordered: ty == "orderedList",
                    items,
                }
            }
            "blockquote" | "pullQuote" => {
                let parent = if ty == "blockquote" {
                    "a quote"
                } else {
                    "a pull quote"
                };
                let content = self.single_paragraph(node, path, parent)?;
                let attribution = self.opt_string(attrs, "attribution", path)?;
                if ty == "blockquote" {
                    Block::Quote {
                        content,
                        attribution,
                    }
                } else {
                    Block::PullQuote {
                        content,
                        attribution,
                    }
                }
            }
            "figure" => {
                self.no_children(node, path, "a figure")?;
                let media_id = match attrs.get("mediaId").and_then(Value::as_i64) {
                    Some(id) if id > 0 => id,
                    _ => {
                        return Err(TiptapError::Shape {
                            path: format!("{path}/attrs/mediaId"),
                            expected: "the positive number of an image in the media library",
                        });
                    }
                };
                let caption = match attrs.get("caption") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Array(a)) => {
                        self.inlines(a, &format!("{path}/attrs/caption"), true)?
                    }
                    Some(_) => {
                        return Err(TiptapError::Shape {
                            path: format!("{path}/attrs/caption"),
                            expected: "an array of inline nodes",
                        });
                    }
                };
                let credit = self.opt_string(attrs, "credit", path)?;
                Block::Figure {
                    media_id,
                    caption,
                    credit,
                }
            }
            "embed" => {
                self.no_children(node, path, "an embed")?;
                let url =
                    self.opt_string(attrs, "url", path)?
                        .ok_or_else(|| TiptapError::Shape {
                            path: format!("{path}/attrs/url"),
                            expected: "the embed's URL",
                        })?;
                Block::Embed { url }
            }
            "horizontalRule" => {
                self.no_children(node, path, "a divider")?;
                Block::Divider
            }
            other => return Err(misplaced_or_unknown(path, other, "the body")),
        }))
    }

    /// The inline content of a node whose content must be one paragraph (list item, quote).
    fn single_paragraph(
        &mut self,
        node: &Map<String, Value>,
        path: &str,
        parent: &'static str,
    ) -> Result<Vec<Inline>, TiptapError> {
        match children(node, path)? {
            [] => Ok(Vec::new()),
            [p] => {
                let ppath = format!("{path}/content/0");
                let pnode = self.object(p, &ppath)?;
                let pty = node_type(pnode, &ppath)?;
                if pty != "paragraph" {
                    return Err(misplaced_or_unknown(&ppath, pty, parent));
                }
                let children = children(pnode, &ppath)?;
                self.inlines(children, &ppath, true)
            }
            [_, second, ..] => {
                let spath = format!("{path}/content/1");
                let snode = self.object(second, &spath)?;
                Err(misplaced_or_unknown(
                    &spath,
                    node_type(snode, &spath)?,
                    parent,
                ))
            }
        }
    }

    fn no_children(
        &mut self,
        node: &Map<String, Value>,
        path: &str,
        parent: &'static str,
    ) -> Result<(), TiptapError> {
        if let Some(first) = children(node, path)?.first() {
            let cpath = format!("{path}/content/0");
            let cnode = self.object(first, &cpath)?;
            return Err(misplaced_or_unknown(
                &cpath,
                node_type(cnode, &cpath)?,
                parent,
            ));
        }
        Ok(())
    }

    /// An optional string attribute; `null`, missing and `""` are `None`.
    fn opt_string(
        &mut self,
        attrs: &Map<String, Value>,
        name: &'static str,
        path: &str,
    ) -> Result<Option<String>, TiptapError> {
        match attrs.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => {
                self.count(s.len())?;
                Ok(Some(s.clone()))
            }
            Some(_) => Err(TiptapError::Shape {
                path: format!("{path}/attrs/{name}"),
                expected: "a string",
            }),
        }
    }

    /// Inline nodes; `footnotes` is false inside a footnote's own content.
    fn inlines(
        &mut self,
        nodes: &[Value],
        path: &str,
        footnotes: bool,
    ) -> Result<Vec<Inline>, TiptapError> {
        let mut out: Vec<Inline> = Vec::new();
        for (i, v) in nodes.iter().enumerate() {
            let ipath = format!("{path}/content/{i}");
            let node = self.object(v, &ipath)?;
            match node_type(node, &ipath)? {
                "text" => {
                    let text = node.get("text").and_then(Value::as_str).ok_or_else(|| {
                        TiptapError::Shape {
                            path: format!("{ipath}/text"),
                            expected: "a string",
                        }
                    })?;
                    self.count(text.len())?;
                    let marks = self.marks(node, &ipath)?;
                    if text.is_empty() {
                        continue;
                    }
                    if let Some(Inline::Text {
                        text: prev,
                        marks: prev_marks,
                    }) = out.last_mut()
                        && *prev_marks == marks
                    {
                        prev.push_str(text);
                        continue;
                    }
                    out.push(Inline::Text {
                        text: text.to_owned(),
                        marks,
                    });
                }
                "hardBreak" => out.push(Inline::LineBreak),
                "footnote" if !footnotes => {
                    return Err(TiptapError::NestedFootnote {
                        path: display(&ipath),
                    });
                }
                "footnote" => {
                    let attrs = attrs(node, &ipath)?;
                    let id = match attrs.get("id") {
                        Some(Value::String(s)) => {
                            self.count(s.len())?;
                            Some(s.clone())
                        }
                        _ => None,
                    };
                    let content = match attrs.get("content") {
                        None | Some(Value::Null) => Vec::new(),
                        Some(Value::Array(a)) => {
                            self.inlines(a, &format!("{ipath}/attrs/content"), false)?
                        }
                        Some(_) => {
                            return Err(TiptapError::Shape {
                                path: format!("{ipath}/attrs/content"),
                                expected: "an array of inline nodes",
                            });
                        }
                    };
                    let n = self.footnotes.len();
                    self.footnotes.push(PendingFootnote { id, content });
                    out.push(Inline::FootnoteRef {
                        id: format!("{PENDING}{n}"),
                    });
                }
                other => return Err(misplaced_or_unknown(&ipath, other, "a line of text")),
            }
        }
        Ok(out)
    }

    /// Bold, italic and link marks in canonical order; other marks are dropped.
    fn marks(&mut self, node: &Map<String, Value>, path: &str) -> Result<Vec<Mark>, TiptapError> {
        let list = match node.get("marks") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(a)) => a,
            Some(_) => {
                return Err(TiptapError::Shape {
                    path: format!("{path}/marks"),
                    expected: "an array of marks",
                });
            }
        };
        let mut marks = Vec::new();
        for (i, m) in list.iter().enumerate() {
            let mpath = format!("{path}/marks/{i}");
            let mark = self.object(m, &mpath)?;
            match node_type(mark, &mpath)? {
                "bold" => marks.push(Mark::Bold),
                "italic" => marks.push(Mark::Italic),
                "link" => {
                    let href = attrs(mark, &mpath)?
                        .get("href")
                        .and_then(Value::as_str)
                        .ok_or_else(|| TiptapError::Shape {
                            path: format!("{mpath}/attrs/href"),
                            expected: "the link's address",
                        })?;
                    self.count(href.len())?;
                    if !crate::document::is_allowed_href(href) {
                        return Err(DocumentError::Link(href.to_owned()).into());
                    }
                    marks.push(Mark::Link {
                        href: href.to_owned(),
                    });
                }
                _ => {}
            }
        }
        Ok(canonical_marks(marks.into_iter()))
    }

    /// Gives every pending footnote reference its final id and returns the footnotes in
    /// order of first reference.
    fn resolve_footnotes(&mut self, blocks: &mut [Block]) -> Vec<Footnote> {
        let pending = std::mem::take(&mut self.footnotes);
        let usable = |id: &str| {
            !id.trim().is_empty()
                && id.len() <= MAX_FOOTNOTE_ID
                && !id.chars().any(char::is_control)
        };
        let taken: HashSet<&str> = pending
            .iter()
            .filter_map(|p| p.id.as_deref())
            .filter(|id| usable(id))
            .collect();
        let mut assigned: HashMap<String, usize> = HashMap::new();
        let mut footnotes: Vec<Footnote> = Vec::new();
        let mut finals: Vec<String> = Vec::with_capacity(pending.len());
        let mut next = 1usize;
        for p in &pending {
            let reuse =
                p.id.as_deref()
                    .filter(|id| usable(id))
                    .and_then(|id| match assigned.get(id) {
                        None => Some((id.to_owned(), true)),
                        Some(&i) if footnotes[i].content == p.content => {
                            Some((id.to_owned(), false))
                        }
                        Some(_) => None,
                    });
            let (id, new) = reuse.unwrap_or_else(|| {
                loop {
                    let candidate = format!("fn-{next}");
                    next += 1;
                    if !taken.contains(candidate.as_str()) && !assigned.contains_key(&candidate) {
                        break (candidate, true);
                    }
                }
            });
            if new {
                assigned.insert(id.clone(), footnotes.len());
                footnotes.push(Footnote {
                    id: id.clone(),
                    content: p.content.clone(),
                });
            }
            finals.push(id);
        }
        for_each_inlines(blocks, &mut |content| {
            for i in content.iter_mut() {
                if let Inline::FootnoteRef { id } = i
                    && let Some(n) = id.strip_prefix(PENDING)
                    && let Some(f) = n.parse::<usize>().ok().and_then(|n| finals.get(n))
                {
                    *id = f.clone();
                }
            }
        });
        footnotes
    }
}

fn for_each_inlines(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for b in blocks {
        match b {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content, .. }
            | Block::PullQuote { content, .. } => f(content),
            Block::List { items, .. } => items.iter_mut().for_each(&mut *f),
            Block::Figure { caption, .. } => f(caption),
            Block::Embed { .. } | Block::Divider => {}
        }
    }
}

/// A node's `content` array (missing means empty).
fn children<'v>(node: &'v Map<String, Value>, path: &str) -> Result<&'v [Value], TiptapError> {
    match node.get("content") {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(TiptapError::Shape {
            path: format!("{}/content", path),
            expected: "an array",
        }),
    }
}

fn node_type<'v>(node: &'v Map<String, Value>, path: &str) -> Result<&'v str, TiptapError> {
    node.get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| TiptapError::Shape {
            path: format!("{}/type", path),
            expected: "the node's type name",
        })
}

fn attrs<'v>(
    node: &'v Map<String, Value>,
    path: &str,
) -> Result<&'v Map<String, Value>, TiptapError> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    match node.get("attrs") {
        None | Some(Value::Null) => Ok(EMPTY.get_or_init(Map::new)),
        Some(Value::Object(a)) => Ok(a),
        Some(_) => Err(TiptapError::Shape {
            path: format!("{path}/attrs"),
            expected: "an object",
        }),
    }
}

const BLOCK_TYPES: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "listItem",
    "blockquote",
    "pullQuote",
    "figure",
    "embed",
    "horizontalRule",
    "doc",
];
const INLINE_TYPES: &[&str] = &["text", "hardBreak", "footnote"];

fn misplaced_or_unknown(path: &str, node: &str, parent: &'static str) -> TiptapError {
    if BLOCK_TYPES.contains(&node) || INLINE_TYPES.contains(&node) {
        TiptapError::Misplaced {
            path: display(path),
            node: node.to_owned(),
            parent,
        }
    } else {
        TiptapError::UnknownNode {
            path: display(path),
            node: node.chars().take(64).collect(),
        }
    }
}

fn display(path: &str) -> String {
    if path.is_empty() {
        "/".into()
    } else {
        path.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{arb_block, arb_inline};
    use proptest::prelude::*;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            marks: vec![],
        }
    }

    fn marked(s: &str, marks: Vec<Mark>) -> Inline {
        Inline::Text {
            text: s.into(),
            marks,
        }
    }

    fn fref(id: &str) -> Inline {
        Inline::FootnoteRef { id: id.into() }
    }

    fn err(v: Value) -> TiptapError {
        from_tiptap(&v).expect_err("refused")
    }

    fn doc_of(blocks: Value) -> Value {
        json!({ "type": "doc", "content": blocks })
    }

    fn para_of(inline: Value) -> Value {
        doc_of(json!([{ "type": "paragraph", "content": inline }]))
    }

    /// A document with every block type, both footnotes and a repeated reference.
    fn every_block() -> Document {
        Document {
            version: DOCUMENT_VERSION,
            blocks: vec![
                Block::Heading {
                    level: 2,
                    content: vec![text("Kuvendi miraton buxhetin")],
                },
                Block::Paragraph {
                    content: vec![
                        text("Parliament passed the "),
                        marked("2027 budget", vec![Mark::Bold]),
                        text(" after a "),
                        marked("long", vec![Mark::Italic]),
                        text(" debate, "),
                        marked(
                            "the ministry says",
                            vec![
                                Mark::Bold,
                                Mark::Link {
                                    href: "https://example.org/budget".into(),
                                },
                            ],
                        ),
                        text("."),
                        fref("src-law"),
                        Inline::LineBreak,
                        text("Second line; write to "),
                        marked(
                            "the desk",
                            vec![Mark::Link {
                                href: "mailto:desk@example.org".into(),
                            }],
                        ),
                        text("."),
                        fref("fn-vote"),
                    ],
                },
                Block::Heading {
                    level: 3,
                    content: vec![text("What changes")],
                },
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![text("Pensions rise by 5%")],
                        vec![text("Fuel tax unchanged")],
                    ],
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![text("First reading")], vec![text("Final vote")]],
                },
                Block::Quote {
                    content: vec![text("This budget is for everyone.")],
                    attribution: Some("The finance minister".into()),
                },
                Block::PullQuote {
                    content: vec![text("Five per cent more for pensions")],
                    attribution: None,
                },
                Block::Figure {
                    media_id: 12,
                    caption: vec![text("The assembly during the vote")],
                    credit: Some("Photo: Agency".into()),
                },
                Block::Embed {
                    url: "https://www.youtube.com/watch?v=abc123".into(),
                },
                Block::Divider,
                Block::Heading {
                    level: 4,
                    content: vec![text("Notes"), fref("src-law")],
                },
            ],
            footnotes: vec![
                Footnote {
                    id: "src-law".into(),
                    content: vec![
                        text("Budget law, "),
                        marked("article 4", vec![Mark::Italic]),
                    ],
                },
                Footnote {
                    id: "fn-vote".into(),
                    content: vec![text("Vote record of 28 November.")],
                },
            ],
        }
    }

    #[test]
    fn an_empty_document_opens_as_one_empty_paragraph_and_comes_back_empty() {
        let empty = Document {
            version: 1,
            blocks: Vec::new(),
            footnotes: Vec::new(),
        };
        let v = to_tiptap(&empty);
        assert_eq!(
            v,
            json!({ "type": "doc", "content": [{ "type": "paragraph" }] })
        );
        assert_eq!(from_tiptap(&v).expect("valid"), empty);
    }

    #[test]
    fn every_block_matches_the_fixture_the_browser_test_loads() {
        let doc = every_block();
        doc.validate().expect("valid");
        let json = to_tiptap(&doc);
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tiptap-all-blocks.json"
        );
        if std::env::var_os("REVISTA_UPDATE_FIXTURES").is_some() {
            std::fs::write(
                path,
                serde_json::to_string_pretty(&json).expect("json") + "\n",
            )
            .expect("write fixture");
        }
        let fixture: Value =
            serde_json::from_str(include_str!("../tests/fixtures/tiptap-all-blocks.json"))
                .expect("fixture is JSON");
        assert_eq!(
            json, fixture,
            "run with REVISTA_UPDATE_FIXTURES=1 after an intended change"
        );
        assert_eq!(from_tiptap(&fixture).expect("converts"), doc);
    }

    /// The JSON the browser smoke test (tools/editor/test/smoke.mjs) read from the hidden
    /// input after typing, bolding and inserting a footnote in the real editor.
    #[test]
    fn editor_smoke_fixture() {
        let json = include_str!("../tests/fixtures/editor-smoke.json");
        let doc = from_tiptap_str(json).expect("the editor's JSON converts");
        let v: Value = serde_json::from_str(json).expect("json");
        let id = v["content"][0]["content"][3]["attrs"]["id"]
            .as_str()
            .expect("the editor gives footnotes an id");
        assert_eq!(
            doc,
            Document {
                version: DOCUMENT_VERSION,
                blocks: vec![Block::Paragraph {
                    content: vec![
                        text("Parliament passed the "),
                        marked("budget", vec![Mark::Bold]),
                        text(" late on Friday."),
                        fref(id),
                    ],
                }],
                footnotes: vec![Footnote {
                    id: id.into(),
                    content: vec![text("Ministry of Finance, budget law, article 4.")],
                }],
            }
        );
        assert_eq!(to_tiptap(&doc), v, "and converts back to the same JSON");
    }

    /// The JSON the real editor produced from Markdown-style shortcuts (smoke test).
    #[test]
    fn editor_shortcuts_fixture() {
        let doc = from_tiptap_str(include_str!("../tests/fixtures/editor-shortcuts.json"))
            .expect("the editor's JSON converts");
        let kinds: Vec<&str> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { level: 2, .. } => "h2",
                Block::Paragraph { .. } => "p",
                Block::List { ordered: false, .. } => "ul",
                Block::List { ordered: true, .. } => "ol",
                Block::Quote { .. } => "quote",
                Block::Divider => "divider",
                _ => "other",
            })
            .collect();
        // The empty paragraph the editor keeps at the end is dropped.
        assert_eq!(kinds, ["h2", "p", "ul", "ol", "quote", "divider"]);
        let Block::Paragraph { content } = &doc.blocks[1] else {
            panic!("a paragraph")
        };
        assert_eq!(content[1], marked("bold", vec![Mark::Bold]));
        assert_eq!(content[3], marked("it", vec![Mark::Italic]));
    }

    #[test]
    fn refuses_links_other_than_http_https_mailto_or_site_paths() {
        for href in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.example/x",
            "",
        ] {
            let e = err(para_of(json!([{
                "type": "text", "text": "x",
                "marks": [{ "type": "link", "attrs": { "href": href } }]
            }])));
            assert!(
                matches!(e, TiptapError::Document(DocumentError::Link(_))),
                "{href}: {e}"
            );
        }
        let e = err(para_of(
            json!([{ "type": "text", "text": "x", "marks": [{ "type": "link" }] }]),
        ));
        assert!(matches!(e, TiptapError::Shape { .. }), "{e}");
    }

    #[test]
    fn refuses_unknown_and_misplaced_nodes() {
        let e = err(doc_of(
            json!([{ "type": "image", "attrs": { "src": "https://x/y.png" } }]),
        ));
        assert_eq!(
            e,
            TiptapError::UnknownNode {
                path: "/content/0".into(),
                node: "image".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "at /content/0: \"image\" is not something an article body can contain"
        );
        assert!(matches!(
            err(para_of(json!([{ "type": "script", "text": "alert(1)" }]))),
            TiptapError::UnknownNode { .. }
        ));
        assert!(matches!(
            err(doc_of(json!([{ "type": "text", "text": "loose" }]))),
            TiptapError::Misplaced { .. }
        ));
        assert!(matches!(
            err(para_of(json!([{ "type": "paragraph" }]))),
            TiptapError::Misplaced { .. }
        ));
        // Nested lists and several paragraphs in a quote are not in the model.
        let nested = json!([{ "type": "bulletList", "content": [{ "type": "listItem", "content": [
            { "type": "paragraph", "content": [{ "type": "text", "text": "a" }] },
            { "type": "bulletList", "content": [] }
        ]}]}]);
        assert!(matches!(err(doc_of(nested)), TiptapError::Misplaced { .. }));
        let two = json!([{ "type": "blockquote", "content": [{ "type": "paragraph" }, { "type": "paragraph" }] }]);
        assert!(matches!(err(doc_of(two)), TiptapError::Misplaced { .. }));
        assert!(matches!(
            err(json!({ "type": "paragraph" })),
            TiptapError::Misplaced { .. }
        ));
        assert!(matches!(err(json!([1, 2])), TiptapError::Shape { .. }));
        assert!(matches!(
            err(json!({ "content": [] })),
            TiptapError::Shape { .. }
        ));
        assert!(matches!(
            err(json!({ "type": "doc", "content": "x" })),
            TiptapError::Shape { .. }
        ));
    }

    #[test]
    fn refuses_what_the_model_refuses() {
        let h1 = doc_of(
            json!([{ "type": "heading", "attrs": { "level": 1 }, "content": [{ "type": "text", "text": "x" }] }]),
        );
        assert_eq!(
            err(h1),
            TiptapError::Document(DocumentError::HeadingLevel(1))
        );
        let empty_h5 = doc_of(json!([{ "type": "heading", "attrs": { "level": 5 } }]));
        assert_eq!(
            err(empty_h5),
            TiptapError::Document(DocumentError::HeadingLevel(5))
        );
        let embed =
            doc_of(json!([{ "type": "embed", "attrs": { "url": "https://evil.example/v" } }]));
        assert!(matches!(
            err(embed),
            TiptapError::Document(DocumentError::Embed(_))
        ));
        let http = doc_of(json!([{ "type": "embed", "attrs": { "url": "http://youtube.com/v" } }]));
        assert!(matches!(
            err(http),
            TiptapError::Document(DocumentError::Embed(_))
        ));
        for id in [json!(0), json!(-3), json!("12"), json!(1.5), json!(null)] {
            let fig = doc_of(json!([{ "type": "figure", "attrs": { "mediaId": id } }]));
            assert!(matches!(err(fig), TiptapError::Shape { .. }));
        }
        let empty_list = doc_of(json!([{ "type": "orderedList", "content": [] }]));
        assert_eq!(
            err(empty_list),
            TiptapError::Document(DocumentError::EmptyList)
        );
        let nested_note = para_of(json!([{ "type": "footnote", "attrs": { "content": [
            { "type": "footnote", "attrs": { "content": [] } }
        ]}}]));
        assert!(matches!(
            err(nested_note),
            TiptapError::NestedFootnote { .. }
        ));
    }

    #[test]
    fn refuses_deep_nesting_without_recursing_into_it() {
        let mut v = json!({ "type": "paragraph", "content": [{ "type": "text", "text": "deep" }] });
        for _ in 0..100 {
            v = json!({ "type": "blockquote", "content": [v] });
        }
        assert!(matches!(
            err(doc_of(json!([v]))),
            TiptapError::Misplaced { .. }
        ));
        // Deeper than serde_json's own limit never becomes a Value at all.
        let deep = "[".repeat(100_000);
        assert!(matches!(
            from_tiptap_str(&deep),
            Err(TiptapError::Syntax(_))
        ));
    }

    #[test]
    fn refuses_huge_input() {
        let many: Vec<Value> = (0..MAX_NODES)
            .map(|_| json!({ "type": "paragraph", "content": [{ "type": "text", "text": "x" }] }))
            .collect();
        assert_eq!(err(doc_of(Value::Array(many))), TiptapError::TooLarge);
        let big = "x".repeat(MAX_TEXT_BYTES + 1);
        assert_eq!(
            err(para_of(json!([{ "type": "text", "text": big }]))),
            TiptapError::TooLarge
        );
        let attr = "x".repeat(MAX_TEXT_BYTES + 1);
        let fig = doc_of(json!([{ "type": "figure", "attrs": { "mediaId": 1, "credit": attr } }]));
        assert_eq!(err(fig), TiptapError::TooLarge);
        let text = format!("\"{}\"", "x".repeat(MAX_JSON_BYTES));
        assert_eq!(from_tiptap_str(&text), Err(TiptapError::TooLarge));
    }

    #[test]
    fn drops_harmless_formatting() {
        let v = doc_of(json!([
            { "type": "paragraph" },
            { "type": "paragraph", "attrs": { "textAlign": "center" }, "content": [
                { "type": "text", "text": "a", "marks": [{ "type": "underline" }, { "type": "bold" }] },
                { "type": "text", "text": "" },
                { "type": "text", "text": "b", "marks": [{ "type": "bold" }, { "type": "textStyle", "attrs": { "color": "red" } }] },
                { "type": "text", "text": "c", "marks": [
                    { "type": "link", "attrs": { "href": "/sq/", "target": "_blank", "rel": "x", "class": "y" } },
                    { "type": "italic" }, { "type": "italic" }
                ] }
            ]},
            { "type": "heading", "attrs": { "level": 3 }, "content": [] },
            { "type": "orderedList", "attrs": { "start": 7, "type": "a" }, "content": [
                { "type": "listItem", "content": [{ "type": "paragraph" }] }
            ]}
        ]));
        let doc = from_tiptap(&v).expect("converts");
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph {
                    content: vec![
                        marked("ab", vec![Mark::Bold]),
                        marked(
                            "c",
                            vec![
                                Mark::Italic,
                                Mark::Link {
                                    href: "/sq/".into()
                                }
                            ]
                        ),
                    ],
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![]],
                },
            ]
        );
        let only_empty = doc_of(json!([{ "type": "paragraph" }]));
        assert_eq!(
            from_tiptap(&only_empty).expect("converts"),
            Document::empty()
        );
    }

    #[test]
    fn footnote_ids_are_kept_or_generated_stably() {
        let note = |id: Value, t: &str| json!({ "type": "footnote", "attrs": { "id": id, "content": [{ "type": "text", "text": t }] } });
        let v = para_of(json!([
            note(Value::Null, "first"),
            note(json!("fn-1"), "taken later"),
            note(json!(""), "no id"),
            note(json!("fn-1"), "taken later"),
            note(json!("fn-1"), "an edited copy"),
        ]));
        let doc = from_tiptap(&v).expect("converts");
        let Block::Paragraph { content } = &doc.blocks[0] else {
            panic!("a paragraph")
        };
        assert_eq!(
            content,
            &vec![
                fref("fn-2"),
                fref("fn-1"),
                fref("fn-3"),
                fref("fn-1"),
                fref("fn-4")
            ]
        );
        let ids: Vec<_> = doc.footnotes.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["fn-2", "fn-1", "fn-3", "fn-4"]);
        assert_eq!(doc.footnotes[3].content, vec![text("an edited copy")]);
        assert_eq!(
            from_tiptap(&v).expect("again"),
            doc,
            "the same JSON gives the same ids"
        );
        let back = from_tiptap(&to_tiptap(&doc)).expect("round trip");
        assert_eq!(back, doc, "generated ids survive the editor");
    }

    /// What `from_tiptap(to_tiptap(d))` gives for any valid `d`: the editor's normal form.
    fn canonical(d: &Document) -> Document {
        fn inl(content: &[Inline], refs: bool) -> Vec<Inline> {
            let mut out: Vec<Inline> = Vec::new();
            for i in content {
                match i {
                    Inline::Text { text, .. } if text.is_empty() => {}
                    Inline::Text { text, marks } => {
                        let mut m = Vec::new();
                        if marks.contains(&Mark::Bold) {
                            m.push(Mark::Bold);
                        }
                        if marks.contains(&Mark::Italic) {
                            m.push(Mark::Italic);
                        }
                        if let Some(l) = marks.iter().find(|m| matches!(m, Mark::Link { .. })) {
                            m.push(l.clone());
                        }
                        match out.last_mut() {
                            Some(Inline::Text { text: t, marks: pm }) if *pm == m => {
                                t.push_str(text)
                            }
                            _ => out.push(Inline::Text {
                                text: text.clone(),
                                marks: m,
                            }),
                        }
                    }
                    Inline::FootnoteRef { .. } if !refs => {}
                    other => out.push(other.clone()),
                }
            }
            out
        }
        let none_if_empty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        let blocks: Vec<Block> = d
            .blocks
            .iter()
            .filter_map(|b| {
                Some(match b {
                    Block::Paragraph { content } => {
                        let content = inl(content, true);
                        if content.is_empty() {
                            return None;
                        }
                        Block::Paragraph { content }
                    }
                    Block::Heading { level, content } => {
                        let content = inl(content, true);
                        if content.is_empty() {
                            return None;
                        }
                        Block::Heading {
                            level: *level,
                            content,
                        }
                    }
                    Block::List { ordered, items } => Block::List {
                        ordered: *ordered,
                        items: items.iter().map(|i| inl(i, true)).collect(),
                    },
                    Block::Quote {
                        content,
                        attribution,
                    } => Block::Quote {
                        content: inl(content, true),
                        attribution: none_if_empty(attribution),
                    },
                    Block::PullQuote {
                        content,
                        attribution,
                    } => Block::PullQuote {
                        content: inl(content, true),
                        attribution: none_if_empty(attribution),
                    },
                    Block::Figure {
                        media_id,
                        caption,
                        credit,
                    } => Block::Figure {
                        media_id: *media_id,
                        caption: inl(caption, true),
                        credit: none_if_empty(credit),
                    },
                    other => other.clone(),
                })
            })
            .collect();
        let mut out = Document {
            version: d.version,
            blocks,
            footnotes: d.footnotes.clone(),
        };
        out.footnotes = out
            .numbered_footnotes()
            .into_iter()
            .map(|(_, f)| Footnote {
                id: f.id.clone(),
                content: inl(&f.content, false),
            })
            .collect();
        out
    }

    /// Valid documents with footnotes: each footnote is referenced from one or two blocks.
    fn arb_document() -> impl Strategy<Value = Document> {
        (
            proptest::collection::vec(arb_block(), 0..10),
            proptest::collection::vec(
                (
                    proptest::collection::vec(arb_inline(), 0..4),
                    proptest::collection::vec((any::<usize>(), any::<usize>()), 1..3),
                ),
                0..4,
            ),
        )
            .prop_map(|(mut blocks, notes)| {
                let mut footnotes = Vec::new();
                for (k, (content, places)) in notes.into_iter().enumerate() {
                    let id = format!("note-{k}");
                    let mut used = false;
                    for (bi, pos) in places {
                        if blocks.is_empty() {
                            break;
                        }
                        let n = blocks.len();
                        let target: Option<&mut Vec<Inline>> = match &mut blocks[bi % n] {
                            Block::Paragraph { content }
                            | Block::Heading { content, .. }
                            | Block::Quote { content, .. }
                            | Block::PullQuote { content, .. } => Some(content),
                            Block::List { items, .. } => items.first_mut(),
                            Block::Figure { caption, .. } => Some(caption),
                            Block::Embed { .. } | Block::Divider => None,
                        };
                        if let Some(t) = target {
                            let at = pos % (t.len() + 1);
                            t.insert(at, Inline::FootnoteRef { id: id.clone() });
                            used = true;
                        }
                    }
                    if used {
                        footnotes.push(Footnote { id, content });
                    }
                }
                Document {
                    version: DOCUMENT_VERSION,
                    blocks,
                    footnotes,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn round_trips_through_the_editor_format(d in arb_document()) {
            d.validate().expect("the strategy makes valid documents");
            let canon = canonical(&d);
            let json = to_tiptap(&d);
            let back = from_tiptap(&json).expect("to_tiptap output converts");
            prop_assert_eq!(&back, &canon);
            // The normal form is a fixed point: from_tiptap(to_tiptap(d)) == d.
            prop_assert_eq!(from_tiptap(&to_tiptap(&canon)).expect("converts"), canon.clone());
            // And through the hidden input's text.
            let text = serde_json::to_string(&json).expect("json");
            prop_assert_eq!(from_tiptap_str(&text).expect("converts"), canon);
        }

        #[test]
        fn arbitrary_json_never_panics(s in "\\PC{0,300}") {
            let _ = from_tiptap_str(&s);
        }

        #[test]
        fn arbitrary_nodes_never_panic(
            types in proptest::collection::vec(
                prop_oneof![
                    Just("doc"), Just("paragraph"), Just("text"), Just("heading"), Just("footnote"),
                    Just("bulletList"), Just("listItem"), Just("blockquote"), Just("figure"), Just("x"),
                ],
                1..6,
            )
        ) {
            let mut v = json!({ "type": "text", "text": "t" });
            for t in types.iter().rev() {
                v = json!({ "type": t, "attrs": { "level": 2, "mediaId": 1, "content": [v.clone()] }, "content": [v] });
            }
            let _ = from_tiptap(&json!({ "type": "doc", "content": [v] }));
        }
    }
}
