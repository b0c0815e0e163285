//! Markdown (CommonMark with footnotes) to the document model. Used for demo content,
//! author bios and, later, API input and imports. Raw HTML is dropped, never passed through.
//!
//! Conventions beyond CommonMark: a blockquote starting with `[!PULLQUOTE]` is a pull quote;
//! an image alone in a paragraph whose URL is `media:KEY` is a figure of that media item.

use domain::{Block, Document, Footnote, Inline, Mark, document::DOCUMENT_VERSION};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Why Markdown could not become a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkdownError {
    #[error("figure refers to unknown media {0:?}")]
    UnknownMedia(String),
    #[error(transparent)]
    Document(#[from] domain::DocumentError),
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    footnotes: Vec<Footnote>,
    inline: Vec<Inline>,
    marks: Vec<Mark>,
    list: Option<(bool, Vec<Vec<Inline>>)>,
    quote_depth: usize,
    quote_inlines: Vec<Inline>,
    heading: Option<u8>,
    footnote: Option<String>,
    image: Option<(String, String, String)>,
    figure: Option<(String, String, String)>,
}

/// Converts Markdown to a validated document; `media` resolves `media:KEY` figure URLs to ids.
pub fn markdown_to_document(
    md: &str,
    media: &dyn Fn(&str) -> Option<i64>,
) -> Result<Document, MarkdownError> {
    let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder::default();
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    b.heading = Some(match level {
                        HeadingLevel::H1 | HeadingLevel::H2 => 2,
                        HeadingLevel::H3 => 3,
                        _ => 4,
                    })
                }
                Tag::List(start) => b.list = Some((start.is_some(), Vec::new())),
                Tag::BlockQuote(_) => b.quote_depth += 1,
                Tag::Emphasis => b.marks.push(Mark::Italic),
                Tag::Strong => b.marks.push(Mark::Bold),
                Tag::Link { dest_url, .. } => b.marks.push(Mark::Link {
                    href: dest_url.to_string(),
                }),
                Tag::Image {
                    dest_url, title, ..
                } => b.image = Some((dest_url.to_string(), title.to_string(), String::new())),
                Tag::FootnoteDefinition(label) => {
                    b.flush_paragraph();
                    b.footnote = Some(label.to_string());
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => {
                    if b.footnote.is_some() || b.quote_depth > 0 {
                        if b.quote_depth > 0 && !b.quote_inlines.is_empty() {
                            b.quote_inlines.push(Inline::LineBreak);
                        }
                        let inl = std::mem::take(&mut b.inline);
                        b.quote_inlines.extend(inl);
                    } else if b.list.is_none() {
                        b.flush_paragraph();
                    }
                }
                TagEnd::Heading(_) => {
                    let content = std::mem::take(&mut b.inline);
                    if let Some(level) = b.heading.take() {
                        b.blocks.push(Block::Heading { level, content });
                    }
                }
                TagEnd::Item => {
                    let item = std::mem::take(&mut b.inline);
                    if let Some((_, items)) = b.list.as_mut() {
                        items.push(item);
                    }
                }
                TagEnd::List(_) => {
                    if let Some((ordered, items)) = b.list.take()
                        && !items.is_empty()
                    {
                        b.blocks.push(Block::List { ordered, items });
                    }
                }
                TagEnd::BlockQuote(_) => {
                    b.quote_depth = b.quote_depth.saturating_sub(1);
                    if b.quote_depth == 0 {
                        let mut content = std::mem::take(&mut b.quote_inlines);
                        let pull = strip_marker(&mut content, "[!PULLQUOTE]");
                        if pull {
                            b.blocks.push(Block::PullQuote {
                                content,
                                attribution: None,
                            });
                        } else {
                            b.blocks.push(Block::Quote {
                                content,
                                attribution: None,
                            });
                        }
                    }
                }
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {
                    b.marks.pop();
                }
                TagEnd::Image => {
                    if let Some((url, title, alt)) = b.image.take() {
                        b.figure = Some((url, title, alt));
                    }
                }
                TagEnd::FootnoteDefinition => {
                    let mut content = std::mem::take(&mut b.quote_inlines);
                    content.extend(std::mem::take(&mut b.inline));
                    while matches!(content.last(), Some(Inline::LineBreak)) {
                        content.pop();
                    }
                    if let Some(id) = b.footnote.take() {
                        b.footnotes.push(Footnote { id, content });
                    }
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if let Some(img) = b.image.as_mut() {
                    img.2.push_str(&t);
                } else {
                    b.push_text(&t);
                }
            }
            Event::SoftBreak => b.push_text(" "),
            Event::HardBreak => b.inline.push(Inline::LineBreak),
            Event::FootnoteReference(label) => b.inline.push(Inline::FootnoteRef {
                id: label.to_string(),
            }),
            Event::Rule => b.blocks.push(Block::Divider),
            // Raw HTML is never trusted: it is dropped.
            Event::Html(_) | Event::InlineHtml(_) => {}
            _ => {}
        }
        if let Some((url, title, _alt)) = b.figure.take() {
            // A figure is an image alone in its paragraph; elsewhere images are dropped.
            if let Some(key) = url.strip_prefix("media:") {
                let id = media(key).ok_or_else(|| MarkdownError::UnknownMedia(key.to_owned()))?;
                let caption = if title.is_empty() {
                    Vec::new()
                } else {
                    vec![Inline::Text {
                        text: title,
                        marks: vec![],
                    }]
                };
                b.inline.clear();
                b.blocks.push(Block::Figure {
                    media_id: id,
                    caption,
                    credit: None,
                });
            }
        }
    }
    b.flush_paragraph();
    let doc = Document {
        version: DOCUMENT_VERSION,
        blocks: b.blocks,
        footnotes: b.footnotes,
    };
    doc.validate()?;
    Ok(doc)
}

