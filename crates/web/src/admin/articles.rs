//! Writing: start a draft, edit everything about it — title, slug, standfirst, body (the
//! Tiptap editor, converted and validated by `domain::tiptap` on the server), sections,
//! tags, regions, bylines, author note, SEO fields and images — and move it through the
//! workflow as the role allows: send back with a comment, schedule (the job queue publishes
//! it), publish, correct in public, translate. Every save is a revision. Who may touch an
//! article is decided per request: own articles (started or bylined) for everyone, all
//! articles for editors.

use std::collections::{BTreeMap, HashSet};

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, ArticleStatus, Locale, Slug};
use serde::{Deserialize, Serialize};
use store::workflow::{ArticleMeta, publish_job_key};

use super::{Frame, Staff, page, see_other};
use crate::{AppError, AppState};

/// Longest title accepted, in characters.
const MAX_TITLE: usize = 300;
/// Longest standfirst accepted, in characters.
const MAX_STANDFIRST: usize = 1_000;
/// Longest author note, SEO description, comment or correction, in characters.
const MAX_NOTE: usize = 2_000;
/// Longest SEO title, in characters.
const MAX_SEO_TITLE: usize = 200;
/// Most bylines on one article.
const MAX_AUTHORS: usize = 6;
/// How far ahead an article may be scheduled, in seconds (two years).
const MAX_SCHEDULE_AHEAD: i64 = 2 * 366 * 86_400;

