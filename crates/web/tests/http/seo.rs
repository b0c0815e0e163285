//! Sitemaps (index, months, pages, news), robots.txt, and the metadata of pages: canonical,
//! hreflang, OpenGraph, Twitter cards, JSON-LD.

use axum::http::StatusCode;
use domain::Locale;
use scraper::Html;
use serde_json::Value;
use testkit::NOW;

use crate::each_backend;
use crate::support::{
    HOSTILE_TITLE, TestApp, add_articles, add_hostile_article, attrs, child_text, children, sel,
    xml,
};

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// `<loc>` of every `<sitemap>` in the index, as site paths.
async fn index_paths(app: &TestApp) -> Vec<String> {
    let r = app.get("/sitemap.xml").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/xml; charset=utf-8");
    let doc = xml(&r);
    assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
    assert_eq!(doc.root_element().tag_name().namespace(), Some(SITEMAP_NS));
    children(doc.root_element(), "sitemap")
        .map(|s| {
            child_text(s, "loc")
                .strip_prefix("https://revista.test")
                .expect("absolute")
                .to_owned()
        })
        .collect()
}

/// Every JSON-LD object of a page, parsed.
fn json_ld(doc: &Html) -> Vec<Value> {
    doc.select(&sel("script[type='application/ld+json']"))
        .map(|s| {
            let text: String = s.text().collect();
            assert!(!text.contains('<'), "no raw markup in JSON-LD: {text}");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD parses: {e}\n{text}"))
        })
        .collect()
}

fn of_type<'a>(lds: &'a [Value], t: &str) -> Option<&'a Value> {
    lds.iter().find(|v| v["@type"] == t)
}

fn meta(doc: &Html, property: &str) -> Vec<String> {
    let mut v = attrs(doc, &format!("meta[property='{property}']"), "content");
    v.extend(attrs(doc, &format!("meta[name='{property}']"), "content"));
    v
}

#[tokio::test]
async fn the_index_lists_every_month_and_each_month_is_one_sitemap() {
    each_backend!(|app| {
        let paths = index_paths(&app).await;
        assert_eq!(paths[0], "/sitemaps/pages.xml");
        assert_eq!(paths[1], "/sitemap-news.xml");
        let months: Vec<&String> = paths
            .iter()
            .filter(|p| p.starts_with("/sitemaps/") && *p != "/sitemaps/pages.xml")
            .collect();
        assert!(
            months.contains(&&"/sitemaps/sq-2026-11.xml".to_owned()),
            "{paths:?}"
        );
        assert!(
            months.contains(&&"/sitemaps/en-2026-11.xml".to_owned()),
            "{paths:?}"
        );
        let mut total = 0;
        for p in &months {
            let r = app.get(p).await;
            assert_eq!(r.status, StatusCode::OK, "{p}");
            let doc = xml(&r);
            assert_eq!(doc.root_element().tag_name().name(), "urlset");
            for u in children(doc.root_element(), "url") {
                total += 1;
                let loc = child_text(u, "loc");
                let lang = if p.starts_with("/sitemaps/sq") {
                    "sq"
                } else {
                    "en"
                };
                assert!(
                    loc.starts_with(&format!("https://revista.test/{lang}/")),
                    "{loc}"
                );
                let lastmod = child_text(u, "lastmod");
                time::OffsetDateTime::parse(
                    &lastmod,
                    &time::format_description::well_known::Rfc3339,
                )
                .expect("W3C datetime");
            }
        }
        let published: i64 = published_total(&app).await;
        assert_eq!(total, published, "every published article once");
    });
}

/// Published articles of both languages at `NOW`.
async fn published_total(app: &TestApp) -> i64 {
    let mut n = 0;
    for l in Locale::ALL {
        n += app
            .state
            .db
            .count_cards(l, store::articles::Listing::Latest, NOW)
            .await
            .expect("count");
    }
    n
}

