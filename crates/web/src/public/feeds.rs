//! Feeds: RSS 2.0, Atom and JSON Feed of the newest 30 articles of the whole site
//! (`/feed.xml`, both languages), of a language (`/{lang}/feed.xml`), and of a section, tag,
//! region or author (`/{lang}/{section}/feed.xml`, `/{lang}/{word}/{slug}/feed.xml`), each
//! also as `atom.xml` and `feed.json`. Items carry the whole article with absolute URLs.
//! Feeds go through the page cache like listing pages, in a fixed number of queries.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use domain::{Article, ArticleCard, Locale};
use render::FeedFormat;
use render::feeds::{Feed, FeedCategory, FeedImage, FeedItem, FeedPerson};
use store::articles::{ArticleTerms, Listing};

use super::{absolute, cached, parse_lang};
use crate::cache::Deps;
use crate::chrome::{Chrome, chrome};
use crate::respond::{self, Rendered};
use crate::seo::feed_path;
use crate::views::{Extras, Urls};
use crate::{AppError, AppState};

/// Articles per feed.
pub const FEED_ITEMS: i64 = 30;

/// What a feed lists.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// Both languages.
    Site,
    Language(Locale),
    Term(Locale, Listing),
}

/// The page a feed follows and its name.
struct Subject {
    scope: Scope,
    /// Site path of the HTML page the feed follows.
    page: String,
    name: String,
}

/// The format named by the last segment of the request path, or 404.
fn format_of(uri: &Uri) -> Result<FeedFormat, AppError> {
    let last = uri.path().rsplit('/').next().unwrap_or("");
    FeedFormat::from_file_name(last).ok_or(AppError::NotFound)
}

/// `GET /feed.xml`, `/atom.xml`, `/feed.json`: both languages.
pub async fn show_site_feed(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let format = format_of(&uri)?;
    let c = chrome(&state, Locale::Sq).await?;
    let subject = Subject {
        scope: Scope::Site,
        page: "/".into(),
        name: c.site.site_name.clone(),
    };
    serve(&state, &headers, format, subject).await
}

/// `GET /{lang}/feed.xml` (and `atom.xml`, `feed.json`).
pub async fn show_language_feed(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = parse_lang(&lang)?;
    let format = format_of(&uri)?;
    let c = chrome(&state, lang).await?;
    let subject = Subject {
        scope: Scope::Language(lang),
        page: Urls::new(lang).home(),
        name: c.site.site_name.clone(),
    };
    serve(&state, &headers, format, subject).await
}

/// `GET /{lang}/{section}/feed.xml`.
pub async fn show_section_feed(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    section_slug: &str,
    format: FeedFormat,
) -> Result<Response, AppError> {
    let c = chrome(state, lang).await?;
    let section = c.section_by_slug(section_slug).ok_or(AppError::NotFound)?;
    let subject = Subject {
        scope: Scope::Term(lang, Listing::Section(section.id)),
        page: Urls::new(lang).section(section),
        name: section.name.get(lang).to_owned(),
    };
    serve(state, headers, format, subject).await
}

