//! The database: one `Db` over SQLite or PostgreSQL with the same SQL where possible,
//! embedded migrations for both, and one module per aggregate. Every write that changes
//! what readers see appends to `change_log`, which feeds cache invalidation (and, later,
//! search) on every node.

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub mod articles;
pub mod authors;
pub mod changes;
mod direct;

pub use direct::one_snapshot;
pub mod editing;
pub mod media;
pub mod newsroom;
pub mod pages;
pub mod search;
pub mod sitemaps;
pub mod staff;
pub mod taxonomy;
pub mod totp;
pub mod views;
pub mod workflow;

/// Runs `$body` with `$pool` bound to the pool that serves reads, on either backend.
/// The body is compiled once per backend, so the same SQL text runs on both.
macro_rules! read {
    ($db:expr, $pool:ident => $body:expr) => {{
        $db.count_query();
        match &$db.backend {
            $crate::Backend::Sqlite { read: $pool, .. } => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    }};
}

/// Like `read!`, on the pool that serves writes (SQLite has a single writer).
macro_rules! write {
    ($db:expr, $pool:ident => $body:expr) => {{
        $db.count_query();
        match &$db.backend {
            $crate::Backend::Sqlite { write: $pool, .. } => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    }};
}
pub(crate) use {read, write};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the database URL {0:?} is not understood (use sqlite://PATH or postgres://…)")]
    BadUrl(String),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone)]
pub(crate) enum Backend {
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
        /// The public pages' reads, on the calling thread (see `direct`).
        direct: Arc<direct::Readers>,
    },
    Postgres(PgPool),
}

/// Which database engine a `Db` talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pub(crate) backend: Backend,
    queries: Arc<AtomicU64>,
}

const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "sitemap_months",
        include_str!("../../../migrations/sqlite/0002_sitemap_months.sql"),
    ),
    (
        3,
        "article_views",
        include_str!("../../../migrations/sqlite/0003_article_views.sql"),
    ),
    (
        4,
        "staff",
        include_str!("../../../migrations/sqlite/0004_staff.sql"),
    ),
    (
        5,
        "workflow",
        include_str!("../../../migrations/sqlite/0005_workflow.sql"),
    ),
    (
        6,
        "structure",
        include_str!("../../../migrations/sqlite/0006_structure.sql"),
    ),
    (
        7,
        "media",
        include_str!("../../../migrations/sqlite/0007_media.sql"),
    ),
    (
        8,
        "editing",
        include_str!("../../../migrations/sqlite/0008_editing.sql"),
    ),
    (
        9,
        "totp",
        include_str!("../../../migrations/sqlite/0009_totp.sql"),
    ),
    (
        10,
        "media_placeholder",
        include_str!("../../../migrations/sqlite/0010_media_placeholder.sql"),
    ),
];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "sitemap_months",
        include_str!("../../../migrations/postgres/0002_sitemap_months.sql"),
    ),
    (
        3,
        "article_views",
        include_str!("../../../migrations/postgres/0003_article_views.sql"),
    ),
    (
        4,
        "staff",
        include_str!("../../../migrations/postgres/0004_staff.sql"),
    ),
    (
        5,
        "workflow",
        include_str!("../../../migrations/postgres/0005_workflow.sql"),
    ),
    (
        6,
        "structure",
        include_str!("../../../migrations/postgres/0006_structure.sql"),
    ),
    (
        7,
        "media",
        include_str!("../../../migrations/postgres/0007_media.sql"),
    ),
    (
        8,
        "editing",
        include_str!("../../../migrations/postgres/0008_editing.sql"),
    ),
    (
        9,
        "totp",
        include_str!("../../../migrations/postgres/0009_totp.sql"),
    ),
    (
        10,
        "media_placeholder",
        include_str!("../../../migrations/postgres/0010_media_placeholder.sql"),
    ),
];

