//! Document model to HTML: footnote references with back-links, an endnotes list, figures as
//! responsive `<picture>` elements with caption and credit. Everything from the document is
//! escaped here; the output is trusted by templates.

use std::collections::HashMap;
use std::fmt::Write;

use domain::{Block, Document, Inline, Locale, Mark, Media, document::embed_provider};

/// Media items a document's figures refer to, by id.
pub type MediaLookup = HashMap<i64, Media>;

/// The HTML of an article body, split so the page can place the endnotes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentHtml {
    pub body: String,
    /// The `<ol>` of endnotes, empty when there are none.
    pub endnotes: String,
    /// `(id, text)` of each `h2`, for a table of contents.
    pub headings: Vec<(String, String)>,
}

/// Escapes text for HTML element content and double-quoted attributes. Written by hand:
/// five replacements do not justify a dependency.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    // Writing to a `String` cannot fail.
    let _ = write_escaped(out, s);
}

/// Writes `s` escaped as [`escape`] does (`&`, `<`, `>`, `"`, `'`), each run of text between
/// two escaped characters in one piece. Templates print their values with it too (see
/// `Templates::new`).
pub fn write_escaped<W: std::fmt::Write>(out: &mut W, s: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a character boundary.
        out.write_str(&s[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&s[start..])
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for query values.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How rendered HTML writes its links and images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links<'a> {
    /// For the site's own pages: site-relative URLs, responsive `<picture>`s.
    Site,
    /// For feeds and e-mail, read away from the site: site paths made absolute with `base`
    /// (`https://host`, no trailing slash), footnote anchors pointing into `page` (the
    /// article's absolute URL), figures as one plain `<img>`.
    Absolute { base: &'a str, page: &'a str },
}

impl Links<'_> {
    /// `href` as this mode writes it: site paths and fragments made absolute when asked.
    fn url(&self, href: &str) -> String {
        match self {
            Links::Absolute { base, .. } if href.starts_with('/') && !href.starts_with("//") => {
                format!("{base}{href}")
            }
            Links::Absolute { page, .. } if href.starts_with('#') => format!("{page}{href}"),
            _ => href.to_owned(),
        }
    }
}

struct Ctx<'a> {
    locale: Locale,
    numbers: HashMap<&'a str, usize>,
    ref_seen: HashMap<usize, usize>,
    links: Links<'a>,
}

/// Renders a validated document in `locale`, taking figures from `media`.
pub fn render_document(doc: &Document, locale: Locale, media: &MediaLookup) -> DocumentHtml {
    render_document_with(doc, locale, media, Links::Site)
}

