//! The newsroom at `/admin`: staff sign-in, sessions, CSRF protection, the staff extractor
//! that every admin handler takes, permission checks, the audit log and page rendering in
//! the user's language. Pages are never cached (`Cache-Control: no-store`).

mod account;
mod articles;
mod audit;
mod auth;
mod dashboard;
mod editing;
pub mod media;
pub mod password;
mod revisions;
mod site_pages;
mod staff;
mod structure;
mod totp;

use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::{Action, Locale, Role};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

/// Name of the session cookie: `__Host-` binds it to this host, HTTPS and path `/`.
pub const SESSION_COOKIE: &str = "__Host-revista_session";
/// Name of the cookie that carries the sign-in form's CSRF token.
pub const LOGIN_COOKIE: &str = "__Host-revista_login";
/// A session ends after this long without a request.
pub const SESSION_IDLE: i64 = 12 * 3600;
/// A session ends this long after sign-in, however active.
pub const SESSION_LIFETIME: i64 = 7 * 86_400;
/// How long an article's edit lock lasts without renewal, in seconds.
pub const EDIT_LOCK_TTL: i64 = editing::LOCK_TTL;
/// Activity is recorded at most this often per session.
const TOUCH_EVERY: i64 = 60;

/// Routes of the newsroom.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::show_dashboard))
        .route("/admin/", get(dashboard::show_dashboard))
        .route("/admin/articles", get(dashboard::list_articles))
        .route("/admin/articles/new", post(articles::create_article))
        .route(
            "/admin/articles/{id}",
            get(articles::edit_article).post(articles::save_article),
        )
        .route("/admin/articles/{id}/status", post(articles::move_article))
        .route(
            "/admin/articles/{id}/revisions",
            get(revisions::compare_revisions),
        )
        .route(
            "/admin/articles/{id}/revisions/{rev}/restore",
            post(revisions::restore_revision),
        )
        .route(
            "/admin/articles/{id}/preview",
            get(revisions::preview_article),
        )
        .route(
            "/admin/articles/{id}/corrections",
            post(articles::add_correction),
        )
        .route("/admin/articles/{id}/lock", post(editing::renew_lock))
        .route("/admin/articles/{id}/lock/take", post(editing::take_lock))
        .route("/admin/articles/{id}/autosave", post(editing::autosave))
        .route(
            "/admin/articles/{id}/autosave/discard",
            post(editing::discard_autosave),
        )
        .route(
            "/admin/articles/{id}/translate",
            post(articles::translate_article),
        )
        .route(
            "/admin/articles/{id}/translation-current",
            post(articles::mark_translation_current),
        )
        .route("/admin/login", get(auth::show_login).post(auth::log_in))
        .route("/admin/logout", post(auth::log_out))
        .route("/admin/login/code", get(totp::show_code).post(totp::check))
        .route(
            "/admin/account/totp",
            get(totp::show_setup).post(totp::confirm_setup),
        )
        .route("/admin/account/totp/setup", post(totp::start_setup))
        .route("/admin/account/totp/disable", post(totp::disable))
        .route(
            "/admin/invite/{token}",
            get(auth::show_invite).post(auth::accept_invite),
        )
        .route("/admin/account", get(account::show_account))
        .route("/admin/account/password", post(account::change_password))
        .route("/admin/account/language", post(account::change_language))
        .route("/admin/account/sessions/end", post(account::end_session))
        .route(
            "/admin/account/sessions/end-others",
            post(account::end_other_sessions),
        )
        .route("/admin/staff", get(staff::list_staff))
        .route("/admin/staff/invite", post(staff::invite_staff))
        .route("/admin/staff/invite/withdraw", post(staff::withdraw_invite))
        .route("/admin/staff/{id}/role", post(staff::change_role))
        .route("/admin/staff/{id}/disable", post(staff::disable_staff))
        .route("/admin/staff/{id}/enable", post(staff::enable_staff))
        .route("/admin/audit", get(audit::show_audit))
        .merge(structure_routes())
        .merge(media::router())
        .layer(middleware::from_fn(reject_cross_site))
}