#[tokio::test]
async fn month_sitemaps_link_translations_and_images() {
    each_backend!(|app| {
        let sq = format!("https://revista.test{}", app.flagship(Locale::Sq).await);
        let en = format!("https://revista.test{}", app.flagship(Locale::En).await);
        let doc = xml(&app.get("/sitemaps/sq-2026-11.xml").await);
        let url = children(doc.root_element(), "url")
            .find(|u| child_text(*u, "loc") == sq)
            .expect("the flagship is in its month");
        let alternates: Vec<(String, String)> = children(url, "link")
            .map(|l| {
                assert_eq!(
                    l.tag_name().namespace(),
                    Some("http://www.w3.org/1999/xhtml")
                );
                assert_eq!(l.attribute("rel"), Some("alternate"));
                (
                    l.attribute("hreflang").expect("hreflang").to_owned(),
                    l.attribute("href").expect("href").to_owned(),
                )
            })
            .collect();
        assert_eq!(
            alternates,
            [
                ("sq".to_owned(), sq.clone()),
                ("en".to_owned(), en.clone()),
                ("x-default".to_owned(), sq.clone())
            ]
        );
        let images: Vec<String> = children(url, "image")
            .map(|i| child_text(i, "loc"))
            .collect();
        // Its figure shows the featured image again, which is listed once.
        assert_eq!(images.len(), 1, "{images:?}");
        assert!(
            images
                .iter()
                .all(|i| i.starts_with("https://revista.test/media/"))
        );
        // The English month points back.
        let doc = xml(&app.get("/sitemaps/en-2026-11.xml").await);
        let url = children(doc.root_element(), "url")
            .find(|u| child_text(*u, "loc") == en)
            .expect("the English flagship");
        let hrefs: Vec<&str> = children(url, "link")
            .filter_map(|l| l.attribute("href"))
            .collect();
        assert_eq!(hrefs, [en.as_str(), sq.as_str(), sq.as_str()]);
    });
}

