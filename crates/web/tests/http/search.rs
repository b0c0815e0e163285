//! The search page and live search through the real router: results, snippets, filters,
//! sorting, pagination, hostile input, escaping, and freshness after edits.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use domain::{ArticleStatus, Locale};
use testkit::NOW;

use crate::each_backend;
use crate::support::{TestApp, attrs, doc, published_draft, sel, texts};

/// Publishes an article in the demo's first section and updates the search index.
async fn publish(app: &TestApp, lang: Locale, title: &str, body: &str, published_at: i64) -> i64 {
    let mut draft = published_draft(lang, title, body, published_at);
    draft.standfirst = String::new();
    publish_draft(app, draft).await
}

/// Publishes `draft` in the demo's first section, by its first author, and updates the
/// search index.
async fn publish_draft(app: &TestApp, mut draft: domain::ArticleDraft) -> i64 {
    let sections = app.state.db.list_sections().await.expect("sections");
    let author = app.state.db.list_authors().await.expect("authors")[0].id;
    draft.section_ids = vec![sections[0].id];
    draft.author_ids = vec![author];
    let id = app
        .state
        .db
        .insert_article(&draft, NOW)
        .await
        .expect("insert");
    app.state.catch_up_search().await.expect("index");
    id
}

fn hit_titles(doc: &scraper::Html) -> Vec<String> {
    texts(doc, ".search-hit .card-title")
}

#[tokio::test]
async fn finds_articles_with_snippets_and_says_how_many() {
    each_backend!(|app| {
        let r = app.get("/en/search?q=elections").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.header("cache-control"),
            "no-cache",
            "results are never stale"
        );
        let doc = r.html();
        assert_eq!(texts(&doc, "h1"), ["Results for “elections”"]);
        let titles = hit_titles(&doc);
        assert!(!titles.is_empty(), "the demo writes about elections");
        assert_eq!(
            texts(&doc, ".search-count"),
            [if titles.len() == 1 {
                "One result".to_owned()
            } else {
                format!("{} results", titles.len())
            }]
        );
        let marks = texts(&doc, ".search-hit .snippet mark");
        assert!(!marks.is_empty(), "snippets mark the words found");
        for m in &marks {
            assert!(m.to_lowercase().starts_with("elect"), "stemmed match {m:?}");
        }
        for href in attrs(&doc, ".search-hit .card-title a", "href") {
            assert!(
                href.starts_with("/en/"),
                "English results on the English page: {href}"
            );
            assert_eq!(app.get(&href).await.status, StatusCode::OK, "{href} opens");
        }
        assert_eq!(
            attrs(&doc, "meta[name=robots]", "content"),
            ["noindex, follow"]
        );
        // The form keeps the query; the language switch keeps the search.
        assert_eq!(attrs(&doc, "#search-q", "value"), ["elections"]);
        assert_eq!(
            attrs(&doc, "a.lang-switch", "href"),
            ["/sq/kerko?q=elections"]
        );
    });
}

#[tokio::test]
async fn folds_diacritics_and_covers_both_languages_on_request() {
    each_backend!(|app| {
        publish(
            &app,
            Locale::Sq,
            "Çështja e zgjedhjëve në Qafëthanë",
            "Komisioni shqyrtoi zgjedhjet.",
            NOW - 60,
        )
        .await;
        publish(
            &app,
            Locale::En,
            "The Qafethane count",
            "Counting went on all night.",
            NOW - 60,
        )
        .await;
        for q in [
            "ceshtja",
            "zgjedhjeve",
            "zgjedhjët qafethane",
            "zgjedhjet qafëthanë",
            "QAFETHANE",
        ] {
            let doc = app.page(&format!("/sq/kerko?q={}", urlencode(q))).await;
            assert!(
                hit_titles(&doc).contains(&"Çështja e zgjedhjëve në Qafëthanë".to_owned()),
                "{q} finds the article: {:?}",
                hit_titles(&doc)
            );
        }
        let doc = app.page("/sq/kerko?q=qafethane").await;
        assert_eq!(hit_titles(&doc).len(), 1, "the page's language by default");
        let doc = app.page("/sq/kerko?q=qafethane&in=all").await;
        assert_eq!(hit_titles(&doc).len(), 2);
        assert_eq!(
            attrs(&doc, ".search-hit[lang]", "lang"),
            ["en"],
            "English hits say so"
        );
        let doc = app.page("/sq/kerko?q=qafethane&in=en").await;
        assert_eq!(hit_titles(&doc), ["The Qafethane count"]);
    });
}

