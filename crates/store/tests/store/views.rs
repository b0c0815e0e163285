//! Views per article and day: batched counts and "most read" rankings.

use domain::{ArticleStatus, Locale};
use store::views::{DAY, day_of};

use crate::raw::RawDb;
use crate::support::{HOUR, NOW, draft, each_backend, each_raw_backend, published};

const TODAY: i64 = day_of(NOW);

/// `(id, views)` of a ranking.
fn ranking(list: &[store::views::MostRead]) -> Vec<(i64, i64)> {
    list.iter().map(|m| (m.card.id, m.views)).collect()
}

#[test]
fn days_are_utc_day_numbers() {
    assert_eq!(day_of(0), 0);
    assert_eq!(day_of(DAY - 1), 0);
    assert_eq!(day_of(DAY), 1);
    assert_eq!(day_of(-1), -1);
    // testkit's NOW is 2026-11-28T09:20:00Z.
    assert_eq!(TODAY * DAY, NOW - (9 * HOUR + 20 * 60));
}

#[tokio::test]
async fn views_add_up_per_article_and_day_in_batches() {
    each_backend(|db| async move {
        let ids = db
            .insert_articles(
                &[
                    published(Locale::Sq, "one", NOW - HOUR),
                    published(Locale::Sq, "two", NOW - HOUR),
                ],
                NOW,
            )
            .await
            .unwrap();
        let (a, b) = (ids[0], ids[1]);
        let written = db
            .add_views(&[
                (a, TODAY, 3),
                (a, TODAY, 2),
                (b, TODAY, 1),
                (a, TODAY - 1, 7),
            ])
            .await
            .unwrap();
        assert_eq!(written, 3, "the two counts for the same day are one row");
        // A second batch adds to the rows already there; unknown articles and counts below
        // one are skipped without failing the batch.
        db.add_views(&[
            (a, TODAY, 10),
            (999_999, TODAY, 5),
            (b, TODAY, 0),
            (b, TODAY, -4),
        ])
        .await
        .unwrap();
        assert_eq!(db.add_views(&[]).await.unwrap(), 0);
        let today = db
            .list_most_read(Locale::Sq, TODAY, TODAY, 10, NOW)
            .await
            .unwrap();
        assert_eq!(ranking(&today), [(a, 15), (b, 1)]);
        let both = db
            .list_most_read(Locale::Sq, TODAY - 1, TODAY, 10, NOW)
            .await
            .unwrap();
        assert_eq!(ranking(&both), [(a, 22), (b, 1)]);
        assert_eq!(both[0].card.title, "Title of one");
    })
    .await;
}

#[tokio::test]
async fn a_large_batch_spans_several_statements() {
    each_backend(|db| async move {
        let id = db
            .insert_article(&published(Locale::En, "busy", NOW - 400 * DAY), NOW)
            .await
            .unwrap();
        // 1,000 days of one article, each counted twice in the batch.
        let counts: Vec<(i64, i64, i64)> = (0..2000).map(|i| (id, TODAY - i % 1000, 1)).collect();
        assert_eq!(db.add_views(&counts).await.unwrap(), 1000);
        let all = db
            .list_most_read(Locale::En, TODAY - 999, TODAY, 5, NOW)
            .await
            .unwrap();
        assert_eq!(ranking(&all), [(id, 2000)]);
    })
    .await;
}

