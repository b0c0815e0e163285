//! XML sitemaps: `/sitemap.xml` (the index), `/sitemaps/{lang}-{YYYY}-{MM}.xml` (a month of
//! articles with images and language alternates), `/sitemaps/pages.xml` (home, sections,
//! tags, regions, authors, static pages) and `/sitemap-news.xml` (Google News: the last 48
//! hours). All go through the page cache like listing pages; robots.txt lists them.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{Locale, Section};
use render::sitemaps::{NewsEntry, SitemapUrl, write_index, write_urlset};
use store::sitemaps::{SitemapArticle, month_bounds};

use super::{absolute, cached};
use crate::cache::Deps;
use crate::chrome::chrome;
use crate::respond::{self, Rendered};
use crate::views::{Urls, article_path};
use crate::{AppError, AppState};

const XML: &str = "application/xml; charset=utf-8";
/// Google News reads articles of the last two days.
pub const NEWS_WINDOW: i64 = 48 * 3600;
/// The most URLs one sitemap may hold (sitemaps.org), and one news sitemap (Google).
const MAX_URLS: i64 = 50_000;
const MAX_NEWS: i64 = 1_000;
/// How long a news sitemap may be served from the cache, since it changes with the clock.
const NEWS_FRESH: i64 = 300;

/// `GET /robots.txt`: everything may be crawled; where the sitemaps are.
pub async fn robots(State(state): State<AppState>) -> Response {
    let base = &state.config.base_url;
    let body = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\nSitemap: {base}/sitemap-news.xml\n"
    );
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Finishes an XML sitemap response through the page cache.
fn finish(
    state: &AppState,
    headers: &HeaderMap,
    key: &str,
    generation: u64,
    xml: String,
    last_modified: i64,
    fresh_until: i64,
) -> Response {
    let deps = Deps {
        listings: true,
        // The sitemap of pages lists every tag and author by slug.
        all_terms: key == "/sitemaps/pages.xml",
        ..Deps::default()
    };
    respond::finish(
        state,
        headers,
        Some(key.to_owned()),
        generation,
        Rendered {
            status: StatusCode::OK,
            html: xml,
            content_type: XML,
            lang: None,
            deps,
            last_modified,
            fresh_until,
            chrome: None,
        },
    )
}

fn month_path(lang: Locale, year: i32, month: u8) -> String {
    format!("/sitemaps/{lang}-{year:04}-{month:02}.xml")
}

/// `GET /sitemap.xml`: the static sitemap, the news sitemap and one sitemap per month and
/// language that holds articles.
pub async fn show_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let key = "/sitemap.xml";
    let watermark = match cached(&state, &headers, key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let months = state.db.list_sitemap_months(state.clock.now()).await?;
    let newest = months.iter().map(|m| m.last_modified).max();
    let mut entries = vec![
        (absolute(&state, "/sitemaps/pages.xml"), None),
        (absolute(&state, "/sitemap-news.xml"), newest),
    ];
    entries.extend(months.iter().map(|m| {
        (
            absolute(&state, &month_path(m.lang, m.year, m.month)),
            Some(m.last_modified),
        )
    }));
    let xml = write_index(&entries);
    Ok(finish(
        &state,
        &headers,
        key,
        watermark,
        xml,
        newest.unwrap_or(0),
        0,
    ))
}