#[tokio::test]
async fn filters_sort_and_paginate() {
    each_backend!(|app| {
        for i in 0..23 {
            publish(
                &app,
                Locale::En,
                &format!("Lighthouse report {i}"),
                "The lighthouse keeper wrote.",
                NOW - 3600 * (i + 1),
            )
            .await;
        }
        let doc = app.page("/en/search?q=lighthouse&sort=date").await;
        assert_eq!(texts(&doc, ".search-count"), ["23 results"]);
        let titles = hit_titles(&doc);
        assert_eq!(titles.len(), 10);
        assert_eq!(titles[0], "Lighthouse report 0", "newest first");
        assert_eq!(titles[9], "Lighthouse report 9");
        let next = attrs(&doc, ".pager a[rel=next]", "href");
        assert_eq!(next, ["/en/search?q=lighthouse&sort=date&page=2"]);
        let doc = app.page(&next[0]).await;
        assert_eq!(hit_titles(&doc)[0], "Lighthouse report 10");
        let doc = app.page("/en/search?q=lighthouse&sort=date&page=3").await;
        assert_eq!(hit_titles(&doc).len(), 3);
        assert_eq!(
            app.get("/en/search?q=lighthouse&page=4").await.status,
            StatusCode::NOT_FOUND
        );

        // A date window: reports 2 to 4 hours old, all on the frozen "today".
        let day = time::OffsetDateTime::from_unix_timestamp(NOW)
            .expect("date")
            .date();
        let doc = app
            .page(&format!("/en/search?q=lighthouse&from={day}&to={day}"))
            .await;
        let same_day = hit_titles(&doc).len();
        assert!(same_day >= 1, "something was published today");
        assert_eq!(attrs(&doc, "input[name=from]", "value"), [day.to_string()]);
        assert!(
            doc.select(&sel("details.search-filters[open]"))
                .next()
                .is_some(),
            "filters in use stay open"
        );

        // Section and author filters narrow; the selects show the choice.
        let sections = app.state.db.list_sections().await.expect("sections");
        let other = &sections[1];
        let doc = app
            .page(&format!(
                "/en/search?q=lighthouse&section={}",
                other.slug.en
            ))
            .await;
        assert!(
            hit_titles(&doc).is_empty(),
            "nothing of these is in another section"
        );
        assert_eq!(
            attrs(&doc, "select[name=section] option[selected]", "value"),
            [other.slug.en.as_str()]
        );
        let doc = app
            .page(&format!(
                "/en/search?q=lighthouse&section={}",
                sections[0].slug.en
            ))
            .await;
        assert_eq!(texts(&doc, ".search-count"), ["23 results"]);
        let author = &app.state.db.list_authors().await.expect("authors")[0];
        let doc = app
            .page(&format!("/en/search?q=lighthouse&author={}", author.slug))
            .await;
        assert_eq!(texts(&doc, ".search-count"), ["23 results"]);
    });
}

/// Adds `n` English articles about quokkas (numbered from `from`), indexed.
async fn add_quokkas(app: &TestApp, from: usize, n: usize) {
    let drafts: Vec<domain::ArticleDraft> = (from..from + n)
        .map(|i| {
            let at = NOW - 7200 - i64::try_from(i).expect("small") * 60;
            published_draft(
                Locale::En,
                &format!("Quokka census {i}"),
                "The quokka count went on.",
                at,
            )
        })
        .collect();
    app.state
        .db
        .insert_articles(&drafts, NOW)
        .await
        .expect("insert");
    app.state.catch_up_search().await.expect("index");
}

