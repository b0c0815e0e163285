//! Syndication feeds: one `Feed` written as RSS 2.0, Atom 1.0 or JSON Feed 1.1. XML is written
//! with quick-xml's writer, which escapes every text and attribute; characters that XML 1.0
//! cannot carry at all (most control characters) are dropped first. JSON goes through
//! serde_json. Every URL in a `Feed` is absolute; the caller builds them.

use std::borrow::Cow;
use std::io;

use domain::Locale;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde::Serialize;

use crate::i18n::iso8601;

/// The three formats every feed is served in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    Rss,
    Atom,
    Json,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Rss, FeedFormat::Atom, FeedFormat::Json];

    /// The last segment of the feed's URL.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Rss => "feed.xml",
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Json => "feed.json",
        }
    }

    /// The format a URL's last segment names, if any.
    pub fn from_file_name(name: &str) -> Option<FeedFormat> {
        FeedFormat::ALL.into_iter().find(|f| f.file_name() == name)
    }

    /// The `Content-Type` the feed is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml; charset=utf-8",
            FeedFormat::Atom => "application/atom+xml; charset=utf-8",
            FeedFormat::Json => "application/feed+json; charset=utf-8",
        }
    }

    /// The media type of `<link rel="alternate" type=…>` and Atom's self link.
    pub fn mime(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Json => "application/feed+json",
        }
    }

    /// The format's name, as shown in link titles.
    pub fn label(self) -> &'static str {
        match self {
            FeedFormat::Rss => "RSS",
            FeedFormat::Atom => "Atom",
            FeedFormat::Json => "JSON Feed",
        }
    }
}

/// A person named in a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedPerson {
    pub name: String,
    pub url: String,
}

/// A section or tag of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedCategory {
    /// Stable machine term (the slug).
    pub term: String,
    pub label: String,
    /// The listing page of the term.
    pub url: String,
}

/// The item's featured image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedImage {
    pub url: String,
    pub mime: String,
    /// Size of the file in bytes; 0 when unknown.
    pub length: u64,
}

/// One article of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The article's canonical URL, also its permanent id.
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The whole article as HTML with absolute URLs.
    pub content_html: String,
    pub lang: Locale,
    pub published: i64,
    pub updated: i64,
    pub authors: Vec<FeedPerson>,
    pub categories: Vec<FeedCategory>,
    pub image: Option<FeedImage>,
}

/// A feed: a listing of the site's newest articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub title: String,
    pub description: String,
    /// `None` for a feed of both languages.
    pub lang: Option<Locale>,
    /// The HTML page the feed follows.
    pub home_url: String,
    /// This feed's own URL, in each format, by `FeedFormat::ALL` order.
    pub self_urls: [String; 3],
    pub site_name: String,
    pub site_url: String,
    /// Newest change of anything in the feed.
    pub updated: i64,
    pub items: Vec<FeedItem>,
}

impl Feed {
    fn self_url(&self, f: FeedFormat) -> &str {
        let i = FeedFormat::ALL.iter().position(|x| *x == f).unwrap_or(0);
        &self.self_urls[i]
    }
}

/// Writes `feed` in `format`.
pub fn write_feed(feed: &Feed, format: FeedFormat) -> String {
    match format {
        FeedFormat::Rss => xml_string(|w| rss(w, feed)),
        FeedFormat::Atom => xml_string(|w| atom(w, feed)),
        FeedFormat::Json => json_feed(feed),
    }
}

/// Text with the characters XML 1.0 cannot hold removed (NUL, most C0 controls, U+FFFE/F).
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    let ok = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    if s.chars().all(ok) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|c| ok(*c)).collect())
    }
}

/// Escaped XML text of `s`.
pub(crate) fn text(s: &str) -> BytesText<'static> {
    BytesText::new(&xml_chars(s)).into_owned()
}

/// An attribute whose value is made XML-safe (the writer escapes it).
pub(crate) fn attr<'a>(key: &'a str, value: &'a str) -> (&'a str, Cow<'a, str>) {
    (key, xml_chars(value))
}

pub(crate) type Xml = Writer<Vec<u8>>;

/// Runs `body` on a fresh writer after the XML declaration and returns the document.
pub(crate) fn xml_string(body: impl FnOnce(&mut Xml) -> io::Result<()>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    // Writing into a Vec cannot fail; the io::Result only comes from the writer's signature.
    let done = w
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .and_then(|()| body(&mut w));
    debug_assert!(done.is_ok(), "writing XML into memory does not fail");
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes).unwrap_or_default()
}

/// `<name>text</name>`
pub(crate) fn el(w: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(text(value))?;
    Ok(())
}

/// RFC 822 (as RFC 2822 writes it) date of RSS, in UTC.
pub fn rfc822(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default()
}

