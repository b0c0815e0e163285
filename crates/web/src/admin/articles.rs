//! Writing: start a draft, edit its title, standfirst and body (the Tiptap editor, converted
//! and validated by `domain::tiptap` on the server), and move it through the workflow as
//! the role allows. Every save is a revision. Who may touch an article is decided per
//! request: own articles (started or bylined) for everyone, all articles for editors.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, ArticleStatus, Locale, Slug};
use serde::{Deserialize, Serialize};

use super::{Frame, Staff, page, see_other};
use crate::{AppError, AppState};

/// Longest title accepted, in characters.
const MAX_TITLE: usize = 300;
/// Longest standfirst accepted, in characters.
const MAX_STANDFIRST: usize = 1_000;

/// The editor's UI strings in `lang`: every `editor-X` key of the Fluent files, as `X`.
fn editor_strings(lang: Locale) -> String {
    const FTL: &str = include_str!("../../../../locales/en/editor.ftl");
    let strings: BTreeMap<&str, String> = FTL
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .filter_map(|k| k.strip_prefix("editor-").map(|short| (short, k)))
        .map(|(short, key)| (short, render::t(lang, key)))
        .collect();
    let value = serde_json::to_value(strings).unwrap_or_default();
    render::jsonld::script_json(&value)
}

/// Loads an article and checks that `staff` may `action` it; also says whether it is
/// theirs.
async fn load(
    state: &AppState,
    staff: &Staff,
    id: i64,
    action: Action,
) -> Result<(domain::Article, bool), AppError> {
    let article = state.db.find_article(id).await?.ok_or(AppError::NotFound)?;
    let own = state.db.is_article_owner(id, staff.user.id).await?;
    staff.require(action, own)?;
    Ok((article, own))
}

#[derive(Debug, Deserialize)]
pub struct NewForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    lang: String,
}

