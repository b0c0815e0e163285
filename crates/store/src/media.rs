//! The media library's records (the files live in the media store).

use domain::{Document, Locale, Localized, Media, Rendition};
use serde::Serialize;

use crate::{Db, Error, Result, changes, placeholders, read, write};

#[derive(sqlx::FromRow)]
struct MediaRow {
    id: i64,
    key: Option<String>,
    mime: String,
    width: i64,
    height: i64,
    alt_sq: String,
    alt_en: String,
    caption_sq: String,
    caption_en: String,
    credit: String,
    licence: String,
    focal_x: f64,
    focal_y: f64,
    dominant_color: String,
    placeholder: String,
    renditions: String,
    created_at: i64,
}

crate::direct::sqlite_row!(MediaRow {
    id,
    key,
    mime,
    width,
    height,
    alt_sq,
    alt_en,
    caption_sq,
    caption_en,
    credit,
    licence,
    focal_x,
    focal_y,
    dominant_color,
    placeholder,
    renditions,
    created_at,
});

impl TryFrom<MediaRow> for Media {
    type Error = Error;
    fn try_from(r: MediaRow) -> Result<Media> {
        let renditions: Vec<Rendition> = serde_json::from_str(&r.renditions)
            .map_err(|e| Error::Corrupt(format!("media {} renditions: {e}", r.id)))?;
        Ok(Media {
            id: r.id,
            key: r.key,
            mime: r.mime,
            width: u32::try_from(r.width).unwrap_or(0),
            height: u32::try_from(r.height).unwrap_or(0),
            alt: Localized::new(r.alt_sq, r.alt_en),
            caption: Localized::new(r.caption_sq, r.caption_en),
            credit: r.credit,
            licence: r.licence,
            focal_x: r.focal_x,
            focal_y: r.focal_y,
            dominant_color: r.dominant_color,
            placeholder: r.placeholder,
            renditions,
            created_at: r.created_at,
        })
    }
}

/// A new media item.
#[derive(Debug, Clone)]
pub struct NewMedia {
    pub key: Option<String>,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub byte_size: u64,
    pub alt: Localized,
    pub caption: Localized,
    pub credit: String,
    pub licence: String,
    pub focal_x: f64,
    pub focal_y: f64,
    pub dominant_color: String,
    pub placeholder: String,
    pub renditions: Vec<Rendition>,
}

const MEDIA_SELECT: &str = "SELECT id, key, mime, width, height, alt_sq, alt_en, caption_sq, caption_en, credit, licence, focal_x, focal_y, dominant_color, placeholder, renditions, created_at FROM media";

impl Db {
    /// Records a media item and returns its id.
    pub async fn insert_media(&self, m: &NewMedia, now: i64) -> Result<i64> {
        self.insert_media_by(m, None, now).await
    }

    /// Records a media item uploaded by a staff member and returns its id.
    pub async fn insert_uploaded_media(
        &self,
        m: &NewMedia,
        uploaded_by: i64,
        now: i64,
    ) -> Result<i64> {
        self.insert_media_by(m, Some(uploaded_by), now).await
    }

