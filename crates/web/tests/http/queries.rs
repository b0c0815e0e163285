//! No page (feed, sitemap) runs a query per row: the number of queries a page needs does not grow with the
//! number of articles it shows.

use domain::Locale;

async fn queries_for(app: &crate::support::TestApp, path: &str) -> u64 {
    // Warm the site chrome (shared by all pages, rebuilt only after changes), then count.
    app.page(path).await;
    app.state.chrome.clear();
    app.state.authors.clear();
    let before = app.state.db.query_count();
    let r = app.get(path).await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{path}");
    app.state.db.query_count() - before
}

#[tokio::test]
async fn query_counts_do_not_grow_with_content() {
    for kind in testkit::backends() {
        let app = crate::support::TestApp::with_cache(kind, false).await;
        let article = app.flagship(Locale::Sq).await;
        let paths = [
            "/sq/",
            "/sq/op-ed/",
            "/sq/etiketa/nato",
            "/sq/autori/arta-berisha",
            "/sq/rreth-nesh",
            article.as_str(),
            "/feed.xml",
            "/sq/feed.xml",
            "/sq/op-ed/feed.xml",
            "/sq/etiketa/nato/atom.xml",
            "/en/author/arta-berisha/feed.json",
            "/sitemap.xml",
            "/sitemaps/sq-2026-11.xml",
            "/sitemaps/pages.xml",
            "/sitemap-news.xml",
        ];
        let mut small = Vec::new();
        for p in paths {
            small.push(queries_for(&app, p).await);
        }
        crate::support::add_articles(&app, "op-ed", 40).await;
        let mut large = Vec::new();
        for p in paths {
            large.push(queries_for(&app, p).await);
        }
        for ((p, s), l) in paths.iter().zip(&small).zip(&large) {
            // Fewer is fine (an image query is skipped when no card has an image).
            assert!(
                l <= s,
                "[{kind:?}] {p}: {s} queries with the demo, {l} with 40 more articles"
            );
        }
        // Fixed budgets, chrome included (it is rebuilt on every measured request here).
        for (p, n) in paths.iter().zip(&large) {
            assert!(*n <= 20, "{p} runs {n} queries");
        }
        eprintln!(
            "[{kind:?}] queries per page (cold chrome): {:?}",
            paths.iter().zip(&large).collect::<Vec<_>>()
        );
    }
}