/// The editor's UI strings in `lang`: every `editor-X` key of the Fluent files, as `X`.
pub(super) fn editor_strings(lang: Locale) -> String {
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
pub(super) async fn load(
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

/// Slugs to try for a new article: the title's, then `-2`, `-3` … (a title another
/// article of the language already uses).
fn slug_candidates(title: &str) -> impl Iterator<Item = Slug> {
    let base = Slug::from_title(title);
    (1..=50).map(move |n| {
        if n == 1 {
            base.clone()
        } else {
            Slug::from_title(&format!("{} {n}", base.as_str()))
        }
    })
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
    let mut id = None;
    for slug in slug_candidates(title) {
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
    /// Sending back from review: the form asks for a comment.
    comment: bool,
}

#[derive(Debug, Serialize)]
struct RevisionView {
    id: i64,
    at: i64,
    by: Option<String>,
}

#[derive(Debug, Serialize)]
struct NoteView {
    at: i64,
    by: Option<String>,
    body: String,
}

/// A choice in a list of the details form.
#[derive(Debug, Serialize)]
struct Choice {
    id: i64,
    name: String,
    checked: bool,
}

#[derive(Debug, Serialize)]
struct CounterpartView {
    id: i64,
    lang: Locale,
    title: String,
    status: &'static str,
}

/// What the edit form shows: the article as stored, or as sent when it was refused.
#[derive(Debug, Clone, Default)]
struct Values {
    title: String,
    slug: String,
    standfirst: String,
    body_json: String,
    author_note: String,
    seo_title: String,
    seo_description: String,
    featured: String,
    social: String,
    primary_section: Option<i64>,
    sections: HashSet<i64>,
    tags: HashSet<i64>,
    regions: HashSet<i64>,
    authors: Vec<i64>,
}

impl Values {
    fn of(a: &domain::Article, terms: &store::articles::ArticleTerms, authors: Vec<i64>) -> Values {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        Values {
            title: a.title.clone(),
            slug: a.slug.clone(),
            standfirst: a.standfirst.clone(),
            body_json: domain::tiptap::to_tiptap(&a.body).to_string(),
            author_note: a.author_note.clone(),
            seo_title: a.seo_title.clone(),
            seo_description: a.seo_description.clone(),
            featured: id(a.featured_media_id),
            social: id(a.social_media_id),
            primary_section: terms.section_ids.first().copied(),
            sections: terms.section_ids.iter().skip(1).copied().collect(),
            tags: terms.tag_ids.iter().copied().collect(),
            regions: terms.region_ids.iter().copied().collect(),
            authors,
        }
    }
}

/// What the edit page says above the form about who else is editing and autosaves.
#[derive(Debug, Default, Serialize)]
struct Banner {
    /// Someone else holds the edit lock: their name and since when.
    holder: Option<(String, i64)>,
    /// The user has an autosave newer than the article: when.
    autosave_at: Option<i64>,
    /// The form shows that autosave.
    from_autosave: bool,
}

#[derive(Debug, Serialize)]
struct EditPage {
    #[serde(flatten)]
    frame: Frame,
    id: i64,
    article_lang: Locale,
    other_lang: Locale,
    status: &'static str,
    scheduled_at: Option<i64>,
    published_at: Option<i64>,
    public_url: Option<String>,
    title_value: String,
    slug: String,
    standfirst: String,
    body_json: String,
    author_note: String,
    seo_title: String,
    seo_description: String,
    featured: String,
    social: String,
    primary_choices: Vec<Choice>,
    section_choices: Vec<Choice>,
    tag_choices: Vec<Choice>,
    region_choices: Vec<Choice>,
    /// One select per byline slot, each with the authors and the one chosen.
    author_slots: Vec<Vec<Choice>>,
    editor_strings: String,
    transitions: Vec<Transition>,
    may_publish: bool,
    revisions: Vec<RevisionView>,
    notes: Vec<NoteView>,
    corrections: Vec<store::workflow::Correction>,
    counterpart: Option<CounterpartView>,
    may_translate: bool,
    stale: bool,
    error: Option<String>,
    updated_at: i64,
    /// The earliest time the schedule form accepts (now, in its format).
    schedule_min: String,
    /// The scheduled time in the schedule form's format, if scheduled.
    schedule_value: String,
    /// The site's time zone, which the schedule form's times are in.
    time_zone: &'static str,
    #[serde(flatten)]
    banner: Banner,
}

/// Where the article may go next, for this user.
fn transitions(staff: &Staff, status: ArticleStatus, own: bool) -> Vec<Transition> {
    use ArticleStatus::*;
    let lang = staff.locale();
    [InReview, Scheduled, Published, Draft, Unpublished]
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
            key: if to == Draft && status == InReview {
                render::t(lang, "admin-send-back")
            } else {
                render::t(
                    lang,
                    &format!("admin-move-to-{}", to.as_str().replace('_', "-")),
                )
            },
            comment: to == Draft && status == InReview,
        })
        .collect()
}

/// An article's sections, tags and regions, and its authors in byline order, as stored.
async fn stored_terms(
    state: &AppState,
    article_id: i64,
) -> Result<(store::articles::ArticleTerms, Vec<i64>), AppError> {
    let ids = [article_id];
    let (terms, bylines) = tokio::try_join!(
        state.db.find_article_terms(article_id),
        state.db.list_bylines(&ids),
    )?;
    Ok((terms, bylines.into_iter().map(|(_, a)| a.id).collect()))
}

/// The form's values from the article as stored, with its terms and bylines.
async fn stored_values(state: &AppState, article: &domain::Article) -> Result<Values, AppError> {
    let (terms, bylines) = stored_terms(state, article.id).await?;
    Ok(Values::of(article, &terms, bylines))
}

async fn edit_page(
    state: &AppState,
    staff: &Staff,
    (article, own): (&domain::Article, bool),
    status: StatusCode,
    done: Option<&str>,
    sent: Option<(Values, Option<String>)>,
    banner: Banner,
) -> Result<Response, AppError> {
    let db = &state.db;
    let ui = staff.locale();
    let (values, error) = match sent {
        Some((v, e)) => (v, e),
        None => (stored_values(state, article).await?, None),
    };
    let revisions = db
        .list_revisions(article.id, 20)
        .await?
        .into_iter()
        .map(|r| RevisionView {
            id: r.id,
            at: r.created_at,
            by: r.user_name,
        })
        .collect();
    let notes = db
        .list_article_notes(article.id, 20)
        .await?
        .into_iter()
        .map(|n| NoteView {
            at: n.created_at,
            by: n.user_name,
            body: n.body,
        })
        .collect();
    let sections = db.list_sections().await?;
    let choice = |id: i64, name: &str, checked: bool| Choice {
        id,
        name: name.to_owned(),
        checked,
    };
    let primary_choices = sections
        .iter()
        .map(|s| choice(s.id, s.name.get(ui), values.primary_section == Some(s.id)))
        .collect();
    let section_choices = sections
        .iter()
        .map(|s| choice(s.id, s.name.get(ui), values.sections.contains(&s.id)))
        .collect();
    let tag_choices = db
        .list_tags()
        .await?
        .iter()
        .map(|t| choice(t.id, t.name.get(ui), values.tags.contains(&t.id)))
        .collect();
    let region_choices = db
        .list_regions()
        .await?
        .iter()
        .map(|r| choice(r.id, r.name.get(ui), values.regions.contains(&r.id)))
        .collect();
    let authors = db.list_authors().await?;
    let slots = (values.authors.len() + 1).clamp(3, MAX_AUTHORS);
    let author_slots = (0..slots)
        .map(|i| {
            authors
                .iter()
                .map(|a| choice(a.id, &a.name, values.authors.get(i) == Some(&a.id)))
                .collect()
        })
        .collect();
    let counterpart = db.find_counterpart(article.id).await?;
    let stale = counterpart.is_some() && db.is_translation_stale(article.id).await?;
    let public_url = (article.status == ArticleStatus::Published).then(|| {
        crate::views::article_path(
            article.lang,
            article.primary_section_id,
            &article.slug,
            &sections,
        )
    });
    let mut frame = Frame::new(staff, "admin-edit-title", "/admin/articles", done);
    frame.title = format!("{} — {}", frame.title, article.title);
    let ctx = EditPage {
        frame,
        id: article.id,
        article_lang: article.lang,
        other_lang: article.lang.other(),
        status: article.status.as_str(),
        scheduled_at: (article.status == ArticleStatus::Scheduled)
            .then_some(article.scheduled_at)
            .flatten(),
        published_at: article.published_at,
        public_url,
        title_value: values.title,
        slug: values.slug,
        standfirst: values.standfirst,
        body_json: values.body_json,
        author_note: values.author_note,
        seo_title: values.seo_title,
        seo_description: values.seo_description,
        featured: values.featured,
        social: values.social,
        primary_choices,
        section_choices,
        tag_choices,
        region_choices,
        author_slots,
        editor_strings: editor_strings(ui),
        transitions: transitions(staff, article.status, own),
        may_publish: staff.user.role.may(Action::PublishArticle, own),
        revisions,
        notes,
        corrections: db.list_corrections(article.id).await?,
        counterpart: counterpart.map(|c| CounterpartView {
            id: c.id,
            lang: c.lang,
            title: c.title,
            status: c.status.as_str(),
        }),
        may_translate: staff.user.role.may(Action::CreateArticle, true),
        stale,
        error,
        updated_at: article.updated_at,
        schedule_min: render::i18n::local_input(state.clock.now()),
        time_zone: render::i18n::site_time_zone().name(),
        schedule_value: article
            .scheduled_at
            .map(render::i18n::local_input)
            .unwrap_or_default(),
        banner,
    };
    page(state, status, "admin/edit.html", &ctx)
}

#[derive(Debug, Deserialize)]
pub struct EditQuery {
    done: Option<String>,
    /// `1`: show the user's autosaved form instead of the stored article.
    autosave: Option<u8>,
}

/// `GET /admin/articles/{id}`: the editor. Opening it takes the edit lock unless someone
/// else holds it (then the page says who, and offers to take over).
pub async fn edit_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    let (article, own) = load(&state, &staff, id, Action::EditArticle).await?;
    let now = state.clock.now();
    let holder = match state
        .db
        .hold_article_lock(id, staff.user.id, now, super::editing::LOCK_TTL, false)
        .await?
    {
        store::editing::Lock::Held => None,
        store::editing::Lock::HeldBy(h) => Some((h.name, h.since)),
    };
    let autosave = state
        .db
        .find_autosave(id, staff.user.id)
        .await?
        .filter(|(at, _)| *at >= article.updated_at);
    let restored = match (&autosave, q.autosave) {
        (Some((_, form)), Some(1)) => {
            let pairs: Vec<(String, String)> =
                serde_json::from_str(form).map_err(|_| AppError::Internal("bad autosave"))?;
            Some(SaveForm::from_pairs(pairs)?.values)
        }
        _ => None,
    };
    let banner = Banner {
        holder,
        autosave_at: autosave.map(|(at, _)| at),
        from_autosave: restored.is_some(),
    };
    edit_page(
        &state,
        &staff,
        (&article, own),
        StatusCode::OK,
        q.done.as_deref(),
        restored.map(|v| (v, None)),
        banner,
    )
    .await
}

