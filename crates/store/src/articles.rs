//! Articles: writing them with their sections, tags, regions and bylines, and every read the
//! public site needs, each in a fixed number of queries whatever the page size.

use domain::{Article, ArticleCard, ArticleDraft, ArticleStatus, Document, Locale};

use crate::direct::{Arg, FromSqlite, int_args, sqlite_row};
use crate::{Db, Error, Result, changes, parse_locale, placeholders, read, write};

macro_rules! card_cols {
    () => {
        "a.id, a.lang, a.slug, a.title, a.standfirst, a.published_at, a.updated_at, a.reading_minutes, a.primary_section_id, a.featured_media_id"
    };
}

macro_rules! article_cols {
    () => {
        "id, lang, translation_group, status, created_at, updated_at, scheduled_at, published_at, title, slug, standfirst, body, author_note, seo_title, seo_description, featured_media_id, social_media_id, reading_minutes, primary_section_id, is_top"
    };
}

/// Writes an article's sections (primary first), tags, regions and bylines (in order) from
/// anything with `section_ids`, `tag_ids`, `region_ids` and `author_ids`, inside a
/// transaction; `listed_at` is its publication time when published, else `NULL`.
macro_rules! insert_relations {
    ($tx:expr, $id:expr, $lang:expr, $listed_at:expr, $d:expr) => {
        for (pos, sid) in $d.section_ids.iter().enumerate() {
            sqlx::query("INSERT INTO article_sections (article_id, section_id, position, lang, published_at) VALUES ($1, $2, $3, $4, $5)")
                .bind($id).bind(*sid).bind(i64::try_from(pos).unwrap_or(0)).bind($lang).bind($listed_at)
                .execute(&mut *$tx).await?;
        }
        for tid in &$d.tag_ids {
            sqlx::query("INSERT INTO article_tags (article_id, tag_id, lang, published_at) VALUES ($1, $2, $3, $4)")
                .bind($id).bind(*tid).bind($lang).bind($listed_at).execute(&mut *$tx).await?;
        }
        for rid in &$d.region_ids {
            sqlx::query("INSERT INTO article_regions (article_id, region_id, lang, published_at) VALUES ($1, $2, $3, $4)")
                .bind($id).bind(*rid).bind($lang).bind($listed_at).execute(&mut *$tx).await?;
        }
        for (pos, aid) in $d.author_ids.iter().enumerate() {
            sqlx::query("INSERT INTO article_authors (article_id, author_id, position, lang, published_at) VALUES ($1, $2, $3, $4, $5)")
                .bind($id).bind(*aid).bind(i64::try_from(pos).unwrap_or(0)).bind($lang).bind($listed_at)
                .execute(&mut *$tx).await?;
        }
    };
}
pub(crate) use insert_relations;

/// In transaction `$tx`: sets an article's title, standfirst and body (with its plain text
/// and reading time) and logs the change; returns `NotFound` from the caller when there
/// is no such article.
macro_rules! update_content_in {
    ($tx:ident, $id:expr, $title:expr, $standfirst:expr, $body:expr, $now:expr) => {{
        let body: &domain::Document = $body;
        let done = sqlx::query(
            "UPDATE articles SET title = $1, standfirst = $2, body = $3, body_text = $4, reading_minutes = $5, updated_at = $6 WHERE id = $7",
        )
        .bind($title).bind($standfirst).bind(body.to_json()).bind(body.plain_text())
        .bind(i64::from(body.reading_minutes())).bind($now).bind($id)
        .execute(&mut *$tx).await?;
        if done.rows_affected() == 0 {
            return Err($crate::Error::NotFound("article"));
        }
        $crate::changes::log_change!($tx, "article", $id, "content", $now);
    }};
}
pub(crate) use update_content_in;

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    lang: String,
    slug: String,
    title: String,
    standfirst: String,
    published_at: Option<i64>,
    updated_at: i64,
    reading_minutes: i64,
    primary_section_id: Option<i64>,
    featured_media_id: Option<i64>,
}

sqlite_row!(CardRow {
    id,
    lang,
    slug,
    title,
    standfirst,
    published_at,
    updated_at,
    reading_minutes,
    primary_section_id,
    featured_media_id,
});

