//! The newsroom's view of articles: every status, filtered by owner for roles that may only
//! see their own, with the counts per status the dashboard shows.

use domain::{ArticleStatus, Locale};

use crate::{Db, Error, Result, parse_locale, read};

/// Whose articles a newsroom listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Anyone,
    /// Articles the user started, or is a byline author of (through a linked author profile).
    User(i64),
}

/// A newsroom listing's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskFilter {
    pub owner: Owner,
    pub status: Option<ArticleStatus>,
    pub lang: Option<Locale>,
}

/// An article as the newsroom lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskRow {
    pub id: i64,
    pub lang: Locale,
    pub status: ArticleStatus,
    pub title: String,
    pub slug: String,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub scheduled_at: Option<i64>,
    /// Byline names in order.
    pub authors: Vec<String>,
}

/// `WHERE` conditions of a filter, with parameters from `$1`.
fn conditions(f: &DeskFilter) -> (String, Vec<Param>) {
    let mut conds = Vec::new();
    let mut params = Vec::new();
    if let Owner::User(id) = f.owner {
        params.push(Param::Int(id));
        let n = params.len();
        conds.push(format!(
            "(a.created_by = ${n} OR EXISTS (SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id = a.id AND au.user_id = ${n}))"
        ));
    }
    if let Some(s) = f.status {
        params.push(Param::Text(s.as_str()));
        conds.push(format!("a.status = ${}", params.len()));
    }
    if let Some(l) = f.lang {
        params.push(Param::Text(l.code()));
        conds.push(format!("a.lang = ${}", params.len()));
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    (sql, params)
}

#[derive(Debug, Clone, Copy)]
enum Param {
    Int(i64),
    Text(&'static str),
}

macro_rules! bind_all {
    ($q:expr, $params:expr) => {{
        let mut q = $q;
        for p in $params {
            q = match p {
                Param::Int(i) => q.bind(*i),
                Param::Text(t) => q.bind(*t),
            };
        }
        q
    }};
}

/// Through `$exec` (a pool or `&mut *tx`): stores a revision; evaluates to `(id,)`.
macro_rules! insert_revision_in {
    ($exec:expr, $article_id:expr, $user_id:expr, $snapshot:expr, $now:expr) => {{
        let row: (i64,) = sqlx::query_as(
            "INSERT INTO revisions (article_id, created_at, user_id, snapshot) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind($article_id).bind($now).bind($user_id).bind($snapshot)
        .fetch_one($exec).await?;
        row
    }};
}
pub(crate) use insert_revision_in;

impl Db {
    /// Articles matching `f`, most recently updated first, with the total for pagination.
    pub async fn list_desk_articles(
        &self,
        f: &DeskFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<DeskRow>, i64)> {
        let (cond, params) = conditions(f);
        let n = params.len();
        let sql = format!(
            "SELECT a.id, a.lang, a.status, a.title, a.slug, a.updated_at, a.published_at, a.scheduled_at \
             FROM articles a {cond} ORDER BY a.updated_at DESC, a.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) FROM articles a {cond}");
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            i64,
            Option<i64>,
            Option<i64>,
        );
        let rows: Vec<Row> = read!(self, pool => {
            let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &params);
            q.bind(limit).bind(offset).fetch_all(pool).await?
        });
        let (total,): (i64,) = read!(self, pool => {
            let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(count_sql.as_str())), &params);
            q.fetch_one(pool).await?
        });
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let bylines = self.list_bylines(&ids).await?;
        let out = rows
            .into_iter()
            .map(|r| {
                Ok(DeskRow {
                    id: r.0,
                    lang: parse_locale(&r.1)?,
                    status: ArticleStatus::parse(&r.2)
                        .ok_or_else(|| Error::Corrupt(format!("unknown status {:?}", r.2)))?,
                    title: r.3,
                    slug: r.4,
                    updated_at: r.5,
                    published_at: r.6,
                    scheduled_at: r.7,
                    authors: bylines
                        .iter()
                        .filter(|(a, _)| *a == r.0)
                        .map(|(_, au)| au.name.clone())
                        .collect(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((out, total))
    }

    /// How many articles of `owner` are in each status.
    pub async fn count_desk_articles(&self, owner: Owner) -> Result<Vec<(ArticleStatus, i64)>> {
        let f = DeskFilter {
            owner,
            status: None,
            lang: None,
        };
        let (cond, params) = conditions(&f);
        let sql = format!("SELECT a.status, COUNT(*) FROM articles a {cond} GROUP BY a.status");
        let rows: Vec<(String, i64)> = read!(self, pool => {
            let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &params);
            q.fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(s, n)| {
                ArticleStatus::parse(&s)
                    .map(|s| (s, n))
                    .ok_or_else(|| Error::Corrupt(format!("unknown status {s:?}")))
            })
            .collect()
    }
}

/// One saved version of an article's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub id: i64,
    pub article_id: i64,
    pub created_at: i64,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    /// JSON: title, standfirst and body as saved, and (since the article details) slug,
    /// author note, SEO fields, images, sections, tags, regions and bylines.
    pub snapshot: String,
}

impl Db {
    /// Whether `user_id` owns the article: started it, or is a byline author through an
    /// author profile linked to the account.
    pub async fn is_article_owner(&self, article_id: i64, user_id: i64) -> Result<bool> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM articles a WHERE a.id = $1 AND (a.created_by = $2 OR EXISTS ( \
               SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
               WHERE aa.article_id = a.id AND au.user_id = $2))"
        ).bind(article_id).bind(user_id).fetch_one(pool).await?);
        Ok(n > 0)
    }

    /// Records who started an article.
    pub async fn set_article_creator(&self, article_id: i64, user_id: i64) -> Result<()> {
        crate::write!(self, pool => sqlx::query("UPDATE articles SET created_by = $1 WHERE id = $2")
            .bind(user_id).bind(article_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Stores a revision (a snapshot of what was saved).
    pub async fn insert_revision(
        &self,
        article_id: i64,
        user_id: Option<i64>,
        snapshot: &str,
        now: i64,
    ) -> Result<i64> {
        let (id,): (i64,) = crate::write!(self, pool => insert_revision_in!(pool, article_id, user_id, snapshot, now));
        Ok(id)
    }

    /// One revision of an article; `None` when it does not exist or belongs to another.
    pub async fn find_revision(&self, article_id: i64, id: i64) -> Result<Option<Revision>> {
        type Row = (i64, i64, i64, Option<i64>, Option<String>, String);
        let row: Option<Row> = read!(self, pool => sqlx::query_as(
            "SELECT r.id, r.article_id, r.created_at, r.user_id, u.name, r.snapshot FROM revisions r \
             LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 AND r.id = $2"
        ).bind(article_id).bind(id).fetch_optional(pool).await?);
        Ok(row.map(revision_of))
    }

    /// The revision of an article saved just before revision `id`, if any.
    pub async fn find_previous_revision(
        &self,
        article_id: i64,
        id: i64,
    ) -> Result<Option<Revision>> {
        type Row = (i64, i64, i64, Option<i64>, Option<String>, String);
        let row: Option<Row> = read!(self, pool => sqlx::query_as(
            "SELECT r.id, r.article_id, r.created_at, r.user_id, u.name, r.snapshot FROM revisions r \
             LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 AND r.id < $2 \
             ORDER BY r.id DESC LIMIT 1"
        ).bind(article_id).bind(id).fetch_optional(pool).await?);
        Ok(row.map(revision_of))
    }

    /// An article's revisions, newest first.
    pub async fn list_revisions(&self, article_id: i64, limit: i64) -> Result<Vec<Revision>> {
        type Row = (i64, i64, i64, Option<i64>, Option<String>, String);
        let rows: Vec<Row> = read!(self, pool => sqlx::query_as(
            "SELECT r.id, r.article_id, r.created_at, r.user_id, u.name, r.snapshot FROM revisions r \
             LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 ORDER BY r.id DESC LIMIT $2"
        ).bind(article_id).bind(limit).fetch_all(pool).await?);
        Ok(rows.into_iter().map(revision_of).collect())
    }
}

fn revision_of(r: (i64, i64, i64, Option<i64>, Option<String>, String)) -> Revision {
    Revision {
        id: r.0,
        article_id: r.1,
        created_at: r.2,
        user_id: r.3,
        user_name: r.4,
        snapshot: r.5,
    }
}
