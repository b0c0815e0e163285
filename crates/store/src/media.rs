//! The media library's records (the files live in the media store).

use domain::{Localized, Media, Rendition};

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
    renditions: String,
    created_at: i64,
}

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
    pub renditions: Vec<Rendition>,
}

const MEDIA_SELECT: &str = "SELECT id, key, mime, width, height, alt_sq, alt_en, caption_sq, caption_en, credit, licence, focal_x, focal_y, dominant_color, renditions, created_at FROM media";

impl Db {
    /// Records a media item and returns its id.
    pub async fn insert_media(&self, m: &NewMedia, now: i64) -> Result<i64> {
        let renditions = serde_json::to_string(&m.renditions).expect("renditions serialise");
        let (id,): (i64,) = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: (i64,) = sqlx::query_as(
                "INSERT INTO media (key, mime, width, height, byte_size, alt_sq, alt_en, caption_sq, caption_en, credit, licence, focal_x, focal_y, dominant_color, renditions, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
            )
            .bind(&m.key).bind(&m.mime).bind(i64::from(m.width)).bind(i64::from(m.height))
            .bind(i64::try_from(m.byte_size).unwrap_or(i64::MAX))
            .bind(&m.alt.sq).bind(&m.alt.en).bind(&m.caption.sq).bind(&m.caption.en)
            .bind(&m.credit).bind(&m.licence).bind(m.focal_x).bind(m.focal_y)
            .bind(&m.dominant_color).bind(&renditions).bind(now)
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
        let rows: Vec<MediaRow> = read!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await?
        });
        rows.into_iter().map(Media::try_from).collect()
    }

    /// Every media item with a key (demo and imported assets), keyed lookups for loaders.
    pub async fn list_keyed_media(&self) -> Result<Vec<Media>> {
        let rows: Vec<MediaRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, key, mime, width, height, alt_sq, alt_en, caption_sq, caption_en, credit, licence, focal_x, focal_y, dominant_color, renditions, created_at FROM media WHERE key IS NOT NULL ORDER BY id"
        ).fetch_all(pool).await?);
        rows.into_iter().map(Media::try_from).collect()
    }
}