#[tokio::test]
async fn the_count_is_exact_up_to_the_last_reachable_result_then_a_lower_bound() {
    each_backend!(|app| {
        // 500 matches, as many as 50 pages of 10 can show: counted exactly.
        add_quokkas(&app, 0, 500).await;
        let doc = app.page("/en/search?q=quokka").await;
        assert_eq!(texts(&doc, ".search-count"), ["500 results"]);
        assert_eq!(texts(&doc, ".pager span"), ["Page 1 of 50"]);
        let live = app.page("/en/search/live?q=quokk").await;
        assert_eq!(texts(&live, ".live-status"), ["500 results"]);

        // One more and the count says only that there are more than the pages can show.
        add_quokkas(&app, 500, 5).await;
        let doc = app.page("/en/search?q=quokka").await;
        assert_eq!(texts(&doc, ".search-count"), ["More than 500 results"]);
        assert_eq!(hit_titles(&doc).len(), 10);
        assert_eq!(texts(&doc, ".pager span"), ["Page 1 of 50"]);
        let live = app.page("/en/search/live?q=quokk").await;
        assert_eq!(texts(&live, ".live-status"), ["More than 500 results"]);
        let doc = app.page("/sq/kerko?q=quokka&in=en").await;
        assert_eq!(texts(&doc, ".search-count"), ["Më shumë se 500 rezultate"]);

        // Pagination over the boundary, newest first: page 49 links to page 50, which is
        // full and the last, and shows results 491 to 500.
        let doc = app.page("/en/search?q=quokka&sort=date&page=49").await;
        let next = attrs(&doc, ".pager a[rel=next]", "href");
        assert_eq!(next, ["/en/search?q=quokka&sort=date&page=50"]);
        let doc = app.page(&next[0]).await;
        let titles = hit_titles(&doc);
        assert_eq!(titles.len(), 10);
        assert_eq!(titles[0], "Quokka census 490");
        assert_eq!(titles[9], "Quokka census 499");
        assert_eq!(texts(&doc, ".pager span"), ["Page 50 of 50"]);
        assert!(attrs(&doc, ".pager a[rel=next]", "href").is_empty());
        assert_eq!(texts(&doc, ".search-count"), ["More than 500 results"]);
        // By relevance too every page is full, and no page shows a result twice.
        let mut seen = std::collections::HashSet::new();
        for page in [1, 25, 50] {
            let doc = app.page(&format!("/en/search?q=quokka&page={page}")).await;
            let titles = hit_titles(&doc);
            assert_eq!(titles.len(), 10, "page {page}");
            for t in titles {
                assert!(seen.insert(t.clone()), "{t} on two pages");
            }
        }

        // A filter that leaves fewer than the cap is counted exactly again. Days are the
        // site's (Europe/Tirane, UTC+1 in November): NOW is 09:20 UTC, the quokkas were
        // published a minute apart from 07:20 back to 22:56 UTC the day before, so the
        // day before NOW's holds those of 22:56 to 22:59 UTC (23:00 UTC is midnight).
        let day = time::OffsetDateTime::from_unix_timestamp(NOW)
            .expect("time")
            .date();
        let before = day.previous_day().expect("a day");
        let doc = app
            .page(&format!("/en/search?q=quokka&from={before}&to={before}"))
            .await;
        assert_eq!(texts(&doc, ".search-count"), ["4 results"]);
        let doc = app
            .page(&format!("/en/search?q=quokka&from={day}&to={day}"))
            .await;
        assert_eq!(texts(&doc, ".search-count"), ["More than 500 results"]);
    });
}

#[tokio::test]
async fn bad_parameters_get_a_clear_400_and_odd_text_is_searched() {
    each_backend!(|app| {
        for (path, heading) in [
            ("/en/search?q=x&section=no-such-section", "Unknown filter"),
            ("/en/search?q=x&author=nobody", "Unknown filter"),
            ("/en/search?q=x&in=fr", "Unknown filter"),
            ("/en/search?q=x&sort=random", "Unknown filter"),
            ("/en/search?q=x&from=2026-13-01", "Invalid dates"),
            ("/en/search?q=x&from=yesterday", "Invalid dates"),
            (
                "/en/search?q=x&from=2026-05-02&to=2026-05-01",
                "Invalid dates",
            ),
            ("/en/search?q=x&page=0", "Invalid page"),
            ("/en/search?q=x&page=51", "Invalid page"),
            ("/en/search?q=x&page=-1", "Invalid page"),
            ("/sq/kerko?q=x&page=abc", "Faqe e pavlefshme"),
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
            assert_eq!(texts(&r.html(), "h1"), [heading], "{path}");
        }
        let long = "a".repeat(301);
        let r = app.get(&format!("/en/search?q={long}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(texts(&r.html(), "h1"), ["Search too long"]);
        let r = app
            .get(&format!("/en/search?q={}", "a".repeat(10_000)))
            .await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "10,000 characters are refused clearly"
        );
        let r = app
            .get(&format!("/en/search/live?q={}", "a".repeat(10_000)))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);

        for q in [
            "%22unbalanced",
            "%22%22%22",
            "title%3A*",
            "AND+OR+NOT",
            "(((",
            "*",
            "-",
            "%00%01%7F",
            "%F0%9F%99%82",
            "%5C",
            "~2%5E3",
            "%5B0+TO+9%5D",
            "%3Cscript%3E",
            "",
            "+++",
            "%E2%80%8B",
        ] {
            for path in [format!("/en/search?q={q}"), format!("/sq/kerko/live?q={q}")] {
                let r = app.get(&path).await;
                assert_eq!(r.status, StatusCode::OK, "{path} is searched as text");
            }
        }
        // Malformed percent-encoding and repeated keys do not break the page.
        assert_eq!(app.get("/en/search?q=%ZZ").await.status, StatusCode::OK);
        assert_eq!(
            app.get("/en/search?q=a&q=b&utm_source=x").await.status,
            StatusCode::OK
        );
    });
}

