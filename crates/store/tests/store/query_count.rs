//! `query_count` counts statements: one per read call and one per write call (a write's
//! transaction counts once) whatever the amount of data; two for `list_cards` (the page and
//! the listing's total); none for a read whose empty list of ids makes the answer obvious.

use std::future::Future;

use domain::{Edition, Locale, Localized, MenuItem, SiteSettings};
use store::Db;
use store::articles::{ArticleTerms, Listing};
use store::pages::NewPage;

use crate::support::{
    HOUR, NOW, doc, each_backend, new_author, new_media, new_section, new_term, published, slug,
};

/// Awaits `call` and returns its output with the number of statements it ran.
async fn counted<T>(db: &Db, call: impl Future<Output = T>) -> (T, u64) {
    let before = db.query_count();
    let out = call.await;
    (out, db.query_count() - before)
}

/// Asserts that `$call` on `$db` runs exactly `$n` statements; yields its output.
macro_rules! runs {
    ($n:expr, $db:ident . $($call:tt)+) => {{
        let (out, ran) = counted(&$db, $db.$($call)+).await;
        assert_eq!(ran, $n, "{} ran {ran} statements, expected {}", stringify!($($call)+), $n);
        out
    }};
}

#[tokio::test]
async fn every_write_runs_one_statement_batch() {
    each_backend(|db| async move {
        let section = runs!(1, db.insert_section(&new_section("news", 0), NOW)).unwrap();
        let region = runs!(1, db.insert_region(&new_term("r", 0), NOW)).unwrap();
        let tag = runs!(1, db.insert_tag(&new_term("t", 0), NOW)).unwrap();
        let media = runs!(1, db.insert_media(&new_media(None), NOW)).unwrap();
        let author = runs!(1, db.insert_author(&new_author("zana", "Zana"), NOW)).unwrap();
        let page = NewPage {
            lang: Locale::Sq,
            translation_group: None,
            key: "about".into(),
            slug: slug("rreth"),
            title: "Rreth".into(),
            body: doc(&["Tekst"]),
        };
        runs!(1, db.insert_page(&page, NOW)).unwrap();
        // A refused write is counted too.
        assert!(runs!(1, db.insert_page(&page, NOW)).is_err());
        let items = vec![
            MenuItem {
                label: "a".into(),
                url: "/a".into()
            };
            5
        ];
        runs!(1, db.replace_menu("main", Locale::Sq, &items, NOW)).unwrap();
        runs!(1, db.save_site_settings(&SiteSettings::default(), NOW)).unwrap();
        let edition = Edition {
            id: 0,
            volume: 1,
            number: 1,
            title: Localized::new("a", "b"),
            published_on: NOW,
            special: false,
            pdf_media_id: Some(media),
            cover_media_id: None,
        };
        runs!(1, db.insert_edition(&edition, NOW)).unwrap();
        let mut d = published(Locale::Sq, "lajm", NOW);
        d.section_ids = vec![section];
        d.tag_ids = vec![tag];
        d.region_ids = vec![region];
        d.author_ids = vec![author];
        let article = runs!(1, db.insert_article(&d, NOW)).unwrap();
        let many: Vec<_> = (0..20)
            .map(|i| published(Locale::Sq, &format!("n-{i}"), NOW))
            .collect();
        runs!(1, db.insert_articles(&many, NOW)).unwrap();
        runs!(1, db.insert_articles(&[], NOW)).unwrap();
        runs!(
            1,
            db.update_article_content(article, "t", "s", &doc(&["b"]), NOW)
        )
        .unwrap();
        assert!(
            runs!(
                1,
                db.update_article_content(article + 1000, "t", "s", &doc(&["b"]), NOW)
            )
            .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn every_read_runs_a_fixed_number_of_statements() {
    each_backend(|db| async move {
        let mut sections = Vec::new();
        for key in ["a", "b", "c"] {
            sections.push(db.insert_section(&new_section(key, 0), NOW).await.unwrap());
        }
        let tag = db.insert_tag(&new_term("t", 0), NOW).await.unwrap();
        let tag_2 = db.insert_tag(&new_term("t2", 0), NOW).await.unwrap();
        let region = db.insert_region(&new_term("r", 0), NOW).await.unwrap();
        let author = db
            .insert_author(&new_author("zana", "Zana"), NOW)
            .await
            .unwrap();
        let media = db
            .insert_media(&new_media(Some("logo")), NOW)
            .await
            .unwrap();
        let drafts: Vec<_> = (0..6)
            .map(|i| {
                let mut d = published(Locale::Sq, &format!("a-{i}"), NOW - i * HOUR);
                d.section_ids = vec![sections[usize::try_from(i).unwrap() % 3]];
                d.tag_ids = vec![tag, tag_2];
                d.region_ids = vec![region];
                d.author_ids = vec![author];
                d.is_top = true;
                d
            })
            .collect();
        let ids = db.insert_articles(&drafts, NOW).await.unwrap();
        let article = db.find_article(ids[2]).await.unwrap().unwrap();
        let newest = db.find_article(ids[0]).await.unwrap().unwrap();
        let terms = db.find_article_terms(ids[0]).await.unwrap();
        assert_eq!(terms.section_ids.len() + terms.tag_ids.len(), 3);

        // The handle's own reads.
        runs!(1, db.ping()).unwrap();
        runs!(1, db.applied_migrations()).unwrap();
        runs!(1, db.last_change_id()).unwrap();
        runs!(1, db.list_changes_since(0, 100)).unwrap();
        // Taxonomy, authors, media, pages.
        runs!(1, db.list_sections()).unwrap();
        runs!(1, db.list_regions()).unwrap();
        runs!(1, db.list_tags()).unwrap();
        runs!(1, db.list_tags_by_ids(&[tag, tag_2])).unwrap();
        runs!(1, db.find_tag_by_slug(Locale::Sq, "t-sq")).unwrap();
        runs!(1, db.find_tag_by_slug(Locale::En, "t-en")).unwrap();
        runs!(1, db.list_authors()).unwrap();
        runs!(1, db.find_author_by_slug("zana")).unwrap();
        runs!(1, db.list_media_by_ids(&[media, media + 1])).unwrap();
        runs!(1, db.list_keyed_media()).unwrap();
        runs!(1, db.find_page(Locale::Sq, "rreth")).unwrap();
        runs!(1, db.list_page_links()).unwrap();
        runs!(1, db.list_menu_items()).unwrap();
        runs!(1, db.site_settings()).unwrap();
        runs!(1, db.list_editions()).unwrap();
        // Articles: one statement whatever the number of ids, sections or terms.
        runs!(1, db.count_articles()).unwrap();
        runs!(1, db.find_article(ids[0])).unwrap();
        runs!(1, db.find_published_article(Locale::Sq, "a-0")).unwrap();
        runs!(1, db.find_slug_redirect(Locale::Sq, "old")).unwrap();
        runs!(1, db.find_article_terms(ids[0])).unwrap();
        runs!(1, db.list_translations(&ids)).unwrap();
        runs!(1, db.list_bylines(&[ids[0]])).unwrap();
        runs!(1, db.list_bylines(&ids)).unwrap();
        runs!(1, db.list_byline_ids(&ids)).unwrap();
        runs!(1, db.list_latest(Locale::Sq, 50, NOW)).unwrap();
        runs!(1, db.list_top(Locale::Sq, 50, NOW)).unwrap();
        runs!(
            1,
            db.list_latest_per_section(Locale::Sq, &sections[..1], 2, NOW)
        )
        .unwrap();
        runs!(1, db.list_latest_per_section(Locale::Sq, &sections, 2, NOW)).unwrap();
        let related = runs!(1, db.list_related(&newest, &terms, 10)).unwrap();
        assert_eq!(related.len(), 5);
        runs!(1, db.find_neighbours(&article, NOW)).unwrap();
        // A listing page and its total: two statements, whatever the page size.
        for listing in [
            Listing::Latest,
            Listing::Section(sections[0]),
            Listing::Tag(tag),
            Listing::Region(region),
            Listing::Author(author),
        ] {
            let (cards, total) = runs!(2, db.list_cards(Locale::Sq, listing, 1, 0, NOW)).unwrap();
            assert_eq!(cards.len(), 1);
            assert!(total >= 2, "{listing:?}");
            runs!(2, db.list_cards(Locale::Sq, listing, 50, 0, NOW)).unwrap();
        }
        // Nothing to look up: no statement at all.
        runs!(0, db.list_tags_by_ids(&[])).unwrap();
        runs!(0, db.list_media_by_ids(&[])).unwrap();
        runs!(0, db.list_bylines(&[])).unwrap();
        runs!(0, db.list_translations(&[])).unwrap();
        runs!(0, db.list_latest_per_section(Locale::Sq, &[], 2, NOW)).unwrap();
        runs!(0, db.list_related(&article, &ArticleTerms::default(), 10)).unwrap();

        // Clones share the count.
        let clone = db.clone();
        let before = db.query_count();
        clone.count_articles().await.unwrap();
        assert_eq!(db.query_count(), before + 1);
    })
    .await;
}
