//! Every public page renders its blocks, in both languages.

use axum::http::StatusCode;
use domain::Locale;

use crate::each_backend;
use crate::support::{attrs, sel, texts};

#[tokio::test]
async fn root_redirects_by_accept_language() {
    each_backend!(|app| {
        let r = app
            .get_with("/", &[("accept-language", "en-US,en;q=0.9")])
            .await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert_eq!(r.header("location"), "/en/");
        assert!(r.header("vary").contains("Accept-Language"));
        let r = app.get_with("/", &[("accept-language", "de-DE")]).await;
        assert_eq!(
            r.header("location"),
            "/sq/",
            "falls back to the default language"
        );
        let r = app.get("/en").await;
        assert_eq!(
            (r.status, r.header("location")),
            (StatusCode::MOVED_PERMANENTLY, "/en/".to_owned())
        );
    });
}

#[tokio::test]
async fn home_has_every_block_in_both_languages() {
    each_backend!(|app| {
        for (lang, other, pdf) in [("sq", "en", "Revista në PDF"), ("en", "sq", "PDF magazine")] {
            let doc = app.page(&format!("/{lang}/")).await;
            assert_eq!(attrs(&doc, "html", "lang"), [lang]);
            // Top bar: date in the page's language, four regions, PDF link, special edition.
            let today = texts(&doc, ".topbar .today time").concat();
            assert_eq!(
                today,
                if lang == "sq" {
                    "e shtunë, 28 nëntor 2026"
                } else {
                    "Saturday, 28 November 2026"
                }
            );
            let regions = texts(&doc, ".topbar .regions li a");
            assert_eq!(regions.len(), 5, "{regions:?}");
            assert_eq!(regions[4], pdf);
            assert_eq!(doc.select(&sel(".special-flag")).count(), 1);
            // Header: logo, eight sections with mega menus, language switch, search box.
            assert_eq!(doc.select(&sel(".logo img[alt]")).count(), 1);
            let nav = texts(&doc, ".mainnav > ul > li > a");
            assert_eq!(nav.len(), 9, "home + eight sections: {nav:?}");
            for mega in doc.select(&sel(".has-mega")) {
                let links = mega.select(&sel(".mega li a")).count();
                assert!(
                    (1..=4).contains(&links),
                    "each section lists its latest posts"
                );
                let button = mega
                    .select(&sel("button.mega-toggle"))
                    .next()
                    .expect("disclosure button");
                let controls = button.value().attr("aria-controls").expect("aria-controls");
                assert_eq!(mega.select(&sel(&format!("#{controls}"))).count(), 1);
            }
            assert_eq!(attrs(&doc, "a.lang-switch", "href"), [format!("/{other}/")]);
            assert_eq!(
                doc.select(&sel("form[role=search] input[name=q]")).count(),
                1
            );
            // Content: top stories, a block per section, latest posts.
            let top = doc.select(&sel(".top-stories .card")).count();
            assert!(top >= 3, "top stories: {top}");
            assert_eq!(doc.select(&sel(".section-block")).count(), 8);
            assert!(doc.select(&sel(".sidebar .card")).count() >= 5);
            assert!(
                doc.select(&sel(
                    ".top-stories .card.lead picture source[type='image/webp']"
                ))
                .count()
                    == 1
            );
            // hreflang alternates and canonical.
            let alts = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
            assert_eq!(alts, ["sq", "en", "x-default"]);
            assert_eq!(
                attrs(&doc, "link[hreflang=x-default]", "href"),
                ["https://revista.test/"],
                "the bare domain picks the language"
            );
            assert_eq!(
                attrs(&doc, "link[rel=canonical]", "href"),
                [format!("https://revista.test/{lang}/")]
            );
            // Footer: menu, contact addresses, social links, company id, media partner.
            assert!(texts(&doc, ".footer-bottom nav li a").len() >= 4);
            assert!(texts(&doc, ".site-footer a[href^='mailto:']").len() >= 3);
            assert!(texts(&doc, ".footer-bottom p").concat().contains("NUIS"));
            assert_eq!(doc.select(&sel(".social li a")).count(), 3);
            // No cookie is set, so no cookie notice.
            assert!(!doc.html().to_lowercase().contains("cookie-notice"));
        }
    });
}

