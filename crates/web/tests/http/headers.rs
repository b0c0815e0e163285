//! Caching, validators, compression and security headers.

use std::io::Read;

use axum::http::StatusCode;

use crate::each_backend;

#[tokio::test]
async fn pages_carry_security_and_cache_headers() {
    each_backend!(|app| {
        let article = app.flagship(domain::Locale::En).await;
        for path in [
            "/sq/",
            "/en/balkan-overview/",
            article.as_str(),
            "/en/tag/nato",
            "/en/about",
            "/en/nope",
        ] {
            let r = app.get(path).await;
            let csp = r.header("content-security-policy");
            assert!(
                csp.contains("default-src 'self'") && csp.contains("script-src 'self'"),
                "{path}: {csp}"
            );
            assert!(!csp.contains("unsafe-inline"), "{path}");
            assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
            assert_eq!(
                r.header("referrer-policy"),
                "strict-origin-when-cross-origin"
            );
            assert!(r.header("permissions-policy").contains("camera=()"));
            assert!(
                r.headers.get("set-cookie").is_none(),
                "{path} sets no cookie"
            );
            if r.status == StatusCode::OK {
                assert!(
                    r.header("cache-control").starts_with("public, max-age="),
                    "{path}"
                );
                assert!(r.header("etag").starts_with('"'), "{path}");
                assert!(!r.header("last-modified").is_empty(), "{path}");
                assert_eq!(r.header("vary"), "Accept-Encoding");
            }
        }
    });
}

#[tokio::test]
async fn conditional_requests_get_304() {
    for cache in [true, false] {
        for kind in testkit::backends() {
            let app = crate::support::TestApp::with_cache(kind, cache).await;
            let r = app.get("/en/").await;
            let etag = r.header("etag");
            let lm = r.header("last-modified");
            let r2 = app.get_with("/en/", &[("if-none-match", &etag)]).await;
            assert_eq!(r2.status, StatusCode::NOT_MODIFIED, "cache={cache}");
            assert!(r2.bytes.is_empty());
            assert_eq!(r2.header("etag"), etag);
            let r3 = app
                .get_with("/en/", &[("if-none-match", "\"other\"")])
                .await;
            assert_eq!(r3.status, StatusCode::OK);
            let r4 = app.get_with("/en/", &[("if-modified-since", &lm)]).await;
            assert_eq!(
                r4.status,
                StatusCode::NOT_MODIFIED,
                "If-Modified-Since, cache={cache}"
            );
            let r5 = app
                .get_with(
                    "/en/",
                    &[("if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT")],
                )
                .await;
            assert_eq!(r5.status, StatusCode::OK);
        }
    }
}

#[tokio::test]
async fn responses_are_compressed_and_identical_when_decoded() {
    for cache in [true, false] {
        for kind in testkit::backends() {
            let app = crate::support::TestApp::with_cache(kind, cache).await;
            let plain = app.get("/en/").await;
            assert!(plain.header("content-encoding").is_empty());
            let gz = app.get_with("/en/", &[("accept-encoding", "gzip")]).await;
            assert_eq!(gz.header("content-encoding"), "gzip");
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&gz.bytes[..])
                .read_to_end(&mut out)
                .expect("gzip decodes");
            assert_eq!(out, plain.bytes);
            // A stored page goes out in the smallest encoding the client takes; one
            // rendered for this response only, in the cheapest to make.
            let both = app
                .get_with("/en/", &[("accept-encoding", "gzip, deflate, br")])
                .await;
            let cheapest = if cache { "br" } else { "gzip" };
            assert_eq!(both.header("content-encoding"), cheapest);
            let br = app.get_with("/en/", &[("accept-encoding", "br")]).await;
            assert_eq!(br.header("content-encoding"), "br");
            let mut out = Vec::new();
            brotli::Decompressor::new(&br.bytes[..], 4096)
                .read_to_end(&mut out)
                .expect("brotli decodes");
            assert_eq!(out, plain.bytes);
            assert!(br.bytes.len() * 3 < plain.bytes.len(), "compression pays");
            let no_br = app
                .get_with("/en/", &[("accept-encoding", "br;q=0, gzip")])
                .await;
            assert_eq!(no_br.header("content-encoding"), "gzip");
            // Pages compressed per response carry the section menu compressed once (the
            // home page's menu and the others'): they decode to the page all the same.
            for path in ["/en/search?q=election", "/sq/kerko?q=zgjedhjet", "/sq/"] {
                let plain = app.get(path).await;
                let gz = app.get_with(path, &[("accept-encoding", "gzip")]).await;
                assert_eq!(gz.header("content-encoding"), "gzip", "{path}");
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&gz.bytes[..])
                    .read_to_end(&mut out)
                    .expect("gzip decodes");
                assert_eq!(out, plain.bytes, "{path}");
                // Gzip at level 1: quick rather than small.
                assert!(
                    gz.bytes.len() * 2 < plain.bytes.len(),
                    "{path}: compression pays ({} of {} bytes)",
                    gz.bytes.len(),
                    plain.bytes.len()
                );
            }
        }
    }
}
