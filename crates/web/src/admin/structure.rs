//! Site structure, for editors and admins: sections (hierarchy, names, slugs and
//! descriptions in both languages), tags, regions, author profiles and the home page layout
//! (top stories, the order of section blocks). Every write goes through the store, which
//! logs it in the change log; the handler then applies the log at once, so the public site
//! shows the change on the next request. A changed slug keeps the old address answering
//! with a 301. Nothing that is still in use can be deleted.

use std::collections::HashSet;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, AuthorLink, Locale, Localized, Slug};
use serde::{Deserialize, Serialize};
use store::taxonomy::{NewSection, NewTerm};

use super::{Frame, Staff, page, see_other};
use crate::views::Urls;
use crate::{AppError, AppState};

/// Longest name of a section, tag, region or author, in characters.
const MAX_NAME: usize = 120;
/// Longest section description, in characters.
const MAX_DESCRIPTION: usize = 1_000;
/// Longest author biography (Markdown), in characters, per language.
const MAX_BIO: usize = 5_000;
/// Most links on an author profile.
const MAX_LINKS: usize = 12;

/// The menu entry every structure page marks as current.
pub(super) const NAV: &str = "/admin/sections";

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    pub(super) done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    pub(super) csrf: String,
}

/// Checks the role and the form token of a structure write.
pub(super) fn allow(staff: &Staff, csrf: &str) -> Result<(), AppError> {
    staff.require(Action::ManageStructure, false)?;
    staff.check_csrf(csrf)
}

/// What the structure pages' tabs show.
#[derive(Debug, Serialize)]
pub(super) struct Tab {
    href: &'static str,
    key: &'static str,
    current: bool,
}

pub(super) fn tabs(current: &str) -> Vec<Tab> {
    [
        ("/admin/sections", "structure-tab-sections"),
        ("/admin/tags", "structure-tab-tags"),
        ("/admin/authors", "structure-tab-authors"),
        ("/admin/home", "structure-tab-home"),
        ("/admin/regions", "structure-tab-regions"),
        ("/admin/pages", "structure-tab-pages"),
        ("/admin/menus", "structure-tab-menus"),
    ]
    .into_iter()
    .map(|(href, key)| Tab {
        href,
        key,
        current: href == current,
    })
    .collect()
}

/// A slug typed in a form, or one made from the name when left empty.
pub(super) fn slug_or_name(slug: &str, name: &str) -> Result<String, &'static str> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Ok(Slug::from_title(name).as_str().to_owned());
    }
    Slug::parse(slug)
        .map(|s| s.as_str().to_owned())
        .map_err(|_| "structure-error-slug")
}

/// A trimmed name of 1 to `MAX_NAME` characters.
fn name(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > MAX_NAME {
        Err("structure-error-name")
    } else {
        Ok(s.to_owned())
    }
}

/// Words the public site uses in its own addresses, which no section slug may take.
pub(super) fn reserved(lang: Locale, slug: &str) -> bool {
    let urls = Urls::new(lang);
    ["tag", "region", "author", "search", "editions", "article"]
        .iter()
        .any(|w| urls.word(w) == slug)
}