/// `POST /admin/articles/new`: starts a draft owned by the user and opens it.
pub async fn create_article(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<NewForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    staff.require(Action::CreateArticle, true)?;
    let lang = Locale::parse(&f.lang).ok_or(AppError::BadRequest("bad_language"))?;
    let title = f.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(AppError::BadRequest("bad_title"));
    }
    let now = state.clock.now();
    let base = Slug::from_title(title);
    let mut id = None;
    // A title another article of the language already uses gets `-2`, `-3` … in its slug.
    for n in 1..=50 {
        let slug = if n == 1 {
            base.clone()
        } else {
            Slug::from_title(&format!("{} {n}", base.as_str()))
        };
        let draft = domain::ArticleDraft {
            lang,
            translation_group: None,
            status: ArticleStatus::Draft,
            slug,
            title: title.to_owned(),
            standfirst: String::new(),
            body: domain::Document {
                version: 1,
                blocks: Vec::new(),
                footnotes: Vec::new(),
            },
            author_note: String::new(),
            seo_title: String::new(),
            seo_description: String::new(),
            featured_media_id: None,
            social_media_id: None,
            scheduled_at: None,
            published_at: None,
            updated_at: None,
            section_ids: Vec::new(),
            tag_ids: Vec::new(),
            region_ids: Vec::new(),
            author_ids: Vec::new(),
            is_top: false,
        };
        match state.db.insert_article(&draft, now).await {
            Ok(new) => {
                id = Some(new);
                break;
            }
            Err(e) if store::is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    let id = id.ok_or(AppError::BadRequest("bad_title"))?;
    state.db.set_article_creator(id, staff.user.id).await?;
    staff
        .audit(&state, "article_created", &format!("article {id}"))
        .await;
    Ok(see_other(&format!(
        "/admin/articles/{id}?done=article_created"
    )))
}

#[derive(Debug, Serialize)]
struct Transition {
    to: &'static str,
    key: String,
}

#[derive(Debug, Serialize)]
struct RevisionView {
    id: i64,
    at: i64,
    by: Option<String>,
}

#[derive(Debug, Serialize)]
struct EditPage {
    #[serde(flatten)]
    frame: Frame,
    id: i64,
    article_lang: Locale,
    status: &'static str,
    title_value: String,
    slug: String,
    standfirst: String,
    body_json: String,
    editor_strings: String,
    transitions: Vec<Transition>,
    revisions: Vec<RevisionView>,
    error: Option<String>,
    updated_at: i64,
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// Where the article may go next, for this user.
fn transitions(staff: &Staff, status: ArticleStatus, own: bool) -> Vec<Transition> {
    use ArticleStatus::*;
    let lang = staff.locale();
    [InReview, Published, Draft, Unpublished]
        .into_iter()
        .filter(|to| status.can_move_to(*to))
        .filter(|to| match to {
            InReview => staff.user.role.may(Action::SubmitArticle, own),
            Draft if status == InReview => staff.user.role.may(Action::SendBack, own) || own,
            Draft => staff.user.role.may(Action::EditArticle, own),
            Published | Unpublished | Scheduled => staff.user.role.may(Action::PublishArticle, own),
        })
        .map(|to| Transition {
            to: to.as_str(),
            key: render::t(
                lang,
                &format!("admin-move-to-{}", to.as_str().replace('_', "-")),
            ),
        })
        .collect()
}

async fn edit_page(
    state: &AppState,
    staff: &Staff,
    (article, own): (&domain::Article, bool),
    status: StatusCode,
    done: Option<&str>,
    unsaved: Option<(&str, &str, &str, String)>,
) -> Result<Response, AppError> {
    let revisions = state
        .db
        .list_revisions(article.id, 20)
        .await?
        .into_iter()
        .map(|r| RevisionView {
            id: r.id,
            at: r.created_at,
            by: r.user_name,
        })
        .collect();
    let (title, standfirst, body_json, error) = match unsaved {
        Some((t, s, b, e)) => (t.to_owned(), s.to_owned(), b.to_owned(), Some(e)),
        None => (
            article.title.clone(),
            article.standfirst.clone(),
            domain::tiptap::to_tiptap(&article.body).to_string(),
            None,
        ),
    };
    let mut frame = Frame::new(staff, "admin-edit-title", "/admin/articles", done);
    frame.title = format!("{} — {}", frame.title, article.title);
    let ctx = EditPage {
        frame,
        id: article.id,
        article_lang: article.lang,
        status: article.status.as_str(),
        title_value: title,
        slug: article.slug.clone(),
        standfirst,
        body_json,
        editor_strings: editor_strings(staff.locale()),
        transitions: transitions(staff, article.status, own),
        revisions,
        error,
        updated_at: article.updated_at,
    };
    page(state, status, "admin/edit.html", &ctx)
}

/// `GET /admin/articles/{id}`
pub async fn edit_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let (article, own) = load(&state, &staff, id, Action::EditArticle).await?;
    edit_page(
        &state,
        &staff,
        (&article, own),
        StatusCode::OK,
        q.done.as_deref(),
        None,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct SaveForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    standfirst: String,
    #[serde(default)]
    body: String,
}

/// `POST /admin/articles/{id}`: saves title, standfirst and body as a new revision.
/// Anything invalid gets a 422 with the form as sent and a message; nothing is saved.
pub async fn save_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<SaveForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let (article, own) = load(&state, &staff, id, Action::EditArticle).await?;
    let lang = staff.locale();
    let title = f.title.trim();
    let standfirst = f.standfirst.trim();
    let body = if f.body.trim().is_empty() {
        Ok(domain::Document {
            version: 1,
            blocks: Vec::new(),
            footnotes: Vec::new(),
        })
    } else {
        domain::tiptap::from_tiptap_str(&f.body)
    };
    let problem = if title.is_empty() || title.chars().count() > MAX_TITLE {
        Some(render::t(lang, "admin-error-title"))
    } else if standfirst.chars().count() > MAX_STANDFIRST {
        Some(render::t(lang, "admin-error-standfirst"))
    } else {
        None
    };
    let error = match (problem, body) {
        (Some(problem), _) => problem,
        (None, Err(e)) => render::t_args(
            lang,
            "admin-error-body",
            &[("detail", e.to_string().into())],
        ),
        (None, Ok(body)) => {
            let now = state.clock.now();
            state
                .db
                .update_article_content(id, title, standfirst, &body, now)
                .await?;
            let snapshot = serde_json::json!({
                "title": title,
                "standfirst": standfirst,
                "body": serde_json::from_str::<serde_json::Value>(&body.to_json()).unwrap_or_default(),
            });
            state
                .db
                .insert_revision(id, Some(staff.user.id), &snapshot.to_string(), now)
                .await?;
            state.apply_changes().await?;
            staff
                .audit(&state, "article_saved", &format!("article {id}"))
                .await;
            return Ok(see_other(&format!(
                "/admin/articles/{id}?done=article_saved"
            )));
        }
    };
    tracing::info!(article = id, "refused to save an article: {error}");
    edit_page(
        &state,
        &staff,
        (&article, own),
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        Some((&f.title, &f.standfirst, &f.body, error)),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    to: String,
}

/// `POST /admin/articles/{id}/status`: a workflow step, if the role allows it here.
pub async fn move_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let to = ArticleStatus::parse(&f.to).ok_or(AppError::BadRequest("bad_status"))?;
    let (article, own) = load(&state, &staff, id, Action::EditArticle).await?;
    if !transitions(&staff, article.status, own)
        .iter()
        .any(|t| t.to == to.as_str())
    {
        if article.status.can_move_to(to) {
            return Err(AppError::Forbidden("not_allowed"));
        }
        return Err(AppError::BadRequest("bad_status"));
    }
    if let Some(refusal) = super::media::missing_alt_refusal(&state, &staff, &article, to).await? {
        return Ok(refusal);
    }
    state
        .db
        .set_article_status(id, to, state.clock.now())
        .await?;
    state.apply_changes().await?;
    staff
        .audit(
            &state,
            "article_status",
            &format!(
                "article {id}: {} → {}",
                article.status.as_str(),
                to.as_str()
            ),
        )
        .await;
    Ok(see_other(&format!(
        "/admin/articles/{id}?done=status_changed"
    )))
}
