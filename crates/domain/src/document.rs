//! The article body: a typed, versioned JSON document of blocks with inline marks, figures,
//! allow-listed embeds and footnotes. A `Document` that exists has passed `validate`, so
//! renderers never meet a dangling footnote, a `javascript:` link or an unknown embed.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// The version this code writes and reads.
pub const DOCUMENT_VERSION: u32 = 1;

/// An article body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub version: u32,
    pub blocks: Vec<Block>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Footnote>,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
    },
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Quote {
        content: Vec<Inline>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attribution: Option<String>,
    },
    PullQuote {
        content: Vec<Inline>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attribution: Option<String>,
    },
    Figure {
        media_id: i64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
    },
    Embed {
        url: String,
    },
    Divider,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inline {
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    FootnoteRef {
        id: String,
    },
    LineBreak,
}

/// A mark on a run of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Mark {
    Bold,
    Italic,
    Link { href: String },
}

/// A footnote; its number is the order of its first reference in the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    pub id: String,
    pub content: Vec<Inline>,
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the body is not a valid document: {0}")]
    Syntax(String),
    #[error("document version {0} is not supported (expected {DOCUMENT_VERSION})")]
    Version(u32),
    #[error("heading level {0} is not allowed (use 2, 3 or 4)")]
    HeadingLevel(u8),
    #[error("the link {0:?} is not allowed (use http, https, mailto or a site path)")]
    Link(String),
    #[error("the embed {0:?} is not from an allowed provider")]
    Embed(String),
    #[error("footnote reference {0:?} has no footnote")]
    DanglingFootnote(String),
    #[error("footnote {0:?} is defined twice")]
    DuplicateFootnote(String),
    #[error("footnote {0:?} is never referenced")]
    UnusedFootnote(String),
    #[error("a list must have at least one item")]
    EmptyList,
    #[error("the document is too large")]
    TooLarge,
}

/// Providers whose embeds may appear in an article; the host must match exactly.
pub const EMBED_HOSTS: &[(&str, &str)] = &[
    ("www.youtube.com", "YouTube"),
    ("youtube.com", "YouTube"),
    ("youtu.be", "YouTube"),
    ("vimeo.com", "Vimeo"),
    ("x.com", "X"),
    ("twitter.com", "X"),
    ("soundcloud.com", "SoundCloud"),
];

const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;

impl Document {
    /// Parses and validates a stored or submitted JSON body.
    pub fn from_json(json: &str) -> Result<Document, DocumentError> {
        if json.len() > MAX_JSON_BYTES {
            return Err(DocumentError::TooLarge);
        }
        let doc: Document =
            serde_json::from_str(json).map_err(|e| DocumentError::Syntax(e.to_string()))?;
        doc.validate()?;
        Ok(doc)
    }

