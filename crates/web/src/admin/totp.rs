//! Optional two-factor sign-in with a TOTP app (RFC 6238: SHA-1, 6 digits, 30 seconds, one
//! step of clock skew; `totp-rs` does the arithmetic) and ten one-time recovery codes.
//!
//! Set-up (My account): a new 160-bit secret is kept as pending and shown as text and as an
//! `otpauth://` link; a code from the app confirms it, and the recovery codes are shown once
//! (only their SHA-256 is stored). Sign-in: when the password is right and the account has
//! two-factor sign-in, no session is made yet; a short-lived challenge (cookie
//! `__Host-revista_mfa`, hash in the database, 5 minutes, 5 tries) waits for a code or a
//! recovery code. A code's time step is recorded, so the same code is never accepted twice.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use domain::Locale;
use serde::{Deserialize, Serialize};
use totp_rs::{Builder, Secret, Totp};

use super::{
    ClientIp, Frame, Staff, cookie, guest_locale, new_token, page, password, record_audit,
    same_secret, see_other, set_cookie, token_hash,
};
use crate::{AppError, AppState};

/// Cookie of a sign-in waiting for its code.
pub const MFA_COOKIE: &str = "__Host-revista_mfa";
/// How long a sign-in waits for its code, in seconds.
const CHALLENGE_TTL: i64 = 5 * 60;
/// Wrong codes allowed per sign-in.
const MAX_TRIES: i64 = 5;
/// Recovery codes made at set-up.
const RECOVERY_CODES: usize = 10;

fn totp(secret_b32: &str) -> Result<Totp, AppError> {
    let secret =
        Secret::try_from_base32(secret_b32).map_err(|_| AppError::Internal("bad totp secret"))?;
    Builder::new()
        .with_secret(secret)
        .build()
        .map_err(|_| AppError::Internal("bad totp secret"))
}

/// The time step a code is right for (now, or one step either side), if any.
fn check_code(secret_b32: &str, code: &str, now: i64) -> Result<Option<i64>, AppError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let t = totp(secret_b32)?;
    Ok(t.check(&code, u64::try_from(now).unwrap_or(0))
        .and_then(|s| i64::try_from(s).ok()))
}

/// A recovery code as typed, normalised (`abcde-fghij`), if it looks like one.
fn normalise_recovery(code: &str) -> Option<String> {
    let c: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (c.len() == 10).then(|| format!("{}-{}", &c[..5], &c[5..]))
}

/// Ten recovery codes: 50 random bits each, in an alphabet without look-alikes.
fn new_recovery_codes() -> Result<Vec<String>, AppError> {
    // RFC 4648's base32 letters in lower case: no 0, 1, 8 or 9 to mistake for o, l, b, g.
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 10];
        getrandom::fill(&mut bytes).map_err(|_| AppError::Internal("no randomness"))?;
        let c: String = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
            .collect();
        out.push(format!("{}-{}", &c[..5], &c[5..]));
    }
    Ok(out)
}

fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal("no randomness"))?;
    Ok(Secret::from(bytes).to_base32())
}

/// Starts the second step of a sign-in whose password was right: a challenge cookie and a
/// redirect to the code form.
pub async fn challenge(
    state: &AppState,
    user_id: i64,
    next: &str,
    lang: Locale,
) -> Result<Response, AppError> {
    let token = new_token()?;
    state
        .db
        .insert_mfa_challenge(
            &token_hash(&token),
            user_id,
            next,
            state.clock.now() + CHALLENGE_TTL,
        )
        .await?;
    let mut res = see_other(&format!("/admin/login/code?lang={}", lang.code()));
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(MFA_COOKIE, &token, CHALLENGE_TTL),
    );
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct CodeQuery {
    lang: Option<String>,
}

#[derive(Debug, Serialize)]
struct CodePage {
    #[serde(flatten)]
    frame: Frame,
    error: Option<&'static str>,
}

fn code_page(
    state: &AppState,
    status: StatusCode,
    lang: Locale,
    token: &str,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let ctx = CodePage {
        frame: Frame::guest(lang, "admin-totp-login-title", token.to_owned(), None),
        error,
    };
    page(state, status, "admin/login-code.html", &ctx)
}

