//! Test support: fresh databases on both backends (SQLite in a temporary file; PostgreSQL
//! when `TEST_DATABASE_URL` is set, in a database created for the test and dropped after),
//! and a frozen clock value.

use std::path::PathBuf;

use sqlx::Connection;
use store::{Db, Kind};

/// 2026-11-28T09:20:00Z, a Saturday: "now" in tests.
pub const NOW: i64 = 1_795_857_600;

/// A database made for one test; removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub kind: Kind,
    /// The database's URL, for tests that need a raw connection.
    pub url: String,
    pub dir: PathBuf,
    pg: Option<(String, String)>,
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TestDb({:?})", self.kind)
    }
}

fn unique() -> String {
    format!("{}_{:08x}", std::process::id(), fastrand::u32(..))
}

/// The backends this run tests: SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set.
/// Says so on stderr when PostgreSQL is skipped.
pub fn backends() -> Vec<Kind> {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        vec![Kind::Sqlite, Kind::Postgres]
    } else {
        eprintln!("SKIPPED PostgreSQL: TEST_DATABASE_URL is not set; testing SQLite only");
        vec![Kind::Sqlite]
    }
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL is set when PostgreSQL is tested")
}

fn with_database(url: &str, name: &str) -> String {
    // Replace the path (database name) of the admin URL, keeping any query string.
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

impl TestDb {
    /// A migrated, empty database of `kind`.
    pub async fn new(kind: Kind) -> TestDb {
        let dir = std::env::temp_dir().join(format!("revista-test-{}", unique()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let (url, pg) = match kind {
            Kind::Sqlite => (format!("sqlite://{}", dir.join("test.db").display()), None),
            Kind::Postgres => {
                let admin = admin_url();
                let name = format!("revista_test_{}", unique());
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .expect("PostgreSQL is reachable at TEST_DATABASE_URL");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                conn.close().await.ok();
                (with_database(&admin, &name), Some((admin, name)))
            }
        };
        let db = Db::connect(&url).await.expect("test database opens");
        db.migrate().await.expect("migrations apply");
        TestDb {
            db,
            kind,
            url,
            dir,
            pg,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let pg = self.pg.take();
        let dir = self.dir.clone();
        // The pools belong to the test's runtime, which is blocked while we drop; they are not
        // closed here (closing would wait on that runtime). PostgreSQL drops the database
        // WITH (FORCE), ending their sessions; SQLite files can go while still open.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
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

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn swaps_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