/// Renders a validated document in `locale`, writing links as `links` says.
pub fn render_document_with<'a>(
    doc: &'a Document,
    locale: Locale,
    media: &MediaLookup,
    links: Links<'a>,
) -> DocumentHtml {
    let mut ctx = Ctx {
        locale,
        numbers: doc.footnote_numbers(),
        ref_seen: HashMap::new(),
        links,
    };
    let mut out = DocumentHtml::default();
    let b = &mut out.body;
    for block in &doc.blocks {
        match block {
            Block::Paragraph { content } => {
                if content.is_empty() {
                    continue;
                }
                b.push_str("<p>");
                inlines(b, content, &mut ctx);
                b.push_str("</p>\n");
            }
            Block::Heading { level, content } => {
                let text = domain::document::inline_text(content);
                let id = format!("h-{}", domain::slugify(&text));
                let _ = write!(b, "<h{level} id=\"{}\">", escape(&id));
                inlines(b, content, &mut ctx);
                let _ = writeln!(b, "</h{level}>");
                if *level == 2 {
                    out.headings.push((id, text));
                }
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = write!(b, "<{tag}>");
                for item in items {
                    b.push_str("<li>");
                    inlines(b, item, &mut ctx);
                    b.push_str("</li>");
                }
                let _ = writeln!(b, "</{tag}>");
            }
            Block::Quote {
                content,
                attribution,
            } => {
                b.push_str("<blockquote><p>");
                inlines(b, content, &mut ctx);
                b.push_str("</p>");
                if let Some(a) = attribution {
                    let _ = write!(b, "<footer>— {}</footer>", escape(a));
                }
                b.push_str("</blockquote>\n");
            }
            Block::PullQuote {
                content,
                attribution,
            } => {
                b.push_str("<figure class=\"pullquote\"><blockquote><p>");
                inlines(b, content, &mut ctx);
                b.push_str("</p></blockquote>");
                if let Some(a) = attribution {
                    let _ = write!(b, "<figcaption>— {}</figcaption>", escape(a));
                }
                b.push_str("</figure>\n");
            }
            Block::Figure {
                media_id,
                caption,
                credit,
            } => {
                let Some(m) = media.get(media_id) else {
                    continue;
                };
                b.push_str("<figure class=\"figure\">");
                match links {
                    Links::Site => picture(b, m, locale, "(min-width: 64rem) 44rem, 100vw", false),
                    Links::Absolute { base, .. } => plain_image(b, m, locale, base),
                }
                let credit = credit.as_deref().unwrap_or(&m.credit);
                let has_caption = !caption.is_empty() || !m.caption.get(locale).is_empty();
                if has_caption || !credit.is_empty() {
                    b.push_str("<figcaption>");
                    if caption.is_empty() {
                        escape_into(b, m.caption.get(locale));
                    } else {
                        inlines(b, caption, &mut ctx);
                    }
                    if !credit.is_empty() {
                        b.push_str(" <span class=\"credit\">");
                        escape_into(b, credit);
                        b.push_str("</span>");
                    }
                    b.push_str("</figcaption>");
                }
                b.push_str("</figure>\n");
            }
            Block::Embed { url } => {
                // Embeds load nothing from third parties by default: the reader follows a link.
                let provider = embed_provider(url).unwrap_or("");
                let label = match locale {
                    Locale::Sq => format!("Shiko në {provider}"),
                    Locale::En => format!("View on {provider}"),
                };
                let _ = writeln!(
                    b,
                    "<p class=\"embed\"><a href=\"{}\" rel=\"noopener nofollow\">{}</a></p>",
                    escape(url),
                    escape(&label)
                );
            }
            Block::Divider => b.push_str("<hr>\n"),
        }
    }
    let notes = doc.numbered_footnotes();
    if !notes.is_empty() {
        let back = match locale {
            Locale::Sq => "Kthehu te teksti",
            Locale::En => "Back to text",
        };
        let e = &mut out.endnotes;
        e.push_str("<ol class=\"endnotes\">");
        for (n, f) in notes {
            let _ = write!(e, "<li id=\"fn-{n}\">");
            inlines(e, &f.content, &mut ctx);
            let href = escape(&links.url(&format!("#fnref-{n}")));
            let _ = write!(
                e,
                " <a href=\"{href}\" class=\"backref\" aria-label=\"{back} {n}\">↩</a></li>"
            );
        }
        e.push_str("</ol>");
    }
    out
}

fn inlines(out: &mut String, content: &[Inline], ctx: &mut Ctx<'_>) {
    for i in content {
        match i {
            Inline::Text { text, marks } => {
                let mut close = Vec::new();
                for m in marks {
                    match m {
                        Mark::Bold => {
                            out.push_str("<strong>");
                            close.push("</strong>");
                        }
                        Mark::Italic => {
                            out.push_str("<em>");
                            close.push("</em>");
                        }
                        Mark::Link { href } => {
                            let external = href.starts_with("http");
                            out.push_str("<a href=\"");
                            escape_into(out, &ctx.links.url(href));
                            out.push('"');
                            if external {
                                out.push_str(" rel=\"noopener\"");
                            }
                            out.push('>');
                            close.push("</a>");
                        }
                    }
                }
                escape_into(out, text);
                for c in close.iter().rev() {
                    out.push_str(c);
                }
            }
            Inline::FootnoteRef { id } => {
                let Some(&n) = ctx.numbers.get(id.as_str()) else {
                    continue;
                };
                let seen = ctx.ref_seen.entry(n).or_insert(0);
                *seen += 1;
                // Only the first reference carries the id the back-link points to.
                let id_attr = if *seen == 1 {
                    format!(" id=\"fnref-{n}\"")
                } else {
                    String::new()
                };
                let label = match ctx.locale {
                    Locale::Sq => "Shënimi",
                    Locale::En => "Note",
                };
                let href = escape(&ctx.links.url(&format!("#fn-{n}")));
                let _ = write!(
                    out,
                    "<sup class=\"fnref\"><a href=\"{href}\"{id_attr} aria-label=\"{label} {n}\">{n}</a></sup>"
                );
            }
            Inline::LineBreak => out.push_str("<br>"),
        }
    }
}

