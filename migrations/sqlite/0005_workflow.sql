-- Revista schema, version 5 (SQLite). Keep in step with ../postgres/0005_workflow.sql.
-- The newsroom's workflow: notes on an article (an editor's comment when sending it back),
-- kept with the article; the job queue and corrections tables are in version 1.
CREATE TABLE article_notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('send_back')),
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX article_notes_article ON article_notes(article_id, id);
