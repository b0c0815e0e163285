//! The audit log, for admins: who did what, when and from where, newest first.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::Action;
use serde::{Deserialize, Serialize};

use super::{Frame, Staff, page};
use crate::{AppError, AppState};

/// Entries per page.
const PER_PAGE: i64 = 50;

#[derive(Debug, Serialize)]
struct EntryView {
    id: i64,
    user: Option<String>,
    action: String,
    target: String,
    ip: String,
    at: i64,
}

#[derive(Debug, Serialize)]
struct AuditPage {
    #[serde(flatten)]
    frame: Frame,
    entries: Vec<EntryView>,
    /// `?before=` of the next (older) page.
    older: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    before: Option<String>,
}

/// `GET /admin/audit`
pub async fn show_audit(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ViewAudit, false)?;
    let before = match q.before.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(b) => Some(
            b.parse::<i64>()
                .ok()
                .filter(|b| *b > 0)
                .ok_or(AppError::BadRequest("bad_page"))?,
        ),
    };
    let mut entries = state.db.list_audit(before, PER_PAGE + 1).await?;
    let more = entries.len() > usize::try_from(PER_PAGE).unwrap_or(50);
    entries.truncate(usize::try_from(PER_PAGE).unwrap_or(50));
    let ctx = AuditPage {
        frame: Frame::new(&staff, "admin-audit-title", "/admin/audit", None),
        older: if more {
            entries.last().map(|e| e.id)
        } else {
            None
        },
        entries: entries
            .into_iter()
            .map(|e| EntryView {
                id: e.id,
                user: e.user_name,
                action: e.action,
                target: e.target,
                ip: e.ip,
                at: e.at,
            })
            .collect(),
    };
    page(&state, StatusCode::OK, "admin/audit.html", &ctx)
}