/// A unique key for a new term from its English slug (keys never change once given).
pub(super) fn fresh_key(base: &str, taken: &HashSet<String>) -> String {
    let mut key = base.to_owned();
    let mut n = 2;
    while taken.contains(&key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// Maps a store conflict code to the message key shown to the editor.
fn in_use_message(code: &str) -> &'static str {
    use store::taxonomy::in_use::*;
    match code {
        SECTION_HAS_ARTICLES => "structure-error-section-has-articles",
        SECTION_HAS_CHILDREN => "structure-error-section-has-children",
        TAG_HAS_ARTICLES => "structure-error-tag-has-articles",
        REGION_HAS_ARTICLES => "structure-error-region-has-articles",
        AUTHOR_HAS_BYLINES => "structure-error-author-has-bylines",
        _ => "structure-error-in-use",
    }
}

/// Applies the change log right after a write, so the public site shows the change on the
/// next request; then records the action.
pub(super) async fn after_write(
    state: &AppState,
    staff: &Staff,
    action: &str,
    target: &str,
) -> Result<(), AppError> {
    state.apply_changes().await?;
    staff.audit(state, action, target).await;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Sections

#[derive(Debug, Serialize)]
struct SectionRow {
    id: i64,
    depth: usize,
    name: String,
    slug_sq: String,
    slug_en: String,
    in_menu: bool,
    position: i32,
}

#[derive(Debug, Serialize)]
struct SectionList {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    sections: Vec<SectionRow>,
}

/// Sections as a tree, parents before their children, each level in menu order.
fn tree(sections: &[domain::Section]) -> Vec<(usize, &domain::Section)> {
    fn walk<'a>(
        all: &'a [domain::Section],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<(usize, &'a domain::Section)>,
    ) {
        for s in all.iter().filter(|s| s.parent_id == parent) {
            out.push((depth, s));
            if depth < 8 {
                walk(all, Some(s.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(sections.len());
    walk(sections, None, 0, &mut out);
    out
}

/// `GET /admin/sections`
pub async fn list_sections(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let lang = staff.locale();
    let sections = state.db.list_sections().await?;
    let rows = tree(&sections)
        .into_iter()
        .map(|(depth, s)| SectionRow {
            id: s.id,
            depth,
            name: s.name.get(lang).to_owned(),
            slug_sq: s.slug.sq.clone(),
            slug_en: s.slug.en.clone(),
            in_menu: s.in_menu,
            position: s.position,
        })
        .collect();
    let ctx = SectionList {
        frame: Frame::new(&staff, "structure-sections-title", NAV, q.done.as_deref()),
        tabs: tabs("/admin/sections"),
        sections: rows,
    };
    page(&state, StatusCode::OK, "admin/sections.html", &ctx)
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct SectionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    name_sq: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    slug_sq: String,
    #[serde(default)]
    slug_en: String,
    #[serde(default)]
    description_sq: String,
    #[serde(default)]
    description_en: String,
    /// Empty for a top-level section.
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    position: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    in_menu: Option<String>,
}

#[derive(Debug, Serialize)]
struct ParentOption {
    id: i64,
    label: String,
}

#[derive(Debug, Serialize)]
struct SectionEdit {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    /// None for a new section.
    id: Option<i64>,
    form: SectionForm,
    in_menu: bool,
    parents: Vec<ParentOption>,
    error: Option<String>,
    /// `(articles, child sections)` of an existing section.
    usage: Option<(i64, i64)>,
    public_url: Option<String>,
}

async fn section_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    id: Option<i64>,
    form: SectionForm,
    error: Option<&str>,
    done: Option<&str>,
) -> Result<Response, AppError> {
    let lang = staff.locale();
    let sections = state.db.list_sections().await?;
    let excluded: HashSet<i64> = id.map(|id| descendants(&sections, id)).unwrap_or_default();
    let parents = tree(&sections)
        .into_iter()
        .filter(|(_, s)| !excluded.contains(&s.id))
        .map(|(depth, s)| ParentOption {
            id: s.id,
            label: format!("{}{}", "— ".repeat(depth), s.name.get(lang)),
        })
        .collect();
    let usage = match id {
        Some(id) => Some(state.db.section_usage(id).await?),
        None => None,
    };
    let public_url = id
        .and_then(|id| sections.iter().find(|s| s.id == id))
        .map(|s| Urls::new(lang).section(s));
    let title = if id.is_some() {
        "structure-section-edit-title"
    } else {
        "structure-section-new-title"
    };
    let ctx = SectionEdit {
        frame: Frame::new(staff, title, NAV, done),
        tabs: tabs("/admin/sections"),
        id,
        in_menu: form.in_menu.is_some(),
        form,
        parents,
        error: error.map(|e| render::t(lang, e)),
        usage,
        public_url,
    };
    page(state, status, "admin/section-edit.html", &ctx)
}

/// The section and everything under it.
fn descendants(sections: &[domain::Section], id: i64) -> HashSet<i64> {
    let mut set = HashSet::from([id]);
    loop {
        let before = set.len();
        for s in sections {
            if s.parent_id.is_some_and(|p| set.contains(&p)) {
                set.insert(s.id);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// `GET /admin/sections/new`
pub async fn new_section(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let form = SectionForm {
        in_menu: Some("on".into()),
        ..SectionForm::default()
    };
    section_page(&state, &staff, StatusCode::OK, None, form, None, None).await
}

/// `GET /admin/sections/{id}`
pub async fn edit_section(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let s = state.db.find_section(id).await?.ok_or(AppError::NotFound)?;
    let form = SectionForm {
        csrf: String::new(),
        name_sq: s.name.sq,
        name_en: s.name.en,
        slug_sq: s.slug.sq,
        slug_en: s.slug.en,
        description_sq: s.description.sq,
        description_en: s.description.en,
        parent_id: s.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        position: s.position.to_string(),
        in_menu: s.in_menu.then(|| "on".into()),
    };
    section_page(
        &state,
        &staff,
        StatusCode::OK,
        Some(id),
        form,
        None,
        q.done.as_deref(),
    )
    .await
}

/// Checks a section form against the other sections and the static pages; the section to
/// write, or the message key of the first problem.
async fn check_section(
    state: &AppState,
    id: Option<i64>,
    f: &SectionForm,
) -> Result<Result<NewSection, &'static str>, AppError> {
    let sections = state.db.list_sections().await?;
    let checked = (|| {
        let name_sq = name(&f.name_sq)?;
        let name_en = name(&f.name_en)?;
        let slug_sq = slug_or_name(&f.slug_sq, &name_sq)?;
        let slug_en = slug_or_name(&f.slug_en, &name_en)?;
        if reserved(Locale::Sq, &slug_sq) || reserved(Locale::En, &slug_en) {
            return Err("structure-error-slug-reserved");
        }
        let others = sections.iter().filter(|s| Some(s.id) != id);
        if others
            .clone()
            .any(|s| s.slug.sq == slug_sq || s.slug.en == slug_en)
        {
            return Err("structure-error-slug-taken");
        }
        let description_sq = f.description_sq.trim().to_owned();
        let description_en = f.description_en.trim().to_owned();
        if description_sq.chars().count() > MAX_DESCRIPTION
            || description_en.chars().count() > MAX_DESCRIPTION
        {
            return Err("structure-error-description");
        }
        let parent_id = match f.parent_id.trim() {
            "" => None,
            p => {
                let p: i64 = p.parse().map_err(|_| "structure-error-parent")?;
                let ok = sections.iter().any(|s| s.id == p)
                    && id.is_none_or(|id| !descendants(&sections, id).contains(&p));
                if !ok {
                    return Err("structure-error-parent");
                }
                Some(p)
            }
        };
        let position = match f.position.trim() {
            "" => sections
                .iter()
                .map(|s| s.position)
                .max()
                .map_or(0, |m| m.saturating_add(1)),
            p => p
                .parse::<i32>()
                .ok()
                .filter(|p| (0..=10_000).contains(p))
                .ok_or("structure-error-position")?,
        };
        let taken: HashSet<String> = sections.iter().map(|s| s.key.clone()).collect();
        let key = match id.and_then(|id| sections.iter().find(|s| s.id == id)) {
            Some(s) => s.key.clone(),
            None => fresh_key(&slug_en, &taken),
        };
        Ok(NewSection {
            parent_id,
            position,
            key,
            slug: Localized::new(slug_sq, slug_en),
            name: Localized::new(name_sq, name_en),
            description: Localized::new(description_sq, description_en),
            in_menu: f.in_menu.is_some(),
        })
    })();
    let Ok(s) = checked else {
        return Ok(checked);
    };
    // A static page answers at `/{lang}/{slug}` too (once published); the section would
    // hide it.
    let pages = state.db.list_pages().await?;
    if pages
        .iter()
        .any(|p| Locale::parse(&p.lang).is_some_and(|l| s.slug.get(l) == p.slug))
    {
        return Ok(Err("structure-error-slug-page"));
    }
    Ok(Ok(s))
}

/// `POST /admin/sections`: creates a section.
pub async fn create_section(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<SectionForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let s = match check_section(&state, None, &f).await? {
        Ok(s) => s,
        Err(e) => return refuse_section(&state, &staff, None, f, e).await,
    };
    let id = match state.db.insert_section(&s, state.clock.now()).await {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) => {
            return refuse_section(&state, &staff, None, f, "structure-error-slug-taken").await;
        }
        Err(e) => return Err(e.into()),
    };
    after_write(
        &state,
        &staff,
        "section_created",
        &format!("section {id}: {}", s.slug.en),
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/sections/{id}?done=section_created"
    )))
}

async fn refuse_section(
    state: &AppState,
    staff: &Staff,
    id: Option<i64>,
    f: SectionForm,
    error: &str,
) -> Result<Response, AppError> {
    tracing::info!(section = ?id, error, "refused a section form");
    let status = if error.contains("has-") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    section_page(state, staff, status, id, f, Some(error), None).await
}

/// `POST /admin/sections/{id}`: changes a section.
pub async fn update_section(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<SectionForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    state.db.find_section(id).await?.ok_or(AppError::NotFound)?;
    let s = match check_section(&state, Some(id), &f).await? {
        Ok(s) => s,
        Err(e) => return refuse_section(&state, &staff, Some(id), f, e).await,
    };
    match state.db.update_section(id, &s, state.clock.now()).await {
        Ok(()) => {}
        Err(e) if store::is_unique_violation(&e) => {
            return refuse_section(&state, &staff, Some(id), f, "structure-error-slug-taken").await;
        }
        Err(e) => return Err(e.into()),
    }
    after_write(&state, &staff, "section_saved", &format!("section {id}")).await?;
    Ok(see_other(&format!(
        "/admin/sections/{id}?done=section_saved"
    )))
}

/// `POST /admin/sections/{id}/delete`: deletes a section without articles or children.
pub async fn delete_section(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let s = state.db.find_section(id).await?.ok_or(AppError::NotFound)?;
    match state.db.delete_section(id, state.clock.now()).await {
        Ok(()) => {}
        Err(store::Error::Conflict(code)) => {
            let form = SectionForm {
                name_sq: s.name.sq,
                name_en: s.name.en,
                slug_sq: s.slug.sq,
                slug_en: s.slug.en,
                description_sq: s.description.sq,
                description_en: s.description.en,
                parent_id: s.parent_id.map(|p| p.to_string()).unwrap_or_default(),
                position: s.position.to_string(),
                in_menu: s.in_menu.then(|| "on".into()),
                csrf: String::new(),
            };
            return refuse_section(&state, &staff, Some(id), form, in_use_message(&code)).await;
        }
        Err(e) => return Err(e.into()),
    }
    after_write(
        &state,
        &staff,
        "section_deleted",
        &format!("section {id}: {}", s.slug.en),
    )
    .await?;
    Ok(see_other("/admin/sections?done=section_deleted"))
}

// ---------------------------------------------------------------------------------------
// Tags and regions: the same form (names and slugs per language; regions also a position).

/// Which list of terms a page manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Tag,
    Region,
}

impl TermKind {
    fn base(self) -> &'static str {
        match self {
            TermKind::Tag => "/admin/tags",
            TermKind::Region => "/admin/regions",
        }
    }
    fn word(self) -> &'static str {
        match self {
            TermKind::Tag => "tag",
            TermKind::Region => "region",
        }
    }
}

#[derive(Debug, Serialize)]
struct TermRow {
    id: i64,
    name: String,
    slug_sq: String,
    slug_en: String,
    position: i32,
}

#[derive(Debug, Serialize)]
struct TermList {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    kind: TermKind,
    base: &'static str,
    terms: Vec<TermRow>,
}

/// Tags or regions as `(id, position, key, slug, name)`, in list order.
async fn load_terms(
    state: &AppState,
    kind: TermKind,
) -> Result<Vec<(i64, i32, String, Localized, Localized)>, AppError> {
    Ok(match kind {
        TermKind::Tag => state
            .db
            .list_tags()
            .await?
            .into_iter()
            .map(|t| (t.id, 0, t.key, t.slug, t.name))
            .collect(),
        TermKind::Region => state
            .db
            .list_regions()
            .await?
            .into_iter()
            .map(|r| (r.id, r.position, r.key, r.slug, r.name))
            .collect(),
    })
}

async fn list_terms(
    state: AppState,
    staff: Staff,
    kind: TermKind,
    done: Option<&str>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let lang = staff.locale();
    let terms = load_terms(&state, kind)
        .await?
        .into_iter()
        .map(|(id, position, _, slug, name)| TermRow {
            id,
            name: name.get(lang).to_owned(),
            slug_sq: slug.sq,
            slug_en: slug.en,
            position,
        })
        .collect();
    let title = match kind {
        TermKind::Tag => "structure-tags-title",
        TermKind::Region => "structure-regions-title",
    };
    let ctx = TermList {
        frame: Frame::new(&staff, title, NAV, done),
        tabs: tabs(kind.base()),
        kind,
        base: kind.base(),
        terms,
    };
    page(&state, StatusCode::OK, "admin/terms.html", &ctx)
}

/// `GET /admin/tags`
pub async fn list_tags(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    list_terms(state, staff, TermKind::Tag, q.done.as_deref()).await
}

/// `GET /admin/regions`
pub async fn list_regions(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    list_terms(state, staff, TermKind::Region, q.done.as_deref()).await
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct TermForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    name_sq: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    slug_sq: String,
    #[serde(default)]
    slug_en: String,
    #[serde(default)]
    position: String,
}

#[derive(Debug, Serialize)]
struct TermEdit {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    kind: TermKind,
    base: &'static str,
    id: Option<i64>,
    form: TermForm,
    error: Option<String>,
    usage: Option<i64>,
    public_url: Option<String>,
}

/// The form of a tag or region: its kind and, once it exists, its id.
async fn term_page(
    state: &AppState,
    staff: &Staff,
    (kind, id): (TermKind, Option<i64>),
    status: StatusCode,
    form: TermForm,
    error: Option<&str>,
    done: Option<&str>,
) -> Result<Response, AppError> {
    let lang = staff.locale();
    let (usage, public_url) = match (id, kind) {
        (Some(id), TermKind::Tag) => (
            Some(state.db.tag_usage(id).await?),
            state
                .db
                .find_tag(id)
                .await?
                .map(|t| Urls::new(lang).tag(&t)),
        ),
        (Some(id), TermKind::Region) => (
            Some(state.db.region_usage(id).await?),
            state
                .db
                .find_region(id)
                .await?
                .map(|r| Urls::new(lang).region(&r)),
        ),
        (None, _) => (None, None),
    };
    let title = match (kind, id.is_some()) {
        (TermKind::Tag, true) => "structure-tag-edit-title",
        (TermKind::Tag, false) => "structure-tag-new-title",
        (TermKind::Region, true) => "structure-region-edit-title",
        (TermKind::Region, false) => "structure-region-new-title",
    };
    let ctx = TermEdit {
        frame: Frame::new(staff, title, NAV, done),
        tabs: tabs(kind.base()),
        kind,
        base: kind.base(),
        id,
        form,
        error: error.map(|e| render::t(lang, e)),
        usage,
        public_url,
    };
    page(state, status, "admin/term-edit.html", &ctx)
}

async fn new_term(state: AppState, staff: Staff, kind: TermKind) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let form = TermForm::default();
    term_page(
        &state,
        &staff,
        (kind, None),
        StatusCode::OK,
        form,
        None,
        None,
    )
    .await
}

