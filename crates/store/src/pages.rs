//! Static pages, menus, editions and site settings.

use domain::{Document, Edition, Locale, Localized, MenuItem, Page, SiteSettings};

use crate::{Db, Error, Result, changes, parse_locale, read, write};

#[derive(sqlx::FromRow)]
struct PageRow {
    id: i64,
    lang: String,
    translation_group: i64,
    key: String,
    slug: String,
    title: String,
    body: String,
    updated_at: i64,
}

impl TryFrom<PageRow> for Page {
    type Error = Error;
    fn try_from(r: PageRow) -> Result<Page> {
        Ok(Page {
            id: r.id,
            lang: parse_locale(&r.lang)?,
            translation_group: r.translation_group,
            key: r.key,
            slug: r.slug,
            title: r.title,
            body: Document::from_json(&r.body)
                .map_err(|e| Error::Corrupt(format!("page {}: {e}", r.id)))?,
            updated_at: r.updated_at,
        })
    }
}

/// A new static page in one language.
#[derive(Debug, Clone)]
pub struct NewPage {
    pub lang: Locale,
    pub translation_group: Option<i64>,
    pub key: String,
    pub slug: domain::Slug,
    pub title: String,
    pub body: Document,
}

impl Db {
    /// Creates a page; returns `(id, translation_group)`.
    pub async fn insert_page(&self, p: &NewPage, now: i64) -> Result<(i64, i64)> {
        let body = p.body.to_json();
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO pages (lang, translation_group, key, slug, title, body, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(p.lang.code()).bind(p.translation_group.unwrap_or(0)).bind(&p.key)
            .bind(p.slug.as_str()).bind(&p.title).bind(&body).bind(now)
            .fetch_one(&mut *tx).await?;
            let group = p.translation_group.unwrap_or(id);
            if p.translation_group.is_none() {
                sqlx::query("UPDATE pages SET translation_group = $1 WHERE id = $1")
                    .bind(id).execute(&mut *tx).await?;
            }
            changes::log_change!(tx, "page", id, "upsert", now);
            tx.commit().await?;
            Ok((id, group))
        })
    }

    /// The published page at `/{lang}/{slug}`.
    pub async fn find_page(&self, lang: Locale, slug: &str) -> Result<Option<Page>> {
        let row: Option<PageRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, lang, translation_group, key, slug, title, body, updated_at FROM pages WHERE lang = $1 AND slug = $2 AND published"
        ).bind(lang.code()).bind(slug).fetch_optional(pool).await?);
        row.map(Page::try_from).transpose()
    }

    /// `(key, lang, slug, title)` of every published page, for links and language switches.
    pub async fn list_page_links(&self) -> Result<Vec<(String, Locale, String, String, i64)>> {
        let rows: Vec<(String, String, String, String, i64)> = read!(self, pool => sqlx::query_as(
            "SELECT key, lang, slug, title, translation_group FROM pages WHERE published ORDER BY id"
        ).fetch_all(pool).await?);
        rows.into_iter()
            .map(|(k, l, s, t, g)| Ok((k, parse_locale(&l)?, s, t, g)))
            .collect()
    }

    /// Replaces the items of menu `key` in `lang`.
    pub async fn replace_menu(
        &self,
        key: &str,
        lang: Locale,
        items: &[MenuItem],
        now: i64,
    ) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (menu_id,): (i64,) = sqlx::query_as(
                "INSERT INTO menus (key, lang) VALUES ($1, $2) ON CONFLICT (key, lang) DO UPDATE SET key = excluded.key RETURNING id",
            ).bind(key).bind(lang.code()).fetch_one(&mut *tx).await?;
            sqlx::query("DELETE FROM menu_items WHERE menu_id = $1").bind(menu_id).execute(&mut *tx).await?;
            for (i, item) in items.iter().enumerate() {
                sqlx::query("INSERT INTO menu_items (menu_id, position, label, url) VALUES ($1, $2, $3, $4)")
                    .bind(menu_id).bind(i64::try_from(i).unwrap_or(0)).bind(&item.label).bind(&item.url)
                    .execute(&mut *tx).await?;
            }
            changes::log_change!(tx, "menu", menu_id, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Every menu item of every menu: `(key, lang, item)` in order.
    pub async fn list_menu_items(&self) -> Result<Vec<(String, Locale, MenuItem)>> {
        let rows: Vec<(String, String, String, String)> = read!(self, pool => sqlx::query_as(
            "SELECT m.key, m.lang, i.label, i.url FROM menu_items i JOIN menus m ON m.id = i.menu_id ORDER BY m.id, i.position"
        ).fetch_all(pool).await?);
        rows.into_iter()
            .map(|(k, l, label, url)| Ok((k, parse_locale(&l)?, MenuItem { label, url })))
            .collect()
    }

    /// Site settings, with defaults for what is unset.
    pub async fn site_settings(&self) -> Result<SiteSettings> {
        let row: Option<(String,)> = read!(self, pool => sqlx::query_as(
            "SELECT value FROM settings WHERE key = 'site'"
        ).fetch_optional(pool).await?);
        match row {
            Some((json,)) => serde_json::from_str(&json)
                .map_err(|e| Error::Corrupt(format!("site settings: {e}"))),
            None => Ok(SiteSettings::default()),
        }
    }

    /// Stores the site settings.
    pub async fn save_site_settings(&self, s: &SiteSettings, now: i64) -> Result<()> {
        let json = serde_json::to_string(s).expect("settings serialise");
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("INSERT INTO settings (key, value) VALUES ('site', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(&json).execute(&mut *tx).await?;
            changes::log_change!(tx, "settings", 0i64, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Creates a magazine edition.
    pub async fn insert_edition(&self, e: &Edition, now: i64) -> Result<i64> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO editions (volume, number, title_sq, title_en, published_on, special, pdf_media_id, cover_media_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(i64::from(e.volume)).bind(i64::from(e.number)).bind(&e.title.sq).bind(&e.title.en)
            .bind(e.published_on).bind(e.special).bind(e.pdf_media_id).bind(e.cover_media_id)
            .fetch_one(&mut *tx).await?;
            changes::log_change!(tx, "edition", id, "upsert", now);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Editions, newest first.
    pub async fn list_editions(&self) -> Result<Vec<Edition>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            i64,
            i64,
            String,
            String,
            i64,
            bool,
            Option<i64>,
            Option<i64>,
        )> = read!(self, pool => sqlx::query_as(
            "SELECT id, volume, number, title_sq, title_en, published_on, special, pdf_media_id, cover_media_id FROM editions ORDER BY published_on DESC, id DESC"
        ).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(id, v, n, sq, en, p, special, pdf, cover)| Edition {
                id,
                volume: i32::try_from(v).unwrap_or(0),
                number: i32::try_from(n).unwrap_or(0),
                title: Localized::new(sq, en),
                published_on: p,
                special,
                pdf_media_id: pdf,
                cover_media_id: cover,
            })
            .collect())
    }
}

/// A static page as the newsroom lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PageSummary {
    pub id: i64,
    pub lang: String,
    pub translation_group: i64,
    pub key: String,
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub updated_at: i64,
}

