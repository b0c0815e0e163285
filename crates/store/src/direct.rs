//! SQLite reads on the calling thread.
//!
//! sqlx runs each SQLite connection on a thread of its own, so every statement is at least
//! two hand-offs between threads: about 39 µs for `SELECT 1` on this 2-core machine, where
//! the statement itself takes 1–2 µs. A public page makes about ten short, indexed reads,
//! so the hand-offs cost more CPU than the reads (half of it under load, by `perf`).
//!
//! The reads of the public pages therefore go through [`Db::select_all`] and its siblings:
//! on SQLite they run here, with rusqlite on a small pool of read-only connections to the
//! same file, on the thread that asks; on PostgreSQL they go through sqlx as usual. The SQL
//! text and the row structs are the same for both. WAL mode lets each statement see the
//! last committed write, whichever connection made it.
//!
//! The pool is a `Mutex<Vec<Connection>>` written here rather than `r2d2`: checkout is a
//! pop and return a push, with no health check or background thread to pay for.
//!
//! Inside [`one_snapshot`] (the public pages run in it) every read of the task uses one
//! connection and one read transaction: the page sees a single state of the database, and
//! SQLite takes and drops its file locks once per page instead of once per statement.
//!
//! [`Db::select_all`]: crate::Db::select_all

use std::cell::RefCell;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OpenFlags, Row, Statement, ToSql};

use crate::{Backend, Db, Result};

/// A value bound to a `$n` placeholder, on either backend.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Int(i64),
    Text(&'a str),
    Bool(bool),
}

impl From<i64> for Arg<'_> {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Arg::Text(v)
    }
}

impl From<bool> for Arg<'_> {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Arg::Int(v) => ToSqlOutput::Owned(Value::Integer(v)),
            Arg::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Arg::Bool(b) => ToSqlOutput::Owned(Value::Integer(i64::from(b))),
        })
    }
}

/// Ids as arguments, for an `IN (…)` list.
pub(crate) fn int_args(ids: &[i64]) -> Vec<Arg<'static>> {
    ids.iter().map(|&id| Arg::Int(id)).collect()
}

/// A row type rusqlite can fill; the sqlx side is `sqlx::FromRow`.
pub(crate) trait FromSqlite: Sized {
    fn from_sqlite(row: &Row<'_>) -> rusqlite::Result<Self> {
        Self::from_sqlite_at(row, 0)
    }

    /// The row's fields from column `at` on.
    fn from_sqlite_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Self>;
}

/// Column `i`, which the query names `name`. Columns are read by position (looking each
/// name up cost 3 % of an article page); debug builds, and so the tests, check the name.
pub(crate) fn column<T: rusqlite::types::FromSql>(
    r: &Row<'_>,
    i: usize,
    name: &str,
) -> rusqlite::Result<T> {
    debug_assert_eq!(
        r.as_ref().column_name(i).ok(),
        Some(name),
        "column {i} of the query is not the field {name}"
    );
    r.get(i)
}

/// `FromSqlite` for a struct whose fields are listed in the order of the query's columns
/// and under their names, as sqlx's derived `FromRow` reads them (the struct literal makes
/// the compiler check that no field is missing).
macro_rules! sqlite_row {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $crate::direct::FromSqlite for $ty {
            #[allow(unused_assignments)]
            fn from_sqlite_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Self> {
                let mut i = at;
                Ok(Self {
                    $($field: {
                        let v = $crate::direct::column(r, i, stringify!($field))?;
                        i += 1;
                        v
                    }),*
                })
            }
        }
    };
}
pub(crate) use sqlite_row;

/// Tuples by column position, like sqlx's.
macro_rules! tuple_from_sqlite {
    ($($t:ident $i:tt),+) => {
        impl<$($t: rusqlite::types::FromSql),+> FromSqlite for ($($t,)+) {
            fn from_sqlite_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
                Ok(($(r.get::<_, $t>(at + $i)?,)+))
            }
        }
    };
}
tuple_from_sqlite!(A 0);
tuple_from_sqlite!(A 0, B 1);
tuple_from_sqlite!(A 0, B 1, C 2);

/// A long text column (an article's body document or its plain text, a few kilobytes)
/// checked as UTF-8 with `simdutf8`: rusqlite's `String` checks with the standard library,
/// which goes byte by byte through text with letters like ë and ç, about 3 % of a search
/// page's CPU for its ten texts. The same value as a `String` otherwise, on both databases.
#[derive(Debug, sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct LongText(pub String);

impl rusqlite::types::FromSql for LongText {
    fn column_result(value: ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value {
            ValueRef::Text(bytes) => simdutf8::basic::from_utf8(bytes)
                .map(|s| LongText(s.to_owned()))
                .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e))),
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

/// Connections kept for reuse; more are opened when every one is busy (at most one per
/// thread running a statement, so the runtime's worker count) and closed beyond this.
const MAX_IDLE: usize = 8;

/// Read-only connections to one SQLite file.
#[derive(Debug)]
pub(crate) struct Readers {
    /// Tells this pool's connections from another database's in a snapshot.
    id: u64,
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// The connection a task's reads share inside [`one_snapshot`], once the first read took it.
#[derive(Default)]
struct Snapshot {
    held: RefCell<Option<(Arc<Readers>, Connection)>>,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        if let Some((readers, conn)) = self.held.get_mut().take() {
            // Ends the read transaction; a read-only one has nothing to keep.
            if run(&conn, "ROLLBACK").is_ok() {
                readers.put_back(conn);
            }
        }
    }
}

