-- Revista schema, version 7 (SQLite). Keep in step with ../postgres/0007_media.sql.
-- The media library: who uploaded an item (contributors and authors may edit and delete
-- their own uploads; editors and admins any).
ALTER TABLE media ADD COLUMN uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX media_uploaded_by ON media(uploaded_by);
-- Deleting a media row makes the database look for rows that still reference it; without
-- these that is a scan of every article.
CREATE INDEX articles_featured_media ON articles(featured_media_id);
CREATE INDEX articles_social_media ON articles(social_media_id);
CREATE INDEX authors_photo_media ON authors(photo_media_id);