/// `GET /{lang}/{tag|region|author word}/{slug}/feed.xml`.
pub async fn show_term_feed(
    State(state): State<AppState>,
    Path((lang, word, slug, file)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = parse_lang(&lang)?;
    let format = FeedFormat::from_file_name(&file).ok_or(AppError::NotFound)?;
    let urls = Urls::new(lang);
    let subject = if word == urls.word("tag") {
        let tag = state
            .db
            .find_tag_by_slug(lang, &slug)
            .await?
            .ok_or(AppError::NotFound)?;
        Subject {
            scope: Scope::Term(lang, Listing::Tag(tag.id)),
            page: urls.tag(&tag),
            name: tag.name.get(lang).to_owned(),
        }
    } else if word == urls.word("region") {
        let c = chrome(&state, lang).await?;
        let region = c.region_by_slug(&slug).ok_or(AppError::NotFound)?;
        Subject {
            scope: Scope::Term(lang, Listing::Region(region.id)),
            page: urls.region(region),
            name: region.name.get(lang).to_owned(),
        }
    } else if word == urls.word("author") {
        let author = state
            .db
            .find_author_by_slug(&slug)
            .await?
            .ok_or(AppError::NotFound)?;
        Subject {
            scope: Scope::Term(lang, Listing::Author(author.id)),
            page: urls.author(&author),
            name: author.name.clone(),
        }
    } else {
        return Err(AppError::NotFound);
    };
    serve(&state, &headers, format, subject).await
}

/// Serves a feed from the page cache, or builds, caches and serves it.
async fn serve(
    state: &AppState,
    headers: &HeaderMap,
    format: FeedFormat,
    subject: Subject,
) -> Result<Response, AppError> {
    let key = feed_path(&subject.page, format);
    let watermark = match cached(state, headers, &key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let lang = match subject.scope {
        Scope::Site => None,
        Scope::Language(l) | Scope::Term(l, _) => Some(l),
    };
    let c = chrome(state, lang.unwrap_or(Locale::Sq)).await?;
    let cards = newest(state, subject.scope).await?;
    let feed = build(state, &c, &subject, lang, &cards).await?;
    let mut deps = Deps {
        lang,
        listings: true,
        ..Deps::default()
    };
    deps.articles.extend(cards.iter().map(|c| c.id));
    if let Scope::Term(_, which @ (Listing::Tag(_) | Listing::Author(_))) = subject.scope {
        deps.terms.insert(which);
    }
    Ok(respond::finish(
        state,
        headers,
        Some(key),
        watermark,
        Rendered {
            status: StatusCode::OK,
            html: render::feeds::write_feed(&feed, format),
            content_type: format.content_type(),
            lang,
            deps,
            last_modified: feed.updated,
            fresh_until: 0,
            chrome: None,
        },
    ))
}

/// The newest articles of a scope: one listing query (two for both languages).
async fn newest(state: &AppState, scope: Scope) -> Result<Vec<ArticleCard>, store::Error> {
    let now = state.clock.now();
    match scope {
        Scope::Site => {
            let (sq, en) = tokio::try_join!(
                state.db.list_latest(Locale::Sq, FEED_ITEMS, now),
                state.db.list_latest(Locale::En, FEED_ITEMS, now),
            )?;
            let mut all: Vec<ArticleCard> = sq.into_iter().chain(en).collect();
            all.sort_by_key(|c| std::cmp::Reverse((c.published_at, c.id)));
            all.truncate(usize::try_from(FEED_ITEMS).unwrap_or(30));
            Ok(all)
        }
        Scope::Language(l) => state.db.list_latest(l, FEED_ITEMS, now).await,
        Scope::Term(l, listing) => {
            state
                .db
                .list_cards_page(l, listing, FEED_ITEMS, 0, now)
                .await
        }
    }
}

/// Loads what the items need (bodies, terms, tags, bylines, images: five queries whatever
/// the number of items) and assembles the feed.
async fn build(
    state: &AppState,
    c: &Chrome,
    subject: &Subject,
    lang: Option<Locale>,
    cards: &[ArticleCard],
) -> Result<Feed, AppError> {
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let (articles, terms) = tokio::try_join!(
        state.db.list_articles_by_ids(&ids),
        state.db.list_terms_of_articles(&ids),
    )?;
    let mut tag_ids: Vec<i64> = terms.values().flat_map(|t| t.tag_ids.clone()).collect();
    tag_ids.sort_unstable();
    tag_ids.dedup();
    let mut media_ids: Vec<i64> = Vec::new();
    for a in &articles {
        media_ids.extend(a.featured_media_id);
        media_ids.extend(a.body.media_ids());
    }
    let refs: Vec<&ArticleCard> = cards.iter().collect();
    let (tags, extras) = tokio::try_join!(
        async {
            state
                .db
                .list_tags_by_ids(&tag_ids)
                .await
                .map_err(AppError::from)
        },
        async {
            Extras::load(state, &refs, &[], &media_ids)
                .await
                .map_err(AppError::from)
        },
    )?;
    let sizes = file_sizes(state, &articles, &extras).await;
    let by_id: HashMap<i64, &Article> = articles.iter().map(|a| (a.id, a)).collect();
    let tags: HashMap<i64, &domain::Tag> = tags.iter().map(|t| (t.id, t)).collect();
    let items: Vec<FeedItem> = cards
        .iter()
        .filter_map(|card| by_id.get(&card.id))
        .map(|a| {
            let none = ArticleTerms::default();
            let t = terms.get(&a.id).unwrap_or(&none);
            item(state, c, a, t, &tags, &extras, &sizes)
        })
        .collect();
    let updated = cards
        .iter()
        .map(|c| c.updated_at.max(c.published_at))
        .max()
        .unwrap_or(0);
    let self_urls = FeedFormat::ALL.map(|f| absolute(state, &feed_path(&subject.page, f)));
    let (title, description) = titles(c, subject, lang);
    Ok(Feed {
        title,
        description,
        lang,
        home_url: absolute(state, &subject.page),
        self_urls,
        site_name: c.site.site_name.clone(),
        site_url: absolute(state, "/"),
        updated,
        items,
    })
}

/// Title and description of a feed, in its language (the default one for both).
fn titles(c: &Chrome, subject: &Subject, lang: Option<Locale>) -> (String, String) {
    let site = &c.site.site_name;
    match subject.scope {
        Scope::Site => (
            site.clone(),
            render::t(c.site.default_locale, "feed-description-site"),
        ),
        Scope::Language(l) => (site.clone(), c.site.tagline.get(l).to_owned()),
        Scope::Term(..) => {
            let l = lang.unwrap_or(c.site.default_locale);
            (
                format!("{} — {site}", subject.name),
                render::t_args(
                    l,
                    "feed-description-term",
                    &[("name", subject.name.as_str().into())],
                ),
            )
        }
    }
}

/// One feed item: the article with its figures and endnotes, authors, sections and tags as
/// categories, the featured image as enclosure.
fn item(
    state: &AppState,
    c: &Chrome,
    a: &Article,
    terms: &ArticleTerms,
    tags: &HashMap<i64, &domain::Tag>,
    extras: &Extras,
    sizes: &HashMap<String, u64>,
) -> FeedItem {
    let lang = a.lang;
    let urls = Urls::new(lang);
    let url = absolute(
        state,
        &crate::views::article_path(lang, a.primary_section_id, &a.slug, &c.sections),
    );
    let hero = a.featured_media_id.and_then(|id| extras.media.get(&id));
    let image = hero.and_then(|m| {
        let r = render::html::largest_jpeg(m)?;
        Some(FeedImage {
            url: absolute(state, &format!("/media/{}", r.path)),
            mime: r.mime.clone(),
            length: sizes.get(&r.path).copied().unwrap_or(0),
        })
    });
    let mut categories: Vec<FeedCategory> = terms
        .section_ids
        .iter()
        .filter_map(|id| c.section(*id))
        .map(|s| FeedCategory {
            term: s.slug.get(lang).to_owned(),
            label: s.name.get(lang).to_owned(),
            url: absolute(state, &urls.section(s)),
        })
        .collect();
    categories.extend(
        terms
            .tag_ids
            .iter()
            .filter_map(|id| tags.get(id))
            .map(|t| FeedCategory {
                term: t.slug.get(lang).to_owned(),
                label: t.name.get(lang).to_owned(),
                url: absolute(state, &urls.tag(t)),
            }),
    );
    let authors = extras
        .bylines
        .get(&a.id)
        .map(|list| {
            list.iter()
                .map(|au| FeedPerson {
                    name: au.name.clone(),
                    url: absolute(state, &urls.author(au)),
                })
                .collect()
        })
        .unwrap_or_default();
    FeedItem {
        content_html: content_html(state, a, hero, &extras.media, &url),
        url,
        title: a.title.clone(),
        summary: if a.seo_description.is_empty() {
            a.standfirst.clone()
        } else {
            a.seo_description.clone()
        },
        lang,
        published: a.published_at.unwrap_or(a.created_at),
        updated: a.updated_at,
        authors,
        categories,
        image,
    }
}

/// The article as feed HTML: featured image, standfirst, body, then the endnotes.
fn content_html(
    state: &AppState,
    a: &Article,
    hero: Option<&domain::Media>,
    media: &render::MediaLookup,
    url: &str,
) -> String {
    let lang = a.lang;
    let base = state.config.base_url.as_str();
    let mut out = String::new();
    if let Some(m) = hero {
        // The featured image as the document renderer writes a figure.
        let doc = domain::Document {
            version: 1,
            blocks: vec![domain::Block::Figure {
                media_id: m.id,
                caption: Vec::new(),
                credit: None,
            }],
            footnotes: Vec::new(),
        };
        let links = render::Links::Absolute { base, page: url };
        out.push_str(&render::render_document_with(&doc, lang, media, links).body);
    }
    if !a.standfirst.is_empty() {
        out.push_str("<p><strong>");
        out.push_str(&render::escape(&a.standfirst));
        out.push_str("</strong></p>\n");
    }
    let links = render::Links::Absolute { base, page: url };
    let doc = render::render_document_with(&a.body, lang, media, links);
    out.push_str(&doc.body);
    if !doc.endnotes.is_empty() {
        out.push_str("<h2>");
        out.push_str(&render::escape(&render::t(lang, "notes-heading")));
        out.push_str("</h2>\n");
        out.push_str(&doc.endnotes);
    }
    out
}

/// Byte sizes of the featured images' enclosure files, read from the media directory in
/// one blocking task. A missing file has no size (the enclosure then says 0).
async fn file_sizes(
    state: &AppState,
    articles: &[Article],
    extras: &Extras,
) -> HashMap<String, u64> {
    let paths: Vec<String> = articles
        .iter()
        .filter_map(|a| a.featured_media_id)
        .filter_map(|id| extras.media.get(&id))
        .filter_map(render::html::largest_jpeg)
        .map(|r| r.path.clone())
        .collect();
    let dir = Arc::new(state.config.media_dir.clone());
    tokio::task::spawn_blocking(move || {
        paths
            .into_iter()
            .filter_map(|p| {
                let len = std::fs::metadata(dir.join(&p)).ok()?.len();
                Some((p, len))
            })
            .collect()
    })
    .await
    .unwrap_or_default()
}