fn rss(w: &mut Xml, feed: &Feed) -> io::Result<()> {
    w.create_element("rss")
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xmlns:content", "http://purl.org/rss/1.0/modules/content/"))
        .with_attribute(("xmlns:dc", "http://purl.org/dc/elements/1.1/"))
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                el(w, "title", &feed.title)?;
                el(w, "link", &feed.home_url)?;
                el(w, "description", &feed.description)?;
                if let Some(l) = feed.lang {
                    el(w, "language", l.code())?;
                }
                el(w, "lastBuildDate", &rfc822(feed.updated))?;
                el(w, "generator", "Revista")?;
                w.create_element("atom:link")
                    .with_attribute(attr("href", feed.self_url(FeedFormat::Rss)))
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", FeedFormat::Rss.mime()))
                    .write_empty()?;
                for item in &feed.items {
                    rss_item(w, item)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn rss_item(w: &mut Xml, item: &FeedItem) -> io::Result<()> {
    w.create_element("item").write_inner_content(|w| {
        el(w, "title", &item.title)?;
        el(w, "link", &item.url)?;
        w.create_element("guid")
            .with_attribute(("isPermaLink", "true"))
            .write_text_content(text(&item.url))?;
        el(w, "pubDate", &rfc822(item.published))?;
        el(w, "description", &item.summary)?;
        el(w, "content:encoded", &item.content_html)?;
        // RSS's own <author> must be an e-mail address; Dublin Core carries names.
        for a in &item.authors {
            el(w, "dc:creator", &a.name)?;
        }
        for c in &item.categories {
            w.create_element("category")
                .with_attribute(attr("domain", &c.url))
                .write_text_content(text(&c.label))?;
        }
        if let Some(img) = &item.image {
            w.create_element("enclosure")
                .with_attribute(attr("url", &img.url))
                .with_attribute(("length", img.length.to_string().as_str()))
                .with_attribute(attr("type", &img.mime))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn atom(w: &mut Xml, feed: &Feed) -> io::Result<()> {
    let mut root = w
        .create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
    if let Some(l) = feed.lang {
        root = root.with_attribute(("xml:lang", l.code()));
    }
    root.write_inner_content(|w| {
        el(w, "id", feed.self_url(FeedFormat::Atom))?;
        el(w, "title", &feed.title)?;
        el(w, "subtitle", &feed.description)?;
        el(w, "updated", &iso8601(feed.updated))?;
        w.create_element("link")
            .with_attribute(("rel", "self"))
            .with_attribute(("type", FeedFormat::Atom.mime()))
            .with_attribute(attr("href", feed.self_url(FeedFormat::Atom)))
            .write_empty()?;
        w.create_element("link")
            .with_attribute(("rel", "alternate"))
            .with_attribute(("type", "text/html"))
            .with_attribute(attr("href", &feed.home_url))
            .write_empty()?;
        // Atom wants an author for every entry; the magazine stands in for unsigned ones.
        atom_person(
            w,
            &FeedPerson {
                name: feed.site_name.clone(),
                url: feed.site_url.clone(),
            },
        )?;
        w.create_element("generator")
            .write_text_content(text("Revista"))?;
        for item in &feed.items {
            atom_entry(w, item)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn atom_person(w: &mut Xml, p: &FeedPerson) -> io::Result<()> {
    w.create_element("author").write_inner_content(|w| {
        el(w, "name", &p.name)?;
        el(w, "uri", &p.url)
    })?;
    Ok(())
}

fn atom_entry(w: &mut Xml, item: &FeedItem) -> io::Result<()> {
    w.create_element("entry")
        .with_attribute(("xml:lang", item.lang.code()))
        .write_inner_content(|w| {
            el(w, "id", &item.url)?;
            w.create_element("title")
                .with_attribute(("type", "text"))
                .write_text_content(text(&item.title))?;
            w.create_element("link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(("type", "text/html"))
                .with_attribute(attr("href", &item.url))
                .write_empty()?;
            el(w, "published", &iso8601(item.published))?;
            el(w, "updated", &iso8601(item.updated.max(item.published)))?;
            for a in &item.authors {
                atom_person(w, a)?;
            }
            for c in &item.categories {
                w.create_element("category")
                    .with_attribute(attr("term", &c.term))
                    .with_attribute(attr("label", &c.label))
                    .with_attribute(attr("scheme", &c.url))
                    .write_empty()?;
            }
            if let Some(img) = &item.image {
                w.create_element("link")
                    .with_attribute(("rel", "enclosure"))
                    .with_attribute(attr("type", &img.mime))
                    .with_attribute(("length", img.length.to_string().as_str()))
                    .with_attribute(attr("href", &img.url))
                    .write_empty()?;
            }
            w.create_element("summary")
                .with_attribute(("type", "text"))
                .write_text_content(text(&item.summary))?;
            w.create_element("content")
                .with_attribute(("type", "html"))
                .write_text_content(text(&item.content_html))?;
            Ok(())
        })?;
    Ok(())
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<Locale>,
    authors: [&'a FeedPerson; 1],
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    summary: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    authors: &'a [FeedPerson],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    language: Locale,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<JsonAttachment<'a>>,
}

#[derive(Serialize)]
struct JsonAttachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size_in_bytes: Option<u64>,
}

fn json_feed(feed: &Feed) -> String {
    let publisher = FeedPerson {
        name: feed.site_name.clone(),
        url: feed.site_url.clone(),
    };
    let doc = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: &feed.home_url,
        feed_url: feed.self_url(FeedFormat::Json),
        description: &feed.description,
        language: feed.lang,
        authors: [&publisher],
        items: feed
            .items
            .iter()
            .map(|i| JsonItem {
                id: &i.url,
                url: &i.url,
                title: &i.title,
                summary: &i.summary,
                content_html: &i.content_html,
                image: i.image.as_ref().map(|m| m.url.as_str()),
                date_published: iso8601(i.published),
                date_modified: iso8601(i.updated.max(i.published)),
                authors: &i.authors,
                tags: i.categories.iter().map(|c| c.label.as_str()).collect(),
                language: i.lang,
                attachments: i
                    .image
                    .iter()
                    .map(|m| JsonAttachment {
                        url: &m.url,
                        mime_type: &m.mime,
                        size_in_bytes: (m.length > 0).then_some(m.length),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed() -> Feed {
        Feed {
            title: "Revista <test> & co".into(),
            description: "Latest".into(),
            lang: Some(Locale::En),
            home_url: "https://x.test/en/".into(),
            self_urls: [
                "https://x.test/en/feed.xml".into(),
                "https://x.test/en/atom.xml".into(),
                "https://x.test/en/feed.json".into(),
            ],
            site_name: "Revista".into(),
            site_url: "https://x.test/".into(),
            updated: 1_795_857_600,
            items: vec![FeedItem {
                url: "https://x.test/en/op-ed/a?x=1&y=2".into(),
                title: "</title><script>alert(1)</script> & \u{1}bell".into(),
                summary: "Lead".into(),
                content_html: "<p>Body &amp; more</p>".into(),
                lang: Locale::En,
                published: 1_795_857_600,
                updated: 1_795_857_600,
                authors: vec![FeedPerson {
                    name: "Arta".into(),
                    url: "https://x.test/en/author/arta".into(),
                }],
                categories: vec![FeedCategory {
                    term: "op-ed".into(),
                    label: "OP/ED".into(),
                    url: "https://x.test/en/op-ed/".into(),
                }],
                image: Some(FeedImage {
                    url: "https://x.test/media/a.jpg".into(),
                    mime: "image/jpeg".into(),
                    length: 1234,
                }),
            }],
        }
    }

    #[test]
    fn rss_escapes_and_dates() {
        let x = write_feed(&feed(), FeedFormat::Rss);
        assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(x.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; bell"));
        assert!(!x.contains('\u{1}'));
        assert!(x.contains("<pubDate>Sat, 28 Nov 2026 09:20:00 +0000</pubDate>"));
        assert!(x.contains("<link>https://x.test/en/op-ed/a?x=1&amp;y=2</link>"));
        assert!(x.contains(
            "<enclosure url=\"https://x.test/media/a.jpg\" length=\"1234\" type=\"image/jpeg\"/>"
        ));
        assert!(x.contains("<content:encoded>&lt;p&gt;Body &amp;amp; more&lt;/p&gt;"));
    }

    #[test]
    fn atom_and_json_carry_the_same_item() {
        let a = write_feed(&feed(), FeedFormat::Atom);
        assert!(a.contains("<updated>2026-11-28T09:20:00Z</updated>"));
        assert!(a.contains("rel=\"enclosure\""));
        let j: serde_json::Value =
            serde_json::from_str(&write_feed(&feed(), FeedFormat::Json)).expect("json");
        assert_eq!(j["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(j["items"][0]["id"], "https://x.test/en/op-ed/a?x=1&y=2");
        assert_eq!(j["items"][0]["attachments"][0]["size_in_bytes"], 1234);
        assert_eq!(j["items"][0]["date_published"], "2026-11-28T09:20:00Z");
    }

    #[test]
    fn formats_round_trip_their_file_names() {
        for f in FeedFormat::ALL {
            assert_eq!(FeedFormat::from_file_name(f.file_name()), Some(f));
        }
        assert_eq!(FeedFormat::from_file_name("feed.rss"), None);
    }
}
