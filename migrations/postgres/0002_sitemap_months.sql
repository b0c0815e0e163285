-- Revista schema, version 2 (PostgreSQL). Keep in step with ../sqlite/0002_sitemap_months.sql.
-- The month of publication (YYYYMM, UTC) of each article, computed by the database, so the
-- sitemap index lists the months that hold articles with one GROUP BY over an index instead
-- of reading every article. EXTRACT on a timestamp without time zone is immutable, which a
-- generated column requires (to_char is not).
ALTER TABLE articles ADD COLUMN published_month BIGINT
    GENERATED ALWAYS AS (CAST(
        EXTRACT(YEAR FROM to_timestamp(published_at) AT TIME ZONE 'UTC') * 100
        + EXTRACT(MONTH FROM to_timestamp(published_at) AT TIME ZONE 'UTC') AS BIGINT)) STORED;
CREATE INDEX articles_months ON articles(status, lang, published_month, published_at, updated_at);
