//! The home page: top stories, a block per section, latest posts, most read.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::{Alternate, PageCtx, absolute, cached, parse_lang, render_page};
use crate::cache::Deps;
use crate::chrome::chrome;
use crate::most_read::{MostReadLists, most_read};
use crate::views::{CardView, Extras, Link, Urls};
use crate::{AppError, AppState};

#[derive(Serialize)]
struct Block {
    section: Link,
    cards: Vec<CardView>,
}

#[derive(Serialize)]
struct Home {
    top: Vec<CardView>,
    blocks: Vec<Block>,
    latest: Vec<CardView>,
    most_read: Arc<MostReadLists>,
}

/// `GET /{lang}/`
pub async fn show_home(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = parse_lang(&lang)?;
    let key = format!("/{lang}/");
    let watermark = match cached(&state, &headers, &key) {
        Ok(res) => return Ok(res),
        Err(w) => w,
    };
    let now = state.clock.now();
    let c = chrome(&state, lang).await?;
    let (top, latest) = tokio::try_join!(
        state.db.list_top(lang, 5, now),
        state.db.list_latest(lang, 12, now)
    )?;
    let nav_ids: Vec<i64> = c
        .nav
        .iter()
        .flat_map(|n| n.latest.iter().map(|x| x.id))
        .collect();
    let cards: Vec<&domain::ArticleCard> = top.iter().chain(latest.iter()).collect();
    // Section blocks reuse the chrome's per-section lists; their images come with the extras.
    let extra_media: Vec<i64> = c
        .nav
        .iter()
        .filter_map(|n| n.latest.first().and_then(|x| x.media_id))
        .collect();
    let extras = Extras::load(&state, &cards, &nav_ids, &extra_media).await?;
    let most_read = most_read(&state, &c).await?;
    let urls = Urls::new(lang);
    let sizes_big = "(min-width: 64rem) 40rem, 100vw";
    // Secondary and sidebar cards show 6.5rem thumbnails at every width (site.css).
    let sizes_thumb = "6.5rem";
    let sizes_small = "(min-width: 64rem) 20rem, 100vw";
    let mut deps = Deps::default();
    deps.articles.extend(cards.iter().map(|c| c.id));
    deps.articles.extend(most_read.ids.iter().copied());
    deps.most_read = true;
    let top_ids: std::collections::HashSet<i64> = top.iter().map(|c| c.id).collect();
    let home = Home {
        top: top
            .iter()
            .enumerate()
            .map(|(i, t)| {
                extras.card(
                    t,
                    &c.sections,
                    &urls,
                    if i == 0 { sizes_big } else { sizes_thumb },
                )
            })
            .collect(),
        blocks: c
            .nav
            .iter()
            .filter(|n| !n.latest.is_empty())
            .map(|n| Block {
                section: Link {
                    name: n.name.clone(),
                    url: n.url.clone(),
                },
                cards: n
                    .latest
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let mut v = v.clone();
                        if i == 0 {
                            v.image_html = extras.picture(v.media_id, lang, sizes_small);
                        }
                        v.authors = extras.byline(v.id, &urls);
                        v
                    })
                    .collect(),
            })
            .collect(),
        latest: latest
            .iter()
            .filter(|l| !top_ids.contains(&l.id))
            .take(8)
            .map(|l| extras.card(l, &c.sections, &urls, sizes_thumb))
            .collect(),
        most_read,
    };
    let lm = cards
        .iter()
        .map(|c| c.updated_at)
        .max()
        .unwrap_or(0)
        .max(home.most_read.changed_at);
    let site_name = c.site.site_name.clone();
    let mut seo = crate::seo::Seo {
        x_default: Some(absolute(&state, "/")),
        feeds: crate::seo::feed_links(&state, lang, &key, &site_name),
        ..Default::default()
    };
    seo.push_json_ld(&crate::seo::home_graph(&state, &c.site, lang));
    let ctx = PageCtx {
        lang,
        title: site_name,
        description: c.site.tagline.get(lang).to_owned(),
        canonical: absolute(&state, &key),
        alternates: domain::Locale::ALL
            .iter()
            .map(|l| Alternate {
                lang: *l,
                url: absolute(&state, &format!("/{l}/")),
            })
            .collect(),
        switch_url: format!("/{}/", lang.other()),
        today: now,
        body_class: "home",
        breadcrumbs: Vec::new(),
        og_type: "website",
        seo,
        chrome: c,
        content: home,
    };
    render_page(&state, &headers, key, watermark, "home.html", ctx, deps, lm)
}
