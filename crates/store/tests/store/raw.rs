//! A test database whose URL the test knows, for the few checks that need SQL the `Db` does
//! not offer (rows of `slug_redirects`, which no public function writes yet, deleting an
//! article, counting rows, and the schema catalogue).

use std::collections::BTreeSet;

use sqlx::Connection;
use store::{Db, Kind};
use testkit::TestDb;

/// Runs `$body` with `$c` bound to a new connection to the test database, on its engine, and
/// closes the connection after.
macro_rules! with_connection {
    ($raw:expr, $c:ident => $body:expr) => {
        match $raw.kind {
            Kind::Sqlite => {
                let mut $c = sqlx::SqliteConnection::connect(&$raw.url).await.unwrap();
                let out = $body;
                $c.close().await.unwrap();
                out
            }
            Kind::Postgres => {
                let mut $c = sqlx::PgConnection::connect(&$raw.url).await.unwrap();
                let out = $body;
                $c.close().await.unwrap();
                out
            }
        }
    };
}

pub struct RawDb {
    pub db: Db,
    pub kind: Kind,
    url: String,
    _owner: TestDb,
}

impl RawDb {
    /// A migrated, empty database of `kind`.
    pub async fn new(kind: Kind) -> RawDb {
        let t = TestDb::new(kind).await;
        RawDb {
            db: t.db.clone(),
            kind,
            url: t.url.clone(),
            _owner: t,
        }
    }

    /// Adds a row to `slug_redirects`: `old_slug` in `lang` now names `article_id`.
    pub async fn insert_slug_redirect(&self, lang: &str, old_slug: &str, article_id: i64) {
        const SQL: &str =
            "INSERT INTO slug_redirects (lang, old_slug, article_id) VALUES ($1, $2, $3)";
        with_connection!(self, c => {
            sqlx::query(SQL)
                .bind(lang)
                .bind(old_slug)
                .bind(article_id)
                .execute(&mut c)
                .await
                .unwrap();
        });
    }

    /// Deletes an article, which no public function does yet; its rows in other tables go
    /// with it (ON DELETE CASCADE).
    pub async fn delete_article(&self, id: i64) {
        with_connection!(self, c => {
            sqlx::query("DELETE FROM articles WHERE id = $1")
                .bind(id)
                .execute(&mut c)
                .await
                .unwrap();
        });
    }

    /// Links an author profile to a staff account (the newsroom's profile pages will).
    pub async fn link_author_to_user(&self, author_id: i64, user_id: i64) {
        with_connection!(self, c => {
            sqlx::query("UPDATE authors SET user_id = $1 WHERE id = $2")
                .bind(user_id)
                .bind(author_id)
                .execute(&mut c)
                .await
                .unwrap();
        });
    }

    /// Number of rows in `table` (a name the test writes, not input).
    pub async fn count_rows(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let (n,): (i64,) = with_connection!(self, c => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .fetch_one(&mut c)
                .await
                .unwrap()
        });
        n
    }

    /// Every `(table, column)` of the application's tables (not the migrations' own).
    pub async fn columns(&self) -> BTreeSet<(String, String)> {
        let rows: Vec<(String, String)> = match self.kind {
            Kind::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_xinfo(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
                )
                .fetch_all(&mut c)
                .await
                .unwrap();
                c.close().await.unwrap();
                rows
            }
            Kind::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
                )
                .fetch_all(&mut c)
                .await
                .unwrap();
                c.close().await.unwrap();
                rows
            }
        };
        rows.into_iter().collect()
    }

    /// Names of the indexes the migrations create explicitly (not those backing primary keys
    /// and UNIQUE constraints, which each engine names its own way).
    pub async fn explicit_indexes(&self) -> BTreeSet<String> {
        let rows: Vec<(String,)> = match self.kind {
            Kind::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
                )
                .fetch_all(&mut c)
                .await
                .unwrap();
                c.close().await.unwrap();
                rows
            }
            Kind::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query_as(
                    "SELECT i.relname::text FROM pg_index x \
                     JOIN pg_class i ON i.oid = x.indexrelid \
                     JOIN pg_class t ON t.oid = x.indrelid \
                     JOIN pg_namespace n ON n.oid = t.relnamespace \
                     WHERE n.nspname = 'public' AND t.relname <> '_sqlx_migrations' \
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
                )
                .fetch_all(&mut c)
                .await
                .unwrap();
                c.close().await.unwrap();
                rows
            }
        };
        rows.into_iter().map(|(n,)| n).collect()
    }
}
