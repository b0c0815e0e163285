//! Sections, regions and tags.

use domain::{Localized, Region, Section, Tag};

use crate::{Db, Error, Result, changes, placeholders, read, write};

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

crate::direct::sqlite_row!(TermRow {
    id,
    position,
    key,
    slug_sq,
    slug_en,
    name_sq,
    name_en,
});

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
        let rows: Vec<TermRow> = self.select_all(&sql, &crate::direct::int_args(ids)).await?;
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

/// Moves a term's live slug in one language from `$old` to `$new` inside the caller's
/// transaction: the old slug becomes a redirect to the term, and a redirect that used the
/// new slug goes (the live term wins). A macro so one text serves both backends.
macro_rules! move_slug {
    ($tx:expr, $kind:expr, $lang:expr, $old:expr, $new:expr, $id:expr) => {
        if $old != $new {
            sqlx::query(
                "INSERT INTO term_slug_redirects (kind, lang, old_slug, term_id) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (kind, lang, old_slug) DO UPDATE SET term_id = excluded.term_id",
            )
            .bind($kind).bind($lang).bind($old).bind($id)
            .execute(&mut *$tx).await?;
            sqlx::query("DELETE FROM term_slug_redirects WHERE kind = $1 AND lang = $2 AND old_slug = $3")
                .bind($kind).bind($lang).bind($new)
                .execute(&mut *$tx).await?;
        }
    };
}
pub(crate) use move_slug;

/// Which kind of term an old slug belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Section,
    Tag,
    Region,
    Author,
    /// A static page (its slug is per language, like a term's).
    Page,
}

impl TermKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TermKind::Section => "section",
            TermKind::Tag => "tag",
            TermKind::Region => "region",
            TermKind::Author => "author",
            TermKind::Page => "page",
        }
    }
}

/// Why a term cannot be deleted yet.
pub mod in_use {
    /// `Error::Conflict` code: articles are filed under the section.
    pub const SECTION_HAS_ARTICLES: &str = "section_has_articles";
    /// `Error::Conflict` code: the section has child sections.
    pub const SECTION_HAS_CHILDREN: &str = "section_has_children";
    /// `Error::Conflict` code: articles carry the tag.
    pub const TAG_HAS_ARTICLES: &str = "tag_has_articles";
    /// `Error::Conflict` code: articles are filed under the region.
    pub const REGION_HAS_ARTICLES: &str = "region_has_articles";
    /// `Error::Conflict` code: the author has bylines.
    pub const AUTHOR_HAS_BYLINES: &str = "author_has_bylines";
}