/// `GET /admin/tags/new`
pub async fn new_tag(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    new_term(state, staff, TermKind::Tag).await
}

/// `GET /admin/regions/new`
pub async fn new_region(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    new_term(state, staff, TermKind::Region).await
}

async fn edit_term(
    state: AppState,
    staff: Staff,
    kind: TermKind,
    id: i64,
    done: Option<&str>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let (_, position, _, slug, name) = load_terms(&state, kind)
        .await?
        .into_iter()
        .find(|t| t.0 == id)
        .ok_or(AppError::NotFound)?;
    let form = TermForm {
        csrf: String::new(),
        name_sq: name.sq,
        name_en: name.en,
        slug_sq: slug.sq,
        slug_en: slug.en,
        position: position.to_string(),
    };
    term_page(
        &state,
        &staff,
        (kind, Some(id)),
        StatusCode::OK,
        form,
        None,
        done,
    )
    .await
}

/// `GET /admin/tags/{id}`
pub async fn edit_tag(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    edit_term(state, staff, TermKind::Tag, id, q.done.as_deref()).await
}

/// `GET /admin/regions/{id}`
pub async fn edit_region(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    edit_term(state, staff, TermKind::Region, id, q.done.as_deref()).await
}

/// Checks a tag or region form against the others of its kind.
async fn check_term(
    state: &AppState,
    kind: TermKind,
    id: Option<i64>,
    f: &TermForm,
) -> Result<Result<NewTerm, &'static str>, AppError> {
    let terms = load_terms(state, kind).await?;
    Ok((|| {
        let name_sq = name(&f.name_sq)?;
        let name_en = name(&f.name_en)?;
        let slug_sq = slug_or_name(&f.slug_sq, &name_sq)?;
        let slug_en = slug_or_name(&f.slug_en, &name_en)?;
        if terms
            .iter()
            .filter(|t| Some(t.0) != id)
            .any(|t| t.3.sq == slug_sq || t.3.en == slug_en)
        {
            return Err("structure-error-slug-taken");
        }
        let position = match f.position.trim() {
            "" => terms
                .iter()
                .map(|t| t.1)
                .max()
                .map_or(0, |m| m.saturating_add(1)),
            p => p
                .parse::<i32>()
                .ok()
                .filter(|p| (0..=10_000).contains(p))
                .ok_or("structure-error-position")?,
        };
        let taken: HashSet<String> = terms.iter().map(|t| t.2.clone()).collect();
        let key = match id.and_then(|id| terms.iter().find(|t| t.0 == id)) {
            Some(t) => t.2.clone(),
            None => fresh_key(&slug_en, &taken),
        };
        Ok(NewTerm {
            position,
            key,
            slug: Localized::new(slug_sq, slug_en),
            name: Localized::new(name_sq, name_en),
        })
    })())
}

