//! Lists of articles: paginated listings, front-page blocks, related articles, neighbours.

use std::collections::BTreeMap;

use domain::{ArticleCard, ArticleDraft, ArticleStatus, Locale};
use store::Db;
use store::articles::{ArticleTerms, Listing};

use crate::support::{
    HOUR, NOW, draft, each_backend, ids, new_author, new_media, new_section, new_term, published,
};

/// A small archive: `a` are published Albanian articles, oldest first; the drafts,
/// scheduled, unpublished and future-dated articles it also holds are there to be left out.
struct Archive {
    media: i64,
    politics: i64,
    culture: i64,
    sport: i64,
    tag_1: i64,
    tag_2: i64,
    region_1: i64,
    region_2: i64,
    author_1: i64,
    author_2: i64,
    /// Published, `NOW - 10h` … `NOW - 6h`.
    a: [i64; 5],
    /// Published one hour after `NOW`.
    future: i64,
    /// English, published `NOW - 9h` (translation of `a[1]`) and `NOW - 3h`.
    en: [i64; 2],
}

fn with_terms(
    mut d: ArticleDraft,
    sections: &[i64],
    tags: &[i64],
    regions: &[i64],
    authors: &[i64],
) -> ArticleDraft {
    d.section_ids = sections.to_vec();
    d.tag_ids = tags.to_vec();
    d.region_ids = regions.to_vec();
    d.author_ids = authors.to_vec();
    d
}

async fn archive(db: &Db) -> Archive {
    let media = db.insert_media(&new_media(None), NOW).await.unwrap();
    let politics = db
        .insert_section(&new_section("politics", 0), NOW)
        .await
        .unwrap();
    let culture = db
        .insert_section(&new_section("culture", 1), NOW)
        .await
        .unwrap();
    let sport = db
        .insert_section(&new_section("sport", 2), NOW)
        .await
        .unwrap();
    let tag_1 = db.insert_tag(&new_term("t1", 0), NOW).await.unwrap();
    let tag_2 = db.insert_tag(&new_term("t2", 0), NOW).await.unwrap();
    let region_1 = db.insert_region(&new_term("r1", 0), NOW).await.unwrap();
    let region_2 = db.insert_region(&new_term("r2", 0), NOW).await.unwrap();
    let author_1 = db
        .insert_author(&new_author("au1", "Author One"), NOW)
        .await
        .unwrap();
    let author_2 = db
        .insert_author(&new_author("au2", "Author Two"), NOW)
        .await
        .unwrap();

    let everywhere =
        |d: ArticleDraft| with_terms(d, &[politics], &[tag_1], &[region_1], &[author_1]);
    let sq = |slug: &str, hours_ago: i64| published(Locale::Sq, slug, NOW - hours_ago * HOUR);

    let a1 = with_terms(
        sq("a1", 10),
        &[politics],
        &[tag_1],
        &[region_1],
        &[author_1],
    );
    let mut a2 = with_terms(
        sq("a2", 9),
        &[culture, politics],
        &[tag_1, tag_2],
        &[region_1],
        &[author_2, author_1],
    );
    a2.featured_media_id = Some(media);
    let mut a3 = with_terms(sq("a3", 8), &[politics], &[tag_2], &[region_2], &[author_1]);
    a3.is_top = true;
    let a4 = with_terms(sq("a4", 7), &[politics], &[], &[], &[author_1]);
    let mut a5 = with_terms(sq("a5", 6), &[culture], &[], &[], &[]);
    a5.is_top = true;
    // Not listed: a draft (even with a past date), a future-dated published article, a
    // scheduled one and an unpublished one, all in every listing and on top.
    let mut a_draft = everywhere(draft(
        Locale::Sq,
        "draft",
        ArticleStatus::Draft,
        Some(NOW - 5 * HOUR),
    ));
    a_draft.is_top = true;
    let mut future = everywhere(sq("future", -1));
    future.is_top = true;
    let mut scheduled = everywhere(draft(
        Locale::Sq,
        "scheduled",
        ArticleStatus::Scheduled,
        None,
    ));
    scheduled.scheduled_at = Some(NOW + 2 * HOUR);
    scheduled.is_top = true;
    let unpublished = everywhere(draft(
        Locale::Sq,
        "unpublished",
        ArticleStatus::Unpublished,
        Some(NOW - 4 * HOUR),
    ));
    let ids = db
        .insert_articles(
            &[a1, a2, a3, a4, a5, a_draft, future, scheduled, unpublished],
            NOW,
        )
        .await
        .unwrap();
    let a = [ids[0], ids[1], ids[2], ids[3], ids[4]];

    let mut en_1 = everywhere(published(Locale::En, "en-1", NOW - 9 * HOUR));
    en_1.translation_group = Some(a[1]);
    en_1.is_top = true;
    let en_2 = with_terms(
        published(Locale::En, "en-2", NOW - 3 * HOUR),
        &[culture],
        &[],
        &[],
        &[author_2],
    );
    let en = db.insert_articles(&[en_1, en_2], NOW).await.unwrap();
    Archive {
        media,
        politics,
        culture,
        sport,
        tag_1,
        tag_2,
        region_1,
        region_2,
        author_1,
        author_2,
        a,
        future: ids[6],
        en: [en[0], en[1]],
    }
}

