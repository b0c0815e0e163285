//! What the search index reads, and moving articles between states.

use domain::{ArticleStatus, Locale};
use store::articles::Listing;
use store::search::Linked;

use crate::support::{
    HOUR, NOW, changes_after, doc, draft, each_backend, ids, new_author, new_section, new_term,
    published,
};

#[tokio::test]
async fn search_docs_carry_names_in_the_articles_language() {
    each_backend(|db| async move {
        let news = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let tag = db.insert_tag(&new_term("energy", 0), NOW).await.unwrap();
        let ana = db
            .insert_author(&new_author("ana", "Ana Gjoni"), NOW)
            .await
            .unwrap();
        let ben = db
            .insert_author(&new_author("ben", "Ben Hoxha"), NOW)
            .await
            .unwrap();
        let mut d = published(Locale::En, "one", NOW - HOUR);
        d.body = doc(&["First paragraph.", "Second paragraph."]);
        d.section_ids = vec![news];
        d.tag_ids = vec![tag];
        d.author_ids = vec![ben, ana];
        let en = db.insert_article(&d, NOW).await.unwrap();
        let mut d = draft(Locale::Sq, "dy", ArticleStatus::Draft, None);
        d.section_ids = vec![news];
        let sq = db.insert_article(&d, NOW).await.unwrap();

        let docs = db.list_search_docs(&[sq, en, 9_999]).await.unwrap();
        assert_eq!(docs.len(), 2, "unknown ids are left out");
        let e = docs.iter().find(|x| x.id == en).unwrap();
        assert!(e.published);
        assert_eq!(e.published_at, NOW - HOUR);
        assert_eq!(e.body_text, "First paragraph.\n\nSecond paragraph.");
        assert_eq!(e.author_ids, vec![ben, ana], "byline order");
        assert_eq!(e.author_names, vec!["Ben Hoxha", "Ana Gjoni"]);
        assert_eq!(e.section_names, vec!["Section news"]);
        assert_eq!(e.tag_ids, vec![tag]);
        let s = docs.iter().find(|x| x.id == sq).unwrap();
        assert!(!s.published, "drafts are read so the index can drop them");
        assert_eq!(s.section_names, vec!["Seksioni news"]);

        let all = db.list_published_search_docs(0, 10).await.unwrap();
        assert_eq!(
            all.iter().map(|d| d.id).collect::<Vec<_>>(),
            vec![en],
            "only published, by id"
        );
        assert!(
            db.list_published_search_docs(en, 10)
                .await
                .unwrap()
                .is_empty(),
            "keyset pages"
        );
        assert_eq!(db.count_published_articles().await.unwrap(), 1);

        assert_eq!(
            db.list_linked_article_ids(Linked::Author(ana))
                .await
                .unwrap(),
            vec![en]
        );
        assert_eq!(
            db.list_linked_article_ids(Linked::Section(news))
                .await
                .unwrap(),
            vec![en, sq]
        );
        assert_eq!(
            db.list_linked_article_ids(Linked::Tag(tag)).await.unwrap(),
            vec![en]
        );
        assert!(db.list_search_docs(&[]).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn cards_by_ids_keep_the_order_given_and_only_what_is_out() {
    each_backend(|db| async move {
        let a = db
            .insert_article(&published(Locale::En, "a", NOW - HOUR), NOW)
            .await
            .unwrap();
        let b = db
            .insert_article(&published(Locale::Sq, "b", NOW - 2 * HOUR), NOW)
            .await
            .unwrap();
        let later = db
            .insert_article(&published(Locale::En, "later", NOW + HOUR), NOW)
            .await
            .unwrap();
        let hidden = db
            .insert_article(
                &draft(Locale::En, "hidden", ArticleStatus::Draft, None),
                NOW,
            )
            .await
            .unwrap();
        let cards = db
            .list_cards_by_ids(&[b, hidden, later, a], NOW)
            .await
            .unwrap();
        assert_eq!(ids(&cards), vec![b, a]);
        assert!(db.list_cards_by_ids(&[], NOW).await.unwrap().is_empty());
        let texts = db.list_body_texts(&[a]).await.unwrap();
        assert_eq!(texts, vec![(a, "Body of a.".to_owned())]);
        // Letters beyond ASCII come back whole (the text is checked as UTF-8 on its own path).
        let mut albanian = published(Locale::Sq, "c", NOW - HOUR);
        albanian.body = doc(&["Çështja e zgjedhjeve — një përmbledhje, 2½ faqe."]);
        let c = db.insert_article(&albanian, NOW).await.unwrap();
        let texts = db.list_body_texts(&[c]).await.unwrap();
        assert_eq!(
            texts,
            vec![(
                c,
                "Çështja e zgjedhjeve — një përmbledhje, 2½ faqe.".to_owned()
            )]
        );
    })
    .await;
}

#[tokio::test]
async fn status_changes_list_and_unlist_and_are_logged() {
    each_backend(|db| async move {
        let news = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let mut d = draft(Locale::En, "story", ArticleStatus::Draft, None);
        d.section_ids = vec![news];
        let id = db.insert_article(&d, NOW - 2 * HOUR).await.unwrap();
        let mark = db.last_change_id().await.unwrap();
        let listed = |db: store::Db| async move {
            let (cards, n) = db
                .list_cards(Locale::En, Listing::Section(news), 10, 0, NOW)
                .await
                .unwrap();
            assert_eq!(usize::try_from(n).unwrap(), cards.len());
            ids(&cards)
        };
        assert!(listed(db.clone()).await.is_empty());

        db.set_article_status(id, ArticleStatus::Published, NOW - HOUR)
            .await
            .unwrap();
        let a = db.find_article(id).await.unwrap().unwrap();
        assert_eq!(a.status, ArticleStatus::Published);
        assert_eq!(
            a.published_at,
            Some(NOW - HOUR),
            "publishing stamps the time"
        );
        assert_eq!(listed(db.clone()).await, vec![id]);

        db.set_article_status(id, ArticleStatus::Unpublished, NOW)
            .await
            .unwrap();
        assert!(
            listed(db.clone()).await.is_empty(),
            "unpublished articles leave listings"
        );
        assert!(
            db.find_published_article(Locale::En, "story")
                .await
                .unwrap()
                .is_none()
        );

        db.set_article_status(id, ArticleStatus::Published, NOW)
            .await
            .unwrap();
        let a = db.find_article(id).await.unwrap().unwrap();
        assert_eq!(
            a.published_at,
            Some(NOW - HOUR),
            "republishing keeps the first date"
        );
        assert_eq!(listed(db.clone()).await, vec![id]);

        let log = changes_after(&db, mark).await;
        assert_eq!(log.len(), 3);
        assert!(
            log.iter()
                .all(|(e, i, a, _)| e == "article" && *i == id && a == "status")
        );
        assert!(matches!(
            db.set_article_status(9_999, ArticleStatus::Published, NOW)
                .await,
            Err(store::Error::NotFound(_))
        ));
    })
    .await;
}
