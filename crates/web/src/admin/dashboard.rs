//! The newsroom's front page (counts per status and the latest work) and the article
//! list, filtered by status and language. Contributors and authors see their own articles;
//! editors and admins see everyone's.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, ArticleStatus, Locale};
use serde::{Deserialize, Serialize};
use store::newsroom::{DeskFilter, DeskRow, Owner};

use super::{Frame, Staff, page};
use crate::{AppError, AppState};

/// Articles per page of the list.
const PER_PAGE: i64 = 30;

fn owner_of(staff: &Staff) -> Owner {
    if staff.user.role.may(Action::EditArticle, false) {
        Owner::Anyone
    } else {
        Owner::User(staff.user.id)
    }
}

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    lang: Locale,
    status: &'static str,
    title: String,
    updated_at: i64,
    published_at: Option<i64>,
    scheduled_at: Option<i64>,
    authors: String,
}

fn row_of(r: DeskRow) -> Row {
    Row {
        id: r.id,
        lang: r.lang,
        status: r.status.as_str(),
        title: r.title,
        updated_at: r.updated_at,
        published_at: r.published_at,
        scheduled_at: r.scheduled_at,
        authors: r.authors.join(", "),
    }
}

#[derive(Debug, Serialize)]
struct StatusCount {
    status: &'static str,
    count: i64,
}

#[derive(Debug, Serialize)]
struct DashboardPage {
    #[serde(flatten)]
    frame: Frame,
    counts: Vec<StatusCount>,
    recent: Vec<Row>,
    everyone: bool,
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

const STATUSES: [ArticleStatus; 5] = [
    ArticleStatus::Draft,
    ArticleStatus::InReview,
    ArticleStatus::Scheduled,
    ArticleStatus::Published,
    ArticleStatus::Unpublished,
];

/// `GET /admin`
pub async fn show_dashboard(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let owner = owner_of(&staff);
    let counts = state.db.count_desk_articles(owner).await?;
    let filter = DeskFilter {
        owner,
        status: None,
        lang: None,
    };
    let (recent, _) = state.db.list_desk_articles(&filter, 10, 0).await?;
    let ctx = DashboardPage {
        frame: Frame::new(&staff, "admin-dashboard-title", "/admin", q.done.as_deref()),
        counts: STATUSES
            .iter()
            .map(|s| StatusCount {
                status: s.as_str(),
                count: counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n),
            })
            .collect(),
        recent: recent.into_iter().map(row_of).collect(),
        everyone: owner == Owner::Anyone,
    };
    page(&state, StatusCode::OK, "admin/dashboard.html", &ctx)
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    lang: Option<String>,
    page: Option<String>,
}

#[derive(Debug, Serialize)]
struct ListPage {
    #[serde(flatten)]
    frame: Frame,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    status: String,
    filter_lang: String,
    statuses: Vec<&'static str>,
    everyone: bool,
}

/// `GET /admin/articles`
pub async fn list_articles(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(ArticleStatus::parse(s).ok_or(AppError::BadRequest("bad_filter"))?),
    };
    let lang = match q.lang.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(l) => Some(Locale::parse(l).ok_or(AppError::BadRequest("bad_filter"))?),
    };
    let page_no = match q.page.as_deref().filter(|s| !s.is_empty()) {
        None => 1,
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=10_000).contains(p))
            .ok_or(AppError::BadRequest("bad_page"))?,
    };
    let owner = owner_of(&staff);
    let filter = DeskFilter {
        owner,
        status,
        lang,
    };
    let (rows, total) = state
        .db
        .list_desk_articles(&filter, PER_PAGE, (page_no - 1) * PER_PAGE)
        .await?;
    let ctx = ListPage {
        frame: Frame::new(&staff, "admin-articles-title", "/admin/articles", None),
        rows: rows.into_iter().map(row_of).collect(),
        total,
        page: page_no,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        filter_lang: lang.map(|l| l.code().to_owned()).unwrap_or_default(),
        statuses: STATUSES.iter().map(|s| s.as_str()).collect(),
        everyone: owner == Owner::Anyone,
    };
    page(&state, StatusCode::OK, "admin/articles.html", &ctx)
}