async fn save_term(
    state: AppState,
    staff: Staff,
    kind: TermKind,
    id: Option<i64>,
    f: TermForm,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    if let Some(id) = id
        && !load_terms(&state, kind).await?.iter().any(|t| t.0 == id)
    {
        return Err(AppError::NotFound);
    }
    let refuse = |f: TermForm, e: &'static str| {
        let (state, staff) = (state.clone(), staff.clone());
        async move {
            tracing::info!(term = ?id, error = e, "refused a {} form", kind.word());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            term_page(&state, &staff, (kind, id), status, f, Some(e), None).await
        }
    };
    let t = match check_term(&state, kind, id, &f).await? {
        Ok(t) => t,
        Err(e) => return refuse(f, e).await,
    };
    let now = state.clock.now();
    let written = match (kind, id) {
        (TermKind::Tag, None) => state.db.insert_tag(&t, now).await,
        (TermKind::Region, None) => state.db.insert_region(&t, now).await,
        (TermKind::Tag, Some(id)) => state.db.update_tag(id, &t, now).await.map(|()| id),
        (TermKind::Region, Some(id)) => state.db.update_region(id, &t, now).await.map(|()| id),
    };
    let saved = match written {
        Ok(saved) => saved,
        Err(e) if store::is_unique_violation(&e) => {
            return refuse(f, "structure-error-slug-taken").await;
        }
        Err(e) => return Err(e.into()),
    };
    let action = format!(
        "{}_{}",
        kind.word(),
        if id.is_some() { "saved" } else { "created" }
    );
    after_write(
        &state,
        &staff,
        &action,
        &format!("{} {saved}: {}", kind.word(), t.slug.en),
    )
    .await?;
    Ok(see_other(&format!("{}/{saved}?done={action}", kind.base())))
}