impl Db {
    /// The section with this id.
    pub async fn find_section(&self, id: i64) -> Result<Option<Section>> {
        let row: Option<SectionRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, parent_id, position, key, slug_sq, slug_en, name_sq, name_en, description_sq, description_en, in_menu FROM sections WHERE id = $1"
        ).bind(id).fetch_optional(pool).await?);
        Ok(row.map(Section::from))
    }

    /// Changes a section (its key stays). A changed slug keeps answering as a redirect.
    pub async fn update_section(&self, id: i64, s: &NewSection, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let old: Option<(String, String)> = sqlx::query_as(
                "SELECT slug_sq, slug_en FROM sections WHERE id = $1",
            ).bind(id).fetch_optional(&mut *tx).await?;
            let Some((old_sq, old_en)) = old else {
                return Err(Error::NotFound("section"));
            };
            sqlx::query(
                "UPDATE sections SET parent_id = $1, position = $2, slug_sq = $3, slug_en = $4, name_sq = $5, name_en = $6, \
                 description_sq = $7, description_en = $8, in_menu = $9 WHERE id = $10",
            )
            .bind(s.parent_id).bind(i64::from(s.position))
            .bind(&s.slug.sq).bind(&s.slug.en).bind(&s.name.sq).bind(&s.name.en)
            .bind(&s.description.sq).bind(&s.description.en).bind(s.in_menu).bind(id)
            .execute(&mut *tx).await?;
            move_slug!(tx, "section", "sq", old_sq.as_str(), s.slug.sq.as_str(), id);
            move_slug!(tx, "section", "en", old_en.as_str(), s.slug.en.as_str(), id);
            changes::log_change!(tx, "section", id, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Puts sections in this order (positions 0, 1, …): the menu and the home page's
    /// section blocks follow it. Ids not given keep their position.
    pub async fn reorder_sections(&self, ids: &[i64], now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            for (i, id) in ids.iter().enumerate() {
                sqlx::query("UPDATE sections SET position = $1 WHERE id = $2")
                    .bind(i64::try_from(i).unwrap_or(0)).bind(*id)
                    .execute(&mut *tx).await?;
            }
            changes::log_change!(tx, "section_order", 0i64, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// `(articles, child sections)` filed under a section.
    pub async fn section_usage(&self, id: i64) -> Result<(i64, i64)> {
        Ok(read!(self, pool => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM articles a WHERE a.primary_section_id = $1 \
                     OR EXISTS (SELECT 1 FROM article_sections x WHERE x.article_id = a.id AND x.section_id = $1)), \
                    (SELECT COUNT(*) FROM sections WHERE parent_id = $1)"
        ).bind(id).fetch_one(pool).await?))
    }

    /// Deletes a section that has neither articles nor child sections (checked in the same
    /// transaction); otherwise `Error::Conflict` with an `in_use` code and nothing changes.
    pub async fn delete_section(&self, id: i64, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (articles, children): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM articles a WHERE a.primary_section_id = $1 \
                         OR EXISTS (SELECT 1 FROM article_sections x WHERE x.article_id = a.id AND x.section_id = $1)), \
                        (SELECT COUNT(*) FROM sections WHERE parent_id = $1)"
            ).bind(id).fetch_one(&mut *tx).await?;
            if children > 0 {
                return Err(Error::Conflict(in_use::SECTION_HAS_CHILDREN.into()));
            }
            if articles > 0 {
                return Err(Error::Conflict(in_use::SECTION_HAS_ARTICLES.into()));
            }
            let done = sqlx::query("DELETE FROM sections WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound("section"));
            }
            sqlx::query("DELETE FROM term_slug_redirects WHERE kind = 'section' AND term_id = $1")
                .bind(id).execute(&mut *tx).await?;
            changes::log_change!(tx, "section", id, "delete", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// The id of the term that used to answer at `slug` in `lang`.
    pub async fn find_slug_redirect_term(
        &self,
        kind: TermKind,
        lang: domain::Locale,
        slug: &str,
    ) -> Result<Option<i64>> {
        let row: Option<(i64,)> = read!(self, pool => sqlx::query_as(
            "SELECT term_id FROM term_slug_redirects WHERE kind = $1 AND lang = $2 AND old_slug = $3"
        ).bind(kind.as_str()).bind(lang.code()).bind(slug).fetch_optional(pool).await?);
        Ok(row.map(|(id,)| id))
    }

    /// The tag with this id.
    pub async fn find_tag(&self, id: i64) -> Result<Option<Tag>> {
        let row: Option<TermRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, CAST(0 AS BIGINT) AS position, key, slug_sq, slug_en, name_sq, name_en FROM tags WHERE id = $1"
        ).bind(id).fetch_optional(pool).await?);
        Ok(row.map(Tag::from))
    }

    /// The region with this id.
    pub async fn find_region(&self, id: i64) -> Result<Option<Region>> {
        let row: Option<TermRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, position, key, slug_sq, slug_en, name_sq, name_en FROM regions WHERE id = $1"
        ).bind(id).fetch_optional(pool).await?);
        Ok(row.map(Region::from))
    }

    /// Changes a tag's slugs and names (its key and position stay). A changed slug keeps
    /// answering as a redirect.
    pub async fn update_tag(&self, id: i64, t: &NewTerm, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let old: Option<(String, String)> = sqlx::query_as(
                "SELECT slug_sq, slug_en FROM tags WHERE id = $1",
            ).bind(id).fetch_optional(&mut *tx).await?;
            let Some((old_sq, old_en)) = old else {
                return Err(Error::NotFound("tag"));
            };
            sqlx::query("UPDATE tags SET slug_sq = $1, slug_en = $2, name_sq = $3, name_en = $4 WHERE id = $5")
                .bind(&t.slug.sq).bind(&t.slug.en).bind(&t.name.sq).bind(&t.name.en).bind(id)
                .execute(&mut *tx).await?;
            move_slug!(tx, "tag", "sq", old_sq.as_str(), t.slug.sq.as_str(), id);
            move_slug!(tx, "tag", "en", old_en.as_str(), t.slug.en.as_str(), id);
            changes::log_change!(tx, "tag", id, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Changes a region's position, slugs and names (its key stays). A changed slug keeps
    /// answering as a redirect.
    pub async fn update_region(&self, id: i64, r: &NewTerm, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let old: Option<(String, String)> = sqlx::query_as(
                "SELECT slug_sq, slug_en FROM regions WHERE id = $1",
            ).bind(id).fetch_optional(&mut *tx).await?;
            let Some((old_sq, old_en)) = old else {
                return Err(Error::NotFound("region"));
            };
            sqlx::query("UPDATE regions SET position = $1, slug_sq = $2, slug_en = $3, name_sq = $4, name_en = $5 WHERE id = $6")
                .bind(i64::from(r.position)).bind(&r.slug.sq).bind(&r.slug.en).bind(&r.name.sq).bind(&r.name.en).bind(id)
                .execute(&mut *tx).await?;
            move_slug!(tx, "region", "sq", old_sq.as_str(), r.slug.sq.as_str(), id);
            move_slug!(tx, "region", "en", old_en.as_str(), r.slug.en.as_str(), id);
            changes::log_change!(tx, "region", id, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// How many articles carry a tag.
    pub async fn tag_usage(&self, id: i64) -> Result<i64> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM article_tags WHERE tag_id = $1"
        ).bind(id).fetch_one(pool).await?);
        Ok(n)
    }

    /// How many articles are filed under a region.
    pub async fn region_usage(&self, id: i64) -> Result<i64> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM article_regions WHERE region_id = $1"
        ).bind(id).fetch_one(pool).await?);
        Ok(n)
    }

    /// Deletes a tag no article carries (checked in the same transaction); otherwise
    /// `Error::Conflict(in_use::TAG_HAS_ARTICLES)` and nothing changes.
    pub async fn delete_tag(&self, id: i64, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM article_tags WHERE tag_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if n > 0 {
                return Err(Error::Conflict(in_use::TAG_HAS_ARTICLES.into()));
            }
            let done = sqlx::query("DELETE FROM tags WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound("tag"));
            }
            sqlx::query("DELETE FROM term_slug_redirects WHERE kind = 'tag' AND term_id = $1")
                .bind(id).execute(&mut *tx).await?;
            changes::log_change!(tx, "tag", id, "delete", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Deletes a region no article is filed under (checked in the same transaction);
    /// otherwise `Error::Conflict(in_use::REGION_HAS_ARTICLES)` and nothing changes.
    pub async fn delete_region(&self, id: i64, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM article_regions WHERE region_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if n > 0 {
                return Err(Error::Conflict(in_use::REGION_HAS_ARTICLES.into()));
            }
            let done = sqlx::query("DELETE FROM regions WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound("region"));
            }
            sqlx::query("DELETE FROM term_slug_redirects WHERE kind = 'region' AND term_id = $1")
                .bind(id).execute(&mut *tx).await?;
            changes::log_change!(tx, "region", id, "delete", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }
}
