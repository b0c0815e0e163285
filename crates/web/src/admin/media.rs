//! The media library (`/admin/media`): upload images (decoded, turned upright, stripped of
//! metadata and rendered at several widths by `media`), browse and search them, edit their
//! alt text, caption, credit, licence and focal point, see where each is used, and delete
//! unused ones with their files. Everyone on the staff uploads and reuses; contributors and
//! authors edit and delete their own uploads, editors and admins everyone's.
//! Also the publishing check: an article whose images lack alt text in its language is not
//! published (`missing_alt_refusal`).

use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::{Form, Router};
use domain::{Action, ArticleStatus, Locale, Localized};
use serde::{Deserialize, Serialize};
use store::media::{LibraryItem, MediaMeta, MediaUse};

use super::{Frame, Staff, page, see_other};
use crate::{AppError, AppState};

/// Items per page of the library.
const PER_PAGE: i64 = 24;
/// Longest alt text, in characters (screen readers read it whole).
const MAX_ALT: usize = 500;
/// Longest caption, in characters.
const MAX_CAPTION: usize = 1_000;
/// Longest credit or licence, in characters.
const MAX_SHORT: usize = 200;
/// Room for the form fields and multipart framing besides the file itself.
const FORM_SLACK: usize = 64 * 1024;

/// Routes of the library; the upload route reads its body itself, up to the configured
/// limit, so axum's default body limit is off there.
pub fn router() -> Router<AppState> {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::{get, post};
    Router::new()
        .route("/admin/media", get(list_media))
        .route("/admin/media/pick", get(pick_media))
        .route(
            "/admin/media/upload",
            post(upload_media).layer(DefaultBodyLimit::disable()),
        )
        .route("/admin/media/{id}", get(show_media).post(save_media))
        .route("/admin/media/{id}/delete", post(delete_media))
}

#[derive(Debug, Serialize)]
struct Card {
    id: i64,
    thumb: Option<String>,
    width: u32,
    height: u32,
    alt: String,
    missing_alt: Vec<Locale>,
    credit: String,
}

#[derive(Debug, Serialize)]
struct ListPage {
    #[serde(flatten)]
    frame: Frame,
    items: Vec<Card>,
    q: String,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    error: Option<String>,
    max_size: String,
    form: UploadFields,
}

#[derive(Debug, Default, Serialize)]
struct UploadFields {
    alt_sq: String,
    alt_en: String,
    credit: String,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
    done: Option<String>,
}

/// The smallest JPEG rendition (what every browser shows), else the smallest of any kind.
fn thumbnail(m: &domain::Media) -> Option<&domain::Rendition> {
    m.renditions
        .iter()
        .filter(|r| r.mime == "image/jpeg")
        .min_by_key(|r| r.width)
        .or_else(|| m.renditions.iter().min_by_key(|r| r.width))
}

fn card(item: &LibraryItem, lang: Locale) -> Card {
    let m = &item.media;
    let thumb = thumbnail(m);
    Card {
        id: m.id,
        thumb: thumb.map(|r| format!("/media/{}", r.path)),
        width: thumb.map_or(m.width, |r| r.width),
        height: thumb.map_or(m.height, |r| r.height),
        alt: m.alt.get(lang).to_owned(),
        missing_alt: Locale::ALL
            .into_iter()
            .filter(|l| m.alt.get(*l).trim().is_empty())
            .collect(),
        credit: m.credit.clone(),
    }
}