async fn page(db: &Db, lang: Locale, listing: Listing, limit: i64, offset: i64) -> (Vec<i64>, i64) {
    let (cards, total) = db
        .list_cards(lang, listing, limit, offset, NOW)
        .await
        .unwrap();
    (ids(&cards), total)
}

#[tokio::test]
async fn list_cards_lists_published_articles_newest_first_for_every_listing() {
    each_backend(|db| async move {
        let x = archive(&db).await;
        let [a1, a2, a3, a4, a5] = x.a;
        let cases = [
            (Listing::Latest, vec![a5, a4, a3, a2, a1]),
            (Listing::Section(x.politics), vec![a4, a3, a2, a1]),
            (Listing::Section(x.culture), vec![a5, a2]),
            (Listing::Section(x.sport), vec![]),
            (Listing::Tag(x.tag_1), vec![a2, a1]),
            (Listing::Tag(x.tag_2), vec![a3, a2]),
            (Listing::Region(x.region_1), vec![a2, a1]),
            (Listing::Region(x.region_2), vec![a3]),
            (Listing::Author(x.author_1), vec![a4, a3, a2, a1]),
            (Listing::Author(x.author_2), vec![a2]),
            (Listing::Section(999_999), vec![]),
        ];
        for (listing, expected) in cases {
            let total = i64::try_from(expected.len()).unwrap();
            assert_eq!(
                page(&db, Locale::Sq, listing, 50, 0).await,
                (expected.clone(), total),
                "{listing:?}"
            );
            // Every page of two, and past the end: the total is always the whole listing's.
            for offset in [0, 2, 4, 6] {
                let window: Vec<i64> = expected.iter().copied().skip(offset).take(2).collect();
                let offset = i64::try_from(offset).unwrap();
                assert_eq!(
                    page(&db, Locale::Sq, listing, 2, offset).await,
                    (window, total),
                    "{listing:?} limit 2 offset {offset}"
                );
            }
        }

        // The other language has its own listings.
        let [en_1, en_2] = x.en;
        assert_eq!(
            page(&db, Locale::En, Listing::Latest, 50, 0).await,
            (vec![en_2, en_1], 2)
        );
        assert_eq!(
            page(&db, Locale::En, Listing::Section(x.politics), 50, 0).await,
            (vec![en_1], 1)
        );
        assert_eq!(
            page(&db, Locale::En, Listing::Section(x.culture), 50, 0).await,
            (vec![en_2], 1)
        );
        assert_eq!(
            page(&db, Locale::En, Listing::Tag(x.tag_1), 50, 0).await,
            (vec![en_1], 1)
        );
        assert_eq!(
            page(&db, Locale::En, Listing::Region(x.region_2), 50, 0).await,
            (vec![], 0)
        );
        assert_eq!(
            page(&db, Locale::En, Listing::Author(x.author_2), 50, 0).await,
            (vec![en_2], 1)
        );
    })
    .await;
}

