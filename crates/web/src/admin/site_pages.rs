//! Static pages and menus, for editors and admins. A page's body is the same document as an
//! article's, written in the same editor (Tiptap JSON in, checked on the server); a page
//! may be the translation of a page in the other language (they share a key, which the
//! site's footer and language switch use). Menus are lists of links per language, written
//! one a line. As everywhere in the structure pages, each write is applied to the public
//! site at once and recorded in the audit log.

use std::collections::HashSet;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Action, Document, Locale, MenuItem, Slug};
use serde::{Deserialize, Serialize};
use store::pages::{NewPage, PageEdit};

use super::structure::{
    CsrfForm, DoneQuery, NAV, Tab, after_write, allow, fresh_key, reserved, slug_or_name, tabs,
};
use super::{Frame, Staff, page, see_other};
use crate::views::Urls;
use crate::{AppError, AppState};

/// Longest page title, in characters.
const MAX_TITLE: usize = 300;
/// Most items in a menu.
const MAX_ITEMS: usize = 30;
/// Menus the site's templates show, offered even before they have items.
const KNOWN_MENUS: &[&str] = &["footer"];

fn empty_doc() -> Document {
    Document {
        version: 1,
        blocks: Vec::new(),
        footnotes: Vec::new(),
    }
}

#[derive(Debug, Serialize)]
struct PageRow {
    id: i64,
    lang: String,
    title: String,
    slug: String,
    published: bool,
    translated: bool,
}

#[derive(Debug, Serialize)]
struct PageList {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    pages: Vec<PageRow>,
}

/// `GET /admin/pages`
pub async fn list_pages(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let all = state.db.list_pages().await?;
    let pages = all
        .iter()
        .map(|p| PageRow {
            id: p.id,
            lang: p.lang.clone(),
            title: p.title.clone(),
            slug: p.slug.clone(),
            published: p.published,
            translated: all
                .iter()
                .any(|o| o.id != p.id && o.translation_group == p.translation_group),
        })
        .collect();
    let ctx = PageList {
        frame: Frame::new(&staff, "structure-pages-title", NAV, q.done.as_deref()),
        tabs: tabs("/admin/pages"),
        pages,
    };
    page(&state, StatusCode::OK, "admin/pages.html", &ctx)
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct PageForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    /// Only when creating: `sq` or `en`.
    #[serde(default)]
    lang: String,
    /// Only when creating: the id of the page in the other language this one translates.
    #[serde(default)]
    translation_of: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    slug: String,
    /// Tiptap JSON from the editor.
    #[serde(default)]
    body: String,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Debug, Serialize)]
struct TranslationOption {
    id: i64,
    lang: String,
    title: String,
}

#[derive(Debug, Serialize)]
struct PageEditView {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    id: Option<i64>,
    page_lang: String,
    form: PageForm,
    published: bool,
    editor_strings: String,
    translations: Vec<TranslationOption>,
    error: Option<String>,
    public_url: Option<String>,
}

