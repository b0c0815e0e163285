//! The newsroom's doors: sign-in, sessions, CSRF, throttling, roles, invitations and the
//! audit log, through the real router with cookies, on both databases.

use axum::http::StatusCode;
use domain::{Email, Locale, Role};
use scraper::Html;
use web::admin::{SESSION_COOKIE, SESSION_IDLE, SESSION_LIFETIME};

use crate::newsroom::{Browser, PASSWORD, add_user, article_id_of, audit_actions, location};
use crate::support::{TestApp, attrs, texts};

#[tokio::test]
async fn signing_in_sets_a_host_only_secure_session_and_opens_the_newsroom() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Editor, Locale::En).await;
        let mut b = Browser::new(&app);

        let res = b.get("/admin/articles?status=draft").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&res),
            "/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft"
        );

        let res = b.get("/admin/login?lang=en").await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("cache-control"), "no-store");
        assert!(res.header("x-robots-tag").contains("noindex"));
        let doc = res.html();
        assert_eq!(texts(&doc, "h1"), ["Sign in"]);
        let login_cookie = res.header("set-cookie");
        assert!(
            login_cookie.starts_with("__Host-revista_login="),
            "{login_cookie}"
        );

        let res = b.log_in("ana@example.org", "wrong password!").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["The e-mail address or the password is wrong."]
        );
        assert!(!b.cookies.contains_key(SESSION_COOKIE));

        let token = b.token("/admin/login").await;
        let res = b
            .post(
                "/admin/login",
                &[
                    ("email", " Ana@Example.org "),
                    ("password", PASSWORD),
                    ("_csrf", &token),
                    ("next", "/admin/articles"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(location(&res), "/admin/articles");
        let set: Vec<String> = res
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().expect("ascii").to_owned())
            .collect();
        let session = set
            .iter()
            .find(|c| c.starts_with("__Host-revista_session="))
            .expect("a session cookie");
        for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            assert!(session.contains(attr), "{session} lacks {attr}");
        }
        assert!(!session.contains("Domain"), "host-only: {session}");
        // Only the token's hash is stored.
        let token = b.cookies[SESSION_COOKIE].clone();
        assert!(
            app.state
                .db
                .find_session(&token)
                .await
                .expect("query")
                .is_none()
        );
        assert!(
            app.state
                .db
                .find_session(&web::admin::token_hash(&token))
                .await
                .expect("query")
                .is_some()
        );

        let doc = b.get("/admin").await.html();
        assert_eq!(texts(&doc, "h1"), ["Overview"]);
        assert!(texts(&doc, ".who .me")[0].starts_with("ana Test"));
        let actions = audit_actions(&app).await;
        assert_eq!(actions, ["login", "login_failed"]);

        // A session id is never reused: signing in again replaces it.
        let before = b.cookies[SESSION_COOKIE].clone();
        b.log_in("ana@example.org", PASSWORD).await;
        assert_ne!(b.cookies[SESSION_COOKIE], before);
        assert!(
            app.state
                .db
                .find_session(&web::admin::token_hash(&before))
                .await
                .expect("query")
                .is_none(),
            "the old session ended"
        );

        // Signing out ends the session on the server too.
        let csrf = b.token("/admin/account").await;
        let old = b.cookies[SESSION_COOKIE].clone();
        let res = b.post("/admin/logout", &[("_csrf", &csrf)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(location(&res).starts_with("/admin/login?done=signed_out"));
        let mut thief = Browser::new(&app);
        thief.cookies.insert(SESSION_COOKIE.into(), old);
        assert_eq!(thief.get("/admin").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn the_newsroom_speaks_the_users_language() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "besa@example.org", Role::Author, Locale::Sq).await;
        let mut b = Browser::signed_in_as(&app, "besa@example.org").await;
        let doc = b.get("/admin").await.html();
        assert_eq!(attrs(&doc, "html", "lang"), ["sq"]);
        assert_eq!(texts(&doc, "h1"), ["Pasqyra"]);
        let csrf = b.token("/admin/account").await;
        let res = b
            .post(
                "/admin/account/language",
                &[("_csrf", &csrf), ("locale", "en")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let doc = b.get("/admin/account?done=language_changed").await.html();
        assert_eq!(texts(&doc, "h1"), ["My account"]);
        assert_eq!(texts(&doc, ".flash"), ["The language has been changed."]);
        // Bad input: 400, nothing changes.
        let res = b
            .post(
                "/admin/account/language",
                &[("_csrf", &csrf), ("locale", "de")],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let u = app
            .state
            .db
            .find_user_by_email(&Email::parse("besa@example.org").expect("valid"))
            .await
            .expect("query")
            .expect("user");
        assert_eq!(u.locale, Locale::En);
        // The sign-in page follows ?lang= and Accept-Language.
        let mut guest = Browser::new(&app);
        assert_eq!(
            texts(&guest.get("/admin/login?lang=sq").await.html(), "h1"),
            ["Hyr"]
        );
        guest
            .headers
            .push(("accept-language", "en-GB,en;q=0.8".into()));
        assert_eq!(
            texts(&guest.get("/admin/login").await.html(), "h1"),
            ["Sign in"]
        );
    }
}

#[tokio::test]
async fn state_changes_need_a_same_site_request_and_the_form_token() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Editor, Locale::En).await;
        let mut b = Browser::signed_in_as(&app, "ana@example.org").await;
        let csrf = b.token("/admin/account").await;

        // Another site posting with the user's cookies.
        for (k, v) in [
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.test"),
        ] {
            let mut evil = Browser::new(&app);
            evil.cookies = b.cookies.clone();
            evil.headers = vec![(k, v.into()), ("host", "revista.test".into())];
            let res = evil
                .post(
                    "/admin/account/language",
                    &[("_csrf", &csrf), ("locale", "sq")],
                )
                .await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{k}: {v}");
            assert_eq!(texts(&res.html(), "h1"), ["Request refused"]);
        }
        // A right origin but no or a wrong form token.
        for token in ["", "forged"] {
            let res = b
                .post(
                    "/admin/account/language",
                    &[("_csrf", token), ("locale", "sq")],
                )
                .await;
            assert_eq!(res.status, StatusCode::FORBIDDEN);
        }
        // A sign-in form posted without its cookie (login CSRF).
        let mut fresh = Browser::new(&app);
        let res = fresh
            .post(
                "/admin/login",
                &[
                    ("email", "ana@example.org"),
                    ("password", PASSWORD),
                    ("_csrf", "x"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert!(!fresh.cookies.contains_key(SESSION_COOKIE));
        // Nothing changed.
        let u = app
            .state
            .db
            .find_user_by_email(&Email::parse("ana@example.org").expect("valid"))
            .await
            .expect("query")
            .expect("user");
        assert_eq!(u.locale, Locale::En);
        // A form sent after the session ended: 401 with a clear page, not a redirect loop.
        let mut gone = Browser::new(&app);
        let res = gone
            .post(
                "/admin/account/language",
                &[("_csrf", &csrf), ("locale", "sq")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        // An open redirect is not possible through `next`.
        let mut b2 = Browser::new(&app);
        let token = b2.token("/admin/login").await;
        let res = b2
            .post(
                "/admin/login",
                &[
                    ("email", "ana@example.org"),
                    ("password", PASSWORD),
                    ("_csrf", &token),
                    ("next", "https://evil.test/"),
                ],
            )
            .await;
        assert_eq!(location(&res), "/admin");
    }
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_the_same_way_for_real_and_unknown_accounts() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Editor, Locale::En).await;
        let mut b = Browser::new(&app);
        for email in ["ana@example.org", "nobody@example.org"] {
            for _ in 0..5 {
                let res = b.log_in(email, "not the password").await;
                assert_eq!(res.status, StatusCode::UNAUTHORIZED);
            }
        }
        let real = b.log_in("ana@example.org", PASSWORD).await;
        let unknown = b.log_in("nobody@example.org", PASSWORD).await;
        assert_eq!(real.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            texts(&real.html(), "[role=alert]"),
            texts(&unknown.html(), "[role=alert]")
        );
        assert_eq!(
            texts(&real.html(), "[role=alert]"),
            ["Too many failed attempts. Try again in 15 minutes."]
        );
        assert_eq!(real.header("retry-after"), "900");
        assert!(!b.cookies.contains_key(SESSION_COOKIE));

        // The window passes: the right password works again.
        app.clock.set(testkit::NOW + 15 * 60 + 1);
        let res = b.log_in("ana@example.org", PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);

        // Per address: twenty failures over any accounts lock the address.
        for i in 0..20 {
            b.log_in(&format!("x{i}@example.org"), "nope nope nope")
                .await;
        }
        let res = b.log_in("ana@example.org", PASSWORD).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn sessions_are_listed_revoked_and_expire() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Editor, Locale::En).await;
        let mut laptop = Browser::signed_in_as(&app, "ana@example.org").await;
        let mut phone = Browser::signed_in_as(&app, "ana@example.org").await;
        let doc = laptop.get("/admin/account").await.html();
        assert_eq!(
            doc.select(&crate::support::sel("table.list tbody tr"))
                .count(),
            2
        );
        assert_eq!(doc.select(&crate::support::sel("tr.current")).count(), 1);

        // "Sign out everywhere else".
        let csrf = laptop.token("/admin/account").await;
        let res = laptop
            .post("/admin/account/sessions/end-others", &[("_csrf", &csrf)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(phone.get("/admin").await.status, StatusCode::SEE_OTHER);
        assert_eq!(laptop.get("/admin").await.status, StatusCode::OK);

        // Ending one browser by its id; another user's session id is not found.
        let mut phone = Browser::signed_in_as(&app, "ana@example.org").await;
        let doc = laptop.get("/admin/account").await.html();
        let ids: Vec<String> = doc
            .select(&crate::support::sel("tr:not(.current) input[name=id]"))
            .filter_map(|e| e.value().attr("value").map(str::to_owned))
            .collect();
        assert_eq!(ids.len(), 1);
        add_user(&app, "ben@example.org", Role::Author, Locale::En).await;
        let mut ben = Browser::signed_in_as(&app, "ben@example.org").await;
        let ben_csrf = ben.token("/admin/account").await;
        let res = ben
            .post(
                "/admin/account/sessions/end",
                &[("_csrf", &ben_csrf), ("id", &ids[0])],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(phone.get("/admin").await.status, StatusCode::OK);
        let res = laptop
            .post(
                "/admin/account/sessions/end",
                &[("_csrf", &csrf), ("id", &ids[0])],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(phone.get("/admin").await.status, StatusCode::SEE_OTHER);

        // A password change keeps this browser and ends the others.
        let mut phone = Browser::signed_in_as(&app, "ana@example.org").await;
        let res = laptop
            .post(
                "/admin/account/password",
                &[
                    ("_csrf", &csrf),
                    ("current", "wrong"),
                    ("password", "a new long phrase"),
                    ("password2", "a new long phrase"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["The current password is wrong."]
        );
        let res = laptop
            .post(
                "/admin/account/password",
                &[
                    ("_csrf", &csrf),
                    ("current", PASSWORD),
                    ("password", "short"),
                    ("password2", "short"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = laptop
            .post(
                "/admin/account/password",
                &[
                    ("_csrf", &csrf),
                    ("current", PASSWORD),
                    ("password", "a new long phrase"),
                    ("password2", "a new long phrase"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(laptop.get("/admin").await.status, StatusCode::OK);
        assert_eq!(phone.get("/admin").await.status, StatusCode::SEE_OTHER);
        let mut again = Browser::new(&app);
        assert_eq!(
            again.log_in("ana@example.org", PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            again
                .log_in("ana@example.org", "a new long phrase")
                .await
                .status,
            StatusCode::SEE_OTHER
        );

        // Idle expiry.
        app.clock.set(testkit::NOW + SESSION_IDLE + 1);
        assert_eq!(laptop.get("/admin").await.status, StatusCode::SEE_OTHER);
        // Absolute expiry, however active.
        let mut busy = Browser::signed_in_as(&app, "ben@example.org").await;
        let start = testkit::NOW + SESSION_IDLE + 1;
        let mut t = start;
        while t < start + SESSION_LIFETIME - 3600 {
            t += 6 * 3600;
            app.clock.set(t.min(start + SESSION_LIFETIME - 1));
            assert_eq!(
                busy.get("/admin").await.status,
                StatusCode::OK,
                "active at {t}"
            );
        }
        app.clock.set(start + SESSION_LIFETIME);
        assert_eq!(busy.get("/admin").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn each_role_reaches_exactly_what_it_may() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let admin = add_user(&app, "admin@example.org", Role::Admin, Locale::En).await;
        let editor = add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        add_user(&app, "author@example.org", Role::Author, Locale::En).await;
        add_user(&app, "contrib@example.org", Role::Contributor, Locale::En).await;
        let total = app.state.db.count_articles().await.expect("count");
        for (email, staff_ok, articles_seen) in [
            ("admin@example.org", true, total),
            ("editor@example.org", false, total),
            ("author@example.org", false, 0),
            ("contrib@example.org", false, 0),
        ] {
            let mut b = Browser::signed_in_as(&app, email).await;
            let want = if staff_ok {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(
                b.get("/admin/staff").await.status,
                want,
                "{email} /admin/staff"
            );
            assert_eq!(
                b.get("/admin/audit").await.status,
                want,
                "{email} /admin/audit"
            );
            let nav = texts(&b.get("/admin").await.html(), ".mainnav a");
            assert_eq!(
                nav.contains(&"Staff".to_owned()),
                staff_ok,
                "{email}: {nav:?}"
            );
            let doc = b.get("/admin/articles").await.html();
            let count = texts(&doc, ".meta")[0].clone();
            let expected = format!("{articles_seen} articles");
            assert!(count.starts_with(&expected), "{email}: {count}");
            // Direct requests to staff actions are refused, and change nothing.
            let csrf = b.token("/admin/account").await;
            let path = format!("/admin/staff/{editor}/role");
            let res = b
                .post(&path, &[("_csrf", &csrf), ("role", "contributor")])
                .await;
            if staff_ok {
                assert_eq!(res.status, StatusCode::SEE_OTHER);
                app.state
                    .db
                    .update_user_role(editor, Role::Editor)
                    .await
                    .expect("restore");
            } else {
                assert_eq!(res.status, StatusCode::FORBIDDEN, "{email} changing a role");
                let e = app
                    .state
                    .db
                    .find_user(editor)
                    .await
                    .expect("q")
                    .expect("user");
                assert_eq!(e.role, Role::Editor);
            }
            let res = b
                .post(
                    &format!("/admin/staff/{admin}/disable"),
                    &[("_csrf", &csrf)],
                )
                .await;
            assert_eq!(
                res.status,
                StatusCode::FORBIDDEN,
                "{email} disabling the admin"
            );
        }
        // Filters and pages: bad values are 400s.
        let mut b = Browser::signed_in_as(&app, "editor@example.org").await;
        for bad in [
            "/admin/articles?status=bogus",
            "/admin/articles?lang=de",
            "/admin/articles?page=0",
        ] {
            assert_eq!(b.get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
        }
        let doc = b
            .get("/admin/articles?status=published&lang=en")
            .await
            .html();
        assert!(
            texts(&doc, "td .status").iter().all(|s| s == "Published"),
            "only published rows"
        );
        assert!(attrs(&doc, "td.title", "lang").iter().all(|l| l == "en"));
    }
}

#[tokio::test]
async fn admins_invite_staff_with_a_one_time_link_and_manage_them() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let admin_id = add_user(&app, "admin@example.org", Role::Admin, Locale::En).await;
        let mut admin = Browser::signed_in_as(&app, "admin@example.org").await;
        let csrf = admin.token("/admin/staff").await;

        // Bad input: a clear 422 and no invitation.
        let res = admin
            .post(
                "/admin/staff/invite",
                &[
                    ("_csrf", &csrf),
                    ("email", "not-an-address"),
                    ("name", "Dua"),
                    ("role", "author"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["Give a valid e-mail address."]
        );
        let res = admin
            .post(
                "/admin/staff/invite",
                &[
                    ("_csrf", &csrf),
                    ("email", "admin@example.org"),
                    ("name", "Dup"),
                    ("role", "author"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            app.state
                .db
                .list_open_invites(testkit::NOW)
                .await
                .expect("q")
                .is_empty()
        );

        let res = admin
            .post(
                "/admin/staff/invite",
                &[
                    ("_csrf", &csrf),
                    ("email", "dua@example.org"),
                    ("name", "Dua Lipa"),
                    ("role", "author"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let link = attrs(&res.html(), "input.copy", "value")
            .pop()
            .expect("the link is shown");
        let path = link
            .strip_prefix("https://revista.test")
            .expect("absolute link")
            .to_owned();
        assert!(path.starts_with("/admin/invite/"));

        let mut dua = Browser::new(&app);
        let doc = dua.get(&path).await.html();
        assert_eq!(attrs(&doc, "input[name=name]", "value"), ["Dua Lipa"]);
        let token = attrs(&doc, "input[name=_csrf]", "value")
            .pop()
            .expect("token");
        let res = dua
            .post(
                &path,
                &[
                    ("_csrf", &token),
                    ("name", "Dua"),
                    ("password", "one long phrase"),
                    ("password2", "another long phrase"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = dua
            .post(
                &path,
                &[
                    ("_csrf", &token),
                    ("name", "Dua"),
                    ("password", "one long phrase"),
                    ("password2", "one long phrase"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(location(&res), "/admin?done=welcome");
        let doc = dua.get("/admin?done=welcome").await.html();
        assert!(texts(&doc, ".who .me")[0].starts_with("Dua"));
        // The link works once.
        let mut late = Browser::new(&app);
        assert_eq!(late.get(&path).await.status, StatusCode::NOT_FOUND);

        // Disabling ends the account's sessions; the last admin stays.
        let dua_id = app
            .state
            .db
            .find_user_by_email(&Email::parse("dua@example.org").expect("valid"))
            .await
            .expect("q")
            .expect("user")
            .id;
        let res = admin
            .post(
                &format!("/admin/staff/{dua_id}/disable"),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(dua.get("/admin").await.status, StatusCode::SEE_OTHER);
        assert_eq!(
            dua.log_in("dua@example.org", "one long phrase")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let res = admin
            .post(
                &format!("/admin/staff/{admin_id}/disable"),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = admin
            .post(
                &format!("/admin/staff/{admin_id}/role"),
                &[("_csrf", &csrf), ("role", "editor")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(texts(&res.html(), "h1"), ["The last administrator"]);
        for (path, want) in [
            ("/admin/staff/abc/role", StatusCode::BAD_REQUEST),
            ("/admin/staff/99999/role", StatusCode::NOT_FOUND),
        ] {
            let res = admin
                .post(path, &[("_csrf", &csrf), ("role", "editor")])
                .await;
            assert_eq!(res.status, want, "{path}");
        }
        let res = admin
            .post(
                &format!("/admin/staff/{dua_id}/role"),
                &[("_csrf", &csrf), ("role", "owner")],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);

        // Everything is in the audit log, which admins can read.
        let actions = audit_actions(&app).await;
        for a in [
            "login",
            "invite_created",
            "invite_accepted",
            "staff_disabled",
        ] {
            assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
        }
        let doc: Html = admin.get("/admin/audit").await.html();
        let rows = texts(&doc, "table.list tbody tr td:nth-child(3)");
        assert!(rows.contains(&"Invited someone".to_owned()), "{rows:?}");
        assert!(
            texts(&doc, "table.list tbody tr td:nth-child(4)")
                .iter()
                .any(|t| t.contains("d***@example.org"))
        );
    }
}

#[tokio::test]
async fn staff_write_save_and_move_articles_as_their_role_allows() {
    let body = include_str!("../../../domain/tests/fixtures/editor-smoke.json");
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "author@example.org", Role::Author, Locale::En).await;
        add_user(&app, "contrib@example.org", Role::Contributor, Locale::En).await;
        add_user(&app, "editor@example.org", Role::Editor, Locale::En).await;
        let mut author = Browser::signed_in_as(&app, "author@example.org").await;
        let csrf = author.token("/admin/articles").await;
        let section = app.state.db.list_sections().await.expect("sections")[0]
            .id
            .to_string();

        // Start a draft.
        let res = author
            .post(
                "/admin/articles/new",
                &[
                    ("_csrf", &csrf),
                    ("title", "A new day in Tirana"),
                    ("lang", "sq"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let id = article_id_of(&location(&res));
        for bad in [
            [("title", ""), ("lang", "sq")],
            [("title", "x"), ("lang", "de")],
        ] {
            let form = [("_csrf", csrf.as_str()), bad[0], bad[1]];
            assert_eq!(
                author.post("/admin/articles/new", &form).await.status,
                StatusCode::BAD_REQUEST
            );
        }

        // The edit page mounts the editor with the body and the strings.
        let doc = author.get(&format!("/admin/articles/{id}")).await.html();
        assert_eq!(
            doc.select(&crate::support::sel("div[data-editor]")).count(),
            1
        );
        let initial = attrs(&doc, "input#article-body", "value")
            .pop()
            .expect("body input");
        let initial: serde_json::Value = serde_json::from_str(&initial).expect("Tiptap JSON");
        assert_eq!(initial["type"], "doc");
        let strings = texts(&doc, "script#editor-strings").pop().expect("strings");
        let strings: serde_json::Value = serde_json::from_str(&strings).expect("strings JSON");
        assert_eq!(strings["bold"], "Bold");
        assert!(texts(&doc, ".side button").contains(&"Publish".to_owned()));

        // Save what the editor sends: a body with bold text and a footnote.
        let res = author
            .post(
                &format!("/admin/articles/{id}"),
                &[
                    ("_csrf", &csrf),
                    ("title", "A new day in Tirana"),
                    ("standfirst", "Morning."),
                    ("body", body),
                    ("primary_section", &section),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let saved = app
            .state
            .db
            .find_article(id)
            .await
            .expect("q")
            .expect("article");
        assert_eq!(saved.standfirst, "Morning.");
        assert_eq!(saved.body.footnotes.len(), 1);
        assert_eq!(
            app.state.db.list_revisions(id, 10).await.expect("q").len(),
            1
        );

        // Refused input: 422 with the reason, nothing saved.
        for (title, body) in [
            (
                "A new day in Tirana",
                r#"{"type":"doc","content":[{"type":"image","attrs":{"src":"x"}}]}"#,
            ),
            ("A new day in Tirana", "{not json"),
            ("", body),
        ] {
            let res = author
                .post(
                    &format!("/admin/articles/{id}"),
                    &[
                        ("_csrf", &csrf),
                        ("title", title),
                        ("standfirst", "Changed"),
                        ("body", body),
                    ],
                )
                .await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(texts(&res.html(), "[role=alert]").len(), 1);
        }
        let again = app
            .state
            .db
            .find_article(id)
            .await
            .expect("q")
            .expect("article");
        assert_eq!(again.standfirst, "Morning.");
        assert_eq!(
            app.state.db.list_revisions(id, 10).await.expect("q").len(),
            1
        );

        // A contributor: own drafts go to review, not to the public; others' are closed.
        let mut contrib = Browser::signed_in_as(&app, "contrib@example.org").await;
        let c_csrf = contrib.token("/admin/articles").await;
        assert_eq!(
            contrib.get(&format!("/admin/articles/{id}")).await.status,
            StatusCode::FORBIDDEN
        );
        let res = contrib
            .post(
                &format!("/admin/articles/{id}"),
                &[("_csrf", &c_csrf), ("title", "Taken over"), ("body", body)],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = contrib
            .post(
                "/admin/articles/new",
                &[("_csrf", &c_csrf), ("title", "My piece"), ("lang", "en")],
            )
            .await;
        let mine = article_id_of(&location(&res));
        let buttons = texts(
            &contrib.get(&format!("/admin/articles/{mine}")).await.html(),
            ".side form[action$='/status'] button",
        );
        assert_eq!(buttons, ["Send to review"]);
        let res = contrib
            .post(
                &format!("/admin/articles/{mine}/status"),
                &[("_csrf", &c_csrf), ("to", "published")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = contrib
            .post(
                &format!("/admin/articles/{mine}/status"),
                &[("_csrf", &c_csrf), ("to", "in_review")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let res = contrib
            .post(
                &format!("/admin/articles/{mine}/status"),
                &[("_csrf", &c_csrf), ("to", "flying")],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);

        // The author publishes their own; an editor may open anyone's.
        let res = author
            .post(
                &format!("/admin/articles/{id}/status"),
                &[("_csrf", &csrf), ("to", "published")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let published = app
            .state
            .db
            .find_article(id)
            .await
            .expect("q")
            .expect("article");
        assert_eq!(published.status, domain::ArticleStatus::Published);
        assert_eq!(published.published_at, Some(testkit::NOW));
        let mut editor = Browser::signed_in_as(&app, "editor@example.org").await;
        assert_eq!(
            editor.get(&format!("/admin/articles/{mine}")).await.status,
            StatusCode::OK
        );
        assert_eq!(
            editor.get("/admin/articles/999999").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            editor.get("/admin/articles/abc").await.status,
            StatusCode::BAD_REQUEST
        );
        let actions = audit_actions(&app).await;
        for a in ["article_created", "article_saved", "article_status"] {
            assert!(actions.contains(&a.to_owned()), "{a}");
        }
    }
}

/// The current TOTP code for a base32 secret at `now`.
fn totp_code(secret: &str, now: i64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("base32");
    let t = totp_rs::Builder::new()
        .with_secret(secret)
        .build()
        .expect("totp");
    t.generate(u64::try_from(now).expect("positive"))
        .to_string()
}

#[tokio::test]
async fn two_factor_sign_in_with_an_app_code_or_a_recovery_code() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Editor, Locale::En).await;
        let mut ana = Browser::signed_in_as(&app, "ana@example.org").await;
        let csrf = ana.token("/admin/account").await;

        // Set up: a pending key; a wrong code is refused; the right one turns it on and
        // shows ten recovery codes once.
        let res = ana
            .post("/admin/account/totp/setup", &[("_csrf", &csrf)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = ana.get("/admin/account/totp").await.html();
        let secret: String = texts(&page, ".totp-secret")[0]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(secret.len(), 32);
        let link = attrs(&page, "a[href^='otpauth://totp/']", "href").concat();
        assert!(link.contains(&secret), "the otpauth link carries the key");
        // The QR code, read module by module, is the same link.
        let qr = page
            .select(&crate::support::sel("svg.totp-qr[role=img][aria-label]"))
            .next()
            .expect("a labelled QR code");
        assert_eq!(read_qr(&qr.html()), link);
        let res = ana
            .post(
                "/admin/account/totp",
                &[("_csrf", &csrf), ("code", "000000")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = ana
            .post(
                "/admin/account/totp",
                &[
                    ("_csrf", &csrf),
                    ("code", &totp_code(&secret, testkit::NOW)),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        let codes = texts(&res.html(), ".recovery-codes code");
        assert_eq!(codes.len(), 10);
        assert!(
            audit_actions(&app)
                .await
                .contains(&"totp_enabled".to_owned())
        );

        // Signing in now stops at the code: no session until it is right.
        let mut b = Browser::new(&app);
        let res = b.log_in("ana@example.org", PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(location(&res).starts_with("/admin/login/code"));
        assert!(!b.cookies.contains_key(SESSION_COOKIE), "no session yet");
        assert_eq!(b.get("/admin").await.status, StatusCode::SEE_OTHER);
        let code_csrf = b.token("/admin/login/code").await;
        let res = b
            .post(
                "/admin/login/code",
                &[("_csrf", &code_csrf), ("code", "123456")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert_eq!(texts(&res.html(), "[role=alert]").len(), 1);
        // The code that turned it on was used up: the same step is not taken again.
        let used = totp_code(&secret, testkit::NOW);
        let res = b
            .post(
                "/admin/login/code",
                &[("_csrf", &code_csrf), ("code", &used)],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "a code is taken once");
        // The next step's code signs in.
        app.clock.set(testkit::NOW + 30);
        let res = b
            .post(
                "/admin/login/code",
                &[
                    ("_csrf", &code_csrf),
                    ("code", &totp_code(&secret, testkit::NOW + 30)),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert!(b.cookies.contains_key(SESSION_COOKIE));
        assert_eq!(b.get("/admin").await.status, StatusCode::OK);

        // A recovery code signs in once.
        let mut c = Browser::new(&app);
        c.log_in("ana@example.org", PASSWORD).await;
        let c_csrf = c.token("/admin/login/code").await;
        let res = c
            .post(
                "/admin/login/code",
                &[("_csrf", &c_csrf), ("code", &codes[0].to_uppercase())],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let mut d = Browser::new(&app);
        d.log_in("ana@example.org", PASSWORD).await;
        let d_csrf = d.token("/admin/login/code").await;
        let res = d
            .post(
                "/admin/login/code",
                &[("_csrf", &d_csrf), ("code", &codes[0])],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "used once only");
        // Without the form token: refused. Five wrong codes end the attempt.
        let res = d.post("/admin/login/code", &[("code", &codes[1])]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        for _ in 0..4 {
            d.post(
                "/admin/login/code",
                &[("_csrf", &d_csrf), ("code", "999999")],
            )
            .await;
        }
        assert_eq!(
            d.get("/admin/login/code").await.status,
            StatusCode::SEE_OTHER,
            "the attempt is over"
        );

        // Turning it off needs the password.
        let res = ana
            .post(
                "/admin/account/totp/disable",
                &[("_csrf", &csrf), ("current", "wrong password")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = ana
            .post(
                "/admin/account/totp/disable",
                &[("_csrf", &csrf), ("current", PASSWORD)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let mut e = Browser::new(&app);
        let res = e.log_in("ana@example.org", PASSWORD).await;
        assert_eq!(location(&res), "/admin", "one step again");
    }
}

/// What an SVG QR code as the `qrcode` crate draws it (one `Mx yh…` square per dark module,
/// a quiet zone around) says, decoded with `rqrr` from its modules.
fn read_qr(svg: &str) -> String {
    struct Modules {
        size: usize,
        dark: std::collections::HashSet<(usize, usize)>,
    }
    impl rqrr::BitGrid for Modules {
        fn size(&self) -> usize {
            self.size
        }
        fn bit(&self, y: usize, x: usize) -> bool {
            self.dark.contains(&(x, y))
        }
    }
    let attr = |name: &str| -> usize {
        let at = svg.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        svg[at..]
            .split('"')
            .next()
            .expect("value")
            .parse()
            .expect("number")
    };
    let width = attr("width");
    let d = svg.split(" d=\"").nth(1).expect("a path");
    let squares: Vec<(usize, usize, usize)> = d
        .split('M')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (x, rest) = s.split_once(' ').expect("x");
            let (y, rest) = rest.split_once('h').expect("y");
            let unit = rest.split('v').next().expect("unit");
            (
                x.parse().expect("x"),
                y.parse().expect("y"),
                unit.parse().expect("unit"),
            )
        })
        .collect();
    let unit = squares[0].2;
    let quiet = squares.iter().map(|s| s.0.min(s.1)).min().expect("modules");
    let grid = Modules {
        size: (width - 2 * quiet) / unit,
        dark: squares
            .iter()
            .map(|(x, y, _)| ((x - quiet) / unit, (y - quiet) / unit))
            .collect(),
    };
    rqrr::Grid::new(grid)
        .decode()
        .expect("a readable QR code")
        .1
}
