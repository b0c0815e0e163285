//! The page cache serves repeat requests and is invalidated exactly when content changes.

use domain::Locale;

use crate::each_backend;
use crate::support::{attrs, doc, texts};

#[tokio::test]
async fn repeat_requests_come_from_the_cache() {
    each_backend!(|app| {
        let url = app.flagship(Locale::En).await;
        app.page(&url).await;
        assert!(app.state.cache.contains(&url));
        let before = app.state.db.query_count();
        app.page(&url).await;
        app.page("/en/").await;
        let after_home = app.state.db.query_count();
        app.page("/en/").await;
        assert_eq!(
            app.state.db.query_count(),
            after_home,
            "a cached page runs no query"
        );
        assert!(after_home >= before);
    });
}

#[tokio::test]
async fn editing_an_article_invalidates_exactly_the_pages_that_show_it() {
    each_backend!(|app| {
        // Articles in the site chrome (menus, latest posts) appear on every page; pick two
        // older ones that do not, and that do not link to each other.
        let home = app.page("/en/").await;
        let chrome: Vec<String> = attrs(&home, ".mainnav a, .footer-latest a", "href");
        let sections = app.state.db.list_sections().await.expect("sections");
        let (cards, _) = app
            .state
            .db
            .list_cards(
                Locale::En,
                store::articles::Listing::Latest,
                200,
                0,
                testkit::NOW,
            )
            .await
            .expect("cards");
        let urls: Vec<String> = cards
            .iter()
            .map(|c| web::views::article_url(c, &sections))
            .filter(|u| !chrome.contains(u))
            .collect();
        let mut pair = None;
        'outer: for x in &urls {
            let x_links = attrs(&app.page(x).await, "a", "href");
            for y in &urls {
                if y != x && !x_links.contains(y) {
                    let y_links = attrs(&app.page(y).await, "a", "href");
                    if !y_links.contains(x) {
                        pair = Some((x.clone(), y.clone()));
                        break 'outer;
                    }
                }
            }
        }
        let (x, y) = pair.expect("two unrelated older articles");
        // A section listing that does not show X.
        let mut listing = None;
        for s in &sections {
            let path = format!("/en/{}/", s.slug.en);
            if !attrs(&app.page(&path).await, "a", "href").contains(&x) {
                listing = Some(path);
                break;
            }
        }
        let listing = listing.expect("a section page without X");
        assert!(
            app.state.cache.contains(&x)
                && app.state.cache.contains(&y)
                && app.state.cache.contains(&listing)
        );

        let slug = x.rsplit('/').next().expect("slug");
        let article = app
            .state
            .db
            .find_published_article(Locale::En, slug)
            .await
            .expect("ok")
            .expect("found");
        app.state
            .db
            .update_article_content(
                article.id,
                "A corrected headline",
                &article.standfirst,
                &doc("New body text."),
                testkit::NOW,
            )
            .await
            .expect("update");
        app.state.apply_changes().await.expect("changes");
        assert!(
            !app.state.cache.contains(&x),
            "the edited article's page is dropped"
        );
        assert!(
            app.state.cache.contains(&y),
            "an unrelated article page stays cached"
        );
        assert!(
            app.state.cache.contains(&listing),
            "a listing that does not show it stays cached"
        );
        let fresh = app.page(&x).await;
        assert_eq!(texts(&fresh, ".story-head h1"), ["A corrected headline"]);
        assert_eq!(texts(&fresh, ".story-body p"), ["New body text."]);
    });
}

#[tokio::test]
async fn publishing_refreshes_listings_and_menus() {
    each_backend!(|app| {
        let before = app.page("/sq/op-ed/").await;
        assert!(app.state.cache.contains("/sq/op-ed/"));
        let n = attrs(&before, ".listing-grid .card", "class").len();
        crate::support::add_articles(&app, "op-ed", 1).await;
        assert!(!app.state.cache.contains("/sq/op-ed/"));
        let after = app.page("/sq/op-ed/").await;
        assert_eq!(attrs(&after, ".listing-grid .card", "class").len(), n + 1);
        let home = app.page("/sq/").await;
        assert!(
            texts(&home, "#mega-op-ed li a")
                .iter()
                .any(|t| t == "Test article number 0"),
            "mega menu shows it"
        );
    });
}

#[tokio::test]
async fn without_the_cache_every_request_renders() {
    for kind in testkit::backends() {
        let app = crate::support::TestApp::with_cache(kind, false).await;
        app.page("/en/").await;
        let q = app.state.db.query_count();
        app.page("/en/").await;
        assert!(app.state.db.query_count() > q);
        assert!(app.state.cache.is_empty());
    }
}
