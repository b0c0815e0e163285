//! The public reading site: home, sections, tags, regions, authors, articles and static
//! pages, in Albanian under `/sq/` and English under `/en/`; their feeds, the sitemaps and
//! robots.txt; the beacon that counts article views.

mod article;
mod beacon;
mod feeds;
mod home;
mod listing;
mod misc;
mod search;
mod sitemaps;

pub(crate) use article::preview_html;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use domain::Locale;
use serde::Serialize;

use crate::cache::Deps;
use crate::chrome::Chrome;
use crate::respond::{self, Rendered};
use crate::{AppError, AppState};

/// Routes of the public site.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(misc::pick_language))
        .route("/healthz", get(misc::healthz))
        .route("/robots.txt", get(sitemaps::robots))
        .route("/sitemap.xml", get(sitemaps::show_index))
        .route("/sitemap-news.xml", get(sitemaps::show_news))
        .route("/sitemaps/{file}", get(sitemaps::show_sitemap))
        .route("/feed.xml", get(feeds::show_site_feed))
        .route("/atom.xml", get(feeds::show_site_feed))
        .route("/feed.json", get(feeds::show_site_feed))
        .route("/favicon.ico", get(misc::favicon))
        .route("/assets/{file}", get(misc::asset))
        .route("/media/{*path}", get(misc::media))
        // Not under `/{lang}/`, whose second segment is a section's slug: an article id
        // names its language.
        .route("/v/{id}", post(beacon::count_view))
        .route("/{lang}", get(misc::language_root))
        .route("/{lang}/", get(home::show_home))
        .route("/{lang}/feed.xml", get(feeds::show_language_feed))
        .route("/{lang}/atom.xml", get(feeds::show_language_feed))
        .route("/{lang}/feed.json", get(feeds::show_language_feed))
        .route("/{lang}/{slug}", get(listing::show_section_or_page))
        .route("/{lang}/{slug}/", get(listing::show_section_or_page))
        .route("/{lang}/{first}/{slug}", get(dispatch_three))
        .route("/{lang}/{first}/{slug}/{file}", get(feeds::show_term_feed))
        .route_layer(axum::middleware::from_fn(one_snapshot))
}

/// Every public request reads the database as of one moment, in one read transaction (on
/// SQLite also one connection, locked once): its handlers only read.
async fn one_snapshot(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    store::one_snapshot(next.run(req)).await
}

async fn dispatch_three(
    state: State<AppState>,
    Path((lang, first, slug)): Path<(String, String, String)>,
    query: RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let locale = parse_lang(&lang)?;
    if let Some(format) = render::FeedFormat::from_file_name(&slug) {
        return feeds::show_section_feed(&state, &headers, locale, &first, format).await;
    }
    let urls = crate::views::Urls::new(locale);
    if first == urls.word("search") && slug == "live" {
        let c = crate::chrome::chrome(&state, locale).await?;
        return search::show_live(&state, &headers, locale, c, query.0.as_deref()).await;
    }
    let kind = ["tag", "region", "author"]
        .into_iter()
        .find(|w| urls.word(w) == first);
    match kind {
        Some(kind) => listing::show_term(state, locale, kind, slug, query, headers).await,
        None => article::show_article(state, locale, first, slug, headers).await,
    }
}

/// The language of a path segment, or 404.
pub(crate) fn parse_lang(s: &str) -> Result<Locale, AppError> {
    Locale::parse(s).ok_or(AppError::NotFound)
}

/// The `page` query parameter: absent means 1; anything but a number from 1 to 10,000 is a 400.
pub(crate) fn parse_page(query: &Option<String>) -> Result<i64, AppError> {
    let Some(q) = query else { return Ok(1) };
    let mut page = 1;
    for pair in q.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == "page" {
            page = v
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=10_000).contains(p))
                .ok_or(AppError::BadRequest("bad_page"))?;
        }
    }
    Ok(page)
}

/// A link to the same content in another language, for `hreflang`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: Locale,
    pub url: String,
}

/// The frame every public page shares.
#[derive(Debug, Serialize)]
pub struct PageCtx<T: Serialize> {
    pub lang: Locale,
    #[serde(serialize_with = "chrome_for_templates")]
    pub chrome: Arc<Chrome>,
    pub title: String,
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    /// Where the language switch leads.
    pub switch_url: String,
    pub today: i64,
    pub body_class: &'static str,
    pub breadcrumbs: Vec<crate::views::Link>,
    pub og_type: &'static str,
    pub seo: crate::seo::Seo,
    #[serde(flatten)]
    pub content: T,
}

/// The chrome as converted once for templates.
fn chrome_for_templates<S: serde::Serializer>(c: &Arc<Chrome>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&c.for_templates, s)
}

/// Renders `template` inside the frame and finishes the response.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_page<T: Serialize>(
    state: &AppState,
    headers: &HeaderMap,
    cache_key: String,
    generation: u64,
    template: &str,
    ctx: PageCtx<T>,
    mut deps: Deps,
    last_modified: i64,
) -> Result<Response, AppError> {
    let mut ctx = ctx;
    if ctx.seo.x_default.is_none() {
        ctx.seo.x_default = x_default(&ctx.alternates, ctx.chrome.site.default_locale);
    }
    deps.lang = Some(ctx.lang);
    deps.listings = true;
    deps.articles.extend(ctx.chrome.article_ids.iter().copied());
    let lang = ctx.lang;
    let lm = last_modified.max(ctx.chrome.updated_at);
    let html = state.templates.render(template, &ctx)?;
    let chrome = Some((ctx.chrome.clone(), ctx.body_class == "home"));
    Ok(respond::finish(
        state,
        headers,
        Some(cache_key),
        generation,
        Rendered {
            status: StatusCode::OK,
            html,
            content_type: respond::HTML,
            lang: Some(lang),
            deps,
            last_modified: lm,
            fresh_until: 0,
            chrome,
        },
    ))
}

/// The `x-default` alternate of a page that exists in several languages: the version in the
/// site's default language, else the first.
fn x_default(alternates: &[Alternate], default: Locale) -> Option<String> {
    if alternates.len() < 2 {
        return None;
    }
    alternates
        .iter()
        .find(|a| a.lang == default)
        .or(alternates.first())
        .map(|a| a.url.clone())
}

/// Serves from the page cache when possible; otherwise returns the cache generation to
/// render at (the page is stored only if no invalidation happens meanwhile).
pub(crate) fn cached(state: &AppState, headers: &HeaderMap, key: &str) -> Result<Response, u64> {
    match state.cache.get(key, state.clock.now()) {
        Some(page) => Ok(respond::serve_cached(headers, &page)),
        None => Err(state.cache.generation()),
    }
}

/// The absolute form of a site path.
pub(crate) fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{}", state.config.base_url, path)
}
