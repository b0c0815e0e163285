//! Authors and bylines.

use domain::{Author, AuthorLink, Localized};

use crate::direct::{FromSqlite, column, int_args, sqlite_row};
use crate::{Db, Error, Result, changes, placeholders, read, write};

#[derive(sqlx::FromRow)]
struct AuthorRow {
    id: i64,
    slug: String,
    name: String,
    email: Option<String>,
    bio_sq: String,
    bio_en: String,
    photo_media_id: Option<i64>,
    links: String,
}

sqlite_row!(AuthorRow {
    id,
    slug,
    name,
    email,
    bio_sq,
    bio_en,
    photo_media_id,
    links,
});

impl TryFrom<AuthorRow> for Author {
    type Error = Error;
    fn try_from(r: AuthorRow) -> Result<Author> {
        let links: Vec<AuthorLink> = serde_json::from_str(&r.links)
            .map_err(|e| Error::Corrupt(format!("author {} links: {e}", r.id)))?;
        Ok(Author {
            id: r.id,
            slug: r.slug,
            name: r.name,
            email: r.email,
            bio: Localized::new(r.bio_sq, r.bio_en),
            photo_media_id: r.photo_media_id,
            links,
        })
    }
}

/// A new author profile.
#[derive(Debug, Clone)]
pub struct NewAuthor {
    pub slug: String,
    pub name: String,
    pub email: Option<String>,
    pub bio: Localized,
    pub photo_media_id: Option<i64>,
    pub links: Vec<AuthorLink>,
}

#[derive(sqlx::FromRow)]
struct BylineRow {
    article_id: i64,
    #[sqlx(flatten)]
    author: AuthorRow,
}

impl FromSqlite for BylineRow {
    fn from_sqlite_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(BylineRow {
            article_id: column(r, at, "article_id")?,
            author: AuthorRow::from_sqlite_at(r, at + 1)?,
        })
    }
}

impl Db {
    /// Creates an author and returns the id.
    pub async fn insert_author(&self, a: &NewAuthor, now: i64) -> Result<i64> {
        let links = serde_json::to_string(&a.links).expect("links serialise");
        let (id,): (i64,) = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: (i64,) = sqlx::query_as(
                "INSERT INTO authors (slug, name, email, bio_sq, bio_en, photo_media_id, links) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&a.slug).bind(&a.name).bind(&a.email).bind(&a.bio.sq).bind(&a.bio.en)
            .bind(a.photo_media_id).bind(&links)
            .fetch_one(&mut *tx).await?;
            changes::log_change!(tx, "author", row.0, "upsert", now);
            tx.commit().await?;
            row
        });
        Ok(id)
    }

    /// Every author, by name.
    pub async fn list_authors(&self) -> Result<Vec<Author>> {
        let rows: Vec<AuthorRow> = self.select_all(
            "SELECT id, slug, name, email, bio_sq, bio_en, photo_media_id, links FROM authors ORDER BY name, id",
            &[],
        ).await?;
        rows.into_iter().map(Author::try_from).collect()
    }

    /// The author with this slug.
    pub async fn find_author_by_slug(&self, slug: &str) -> Result<Option<Author>> {
        let row: Option<AuthorRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, slug, name, email, bio_sq, bio_en, photo_media_id, links FROM authors WHERE slug = $1"
        ).bind(slug).fetch_optional(pool).await?);
        row.map(Author::try_from).transpose()
    }

    /// Bylines of many articles in one query, as author ids: `(article_id, author_id)` in
    /// byline order. For pages that know the authors already (they are few and change
    /// rarely); `list_bylines` reads the authors too.
    pub async fn list_byline_ids(&self, article_ids: &[i64]) -> Result<Vec<(i64, i64)>> {
        if article_ids.is_empty() {
            return Ok(Vec::new());
        }
        // Sorted here rather than by SQL, which would sort in a temporary B-tree: the
        // primary key gives the rows by article already.
        let sql = format!(
            "SELECT article_id, author_id, position FROM article_authors WHERE article_id IN ({})",
            placeholders(1, article_ids.len())
        );
        let mut rows: Vec<(i64, i64, i64)> = self.select_all(&sql, &int_args(article_ids)).await?;
        rows.sort_unstable_by_key(|&(article, author, position)| (article, position, author));
        Ok(rows
            .into_iter()
            .map(|(article, author, _)| (article, author))
            .collect())
    }

    /// Bylines of many articles in one query: `(article_id, author)` in byline order.
    pub async fn list_bylines(&self, article_ids: &[i64]) -> Result<Vec<(i64, Author)>> {
        if article_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT aa.article_id, au.id, au.slug, au.name, au.email, au.bio_sq, au.bio_en, au.photo_media_id, au.links \
             FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id IN ({}) ORDER BY aa.article_id, aa.position",
            placeholders(1, article_ids.len())
        );
        let rows: Vec<BylineRow> = self.select_all(&sql, &int_args(article_ids)).await?;
        rows.into_iter()
            .map(|r| Ok((r.article_id, Author::try_from(r.author)?)))
            .collect()
    }
}

