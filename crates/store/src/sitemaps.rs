//! Reads for XML sitemaps: the months that hold published articles (the sitemap index) and
//! the articles of one time range with their translations (a month's sitemap, the news
//! sitemap). Each is one query over an index, whatever the archive's size.

use domain::{Document, Locale};

use crate::{Db, Error, Result, parse_locale, read};

/// One month of one language that holds published articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SitemapMonth {
    pub lang: Locale,
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    pub articles: i64,
    /// Newest `updated_at` of the month's articles.
    pub last_modified: i64,
}

/// A translation of a sitemap article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapTranslation {
    pub lang: Locale,
    pub slug: String,
    pub primary_section_id: Option<i64>,
}

/// What a sitemap says about one published article.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapArticle {
    pub id: i64,
    pub lang: Locale,
    pub slug: String,
    pub title: String,
    pub primary_section_id: Option<i64>,
    pub published_at: i64,
    pub updated_at: i64,
    /// The featured image first, then the body's figures, without repeats.
    pub media_ids: Vec<i64>,
    /// Published translations (other languages of the same translation group).
    pub translations: Vec<SitemapTranslation>,
}

#[derive(sqlx::FromRow)]
struct MonthRow {
    lang: String,
    published_month: i64,
    articles: i64,
    last_modified: i64,
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    lang: String,
    slug: String,
    title: String,
    primary_section_id: Option<i64>,
    published_at: i64,
    updated_at: i64,
    featured_media_id: Option<i64>,
    body: String,
    t_lang: Option<String>,
    t_slug: Option<String>,
    t_section: Option<i64>,
}

/// The first second of a month (UTC) and of the month after it; `None` for a month that is
/// not 1 to 12 or a year outside 1970..=9999.
pub fn month_bounds(year: i32, month: u8) -> Option<(i64, i64)> {
    if !(1970..=9999).contains(&year) {
        return None;
    }
    let m = time::Month::try_from(month).ok()?;
    let start = time::Date::from_calendar_date(year, m, 1).ok()?;
    let (ny, nm) = if m == time::Month::December {
        (year + 1, time::Month::January)
    } else {
        (year, m.next())
    };
    let end = time::Date::from_calendar_date(ny, nm, 1).ok()?;
    let ts = |d: time::Date| d.midnight().assume_utc().unix_timestamp();
    Some((ts(start), ts(end)))
}

impl Db {
    /// Months (per language) that hold articles published up to `now`, newest first. One
    /// `GROUP BY` over the `articles_months` index, which holds every column it reads.
    pub async fn list_sitemap_months(&self, now: i64) -> Result<Vec<SitemapMonth>> {
        let rows: Vec<MonthRow> = read!(self, pool => sqlx::query_as(
            "SELECT lang, published_month, COUNT(*) AS articles, MAX(updated_at) AS last_modified \
             FROM articles WHERE status = 'published' AND published_at <= $1 AND published_month IS NOT NULL \
             GROUP BY lang, published_month ORDER BY published_month DESC, lang"
        ).bind(now).fetch_all(pool).await?);
        rows.into_iter()
            .map(|r| {
                let bad = || Error::Corrupt(format!("publication month {}", r.published_month));
                Ok(SitemapMonth {
                    lang: parse_locale(&r.lang)?,
                    year: i32::try_from(r.published_month / 100).map_err(|_| bad())?,
                    month: u8::try_from(r.published_month % 100).map_err(|_| bad())?,
                    articles: r.articles,
                    last_modified: r.last_modified,
                })
            })
            .collect()
    }

    /// Articles in `lang` published in `[from, to)` and not after `now`, newest first, at
    /// most `limit`, each with its published translations. One range scan of the listing
    /// index, joined to translations through `articles_group`.
    pub async fn list_sitemap_articles(
        &self,
        lang: Locale,
        from: i64,
        to: i64,
        now: i64,
        limit: i64,
    ) -> Result<Vec<SitemapArticle>> {
        let rows: Vec<ArticleRow> = read!(self, pool => sqlx::query_as(
            "SELECT a.id, a.lang, a.slug, a.title, a.primary_section_id, a.published_at, a.updated_at, a.featured_media_id, a.body, \
                    t.lang AS t_lang, t.slug AS t_slug, t.primary_section_id AS t_section \
             FROM (SELECT id, lang, slug, title, primary_section_id, published_at, updated_at, featured_media_id, body, translation_group \
                   FROM articles WHERE lang = $1 AND status = 'published' AND published_at >= $2 AND published_at < $3 AND published_at <= $4 \
                   ORDER BY published_at DESC, id DESC LIMIT $5) a \
             LEFT JOIN articles t ON t.translation_group = a.translation_group AND t.id <> a.id \
                   AND t.status = 'published' AND t.published_at <= $4 \
             ORDER BY a.published_at DESC, a.id DESC, t.lang"
        ).bind(lang.code()).bind(from).bind(to).bind(now).bind(limit).fetch_all(pool).await?);
        let mut out: Vec<SitemapArticle> = Vec::new();
        for r in rows {
            let translation = match (r.t_lang, r.t_slug) {
                (Some(l), Some(slug)) => Some(SitemapTranslation {
                    lang: parse_locale(&l)?,
                    slug,
                    primary_section_id: r.t_section,
                }),
                _ => None,
            };
            if let Some(last) = out.last_mut().filter(|a| a.id == r.id) {
                last.translations.extend(translation);
                continue;
            }
            let body = Document::from_json(&r.body)
                .map_err(|e| Error::Corrupt(format!("article {} body: {e}", r.id)))?;
            let mut media_ids: Vec<i64> = r.featured_media_id.into_iter().collect();
            for id in body.media_ids() {
                if !media_ids.contains(&id) {
                    media_ids.push(id);
                }
            }
            out.push(SitemapArticle {
                id: r.id,
                lang: parse_locale(&r.lang)?,
                slug: r.slug,
                title: r.title,
                primary_section_id: r.primary_section_id,
                published_at: r.published_at,
                updated_at: r.updated_at,
                media_ids,
                translations: translation.into_iter().collect(),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::month_bounds;

    #[test]
    fn months_have_exact_bounds() {
        assert_eq!(month_bounds(1970, 1), Some((0, 31 * 86_400)));
        let (start, end) = month_bounds(2024, 2).expect("valid");
        assert_eq!(end - start, 29 * 86_400, "leap February");
        let (_, dec_end) = month_bounds(2026, 12).expect("valid");
        assert_eq!(Some(dec_end), month_bounds(2027, 1).map(|(s, _)| s));
        assert_eq!(month_bounds(2026, 0), None);
        assert_eq!(month_bounds(2026, 13), None);
        assert_eq!(month_bounds(1969, 12), None);
    }
}