    async fn insert_media_by(
        &self,
        m: &NewMedia,
        uploaded_by: Option<i64>,
        now: i64,
    ) -> Result<i64> {
        let renditions = serde_json::to_string(&m.renditions).expect("renditions serialise");
        let (id,): (i64,) = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: (i64,) = sqlx::query_as(
                "INSERT INTO media (key, mime, width, height, byte_size, alt_sq, alt_en, caption_sq, caption_en, credit, licence, focal_x, focal_y, dominant_color, placeholder, renditions, created_at, uploaded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
            )
            .bind(&m.key).bind(&m.mime).bind(i64::from(m.width)).bind(i64::from(m.height))
            .bind(i64::try_from(m.byte_size).unwrap_or(i64::MAX))
            .bind(&m.alt.sq).bind(&m.alt.en).bind(&m.caption.sq).bind(&m.caption.en)
            .bind(&m.credit).bind(&m.licence).bind(m.focal_x).bind(m.focal_y)
            .bind(&m.dominant_color).bind(&m.placeholder).bind(&renditions).bind(now).bind(uploaded_by)
            .fetch_one(&mut *tx).await?;
            changes::log_change!(tx, "media", row.0, "upsert", now);
            tx.commit().await?;
            row
        });
        Ok(id)
    }

    /// Media items with these ids, in one query.
    pub async fn list_media_by_ids(&self, ids: &[i64]) -> Result<Vec<Media>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "{MEDIA_SELECT} WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let rows: Vec<MediaRow> = self.select_all(&sql, &crate::direct::int_args(ids)).await?;
        rows.into_iter().map(Media::try_from).collect()
    }

    /// Every media item with a key (demo and imported assets), keyed lookups for loaders.
    pub async fn list_keyed_media(&self) -> Result<Vec<Media>> {
        let rows: Vec<MediaRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, key, mime, width, height, alt_sq, alt_en, caption_sq, caption_en, credit, licence, focal_x, focal_y, dominant_color, placeholder, renditions, created_at FROM media WHERE key IS NOT NULL ORDER BY id"
        ).fetch_all(pool).await?);
        rows.into_iter().map(Media::try_from).collect()
    }

    /// One page of the library, newest first, and how many items match. `search` (if not
    /// blank) matches alt texts, captions and credit, case-insensitively, or an item's id.
    pub async fn list_library(
        &self,
        search: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<LibraryItem>, i64)> {
        let search = search.trim();
        let pattern = format!("%{}%", like_escape(&search.to_lowercase()));
        let id: i64 = search.trim_start_matches('#').parse().unwrap_or(-1);
        let filter = if search.is_empty() {
            "($1 = $1 AND $2 = $2)"
        } else {
            // `ESCAPE` is explicit because SQLite has no default escape character.
            "(m.id = $2 OR LOWER(m.alt_sq) LIKE $1 ESCAPE '\\' OR LOWER(m.alt_en) LIKE $1 ESCAPE '\\' \
             OR LOWER(m.caption_sq) LIKE $1 ESCAPE '\\' OR LOWER(m.caption_en) LIKE $1 ESCAPE '\\' \
             OR LOWER(m.credit) LIKE $1 ESCAPE '\\')"
        };
        let list_sql =
            format!("{LIBRARY_SELECT} WHERE {filter} ORDER BY m.id DESC LIMIT $3 OFFSET $4");
        let count_sql = format!("SELECT COUNT(*) FROM media m WHERE {filter}");
        let rows: Vec<LibraryRow> = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(list_sql.as_str()))
            .bind(&pattern).bind(id).bind(limit).bind(offset)
            .fetch_all(pool).await?);
        let (total,): (i64,) = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(count_sql.as_str()))
            .bind(&pattern).bind(id)
            .fetch_one(pool).await?);
        let items = rows
            .into_iter()
            .map(LibraryItem::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }

    /// One item of the library with who uploaded it.
    pub async fn find_library_item(&self, id: i64) -> Result<Option<LibraryItem>> {
        let sql = format!("{LIBRARY_SELECT} WHERE m.id = $1");
        let row: Option<LibraryRow> = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id).fetch_optional(pool).await?);
        row.map(LibraryItem::try_from).transpose()
    }

    /// Changes an item's texts and focal point; false when there is no such item. Pages that
    /// show it are dropped from caches through the change log.
    pub async fn update_media_meta(&self, id: i64, m: &MediaMeta, now: i64) -> Result<bool> {
        let n = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE media SET alt_sq = $1, alt_en = $2, caption_sq = $3, caption_en = $4, \
                 credit = $5, licence = $6, focal_x = $7, focal_y = $8 WHERE id = $9",
            )
            .bind(&m.alt.sq).bind(&m.alt.en).bind(&m.caption.sq).bind(&m.caption.en)
            .bind(&m.credit).bind(&m.licence).bind(m.focal_x).bind(m.focal_y).bind(id)
            .execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                changes::log_change!(tx, "media", id, "upsert", now);
            }
            tx.commit().await?;
            n
        });
        Ok(n > 0)
    }

    /// Everything that shows or links an item: articles (featured, social, figures), pages
    /// (figures), author photos and editions. Figures are found by a text search of the
    /// stored bodies (which `Document::to_json` writes without spaces) confirmed by parsing
    /// them, so an id that merely contains this one does not count.
    pub async fn media_usage(&self, id: i64) -> Result<Vec<MediaUse>> {
        let mut out = Vec::new();
        let direct: Vec<ArticleRefs> = read!(self, pool => sqlx::query_as(
            "SELECT id, lang, title, featured_media_id, social_media_id FROM articles \
             WHERE featured_media_id = $1 OR social_media_id = $1 ORDER BY id"
        ).bind(id).fetch_all(pool).await?);
        for (article, lang, title, featured, social) in direct {
            if featured == Some(id) {
                out.push(MediaUse::article("featured", article, &lang, title.clone()));
            }
            if social == Some(id) {
                out.push(MediaUse::article("social", article, &lang, title));
            }
        }
        let pattern = format!("%\"media_id\":{id}%");
        let bodies: Vec<(i64, String, String, String)> = read!(self, pool => sqlx::query_as(
            "SELECT id, lang, title, body FROM articles WHERE body LIKE $1 ORDER BY id"
        ).bind(&pattern).fetch_all(pool).await?);
        for (article, lang, title, body) in bodies {
            if body_shows(&body, id) {
                out.push(MediaUse::article("figure", article, &lang, title));
            }
        }
        let pages: Vec<(i64, String, String, String)> = read!(self, pool => sqlx::query_as(
            "SELECT id, lang, title, body FROM pages WHERE body LIKE $1 ORDER BY id"
        ).bind(&pattern).fetch_all(pool).await?);
        for (page, lang, title, body) in pages {
            if body_shows(&body, id) {
                out.push(MediaUse {
                    kind: "page_figure",
                    id: page,
                    lang: Locale::parse(&lang),
                    label: title,
                });
            }
        }
        let authors: Vec<(i64, String)> = read!(self, pool => sqlx::query_as(
            "SELECT id, name FROM authors WHERE photo_media_id = $1 ORDER BY id"
        ).bind(id).fetch_all(pool).await?);
        out.extend(authors.into_iter().map(|(author, name)| MediaUse {
            kind: "author_photo",
            id: author,
            lang: None,
            label: name,
        }));
        let editions: Vec<EditionRefs> = read!(self, pool => sqlx::query_as(
            "SELECT id, volume, number, cover_media_id, pdf_media_id FROM editions \
             WHERE cover_media_id = $1 OR pdf_media_id = $1 ORDER BY id"
        ).bind(id).fetch_all(pool).await?);
        for (edition, volume, number, cover, pdf) in editions {
            for (kind, used) in [("edition_cover", cover), ("edition_pdf", pdf)] {
                if used == Some(id) {
                    out.push(MediaUse {
                        kind,
                        id: edition,
                        lang: None,
                        label: format!("{volume}/{number}"),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Deletes an item's record and returns it (the caller removes its files); `None` when
    /// there is no such item. References by key (featured image, author photo …) make the
    /// database refuse (`is_foreign_key_violation`); callers check `media_usage` first, which
    /// also covers figures.
    pub async fn delete_media(&self, id: i64, now: i64) -> Result<Option<Media>> {
        let Some(item) = self.list_media_by_ids(&[id]).await?.into_iter().next() else {
            return Ok(None);
        };
        let n = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("DELETE FROM media WHERE id = $1")
                .bind(id).execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                changes::log_change!(tx, "media", id, "delete", now);
            }
            tx.commit().await?;
            n
        });
        Ok((n > 0).then_some(item))
    }

    /// The images an article shows (featured image and figures) that have no alt text in
    /// `lang`, in the order they appear; empty for an unknown article.
    pub async fn media_missing_alt(&self, article_id: i64, lang: Locale) -> Result<Vec<i64>> {
        let row: Option<(Option<i64>, String)> = read!(self, pool => sqlx::query_as(
            "SELECT featured_media_id, body FROM articles WHERE id = $1"
        ).bind(article_id).fetch_optional(pool).await?);
        let Some((featured, body)) = row else {
            return Ok(Vec::new());
        };
        let body = Document::from_json(&body)
            .map_err(|e| Error::Corrupt(format!("article {article_id} body: {e}")))?;
        let ids = domain::media::article_media_ids(featured, &body);
        let media = self.list_media_by_ids(&ids).await?;
        Ok(domain::media::lacking_alt(&ids, &media, lang))
    }
}

/// An article's id, language, title, featured and social image.
type ArticleRefs = (i64, String, String, Option<i64>, Option<i64>);
/// An edition's id, volume, number, cover and PDF.
type EditionRefs = (i64, i64, i64, Option<i64>, Option<i64>);

/// Whether a stored body that mentions `"media_id":{id}` really has a figure of it; a body
/// that does not parse counts as using it (deleting is refused rather than guessed).
fn body_shows(body: &str, id: i64) -> bool {
    match Document::from_json(body) {
        Ok(d) => d.media_ids().contains(&id),
        Err(_) => true,
    }
}

/// `%`, `_` and `\` taken literally in a `LIKE … ESCAPE '\'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether an error is a foreign-key violation (a row still referenced) on either backend.
pub fn is_foreign_key_violation(e: &Error) -> bool {
    match e {
        Error::Sqlx(sqlx::Error::Database(d)) => d.is_foreign_key_violation(),
        _ => false,
    }
}

/// The texts and focal point of an item, as the library edits them.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaMeta {
    pub alt: Localized,
    pub caption: Localized,
    pub credit: String,
    pub licence: String,
    /// 0.0 (left) to 1.0 (right).
    pub focal_x: f64,
    /// 0.0 (top) to 1.0 (bottom).
    pub focal_y: f64,
}

/// An item as the library shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LibraryItem {
    pub media: Media,
    /// Bytes of the stored files.
    pub byte_size: i64,
    pub uploaded_by: Option<i64>,
    /// The uploader's name, while the account exists.
    pub uploader: Option<String>,
}

