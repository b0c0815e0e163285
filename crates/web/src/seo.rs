//! What pages tell search engines, social networks and feed readers about themselves: feed
//! links, the `x-default` alternate, OpenGraph/Twitter image and article tags, and JSON-LD
//! (schema.org `NewsArticle`, `OpinionNewsArticle`, `BreadcrumbList`, `ProfilePage`,
//! `Organization`, `WebSite`).

use domain::{Author, Locale, Media, SiteSettings};
use render::FeedFormat;
use serde::Serialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::views::Link;

/// Keys of the sections whose articles are opinion (`OpinionNewsArticle`): the OP/ED
/// section and readers' op-eds ("Your Voice").
pub const OPINION_SECTIONS: [&str; 2] = ["op-ed", "your-voice"];

/// Search, social and feed metadata of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Seo {
    /// Absolute URL of the `hreflang="x-default"` alternate; filled in by `render_page`
    /// from the site's default language when left empty.
    pub x_default: Option<String>,
    /// `<link rel="alternate">` to the page's feeds.
    pub feeds: Vec<FeedLink>,
    pub image: Option<SocialImage>,
    pub article: Option<ArticleMeta>,
    /// Bodies of `<script type="application/ld+json">`, already safe inside `<script>`.
    pub json_ld: Vec<String>,
    /// Ask search engines not to index the page (search results), but to follow its links.
    pub noindex: bool,
}

/// A link to one feed of the page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FeedLink {
    pub title: String,
    pub mime: &'static str,
    pub url: String,
}

/// The picture social networks show for a page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SocialImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub mime: String,
}

/// OpenGraph `article:*` properties.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ArticleMeta {
    pub published_time: String,
    pub modified_time: String,
    pub section: Option<String>,
    pub tags: Vec<String>,
    /// Absolute URLs of the authors' pages.
    pub authors: Vec<String>,
}

impl Seo {
    /// Adds a JSON-LD object.
    pub fn push_json_ld(&mut self, v: &Value) {
        self.json_ld.push(render::jsonld::script_json(v));
    }
}

/// The path of a feed of the page at `page_path` (`/sq/` → `/sq/feed.xml`,
/// `/sq/op-ed/` → `/sq/op-ed/feed.xml`, `/sq/etiketa/nato` → `/sq/etiketa/nato/feed.xml`).
pub fn feed_path(page_path: &str, format: FeedFormat) -> String {
    format!("{}/{}", page_path.trim_end_matches('/'), format.file_name())
}

/// Links to the three feeds of the page at `page_path`, titled after `name`.
pub fn feed_links(state: &AppState, lang: Locale, page_path: &str, name: &str) -> Vec<FeedLink> {
    FeedFormat::ALL
        .into_iter()
        .map(|f| FeedLink {
            title: render::t_args(
                lang,
                "feed-link-title",
                &[("name", name.into()), ("format", f.label().into())],
            ),
            mime: f.mime(),
            url: crate::public::absolute(state, &feed_path(page_path, f)),
        })
        .collect()
}

/// The social image of a media item: its largest JPEG.
pub fn social_image(state: &AppState, m: &Media, lang: Locale) -> Option<SocialImage> {
    render::html::largest_jpeg(m).map(|r| SocialImage {
        url: crate::public::absolute(state, &format!("/media/{}", r.path)),
        width: r.width,
        height: r.height,
        alt: m.alt.get(lang).to_owned(),
        mime: r.mime.clone(),
    })
}

/// The magazine as a schema.org `Organization`.
pub fn organization(state: &AppState, site: &SiteSettings) -> Value {
    let base = &state.config.base_url;
    let same_as: Vec<&str> = site.social_links.iter().map(|l| l.url.as_str()).collect();
    let mut org = json!({
        "@type": "NewsMediaOrganization",
        "@id": format!("{base}/#organization"),
        "name": site.site_name,
        "url": format!("{base}/"),
        "logo": {
            "@type": "ImageObject",
            "url": crate::public::absolute(state, &state.assets.url("logo.svg")),
        },
    });
    if !same_as.is_empty() {
        org["sameAs"] = json!(same_as);
    }
    org
}

