//! The article page.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::Locale;
use serde::Serialize;

use super::{Alternate, PageCtx, absolute, cached, render_page};
use crate::cache::Deps;
use crate::chrome::chrome;
use crate::most_read::{MostReadLists, most_read};
use crate::respond::redirect;
use crate::seo::{self, Seo};
use crate::views::{CardView, Extras, Link, Urls};
use crate::{AppError, AppState};

#[derive(Serialize)]
struct Share {
    key: &'static str,
    name: &'static str,
    url: String,
}

#[derive(Serialize)]
struct ArticleView {
    id: i64,
    /// The newsroom's preview: a banner, no view beacon.
    preview: bool,
    headline: String,
    standfirst: String,
    body_html: String,
    endnotes_html: String,
    author_note: String,
    published_at: i64,
    updated_at: Option<i64>,
    reading_minutes: i32,
    sections: Vec<Link>,
    tags: Vec<Link>,
    regions: Vec<Link>,
    authors: Vec<Link>,
    hero_html: Option<String>,
    hero_caption: String,
    hero_credit: String,
    share: Vec<Share>,
    share_url: String,
    related: Vec<CardView>,
    prev: Option<CardView>,
    next: Option<CardView>,
    most_read: Arc<MostReadLists>,
    corrections: Vec<store::workflow::Correction>,
}

fn share_links(url: &str, title: &str) -> Vec<Share> {
    let u = render::html::percent_encode(url);
    let t = render::html::percent_encode(title);
    vec![
        Share {
            key: "facebook",
            name: "Facebook",
            url: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        },
        Share {
            key: "x",
            name: "X",
            url: format!("https://x.com/intent/post?url={u}&text={t}"),
        },
        Share {
            key: "linkedin",
            name: "LinkedIn",
            url: format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        },
        Share {
            key: "whatsapp",
            name: "WhatsApp",
            url: format!("https://wa.me/?text={t}%20{u}"),
        },
        Share {
            key: "telegram",
            name: "Telegram",
            url: format!("https://t.me/share/url?url={u}&text={t}"),
        },
        Share {
            key: "email",
            name: "E-mail",
            url: format!("mailto:?subject={t}&body={u}"),
        },
    ]
}

/// `GET /{lang}/{section}/{slug}`
pub async fn show_article(
    State(state): State<AppState>,
    lang: Locale,
    section_slug: String,
    slug: String,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let key = format!("/{lang}/{section_slug}/{slug}");
    let watermark = match cached(&state, &headers, &key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let now = state.clock.now();
    let c = chrome(&state, lang).await?;
    let Some(article) = state.db.find_published_article(lang, &slug).await? else {
        if let Some(current) = state.db.find_slug_redirect(lang, &slug).await? {
            return Ok(redirect(
                StatusCode::MOVED_PERMANENTLY,
                &format!("/{lang}/{section_slug}/{current}"),
            ));
        }
        return Err(AppError::NotFound);
    };
    if article.published_at.is_some_and(|p| p > now) {
        return Err(AppError::NotFound);
    }
    let urls = Urls::new(lang);
    let canonical_section = canonical_section(&c, &article, &urls);
    if canonical_section != section_slug {
        return Ok(redirect(
            StatusCode::MOVED_PERMANENTLY,
            &urls.article(canonical_section, &article.slug),
        ));
    }
    let page = article_page(&state, c, &article, now, false).await?;
    render_page(
        &state,
        &headers,
        key,
        watermark,
        "article.html",
        page.ctx,
        page.deps,
        page.last_modified,
    )
}

/// The HTML of an article exactly as its public page shows it, whatever its status, with a
/// "not published" banner and without the view beacon: the newsroom's preview. Never
/// cached; marked `noindex`.
pub(crate) async fn preview_html(
    state: &AppState,
    article: &domain::Article,
) -> Result<String, AppError> {
    let now = state.clock.now();
    let c = chrome(state, article.lang).await?;
    let mut page = article_page(state, c, article, now, true).await?;
    let ctx = &mut page.ctx;
    ctx.seo.noindex = true;
    if ctx.seo.x_default.is_none() {
        ctx.seo.x_default = super::x_default(&ctx.alternates, ctx.chrome.site.default_locale);
    }
    Ok(state.templates.render("article.html", &page.ctx)?)
}

/// The slug of the section an article's canonical URL goes through.
fn canonical_section<'a>(
    c: &'a crate::chrome::Chrome,
    article: &domain::Article,
    urls: &'a Urls,
) -> &'a str {
    let primary = article.primary_section_id.and_then(|id| c.section(id));
    primary.map_or(urls.word("article"), |s| s.slug.get(article.lang))
}

