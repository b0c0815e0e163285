//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane, as OWASP
//! recommends), on the blocking pool so a sign-in never stalls other requests.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::AppError;

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for `password`, with a random salt.
pub fn hash_blocking(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| AppError::Internal("password hashing failed"))
}

/// Whether `password` matches the PHC string `hash`; a malformed hash never matches.
pub fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => {
            burn(password);
            false
        }
    }
}

/// Spends the time of a real check, so a missing account or a broken hash cannot be told
/// from a wrong password by timing.
fn burn(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<PasswordHash>> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        let token = super::new_token().ok()?;
        PasswordHash::new(&hash_blocking(&token).ok()?).ok()
    });
    match dummy {
        Some(d) => {
            let _ = Argon2::default().verify_password(password.as_bytes(), d);
        }
        None => {
            let _ = hash_blocking(password);
        }
    }
}

/// Hashes on the blocking pool.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|_| AppError::Internal("password hashing task failed"))?
}

/// Checks on the blocking pool; `None` checks against a dummy hash (same cost, never
/// matches), so the time taken does not tell whether an account exists.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(h) => verify_blocking(&password, &h),
        None => {
            burn(&password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_blocking("kafe me qumësht").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("kafe me qumësht", &h));
        assert!(!verify_blocking("kafe me qumesht", &h));
        assert!(!verify_blocking("x", "not a hash"));
        assert_ne!(h, hash_blocking("kafe me qumësht").expect("hash"), "salted");
    }
}
