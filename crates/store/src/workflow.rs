//! The newsroom's workflow beyond plain saving: an article's details (slug, sections, tags,
//! regions, bylines, SEO and images), scheduling through the durable job queue, notes such
//! as an editor's send-back comment, public corrections, and translations with their
//! "source changed since" flag.
//!
//! The job queue lives in the `jobs` table so it survives restarts and is shared by every
//! node: a job is claimed with a lease (`locked_until`), so a node that dies mid-job leaves
//! it to be claimed again once the lease ends. Handlers must be idempotent; publishing is
//! (it only moves an article that is still scheduled and due).

use domain::{ArticleStatus, Locale, Slug};

use crate::articles::insert_relations;
use crate::{Db, Error, Kind, Result, changes, parse_locale, read, write};

/// Kind of the job that publishes a scheduled article.
pub const PUBLISH_JOB: &str = "publish_article";

/// The unique key of the publishing job of an article (one per article).
pub fn publish_job_key(article_id: i64) -> String {
    format!("publish:{article_id}")
}

/// What the details form of the editor sets on an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMeta {
    pub slug: Slug,
    pub author_note: String,
    pub seo_title: String,
    pub seo_description: String,
    pub featured_media_id: Option<i64>,
    pub social_media_id: Option<i64>,
    /// Primary section first.
    pub section_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub region_ids: Vec<i64>,
    /// Bylines in order.
    pub author_ids: Vec<i64>,
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// A note on an article, such as the comment of an editor who sent it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub kind: String,
    pub body: String,
    pub created_at: i64,
    pub user_name: Option<String>,
}

/// A dated public correction.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Correction {
    pub id: i64,
    pub created_at: i64,
    pub text: String,
}

/// The other-language version of an article, as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterpart {
    pub id: i64,
    pub lang: Locale,
    pub title: String,
    pub status: ArticleStatus,
}

/// In transaction `$tx`: sets an article's details from `ArticleMeta` `$m` (slug, with a
/// redirect from the old one; author note; SEO; images; sections, tags, regions and
/// bylines) and logs the change; returns `NotFound` from the caller when there is no such
/// article.
macro_rules! update_meta_in {
    ($tx:ident, $id:expr, $m:expr, $now:expr) => {{
        let (id, m, now): (i64, &ArticleMeta, i64) = ($id, $m, $now);
        let row: Option<(String, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT lang, slug, status, published_at FROM articles WHERE id = $1",
        ).bind(id).fetch_optional(&mut *$tx).await?;
        let Some((lang, old_slug, status, published_at)) = row else {
            return Err(Error::NotFound("article"));
        };
        let listed_at = if status == ArticleStatus::Published.as_str() { published_at } else { None };
        sqlx::query(
            "UPDATE articles SET slug = $1, author_note = $2, seo_title = $3, seo_description = $4, \
             featured_media_id = $5, social_media_id = $6, primary_section_id = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(m.slug.as_str()).bind(&m.author_note).bind(&m.seo_title).bind(&m.seo_description)
        .bind(m.featured_media_id).bind(m.social_media_id).bind(m.section_ids.first().copied())
        .bind(now).bind(id)
        .execute(&mut *$tx).await?;
        if old_slug != m.slug.as_str() {
            // The new slug is this article's again; the old one points here.
            sqlx::query("DELETE FROM slug_redirects WHERE lang = $1 AND old_slug = $2")
                .bind(&lang).bind(m.slug.as_str()).execute(&mut *$tx).await?;
            sqlx::query(
                "INSERT INTO slug_redirects (lang, old_slug, article_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (lang, old_slug) DO UPDATE SET article_id = excluded.article_id",
            ).bind(&lang).bind(&old_slug).bind(id).execute(&mut *$tx).await?;
        }
        for table in ["article_sections", "article_tags", "article_regions", "article_authors"] {
            let sql = format!("DELETE FROM {table} WHERE article_id = $1");
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).execute(&mut *$tx).await?;
        }
        insert_relations!($tx, id, lang.as_str(), listed_at, m);
        changes::log_change!($tx, "article", id, "meta", now);
    }};
}

/// A unique-index violation while saving details is the slug, taken meanwhile.
fn slug_conflict<T>(result: Result<T>) -> Result<T> {
    match result {
        Err(e) if crate::is_unique_violation(&e) => Err(Error::Conflict("slug".into())),
        other => other,
    }
}

