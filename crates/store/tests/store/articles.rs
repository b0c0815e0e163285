//! Writing articles, and reading one article with what hangs off it.

use domain::{Article, ArticleStatus, Locale};
use store::Error;
use store::articles::{ArticleTerms, Listing};

use crate::support::{
    HOUR, NOW, assert_unique_violation, changes_after, doc_of_words, draft, each_backend,
    each_raw_backend, new_author, new_media, new_section, new_term, published, rich_doc,
};

#[tokio::test]
async fn insert_article_stores_every_field() {
    each_backend(|db| async move {
        let featured = db.insert_media(&new_media(None), NOW).await.unwrap();
        let social = db.insert_media(&new_media(None), NOW).await.unwrap();
        let news = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let culture = db
            .insert_section(&new_section("culture", 1), NOW)
            .await
            .unwrap();

        let mut d = published(Locale::Sq, "zgjedhjet-ne-kosove", NOW - 2 * HOUR);
        d.title = "Zgjedhjet në Kosovë: ç'pritet".into();
        d.standfirst = "Një vështrim i shkurtër".into();
        d.body = rich_doc(featured);
        d.author_note = "Autori punon për gazetën".into();
        d.seo_title = "Zgjedhjet".into();
        d.seo_description = "Përshkrim".into();
        d.featured_media_id = Some(featured);
        d.social_media_id = Some(social);
        d.updated_at = Some(NOW - HOUR);
        d.section_ids = vec![culture, news];
        d.is_top = true;
        let id = db.insert_article(&d, NOW).await.unwrap();

        let expected = Article {
            id,
            lang: Locale::Sq,
            translation_group: id,
            status: ArticleStatus::Published,
            created_at: NOW - 2 * HOUR,
            updated_at: NOW - HOUR,
            scheduled_at: None,
            published_at: Some(NOW - 2 * HOUR),
            title: d.title.clone(),
            slug: "zgjedhjet-ne-kosove".into(),
            standfirst: d.standfirst.clone(),
            body: rich_doc(featured),
            author_note: d.author_note.clone(),
            seo_title: "Zgjedhjet".into(),
            seo_description: "Përshkrim".into(),
            featured_media_id: Some(featured),
            social_media_id: Some(social),
            reading_minutes: 1,
            primary_section_id: Some(culture),
            is_top: true,
        };
        assert_eq!(db.find_article(id).await.unwrap(), Some(expected));
        assert_eq!(db.find_article(id + 1000).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn insert_article_fills_times_by_status() {
    each_backend(|db| async move {
        // Published without a date: published now.
        let now_published = db
            .insert_article(
                &draft(Locale::Sq, "sot", ArticleStatus::Published, None),
                NOW,
            )
            .await
            .unwrap();
        let a = db.find_article(now_published).await.unwrap().unwrap();
        assert_eq!(
            (a.published_at, a.created_at, a.updated_at),
            (Some(NOW), NOW, NOW)
        );

        // A draft has no publication date; it was created and updated now.
        let plain_draft = db
            .insert_article(&draft(Locale::Sq, "skice", ArticleStatus::Draft, None), NOW)
            .await
            .unwrap();
        let a = db.find_article(plain_draft).await.unwrap().unwrap();
        assert_eq!(a.status, ArticleStatus::Draft);
        assert_eq!(
            (a.published_at, a.created_at, a.updated_at),
            (None, NOW, NOW)
        );
        assert_eq!(
            (a.primary_section_id, a.featured_media_id, a.is_top),
            (None, None, false)
        );

        // Scheduled: keeps its schedule and has no publication date yet.
        let mut s = draft(Locale::En, "tomorrow", ArticleStatus::Scheduled, None);
        s.scheduled_at = Some(NOW + 24 * HOUR);
        let scheduled = db.insert_article(&s, NOW).await.unwrap();
        let a = db.find_article(scheduled).await.unwrap().unwrap();
        assert_eq!(a.status, ArticleStatus::Scheduled);
        assert_eq!(
            (a.scheduled_at, a.published_at),
            (Some(NOW + 24 * HOUR), None)
        );

        // Every status is stored and read back.
        for (i, status) in [ArticleStatus::InReview, ArticleStatus::Unpublished]
            .into_iter()
            .enumerate()
        {
            let id = db
                .insert_article(&draft(Locale::Sq, &format!("st-{i}"), status, None), NOW)
                .await
                .unwrap();
            assert_eq!(db.find_article(id).await.unwrap().unwrap().status, status);
        }
        // Reading time follows the body.
        let mut long = draft(Locale::Sq, "e-gjate", ArticleStatus::Draft, None);
        long.body = doc_of_words(500);
        let long = db.insert_article(&long, NOW).await.unwrap();
        assert_eq!(
            db.find_article(long)
                .await
                .unwrap()
                .unwrap()
                .reading_minutes,
            3
        );
    })
    .await;
}

#[tokio::test]
async fn insert_articles_returns_ids_in_order_and_joins_translation_groups() {
    each_backend(|db| async move {
        let start = db.last_change_id().await.unwrap();
        let first = db
            .insert_article(&published(Locale::Sq, "lajmi", NOW - HOUR), NOW)
            .await
            .unwrap();
        let mut translation = published(Locale::En, "the-news", NOW - HOUR);
        translation.translation_group = Some(first);
        let batch = vec![
            translation,
            published(Locale::Sq, "tjeter", NOW - HOUR),
            draft(Locale::En, "other", ArticleStatus::Draft, None),
        ];
        let ids = db.insert_articles(&batch, NOW).await.unwrap();
        assert_eq!(ids.len(), 3);
        assert!(
            ids[0] > first && ids.windows(2).all(|w| w[0] < w[1]),
            "ids in order: {ids:?}"
        );
        for (id, d) in ids.iter().zip(&batch) {
            let a = db.find_article(*id).await.unwrap().unwrap();
            assert_eq!((a.slug.as_str(), a.lang), (d.slug.as_str(), d.lang));
        }
        let group_of = |id: i64| {
            let db = db.clone();
            async move {
                db.find_article(id)
                    .await
                    .unwrap()
                    .unwrap()
                    .translation_group
            }
        };
        assert_eq!(
            group_of(first).await,
            first,
            "the first article of a group names it"
        );
        assert_eq!(
            group_of(ids[0]).await,
            first,
            "a translation joins the group"
        );
        assert_eq!(group_of(ids[1]).await, ids[1]);
        assert_eq!(group_of(ids[2]).await, ids[2]);
        assert!(db.insert_articles(&[], NOW).await.unwrap().is_empty());

        // One change per article, in order.
        let changes = changes_after(&db, start).await;
        let expected: Vec<_> = [first, ids[0], ids[1], ids[2]]
            .iter()
            .map(|id| ("article".to_owned(), *id, "upsert".to_owned(), NOW))
            .collect();
        assert_eq!(changes, expected);
        assert_eq!(db.count_articles().await.unwrap(), 4);
    })
    .await;
}

#[tokio::test]
async fn find_published_article_finds_only_published_ones_in_their_language() {
    each_backend(|db| async move {
        let live = db
            .insert_article(&published(Locale::Sq, "lajm", NOW - HOUR), NOW)
            .await
            .unwrap();
        db.insert_article(
            &draft(Locale::Sq, "skice", ArticleStatus::Draft, Some(NOW - HOUR)),
            NOW,
        )
        .await
        .unwrap();
        db.insert_article(
            &draft(Locale::Sq, "neser", ArticleStatus::Scheduled, None),
            NOW,
        )
        .await
        .unwrap();
        db.insert_article(
            &draft(
                Locale::Sq,
                "hequr",
                ArticleStatus::Unpublished,
                Some(NOW - HOUR),
            ),
            NOW,
        )
        .await
        .unwrap();

        let found = db.find_published_article(Locale::Sq, "lajm").await.unwrap();
        assert_eq!(found, db.find_article(live).await.unwrap());
        assert!(found.is_some());
        for slug in ["skice", "neser", "hequr", "missing"] {
            assert_eq!(
                db.find_published_article(Locale::Sq, slug).await.unwrap(),
                None,
                "{slug}"
            );
        }
        assert_eq!(
            db.find_published_article(Locale::En, "lajm").await.unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn find_article_terms_lists_the_primary_section_first() {
    each_backend(|db| async move {
        let mut sections = Vec::new();
        for key in ["a", "b", "c"] {
            sections.push(db.insert_section(&new_section(key, 0), NOW).await.unwrap());
        }
        let mut tags = Vec::new();
        for key in ["t1", "t2", "t3"] {
            tags.push(db.insert_tag(&new_term(key, 0), NOW).await.unwrap());
        }
        let region = db.insert_region(&new_term("r", 0), NOW).await.unwrap();

        let mut d = published(Locale::Sq, "me-terma", NOW - HOUR);
        // The primary section has the highest id, so "primary first" is not "by id".
        d.section_ids = vec![sections[2], sections[0], sections[1]];
        d.tag_ids = vec![tags[2], tags[0]];
        d.region_ids = vec![region];
        let id = db.insert_article(&d, NOW).await.unwrap();
        let terms = db.find_article_terms(id).await.unwrap();
        assert_eq!(
            terms.section_ids,
            vec![sections[2], sections[0], sections[1]]
        );
        let mut tag_ids = terms.tag_ids.clone();
        tag_ids.sort_unstable();
        assert_eq!(tag_ids, vec![tags[0], tags[2]]);
        assert_eq!(terms.region_ids, vec![region]);
        assert_eq!(
            db.find_article(id)
                .await
                .unwrap()
                .unwrap()
                .primary_section_id,
            Some(sections[2])
        );

        // Drafts have terms too; an article without any has none.
        let mut d = draft(Locale::Sq, "skice", ArticleStatus::Draft, None);
        d.section_ids = vec![sections[1]];
        let draft_id = db.insert_article(&d, NOW).await.unwrap();
        assert_eq!(
            db.find_article_terms(draft_id).await.unwrap(),
            ArticleTerms {
                section_ids: vec![sections[1]],
                tag_ids: vec![],
                region_ids: vec![]
            }
        );
        let bare = db
            .insert_article(&published(Locale::Sq, "bosh", NOW), NOW)
            .await
            .unwrap();
        assert_eq!(
            db.find_article_terms(bare).await.unwrap(),
            ArticleTerms::default()
        );
        assert_eq!(
            db.find_article_terms(bare + 1000).await.unwrap(),
            ArticleTerms::default()
        );
    })
    .await;
}

#[tokio::test]
async fn list_translations_lists_the_published_members_of_each_group() {
    each_backend(|db| async move {
        let sq = db
            .insert_article(&published(Locale::Sq, "lajm", NOW - HOUR), NOW)
            .await
            .unwrap();
        let mut en = published(Locale::En, "news", NOW - HOUR);
        en.translation_group = Some(sq);
        let mut en_draft = draft(Locale::En, "other-news", ArticleStatus::Draft, None);
        let alone = db
            .insert_article(&published(Locale::Sq, "vetem", NOW - HOUR), NOW)
            .await
            .unwrap();
        en_draft.translation_group = Some(alone);
        db.insert_articles(&[en, en_draft], NOW).await.unwrap();
        let unrelated = db
            .insert_article(&published(Locale::En, "unrelated", NOW), NOW)
            .await
            .unwrap();

        let mut found = db.list_translations(&[sq, alone]).await.unwrap();
        found.sort();
        let mut expected = vec![
            (sq, Locale::Sq, "lajm".to_owned()),
            (sq, Locale::En, "news".to_owned()),
            (alone, Locale::Sq, "vetem".to_owned()),
        ];
        expected.sort();
        assert_eq!(found, expected);
        assert_eq!(
            db.list_translations(&[unrelated]).await.unwrap(),
            vec![(unrelated, Locale::En, "unrelated".to_owned())]
        );
        assert!(db.list_translations(&[]).await.unwrap().is_empty());
        assert!(
            db.list_translations(&[unrelated + 1000])
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn article_slug_conflicts_are_unique_violations_and_leave_nothing_behind() {
    each_backend(|db| async move {
        let section = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let tag = db.insert_tag(&new_term("t", 0), NOW).await.unwrap();
        let author = db
            .insert_author(&new_author("zana", "Zana"), NOW)
            .await
            .unwrap();
        let mut first = published(Locale::Sq, "lajm", NOW - HOUR);
        first.section_ids = vec![section];
        let first = db.insert_article(&first, NOW).await.unwrap();
        let last_change = db.last_change_id().await.unwrap();
        let listing = db
            .list_cards(Locale::Sq, Listing::Section(section), 10, 0, NOW)
            .await
            .unwrap();

        let mut same_slug = published(Locale::Sq, "lajm", NOW);
        same_slug.section_ids = vec![section];
        same_slug.tag_ids = vec![tag];
        same_slug.author_ids = vec![author];
        assert_unique_violation(
            db.insert_article(&same_slug, NOW).await,
            "slug in one language",
        );
        // In a batch, the whole batch is refused, the good articles before the bad one too.
        let mut fresh = published(Locale::Sq, "i-ri", NOW);
        fresh.section_ids = vec![section];
        fresh.tag_ids = vec![tag];
        fresh.author_ids = vec![author];
        assert_unique_violation(
            db.insert_articles(&[fresh, same_slug], NOW).await,
            "slug in a batch",
        );

        assert_eq!(db.count_articles().await.unwrap(), 1);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
        assert_eq!(
            db.find_published_article(Locale::Sq, "i-ri").await.unwrap(),
            None
        );
        let after = db
            .list_cards(Locale::Sq, Listing::Section(section), 10, 0, NOW)
            .await
            .unwrap();
        assert_eq!(after, listing);
        for listing in [Listing::Tag(tag), Listing::Author(author)] {
            assert_eq!(
                db.list_cards(Locale::Sq, listing, 10, 0, NOW)
                    .await
                    .unwrap(),
                (vec![], 0)
            );
        }
        assert_eq!(db.find_article(first).await.unwrap().unwrap().slug, "lajm");

        // The same slug in the other language is another article.
        db.insert_article(&published(Locale::En, "lajm", NOW), NOW)
            .await
            .unwrap();
        assert_eq!(db.count_articles().await.unwrap(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_missing_relation_is_an_error_but_not_a_unique_violation() {
    each_backend(|db| async move {
        let mut d = published(Locale::Sq, "pa-seksion", NOW);
        d.section_ids = vec![424_242];
        let err = db.insert_article(&d, NOW).await.unwrap_err();
        assert!(!store::is_unique_violation(&err), "{err:?}");
        assert!(matches!(err, Error::Sqlx(_)), "{err:?}");
        assert!(!store::is_unique_violation(&Error::NotFound("article")));
        assert_eq!(db.count_articles().await.unwrap(), 0);
        assert_eq!(db.last_change_id().await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn update_article_content_replaces_the_text_and_logs_a_content_change() {
    each_backend(|db| async move {
        let section = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let mut d = published(Locale::Sq, "lajm", NOW - 3 * HOUR);
        d.section_ids = vec![section];
        d.is_top = true;
        let id = db.insert_article(&d, NOW - 3 * HOUR).await.unwrap();
        let before = db.find_article(id).await.unwrap().unwrap();
        let start = db.last_change_id().await.unwrap();

        let body = doc_of_words(441);
        db.update_article_content(id, "Titull i ri", "Hyrje e re", &body, NOW)
            .await
            .unwrap();
        let after = db.find_article(id).await.unwrap().unwrap();
        assert_eq!(
            after,
            Article {
                title: "Titull i ri".into(),
                standfirst: "Hyrje e re".into(),
                body,
                reading_minutes: 3,
                updated_at: NOW,
                ..before
            }
        );
        assert_eq!(
            changes_after(&db, start).await,
            vec![("article".into(), id, "content".into(), NOW)]
        );
        let last_change = db.last_change_id().await.unwrap();

        // Where it is listed does not change; the card shows the new text.
        let (cards, total) = db
            .list_cards(Locale::Sq, Listing::Section(section), 10, 0, NOW)
            .await
            .unwrap();
        assert_eq!(total, 1);
        assert_eq!(
            (cards[0].id, cards[0].title.as_str(), cards[0].published_at),
            (id, "Titull i ri", NOW - 3 * HOUR)
        );
        assert_eq!(cards[0].updated_at, NOW);
        assert_eq!(
            db.find_article_terms(id).await.unwrap().section_ids,
            vec![section]
        );

        let missing = db
            .update_article_content(id + 1000, "x", "y", &doc_of_words(1), NOW)
            .await;
        assert!(
            matches!(missing, Err(Error::NotFound("article"))),
            "{missing:?}"
        );
        assert_eq!(
            db.last_change_id().await.unwrap(),
            last_change,
            "nothing logged"
        );
    })
    .await;
}

#[tokio::test]
async fn count_articles_counts_every_state() {
    each_backend(|db| async move {
        assert_eq!(db.count_articles().await.unwrap(), 0);
        let statuses = [
            ArticleStatus::Draft,
            ArticleStatus::InReview,
            ArticleStatus::Scheduled,
            ArticleStatus::Published,
            ArticleStatus::Unpublished,
        ];
        let drafts: Vec<_> = statuses
            .iter()
            .enumerate()
            .map(|(i, s)| draft(Locale::Sq, &format!("a-{i}"), *s, None))
            .collect();
        db.insert_articles(&drafts, NOW).await.unwrap();
        db.insert_article(&published(Locale::En, "future", NOW + HOUR), NOW)
            .await
            .unwrap();
        assert_eq!(db.count_articles().await.unwrap(), 6);
    })
    .await;
}

#[tokio::test]
async fn list_bylines_keeps_byline_order_per_article() {
    each_backend(|db| async move {
        let zana = db
            .insert_author(&new_author("zana", "Zana"), NOW)
            .await
            .unwrap();
        let arben = db
            .insert_author(&new_author("arben", "Arben"), NOW)
            .await
            .unwrap();
        let mira = db
            .insert_author(&new_author("mira", "Mira"), NOW)
            .await
            .unwrap();
        let mut one = published(Locale::Sq, "nje", NOW);
        one.author_ids = vec![zana, mira, arben];
        let mut two = published(Locale::Sq, "dy", NOW);
        two.author_ids = vec![arben];
        let mut unsigned = published(Locale::Sq, "pa-autor", NOW);
        unsigned.author_ids = vec![];
        let ids = db
            .insert_articles(&[one, two, unsigned], NOW)
            .await
            .unwrap();

        let bylines = db.list_bylines(&[ids[1], ids[2], ids[0]]).await.unwrap();
        let pairs: Vec<(i64, i64)> = bylines
            .iter()
            .map(|(article, a)| (*article, a.id))
            .collect();
        assert_eq!(
            pairs,
            vec![
                (ids[0], zana),
                (ids[0], mira),
                (ids[0], arben),
                (ids[1], arben)
            ]
        );
        assert_eq!(
            db.list_byline_ids(&[ids[1], ids[2], ids[0]]).await.unwrap(),
            pairs,
            "the ids alone, in the same order"
        );
        assert!(db.list_byline_ids(&[]).await.unwrap().is_empty());
        let authors = db.list_authors().await.unwrap();
        assert_eq!(
            Some(&bylines[0].1),
            authors.iter().find(|a| a.id == zana),
            "bylines carry whole authors"
        );
        assert!(db.list_bylines(&[]).await.unwrap().is_empty());
        assert!(db.list_bylines(&[ids[2]]).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn find_slug_redirect_names_the_current_slug_of_published_articles() {
    each_raw_backend(|raw| async move {
        let db = &raw.db;
        let live = db
            .insert_article(&published(Locale::Sq, "titulli-i-ri", NOW - HOUR), NOW)
            .await
            .unwrap();
        let hidden = db
            .insert_article(&draft(Locale::Sq, "skice", ArticleStatus::Draft, None), NOW)
            .await
            .unwrap();
        raw.insert_slug_redirect("sq", "titulli-i-vjeter", live)
            .await;
        raw.insert_slug_redirect("sq", "titulli-shume-i-vjeter", live)
            .await;
        raw.insert_slug_redirect("sq", "skice-e-vjeter", hidden)
            .await;

        for old in ["titulli-i-vjeter", "titulli-shume-i-vjeter"] {
            assert_eq!(
                db.find_slug_redirect(Locale::Sq, old)
                    .await
                    .unwrap()
                    .as_deref(),
                Some("titulli-i-ri")
            );
        }
        assert_eq!(
            db.find_slug_redirect(Locale::En, "titulli-i-vjeter")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            db.find_slug_redirect(Locale::Sq, "skice-e-vjeter")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            db.find_slug_redirect(Locale::Sq, "titulli-i-ri")
                .await
                .unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn saving_from_the_editor_is_all_or_nothing() {
    use store::workflow::{ArticleMeta, ArticleSave};
    each_backend(|db| async move {
        let section = db
            .insert_section(&new_section("op-ed", 1), NOW)
            .await
            .unwrap();
        let author = db
            .insert_author(&new_author("ana", "Ana"), NOW)
            .await
            .unwrap();
        let id = db
            .insert_article(&draft(Locale::En, "first", ArticleStatus::Draft, None), NOW)
            .await
            .unwrap();
        db.insert_article(&draft(Locale::En, "taken", ArticleStatus::Draft, None), NOW)
            .await
            .unwrap();
        let before = db.find_article(id).await.unwrap().expect("article");
        let meta = ArticleMeta {
            slug: crate::support::slug("renamed"),
            author_note: "Note".into(),
            seo_title: String::new(),
            seo_description: String::new(),
            featured_media_id: None,
            social_media_id: None,
            section_ids: vec![section],
            tag_ids: vec![],
            region_ids: vec![],
            author_ids: vec![author],
        };
        let body = doc_of_words(40);
        fn with<'a>(meta: &'a ArticleMeta, body: &'a domain::Document, id: i64) -> ArticleSave<'a> {
            ArticleSave {
                id,
                meta: Some(meta),
                title: "New title",
                standfirst: "New standfirst",
                body,
                user_id: None,
                drop_autosave: true,
                snapshot: "{}",
                now: NOW + 60,
            }
        }
        // A slug another article has: nothing of the save stays, not even the content.
        let taken = ArticleMeta {
            slug: crate::support::slug("taken"),
            ..meta.clone()
        };
        let r = db.save_article(&with(&taken, &body, id)).await;
        assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
        let after = db.find_article(id).await.unwrap().expect("article");
        assert_eq!(
            (&after.title, &after.slug, &after.body, after.updated_at),
            (&before.title, &before.slug, &before.body, before.updated_at)
        );
        assert!(db.list_revisions(id, 10).await.unwrap().is_empty());
        // A good save writes all of it, with one revision.
        let rev = db.save_article(&with(&meta, &body, id)).await.unwrap();
        let after = db.find_article(id).await.unwrap().expect("article");
        assert_eq!(
            (after.title.as_str(), after.slug.as_str(), &after.body),
            ("New title", "renamed", &body)
        );
        assert_eq!(after.primary_section_id, Some(section));
        let revisions = db.list_revisions(id, 10).await.unwrap();
        assert_eq!(revisions.iter().map(|r| r.id).collect::<Vec<_>>(), [rev]);
        // Content alone (a restore without details) leaves the details as they are.
        let changed = ArticleMeta {
            author_note: "Changed".into(),
            ..meta
        };
        db.save_article(&ArticleSave {
            meta: None,
            title: "Third",
            ..with(&changed, &body, id)
        })
        .await
        .unwrap();
        let after = db.find_article(id).await.unwrap().expect("article");
        assert_eq!(
            (after.title.as_str(), after.author_note.as_str()),
            ("Third", "Note")
        );
    })
    .await;
}