/// Routes of the site structure pages (`structure.rs`, `site_pages.rs`).
fn structure_routes() -> Router<AppState> {
    use structure as s;
    Router::new()
        .route(
            "/admin/sections",
            get(s::list_sections).post(s::create_section),
        )
        .route("/admin/sections/new", get(s::new_section))
        .route(
            "/admin/sections/{id}",
            get(s::edit_section).post(s::update_section),
        )
        .route("/admin/sections/{id}/delete", post(s::delete_section))
        .route("/admin/tags", get(s::list_tags).post(s::create_tag))
        .route("/admin/tags/new", get(s::new_tag))
        .route("/admin/tags/{id}", get(s::edit_tag).post(s::update_tag))
        .route("/admin/tags/{id}/delete", post(s::delete_tag))
        .route(
            "/admin/regions",
            get(s::list_regions).post(s::create_region),
        )
        .route("/admin/regions/new", get(s::new_region))
        .route(
            "/admin/regions/{id}",
            get(s::edit_region).post(s::update_region),
        )
        .route("/admin/regions/{id}/delete", post(s::delete_region))
        .route(
            "/admin/authors",
            get(s::list_authors).post(s::create_author),
        )
        .route("/admin/authors/new", get(s::new_author))
        .route(
            "/admin/authors/{id}",
            get(s::edit_author).post(s::update_author),
        )
        .route("/admin/authors/{id}/delete", post(s::delete_author))
        .route("/admin/home", get(s::show_home_layout))
        .route("/admin/home/top", post(s::set_top_story))
        .route("/admin/home/move", post(s::move_block))
        .route(
            "/admin/pages",
            get(site_pages::list_pages).post(site_pages::create_page),
        )
        .route("/admin/pages/new", get(site_pages::new_page))
        .route(
            "/admin/pages/{id}",
            get(site_pages::edit_page).post(site_pages::update_page),
        )
        .route("/admin/pages/{id}/delete", post(site_pages::delete_page))
        .route(
            "/admin/menus",
            get(site_pages::list_menus).post(site_pages::save_menu),
        )
}

/// Refuses state-changing requests that a browser says come from another site, by the
/// rules of Go's `CrossOriginProtection`: `Sec-Fetch-Site` when sent, else `Origin`
/// against `Host`. Requests with neither header are not from a browser (no ambient
/// cookies to abuse); the form tokens check those.
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if is_cross_site(req.headers()) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
        return AppError::Forbidden("cross_site").into_response();
    }
    next.run(req).await
}

fn is_cross_site(h: &HeaderMap) -> bool {
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or("", |(_, rest)| rest.trim_end_matches('/'));
    origin == "null" || origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host)
}

/// A new random token (256 bits, URL-safe base64).
pub fn new_token() -> Result<String, AppError> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|_| AppError::Internal("no randomness"))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// SHA-256 of a token, hex: what the database keeps instead of the token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The form token of a session: derived from the session's secret, so it needs no storage
/// and dies with the session.
fn csrf_of(session_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(format!("csrf\0{session_token}").as_bytes()))
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A cookie's value from the `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value for a secure, host-only, HTTP-only cookie; `max_age` 0 deletes it.
pub fn set_cookie(name: &str, value: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={max_age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The client's address: the connection's peer, or the last `X-Forwarded-For` hop when the
/// configuration says a proxy in front is trusted.
pub fn client_ip(
    state: &AppState,
    parts_headers: &HeaderMap,
    ext: &axum::http::Extensions,
) -> String {
    if state.config.trust_forwarded_for
        && let Some(ip) = parts_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|s| s.parse::<std::net::IpAddr>().is_ok())
    {
        return ip.to_owned();
    }
    ext.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default()
}

/// The client's address, for handlers.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(
            state,
            &parts.headers,
            &parts.extensions,
        )))
    }
}

