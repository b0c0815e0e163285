//! Counting views with the beacon, and the "most read" lists on the home page and in the
//! article sidebar.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::{ArticleCard, ArticleStatus, Locale};
use store::views::day_of;
use testkit::NOW;

use crate::each_backend;
use crate::support::{Res, TestApp, attrs, doc, published_draft, sel, texts};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const TODAY: i64 = day_of(NOW);

/// `POST /v/{id}` with these headers (a browser's User-Agent unless one is given).
async fn beacon(app: &TestApp, id: &str, headers: &[(&str, &str)]) -> Res {
    let mut b = Request::post(format!("/v/{id}"));
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
    {
        b = b.header("user-agent", FIREFOX);
    }
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    app.request(b.body(Body::empty()).expect("request")).await
}

/// `count` views of `id` through the beacon, as browsers send them.
async fn read(app: &TestApp, id: i64, count: usize) {
    for _ in 0..count {
        let r = beacon(app, &id.to_string(), &[("sec-fetch-site", "same-origin")]).await;
        assert_eq!(
            r.status,
            StatusCode::NO_CONTENT,
            "[{:?}] view of {id}",
            app.kind
        );
    }
}

/// The newest published articles in `lang`, with their URLs.
async fn articles(app: &TestApp, lang: Locale, n: i64) -> Vec<(ArticleCard, String)> {
    let sections = app.state.db.list_sections().await.expect("sections");
    let cards = app.state.db.list_latest(lang, n, NOW).await.expect("cards");
    cards
        .into_iter()
        .map(|c| {
            let url = web::views::article_url(&c, &sections);
            (c, url)
        })
        .collect()
}

/// Titles in the list of `window` (`today`, `week`, `month`) of the "most read" block.
fn most_read(page: &scraper::Html, window: &str) -> Vec<String> {
    texts(page, &format!(".most-read #most-read-{window} li a"))
}

/// `(article id, views)` of today's ranking in `lang`, as stored.
async fn views_today(app: &TestApp, lang: Locale) -> Vec<(i64, i64)> {
    app.state
        .db
        .list_most_read(lang, TODAY, TODAY, 5, NOW)
        .await
        .expect("ranking")
        .iter()
        .map(|m| (m.card.id, m.views))
        .collect()
}

async fn flush_and_rank(app: &TestApp) {
    app.state.flush_views().await.expect("views are written");
    app.state.refresh_most_read().await.expect("rankings");
}

