//! A test database whose URL the test knows, for the few checks that need SQL the `Db` does
//! not offer (rows of `slug_redirects`, which no public function writes yet, and the schema
//! catalogue). `testkit::TestDb` keeps its PostgreSQL URL private, hence this small twin; it
//! follows the same rules: SQLite in a temporary file, PostgreSQL in a database created from
//! `TEST_DATABASE_URL` and dropped afterwards.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;
use store::{Db, Kind};

pub struct RawDb {
    pub db: Db,
    pub kind: Kind,
    url: String,
    dir: PathBuf,
    pg: Option<(String, String)>,
}

fn unique() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{}_{nanos:09}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap()
}

/// `url` with its database name replaced by `name` (any query string kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| i + scheme_end);
    format!("{}/{name}{query}", &base[..path_start])
}

impl RawDb {
    /// A migrated, empty database of `kind`.
    pub async fn new(kind: Kind) -> RawDb {
        let dir = std::env::temp_dir().join(format!("revista-store-raw-{}", unique()));
        std::fs::create_dir_all(&dir).unwrap();
        let (url, pg) = match kind {
            Kind::Sqlite => (format!("sqlite://{}", dir.join("raw.db").display()), None),
            Kind::Postgres => {
                let admin = admin_url();
                let name = format!("revista_store_raw_{}", unique());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                conn.close().await.ok();
                (with_database(&admin, &name), Some((admin, name)))
            }
        };
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        RawDb {
            db,
            kind,
            url,
            dir,
            pg,
        }
    }

    /// Adds a row to `slug_redirects`: `old_slug` in `lang` now names `article_id`.
    pub async fn insert_slug_redirect(&self, lang: &str, old_slug: &str, article_id: i64) {
        const SQL: &str =
            "INSERT INTO slug_redirects (lang, old_slug, article_id) VALUES ($1, $2, $3)";
        match self.kind {
            Kind::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query(SQL)
                    .bind(lang)
                    .bind(old_slug)
                    .bind(article_id)
                    .execute(&mut c)
                    .await
                    .unwrap();
                c.close().await.unwrap();
            }
            Kind::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
                sqlx::query(SQL)
                    .bind(lang)
                    .bind(old_slug)
                    .bind(article_id)
                    .execute(&mut c)
                    .await
                    .unwrap();
                c.close().await.unwrap();
            }
        }
    }

    /// Every `(table, column)` of the application's tables (not the migrations' own).
    pub async fn columns(&self) -> BTreeSet<(String, String)> {
        let rows: Vec<(String, String)> = match self.kind {
            Kind::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
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

impl Drop for RawDb {
    fn drop(&mut self) {
        let pg = self.pg.take();
        let dir = self.dir.clone();
        // As in testkit: Drop cannot await, so clean up on a thread with a runtime of its own.
        // The pools are not closed here: they belong to the test's runtime, which this drop
        // blocks (close them before dropping, as `each_raw_backend` does). PostgreSQL drops
        // the database WITH (FORCE), ending their sessions; an open SQLite file can go.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                if let Some((admin, name)) = pg
                    && let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await
                {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut conn)
                    .await;
                }
            });
            let _ = std::fs::remove_dir_all(dir);
        })
        .join();
    }
}
