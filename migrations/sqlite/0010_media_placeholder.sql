-- Revista schema, version 10 (SQLite). Keep in step with ../postgres/0010_media_placeholder.sql.
-- Blur placeholders: a tiny WebP of each picture as a data: URL, shown while it loads.
ALTER TABLE media ADD COLUMN placeholder TEXT NOT NULL DEFAULT '';