fn list_url(q: &str, page: i64) -> String {
    let mut pairs = Vec::new();
    if !q.is_empty() {
        pairs.push(("q", q.to_owned()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if query.is_empty() {
        "/admin/media".to_owned()
    } else {
        format!("/admin/media?{query}")
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one page, shown after a search, a refusal or a confirmation"
)]
async fn list_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    q: &str,
    page_no: i64,
    done: Option<&str>,
    error: Option<String>,
    form: UploadFields,
) -> Result<Response, AppError> {
    let q: String = q.trim().chars().take(200).collect();
    let page_no = page_no.max(1);
    let (items, total) = state
        .db
        .list_library(&q, PER_PAGE, (page_no - 1).saturating_mul(PER_PAGE))
        .await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let lang = staff.locale();
    let ctx = ListPage {
        frame: Frame::new(staff, "admin-media-title", "/admin/media", done),
        items: items.iter().map(|i| card(i, lang)).collect(),
        total,
        page: page_no,
        pages,
        prev: (page_no > 1).then(|| list_url(&q, page_no - 1)),
        next: (page_no < pages).then(|| list_url(&q, page_no + 1)),
        q,
        error,
        max_size: format_size(state.config.media_max_bytes),
        form,
    };
    page(state, status, "admin/media.html", &ctx)
}

/// A size limit for people: `20 MB`, `1.5 MB`, `10 KB`.
fn format_size(bytes: usize) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b < MB {
        return format!("{:.0} KB", (b / 1024.0).ceil());
    }
    let mb = b / MB;
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// `GET /admin/media`: the library, newest first, searchable, 24 a page.
pub async fn list_media(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::UseNewsroom, true)?;
    list_page(
        &state,
        &staff,
        StatusCode::OK,
        &q.q,
        q.page.unwrap_or(1),
        q.done.as_deref(),
        None,
        UploadFields::default(),
    )
    .await
}

/// The picker's list: one page of the library, as an HTML fragment.
#[derive(Debug, Serialize)]
struct PickList {
    lang: Locale,
    items: Vec<Card>,
    total: i64,
    /// The fragment with the next page, if any.
    next: Option<String>,
}

/// Items the picker shows at a time.
const PICK_PER_PAGE: i64 = 12;

/// `GET /admin/media/pick?q=&page=`: the library as the editor's image picker shows it
/// (newest first, searchable, 12 at a time): a fragment of buttons, each carrying an item's
/// number, that the newsroom script puts in a dialog beside every image field.
pub async fn pick_media(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::UseNewsroom, true)?;
    let text: String = q.q.trim().chars().take(200).collect();
    let page_no = q.page.unwrap_or(1).max(1);
    let (items, total) = state
        .db
        .list_library(
            &text,
            PICK_PER_PAGE,
            (page_no - 1).saturating_mul(PICK_PER_PAGE),
        )
        .await?;
    let lang = staff.locale();
    let next = (page_no * PICK_PER_PAGE < total).then(|| {
        let query =
            serde_urlencoded::to_string([("q", text.clone()), ("page", (page_no + 1).to_string())])
                .unwrap_or_default();
        format!("/admin/media/pick?{query}")
    });
    let ctx = PickList {
        lang,
        items: items.iter().map(|i| card(i, lang)).collect(),
        total,
        next,
    };
    page(&state, StatusCode::OK, "admin/media-pick.html", &ctx)
}

/// Why an upload was refused: the status and the translation key of the message.
fn upload_refusal(e: &media::Error) -> Option<(StatusCode, &'static str)> {
    match e {
        media::Error::NotAnImage => Some((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "admin-media-error-not-image",
        )),
        media::Error::TooManyPixels { .. } => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            "admin-media-error-too-many-pixels",
        )),
        media::Error::Corrupt(_) => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            "admin-media-error-corrupt",
        )),
        media::Error::Encode(_) | media::Error::Io { .. } => None,
    }
}

/// What the upload form sent.
#[derive(Debug, Default)]
struct Upload {
    file: Vec<u8>,
    has_file: bool,
    fields: UploadFields,
}

/// Why reading the form stopped.
enum FormProblem {
    /// No `_csrf` before the file, or the wrong one.
    Token,
    /// Over the size limit.
    TooLarge,
    /// Not a multipart form we understand.
    Malformed,
}

fn problem(e: MultipartError) -> FormProblem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        FormProblem::TooLarge
    } else {
        FormProblem::Malformed
    }
}