/// An article page ready to render, with what it depends on.
struct ArticlePage {
    ctx: PageCtx<ArticleView>,
    deps: Deps,
    last_modified: i64,
}

/// Builds the article page of `article` (the public page, or its preview).
async fn article_page(
    state: &AppState,
    c: Arc<crate::chrome::Chrome>,
    article: &domain::Article,
    now: i64,
    preview: bool,
) -> Result<ArticlePage, AppError> {
    let lang = article.lang;
    let urls = Urls::new(lang);
    let primary = article.primary_section_id.and_then(|id| c.section(id));
    let canonical_section = canonical_section(&c, article, &urls);
    let groups = [article.translation_group];
    let (terms, translations, (prev, next), corrections) = tokio::try_join!(
        state.db.find_article_terms(article.id),
        state.db.list_translations(&groups),
        state.db.find_neighbours(article, now),
        state.db.list_corrections(article.id),
    )?;
    let mut media_ids = article.body.media_ids();
    media_ids.extend(article.featured_media_id);
    media_ids.extend(article.social_media_id);
    let (related, tags) = tokio::try_join!(
        related_posts(state, article, &terms, now),
        state.db.list_tags_by_ids(&terms.tag_ids),
    )?;
    let mut cards: Vec<&domain::ArticleCard> = related.iter().collect();
    cards.extend(prev.iter());
    cards.extend(next.iter());
    let extras = Extras::load(state, &cards, &[article.id], &media_ids).await?;
    let most_read = most_read(state, &c).await?;
    let doc = render::render_document(&article.body, lang, &extras.media);
    let hero = article
        .featured_media_id
        .and_then(|id| extras.media.get(&id));
    let hero_html = hero.map(|m| {
        let mut s = String::new();
        render::html::picture(&mut s, m, lang, "(min-width: 64rem) 48rem, 100vw", true);
        s
    });
    let path = urls.article(canonical_section, &article.slug);
    let canonical = absolute(state, &path);
    let translation = translations.iter().find(|(_, l, _)| *l != lang);
    let mut alternates = vec![Alternate {
        lang,
        url: canonical.clone(),
    }];
    let mut switch_url = format!("/{}/", lang.other());
    if let Some((_, other_lang, other_slug)) = translation {
        let other_urls = Urls::new(*other_lang);
        let s = primary.map_or(other_urls.word("article"), |s| s.slug.get(*other_lang));
        let u = other_urls.article(s, other_slug);
        alternates.push(Alternate {
            lang: *other_lang,
            url: absolute(state, &u),
        });
        switch_url = u;
    }
    let section_links: Vec<Link> = terms
        .section_ids
        .iter()
        .filter_map(|id| c.section(*id))
        .map(|s| Link {
            name: s.name.get(lang).to_owned(),
            url: urls.section(s),
        })
        .collect();
    let mut breadcrumbs = vec![Link {
        name: render::t(lang, "nav-home"),
        url: format!("/{lang}/"),
    }];
    breadcrumbs.extend(section_links.first().cloned());
    let card = |x: &domain::ArticleCard| extras.card(x, &c.sections, &urls, "6.5rem");
    let updated = (article.updated_at > article.published_at.unwrap_or(0) + 600)
        .then_some(article.updated_at);
    let mut deps = Deps::default();
    deps.articles.insert(article.id);
    deps.articles.extend(cards.iter().map(|c| c.id));
    deps.articles.extend(most_read.ids.iter().copied());
    deps.most_read = true;
    let most_read_at = most_read.changed_at;
    let view = ArticleView {
        id: article.id,
        preview,
        headline: article.title.clone(),
        standfirst: article.standfirst.clone(),
        body_html: doc.body,
        endnotes_html: doc.endnotes,
        author_note: article.author_note.clone(),
        published_at: article.published_at.unwrap_or(article.created_at),
        updated_at: updated,
        reading_minutes: article.reading_minutes,
        sections: section_links,
        tags: tags
            .iter()
            .map(|t| Link {
                name: t.name.get(lang).to_owned(),
                url: urls.tag(t),
            })
            .collect(),
        regions: terms
            .region_ids
            .iter()
            .filter_map(|id| c.region_list.iter().find(|r| r.id == *id))
            .map(|r| Link {
                name: r.name.get(lang).to_owned(),
                url: urls.region(r),
            })
            .collect(),
        authors: extras.byline(article.id, &urls),
        hero_caption: hero
            .map(|m| m.caption.get(lang).to_owned())
            .unwrap_or_default(),
        hero_credit: hero.map(|m| m.credit.clone()).unwrap_or_default(),
        hero_html,
        share: share_links(&canonical, &article.title),
        share_url: canonical.clone(),
        related: related.iter().map(card).collect(),
        prev: prev.as_ref().map(card),
        next: next.as_ref().map(card),
        most_read,
        corrections,
    };
    let title = if article.seo_title.is_empty() {
        article.title.clone()
    } else {
        article.seo_title.clone()
    };
    let description = if article.seo_description.is_empty() {
        article.standfirst.clone()
    } else {
        article.seo_description.clone()
    };
    let seo = article_seo(
        state,
        &c,
        article,
        &extras,
        &view,
        &breadcrumbs,
        &canonical,
        &description,
    );
    let ctx = PageCtx {
        lang,
        title,
        description,
        canonical,
        alternates,
        switch_url,
        today: now,
        body_class: "article",
        breadcrumbs,
        og_type: "article",
        seo,
        chrome: c,
        content: view,
    };
    let last_modified = article.updated_at.max(most_read_at);
    Ok(ArticlePage {
        ctx,
        deps,
        last_modified,
    })
}