/// A signed-in staff member: every admin handler but sign-in takes one, so no admin page
/// answers without a valid session.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: store::staff::User,
    pub session_hash: String,
    /// The token every form of this session must send back as `_csrf`.
    pub csrf: String,
    pub ip: String,
}

impl Staff {
    /// Refuses with 403 unless the user's role allows `action` (`own`: the item is theirs).
    pub fn require(&self, action: Action, own: bool) -> Result<(), AppError> {
        if self.user.role.may(action, own) {
            Ok(())
        } else {
            tracing::warn!(user = self.user.id, ?action, "refused: not allowed");
            Err(AppError::Forbidden("not_allowed"))
        }
    }

    /// Refuses with 403 unless `token` is this session's form token.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if same_secret(token, &self.csrf) {
            Ok(())
        } else {
            Err(AppError::Forbidden("bad_form_token"))
        }
    }

    pub fn locale(&self) -> Locale {
        self.user.locale
    }

    /// Writes to the audit log (who, what, when, from where); a failure is logged, never
    /// shown: the action already happened.
    pub async fn audit(&self, state: &AppState, action: &str, target: &str) {
        record_audit(state, Some(self.user.id), action, target, &self.ip).await;
    }
}

/// Checks a new password typed twice; the translation key of what is wrong, if anything.
pub fn new_password_error(
    password: &str,
    again: &str,
    email: &str,
    name: &str,
) -> Option<&'static str> {
    if password != again {
        return Some("admin-error-password-mismatch");
    }
    domain::check_new_password(password, email, name)
        .err()
        .map(|e| match e {
            domain::PasswordError::TooShort => "admin-error-password-too-short",
            domain::PasswordError::TooLong => "admin-error-password-too-long",
            domain::PasswordError::Guessable => "admin-error-password-guessable",
        })
}

/// Writes one audit entry, logging a failure.
pub async fn record_audit(
    state: &AppState,
    user: Option<i64>,
    action: &str,
    target: &str,
    ip: &str,
) {
    if let Err(e) = state
        .db
        .insert_audit(user, action, target, ip, state.clock.now())
        .await
    {
        tracing::error!(error = %e, action, "could not write the audit log");
    }
}

/// Where an unauthenticated request goes.
fn to_login(parts: &Parts) -> Response {
    if parts.method == Method::GET || parts.method == Method::HEAD {
        let next = parts.uri.path_and_query().map_or("/admin", |p| p.as_str());
        let to = format!(
            "/admin/login?next={}",
            serde_urlencoded::to_string([("", next)])
                .unwrap_or_default()
                .trim_start_matches('=')
        );
        let mut res = StatusCode::SEE_OTHER.into_response();
        if let Ok(v) = HeaderValue::from_str(&to) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    } else {
        AppError::Unauthorized.into_response()
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_owned) else {
            return Err(to_login(parts));
        };
        let hash = token_hash(&token);
        let found = state
            .db
            .find_session(&hash)
            .await
            .map_err(|e| AppError::from(e).into_response())?;
        let Some((session, user)) = found else {
            return Err(to_login(parts));
        };
        let now = state.clock.now();
        let valid = session.expires_at > now
            && session.last_seen_at > now - SESSION_IDLE
            && user.disabled_at.is_none();
        if !valid {
            let _ = state.db.delete_session(&hash).await;
            return Err(to_login(parts));
        }
        if now - session.last_seen_at >= TOUCH_EVERY
            && let Err(e) = state.db.touch_session(&hash, now).await
        {
            tracing::warn!(error = %e, "could not record session activity");
        }
        Ok(Staff {
            ip: client_ip(state, &parts.headers, &parts.extensions),
            csrf: csrf_of(&token),
            session_hash: hash,
            user,
        })
    }
}

/// A menu entry of the newsroom.
#[derive(Debug, Serialize)]
pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
    pub current: bool,
}