#[tokio::test]
async fn a_hit_shows_its_section_byline_date_and_picture() {
    each_backend!(|app| {
        publish(
            &app,
            Locale::En,
            "Kingfisher count",
            "The kingfisher count rose again.",
            NOW - 60,
        )
        .await;
        let section = app.state.db.list_sections().await.expect("sections")[0].clone();
        let author = app.state.db.list_authors().await.expect("authors")[0].clone();
        let doc = app.page("/en/search?q=kingfisher").await;
        assert_eq!(hit_titles(&doc), ["Kingfisher count"]);
        assert_eq!(
            texts(&doc, ".search-hit .kicker a"),
            [section.name.get(Locale::En)]
        );
        assert_eq!(
            attrs(&doc, ".search-hit .kicker a", "href"),
            [format!("/en/{}/", section.slug.get(Locale::En))]
        );
        assert_eq!(texts(&doc, ".search-hit .byline a"), [author.name.as_str()]);
        assert_eq!(
            attrs(&doc, ".search-hit .byline a", "href"),
            [format!("/en/author/{}", author.slug)]
        );
        let at = time::OffsetDateTime::from_unix_timestamp(NOW - 60).expect("date");
        let iso = at
            .format(&time::format_description::well_known::Rfc3339)
            .expect("iso");
        assert_eq!(attrs(&doc, ".search-hit time", "datetime"), [iso]);
        let date = texts(&doc, ".search-hit time");
        assert!(
            date[0].contains(&at.year().to_string()) && date[0].contains("November"),
            "the date in words, in the page's language: {date:?}"
        );
        assert_eq!(
            doc.select(&sel(".search-hit[lang]")).count(),
            0,
            "a hit in the page's language has no lang attribute"
        );
        // Without a featured picture there is no picture block.
        assert_eq!(doc.select(&sel(".search-hit .card-media")).count(), 0);
    });
}

#[tokio::test]
async fn a_word_found_only_in_the_standfirst_is_marked_there() {
    each_backend!(|app| {
        let mut draft = published_draft(
            Locale::En,
            "Port news",
            "Nothing in the text about birds.",
            NOW - 60,
        );
        draft.standfirst = "Why the flamingos left the lagoon, & what came next.".into();
        publish_draft(&app, draft).await;
        let doc = app.page("/en/search?q=flamingo").await;
        assert_eq!(texts(&doc, ".search-hit .card-title"), ["Port news"]);
        assert_eq!(
            texts(&doc, ".search-hit .snippet"),
            ["Why the flamingos left the lagoon, & what came next."],
            "the whole standfirst, without the ellipses of a passage"
        );
        assert_eq!(texts(&doc, ".search-hit .snippet mark"), ["flamingos"]);
    });
}

#[tokio::test]
async fn passages_show_an_ellipsis_only_where_they_cut_into_the_text() {
    each_backend!(|app| {
        publish(
            &app,
            Locale::En,
            "Lagoon",
            "Pelicans came back to the lagoon this spring.",
            NOW - 60,
        )
        .await;
        let long = format!(
            "{}the pelicans nested again near the old salt pans, and {}",
            "word ".repeat(60),
            "more ".repeat(60)
        );
        publish(&app, Locale::En, "Salt pans", &long, NOW - 120).await;
        let doc = app.page("/en/search?q=pelicans").await;
        let mut snippets = std::collections::BTreeMap::new();
        for hit in doc.select(&sel(".search-hit")) {
            let text = |s: &str| -> String {
                hit.select(&sel(s))
                    .next()
                    .map(|e| e.text().collect())
                    .unwrap_or_default()
            };
            snippets.insert(text(".card-title"), text(".snippet"));
        }
        assert_eq!(
            snippets["Lagoon"], "Pelicans came back to the lagoon this spring.",
            "a whole text, no ellipsis"
        );
        let cut = &snippets["Salt pans"];
        assert!(
            cut.starts_with('…') && cut.ends_with('…') && cut.contains("pelicans nested"),
            "cut on both sides: {cut}"
        );
    });
}