impl TryFrom<CardRow> for ArticleCard {
    type Error = Error;
    fn try_from(r: CardRow) -> Result<ArticleCard> {
        Ok(ArticleCard {
            id: r.id,
            lang: parse_locale(&r.lang)?,
            slug: r.slug,
            title: r.title,
            standfirst: r.standfirst,
            published_at: r.published_at.unwrap_or(r.updated_at),
            updated_at: r.updated_at,
            reading_minutes: i32::try_from(r.reading_minutes).unwrap_or(1),
            section_id: r.primary_section_id,
            featured_media_id: r.featured_media_id,
        })
    }
}

#[derive(sqlx::FromRow)]
struct GroupedCardRow {
    group_id: i64,
    #[sqlx(flatten)]
    card: CardRow,
}

impl FromSqlite for GroupedCardRow {
    fn from_sqlite_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(GroupedCardRow {
            group_id: crate::direct::column(r, at, "group_id")?,
            card: CardRow::from_sqlite_at(r, at + 1)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    lang: String,
    translation_group: i64,
    status: String,
    created_at: i64,
    updated_at: i64,
    scheduled_at: Option<i64>,
    published_at: Option<i64>,
    title: String,
    slug: String,
    standfirst: String,
    body: crate::direct::LongText,
    author_note: String,
    seo_title: String,
    seo_description: String,
    featured_media_id: Option<i64>,
    social_media_id: Option<i64>,
    reading_minutes: i64,
    primary_section_id: Option<i64>,
    is_top: bool,
}

sqlite_row!(ArticleRow {
    id,
    lang,
    translation_group,
    status,
    created_at,
    updated_at,
    scheduled_at,
    published_at,
    title,
    slug,
    standfirst,
    body,
    author_note,
    seo_title,
    seo_description,
    featured_media_id,
    social_media_id,
    reading_minutes,
    primary_section_id,
    is_top,
});

impl TryFrom<ArticleRow> for Article {
    type Error = Error;
    fn try_from(r: ArticleRow) -> Result<Article> {
        Ok(Article {
            id: r.id,
            lang: parse_locale(&r.lang)?,
            translation_group: r.translation_group,
            status: ArticleStatus::parse(&r.status)
                .ok_or_else(|| Error::Corrupt(format!("article {} status {:?}", r.id, r.status)))?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            scheduled_at: r.scheduled_at,
            published_at: r.published_at,
            title: r.title,
            slug: r.slug,
            standfirst: r.standfirst,
            body: Document::from_json(&r.body.0)
                .map_err(|e| Error::Corrupt(format!("article {} body: {e}", r.id)))?,
            author_note: r.author_note,
            seo_title: r.seo_title,
            seo_description: r.seo_description,
            featured_media_id: r.featured_media_id,
            social_media_id: r.social_media_id,
            reading_minutes: i32::try_from(r.reading_minutes).unwrap_or(1),
            primary_section_id: r.primary_section_id,
            is_top: r.is_top,
        })
    }
}

/// Sections, tags and regions of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleTerms {
    /// Section ids, primary first.
    pub section_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub region_ids: Vec<i64>,
}

/// Which listing a paginated query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Listing {
    Latest,
    Section(i64),
    Tag(i64),
    Region(i64),
    Author(i64),
}

fn cards(rows: Vec<CardRow>) -> Result<Vec<ArticleCard>> {
    rows.into_iter().map(ArticleCard::try_from).collect()
}

impl Db {
    /// Inserts one article with its relations; returns its id.
    pub async fn insert_article(&self, d: &ArticleDraft, now: i64) -> Result<i64> {
        let ids = self.insert_articles(std::slice::from_ref(d), now).await?;
        ids.into_iter()
            .next()
            .ok_or(Error::NotFound("inserted article"))
    }