/// Versions and names of the embedded migrations, per backend (the two must match).
pub fn migration_versions(kind: Kind) -> Vec<(i64, &'static str)> {
    let list = match kind {
        Kind::Sqlite => SQLITE_MIGRATIONS,
        Kind::Postgres => POSTGRES_MIGRATIONS,
    };
    list.iter().map(|(v, d, _)| (*v, *d)).collect()
}

fn migrator(kind: Kind) -> Migrator {
    let list = match kind {
        Kind::Sqlite => SQLITE_MIGRATIONS,
        Kind::Postgres => POSTGRES_MIGRATIONS,
    };
    Migrator::with_migrations(
        list.iter()
            .map(|(v, d, sql)| {
                Migration::new(
                    *v,
                    Cow::Borrowed(*d),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

impl Db {
    /// Opens a pool for `sqlite://PATH` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db> {
        let backend = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|_| Error::BadUrl(url.to_owned()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .pragma("cache_size", "-8000")
                .pragma("temp_store", "memory");
            let direct = Arc::new(direct::Readers::new(opts.get_filename().to_owned()));
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts.clone())
                .await?;
            let readers = std::thread::available_parallelism()
                .map_or(4, |n| n.get() * 2)
                .max(4);
            // No ping before each checkout: with SQLite that is a second round trip to the
            // connection's worker thread for every statement (measured: 82 µs → 39 µs for
            // `SELECT 1`), and a database file does not drop the connection.
            let read = SqlitePoolOptions::new()
                .max_connections(u32::try_from(readers).unwrap_or(8))
                .min_connections(1)
                .test_before_acquire(false)
                .connect_with(opts.read_only(false))
                .await?;
            Backend::Sqlite {
                read,
                write,
                direct,
            }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts =
                PgConnectOptions::from_str(url).map_err(|_| Error::BadUrl(url.to_owned()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Backend::Postgres(pool)
        } else {
            return Err(Error::BadUrl(url.to_owned()));
        };
        Ok(Db {
            backend,
            queries: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The engine behind this handle.
    pub fn kind(&self) -> Kind {
        match self.backend {
            Backend::Sqlite { .. } => Kind::Sqlite,
            Backend::Postgres(_) => Kind::Postgres,
        }
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<()> {
        let m = migrator(self.kind());
        match &self.backend {
            Backend::Sqlite { write, .. } => m.run(write).await?,
            Backend::Postgres(pool) => m.run(pool).await?,
        }
        Ok(())
    }

    /// Versions already applied to this database.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = read!(self, pool => sqlx::query_as(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version"
        ).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|(v,)| v).collect())
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<()> {
        let _: (i64,) =
            read!(self, pool => sqlx::query_as("SELECT CAST(1 AS BIGINT)").fetch_one(pool).await?);
        Ok(())
    }

    /// Closes every connection, waiting for checked-out ones to come back.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite {
                read,
                write,
                direct,
            } => {
                direct.close();
                read.close().await;
                write.close().await;
            }
            Backend::Postgres(pool) => pool.close().await,
        }
    }

    /// How many statements this handle (and its clones) has run; tests use it to prove
    /// that pages run a fixed number of queries.
    pub fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    pub(crate) fn count_query(&self) {
        self.queries.fetch_add(1, Ordering::Relaxed);
    }
}

/// `$start, $start+1, …` placeholders for an `IN (…)` list of `n` values.
pub(crate) fn placeholders(start: usize, n: usize) -> String {
    let mut s = String::with_capacity(n * 4);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('$');
        s.push_str(&(start + i).to_string());
    }
    s
}

pub(crate) fn parse_locale(s: &str) -> Result<domain::Locale> {
    domain::Locale::parse(s).ok_or_else(|| Error::Corrupt(format!("unknown language {s:?}")))
}

/// Whether an error is a unique-constraint violation on either backend.
pub fn is_unique_violation(e: &Error) -> bool {
    match e {
        Error::Sqlx(sqlx::Error::Database(d)) => d.is_unique_violation(),
        _ => false,
    }
}
