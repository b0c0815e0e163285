//! Feeds: RSS, Atom and JSON Feed for the site, each language, section, tag, region and
//! author, parsed as XML/JSON; escaping, enclosures, dates, caching and invalidation.

use axum::http::StatusCode;
use domain::Locale;
use testkit::NOW;

use crate::each_backend;
use crate::support::{
    HOSTILE_TITLE, add_articles, add_hostile_article, attrs, child_text, children, xml,
};

fn rfc2822(s: &str) -> i64 {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc2822)
        .unwrap_or_else(|e| panic!("RFC 822 date {s:?}: {e}"))
        .unix_timestamp()
}

fn rfc3339(s: &str) -> i64 {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("RFC 3339 date {s:?}: {e}"))
        .unix_timestamp()
}

/// Number of published articles of a listing at `NOW`.
async fn listing_size(
    app: &crate::support::TestApp,
    lang: Locale,
    l: store::articles::Listing,
) -> usize {
    let n = app.state.db.count_cards(lang, l, NOW).await.expect("count");
    usize::try_from(n).expect("small")
}

#[tokio::test]
async fn rss_lists_the_newest_articles_with_dates_authors_and_enclosures() {
    each_backend!(|app| {
        let r = app.get("/sq/feed.xml").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.header("content-type"),
            "application/rss+xml; charset=utf-8"
        );
        assert_eq!(r.header("content-language"), "sq");
        let doc = xml(&r);
        let channel = children(doc.root_element(), "channel")
            .next()
            .expect("channel");
        assert_eq!(child_text(channel, "language"), "sq");
        assert!(rfc2822(&child_text(channel, "lastBuildDate")) <= NOW);
        let items: Vec<_> = children(channel, "item").collect();
        let total = listing_size(&app, Locale::Sq, store::articles::Listing::Latest).await;
        assert_eq!(items.len(), total.min(30), "[{:?}]", app.kind);
        let dates: Vec<i64> = items
            .iter()
            .map(|i| rfc2822(&child_text(*i, "pubDate")))
            .collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
        assert!(dates.iter().all(|d| *d <= NOW));
        let mut enclosures = 0;
        for i in &items {
            let link = child_text(*i, "link");
            assert!(link.starts_with("https://revista.test/sq/"), "{link}");
            assert_eq!(child_text(*i, "guid"), link);
            assert!(children(*i, "creator").count() >= 1, "dc:creator");
            assert!(children(*i, "category").count() >= 1, "sections");
            let content = child_text(*i, "encoded");
            assert!(content.contains("<p>"), "full content");
            assert!(!content.contains("src=\"/"), "absolute image URLs");
            assert!(!content.contains("href=\"/"), "absolute links");
            if let Some(e) = children(*i, "enclosure").next() {
                enclosures += 1;
                let url = e.attribute("url").expect("url");
                assert!(url.starts_with("https://revista.test/media/"), "{url}");
                assert_eq!(e.attribute("type"), Some("image/jpeg"));
                let length: u64 = e.attribute("length").expect("length").parse().expect("n");
                let path = url.trim_start_matches("https://revista.test/media/");
                let on_disk = std::fs::metadata(app.state.config.media_dir.join(path))
                    .expect("file")
                    .len();
                assert_eq!(length, on_disk, "enclosure length is the file's size");
            }
        }
        let with_image = app
            .state
            .db
            .list_latest(Locale::Sq, 30, NOW)
            .await
            .expect("cards")
            .iter()
            .filter(|c| c.featured_media_id.is_some())
            .count();
        assert!(with_image > 0);
        assert_eq!(enclosures, with_image, "one enclosure per featured image");
    });
}

#[tokio::test]
async fn items_carry_footnotes_endnotes_and_figures_with_absolute_urls() {
    each_backend!(|app| {
        let url = format!("https://revista.test{}", app.flagship(Locale::En).await);
        let doc = xml(&app.get("/en/feed.xml").await);
        let item = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .find(|i| child_text(*i, "link") == url)
            .expect("the flagship article is in the feed");
        let content = child_text(item, "encoded");
        assert!(
            content.contains(&format!("href=\"{url}#fn-1\"")),
            "footnote refs point into the article"
        );
        assert!(content.contains("<ol class=\"endnotes\">"));
        assert!(content.contains(&format!("href=\"{url}#fnref-12\"")));
        assert!(
            content.contains("<figure class=\"figure\"><img src=\"https://revista.test/media/")
        );
        assert!(!content.contains("<picture>"));
    });
}