/// Reads the multipart form: `_csrf` must come first (the form puts it first), so nothing
/// of a forged request is read past it; the file is read chunk by chunk up to `max` bytes.
async fn read_upload(
    staff: &Staff,
    mut form: Multipart,
    max: usize,
) -> Result<Upload, FormProblem> {
    let mut up = Upload::default();
    let mut checked = false;
    while let Some(mut field) = form.next_field().await.map_err(problem)? {
        let name = field.name().unwrap_or("").to_owned();
        if !checked {
            if name != "_csrf" {
                return Err(FormProblem::Token);
            }
            let token = field.text().await.map_err(problem)?;
            staff.check_csrf(&token).map_err(|_| FormProblem::Token)?;
            checked = true;
            continue;
        }
        match name.as_str() {
            "file" => {
                up.has_file = true;
                while let Some(chunk) = field.chunk().await.map_err(problem)? {
                    if up.file.len() + chunk.len() > max {
                        return Err(FormProblem::TooLarge);
                    }
                    up.file.extend_from_slice(&chunk);
                }
            }
            "alt_sq" | "alt_en" | "credit" => {
                let text = field.text().await.map_err(problem)?;
                let text = text.trim().to_owned();
                match name.as_str() {
                    "alt_sq" => up.fields.alt_sq = text,
                    "alt_en" => up.fields.alt_en = text,
                    _ => up.fields.credit = text,
                }
            }
            _ => {}
        }
    }
    if checked {
        Ok(up)
    } else {
        Err(FormProblem::Token)
    }
}

