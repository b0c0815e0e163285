-- Revista schema, version 3 (SQLite). Keep in step with ../postgres/0003_article_views.sql.
-- Views per article and UTC day (the UNIX day number, seconds / 86400), for "most read".
-- Nothing about readers is stored: no address, no user agent, no cookie, only counts.
-- The article's language is copied in (it never changes) so that a language's ranking
-- reads only its own rows: the ranking index holds every column the ranking needs, so
-- summing a range of days never touches the table.
CREATE TABLE article_views (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    day        INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (article_id, day)
) WITHOUT ROWID;
CREATE INDEX article_views_ranking ON article_views(lang, day, article_id, views);
