//! The change log: one row per write that readers can see. Page caches on every node tail it
//! to invalidate precisely; search will tail it to reindex.

use serde::Serialize;

use crate::{Db, Result, read};

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Change {
    pub id: i64,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub at: i64,
}

/// Appends a change inside the caller's transaction (a macro so one text serves both backends).
macro_rules! log_change {
    ($tx:expr, $entity:expr, $id:expr, $action:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO change_log (entity, entity_id, action, at) VALUES ($1, $2, $3, $4)",
        )
        .bind($entity)
        .bind($id)
        .bind($action)
        .bind($now)
        .execute(&mut *$tx)
        .await?
    };
}
pub(crate) use log_change;

impl Db {
    /// The id of the newest change, 0 when there is none.
    pub async fn last_change_id(&self) -> Result<i64> {
        let (id,): (Option<i64>,) = read!(self, pool => sqlx::query_as(
            "SELECT MAX(id) FROM change_log"
        ).fetch_one(pool).await?);
        Ok(id.unwrap_or(0))
    }

    /// Changes after `after`, oldest first, at most `limit`.
    pub async fn list_changes_since(&self, after: i64, limit: i64) -> Result<Vec<Change>> {
        Ok(read!(self, pool => sqlx::query_as(
            "SELECT id, entity, entity_id, action, at FROM change_log WHERE id > $1 ORDER BY id LIMIT $2"
        ).bind(after).bind(limit).fetch_all(pool).await?))
    }
}
