//! `store::one_snapshot`, which every public request runs in: on SQLite the reads inside it
//! share one connection and one read transaction, so a page sees one state of the database;
//! on PostgreSQL it changes nothing. Outside it, each read sees every write made before it.

use domain::{Locale, Media};
use store::articles::Listing;
use store::{Db, Kind};

use crate::support::{HOUR, NOW, each_backend, new_media, published};

async fn latest_total(db: &Db) -> i64 {
    db.count_cards(Locale::En, Listing::Latest, NOW)
        .await
        .unwrap()
}

#[tokio::test]
async fn reads_in_one_snapshot_see_one_state_and_reads_after_it_see_every_write() {
    each_backend(|db| async move {
        db.insert_article(&published(Locale::En, "first", NOW - 2 * HOUR), NOW)
            .await
            .unwrap();
        // Outside a snapshot a write shows in the next read.
        assert_eq!(latest_total(&db).await, 1);

        let (inside, media) = store::one_snapshot(async {
            let before = latest_total(&db).await;
            db.insert_article(&published(Locale::En, "second", NOW - HOUR), NOW)
                .await
                .unwrap();
            let media_id = db.insert_media(&new_media(None), NOW).await.unwrap();
            let after = latest_total(&db).await;
            let media: Vec<Media> = db.list_media_by_ids(&[media_id]).await.unwrap();
            ((before, after), media.len())
        })
        .await;
        match db.kind() {
            // Both reads, and the media read, saw the database as of the first read.
            Kind::Sqlite => assert_eq!((inside, media), ((1, 1), 0)),
            Kind::Postgres => assert_eq!((inside, media), ((1, 2), 1)),
        }
        assert_eq!(latest_total(&db).await, 2, "after the snapshot");
        // A second snapshot starts from the current state.
        let again = store::one_snapshot(latest_total(&db)).await;
        assert_eq!(again, 2);
    })
    .await;
}

#[tokio::test]
async fn a_snapshot_holds_one_database_and_leaves_another_one_s_reads_alone() {
    each_backend(|db| async move {
        let other = testkit::TestDb::new(db.kind()).await;
        db.insert_article(&published(Locale::En, "here", NOW - HOUR), NOW)
            .await
            .unwrap();
        let seen = store::one_snapshot(async {
            let here = latest_total(&db).await;
            let there_before = latest_total(&other.db).await;
            other
                .db
                .insert_article(&published(Locale::En, "there", NOW - HOUR), NOW)
                .await
                .unwrap();
            (here, there_before, latest_total(&other.db).await)
        })
        .await;
        assert_eq!(seen, (1, 0, 1));
        drop(other);
    })
    .await;
}