#[tokio::test]
async fn list_cards_honours_the_given_now() {
    each_backend(|db| async move {
        let x = archive(&db).await;
        let [a1, a2, a3, a4, a5] = x.a;
        let at = |now: i64, listing: Listing| {
            let db = db.clone();
            async move {
                let (cards, total) = db
                    .list_cards(Locale::Sq, listing, 50, 0, now)
                    .await
                    .unwrap();
                (ids(&cards), total)
            }
        };
        // Once its time has come, the future-dated article is listed, first.
        let later = NOW + 2 * HOUR;
        assert_eq!(
            at(later, Listing::Latest).await,
            (vec![x.future, a5, a4, a3, a2, a1], 6)
        );
        assert_eq!(
            at(later, Listing::Section(x.politics)).await,
            (vec![x.future, a4, a3, a2, a1], 5)
        );
        assert_eq!(
            at(later, Listing::Tag(x.tag_1)).await,
            (vec![x.future, a2, a1], 3)
        );
        assert_eq!(
            at(later, Listing::Region(x.region_1)).await,
            (vec![x.future, a2, a1], 3)
        );
        assert_eq!(
            at(later, Listing::Author(x.author_1)).await,
            (vec![x.future, a4, a3, a2, a1], 5)
        );
        // `published_at <= now`: an article published exactly at `now` is listed.
        let then = NOW - 8 * HOUR;
        assert_eq!(at(then, Listing::Latest).await, (vec![a3, a2, a1], 3));
        assert_eq!(
            at(then, Listing::Section(x.politics)).await,
            (vec![a3, a2, a1], 3)
        );
        assert_eq!(
            at(then - 1, Listing::Author(x.author_1)).await,
            (vec![a2, a1], 2)
        );
    })
    .await;
}

#[tokio::test]
async fn cards_carry_what_a_list_shows() {
    each_backend(|db| async move {
        let x = archive(&db).await;
        let expected = ArticleCard {
            id: x.a[1],
            lang: Locale::Sq,
            slug: "a2".into(),
            title: "Title of a2".into(),
            standfirst: "Standfirst of a2".into(),
            published_at: NOW - 9 * HOUR,
            updated_at: NOW - 9 * HOUR,
            reading_minutes: 1,
            section_id: Some(x.culture),
            featured_media_id: Some(x.media),
        };
        let id = expected.id;
        let card_in = |listing: Listing| {
            let db = db.clone();
            async move {
                let (cards, _) = db
                    .list_cards(Locale::Sq, listing, 50, 0, NOW)
                    .await
                    .unwrap();
                cards.into_iter().find(|c| c.id == id).unwrap()
            }
        };
        for listing in [
            Listing::Latest,
            Listing::Section(x.politics),
            Listing::Tag(x.tag_2),
            Listing::Region(x.region_1),
            Listing::Author(x.author_2),
        ] {
            assert_eq!(card_in(listing).await, expected, "{listing:?}");
        }
        let latest = db.list_latest(Locale::Sq, 50, NOW).await.unwrap();
        assert_eq!(latest.iter().find(|c| c.id == x.a[1]), Some(&expected));
    })
    .await;
}

#[tokio::test]
async fn list_latest_and_list_top_list_published_articles_newest_first() {
    each_backend(|db| async move {
        let x = archive(&db).await;
        let [a1, a2, a3, a4, a5] = x.a;
        let latest = |lang, limit, now| {
            let db = db.clone();
            async move { ids(&db.list_latest(lang, limit, now).await.unwrap()) }
        };
        assert_eq!(latest(Locale::Sq, 3, NOW).await, vec![a5, a4, a3]);
        assert_eq!(latest(Locale::Sq, 50, NOW).await, vec![a5, a4, a3, a2, a1]);
        assert_eq!(
            latest(Locale::Sq, 2, NOW + 2 * HOUR).await,
            vec![x.future, a5]
        );
        assert_eq!(latest(Locale::En, 50, NOW).await, vec![x.en[1], x.en[0]]);
        // Latest cards equal the first page of the Latest listing.
        let (page, _) = db
            .list_cards(Locale::Sq, Listing::Latest, 3, 0, NOW)
            .await
            .unwrap();
        assert_eq!(db.list_latest(Locale::Sq, 3, NOW).await.unwrap(), page);

        let top = |lang, limit, now| {
            let db = db.clone();
            async move { ids(&db.list_top(lang, limit, now).await.unwrap()) }
        };
        // The draft, scheduled and future top stories are left out.
        assert_eq!(top(Locale::Sq, 50, NOW).await, vec![a5, a3]);
        assert_eq!(top(Locale::Sq, 1, NOW).await, vec![a5]);
        assert_eq!(
            top(Locale::Sq, 50, NOW + 2 * HOUR).await,
            vec![x.future, a5, a3]
        );
        assert_eq!(top(Locale::En, 50, NOW).await, vec![x.en[0]]);
    })
    .await;
}