/// `POST /admin/tags`
pub async fn create_tag(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<TermForm>,
) -> Result<Response, AppError> {
    save_term(state, staff, TermKind::Tag, None, f).await
}

/// `POST /admin/tags/{id}`
pub async fn update_tag(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<TermForm>,
) -> Result<Response, AppError> {
    save_term(state, staff, TermKind::Tag, Some(id), f).await
}

/// `POST /admin/regions`
pub async fn create_region(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<TermForm>,
) -> Result<Response, AppError> {
    save_term(state, staff, TermKind::Region, None, f).await
}

/// `POST /admin/regions/{id}`
pub async fn update_region(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<TermForm>,
) -> Result<Response, AppError> {
    save_term(state, staff, TermKind::Region, Some(id), f).await
}

async fn delete_term(
    state: AppState,
    staff: Staff,
    kind: TermKind,
    id: i64,
    f: CsrfForm,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let (_, position, _, slug, name) = load_terms(&state, kind)
        .await?
        .into_iter()
        .find(|t| t.0 == id)
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let deleted = match kind {
        TermKind::Tag => state.db.delete_tag(id, now).await,
        TermKind::Region => state.db.delete_region(id, now).await,
    };
    match deleted {
        Ok(()) => {}
        Err(store::Error::Conflict(code)) => {
            let form = TermForm {
                csrf: String::new(),
                name_sq: name.sq,
                name_en: name.en,
                slug_sq: slug.sq,
                slug_en: slug.en,
                position: position.to_string(),
            };
            let e = Some(in_use_message(&code));
            let status = StatusCode::CONFLICT;
            return term_page(&state, &staff, (kind, Some(id)), status, form, e, None).await;
        }
        Err(e) => return Err(e.into()),
    }
    let action = format!("{}_deleted", kind.word());
    after_write(
        &state,
        &staff,
        &action,
        &format!("{} {id}: {}", kind.word(), slug.en),
    )
    .await?;
    Ok(see_other(&format!("{}?done={action}", kind.base())))
}

