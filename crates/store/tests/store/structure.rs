//! Writes of the site structure: sections, tags, regions and authors are changed and deleted
//! with guards, old slugs become redirects, and every write is in the change log.

use domain::{Locale, Localized};
use store::Error;
use store::taxonomy::TermKind;

use crate::support::{
    NOW, changes_after, each_backend, new_author, new_section, new_term, published,
};

#[tokio::test]
async fn a_changed_section_keeps_its_old_slugs_as_redirects_and_logs_the_change() {
    each_backend(|db| async move {
        let news = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let before = db.last_change_id().await.unwrap();
        let mut s = new_section("news", 3);
        s.slug = Localized::new("lajme", "news-en");
        s.name = Localized::new("Lajme", "News");
        s.in_menu = false;
        db.update_section(news, &s, NOW + 1).await.unwrap();
        let got = db.find_section(news).await.unwrap().unwrap();
        assert_eq!(got.slug, Localized::new("lajme", "news-en"));
        assert_eq!(got.name, Localized::new("Lajme", "News"));
        assert_eq!(
            (got.position, got.in_menu, got.key.as_str()),
            (3, false, "news")
        );
        assert_eq!(
            changes_after(&db, before).await,
            vec![("section".into(), news, "upsert".into(), NOW + 1)]
        );
        // Albanian changed, English did not.
        let redirect = |lang, slug: &'static str| {
            let db = db.clone();
            async move {
                db.find_slug_redirect_term(TermKind::Section, lang, slug)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(redirect(Locale::Sq, "news-sq").await, Some(news));
        assert_eq!(redirect(Locale::En, "news-en").await, None);
        assert_eq!(redirect(Locale::En, "news-sq").await, None, "per language");

        // Going back to the old slug makes it live again: no redirect to itself.
        db.update_section(news, &new_section("news", 3), NOW + 2)
            .await
            .unwrap();
        assert_eq!(redirect(Locale::Sq, "news-sq").await, None);
        assert_eq!(redirect(Locale::Sq, "lajme").await, Some(news));

        assert!(matches!(
            db.update_section(news + 100, &s, NOW).await,
            Err(Error::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn sections_in_use_are_not_deleted_and_nothing_changes() {
    each_backend(|db| async move {
        let parent = db
            .insert_section(&new_section("world", 0), NOW)
            .await
            .unwrap();
        let mut c = new_section("europe", 1);
        c.parent_id = Some(parent);
        let child = db.insert_section(&c, NOW).await.unwrap();
        let mut a = published(Locale::Sq, "nje", NOW - 10);
        a.section_ids = vec![child];
        db.insert_article(&a, NOW).await.unwrap();
        assert_eq!(db.section_usage(parent).await.unwrap(), (0, 1));
        assert_eq!(db.section_usage(child).await.unwrap(), (1, 0));
        let before = db.last_change_id().await.unwrap();

        match db.delete_section(parent, NOW).await {
            Err(Error::Conflict(code)) => {
                assert_eq!(code, store::taxonomy::in_use::SECTION_HAS_CHILDREN);
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        match db.delete_section(child, NOW).await {
            Err(Error::Conflict(code)) => {
                assert_eq!(code, store::taxonomy::in_use::SECTION_HAS_ARTICLES);
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(db.list_sections().await.unwrap().len(), 2);
        assert!(changes_after(&db, before).await.is_empty());

        let empty = db
            .insert_section(&new_section("empty", 2), NOW)
            .await
            .unwrap();
        let mut renamed = new_section("empty", 2);
        renamed.slug = Localized::new("bosh", "void");
        db.update_section(empty, &renamed, NOW).await.unwrap();
        let before = db.last_change_id().await.unwrap();
        db.delete_section(empty, NOW + 5).await.unwrap();
        assert!(db.find_section(empty).await.unwrap().is_none());
        assert_eq!(
            changes_after(&db, before).await,
            vec![("section".into(), empty, "delete".into(), NOW + 5)]
        );
        assert_eq!(
            db.find_slug_redirect_term(TermKind::Section, Locale::Sq, "empty-sq")
                .await
                .unwrap(),
            None,
            "a deleted section's redirects go with it"
        );
        assert!(matches!(
            db.delete_section(empty, NOW).await,
            Err(Error::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn sections_are_reordered_in_one_change() {
    each_backend(|db| async move {
        let a = db.insert_section(&new_section("a", 0), NOW).await.unwrap();
        let b = db.insert_section(&new_section("b", 1), NOW).await.unwrap();
        let c = db.insert_section(&new_section("c", 2), NOW).await.unwrap();
        let before = db.last_change_id().await.unwrap();
        db.reorder_sections(&[c, a, b], NOW).await.unwrap();
        let order: Vec<i64> = db
            .list_sections()
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(order, vec![c, a, b]);
        assert_eq!(changes_after(&db, before).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn tags_and_regions_change_and_are_deleted_only_when_unused() {
    each_backend(|db| async move {
        let tag = db.insert_tag(&new_term("nato", 0), NOW).await.unwrap();
        let spare = db.insert_tag(&new_term("spare", 0), NOW).await.unwrap();
        let region = db
            .insert_region(&new_term("balkans", 0), NOW)
            .await
            .unwrap();
        let mut a = published(Locale::En, "one", NOW - 10);
        a.tag_ids = vec![tag];
        a.region_ids = vec![region];
        db.insert_article(&a, NOW).await.unwrap();

        let before = db.last_change_id().await.unwrap();
        let mut t = new_term("ignored-key", 0);
        t.name = Localized::new("NATO-ja", "The NATO");
        t.slug = Localized::new("nato-sq", "the-nato");
        db.update_tag(tag, &t, NOW + 1).await.unwrap();
        let got = db.find_tag(tag).await.unwrap().unwrap();
        assert_eq!(
            (got.key.as_str(), got.name.en.as_str()),
            ("nato", "The NATO")
        );
        assert_eq!(
            db.find_slug_redirect_term(TermKind::Tag, Locale::En, "nato-en")
                .await
                .unwrap(),
            Some(tag)
        );
        let mut r = new_term("balkans", 7);
        r.name = Localized::new("Ballkani", "The Balkans");
        db.update_region(region, &r, NOW + 1).await.unwrap();
        let got = db.find_region(region).await.unwrap().unwrap();
        assert_eq!((got.position, got.name.sq.as_str()), (7, "Ballkani"));
        assert_eq!(
            changes_after(&db, before).await,
            vec![
                ("tag".into(), tag, "upsert".into(), NOW + 1),
                ("region".into(), region, "upsert".into(), NOW + 1)
            ]
        );

        assert_eq!(db.tag_usage(tag).await.unwrap(), 1);
        assert_eq!(db.region_usage(region).await.unwrap(), 1);
        assert!(matches!(
            db.delete_tag(tag, NOW).await,
            Err(Error::Conflict(_))
        ));
        assert!(matches!(
            db.delete_region(region, NOW).await,
            Err(Error::Conflict(_))
        ));
        assert!(db.find_tag(tag).await.unwrap().is_some());
        assert!(db.find_region(region).await.unwrap().is_some());

        // A slug another tag has is a unique violation, and changes nothing.
        let mut clash = new_term("spare", 0);
        clash.slug = Localized::new("spare-sq", "the-nato");
        let err = db.update_tag(spare, &clash, NOW).await.unwrap_err();
        assert!(store::is_unique_violation(&err), "{err:?}");
        assert_eq!(
            db.find_tag(spare).await.unwrap().unwrap().slug.en,
            "spare-en"
        );

        db.delete_tag(spare, NOW).await.unwrap();
        assert!(db.find_tag(spare).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn authors_change_with_redirects_and_bylines_guard_deletion() {
    each_backend(|db| async move {
        let arta = db
            .insert_author(&new_author("arta", "Arta"), NOW)
            .await
            .unwrap();
        let idle = db
            .insert_author(&new_author("idle", "Idle"), NOW)
            .await
            .unwrap();
        let mut a = published(Locale::Sq, "nje", NOW - 10);
        a.author_ids = vec![arta];
        db.insert_article(&a, NOW).await.unwrap();

        let mut changed = new_author("arta-berisha", "Arta Berisha");
        changed.email = None;
        db.update_author(arta, &changed, NOW).await.unwrap();
        let got = db.find_author(arta).await.unwrap().unwrap();
        assert_eq!(
            (got.slug.as_str(), got.name.as_str()),
            ("arta-berisha", "Arta Berisha")
        );
        assert_eq!(got.email, None);
        for lang in Locale::ALL {
            assert_eq!(
                db.find_slug_redirect_term(TermKind::Author, lang, "arta")
                    .await
                    .unwrap(),
                Some(arta)
            );
        }
        assert_eq!(db.author_usage(arta).await.unwrap(), 1);
        assert!(matches!(
            db.delete_author(arta, NOW).await,
            Err(Error::Conflict(_))
        ));
        assert!(db.find_author(arta).await.unwrap().is_some());

        let before = db.last_change_id().await.unwrap();
        db.delete_author(idle, NOW).await.unwrap();
        assert!(db.find_author(idle).await.unwrap().is_none());
        assert_eq!(
            changes_after(&db, before).await,
            vec![("author".into(), idle, "delete".into(), NOW)]
        );
    })
    .await;
}

#[tokio::test]
async fn top_stories_are_marked_and_listed() {
    each_backend(|db| async move {
        let id = db
            .insert_article(&published(Locale::En, "lead", NOW - 10), NOW)
            .await
            .unwrap();
        assert!(db.list_top(Locale::En, 5, NOW).await.unwrap().is_empty());
        let before = db.last_change_id().await.unwrap();
        assert!(db.set_article_top(id, true, NOW).await.unwrap());
        assert_eq!(db.list_top(Locale::En, 5, NOW).await.unwrap()[0].id, id);
        assert_eq!(
            changes_after(&db, before).await,
            vec![("article".into(), id, "top".into(), NOW)]
        );
        assert!(db.set_article_top(id, false, NOW).await.unwrap());
        assert!(db.list_top(Locale::En, 5, NOW).await.unwrap().is_empty());
        assert!(!db.set_article_top(id + 100, true, NOW).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn pages_change_with_redirects_and_menus_guard_deletion() {
    each_backend(|db| async move {
        let (id, _) = db
            .insert_page(
                &store::pages::NewPage {
                    lang: Locale::Sq,
                    translation_group: None,
                    key: "about".into(),
                    slug: crate::support::slug("rreth"),
                    title: "Rreth".into(),
                    body: crate::support::doc(&["Tekst."]),
                },
                NOW,
            )
            .await
            .unwrap();
        let before = db.last_change_id().await.unwrap();
        let edit = store::pages::PageEdit {
            slug: crate::support::slug("rreth-nesh"),
            title: "Rreth nesh".into(),
            body: crate::support::doc(&["Tjetër."]),
            published: false,
        };
        db.update_page(id, &edit, NOW + 1).await.unwrap();
        let (page, published) = db.find_page_by_id(id).await.unwrap().unwrap();
        assert_eq!(
            (page.slug.as_str(), page.title.as_str(), published),
            ("rreth-nesh", "Rreth nesh", false)
        );
        assert_eq!(page.updated_at, NOW + 1);
        assert!(
            db.find_page(Locale::Sq, "rreth-nesh")
                .await
                .unwrap()
                .is_none(),
            "hidden"
        );
        assert_eq!(
            db.find_slug_redirect_term(TermKind::Page, Locale::Sq, "rreth")
                .await
                .unwrap(),
            Some(id)
        );
        assert_eq!(
            changes_after(&db, before).await,
            vec![("page".into(), id, "upsert".into(), NOW + 1)]
        );
        let listed = db.list_pages().await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(!listed[0].published);

        db.replace_menu(
            "footer",
            Locale::Sq,
            &[domain::MenuItem {
                label: "Rreth".into(),
                url: "/sq/rreth-nesh".into(),
            }],
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(
            db.list_menus().await.unwrap(),
            vec![("footer".to_owned(), Locale::Sq)]
        );
        assert!(matches!(
            db.delete_page(id, "/sq/rreth-nesh", NOW).await,
            Err(Error::Conflict(_))
        ));
        db.replace_menu("footer", Locale::Sq, &[], NOW)
            .await
            .unwrap();
        db.delete_page(id, "/sq/rreth-nesh", NOW).await.unwrap();
        assert!(db.find_page_by_id(id).await.unwrap().is_none());
        assert_eq!(
            db.find_slug_redirect_term(TermKind::Page, Locale::Sq, "rreth")
                .await
                .unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn an_author_profile_is_linked_to_a_staff_account_and_unlinked() {
    each_backend(|db| async move {
        let author = db
            .insert_author(&new_author("arta", "Arta"), NOW)
            .await
            .unwrap();
        let email = domain::Email::parse("arta@example.org").unwrap();
        let user = db
            .insert_user(
                &store::staff::NewUser {
                    email: &email,
                    name: "Arta",
                    password_hash: "x",
                    role: domain::Role::Author,
                    locale: Locale::Sq,
                },
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(db.find_author_user(author).await.unwrap(), None);
        db.set_author_user(author, Some(user)).await.unwrap();
        assert_eq!(db.find_author_user(author).await.unwrap(), Some(user));
        db.set_author_user(author, None).await.unwrap();
        assert_eq!(db.find_author_user(author).await.unwrap(), None);
        assert!(matches!(
            db.set_author_user(author + 100, None).await,
            Err(Error::NotFound(_))
        ));
    })
    .await;
}