async fn page_form_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    id: Option<i64>,
    form: PageForm,
    error: Option<&str>,
    done: Option<&str>,
) -> Result<Response, AppError> {
    let lang = staff.locale();
    let all = state.db.list_pages().await?;
    let mine = id.and_then(|id| all.iter().find(|p| p.id == id));
    let page_lang = mine.map_or_else(|| form.lang.clone(), |p| p.lang.clone());
    // A new page may translate a page that has no translation yet.
    let translations = if id.is_none() {
        all.iter()
            .filter(|p| {
                !all.iter()
                    .any(|o| o.id != p.id && o.translation_group == p.translation_group)
            })
            .map(|p| TranslationOption {
                id: p.id,
                lang: p.lang.clone(),
                title: p.title.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let public_url = mine
        .filter(|p| p.published)
        .and_then(|p| Locale::parse(&p.lang).map(|l| Urls::new(l).page(&p.slug)));
    let title = if id.is_some() {
        "structure-page-edit-title"
    } else {
        "structure-page-new-title"
    };
    let ctx = PageEditView {
        frame: Frame::new(staff, title, NAV, done),
        tabs: tabs("/admin/pages"),
        id,
        page_lang,
        published: form.published.is_some(),
        form,
        editor_strings: super::articles::editor_strings(lang),
        translations,
        error: error.map(|e| render::t(lang, e)),
        public_url,
    };
    page(state, status, "admin/page-edit.html", &ctx)
}

#[derive(Debug, Deserialize)]
pub struct NewPageQuery {
    lang: Option<String>,
}

/// `GET /admin/pages/new`
pub async fn new_page(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<NewPageQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let lang = q
        .lang
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(staff.locale());
    let form = PageForm {
        lang: lang.code().to_owned(),
        published: Some("on".into()),
        body: domain::tiptap::to_tiptap(&empty_doc()).to_string(),
        ..PageForm::default()
    };
    page_form_page(&state, &staff, StatusCode::OK, None, form, None, None).await
}

/// `GET /admin/pages/{id}`
pub async fn edit_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    let (p, published) = state
        .db
        .find_page_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = PageForm {
        csrf: String::new(),
        lang: p.lang.code().to_owned(),
        translation_of: String::new(),
        title: p.title,
        slug: p.slug,
        body: domain::tiptap::to_tiptap(&p.body).to_string(),
        published: published.then(|| "on".into()),
    };
    let done = q.done.as_deref();
    page_form_page(&state, &staff, StatusCode::OK, Some(id), form, None, done).await
}

/// What a checked page form holds.
struct CheckedPage {
    lang: Locale,
    slug: Slug,
    title: String,
    body: Document,
    /// `(key, translation group)` of a new page.
    key: Option<(String, Option<i64>)>,
}

/// Checks a page form; the page to write or the message key of the first problem.
async fn check_page(
    state: &AppState,
    id: Option<i64>,
    f: &PageForm,
) -> Result<Result<CheckedPage, &'static str>, AppError> {
    let all = state.db.list_pages().await?;
    let sections = state.db.list_sections().await?;
    let existing = id.and_then(|id| all.iter().find(|p| p.id == id));
    let lang = match existing {
        Some(p) => Locale::parse(&p.lang),
        None => Locale::parse(&f.lang),
    };
    Ok((|| {
        let lang = lang.ok_or("structure-error-language")?;
        let title = f.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            return Err("structure-error-title");
        }
        let slug = slug_or_name(&f.slug, title)?;
        if reserved(lang, &slug) {
            return Err("structure-error-slug-reserved");
        }
        if sections.iter().any(|s| s.slug.get(lang) == slug) {
            return Err("structure-error-slug-section");
        }
        if all
            .iter()
            .any(|p| Some(p.id) != id && p.lang == lang.code() && p.slug == slug)
        {
            return Err("structure-error-slug-taken");
        }
        let body = if f.body.trim().is_empty() {
            empty_doc()
        } else {
            domain::tiptap::from_tiptap_str(&f.body).map_err(|_| "structure-error-body")?
        };
        let key = match (existing, f.translation_of.trim()) {
            (Some(_), _) => None,
            (None, "") => {
                let taken: HashSet<String> = all
                    .iter()
                    .filter(|p| p.lang == lang.code())
                    .map(|p| p.key.clone())
                    .collect();
                Some((fresh_key(&slug, &taken), None))
            }
            (None, other) => {
                let other: i64 = other.parse().map_err(|_| "structure-error-translation")?;
                let o = all
                    .iter()
                    .find(|p| p.id == other)
                    .ok_or("structure-error-translation")?;
                let free = o.lang != lang.code()
                    && !all.iter().any(|p| {
                        p.id != o.id
                            && (p.translation_group == o.translation_group
                                || (p.lang == lang.code() && p.key == o.key))
                    });
                if !free {
                    return Err("structure-error-translation");
                }
                Some((o.key.clone(), Some(o.translation_group)))
            }
        };
        Ok(CheckedPage {
            lang,
            slug: Slug::parse(&slug).map_err(|_| "structure-error-slug")?,
            title: title.to_owned(),
            body,
            key,
        })
    })())
}

