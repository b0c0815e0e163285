//! Small public endpoints: language choice, health, assets, media, the search and
//! editions placeholders.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Locale;
use serde::Serialize;

use super::{Alternate, PageCtx, absolute, cached, render_page};
use crate::cache::Deps;
use crate::chrome::{Chrome, chrome};
use crate::respond::{not_modified, redirect};
use crate::views::{Link, Urls};
use crate::{AppError, AppState};

/// `GET /`: the reader's language from `Accept-Language`, else the site default.
pub async fn pick_language(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = match headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::negotiate)
    {
        Some(l) => l,
        None => chrome(&state, Locale::Sq).await?.site.default_locale,
    };
    let mut res = redirect(StatusCode::FOUND, &format!("/{lang}/"));
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(res)
}

/// `GET /{lang}` → `/{lang}/`.
pub async fn language_root(Path(lang): Path<String>) -> Result<Response, AppError> {
    let lang = super::parse_lang(&lang)?;
    Ok(redirect(
        StatusCode::MOVED_PERMANENTLY,
        &format!("/{lang}/"),
    ))
}

/// `GET /healthz`: 200 when the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            "ok\n",
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                "database unavailable\n",
            )
                .into_response()
        }
    }
}

/// `GET /favicon.ico` → the SVG icon.
pub async fn favicon(State(state): State<AppState>) -> Response {
    redirect(
        StatusCode::MOVED_PERMANENTLY,
        &state.assets.url("favicon.svg"),
    )
}

/// `GET /assets/{file}`: hashed, precompressed, immutable.
pub async fn asset(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let a = state.assets.get(&file).ok_or(AppError::NotFound)?;
    let mut res = Response::new(Body::empty());
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(a.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(v) = HeaderValue::from_str(&a.etag) {
        h.insert(header::ETAG, v);
    }
    if not_modified(&headers, &a.etag, 0) {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        return Ok(res);
    }
    let ae = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = if let (true, Some(b)) = (ae.contains("br"), &a.brotli) {
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        b.clone()
    } else if let (true, Some(g)) = (ae.contains("gzip"), &a.gzip) {
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        g.clone()
    } else {
        a.identity.clone()
    };
    *res.body_mut() = Body::from(body);
    Ok(res)
}

/// `GET /media/{path}`: files of the media store. Paths are checked segment by segment so
/// nothing outside the media directory can be named.
pub async fn media(
    State(state): State<AppState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let ok = !path.is_empty()
        && path.len() < 256
        && path.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.starts_with('.')
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        });
    if !ok {
        return Err(AppError::NotFound);
    }
    let ct = match path.rsplit('.').next() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("pdf") => "application/pdf",
        _ => return Err(AppError::NotFound),
    };
    let full = state.config.media_dir.join(&path);
    let meta = tokio::fs::metadata(&full)
        .await
        .map_err(|_| AppError::NotFound)?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    let etag = format!("\"{:x}-{:x}\"", meta.len(), modified);
    let mut res = Response::new(Body::empty());
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=604800"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if not_modified(&headers, &etag, modified) {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        return Ok(res);
    }
    let bytes = tokio::fs::read(&full)
        .await
        .map_err(|_| AppError::NotFound)?;
    *res.body_mut() = Body::from(bytes);
    Ok(res)
}

#[derive(Serialize)]
struct Notice {
    heading: String,
    text: String,
    links: Vec<Link>,
}

/// The PDF editions archive.
pub async fn show_editions(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    c: Arc<Chrome>,
) -> Result<Response, AppError> {
    let urls = Urls::new(lang);
    notice(
        state,
        headers,
        lang,
        c,
        urls.editions(),
        Urls::new(lang.other()).editions(),
        "editions-title",
        "editions-empty",
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn notice(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    c: Arc<Chrome>,
    path: String,
    other: String,
    title_key: &str,
    text_key: &str,
) -> Result<Response, AppError> {
    let watermark = match cached(state, headers, &path) {
        Ok(r) => return Ok(r),
        Err(w) => w,
    };
    let heading = render::t(lang, title_key);
    let links = c
        .nav
        .iter()
        .map(|n| Link {
            name: n.name.clone(),
            url: n.url.clone(),
        })
        .collect();
    let ctx = PageCtx {
        lang,
        title: heading.clone(),
        description: heading.clone(),
        canonical: absolute(state, &path),
        alternates: vec![
            Alternate {
                lang,
                url: absolute(state, &path),
            },
            Alternate {
                lang: lang.other(),
                url: absolute(state, &other),
            },
        ],
        switch_url: other,
        today: state.clock.now(),
        body_class: "notice",
        breadcrumbs: vec![Link {
            name: render::t(lang, "nav-home"),
            url: format!("/{lang}/"),
        }],
        og_type: "website",
        seo: Default::default(),
        chrome: c,
        content: Notice {
            heading,
            text: render::t(lang, text_key),
            links,
        },
    };
    render_page(
        state,
        headers,
        path,
        watermark,
        "notice.html",
        ctx,
        Deps::default(),
        0,
    )
}
