//! Who is editing an article, and autosaves. An edit lock is a lease: the edit page renews
//! it while open; when it runs out (the browser was closed) anyone may edit; before that,
//! another editor may take it over after a warning. Autosaves keep each user's latest unsaved
//! form of an article until they save or discard it.

use crate::{Db, Result, read, write};

/// Who holds an article's edit lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    pub user_id: i64,
    pub name: String,
    pub since: i64,
}

/// What asking for an article's lock came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lock {
    /// The asker holds it now (it was free, expired, theirs, or taken over).
    Held,
    /// Someone else holds it.
    HeldBy(LockHolder),
}

impl Db {
    /// Takes or renews `user`'s lock on an article until `now + ttl`, unless someone else
    /// holds an unexpired one and `take_over` is false.
    pub async fn hold_article_lock(
        &self,
        article_id: i64,
        user_id: i64,
        now: i64,
        ttl: i64,
        take_over: bool,
    ) -> Result<Lock> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: Option<(i64, String, i64, i64)> = sqlx::query_as(
                "SELECT l.user_id, u.name, l.acquired_at, l.expires_at FROM article_locks l \
                 JOIN users u ON u.id = l.user_id WHERE l.article_id = $1",
            ).bind(article_id).fetch_optional(&mut *tx).await?;
            let since = match row {
                Some((holder, name, since, expires)) if holder != user_id && expires > now && !take_over => {
                    return Ok(Lock::HeldBy(LockHolder { user_id: holder, name, since }));
                }
                Some((holder, _, since, expires)) if holder == user_id && expires > now => since,
                _ => now,
            };
            sqlx::query(
                "INSERT INTO article_locks (article_id, user_id, acquired_at, expires_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (article_id) DO UPDATE SET user_id = excluded.user_id, \
                 acquired_at = excluded.acquired_at, expires_at = excluded.expires_at",
            ).bind(article_id).bind(user_id).bind(since).bind(now + ttl).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(Lock::Held)
        })
    }

    /// Who holds an unexpired lock on the article, if anyone.
    pub async fn article_lock_holder(
        &self,
        article_id: i64,
        now: i64,
    ) -> Result<Option<LockHolder>> {
        let row: Option<(i64, String, i64)> = read!(self, pool => sqlx::query_as(
            "SELECT l.user_id, u.name, l.acquired_at FROM article_locks l JOIN users u ON u.id = l.user_id \
             WHERE l.article_id = $1 AND l.expires_at > $2"
        ).bind(article_id).bind(now).fetch_optional(pool).await?);
        Ok(row.map(|(user_id, name, since)| LockHolder {
            user_id,
            name,
            since,
        }))
    }

    /// Keeps `form` (the edit form's fields as JSON) as `user`'s autosave of an article.
    pub async fn save_autosave(
        &self,
        article_id: i64,
        user_id: i64,
        form: &str,
        now: i64,
    ) -> Result<()> {
        write!(self, pool => sqlx::query(
            "INSERT INTO article_autosaves (article_id, user_id, saved_at, form) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (article_id, user_id) DO UPDATE SET saved_at = excluded.saved_at, form = excluded.form"
        ).bind(article_id).bind(user_id).bind(now).bind(form).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// `user`'s autosave of an article: when, and the form as JSON.
    pub async fn find_autosave(
        &self,
        article_id: i64,
        user_id: i64,
    ) -> Result<Option<(i64, String)>> {
        let row: Option<(i64, String)> = read!(self, pool => sqlx::query_as(
            "SELECT saved_at, form FROM article_autosaves WHERE article_id = $1 AND user_id = $2"
        ).bind(article_id).bind(user_id).fetch_optional(pool).await?);
        Ok(row)
    }

    /// Drops `user`'s autosave of an article (after a save, or when discarded).
    pub async fn delete_autosave(&self, article_id: i64, user_id: i64) -> Result<()> {
        write!(self, pool => sqlx::query("DELETE FROM article_autosaves WHERE article_id = $1 AND user_id = $2")
            .bind(article_id).bind(user_id).execute(pool).await?.rows_affected());
        Ok(())
    }
}