/// `POST /admin/tags/{id}/delete`
pub async fn delete_tag(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    delete_term(state, staff, TermKind::Tag, id, f).await
}

/// `POST /admin/regions/{id}/delete`
pub async fn delete_region(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    delete_term(state, staff, TermKind::Region, id, f).await
}

// ---------------------------------------------------------------------------------------
// Author profiles

#[derive(Debug, Serialize)]
struct AuthorRow {
    id: i64,
    name: String,
    slug: String,
    email: String,
}

#[derive(Debug, Serialize)]
struct AuthorList {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    authors: Vec<AuthorRow>,
}

/// `GET /admin/authors`
pub async fn list_authors(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let authors = state
        .db
        .list_authors()
        .await?
        .into_iter()
        .map(|a| AuthorRow {
            id: a.id,
            name: a.name,
            slug: a.slug,
            email: a.email.unwrap_or_default(),
        })
        .collect();
    let ctx = AuthorList {
        frame: Frame::new(&staff, "structure-authors-title", NAV, q.done.as_deref()),
        tabs: tabs("/admin/authors"),
        authors,
    };
    page(&state, StatusCode::OK, "admin/authors.html", &ctx)
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct AuthorForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    bio_sq: String,
    #[serde(default)]
    bio_en: String,
    /// The id of an image in the media library; empty for none.
    #[serde(default)]
    photo_media_id: String,
    /// One link a line: `Label | https://…`.
    #[serde(default)]
    links: String,
    /// The id of the staff account the profile belongs to; empty for none.
    #[serde(default)]
    user_id: String,
}

#[derive(Debug, Serialize)]
struct AccountOption {
    id: i64,
    label: String,
}

#[derive(Debug, Serialize)]
struct AuthorEdit {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    accounts: Vec<AccountOption>,
    id: Option<i64>,
    form: AuthorForm,
    error: Option<String>,
    usage: Option<i64>,
    public_url: Option<String>,
}

fn author_form(a: domain::Author, user_id: Option<i64>) -> AuthorForm {
    AuthorForm {
        user_id: user_id.map(|u| u.to_string()).unwrap_or_default(),
        csrf: String::new(),
        name: a.name,
        slug: a.slug,
        email: a.email.unwrap_or_default(),
        bio_sq: a.bio.sq,
        bio_en: a.bio.en,
        photo_media_id: a.photo_media_id.map(|m| m.to_string()).unwrap_or_default(),
        links: a
            .links
            .iter()
            .map(|l| format!("{} | {}", l.label, l.url))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

async fn author_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    id: Option<i64>,
    form: AuthorForm,
    error: Option<&str>,
    done: Option<&str>,
) -> Result<Response, AppError> {
    let lang = staff.locale();
    let (usage, public_url) = match id {
        Some(id) => (
            Some(state.db.author_usage(id).await?),
            state
                .db
                .find_author(id)
                .await?
                .map(|a| Urls::new(lang).author(&a)),
        ),
        None => (None, None),
    };
    let title = if id.is_some() {
        "structure-author-edit-title"
    } else {
        "structure-author-new-title"
    };
    let accounts = state
        .db
        .list_users()
        .await?
        .into_iter()
        .map(|u| AccountOption {
            id: u.id,
            label: format!("{} ({})", u.name, u.email),
        })
        .collect();
    let ctx = AuthorEdit {
        frame: Frame::new(staff, title, NAV, done),
        tabs: tabs("/admin/authors"),
        accounts,
        id,
        form,
        error: error.map(|e| render::t(lang, e)),
        usage,
        public_url,
    };
    page(state, status, "admin/author-edit.html", &ctx)
}

/// `GET /admin/authors/new`
pub async fn new_author(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let form = AuthorForm::default();
    author_page(&state, &staff, StatusCode::OK, None, form, None, None).await
}

/// `GET /admin/authors/{id}`
pub async fn edit_author(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let a = state.db.find_author(id).await?.ok_or(AppError::NotFound)?;
    let form = author_form(a, state.db.find_author_user(id).await?);
    let done = q.done.as_deref();
    author_page(&state, &staff, StatusCode::OK, Some(id), form, None, done).await
}

/// Checks an author form; the profile to write, or the message key of the first problem.
async fn check_author(
    state: &AppState,
    id: Option<i64>,
    f: &AuthorForm,
) -> Result<Result<(store::authors::NewAuthor, Option<i64>), &'static str>, AppError> {
    let authors = state.db.list_authors().await?;
    let checked = (|| {
        let name = name(&f.name)?;
        let slug = slug_or_name(&f.slug, &name)?;
        if authors.iter().any(|a| Some(a.id) != id && a.slug == slug) {
            return Err("structure-error-slug-taken");
        }
        let email = match f.email.trim() {
            "" => None,
            e => Some(
                domain::Email::parse(e)
                    .map_err(|_| "structure-error-email")?
                    .as_str()
                    .to_owned(),
            ),
        };
        let (bio_sq, bio_en) = (f.bio_sq.trim(), f.bio_en.trim());
        if bio_sq.chars().count() > MAX_BIO || bio_en.chars().count() > MAX_BIO {
            return Err("structure-error-bio");
        }
        for bio in [bio_sq, bio_en] {
            render::markdown_to_document(bio, &|_| None).map_err(|_| "structure-error-bio")?;
        }
        let mut links = Vec::new();
        for line in f.links.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (label, url) = line.split_once('|').ok_or("structure-error-links")?;
            let (label, url) = (label.trim(), url.trim());
            let url_ok = (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() <= 500
                && !url.contains(char::is_whitespace);
            if label.is_empty() || label.chars().count() > MAX_NAME || !url_ok {
                return Err("structure-error-links");
            }
            links.push(AuthorLink {
                label: label.to_owned(),
                url: url.to_owned(),
            });
        }
        if links.len() > MAX_LINKS {
            return Err("structure-error-links");
        }
        let photo_media_id = match f.photo_media_id.trim() {
            "" => None,
            p => Some(p.parse::<i64>().map_err(|_| "structure-error-photo")?),
        };
        Ok(store::authors::NewAuthor {
            slug,
            name,
            email,
            bio: Localized::new(bio_sq, bio_en),
            photo_media_id,
            links,
        })
    })();
    let user_id = match f.user_id.trim() {
        "" => None,
        u => match u.parse::<i64>() {
            Ok(u) if state.db.find_user(u).await?.is_some() => Some(u),
            _ => return Ok(Err("structure-error-account")),
        },
    };
    if let Ok(a) = &checked
        && let Some(photo) = a.photo_media_id
    {
        let found = state.db.list_media_by_ids(&[photo]).await?;
        if !found.iter().any(|m| m.mime.starts_with("image/")) {
            return Ok(Err("structure-error-photo"));
        }
    }
    Ok(checked.map(|a| (a, user_id)))
}

