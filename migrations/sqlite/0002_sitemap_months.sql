-- Revista schema, version 2 (SQLite). Keep in step with ../postgres/0002_sitemap_months.sql.
-- The month of publication (YYYYMM, UTC) of each article, computed by the database, so the
-- sitemap index lists the months that hold articles with one GROUP BY over an index instead
-- of reading every article. A virtual column: SQLite computes it on read and in the index.
ALTER TABLE articles ADD COLUMN published_month INTEGER
    GENERATED ALWAYS AS (CAST(strftime('%Y%m', published_at, 'unixepoch') AS INTEGER)) VIRTUAL;
CREATE INDEX articles_months ON articles(status, lang, published_month, published_at, updated_at);