/// `POST /admin/media/upload` (multipart: `_csrf`, then optional `alt_sq`, `alt_en`,
/// `credit`, and `file`). A refused upload leaves nothing behind: files are written only
/// after the image is processed, and removed again if the record cannot be stored.
#[tracing::instrument(skip_all, fields(user = staff.user.id))]
pub async fn upload_media(
    State(state): State<AppState>,
    staff: Staff,
    req: Request,
) -> Result<Response, AppError> {
    staff.require(Action::ManageMedia, true)?;
    let max = state.config.media_max_bytes;
    let headers = req.headers();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max.saturating_add(FORM_SLACK)) {
        return refuse_upload(
            &state,
            &staff,
            StatusCode::PAYLOAD_TOO_LARGE,
            "admin-media-error-too-large",
            UploadFields::default(),
        )
        .await;
    }
    // The whole body is bounded too (text fields, framing, parts that are skipped), so a
    // request without a length cannot stream forever.
    let req = req.map(|body| {
        axum::body::Body::new(http_body_util::Limited::new(
            body,
            max.saturating_add(FORM_SLACK),
        ))
    });
    let form = Multipart::from_request(req, &state)
        .await
        .map_err(|_| AppError::BadRequest("bad_request"))?;
    let up = match read_upload(&staff, form, max).await {
        Ok(up) => up,
        Err(FormProblem::Token) => return Err(AppError::Forbidden("bad_form_token")),
        Err(FormProblem::TooLarge) => {
            return refuse_upload(
                &state,
                &staff,
                StatusCode::PAYLOAD_TOO_LARGE,
                "admin-media-error-too-large",
                UploadFields::default(),
            )
            .await;
        }
        Err(FormProblem::Malformed) => return Err(AppError::BadRequest("bad_request")),
    };
    if !up.has_file || up.file.is_empty() {
        return refuse_upload(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            "admin-media-error-no-file",
            up.fields,
        )
        .await;
    }
    if let Some(key) = text_problem(&up.fields.alt_sq, &up.fields.alt_en, &up.fields.credit) {
        return refuse_upload(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            key,
            up.fields,
        )
        .await;
    }
    let size = up.file.len();
    let permit = state
        .media_jobs
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| AppError::Internal("media jobs closed"))?;
    let file = up.file;
    let started = std::time::Instant::now();
    let processed = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        media::process(&file)
    })
    .await
    .map_err(|_| AppError::Internal("image processing panicked"))?;
    let processed = match processed {
        Ok(p) => p,
        Err(e) => {
            return match upload_refusal(&e) {
                Some((status, key)) => refuse_upload(&state, &staff, status, key, up.fields).await,
                None => {
                    tracing::error!(error = %e, "could not process an upload");
                    Err(AppError::Internal("image processing failed"))
                }
            };
        }
    };
    let now = state.clock.now();
    let date =
        time::OffsetDateTime::from_unix_timestamp(now).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let stem = media::random_stem().map_err(|_| AppError::Internal("no randomness"))?;
    let prefix = format!("u/{:04}/{:02}/{stem}", date.year(), u8::from(date.month()));
    let dir = state.config.media_dir.clone();
    let (width, height, format) = (processed.width, processed.height, processed.format);
    let dominant_color = processed.dominant_color.clone();
    let placeholder = processed.placeholder.clone();
    let bytes: u64 = processed
        .renditions
        .iter()
        .map(|r| r.bytes.len() as u64)
        .sum();
    let stored = tokio::task::spawn_blocking(move || media::store(&dir, &prefix, &processed))
        .await
        .map_err(|_| AppError::Internal("storing media panicked"))?;
    let renditions = match stored {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "could not store an upload");
            return Err(AppError::Internal("storing media failed"));
        }
    };
    let paths: Vec<String> = renditions.iter().map(|r| r.path.clone()).collect();
    let new = store::media::NewMedia {
        key: None,
        mime: format.mime().to_owned(),
        width,
        height,
        byte_size: bytes,
        alt: Localized::new(up.fields.alt_sq, up.fields.alt_en),
        caption: Localized::default(),
        credit: up.fields.credit,
        licence: String::new(),
        focal_x: 0.5,
        focal_y: 0.5,
        dominant_color,
        placeholder,
        renditions,
    };
    let id = match state
        .db
        .insert_uploaded_media(&new, staff.user.id, now)
        .await
    {
        Ok(id) => id,
        Err(e) => {
            remove_files(&state, paths).await;
            return Err(e.into());
        }
    };
    tracing::info!(
        media = id,
        bytes = size,
        width,
        height,
        ms = started.elapsed().as_millis(),
        "media uploaded"
    );
    staff
        .audit(&state, "media_uploaded", &format!("media {id}"))
        .await;
    Ok(see_other(&format!("/admin/media/{id}?done=media_uploaded")))
}

/// The library page with a refused upload's message (and the texts typed, kept).
async fn refuse_upload(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    key: &'static str,
    fields: UploadFields,
) -> Result<Response, AppError> {
    let max = format_size(state.config.media_max_bytes);
    let message = render::t_args(staff.locale(), key, &[("max", max.into())]);
    tracing::info!(status = status.as_u16(), "refused an upload: {key}");
    list_page(state, staff, status, "", 1, None, Some(message), fields).await
}

async fn remove_files(state: &AppState, paths: Vec<String>) {
    let dir = state.config.media_dir.clone();
    let done = tokio::task::spawn_blocking(move || {
        media::remove(&dir, paths.iter().map(String::as_str));
    })
    .await;
    if done.is_err() {
        tracing::error!("removing media files panicked");
    }
}

/// The translation key of what is wrong with texts typed in a form, if anything.
fn text_problem(alt_sq: &str, alt_en: &str, credit: &str) -> Option<&'static str> {
    if alt_sq.chars().count() > MAX_ALT || alt_en.chars().count() > MAX_ALT {
        Some("admin-media-error-alt-long")
    } else if credit.chars().count() > MAX_SHORT {
        Some("admin-media-error-text-long")
    } else {
        None
    }
}

#[derive(Debug, Serialize)]
struct RenditionView {
    url: String,
    width: u32,
    height: u32,
    mime: String,
}

#[derive(Debug, Serialize)]
struct UseView {
    kind: &'static str,
    label: String,
    lang: Option<Locale>,
    /// Where to open it in the newsroom (articles only, for now).
    href: Option<String>,
}