/// The home page's `WebSite` and `Organization`, as one graph.
pub fn home_graph(state: &AppState, site: &SiteSettings, lang: Locale) -> Value {
    let base = &state.config.base_url;
    json!({
        "@context": "https://schema.org",
        "@graph": [
            organization(state, site),
            {
                "@type": "WebSite",
                "@id": format!("{base}/#website"),
                "name": site.site_name,
                "description": site.tagline.get(lang),
                "url": crate::public::absolute(state, &format!("/{lang}/")),
                "inLanguage": lang.code(),
                "publisher": { "@id": format!("{base}/#organization") },
            },
        ],
    })
}

/// A `BreadcrumbList` of `crumbs` (site paths) followed by the current page.
pub fn breadcrumb_list(state: &AppState, crumbs: &[Link], current: &str, url: &str) -> Value {
    let items: Vec<Value> = crumbs
        .iter()
        .map(|c| (c.name.as_str(), crate::public::absolute(state, &c.url)))
        .chain(std::iter::once((current, url.to_owned())))
        .enumerate()
        .map(|(i, (name, item))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": item,
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

/// A `Person` for an author, with the profile page as URL.
pub fn person(state: &AppState, a: &Author, lang: Locale) -> Value {
    json!({
        "@type": "Person",
        "name": a.name,
        "url": crate::public::absolute(state, &crate::views::Urls::new(lang).author(a)),
    })
}

/// An author page as a `ProfilePage` about a `Person`.
pub fn profile_page(state: &AppState, a: &Author, lang: Locale, canonical: &str) -> Value {
    let mut p = person(state, a, lang);
    let bio = a.bio.get(lang);
    if !bio.is_empty() {
        p["description"] = json!(bio);
    }
    let same_as: Vec<&str> = a.links.iter().map(|l| l.url.as_str()).collect();
    if !same_as.is_empty() {
        p["sameAs"] = json!(same_as);
    }
    json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": canonical,
        "inLanguage": lang.code(),
        "mainEntity": p,
    })
}

/// What the JSON-LD of an article says.
pub struct ArticleLd<'a> {
    pub opinion: bool,
    pub headline: &'a str,
    pub description: &'a str,
    pub canonical: &'a str,
    pub lang: Locale,
    pub published: i64,
    pub modified: i64,
    pub image: Option<&'a SocialImage>,
    pub authors: Vec<Value>,
    pub sections: Vec<String>,
    pub keywords: Vec<String>,
    /// Public corrections: when, and what.
    pub corrections: &'a [store::workflow::Correction],
}

/// A `NewsArticle` (or `OpinionNewsArticle`).
pub fn news_article(state: &AppState, site: &SiteSettings, a: &ArticleLd<'_>) -> Value {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": if a.opinion { "OpinionNewsArticle" } else { "NewsArticle" },
        "headline": a.headline,
        "description": a.description,
        "url": a.canonical,
        "mainEntityOfPage": { "@type": "WebPage", "@id": a.canonical },
        "inLanguage": a.lang.code(),
        "datePublished": render::i18n::iso8601(a.published),
        "dateModified": render::i18n::iso8601(a.modified.max(a.published)),
        "author": a.authors,
        "publisher": organization(state, site),
    });
    if let Some(img) = a.image {
        v["image"] = json!([{
            "@type": "ImageObject",
            "url": img.url,
            "width": img.width,
            "height": img.height,
        }]);
    }
    if !a.sections.is_empty() {
        v["articleSection"] = json!(a.sections);
    }
    if !a.corrections.is_empty() {
        v["correction"] = a
            .corrections
            .iter()
            .map(|c| {
                json!({
                    "@type": "CorrectionComment",
                    "text": c.text,
                    "datePublished": render::i18n::iso8601(c.created_at),
                })
            })
            .collect();
    }
    if !a.keywords.is_empty() {
        v["keywords"] = json!(a.keywords);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_paths_follow_the_page() {
        assert_eq!(feed_path("/sq/", FeedFormat::Rss), "/sq/feed.xml");
        assert_eq!(
            feed_path("/sq/op-ed/", FeedFormat::Atom),
            "/sq/op-ed/atom.xml"
        );
        assert_eq!(
            feed_path("/en/tag/nato", FeedFormat::Json),
            "/en/tag/nato/feed.json"
        );
    }
}