/// The save form's fields. Lists (sections, tags, regions, bylines) repeat a name, which
/// `serde_urlencoded` cannot gather into a `Vec`, so the form is read as pairs.
#[derive(Debug, Default)]
struct SaveForm {
    csrf: String,
    /// Whether the form had a slug field (a form without one keeps the slug).
    slug_sent: bool,
    values: Values,
    body: String,
}

impl SaveForm {
    /// Reads the pairs; a list entry that is not a number is a malformed request.
    fn from_pairs(pairs: Vec<(String, String)>) -> Result<SaveForm, AppError> {
        let mut f = SaveForm::default();
        let id = |v: &str| -> Result<Option<i64>, AppError> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<i64>()
                .map(Some)
                .map_err(|_| AppError::BadRequest("bad_id"))
        };
        for (k, v) in pairs {
            match k.as_str() {
                "_csrf" => f.csrf = v,
                "title" => f.values.title = v,
                "slug" => {
                    f.slug_sent = true;
                    f.values.slug = v;
                }
                "standfirst" => f.values.standfirst = v,
                "body" => {
                    f.values.body_json.clone_from(&v);
                    f.body = v;
                }
                "author_note" => f.values.author_note = v,
                "seo_title" => f.values.seo_title = v,
                "seo_description" => f.values.seo_description = v,
                "featured" => f.values.featured = v,
                "social" => f.values.social = v,
                "primary_section" => f.values.primary_section = id(&v)?,
                "sections" => f.values.sections.extend(id(&v)?),
                "tags" => f.values.tags.extend(id(&v)?),
                "regions" => f.values.regions.extend(id(&v)?),
                "authors" => {
                    if let Some(a) = id(&v)?
                        && !f.values.authors.contains(&a)
                    {
                        f.values.authors.push(a);
                    }
                }
                _ => {}
            }
        }
        Ok(f)
    }
}