#[derive(Debug, Serialize)]
struct ItemPage {
    #[serde(flatten)]
    frame: Frame,
    id: i64,
    preview: Option<String>,
    srcset: String,
    width: u32,
    height: u32,
    mime: String,
    byte_size: i64,
    uploader: Option<String>,
    created_at: i64,
    dominant_color: String,
    renditions: Vec<RenditionView>,
    uses: Vec<UseView>,
    may_edit: bool,
    error: Option<String>,
    alt_sq: String,
    alt_en: String,
    caption_sq: String,
    caption_en: String,
    credit: String,
    licence: String,
    focal_x: String,
    focal_y: String,
}

fn use_view(u: MediaUse) -> UseView {
    let href = matches!(u.kind, "featured" | "social" | "figure")
        .then(|| format!("/admin/articles/{}", u.id));
    UseView {
        kind: u.kind,
        label: u.label,
        lang: u.lang,
        href,
    }
}

/// Whether `staff` may change or delete `item`.
fn may_manage(staff: &Staff, item: &LibraryItem) -> bool {
    staff
        .user
        .role
        .may(Action::ManageMedia, item.uploaded_by == Some(staff.user.id))
}

fn percent(v: f64) -> String {
    format!("{:.0}", (v * 100.0).clamp(0.0, 100.0))
}

