-- Revista schema, version 1 (SQLite). Keep in step with ../postgres/0001_initial.sql.
-- Times are UNIX seconds (UTC) in INTEGER columns; JSON is stored as TEXT.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('contributor','author','editor','admin')),
    totp_secret   TEXT,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE media (
    id             INTEGER PRIMARY KEY,
    key            TEXT UNIQUE,
    mime           TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    byte_size      INTEGER NOT NULL DEFAULT 0,
    alt_sq         TEXT NOT NULL DEFAULT '',
    alt_en         TEXT NOT NULL DEFAULT '',
    caption_sq     TEXT NOT NULL DEFAULT '',
    caption_en     TEXT NOT NULL DEFAULT '',
    credit         TEXT NOT NULL DEFAULT '',
    licence        TEXT NOT NULL DEFAULT '',
    focal_x        REAL NOT NULL DEFAULT 0.5,
    focal_y        REAL NOT NULL DEFAULT 0.5,
    dominant_color TEXT NOT NULL DEFAULT '#888888',
    renditions     TEXT NOT NULL DEFAULT '[]',
    created_at     INTEGER NOT NULL
);

CREATE TABLE authors (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    email          TEXT,
    bio_sq         TEXT NOT NULL DEFAULT '',
    bio_en         TEXT NOT NULL DEFAULT '',
    photo_media_id INTEGER REFERENCES media(id),
    links          TEXT NOT NULL DEFAULT '[]',
    user_id        INTEGER REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE sections (
    id             INTEGER PRIMARY KEY,
    parent_id      INTEGER REFERENCES sections(id),
    position       INTEGER NOT NULL DEFAULT 0,
    key            TEXT NOT NULL UNIQUE,
    slug_sq        TEXT NOT NULL UNIQUE,
    slug_en        TEXT NOT NULL UNIQUE,
    name_sq        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_sq TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    in_menu        BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE regions (
    id       INTEGER PRIMARY KEY,
    position INTEGER NOT NULL DEFAULT 0,
    key      TEXT NOT NULL UNIQUE,
    slug_sq  TEXT NOT NULL UNIQUE,
    slug_en  TEXT NOT NULL UNIQUE,
    name_sq  TEXT NOT NULL,
    name_en  TEXT NOT NULL
);

CREATE TABLE tags (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    slug_sq TEXT NOT NULL UNIQUE,
    slug_en TEXT NOT NULL UNIQUE,
    name_sq TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE articles (
    id                 INTEGER PRIMARY KEY,
    lang               TEXT NOT NULL CHECK (lang IN ('sq','en')),
    translation_group  INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('draft','in_review','scheduled','published','unpublished')),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    scheduled_at       INTEGER,
    published_at       INTEGER,
    title              TEXT NOT NULL,
    slug               TEXT NOT NULL,
    standfirst         TEXT NOT NULL DEFAULT '',
    author_note        TEXT NOT NULL DEFAULT '',
    seo_title          TEXT NOT NULL DEFAULT '',
    seo_description    TEXT NOT NULL DEFAULT '',
    featured_media_id  INTEGER REFERENCES media(id),
    social_media_id    INTEGER REFERENCES media(id),
    reading_minutes    INTEGER NOT NULL DEFAULT 1,
    primary_section_id INTEGER REFERENCES sections(id),
    is_top             BOOLEAN NOT NULL DEFAULT FALSE,
    source_updated_at  INTEGER,
    -- The large columns come last: SQLite reads a row's columns in order, and text that
    -- spills to overflow pages must not stand between a listing and the columns it needs.
    body               TEXT NOT NULL,
    body_text          TEXT NOT NULL DEFAULT '',
    UNIQUE (lang, slug)
);
CREATE INDEX articles_listing ON articles(lang, status, published_at DESC, id DESC);
CREATE INDEX articles_group ON articles(translation_group);
CREATE INDEX articles_top ON articles(lang, is_top, status, published_at DESC, id DESC);

CREATE TABLE article_sections (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES sections(id),
    position   INTEGER NOT NULL DEFAULT 0,
    lang       TEXT NOT NULL,
    published_at INTEGER,
    PRIMARY KEY (article_id, section_id)
);
CREATE INDEX article_sections_listing ON article_sections(section_id, lang, published_at DESC, article_id DESC);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id),
    lang       TEXT NOT NULL,
    published_at INTEGER,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_listing ON article_tags(tag_id, lang, published_at DESC, article_id DESC);

CREATE TABLE article_regions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    region_id  INTEGER NOT NULL REFERENCES regions(id),
    lang       TEXT NOT NULL,
    published_at INTEGER,
    PRIMARY KEY (article_id, region_id)
);
CREATE INDEX article_regions_listing ON article_regions(region_id, lang, published_at DESC, article_id DESC);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors(id),
    position   INTEGER NOT NULL DEFAULT 0,
    lang       TEXT NOT NULL,
    published_at INTEGER,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_listing ON article_authors(author_id, lang, published_at DESC, article_id DESC);

CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    snapshot   TEXT NOT NULL
);
CREATE INDEX revisions_article ON revisions(article_id, id DESC);

CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX corrections_article ON corrections(article_id);

CREATE TABLE slug_redirects (
    lang       TEXT NOT NULL,
    old_slug   TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (lang, old_slug)
);

CREATE TABLE pages (
    id                INTEGER PRIMARY KEY,
    lang              TEXT NOT NULL CHECK (lang IN ('sq','en')),
    translation_group INTEGER NOT NULL,
    key               TEXT NOT NULL,
    slug              TEXT NOT NULL,
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    published         BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at        INTEGER NOT NULL,
    UNIQUE (lang, slug),
    UNIQUE (lang, key)
);

CREATE TABLE menus (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL,
    lang TEXT NOT NULL,
    UNIQUE (key, lang)
);

CREATE TABLE menu_items (
    id       INTEGER PRIMARY KEY,
    menu_id  INTEGER NOT NULL REFERENCES menus(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    label    TEXT NOT NULL,
    url      TEXT NOT NULL
);
CREATE INDEX menu_items_menu ON menu_items(menu_id, position);

CREATE TABLE editions (
    id             INTEGER PRIMARY KEY,
    volume         INTEGER NOT NULL,
    number         INTEGER NOT NULL,
    title_sq       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    published_on   INTEGER NOT NULL,
    special        BOOLEAN NOT NULL DEFAULT FALSE,
    pdf_media_id   INTEGER REFERENCES media(id),
    cover_media_id INTEGER REFERENCES media(id),
    UNIQUE (volume, number)
);

CREATE TABLE newsletter_subscribers (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    lang            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending','confirmed','unsubscribed')),
    token_hash      TEXT NOT NULL,
    consent_text    TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    confirmed_at    INTEGER,
    unsubscribed_at INTEGER
);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',
    unique_key   TEXT UNIQUE,
    run_at       INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    locked_by    TEXT,
    done_at      INTEGER,
    last_error   TEXT
);
CREATE INDEX jobs_due ON jobs(done_at, run_at);

CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL,
    at        INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL DEFAULT '',
    ip        TEXT NOT NULL DEFAULT '',
    at        INTEGER NOT NULL
);