/// Checks a save against the site's sections, tags, regions, authors and media; the
/// message (in `ui`) of the first problem, or what to store.
async fn validate(
    state: &AppState,
    ui: Locale,
    f: &SaveForm,
) -> Result<Result<(domain::Document, ArticleMeta), String>, AppError> {
    let v = &f.values;
    let fail = |key: &str| Ok(Err(render::t(ui, key)));
    let title = v.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return fail("admin-error-title");
    }
    if v.standfirst.trim().chars().count() > MAX_STANDFIRST {
        return fail("admin-error-standfirst");
    }
    let Ok(slug) = Slug::parse(v.slug.trim()) else {
        return fail("admin-error-slug");
    };
    if v.author_note.chars().count() > MAX_NOTE || v.seo_description.chars().count() > MAX_NOTE {
        return fail("admin-error-too-long");
    }
    if v.seo_title.chars().count() > MAX_SEO_TITLE {
        return fail("admin-error-too-long");
    }
    let body = if f.body.trim().is_empty() {
        domain::Document {
            version: 1,
            blocks: Vec::new(),
            footnotes: Vec::new(),
        }
    } else {
        match domain::tiptap::from_tiptap_str(&f.body) {
            Ok(b) => b,
            Err(e) => {
                return Ok(Err(render::t_args(
                    ui,
                    "admin-error-body",
                    &[("detail", e.to_string().into())],
                )));
            }
        }
    };
    let db = &state.db;
    let sections: HashSet<i64> = db.list_sections().await?.iter().map(|s| s.id).collect();
    let mut section_ids: Vec<i64> = v.primary_section.into_iter().collect();
    let mut others: Vec<i64> = v.sections.iter().copied().collect();
    others.sort_unstable();
    section_ids.extend(others.into_iter().filter(|s| Some(*s) != v.primary_section));
    if section_ids.iter().any(|s| !sections.contains(s)) {
        return fail("admin-error-unknown-choice");
    }
    if v.primary_section.is_none() && !v.sections.is_empty() {
        return fail("admin-error-primary-section");
    }
    let tags: HashSet<i64> = db.list_tags().await?.iter().map(|t| t.id).collect();
    let regions: HashSet<i64> = db.list_regions().await?.iter().map(|r| r.id).collect();
    let authors: HashSet<i64> = db.list_authors().await?.iter().map(|a| a.id).collect();
    if !v.tags.iter().all(|t| tags.contains(t))
        || !v.regions.iter().all(|r| regions.contains(r))
        || !v.authors.iter().all(|a| authors.contains(a))
    {
        return fail("admin-error-unknown-choice");
    }
    if v.authors.len() > MAX_AUTHORS {
        return fail("admin-error-too-many-authors");
    }
    let media_id = |s: &str| -> Result<Option<i64>, ()> {
        let s = s.trim();
        if s.is_empty() {
            Ok(None)
        } else {
            s.parse::<i64>().map(Some).map_err(|_| ())
        }
    };
    let (Ok(featured), Ok(social)) = (media_id(&v.featured), media_id(&v.social)) else {
        return fail("admin-error-media");
    };
    let wanted: Vec<i64> = featured.into_iter().chain(social).collect();
    if !wanted.is_empty() {
        let found = db.list_media_by_ids(&wanted).await?;
        if wanted.iter().any(|w| !found.iter().any(|m| m.id == *w)) {
            return fail("admin-error-media");
        }
    }
    let mut tag_ids: Vec<i64> = v.tags.iter().copied().collect();
    tag_ids.sort_unstable();
    let mut region_ids: Vec<i64> = v.regions.iter().copied().collect();
    region_ids.sort_unstable();
    Ok(Ok((
        body,
        ArticleMeta {
            slug,
            author_note: v.author_note.trim().to_owned(),
            seo_title: v.seo_title.trim().to_owned(),
            seo_description: v.seo_description.trim().to_owned(),
            featured_media_id: featured,
            social_media_id: social,
            section_ids,
            tag_ids,
            region_ids,
            author_ids: v.authors.clone(),
        },
    )))
}