async fn item_page(
    state: &AppState,
    staff: &Staff,
    item: &LibraryItem,
    status: StatusCode,
    done: Option<&str>,
    error: Option<String>,
    typed: Option<&MetaForm>,
) -> Result<Response, AppError> {
    let m = &item.media;
    let uses = state.db.media_usage(m.id).await?;
    let mut frame = Frame::new(staff, "admin-media-item-title", "/admin/media", done);
    frame.title = format!("{} #{}", frame.title, m.id);
    let jpegs: Vec<&domain::Rendition> = m
        .renditions
        .iter()
        .filter(|r| r.mime == "image/jpeg")
        .collect();
    let preview = jpegs
        .iter()
        .filter(|r| r.width <= 960)
        .max_by_key(|r| r.width)
        .or_else(|| jpegs.first())
        .map(|r| format!("/media/{}", r.path));
    let srcset = jpegs
        .iter()
        .map(|r| format!("/media/{} {}w", r.path, r.width))
        .collect::<Vec<_>>()
        .join(", ");
    let (alt, caption, credit, licence, fx, fy) = match typed {
        Some(f) => (
            Localized::new(f.alt_sq.clone(), f.alt_en.clone()),
            Localized::new(f.caption_sq.clone(), f.caption_en.clone()),
            f.credit.clone(),
            f.licence.clone(),
            f.focal_x.clone(),
            f.focal_y.clone(),
        ),
        None => (
            m.alt.clone(),
            m.caption.clone(),
            m.credit.clone(),
            m.licence.clone(),
            percent(m.focal_x),
            percent(m.focal_y),
        ),
    };
    let ctx = ItemPage {
        frame,
        id: m.id,
        preview,
        srcset,
        width: m.width,
        height: m.height,
        mime: m.mime.clone(),
        byte_size: item.byte_size,
        uploader: item.uploader.clone(),
        created_at: m.created_at,
        dominant_color: m.dominant_color.clone(),
        renditions: m
            .renditions
            .iter()
            .map(|r| RenditionView {
                url: format!("/media/{}", r.path),
                width: r.width,
                height: r.height,
                mime: r.mime.clone(),
            })
            .collect(),
        uses: uses.into_iter().map(use_view).collect(),
        may_edit: may_manage(staff, item),
        error,
        alt_sq: alt.sq,
        alt_en: alt.en,
        caption_sq: caption.sq,
        caption_en: caption.en,
        credit,
        licence,
        focal_x: fx,
        focal_y: fy,
    };
    page(state, status, "admin/media-item.html", &ctx)
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn load_item(state: &AppState, id: i64) -> Result<LibraryItem, AppError> {
    state
        .db
        .find_library_item(id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /admin/media/{id}`: the item, its sizes, where it is used, and (if allowed) the
/// form to edit it and the delete button.
pub async fn show_media(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::UseNewsroom, true)?;
    let item = load_item(&state, id).await?;
    item_page(
        &state,
        &staff,
        &item,
        StatusCode::OK,
        q.done.as_deref(),
        None,
        None,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct MetaForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    alt_sq: String,
    #[serde(default)]
    alt_en: String,
    #[serde(default)]
    caption_sq: String,
    #[serde(default)]
    caption_en: String,
    #[serde(default)]
    credit: String,
    #[serde(default)]
    licence: String,
    #[serde(default)]
    focal_x: String,
    #[serde(default)]
    focal_y: String,
}

/// A focal coordinate typed as a percentage (0–100), as a fraction.
fn parse_percent(s: &str) -> Option<f64> {
    let v: f64 = s.trim().replace(',', ".").parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v / 100.0)
}

/// `POST /admin/media/{id}`: saves alt texts, captions, credit, licence and focal point.
pub async fn save_media(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<MetaForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let item = load_item(&state, id).await?;
    staff.require(Action::ManageMedia, item.uploaded_by == Some(staff.user.id))?;
    let focal = parse_percent(&f.focal_x).zip(parse_percent(&f.focal_y));
    let problem = text_problem(f.alt_sq.trim(), f.alt_en.trim(), f.credit.trim())
        .or_else(|| {
            (f.caption_sq.chars().count() > MAX_CAPTION
                || f.caption_en.chars().count() > MAX_CAPTION
                || f.licence.chars().count() > MAX_SHORT)
                .then_some("admin-media-error-text-long")
        })
        .or_else(|| focal.is_none().then_some("admin-media-error-focal"));
    let Some((focal_x, focal_y)) = focal.filter(|_| problem.is_none()) else {
        let key = problem.unwrap_or("admin-media-error-focal");
        return item_page(
            &state,
            &staff,
            &item,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(render::t(staff.locale(), key)),
            Some(&f),
        )
        .await;
    };
    let meta = MediaMeta {
        alt: Localized::new(f.alt_sq.trim(), f.alt_en.trim()),
        caption: Localized::new(f.caption_sq.trim(), f.caption_en.trim()),
        credit: f.credit.trim().to_owned(),
        licence: f.licence.trim().to_owned(),
        focal_x,
        focal_y,
    };
    if !state
        .db
        .update_media_meta(id, &meta, state.clock.now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    state.apply_changes().await?;
    staff
        .audit(&state, "media_edited", &format!("media {id}"))
        .await;
    Ok(see_other(&format!("/admin/media/{id}?done=media_saved")))
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /admin/media/{id}/delete`: deletes an unused item and its files; an item in use
/// is kept, and the page says where it is used (409).
pub async fn delete_media(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let item = load_item(&state, id).await?;
    staff.require(Action::ManageMedia, item.uploaded_by == Some(staff.user.id))?;
    let uses = state.db.media_usage(id).await?;
    if !uses.is_empty() {
        return refuse_in_use(&state, &staff, &item, uses).await;
    }
    let gone = match state.db.delete_media(id, state.clock.now()).await {
        Ok(gone) => gone,
        // Referenced since the check above.
        Err(e) if store::media::is_foreign_key_violation(&e) => {
            let uses = state.db.media_usage(id).await?;
            return refuse_in_use(&state, &staff, &item, uses).await;
        }
        Err(e) => return Err(e.into()),
    };
    let Some(gone) = gone else {
        return Err(AppError::NotFound);
    };
    remove_files(
        &state,
        gone.renditions.into_iter().map(|r| r.path).collect(),
    )
    .await;
    state.apply_changes().await?;
    staff
        .audit(&state, "media_deleted", &format!("media {id}"))
        .await;
    Ok(see_other("/admin/media?done=media_deleted"))
}

/// The item's page saying it is in use and where (409).
async fn refuse_in_use(
    state: &AppState,
    staff: &Staff,
    item: &LibraryItem,
    uses: Vec<MediaUse>,
) -> Result<Response, AppError> {
    let names = uses
        .iter()
        .map(|u| format!("“{}”", u.label))
        .collect::<Vec<_>>()
        .join(", ");
    let count = i64::try_from(uses.len()).unwrap_or(i64::MAX);
    let message = render::t_args(
        staff.locale(),
        "admin-media-error-in-use",
        &[("count", count.into()), ("names", names.into())],
    );
    tracing::info!(
        media = item.media.id,
        uses = uses.len(),
        "refused to delete media in use"
    );
    item_page(
        state,
        staff,
        item,
        StatusCode::CONFLICT,
        None,
        Some(message),
        None,
    )
    .await
}

#[derive(Debug, Serialize)]
struct MissingAltPage {
    #[serde(flatten)]
    frame: Frame,
    article_id: i64,
    article_title: String,
    article_lang: Locale,
    message: String,
    items: Vec<Card>,
}

/// Publishing and scheduling need alt text, in the article's language, on every image the
/// article shows (featured image and figures). `Some` is the 422 page that says which
/// images lack it, with links to fix them; `None` lets the move go ahead.
pub async fn missing_alt_refusal(
    state: &AppState,
    staff: &Staff,
    article: &domain::Article,
    to: ArticleStatus,
) -> Result<Option<Response>, AppError> {
    if !matches!(to, ArticleStatus::Published | ArticleStatus::Scheduled) {
        return Ok(None);
    }
    let missing = state.db.media_missing_alt(article.id, article.lang).await?;
    if missing.is_empty() {
        return Ok(None);
    }
    let mut items = state.db.list_media_by_ids(&missing).await?;
    items.sort_by_key(|m| missing.iter().position(|id| *id == m.id));
    let lang = staff.locale();
    let ids = missing
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ");
    let language = render::t(lang, &format!("admin-media-lang-{}", article.lang.code()));
    let message = render::t_args(
        lang,
        "admin-media-error-publish-alt",
        &[
            (
                "count",
                i64::try_from(missing.len()).unwrap_or(i64::MAX).into(),
            ),
            ("ids", ids.into()),
            ("language", language.into()),
        ],
    );
    tracing::info!(article = article.id, images = ?missing, "refused to publish: alt text missing");
    let ctx = MissingAltPage {
        frame: Frame::new(staff, "admin-media-publish-title", "/admin/articles", None),
        article_id: article.id,
        article_title: article.title.clone(),
        article_lang: article.lang,
        message,
        items: items
            .iter()
            .map(|m| {
                card(
                    &LibraryItem {
                        media: m.clone(),
                        byte_size: 0,
                        uploaded_by: None,
                        uploader: None,
                    },
                    article.lang,
                )
            })
            .collect(),
    };
    page(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        "admin/media-missing-alt.html",
        &ctx,
    )
    .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focal_points_are_percentages() {
        assert_eq!(parse_percent("50"), Some(0.5));
        assert_eq!(parse_percent(" 12,5 "), Some(0.125));
        assert_eq!(parse_percent("0"), Some(0.0));
        assert_eq!(parse_percent("100"), Some(1.0));
        assert_eq!(parse_percent("101"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(parse_percent("NaN"), None);
        assert_eq!(parse_percent(""), None);
        assert_eq!(percent(0.25), "25");
    }

    #[test]
    fn sizes_read_as_megabytes() {
        assert_eq!(format_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(format_size(1536 * 1024), "1.5 MB");
        assert_eq!(format_size(10_000), "10 KB");
        assert_eq!(list_url("", 1), "/admin/media");
        assert_eq!(list_url("ura e", 2), "/admin/media?q=ura+e&page=2");
    }
}
