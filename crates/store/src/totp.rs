//! Two-factor sign-in records: a user's TOTP secret (pending while being set up), the last
//! accepted time step, recovery codes (hashes only) and sign-ins waiting for their code.

use crate::{Db, Result, read, write};

/// A user's two-factor state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TotpState {
    /// Base32 secret when two-factor sign-in is on.
    pub secret: Option<String>,
    /// Base32 secret being set up (not yet confirmed with a code).
    pub pending: Option<String>,
    /// Unused recovery codes.
    pub recovery_left: i64,
}

/// A sign-in whose password was right, waiting for the second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub user_id: i64,
    pub next_path: String,
    pub failures: i64,
}

impl Db {
    /// A user's two-factor state.
    pub async fn totp_state(&self, user_id: i64) -> Result<TotpState> {
        let row: Option<(Option<String>, Option<String>, i64)> = read!(self, pool => sqlx::query_as(
            "SELECT u.totp_secret, u.totp_pending, \
             (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL) \
             FROM users u WHERE u.id = $1"
        ).bind(user_id).fetch_optional(pool).await?);
        Ok(row
            .map(|(secret, pending, recovery_left)| TotpState {
                secret,
                pending,
                recovery_left,
            })
            .unwrap_or_default())
    }

    /// Keeps (or clears) the secret being set up.
    pub async fn set_totp_pending(&self, user_id: i64, pending: Option<&str>) -> Result<()> {
        write!(self, pool => sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
            .bind(pending).bind(user_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Turns two-factor sign-in on with `secret` and replaces the recovery codes, in one
    /// transaction. `step` is the time step of the code that confirmed it (used up).
    pub async fn enable_totp(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        code_hashes: &[String],
    ) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET totp_secret = $1, totp_pending = NULL, totp_last_step = $2 WHERE id = $3")
                .bind(secret).bind(step).bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            for h in code_hashes {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                    .bind(user_id).bind(h).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Turns two-factor sign-in off and drops the recovery codes.
    pub async fn disable_totp(&self, user_id: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = 0 WHERE id = $1")
                .bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Accepts time step `step` for the user if it is later than the last one accepted, so a
    /// code is never accepted twice (also across nodes).
    pub async fn advance_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let n = write!(self, pool => sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1"
        ).bind(step).bind(user_id).execute(pool).await?.rows_affected());
        Ok(n == 1)
    }

    /// Uses up a recovery code (by its hash); false when it is not an unused code of the user.
    pub async fn use_recovery_code(&self, user_id: i64, code_hash: &str, now: i64) -> Result<bool> {
        let n = write!(self, pool => sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL"
        ).bind(now).bind(user_id).bind(code_hash).execute(pool).await?.rows_affected());
        Ok(n >= 1)
    }

    /// Records a sign-in waiting for its second factor.
    pub async fn insert_mfa_challenge(
        &self,
        token_hash: &str,
        user_id: i64,
        next_path: &str,
        expires_at: i64,
    ) -> Result<()> {
        write!(self, pool => sqlx::query(
            "INSERT INTO mfa_challenges (token_hash, user_id, next_path, expires_at) VALUES ($1, $2, $3, $4)"
        ).bind(token_hash).bind(user_id).bind(next_path).bind(expires_at).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The unexpired sign-in waiting under this token hash.
    pub async fn find_mfa_challenge(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Challenge>> {
        let row: Option<(i64, String, i64)> = read!(self, pool => sqlx::query_as(
            "SELECT user_id, next_path, failures FROM mfa_challenges WHERE token_hash = $1 AND expires_at > $2"
        ).bind(token_hash).bind(now).fetch_optional(pool).await?);
        Ok(row.map(|(user_id, next_path, failures)| Challenge {
            user_id,
            next_path,
            failures,
        }))
    }

    /// Counts a wrong code against a waiting sign-in.
    pub async fn fail_mfa_challenge(&self, token_hash: &str) -> Result<()> {
        write!(self, pool => sqlx::query("UPDATE mfa_challenges SET failures = failures + 1 WHERE token_hash = $1")
            .bind(token_hash).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Ends a waiting sign-in (done, given up, or expired ones of the user).
    pub async fn delete_mfa_challenge(&self, token_hash: &str) -> Result<()> {
        write!(self, pool => sqlx::query("DELETE FROM mfa_challenges WHERE token_hash = $1")
            .bind(token_hash).execute(pool).await?.rows_affected());
        Ok(())
    }
}