/// A revision's snapshot: everything a save stores, as JSON.
pub(super) fn snapshot_json(
    title: &str,
    standfirst: &str,
    body: &domain::Document,
    meta: &ArticleMeta,
) -> String {
    serde_json::json!({
        "title": title,
        "slug": meta.slug.as_str(),
        "standfirst": standfirst,
        "body": serde_json::from_str::<serde_json::Value>(&body.to_json()).unwrap_or_default(),
        "author_note": meta.author_note,
        "seo_title": meta.seo_title,
        "seo_description": meta.seo_description,
        "featured_media_id": meta.featured_media_id,
        "social_media_id": meta.social_media_id,
        "section_ids": meta.section_ids,
        "tag_ids": meta.tag_ids,
        "region_ids": meta.region_ids,
        "author_ids": meta.author_ids,
    })
    .to_string()
}

/// The article's details as stored.
pub(super) async fn current_meta(
    state: &AppState,
    article: &domain::Article,
) -> Result<ArticleMeta, AppError> {
    let (terms, author_ids) = stored_terms(state, article.id).await?;
    Ok(ArticleMeta {
        slug: Slug::parse(&article.slug)
            .map_err(|_| AppError::Internal("stored slug is malformed"))?,
        author_note: article.author_note.clone(),
        seo_title: article.seo_title.clone(),
        seo_description: article.seo_description.clone(),
        featured_media_id: article.featured_media_id,
        social_media_id: article.social_media_id,
        section_ids: terms.section_ids,
        tag_ids: terms.tag_ids,
        region_ids: terms.region_ids,
        author_ids,
    })
}