async fn save_author(
    state: AppState,
    staff: Staff,
    id: Option<i64>,
    f: AuthorForm,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    if let Some(id) = id {
        state.db.find_author(id).await?.ok_or(AppError::NotFound)?;
    }
    let (a, user_id) = match check_author(&state, id, &f).await? {
        Ok(a) => a,
        Err(e) => {
            tracing::info!(author = ?id, error = e, "refused an author form");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return author_page(&state, &staff, status, id, f, Some(e), None).await;
        }
    };
    let now = state.clock.now();
    let written = match id {
        None => state.db.insert_author(&a, now).await,
        Some(id) => state.db.update_author(id, &a, now).await.map(|()| id),
    };
    let saved = match written {
        Ok(saved) => saved,
        Err(e) if store::is_unique_violation(&e) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let e = "structure-error-slug-taken";
            return author_page(&state, &staff, status, id, f, Some(e), None).await;
        }
        Err(e) => return Err(e.into()),
    };
    state.db.set_author_user(saved, user_id).await?;
    let action = if id.is_some() {
        "author_saved"
    } else {
        "author_created"
    };
    let target = format!("author {saved}: {}", a.slug);
    after_write(&state, &staff, action, &target).await?;
    Ok(see_other(&format!("/admin/authors/{saved}?done={action}")))
}

/// `POST /admin/authors`
pub async fn create_author(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<AuthorForm>,
) -> Result<Response, AppError> {
    save_author(state, staff, None, f).await
}

/// `POST /admin/authors/{id}`
pub async fn update_author(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<AuthorForm>,
) -> Result<Response, AppError> {
    save_author(state, staff, Some(id), f).await
}

/// `POST /admin/authors/{id}/delete`: deletes a profile without bylines.
pub async fn delete_author(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let a = state.db.find_author(id).await?.ok_or(AppError::NotFound)?;
    let slug = a.slug.clone();
    match state.db.delete_author(id, state.clock.now()).await {
        Ok(()) => {}
        Err(store::Error::Conflict(code)) => {
            let e = in_use_message(&code);
            let status = StatusCode::CONFLICT;
            let form = author_form(a, state.db.find_author_user(id).await?);
            return author_page(&state, &staff, status, Some(id), form, Some(e), None).await;
        }
        Err(e) => return Err(e.into()),
    }
    let target = format!("author {id}: {slug}");
    after_write(&state, &staff, "author_deleted", &target).await?;
    Ok(see_other("/admin/authors?done=author_deleted"))
}

// ---------------------------------------------------------------------------------------
// Home page layout

/// How many recent articles per language the home layout page offers as top stories.
const HOME_CANDIDATES: i64 = 30;

