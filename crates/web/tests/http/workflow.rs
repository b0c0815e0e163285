//! The newsroom's workflow through HTTP with sessions and CSRF, on both databases: an
//! article's details (sections, tags, regions, bylines, images, SEO) and a changed slug's
//! redirect; scheduling through the durable job queue (published once, also after a
//! restart); sending back with a comment; public corrections; translations and their
//! "source changed" flag.

use axum::http::StatusCode;
use domain::{ArticleStatus, Locale, Role};
use store::workflow::publish_job_key;
use testkit::NOW;

use crate::newsroom::{Browser, add_user, article_id_of, audit_actions, location, new_draft};
use crate::support::{TestApp, attrs, sel, texts};

const BODY: &str = include_str!("../../../domain/tests/fixtures/editor-smoke.json");

/// `YYYY-MM-DDTHH:MM` in the site's time zone (Europe/Tirane, one hour ahead of UTC in
/// November, when the tests' clock stands), as a `datetime-local` field sends it.
fn local_time(ts: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ts + 3600).expect("time");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// Posts a form of owned values.
async fn send(
    b: &mut Browser<'_>,
    path: &str,
    form: Vec<(&'static str, String)>,
) -> crate::support::Res {
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &borrowed).await
}

/// The public URL of a published article.
async fn public_url(app: &TestApp, id: i64) -> String {
    let a = app
        .state
        .db
        .find_article(id)
        .await
        .expect("q")
        .expect("article");
    let sections = app.state.db.list_sections().await.expect("sections");
    web::views::article_path(a.lang, a.primary_section_id, &a.slug, &sections)
}

async fn article(app: &TestApp, id: i64) -> domain::Article {
    app.state
        .db
        .find_article(id)
        .await
        .expect("q")
        .expect("article")
}