/// `GET /admin/login/code`: the code form of a waiting sign-in (else back to sign-in).
pub async fn show_code(
    State(state): State<AppState>,
    Query(q): Query<CodeQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = guest_locale(q.lang.as_deref(), &headers);
    let Some(token) = cookie(&headers, MFA_COOKIE) else {
        return Ok(see_other(&format!("/admin/login?lang={}", lang.code())));
    };
    if state
        .db
        .find_mfa_challenge(&token_hash(token), state.clock.now())
        .await?
        .is_none()
    {
        return Ok(see_other(&format!("/admin/login?lang={}", lang.code())));
    }
    code_page(
        &state,
        StatusCode::OK,
        lang,
        &csrf_of_challenge(token),
        None,
    )
}

/// The code form's token: derived from the challenge's secret, like a session's.
fn csrf_of_challenge(token: &str) -> String {
    token_hash(&format!("mfa-csrf\0{token}"))
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    code: String,
    lang: Option<String>,
}

/// `POST /admin/login/code`: a TOTP code or a recovery code finishes the sign-in.
pub async fn check(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Result<Response, AppError> {
    let lang = guest_locale(f.lang.as_deref(), &headers);
    let Some(token) = cookie(&headers, MFA_COOKIE) else {
        return Err(AppError::Forbidden("bad_form_token"));
    };
    if !same_secret(&f.csrf, &csrf_of_challenge(token)) {
        return Err(AppError::Forbidden("bad_form_token"));
    }
    let hash = token_hash(token);
    let now = state.clock.now();
    let Some(c) = state.db.find_mfa_challenge(&hash, now).await? else {
        return Ok(see_other(&format!("/admin/login?lang={}", lang.code())));
    };
    let totp_state = state.db.totp_state(c.user_id).await?;
    let Some(secret) = totp_state.secret else {
        state.db.delete_mfa_challenge(&hash).await?;
        return Ok(see_other(&format!("/admin/login?lang={}", lang.code())));
    };
    let ok = match check_code(&secret, &f.code, now)? {
        Some(step) => state.db.advance_totp_step(c.user_id, step).await?,
        None => match normalise_recovery(&f.code) {
            Some(code) => {
                let used = state
                    .db
                    .use_recovery_code(c.user_id, &token_hash(&code), now)
                    .await?;
                if used {
                    record_audit(&state, Some(c.user_id), "recovery_code_used", "", &ip).await;
                }
                used
            }
            None => false,
        },
    };
    if ok {
        state.db.delete_mfa_challenge(&hash).await?;
        record_audit(&state, Some(c.user_id), "login", "two-factor", &ip).await;
        let mut res =
            super::auth::start_session(&state, &headers, c.user_id, &ip, &c.next_path).await?;
        res.headers_mut()
            .append(header::SET_COOKIE, set_cookie(MFA_COOKIE, "", 0));
        return Ok(res);
    }
    record_audit(&state, Some(c.user_id), "login_code_failed", "", &ip).await;
    if c.failures + 1 >= MAX_TRIES {
        state.db.delete_mfa_challenge(&hash).await?;
        let mut res = see_other(&format!(
            "/admin/login?lang={}&done=code_tries_used",
            lang.code()
        ));
        res.headers_mut()
            .append(header::SET_COOKIE, set_cookie(MFA_COOKIE, "", 0));
        return Ok(res);
    }
    state.db.fail_mfa_challenge(&hash).await?;
    code_page(
        &state,
        StatusCode::UNAUTHORIZED,
        lang,
        &f.csrf,
        Some("admin-totp-wrong-code"),
    )
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

#[derive(Debug, Serialize)]
struct SetupPage {
    #[serde(flatten)]
    frame: Frame,
    secret: String,
    /// The secret in groups of four, for typing.
    secret_groups: String,
    otpauth: String,
    /// The `otpauth://` link as an inline SVG QR code, for the phone's camera.
    qr_svg: String,
    error: Option<&'static str>,
    /// Shown once, right after set-up.
    recovery_codes: Vec<String>,
}

/// `POST /admin/account/totp/setup`: makes a new pending secret and shows it.
pub async fn start_setup(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let secret = new_secret()?;
    state
        .db
        .set_totp_pending(staff.user.id, Some(&secret))
        .await?;
    Ok(see_other("/admin/account/totp"))
}

fn setup_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    secret: &str,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let label = render::html::percent_encode(&format!("Revista:{}", staff.user.email));
    let otpauth = format!(
        "otpauth://totp/{label}?secret={secret}&issuer=Revista&algorithm=SHA1&digits=6&period=30"
    );
    let ctx = SetupPage {
        frame: Frame::new(staff, "admin-totp-title", "/admin/account", None),
        secret: secret.to_owned(),
        secret_groups: secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        qr_svg: qr_svg(&otpauth, &render::t(staff.locale(), "admin-totp-qr")),
        otpauth,
        error,
        recovery_codes: Vec::new(),
    };
    page(state, status, "admin/totp.html", &ctx)
}

/// `data` as an SVG QR code for inline HTML (no XML prolog), labelled for screen readers;
/// empty if it cannot be encoded (the key and the link still are on the page).
fn qr_svg(data: &str, label: &str) -> String {
    use qrcode::render::svg;
    let Ok(code) = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M) else {
        return String::new();
    };
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let Some(start) = svg.find("<svg ") else {
        return String::new();
    };
    format!(
        "<svg class=\"totp-qr\" role=\"img\" aria-label=\"{}\" {}",
        render::html::escape(label),
        &svg[start + 5..]
    )
}

