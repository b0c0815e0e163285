//! XML sitemaps (sitemaps.org 0.9) with Google's image and news extensions and `xhtml:link`
//! language alternates, and sitemap indexes. Written with the same escaping writer as feeds.

use std::io;

use crate::feeds::{Xml, attr, el, xml_string};
use crate::i18n::iso8601;

const NS_SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NS_XHTML: &str = "http://www.w3.org/1999/xhtml";
const NS_IMAGE: &str = "http://www.google.com/schemas/sitemap-image/1.1";
const NS_NEWS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// A Google News entry of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsEntry {
    pub publication_name: String,
    /// ISO 639 code of the article's language.
    pub language: String,
    pub published: i64,
    pub title: String,
}

/// One `<url>` of a sitemap. Every URL is absolute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<i64>,
    /// `(hreflang, url)` of every language version, this one included, and `x-default`.
    pub alternates: Vec<(String, String)>,
    pub images: Vec<String>,
    pub news: Option<NewsEntry>,
}

/// Writes a `<urlset>`.
pub fn write_urlset(urls: &[SitemapUrl]) -> String {
    xml_string(|w| {
        w.create_element("urlset")
            .with_attribute(("xmlns", NS_SITEMAP))
            .with_attribute(("xmlns:xhtml", NS_XHTML))
            .with_attribute(("xmlns:image", NS_IMAGE))
            .with_attribute(("xmlns:news", NS_NEWS))
            .write_inner_content(|w| {
                for u in urls {
                    url(w, u)?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

fn url(w: &mut Xml, u: &SitemapUrl) -> io::Result<()> {
    w.create_element("url").write_inner_content(|w| {
        el(w, "loc", &u.loc)?;
        if let Some(t) = u.lastmod {
            el(w, "lastmod", &iso8601(t))?;
        }
        for (lang, href) in &u.alternates {
            w.create_element("xhtml:link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(attr("hreflang", lang))
                .with_attribute(attr("href", href))
                .write_empty()?;
        }
        for img in &u.images {
            w.create_element("image:image")
                .write_inner_content(|w| el(w, "image:loc", img))?;
        }
        if let Some(n) = &u.news {
            w.create_element("news:news").write_inner_content(|w| {
                w.create_element("news:publication")
                    .write_inner_content(|w| {
                        el(w, "news:name", &n.publication_name)?;
                        el(w, "news:language", &n.language)
                    })?;
                el(w, "news:publication_date", &iso8601(n.published))?;
                el(w, "news:title", &n.title)
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Writes a `<sitemapindex>` of `(url, lastmod)`.
pub fn write_index(sitemaps: &[(String, Option<i64>)]) -> String {
    xml_string(|w| {
        w.create_element("sitemapindex")
            .with_attribute(("xmlns", NS_SITEMAP))
            .write_inner_content(|w| {
                for (loc, lastmod) in sitemaps {
                    w.create_element("sitemap").write_inner_content(|w| {
                        el(w, "loc", loc)?;
                        if let Some(t) = lastmod {
                            el(w, "lastmod", &iso8601(*t))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_alternates_images_and_news_in_schema_order() {
        let x = write_urlset(&[SitemapUrl {
            loc: "https://x.test/sq/a?b=1&c=2".into(),
            lastmod: Some(0),
            alternates: vec![("sq".into(), "https://x.test/sq/a".into())],
            images: vec!["https://x.test/media/a.jpg".into()],
            news: Some(NewsEntry {
                publication_name: "Revista".into(),
                language: "sq".into(),
                published: 0,
                title: "A & <b>".into(),
            }),
        }]);
        let loc = x.find("<loc>").expect("loc");
        let lastmod = x.find("<lastmod>").expect("lastmod");
        let link = x.find("<xhtml:link").expect("alternate");
        let image = x.find("<image:image>").expect("image");
        let news = x.find("<news:news>").expect("news");
        assert!(loc < lastmod && lastmod < link && link < image && image < news);
        assert!(x.contains("<loc>https://x.test/sq/a?b=1&amp;c=2</loc>"));
        assert!(x.contains("<lastmod>1970-01-01T00:00:00Z</lastmod>"));
        assert!(x.contains("<news:title>A &amp; &lt;b&gt;</news:title>"));
    }

    #[test]
    fn index_lists_sitemaps() {
        let x = write_index(&[("https://x.test/sitemaps/sq-2026-11.xml".into(), Some(60))]);
        assert!(x.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        assert!(x.contains("<lastmod>1970-01-01T00:01:00Z</lastmod>"));
    }
}
