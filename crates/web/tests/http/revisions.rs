//! An article's history through HTTP, on both databases: comparing two revisions (removed
//! and added words), restoring one (a new revision, CSRF and permission checked), and the
//! preview of a draft exactly as the public page would show it.

use axum::http::StatusCode;
use domain::{ArticleStatus, Locale, Role};

use crate::newsroom::{Browser, add_user, audit_actions, location, new_draft};
use crate::support::{TestApp, attrs, texts};

/// A Tiptap document of one paragraph per entry.
fn tiptap(paragraphs: &[&str]) -> String {
    let content: Vec<serde_json::Value> = paragraphs
        .iter()
        .map(|p| {
            serde_json::json!({
                "type": "paragraph",
                "content": [{ "type": "text", "text": p }]
            })
        })
        .collect();
    serde_json::json!({ "type": "doc", "content": content }).to_string()
}

/// Saves title, standfirst and body (the rest of the form left empty).
async fn save(b: &mut Browser<'_>, csrf: &str, id: i64, title: &str, paragraphs: &[&str]) {
    let body = tiptap(paragraphs);
    let res = b
        .post(
            &format!("/admin/articles/{id}"),
            &[
                ("_csrf", csrf),
                ("title", title),
                ("standfirst", "A standfirst."),
                ("body", &body),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
}

async fn revision_ids(app: &TestApp, id: i64) -> Vec<i64> {
    app.state
        .db
        .list_revisions(id, 50)
        .await
        .expect("revisions")
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn compare_shows_removed_and_added_words_and_only_this_articles_revisions() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        let mut ed = Browser::signed_in_as(&app, "editor@example.org").await;
        let csrf = ed.token("/admin/articles").await;
        let id = new_draft(&mut ed, &csrf, "Bridges", "en").await;
        let first = [
            "The town keeps its bridges.",
            "The old bridge fell in spring.",
        ];
        save(&mut ed, &csrf, id, "Bridges", &first).await;
        let second = [
            "The town keeps its bridges.",
            "The new bridge stood in spring.",
        ];
        save(&mut ed, &csrf, id, "Bridges of the Drin", &second).await;

        // The edit page links each revision to its comparison and offers a picker.
        let edit = ed.get(&format!("/admin/articles/{id}")).await.html();
        let revs = revision_ids(&app, id).await;
        let links = attrs(&edit, "a[href*='/revisions?b=']", "href");
        assert_eq!(links.len(), 2, "[{kind:?}]");
        assert!(links[0].ends_with(&format!("?b={}", revs[0])));
        assert_eq!(attrs(&edit, "select[name=a] option", "value").len(), 2);

        // By default: the newest against the one before it.
        for path in [
            format!("/admin/articles/{id}/revisions"),
            format!("/admin/articles/{id}/revisions?a={}&b={}", revs[1], revs[0]),
            format!("/admin/articles/{id}/revisions?b={}", revs[0]),
        ] {
            let res = ed.get(&path).await;
            assert_eq!(res.status, StatusCode::OK, "[{kind:?}] {path}");
            assert_eq!(res.header("cache-control"), "no-store");
            let doc = res.html();
            let del = texts(&doc, ".diff del").join(" ");
            let ins = texts(&doc, ".diff ins").join(" ");
            assert!(
                del.contains("old") && del.contains("fell"),
                "[{kind:?}] {del}"
            );
            assert!(
                ins.contains("new") && ins.contains("stood"),
                "[{kind:?}] {ins}"
            );
            assert!(ins.contains("of the Drin"), "[{kind:?}] title: {ins}");
            // The unchanged paragraph is not shown as a change.
            assert!(!del.contains("keeps") && !ins.contains("keeps"));
        }

        // Revisions of another article are not this one's.
        let other = new_draft(&mut ed, &csrf, "Rivers", "en").await;
        save(&mut ed, &csrf, other, "Rivers", &["Water."]).await;
        let foreign = revision_ids(&app, other).await[0];
        for path in [
            format!("/admin/articles/{id}/revisions?b={foreign}"),
            format!("/admin/articles/{id}/revisions?a={foreign}&b={}", revs[0]),
        ] {
            assert_eq!(ed.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
        }
        let missing = format!("/admin/articles/{id}/revisions?b=99999999");
        assert_eq!(ed.get(&missing).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn restoring_writes_the_old_content_back_as_a_new_revision() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        add_user(&app, "contrib@example.org", Role::Contributor, Locale::En).await;
        let mut ed = Browser::signed_in_as(&app, "editor@example.org").await;
        let csrf = ed.token("/admin/articles").await;
        let id = new_draft(&mut ed, &csrf, "Bridges", "en").await;
        save(&mut ed, &csrf, id, "Bridges", &["The old bridge fell."]).await;
        let old = app
            .state
            .db
            .find_article(id)
            .await
            .expect("q")
            .expect("article");
        save(
            &mut ed,
            &csrf,
            id,
            "Bridges anew",
            &["The new bridge stands."],
        )
        .await;
        let revs = revision_ids(&app, id).await;
        assert_eq!(revs.len(), 2);
        let path = format!("/admin/articles/{id}/revisions/{}/restore", revs[1]);

        // No form token: refused.
        let res = ed.post(&path, &[]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "[{kind:?}]");
        let res = ed.post(&path, &[("_csrf", "forged")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "[{kind:?}]");
        // A contributor may not restore someone else's article.
        let mut co = Browser::signed_in_as(&app, "contrib@example.org").await;
        let co_csrf = co.token("/admin/articles").await;
        let res = co.post(&path, &[("_csrf", &co_csrf)]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "[{kind:?}]");
        assert_eq!(
            revision_ids(&app, id).await.len(),
            2,
            "nothing was restored"
        );

        // A revision of another article: 404.
        let other = new_draft(&mut ed, &csrf, "Rivers", "en").await;
        save(&mut ed, &csrf, other, "Rivers", &["Water."]).await;
        let foreign = revision_ids(&app, other).await[0];
        let res = ed
            .post(
                &format!("/admin/articles/{id}/revisions/{foreign}/restore"),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "[{kind:?}]");

        let res = ed.post(&path, &[("_csrf", &csrf)]).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "[{kind:?}] {}",
            res.text()
        );
        assert!(location(&res).contains("done=article_restored"));
        let now = app
            .state
            .db
            .find_article(id)
            .await
            .expect("q")
            .expect("article");
        assert_eq!(now.title, old.title);
        assert_eq!(now.standfirst, old.standfirst);
        assert_eq!(now.body, old.body);
        assert_eq!(now.slug, old.slug);
        assert_eq!(
            now.status,
            ArticleStatus::Draft,
            "the status does not change"
        );
        let after = revision_ids(&app, id).await;
        assert_eq!(after.len(), 3, "restoring is a save");
        let newest = app
            .state
            .db
            .find_revision(id, after[0])
            .await
            .expect("q")
            .expect("revision");
        let snap: serde_json::Value = serde_json::from_str(&newest.snapshot).expect("json");
        assert_eq!(snap["title"], "Bridges");
        assert!(
            audit_actions(&app)
                .await
                .contains(&"article_restored".to_owned())
        );
        // The confirmation is shown.
        let page = ed.get(&location(&res)).await.html();
        assert_eq!(texts(&page, ".flash[role=status]").len(), 1);
    }
}

#[tokio::test]
async fn preview_shows_a_draft_as_the_public_page_would_to_those_who_may_edit_it() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        add_user(&app, "contrib@example.org", Role::Contributor, Locale::En).await;
        let mut ed = Browser::signed_in_as(&app, "editor@example.org").await;
        let csrf = ed.token("/admin/articles").await;
        let id = new_draft(&mut ed, &csrf, "Bridges over the Drin", "en").await;
        let sections = app.state.db.list_sections().await.expect("sections");
        let body = tiptap(&["The bridge is long."]);
        let primary = sections[0].id.to_string();
        let res = ed
            .post(
                &format!("/admin/articles/{id}"),
                &[
                    ("_csrf", csrf.as_str()),
                    ("title", "Bridges over the Drin"),
                    ("standfirst", "Three towns."),
                    ("body", &body),
                    ("primary_section", &primary),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());

        let edit = ed.get(&format!("/admin/articles/{id}")).await.html();
        let preview_path = format!("/admin/articles/{id}/preview");
        assert!(attrs(&edit, "a", "href").contains(&preview_path));

        let res = ed.get(&preview_path).await;
        assert_eq!(res.status, StatusCode::OK, "[{kind:?}] {}", res.text());
        assert_eq!(res.header("cache-control"), "no-store");
        assert!(res.header("x-robots-tag").contains("noindex"));
        let doc = res.html();
        assert_eq!(
            texts(&doc, ".preview-banner"),
            vec!["Preview — not published".to_owned()]
        );
        assert_eq!(
            texts(&doc, "article.story h1"),
            vec!["Bridges over the Drin"]
        );
        assert!(texts(&doc, ".story-body p").contains(&"The bridge is long.".to_owned()));
        // No view beacon: the story carries no article id for it.
        assert!(attrs(&doc, "article[data-article-id]", "class").is_empty());

        // The draft is still not public, and the preview was not cached as its page.
        let a = app
            .state
            .db
            .find_article(id)
            .await
            .expect("q")
            .expect("article");
        let public = web::views::article_path(a.lang, a.primary_section_id, &a.slug, &sections);
        assert_eq!(
            app.get(&public).await.status,
            StatusCode::NOT_FOUND,
            "{public}"
        );
        let again = ed.get(&preview_path).await;
        assert_eq!(again.status, StatusCode::OK);

        // Once published, the public page (page cache on) is the real one: no banner, and
        // the view beacon's article id.
        let res = ed
            .post(
                &format!("/admin/articles/{id}/status"),
                &[("_csrf", csrf.as_str()), ("to", "published")],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "[{kind:?}] {}",
            res.text()
        );
        for _ in 0..2 {
            let res = app.get(&public).await;
            assert_eq!(res.status, StatusCode::OK, "[{kind:?}] {public}");
            let doc = res.html();
            assert!(texts(&doc, ".preview-banner").is_empty());
            assert_eq!(
                attrs(&doc, "article[data-article-id]", "data-article-id"),
                vec![id.to_string()]
            );
        }
        let res = ed.get(&preview_path).await;
        assert_eq!(res.header("cache-control"), "no-store");
        assert_eq!(texts(&res.html(), ".preview-banner").len(), 1);

        // An Albanian article's preview speaks Albanian.
        let sq = new_draft(&mut ed, &csrf, "Urat e Drinit", "sq").await;
        let doc = ed
            .get(&format!("/admin/articles/{sq}/preview"))
            .await
            .html();
        assert_eq!(
            texts(&doc, ".preview-banner"),
            vec!["Paraparje — i pabotuar".to_owned()]
        );

        // A contributor may not preview someone else's article, but may their own.
        let mut co = Browser::signed_in_as(&app, "contrib@example.org").await;
        assert_eq!(co.get(&preview_path).await.status, StatusCode::FORBIDDEN);
        let co_csrf = co.token("/admin/articles").await;
        let own = new_draft(&mut co, &co_csrf, "My draft", "en").await;
        let res = co.get(&format!("/admin/articles/{own}/preview")).await;
        assert_eq!(res.status, StatusCode::OK, "[{kind:?}]");
    }
}

#[tokio::test]
async fn restoring_brings_back_the_details_but_not_what_no_longer_exists_nor_a_taken_slug() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        let db = &app.state.db;
        let tag = db
            .insert_tag(
                &store::taxonomy::NewTerm {
                    position: 0,
                    key: "bridges".into(),
                    slug: domain::Localized::new("ura".to_owned(), "bridges".to_owned()),
                    name: domain::Localized::new("Ura".to_owned(), "Bridges".to_owned()),
                },
                testkit::NOW,
            )
            .await
            .expect("tag");
        let sections = db.list_sections().await.expect("sections");
        let section = sections[0].id.to_string();
        let mut ed = Browser::signed_in_as(&app, "editor@example.org").await;
        let csrf = ed.token("/admin/articles").await;
        let id = new_draft(&mut ed, &csrf, "Bridges", "en").await;
        let body = tiptap(&["Text."]);
        let tag_id = tag.to_string();
        let form = |slug: &'static str, with_tag: bool, note: &'static str| {
            let mut f: Vec<(&str, String)> = vec![
                ("_csrf", csrf.clone()),
                ("title", "Bridges".into()),
                ("slug", slug.into()),
                ("standfirst", String::new()),
                ("body", body.clone()),
                ("author_note", note.into()),
                ("primary_section", section.clone()),
            ];
            if with_tag {
                f.push(("tags", tag_id.clone()));
            }
            f
        };
        let path = format!("/admin/articles/{id}");
        for f in [
            form("first-bridges", true, "Old note."),
            form("later-bridges", false, "New note."),
        ] {
            let borrowed: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = ed.post(&path, &borrowed).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        }
        let old_rev = revision_ids(&app, id).await[1];

        // The compare page names the tag and shows the slug and note changes.
        let doc = ed
            .get(&format!("/admin/articles/{id}/revisions"))
            .await
            .html();
        assert!(texts(&doc, ".diff del").contains(&"Bridges".to_owned()));
        assert!(texts(&doc, ".diff ins").contains(&"later-bridges".to_owned()));

        // The tag goes; another article takes the old slug.
        db.delete_tag(tag, testkit::NOW)
            .await
            .expect("unused tag deleted");
        let other = new_draft(&mut ed, &csrf, "Other", "en").await;
        let other_body = tiptap(&["Other."]);
        let res = ed
            .post(
                &format!("/admin/articles/{other}"),
                &[
                    ("_csrf", csrf.as_str()),
                    ("title", "Other"),
                    ("slug", "first-bridges"),
                    ("body", &other_body),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());

        let res = ed
            .post(
                &format!("/admin/articles/{id}/revisions/{old_rev}/restore"),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "[{kind:?}]");
        assert!(
            location(&res).ends_with("done=article_restored_skipped_slug_kept"),
            "{}",
            location(&res)
        );
        let a = db.find_article(id).await.expect("q").expect("article");
        assert_eq!(a.author_note, "Old note.");
        assert_eq!(a.slug, "later-bridges", "the taken slug is not restored");
        assert_eq!(a.primary_section_id, Some(sections[0].id));
        let terms = db.find_article_terms(id).await.expect("terms");
        assert!(terms.tag_ids.is_empty());
        let page = ed.get(&location(&res)).await.html();
        let flash = texts(&page, ".flash[role=status]").join(" ");
        assert!(
            flash.contains("no longer exist") && flash.contains("current slug"),
            "{flash}"
        );
    }
}
