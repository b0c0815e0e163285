//! Staff: users, their sessions, login throttling counters, invitations and the audit log.
//! Only hashes of session and invitation tokens are stored; the tokens themselves live in
//! the user's cookie or link.

use domain::{Email, Locale, Role};

use crate::{Db, Error, Result, parse_locale, read, write};

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub locale: Locale,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    pub password_changed_at: i64,
}

type UserRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    i64,
);

const USER_COLUMNS: &str = "u.id, u.email, u.name, u.role, u.locale, u.password_hash, u.created_at, u.disabled_at, u.password_changed_at";

fn user_of(r: UserRow) -> Result<User> {
    Ok(User {
        id: r.0,
        email: r.1,
        name: r.2,
        role: Role::parse(&r.3).ok_or_else(|| Error::Corrupt(format!("unknown role {:?}", r.3)))?,
        locale: parse_locale(&r.4)?,
        password_hash: r.5,
        created_at: r.6,
        disabled_at: r.7,
        password_changed_at: r.8,
    })
}

/// What creating a user needs.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub locale: Locale,
}

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the cookie's token, hex.
    pub id_hash: String,
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// Absolute expiry.
    pub expires_at: i64,
    pub ip: String,
    pub user_agent: String,
}

type SessionRow = (String, i64, i64, i64, i64, String, String);

fn session_of(r: SessionRow) -> Session {
    Session {
        id_hash: r.0,
        user_id: r.1,
        created_at: r.2,
        last_seen_at: r.3,
        expires_at: r.4,
        ip: r.5,
        user_agent: r.6,
    }
}

/// An invitation to join the staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub token_hash: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub invited_by: Option<i64>,
    pub created_at: i64,
    pub expires_at: i64,
}

type InviteRow = (String, String, String, String, Option<i64>, i64, i64);

fn invite_of(r: InviteRow) -> Result<Invite> {
    Ok(Invite {
        token_hash: r.0,
        email: r.1,
        name: r.2,
        role: Role::parse(&r.3).ok_or_else(|| Error::Corrupt(format!("unknown role {:?}", r.3)))?,
        invited_by: r.4,
        created_at: r.5,
        expires_at: r.6,
    })
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub user_id: Option<i64>,
    /// The user's name, when the user still exists.
    pub user_name: Option<String>,
    pub action: String,
    pub target: String,
    pub ip: String,
    pub at: i64,
}

impl Db {
    /// Creates a staff account; an e-mail address already in use is a `Conflict`.
    pub async fn insert_user(&self, u: &NewUser<'_>, now: i64) -> Result<i64> {
        let res: Result<(i64,)> = write!(self, pool => sqlx::query_as(
            "INSERT INTO users (email, name, password_hash, role, locale, created_at, password_changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id"
        )
        .bind(u.email.as_str())
        .bind(u.name)
        .bind(u.password_hash)
        .bind(u.role.as_str())
        .bind(u.locale.code())
        .bind(now)
        .fetch_one(pool).await.map_err(Error::from));
        match res {
            Ok((id,)) => Ok(id),
            Err(e) if crate::is_unique_violation(&e) => {
                Err(Error::Conflict("e-mail address already in use".into()))
            }
            Err(e) => Err(e),
        }
    }

