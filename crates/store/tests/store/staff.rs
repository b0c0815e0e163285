//! Staff accounts, sessions, login throttling, invitations and the audit log.

use domain::{Email, Locale, Role};
use store::Error;
use store::staff::{Invite, NewUser, Session};

use crate::support::{HOUR, NOW, each_backend};

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

async fn user(db: &store::Db, addr: &str, role: Role) -> i64 {
    let e = email(addr);
    db.insert_user(
        &NewUser {
            email: &e,
            name: addr.split('@').next().unwrap(),
            password_hash: "$argon2id$fake",
            role,
            locale: Locale::En,
        },
        NOW,
    )
    .await
    .unwrap()
}

fn session(hash: &str, user_id: i64, at: i64) -> Session {
    Session {
        id_hash: hash.into(),
        user_id,
        created_at: at,
        last_seen_at: at,
        expires_at: at + 30 * 24 * HOUR,
        ip: "192.0.2.1".into(),
        user_agent: "test".into(),
    }
}

#[tokio::test]
async fn users_are_unique_by_email_and_keep_their_fields() {
    each_backend(|db| async move {
        let id = user(&db, "ana@example.org", Role::Editor).await;
        let e = email("ana@example.org");
        let dup = db
            .insert_user(
                &NewUser {
                    email: &e,
                    name: "Ana 2",
                    password_hash: "x",
                    role: Role::Admin,
                    locale: Locale::Sq,
                },
                NOW,
            )
            .await;
        assert!(matches!(dup, Err(Error::Conflict(_))), "{dup:?}");
        let u = db.find_user_by_email(&e).await.unwrap().unwrap();
        assert_eq!(
            (u.id, u.role, u.locale, u.password_changed_at),
            (id, Role::Editor, Locale::En, NOW)
        );
        assert_eq!(
            db.find_user(id).await.unwrap().unwrap().email,
            "ana@example.org"
        );
        assert!(db.find_user(id + 100).await.unwrap().is_none());

        db.update_user_role(id, Role::Admin).await.unwrap();
        db.update_user_locale(id, Locale::Sq).await.unwrap();
        let u = db.find_user(id).await.unwrap().unwrap();
        assert_eq!((u.role, u.locale), (Role::Admin, Locale::Sq));
        assert_eq!(db.count_active_admins().await.unwrap(), 1);
        assert!(matches!(
            db.update_user_role(id + 100, Role::Admin).await,
            Err(Error::NotFound(_))
        ));
        let other = user(&db, "ben@example.org", Role::Author).await;
        let names: Vec<String> = db
            .list_users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["ana", "ben"]);
        assert!(other > id);
    })
    .await;
}