/// What the newsroom changes on a static page.
#[derive(Debug, Clone)]
pub struct PageEdit {
    pub slug: domain::Slug,
    pub title: String,
    pub body: Document,
    pub published: bool,
}

/// `Error::Conflict` code: a menu still links to the page.
pub const PAGE_IN_MENU: &str = "page_in_menu";

impl Db {
    /// Every static page, published or not, by language and title.
    pub async fn list_pages(&self) -> Result<Vec<PageSummary>> {
        Ok(read!(self, pool => sqlx::query_as(
            "SELECT id, lang, translation_group, key, slug, title, published, updated_at FROM pages ORDER BY lang, title, id"
        ).fetch_all(pool).await?))
    }

    /// The page with this id, published or not, and whether it is published.
    pub async fn find_page_by_id(&self, id: i64) -> Result<Option<(Page, bool)>> {
        let row: Option<(bool,)> = read!(self, pool => sqlx::query_as(
            "SELECT published FROM pages WHERE id = $1"
        ).bind(id).fetch_optional(pool).await?);
        let Some((published,)) = row else {
            return Ok(None);
        };
        let row: Option<PageRow> = read!(self, pool => sqlx::query_as(
            "SELECT id, lang, translation_group, key, slug, title, body, updated_at FROM pages WHERE id = $1"
        ).bind(id).fetch_optional(pool).await?);
        Ok(row.map(Page::try_from).transpose()?.map(|p| (p, published)))
    }

    /// Changes a page's slug, title, body and whether it is published. A changed slug keeps
    /// answering as a redirect.
    pub async fn update_page(&self, id: i64, p: &PageEdit, now: i64) -> Result<()> {
        let body = p.body.to_json();
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let old: Option<(String, String)> = sqlx::query_as("SELECT lang, slug FROM pages WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let Some((lang, old_slug)) = old else {
                return Err(Error::NotFound("page"));
            };
            sqlx::query("UPDATE pages SET slug = $1, title = $2, body = $3, published = $4, updated_at = $5 WHERE id = $6")
                .bind(p.slug.as_str()).bind(&p.title).bind(&body).bind(p.published).bind(now).bind(id)
                .execute(&mut *tx).await?;
            crate::taxonomy::move_slug!(tx, "page", lang.as_str(), old_slug.as_str(), p.slug.as_str(), id);
            changes::log_change!(tx, "page", id, "upsert", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Deletes a page unless a menu links to `url` (its address); otherwise
    /// `Error::Conflict(PAGE_IN_MENU)` and nothing changes.
    pub async fn delete_page(&self, id: i64, url: &str, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM menu_items WHERE url = $1")
                .bind(url).fetch_one(&mut *tx).await?;
            if n > 0 {
                return Err(Error::Conflict(PAGE_IN_MENU.into()));
            }
            let done = sqlx::query("DELETE FROM pages WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound("page"));
            }
            sqlx::query("DELETE FROM term_slug_redirects WHERE kind = 'page' AND term_id = $1")
                .bind(id).execute(&mut *tx).await?;
            changes::log_change!(tx, "page", id, "delete", now);
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Every menu as `(key, lang)`, by key and language.
    pub async fn list_menus(&self) -> Result<Vec<(String, Locale)>> {
        let rows: Vec<(String, String)> = read!(self, pool => sqlx::query_as(
            "SELECT key, lang FROM menus ORDER BY key, lang"
        ).fetch_all(pool).await?);
        rows.into_iter()
            .map(|(k, l)| Ok((k, parse_locale(&l)?)))
            .collect()
    }
}
