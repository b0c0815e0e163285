//! Site structure in the newsroom: sections, tags, regions, author profiles and the home
//! page layout, through the real router with a signed-in browser, on both databases; what
//! each role may do; refused input changes nothing; the public site shows every change at
//! once, and the page cache drops exactly the pages a change touches.

use axum::http::StatusCode;
use domain::{Locale, Localized, Role};

use crate::newsroom::{Browser, audit_actions, location};
use crate::support::{Res, TestApp, attrs, published_draft, texts};

/// The id in a `Location` such as `/admin/sections/12?done=…`.
fn id_in(res: &Res) -> i64 {
    let loc = location(res);
    let path = loc.split('?').next().expect("path");
    path.rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an id in {loc:?}"))
}

fn section_form<'a>(csrf: &'a str, sq: &'a str, en: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("name_sq", sq),
        ("name_en", en),
        ("slug_sq", ""),
        ("slug_en", ""),
        ("description_sq", "Përshkrim."),
        ("description_en", "A description."),
        ("parent_id", ""),
        ("position", ""),
        ("in_menu", "on"),
    ]
}

#[tokio::test]
async fn sections_are_created_renamed_with_a_redirect_and_deleted() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let mut b = Browser::staff(&app, Role::Editor, Locale::En).await;
        let csrf = b.token("/admin/sections/new").await;
        let before = app.state.db.list_sections().await.expect("sections").len();

        let res = b
            .post(
                "/admin/sections",
                &section_form(&csrf, "Shkencë e re", "New science"),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let id = id_in(&res);
        assert!(location(&res).ends_with("?done=section_created"));
        let s = app
            .state
            .db
            .find_section(id)
            .await
            .expect("find")
            .expect("made");
        assert_eq!(s.slug, Localized::new("shkence-e-re", "new-science"));
        assert_eq!(s.key, "new-science");
        assert_eq!(
            app.state.db.list_sections().await.expect("sections").len(),
            before + 1
        );

        // On the public site at once, in the menu of every page.
        let page = app.page("/en/new-science/").await;
        assert_eq!(texts(&page, "h1"), ["New science"]);
        let home = app.page("/sq/").await;
        assert!(attrs(&home, "a", "href").contains(&"/sq/shkence-e-re/".to_owned()));

        // The edit page shows the form filled in; saving a new name and slug.
        let res = b.get(&format!("/admin/sections/{id}")).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(
            attrs(&res.html(), "input[name=name_en]", "value"),
            ["New science"]
        );
        let mut form = section_form(&csrf, "Shkencë", "Science and technology");
        form[4] = ("slug_en", "science");
        let res = b.post(&format!("/admin/sections/{id}"), &form).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(
            texts(&app.page("/en/science/").await, "h1"),
            ["Science and technology"]
        );
        let res = app.get("/en/new-science/").await;
        assert_eq!(res.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(location(&res), "/en/science/");
        let res = app.get("/en/new-science").await;
        assert_eq!(res.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(location(&res), "/en/science/");
        // The Albanian slug came from the new name.
        assert_eq!(app.get("/sq/shkence/").await.status, StatusCode::OK);
        assert_eq!(
            location(&app.get("/sq/shkence-e-re/").await),
            "/sq/shkence/"
        );

        // Delete.
        let res = b
            .post(&format!("/admin/sections/{id}/delete"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(location(&res), "/admin/sections?done=section_deleted");
        assert!(app.state.db.find_section(id).await.expect("find").is_none());
        assert_eq!(app.get("/en/science/").await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.get("/en/new-science/").await.status,
            StatusCode::NOT_FOUND
        );

        let actions = audit_actions(&app).await;
        for a in ["section_created", "section_saved", "section_deleted"] {
            assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn only_editors_and_admins_manage_the_structure() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let sections = app.state.db.list_sections().await.expect("sections");
        let op_ed = sections.iter().find(|s| s.key == "op-ed").expect("op-ed");
        let tag = app.state.db.list_tags().await.expect("tags")[0].id;
        let author = app.state.db.list_authors().await.expect("authors")[0].id;
        for (role, allowed) in [
            (Role::Contributor, false),
            (Role::Author, false),
            (Role::Editor, true),
            (Role::Admin, true),
        ] {
            let mut b = Browser::staff(&app, role, Locale::En).await;
            let csrf = b.token("/admin/account").await;
            let nav = attrs(&b.get("/admin").await.html(), ".mainnav a", "href");
            assert_eq!(
                nav.contains(&"/admin/sections".to_owned()),
                allowed,
                "{role:?} sees the structure link: {nav:?}"
            );
            for path in [
                "/admin/sections".to_owned(),
                "/admin/sections/new".to_owned(),
                format!("/admin/sections/{}", op_ed.id),
                "/admin/tags".to_owned(),
                format!("/admin/tags/{tag}"),
                "/admin/regions".to_owned(),
                "/admin/authors".to_owned(),
                format!("/admin/authors/{author}"),
                "/admin/home".to_owned(),
            ] {
                let res = b.get(&path).await;
                let want = if allowed {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(res.status, want, "{role:?} GET {path}");
            }
            let name = format!("Rubrika {}", role.as_str());
            let name_en = format!("Section {}", role.as_str());
            let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
                (
                    "/admin/sections".into(),
                    section_form(&csrf, &name, &name_en),
                ),
                (
                    "/admin/tags".into(),
                    vec![("_csrf", &csrf), ("name_sq", &name), ("name_en", &name_en)],
                ),
                (
                    "/admin/regions".into(),
                    vec![("_csrf", &csrf), ("name_sq", &name), ("name_en", &name_en)],
                ),
                (
                    "/admin/authors".into(),
                    vec![("_csrf", &csrf), ("name", &name_en)],
                ),
                (
                    format!("/admin/sections/{}/delete", op_ed.id),
                    vec![("_csrf", &csrf)],
                ),
            ];
            for (path, form) in &posts {
                let res = b.post(path, form).await;
                if allowed {
                    assert!(
                        res.status == StatusCode::SEE_OTHER || res.status == StatusCode::CONFLICT,
                        "{role:?} POST {path}: {}",
                        res.status
                    );
                } else {
                    assert_eq!(res.status, StatusCode::FORBIDDEN, "{role:?} POST {path}");
                }
            }
            let made = app
                .state
                .db
                .list_sections()
                .await
                .expect("sections")
                .iter()
                .any(|s| s.name.en == name_en);
            assert_eq!(made, allowed, "{role:?} made a section");
            assert_eq!(
                app.state
                    .db
                    .list_tags()
                    .await
                    .expect("tags")
                    .iter()
                    .any(|t| t.name.en == name_en),
                allowed
            );
        }
        assert!(
            app.state
                .db
                .find_section(op_ed.id)
                .await
                .expect("find")
                .is_some(),
            "a section with articles is never deleted"
        );
    }
}

#[tokio::test]
async fn refused_input_changes_nothing_and_says_why_in_the_user_s_language() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let mut b = Browser::staff(&app, Role::Editor, Locale::Sq).await;
        let csrf = b.token("/admin/sections/new").await;
        let sections = app.state.db.list_sections().await.expect("sections");
        let op_ed = sections.iter().find(|s| s.key == "op-ed").expect("op-ed");
        let changes = app.state.db.last_change_id().await.expect("changes");

        // Without the form token: 403.
        let res = b
            .post("/admin/sections", &section_form("wrong", "Emër", "Name"))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // Each refusal re-shows the form with the message, in Albanian.
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (
                section_form(&csrf, "  ", "Name"),
                "Jepni një emër prej 1 deri në 120 shenja në secilën gjuhë.",
            ),
            (
                {
                    let mut f = section_form(&csrf, "Emër", "Name");
                    f[3] = ("slug_sq", "Me Shkronja");
                    f
                },
                "Adresa mund të ketë vetëm shkronja të vogla a–z, shifra dhe viza të vetme.",
            ),
            (
                {
                    let mut f = section_form(&csrf, "Emër", "Name");
                    f[4] = ("slug_en", &op_ed.slug.en);
                    f
                },
                "Këtë adresë e përdor tashmë diçka tjetër në atë gjuhë.",
            ),
            (
                {
                    let mut f = section_form(&csrf, "Emër", "Name");
                    f[3] = ("slug_sq", "rreth-nesh");
                    f
                },
                "Në këtë adresë përgjigjet tashmë një faqe statike.",
            ),
            (
                section_form(&csrf, "Kërko", "Name"),
                "Këtë adresë e përdor vetë faqja për faqet e veta; zgjidhni një tjetër.",
            ),
            (
                {
                    let mut f = section_form(&csrf, "Emër", "Name");
                    f[7] = ("parent_id", "999999");
                    f
                },
                "Kjo rubrikë mëmë nuk është e mundur: nuk ekziston, ose është kjo vetë rubrikë apo një brenda saj.",
            ),
        ];
        for (form, message) in &cases {
            let res = b.post("/admin/sections", form).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
            let doc = res.html();
            assert_eq!(texts(&doc, "[role=alert]"), [*message]);
            // The form comes back as sent.
            assert_eq!(
                attrs(&doc, "input[name=name_en]", "value"),
                [form[2].1.to_owned()]
            );
        }
        // A section cannot move under itself.
        let mut f = section_form(&csrf, &op_ed.name.sq, &op_ed.name.en);
        let own = op_ed.id.to_string();
        f[7] = ("parent_id", &own);
        let res = b.post(&format!("/admin/sections/{}", op_ed.id), &f).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

        // In use: refused with a conflict and a reason.
        let res = b
            .post(
                &format!("/admin/sections/{}/delete", op_ed.id),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["Kjo rubrikë ka ende artikuj. Zhvendosini më parë në një rubrikë tjetër."]
        );
        let nato = app
            .state
            .db
            .list_tags()
            .await
            .expect("tags")
            .into_iter()
            .find(|t| t.key == "nato")
            .expect("nato");
        let res = b
            .post(
                &format!("/admin/tags/{}/delete", nato.id),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        let author = app.state.db.list_authors().await.expect("authors")[0].clone();
        let res = b
            .post(
                &format!("/admin/authors/{}/delete", author.id),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        let res = b
            .post(
                &format!("/admin/authors/{}", author.id),
                &[("_csrf", &csrf), ("name", "X"), ("links", "no bar here")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = b
            .post(
                &format!("/admin/authors/{}", author.id),
                &[
                    ("_csrf", &csrf),
                    ("name", "X"),
                    ("links", "Web | javascript:alert(1)"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = b
            .post(
                &format!("/admin/authors/{}", author.id),
                &[
                    ("_csrf", &csrf),
                    ("name", "X"),
                    ("photo_media_id", "999999"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

        assert_eq!(
            app.state.db.last_change_id().await.expect("changes"),
            changes,
            "nothing was written"
        );
        assert_eq!(
            app.state.db.list_sections().await.expect("sections"),
            sections
        );
        assert_eq!(
            app.state.db.find_author(author.id).await.expect("find"),
            Some(author)
        );
    }
}

/// Adds a tag and an old article in `lang` (in no section, so in no menu) that carries it;
/// returns the tag's id, its page and the article's URL.
async fn tagged_article(app: &TestApp, key: &str, lang: Locale) -> (i64, String, String) {
    let db = &app.state.db;
    let tag = db
        .insert_tag(
            &store::taxonomy::NewTerm {
                position: 0,
                key: key.into(),
                slug: Localized::new(format!("{key}-sq"), format!("{key}-en")),
                name: Localized::new(format!("Etiketa {key}"), format!("Tag {key}")),
            },
            testkit::NOW,
        )
        .await
        .expect("tag");
    let title = match key {
        "alpha" => "Harbour cranes rust quietly",
        _ => "Mountain orchards bloom late",
    };
    let mut d = published_draft(lang, title, "Text.", testkit::NOW - 400 * 86_400);
    d.tag_ids = vec![tag];
    d.author_ids = vec![];
    db.insert_article(&d, testkit::NOW).await.expect("article");
    app.state.apply_changes().await.expect("changes");
    let urls = web::views::Urls::new(lang);
    (
        tag,
        format!("/{lang}/{}/{key}-{lang}", urls.word("tag")),
        format!("/{lang}/{}/{}", urls.word("article"), d.slug.as_str()),
    )
}

#[tokio::test]
async fn renaming_a_tag_drops_exactly_its_pages_from_the_cache() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        assert!(app.state.cache.enabled());
        // In two languages, so that neither article is the other's neighbour.
        let (renamed, renamed_page, renamed_article) =
            tagged_article(&app, "alpha", Locale::En).await;
        let (_, other_page, other_article) = tagged_article(&app, "beta", Locale::Sq).await;
        let mut b = Browser::staff(&app, Role::Editor, Locale::En).await;
        let csrf = b.token("/admin/tags").await;
        for path in [&renamed_page, &renamed_article, &other_page, &other_article] {
            app.page(path).await;
            assert!(app.state.cache.contains(path), "{path} is cached");
        }
        for home in ["/en/", "/sq/"] {
            app.page(home).await;
            assert!(app.state.cache.contains(home));
        }

        let res = b
            .post(
                &format!("/admin/tags/{renamed}"),
                &[
                    ("_csrf", &csrf),
                    ("name_sq", "Etiketa e re"),
                    ("name_en", "Renamed tag"),
                    ("slug_sq", "alpha-sq"),
                    ("slug_en", "alpha-en"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());

        // The tag's own page and its article's page went; the rest is still cached.
        assert!(!app.state.cache.contains(&renamed_page));
        assert!(!app.state.cache.contains(&renamed_article));
        for path in [
            &other_page,
            &other_article,
            &"/en/".to_owned(),
            &"/sq/".to_owned(),
        ] {
            assert!(app.state.cache.contains(path), "{path} is still cached");
        }
        assert_eq!(texts(&app.page(&renamed_page).await, "h1"), ["Renamed tag"]);
        let article = app.page(&renamed_article).await;
        assert!(
            texts(&article, "a[rel=tag]").contains(&"Renamed tag".to_owned()),
            "the article lists its tag by the new name"
        );

        // A new slug: the old address leads to the new one.
        let res = b
            .post(
                &format!("/admin/tags/{renamed}"),
                &[
                    ("_csrf", &csrf),
                    ("name_sq", "Etiketa e re"),
                    ("name_en", "Renamed tag"),
                    ("slug_sq", "alpha-sq"),
                    ("slug_en", ""),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let res = app.get(&renamed_page).await;
        assert_eq!(res.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(location(&res), "/en/tag/renamed-tag");
        assert!(app.state.cache.contains(&other_page));
    }
}

#[tokio::test]
async fn renaming_a_section_shows_at_once_everywhere_its_name_is() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let op_ed = app
            .state
            .db
            .list_sections()
            .await
            .expect("sections")
            .into_iter()
            .find(|s| s.key == "op-ed")
            .expect("op-ed");
        let section_page = format!("/en/{}/", op_ed.slug.en);
        let article = app.flagship(Locale::En).await;
        for path in [&section_page, &"/en/".to_owned(), &article] {
            app.page(path).await;
            assert!(app.state.cache.contains(path));
        }
        let mut b = Browser::staff(&app, Role::Admin, Locale::En).await;
        let csrf = b.token(&format!("/admin/sections/{}", op_ed.id)).await;
        let res = b
            .post(
                &format!("/admin/sections/{}", op_ed.id),
                &[
                    ("_csrf", csrf.as_str()),
                    ("name_sq", &op_ed.name.sq),
                    ("name_en", "Opinions and editorials"),
                    ("slug_sq", &op_ed.slug.sq),
                    ("slug_en", &op_ed.slug.en),
                    ("description_sq", &op_ed.description.sq),
                    ("description_en", &op_ed.description.en),
                    ("parent_id", ""),
                    ("position", &op_ed.position.to_string()),
                    ("in_menu", "on"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(
            texts(&app.page(&section_page).await, "h1"),
            ["Opinions and editorials"]
        );
        // Every page's menu names the sections, so every page shows the new name.
        let home = app.page("/en/").await;
        assert!(
            texts(&home, ".mainnav a").contains(&"Opinions and editorials".to_owned()),
            "{:?}",
            texts(&home, ".mainnav a")
        );
        // The Albanian pages too: the section's Albanian name did not change.
        let sq = app.page("/sq/").await;
        assert!(texts(&sq, ".mainnav a").contains(&op_ed.name.sq));
    }
}

#[tokio::test]
async fn tags_regions_and_authors_are_created_edited_and_deleted() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let mut b = Browser::staff(&app, Role::Editor, Locale::En).await;
        let csrf = b.token("/admin/tags/new").await;

        // Tag.
        let res = b
            .post(
                "/admin/tags",
                &[
                    ("_csrf", &csrf),
                    ("name_sq", "Klima"),
                    ("name_en", "Climate"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let tag = id_in(&res);
        let t = app
            .state
            .db
            .find_tag(tag)
            .await
            .expect("find")
            .expect("made");
        assert_eq!(t.slug, Localized::new("klima", "climate"));
        assert_eq!(texts(&app.page("/sq/etiketa/klima").await, "h1"), ["Klima"]);
        let list = b.get("/admin/tags").await;
        assert!(texts(&list.html(), "td a").contains(&"Climate".to_owned()));
        let res = b
            .post(&format!("/admin/tags/{tag}/delete"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(location(&res), "/admin/tags?done=tag_deleted");
        assert_eq!(
            app.get("/sq/etiketa/klima").await.status,
            StatusCode::NOT_FOUND
        );

        // Region: created, renamed (old address redirects), deleted.
        let res = b
            .post(
                "/admin/regions",
                &[
                    ("_csrf", &csrf),
                    ("name_sq", "Lugina e Preshevës"),
                    ("name_en", "Preševo Valley"),
                    ("position", "9"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let region = id_in(&res);
        let home = app.page("/en/").await;
        assert!(attrs(&home, "a", "href").contains(&"/en/region/presevo-valley".to_owned()));
        let res = b
            .post(
                &format!("/admin/regions/{region}"),
                &[
                    ("_csrf", &csrf),
                    ("name_sq", "Lugina e Preshevës"),
                    ("name_en", "Preshevo Valley"),
                    ("slug_en", "preshevo-valley"),
                    ("position", "9"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(
            texts(&app.page("/en/region/preshevo-valley").await, "h1"),
            ["Preshevo Valley"]
        );
        assert_eq!(
            location(&app.get("/en/region/presevo-valley").await),
            "/en/region/preshevo-valley"
        );
        let res = b
            .post(
                &format!("/admin/regions/{region}/delete"),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(
            app.state
                .db
                .find_region(region)
                .await
                .expect("find")
                .is_none()
        );

        // Author profile.
        let res = b
            .post(
                "/admin/authors",
                &[
                    ("_csrf", &csrf),
                    ("name", "Drita Hoxha"),
                    ("email", "drita@example.org"),
                    ("bio_sq", "Gazetare në *Tiranë*."),
                    ("bio_en", "A journalist in *Tirana*."),
                    (
                        "links",
                        "Web | https://example.org/drita\nMastodon | https://example.social/@drita",
                    ),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let author = id_in(&res);
        assert_eq!(
            app.state.db.find_author_user(author).await.expect("user"),
            None
        );
        let page = app.page("/en/author/drita-hoxha").await;
        assert_eq!(texts(&page, "h1"), ["Drita Hoxha"]);
        assert_eq!(texts(&page, ".intro em"), ["Tirana"]);
        let a = app
            .state
            .db
            .find_author(author)
            .await
            .expect("find")
            .expect("made");
        assert_eq!(a.links.len(), 2);
        assert_eq!(a.links[1].url, "https://example.social/@drita");
        let res = b
            .post(
                &format!("/admin/authors/{author}"),
                &[
                    ("_csrf", &csrf),
                    ("name", "Drita Hoxha-Berisha"),
                    ("slug", "drita"),
                    ("bio_en", "Editor."),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(
            texts(&app.page("/en/author/drita").await, "h1"),
            ["Drita Hoxha-Berisha"]
        );
        // Linked to a staff account (the editor's own); a made-up account is refused.
        let me = app
            .state
            .db
            .list_users()
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.email == "editor-en@example.org")
            .expect("the editor")
            .id
            .to_string();
        for (user, status) in [
            (me.as_str(), StatusCode::SEE_OTHER),
            ("999999", StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let res = b
                .post(
                    &format!("/admin/authors/{author}"),
                    &[
                        ("_csrf", &csrf),
                        ("name", "Drita Hoxha-Berisha"),
                        ("slug", "drita"),
                        ("user_id", user),
                    ],
                )
                .await;
            assert_eq!(res.status, status, "{}", res.text());
        }
        let linked = app.state.db.find_author_user(author).await.expect("user");
        assert_eq!(linked.map(|u| u.to_string()), Some(me));
        assert_eq!(
            location(&app.get("/sq/autori/drita-hoxha").await),
            "/sq/autori/drita"
        );
        let res = b
            .post(
                &format!("/admin/authors/{author}/delete"),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(location(&res), "/admin/authors?done=author_deleted");
        assert_eq!(
            app.get("/en/author/drita").await.status,
            StatusCode::NOT_FOUND
        );

        let actions = audit_actions(&app).await;
        for a in [
            "tag_created",
            "tag_deleted",
            "region_created",
            "region_saved",
            "region_deleted",
            "author_created",
            "author_saved",
            "author_deleted",
        ] {
            assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn the_home_page_layout_sets_top_stories_and_the_order_of_section_blocks() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let mut b = Browser::staff(&app, Role::Editor, Locale::En).await;
        let csrf = b.token("/admin/home").await;
        app.page("/en/").await;

        // Make an article that is not a top story into one.
        let (latest, _) = app
            .state
            .db
            .list_cards(
                Locale::En,
                store::articles::Listing::Latest,
                30,
                0,
                testkit::NOW,
            )
            .await
            .expect("cards");
        let top = app
            .state
            .db
            .list_top(Locale::En, 50, testkit::NOW)
            .await
            .expect("top");
        let pick = latest
            .iter()
            .find(|c| !top.iter().any(|t| t.id == c.id))
            .expect("an article that is not a top story");
        let id = pick.id.to_string();
        let res = b
            .post(
                "/admin/home/top",
                &[("_csrf", &csrf), ("id", &id), ("top", "1")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let top = app
            .state
            .db
            .list_top(Locale::En, 50, testkit::NOW)
            .await
            .expect("top");
        assert!(top.iter().any(|t| t.id == pick.id));
        assert!(
            !app.state.cache.contains("/en/"),
            "the home page was dropped"
        );
        let res = b
            .post(
                "/admin/home/top",
                &[("_csrf", &csrf), ("id", &id), ("top", "maybe")],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let res = b
            .post(
                "/admin/home/top",
                &[("_csrf", &csrf), ("id", &id), ("top", "0")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);

        // Move the second section block up: the home page's blocks follow.
        let page = b.get("/admin/home").await;
        assert_eq!(page.status, StatusCode::OK);
        let blocks_before = texts(&app.page("/en/").await, ".mainnav a");
        let sections: Vec<_> = app
            .state
            .db
            .list_sections()
            .await
            .expect("sections")
            .into_iter()
            .filter(|s| s.parent_id.is_none())
            .collect();
        let second = sections[1].id.to_string();
        let res = b
            .post(
                "/admin/home/move",
                &[("_csrf", &csrf), ("id", &second), ("dir", "up")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let order: Vec<i64> = app
            .state
            .db
            .list_sections()
            .await
            .expect("sections")
            .into_iter()
            .filter(|s| s.parent_id.is_none())
            .map(|s| s.id)
            .collect();
        assert_eq!(order[0], sections[1].id);
        assert_eq!(order[1], sections[0].id);
        let blocks_after = texts(&app.page("/en/").await, ".mainnav a");
        assert_ne!(
            blocks_before, blocks_after,
            "the menu follows the new order"
        );
        assert!(
            audit_actions(&app)
                .await
                .contains(&"blocks_reordered".to_owned())
        );
    }
}

const BODY: &str = r#"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Orari i redaksisë: 9–17."}]}]}"#;

#[tokio::test]
async fn static_pages_are_written_translated_renamed_hidden_and_deleted() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let mut b = Browser::staff(&app, Role::Editor, Locale::Sq).await;
        let res = b.get("/admin/pages/new?lang=sq").await;
        assert_eq!(res.status, StatusCode::OK);
        let doc = res.html();
        assert_eq!(attrs(&doc, "input[name=lang]", "value"), ["sq"]);
        assert_eq!(attrs(&doc, "[data-editor]", "data-input"), ["page-body"]);
        let csrf = attrs(&doc, "input[name=_csrf]", "value")[0].clone();

        let res = b
            .post(
                "/admin/pages",
                &[
                    ("_csrf", &csrf),
                    ("lang", "sq"),
                    ("title", "Orari"),
                    ("body", BODY),
                    ("published", "on"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let sq = id_in(&res);
        let page = app.page("/sq/orari").await;
        assert_eq!(texts(&page, "h1"), ["Orari"]);
        assert!(texts(&page, "p").contains(&"Orari i redaksisë: 9–17.".to_owned()));

        // Its English translation, linked by the language switch.
        let sq_id = sq.to_string();
        let res = b
            .post(
                "/admin/pages",
                &[
                    ("_csrf", &csrf),
                    ("lang", "en"),
                    ("translation_of", &sq_id),
                    ("title", "Opening hours"),
                    ("slug", "hours"),
                    ("body", BODY),
                    ("published", "on"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let en = id_in(&res);
        let (en_page, _) = app
            .state
            .db
            .find_page_by_id(en)
            .await
            .expect("find")
            .expect("made");
        let (sq_page, _) = app
            .state
            .db
            .find_page_by_id(sq)
            .await
            .expect("find")
            .expect("made");
        assert_eq!(en_page.translation_group, sq_page.translation_group);
        assert_eq!(en_page.key, sq_page.key);
        let page = app.page("/en/hours").await;
        assert!(
            attrs(&page, "link[rel=alternate][hreflang=sq]", "href")
                .iter()
                .any(|h| h.ends_with("/sq/orari")),
            "{:?}",
            attrs(&page, "link[rel=alternate]", "href")
        );

        // Refused: a section's slug, a bad body, a second translation.
        let sections = app.state.db.list_sections().await.expect("sections");
        let section_slug = sections[0].slug.sq.clone();
        for (form, message) in [
            (
                vec![
                    ("_csrf", csrf.as_str()),
                    ("lang", "sq"),
                    ("title", "Opinion"),
                    ("slug", section_slug.as_str()),
                ],
                "Në këtë adresë përgjigjet tashmë një rubrikë.",
            ),
            (
                vec![
                    ("_csrf", csrf.as_str()),
                    ("lang", "sq"),
                    ("title", "X"),
                    ("body", "{\"type\":\"nope\"}"),
                ],
                "Teksti nuk mund të ruhet kështu siç është; ringarkoni faqen dhe provoni sërish.",
            ),
            (
                vec![
                    ("_csrf", csrf.as_str()),
                    ("lang", "en"),
                    ("title", "Again"),
                    ("translation_of", sq_id.as_str()),
                ],
                "Kjo faqe nuk mund të jetë përkthimi: është në të njëjtën gjuhë ose ka tashmë një përkthim.",
            ),
        ] {
            let res = b.post("/admin/pages", &form).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
            assert_eq!(texts(&res.html(), "[role=alert]"), [message]);
        }
        assert_eq!(
            app.state
                .db
                .list_pages()
                .await
                .expect("pages")
                .iter()
                .filter(|p| p.title == "X" || p.title == "Again")
                .count(),
            0
        );

        // Renamed: the old address leads to the new one. Hidden: gone from the site.
        let res = b
            .post(
                &format!("/admin/pages/{sq}"),
                &[
                    ("_csrf", &csrf),
                    ("title", "Orari i punës"),
                    ("slug", "orari-i-punes"),
                    ("body", BODY),
                    ("published", "on"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(
            texts(&app.page("/sq/orari-i-punes").await, "h1"),
            ["Orari i punës"]
        );
        let res = app.get("/sq/orari").await;
        assert_eq!(res.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(location(&res), "/sq/orari-i-punes");
        let res = b
            .post(
                &format!("/admin/pages/{en}"),
                &[
                    ("_csrf", &csrf),
                    ("title", "Opening hours"),
                    ("slug", "hours"),
                    ("body", BODY),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.get("/en/hours").await.status, StatusCode::NOT_FOUND);

        // A page a menu links to is not deleted; once out of the menu, it is.
        let res = b
            .post(
                "/admin/menus",
                &[
                    ("_csrf", &csrf),
                    ("key", "footer"),
                    ("lang", "sq"),
                    ("items", "Orari | /sq/orari-i-punes"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let res = b
            .post(&format!("/admin/pages/{sq}/delete"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["Një meny çon ende te kjo faqe. Hiqeni më parë nga menyja, ose fshiheni faqen."]
        );
        let res = b
            .post(
                "/admin/menus",
                &[
                    ("_csrf", &csrf),
                    ("key", "footer"),
                    ("lang", "sq"),
                    ("items", ""),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let res = b
            .post(&format!("/admin/pages/{sq}/delete"), &[("_csrf", &csrf)])
            .await;
        assert_eq!(location(&res), "/admin/pages?done=page_deleted");
        assert_eq!(
            app.get("/sq/orari-i-punes").await.status,
            StatusCode::NOT_FOUND
        );
        assert!(
            app.state
                .db
                .find_page_by_id(en)
                .await
                .expect("find")
                .is_some()
        );

        let actions = audit_actions(&app).await;
        for a in ["page_created", "page_saved", "page_deleted", "menu_saved"] {
            assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn the_footer_menu_is_edited_and_shows_on_every_page_at_once() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let mut b = Browser::staff(&app, Role::Admin, Locale::En).await;
        let res = b.get("/admin/menus").await;
        assert_eq!(res.status, StatusCode::OK);
        let doc = res.html();
        let csrf = attrs(&doc, "input[name=_csrf]", "value")[0].clone();
        assert!(texts(&doc, "h2").contains(&"Footer menu · English".to_owned()));
        let article = app.flagship(Locale::En).await;
        app.page(&article).await;
        assert!(app.state.cache.contains(&article));

        let res = b
            .post(
                "/admin/menus",
                &[
                    ("_csrf", &csrf),
                    ("key", "footer"),
                    ("lang", "en"),
                    (
                        "items",
                        "Contact | /en/about\nPartner | https://example.org/partner",
                    ),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert!(
            !app.state.cache.contains(&article),
            "menus are on every page"
        );
        let page = app.page(&article).await;
        let hrefs = attrs(&page, "a", "href");
        assert!(
            hrefs.contains(&"https://example.org/partner".to_owned()),
            "{hrefs:?}"
        );
        let items = app.state.db.list_menu_items().await.expect("items");
        assert_eq!(
            items
                .iter()
                .filter(|(k, l, _)| k == "footer" && *l == Locale::En)
                .map(|(_, _, i)| i.label.as_str())
                .collect::<Vec<_>>(),
            ["Contact", "Partner"]
        );

        // Refused: a script address, an unknown menu, a contributor.
        let before = app.state.db.last_change_id().await.expect("changes");
        let res = b
            .post(
                "/admin/menus",
                &[
                    ("_csrf", &csrf),
                    ("key", "footer"),
                    ("lang", "en"),
                    ("items", "X | javascript:alert(1)"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            [
                "Write each link as a label, a vertical bar and an address starting with / or https:// (at most 30 links)."
            ]
        );
        let res = b
            .post(
                "/admin/menus",
                &[
                    ("_csrf", &csrf),
                    ("key", "nowhere"),
                    ("lang", "en"),
                    ("items", ""),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        let mut c = Browser::staff(&app, Role::Contributor, Locale::En).await;
        let token = c.token("/admin/account").await;
        assert_eq!(c.get("/admin/menus").await.status, StatusCode::FORBIDDEN);
        assert_eq!(c.get("/admin/pages").await.status, StatusCode::FORBIDDEN);
        let res = c
            .post(
                "/admin/menus",
                &[
                    ("_csrf", &token),
                    ("key", "footer"),
                    ("lang", "en"),
                    ("items", ""),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = c
            .post(
                "/admin/pages",
                &[("_csrf", &token), ("lang", "en"), ("title", "Mine")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.state.db.last_change_id().await.expect("changes"),
            before
        );
    }
}

#[tokio::test]
async fn a_renamed_author_is_renamed_on_cards_and_in_the_search_filter() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let mut b = Browser::staff(&app, Role::Editor, Locale::En).await;
        let csrf = b.token("/admin/tags/new").await;
        let arta = app
            .state
            .db
            .find_author_by_slug("arta-berisha")
            .await
            .expect("find")
            .expect("a demo author");
        let options = |page: &scraper::Html| texts(page, "select[name=author] option");
        // Read once first, so that the pages and the list of authors are in memory.
        let cards = app.page("/en/author/arta-berisha").await;
        assert!(texts(&cards, ".byline a").contains(&"Arta Berisha".to_owned()));
        assert!(options(&app.page("/en/search").await).contains(&"Arta Berisha".to_owned()));

        let res = b
            .post(
                &format!("/admin/authors/{}", arta.id),
                &[
                    ("_csrf", &csrf),
                    ("name", "Arta Berisha-Kola"),
                    ("slug", "arta-berisha"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let bylines = texts(&app.page("/en/author/arta-berisha").await, ".byline a");
        assert!(
            bylines.contains(&"Arta Berisha-Kola".to_owned())
                && !bylines.contains(&"Arta Berisha".to_owned()),
            "[{kind:?}] {bylines:?}"
        );
        let options = options(&app.page("/en/search").await);
        assert!(
            options.contains(&"Arta Berisha-Kola".to_owned())
                && !options.contains(&"Arta Berisha".to_owned()),
            "[{kind:?}] {options:?}"
        );
    }
}