#[tokio::test]
async fn editors_set_sections_tags_bylines_and_images_and_an_old_slug_redirects() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        let db = &app.state.db;
        let sections = db.list_sections().await.expect("sections");
        let tags = db.list_tags().await.expect("tags");
        let regions = db.list_regions().await.expect("regions");
        let authors = db.list_authors().await.expect("authors");
        let media = db.list_keyed_media().await.expect("media");
        let mut ed = Browser::signed_in_as(&app, "editor@example.org").await;
        let csrf = ed.token("/admin/articles").await;
        let id = new_draft(&mut ed, &csrf, "Bridges over the Drin", "en").await;
        let path = format!("/admin/articles/{id}");

        // The form offers every section, tag, region and author.
        let page = ed.get(&path).await.html();
        assert_eq!(
            attrs(&page, "select#primary_section option", "value").len(),
            sections.len() + 1
        );
        assert_eq!(attrs(&page, "input[name=tags]", "value").len(), tags.len());
        assert!(attrs(&page, "select[name=authors]", "id").len() >= 3);

        let (s1, s2) = (sections[0].id.to_string(), sections[1].id.to_string());
        let t1 = tags[0].id.to_string();
        let r1 = regions[0].id.to_string();
        // Bylines in a chosen order: the second demo author first.
        let (a1, a2) = (authors[1].id.to_string(), authors[0].id.to_string());
        let m1 = media[0].id.to_string();
        let form = |slug: &'static str,
                    primary: String,
                    featured: String,
                    extra: Vec<(&'static str, String)>| {
            let mut f: Vec<(&'static str, String)> = vec![
                ("_csrf", csrf.clone()),
                ("title", "Bridges over the Drin".into()),
                ("slug", slug.into()),
                ("standfirst", "Three towns, one river.".into()),
                ("body", BODY.into()),
                ("author_note", "The author covers the north.".into()),
                ("primary_section", primary),
                ("sections", s2.clone()),
                ("tags", t1.clone()),
                ("regions", r1.clone()),
                ("authors", a1.clone()),
                ("authors", a2.clone()),
                ("authors", String::new()),
                ("featured", featured),
                ("social", String::new()),
                ("seo_title", "Drin bridges".into()),
                ("seo_description", "Where the river meets the towns.".into()),
            ];
            f.extend(extra);
            f
        };
        // Refused: unknown section, bad slug, unknown image, an other-article's slug,
        // a list entry that is not a number. Nothing changes.
        let taken = db
            .list_cards(Locale::En, store::articles::Listing::Latest, 1, 0, NOW)
            .await
            .expect("cards")
            .0[0]
            .slug
            .clone();
        let taken: &'static str = Box::leak(taken.into_boxed_str());
        for (f, status) in [
            (
                form("bridges", "999999".into(), m1.clone(), vec![]),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                form("Bridges Over", s1.clone(), m1.clone(), vec![]),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                form("bridges", s1.clone(), "999999".into(), vec![]),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                form(taken, s1.clone(), m1.clone(), vec![]),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                form(
                    "bridges",
                    s1.clone(),
                    m1.clone(),
                    vec![("tags", "x".into())],
                ),
                StatusCode::BAD_REQUEST,
            ),
        ] {
            let res = send(&mut ed, &path, f).await;
            assert_eq!(res.status, status, "[{kind:?}] {}", res.text());
            if status == StatusCode::UNPROCESSABLE_ENTITY {
                let doc = res.html();
                assert_eq!(texts(&doc, "[role=alert]").len(), 1);
                // The form comes back as sent.
                assert_eq!(
                    attrs(&doc, "input#standfirst, textarea#standfirst", "id").len(),
                    1
                );
            }
            let a = article(&app, id).await;
            assert_eq!(a.slug, "bridges-over-the-drin");
            assert!(a.primary_section_id.is_none());
        }
        assert!(
            db.list_revisions(id, 10).await.expect("q").is_empty(),
            "nothing was saved"
        );

        // Saved.
        let res = send(
            &mut ed,
            &path,
            form("drin-bridges", s1.clone(), m1.clone(), vec![]),
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let a = article(&app, id).await;
        assert_eq!(a.slug, "drin-bridges");
        assert_eq!(a.primary_section_id, Some(sections[0].id));
        assert_eq!(a.featured_media_id, Some(media[0].id));
        assert_eq!(a.seo_title, "Drin bridges");
        assert_eq!(a.author_note, "The author covers the north.");
        let terms = db.find_article_terms(id).await.expect("terms");
        assert_eq!(terms.section_ids, vec![sections[0].id, sections[1].id]);
        assert_eq!(terms.tag_ids, vec![tags[0].id]);
        assert_eq!(terms.region_ids, vec![regions[0].id]);
        let bylines: Vec<i64> = db
            .list_bylines(&[id])
            .await
            .expect("bylines")
            .into_iter()
            .map(|(_, a)| a.id)
            .collect();
        assert_eq!(bylines, vec![authors[1].id, authors[0].id]);
        // The form shows what is stored.
        let page = ed.get(&path).await.html();
        assert_eq!(
            attrs(&page, "select#primary_section option[selected]", "value"),
            vec![s1.clone()]
        );
        assert_eq!(
            attrs(&page, "select[name=authors] option[selected]", "value"),
            vec![a1.clone(), a2.clone()]
        );
        assert_eq!(
            attrs(&page, "input[name=tags][checked]", "value"),
            vec![t1.clone()]
        );

        // Published: the public page has the bylines in order and the section.
        let res = ed
            .post(
                &format!("{path}/status"),
                &[("_csrf", &csrf), ("to", "published")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let url = public_url(&app, id).await;
        let public = app.page(&url).await;
        let names = texts(&public, ".byline a[rel=author], .byline a");
        assert!(
            names.first() == Some(&authors[1].name),
            "[{kind:?}] bylines in order: {names:?}"
        );

        // A new slug: the old URL answers 301 to the new one.
        let res = send(
            &mut ed,
            &path,
            form("bridges-of-the-drin", s1.clone(), m1.clone(), vec![]),
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let new_url = public_url(&app, id).await;
        assert!(new_url.ends_with("/bridges-of-the-drin"), "{new_url}");
        assert_eq!(app.get(&new_url).await.status, StatusCode::OK);
        let old = app.get(&url).await;
        assert_eq!(
            old.status,
            StatusCode::MOVED_PERMANENTLY,
            "[{kind:?}] {url}"
        );
        assert_eq!(old.header("location"), new_url);
        assert!(
            audit_actions(&app)
                .await
                .contains(&"article_saved".to_owned())
        );
    }
}

#[tokio::test]
async fn scheduled_articles_appear_on_time_once_and_after_a_restart() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        let db = &app.state.db;
        let section = db.list_sections().await.expect("sections")[0]
            .id
            .to_string();
        let mut ed = Browser::signed_in_as(&app, "editor@example.org").await;
        let csrf = ed.token("/admin/articles").await;
        let id = new_draft(&mut ed, &csrf, "Budget vote at dawn", "sq").await;
        let path = format!("/admin/articles/{id}");
        let at = NOW + 3_600;

        // Publishing or scheduling needs text and a section first.
        let res = ed
            .post(
                &format!("{path}/status"),
                &[
                    ("_csrf", &csrf),
                    ("to", "scheduled"),
                    ("at", &local_time(at)),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = ed
            .post(
                &path,
                &[
                    ("_csrf", &csrf),
                    ("title", "Budget vote at dawn"),
                    ("slug", "budget-vote-at-dawn"),
                    ("body", BODY),
                    ("primary_section", &section),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());

        // A time in the past or no time: refused, nothing queued.
        for bad in [local_time(NOW - 60), "tomorrow".into(), String::new()] {
            let res = ed
                .post(
                    &format!("{path}/status"),
                    &[("_csrf", &csrf), ("to", "scheduled"), ("at", &bad)],
                )
                .await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
            assert_eq!(texts(&res.html(), "[role=alert]").len(), 1);
        }
        assert_eq!(
            db.pending_job_time(&publish_job_key(id)).await.expect("q"),
            None
        );

        // Scheduled: queued, not public.
        let res = ed
            .post(
                &format!("{path}/status"),
                &[
                    ("_csrf", &csrf),
                    ("to", "scheduled"),
                    ("at", &local_time(at)),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(article(&app, id).await.status, ArticleStatus::Scheduled);
        assert_eq!(
            db.pending_job_time(&publish_job_key(id)).await.expect("q"),
            Some(at)
        );
        let url = public_url(&app, id).await;
        assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
        let page = ed.get(&path).await.html();
        assert_eq!(
            attrs(&page, "input#schedule-at", "value"),
            vec![local_time(at)]
        );
        // The form says which time zone its times are in.
        assert_eq!(
            texts(&page, "label[for=schedule-at]"),
            ["Publish on (Europe/Tirane time)"]
        );

        // Before its time the worker leaves it.
        app.clock.set(at - 1);
        assert_eq!(app.state.run_due_jobs().await.expect("jobs"), 0);
        assert_eq!(article(&app, id).await.status, ArticleStatus::Scheduled);

        // The server is "down" at the time; a fresh node started later publishes it, once,
        // stamped with the scheduled time.
        app.clock.set(at + 600);
        let mut config = app.state.config.as_ref().clone();
        config.search_dir = config.search_dir.with_file_name("search-node-2");
        let restarted = web::AppState::new(db.clone(), app.clock.clone(), config).expect("state");
        assert_eq!(restarted.run_due_jobs().await.expect("jobs"), 1);
        assert_eq!(restarted.run_due_jobs().await.expect("jobs"), 0);
        assert_eq!(app.state.run_due_jobs().await.expect("jobs"), 0);
        let a = article(&app, id).await;
        assert_eq!(a.status, ArticleStatus::Published);
        assert_eq!(a.published_at, Some(at));
        assert!(
            !db.publish_if_due(id, at + 700).await.expect("q"),
            "never twice"
        );
        app.state.apply_changes().await.expect("changes");
        assert_eq!(app.get(&url).await.status, StatusCode::OK);
        assert!(
            audit_actions(&app)
                .await
                .contains(&"article_published_on_schedule".to_owned())
        );

        // Taken off the schedule: the job goes and nothing is published.
        app.clock.set(NOW);
        let id2 = new_draft(&mut ed, &csrf, "Second vote", "sq").await;
        let p2 = format!("/admin/articles/{id2}");
        ed.post(
            &p2,
            &[
                ("_csrf", &csrf),
                ("title", "Second vote"),
                ("slug", "second-vote"),
                ("body", BODY),
                ("primary_section", &section),
            ],
        )
        .await;
        let res = ed
            .post(
                &format!("{p2}/status"),
                &[
                    ("_csrf", &csrf),
                    ("to", "scheduled"),
                    ("at", &local_time(at)),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let res = ed
            .post(
                &format!("{p2}/status"),
                &[("_csrf", &csrf), ("to", "draft")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            db.pending_job_time(&publish_job_key(id2)).await.expect("q"),
            None
        );
        app.clock.set(at + 60);
        assert_eq!(app.state.run_due_jobs().await.expect("jobs"), 0);
        assert_eq!(article(&app, id2).await.status, ArticleStatus::Draft);
    }
}

#[tokio::test]
async fn a_claimed_job_whose_worker_died_runs_again_after_its_lease() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let db = &app.state.db;
        let id = db
            .insert_article(
                &crate::support::published_draft(Locale::En, "Lease test", "Text.", NOW),
                NOW,
            )
            .await
            .expect("article");
        db.schedule_article(id, NOW + 10, NOW)
            .await
            .expect("scheduled");
        // A worker claims it and dies.
        let claimed = db
            .claim_due_jobs("dead-worker", NOW + 10, 120, 10)
            .await
            .expect("claim");
        assert_eq!(claimed.len(), 1);
        assert!(
            db.claim_due_jobs("other", NOW + 20, 120, 10)
                .await
                .expect("claim")
                .is_empty(),
            "a leased job is not claimed twice"
        );
        // The dead worker's "done" after a reschedule must not swallow the new run.
        app.clock.set(NOW + 10 + 121);
        assert_eq!(app.state.run_due_jobs().await.expect("jobs"), 1);
        assert_eq!(article(&app, id).await.status, ArticleStatus::Published);
        db.finish_job(claimed[0].id, "dead-worker", NOW + 200)
            .await
            .expect("late finish is harmless");
    }
}

#[tokio::test]
async fn editors_send_back_with_a_comment_correct_in_public_and_translate() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "contrib@example.org", Role::Contributor, Locale::Sq).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        add_user(&app, "author@example.org", Role::Author, Locale::En).await;
        let db = &app.state.db;
        let section = db.list_sections().await.expect("sections")[0]
            .id
            .to_string();

        // A contributor's draft goes to review; the editor sends it back with a comment.
        let mut contrib = Browser::signed_in_as(&app, "contrib@example.org").await;
        let c_csrf = contrib.token("/admin/articles").await;
        let id = new_draft(&mut contrib, &c_csrf, "Ura e Mesit", "sq").await;
        let res = contrib
            .post(
                &format!("/admin/articles/{id}/status"),
                &[("_csrf", &c_csrf), ("to", "in_review")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let mut ed = Browser::signed_in_as(&app, "editor@example.org").await;
        let csrf = ed.token("/admin/articles").await;
        let page = ed.get(&format!("/admin/articles/{id}")).await.html();
        assert_eq!(
            attrs(&page, "textarea[name=comment]", "id"),
            vec!["send-back-comment".to_owned()]
        );
        let res = ed
            .post(
                &format!("/admin/articles/{id}/status"),
                &[
                    ("_csrf", &csrf),
                    ("to", "draft"),
                    ("comment", "Shto burimet për shifrat e buxhetit."),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(article(&app, id).await.status, ArticleStatus::Draft);
        let page = contrib.get(&format!("/admin/articles/{id}")).await.html();
        let notes = texts(&page, ".notes li p");
        assert!(
            notes.contains(&"Shto burimet për shifrat e buxhetit.".to_owned()),
            "{notes:?}"
        );

        // Corrections: only on published articles, only by those who may publish them.
        let eid = new_draft(&mut ed, &csrf, "Port traffic doubles", "en").await;
        let epath = format!("/admin/articles/{eid}");
        ed.post(
            &epath,
            &[
                ("_csrf", &csrf),
                ("title", "Port traffic doubles"),
                ("slug", "port-traffic-doubles"),
                ("body", BODY),
                ("primary_section", &section),
            ],
        )
        .await;
        let res = ed
            .post(
                &format!("{epath}/corrections"),
                &[("_csrf", &csrf), ("text", "Too early.")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        ed.post(
            &format!("{epath}/status"),
            &[("_csrf", &csrf), ("to", "published")],
        )
        .await;
        let url = public_url(&app, eid).await;
        assert!(texts(&app.page(&url).await, ".corrections li").is_empty());
        let mut author = Browser::signed_in_as(&app, "author@example.org").await;
        let a_csrf = author.token("/admin/articles").await;
        let res = author
            .post(
                &format!("{epath}/corrections"),
                &[("_csrf", &a_csrf), ("text", "Not mine to correct.")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        for bad in ["", "   "] {
            let res = ed
                .post(
                    &format!("{epath}/corrections"),
                    &[("_csrf", &csrf), ("text", bad)],
                )
                .await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        app.clock.set(NOW + 7_200);
        let res = ed
            .post(
                &format!("{epath}/corrections"),
                &[
                    ("_csrf", &csrf),
                    ("text", "An earlier version gave the 2025 figure as 2026's."),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let public = app.page(&url).await;
        let shown = texts(&public, ".corrections li");
        assert_eq!(
            shown.len(),
            1,
            "[{kind:?}] the page shows the correction at once"
        );
        assert!(shown[0].contains("2025 figure"));
        let ld: Vec<serde_json::Value> = texts(&public, "script[type='application/ld+json']")
            .iter()
            .map(|s| serde_json::from_str(s).expect("JSON-LD"))
            .collect();
        let article_ld = ld
            .iter()
            .find(|v| v["@type"] == "NewsArticle" || v["@type"] == "OpinionNewsArticle")
            .expect("NewsArticle");
        assert_eq!(article_ld["correction"][0]["@type"], "CorrectionComment");

        // Translations: the Albanian version starts pre-filled and linked.
        let res = ed
            .post(&format!("{epath}/translate"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let tid = article_id_of(&location(&res));
        let t = article(&app, tid).await;
        let source = article(&app, eid).await;
        assert_eq!(t.lang, Locale::Sq);
        assert_eq!(t.status, ArticleStatus::Draft);
        assert_eq!(t.translation_group, source.translation_group);
        assert_eq!(t.title, source.title);
        assert_eq!(t.body, source.body);
        assert_eq!(
            db.find_article_terms(tid).await.expect("terms").section_ids,
            db.find_article_terms(eid).await.expect("terms").section_ids
        );
        // Asking again opens the same translation.
        let again = ed
            .post(&format!("{epath}/translate"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(article_id_of(&location(&again)), tid);
        // Translate, publish: the public language switch follows the link.
        let tpath = format!("/admin/articles/{tid}");
        let res = ed
            .post(
                &tpath,
                &[
                    ("_csrf", &csrf),
                    ("title", "Trafiku në port dyfishohet"),
                    ("slug", "trafiku-ne-port-dyfishohet"),
                    ("body", BODY),
                    ("primary_section", &section),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        ed.post(
            &format!("{tpath}/status"),
            &[("_csrf", &csrf), ("to", "published")],
        )
        .await;
        let turl = public_url(&app, tid).await;
        let public = app.page(&url).await;
        assert!(
            attrs(&public, "a[hreflang=sq], link[hreflang=sq]", "href")
                .iter()
                .any(|h| h.ends_with(&turl)),
            "[{kind:?}] the English page links to {turl}"
        );
        assert!(texts(&ed.get(&tpath).await.html(), ".warning").is_empty());

        // The source changes: the translation is flagged until marked up to date.
        app.clock.set(NOW + 9_000);
        ed.post(
            &epath,
            &[
                ("_csrf", &csrf),
                ("title", "Port traffic doubles again"),
                ("slug", "port-traffic-doubles"),
                ("body", BODY),
                ("primary_section", &section),
            ],
        )
        .await;
        let page = ed.get(&tpath).await.html();
        assert_eq!(texts(&page, "p.warning").len(), 1, "[{kind:?}] stale flag");
        assert_eq!(
            page.select(&sel("form[action$='/translation-current']"))
                .count(),
            1
        );
        app.clock.set(NOW + 9_100);
        let res = ed
            .post(&format!("{tpath}/translation-current"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(texts(&ed.get(&tpath).await.html(), "p.warning").is_empty());
    }
}

#[tokio::test]
async fn the_edit_lock_warns_others_lets_them_take_over_and_protects_the_taker() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Editor, Locale::En).await;
        add_user(&app, "ben@example.org", Role::Editor, Locale::Sq).await;
        let mut ana = Browser::signed_in_as(&app, "ana@example.org").await;
        let mut ben = Browser::signed_in_as(&app, "ben@example.org").await;
        let a_csrf = ana.token("/admin/articles").await;
        let b_csrf = ben.token("/admin/articles").await;
        let id = new_draft(&mut ana, &a_csrf, "Night train to Skopje", "en").await;
        let path = format!("/admin/articles/{id}");

        // Ana opens it: she holds the lock; Ben sees who is editing and a take-over button.
        assert!(texts(&ana.get(&path).await.html(), ".warning.lock").is_empty());
        let page = ben.get(&path).await.html();
        let warning = texts(&page, ".warning.lock p");
        assert_eq!(warning.len(), 1, "[{kind:?}]");
        assert!(warning[0].contains("ana Test"), "{warning:?}");
        // Ben's heartbeat says someone else holds it.
        let res = ben
            .post(&format!("{path}/lock"), &[("_csrf", &b_csrf)])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        // Ben saving while Ana holds it: refused, nothing saved, his text comes back.
        let form = |csrf: &str, title: &str| {
            vec![
                ("_csrf", csrf.to_owned()),
                ("title", title.to_owned()),
                ("body", BODY.to_owned()),
            ]
        };
        let res = send(&mut ben, &path, form(&b_csrf, "Ben's title")).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert_eq!(
            attrs(&res.html(), "input#title", "value"),
            vec!["Ben's title".to_owned()]
        );
        assert_eq!(article(&app, id).await.title, "Night train to Skopje");

        // Ben takes over (audited); now Ana's heartbeat and save are refused.
        let res = ben
            .post(&format!("{path}/lock/take"), &[("_csrf", &b_csrf)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(
            audit_actions(&app)
                .await
                .contains(&"article_lock_taken".to_owned())
        );
        let res = ana
            .post(&format!("{path}/lock"), &[("_csrf", &a_csrf)])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.text().contains("ben Test"), "{}", res.text());
        let res = send(&mut ana, &path, form(&a_csrf, "Ana's title")).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        let res = send(&mut ben, &path, form(&b_csrf, "Ben's title")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(article(&app, id).await.title, "Ben's title");

        // A lock nobody renews runs out: after it, Ana opens and saves again.
        app.clock.set(NOW + web::admin::EDIT_LOCK_TTL + 1);
        assert!(texts(&ana.get(&path).await.html(), ".warning.lock").is_empty());
        let res = send(&mut ana, &path, form(&a_csrf, "Ana's title")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        // Without the form token nothing happens.
        let res = ben.post(&format!("{path}/lock/take"), &[]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn autosave_keeps_unsaved_changes_until_saved_or_discarded() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Author, Locale::En).await;
        add_user(&app, "contrib@example.org", Role::Contributor, Locale::En).await;
        let mut ana = Browser::signed_in_as(&app, "ana@example.org").await;
        let csrf = ana.token("/admin/articles").await;
        let id = new_draft(&mut ana, &csrf, "Olive harvest", "en").await;
        let path = format!("/admin/articles/{id}");
        ana.get(&path).await;

        // Autosave: answered with a line for the page, nothing saved to the article.
        app.clock.set(NOW + 30);
        let res = ana
            .post(
                &format!("{path}/autosave"),
                &[
                    ("_csrf", &csrf),
                    ("title", "Olive harvest in Berat"),
                    ("standfirst", "Unsaved lead."),
                    ("body", BODY),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        assert!(
            res.text().starts_with("Changes autosaved at"),
            "{}",
            res.text()
        );
        assert_eq!(article(&app, id).await.title, "Olive harvest");
        // Others cannot autosave into someone's article; no token, no autosave.
        let mut contrib = Browser::signed_in_as(&app, "contrib@example.org").await;
        let c_csrf = contrib.token("/admin/articles").await;
        let res = contrib
            .post(
                &format!("{path}/autosave"),
                &[("_csrf", &c_csrf), ("title", "x")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = ana
            .post(&format!("{path}/autosave"), &[("title", "x")])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // The edit page offers it; showing it fills the form.
        let page = ana.get(&path).await.html();
        assert_eq!(
            attrs(&page, ".warning.autosave a", "href"),
            vec![format!("{path}?autosave=1")]
        );
        let page = ana.get(&format!("{path}?autosave=1")).await.html();
        assert_eq!(
            attrs(&page, "input#title", "value"),
            vec!["Olive harvest in Berat".to_owned()]
        );
        assert_eq!(texts(&page, "textarea#standfirst"), vec!["Unsaved lead."]);

        // Discarded: gone.
        let res = ana
            .post(&format!("{path}/autosave/discard"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(texts(&ana.get(&path).await.html(), ".warning.autosave").is_empty());

        // Autosaved again, then saved: the autosave goes with the save.
        ana.post(
            &format!("{path}/autosave"),
            &[("_csrf", &csrf), ("title", "Olive harvest, day two")],
        )
        .await;
        let res = send(
            &mut ana,
            &path,
            vec![
                ("_csrf", csrf.clone()),
                ("title", "Olive harvest, day two".into()),
                ("body", BODY.into()),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(texts(&ana.get(&path).await.html(), ".warning.autosave").is_empty());
    }
}
