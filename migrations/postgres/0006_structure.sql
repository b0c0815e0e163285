-- Revista schema, version 6 (PostgreSQL). Keep in step with ../sqlite/0006_structure.sql.
-- Old slugs of sections, tags, regions, authors and static pages, so a renamed one's old
-- address answers with a permanent redirect. `kind` is 'section', 'tag', 'region', 'author'
-- or 'page'; author slugs serve both languages and get a row per language. No foreign key
-- (the target table depends on `kind`): deleting one deletes its rows in the same transaction.
CREATE TABLE term_slug_redirects (
    kind     TEXT NOT NULL CHECK (kind IN ('section','tag','region','author','page')),
    lang     TEXT NOT NULL CHECK (lang IN ('sq','en')),
    old_slug TEXT NOT NULL,
    term_id  BIGINT NOT NULL,
    PRIMARY KEY (kind, lang, old_slug)
);
CREATE INDEX term_slug_redirects_term ON term_slug_redirects(kind, term_id);
