//! Sections, regions and tags.

use domain::{Locale, Localized, Region, Section, Tag};
use store::taxonomy::NewTerm;

use crate::support::{NOW, assert_unique_violation, each_backend, new_section, new_term};

#[tokio::test]
async fn sections_are_listed_parents_first_in_menu_order() {
    each_backend(|db| async move {
        assert!(db.list_sections().await.unwrap().is_empty());
        let culture = db
            .insert_section(&new_section("culture", 2), NOW)
            .await
            .unwrap();
        let opinion = db
            .insert_section(&new_section("opinion", 1), NOW)
            .await
            .unwrap();
        let mut child = new_section("op-ed", 1);
        child.parent_id = Some(opinion);
        child.in_menu = false;
        child.description = Localized::default();
        let op_ed = db.insert_section(&child, NOW).await.unwrap();

        let sections = db.list_sections().await.unwrap();
        // Position first, then id (ties keep insertion order).
        assert_eq!(
            sections.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![opinion, op_ed, culture]
        );
        assert_eq!(
            sections[1],
            Section {
                id: op_ed,
                parent_id: Some(opinion),
                position: 1,
                key: "op-ed".into(),
                slug: Localized::new("op-ed-sq", "op-ed-en"),
                name: Localized::new("Seksioni op-ed", "Section op-ed"),
                description: Localized::default(),
                in_menu: false,
            }
        );
        assert_eq!(sections[2].parent_id, None);
        assert_eq!(
            sections[2].description,
            Localized::new("Për culture", "About culture")
        );
        assert!(sections[2].in_menu);
    })
    .await;
}

#[tokio::test]
async fn section_conflicts_are_unique_violations_and_leave_nothing_behind() {
    each_backend(|db| async move {
        db.insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let before = db.list_sections().await.unwrap();
        let last_change = db.last_change_id().await.unwrap();

        let mut same_key = new_section("other", 0);
        same_key.key = "news".into();
        let mut same_sq = new_section("other", 0);
        same_sq.slug.sq = "news-sq".into();
        let mut same_en = new_section("other", 0);
        same_en.slug.en = "news-en".into();
        for (what, s) in [
            ("key", same_key),
            ("slug_sq", same_sq),
            ("slug_en", same_en),
        ] {
            assert_unique_violation(db.insert_section(&s, NOW).await, what);
        }

        assert_eq!(db.list_sections().await.unwrap(), before);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
        // The failed writes did not wedge the writer.
        db.insert_section(&new_section("other", 0), NOW)
            .await
            .unwrap();
        assert_eq!(db.list_sections().await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn regions_are_listed_in_display_order() {
    each_backend(|db| async move {
        assert!(db.list_regions().await.unwrap().is_empty());
        let kosovo = db.insert_region(&new_term("kosovo", 2), NOW).await.unwrap();
        let albania = db
            .insert_region(&new_term("albania", 1), NOW)
            .await
            .unwrap();
        let diaspora = db
            .insert_region(&new_term("diaspora", 2), NOW)
            .await
            .unwrap();
        let regions = db.list_regions().await.unwrap();
        assert_eq!(
            regions.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![albania, kosovo, diaspora]
        );
        assert_eq!(
            regions[0],
            Region {
                id: albania,
                position: 1,
                key: "albania".into(),
                slug: Localized::new("albania-sq", "albania-en"),
                name: Localized::new("Emri albania", "Name albania"),
            }
        );
    })
    .await;
}

fn conflicting_terms() -> Vec<(&'static str, NewTerm)> {
    let mut same_key = new_term("other", 0);
    same_key.key = "taken".into();
    let mut same_sq = new_term("other", 0);
    same_sq.slug.sq = "taken-sq".into();
    let mut same_en = new_term("other", 0);
    same_en.slug.en = "taken-en".into();
    vec![
        ("key", same_key),
        ("slug_sq", same_sq),
        ("slug_en", same_en),
    ]
}

#[tokio::test]
async fn region_conflicts_are_unique_violations_and_leave_nothing_behind() {
    each_backend(|db| async move {
        db.insert_region(&new_term("taken", 0), NOW).await.unwrap();
        let before = db.list_regions().await.unwrap();
        let last_change = db.last_change_id().await.unwrap();
        for (what, t) in conflicting_terms() {
            assert_unique_violation(db.insert_region(&t, NOW).await, what);
        }
        assert_eq!(db.list_regions().await.unwrap(), before);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
    })
    .await;
}

#[tokio::test]
async fn tags_are_listed_by_english_name_and_found_by_id_and_slug() {
    each_backend(|db| async move {
        assert!(db.list_tags().await.unwrap().is_empty());
        let mut economy = new_term("economy", 0);
        economy.name = Localized::new("Ekonomi", "Economy");
        let mut arts = new_term("arts", 0);
        arts.name = Localized::new("Zeja", "Arts");
        let mut elections = new_term("elections", 0);
        elections.name = Localized::new("Zgjedhje", "Elections");
        let economy = db.insert_tag(&economy, NOW).await.unwrap();
        let arts = db.insert_tag(&arts, NOW).await.unwrap();
        let elections = db.insert_tag(&elections, NOW).await.unwrap();

        let tags = db.list_tags().await.unwrap();
        assert_eq!(
            tags.iter().map(|t| t.id).collect::<Vec<_>>(),
            vec![arts, economy, elections]
        );
        let arts_tag = Tag {
            id: arts,
            key: "arts".into(),
            slug: Localized::new("arts-sq", "arts-en"),
            name: Localized::new("Zeja", "Arts"),
        };
        assert_eq!(tags[0], arts_tag);

        let mut by_ids = db
            .list_tags_by_ids(&[elections, arts, 999_999])
            .await
            .unwrap();
        by_ids.sort_by_key(|t| t.id);
        let mut expected = vec![tags[0].clone(), tags[2].clone()];
        expected.sort_by_key(|t| t.id);
        assert_eq!(by_ids, expected);
        assert!(db.list_tags_by_ids(&[]).await.unwrap().is_empty());

        assert_eq!(
            db.find_tag_by_slug(Locale::Sq, "arts-sq").await.unwrap(),
            Some(arts_tag.clone())
        );
        assert_eq!(
            db.find_tag_by_slug(Locale::En, "arts-en").await.unwrap(),
            Some(arts_tag)
        );
        // A slug is looked up in its own language only.
        assert_eq!(
            db.find_tag_by_slug(Locale::En, "arts-sq").await.unwrap(),
            None
        );
        assert_eq!(
            db.find_tag_by_slug(Locale::Sq, "arts-en").await.unwrap(),
            None
        );
        assert_eq!(
            db.find_tag_by_slug(Locale::Sq, "missing").await.unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn tag_conflicts_are_unique_violations_and_leave_nothing_behind() {
    each_backend(|db| async move {
        db.insert_tag(&new_term("taken", 0), NOW).await.unwrap();
        let before = db.list_tags().await.unwrap();
        let last_change = db.last_change_id().await.unwrap();
        for (what, t) in conflicting_terms() {
            assert_unique_violation(db.insert_tag(&t, NOW).await, what);
        }
        assert_eq!(db.list_tags().await.unwrap(), before);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
    })
    .await;
}
