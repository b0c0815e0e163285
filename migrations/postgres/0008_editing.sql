-- Revista schema, version 8 (PostgreSQL). Keep in step with ../sqlite/0008_editing.sql.
-- Who is editing an article (a lease the edit page renews; another editor may take it over)
-- and each user's autosaved, not yet saved form of an article.
CREATE TABLE article_locks (
    article_id  BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    acquired_at BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE TABLE article_autosaves (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    saved_at   BIGINT NOT NULL,
    form       TEXT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