#[tokio::test]
async fn atom_and_json_feed_describe_the_same_items() {
    each_backend!(|app| {
        let r = app.get("/en/atom.xml").await;
        assert_eq!(
            r.header("content-type"),
            "application/atom+xml; charset=utf-8"
        );
        let atom = xml(&r);
        let root = atom.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        assert!(rfc3339(&child_text(root, "updated")) <= NOW);
        let entries: Vec<_> = children(root, "entry").collect();
        let total = listing_size(&app, Locale::En, store::articles::Listing::Latest).await;
        assert_eq!(entries.len(), total.min(30));
        for e in &entries {
            assert!(rfc3339(&child_text(*e, "published")) <= rfc3339(&child_text(*e, "updated")));
            assert!(children(*e, "author").count() >= 1);
            assert_eq!(
                children(*e, "content")
                    .next()
                    .and_then(|c| c.attribute("type")),
                Some("html")
            );
        }
        assert!(
            atom.descendants()
                .any(|n| n.has_tag_name("link") && n.attribute("rel") == Some("enclosure"))
        );

        let r = app.get("/en/feed.json").await;
        assert_eq!(
            r.header("content-type"),
            "application/feed+json; charset=utf-8"
        );
        let json: serde_json::Value = serde_json::from_slice(&r.bytes).expect("JSON");
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(json["title"], "Argumentum");
        assert_eq!(json["feed_url"], "https://revista.test/en/feed.json");
        assert_eq!(json["language"], "en");
        let items = json["items"].as_array().expect("items");
        assert_eq!(items.len(), entries.len());
        for (i, e) in items.iter().zip(&entries) {
            assert_eq!(i["id"].as_str(), Some(child_text(*e, "id").as_str()));
            assert!(i["content_html"].as_str().is_some_and(|s| !s.is_empty()));
            rfc3339(i["date_published"].as_str().expect("date"));
        }
        assert!(items.iter().any(|i| {
            i["image"].as_str().is_some()
                && i["attachments"][0]["mime_type"] == "image/jpeg"
                && i["attachments"][0]["size_in_bytes"]
                    .as_u64()
                    .is_some_and(|n| n > 0)
        }));
    });
}

#[tokio::test]
async fn the_whole_site_feed_mixes_both_languages() {
    each_backend!(|app| {
        let r = app.get("/feed.xml").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-language"), "", "both languages");
        let doc = xml(&r);
        let links: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .map(|i| child_text(i, "link"))
            .collect();
        assert_eq!(links.len(), 30);
        assert!(
            links
                .iter()
                .any(|l| l.starts_with("https://revista.test/sq/"))
        );
        assert!(
            links
                .iter()
                .any(|l| l.starts_with("https://revista.test/en/"))
        );
        let atom = xml(&app.get("/atom.xml").await);
        assert_eq!(
            atom.root_element()
                .attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            None
        );
        let json: serde_json::Value =
            serde_json::from_slice(&app.get("/feed.json").await.bytes).expect("JSON");
        assert!(json.get("language").is_none());
        assert_eq!(json["items"].as_array().map(Vec::len), Some(30));
    });
}

#[tokio::test]
async fn term_feeds_list_their_listing() {
    each_backend!(|app| {
        let sections = app.state.db.list_sections().await.expect("sections");
        let op_ed = sections.iter().find(|s| s.key == "op-ed").expect("op-ed");
        let tag = app
            .state
            .db
            .find_tag_by_slug(Locale::Sq, "nato")
            .await
            .expect("ok")
            .expect("nato");
        let author = app
            .state
            .db
            .find_author_by_slug("arta-berisha")
            .await
            .expect("ok")
            .expect("author");
        let regions = app.state.db.list_regions().await.expect("regions");
        let kosovo = regions.iter().find(|r| r.key == "kosovo").expect("kosovo");
        use store::articles::Listing;
        for (path, lang, listing) in [
            ("/sq/op-ed/feed.xml", Locale::Sq, Listing::Section(op_ed.id)),
            (
                "/sq/etiketa/nato/feed.xml",
                Locale::Sq,
                Listing::Tag(tag.id),
            ),
            (
                "/en/region/kosovo/feed.xml",
                Locale::En,
                Listing::Region(kosovo.id),
            ),
            (
                "/en/author/arta-berisha/feed.xml",
                Locale::En,
                Listing::Author(author.id),
            ),
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            let doc = xml(&r);
            let n = doc.descendants().filter(|n| n.has_tag_name("item")).count();
            let expected = listing_size(&app, lang, listing).await;
            assert!(expected > 0, "{path}: the demo has articles there");
            assert_eq!(n, expected.min(30), "{path}");
            let self_link = doc
                .descendants()
                .find(|n| n.tag_name().name() == "link" && n.attribute("rel") == Some("self"))
                .and_then(|n| n.attribute("href"))
                .expect("atom:link rel=self");
            assert_eq!(self_link, format!("https://revista.test{path}"));
        }
        for path in [
            "/sq/etiketa/nato/atom.xml",
            "/en/author/arta-berisha/feed.json",
            "/en/op-ed/atom.xml",
            "/en/region/kosovo/feed.json",
        ] {
            assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
        }
    });
}