/// Parses `sq-2026-11.xml` into language, year and month; `None` for anything else.
fn parse_month_file(file: &str) -> Option<(Locale, i32, u8)> {
    let stem = file.strip_suffix(".xml")?;
    let mut parts = stem.split('-');
    let lang = Locale::parse(parts.next()?)?;
    let year = parts.next()?;
    let month = parts.next()?;
    if parts.next().is_some()
        || year.len() != 4
        || month.len() != 2
        || !year
            .bytes()
            .chain(month.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some((lang, year.parse().ok()?, month.parse().ok()?))
}

/// `GET /sitemaps/{file}`: `pages.xml` or a month of articles.
pub async fn show_sitemap(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if file == "pages.xml" {
        return show_pages(&state, &headers).await;
    }
    let (lang, year, month) = parse_month_file(&file).ok_or(AppError::NotFound)?;
    let (from, to) = month_bounds(year, month).ok_or(AppError::NotFound)?;
    let key = month_path(lang, year, month);
    let watermark = match cached(&state, &headers, &key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let now = state.clock.now();
    if from > now {
        return Err(AppError::NotFound);
    }
    let articles = state
        .db
        .list_sitemap_articles(lang, from, to, now, MAX_URLS)
        .await?;
    if articles.is_empty() {
        return Err(AppError::NotFound);
    }
    let c = chrome(&state, lang).await?;
    let images = image_urls(&state, &articles).await?;
    let urls: Vec<SitemapUrl> = articles
        .iter()
        .map(|a| article_url(&state, a, &c.sections, c.site.default_locale, &images, None))
        .collect();
    let lm = articles.iter().map(|a| a.updated_at).max().unwrap_or(0);
    Ok(finish(
        &state,
        &headers,
        &key,
        watermark,
        write_urlset(&urls),
        lm,
        0,
    ))
}

/// Absolute URLs of the largest JPEG of every image the articles show, by media id.
async fn image_urls(
    state: &AppState,
    articles: &[SitemapArticle],
) -> Result<HashMap<i64, String>, store::Error> {
    let mut ids: Vec<i64> = articles.iter().flat_map(|a| a.media_ids.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    let media = state.db.list_media_by_ids(&ids).await?;
    Ok(media
        .iter()
        .filter_map(|m| {
            let r = render::html::largest_jpeg(m)?;
            Some((m.id, absolute(state, &format!("/media/{}", r.path))))
        })
        .collect())
}

/// The `<url>` of one article: its images, and its translations as alternates.
fn article_url(
    state: &AppState,
    a: &SitemapArticle,
    sections: &[Section],
    default: Locale,
    images: &HashMap<i64, String>,
    news: Option<NewsEntry>,
) -> SitemapUrl {
    let loc = absolute(
        state,
        &article_path(a.lang, a.primary_section_id, &a.slug, sections),
    );
    let mut alternates = Vec::new();
    if !a.translations.is_empty() {
        let mut versions = vec![(a.lang, loc.clone())];
        versions.extend(a.translations.iter().map(|t| {
            let path = article_path(t.lang, t.primary_section_id, &t.slug, sections);
            (t.lang, absolute(state, &path))
        }));
        let x_default = versions
            .iter()
            .find(|(l, _)| *l == default)
            .unwrap_or(&versions[0])
            .1
            .clone();
        alternates = versions
            .into_iter()
            .map(|(l, u)| (l.code().to_owned(), u))
            .collect();
        alternates.push(("x-default".to_owned(), x_default));
    }
    SitemapUrl {
        loc,
        lastmod: Some(a.updated_at.max(a.published_at)),
        alternates,
        images: a
            .media_ids
            .iter()
            .filter_map(|id| images.get(id).cloned())
            .collect(),
        news,
    }
}

/// A page that exists in both languages: one `<url>` per language, each listing both and
/// `x-default`.
fn pair(state: &AppState, paths: [(Locale, String); 2], default: Locale) -> [SitemapUrl; 2] {
    let abs = paths.map(|(l, p)| (l, absolute(state, &p)));
    let x_default = abs
        .iter()
        .find(|(l, _)| *l == default)
        .map_or_else(|| abs[0].1.clone(), |(_, u)| u.clone());
    let mut alternates: Vec<(String, String)> = abs
        .iter()
        .map(|(l, u)| (l.code().to_owned(), u.clone()))
        .collect();
    alternates.push(("x-default".to_owned(), x_default));
    abs.map(|(_, loc)| SitemapUrl {
        loc,
        alternates: alternates.clone(),
        ..SitemapUrl::default()
    })
}

/// Both language versions of a term page, given the path builder of one language.
fn both(f: impl Fn(Urls) -> String) -> [(Locale, String); 2] {
    Locale::ALL.map(|l| (l, f(Urls::new(l))))
}

/// `GET /sitemaps/pages.xml`: home pages, sections, tags, regions, authors, static pages.
async fn show_pages(state: &AppState, headers: &HeaderMap) -> Result<Response, AppError> {
    let key = "/sitemaps/pages.xml";
    let watermark = match cached(state, headers, key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let c = chrome(state, Locale::Sq).await?;
    let (tags, authors, pages) = tokio::try_join!(
        state.db.list_tags(),
        state.db.list_authors(),
        state.db.list_page_links(),
    )?;
    let default = c.site.default_locale;
    let mut urls: Vec<SitemapUrl> = Vec::new();
    let mut home = pair(state, both(|u| u.home()), default);
    for h in &mut home {
        if let Some(x) = h.alternates.iter_mut().find(|(l, _)| l == "x-default") {
            // The bare domain picks the reader's language.
            x.1 = absolute(state, "/");
        }
    }
    urls.extend(home);
    for s in &c.sections {
        urls.extend(pair(state, both(|u| u.section(s)), default));
    }
    for t in &tags {
        urls.extend(pair(state, both(|u| u.tag(t)), default));
    }
    for r in &c.region_list {
        urls.extend(pair(state, both(|u| u.region(r)), default));
    }
    for a in &authors {
        urls.extend(pair(state, both(|u| u.author(a)), default));
    }
    urls.extend(static_pages(state, &pages, default));
    Ok(finish(
        state,
        headers,
        key,
        watermark,
        write_urlset(&urls),
        0,
        0,
    ))
}

/// Static pages, with their translations as alternates.
fn static_pages(
    state: &AppState,
    pages: &[(String, Locale, String, String, i64)],
    default: Locale,
) -> Vec<SitemapUrl> {
    let mut groups: HashMap<i64, Vec<(Locale, String)>> = HashMap::new();
    for (_, lang, slug, _, group) in pages {
        groups
            .entry(*group)
            .or_default()
            .push((*lang, Urls::new(*lang).page(slug)));
    }
    let mut out = Vec::new();
    let mut keys: Vec<&i64> = groups.keys().collect();
    keys.sort();
    for g in keys {
        let versions = &groups[g];
        match <[(Locale, String); 2]>::try_from(versions.clone()) {
            Ok(two) if two[0].0 != two[1].0 => out.extend(pair(state, two, default)),
            _ => out.extend(versions.iter().map(|(_, p)| SitemapUrl {
                loc: absolute(state, p),
                ..SitemapUrl::default()
            })),
        }
    }
    out
}

/// `GET /sitemap-news.xml`: articles of both languages published in the last 48 hours.
pub async fn show_news(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let key = "/sitemap-news.xml";
    let watermark = match cached(&state, &headers, key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let now = state.clock.now();
    let from = now - NEWS_WINDOW;
    let (sq, en) = tokio::try_join!(
        state
            .db
            .list_sitemap_articles(Locale::Sq, from, now + 1, now, MAX_NEWS),
        state
            .db
            .list_sitemap_articles(Locale::En, from, now + 1, now, MAX_NEWS),
    )?;
    let mut articles: Vec<SitemapArticle> = sq.into_iter().chain(en).collect();
    articles.sort_by_key(|a| std::cmp::Reverse((a.published_at, a.id)));
    articles.truncate(usize::try_from(MAX_NEWS).unwrap_or(1000));
    let c = chrome(&state, Locale::Sq).await?;
    let images = image_urls(&state, &articles).await?;
    let urls: Vec<SitemapUrl> = articles
        .iter()
        .map(|a| {
            let news = NewsEntry {
                publication_name: c.site.site_name.clone(),
                language: a.lang.code().to_owned(),
                published: a.published_at,
                title: a.title.clone(),
            };
            article_url(
                &state,
                a,
                &c.sections,
                c.site.default_locale,
                &images,
                Some(news),
            )
        })
        .collect();
    // Stale when the oldest entry leaves the window, and after a few minutes at most.
    let fresh_until = articles
        .iter()
        .map(|a| a.published_at + NEWS_WINDOW)
        .min()
        .unwrap_or(i64::MAX)
        .min(now + NEWS_FRESH);
    let lm = articles.iter().map(|a| a.updated_at).max().unwrap_or(0);
    Ok(finish(
        &state,
        &headers,
        key,
        watermark,
        write_urlset(&urls),
        lm,
        fresh_until,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_files_parse_strictly() {
        assert_eq!(
            parse_month_file("sq-2026-11.xml"),
            Some((Locale::Sq, 2026, 11))
        );
        assert_eq!(parse_month_file("en-0001-01.xml"), Some((Locale::En, 1, 1)));
        for bad in [
            "de-2026-11.xml",
            "sq-2026-1.xml",
            "sq-26-11.xml",
            "sq-2026-11",
            "sq-2026-11-01.xml",
            "sq-+026-11.xml",
            "sq-2026-aa.xml",
            "",
        ] {
            assert_eq!(parse_month_file(bad), None, "{bad}");
        }
    }
}
