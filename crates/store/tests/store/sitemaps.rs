//! Reads for feeds and sitemaps: months of the archive, a range of articles with their
//! translations and images, whole articles and their terms by ids.

use domain::{ArticleStatus, Block, Locale};
use store::sitemaps::{SitemapTranslation, month_bounds};

use crate::support::{
    HOUR, NOW, draft, each_backend, new_media, new_section, new_term, published, rich_doc,
};

/// 2026-10-31T23:59:59Z and 2026-11-01T00:00:00Z: the last second of October and the first
/// of November.
const OCT_END: i64 = 1_793_491_199;
const NOV_START: i64 = 1_793_491_200;

#[test]
fn month_bounds_match_the_constants() {
    assert_eq!(month_bounds(2026, 11).map(|b| b.0), Some(NOV_START));
    assert_eq!(month_bounds(2026, 10).map(|b| b.1), Some(OCT_END + 1));
}

#[tokio::test]
async fn months_group_published_articles_by_language() {
    each_backend(|db| async move {
        let mut late = published(Locale::Sq, "late-october", OCT_END);
        late.updated_at = Some(OCT_END + 5 * HOUR);
        let ids = db
            .insert_articles(
                &[
                    late,
                    published(Locale::Sq, "early-november", NOV_START),
                    published(Locale::Sq, "mid-november", NOV_START + 100 * HOUR),
                    published(Locale::En, "english-november", NOV_START + HOUR),
                    published(Locale::Sq, "future", NOW + HOUR),
                    draft(Locale::Sq, "a-draft", ArticleStatus::Draft, None),
                    draft(
                        Locale::En,
                        "scheduled",
                        ArticleStatus::Scheduled,
                        Some(NOW - HOUR),
                    ),
                ],
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(ids.len(), 7);
        let months = db.list_sitemap_months(NOW).await.unwrap();
        let got: Vec<(Locale, i32, u8, i64, i64)> = months
            .iter()
            .map(|m| (m.lang, m.year, m.month, m.articles, m.last_modified))
            .collect();
        assert_eq!(
            got,
            [
                (Locale::En, 2026, 11, 1, NOV_START + HOUR),
                (Locale::Sq, 2026, 11, 2, NOV_START + 100 * HOUR),
                (Locale::Sq, 2026, 10, 1, OCT_END + 5 * HOUR),
            ],
            "newest month first; drafts, scheduled and future articles left out"
        );
    })
    .await;
}

#[tokio::test]
async fn a_range_lists_articles_with_translations_and_images() {
    each_backend(|db| async move {
        let politics = db
            .insert_section(&new_section("politics", 0), NOW)
            .await
            .unwrap();
        let culture = db
            .insert_section(&new_section("culture", 1), NOW)
            .await
            .unwrap();
        let hero = db.insert_media(&new_media(None), NOW).await.unwrap();
        let figure = db.insert_media(&new_media(None), NOW).await.unwrap();
        let mut sq = published(Locale::Sq, "artikull", NOV_START + HOUR);
        sq.section_ids = vec![politics];
        sq.featured_media_id = Some(hero);
        sq.body = rich_doc(figure);
        let sq_id = db.insert_article(&sq, NOW).await.unwrap();
        let group = db
            .find_article(sq_id)
            .await
            .unwrap()
            .unwrap()
            .translation_group;
        let mut en = published(Locale::En, "article", NOV_START + 2 * HOUR);
        en.translation_group = Some(group);
        en.section_ids = vec![culture];
        db.insert_article(&en, NOW).await.unwrap();
        // An unpublished translation in a third slot of the group is not an alternate.
        let mut hidden = draft(Locale::En, "hidden", ArticleStatus::Draft, None);
        hidden.translation_group = Some(group);
        db.insert_article(&hidden, NOW).await.unwrap();
        db.insert_articles(
            &[
                published(Locale::Sq, "october", OCT_END),
                published(Locale::Sq, "second", NOV_START),
                published(Locale::Sq, "later", NOW + HOUR),
            ],
            NOW,
        )
        .await
        .unwrap();

        let (from, to) = month_bounds(2026, 11).unwrap();
        let list = db
            .list_sitemap_articles(Locale::Sq, from, to, NOW, 100)
            .await
            .unwrap();
        let slugs: Vec<&str> = list.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(
            slugs,
            ["artikull", "second"],
            "the range, newest first, not the future"
        );
        let a = &list[0];
        assert_eq!(a.title, "Title of artikull");
        assert_eq!(a.primary_section_id, Some(politics));
        assert_eq!(a.published_at, NOV_START + HOUR);
        assert_eq!(a.media_ids, [hero, figure], "featured image, then figures");
        assert_eq!(
            a.translations,
            [SitemapTranslation {
                lang: Locale::En,
                slug: "article".into(),
                primary_section_id: Some(culture),
            }]
        );
        assert!(list[1].translations.is_empty() && list[1].media_ids.is_empty());
        let one = db
            .list_sitemap_articles(Locale::Sq, from, to, NOW, 1)
            .await
            .unwrap();
        assert_eq!(one.len(), 1, "limit counts articles, not joined rows");
        assert_eq!(one[0].translations.len(), 1);
        let english = db
            .list_sitemap_articles(Locale::En, from, to, NOW, 100)
            .await
            .unwrap();
        assert_eq!(english.len(), 1);
        assert_eq!(english[0].translations[0].slug, "artikull");
    })
    .await;
}

#[tokio::test]
async fn whole_articles_and_their_terms_by_ids() {
    each_backend(|db| async move {
        let s1 = db
            .insert_section(&new_section("one", 0), NOW)
            .await
            .unwrap();
        let s2 = db
            .insert_section(&new_section("two", 1), NOW)
            .await
            .unwrap();
        let tag = db.insert_tag(&new_term("t", 0), NOW).await.unwrap();
        let region = db.insert_region(&new_term("r", 0), NOW).await.unwrap();
        let media = db.insert_media(&new_media(None), NOW).await.unwrap();
        let mut a = published(Locale::Sq, "a", NOW - HOUR);
        a.section_ids = vec![s2, s1];
        a.tag_ids = vec![tag];
        a.region_ids = vec![region];
        a.body = rich_doc(media);
        let b = published(Locale::En, "b", NOW - 2 * HOUR);
        let ids = db.insert_articles(&[a, b], NOW).await.unwrap();

        let mut got = db.list_articles_by_ids(&ids).await.unwrap();
        got.sort_by_key(|x| x.id);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].slug, "a");
        assert!(
            matches!(got[0].body.blocks[5], Block::Figure { media_id, .. } if media_id == media)
        );
        assert_eq!(got[0].body, rich_doc(media));
        assert!(db.list_articles_by_ids(&[]).await.unwrap().is_empty());

        let terms = db.list_terms_of_articles(&ids).await.unwrap();
        let t = &terms[&ids[0]];
        assert_eq!(t.section_ids, [s2, s1], "primary first");
        assert_eq!(t.tag_ids, [tag]);
        assert_eq!(t.region_ids, [region]);
        assert_eq!(terms.get(&ids[1]), None, "no terms, no entry");
        assert_eq!(db.find_article_terms(ids[0]).await.unwrap(), *t);
        assert!(db.list_terms_of_articles(&[]).await.unwrap().is_empty());
    })
    .await;
}
