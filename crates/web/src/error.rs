//! Errors of handlers and the error pages readers see. A handler's error becomes a marker in
//! the response; the `error_pages` middleware, which has the state, renders the page in the
//! path's language. 5xx causes are logged once and never shown.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::Locale;
use serde::Serialize;

use crate::AppState;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// No valid session (a form sent after the session ended, say).
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but not allowed; the code says why.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Too many attempts; try again later.
    #[error("too many requests: {0}")]
    TooManyRequests(&'static str),
    /// A failure with no underlying error value (the system's randomness, say).
    #[error("internal error: {0}")]
    Internal(&'static str),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Search(#[from] search::Error),
}

/// The marker an error leaves on its response.
#[derive(Debug, Clone, Copy)]
pub struct ErrorMarker {
    pub status: StatusCode,
    /// Stable snake_case code, translated by Fluent as `error-CODE`.
    pub code: &'static str,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_)
            | AppError::Store(_)
            | AppError::Render(_)
            | AppError::Search(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::BadRequest(code)
            | AppError::Forbidden(code)
            | AppError::TooManyRequests(code) => code,
            AppError::Unauthorized => "unauthorized",
            AppError::Internal(_)
            | AppError::Store(_)
            | AppError::Render(_)
            | AppError::Search(_) => "internal",
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            let mut chain = format!("{self}");
            let mut src = std::error::Error::source(&self);
            while let Some(s) = src {
                chain.push_str(": ");
                chain.push_str(&s.to_string());
                src = s.source();
            }
            tracing::error!(error = %chain, "request failed");
        }
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorMarker {
            status,
            code: self.code(),
        });
        res
    }
}

#[derive(Serialize)]
struct ErrorCtx<'a> {
    lang: Locale,
    status: u16,
    code: &'a str,
    chrome: Option<std::sync::Arc<crate::chrome::Chrome>>,
    home: String,
    canonical: Option<String>,
    alternates: Vec<()>,
    title: String,
    description: String,
    switch_url: String,
    today: i64,
    body_class: &'a str,
    breadcrumbs: Vec<()>,
    og_type: &'a str,
    seo: crate::seo::Seo,
}

/// Renders error pages for responses that carry an `ErrorMarker`, and for bare 404/405s
/// from the router.
pub async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Cheap clones: both are reference-counted or short; parsing waits until an error.
    let path = req.uri().clone();
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).cloned();
    // Hashed only if an admin error page needs the user's language.
    let session =
        crate::admin::cookie(req.headers(), crate::admin::SESSION_COOKIE).map(str::to_owned);
    let res = next.run(req).await;
    let marker = match res.extensions().get::<ErrorMarker>() {
        Some(m) => *m,
        None if res.status() == StatusCode::NOT_FOUND
            && res.headers().get(header::CONTENT_TYPE).is_none() =>
        {
            ErrorMarker {
                status: StatusCode::NOT_FOUND,
                code: "not_found",
            }
        }
        // Extractor rejections (a path that is not UTF-8, say) arrive as plain-text 400s.
        None if res.status() == StatusCode::BAD_REQUEST => ErrorMarker {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
        },
        None if res.status() == StatusCode::METHOD_NOT_ALLOWED => ErrorMarker {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "method_not_allowed",
        },
        None => return res,
    };
    let accept_lang = accept
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::negotiate);
    let lang = crate::locale_of_path(path.path())
        .or(accept_lang)
        .unwrap_or(Locale::Sq);
    if path.path() == "/admin" || path.path().starts_with("/admin/") {
        // A signed-in user reads errors in their own language.
        let mut lang = lang;
        if let Some(token) = session
            && !marker.status.is_server_error()
            && let Ok(Some((_, user))) = state
                .db
                .find_session(&crate::admin::token_hash(&token))
                .await
        {
            lang = user.locale;
        }
        return admin_error_page(&state, marker, lang);
    }
    // 5xx pages do not touch the database, which may be what failed.
    let chrome = if marker.status.is_server_error() {
        None
    } else {
        crate::chrome::chrome(&state, lang).await.ok()
    };
    let title = render::t(
        lang,
        &format!("error-{}-title", marker.code.replace('_', "-")),
    );
    let ctx = ErrorCtx {
        lang,
        status: marker.status.as_u16(),
        code: marker.code,
        chrome,
        home: format!("/{lang}/"),
        canonical: None,
        alternates: Vec::new(),
        title: title.clone(),
        description: title,
        switch_url: format!("/{}/", lang.other()),
        today: state.clock.now(),
        body_class: "error",
        breadcrumbs: Vec::new(),
        og_type: "website",
        seo: Default::default(),
    };
    render_error_page(&state, "error.html", &ctx, marker, lang)
}

/// Renders an error template (a bare page if even that fails), never cached.
fn render_error_page<T: Serialize>(
    state: &AppState,
    template: &str,
    ctx: &T,
    marker: ErrorMarker,
    lang: Locale,
) -> Response {
    let html = state.templates.render(template, ctx).unwrap_or_else(|e| {
        tracing::error!(error = %e, template, "error page failed to render");
        format!(
            "<!doctype html><html lang=\"{lang}\"><title>{}</title><h1>{}</h1></html>",
            marker.status, marker.status
        )
    });
    let mut out = (marker.status, html).into_response();
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    out
}

/// The error page of the newsroom, in its own layout (no reader chrome).
fn admin_error_page(state: &AppState, marker: ErrorMarker, lang: Locale) -> Response {
    #[derive(Serialize)]
    struct Ctx<'a> {
        #[serde(flatten)]
        frame: crate::admin::Frame,
        status: u16,
        code: &'a str,
    }
    let key = format!("error-{}-title", marker.code.replace('_', "-"));
    let frame = crate::admin::Frame::guest(lang, &key, String::new(), None);
    let ctx = Ctx {
        frame,
        status: marker.status.as_u16(),
        code: marker.code,
    };
    render_error_page(state, "admin/error.html", &ctx, marker, lang)
}
