//! Listings (section, tag, region, author pages, paginated) and static pages.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::{Document, Locale};
use serde::Serialize;
use store::articles::Listing;
use store::taxonomy::TermKind;

use super::{Alternate, PageCtx, absolute, cached, parse_lang, parse_page, render_page};
use crate::cache::Deps;
use crate::chrome::chrome;
use crate::respond::redirect;
use crate::views::{CardView, Extras, Link, Pager, Urls};
use crate::{AppError, AppState};

const PER_PAGE: i64 = 12;

/// What a listing page says about itself.
struct Head {
    base: String,
    heading: String,
    kicker: String,
    intro_html: String,
    links: Vec<Link>,
    alternates: Vec<Alternate>,
    switch_url: String,
    /// Metadata particular to the listing (an author's profile); feeds and breadcrumbs
    /// are added for every listing.
    seo: crate::seo::Seo,
}

#[derive(Serialize)]
struct ListingView {
    heading: String,
    kicker: String,
    intro_html: String,
    links: Vec<Link>,
    cards: Vec<CardView>,
    pager: Pager,
}

#[derive(Serialize)]
struct StaticPage {
    heading: String,
    body_html: String,
    updated_at: i64,
}

/// `GET /{lang}/{slug}` and `/{lang}/{slug}/`: a section (canonical with a trailing slash),
/// the search or editions page, or a static page.
pub async fn show_section_or_page(
    State(state): State<AppState>,
    Path((lang, slug)): Path<(String, String)>,
    query: RawQuery,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Result<Response, AppError> {
    let lang = parse_lang(&lang)?;
    let urls = Urls::new(lang);
    let c = chrome(&state, lang).await?;
    if let Some(section) = c.section_by_slug(&slug).cloned() {
        if !uri.path().ends_with('/') {
            return Ok(redirect(
                StatusCode::MOVED_PERMANENTLY,
                &urls.section(&section),
            ));
        }
        let alternates = Locale::ALL
            .iter()
            .map(|l| Alternate {
                lang: *l,
                url: absolute(&state, &Urls::new(*l).section(&section)),
            })
            .collect();
        let other = Urls::new(lang.other()).section(&section);
        let desc = section.description.get(lang).to_owned();
        let head = Head {
            base: urls.section(&section),
            heading: section.name.get(lang).to_owned(),
            kicker: render::t(lang, "kicker-section"),
            intro_html: render::html::escape(&desc),
            links: Vec::new(),
            alternates,
            switch_url: other,
            seo: Default::default(),
        };
        return listing(
            &state,
            &headers,
            lang,
            Listing::Section(section.id),
            head,
            query,
        )
        .await;
    }
    if uri.path().ends_with('/') {
        return moved_section(&state, &c, lang, &slug).await;
    }
    if slug == urls.word("search") {
        return super::search::show_search(&state, &headers, lang, c, query.0.as_deref()).await;
    }
    if slug == urls.word("editions") {
        return super::misc::show_editions(&state, &headers, lang, c).await;
    }
    match show_static_page(&state, &headers, lang, &slug, c.clone()).await {
        Err(AppError::NotFound) => match moved_section(&state, &c, lang, &slug).await {
            Err(AppError::NotFound) => moved_term(&state, &c, lang, TermKind::Page, &slug).await,
            other => other,
        },
        other => other,
    }
}

/// A 301 from a section's former slug to its address, or 404.
async fn moved_section(
    state: &AppState,
    c: &crate::chrome::Chrome,
    lang: Locale,
    slug: &str,
) -> Result<Response, AppError> {
    let id = state
        .db
        .find_slug_redirect_term(store::taxonomy::TermKind::Section, lang, slug)
        .await?;
    let section = id.and_then(|id| c.section(id)).ok_or(AppError::NotFound)?;
    Ok(redirect(
        StatusCode::MOVED_PERMANENTLY,
        &Urls::new(lang).section(section),
    ))
}

/// A 301 from a tag's, region's, author's or static page's former slug to its address, or
/// 404.
async fn moved_term(
    state: &AppState,
    c: &crate::chrome::Chrome,
    lang: Locale,
    kind: store::taxonomy::TermKind,
    slug: &str,
) -> Result<Response, AppError> {
    use store::taxonomy::TermKind;
    let Some(id) = state.db.find_slug_redirect_term(kind, lang, slug).await? else {
        return Err(AppError::NotFound);
    };
    let urls = Urls::new(lang);
    let to = match kind {
        TermKind::Tag => state.db.find_tag(id).await?.map(|t| urls.tag(&t)),
        TermKind::Region => c
            .region_list
            .iter()
            .find(|r| r.id == id)
            .map(|r| urls.region(r)),
        TermKind::Author => state.db.find_author(id).await?.map(|a| urls.author(&a)),
        TermKind::Section => c.section(id).map(|s| urls.section(s)),
        TermKind::Page => state
            .db
            .find_page_by_id(id)
            .await?
            .filter(|(p, published)| *published && p.lang == lang)
            .map(|(p, _)| urls.page(&p.slug)),
    };
    let to = to.ok_or(AppError::NotFound)?;
    Ok(redirect(StatusCode::MOVED_PERMANENTLY, &to))
}

async fn show_static_page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    slug: &str,
    c: std::sync::Arc<crate::chrome::Chrome>,
) -> Result<Response, AppError> {
    let key = format!("/{lang}/{slug}");
    let watermark = match cached(state, headers, &key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let page = state
        .db
        .find_page(lang, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let html = render::render_document(&page.body, lang, &Default::default());
    let switch = c
        .page_translations
        .get(&page.key)
        .cloned()
        .unwrap_or_else(|| format!("/{}/", lang.other()));
    let mut alternates = vec![Alternate {
        lang,
        url: absolute(state, &key),
    }];
    if let Some(t) = c.page_translations.get(&page.key) {
        alternates.push(Alternate {
            lang: lang.other(),
            url: absolute(state, t),
        });
    }
    let description = first_sentence(&page.body);
    let ctx = PageCtx {
        lang,
        title: page.title.clone(),
        description,
        canonical: absolute(state, &key),
        alternates,
        switch_url: switch,
        today: state.clock.now(),
        body_class: "static",
        breadcrumbs: vec![Link {
            name: render::t(lang, "nav-home"),
            url: format!("/{lang}/"),
        }],
        og_type: "website",
        seo: Default::default(),
        chrome: c,
        content: StaticPage {
            heading: page.title.clone(),
            body_html: html.body,
            updated_at: page.updated_at,
        },
    };
    render_page(
        state,
        headers,
        key,
        watermark,
        "page.html",
        ctx,
        Deps::default(),
        page.updated_at,
    )
}

fn first_sentence(doc: &Document) -> String {
    let text = doc.plain_text();
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(160).collect();
    if line.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// `GET /{lang}/{tag|region|author word}/{slug}`
pub async fn show_term(
    State(state): State<AppState>,
    lang: Locale,
    kind: &str,
    slug: String,
    query: RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let urls = Urls::new(lang);
    let other = Urls::new(lang.other());
    let c = chrome(&state, lang).await?;
    match kind {
        "tag" => {
            let Some(tag) = state.db.find_tag_by_slug(lang, &slug).await? else {
                return moved_term(&state, &c, lang, TermKind::Tag, &slug).await;
            };
            let alts = vec![
                Alternate {
                    lang,
                    url: absolute(&state, &urls.tag(&tag)),
                },
                Alternate {
                    lang: lang.other(),
                    url: absolute(&state, &other.tag(&tag)),
                },
            ];
            let head = Head {
                base: urls.tag(&tag),
                heading: tag.name.get(lang).to_owned(),
                kicker: render::t(lang, "kicker-tag"),
                intro_html: String::new(),
                links: Vec::new(),
                alternates: alts,
                switch_url: other.tag(&tag),
                seo: Default::default(),
            };
            listing(&state, &headers, lang, Listing::Tag(tag.id), head, query).await
        }
        "region" => {
            let Some(region) = c.region_by_slug(&slug).cloned() else {
                return moved_term(&state, &c, lang, TermKind::Region, &slug).await;
            };
            let alts = vec![
                Alternate {
                    lang,
                    url: absolute(&state, &urls.region(&region)),
                },
                Alternate {
                    lang: lang.other(),
                    url: absolute(&state, &other.region(&region)),
                },
            ];
            let head = Head {
                base: urls.region(&region),
                heading: region.name.get(lang).to_owned(),
                kicker: render::t(lang, "kicker-region"),
                intro_html: String::new(),
                links: Vec::new(),
                alternates: alts,
                switch_url: other.region(&region),
                seo: Default::default(),
            };
            listing(
                &state,
                &headers,
                lang,
                Listing::Region(region.id),
                head,
                query,
            )
            .await
        }
        _ => {
            let Some(author) = state.db.find_author_by_slug(&slug).await? else {
                return moved_term(&state, &c, lang, TermKind::Author, &slug).await;
            };
            let bio = render::markdown_to_document(author.bio.get(lang), &|_| None)
                .map(|d| render::render_document(&d, lang, &Default::default()).body)
                .unwrap_or_default();
            let alts = vec![
                Alternate {
                    lang,
                    url: absolute(&state, &urls.author(&author)),
                },
                Alternate {
                    lang: lang.other(),
                    url: absolute(&state, &other.author(&author)),
                },
            ];
            let links = author
                .links
                .iter()
                .map(|l| Link {
                    name: l.label.clone(),
                    url: l.url.clone(),
                })
                .collect();
            let mut seo = crate::seo::Seo::default();
            seo.push_json_ld(&crate::seo::profile_page(
                &state,
                &author,
                lang,
                &absolute(&state, &urls.author(&author)),
            ));
            let head = Head {
                seo,
                base: urls.author(&author),
                heading: author.name.clone(),
                kicker: render::t(lang, "kicker-author"),
                intro_html: bio,
                links,
                alternates: alts,
                switch_url: other.author(&author),
            };
            listing(
                &state,
                &headers,
                lang,
                Listing::Author(author.id),
                head,
                query,
            )
            .await
        }
    }
}

async fn listing(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    which: Listing,
    head: Head,
    query: RawQuery,
) -> Result<Response, AppError> {
    let Head {
        base,
        heading,
        kicker,
        intro_html,
        links,
        alternates,
        switch_url,
        mut seo,
    } = head;
    let page = parse_page(&query.0)?;
    let key = if page == 1 {
        base.clone()
    } else {
        format!("{base}?page={page}")
    };
    let watermark = match cached(state, headers, &key) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let c = chrome(state, lang).await?;
    let now = state.clock.now();
    let (cards, total) = tokio::try_join!(
        state
            .db
            .list_cards_page(lang, which, PER_PAGE, (page - 1) * PER_PAGE, now),
        listing_size(state, lang, which, now),
    )?;
    if cards.is_empty() && page > 1 {
        return Err(AppError::NotFound);
    }
    let refs: Vec<&domain::ArticleCard> = cards.iter().collect();
    let extras = Extras::load(state, &refs, &[], &[]).await?;
    let urls = Urls::new(lang);
    let mut deps = Deps::default();
    deps.articles.extend(cards.iter().map(|c| c.id));
    if matches!(which, Listing::Tag(_) | Listing::Author(_)) {
        deps.terms.insert(which);
    }
    let lm = cards.iter().map(|c| c.updated_at).max().unwrap_or(0);
    let pager = Pager::new(&base, page, PER_PAGE, total);
    let title = if page > 1 {
        format!(
            "{heading} — {}",
            render::t_args(lang, "page-n", &[("n", page.into())])
        )
    } else {
        heading.clone()
    };
    let breadcrumbs = vec![Link {
        name: render::t(lang, "nav-home"),
        url: format!("/{lang}/"),
    }];
    let canonical = absolute(state, &key);
    seo.feeds = crate::seo::feed_links(state, lang, &base, &heading);
    seo.push_json_ld(&crate::seo::breadcrumb_list(
        state,
        &breadcrumbs,
        &heading,
        &canonical,
    ));
    let ctx = PageCtx {
        lang,
        title,
        description: format!("{heading} — {}", c.site.site_name),
        canonical,
        alternates,
        switch_url,
        today: now,
        body_class: "listing",
        breadcrumbs,
        og_type: "website",
        seo,
        content: ListingView {
            heading,
            kicker,
            intro_html,
            links,
            cards: cards
                .iter()
                .enumerate()
                // On phones the first card is full width and the rest are thumbnail rows.
                .map(|(i, x)| {
                    let sizes = if i == 0 {
                        "(min-width: 48rem) 16rem, 100vw"
                    } else {
                        "(min-width: 48rem) 16rem, 6.5rem"
                    };
                    extras.card(x, &c.sections, &urls, sizes)
                })
                .collect(),
            pager,
        },
        chrome: c,
    };
    render_page(
        state,
        headers,
        key,
        watermark,
        "listing.html",
        ctx,
        deps,
        lm,
    )
}

async fn listing_size(
    state: &AppState,
    lang: Locale,
    which: Listing,
    now: i64,
) -> Result<i64, store::Error> {
    if let Some(n) = state.counts.get(lang, which, now) {
        return Ok(n);
    }
    let n = state.db.count_cards(lang, which, now).await?;
    state.counts.put(lang, which, n, now);
    Ok(n)
}