/// `POST /admin/articles/{id}`: saves everything the form holds as a new revision.
/// Anything invalid gets a 422 with the form as sent and a message; nothing is saved.
pub async fn save_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut f = SaveForm::from_pairs(pairs)?;
    staff.check_csrf(&f.csrf)?;
    let (article, own) = load(&state, &staff, id, Action::EditArticle).await?;
    if !f.slug_sent {
        f.values.slug.clone_from(&article.slug);
    }
    let now = state.clock.now();
    if let Some(h) = state.db.article_lock_holder(id, now).await?
        && h.user_id != staff.user.id
    {
        // Someone took over meanwhile: their work must not be overwritten. The form comes
        // back as sent, so nothing typed is lost.
        let message = render::t_args(
            staff.locale(),
            "admin-lock-lost",
            &[("name", h.name.clone().into())],
        );
        return edit_page(
            &state,
            &staff,
            (&article, own),
            StatusCode::CONFLICT,
            None,
            Some((f.values, Some(message))),
            Banner {
                holder: Some((h.name, h.since)),
                ..Banner::default()
            },
        )
        .await;
    }
    let ui = staff.locale();
    let mut error = validate(&state, ui, &f).await?;
    if let Ok((_, meta)) = &error
        && meta.slug.as_str() != article.slug
        && state
            .db
            .find_article_id_by_slug(article.lang, meta.slug.as_str())
            .await?
            .is_some_and(|other| other != id)
    {
        error = Err(render::t(ui, "admin-error-slug-taken"));
    }
    let (body, meta) = match error {
        Ok(ok) => ok,
        Err(e) => {
            tracing::info!(article = id, "refused to save an article: {e}");
            return edit_page(
                &state,
                &staff,
                (&article, own),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some((f.values, Some(e))),
                Banner::default(),
            )
            .await;
        }
    };
    let title = f.values.title.trim();
    let standfirst = f.values.standfirst.trim();
    // Details, content, the revision and the end of the autosave in one transaction.
    let snapshot = snapshot_json(title, standfirst, &body, &meta);
    let saved = state
        .db
        .save_article(&store::workflow::ArticleSave {
            id,
            meta: Some(&meta),
            title,
            standfirst,
            body: &body,
            user_id: Some(staff.user.id),
            drop_autosave: true,
            snapshot: &snapshot,
            now,
        })
        .await;
    match saved {
        Err(store::Error::Conflict(_)) => {
            return edit_page(
                &state,
                &staff,
                (&article, own),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some((
                    f.values.clone(),
                    Some(render::t(ui, "admin-error-slug-taken")),
                )),
                Banner::default(),
            )
            .await;
        }
        other => {
            other?;
        }
    }
    state.apply_changes().await?;
    let detail = if meta.slug.as_str() == article.slug {
        format!("article {id}")
    } else {
        format!(
            "article {id}: slug {} → {}",
            article.slug,
            meta.slug.as_str()
        )
    };
    staff.audit(&state, "article_saved", &detail).await;
    Ok(see_other(&format!(
        "/admin/articles/{id}?done=article_saved"
    )))
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    to: String,
    /// When to publish, for `scheduled` (`YYYY-MM-DDTHH:MM`, in the site's time zone).
    #[serde(default)]
    at: String,
    /// Why, when an editor sends an article back.
    #[serde(default)]
    comment: String,
}

/// `POST /admin/articles/{id}/status`: a workflow step, if the role allows it here.
/// Scheduling needs a time in the future; sending back may carry a comment.
pub async fn move_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let to = ArticleStatus::parse(&f.to).ok_or(AppError::BadRequest("bad_status"))?;
    let (article, own) = load(&state, &staff, id, Action::EditArticle).await?;
    let allowed = transitions(&staff, article.status, own);
    let Some(step) = allowed.iter().find(|t| t.to == to.as_str()) else {
        if article.status.can_move_to(to) {
            return Err(AppError::Forbidden("not_allowed"));
        }
        return Err(AppError::BadRequest("bad_status"));
    };
    let ui = staff.locale();
    let now = state.clock.now();
    let refuse = |key: &str| render::t(ui, key);
    let comment = f.comment.trim();
    let problem = if comment.chars().count() > MAX_NOTE {
        Some(refuse("admin-error-too-long"))
    } else if matches!(to, ArticleStatus::Published | ArticleStatus::Scheduled) {
        publish_problem(&state, ui, &article).await?
    } else {
        None
    };
    let at = if to == ArticleStatus::Scheduled {
        match render::i18n::parse_local_input(&f.at) {
            Some(at) if at > now && at - now <= MAX_SCHEDULE_AHEAD => Some(at),
            Some(_) => {
                return refused(
                    &state,
                    &staff,
                    (&article, own),
                    refuse("admin-error-schedule-past"),
                )
                .await;
            }
            None => {
                return refused(
                    &state,
                    &staff,
                    (&article, own),
                    refuse("admin-error-schedule-time"),
                )
                .await;
            }
        }
    } else {
        None
    };
    if let Some(problem) = problem {
        return refused(&state, &staff, (&article, own), problem).await;
    }
    if let Some(refusal) = super::media::missing_alt_refusal(&state, &staff, &article, to).await? {
        return Ok(refusal);
    }
    match at {
        Some(at) => state.db.schedule_article(id, at, now).await?,
        None => {
            state.db.set_article_status(id, to, now).await?;
            if article.status == ArticleStatus::Scheduled {
                state.db.cancel_job(&publish_job_key(id)).await?;
            }
        }
    }
    if step.comment && !comment.is_empty() {
        state
            .db
            .add_article_note(id, Some(staff.user.id), "send_back", comment, now)
            .await?;
    }
    state.apply_changes().await?;
    let when = at.map(|t| format!(" at {}", render::i18n::iso8601(t)));
    staff
        .audit(
            &state,
            "article_status",
            &format!(
                "article {id}: {} → {}{}",
                article.status.as_str(),
                to.as_str(),
                when.unwrap_or_default()
            ),
        )
        .await;
    Ok(see_other(&format!(
        "/admin/articles/{id}?done=status_changed"
    )))
}

