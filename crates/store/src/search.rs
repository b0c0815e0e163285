//! What the full-text index needs from the database: published articles with the names of
//! their authors, sections and tags, read in batches (four queries per batch, whatever its
//! size), and which articles a changed author, section or tag touches.

use domain::{ArticleCard, Locale};

use crate::{Db, Result, parse_locale, placeholders, read};

/// One article as the search index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub id: i64,
    pub lang: Locale,
    pub translation_group: i64,
    /// Only published articles are indexed; the others are removed from the index.
    pub published: bool,
    pub published_at: i64,
    pub title: String,
    pub standfirst: String,
    pub body_text: String,
    pub author_ids: Vec<i64>,
    pub author_names: Vec<String>,
    pub section_ids: Vec<i64>,
    /// Section names in the article's language.
    pub section_names: Vec<String>,
    pub tag_ids: Vec<i64>,
    /// Tag names in the article's language.
    pub tag_names: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct DocRow {
    id: i64,
    lang: String,
    translation_group: i64,
    status: String,
    published_at: Option<i64>,
    updated_at: i64,
    title: String,
    standfirst: String,
    body_text: String,
}

const DOC_COLS: &str =
    "id, lang, translation_group, status, published_at, updated_at, title, standfirst, body_text";

/// An entity whose change touches indexed articles other than itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    Author(i64),
    Section(i64),
    Tag(i64),
}

impl Db {
    /// The articles with these ids, in any state (ids that do not exist are left out).
    pub async fn list_search_docs(&self, ids: &[i64]) -> Result<Vec<SearchDoc>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {DOC_COLS} FROM articles WHERE id IN ({}) ORDER BY id",
            placeholders(1, ids.len())
        );
        let rows: Vec<DocRow> = read!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await?
        });
        self.complete_docs(rows).await
    }

    /// Published articles with an id above `after`, by id, at most `limit`: the pages of a
    /// full reindex.
    pub async fn list_published_search_docs(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<SearchDoc>> {
        let sql = format!(
            "SELECT {DOC_COLS} FROM articles WHERE id > $1 AND status = 'published' ORDER BY id LIMIT $2"
        );
        let rows: Vec<DocRow> = read!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(after).bind(limit).fetch_all(pool).await?);
        self.complete_docs(rows).await
    }

    /// How many articles are published (the size of a full reindex).
    pub async fn count_published_articles(&self) -> Result<i64> {
        let (n,): (i64,) = read!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM articles WHERE status = 'published'"
        ).fetch_one(pool).await?);
        Ok(n)
    }

    /// Ids of the articles that show this author, section or tag.
    pub async fn list_linked_article_ids(&self, linked: Linked) -> Result<Vec<i64>> {
        let (sql, id) = match linked {
            Linked::Author(id) => (
                "SELECT article_id FROM article_authors WHERE author_id = $1 ORDER BY article_id",
                id,
            ),
            Linked::Section(id) => (
                "SELECT article_id FROM article_sections WHERE section_id = $1 ORDER BY article_id",
                id,
            ),
            Linked::Tag(id) => (
                "SELECT article_id FROM article_tags WHERE tag_id = $1 ORDER BY article_id",
                id,
            ),
        };
        let rows: Vec<(i64,)> =
            read!(self, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Cards of the published articles with these ids (as of `now`), in the order given.
    pub async fn list_cards_by_ids(&self, ids: &[i64], now: i64) -> Result<Vec<ArticleCard>> {
        let mut cards = self.list_cards_where_ids(ids, now).await?;
        let pos = |id: i64| ids.iter().position(|x| *x == id).unwrap_or(usize::MAX);
        cards.sort_by_key(|c| pos(c.id));
        Ok(cards)
    }

    /// Plain body text of these articles, as `(id, text)`, for search snippets.
    pub async fn list_body_texts(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, body_text FROM articles WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let rows: Vec<(i64, crate::direct::LongText)> =
            self.select_all(&sql, &crate::direct::int_args(ids)).await?;
        Ok(rows.into_iter().map(|(id, t)| (id, t.0)).collect())
    }

    /// Adds bylines, sections and tags to article rows: three queries for the whole batch.
    async fn complete_docs(&self, rows: Vec<DocRow>) -> Result<Vec<SearchDoc>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let marks = placeholders(1, ids.len());
        let authors_sql = format!(
            "SELECT aa.article_id, au.id, au.name, '' FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id IN ({marks}) ORDER BY aa.article_id, aa.position"
        );
        let sections_sql = format!(
            "SELECT x.article_id, s.id, s.name_sq, s.name_en FROM article_sections x JOIN sections s ON s.id = x.section_id \
             WHERE x.article_id IN ({marks}) ORDER BY x.article_id, x.position"
        );
        let tags_sql = format!(
            "SELECT x.article_id, t.id, t.name_sq, t.name_en FROM article_tags x JOIN tags t ON t.id = x.tag_id \
             WHERE x.article_id IN ({marks}) ORDER BY x.article_id, t.id"
        );
        let authors = self.named_links(&authors_sql, &ids).await?;
        let sections = self.named_links(&sections_sql, &ids).await?;
        let tags = self.named_links(&tags_sql, &ids).await?;
        rows.into_iter()
            .map(|r| {
                let lang = parse_locale(&r.lang)?;
                let pick = |links: &[(i64, i64, String, String)], localized: bool| {
                    let mine = links.iter().filter(|l| l.0 == r.id);
                    let ids: Vec<i64> = mine.clone().map(|l| l.1).collect();
                    let names: Vec<String> = mine
                        .map(|l| match (localized, lang) {
                            (true, Locale::En) => l.3.clone(),
                            _ => l.2.clone(),
                        })
                        .collect();
                    (ids, names)
                };
                let (author_ids, author_names) = pick(&authors, false);
                let (section_ids, section_names) = pick(&sections, true);
                let (tag_ids, tag_names) = pick(&tags, true);
                Ok(SearchDoc {
                    id: r.id,
                    lang,
                    translation_group: r.translation_group,
                    published: r.status == "published",
                    published_at: r.published_at.unwrap_or(r.updated_at),
                    title: r.title,
                    standfirst: r.standfirst,
                    body_text: r.body_text,
                    author_ids,
                    author_names,
                    section_ids,
                    section_names,
                    tag_ids,
                    tag_names,
                })
            })
            .collect()
    }

    /// `(article_id, term_id, name_sq, name_en)` rows of one link query over `ids`.
    async fn named_links(&self, sql: &str, ids: &[i64]) -> Result<Vec<(i64, i64, String, String)>> {
        Ok(read!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await?
        }))
    }
}