#[tokio::test]
async fn a_view_is_counted_without_cookies_or_caching() {
    each_backend!(|app| {
        let (card, url) = articles(&app, Locale::Sq, 1).await.remove(0);
        let page = app.page(&url).await;
        assert_eq!(
            attrs(&page, "article.story", "data-article-id"),
            [card.id.to_string()],
            "the page names its article for the script"
        );
        let r = beacon(
            &app,
            &card.id.to_string(),
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(r.header("cache-control"), "no-store");
        assert!(r.headers.get("set-cookie").is_none());
        assert!(r.bytes.is_empty());
        assert_eq!(app.state.views.pending(), 1);
        read(&app, card.id, 2).await;
        assert_eq!(
            app.state.views.pending(),
            1,
            "one count per article and day"
        );
        assert_eq!(app.state.flush_views().await.expect("flush"), 1);
        assert_eq!(app.state.views.pending(), 0);
        assert_eq!(
            app.state.flush_views().await.expect("flush"),
            0,
            "nothing left"
        );
        assert_eq!(views_today(&app, Locale::Sq).await, [(card.id, 3)]);
    });
}

#[tokio::test]
async fn robots_prefetches_and_other_sites_are_not_counted() {
    each_backend!(|app| {
        let (card, _) = articles(&app, Locale::En, 1).await.remove(0);
        let id = card.id.to_string();
        let before = app.state.db.query_count();
        for headers in [
            &[(
                "user-agent",
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            )][..],
            &[("user-agent", "")],
            &[(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0 Safari/537.36",
            )],
            &[("sec-purpose", "prefetch")],
            &[("sec-purpose", "prefetch;prerender")],
            &[("purpose", "prefetch")],
            &[("sec-fetch-site", "cross-site")],
        ] {
            let r = beacon(&app, &id, headers).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{headers:?}");
            assert_eq!(r.header("cache-control"), "no-store");
        }
        // No User-Agent header at all.
        let r = app
            .request(
                Request::post(format!("/v/{id}"))
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(app.state.views.pending(), 0, "nothing counted");
        assert_eq!(
            app.state.db.query_count(),
            before,
            "ignored requests do not reach the database"
        );
    });
}

#[tokio::test]
async fn only_published_articles_count_and_bad_ids_are_404s() {
    each_backend!(|app| {
        let db = &app.state.db;
        let mut d = published_draft(Locale::En, "Draft", "Text.", NOW);
        d.status = ArticleStatus::Draft;
        d.published_at = None;
        let draft = db.insert_article(&d, NOW).await.expect("insert");
        let future = db
            .insert_article(
                &published_draft(Locale::En, "Tomorrow", "Text.", NOW + 3600),
                NOW,
            )
            .await
            .expect("insert");
        app.state.apply_changes().await.expect("changes");
        for id in [
            "999999999".to_owned(),
            "abc".into(),
            "0".into(),
            "-5".into(),
            "1.5".into(),
            "99999999999999999999999".into(),
            draft.to_string(),
            future.to_string(),
        ] {
            let r = beacon(&app, &id, &[]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{id}");
            assert_eq!(r.header("cache-control"), "no-store");
            assert!(
                r.header("content-type").starts_with("text/plain"),
                "a short answer, not an error page"
            );
        }
        assert_eq!(app.state.views.pending(), 0);
        // The future article counts once its time has come: what was remembered about it
        // is checked against the clock.
        app.clock.set(NOW + 3600);
        assert_eq!(
            beacon(&app, &future.to_string(), &[]).await.status,
            StatusCode::NO_CONTENT
        );
        // Unpublished: the change log makes the counter ask again.
        db.set_article_status(future, ArticleStatus::Unpublished, NOW + 3600)
            .await
            .expect("unpublish");
        app.state.apply_changes().await.expect("changes");
        assert_eq!(
            beacon(&app, &future.to_string(), &[]).await.status,
            StatusCode::NOT_FOUND
        );
        let r = app.get(&format!("/v/{future}")).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    });
}

#[tokio::test]
async fn the_most_read_articles_come_first_on_home_and_article_pages() {
    each_backend!(|app| {
        let home = app.page("/sq/").await;
        assert_eq!(
            home.select(&sel(".most-read")).count(),
            0,
            "no block before anything is read"
        );
        let list = articles(&app, Locale::Sq, 3).await;
        let [(a, a_url), (b, _), (c, _)] = &list[..] else {
            panic!("three articles");
        };
        read(&app, a.id, 1).await;
        read(&app, b.id, 3).await;
        read(&app, c.id, 2).await;
        flush_and_rank(&app).await;
        let order = vec![b.title.clone(), c.title.clone(), a.title.clone()];
        let home = app.page("/sq/").await;
        assert_eq!(texts(&home, ".most-read h2"), ["Më të lexuarat"]);
        assert_eq!(
            texts(&home, ".most-read h3"),
            ["Sot", "Këtë javë", "Këtë muaj"]
        );
        for window in ["today", "week", "month"] {
            assert_eq!(most_read(&home, window), order, "{window}");
        }
        assert!(
            attrs(&home, ".most-read li a", "href").contains(a_url),
            "links to the article"
        );
        assert_eq!(
            home.select(&sel(".sidebar .most-read")).count(),
            1,
            "in the sidebar"
        );
        let article = app.page(a_url).await;
        assert_eq!(most_read(&article, "today"), order);
        assert_eq!(
            article.select(&sel("aside.sidebar .most-read ol")).count(),
            3
        );
        // Headings keep their order: the block's h2 is followed by its h3s.
        let headings: Vec<String> = article
            .select(&sel("aside h2, aside h3"))
            .map(|h| h.value().name().to_owned())
            .collect();
        assert_eq!(headings.last().map(String::as_str), Some("h3"));
        // The other language has its own lists, still empty.
        let en = app.page("/en/").await;
        assert_eq!(en.select(&sel(".most-read")).count(), 0);
    });
}

#[tokio::test]
async fn today_this_week_and_this_month_hold_their_days() {
    each_backend!(|app| {
        let list = articles(&app, Locale::En, 4).await;
        let ids: Vec<i64> = list.iter().map(|(c, _)| c.id).collect();
        let titles: Vec<String> = list.iter().map(|(c, _)| c.title.clone()).collect();
        app.state
            .db
            .add_views(&[
                (ids[0], TODAY - 3, 10),
                (ids[1], TODAY, 5),
                (ids[2], TODAY - 20, 20),
                (ids[3], TODAY - 40, 100),
            ])
            .await
            .expect("views");
        app.state.refresh_most_read().await.expect("rankings");
        let home = app.page("/en/").await;
        assert_eq!(most_read(&home, "today"), [titles[1].clone()]);
        assert_eq!(
            most_read(&home, "week"),
            [titles[0].clone(), titles[1].clone()]
        );
        assert_eq!(
            most_read(&home, "month"),
            [titles[2].clone(), titles[0].clone(), titles[1].clone()]
        );
        assert!(
            !texts(&home, ".most-read li a").contains(&titles[3]),
            "forty days ago is outside every window"
        );
        // A day later, yesterday's views are no longer today's.
        app.clock.set(NOW + 86_400);
        app.state.refresh_most_read().await.expect("rankings");
        let home = app.page("/en/").await;
        assert!(most_read(&home, "today").is_empty());
        assert_eq!(
            texts(&home, ".most-read h3"),
            ["This week", "This month"],
            "an empty window is left out"
        );
    });
}

#[tokio::test]
async fn cached_pages_follow_the_lists_and_only_when_they_change() {
    each_backend!(|app| {
        let list = articles(&app, Locale::Sq, 3).await;
        let [(a, a_url), (b, _), (c, _)] = &list[..] else {
            panic!("three articles");
        };
        let section = "/sq/op-ed/";
        for path in ["/sq/", "/en/", a_url.as_str(), section] {
            app.page(path).await;
            assert!(app.state.cache.contains(path), "{path} is cached");
        }
        read(&app, a.id, 2).await;
        read(&app, b.id, 1).await;
        flush_and_rank(&app).await;
        assert!(
            !app.state.cache.contains("/sq/"),
            "the home page is dropped"
        );
        assert!(
            !app.state.cache.contains(a_url),
            "article pages are dropped"
        );
        assert!(
            app.state.cache.contains("/en/"),
            "the other language's lists did not change"
        );
        assert!(
            app.state.cache.contains(section),
            "pages without the lists stay"
        );
        let r = app.get("/sq/").await;
        assert_eq!(
            r.header("last-modified"),
            "Sat, 28 Nov 2026 09:20:00 GMT",
            "modified when the lists changed (NOW)"
        );
        let home = r.html();
        assert_eq!(
            most_read(&home, "today"),
            [a.title.clone(), b.title.clone()]
        );
        app.page(a_url).await;
        // More views that do not change the order: the pages stay as they are.
        read(&app, a.id, 1).await;
        app.state.flush_views().await.expect("flush");
        assert!(!app.state.refresh_most_read().await.expect("rankings"));
        assert!(app.state.cache.contains("/sq/") && app.state.cache.contains(a_url));
        // A new leader changes the lists.
        read(&app, c.id, 5).await;
        flush_and_rank(&app).await;
        assert!(!app.state.cache.contains("/sq/"));
        let home = app.page("/sq/").await;
        assert_eq!(
            most_read(&home, "today"),
            [c.title.clone(), a.title.clone(), b.title.clone()]
        );
        // Editing a listed article shows its new title at once, without a new ranking.
        app.state
            .db
            .update_article_content(c.id, "A new headline", &c.standfirst, &doc("Body."), NOW)
            .await
            .expect("edit");
        app.state.apply_changes().await.expect("changes");
        let home = app.page("/sq/").await;
        assert_eq!(most_read(&home, "today")[0], "A new headline");
    });
}

#[tokio::test]
async fn the_lists_add_no_query_to_a_page() {
    for kind in testkit::backends() {
        let app = TestApp::with_cache(kind, false).await;
        let list = articles(&app, Locale::Sq, 6).await;
        let article = list[5].1.clone();
        let queries = |path: String| {
            let app = &app;
            async move {
                let before = app.state.db.query_count();
                app.page(&path).await;
                app.state.db.query_count() - before
            }
        };
        let mut without = Vec::new();
        for path in ["/sq/".to_owned(), article.clone()] {
            queries(path.clone()).await;
            without.push(queries(path).await);
        }
        for (i, (card, _)) in list.iter().enumerate() {
            read(&app, card.id, i + 1).await;
        }
        flush_and_rank(&app).await;
        let first = queries("/sq/".to_owned()).await;
        assert_eq!(
            first,
            without[0] + 1,
            "[{kind:?}] the lists are built once, in one query"
        );
        let mut with = Vec::new();
        for path in ["/sq/".to_owned(), article.clone()] {
            let page = app.page(&path).await;
            assert_eq!(most_read(&page, "today").len(), 5, "{path}");
            with.push(queries(path).await);
        }
        assert_eq!(
            with, without,
            "[{kind:?}] queries per page, home and article"
        );
    }
}

#[tokio::test]
async fn the_last_counts_are_written_when_the_server_stops() {
    each_backend!(|app| {
        let (card, _) = articles(&app, Locale::En, 1).await.remove(0);
        read(&app, card.id, 4).await;
        let tasks = app.state.spawn_background_tasks();
        tasks.shutdown().await;
        assert_eq!(app.state.views.pending(), 0);
        assert_eq!(views_today(&app, Locale::En).await, [(card.id, 4)]);
    });
}
