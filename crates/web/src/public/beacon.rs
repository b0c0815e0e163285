//! The view beacon: article pages come from the page cache (and from any HTTP cache in
//! front), so a view is counted by a small request the page's script sends. It reads no
//! address and sets no cookie; obvious robots, prefetches and other sites' requests are
//! answered but not counted.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Parts of a User-Agent that mark a robot, a preview fetcher or a tool (lower case).
const ROBOT_MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "headless",
    "preview",
    "lighthouse",
    "facebookexternalhit",
    "embedly",
    "pingdom",
    "monitor",
    "curl/",
    "wget/",
    "python",
    "go-http-client",
    "java/",
    "okhttp",
    "libwww",
    "httpclient",
    "scrapy",
    "phantomjs",
];

/// Whether a request is one that must not count as a reader's view: no User-Agent or a
/// robot's, a prefetch, or a request another site made the browser send.
pub fn not_a_reader(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let ua = get("user-agent").unwrap_or("").to_ascii_lowercase();
    if ua.trim().is_empty() || ROBOT_MARKERS.iter().any(|m| ua.contains(m)) {
        return true;
    }
    let prefetch = |v: Option<&str>| {
        v.is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("prefetch") || v.contains("preview")
        })
    };
    if prefetch(get("sec-purpose"))
        || prefetch(get("purpose"))
        || prefetch(get("x-purpose"))
        || prefetch(get("x-moz"))
    {
        return true;
    }
    // Browsers say where a request comes from; only our own pages may count a view.
    get("sec-fetch-site").is_some_and(|site| site != "same-origin")
}

/// An empty answer that no cache keeps. Errors carry a `Content-Type` so that the error
/// pages middleware leaves them short: nobody reads a beacon's answer.
fn answer(status: StatusCode) -> Response {
    let mut res = status.into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status != StatusCode::NO_CONTENT {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    res
}

/// `POST /v/{article_id}`: counts one view of a published article. `204` whether counted or
/// ignored, `404` for anything that is not a published article's id, `503` when the
/// database cannot say.
pub async fn count_view(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return answer(StatusCode::NOT_FOUND);
    };
    if not_a_reader(&headers) {
        return answer(StatusCode::NO_CONTENT);
    }
    match state.countable(id).await {
        Ok(Some(_)) => {
            state
                .views
                .record(id, render::i18n::local_day(state.clock.now()));
            answer(StatusCode::NO_CONTENT)
        }
        Ok(None) => answer(StatusCode::NOT_FOUND),
        Err(e) => {
            tracing::warn!(error = %e, article_id = id, "cannot tell whether a view counts");
            answer(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";

    #[test]
    fn browsers_count() {
        assert!(!not_a_reader(&headers(&[("user-agent", FIREFOX)])));
        assert!(!not_a_reader(&headers(&[
            ("user-agent", SAFARI),
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-mode", "no-cors"),
        ])));
    }

    #[test]
    fn robots_tools_and_prefetches_do_not() {
        for ua in [
            "",
            "   ",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0 Safari/537.36",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; Yahoo! Slurp)",
            "Slackbot-LinkExpanding 1.0",
            "WhatsApp/2.23 (link preview)",
            "curl/8.5.0",
            "python-requests/2.32",
            "Mozilla/5.0 (compatible; Baiduspider/2.0)",
            "Chrome-Lighthouse",
        ] {
            assert!(
                not_a_reader(&headers(&[("user-agent", ua)])),
                "{ua:?} is not a reader"
            );
        }
        assert!(not_a_reader(&HeaderMap::new()), "no User-Agent at all");
        for (name, value) in [
            ("sec-purpose", "prefetch"),
            ("sec-purpose", "prefetch;prerender"),
            ("purpose", "prefetch"),
            ("x-moz", "prefetch"),
            ("x-purpose", "preview"),
        ] {
            assert!(
                not_a_reader(&headers(&[("user-agent", FIREFOX), (name, value)])),
                "{name}: {value}"
            );
        }
        assert!(
            not_a_reader(&headers(&[
                ("user-agent", FIREFOX),
                ("sec-fetch-site", "cross-site")
            ])),
            "another site's page made the browser send it"
        );
    }
}