#[tokio::test]
async fn unknown_feeds_are_not_found() {
    each_backend!(|app| {
        for path in [
            "/sq/no-such-section/feed.xml",
            "/sq/etiketa/no-such-tag/feed.xml",
            "/sq/rajoni/no-such-region/atom.xml",
            "/en/author/nobody/feed.json",
            "/en/nonsense/nato/feed.xml",
            "/en/tag/nato/feed.rss",
            "/sq/etiketa/nato/index.html",
            "/de/feed.xml",
            "/de/op-ed/feed.xml",
            // An English word in the Albanian tree is not a route.
            "/sq/tag/nato/feed.xml",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
    });
}

#[tokio::test]
async fn hostile_titles_are_escaped_in_every_format() {
    each_backend!(|app| {
        add_hostile_article(&app).await;
        let rss = app.get("/en/feed.xml").await;
        assert!(!rss.text().contains("<script>"), "no raw markup in the XML");
        let doc = xml(&rss);
        let item = doc
            .descendants()
            .find(|n| n.has_tag_name("item"))
            .expect("an item");
        assert_eq!(
            child_text(item, "title"),
            HOSTILE_TITLE,
            "newest first, title intact"
        );
        let content = child_text(item, "encoded");
        assert!(content.contains("Body &lt;script&gt;alert(1)&lt;/script&gt; &amp; more."));
        let atom = xml(&app.get("/en/op-ed/atom.xml").await);
        let entry = atom
            .descendants()
            .find(|n| n.has_tag_name("entry"))
            .expect("an entry");
        assert_eq!(child_text(entry, "title"), HOSTILE_TITLE);
        let json: serde_json::Value =
            serde_json::from_slice(&app.get("/en/tag/nato/feed.json").await.bytes).expect("JSON");
        assert_eq!(json["items"][0]["title"], HOSTILE_TITLE);
    });
}

#[tokio::test]
async fn feeds_are_cached_revalidated_and_refreshed_on_publishing() {
    each_backend!(|app| {
        let r = app
            .get_with("/sq/op-ed/feed.xml", &[("accept-encoding", "gzip")])
            .await;
        assert_eq!(r.header("content-encoding"), "gzip");
        assert!(app.state.cache.contains("/sq/op-ed/feed.xml"));
        let etag = r.header("etag");
        let again = app
            .get_with("/sq/op-ed/feed.xml", &[("if-none-match", &etag)])
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        app.get("/sq/feed.xml").await;
        app.get("/feed.json").await;
        assert!(app.state.cache.contains("/sq/feed.xml"));

        add_articles(&app, "op-ed", 1).await;
        for key in ["/sq/op-ed/feed.xml", "/sq/feed.xml", "/feed.json"] {
            assert!(!app.state.cache.contains(key), "{key} is dropped");
        }
        let doc = xml(&app.get("/sq/op-ed/feed.xml").await);
        let first = doc
            .descendants()
            .find(|n| n.has_tag_name("item"))
            .expect("an item");
        assert_eq!(child_text(first, "title"), "Test article number 0");
        let fresh = app
            .get_with("/sq/op-ed/feed.xml", &[("if-none-match", &etag)])
            .await;
        assert_eq!(fresh.status, StatusCode::OK, "a new ETag");
    });
}

#[tokio::test]
async fn pages_link_their_feeds() {
    each_backend!(|app| {
        let home = app.page("/sq/").await;
        assert_eq!(
            attrs(
                &home,
                "link[rel=alternate][type='application/rss+xml']",
                "href"
            ),
            ["https://revista.test/sq/feed.xml"]
        );
        assert_eq!(
            attrs(
                &home,
                "link[rel=alternate][type='application/atom+xml']",
                "href"
            ),
            ["https://revista.test/sq/atom.xml"]
        );
        assert_eq!(
            attrs(
                &home,
                "link[rel=alternate][type='application/feed+json']",
                "href"
            ),
            ["https://revista.test/sq/feed.json"]
        );
        for (page, feed) in [
            ("/sq/op-ed/", "https://revista.test/sq/op-ed/feed.xml"),
            ("/en/tag/nato", "https://revista.test/en/tag/nato/feed.xml"),
            (
                "/en/author/arta-berisha",
                "https://revista.test/en/author/arta-berisha/feed.xml",
            ),
            (
                "/sq/rajoni/kosove",
                "https://revista.test/sq/rajoni/kosove/feed.xml",
            ),
        ] {
            let doc = app.page(page).await;
            assert_eq!(
                attrs(
                    &doc,
                    "link[rel=alternate][type='application/rss+xml']",
                    "href"
                ),
                [feed],
                "{page}"
            );
            assert_eq!(
                app.get(feed.trim_start_matches("https://revista.test"))
                    .await
                    .status,
                StatusCode::OK
            );
        }
    });
}