async fn save_page(
    state: AppState,
    staff: Staff,
    id: Option<i64>,
    f: PageForm,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    if let Some(id) = id {
        state
            .db
            .find_page_by_id(id)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let refuse = |f: PageForm, e: &'static str| {
        let (state, staff) = (state.clone(), staff.clone());
        async move {
            tracing::info!(page = ?id, error = e, "refused a page form");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            page_form_page(&state, &staff, status, id, f, Some(e), None).await
        }
    };
    let p = match check_page(&state, id, &f).await? {
        Ok(p) => p,
        Err(e) => return refuse(f, e).await,
    };
    let now = state.clock.now();
    let edit = PageEdit {
        slug: p.slug.clone(),
        title: p.title.clone(),
        body: p.body.clone(),
        published: f.published.is_some(),
    };
    let written = match (id, p.key) {
        (Some(id), _) => state.db.update_page(id, &edit, now).await.map(|()| id),
        (None, Some((key, group))) => {
            let new = NewPage {
                lang: p.lang,
                translation_group: group,
                key,
                slug: p.slug,
                title: p.title,
                body: p.body,
            };
            match state.db.insert_page(&new, now).await {
                Ok((new_id, _)) if !edit.published => state
                    .db
                    .update_page(new_id, &edit, now)
                    .await
                    .map(|()| new_id),
                Ok((new_id, _)) => Ok(new_id),
                Err(e) => Err(e),
            }
        }
        (None, None) => return Err(AppError::Internal("a new page without a key")),
    };
    let saved = match written {
        Ok(saved) => saved,
        Err(e) if store::is_unique_violation(&e) => {
            return refuse(f, "structure-error-slug-taken").await;
        }
        Err(e) => return Err(e.into()),
    };
    let action = if id.is_some() {
        "page_saved"
    } else {
        "page_created"
    };
    let target = format!("page {saved}: {}", edit.slug);
    after_write(&state, &staff, action, &target).await?;
    Ok(see_other(&format!("/admin/pages/{saved}?done={action}")))
}

/// `POST /admin/pages`
pub async fn create_page(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<PageForm>,
) -> Result<Response, AppError> {
    save_page(state, staff, None, f).await
}

/// `POST /admin/pages/{id}`
pub async fn update_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<PageForm>,
) -> Result<Response, AppError> {
    save_page(state, staff, Some(id), f).await
}

