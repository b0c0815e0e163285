//! Article views per UTC day, for "most read": counts added in batches and rankings over a
//! range of days. Nothing about readers is stored, only how often an article was read on a
//! day.

use std::collections::BTreeMap;

use domain::{ArticleCard, Locale};

use crate::{Db, Result, parse_locale, read, write};

/// Seconds in a day; days are UNIX day numbers (UTC).
pub const DAY: i64 = 86_400;

/// The UNIX day number (UTC) of a time in seconds.
pub const fn day_of(ts: i64) -> i64 {
    ts.div_euclid(DAY)
}

/// A published article and its views over a range of days.
#[derive(Debug, Clone, PartialEq)]
pub struct MostRead {
    pub card: ArticleCard,
    pub views: i64,
}

/// Rows per statement when adding views: three parameters a row stays far below both
/// engines' limits on bound parameters.
const ROWS_PER_STATEMENT: usize = 300;

/// Most articles a ranking looks at when looking past unpublished ones (an `IN` list of
/// that many ids stays below both engines' limits on bound parameters).
const MAX_CANDIDATES: i64 = 5_120;

impl Db {
    /// Adds `(article_id, day, views)` counts in one transaction, a few hundred rows per
    /// statement: each row adds to the article's count for that day. Counts for the same
    /// article and day are summed first (PostgreSQL refuses to update one row twice in a
    /// statement); articles that no longer exist and counts below 1 are skipped. Rows are
    /// written in key order, so two nodes flushing at once cannot deadlock. Returns the
    /// number of rows written.
    pub async fn add_views(&self, counts: &[(i64, i64, i64)]) -> Result<u64> {
        let mut merged: BTreeMap<(i64, i64), i64> = BTreeMap::new();
        for &(article_id, day, views) in counts {
            if views > 0 {
                let v = merged.entry((article_id, day)).or_default();
                *v = v.saturating_add(views);
            }
        }
        if merged.is_empty() {
            return Ok(0);
        }
        let rows: Vec<(i64, i64, i64)> = merged.into_iter().map(|((a, d), v)| (a, d, v)).collect();
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut written = 0;
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let values = (0..chunk.len())
                    .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                    .collect::<Vec<_>>()
                    .join(", ");
                // The language comes from the article; the join drops unknown ids (an
                // article deleted since it was read) instead of failing the batch. The WHERE
                // lets SQLite tell the upsert's ON CONFLICT from a join's ON.
                let sql = format!(
                    "INSERT INTO article_views (article_id, day, lang, views) \
                     SELECT a.id, v.column2, a.lang, v.column3 FROM (VALUES {values}) AS v \
                     JOIN articles a ON a.id = v.column1 WHERE v.column3 > 0 \
                     ON CONFLICT (article_id, day) DO UPDATE SET views = article_views.views + excluded.views"
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for &(article_id, day, views) in chunk {
                    q = q.bind(article_id).bind(day).bind(views);
                }
                written += q.execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
            Ok(written)
        })
    }

    /// The `limit` published articles in `lang` (as of `now`) read most from `since_day` to
    /// `until_day` (both included), most views first, newer ids first among equals.
    ///
    /// Two queries: the ranking sums the days' rows of one language from the covering index
    /// (no table rows are read) and keeps the best few; then the cards of the published
    /// ones. Drafts and future articles can hold views too, so the ranking asks for more than
    /// `limit` and asks again, for many more, only when too many of those were not published
    /// (up to `MAX_CANDIDATES`, past which the list may come out short).
    pub async fn list_most_read(
        &self,
        lang: Locale,
        since_day: i64,
        until_day: i64,
        limit: i64,
        now: i64,
    ) -> Result<Vec<MostRead>> {
        let limit = limit.clamp(0, 100);
        let wanted = usize::try_from(limit).unwrap_or(0);
        let mut candidates = (limit * 4).max(20);
        loop {
            let ranked: Vec<(i64, i64)> = read!(self, pool => sqlx::query_as(
                "SELECT article_id, CAST(SUM(views) AS BIGINT) AS total FROM article_views \
                 WHERE lang = $1 AND day >= $2 AND day <= $3 \
                 GROUP BY article_id ORDER BY total DESC, article_id DESC LIMIT $4"
            ).bind(lang.code()).bind(since_day).bind(until_day).bind(candidates).fetch_all(pool).await?);
            let ids: Vec<i64> = ranked.iter().map(|(id, _)| *id).collect();
            let mut cards: std::collections::HashMap<i64, ArticleCard> = self
                .list_cards_where_ids(&ids, now)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
            let out: Vec<MostRead> = ranked
                .iter()
                .filter_map(|(id, views)| {
                    cards.remove(id).map(|card| MostRead {
                        card,
                        views: *views,
                    })
                })
                .take(wanted)
                .collect();
            let exhausted = i64::try_from(ranked.len()).unwrap_or(i64::MAX) < candidates;
            if out.len() >= wanted || exhausted || candidates >= MAX_CANDIDATES {
                return Ok(out);
            }
            candidates = candidates.saturating_mul(16).min(MAX_CANDIDATES);
        }
    }

    /// Cards of the published articles among `ids` (as of `now`), in no particular order.
    pub async fn list_published_cards(&self, ids: &[i64], now: i64) -> Result<Vec<ArticleCard>> {
        self.list_cards_where_ids(ids, now).await
    }

    /// The language and publication time of a published article: what decides whether a
    /// view of it counts.
    pub async fn find_publication(&self, id: i64) -> Result<Option<(Locale, i64)>> {
        let row: Option<(String, Option<i64>)> = read!(self, pool => sqlx::query_as(
            "SELECT lang, published_at FROM articles WHERE id = $1 AND status = 'published'"
        ).bind(id).fetch_optional(pool).await?);
        row.map(|(lang, at)| Ok((parse_locale(&lang)?, at.unwrap_or(i64::MAX))))
            .transpose()
    }
}