#[tokio::test]
async fn bad_or_empty_months_are_not_found() {
    each_backend!(|app| {
        for path in [
            "/sitemaps/sq-2026-13.xml",
            "/sitemaps/sq-2026-00.xml",
            "/sitemaps/de-2026-11.xml",
            "/sitemaps/sq-2026-1.xml",
            "/sitemaps/sq-1800-01.xml",
            "/sitemaps/sq-99999-01.xml",
            "/sitemaps/sq-9999-12.xml",
            "/sitemaps/sq-2001-01.xml",
            "/sitemaps/sq-2026-11.xml.gz",
            "/sitemaps/sq-2026-11",
            "/sitemaps/pages.json",
            "/sitemaps/%00.xml",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
    });
}

#[tokio::test]
async fn the_pages_sitemap_lists_every_listing_in_both_languages() {
    each_backend!(|app| {
        let doc = xml(&app.get("/sitemaps/pages.xml").await);
        let urls: Vec<_> = children(doc.root_element(), "url").collect();
        let locs: Vec<String> = urls.iter().map(|u| child_text(*u, "loc")).collect();
        for l in [
            "https://revista.test/sq/",
            "https://revista.test/en/",
            "https://revista.test/sq/op-ed/",
            "https://revista.test/en/interview/",
            "https://revista.test/sq/etiketa/nato",
            "https://revista.test/en/region/kosovo",
            "https://revista.test/en/author/arta-berisha",
            "https://revista.test/sq/rreth-nesh",
        ] {
            assert!(locs.iter().any(|x| x == l), "{l} in {locs:?}");
        }
        // Every URL exists, and lists itself among its alternates.
        for (u, loc) in urls.iter().zip(&locs) {
            let path = loc.strip_prefix("https://revista.test").expect("absolute");
            assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
            let hrefs: Vec<&str> = children(*u, "link")
                .filter_map(|l| l.attribute("href"))
                .collect();
            if !hrefs.is_empty() {
                assert!(hrefs.contains(&loc.as_str()), "{loc}");
            }
        }
        let home = urls
            .iter()
            .find(|u| child_text(**u, "loc") == "https://revista.test/en/")
            .expect("home");
        let x_default = children(*home, "link")
            .find(|l| l.attribute("hreflang") == Some("x-default"))
            .and_then(|l| l.attribute("href"));
        assert_eq!(x_default, Some("https://revista.test/"));
    });
}

#[tokio::test]
async fn the_news_sitemap_holds_only_the_last_48_hours() {
    each_backend!(|app| {
        // The demo's newest article is older than 48 hours at NOW.
        let doc = xml(&app.get("/sitemap-news.xml").await);
        assert_eq!(children(doc.root_element(), "url").count(), 0);
        add_articles(&app, "op-ed", 3).await;
        let (_, hostile) = add_hostile_article(&app).await;
        let r = app.get("/sitemap-news.xml").await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = xml(&r);
        let urls: Vec<_> = children(doc.root_element(), "url").collect();
        assert_eq!(urls.len(), 4);
        for u in &urls {
            let news = children(*u, "news").next().expect("news:news");
            assert_eq!(
                news.tag_name().namespace(),
                Some("http://www.google.com/schemas/sitemap-news/0.9")
            );
            let publication = children(news, "publication").next().expect("publication");
            assert_eq!(child_text(publication, "name"), "Argumentum");
            let lang = child_text(publication, "language");
            assert!(lang == "sq" || lang == "en");
            let date = child_text(news, "publication_date");
            let t =
                time::OffsetDateTime::parse(&date, &time::format_description::well_known::Rfc3339)
                    .expect("date")
                    .unix_timestamp();
            assert!((NOW - 48 * 3600..=NOW).contains(&t), "{date}");
            assert!(!child_text(news, "title").is_empty());
        }
        let hostile_url = urls
            .iter()
            .find(|u| child_text(**u, "loc") == format!("https://revista.test{hostile}"))
            .expect("the English article");
        let news = children(*hostile_url, "news").next().expect("news");
        assert_eq!(child_text(news, "title"), HOSTILE_TITLE);
        assert!(!r.text().contains("<script>"));
    });
}

#[tokio::test]
async fn the_cached_news_sitemap_goes_stale_with_the_clock() {
    each_backend!(|app| {
        add_articles(&app, "op-ed", 1).await;
        let count = |r: &crate::support::Res| children(xml(r).root_element(), "url").count();
        assert_eq!(count(&app.get("/sitemap-news.xml").await), 1);
        assert!(app.state.cache.contains("/sitemap-news.xml"));
        // No change to the content, but the article (published an hour before NOW) leaves
        // the 48-hour window.
        app.clock.set(NOW + 47 * 3600 + 1);
        assert_eq!(count(&app.get("/sitemap-news.xml").await), 0);
        for _ in 0..2 {
            // Fresh and from the cache alike.
            assert_eq!(
                app.get("/sitemap-news.xml").await.header("cache-control"),
                web::respond::CLOCK_CACHE_CONTROL
            );
        }
    });
}

#[tokio::test]
async fn articles_carry_opengraph_twitter_and_news_article_json_ld() {
    each_backend!(|app| {
        let url = app.flagship(Locale::En).await;
        let doc = app.page(&url).await;
        let canonical = format!("https://revista.test{url}");
        assert_eq!(
            attrs(&doc, "link[rel=canonical]", "href"),
            [canonical.as_str()]
        );
        assert_eq!(meta(&doc, "og:type"), ["article"]);
        assert_eq!(meta(&doc, "og:url"), [canonical.as_str()]);
        assert_eq!(meta(&doc, "twitter:card"), ["summary_large_image"]);
        let image = meta(&doc, "og:image").concat();
        assert!(
            image.starts_with("https://revista.test/media/") && image.ends_with(".jpg"),
            "{image}"
        );
        assert!(
            meta(&doc, "og:image:width")
                .concat()
                .parse::<u32>()
                .expect("width")
                > 0
        );
        assert!(
            meta(&doc, "og:image:height")
                .concat()
                .parse::<u32>()
                .expect("height")
                > 0
        );
        assert!(!meta(&doc, "og:image:alt").concat().is_empty());
        assert_eq!(meta(&doc, "article:published_time").len(), 1);
        assert_eq!(meta(&doc, "article:modified_time").len(), 1);
        assert!(!meta(&doc, "article:section").is_empty());
        assert!(!meta(&doc, "article:tag").is_empty());
        assert!(
            meta(&doc, "article:author")
                .concat()
                .starts_with("https://revista.test/en/author/")
        );
        let hreflangs = attrs(&doc, "link[rel=alternate][hreflang]", "href");
        assert!(
            hreflangs
                .iter()
                .all(|h| h.starts_with("https://revista.test/"))
        );

        let lds = json_ld(&doc);
        let article = of_type(&lds, "NewsArticle").expect("NewsArticle (flagship is not OP/ED)");
        assert_eq!(article["inLanguage"], "en");
        assert_eq!(article["mainEntityOfPage"]["@id"], canonical.as_str());
        assert_eq!(article["author"][0]["@type"], "Person");
        assert!(
            article["author"][0]["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("https://revista.test/en/author/"))
        );
        assert_eq!(article["publisher"]["name"], "Argumentum");
        assert!(
            article["publisher"]["logo"]["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("https://revista.test/assets/"))
        );
        assert_eq!(article["image"][0]["url"], image.as_str());
        assert!(
            article["datePublished"]
                .as_str()
                .is_some_and(|d| d.ends_with('Z'))
        );
        assert!(
            article["articleSection"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        );
        assert!(
            article["keywords"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        );
        let crumbs = of_type(&lds, "BreadcrumbList").expect("breadcrumbs");
        let items = crumbs["itemListElement"].as_array().expect("items");
        assert_eq!(items.len(), 3, "home › section › article");
        assert_eq!(items[2]["item"], canonical.as_str());
        assert_eq!(items[0]["item"], "https://revista.test/en/");
    });
}

#[tokio::test]
async fn op_ed_articles_are_opinion_and_titles_cannot_break_out() {
    each_backend!(|app| {
        let (_, url) = add_hostile_article(&app).await;
        let r = app.get(&url).await;
        assert_eq!(r.status, StatusCode::OK);
        let text = r.text();
        let head = &text[..text.find("</head>").expect("head")];
        assert_eq!(
            head.matches("</script>").count(),
            head.matches("<script").count()
        );
        let doc = r.html();
        let lds = json_ld(&doc);
        let article = of_type(&lds, "OpinionNewsArticle").expect("OP/ED is opinion");
        assert_eq!(article["headline"], HOSTILE_TITLE);
        assert_eq!(meta(&doc, "og:title"), [HOSTILE_TITLE]);
        // A demo OP/ED article too.
        let d = app.page("/sq/op-ed/").await;
        let first = attrs(&d, ".listing-grid .card h2 a", "href");
        let page = app.page(&first[0]).await;
        assert!(
            of_type(&json_ld(&page), "OpinionNewsArticle").is_some(),
            "{}",
            first[0]
        );
    });
}

#[tokio::test]
async fn home_listing_and_author_pages_describe_themselves() {
    each_backend!(|app| {
        let home = app.page("/sq/").await;
        let lds = json_ld(&home);
        let graph = lds[0]["@graph"].as_array().expect("graph");
        let types: Vec<&str> = graph.iter().filter_map(|v| v["@type"].as_str()).collect();
        assert_eq!(types, ["NewsMediaOrganization", "WebSite"]);
        assert_eq!(graph[1]["inLanguage"], "sq");
        assert_eq!(graph[0]["url"], "https://revista.test/");
        assert_eq!(meta(&home, "og:type"), ["website"]);
        assert_eq!(meta(&home, "twitter:card"), ["summary"]);

        let section = app.page("/en/op-ed/").await;
        let crumbs = of_type(&json_ld(&section), "BreadcrumbList")
            .cloned()
            .expect("crumbs");
        assert_eq!(
            crumbs["itemListElement"][1]["item"],
            "https://revista.test/en/op-ed/"
        );
        assert_eq!(
            attrs(&section, "link[hreflang=x-default]", "href"),
            ["https://revista.test/sq/op-ed/"],
            "x-default is the site's default language"
        );

        let author = app.page("/en/author/arta-berisha").await;
        let lds = json_ld(&author);
        let profile = of_type(&lds, "ProfilePage").expect("ProfilePage");
        assert_eq!(profile["mainEntity"]["@type"], "Person");
        assert_eq!(
            profile["mainEntity"]["url"],
            "https://revista.test/en/author/arta-berisha"
        );
        assert!(
            profile["mainEntity"]["name"]
                .as_str()
                .is_some_and(|n| !n.is_empty())
        );
        assert!(of_type(&lds, "BreadcrumbList").is_some());
    });
}

#[tokio::test]
async fn sitemaps_follow_publishing() {
    each_backend!(|app| {
        app.get("/sitemap.xml").await;
        app.get("/sitemaps/sq-2026-11.xml").await;
        app.get("/sitemap-news.xml").await;
        assert!(app.state.cache.contains("/sitemaps/sq-2026-11.xml"));
        add_articles(&app, "op-ed", 1).await;
        for key in [
            "/sitemap.xml",
            "/sitemaps/sq-2026-11.xml",
            "/sitemap-news.xml",
        ] {
            assert!(!app.state.cache.contains(key), "{key} is dropped");
        }
        let doc = xml(&app.get("/sitemaps/sq-2026-11.xml").await);
        assert!(
            children(doc.root_element(), "url")
                .any(|u| child_text(u, "loc").ends_with("/test-article-number-0"))
        );
    });
}