/// OpenGraph article tags, the social image and JSON-LD (`NewsArticle` or
/// `OpinionNewsArticle`, `BreadcrumbList`) of an article page.
#[expect(
    clippy::too_many_arguments,
    reason = "metadata restates parts of the page built by the handler"
)]
fn article_seo(
    state: &AppState,
    c: &crate::chrome::Chrome,
    article: &domain::Article,
    extras: &Extras,
    view: &ArticleView,
    breadcrumbs: &[Link],
    canonical: &str,
    description: &str,
) -> Seo {
    let lang = article.lang;
    let image = article
        .social_media_id
        .or(article.featured_media_id)
        .and_then(|id| extras.media.get(&id))
        .and_then(|m| seo::social_image(state, m, lang));
    let authors = extras
        .bylines
        .get(&article.id)
        .map_or(&[][..], Vec::as_slice);
    let author_urls: Vec<String> = view
        .authors
        .iter()
        .map(|a| absolute(state, &a.url))
        .collect();
    let sections: Vec<String> = view.sections.iter().map(|s| s.name.clone()).collect();
    let tags: Vec<String> = view.tags.iter().map(|t| t.name.clone()).collect();
    let published = view.published_at;
    let modified = article.updated_at.max(published);
    let opinion = article
        .primary_section_id
        .and_then(|id| c.section(id))
        .is_some_and(|s| seo::OPINION_SECTIONS.contains(&s.key.as_str()));
    let mut out = Seo {
        article: Some(seo::ArticleMeta {
            published_time: render::i18n::iso8601(published),
            modified_time: render::i18n::iso8601(modified),
            section: sections.first().cloned(),
            tags: tags.clone(),
            authors: author_urls,
        }),
        ..Seo::default()
    };
    let ld = seo::news_article(
        state,
        &c.site,
        &seo::ArticleLd {
            opinion,
            headline: &article.title,
            description,
            canonical,
            lang,
            published,
            modified,
            image: image.as_ref(),
            authors: authors
                .iter()
                .map(|a| seo::person(state, a, lang))
                .collect(),
            sections,
            keywords: tags,
            corrections: &view.corrections,
        },
    );
    out.push_json_ld(&ld);
    out.push_json_ld(&seo::breadcrumb_list(
        state,
        breadcrumbs,
        &article.title,
        canonical,
    ));
    out.image = image;
    out
}

/// Related posts: similar words in the search index, boosted by shared sections and tags;
/// while the index is being built, the articles sharing most sections and tags.
async fn related_posts(
    state: &AppState,
    article: &domain::Article,
    terms: &store::articles::ArticleTerms,
    now: i64,
) -> Result<Vec<domain::ArticleCard>, store::Error> {
    const N: usize = 4;
    if !state.search.is_incomplete() {
        let text = article.body.plain_text();
        let found = state.search.related(
            &search::RelatedTo {
                id: article.id,
                translation_group: article.translation_group,
                lang: article.lang,
                title: &article.title,
                text: &text,
                section_ids: &terms.section_ids,
                tag_ids: &terms.tag_ids,
                now,
            },
            N,
        );
        match found {
            Ok(ids) if !ids.is_empty() => return state.db.list_cards_by_ids(&ids, now).await,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "related posts from the search index failed"),
        }
    }
    state
        .db
        .list_related(article, terms, i64::try_from(N).unwrap_or(4))
        .await
}