/// Runs a statement without rows from the statement cache (`execute_batch` parses each time).
fn run(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

tokio::task_local! {
    static SNAPSHOT: Snapshot;
}

/// Runs `f` with every SQLite read it makes (on the task that polls it) in one read
/// transaction on one connection, from the first read to the end of `f`. Nothing changes
/// on PostgreSQL. Only for work that reads: its own writes would not be visible to it.
pub async fn one_snapshot<F: Future>(f: F) -> F::Output {
    SNAPSHOT.scope(Snapshot::default(), f).await
}

impl Readers {
    pub(crate) fn new(path: PathBuf) -> Readers {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Readers {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    fn checkout(&self) -> rusqlite::Result<Connection> {
        match self.idle.lock().ok().and_then(|mut v| v.pop()) {
            Some(c) => Ok(c),
            None => self.open(),
        }
    }

    fn put_back(&self, conn: Connection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < MAX_IDLE
        {
            idle.push(conn);
        }
    }

    /// Closes the idle connections (at shutdown).
    pub(crate) fn close(&self) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let c = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Readers wait only while a WAL file is being recovered, which is rare and short.
        c.busy_timeout(Duration::from_secs(5))?;
        c.execute_batch("PRAGMA cache_size = -8000; PRAGMA temp_store = memory;")?;
        c.set_prepared_statement_cache_capacity(64);
        Ok(c)
    }

    /// Runs `f` on the task's snapshot connection inside [`one_snapshot`], else on a
    /// connection of the pool for this statement alone.
    fn with<T>(
        self: &Arc<Self>,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let mut f = Some(f);
        let in_snapshot = SNAPSHOT.try_with(|s| {
            let Ok(mut held) = s.held.try_borrow_mut() else {
                return None;
            };
            if held.is_none() {
                let conn = match self.checkout() {
                    Ok(c) => c,
                    Err(e) => return Some(Err(e)),
                };
                if let Err(e) = run(&conn, "BEGIN") {
                    return Some(Err(e));
                }
                *held = Some((self.clone(), conn));
            }
            match held.as_ref() {
                Some((readers, conn)) if readers.id == self.id => f.take().map(|f| f(conn)),
                // Another database's reads run on their own.
                _ => None,
            }
        });
        if let Ok(Some(out)) = in_snapshot {
            return out;
        }
        let Some(f) = f else {
            unreachable!("the closure runs at most once")
        };
        let conn = self.checkout()?;
        let out = f(&conn);
        self.put_back(conn);
        out
    }

    /// The rows of `sql`, at most `limit` of them.
    fn rows<T: FromSqlite>(
        self: &Arc<Self>,
        sql: &str,
        args: &[Arg<'_>],
        limit: usize,
    ) -> rusqlite::Result<Vec<T>> {
        self.with(|c| {
            let mut st = c.prepare_cached(sql)?;
            bind(&mut st, args)?;
            let mut rows = st.raw_query();
            let mut out = Vec::new();
            while out.len() < limit
                && let Some(r) = rows.next()?
            {
                out.push(T::from_sqlite(r)?);
            }
            Ok(out)
        })
    }
}

/// Binds `args[n - 1]` to each `$n` (a placeholder may appear more than once, and in any
/// order, as sqlx allows).
fn bind(st: &mut Statement<'_>, args: &[Arg<'_>]) -> rusqlite::Result<()> {
    for idx in 1..=st.parameter_count() {
        let n = match st.parameter_name(idx) {
            Some(name) => name
                .strip_prefix('$')
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_owned()))?,
            None => idx,
        };
        let arg = args
            .get(n.wrapping_sub(1))
            .ok_or(rusqlite::Error::InvalidParameterCount(n, args.len()))?;
        st.raw_bind_parameter(idx, arg)?;
    }
    Ok(())
}

/// A sqlx query for PostgreSQL with `args` bound in order.
fn pg_query<'q, T>(
    sql: &'q str,
    args: &[Arg<'q>],
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, T, sqlx::postgres::PgArguments>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for a in args {
        q = match *a {
            Arg::Int(v) => q.bind(v),
            Arg::Text(s) => q.bind(s),
            Arg::Bool(b) => q.bind(b),
        };
    }
    q
}

impl Db {
    /// Every row of a read, on SQLite on this thread, on PostgreSQL through the pool.
    pub(crate) async fn select_all<T>(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<T>>
    where
        T: FromSqlite + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    {
        self.count_query();
        Ok(match &self.backend {
            Backend::Sqlite { direct, .. } => direct.rows(sql, args, usize::MAX)?,
            Backend::Postgres(pool) => pg_query(sql, args).fetch_all(pool).await?,
        })
    }

    /// The one row a read always gives (a `COUNT(*)`, say).
    pub(crate) async fn select_one<T>(&self, sql: &str, args: &[Arg<'_>]) -> Result<T>
    where
        T: FromSqlite + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    {
        self.select_optional(sql, args)
            .await?
            .ok_or(crate::Error::Sqlx(sqlx::Error::RowNotFound))
    }

    /// The first row of a read, if any.
    pub(crate) async fn select_optional<T>(&self, sql: &str, args: &[Arg<'_>]) -> Result<Option<T>>
    where
        T: FromSqlite + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    {
        self.count_query();
        Ok(match &self.backend {
            Backend::Sqlite { direct, .. } => direct.rows(sql, args, 1)?.pop(),
            Backend::Postgres(pool) => pg_query(sql, args).fetch_optional(pool).await?,
        })
    }
}
