-- Revista schema, version 8 (SQLite). Keep in step with ../postgres/0008_editing.sql.
-- Who is editing an article (a lease the edit page renews; another editor may take it over)
-- and each user's autosaved, not yet saved form of an article.
CREATE TABLE article_locks (
    article_id  INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    acquired_at INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE TABLE article_autosaves (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    saved_at   INTEGER NOT NULL,
    form       TEXT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