/// One place an item is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediaUse {
    /// `featured`, `social`, `figure` (articles), `page_figure`, `author_photo`,
    /// `edition_cover` or `edition_pdf`.
    pub kind: &'static str,
    /// The id of the article, page, author or edition.
    pub id: i64,
    /// The language of an article or page.
    pub lang: Option<Locale>,
    /// Its title, name, or volume/number.
    pub label: String,
}

impl MediaUse {
    fn article(kind: &'static str, id: i64, lang: &str, title: String) -> MediaUse {
        MediaUse {
            kind,
            id,
            lang: Locale::parse(lang),
            label: title,
        }
    }
}

const LIBRARY_SELECT: &str = "SELECT m.id, m.key, m.mime, m.width, m.height, m.alt_sq, m.alt_en, m.caption_sq, m.caption_en, m.credit, m.licence, m.focal_x, m.focal_y, m.dominant_color, m.placeholder, m.renditions, m.created_at, m.byte_size, m.uploaded_by, u.name AS uploader FROM media m LEFT JOIN users u ON u.id = m.uploaded_by";

#[derive(sqlx::FromRow)]
struct LibraryRow {
    #[sqlx(flatten)]
    media: MediaRow,
    byte_size: i64,
    uploaded_by: Option<i64>,
    uploader: Option<String>,
}

impl TryFrom<LibraryRow> for LibraryItem {
    type Error = Error;
    fn try_from(r: LibraryRow) -> Result<LibraryItem> {
        Ok(LibraryItem {
            media: Media::try_from(r.media)?,
            byte_size: r.byte_size,
            uploaded_by: r.uploaded_by,
            uploader: r.uploader,
        })
    }
}