#[tokio::test]
async fn sessions_join_their_user_and_end_on_disable_and_password_change() {
    each_backend(|db| async move {
        let ana = user(&db, "ana@example.org", Role::Editor).await;
        let ben = user(&db, "ben@example.org", Role::Author).await;
        for (h, u, at) in [
            ("a1", ana, NOW),
            ("a2", ana, NOW + 5),
            ("a3", ana, NOW + 9),
            ("b1", ben, NOW),
        ] {
            db.insert_session(&session(h, u, at)).await.unwrap();
        }
        let (s, u) = db.find_session("a1").await.unwrap().unwrap();
        assert_eq!(
            (s.user_id, u.email.as_str(), s.ip.as_str()),
            (ana, "ana@example.org", "192.0.2.1")
        );
        assert!(db.find_session("nope").await.unwrap().is_none());

        db.touch_session("a1", NOW + 60).await.unwrap();
        let listed: Vec<String> = db
            .list_sessions_of_user(ana, NOW + 60, HOUR)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id_hash)
            .collect();
        assert_eq!(listed, ["a1", "a3", "a2"]);
        // Idle sessions are not listed and are purged.
        assert_eq!(
            db.list_sessions_of_user(ana, NOW + 2 * HOUR, HOUR)
                .await
                .unwrap()
                .len(),
            0
        );

        // A user can end only their own sessions.
        assert!(!db.delete_session_of_user(ben, "a2").await.unwrap());
        assert!(db.delete_session_of_user(ana, "a2").await.unwrap());

        // A new password keeps only the current session.
        db.update_password(ana, "$argon2id$new", Some("a1"), NOW + 100)
            .await
            .unwrap();
        assert!(db.find_session("a1").await.unwrap().is_some());
        assert!(db.find_session("a3").await.unwrap().is_none());
        let u = db.find_user(ana).await.unwrap().unwrap();
        assert_eq!(
            (u.password_hash.as_str(), u.password_changed_at),
            ("$argon2id$new", NOW + 100)
        );

        // Disabling ends every session; enabling does not bring them back.
        db.set_user_disabled(ana, Some(NOW + 200)).await.unwrap();
        assert!(db.find_session("a1").await.unwrap().is_none());
        assert_eq!(
            db.find_user(ana).await.unwrap().unwrap().disabled_at,
            Some(NOW + 200)
        );
        db.set_user_disabled(ana, None).await.unwrap();
        assert_eq!(db.find_user(ana).await.unwrap().unwrap().disabled_at, None);

        // "Sign out everywhere" and expiry.
        db.insert_session(&session("b2", ben, NOW)).await.unwrap();
        assert_eq!(
            db.delete_sessions_of_user(ben, Some("b2")).await.unwrap(),
            1
        );
        assert!(db.find_session("b2").await.unwrap().is_some());
        assert_eq!(
            db.delete_expired_sessions(NOW + 2 * HOUR, HOUR)
                .await
                .unwrap(),
            1
        );
        assert!(db.find_session("b2").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn failures_count_per_key_within_a_window() {
    each_backend(|db| async move {
        let w = 15 * 60;
        assert_eq!(
            db.auth_failures(&["ip:1", "acct:a"], NOW, w).await.unwrap(),
            (0, NOW)
        );
        for i in 1..=3 {
            assert_eq!(db.add_auth_failure("acct:a", NOW + i, w).await.unwrap(), i);
        }
        assert_eq!(db.add_auth_failure("ip:1", NOW, w).await.unwrap(), 1);
        assert_eq!(
            db.auth_failures(&["ip:1", "acct:a"], NOW + 10, w)
                .await
                .unwrap(),
            (3, NOW + 1 + w)
        );
        // The window ends: counting starts again.
        assert_eq!(
            db.auth_failures(&["acct:a"], NOW + 1 + w, w)
                .await
                .unwrap()
                .0,
            0
        );
        assert_eq!(
            db.add_auth_failure("acct:a", NOW + 2 + w, w).await.unwrap(),
            1
        );
        db.clear_auth_failures("acct:a").await.unwrap();
        assert_eq!(
            db.auth_failures(&["acct:a"], NOW + 3 + w, w)
                .await
                .unwrap()
                .0,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn an_invitation_makes_one_account_once() {
    each_backend(|db| async move {
        let admin = user(&db, "admin@example.org", Role::Admin).await;
        let invite = |hash: &str, addr: &str, expires: i64| Invite {
            token_hash: hash.into(),
            email: addr.into(),
            name: "New One".into(),
            role: Role::Contributor,
            invited_by: Some(admin),
            created_at: NOW,
            expires_at: expires,
        };
        db.insert_invite(&invite("i1", "new@example.org", NOW + HOUR))
            .await
            .unwrap();
        db.insert_invite(&invite("i2", "old@example.org", NOW - 1))
            .await
            .unwrap();
        db.insert_invite(&invite("i3", "admin@example.org", NOW + HOUR))
            .await
            .unwrap();
        let open: Vec<String> = db
            .list_open_invites(NOW)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.token_hash)
            .collect();
        assert_eq!(open.len(), 2);
        assert!(
            db.find_open_invite("i2", NOW).await.unwrap().is_none(),
            "expired"
        );

        let id = db
            .accept_invite("i1", "Nova", "$argon2id$x", Locale::Sq, NOW + 5)
            .await
            .unwrap();
        let u = db.find_user(id).await.unwrap().unwrap();
        assert_eq!(
            (u.email.as_str(), u.name.as_str(), u.role, u.locale),
            ("new@example.org", "Nova", Role::Contributor, Locale::Sq)
        );
        assert!(matches!(
            db.accept_invite("i1", "Again", "x", Locale::Sq, NOW + 6)
                .await,
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            db.accept_invite("i2", "Late", "x", Locale::Sq, NOW + 6)
                .await,
            Err(Error::NotFound(_))
        ));
        // An address that already has an account: refused, and the invitation stays open.
        assert!(matches!(
            db.accept_invite("i3", "Dup", "x", Locale::Sq, NOW + 6)
                .await,
            Err(Error::Conflict(_))
        ));
        assert!(db.find_open_invite("i3", NOW + 7).await.unwrap().is_some());
        assert!(db.delete_invite("i3").await.unwrap());
        assert!(!db.delete_invite("i3").await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_and_survives_its_users() {
    each_backend(|db| async move {
        let ana = user(&db, "ana@example.org", Role::Admin).await;
        for i in 0..5 {
            db.insert_audit(Some(ana), "login", &format!("t{i}"), "192.0.2.9", NOW + i)
                .await
                .unwrap();
        }
        db.insert_audit(None, "login_failed", "", "192.0.2.8", NOW + 9)
            .await
            .unwrap();
        let first = db.list_audit(None, 3).await.unwrap();
        assert_eq!(
            first.iter().map(|e| e.target.as_str()).collect::<Vec<_>>(),
            ["", "t4", "t3"]
        );
        assert_eq!(first[0].user_name, None);
        assert_eq!(first[1].user_name.as_deref(), Some("ana"));
        let next = db.list_audit(Some(first[2].id), 10).await.unwrap();
        assert_eq!(
            next.iter().map(|e| e.target.as_str()).collect::<Vec<_>>(),
            ["t2", "t1", "t0"]
        );
    })
    .await;
}

#[tokio::test]
async fn the_desk_lists_every_status_and_knows_whose_articles_are_whose() {
    use domain::ArticleStatus;
    use store::newsroom::{DeskFilter, Owner};

    use crate::support::{draft, each_raw_backend, new_author, published};

    each_raw_backend(|raw| async move {
        let db = raw.db.clone();
        let ana = user(&db, "ana@example.org", Role::Author).await;
        let ben = user(&db, "ben@example.org", Role::Contributor).await;
        let author = db
            .insert_author(&new_author("ben", "Ben"), NOW)
            .await
            .unwrap();
        raw.link_author_to_user(author, ben).await;
        let mut bylined = draft(Locale::En, "bylined", ArticleStatus::InReview, None);
        bylined.author_ids = vec![author];
        let ids = db
            .insert_articles(
                &[
                    draft(Locale::Sq, "started", ArticleStatus::Draft, None),
                    bylined,
                    published(Locale::Sq, "someone-elses", NOW - HOUR),
                ],
                NOW,
            )
            .await
            .unwrap();
        db.set_article_creator(ids[0], ana).await.unwrap();

        assert!(db.is_article_owner(ids[0], ana).await.unwrap());
        assert!(!db.is_article_owner(ids[0], ben).await.unwrap());
        assert!(
            db.is_article_owner(ids[1], ben).await.unwrap(),
            "byline through a linked profile"
        );
        assert!(!db.is_article_owner(ids[2], ana).await.unwrap());

        let all = DeskFilter {
            owner: Owner::Anyone,
            status: None,
            lang: None,
        };
        let (rows, total) = db.list_desk_articles(&all, 2, 0).await.unwrap();
        assert_eq!((rows.len(), total), (2, 3));
        let (rows, _) = db
            .list_desk_articles(
                &DeskFilter {
                    owner: Owner::User(ben),
                    ..all
                },
                10,
                0,
            )
            .await
            .unwrap();
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[1]]);
        assert_eq!(rows[0].authors, ["Ben"]);
        let (rows, total) = db
            .list_desk_articles(
                &DeskFilter {
                    status: Some(ArticleStatus::Published),
                    lang: Some(Locale::Sq),
                    ..all
                },
                10,
                0,
            )
            .await
            .unwrap();
        assert_eq!((rows.len(), total, rows[0].id), (1, 1, ids[2]));
        let mut counts = db.count_desk_articles(Owner::Anyone).await.unwrap();
        counts.sort_by_key(|c| c.0.as_str());
        assert_eq!(
            counts,
            [
                (ArticleStatus::Draft, 1),
                (ArticleStatus::InReview, 1),
                (ArticleStatus::Published, 1)
            ]
        );
        assert_eq!(
            db.count_desk_articles(Owner::User(ana)).await.unwrap(),
            [(ArticleStatus::Draft, 1)]
        );

        let r1 = db
            .insert_revision(ids[0], Some(ana), r#"{"title":"a"}"#, NOW)
            .await
            .unwrap();
        let r2 = db
            .insert_revision(ids[0], None, r#"{"title":"b"}"#, NOW + 5)
            .await
            .unwrap();
        let revs = db.list_revisions(ids[0], 10).await.unwrap();
        assert_eq!(revs.iter().map(|r| r.id).collect::<Vec<_>>(), [r2, r1]);
        assert_eq!(revs[1].user_name.as_deref(), Some("ana"));
        assert_eq!(revs[0].snapshot, r#"{"title":"b"}"#);
        assert!(db.list_revisions(ids[1], 10).await.unwrap().is_empty());
    })
    .await;
}