/// What the editor saves at once (see `Db::save_article`).
#[derive(Debug)]
pub struct ArticleSave<'a> {
    pub id: i64,
    pub meta: Option<&'a ArticleMeta>,
    pub title: &'a str,
    pub standfirst: &'a str,
    pub body: &'a domain::Document,
    /// Who saves: the revision's author.
    pub user_id: Option<i64>,
    /// End `user_id`'s autosave of the article (what it held is now saved).
    pub drop_autosave: bool,
    /// The revision's snapshot (JSON).
    pub snapshot: &'a str,
    pub now: i64,
}

impl Db {
    /// Saves an article from the editor in one transaction: its details (`meta`, when
    /// given: slug, with a redirect from the old one so the old URL answers with a 301;
    /// author note, SEO, images; sections, tags, regions and bylines, replaced), title,
    /// standfirst and body, a revision holding `snapshot`, and (with `drop_autosave`) the
    /// end of the saver's autosave. Nothing is saved when any part fails: a slug another
    /// article of the language has is `Error::Conflict`, and the article stays as it was.
    /// Returns the revision's id.
    pub async fn save_article(&self, s: &ArticleSave<'_>) -> Result<i64> {
        // In a block of its own, so that `?` and the early returns inside end the block,
        // and a unique violation can still be told apart below.
        let result: Result<i64> = async {
            write!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Some(m) = s.meta {
                update_meta_in!(tx, s.id, m, s.now);
            }
            crate::articles::update_content_in!(tx, s.id, s.title, s.standfirst, s.body, s.now);
            let (revision,) = crate::newsroom::insert_revision_in!(&mut *tx, s.id, s.user_id, s.snapshot, s.now);
            if let Some(user) = s.user_id.filter(|_| s.drop_autosave) {
                sqlx::query("DELETE FROM article_autosaves WHERE article_id = $1 AND user_id = $2")
                    .bind(s.id).bind(user).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(revision)
            })
        }
        .await;
        slug_conflict(result)
    }

    /// The id of the article of `lang` with this slug, in any state.
    pub async fn find_article_id_by_slug(&self, lang: Locale, slug: &str) -> Result<Option<i64>> {
        let row: Option<(i64,)> = read!(self, pool => sqlx::query_as(
            "SELECT id FROM articles WHERE lang = $1 AND slug = $2"
        ).bind(lang.code()).bind(slug).fetch_optional(pool).await?);
        Ok(row.map(|(id,)| id))
    }

    /// Schedules an article for `at` and queues the job that publishes it, in one
    /// transaction; scheduling again moves the time.
    pub async fn schedule_article(&self, id: i64, at: i64, now: i64) -> Result<()> {
        let key = publish_job_key(id);
        let payload = serde_json::json!({ "article": id }).to_string();
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE articles SET status = 'scheduled', scheduled_at = $1, updated_at = $2 WHERE id = $3",
            ).bind(at).bind(now).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound("article"));
            }
            for table in ["article_sections", "article_tags", "article_regions", "article_authors"] {
                let sql = format!("UPDATE {table} SET published_at = NULL WHERE article_id = $1");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).execute(&mut *tx).await?;
            }
            sqlx::query(
                "INSERT INTO jobs (kind, payload, unique_key, run_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (unique_key) DO UPDATE SET run_at = excluded.run_at, payload = excluded.payload, \
                 attempts = 0, locked_until = NULL, locked_by = NULL, done_at = NULL, last_error = NULL",
            ).bind(PUBLISH_JOB).bind(&payload).bind(&key).bind(at).execute(&mut *tx).await?;
            changes::log_change!(tx, "article", id, "status", now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Withdraws a job that has not run yet (e.g. an article taken off the schedule).
    pub async fn cancel_job(&self, unique_key: &str) -> Result<bool> {
        let n = write!(self, pool => sqlx::query("DELETE FROM jobs WHERE unique_key = $1 AND done_at IS NULL")
            .bind(unique_key).execute(pool).await?.rows_affected());
        Ok(n > 0)
    }

    /// When the pending job with this key is due, if there is one.
    pub async fn pending_job_time(&self, unique_key: &str) -> Result<Option<i64>> {
        let row: Option<(i64,)> = read!(self, pool => sqlx::query_as(
            "SELECT run_at FROM jobs WHERE unique_key = $1 AND done_at IS NULL"
        ).bind(unique_key).fetch_optional(pool).await?);
        Ok(row.map(|(t,)| t))
    }

    /// Claims up to `limit` due jobs for `worker` until `now + lease` seconds. A job whose
    /// lease ran out (its worker died) is due again. On PostgreSQL, concurrent workers skip
    /// each other's rows; SQLite has a single writer.
    pub async fn claim_due_jobs(
        &self,
        worker: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<Job>> {
        let lock = match self.kind() {
            Kind::Sqlite => "",
            Kind::Postgres => " FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE jobs SET locked_until = $1, locked_by = $2, attempts = attempts + 1 WHERE id IN ( \
               SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $3 \
               AND (locked_until IS NULL OR locked_until < $3) ORDER BY run_at LIMIT $4{lock}) \
             RETURNING id, kind, payload, attempts"
        );
        let rows: Vec<(i64, String, String, i64)> = write!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now + lease).bind(worker).bind(now).bind(limit).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(id, kind, payload, attempts)| Job {
                id,
                kind,
                payload,
                attempts,
            })
            .collect())
    }

    /// Marks a job done, if `worker` still holds it (rescheduling a claimed job releases it,
    /// and then the new run must not be lost).
    pub async fn finish_job(&self, id: i64, worker: &str, now: i64) -> Result<()> {
        write!(self, pool => sqlx::query(
            "UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2 AND locked_by = $3"
        ).bind(now).bind(id).bind(worker).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Records a failed attempt of a job `worker` holds; it runs again at `retry_at`.
    pub async fn fail_job(&self, id: i64, worker: &str, error: &str, retry_at: i64) -> Result<()> {
        write!(self, pool => sqlx::query(
            "UPDATE jobs SET last_error = $1, run_at = $2, locked_until = NULL, locked_by = NULL WHERE id = $3 AND locked_by = $4"
        ).bind(error).bind(retry_at).bind(id).bind(worker).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Publishes a scheduled article whose time has come, stamped with its scheduled time
    /// (unless it was published before). Does nothing, and says so, when the article is no
    /// longer scheduled or not yet due, so running it twice publishes once.
    pub async fn publish_if_due(&self, id: i64, now: i64) -> Result<bool> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT published_at, scheduled_at FROM articles WHERE id = $1 AND status = 'scheduled' AND scheduled_at <= $2",
            ).bind(id).bind(now).fetch_optional(&mut *tx).await?;
            let Some((published_at, scheduled_at)) = row else {
                return Ok(false);
            };
            let at = published_at.or(scheduled_at).unwrap_or(now);
            let done = sqlx::query(
                "UPDATE articles SET status = 'published', published_at = $1, updated_at = $2 WHERE id = $3 AND status = 'scheduled'",
            ).bind(at).bind(now).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            for table in ["article_sections", "article_tags", "article_regions", "article_authors"] {
                let sql = format!("UPDATE {table} SET published_at = $1 WHERE article_id = $2");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(at).bind(id).execute(&mut *tx).await?;
            }
            changes::log_change!(tx, "article", id, "status", now);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Adds a note to an article.
    pub async fn add_article_note(
        &self,
        article_id: i64,
        user_id: Option<i64>,
        kind: &str,
        body: &str,
        now: i64,
    ) -> Result<i64> {
        let (id,): (i64,) = write!(self, pool => sqlx::query_as(
            "INSERT INTO article_notes (article_id, user_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id"
        ).bind(article_id).bind(user_id).bind(kind).bind(body).bind(now).fetch_one(pool).await?);
        Ok(id)
    }

    /// An article's notes, newest first.
    pub async fn list_article_notes(&self, article_id: i64, limit: i64) -> Result<Vec<Note>> {
        let rows: Vec<(i64, String, String, i64, Option<String>)> = read!(self, pool => sqlx::query_as(
            "SELECT n.id, n.kind, n.body, n.created_at, u.name FROM article_notes n \
             LEFT JOIN users u ON u.id = n.user_id WHERE n.article_id = $1 ORDER BY n.id DESC LIMIT $2"
        ).bind(article_id).bind(limit).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(id, kind, body, created_at, user_name)| Note {
                id,
                kind,
                body,
                created_at,
                user_name,
            })
            .collect())
    }

    /// Adds a dated public correction to an article; its page changes at once.
    pub async fn add_correction(&self, article_id: i64, text: &str, now: i64) -> Result<i64> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO corrections (article_id, created_at, text) VALUES ($1, $2, $3) RETURNING id",
            ).bind(article_id).bind(now).bind(text).fetch_one(&mut *tx).await?;
            sqlx::query("UPDATE articles SET updated_at = $1 WHERE id = $2")
                .bind(now).bind(article_id).execute(&mut *tx).await?;
            changes::log_change!(tx, "article", article_id, "content", now);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// An article's corrections, oldest first.
    pub async fn list_corrections(&self, article_id: i64) -> Result<Vec<Correction>> {
        let rows: Vec<(i64, i64, String)> = self
            .select_all(
                "SELECT id, created_at, text FROM corrections WHERE article_id = $1 ORDER BY created_at, id",
                &[article_id.into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, created_at, text)| Correction {
                id,
                created_at,
                text,
            })
            .collect())
    }

    /// The other-language version of an article, if one exists.
    pub async fn find_counterpart(&self, id: i64) -> Result<Option<Counterpart>> {
        let row: Option<(i64, String, String, String)> = read!(self, pool => sqlx::query_as(
            "SELECT o.id, o.lang, o.title, o.status FROM articles a JOIN articles o \
             ON o.translation_group = a.translation_group AND o.id <> a.id WHERE a.id = $1 ORDER BY o.id LIMIT 1"
        ).bind(id).fetch_optional(pool).await?);
        row.map(|(id, lang, title, status)| {
            Ok(Counterpart {
                id,
                lang: parse_locale(&lang)?,
                title,
                status: ArticleStatus::parse(&status)
                    .ok_or_else(|| Error::Corrupt(format!("article {id} status {status:?}")))?,
            })
        })
        .transpose()
    }

    /// Starts the `lang` version of article `source`: a draft in the same translation group
    /// with its title, standfirst, body, sections, tags, regions, bylines and images, marked
    /// as written from the source as it is now. `Error::Conflict` when that language
    /// already has a version, or the slug is taken.
    pub async fn create_translation(
        &self,
        source: i64,
        lang: Locale,
        slug: &Slug,
        created_by: i64,
        now: i64,
    ) -> Result<i64> {
        // In a block of its own, so that `?` and the early returns inside end the block,
        // and a unique violation can still be told apart below.
        let result: Result<i64> = async {
            write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT translation_group, lang FROM articles WHERE id = $1",
            ).bind(source).fetch_optional(&mut *tx).await?;
            let Some((group, source_lang)) = row else {
                return Err(Error::NotFound("article"));
            };
            let (taken,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM articles WHERE translation_group = $1 AND lang = $2",
            ).bind(group).bind(lang.code()).fetch_one(&mut *tx).await?;
            if taken > 0 || source_lang == lang.code() {
                return Err(Error::Conflict("translation".into()));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO articles (lang, translation_group, status, created_at, updated_at, title, slug, standfirst, \
                 body, body_text, author_note, seo_title, seo_description, featured_media_id, social_media_id, \
                 reading_minutes, primary_section_id, is_top, source_updated_at, created_by) \
                 SELECT $1, translation_group, 'draft', $2, $2, title, $3, standfirst, body, body_text, author_note, \
                 '', '', featured_media_id, social_media_id, reading_minutes, primary_section_id, FALSE, $2, $4 \
                 FROM articles WHERE id = $5 RETURNING id",
            ).bind(lang.code()).bind(now).bind(slug.as_str()).bind(created_by).bind(source)
            .fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO article_sections (article_id, section_id, position, lang) SELECT $1, section_id, position, $2 FROM article_sections WHERE article_id = $3")
                .bind(id).bind(lang.code()).bind(source).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO article_authors (article_id, author_id, position, lang) SELECT $1, author_id, position, $2 FROM article_authors WHERE article_id = $3")
                .bind(id).bind(lang.code()).bind(source).execute(&mut *tx).await?;
            for table in ["article_tags", "article_regions"] {
                let col = if table == "article_tags" { "tag_id" } else { "region_id" };
                let sql = format!("INSERT INTO {table} (article_id, {col}, lang) SELECT $1, {col}, $2 FROM {table} WHERE article_id = $3");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(lang.code()).bind(source).execute(&mut *tx).await?;
            }
            changes::log_change!(tx, "article", id, "upsert", now);
            tx.commit().await?;
            Ok(id)
            })
        }
        .await;
        slug_conflict(result)
    }

    /// Whether the other-language version was saved after this translation was last
    /// brought up to date with it (false for articles not written as translations).
    pub async fn is_translation_stale(&self, id: i64) -> Result<bool> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM articles a JOIN articles o ON o.translation_group = a.translation_group AND o.id <> a.id \
             JOIN revisions r ON r.article_id = o.id \
             WHERE a.id = $1 AND a.source_updated_at IS NOT NULL AND r.created_at > a.source_updated_at"
        ).bind(id).fetch_one(pool).await?);
        Ok(n > 0)
    }

    /// Marks a translation as up to date with its source as it is now.
    pub async fn mark_translation_current(&self, id: i64, now: i64) -> Result<()> {
        write!(self, pool => sqlx::query("UPDATE articles SET source_updated_at = $1 WHERE id = $2")
            .bind(now).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }
}