#[tokio::test]
async fn everything_reflected_is_escaped() {
    each_backend!(|app| {
        publish(
            &app,
            Locale::En,
            "<script>alert(1)</script> & \"quoted\" zebra",
            "A zebra <b>crossing</b>.",
            NOW - 60,
        )
        .await;
        let doc = app.page("/en/search?q=zebra+%3Cb%3E").await;
        assert_eq!(
            doc.select(&sel("main script")).count(),
            0,
            "no injected script"
        );
        assert_eq!(
            doc.select(&sel(".snippet b")).count(),
            0,
            "no injected markup"
        );
        assert_eq!(attrs(&doc, "#search-q", "value"), ["zebra <b>"]);
        let doc = app.page("/en/search?q=zebra").await;
        assert_eq!(
            hit_titles(&doc),
            ["<script>alert(1)</script> & \"quoted\" zebra"]
        );
        let r = app.get("/en/search/live?q=zebr").await;
        let frag = scraper::Html::parse_fragment(&r.text());
        assert_eq!(frag.select(&sel("script")).count(), 0);
        assert_eq!(
            texts(&frag, ".live-title"),
            ["<script>alert(1)</script> & \"quoted\" zebra"]
        );
    });
}

#[tokio::test]
async fn live_search_shows_a_handful_while_typing() {
    each_backend!(|app| {
        for i in 0..8 {
            publish(
                &app,
                Locale::Sq,
                &format!("Hekurudha e re {i}"),
                "Treni.",
                NOW - 60 * (i + 1),
            )
            .await;
        }
        let r = app.get("/sq/kerko/live?q=hekurud").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("cache-control"), "no-cache");
        assert_eq!(r.header("x-robots-tag"), "noindex");
        let frag = scraper::Html::parse_fragment(&r.text());
        assert_eq!(
            frag.select(&sel(".live-list li")).count(),
            6,
            "a handful, not everything"
        );
        assert_eq!(texts(&frag, ".live-status"), ["8 rezultate"]);
        assert!(
            !texts(&frag, ".live-meta time").is_empty(),
            "each result has a date"
        );
        assert_eq!(attrs(&frag, ".live-all a", "href"), ["/sq/kerko?q=hekurud"]);
        let r = app.get("/sq/kerko/live?q=qwxzv").await;
        let frag = scraper::Html::parse_fragment(&r.text());
        assert_eq!(
            texts(&frag, ".live-status"),
            ["Asnjë artikull nuk përputhet me këtë kërkim."]
        );
        assert_eq!(frag.select(&sel(".live-list")).count(), 0);
    });
}

#[tokio::test]
async fn an_edit_is_searchable_within_a_second() {
    each_backend!(|app| {
        let follower = app.state.spawn_change_follower();
        let id = publish(&app, Locale::En, "Plain title", "Nothing yet.", NOW - 60).await;
        let started = Instant::now();
        app.state
            .db
            .update_article_content(id, "Quokka sighting", "", &doc("Seen at dawn."), NOW)
            .await
            .expect("edit");
        let found = wait_until(&app, "/en/search?q=quokka", 1).await;
        assert!(found, "[{:?}] the edit is found", app.kind);
        let first = started.elapsed();
        app.state
            .db
            .set_article_status(id, ArticleStatus::Unpublished, NOW)
            .await
            .expect("unpublish");
        let started = Instant::now();
        assert!(
            wait_until(&app, "/en/search?q=quokka", 0).await,
            "unpublished articles disappear"
        );
        let second = started.elapsed();
        follower.abort();
        assert!(
            first < Duration::from_secs(1) && second < Duration::from_secs(1),
            "[{:?}] within a second: {first:?}, {second:?}",
            app.kind
        );
    });
}

/// Polls a search page for up to two seconds until it shows `n` results.
async fn wait_until(app: &TestApp, path: &str, n: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if hit_titles(&app.page(path).await).len() == n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn related_posts_are_found_by_similar_words() {
    each_backend!(|app| {
        let text = "Beekeepers in the highlands say the honey harvest fell; beekeepers blame the drought and the honey prices.";
        let a = publish(&app, Locale::En, "Highland honey", text, NOW - 120).await;
        let b = publish(
            &app,
            Locale::En,
            "Beekeepers count the cost",
            "Honey harvest: beekeepers and the drought, honey prices and beekeepers.",
            NOW - 60,
        )
        .await;
        let sections = app.state.db.list_sections().await.expect("sections");
        let cards = app
            .state
            .db
            .list_cards_by_ids(&[a, b], NOW)
            .await
            .expect("cards");
        let url = web::views::article_url(&cards[0], &sections);
        let doc = app.page(&url).await;
        let related = texts(&doc, ".related .card-title");
        assert_eq!(
            related.first().map(String::as_str),
            Some("Beekeepers count the cost"),
            "{related:?}"
        );
        assert!(
            !related.contains(&"Highland honey".to_owned()),
            "never the article itself"
        );
    });
}
