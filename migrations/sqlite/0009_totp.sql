-- Revista schema, version 9 (SQLite). Keep in step with ../postgres/0009_totp.sql.
-- Two-factor sign-in (TOTP, RFC 6238). Besides `users.totp_secret` (version 1): the secret
-- being set up, the last time step accepted (a code is never accepted twice), one-time
-- recovery codes (only their SHA-256 is kept), and the sign-ins waiting for their code.
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);
CREATE TABLE mfa_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    next_path  TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    failures   INTEGER NOT NULL DEFAULT 0
);