/// `GET /admin/account/totp`: the pending secret and the form that confirms it.
pub async fn show_setup(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    let st = state.db.totp_state(staff.user.id).await?;
    let Some(pending) = st.pending else {
        return Ok(see_other("/admin/account"));
    };
    setup_page(&state, &staff, StatusCode::OK, &pending, None)
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

/// `POST /admin/account/totp`: a code from the app confirms the pending secret; the
/// recovery codes are shown once.
pub async fn confirm_setup(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let st = state.db.totp_state(staff.user.id).await?;
    let Some(pending) = st.pending else {
        return Ok(see_other("/admin/account"));
    };
    let Some(step) = check_code(&pending, &f.code, state.clock.now())? else {
        return setup_page(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            &pending,
            Some("admin-totp-wrong-code"),
        );
    };
    let codes = new_recovery_codes()?;
    let hashes: Vec<String> = codes.iter().map(|c| token_hash(c)).collect();
    state
        .db
        .enable_totp(staff.user.id, &pending, step, &hashes)
        .await?;
    staff.audit(&state, "totp_enabled", "").await;
    let ctx = SetupPage {
        frame: Frame::new(&staff, "admin-totp-title", "/admin/account", None),
        secret: String::new(),
        secret_groups: String::new(),
        otpauth: String::new(),
        qr_svg: String::new(),
        error: None,
        recovery_codes: codes,
    };
    page(&state, StatusCode::OK, "admin/totp.html", &ctx)
}

#[derive(Debug, Deserialize)]
pub struct DisableForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    current: String,
}

/// `POST /admin/account/totp/disable`: needs the current password.
pub async fn disable(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<DisableForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let user = state
        .db
        .find_user(staff.user.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !password::verify(
        f.current.chars().take(1024).collect(),
        Some(user.password_hash),
    )
    .await
    {
        return super::account::account_page(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("admin-error-current-password"),
        )
        .await;
    }
    state.db.disable_totp(staff.user.id).await?;
    staff.audit(&state, "totp_disabled", "").await;
    Ok(see_other("/admin/account?done=totp_disabled"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_with_one_step_of_skew() {
        let secret = new_secret().expect("secret");
        assert_eq!(secret.len(), 32, "160 bits in base32");
        let t = totp(&secret).expect("totp");
        let now = 1_790_000_000i64;
        let code = t
            .generate(u64::try_from(now).expect("positive"))
            .to_string();
        let step = now / 30;
        assert_eq!(check_code(&secret, &code, now).expect("ok"), Some(step));
        assert_eq!(
            check_code(&secret, &code, now + 30).expect("ok"),
            Some(step),
            "a code from the step before is still taken"
        );
        assert_eq!(check_code(&secret, &code, now + 90).expect("ok"), None);
        assert_eq!(check_code(&secret, "12345", now).expect("ok"), None);
        assert_eq!(check_code(&secret, "abcdef", now).expect("ok"), None);
    }

    #[test]
    fn recovery_codes_are_random_and_typed_loosely() {
        let a = new_recovery_codes().expect("codes");
        let b = new_recovery_codes().expect("codes");
        assert_eq!(a.len(), 10);
        assert_ne!(a, b);
        assert!(a.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
        assert_eq!(
            normalise_recovery(" ABCDE fghij "),
            Some("abcde-fghij".into())
        );
        assert_eq!(normalise_recovery("abc"), None);
    }
}