/// Writes a `<picture>` with WebP and JPEG `srcset`s, intrinsic size, the dominant colour
/// in `data-color` (a CSS placeholder; an inline style would break the CSP) and the blur
/// placeholder in `data-lqip` (set as a background by the page script, which the CSP
/// allows). `eager` marks the page's main image.
pub fn picture(out: &mut String, m: &Media, locale: Locale, sizes: &str, eager: bool) {
    let srcset = |mime: &str| {
        let mut v: Vec<_> = m.renditions.iter().filter(|r| r.mime == mime).collect();
        v.sort_by_key(|r| r.width);
        v.iter()
            .map(|r| format!("/media/{} {}w", r.path, r.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let webp = srcset("image/webp");
    let jpeg = srcset("image/jpeg");
    let fallback = m
        .renditions
        .iter()
        .filter(|r| r.mime == "image/jpeg")
        .min_by_key(|r| r.width.abs_diff(960))
        .map(|r| format!("/media/{}", r.path))
        .unwrap_or_default();
    out.push_str("<picture>");
    if !webp.is_empty() {
        let _ = write!(
            out,
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
            escape(&webp),
            escape(sizes)
        );
    }
    let loading = if eager {
        "fetchpriority=\"high\""
    } else {
        "loading=\"lazy\""
    };
    let _ = write!(
        out,
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" {loading} decoding=\"async\" data-color=\"{}\"",
        escape(&fallback),
        escape(&jpeg),
        escape(sizes),
        m.width,
        m.height,
        escape(m.alt.get(locale)),
        escape(safe_color(&m.dominant_color)),
    );
    if let Some(p) = safe_placeholder(&m.placeholder) {
        // The page script shows it behind the picture until the picture has loaded.
        let _ = write!(out, " data-lqip=\"{p}\"");
    }
    out.push_str("></picture>");
}

/// The largest JPEG rendition of an image: what feeds, sitemaps and social cards link to.
pub fn largest_jpeg(m: &Media) -> Option<&domain::Rendition> {
    m.renditions
        .iter()
        .filter(|r| r.mime == "image/jpeg")
        .max_by_key(|r| r.width)
}

/// Writes one `<img>` with an absolute URL (feed readers drop `<picture>` and `srcset`).
fn plain_image(out: &mut String, m: &Media, locale: Locale, base: &str) {
    let Some(r) = largest_jpeg(m) else { return };
    let _ = write!(
        out,
        "<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\">",
        escape(&format!("{base}/media/{}", r.path)),
        r.width,
        r.height,
        escape(m.alt.get(locale)),
    );
}

/// A `#rrggbb` colour, or grey when the stored value is anything else.
/// A blur placeholder fit to stand in an attribute and a CSS `url("…")`: a WebP `data:`
/// URL of base64 characters only, and small.
fn safe_placeholder(p: &str) -> Option<&str> {
    let data = p.strip_prefix("data:image/webp;base64,")?;
    let ok = !data.is_empty()
        && data.len() <= 2048
        && data
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    ok.then_some(p)
}

fn safe_color(c: &str) -> &str {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok { c } else { "#888888" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Footnote;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            marks: vec![],
        }
    }

    #[test]
    fn a_blur_placeholder_is_carried_only_when_it_is_a_plain_webp_data_url() {
        let mut m = domain::Media {
            id: 1,
            key: None,
            mime: "image/jpeg".into(),
            width: 10,
            height: 10,
            alt: domain::Localized::new("a", "b"),
            caption: domain::Localized::default(),
            credit: String::new(),
            licence: String::new(),
            focal_x: 0.5,
            focal_y: 0.5,
            dominant_color: "#123456".into(),
            placeholder: "data:image/webp;base64,UklGRh4AAABXRUJQ+/=".into(),
            renditions: Vec::new(),
            created_at: 0,
        };
        let mut out = String::new();
        picture(&mut out, &m, Locale::En, "100vw", false);
        assert!(out.contains(" data-lqip=\"data:image/webp;base64,UklGRh4AAABXRUJQ+/=\">"));
        for bad in [
            "data:image/webp;base64,AA\" onload=\"x",
            "data:image/svg+xml;base64,AAAA",
            "data:image/webp;base64,",
            "",
        ] {
            m.placeholder = bad.into();
            let mut out = String::new();
            picture(&mut out, &m, Locale::En, "100vw", false);
            assert!(!out.contains("data-lqip"), "{bad}");
        }
    }

    #[test]
    fn escapes_and_links_footnotes() {
        let doc = Document {
            version: 1,
            blocks: vec![Block::Paragraph {
                content: vec![
                    text("<b>x</b> & y"),
                    Inline::FootnoteRef { id: "a".into() },
                    Inline::FootnoteRef { id: "a".into() },
                ],
            }],
            footnotes: vec![Footnote {
                id: "a".into(),
                content: vec![text("Source — AP")],
            }],
        };
        let html = render_document(&doc, Locale::En, &MediaLookup::new());
        assert!(html.body.contains("&lt;b&gt;x&lt;/b&gt; &amp; y"));
        assert_eq!(html.body.matches("id=\"fnref-1\"").count(), 1);
        assert!(html.endnotes.contains("<li id=\"fn-1\">Source — AP"));
        assert!(html.endnotes.contains("href=\"#fnref-1\""));
    }

    #[test]
    fn absolute_links_for_feeds() {
        let doc = Document {
            version: 1,
            blocks: vec![Block::Paragraph {
                content: vec![
                    Inline::Text {
                        text: "site".into(),
                        marks: vec![Mark::Link {
                            href: "/sq/op-ed/".into(),
                        }],
                    },
                    Inline::Text {
                        text: "other".into(),
                        marks: vec![Mark::Link {
                            href: "https://example.org/x".into(),
                        }],
                    },
                    Inline::FootnoteRef { id: "a".into() },
                ],
            }],
            footnotes: vec![Footnote {
                id: "a".into(),
                content: vec![text("Note")],
            }],
        };
        let links = Links::Absolute {
            base: "https://x.test",
            page: "https://x.test/sq/a/b",
        };
        let html = render_document_with(&doc, Locale::Sq, &MediaLookup::new(), links);
        assert!(html.body.contains("href=\"https://x.test/sq/op-ed/\""));
        assert!(html.body.contains("href=\"https://example.org/x\""));
        assert!(html.body.contains("href=\"https://x.test/sq/a/b#fn-1\""));
        assert!(
            html.endnotes
                .contains("href=\"https://x.test/sq/a/b#fnref-1\"")
        );
        let site = render_document(&doc, Locale::Sq, &MediaLookup::new());
        assert!(site.body.contains("href=\"/sq/op-ed/\"") && site.body.contains("href=\"#fn-1\""));
    }

    #[test]
    fn percent_encodes_query_values() {
        assert_eq!(percent_encode("a b&c/ë"), "a%20b%26c%2F%C3%AB");
        assert_eq!(percent_encode("A-z_0.~"), "A-z_0.~");
    }

    #[test]
    fn colours_are_checked() {
        assert_eq!(safe_color("#a1b2c3"), "#a1b2c3");
        assert_eq!(safe_color("red;x"), "#888888");
    }
}