    pub async fn find_user(&self, id: i64) -> Result<Option<User>> {
        let row: Option<UserRow> = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"
        ))).bind(id).fetch_optional(pool).await?);
        row.map(user_of).transpose()
    }

    pub async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>> {
        let row: Option<UserRow> = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1"
        ))).bind(email.as_str()).fetch_optional(pool).await?);
        row.map(user_of).transpose()
    }

    /// Every staff account, by name.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows: Vec<UserRow> = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u ORDER BY u.name, u.id"
        ))).fetch_all(pool).await?);
        rows.into_iter().map(user_of).collect()
    }

    /// How many enabled admins there are (the last one cannot be demoted or disabled).
    pub async fn count_active_admins(&self) -> Result<i64> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL"
        ).fetch_one(pool).await?);
        Ok(n)
    }

    pub async fn update_user_role(&self, id: i64, role: Role) -> Result<()> {
        let n = write!(self, pool => sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str()).bind(id).execute(pool).await?.rows_affected());
        if n == 0 {
            return Err(Error::NotFound("user"));
        }
        Ok(())
    }

    pub async fn update_user_locale(&self, id: i64, locale: Locale) -> Result<()> {
        write!(self, pool => sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(locale.code()).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Disables (`Some(now)`) or enables (`None`) an account; disabling ends its sessions.
    pub async fn set_user_disabled(&self, id: i64, disabled_at: Option<i64>) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
                .bind(disabled_at).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(Error::NotFound("user"));
            }
            if disabled_at.is_some() {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Sets a new password hash and ends every session of the user except `keep`.
    pub async fn update_password(
        &self,
        id: i64,
        password_hash: &str,
        keep: Option<&str>,
        now: i64,
    ) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
                .bind(password_hash).bind(now).bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(id).bind(keep.unwrap_or("")).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn insert_session(&self, s: &Session) -> Result<()> {
        write!(self, pool => sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(&s.id_hash).bind(s.user_id).bind(s.created_at).bind(s.last_seen_at)
        .bind(s.expires_at).bind(&s.ip).bind(&s.user_agent)
        .execute(pool).await?.rows_affected());
        Ok(())
    }

    /// A session and its user, in one query.
    pub async fn find_session(&self, id_hash: &str) -> Result<Option<(Session, User)>> {
        type Row = (
            String,
            i64,
            i64,
            i64,
            i64,
            String,
            String,
            i64,
            String,
            String,
            String,
            String,
            String,
            i64,
            Option<i64>,
            i64,
        );
        let row: Option<Row> = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent, \
             {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1"
        ))).bind(id_hash).fetch_optional(pool).await?);
        let Some(r) = row else { return Ok(None) };
        let session = session_of((r.0, r.1, r.2, r.3, r.4, r.5, r.6));
        let user = user_of((r.7, r.8, r.9, r.10, r.11, r.12, r.13, r.14, r.15))?;
        Ok(Some((session, user)))
    }

    /// Records activity on a session (callers do it at most once a minute).
    pub async fn touch_session(&self, id_hash: &str, now: i64) -> Result<()> {
        write!(self, pool => sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now).bind(id_hash).execute(pool).await?.rows_affected());
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        write!(self, pool => sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Ends one of a user's sessions; false when the user has no such session.
    pub async fn delete_session_of_user(&self, user_id: i64, id_hash: &str) -> Result<bool> {
        let n = write!(self, pool => sqlx::query("DELETE FROM sessions WHERE id_hash = $1 AND user_id = $2")
            .bind(id_hash).bind(user_id).execute(pool).await?.rows_affected());
        Ok(n > 0)
    }

    /// Ends every session of a user except `keep`; returns how many ended.
    pub async fn delete_sessions_of_user(&self, user_id: i64, keep: Option<&str>) -> Result<u64> {
        Ok(
            write!(self, pool => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id).bind(keep.unwrap_or("")).execute(pool).await?.rows_affected()),
        )
    }

    /// A user's sessions that are still valid at `now` with `idle` seconds of idle timeout,
    /// most recently used first.
    pub async fn list_sessions_of_user(
        &self,
        user_id: i64,
        now: i64,
        idle: i64,
    ) -> Result<Vec<Session>> {
        let rows: Vec<SessionRow> = read!(self, pool => sqlx::query_as(
            "SELECT id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions \
             WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC, created_at DESC"
        ).bind(user_id).bind(now).bind(now - idle).fetch_all(pool).await?);
        Ok(rows.into_iter().map(session_of).collect())
    }

    /// Removes sessions past their absolute or idle expiry.
    pub async fn delete_expired_sessions(&self, now: i64, idle: i64) -> Result<u64> {
        Ok(
            write!(self, pool => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now).bind(now - idle).execute(pool).await?.rows_affected()),
        )
    }

    /// Counts a failed attempt under `key` and returns the failures in the current window
    /// (a window of `window` seconds starts at the first failure after the previous one
    /// ended). One statement, so concurrent nodes cannot lose a count.
    pub async fn add_auth_failure(&self, key: &str, now: i64, window: i64) -> Result<i64> {
        let (n,): (i64,) = write!(self, pool => sqlx::query_as(
            "INSERT INTO auth_throttle (key, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN auth_throttle.window_start <= $3 THEN 1 ELSE auth_throttle.failures + 1 END, \
               window_start = CASE WHEN auth_throttle.window_start <= $3 THEN $2 ELSE auth_throttle.window_start END \
             RETURNING failures"
        ).bind(key).bind(now).bind(now - window).fetch_one(pool).await?);
        Ok(n)
    }

    /// The most failures any of `keys` has in its current window, and when the window of
    /// that key ends.
    pub async fn auth_failures(&self, keys: &[&str], now: i64, window: i64) -> Result<(i64, i64)> {
        if keys.is_empty() {
            return Ok((0, now));
        }
        let sql = format!(
            "SELECT failures, window_start FROM auth_throttle WHERE window_start > $1 AND key IN ({})",
            crate::placeholders(2, keys.len())
        );
        let rows: Vec<(i64, i64)> = read!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(now - window);
            for k in keys {
                q = q.bind(*k);
            }
            q.fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .max_by_key(|r| r.0)
            .map_or((0, now), |(n, start)| (n, start + window)))
    }

    pub async fn clear_auth_failures(&self, key: &str) -> Result<()> {
        write!(self, pool => sqlx::query("DELETE FROM auth_throttle WHERE key = $1")
            .bind(key).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Stores an invitation (by the hash of its token).
    pub async fn insert_invite(&self, i: &Invite) -> Result<()> {
        write!(self, pool => sqlx::query(
            "INSERT INTO staff_invites (token_hash, email, name, role, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(&i.token_hash).bind(&i.email).bind(&i.name).bind(i.role.as_str())
        .bind(i.invited_by).bind(i.created_at).bind(i.expires_at)
        .execute(pool).await?.rows_affected());
        Ok(())
    }

    /// An invitation that can still be accepted at `now`.
    pub async fn find_open_invite(&self, token_hash: &str, now: i64) -> Result<Option<Invite>> {
        let row: Option<InviteRow> = read!(self, pool => sqlx::query_as(
            "SELECT token_hash, email, name, role, invited_by, created_at, expires_at FROM staff_invites \
             WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2"
        ).bind(token_hash).bind(now).fetch_optional(pool).await?);
        row.map(invite_of).transpose()
    }

    /// Invitations not yet accepted nor expired, newest first.
    pub async fn list_open_invites(&self, now: i64) -> Result<Vec<Invite>> {
        let rows: Vec<InviteRow> = read!(self, pool => sqlx::query_as(
            "SELECT token_hash, email, name, role, invited_by, created_at, expires_at FROM staff_invites \
             WHERE accepted_at IS NULL AND expires_at > $1 ORDER BY created_at DESC"
        ).bind(now).fetch_all(pool).await?);
        rows.into_iter().map(invite_of).collect()
    }

    /// Withdraws an open invitation; false when there was none.
    pub async fn delete_invite(&self, token_hash: &str) -> Result<bool> {
        let n = write!(self, pool => sqlx::query("DELETE FROM staff_invites WHERE token_hash = $1 AND accepted_at IS NULL")
            .bind(token_hash).execute(pool).await?.rows_affected());
        Ok(n > 0)
    }

    /// Accepts an invitation: creates the account with the invited e-mail, name and role,
    /// in one transaction, so an invitation makes at most one account. `NotFound` when the
    /// invitation is used, withdrawn or expired; `Conflict` when the address already has an
    /// account.
    pub async fn accept_invite(
        &self,
        token_hash: &str,
        name: &str,
        password_hash: &str,
        locale: Locale,
        now: i64,
    ) -> Result<i64> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: Option<(String, String)> = sqlx::query_as(
                "UPDATE staff_invites SET accepted_at = $1 \
                 WHERE token_hash = $2 AND accepted_at IS NULL AND expires_at > $1 RETURNING email, role"
            ).bind(now).bind(token_hash).fetch_optional(&mut *tx).await?;
            let Some((email, role)) = row else {
                return Err(Error::NotFound("invitation"));
            };
            let res: std::result::Result<(i64,), sqlx::Error> = sqlx::query_as(
                "INSERT INTO users (email, name, password_hash, role, locale, created_at, password_changed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id"
            )
            .bind(&email).bind(name).bind(password_hash).bind(&role).bind(locale.code()).bind(now)
            .fetch_one(&mut *tx).await;
            let (id,) = match res.map_err(Error::from) {
                Ok(r) => r,
                Err(e) if crate::is_unique_violation(&e) => {
                    return Err(Error::Conflict("e-mail address already in use".into()));
                }
                Err(e) => return Err(e),
            };
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Appends to the audit log.
    pub async fn insert_audit(
        &self,
        user_id: Option<i64>,
        action: &str,
        target: &str,
        ip: &str,
        now: i64,
    ) -> Result<()> {
        write!(self, pool => sqlx::query(
            "INSERT INTO audit_log (user_id, action, target, ip, at) VALUES ($1, $2, $3, $4, $5)"
        ).bind(user_id).bind(action).bind(target).bind(ip).bind(now).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The audit log, newest first: `limit` entries older than `before` (an entry id), or
    /// the newest when `before` is `None`.
    pub async fn list_audit(&self, before: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>> {
        type Row = (
            i64,
            Option<i64>,
            Option<String>,
            String,
            String,
            String,
            i64,
        );
        let rows: Vec<Row> = read!(self, pool => sqlx::query_as(
            "SELECT a.id, a.user_id, u.name, a.action, a.target, a.ip, a.at FROM audit_log a \
             LEFT JOIN users u ON u.id = a.user_id WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2"
        ).bind(before.unwrap_or(i64::MAX)).bind(limit).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.0,
                user_id: r.1,
                user_name: r.2,
                action: r.3,
                target: r.4,
                ip: r.5,
                at: r.6,
            })
            .collect())
    }
}
