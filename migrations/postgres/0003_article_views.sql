-- Revista schema, version 3 (PostgreSQL). Keep in step with ../sqlite/0003_article_views.sql.
-- Views per article and UTC day (the UNIX day number, seconds / 86400), for "most read".
-- Nothing about readers is stored: no address, no user agent, no cookie, only counts.
-- The article's language is copied in (it never changes) so that a language's ranking
-- reads only its own rows: the ranking index holds every column the ranking needs, so
-- summing a range of days is an index-only scan.
CREATE TABLE article_views (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    day        BIGINT NOT NULL,
    lang       TEXT NOT NULL,
    views      BIGINT NOT NULL,
    PRIMARY KEY (article_id, day)
);
CREATE INDEX article_views_ranking ON article_views(lang, day, article_id) INCLUDE (views);