    /// Serialises the document; the output parses back to an equal document.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("documents contain only strings, numbers and enums")
    }

    /// An empty version-1 document.
    pub fn empty() -> Document {
        Document {
            version: DOCUMENT_VERSION,
            blocks: Vec::new(),
            footnotes: Vec::new(),
        }
    }

    /// Checks every rule a stored body must satisfy.
    pub fn validate(&self) -> Result<(), DocumentError> {
        if self.version != DOCUMENT_VERSION {
            return Err(DocumentError::Version(self.version));
        }
        let mut defined = HashSet::new();
        for f in &self.footnotes {
            if !defined.insert(f.id.as_str()) {
                return Err(DocumentError::DuplicateFootnote(f.id.clone()));
            }
            check_inlines(&f.content, &mut |_| Ok(()))?;
        }
        let mut used = HashSet::new();
        let mut on_ref = |id: &str| {
            if defined.contains(id) {
                used.insert(id.to_owned());
                Ok(())
            } else {
                Err(DocumentError::DanglingFootnote(id.to_owned()))
            }
        };
        for block in &self.blocks {
            match block {
                Block::Paragraph { content }
                | Block::Quote { content, .. }
                | Block::PullQuote { content, .. } => check_inlines(content, &mut on_ref)?,
                Block::Heading { level, content } => {
                    if !(2..=4).contains(level) {
                        return Err(DocumentError::HeadingLevel(*level));
                    }
                    check_inlines(content, &mut on_ref)?;
                }
                Block::List { items, .. } => {
                    if items.is_empty() {
                        return Err(DocumentError::EmptyList);
                    }
                    for item in items {
                        check_inlines(item, &mut on_ref)?;
                    }
                }
                Block::Figure { caption, .. } => check_inlines(caption, &mut on_ref)?,
                Block::Embed { url } => {
                    embed_provider(url).ok_or_else(|| DocumentError::Embed(url.clone()))?;
                }
                Block::Divider => {}
            }
        }
        if let Some(f) = self.footnotes.iter().find(|f| !used.contains(&f.id)) {
            return Err(DocumentError::UnusedFootnote(f.id.clone()));
        }
        Ok(())
    }

    /// Footnote numbers (1-based) in order of first reference.
    pub fn footnote_numbers(&self) -> HashMap<&str, usize> {
        let mut numbers: HashMap<&str, usize> = HashMap::new();
        fn visit<'d>(numbers: &mut HashMap<&'d str, usize>, inl: &'d [Inline]) {
            for i in inl {
                if let Inline::FootnoteRef { id } = i {
                    let n = numbers.len() + 1;
                    numbers.entry(id.as_str()).or_insert(n);
                }
            }
        }
        for block in &self.blocks {
            match block {
                Block::Paragraph { content }
                | Block::Heading { content, .. }
                | Block::Quote { content, .. }
                | Block::PullQuote { content, .. } => visit(&mut numbers, content),
                Block::List { items, .. } => items.iter().for_each(|i| visit(&mut numbers, i)),
                Block::Figure { caption, .. } => visit(&mut numbers, caption),
                Block::Embed { .. } | Block::Divider => {}
            }
        }
        numbers
    }

    /// Footnotes sorted by their number.
    pub fn numbered_footnotes(&self) -> Vec<(usize, &Footnote)> {
        let numbers = self.footnote_numbers();
        let mut out: Vec<(usize, &Footnote)> = self
            .footnotes
            .iter()
            .filter_map(|f| numbers.get(f.id.as_str()).map(|n| (*n, f)))
            .collect();
        out.sort_by_key(|(n, _)| *n);
        out
    }

    /// Media ids of every figure, in order.
    pub fn media_ids(&self) -> Vec<i64> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Figure { media_id, .. } => Some(*media_id),
                _ => None,
            })
            .collect()
    }

    /// The body as plain text: blocks separated by blank lines, footnote markers dropped,
    /// endnotes left out. Used for excerpts, reading time and search.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        let mut push_block = |s: String| {
            if s.trim().is_empty() {
                return;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(s.trim());
        };
        for block in &self.blocks {
            match block {
                Block::Paragraph { content }
                | Block::Heading { content, .. }
                | Block::Quote { content, .. }
                | Block::PullQuote { content, .. } => push_block(inline_text(content)),
                Block::List { items, .. } => push_block(
                    items
                        .iter()
                        .map(|i| inline_text(i))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                Block::Figure { caption, .. } => push_block(inline_text(caption)),
                Block::Embed { .. } | Block::Divider => {}
            }
        }
        out
    }

    /// Number of words in the body text.
    pub fn word_count(&self) -> usize {
        self.plain_text().split_whitespace().count()
    }

    /// Reading time in whole minutes at 220 words a minute, at least one.
    pub fn reading_minutes(&self) -> u32 {
        let words = self.word_count();
        u32::try_from(words.div_ceil(220).max(1)).unwrap_or(u32::MAX)
    }
}

/// Concatenates the text of inline content.
pub fn inline_text(content: &[Inline]) -> String {
    let mut s = String::new();
    for i in content {
        match i {
            Inline::Text { text, .. } => s.push_str(text),
            Inline::LineBreak => s.push('\n'),
            Inline::FootnoteRef { .. } => {}
        }
    }
    s
}

fn check_inlines(
    content: &[Inline],
    on_ref: &mut dyn FnMut(&str) -> Result<(), DocumentError>,
) -> Result<(), DocumentError> {
    for i in content {
        match i {
            Inline::Text { marks, .. } => {
                for m in marks {
                    if let Mark::Link { href } = m
                        && !is_allowed_href(href)
                    {
                        return Err(DocumentError::Link(href.clone()));
                    }
                }
            }
            Inline::FootnoteRef { id } => on_ref(id)?,
            Inline::LineBreak => {}
        }
    }
    Ok(())
}

/// Links may use http(s), mailto, or be site-relative paths or fragments.
pub fn is_allowed_href(href: &str) -> bool {
    let h = href.trim();
    if h.is_empty() || h.len() > 2048 || h.chars().any(|c| c.is_control()) {
        return false;
    }
    let lower = h.to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (h.starts_with('/') && !h.starts_with("//"))
        || h.starts_with('#')
}