impl Builder {
    fn push_text(&mut self, t: &str) {
        if let Some(Inline::Text { text, marks }) = self.inline.last_mut()
            && *marks == self.marks
        {
            text.push_str(t);
            return;
        }
        self.inline.push(Inline::Text {
            text: t.to_owned(),
            marks: self.marks.clone(),
        });
    }

    fn flush_paragraph(&mut self) {
        let content = std::mem::take(&mut self.inline);
        let blank = content.iter().all(|i| match i {
            Inline::Text { text, .. } => text.trim().is_empty(),
            Inline::LineBreak => true,
            Inline::FootnoteRef { .. } => false,
        });
        if !blank {
            self.blocks.push(Block::Paragraph { content });
        }
    }
}

/// Removes a leading marker such as `[!PULLQUOTE]`; true when it was there.
fn strip_marker(content: &mut Vec<Inline>, marker: &str) -> bool {
    // pulldown-cmark may split `[!PULLQUOTE]` into several text events; join leading text.
    let mut lead = String::new();
    let mut n = 0;
    for i in content.iter() {
        match i {
            Inline::Text { text, marks } if marks.is_empty() => {
                lead.push_str(text);
                n += 1;
                if lead.len() >= marker.len() {
                    break;
                }
            }
            _ => break,
        }
    }
    let Some(rest) = lead.strip_prefix(marker) else {
        return false;
    };
    let rest = rest.trim_start().to_owned();
    content.drain(..n);
    if !rest.is_empty() {
        content.insert(
            0,
            Inline::Text {
                text: rest,
                marks: vec![],
            },
        );
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn media(key: &str) -> Option<i64> {
        (key == "harbour").then_some(7)
    }

    #[test]
    fn converts_the_article_anatomy() {
        let md = "Intro **bold** and *it* with a [link](https://example.org).[^1]\n\n## Heading\n\n- one\n- two\n\n> [!PULLQUOTE] Big words.\n\n> A quote.\n\n![Boats](media:harbour \"The port at dusk\")\n\n---\n\nMore.[^2] <script>alert(1)</script>\n\n[^1]: First source — AP\n[^2]: Second source — Reuters\n";
        let doc = markdown_to_document(md, &media).expect("converts");
        let kinds: Vec<&str> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { .. } => "p",
                Block::Heading { .. } => "h",
                Block::List { .. } => "list",
                Block::Quote { .. } => "quote",
                Block::PullQuote { .. } => "pull",
                Block::Figure { .. } => "figure",
                Block::Embed { .. } => "embed",
                Block::Divider => "hr",
            })
            .collect();
        assert_eq!(
            kinds,
            ["p", "h", "list", "pull", "quote", "figure", "hr", "p"]
        );
        assert_eq!(doc.footnotes.len(), 2);
        assert!(!doc.plain_text().contains("script"));
        assert!(
            matches!(&doc.blocks[3], Block::PullQuote { content, .. } if domain::document::inline_text(content) == "Big words.")
        );
        assert!(matches!(&doc.blocks[5], Block::Figure { media_id: 7, .. }));
    }

    #[test]
    fn unknown_media_is_an_error() {
        let r = markdown_to_document("![x](media:nope)", &media);
        assert_eq!(r, Err(MarkdownError::UnknownMedia("nope".into())));
    }

    #[test]
    fn bad_links_are_refused() {
        let r = markdown_to_document("[x](javascript:alert(1))", &media);
        assert!(matches!(
            r,
            Err(MarkdownError::Document(domain::DocumentError::Link(_)))
        ));
    }

    proptest! {
        #[test]
        fn any_markdown_gives_a_valid_document_or_an_error(md in "\\PC{0,400}") {
            if let Ok(doc) = markdown_to_document(&md, &media) {
                prop_assert!(doc.validate().is_ok());
                let back = domain::Document::from_json(&doc.to_json());
                prop_assert_eq!(back, Ok(doc));
            }
        }
    }
}
