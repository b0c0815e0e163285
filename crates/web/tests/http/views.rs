//! Counting views with the beacon.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::{ArticleCard, ArticleStatus, Locale};
use store::views::day_of;
use testkit::NOW;

use crate::each_backend;
use crate::support::{Res, TestApp, attrs, published_draft};

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
async fn the_last_counts_are_written_when_the_server_stops() {
    each_backend!(|app| {
        let (card, _) = articles(&app, Locale::En, 1).await.remove(0);
        read(&app, card.id, 4).await;
        let tasks = app.state.spawn_view_tasks();
        tasks.shutdown().await;
        assert_eq!(app.state.views.pending(), 0);
        assert_eq!(views_today(&app, Locale::En).await, [(card.id, 4)]);
    });
}
