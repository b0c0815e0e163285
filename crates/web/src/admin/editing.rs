//! While an article is open in the editor: the edit lock (a lease the page renews every
//! minute; another editor sees who is editing and may take over after a warning) and
//! autosave (the page posts the form every 15 seconds when it changed; the edit page offers
//! the autosaved form back until it is saved or discarded). `assets/admin.js` does the
//! page's side.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Action;
use serde::Deserialize;
use store::editing::Lock;

use super::articles::load;
use super::{Staff, see_other};
use crate::{AppError, AppState};

/// How long an edit lock lasts without renewal, in seconds (the page renews it every 60).
pub const LOCK_TTL: i64 = 150;
/// Largest autosaved form kept, in bytes.
const MAX_AUTOSAVE: usize = 2 << 20;

/// A short text answer for the page's script, never cached.
fn text(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// "Someone took over" in the user's language.
fn taken_message(staff: &Staff, name: &str) -> String {
    render::t_args(
        staff.locale(),
        "admin-lock-lost",
        &[("name", name.to_owned().into())],
    )
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /admin/articles/{id}/lock`: renews the user's lock; 409 with the reason when
/// someone else has taken it over.
pub async fn renew_lock(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    load(&state, &staff, id, Action::EditArticle).await?;
    let now = state.clock.now();
    match state
        .db
        .hold_article_lock(id, staff.user.id, now, LOCK_TTL, false)
        .await?
    {
        Lock::Held => Ok(StatusCode::NO_CONTENT.into_response()),
        Lock::HeldBy(h) => Ok(text(StatusCode::CONFLICT, taken_message(&staff, &h.name))),
    }
}

/// `POST /admin/articles/{id}/lock/take`: takes the lock from whoever holds it (after the
/// warning on the edit page); recorded in the audit log.
pub async fn take_lock(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    load(&state, &staff, id, Action::EditArticle).await?;
    let now = state.clock.now();
    let before = state.db.article_lock_holder(id, now).await?;
    state
        .db
        .hold_article_lock(id, staff.user.id, now, LOCK_TTL, true)
        .await?;
    if let Some(h) = before.filter(|h| h.user_id != staff.user.id) {
        staff
            .audit(
                &state,
                "article_lock_taken",
                &format!("article {id} from user {}", h.user_id),
            )
            .await;
    }
    Ok(see_other(&format!("/admin/articles/{id}?done=lock_taken")))
}

/// `POST /admin/articles/{id}/autosave`: keeps the form as sent (the page's fields) as the
/// user's autosave, if they hold the lock; answers with a line for the page to show.
pub async fn autosave(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    staff.check_csrf(csrf)?;
    load(&state, &staff, id, Action::EditArticle).await?;
    let now = state.clock.now();
    if let Lock::HeldBy(h) = state
        .db
        .hold_article_lock(id, staff.user.id, now, LOCK_TTL, false)
        .await?
    {
        return Ok(text(StatusCode::CONFLICT, taken_message(&staff, &h.name)));
    }
    let kept: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "_csrf").collect();
    let json = serde_json::to_string(&kept).map_err(|_| AppError::BadRequest("bad_form"))?;
    if json.len() > MAX_AUTOSAVE {
        return Ok(text(
            StatusCode::PAYLOAD_TOO_LARGE,
            render::t(staff.locale(), "admin-autosave-too-large"),
        ));
    }
    state
        .db
        .save_autosave(id, staff.user.id, &json, now)
        .await?;
    let at = render::i18n::format_time(now);
    Ok(text(
        StatusCode::OK,
        render::t_args(staff.locale(), "admin-autosaved-at", &[("time", at.into())]),
    ))
}

/// `POST /admin/articles/{id}/autosave/discard`: drops the user's autosave.
pub async fn discard_autosave(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    load(&state, &staff, id, Action::EditArticle).await?;
    state.db.delete_autosave(id, staff.user.id).await?;
    Ok(see_other(&format!(
        "/admin/articles/{id}?done=autosave_discarded"
    )))
}
