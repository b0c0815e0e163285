//! The signed-in user's own account: password, interface language, and the list of their
//! signed-in browsers with "sign out" per browser and "sign out everywhere else".

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::Locale;
use serde::{Deserialize, Serialize};

use super::{Frame, SESSION_IDLE, Staff, new_password_error, page, password, see_other};
use crate::{AppError, AppState};

#[derive(Debug, Serialize)]
struct SessionView {
    id: String,
    current: bool,
    created_at: i64,
    last_seen_at: i64,
    ip: String,
    user_agent: String,
}

#[derive(Debug, Serialize)]
struct AccountPage {
    #[serde(flatten)]
    frame: Frame,
    email: String,
    role: &'static str,
    locale: Locale,
    sessions: Vec<SessionView>,
    error: Option<&'static str>,
    /// Two-factor sign-in is on, and how many recovery codes are left.
    totp_on: bool,
    recovery_left: i64,
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub(super) async fn account_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    done: Option<&str>,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let sessions = state
        .db
        .list_sessions_of_user(staff.user.id, now, SESSION_IDLE)
        .await?
        .into_iter()
        .map(|s| SessionView {
            current: s.id_hash == staff.session_hash,
            id: s.id_hash,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect();
    let totp = state.db.totp_state(staff.user.id).await?;
    let ctx = AccountPage {
        totp_on: totp.secret.is_some(),
        recovery_left: totp.recovery_left,
        frame: Frame::new(staff, "admin-account-title", "/admin/account", done),
        email: staff.user.email.clone(),
        role: staff.user.role.as_str(),
        locale: staff.user.locale,
        sessions,
        error,
    };
    page(state, status, "admin/account.html", &ctx)
}

/// `GET /admin/account`
pub async fn show_account(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    account_page(&state, &staff, StatusCode::OK, q.done.as_deref(), None).await
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

/// `POST /admin/account/password`: needs the current password; ends every other session.
pub async fn change_password(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let error = if !password::verify(
        f.current.chars().take(1024).collect(),
        Some(staff.user.password_hash.clone()),
    )
    .await
    {
        Some("admin-error-current-password")
    } else {
        new_password_error(
            &f.password,
            &f.password2,
            &staff.user.email,
            &staff.user.name,
        )
    };
    if let Some(error) = error {
        return account_page(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(error),
        )
        .await;
    }
    let phc = password::hash(f.password).await?;
    // Every other browser is signed out; this one just proved the current password.
    state
        .db
        .update_password(
            staff.user.id,
            &phc,
            Some(&staff.session_hash),
            state.clock.now(),
        )
        .await?;
    staff.audit(&state, "password_changed", "").await;
    Ok(see_other("/admin/account?done=password_changed"))
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    locale: String,
}

/// `POST /admin/account/language`
pub async fn change_language(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<LanguageForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let locale = Locale::parse(&f.locale).ok_or(AppError::BadRequest("bad_language"))?;
    state.db.update_user_locale(staff.user.id, locale).await?;
    staff.audit(&state, "language_changed", locale.code()).await;
    Ok(see_other("/admin/account?done=language_changed"))
}

#[derive(Debug, Deserialize)]
pub struct EndSessionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    id: String,
}

/// `POST /admin/account/sessions/end`: signs one of the user's own browsers out.
pub async fn end_session(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<EndSessionForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    if !state
        .db
        .delete_session_of_user(staff.user.id, &f.id)
        .await?
    {
        return Err(AppError::NotFound);
    }
    staff.audit(&state, "session_ended", "").await;
    if f.id == staff.session_hash {
        return Ok(see_other("/admin/login?done=signed_out"));
    }
    Ok(see_other("/admin/account?done=session_ended"))
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /admin/account/sessions/end-others`: "sign out everywhere else".
pub async fn end_other_sessions(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let n = state
        .db
        .delete_sessions_of_user(staff.user.id, Some(&staff.session_hash))
        .await?;
    staff.audit(&state, "sessions_ended", &n.to_string()).await;
    Ok(see_other("/admin/account?done=sessions_ended"))
}