#[tokio::test]
async fn flagship_article_has_the_full_anatomy() {
    each_backend!(|app| {
        for lang in Locale::ALL {
            let url = app.flagship(lang).await;
            let doc = app.page(&url).await;
            assert_eq!(texts(&doc, ".story-head h1").len(), 1);
            assert!(!texts(&doc, ".standfirst").concat().is_empty());
            assert_eq!(texts(&doc, ".breadcrumbs li").len(), 2, "home › section");
            assert_eq!(
                texts(&doc, ".story-head .kicker a").len(),
                2,
                "two sections"
            );
            assert_eq!(texts(&doc, ".byline a[rel=author]").len(), 1);
            assert!(!texts(&doc, ".author-note").concat().is_empty());
            assert!(doc.select(&sel(".story-meta time[datetime]")).count() >= 1);
            assert!(texts(&doc, ".story-meta .meta").concat().contains("min"));
            assert_eq!(doc.select(&sel(".story-body h2")).count(), 5);
            // Twelve footnotes, each reference linked both ways.
            let refs = attrs(&doc, ".story-body sup.fnref a", "href");
            assert_eq!(refs.len(), 12, "{refs:?}");
            for n in 1..=12 {
                assert_eq!(
                    doc.select(&sel(&format!("#fn-{n}"))).count(),
                    1,
                    "endnote {n}"
                );
                assert_eq!(
                    doc.select(&sel(&format!("#fnref-{n}"))).count(),
                    1,
                    "reference {n}"
                );
                assert_eq!(
                    attrs(&doc, &format!("#fn-{n} a.backref"), "href"),
                    [format!("#fnref-{n}")]
                );
            }
            assert_eq!(doc.select(&sel(".endnotes li")).count(), 12);
            // Figures: hero and in-body, responsive, with caption and credit.
            for fig in [".hero", ".story-body .figure"] {
                let srcset = attrs(
                    &doc,
                    &format!("{fig} picture source[type='image/webp']"),
                    "srcset",
                )
                .concat();
                assert_eq!(
                    srcset.matches("w,").count() + 1,
                    3,
                    "three widths in {fig}: {srcset}"
                );
                assert_eq!(
                    doc.select(&sel(&format!("{fig} img[alt][width][height]")))
                        .count(),
                    1
                );
                let lqip = attrs(&doc, &format!("{fig} img"), "data-lqip").concat();
                assert!(
                    lqip.starts_with("data:image/webp;base64,") && lqip.len() < 1000,
                    "{fig} has a small blur placeholder: {lqip}"
                );
                assert!(
                    !texts(&doc, &format!("{fig} figcaption .credit"))
                        .concat()
                        .is_empty(),
                    "{fig} credit"
                );
            }
            assert!(!texts(&doc, ".prose .pullquote").concat().is_empty());
            // Share links load no third-party script; seven ways to share.
            let share = attrs(&doc, ".share a", "href");
            assert_eq!(share.len(), 6);
            assert!(share.iter().any(|h| h.starts_with("mailto:")));
            assert_eq!(
                doc.select(&sel(".share button.copy-link[data-url]"))
                    .count(),
                1
            );
            for src in attrs(&doc, "script", "src") {
                assert!(src.starts_with("/assets/"), "only our own scripts: {src}");
            }
            // JSON-LD is data, not script: the CSP does not apply to it.
            assert_eq!(
                doc.select(&sel("script:not([src]):not([type='application/ld+json'])"))
                    .count(),
                0,
                "no inline script"
            );
            // Related, latest, previous/next, tags, regions.
            let related = attrs(&doc, ".related .card-title a", "href");
            assert!(!related.is_empty());
            assert!(
                !related.contains(&url),
                "related posts exclude the article itself"
            );
            assert!(doc.select(&sel(".latest-list li")).count() >= 3);
            assert!(doc.select(&sel(".prev-next a")).count() >= 1);
            assert!(doc.select(&sel(".terms a[rel=tag]")).count() >= 2);
            // The language switch leads to the translation, and back.
            let other = attrs(&doc, "a.lang-switch", "href").concat();
            assert!(other.starts_with(&format!("/{}/", lang.other())), "{other}");
            assert_ne!(
                other,
                format!("/{}/", lang.other()),
                "the flagship has a translation"
            );
            let back = app.page(&other).await;
            assert_eq!(attrs(&back, "a.lang-switch", "href").concat(), url);
            assert!(
                !related.iter().any(|r| r == &other),
                "related posts exclude the translation"
            );
            let alts = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
            assert_eq!(alts.len(), 3, "both languages and x-default: {alts:?}");
        }
    });
}