impl Db {
    /// The author with this id.
    pub async fn find_author(&self, id: i64) -> Result<Option<Author>> {
        let row: Option<AuthorRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, slug, name, email, bio_sq, bio_en, photo_media_id, links FROM authors WHERE id = $1"
        ).bind(id).fetch_optional(pool).await?);
        row.map(Author::try_from).transpose()
    }

    /// Changes an author profile. A changed slug keeps answering as a redirect (in both
    /// languages: an author's slug is the same in each).
    pub async fn update_author(&self, id: i64, a: &NewAuthor, now: i64) -> Result<()> {
        let links = serde_json::to_string(&a.links).expect("links serialise");
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let old: Option<(String,)> = sqlx::query_as("SELECT slug FROM authors WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let Some((old_slug,)) = old else {
                return Err(Error::NotFound("author"));
            };
            sqlx::query(
                "UPDATE authors SET slug = $1, name = $2, email = $3, bio_sq = $4, bio_en = $5, photo_media_id = $6, links = $7 WHERE id = $8",
            )
            .bind(&a.slug).bind(&a.name).bind(&a.email).bind(&a.bio.sq).bind(&a.bio.en)
            .bind(a.photo_media_id).bind(&links).bind(id)
            .execute(&mut *tx).await?;
            crate::taxonomy::move_slug!(tx, "author", "sq", old_slug.as_str(), a.slug.as_str(), id);
            crate::taxonomy::move_slug!(tx, "author", "en", old_slug.as_str(), a.slug.as_str(), id);
            changes::log_change!(tx, "author", id, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// How many articles the author has a byline on.
    pub async fn author_usage(&self, id: i64) -> Result<i64> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM article_authors WHERE author_id = $1"
        ).bind(id).fetch_one(pool).await?);
        Ok(n)
    }

    /// Deletes an author without bylines (checked in the same transaction); otherwise
    /// `Error::Conflict(in_use::AUTHOR_HAS_BYLINES)` and nothing changes.
    pub async fn delete_author(&self, id: i64, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM article_authors WHERE author_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if n > 0 {
                return Err(Error::Conflict(crate::taxonomy::in_use::AUTHOR_HAS_BYLINES.into()));
            }
            let done = sqlx::query("DELETE FROM authors WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound("author"));
            }
            sqlx::query("DELETE FROM term_slug_redirects WHERE kind = 'author' AND term_id = $1")
                .bind(id).execute(&mut *tx).await?;
            changes::log_change!(tx, "author", id, "delete", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }
}

impl Db {
    /// The staff account an author profile belongs to, if any (its articles are that
    /// account's own in the newsroom).
    pub async fn find_author_user(&self, author_id: i64) -> Result<Option<i64>> {
        let row: Option<(Option<i64>,)> = read!(self, pool => sqlx::query_as(
            "SELECT user_id FROM authors WHERE id = $1"
        ).bind(author_id).fetch_optional(pool).await?);
        Ok(row.and_then(|(u,)| u))
    }

    /// Links an author profile to a staff account, or unlinks it. Nothing readers see
    /// changes, so nothing goes to the change log.
    pub async fn set_author_user(&self, author_id: i64, user_id: Option<i64>) -> Result<()> {
        let changed = write!(self, pool => sqlx::query("UPDATE authors SET user_id = $1 WHERE id = $2")
            .bind(user_id).bind(author_id).execute(pool).await?.rows_affected());
        if changed == 0 {
            return Err(Error::NotFound("author"));
        }
        Ok(())
    }
}