/// What every admin page gets besides its own data.
#[derive(Debug, Serialize)]
pub struct Frame {
    pub lang: Locale,
    pub title: String,
    pub csrf: String,
    /// Empty on pages shown before sign-in.
    pub user_name: String,
    pub user_role: Option<Role>,
    pub nav: Vec<NavItem>,
    /// A translated confirmation (`admin-done-CODE`), from `?done=CODE`.
    pub done: Option<String>,
}

impl Frame {
    /// The frame of a page for `staff`; `current` is the menu entry's href.
    pub fn new(staff: &Staff, title_key: &str, current: &str, done: Option<&str>) -> Frame {
        let lang = staff.locale();
        let role = staff.user.role;
        let mut nav = vec![
            NavItem {
                href: "/admin",
                key: "admin-nav-dashboard",
                current: false,
            },
            NavItem {
                href: "/admin/articles",
                key: "admin-nav-articles",
                current: false,
            },
            NavItem {
                href: "/admin/media",
                key: "admin-nav-media",
                current: false,
            },
        ];
        if role.may(Action::ManageStaff, false) {
            nav.push(NavItem {
                href: "/admin/staff",
                key: "admin-nav-staff",
                current: false,
            });
        }
        if role.may(Action::ViewAudit, false) {
            nav.push(NavItem {
                href: "/admin/audit",
                key: "admin-nav-audit",
                current: false,
            });
        }
        if role.may(Action::ManageStructure, false) {
            nav.push(NavItem {
                href: "/admin/sections",
                key: "structure-nav",
                current: false,
            });
        }
        nav.push(NavItem {
            href: "/admin/account",
            key: "admin-nav-account",
            current: false,
        });
        for n in &mut nav {
            n.current = n.href == current;
        }
        Frame {
            lang,
            title: render::t(lang, title_key),
            csrf: staff.csrf.clone(),
            user_name: staff.user.name.clone(),
            user_role: Some(role),
            nav,
            done: done_message(lang, done),
        }
    }

    /// The frame of a page shown before sign-in (no menu).
    pub fn guest(lang: Locale, title_key: &str, csrf: String, done: Option<&str>) -> Frame {
        Frame {
            lang,
            title: render::t(lang, title_key),
            csrf,
            user_name: String::new(),
            user_role: None,
            nav: Vec::new(),
            done: done_message(lang, done),
        }
    }
}

fn done_message(lang: Locale, done: Option<&str>) -> Option<String> {
    let code =
        done.filter(|c| c.len() < 40 && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))?;
    let key = format!("admin-done-{}", code.replace('_', "-"));
    // An unknown code shows nothing rather than a raw key.
    Some(render::t(lang, &key)).filter(|m| *m != key)
}

/// Renders an admin template; never cached, never indexed.
pub fn page<T: Serialize>(
    state: &AppState,
    status: StatusCode,
    template: &str,
    ctx: &T,
) -> Result<Response, AppError> {
    Ok(html_page(status, state.templates.render(template, ctx)?))
}

/// An HTML page of the newsroom: never cached, never indexed.
pub fn html_page(status: StatusCode, html: String) -> Response {
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::respond::HTML),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    res
}

/// A `303 See Other` to `to` (after a form), never cached.
pub fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The language of a page shown before sign-in: `?lang=` first, then `Accept-Language`.
pub fn guest_locale(query_lang: Option<&str>, headers: &HeaderMap) -> Locale {
    query_lang
        .and_then(Locale::parse)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or(Locale::Sq)
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

    #[test]
    fn cross_site_rules() {
        assert!(!is_cross_site(&headers(&[])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "https://revista.test"),
            ("host", "revista.test")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.test"),
            ("host", "revista.test")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "revista.test")
        ])));
    }

    #[test]
    fn tokens_and_secrets() {
        let a = new_token().expect("randomness");
        let b = new_token().expect("randomness");
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash("abc").len(), 64);
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(
            same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("abc", "ab")
        );
        assert_ne!(csrf_of(&a), csrf_of(&b));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let h = headers(&[("cookie", "a=1; __Host-revista_session=tok; b=2")]);
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("tok"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
