//! The change log.

use domain::{Edition, Locale, Localized, MenuItem, SiteSettings};
use store::pages::NewPage;

use crate::support::{
    NOW, changes_after, doc, each_backend, new_author, new_media, new_section, new_term, published,
    slug,
};

#[tokio::test]
async fn an_empty_log() {
    each_backend(|db| async move {
        assert_eq!(db.last_change_id().await.unwrap(), 0);
        assert!(db.list_changes_since(0, 10).await.unwrap().is_empty());
        // Reads log nothing.
        db.list_sections().await.unwrap();
        db.site_settings().await.unwrap();
        assert_eq!(db.last_change_id().await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn every_write_appends_one_change_per_entity_in_order() {
    each_backend(|db| async move {
        let mut expected = Vec::new();
        let mut at = NOW;
        let mut next_at = || {
            at += 10;
            at
        };

        let t = next_at();
        let section = db.insert_section(&new_section("news", 0), t).await.unwrap();
        expected.push(("section", section, "upsert", t));
        let t = next_at();
        let region = db.insert_region(&new_term("albania", 0), t).await.unwrap();
        expected.push(("region", region, "upsert", t));
        let t = next_at();
        let tag = db.insert_tag(&new_term("economy", 0), t).await.unwrap();
        expected.push(("tag", tag, "upsert", t));
        let t = next_at();
        let media = db.insert_media(&new_media(Some("logo")), t).await.unwrap();
        expected.push(("media", media, "upsert", t));
        let t = next_at();
        let author = db
            .insert_author(&new_author("zana", "Zana"), t)
            .await
            .unwrap();
        expected.push(("author", author, "upsert", t));
        let t = next_at();
        let page = NewPage {
            lang: Locale::Sq,
            translation_group: None,
            key: "about".into(),
            slug: slug("rreth"),
            title: "Rreth".into(),
            body: doc(&["Tekst"]),
        };
        let (page, _) = db.insert_page(&page, t).await.unwrap();
        expected.push(("page", page, "upsert", t));
        let t = next_at();
        let item = MenuItem {
            label: "Lajme".into(),
            url: "/sq/lajme".into(),
        };
        let before_menu = db.last_change_id().await.unwrap();
        db.replace_menu("main", Locale::Sq, &[item], t)
            .await
            .unwrap();
        // The menu's id is not returned: take it from the log, then check the rest.
        let menu_change = db.list_changes_since(before_menu, 10).await.unwrap();
        assert_eq!(menu_change.len(), 1);
        expected.push(("menu", menu_change[0].entity_id, "upsert", t));
        let t = next_at();
        db.save_site_settings(&SiteSettings::default(), t)
            .await
            .unwrap();
        expected.push(("settings", 0, "upsert", t));
        let t = next_at();
        let edition = Edition {
            id: 0,
            volume: 1,
            number: 1,
            title: Localized::new("Numri 1", "Issue 1"),
            published_on: NOW,
            special: false,
            pdf_media_id: None,
            cover_media_id: None,
        };
        let edition = db.insert_edition(&edition, t).await.unwrap();
        expected.push(("edition", edition, "upsert", t));
        let t = next_at();
        let mut d = published(Locale::Sq, "lajm", NOW);
        d.section_ids = vec![section];
        d.tag_ids = vec![tag];
        d.region_ids = vec![region];
        d.author_ids = vec![author];
        let article = db.insert_article(&d, t).await.unwrap();
        expected.push(("article", article, "upsert", t));
        let t = next_at();
        let more = db
            .insert_articles(
                &[
                    published(Locale::Sq, "b", NOW),
                    published(Locale::Sq, "c", NOW),
                ],
                t,
            )
            .await
            .unwrap();
        expected.push(("article", more[0], "upsert", t));
        expected.push(("article", more[1], "upsert", t));
        let t = next_at();
        db.update_article_content(article, "Tjetër", "", &doc(&["Tjetër"]), t)
            .await
            .unwrap();
        expected.push(("article", article, "content", t));

        let expected: Vec<(String, i64, String, i64)> = expected
            .into_iter()
            .map(|(e, id, a, t)| (e.to_owned(), id, a.to_owned(), t))
            .collect();
        assert_eq!(changes_after(&db, 0).await, expected);

        let all = db.list_changes_since(0, 1000).await.unwrap();
        assert!(
            all.windows(2).all(|w| w[0].id < w[1].id),
            "ids ascend: {all:?}"
        );
        assert_eq!(db.last_change_id().await.unwrap(), all.last().unwrap().id);

        // Paging through the log: `after` is exclusive, `limit` caps, oldest first.
        assert_eq!(db.list_changes_since(0, 3).await.unwrap(), all[..3]);
        assert_eq!(
            db.list_changes_since(all[2].id, 4).await.unwrap(),
            all[3..7]
        );
        let mut paged = Vec::new();
        let mut after = 0;
        loop {
            let batch = db.list_changes_since(after, 5).await.unwrap();
            let Some(last) = batch.last() else { break };
            after = last.id;
            paged.extend(batch);
        }
        assert_eq!(paged, all);
        assert!(
            db.list_changes_since(all.last().unwrap().id, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(db.list_changes_since(0, 0).await.unwrap().is_empty());
    })
    .await;
}
