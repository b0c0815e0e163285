//! Sections, regions and tags.

use domain::{Localized, Region, Section, Tag};

use crate::{Db, Result, changes, placeholders, read, write};

#[derive(sqlx::FromRow)]
struct SectionRow {
    id: i64,
    parent_id: Option<i64>,
    position: i64,
    key: String,
    slug_sq: String,
    slug_en: String,
    name_sq: String,
    name_en: String,
    description_sq: String,
    description_en: String,
    in_menu: bool,
}

impl From<SectionRow> for Section {
    fn from(r: SectionRow) -> Section {
        Section {
            id: r.id,
            parent_id: r.parent_id,
            position: i32::try_from(r.position).unwrap_or(0),
            key: r.key,
            slug: Localized::new(r.slug_sq, r.slug_en),
            name: Localized::new(r.name_sq, r.name_en),
            description: Localized::new(r.description_sq, r.description_en),
            in_menu: r.in_menu,
        }
    }
}

/// A new section.
#[derive(Debug, Clone)]
pub struct NewSection {
    pub parent_id: Option<i64>,
    pub position: i32,
    pub key: String,
    pub slug: Localized,
    pub name: Localized,
    pub description: Localized,
    pub in_menu: bool,
}

/// A new region or tag: a key, slugs and names per language.
#[derive(Debug, Clone)]
pub struct NewTerm {
    pub position: i32,
    pub key: String,
    pub slug: Localized,
    pub name: Localized,
}

#[derive(sqlx::FromRow)]
struct TermRow {
    id: i64,
    position: i64,
    key: String,
    slug_sq: String,
    slug_en: String,
    name_sq: String,
    name_en: String,
}

impl From<TermRow> for Region {
    fn from(r: TermRow) -> Region {
        Region {
            id: r.id,
            position: i32::try_from(r.position).unwrap_or(0),
            key: r.key,
            slug: Localized::new(r.slug_sq, r.slug_en),
            name: Localized::new(r.name_sq, r.name_en),
        }
    }
}

impl From<TermRow> for Tag {
    fn from(r: TermRow) -> Tag {
        Tag {
            id: r.id,
            key: r.key,
            slug: Localized::new(r.slug_sq, r.slug_en),
            name: Localized::new(r.name_sq, r.name_en),
        }
    }
}

impl Db {
    /// Every section, parents before children, in menu order.
    pub async fn list_sections(&self) -> Result<Vec<Section>> {
        let rows: Vec<SectionRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, parent_id, position, key, slug_sq, slug_en, name_sq, name_en, description_sq, description_en, in_menu FROM sections ORDER BY position, id"
        ).fetch_all(pool).await?);
        Ok(rows.into_iter().map(Section::from).collect())
    }

    /// Creates a section and returns its id.
    pub async fn insert_section(&self, s: &NewSection, now: i64) -> Result<i64> {
        let (id,): (i64,) = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: (i64,) = sqlx::query_as(
                "INSERT INTO sections (parent_id, position, key, slug_sq, slug_en, name_sq, name_en, description_sq, description_en, in_menu) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(s.parent_id).bind(i64::from(s.position)).bind(&s.key)
            .bind(&s.slug.sq).bind(&s.slug.en).bind(&s.name.sq).bind(&s.name.en)
            .bind(&s.description.sq).bind(&s.description.en).bind(s.in_menu)
            .fetch_one(&mut *tx).await?;
            changes::log_change!(tx, "section", row.0, "upsert", now);
            tx.commit().await?;
            row
        });
        Ok(id)
    }

    /// Every region in display order.
    pub async fn list_regions(&self) -> Result<Vec<Region>> {
        let rows: Vec<TermRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, position, key, slug_sq, slug_en, name_sq, name_en FROM regions ORDER BY position, id"
        ).fetch_all(pool).await?);
        Ok(rows.into_iter().map(Region::from).collect())
    }

    /// Creates a region and returns its id.
    pub async fn insert_region(&self, r: &NewTerm, now: i64) -> Result<i64> {
        let (id,): (i64,) = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: (i64,) = sqlx::query_as(
                "INSERT INTO regions (position, key, slug_sq, slug_en, name_sq, name_en) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(i64::from(r.position)).bind(&r.key).bind(&r.slug.sq).bind(&r.slug.en)
            .bind(&r.name.sq).bind(&r.name.en)
            .fetch_one(&mut *tx).await?;
            changes::log_change!(tx, "region", row.0, "upsert", now);
            tx.commit().await?;
            row
        });
        Ok(id)
    }

    /// Creates a tag and returns its id.
    pub async fn insert_tag(&self, t: &NewTerm, now: i64) -> Result<i64> {
        let (id,): (i64,) = write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: (i64,) = sqlx::query_as(
                "INSERT INTO tags (key, slug_sq, slug_en, name_sq, name_en) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&t.key).bind(&t.slug.sq).bind(&t.slug.en).bind(&t.name.sq).bind(&t.name.en)
            .fetch_one(&mut *tx).await?;
            changes::log_change!(tx, "tag", row.0, "upsert", now);
            tx.commit().await?;
            row
        });
        Ok(id)
    }

    /// Every tag, by English name.
    pub async fn list_tags(&self) -> Result<Vec<Tag>> {
        let rows: Vec<TermRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, CAST(0 AS BIGINT) AS position, key, slug_sq, slug_en, name_sq, name_en FROM tags ORDER BY name_en, id"
        ).fetch_all(pool).await?);
        Ok(rows.into_iter().map(Tag::from).collect())
    }

    /// The tags with these ids (in any order).
    pub async fn list_tags_by_ids(&self, ids: &[i64]) -> Result<Vec<Tag>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, CAST(0 AS BIGINT) AS position, key, slug_sq, slug_en, name_sq, name_en FROM tags WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let rows: Vec<TermRow> = read!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Tag::from).collect())
    }

    /// The tag whose slug in `lang` is `slug`.
    pub async fn find_tag_by_slug(&self, lang: domain::Locale, slug: &str) -> Result<Option<Tag>> {
        let row: Option<TermRow> = match lang {
            domain::Locale::Sq => read!(self, pool => sqlx::query_as(
                "SELECT id, CAST(0 AS BIGINT) AS position, key, slug_sq, slug_en, name_sq, name_en FROM tags WHERE slug_sq = $1"
            ).bind(slug).fetch_optional(pool).await?),
            domain::Locale::En => read!(self, pool => sqlx::query_as(
                "SELECT id, CAST(0 AS BIGINT) AS position, key, slug_sq, slug_en, name_sq, name_en FROM tags WHERE slug_en = $1"
            ).bind(slug).fetch_optional(pool).await?),
        };
        Ok(row.map(Tag::from))
    }
}