#[tokio::test]
async fn article_without_translation_switches_to_the_other_home() {
    each_backend!(|app| {
        // b17 is Albanian only.
        let (cards, _) = app
            .state
            .db
            .list_cards(
                Locale::Sq,
                store::articles::Listing::Latest,
                200,
                0,
                testkit::NOW,
            )
            .await
            .expect("cards");
        let sections = app.state.db.list_sections().await.expect("sections");
        let groups: Vec<i64> = cards.iter().map(|c| c.id).collect();
        let mut found = false;
        for c in &cards {
            let a = app
                .state
                .db
                .find_article(c.id)
                .await
                .expect("ok")
                .expect("exists");
            let t = app
                .state
                .db
                .list_translations(&[a.translation_group])
                .await
                .expect("ok");
            if t.len() == 1 {
                let doc = app.page(&web::views::article_url(c, &sections)).await;
                assert_eq!(attrs(&doc, "a.lang-switch", "href"), ["/en/"]);
                assert_eq!(
                    attrs(&doc, "link[rel=alternate][hreflang]", "hreflang"),
                    ["sq"]
                );
                found = true;
                break;
            }
        }
        assert!(
            found,
            "the demo has an Albanian-only article among {}",
            groups.len()
        );
    });
}

#[tokio::test]
async fn section_pages_paginate_with_breadcrumbs() {
    each_backend!(|app| {
        let doc = app.page("/en/balkan-overview/").await;
        assert_eq!(texts(&doc, ".listing-head h1"), ["Balkan Overview"]);
        assert_eq!(texts(&doc, ".breadcrumbs li a"), ["Home"]);
        let n = doc.select(&sel(".listing-grid .card")).count();
        assert!(n >= 3, "{n}");
        // Without a trailing slash: permanent redirect to the canonical URL.
        let r = app.get("/en/balkan-overview").await;
        assert_eq!(
            (r.status, r.header("location")),
            (StatusCode::MOVED_PERMANENTLY, "/en/balkan-overview/".into())
        );
        // Albanian slug.
        let doc = app.page("/sq/panorama-ballkanike/").await;
        assert_eq!(texts(&doc, ".listing-head h1"), ["Panorama ballkanike"]);
        assert_eq!(
            attrs(&doc, "a.lang-switch", "href"),
            ["/en/balkan-overview/"]
        );
        // Bad and out-of-range page numbers.
        for (q, status) in [
            ("abc", 400),
            ("0", 400),
            ("-1", 400),
            ("1e3", 400),
            ("99999999999", 400),
            ("999", 404),
        ] {
            let r = app.get(&format!("/en/balkan-overview/?page={q}")).await;
            assert_eq!(r.status.as_u16(), status, "page={q}");
            assert_eq!(r.header("content-type"), "text/html; charset=utf-8");
            assert_eq!(r.html().select(&sel("html[lang=en]")).count(), 1);
        }
    });
}

#[tokio::test]
async fn pagination_walks_the_whole_listing() {
    each_backend!(|app| {
        let before = app
            .page("/sq/op-ed/")
            .await
            .select(&sel(".listing-grid .card"))
            .count();
        crate::support::add_articles(&app, "op-ed", 30).await;
        let mut seen = Vec::new();
        let mut url = "/sq/op-ed/".to_owned();
        let mut pages = 0;
        loop {
            let doc = app.page(&url).await;
            pages += 1;
            let hrefs = attrs(&doc, ".listing-grid .card-title a", "href");
            assert!(hrefs.len() <= 12);
            for h in hrefs {
                assert!(!seen.contains(&h), "pages do not overlap: {h}");
                seen.push(h);
            }
            match attrs(&doc, ".pager a[rel=next]", "href").into_iter().next() {
                Some(next) => {
                    let back = app.page(&next).await;
                    assert_eq!(attrs(&back, ".pager a[rel=prev]", "href"), [url.clone()]);
                    url = next;
                }
                None => break,
            }
        }
        assert_eq!(seen.len(), before + 30);
        assert_eq!(pages, (before + 30).div_ceil(12));
    });
}

#[tokio::test]
async fn tag_region_and_author_pages() {
    each_backend!(|app| {
        let doc = app.page("/en/tag/nato").await;
        assert_eq!(texts(&doc, ".listing-head h1"), ["NATO"]);
        assert!(doc.select(&sel(".listing-grid .card")).count() >= 1);
        assert_eq!(attrs(&doc, "a.lang-switch", "href"), ["/sq/etiketa/nato"]);
        let doc = app.page("/sq/etiketa/integrimi-evropian").await;
        assert_eq!(texts(&doc, ".listing-head h1"), ["Integrimi evropian"]);
        let doc = app.page("/en/region/kosovo").await;
        assert_eq!(texts(&doc, ".listing-head h1"), ["Kosovo"]);
        assert!(doc.select(&sel(".listing-grid .card")).count() >= 3);
        let doc = app.page("/sq/rajoni/mali-i-zi").await;
        assert_eq!(texts(&doc, ".listing-head h1"), ["Mali i Zi"]);
        let doc = app.page("/en/author/arta-berisha").await;
        assert_eq!(texts(&doc, ".listing-head h1"), ["Arta Berisha"]);
        assert!(
            !texts(&doc, ".listing-head .intro").concat().is_empty(),
            "bio"
        );
        assert!(doc.select(&sel(".author-links a")).count() >= 1);
        assert!(doc.select(&sel(".listing-grid .card")).count() >= 1);
        for missing in [
            "/en/tag/nope",
            "/en/region/nope",
            "/en/author/nope",
            "/sq/tag/nato",
        ] {
            assert_eq!(
                app.get(missing).await.status,
                StatusCode::NOT_FOUND,
                "{missing}"
            );
        }
    });
}

