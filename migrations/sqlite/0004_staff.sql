-- Revista schema, version 4 (SQLite). Keep in step with ../postgres/0004_staff.sql.
-- The newsroom's staff: each user's interface language and when the password last changed
-- (sessions older than that are void), login throttling counters that every node shares,
-- and invitations to join the staff (only a hash of the invitation token is stored).
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'sq';
-- Who started an article: its first owner in the newsroom (authors linked to users own it too).
ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE auth_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);

CREATE TABLE staff_invites (
    token_hash  TEXT PRIMARY KEY,
    email       TEXT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('contributor','author','editor','admin')),
    invited_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER
);
CREATE INDEX staff_invites_email ON staff_invites(email);
CREATE INDEX audit_log_user ON audit_log(user_id, id);