/// Groups `(section, card)` rows by section, checking each section's rows are contiguous.
fn grouped(rows: &[(i64, ArticleCard)]) -> BTreeMap<i64, Vec<i64>> {
    let mut groups: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut seen_order: Vec<i64> = Vec::new();
    for (section, card) in rows {
        if seen_order.last() != Some(section) {
            assert!(
                !seen_order.contains(section),
                "rows of section {section} are not together: {rows:?}"
            );
            seen_order.push(*section);
        }
        groups.entry(*section).or_default().push(card.id);
    }
    groups
}

#[tokio::test]
async fn list_latest_per_section_respects_the_limit_of_each_section() {
    each_backend(|db| async move {
        let x = archive(&db).await;
        let [a1, a2, a3, a4, a5] = x.a;
        let sections = [x.culture, x.politics, x.sport];

        let rows = db
            .list_latest_per_section(Locale::Sq, &sections, 2, NOW)
            .await
            .unwrap();
        assert_eq!(
            grouped(&rows),
            BTreeMap::from([(x.culture, vec![a5, a2]), (x.politics, vec![a4, a3])])
        );
        let rows = db
            .list_latest_per_section(Locale::Sq, &sections, 10, NOW)
            .await
            .unwrap();
        assert_eq!(
            grouped(&rows),
            BTreeMap::from([
                (x.culture, vec![a5, a2]),
                (x.politics, vec![a4, a3, a2, a1])
            ])
        );
        let rows = db
            .list_latest_per_section(Locale::Sq, &[x.politics], 1, NOW)
            .await
            .unwrap();
        assert_eq!(grouped(&rows), BTreeMap::from([(x.politics, vec![a4])]));
        // The cards are the listing's cards (an article in two sections appears in both).
        let (section_page, _) = db
            .list_cards(Locale::Sq, Listing::Section(x.politics), 4, 0, NOW)
            .await
            .unwrap();
        let politics_cards: Vec<ArticleCard> = db
            .list_latest_per_section(Locale::Sq, &sections, 4, NOW)
            .await
            .unwrap()
            .into_iter()
            .filter(|(s, _)| *s == x.politics)
            .map(|(_, c)| c)
            .collect();
        assert_eq!(politics_cards, section_page);

        let rows = db
            .list_latest_per_section(Locale::Sq, &sections, 10, NOW + 2 * HOUR)
            .await
            .unwrap();
        assert_eq!(grouped(&rows)[&x.politics], vec![x.future, a4, a3, a2, a1]);
        let rows = db
            .list_latest_per_section(Locale::En, &sections, 10, NOW)
            .await
            .unwrap();
        assert_eq!(
            grouped(&rows),
            BTreeMap::from([(x.culture, vec![x.en[1]]), (x.politics, vec![x.en[0]])])
        );
        assert!(
            db.list_latest_per_section(Locale::Sq, &[], 10, NOW)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn equal_dates_are_ordered_by_id() {
    each_backend(|db| async move {
        let section = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let at = NOW - HOUR;
        let same: Vec<ArticleDraft> = ["x", "y", "z"]
            .iter()
            .map(|s| with_terms(published(Locale::Sq, s, at), &[section], &[], &[], &[]))
            .collect();
        let ids_xyz = db.insert_articles(&same, NOW).await.unwrap();
        let (x, y, z) = (ids_xyz[0], ids_xyz[1], ids_xyz[2]);
        assert_eq!(
            page(&db, Locale::Sq, Listing::Latest, 10, 0).await,
            (vec![z, y, x], 3)
        );
        assert_eq!(
            page(&db, Locale::Sq, Listing::Latest, 1, 1).await,
            (vec![y], 3)
        );
        assert_eq!(
            page(&db, Locale::Sq, Listing::Section(section), 10, 0).await,
            (vec![z, y, x], 3)
        );
        assert_eq!(
            page(&db, Locale::Sq, Listing::Section(section), 1, 2).await,
            (vec![x], 3)
        );
        assert_eq!(
            ids(&db.list_latest(Locale::Sq, 2, NOW).await.unwrap()),
            vec![z, y]
        );
        let rows = db
            .list_latest_per_section(Locale::Sq, &[section], 2, NOW)
            .await
            .unwrap();
        assert_eq!(
            rows.iter().map(|(_, c)| c.id).collect::<Vec<_>>(),
            vec![z, y]
        );
    })
    .await;
}

async fn neighbours(db: &Db, id: i64, now: i64) -> (Option<i64>, Option<i64>) {
    let article = db.find_article(id).await.unwrap().unwrap();
    let (prev, next) = db.find_neighbours(&article, now).await.unwrap();
    (prev.map(|c| c.id), next.map(|c| c.id))
}

#[tokio::test]
async fn find_neighbours_finds_the_published_articles_around_one_in_its_language() {
    each_backend(|db| async move {
        let x = archive(&db).await;
        let [a1, a2, a3, a4, a5] = x.a;
        assert_eq!(neighbours(&db, a3, NOW).await, (Some(a2), Some(a4)));
        assert_eq!(neighbours(&db, a1, NOW).await, (None, Some(a2)));
        // After a5 come only a draft, an unpublished, a scheduled and a future article.
        assert_eq!(neighbours(&db, a5, NOW).await, (Some(a4), None));
        assert_eq!(
            neighbours(&db, a5, NOW + 2 * HOUR).await,
            (Some(a4), Some(x.future))
        );
        // English articles neighbour English ones only (en_1 has a2's date).
        assert_eq!(neighbours(&db, x.en[0], NOW).await, (None, Some(x.en[1])));
        assert_eq!(neighbours(&db, x.en[1], NOW).await, (Some(x.en[0]), None));

        let article = db.find_article(a2).await.unwrap().unwrap();
        let (prev, next) = db.find_neighbours(&article, NOW).await.unwrap();
        let (cards, _) = db
            .list_cards(Locale::Sq, Listing::Latest, 50, 0, NOW)
            .await
            .unwrap();
        assert_eq!(
            prev.as_ref(),
            cards.iter().find(|c| c.id == a1),
            "neighbours are whole cards"
        );
        assert_eq!(next.as_ref(), cards.iter().find(|c| c.id == a3));
    })
    .await;
}

#[tokio::test]
async fn find_neighbours_breaks_ties_by_id() {
    each_backend(|db| async move {
        let before = db
            .insert_article(&published(Locale::Sq, "before", NOW - 2 * HOUR), NOW)
            .await
            .unwrap();
        let same: Vec<ArticleDraft> = ["x", "y", "z"]
            .iter()
            .map(|s| published(Locale::Sq, s, NOW - HOUR))
            .collect();
        let xyz = db.insert_articles(&same, NOW).await.unwrap();
        let after = db
            .insert_article(&published(Locale::Sq, "after", NOW - HOUR / 2), NOW)
            .await
            .unwrap();
        assert_eq!(
            neighbours(&db, xyz[0], NOW).await,
            (Some(before), Some(xyz[1]))
        );
        assert_eq!(
            neighbours(&db, xyz[1], NOW).await,
            (Some(xyz[0]), Some(xyz[2]))
        );
        assert_eq!(
            neighbours(&db, xyz[2], NOW).await,
            (Some(xyz[1]), Some(after))
        );
        assert_eq!(neighbours(&db, after, NOW).await, (Some(xyz[2]), None));
    })
    .await;
}

#[tokio::test]
async fn list_related_ranks_by_shared_sections_and_tags() {
    each_backend(|db| async move {
        let mut s = Vec::new();
        for key in ["s1", "s2", "s3"] {
            s.push(db.insert_section(&new_section(key, 0), NOW).await.unwrap());
        }
        let mut t = Vec::new();
        for key in ["t1", "t2"] {
            t.push(db.insert_tag(&new_term(key, 0), NOW).await.unwrap());
        }
        let target_id = db
            .insert_article(
                &with_terms(
                    published(Locale::Sq, "target", NOW - HOUR),
                    &[s[0], s[1]],
                    &[t[0], t[1]],
                    &[],
                    &[],
                ),
                NOW,
            )
            .await
            .unwrap();
        let sq = |slug: &str, hours_ago: i64, sections: &[i64], tags: &[i64]| {
            with_terms(
                published(Locale::Sq, slug, NOW - hours_ago * HOUR),
                sections,
                tags,
                &[],
                &[],
            )
        };
        let everything = |d: ArticleDraft| with_terms(d, &[s[0], s[1]], &[t[0], t[1]], &[], &[]);
        let mut sibling = everything(published(Locale::Sq, "sibling", NOW - 2 * HOUR));
        sibling.translation_group = Some(target_id);
        let mut translation = everything(published(Locale::En, "translation", NOW - 2 * HOUR));
        translation.translation_group = Some(target_id);
        let inserted = db
            .insert_articles(
                &[
                    sq("r3", 5, &[s[0], s[1]], &[t[0]]),
                    sq("r2a", 3, &[s[0]], &[t[0]]),
                    sq("r2b", 4, &[s[1]], &[t[1]]),
                    sq("r1", 2, &[s[2]], &[t[1]]),
                    sq("r0", 2, &[s[2]], &[]),
                    // Left out: same group, other language, not published, not yet published.
                    sibling,
                    translation,
                    everything(published(Locale::En, "english", NOW - 2 * HOUR)),
                    everything(draft(
                        Locale::Sq,
                        "draft",
                        ArticleStatus::Draft,
                        Some(NOW - 2 * HOUR),
                    )),
                    everything(published(Locale::Sq, "future", NOW + HOUR)),
                ],
                NOW,
            )
            .await
            .unwrap();
        let (r3, r2a, r2b, r1) = (inserted[0], inserted[1], inserted[2], inserted[3]);

        let target = db.find_article(target_id).await.unwrap().unwrap();
        let terms = db.find_article_terms(target_id).await.unwrap();
        let related = |limit| {
            let (db, target, terms) = (db.clone(), target.clone(), terms.clone());
            async move { ids(&db.list_related(&target, &terms, limit).await.unwrap()) }
        };
        // Score 3, then two of score 2 (newer first), then score 1.
        assert_eq!(related(10).await, vec![r3, r2a, r2b, r1]);
        assert_eq!(related(2).await, vec![r3, r2a]);
        // Tags alone, or sections alone, count too.
        let tags_only = ArticleTerms {
            section_ids: vec![],
            tag_ids: vec![t[1]],
            region_ids: vec![],
        };
        assert_eq!(
            ids(&db.list_related(&target, &tags_only, 10).await.unwrap()),
            vec![r1, r2b]
        );
        let sections_only = ArticleTerms {
            section_ids: vec![s[0]],
            tag_ids: vec![],
            region_ids: vec![],
        };
        assert_eq!(
            ids(&db.list_related(&target, &sections_only, 10).await.unwrap()),
            vec![r2a, r3]
        );
        // Nothing to relate by, nothing related.
        assert!(
            db.list_related(&target, &ArticleTerms::default(), 10)
                .await
                .unwrap()
                .is_empty()
        );
        // The cards are whole.
        let card = db.list_related(&target, &terms, 1).await.unwrap().remove(0);
        let (latest, _) = db
            .list_cards(Locale::Sq, Listing::Latest, 50, 0, NOW)
            .await
            .unwrap();
        assert_eq!(Some(&card), latest.iter().find(|c| c.id == r3));
    })
    .await;
}