    /// Inserts many articles in one transaction (bulk loads); returns their ids in order.
    pub async fn insert_articles(&self, drafts: &[ArticleDraft], now: i64) -> Result<Vec<i64>> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut ids = Vec::with_capacity(drafts.len());
            for d in drafts {
                let body = d.body.to_json();
                let body_text = d.body.plain_text();
                let reading = i64::from(d.body.reading_minutes());
                let published_at = if d.status == ArticleStatus::Published {
                    Some(d.published_at.unwrap_or(now))
                } else {
                    d.published_at
                };
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO articles (lang, translation_group, status, created_at, updated_at, scheduled_at, published_at, \
                     title, slug, standfirst, body, body_text, author_note, seo_title, seo_description, featured_media_id, \
                     social_media_id, reading_minutes, primary_section_id, is_top) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id",
                )
                .bind(d.lang.code()).bind(d.translation_group.unwrap_or(0)).bind(d.status.as_str())
                .bind(published_at.unwrap_or(now).min(now)).bind(d.updated_at.or(published_at).unwrap_or(now))
                .bind(d.scheduled_at).bind(published_at)
                .bind(&d.title).bind(d.slug.as_str()).bind(&d.standfirst).bind(&body).bind(&body_text)
                .bind(&d.author_note).bind(&d.seo_title).bind(&d.seo_description)
                .bind(d.featured_media_id).bind(d.social_media_id).bind(reading)
                .bind(d.section_ids.first().copied()).bind(d.is_top)
                .fetch_one(&mut *tx).await?;
                if d.translation_group.is_none() {
                    sqlx::query("UPDATE articles SET translation_group = $1 WHERE id = $1")
                        .bind(id).execute(&mut *tx).await?;
                }
                let listed_at = if d.status == ArticleStatus::Published { published_at } else { None };
                insert_relations!(tx, id, d.lang.code(), listed_at, d);
                changes::log_change!(tx, "article", id, "upsert", now);
                ids.push(id);
            }
            tx.commit().await?;
            Ok(ids)
        })
    }

    /// Replaces title, standfirst and body of an article without touching where it is
    /// listed; logged as a content change, so only pages showing it are invalidated.
    pub async fn update_article_content(
        &self,
        id: i64,
        title: &str,
        standfirst: &str,
        body: &Document,
        now: i64,
    ) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            update_content_in!(tx, id, title, standfirst, body, now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Moves an article to `status`. Publishing stamps `published_at` (now, unless it
    /// already has a time) and lists the article; any other state unlists it. Logged as a
    /// status change, which invalidates listings and the search index entry.
    pub async fn set_article_status(&self, id: i64, status: ArticleStatus, now: i64) -> Result<()> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT published_at FROM articles WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let Some((published_at,)) = row else {
                return Err(Error::NotFound("article"));
            };
            let published_at = if status == ArticleStatus::Published {
                Some(published_at.unwrap_or(now))
            } else {
                published_at
            };
            let listed_at = if status == ArticleStatus::Published { published_at } else { None };
            sqlx::query("UPDATE articles SET status = $1, published_at = $2, updated_at = $3 WHERE id = $4")
                .bind(status.as_str()).bind(published_at).bind(now).bind(id)
                .execute(&mut *tx).await?;
            for table in ["article_sections", "article_tags", "article_regions", "article_authors"] {
                let sql = format!("UPDATE {table} SET published_at = $1 WHERE article_id = $2");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(listed_at).bind(id).execute(&mut *tx).await?;
            }
            changes::log_change!(tx, "article", id, "status", now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Number of articles in any state.
    pub async fn count_articles(&self) -> Result<i64> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as("SELECT COUNT(*) FROM articles").fetch_one(pool).await?);
        Ok(n)
    }

    /// The article with this id, in any state.
    pub async fn find_article(&self, id: i64) -> Result<Option<Article>> {
        let row: Option<ArticleRow> = read!(self, pool => sqlx::query_as(concat!(
            "SELECT ", article_cols!(), " FROM articles WHERE id = $1"
        )).bind(id).fetch_optional(pool).await?);
        row.map(Article::try_from).transpose()
    }

    /// The published article at `/{lang}/…/{slug}`.
    pub async fn find_published_article(
        &self,
        lang: Locale,
        slug: &str,
    ) -> Result<Option<Article>> {
        let row: Option<ArticleRow> = self
            .select_optional(
                concat!(
                    "SELECT ",
                    article_cols!(),
                    " FROM articles WHERE lang = $1 AND slug = $2 AND status = 'published'"
                ),
                &[lang.code().into(), slug.into()],
            )
            .await?;
        row.map(Article::try_from).transpose()
    }

    /// The current slug of the published article an old slug used to name.
    pub async fn find_slug_redirect(&self, lang: Locale, old_slug: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = self.select_optional(
            "SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.lang = $1 AND r.old_slug = $2 AND a.status = 'published'",
            &[lang.code().into(), old_slug.into()],
        ).await?;
        Ok(row.map(|(s,)| s))
    }

    /// Sections (primary first), tags and regions of an article, in one query.
    pub async fn find_article_terms(&self, article_id: i64) -> Result<ArticleTerms> {
        let rows: Vec<(String, i64, i64)> = self.select_all(
            "SELECT 's' AS kind, section_id AS term_id, position FROM article_sections WHERE article_id = $1 \
             UNION ALL SELECT 't', tag_id, 0 FROM article_tags WHERE article_id = $1 \
             UNION ALL SELECT 'r', region_id, 0 FROM article_regions WHERE article_id = $1 \
             ORDER BY 1, 3, 2",
            &[article_id.into()],
        ).await?;
        let mut t = ArticleTerms::default();
        for (kind, id, _) in rows {
            match kind.as_str() {
                "s" => t.section_ids.push(id),
                "t" => t.tag_ids.push(id),
                _ => t.region_ids.push(id),
            }
        }
        Ok(t)
    }

    /// The articles with these ids (in any state and order), bodies included, in one query:
    /// feeds carry whole articles for the cards a listing selected.
    pub async fn list_articles_by_ids(&self, ids: &[i64]) -> Result<Vec<Article>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            concat!(
                "SELECT ",
                article_cols!(),
                " FROM articles WHERE id IN ({})"
            ),
            placeholders(1, ids.len())
        );
        let rows: Vec<ArticleRow> = read!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await?
        });
        rows.into_iter().map(Article::try_from).collect()
    }

    /// Sections (primary first), tags and regions of many articles, in one query.
    pub async fn list_terms_of_articles(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, ArticleTerms>> {
        let mut out = std::collections::HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let list = placeholders(1, ids.len());
        let sql = format!(
            "SELECT article_id, 's' AS kind, section_id AS term_id, position FROM article_sections WHERE article_id IN ({list}) \
             UNION ALL SELECT article_id, 't', tag_id, 0 FROM article_tags WHERE article_id IN ({list}) \
             UNION ALL SELECT article_id, 'r', region_id, 0 FROM article_regions WHERE article_id IN ({list}) \
             ORDER BY 1, 2, 4, 3"
        );
        let rows: Vec<(i64, String, i64, i64)> = read!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await?
        });
        for (article_id, kind, id, _) in rows {
            let t: &mut ArticleTerms = out.entry(article_id).or_default();
            match kind.as_str() {
                "s" => t.section_ids.push(id),
                "t" => t.tag_ids.push(id),
                _ => t.region_ids.push(id),
            }
        }
        Ok(out)
    }

    /// Published articles of every translation group given, as `(group, lang, slug)`.
    pub async fn list_translations(&self, groups: &[i64]) -> Result<Vec<(i64, Locale, String)>> {
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT translation_group, lang, slug FROM articles WHERE translation_group IN ({}) AND status = 'published'",
            placeholders(1, groups.len())
        );
        let rows: Vec<(i64, String, String)> = self.select_all(&sql, &int_args(groups)).await?;
        rows.into_iter()
            .map(|(g, l, s)| Ok((g, parse_locale(&l)?, s)))
            .collect()
    }

    /// Cards of the published articles among `ids` (as of `now`), in no particular order.
    pub(crate) async fn list_cards_where_ids(
        &self,
        ids: &[i64],
        now: i64,
    ) -> Result<Vec<ArticleCard>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            concat!(
                "SELECT ",
                card_cols!(),
                // `status || ''` keeps the planner on the primary key: an index that starts
                // with `status` would otherwise be scanned over every published article.
                " FROM articles a WHERE a.id IN ({}) AND (a.status || '') = 'published' AND a.published_at <= $1"
            ),
            placeholders(2, ids.len())
        );
        let mut args = vec![Arg::Int(now)];
        args.extend(int_args(ids));
        let rows: Vec<CardRow> = self.select_all(&sql, &args).await?;
        cards(rows)
    }

    /// A page of a listing, newest first, and the listing's total size.
    pub async fn list_cards(
        &self,
        lang: Locale,
        listing: Listing,
        limit: i64,
        offset: i64,
        now: i64,
    ) -> Result<(Vec<ArticleCard>, i64)> {
        let rows = self
            .list_cards_page(lang, listing, limit, offset, now)
            .await?;
        let total = self.count_cards(lang, listing, now).await?;
        Ok((rows, total))
    }

    /// A page of a listing, newest first. Each listing reads its own denormalised link
    /// table, whose index serves both the order and the filter; the texts differ only in
    /// table and column.
    pub async fn list_cards_page(
        &self,
        lang: Locale,
        listing: Listing,
        limit: i64,
        offset: i64,
        now: i64,
    ) -> Result<Vec<ArticleCard>> {
        let l = lang.code();
        macro_rules! by_link {
            ($table:literal, $col:literal, $id:expr) => {{
                let rows: Vec<CardRow> = self.select_all(concat!(
                    "SELECT ", card_cols!(), " FROM ", $table, " x JOIN articles a ON a.id = x.article_id \
                     WHERE x.", $col, " = $1 AND x.lang = $2 AND x.published_at IS NOT NULL AND x.published_at <= $3 \
                     ORDER BY x.published_at DESC, x.article_id DESC LIMIT $4 OFFSET $5"
                ), &[$id.into(), l.into(), now.into(), limit.into(), offset.into()]).await?;
                rows
            }};
        }
        let rows = match listing {
            Listing::Latest => {
                let rows: Vec<CardRow> = self.select_all(concat!(
                    "SELECT ", card_cols!(), " FROM articles a WHERE a.lang = $1 AND a.status = 'published' AND a.published_at <= $2 \
                     ORDER BY a.published_at DESC, a.id DESC LIMIT $3 OFFSET $4"
                ), &[l.into(), now.into(), limit.into(), offset.into()]).await?;
                rows
            }
            Listing::Section(id) => by_link!("article_sections", "section_id", id),
            Listing::Tag(id) => by_link!("article_tags", "tag_id", id),
            Listing::Region(id) => by_link!("article_regions", "region_id", id),
            Listing::Author(id) => by_link!("article_authors", "author_id", id),
        };
        cards(rows)
    }

    /// How many published articles a listing holds.
    pub async fn count_cards(&self, lang: Locale, listing: Listing, now: i64) -> Result<i64> {
        let l = lang.code();
        macro_rules! by_link {
            ($table:literal, $col:literal, $id:expr) => {{
                let (total,): (i64,) = self.select_one(concat!(
                    "SELECT COUNT(*) FROM ", $table, " WHERE ", $col, " = $1 AND lang = $2 AND published_at IS NOT NULL AND published_at <= $3"
                ), &[$id.into(), l.into(), now.into()]).await?;
                total
            }};
        }
        Ok(match listing {
            Listing::Latest => {
                let (total,): (i64,) = self.select_one(
                    "SELECT COUNT(*) FROM articles WHERE lang = $1 AND status = 'published' AND published_at <= $2",
                    &[l.into(), now.into()],
                ).await?;
                total
            }
            Listing::Section(id) => by_link!("article_sections", "section_id", id),
            Listing::Tag(id) => by_link!("article_tags", "tag_id", id),
            Listing::Region(id) => by_link!("article_regions", "region_id", id),
            Listing::Author(id) => by_link!("article_authors", "author_id", id),
        })
    }

    /// The newest `limit` published articles, without a count.
    pub async fn list_latest(
        &self,
        lang: Locale,
        limit: i64,
        now: i64,
    ) -> Result<Vec<ArticleCard>> {
        let rows: Vec<CardRow> = self.select_all(concat!(
            "SELECT ", card_cols!(), " FROM articles a WHERE a.lang = $1 AND a.status = 'published' AND a.published_at <= $2 \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $3"
        ), &[lang.code().into(), now.into(), limit.into()]).await?;
        cards(rows)
    }

    /// The newest top stories.
    pub async fn list_top(&self, lang: Locale, limit: i64, now: i64) -> Result<Vec<ArticleCard>> {
        let rows: Vec<CardRow> = self.select_all(concat!(
            "SELECT ", card_cols!(), " FROM articles a WHERE a.lang = $1 AND a.is_top = TRUE AND a.status = 'published' AND a.published_at <= $2 \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $3"
        ), &[lang.code().into(), now.into(), limit.into()]).await?;
        cards(rows)
    }

    /// The newest `per_section` articles of each section, in one query:
    /// `(section_id, card)` ordered by section then date.
    pub async fn list_latest_per_section(
        &self,
        lang: Locale,
        section_ids: &[i64],
        per_section: i64,
        now: i64,
    ) -> Result<Vec<(i64, ArticleCard)>> {
        if section_ids.is_empty() {
            return Ok(Vec::new());
        }
        // One indexed LIMIT per section joined with UNION ALL: a window function over the
        // whole language would read every row of a large archive.
        let mut sql = String::new();
        for (i, _) in section_ids.iter().enumerate() {
            if i > 0 {
                sql.push_str(" UNION ALL ");
            }
            sql.push_str(&format!(
                "SELECT * FROM (SELECT x.section_id AS group_id, {} FROM article_sections x JOIN articles a ON a.id = x.article_id \
                 WHERE x.section_id = ${} AND x.lang = $1 AND x.published_at IS NOT NULL AND x.published_at <= $2 \
                 ORDER BY x.published_at DESC, x.article_id DESC LIMIT $3) s{i}",
                card_cols!(),
                i + 4
            ));
        }
        // A UNION ALL does not promise to keep each part's order; sort the whole.
        let sql =
            format!("SELECT * FROM ({sql}) u ORDER BY u.group_id, u.published_at DESC, u.id DESC");
        let mut args = vec![lang.code().into(), now.into(), per_section.into()];
        args.extend(int_args(section_ids));
        let rows: Vec<GroupedCardRow> = self.select_all(&sql, &args).await?;
        rows.into_iter()
            .map(|r| Ok((r.group_id, ArticleCard::try_from(r.card)?)))
            .collect()
    }

    /// Articles sharing the most sections and tags with `article`, among the recent ones,
    /// excluding the article and its translations.
    pub async fn list_related(
        &self,
        article: &Article,
        terms: &ArticleTerms,
        limit: i64,
    ) -> Result<Vec<ArticleCard>> {
        if terms.section_ids.is_empty() && terms.tag_ids.is_empty() {
            return Ok(Vec::new());
        }
        let published = article.published_at.unwrap_or(article.updated_at);
        let mut parts = Vec::new();
        let mut n = 5;
        for (table, col, ids) in [
            ("article_sections", "section_id", &terms.section_ids),
            ("article_tags", "tag_id", &terms.tag_ids),
        ] {
            for _ in ids.iter() {
                parts.push(format!(
                    "SELECT * FROM (SELECT article_id FROM {table} WHERE {col} = ${n} AND lang = $1 AND published_at IS NOT NULL AND published_at <= $2 \
                     ORDER BY published_at DESC, article_id DESC LIMIT 60) p{n}"
                ));
                n += 1;
            }
        }
        let sql = format!(
            "SELECT {} FROM (SELECT article_id, COUNT(*) AS score FROM ({}) m GROUP BY article_id) s \
             JOIN articles a ON a.id = s.article_id WHERE a.id <> $3 AND a.translation_group <> $4 \
             ORDER BY s.score DESC, a.published_at DESC, a.id DESC LIMIT {}",
            card_cols!(),
            parts.join(" UNION ALL "),
            limit.clamp(1, 50)
        );
        let mut args = vec![
            article.lang.code().into(),
            published.into(),
            article.id.into(),
            article.translation_group.into(),
        ];
        args.extend(int_args(&terms.section_ids));
        args.extend(int_args(&terms.tag_ids));
        let rows: Vec<CardRow> = self.select_all(&sql, &args).await?;
        cards(rows)
    }

    /// The published articles just before and after this one in its language. The plain
    /// range terms let the listing index bound the scan; the `OR` only breaks ties.
    pub async fn find_neighbours(
        &self,
        article: &Article,
        now: i64,
    ) -> Result<(Option<ArticleCard>, Option<ArticleCard>)> {
        let published = article.published_at.unwrap_or(article.updated_at);
        let rows: Vec<GroupedCardRow> = self.select_all(concat!(
            "SELECT * FROM (SELECT CAST(0 AS BIGINT) AS group_id, ", card_cols!(), " FROM articles a WHERE a.lang = $1 AND a.status = 'published' \
               AND a.published_at <= $2 AND (a.published_at < $2 OR a.id < $3) ORDER BY a.published_at DESC, a.id DESC LIMIT 1) prev \
             UNION ALL \
             SELECT * FROM (SELECT CAST(1 AS BIGINT) AS group_id, ", card_cols!(), " FROM articles a WHERE a.lang = $1 AND a.status = 'published' \
               AND a.published_at <= $4 AND a.published_at >= $2 AND (a.published_at > $2 OR a.id > $3) ORDER BY a.published_at ASC, a.id ASC LIMIT 1) next"
        ), &[article.lang.code().into(), published.into(), article.id.into(), now.into()]).await?;
        let mut prev = None;
        let mut next = None;
        for r in rows {
            let card = ArticleCard::try_from(r.card)?;
            if r.group_id == 0 {
                prev = Some(card)
            } else {
                next = Some(card)
            }
        }
        Ok((prev, next))
    }
}

impl Db {
    /// Marks an article as a top story of the home page, or not. Returns false when there
    /// is no such article.
    pub async fn set_article_top(&self, id: i64, top: bool, now: i64) -> Result<bool> {
        write!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE articles SET is_top = $1 WHERE id = $2")
                .bind(top).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            changes::log_change!(tx, "article", id, "top", now);
            tx.commit().await?;
            Ok::<bool, Error>(true)
        })
    }
}
