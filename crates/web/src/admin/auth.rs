//! Signing in and out, and accepting an invitation. Sign-in is throttled per address and
//! per account in the database (so the limits hold across nodes), answers the same way
//! whether or not an account exists, and rotates the session.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use domain::{Email, Locale};
use serde::{Deserialize, Serialize};

use super::{
    ClientIp, Frame, LOGIN_COOKIE, SESSION_COOKIE, SESSION_LIFETIME, Staff, cookie, guest_locale,
    new_password_error, new_token, page, password, record_audit, same_secret, see_other,
    set_cookie, token_hash,
};
use crate::{AppError, AppState};

/// Failed sign-ins are counted over this many seconds.
pub const THROTTLE_WINDOW: i64 = 15 * 60;
/// Failed sign-ins allowed per account (by the e-mail typed) in a window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins allowed per client address in a window.
pub const MAX_FAILURES_PER_IP: i64 = 20;

/// Where to go after signing in: only a path inside the newsroom.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if (n == "/admin" || n.starts_with("/admin/") || n.starts_with("/admin?"))
                && !n.contains("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/admin".to_owned(),
    }
}

fn next_query(next: &str) -> String {
    serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
    done: Option<String>,
}

#[derive(Debug, Serialize)]
struct LoginPage {
    #[serde(flatten)]
    frame: Frame,
    next: String,
    /// `next=…`, encoded for the language links.
    next_query: String,
    email: String,
    /// Translation key of the error shown above the form.
    error: Option<&'static str>,
    minutes: i64,
}

/// The form token of pages shown before sign-in: the login cookie's value, made when absent.
fn guest_token(headers: &HeaderMap) -> Result<(String, bool), AppError> {
    match cookie(headers, LOGIN_COOKIE) {
        Some(t) if t.len() == 43 => Ok((t.to_owned(), false)),
        _ => Ok((new_token()?, true)),
    }
}

fn with_guest_cookie(mut res: Response, token: &str, fresh: bool) -> Response {
    if fresh {
        res.headers_mut()
            .append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, token, 3600));
    }
    res
}

/// Checks the double-submitted form token of a page shown before sign-in.
fn check_guest_token(headers: &HeaderMap, sent: &str) -> Result<(), AppError> {
    match cookie(headers, LOGIN_COOKIE) {
        Some(c) if same_secret(c, sent) => Ok(()),
        _ => Err(AppError::Forbidden("bad_form_token")),
    }
}

/// `GET /admin/login`
pub async fn show_login(
    State(state): State<AppState>,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = guest_locale(q.lang.as_deref(), &headers);
    let (token, fresh) = guest_token(&headers)?;
    let ctx = LoginPage {
        frame: Frame::guest(lang, "admin-login-title", token.clone(), q.done.as_deref()),
        next_query: next_query(&safe_next(q.next.as_deref())),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        error: None,
        minutes: 0,
    };
    let res = page(&state, StatusCode::OK, "admin/login.html", &ctx)?;
    Ok(with_guest_cookie(res, &token, fresh))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
    next: Option<String>,
    lang: Option<String>,
}

/// Starts a session for `user_id`: a new random id (never one the browser brought), its
/// hash stored, the cookie set; the browser's previous session, if any, is ended.
pub(super) async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    user_id: i64,
    ip: &str,
    to: &str,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    if let Some(old) = cookie(headers, SESSION_COOKIE) {
        state.db.delete_session(&token_hash(old)).await?;
    }
    let token = new_token()?;
    let user_agent: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    state
        .db
        .insert_session(&store::staff::Session {
            id_hash: token_hash(&token),
            user_id,
            created_at: now,
            last_seen_at: now,
            expires_at: now + SESSION_LIFETIME,
            ip: ip.to_owned(),
            user_agent,
        })
        .await?;
    let mut res = see_other(to);
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, &token, SESSION_LIFETIME),
    );
    h.append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, "", 0));
    Ok(res)
}