#[derive(Debug, Serialize)]
struct StoryRow {
    id: i64,
    lang: Locale,
    title: String,
    published_at: i64,
    top: bool,
}

#[derive(Debug, Serialize)]
struct BlockRow {
    id: i64,
    name: String,
    in_menu: bool,
    first: bool,
    last: bool,
}

#[derive(Debug, Serialize)]
struct HomeLayout {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    stories: Vec<StoryRow>,
    blocks: Vec<BlockRow>,
}

/// `GET /admin/home`: the top stories of each language and the order of section blocks.
pub async fn show_home_layout(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let lang = staff.locale();
    let now = state.clock.now();
    let mut stories = Vec::new();
    for l in Locale::ALL {
        let (top, latest) = tokio::try_join!(
            state.db.list_top(l, 50, now),
            state.db.list_latest(l, HOME_CANDIDATES, now)
        )?;
        let top_ids: HashSet<i64> = top.iter().map(|c| c.id).collect();
        for (c, is_top) in top.iter().map(|c| (c, true)).chain(
            latest
                .iter()
                .filter(|c| !top_ids.contains(&c.id))
                .map(|c| (c, false)),
        ) {
            stories.push(StoryRow {
                id: c.id,
                lang: l,
                title: c.title.clone(),
                published_at: c.published_at,
                top: is_top,
            });
        }
    }
    let sections = state.db.list_sections().await?;
    let top_level: Vec<&domain::Section> =
        sections.iter().filter(|s| s.parent_id.is_none()).collect();
    let n = top_level.len();
    let blocks = top_level
        .iter()
        .enumerate()
        .map(|(i, s)| BlockRow {
            id: s.id,
            name: s.name.get(lang).to_owned(),
            in_menu: s.in_menu,
            first: i == 0,
            last: i + 1 == n,
        })
        .collect();
    let ctx = HomeLayout {
        frame: Frame::new(&staff, "structure-home-title", NAV, q.done.as_deref()),
        tabs: tabs("/admin/home"),
        stories,
        blocks,
    };
    page(&state, StatusCode::OK, "admin/home-layout.html", &ctx)
}

#[derive(Debug, Deserialize)]
pub struct TopForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    id: String,
    /// `1` to make it a top story, `0` to take it off.
    #[serde(default)]
    top: String,
}

/// `POST /admin/home/top`: makes an article a top story of its language's home page, or not.
pub async fn set_top_story(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<TopForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let id: i64 = f.id.parse().map_err(|_| AppError::BadRequest("bad_id"))?;
    let top = match f.top.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadRequest("bad_value")),
    };
    if !state.db.set_article_top(id, top, state.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    let action = if top { "top_added" } else { "top_removed" };
    after_write(&state, &staff, action, &format!("article {id}")).await?;
    Ok(see_other(&format!("/admin/home?done={action}")))
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    id: String,
    /// `up` or `down`.
    #[serde(default)]
    dir: String,
}

/// `POST /admin/home/move`: moves a section block one place up or down (the section menu
/// follows the same order).
pub async fn move_block(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<MoveForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let id: i64 = f.id.parse().map_err(|_| AppError::BadRequest("bad_id"))?;
    let sections = state.db.list_sections().await?;
    let mut order: Vec<i64> = sections
        .iter()
        .filter(|s| s.parent_id.is_none())
        .map(|s| s.id)
        .collect();
    let at = order
        .iter()
        .position(|x| *x == id)
        .ok_or(AppError::NotFound)?;
    let to = match f.dir.as_str() {
        "up" => at.checked_sub(1),
        "down" => Some(at + 1).filter(|t| *t < order.len()),
        _ => return Err(AppError::BadRequest("bad_value")),
    };
    if let Some(to) = to {
        order.swap(at, to);
        state.db.reorder_sections(&order, state.clock.now()).await?;
        after_write(
            &state,
            &staff,
            "blocks_reordered",
            &format!("section {id} {}", f.dir),
        )
        .await?;
    }
    Ok(see_other("/admin/home?done=blocks_reordered"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_names_when_left_empty_and_are_checked_when_typed() {
        assert_eq!(
            slug_or_name("", "Çështje të ditës").as_deref(),
            Ok("ceshtje-te-dites")
        );
        assert_eq!(slug_or_name(" kultura ", "x").as_deref(), Ok("kultura"));
        assert_eq!(slug_or_name("Kultura", "x"), Err("structure-error-slug"));
        assert_eq!(slug_or_name("a--b", "x"), Err("structure-error-slug"));
    }

    #[test]
    fn the_site_s_own_words_are_reserved() {
        assert!(reserved(Locale::Sq, "kerko") && reserved(Locale::En, "search"));
        assert!(reserved(Locale::Sq, "etiketa") && reserved(Locale::En, "author"));
        assert!(!reserved(Locale::Sq, "search") && !reserved(Locale::En, "politics"));
    }

    #[test]
    fn new_keys_never_collide() {
        let taken = HashSet::from(["news".to_owned(), "news-2".to_owned()]);
        assert_eq!(fresh_key("news", &taken), "news-3");
        assert_eq!(fresh_key("culture", &taken), "culture");
    }
}