#[tokio::test]
async fn most_read_respects_language_window_publication_and_limit() {
    each_backend(|db| async move {
        let ids = db
            .insert_articles(
                &[
                    published(Locale::Sq, "today", NOW - 2 * HOUR),
                    published(Locale::Sq, "this-week", NOW - 3 * DAY),
                    published(Locale::Sq, "this-month", NOW - 20 * DAY),
                    published(Locale::Sq, "long-ago", NOW - 60 * DAY),
                    published(Locale::En, "english", NOW - HOUR),
                    draft(Locale::Sq, "a-draft", ArticleStatus::Draft, None),
                    published(Locale::Sq, "future", NOW + HOUR),
                    published(Locale::Sq, "tie", NOW - 2 * HOUR),
                ],
                NOW,
            )
            .await
            .unwrap();
        let [today, week, month, old, english, a_draft, future, tie] = ids[..] else {
            panic!("eight ids");
        };
        db.add_views(&[
            (today, TODAY, 5),
            (tie, TODAY, 5),
            (week, TODAY - 3, 8),
            (week, TODAY - 6, 1),
            (month, TODAY - 20, 30),
            (month, TODAY - 29, 1),
            (old, TODAY - 30, 1000),
            (english, TODAY, 500),
            (a_draft, TODAY, 900),
            (future, TODAY, 800),
        ])
        .await
        .unwrap();
        let window = |days: i64, limit: i64| {
            let db = db.clone();
            async move {
                ranking(
                    &db.list_most_read(Locale::Sq, TODAY - days + 1, TODAY, limit, NOW)
                        .await
                        .unwrap(),
                )
            }
        };
        assert_eq!(
            window(1, 5).await,
            [(tie, 5), (today, 5)],
            "today: Albanian, published by now; equal counts newest id first"
        );
        assert_eq!(window(7, 5).await, [(week, 9), (tie, 5), (today, 5)]);
        assert_eq!(
            window(30, 5).await,
            [(month, 31), (week, 9), (tie, 5), (today, 5)],
            "the 30th day back is in, the 31st is not"
        );
        assert_eq!(window(30, 2).await, [(month, 31), (week, 9)]);
        assert_eq!(window(30, 0).await, []);
        let later = db
            .list_most_read(Locale::Sq, TODAY, TODAY, 5, NOW + 2 * HOUR)
            .await
            .unwrap();
        assert_eq!(
            ranking(&later)[0],
            (future, 800),
            "a future article counts once its time has come"
        );
        let en = db
            .list_most_read(Locale::En, TODAY, TODAY, 5, NOW)
            .await
            .unwrap();
        assert_eq!(ranking(&en), [(english, 500)]);
    })
    .await;
}

#[tokio::test]
async fn most_read_looks_past_many_unpublished_leaders() {
    each_backend(|db| async move {
        // Thirty drafts read more than any published article: more than the ranking's first
        // helping of candidates.
        let drafts: Vec<_> = (0..30)
            .map(|i| {
                draft(
                    Locale::En,
                    &format!("draft-{i}"),
                    ArticleStatus::Draft,
                    None,
                )
            })
            .collect();
        let draft_ids = db.insert_articles(&drafts, NOW).await.unwrap();
        let live = db
            .insert_articles(
                &[
                    published(Locale::En, "live-1", NOW - DAY),
                    published(Locale::En, "live-2", NOW - DAY),
                ],
                NOW,
            )
            .await
            .unwrap();
        let mut counts: Vec<(i64, i64, i64)> =
            draft_ids.iter().map(|id| (*id, TODAY, 100)).collect();
        counts.push((live[0], TODAY, 2));
        counts.push((live[1], TODAY, 3));
        db.add_views(&counts).await.unwrap();
        let got = db
            .list_most_read(Locale::En, TODAY, TODAY, 5, NOW)
            .await
            .unwrap();
        assert_eq!(ranking(&got), [(live[1], 3), (live[0], 2)]);
    })
    .await;
}

#[tokio::test]
async fn publication_tells_whether_a_view_counts() {
    each_backend(|db| async move {
        let ids = db
            .insert_articles(
                &[
                    published(Locale::En, "live", NOW - HOUR),
                    draft(Locale::Sq, "a-draft", ArticleStatus::Draft, None),
                ],
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            db.find_publication(ids[0]).await.unwrap(),
            Some((Locale::En, NOW - HOUR))
        );
        assert_eq!(db.find_publication(ids[1]).await.unwrap(), None);
        assert_eq!(db.find_publication(-1).await.unwrap(), None);
        let cards = db.list_published_cards(&ids, NOW).await.unwrap();
        assert_eq!(cards.len(), 1);
        assert_eq!(cards[0].id, ids[0]);
    })
    .await;
}

#[tokio::test]
async fn deleting_an_article_deletes_its_views() {
    each_raw_backend(|raw: std::sync::Arc<RawDb>| async move {
        let db = &raw.db;
        let ids = db
            .insert_articles(
                &[
                    published(Locale::Sq, "kept", NOW - HOUR),
                    published(Locale::Sq, "gone", NOW - HOUR),
                ],
                NOW,
            )
            .await
            .unwrap();
        db.add_views(&[(ids[0], TODAY, 1), (ids[1], TODAY, 2)])
            .await
            .unwrap();
        raw.delete_article(ids[1]).await;
        let left = db
            .list_most_read(Locale::Sq, TODAY, TODAY, 5, NOW)
            .await
            .unwrap();
        assert_eq!(ranking(&left), [(ids[0], 1)]);
        assert_eq!(raw.count_rows("article_views").await, 1);
    })
    .await;
}