/// `POST /admin/login`
pub async fn log_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    check_guest_token(&headers, &f.csrf)?;
    let lang = guest_locale(f.lang.as_deref(), &headers);
    let now = state.clock.now();
    let typed = f.email.trim().to_lowercase();
    let account_key = format!("account:{typed}");
    let ip_key = format!("ip:{ip}");
    let (by_account, account_until) = state
        .db
        .auth_failures(&[&account_key], now, THROTTLE_WINDOW)
        .await?;
    let (by_ip, ip_until) = state
        .db
        .auth_failures(&[&ip_key], now, THROTTLE_WINDOW)
        .await?;
    let next = safe_next(f.next.as_deref());
    let form_page =
        |status: StatusCode, error: &'static str, minutes: i64| -> Result<Response, AppError> {
            let ctx = LoginPage {
                frame: Frame::guest(lang, "admin-login-title", f.csrf.clone(), None),
                next_query: next_query(&next),
                next: next.clone(),
                email: f.email.chars().take(254).collect(),
                error: Some(error),
                minutes,
            };
            page(&state, status, "admin/login.html", &ctx)
        };
    if by_account >= MAX_FAILURES_PER_ACCOUNT || by_ip >= MAX_FAILURES_PER_IP {
        let until = if by_account >= MAX_FAILURES_PER_ACCOUNT {
            account_until
        } else {
            ip_until
        };
        let minutes = ((until - now) + 59) / 60;
        tracing::warn!(%ip, "sign-in refused: too many failed attempts");
        let mut res = form_page(
            StatusCode::TOO_MANY_REQUESTS,
            "admin-login-throttled",
            minutes.max(1),
        )?;
        if let Ok(v) = HeaderValue::from_str(&(until - now).max(1).to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(res);
    }
    let user = match Email::parse(&f.email) {
        Ok(e) => state.db.find_user_by_email(&e).await?,
        Err(_) => None,
    };
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let password_ok = password::verify(f.password.chars().take(1024).collect(), hash).await;
    match user {
        Some(u) if password_ok && u.disabled_at.is_none() => {
            state.db.clear_auth_failures(&account_key).await?;
            if state.db.totp_state(u.id).await?.secret.is_some() {
                // The password was right; the session waits for the second factor.
                let lang = guest_locale(f.lang.as_deref(), &headers);
                return super::totp::challenge(&state, u.id, &next, lang).await;
            }
            record_audit(&state, Some(u.id), "login", "", &ip).await;
            start_session(&state, &headers, u.id, &ip, &next).await
        }
        other => {
            state
                .db
                .add_auth_failure(&account_key, now, THROTTLE_WINDOW)
                .await?;
            state
                .db
                .add_auth_failure(&ip_key, now, THROTTLE_WINDOW)
                .await?;
            record_audit(&state, other.map(|u| u.id), "login_failed", "", &ip).await;
            form_page(StatusCode::UNAUTHORIZED, "admin-login-failed", 0)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /admin/logout`
pub async fn log_out(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    state.db.delete_session(&staff.session_hash).await?;
    staff.audit(&state, "logout", "").await;
    let mut res = see_other(&format!(
        "/admin/login?done=signed_out&lang={}",
        staff.locale()
    ));
    res.headers_mut()
        .append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0));
    Ok(res)
}

#[derive(Debug, Serialize)]
struct InvitePage {
    #[serde(flatten)]
    frame: Frame,
    valid: bool,
    email: String,
    name: String,
    role: String,
    error: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub struct InviteQuery {
    lang: Option<String>,
}

/// `GET /admin/invite/{token}`
pub async fn show_invite(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<InviteQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = guest_locale(q.lang.as_deref(), &headers);
    let (guest, fresh) = guest_token(&headers)?;
    let invite = state
        .db
        .find_open_invite(&token_hash(&token), state.clock.now())
        .await?;
    let status = if invite.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let ctx = InvitePage {
        frame: Frame::guest(lang, "admin-invite-title", guest.clone(), None),
        valid: invite.is_some(),
        email: invite.as_ref().map(|i| i.email.clone()).unwrap_or_default(),
        name: invite.as_ref().map(|i| i.name.clone()).unwrap_or_default(),
        role: invite
            .as_ref()
            .map(|i| i.role.as_str().to_owned())
            .unwrap_or_default(),
        error: None,
    };
    let res = page(&state, status, "admin/invite.html", &ctx)?;
    Ok(with_guest_cookie(res, &guest, fresh))
}

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
    lang: Option<String>,
}

/// `POST /admin/invite/{token}`: creates the account and signs it in.
pub async fn accept_invite(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<InviteForm>,
) -> Result<Response, AppError> {
    check_guest_token(&headers, &f.csrf)?;
    let lang = f
        .lang
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or_else(|| guest_locale(None, &headers));
    let hash = token_hash(&token);
    let now = state.clock.now();
    let Some(invite) = state.db.find_open_invite(&hash, now).await? else {
        return Err(AppError::NotFound);
    };
    let name = f.name.trim().to_owned();
    let error = if name.is_empty() || name.chars().count() > 120 {
        Some("admin-error-name")
    } else {
        new_password_error(&f.password, &f.password2, &invite.email, &name)
    };
    if let Some(error) = error {
        let ctx = InvitePage {
            frame: Frame::guest(lang, "admin-invite-title", f.csrf.clone(), None),
            valid: true,
            email: invite.email.clone(),
            name,
            role: invite.role.as_str().to_owned(),
            error: Some(error),
        };
        return page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            "admin/invite.html",
            &ctx,
        );
    }
    let phc = password::hash(f.password).await?;
    let id = match state.db.accept_invite(&hash, &name, &phc, lang, now).await {
        Ok(id) => id,
        Err(store::Error::NotFound(_)) => return Err(AppError::NotFound),
        Err(store::Error::Conflict(_)) => return Err(AppError::Forbidden("invite_taken")),
        Err(e) => return Err(e.into()),
    };
    record_audit(&state, Some(id), "invite_accepted", &invite.email, &ip).await;
    start_session(&state, &headers, id, &ip, "/admin?done=welcome").await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_in_the_newsroom() {
        assert_eq!(safe_next(Some("/admin/staff")), "/admin/staff");
        assert_eq!(safe_next(Some("/admin?x=1")), "/admin?x=1");
        for bad in [
            "https://evil.test/",
            "//evil.test",
            "/administrator",
            "/admin//evil",
            "/admin/\\x",
            "/en/",
        ] {
            assert_eq!(safe_next(Some(bad)), "/admin", "{bad}");
        }
        assert_eq!(safe_next(None), "/admin");
    }
}