/// The provider name of an allow-listed embed URL.
pub fn embed_provider(url: &str) -> Option<&'static str> {
    let rest = url.strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    EMBED_HOSTS
        .iter()
        .find(|(h, _)| *h == host)
        .map(|(_, name)| *name)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            marks: vec![],
        }
    }

    #[test]
    fn rejects_malformed_documents() {
        assert!(matches!(
            Document::from_json("{"),
            Err(DocumentError::Syntax(_))
        ));
        assert!(matches!(
            Document::from_json(r#"{"version":2,"blocks":[]}"#),
            Err(DocumentError::Version(2))
        ));
        assert!(matches!(
            Document::from_json(r#"{"version":1,"blocks":[{"type":"script","src":"x"}]}"#),
            Err(DocumentError::Syntax(_))
        ));
        let bad_link = r#"{"version":1,"blocks":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","href":"javascript:alert(1)"}]}]}]}"#;
        assert!(matches!(
            Document::from_json(bad_link),
            Err(DocumentError::Link(_))
        ));
        let dangling = r#"{"version":1,"blocks":[{"type":"paragraph","content":[{"type":"footnote_ref","id":"a"}]}]}"#;
        assert!(matches!(
            Document::from_json(dangling),
            Err(DocumentError::DanglingFootnote(_))
        ));
        let unused = r#"{"version":1,"blocks":[],"footnotes":[{"id":"a","content":[]}]}"#;
        assert!(matches!(
            Document::from_json(unused),
            Err(DocumentError::UnusedFootnote(_))
        ));
        let embed = r#"{"version":1,"blocks":[{"type":"embed","url":"https://evil.example/x"}]}"#;
        assert!(matches!(
            Document::from_json(embed),
            Err(DocumentError::Embed(_))
        ));
        let h1 = r#"{"version":1,"blocks":[{"type":"heading","level":1,"content":[]}]}"#;
        assert!(matches!(
            Document::from_json(h1),
            Err(DocumentError::HeadingLevel(1))
        ));
    }

    #[test]
    fn numbers_footnotes_by_first_reference() {
        let doc = Document {
            version: 1,
            blocks: vec![
                Block::Paragraph {
                    content: vec![
                        text("a"),
                        Inline::FootnoteRef { id: "z".into() },
                        Inline::FootnoteRef { id: "y".into() },
                    ],
                },
                Block::Paragraph {
                    content: vec![Inline::FootnoteRef { id: "z".into() }],
                },
            ],
            footnotes: vec![
                Footnote {
                    id: "y".into(),
                    content: vec![text("Y")],
                },
                Footnote {
                    id: "z".into(),
                    content: vec![text("Z")],
                },
            ],
        };
        doc.validate().expect("valid");
        let n: Vec<_> = doc
            .numbered_footnotes()
            .iter()
            .map(|(n, f)| (*n, f.id.clone()))
            .collect();
        assert_eq!(n, vec![(1, "z".to_string()), (2, "y".to_string())]);
    }

    #[test]
    fn reading_time_and_text() {
        let words = vec!["fjalë"; 450].join(" ");
        let doc = Document {
            version: 1,
            blocks: vec![
                Block::Paragraph {
                    content: vec![text(&words)],
                },
                Block::Divider,
            ],
            footnotes: vec![],
        };
        assert_eq!(doc.reading_minutes(), 3);
        assert_eq!(doc.word_count(), 450);
    }

    /// Inline content of a valid document (no footnote references).
    pub(crate) fn arb_inline() -> impl Strategy<Value = Inline> {
        prop_oneof![
            (
                "\\PC{0,40}",
                proptest::collection::vec(
                    prop_oneof![
                        Just(Mark::Bold),
                        Just(Mark::Italic),
                        "[a-z]{1,10}".prop_map(|p| Mark::Link {
                            href: format!("https://example.org/{p}")
                        })
                    ],
                    0..3
                )
            )
                .prop_map(|(text, marks)| Inline::Text { text, marks }),
            Just(Inline::LineBreak),
        ]
    }

    /// A valid block without footnote references.
    pub(crate) fn arb_block() -> impl Strategy<Value = Block> {
        let inl = || proptest::collection::vec(arb_inline(), 0..5);
        prop_oneof![
            inl().prop_map(|content| Block::Paragraph { content }),
            (2u8..=4, inl()).prop_map(|(level, content)| Block::Heading { level, content }),
            (any::<bool>(), proptest::collection::vec(inl(), 1..4))
                .prop_map(|(ordered, items)| Block::List { ordered, items }),
            (inl(), proptest::option::of("\\PC{1,20}")).prop_map(|(content, attribution)| {
                Block::Quote {
                    content,
                    attribution,
                }
            }),
            (inl(), proptest::option::of("\\PC{1,20}")).prop_map(|(content, attribution)| {
                Block::PullQuote {
                    content,
                    attribution,
                }
            }),
            prop_oneof![
                "[A-Za-z0-9_-]{1,11}".prop_map(|v| format!("https://www.youtube.com/watch?v={v}")),
                "[0-9]{1,9}".prop_map(|v| format!("https://vimeo.com/{v}")),
                "[a-z]{1,10}/status/[0-9]{1,12}".prop_map(|v| format!("https://x.com/{v}")),
            ]
            .prop_map(|url| Block::Embed { url }),
            (1i64..1000, inl(), proptest::option::of("\\PC{1,20}")).prop_map(
                |(media_id, caption, credit)| Block::Figure {
                    media_id,
                    caption,
                    credit
                }
            ),
            Just(Block::Divider),
        ]
    }

    proptest! {
        #[test]
        fn json_round_trips(blocks in proptest::collection::vec(arb_block(), 0..12)) {
            let doc = Document { version: 1, blocks, footnotes: vec![] };
            let json = doc.to_json();
            let back = Document::from_json(&json).expect("valid document parses");
            prop_assert_eq!(back, doc);
        }

        #[test]
        fn arbitrary_json_never_panics(s in "\\PC{0,200}") {
            let _ = Document::from_json(&s);
        }
    }
}
