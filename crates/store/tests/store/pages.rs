//! Static pages, menus, site settings and editions.

use domain::{Edition, Locale, Localized, MenuItem, Page, SiteSettings};
use store::pages::NewPage;

use crate::support::{
    NOW, assert_unique_violation, changes_after, doc, each_backend, new_media, rich_doc, slug,
};

fn new_page(lang: Locale, key: &str, slug_text: &str) -> NewPage {
    NewPage {
        lang,
        translation_group: None,
        key: key.into(),
        slug: slug(slug_text),
        title: format!("Title {slug_text}"),
        body: doc(&[&format!("Body of {slug_text}")]),
    }
}

#[tokio::test]
async fn pages_join_translation_groups_and_are_found_by_language_and_slug() {
    each_backend(|db| async move {
        assert!(db.list_page_links().await.unwrap().is_empty());
        let photo = db.insert_media(&new_media(None), NOW).await.unwrap();
        let mut about_sq = new_page(Locale::Sq, "about", "rreth-nesh");
        about_sq.body = rich_doc(photo);
        let (about_sq_id, group) = db.insert_page(&about_sq, NOW).await.unwrap();
        assert_eq!(group, about_sq_id, "the first page of a group names it");
        let mut about_en = new_page(Locale::En, "about", "about-us");
        about_en.translation_group = Some(group);
        let (about_en_id, en_group) = db.insert_page(&about_en, NOW + 1).await.unwrap();
        assert_eq!(en_group, group, "a translation joins the group");
        // The same slug in the other language is another page.
        let (contact_id, contact_group) = db
            .insert_page(&new_page(Locale::En, "contact", "rreth-nesh"), NOW)
            .await
            .unwrap();
        assert_eq!(contact_group, contact_id);

        let found = db.find_page(Locale::Sq, "rreth-nesh").await.unwrap();
        assert_eq!(
            found,
            Some(Page {
                id: about_sq_id,
                lang: Locale::Sq,
                translation_group: group,
                key: "about".into(),
                slug: "rreth-nesh".into(),
                title: "Title rreth-nesh".into(),
                body: rich_doc(photo),
                updated_at: NOW,
            })
        );
        let en = db.find_page(Locale::En, "about-us").await.unwrap().unwrap();
        assert_eq!(
            (en.id, en.translation_group, en.updated_at),
            (about_en_id, group, NOW + 1)
        );
        assert_eq!(
            db.find_page(Locale::En, "rreth-nesh")
                .await
                .unwrap()
                .map(|p| p.id),
            Some(contact_id)
        );
        assert_eq!(db.find_page(Locale::Sq, "about-us").await.unwrap(), None);
        assert_eq!(db.find_page(Locale::Sq, "missing").await.unwrap(), None);

        assert_eq!(
            db.list_page_links().await.unwrap(),
            vec![
                (
                    "about".into(),
                    Locale::Sq,
                    "rreth-nesh".into(),
                    "Title rreth-nesh".into(),
                    group
                ),
                (
                    "about".into(),
                    Locale::En,
                    "about-us".into(),
                    "Title about-us".into(),
                    group
                ),
                (
                    "contact".into(),
                    Locale::En,
                    "rreth-nesh".into(),
                    "Title rreth-nesh".into(),
                    contact_id
                ),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn page_conflicts_are_unique_violations_and_leave_nothing_behind() {
    each_backend(|db| async move {
        db.insert_page(&new_page(Locale::Sq, "about", "rreth-nesh"), NOW)
            .await
            .unwrap();
        let before = db.list_page_links().await.unwrap();
        let last_change = db.last_change_id().await.unwrap();
        assert_unique_violation(
            db.insert_page(&new_page(Locale::Sq, "other", "rreth-nesh"), NOW)
                .await,
            "page slug in one language",
        );
        assert_unique_violation(
            db.insert_page(&new_page(Locale::Sq, "about", "tjeter"), NOW)
                .await,
            "page key in one language",
        );
        assert_eq!(db.list_page_links().await.unwrap(), before);
        assert_eq!(db.find_page(Locale::Sq, "tjeter").await.unwrap(), None);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
    })
    .await;
}

fn item(label: &str) -> MenuItem {
    MenuItem {
        label: label.into(),
        url: format!("/{label}"),
    }
}

#[tokio::test]
async fn menus_are_replaced_whole_per_key_and_language() {
    each_backend(|db| async move {
        assert!(db.list_menu_items().await.unwrap().is_empty());
        let start = db.last_change_id().await.unwrap();
        db.replace_menu("main", Locale::Sq, &[item("lajme"), item("kulture")], NOW)
            .await
            .unwrap();
        db.replace_menu("main", Locale::En, &[item("news")], NOW)
            .await
            .unwrap();
        db.replace_menu("footer", Locale::Sq, &[item("rreth")], NOW)
            .await
            .unwrap();
        let all = db.list_menu_items().await.unwrap();
        assert_eq!(
            all,
            vec![
                ("main".into(), Locale::Sq, item("lajme")),
                ("main".into(), Locale::Sq, item("kulture")),
                ("main".into(), Locale::En, item("news")),
                ("footer".into(), Locale::Sq, item("rreth")),
            ]
        );

        // Replacing keeps the menu (and its place) and swaps every item.
        db.replace_menu(
            "main",
            Locale::Sq,
            &[item("sport"), item("lajme"), item("opinion")],
            NOW + 1,
        )
        .await
        .unwrap();
        db.replace_menu("footer", Locale::Sq, &[], NOW + 2)
            .await
            .unwrap();
        assert_eq!(
            db.list_menu_items().await.unwrap(),
            vec![
                ("main".into(), Locale::Sq, item("sport")),
                ("main".into(), Locale::Sq, item("lajme")),
                ("main".into(), Locale::Sq, item("opinion")),
                ("main".into(), Locale::En, item("news")),
            ]
        );

        let changes = changes_after(&db, start).await;
        assert_eq!(changes.len(), 5);
        assert!(
            changes
                .iter()
                .all(|(entity, _, action, _)| entity == "menu" && action == "upsert")
        );
        let menu_ids: Vec<i64> = changes.iter().map(|c| c.1).collect();
        assert_eq!(menu_ids[3], menu_ids[0], "main/sq keeps its id");
        assert_eq!(menu_ids[4], menu_ids[2], "footer/sq keeps its id");
        assert_ne!(menu_ids[0], menu_ids[1]);
        assert_eq!(
            changes.iter().map(|c| c.3).collect::<Vec<_>>(),
            vec![NOW, NOW, NOW, NOW + 1, NOW + 2]
        );
    })
    .await;
}

#[tokio::test]
async fn site_settings_default_until_saved_then_round_trip() {
    each_backend(|db| async move {
        assert_eq!(db.site_settings().await.unwrap(), SiteSettings::default());
        let settings = SiteSettings {
            site_name: "Revista Ë".into(),
            tagline: Localized::new("Revistë javore", "A weekly magazine"),
            company_id: "L12345678A".into(),
            default_locale: Locale::En,
            special_edition: Localized::new("Edicion special", "Special edition"),
            contact_emails: vec!["info@example.org".into(), "news@example.org".into()],
            social_links: vec![item("facebook"), item("x")],
            media_partner: Some(item("partner")),
        };
        let start = db.last_change_id().await.unwrap();
        db.save_site_settings(&settings, NOW).await.unwrap();
        assert_eq!(db.site_settings().await.unwrap(), settings);

        let mut changed = settings.clone();
        changed.media_partner = None;
        changed.site_name = "Revista 2".into();
        db.save_site_settings(&changed, NOW + 1).await.unwrap();
        assert_eq!(db.site_settings().await.unwrap(), changed);
        assert_eq!(
            changes_after(&db, start).await,
            vec![
                ("settings".into(), 0, "upsert".into(), NOW),
                ("settings".into(), 0, "upsert".into(), NOW + 1),
            ]
        );
    })
    .await;
}

fn edition(volume: i32, number: i32, published_on: i64) -> Edition {
    Edition {
        id: 0,
        volume,
        number,
        title: Localized::new(format!("Numri {number}"), format!("Issue {number}")),
        published_on,
        special: false,
        pdf_media_id: None,
        cover_media_id: None,
    }
}

#[tokio::test]
async fn editions_are_listed_newest_first_and_volume_number_is_unique() {
    each_backend(|db| async move {
        assert!(db.list_editions().await.unwrap().is_empty());
        let pdf = db.insert_media(&new_media(None), NOW).await.unwrap();
        let cover = db.insert_media(&new_media(None), NOW).await.unwrap();
        let first = db
            .insert_edition(&edition(1, 1, NOW - 200), NOW)
            .await
            .unwrap();
        let mut special = edition(1, 2, NOW - 100);
        special.special = true;
        special.pdf_media_id = Some(pdf);
        special.cover_media_id = Some(cover);
        let second = db.insert_edition(&special, NOW).await.unwrap();
        // Same day as the special one: the later id comes first.
        let third = db
            .insert_edition(&edition(1, 3, NOW - 100), NOW)
            .await
            .unwrap();

        let editions = db.list_editions().await.unwrap();
        assert_eq!(
            editions.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![third, second, first]
        );
        assert_eq!(
            editions[1],
            Edition {
                id: second,
                ..special
            }
        );
        assert_eq!(
            editions[2],
            Edition {
                id: first,
                ..edition(1, 1, NOW - 200)
            }
        );

        let last_change = db.last_change_id().await.unwrap();
        assert_unique_violation(
            db.insert_edition(&edition(1, 2, NOW), NOW).await,
            "volume and number",
        );
        assert_eq!(db.list_editions().await.unwrap(), editions);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
        db.insert_edition(&edition(2, 2, NOW), NOW).await.unwrap();
    })
    .await;
}
