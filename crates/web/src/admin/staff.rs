//! Staff management, for admins: the list of accounts, invitations (a one-time link the
//! admin passes on; it works once, for a week), role changes, disabling and enabling. The
//! last active admin can be neither demoted nor disabled, and nobody disables themselves.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Email, Role};
use serde::{Deserialize, Serialize};

use super::{Frame, Staff, new_token, page, see_other, token_hash};
use crate::{AppError, AppState};

/// How long an invitation link works.
pub const INVITE_LIFETIME: i64 = 7 * 86_400;

#[derive(Debug, Serialize)]
struct UserView {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    disabled: bool,
    is_me: bool,
    created_at: i64,
}

#[derive(Debug, Serialize)]
struct InviteView {
    id: String,
    email: String,
    name: String,
    role: &'static str,
    expires_at: i64,
}

#[derive(Debug, Serialize)]
struct StaffPage {
    #[serde(flatten)]
    frame: Frame,
    users: Vec<UserView>,
    invites: Vec<InviteView>,
    roles: Vec<&'static str>,
    /// The link of an invitation just made (shown once).
    invite_link: Option<String>,
    error: Option<&'static str>,
    form_email: String,
    form_name: String,
    form_role: String,
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

struct Extra {
    invite_link: Option<String>,
    error: Option<&'static str>,
    form: Option<InviteForm>,
}

async fn staff_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    done: Option<&str>,
    extra: Extra,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let users = state
        .db
        .list_users()
        .await?
        .into_iter()
        .map(|u| UserView {
            is_me: u.id == staff.user.id,
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role.as_str(),
            disabled: u.disabled_at.is_some(),
            created_at: u.created_at,
        })
        .collect();
    let invites = state
        .db
        .list_open_invites(now)
        .await?
        .into_iter()
        .map(|i| InviteView {
            id: i.token_hash,
            email: i.email,
            name: i.name,
            role: i.role.as_str(),
            expires_at: i.expires_at,
        })
        .collect();
    let form = extra.form.unwrap_or_default();
    let ctx = StaffPage {
        frame: Frame::new(staff, "admin-staff-title", "/admin/staff", done),
        users,
        invites,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        invite_link: extra.invite_link,
        error: extra.error,
        form_email: form.email,
        form_name: form.name,
        form_role: form.role,
    };
    page(state, status, "admin/staff.html", &ctx)
}

/// `GET /admin/staff`
pub async fn list_staff(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStaff, false)?;
    let extra = Extra {
        invite_link: None,
        error: None,
        form: None,
    };
    staff_page(&state, &staff, StatusCode::OK, q.done.as_deref(), extra).await
}

#[derive(Debug, Default, Deserialize)]
pub struct InviteForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

/// `POST /admin/staff/invite`: makes a one-time link and shows it once.
pub async fn invite_staff(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<InviteForm>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStaff, false)?;
    staff.check_csrf(&f.csrf)?;
    let email = Email::parse(&f.email);
    let role = Role::parse(&f.role);
    let name = f.name.trim().to_owned();
    let error = match (&email, role) {
        (Err(_), _) => Some("admin-error-email"),
        (_, None) => Some("admin-error-role"),
        _ if name.is_empty() || name.chars().count() > 120 => Some("admin-error-name"),
        (Ok(e), Some(_)) if state.db.find_user_by_email(e).await?.is_some() => {
            Some("admin-error-email-taken")
        }
        _ => None,
    };
    let (Ok(email), Some(role), None) = (email, role, error) else {
        let extra = Extra {
            invite_link: None,
            error,
            form: Some(f),
        };
        return staff_page(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            extra,
        )
        .await;
    };
    let token = new_token()?;
    let now = state.clock.now();
    state
        .db
        .insert_invite(&store::staff::Invite {
            token_hash: token_hash(&token),
            email: email.as_str().to_owned(),
            name,
            role,
            invited_by: Some(staff.user.id),
            created_at: now,
            expires_at: now + INVITE_LIFETIME,
        })
        .await?;
    staff
        .audit(
            &state,
            "invite_created",
            &format!("{} ({})", email.masked(), role.as_str()),
        )
        .await;
    let link = format!("{}/admin/invite/{token}", state.config.base_url);
    let extra = Extra {
        invite_link: Some(link),
        error: None,
        form: None,
    };
    staff_page(
        &state,
        &staff,
        StatusCode::OK,
        Some("invite_created"),
        extra,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    id: String,
}

/// `POST /admin/staff/invite/withdraw`
pub async fn withdraw_invite(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStaff, false)?;
    staff.check_csrf(&f.csrf)?;
    if !state.db.delete_invite(&f.id).await? {
        return Err(AppError::NotFound);
    }
    staff.audit(&state, "invite_withdrawn", "").await;
    Ok(see_other("/admin/staff?done=invite_withdrawn"))
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    role: String,
}

/// Loads the target account, refusing unknown ids.
async fn target(state: &AppState, id: i64) -> Result<store::staff::User, AppError> {
    state.db.find_user(id).await?.ok_or(AppError::NotFound)
}

/// Refuses to leave the newsroom without an active admin.
async fn keep_an_admin(state: &AppState, user: &store::staff::User) -> Result<(), AppError> {
    if user.role == Role::Admin
        && user.disabled_at.is_none()
        && state.db.count_active_admins().await? <= 1
    {
        return Err(AppError::Forbidden("last_admin"));
    }
    Ok(())
}

/// `POST /admin/staff/{id}/role`
pub async fn change_role(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStaff, false)?;
    staff.check_csrf(&f.csrf)?;
    let role = Role::parse(&f.role).ok_or(AppError::BadRequest("bad_role"))?;
    let user = target(&state, id).await?;
    if role != Role::Admin {
        keep_an_admin(&state, &user).await?;
    }
    state.db.update_user_role(id, role).await?;
    staff
        .audit(
            &state,
            "role_changed",
            &format!("user {id}: {} → {}", user.role.as_str(), role.as_str()),
        )
        .await;
    Ok(see_other("/admin/staff?done=role_changed"))
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /admin/staff/{id}/disable`: the account can no longer sign in; its sessions end.
pub async fn disable_staff(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStaff, false)?;
    staff.check_csrf(&f.csrf)?;
    let user = target(&state, id).await?;
    if user.id == staff.user.id {
        return Err(AppError::Forbidden("not_yourself"));
    }
    keep_an_admin(&state, &user).await?;
    state
        .db
        .set_user_disabled(id, Some(state.clock.now()))
        .await?;
    staff
        .audit(&state, "staff_disabled", &format!("user {id}"))
        .await;
    Ok(see_other("/admin/staff?done=staff_disabled"))
}

/// `POST /admin/staff/{id}/enable`
pub async fn enable_staff(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStaff, false)?;
    staff.check_csrf(&f.csrf)?;
    target(&state, id).await?;
    state.db.set_user_disabled(id, None).await?;
    staff
        .audit(&state, "staff_enabled", &format!("user {id}"))
        .await;
    Ok(see_other("/admin/staff?done=staff_enabled"))
}