/// `POST /admin/pages/{id}/delete`: deletes a page no menu links to.
pub async fn delete_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let (p, published) = state
        .db
        .find_page_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let url = Urls::new(p.lang).page(&p.slug);
    match state.db.delete_page(id, &url, state.clock.now()).await {
        Ok(()) => {}
        Err(store::Error::Conflict(_)) => {
            let form = PageForm {
                csrf: String::new(),
                lang: p.lang.code().to_owned(),
                translation_of: String::new(),
                title: p.title,
                slug: p.slug,
                body: domain::tiptap::to_tiptap(&p.body).to_string(),
                published: published.then(|| "on".into()),
            };
            let e = Some("structure-error-page-in-menu");
            return page_form_page(
                &state,
                &staff,
                StatusCode::CONFLICT,
                Some(id),
                form,
                e,
                None,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    }
    let target = format!("page {id}: {}", p.slug);
    after_write(&state, &staff, "page_deleted", &target).await?;
    Ok(see_other("/admin/pages?done=page_deleted"))
}

// ---------------------------------------------------------------------------------------
// Menus

#[derive(Debug, Serialize)]
struct MenuView {
    key: String,
    lang: Locale,
    items: String,
}

#[derive(Debug, Serialize)]
struct MenusPage {
    #[serde(flatten)]
    frame: Frame,
    tabs: Vec<Tab>,
    menus: Vec<MenuView>,
    error: Option<String>,
    /// `(key, lang)` of the form the error is about.
    error_menu: Option<(String, String)>,
}

/// Every menu the site has or shows, with its items one a line.
async fn menus_page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    unsaved: Option<(&MenuForm, &str)>,
    done: Option<&str>,
) -> Result<Response, AppError> {
    let lang = staff.locale();
    let mut keys: Vec<(String, Locale)> = state.db.list_menus().await?;
    for k in KNOWN_MENUS {
        for l in Locale::ALL {
            if !keys.iter().any(|(key, kl)| key == k && *kl == l) {
                keys.push(((*k).to_owned(), l));
            }
        }
    }
    keys.sort_by(|a, b| (&a.0, a.1.code()).cmp(&(&b.0, b.1.code())));
    let items = state.db.list_menu_items().await?;
    let menus = keys
        .into_iter()
        .map(|(key, l)| {
            let text = match unsaved {
                Some((f, _)) if f.key == key && f.lang == l.code() => f.items.clone(),
                _ => items
                    .iter()
                    .filter(|(k, il, _)| *k == key && *il == l)
                    .map(|(_, _, i)| format!("{} | {}", i.label, i.url))
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            MenuView {
                key,
                lang: l,
                items: text,
            }
        })
        .collect();
    let ctx = MenusPage {
        frame: Frame::new(staff, "structure-menus-title", NAV, done),
        tabs: tabs("/admin/menus"),
        menus,
        error: unsaved.map(|(_, e)| render::t(lang, e)),
        error_menu: unsaved.map(|(f, _)| (f.key.clone(), f.lang.clone())),
    };
    page(state, status, "admin/menus.html", &ctx)
}

/// `GET /admin/menus`
pub async fn list_menus(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    staff.require(Action::ManageStructure, false)?;
    menus_page(&state, &staff, StatusCode::OK, None, q.done.as_deref()).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct MenuForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    lang: String,
    /// One item a line: `Label | /path` or `Label | https://…`.
    #[serde(default)]
    items: String,
}

/// The items of a menu form, or the message key of the first problem.
fn parse_items(text: &str) -> Result<Vec<MenuItem>, &'static str> {
    let mut items = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (label, url) = line.split_once('|').ok_or("structure-error-menu")?;
        let (label, url) = (label.trim(), url.trim());
        let site_path = url.starts_with('/') && !url.starts_with("//");
        let web = url.starts_with("https://") || url.starts_with("http://");
        if label.is_empty()
            || label.chars().count() > 120
            || !(site_path || web)
            || url.len() > 500
            || url.contains(char::is_whitespace)
        {
            return Err("structure-error-menu");
        }
        items.push(MenuItem {
            label: label.to_owned(),
            url: url.to_owned(),
        });
    }
    if items.len() > MAX_ITEMS {
        return Err("structure-error-menu");
    }
    Ok(items)
}

/// `POST /admin/menus`: replaces the items of one menu in one language.
pub async fn save_menu(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<MenuForm>,
) -> Result<Response, AppError> {
    allow(&staff, &f.csrf)?;
    let lang = Locale::parse(&f.lang).ok_or(AppError::BadRequest("bad_language"))?;
    let known = KNOWN_MENUS.contains(&f.key.as_str())
        || state
            .db
            .list_menus()
            .await?
            .iter()
            .any(|(k, _)| *k == f.key);
    if !known {
        return Err(AppError::NotFound);
    }
    let items = match parse_items(&f.items) {
        Ok(items) => items,
        Err(e) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return menus_page(&state, &staff, status, Some((&f, e)), None).await;
        }
    };
    state
        .db
        .replace_menu(&f.key, lang, &items, state.clock.now())
        .await?;
    let target = format!("menu {} ({lang}): {} items", f.key, items.len());
    after_write(&state, &staff, "menu_saved", &target).await?;
    Ok(see_other("/admin/menus?done=menu_saved"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_items_are_site_paths_or_web_addresses() {
        let items = parse_items("Rreth nesh | /sq/rreth-nesh\n\n Partner | https://example.org/p ")
            .expect("valid");
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].url, "https://example.org/p");
        for bad in [
            "No bar",
            "X | javascript:alert(1)",
            "X | //evil.example",
            " | /sq/",
            "X | /a b",
        ] {
            assert_eq!(parse_items(bad), Err("structure-error-menu"), "{bad}");
        }
    }
}
