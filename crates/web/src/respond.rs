//! Cacheable responses (HTML pages, feeds, sitemaps): validators (`ETag`, `Last-Modified`), conditional `304`s, compression by
//! `Accept-Encoding`, caching headers, and the page cache.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Locale;

use crate::AppState;
use crate::cache::{CachedPage, Deps};
use crate::chrome::Chrome;

/// `Cache-Control` of public HTML: short for browsers, longer for shared caches, which the
/// `ETag` lets revalidate cheaply.
pub const HTML_CACHE_CONTROL: &str = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";

/// `Cache-Control` of documents that go stale with the clock (`fresh_until`): shared caches
/// keep them briefly, since no change of content announces their end.
pub const CLOCK_CACHE_CONTROL: &str = "public, max-age=60, s-maxage=120";

/// `Content-Type` of HTML pages.
pub const HTML: &str = "text/html; charset=utf-8";

/// A rendered page (or feed, or sitemap) before encoding.
#[derive(Debug)]
pub struct Rendered {
    pub status: StatusCode,
    pub html: String,
    pub content_type: &'static str,
    /// `None` for documents in both languages.
    pub lang: Option<Locale>,
    pub deps: Deps,
    pub last_modified: i64,
    /// When the cached copy goes stale by itself (UNIX seconds); 0 for never. For documents
    /// that depend on the clock, such as the news sitemap's last 48 hours.
    pub fresh_until: i64,
    /// The chrome the page shows, and whether it is the home page's: its menu goes into
    /// the page's gzip already compressed.
    pub chrome: Option<(Arc<Chrome>, bool)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// The encoding to serve a stored page in: the smallest the client takes.
fn accepted(headers: &HeaderMap) -> Encoding {
    match accepts(headers) {
        (true, _) => Encoding::Brotli,
        (false, true) => Encoding::Gzip,
        (false, false) => Encoding::Identity,
    }
}

/// The encoding to compress a page rendered for one request in: the cheapest the client
/// takes. Compressing costs more than rendering a small page with this crate's brotli
/// (about 250 µs for a 36 kB page at any quality, against 50 µs for gzip at level 1, which
/// ends 30 % larger), so gzip comes first here; stored pages are compressed once, in both.
fn accepted_per_request(headers: &HeaderMap) -> Encoding {
    match accepts(headers) {
        (_, true) => Encoding::Gzip,
        (true, false) => Encoding::Brotli,
        (false, false) => Encoding::Identity,
    }
}

/// Whether the client takes brotli, and gzip.
fn accepts(headers: &HeaderMap) -> (bool, bool) {
    let Some(v) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return (false, false);
    };
    let mut br = false;
    let mut gz = false;
    for part in v.split(',') {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let zero = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        if zero {
            continue;
        }
        match name {
            "br" => br = true,
            "gzip" | "x-gzip" => gz = true,
            "*" => {
                br = true;
                gz = true;
            }
            _ => {}
        }
    }
    (br, gz)
}

/// Whether the request's validators match, so a `304` is due.
pub fn not_modified(headers: &HeaderMap, etag: &str, last_modified: i64) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let bare = etag.trim_start_matches("W/");
        return inm.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == bare
        });
    }
    if let Some(ims) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    {
        let ims = ims
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        return last_modified > 0 && last_modified <= ims;
    }
    false
}

fn http_date(ts: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(ts).unwrap_or(0));
    httpdate::fmt_http_date(t)
}

fn etag_of(html: &[u8]) -> String {
    format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(html))
}

/// Compresses a page in every encoding (for the cache).
pub fn encode_all(r: Rendered) -> CachedPage {
    let identity = Bytes::from(r.html.into_bytes());
    CachedPage {
        status: r.status.as_u16(),
        content_type: r.content_type,
        fresh_until: r.fresh_until,
        etag: etag_of(&identity),
        gzip: Bytes::from(render::assets::gzip(&identity)),
        brotli: Bytes::from(render::assets::brotli(&identity, 5)),
        identity,
        last_modified: r.last_modified,
        deps: r.deps,
    }
}

fn base_headers(
    status: StatusCode,
    content_type: &'static str,
    etag: &str,
    last_modified: i64,
    lang: Option<Locale>,
    fresh_until: i64,
) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let cc = if status.is_success() && fresh_until > 0 {
        CLOCK_CACHE_CONTROL
    } else if status.is_success() {
        HTML_CACHE_CONTROL
    } else {
        "public, max-age=60"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cc));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    if last_modified > 0
        && let Ok(v) = HeaderValue::from_str(&http_date(last_modified))
    {
        h.insert(header::LAST_MODIFIED, v);
    }
    if let Some(l) = lang {
        h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(l.code()));
    }
    res
}

/// Serves a cached page, honouring validators and encodings.
pub fn serve_cached(headers: &HeaderMap, page: &CachedPage) -> Response {
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK);
    let mut res = base_headers(
        status,
        page.content_type,
        &page.etag,
        page.last_modified,
        page.deps.lang,
        page.fresh_until,
    );
    if status == StatusCode::OK && not_modified(headers, &page.etag, page.last_modified) {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res.headers_mut().remove(header::CONTENT_TYPE);
        return res;
    }
    let (body, enc) = match accepted(headers) {
        Encoding::Brotli => (page.brotli.clone(), Some("br")),
        Encoding::Gzip => (page.gzip.clone(), Some("gzip")),
        Encoding::Identity => (page.identity.clone(), None),
    };
    if let Some(e) = enc {
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    *res.body_mut() = Body::from(body);
    res
}

/// Serves a freshly rendered page; stores it in the page cache under `key` when given.
pub fn finish(
    state: &AppState,
    headers: &HeaderMap,
    key: Option<String>,
    generation: u64,
    r: Rendered,
) -> Response {
    if state.cache.enabled()
        && let Some(key) = key
    {
        let page = Arc::new(encode_all(r));
        let res = serve_cached(headers, &page);
        state.cache.put(key, page, generation);
        return res;
    }
    // Without the cache, encode only what this client takes, quickly.
    let etag = etag_of(r.html.as_bytes());
    let mut res = base_headers(
        r.status,
        r.content_type,
        &etag,
        r.last_modified,
        r.lang,
        r.fresh_until,
    );
    if r.status == StatusCode::OK && not_modified(headers, &etag, r.last_modified) {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res.headers_mut().remove(header::CONTENT_TYPE);
        return res;
    }
    let body = match accepted_per_request(headers) {
        Encoding::Brotli => {
            res.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            render::assets::brotli(r.html.as_bytes(), 1)
        }
        Encoding::Gzip => {
            res.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            match &r.chrome {
                Some((c, home)) => {
                    render::gzip::gzip_with_pieces(r.html.as_bytes(), &c.pieces(*home))
                }
                None => render::assets::gzip_fast(r.html.as_bytes()),
            }
        }
        Encoding::Identity => r.html.into_bytes(),
    };
    *res.body_mut() = Body::from(body);
    res
}

/// A redirect with a cacheable status.
pub fn redirect(status: StatusCode, to: &str) -> Response {
    let mut res = (status, ()).into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}