#[tokio::test]
async fn static_pages_in_both_languages() {
    each_backend!(|app| {
        let doc = app.page("/en/about").await;
        assert!(!texts(&doc, ".static-page h1").concat().is_empty());
        assert_eq!(attrs(&doc, "a.lang-switch", "href"), ["/sq/rreth-nesh"]);
        let doc = app.page("/sq/kontakt").await;
        assert!(
            doc.select(&sel(".prose a[href^='mailto:']")).count() >= 3,
            "contact addresses"
        );
        assert_eq!(attrs(&doc, "a.lang-switch", "href"), ["/en/contact"]);
        let doc = app.page("/en/privacy-policy").await;
        assert!(doc.select(&sel(".prose h2")).count() >= 3);
        // Editions say honestly that there are none yet.
        let doc = app.page("/sq/revista-pdf").await;
        assert_eq!(texts(&doc, ".notice h1"), ["Revista në PDF"]);
    });
}

#[tokio::test]
async fn not_found_and_bad_paths_get_localised_pages() {
    each_backend!(|app| {
        for (path, lang, title) in [
            ("/en/nothing-here", "en", "Page not found"),
            ("/sq/asgje-ketu", "sq", "Faqja nuk u gjet"),
            ("/en/op-ed/no-such-article", "en", "Page not found"),
            ("/sq/op-ed/a/b/c", "sq", "Faqja nuk u gjet"),
            ("/xx/", "sq", "Faqja nuk u gjet"),
            ("/en/..%2f..%2fetc%2fpasswd", "en", "Page not found"),
            ("/media/..%2fsecret.jpg", "sq", "Faqja nuk u gjet"),
            ("/assets/nope.css", "sq", "Faqja nuk u gjet"),
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            let doc = r.html();
            assert_eq!(attrs(&doc, "html", "lang"), [lang], "{path}");
            assert_eq!(texts(&doc, "h1"), [title], "{path}");
        }
        // Not UTF-8 once decoded: a 400 page, in the path's language.
        let r = app.get("/en/%ff%fe").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(texts(&r.html(), "h1"), ["Bad request"]);
        let long = format!("/en/{}", "a".repeat(5000));
        assert_eq!(app.get(&long).await.status, StatusCode::NOT_FOUND);
        let r = app
            .request(
                axum::http::Request::post("/en/")
                    .body(axum::body::Body::empty())
                    .expect("req"),
            )
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(texts(&r.html(), "h1"), ["Not allowed"]);
    });
}

#[tokio::test]
async fn database_failure_shows_a_generic_500_page() {
    for kind in testkit::backends() {
        let app = crate::support::TestApp::with_cache(kind, false).await;
        app.state.db.close().await;
        let r = app.get("/en/tag/nato").await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        let doc = r.html();
        assert_eq!(texts(&doc, "h1"), ["Something went wrong"]);
        assert!(!r.text().contains("pool"), "no internals leak");
        let r = app.get("/healthz").await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    }
}

#[tokio::test]
async fn health_robots_and_assets() {
    each_backend!(|app| {
        let r = app.get("/healthz").await;
        assert_eq!((r.status, r.text()), (StatusCode::OK, "ok\n".to_owned()));
        let r = app.get("/robots.txt").await;
        assert!(r.text().contains("User-agent"));
        assert!(
            r.text()
                .contains("Sitemap: https://revista.test/sitemap.xml\n")
        );
        assert!(
            r.text()
                .contains("Sitemap: https://revista.test/sitemap-news.xml\n")
        );
        let doc = app.page("/en/").await;
        let css = attrs(&doc, "link[rel=stylesheet]", "href").concat();
        assert!(
            css.starts_with("/assets/site.") && css.ends_with(".css"),
            "{css}"
        );
        let r = app.get_with(&css, &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(r.header("content-encoding"), "br");
        let etag = r.header("etag");
        let r = app.get_with(&css, &[("if-none-match", &etag)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        let img = attrs(&doc, ".top-stories .card.lead img", "src").concat();
        let r = app.get(&img).await;
        assert_eq!(
            (r.status, r.header("content-type")),
            (StatusCode::OK, "image/jpeg".to_owned())
        );
    });
}