/// Why an article cannot go public yet, in `ui`: it needs a title, a body and a section.
async fn publish_problem(
    state: &AppState,
    ui: Locale,
    article: &domain::Article,
) -> Result<Option<String>, AppError> {
    if article.body.blocks.is_empty() {
        return Ok(Some(render::t(ui, "admin-error-publish-empty")));
    }
    let terms = state.db.find_article_terms(article.id).await?;
    if terms.section_ids.is_empty() {
        return Ok(Some(render::t(ui, "admin-error-publish-section")));
    }
    Ok(None)
}

/// The edit page again with a 422 and `message`; nothing was changed.
async fn refused(
    state: &AppState,
    staff: &Staff,
    (article, own): (&domain::Article, bool),
    message: String,
) -> Result<Response, AppError> {
    tracing::info!(article = article.id, "refused a workflow step: {message}");
    let values = stored_values(state, article).await?;
    edit_page(
        state,
        staff,
        (article, own),
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        Some((values, Some(message))),
        Banner::default(),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct CorrectionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    text: String,
}

/// `POST /admin/articles/{id}/corrections`: a dated public correction on a published
/// article, by those who may publish it.
pub async fn add_correction(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CorrectionForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let (article, own) = load(&state, &staff, id, Action::PublishArticle).await?;
    let text = f.text.trim();
    let ui = staff.locale();
    if article.status != ArticleStatus::Published {
        return refused(
            &state,
            &staff,
            (&article, own),
            render::t(ui, "admin-error-correction-unpublished"),
        )
        .await;
    }
    if text.is_empty() || text.chars().count() > MAX_NOTE {
        return refused(
            &state,
            &staff,
            (&article, own),
            render::t(ui, "admin-error-correction"),
        )
        .await;
    }
    state.db.add_correction(id, text, state.clock.now()).await?;
    state.apply_changes().await?;
    staff
        .audit(&state, "article_corrected", &format!("article {id}"))
        .await;
    Ok(see_other(&format!(
        "/admin/articles/{id}?done=correction_added"
    )))
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /admin/articles/{id}/translate`: starts the other-language version as a draft
/// pre-filled from this one, linked to it, and opens it. If it exists, opens that.
pub async fn translate_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let (article, _) = load(&state, &staff, id, Action::EditArticle).await?;
    staff.require(Action::CreateArticle, true)?;
    if let Some(c) = state.db.find_counterpart(id).await? {
        return Ok(see_other(&format!("/admin/articles/{}", c.id)));
    }
    let lang = article.lang.other();
    let now = state.clock.now();
    let mut created = None;
    for slug in slug_candidates(&article.title) {
        match state
            .db
            .create_translation(id, lang, &slug, staff.user.id, now)
            .await
        {
            Ok(new) => {
                created = Some(new);
                break;
            }
            Err(store::Error::Conflict(what)) if what == "slug" => continue,
            Err(store::Error::Conflict(_)) => {
                let c = state
                    .db
                    .find_counterpart(id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                return Ok(see_other(&format!("/admin/articles/{}", c.id)));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let new = created.ok_or(AppError::BadRequest("bad_title"))?;
    staff
        .audit(
            &state,
            "article_translated",
            &format!("article {new} ({}) from article {id}", lang.code()),
        )
        .await;
    Ok(see_other(&format!(
        "/admin/articles/{new}?done=translation_created"
    )))
}

/// `POST /admin/articles/{id}/translation-current`: the translator says this version
/// follows its source as it is now; the "source changed" flag goes.
pub async fn mark_translation_current(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    load(&state, &staff, id, Action::EditArticle).await?;
    state
        .db
        .mark_translation_current(id, state.clock.now())
        .await?;
    staff
        .audit(&state, "translation_current", &format!("article {id}"))
        .await;
    Ok(see_other(&format!(
        "/admin/articles/{id}?done=translation_current"
    )))
}
