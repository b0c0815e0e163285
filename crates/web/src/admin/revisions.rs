//! An article's history: compare two revisions (a readable diff, field by field, with
//! word-level changes inside a changed paragraph), restore one (itself a save, so a new
//! revision), and the preview of the article exactly as the public page would show it.

use std::collections::{HashMap, HashSet};

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use domain::document::{Block, inline_text};
use domain::{Action, Locale, Slug};
use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag, DiffTag, TextDiff, capture_diff_slices};
use store::newsroom::Revision;

use super::articles::{current_meta, load, snapshot_json};
use super::{Frame, Staff, page, see_other};
use crate::{AppError, AppState};

/// Most revisions offered in the picker.
const PICKER_LIMIT: i64 = 200;

/// What a revision holds. Revisions saved before the article details hold only title,
/// standfirst and body; the details are `None` then.
#[derive(Debug, Default, Deserialize)]
struct Snapshot {
    #[serde(default)]
    title: String,
    #[serde(default)]
    standfirst: String,
    #[serde(default)]
    body: Option<serde_json::Value>,
    slug: Option<String>,
    author_note: Option<String>,
    seo_title: Option<String>,
    seo_description: Option<String>,
    #[serde(default)]
    featured_media_id: Option<i64>,
    #[serde(default)]
    social_media_id: Option<i64>,
    section_ids: Option<Vec<i64>>,
    tag_ids: Option<Vec<i64>>,
    region_ids: Option<Vec<i64>>,
    author_ids: Option<Vec<i64>>,
}

impl Snapshot {
    fn of(r: &Revision) -> Snapshot {
        serde_json::from_str(&r.snapshot).unwrap_or_else(|e| {
            tracing::warn!(revision = r.id, error = %e, "unreadable revision snapshot");
            Snapshot::default()
        })
    }

    /// Whether the snapshot records the article details (slug, sections …).
    fn has_details(&self) -> bool {
        self.slug.is_some()
    }

    fn document(&self) -> Option<domain::Document> {
        match &self.body {
            None => Some(domain::Document::empty()),
            Some(v) => domain::Document::from_json(&v.to_string()).ok(),
        }
    }
}

/// The body as readable units: one per paragraph, heading, list item, quote, figure,
/// embed and footnote.
fn body_units(doc: &domain::Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph { content } => out.push(inline_text(content)),
            Block::Heading { level, content } => out.push(format!(
                "{} {}",
                "#".repeat(usize::from(*level)),
                inline_text(content)
            )),
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let mark = if *ordered {
                        format!("{}.", n + 1)
                    } else {
                        "•".to_owned()
                    };
                    out.push(format!("{mark} {}", inline_text(item)));
                }
            }
            Block::Quote {
                content,
                attribution,
            }
            | Block::PullQuote {
                content,
                attribution,
            } => {
                let mut s = format!("“{}”", inline_text(content));
                if let Some(a) = attribution.as_deref().filter(|a| !a.is_empty()) {
                    s.push_str(" — ");
                    s.push_str(a);
                }
                out.push(s);
            }
            Block::Figure {
                media_id,
                caption,
                credit,
            } => {
                let mut s = format!("[#{media_id}] {}", inline_text(caption));
                if let Some(c) = credit.as_deref().filter(|c| !c.is_empty()) {
                    s.push_str(" — ");
                    s.push_str(c);
                }
                out.push(s.trim_end().to_owned());
            }
            Block::Embed { url } => out.push(format!("[{url}]")),
            Block::Divider => out.push("* * *".to_owned()),
        }
    }
    for (n, f) in doc.numbered_footnotes() {
        out.push(format!("[{n}] {}", inline_text(&f.content)));
    }
    out
}

/// A run of text in a diff: `eq`, `del` or `ins`.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Part {
    kind: &'static str,
    text: String,
}

/// One unit (paragraph, name …) of a field: `same`, `removed`, `added`, `changed`
/// (word-level parts), or `skip` (`count` unchanged units left out).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Row {
    kind: &'static str,
    parts: Vec<Part>,
    count: usize,
}

impl Row {
    fn whole(kind: &'static str, part: &'static str, text: &str) -> Row {
        Row {
            kind,
            parts: vec![Part {
                kind: part,
                text: text.to_owned(),
            }],
            count: 0,
        }
    }
}

#[derive(Debug, Serialize)]
struct FieldDiff {
    label: String,
    rows: Vec<Row>,
}

/// Word-level changes from `old` to `new`, neighbouring runs of a kind merged.
fn word_parts(old: &str, new: &str) -> Vec<Part> {
    let diff = TextDiff::from_words(old, new);
    let mut parts: Vec<Part> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "eq",
            ChangeTag::Delete => "del",
            ChangeTag::Insert => "ins",
        };
        match parts.last_mut() {
            Some(p) if p.kind == kind => p.text.push_str(change.value()),
            _ => parts.push(Part {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    parts
}

/// The units of `old` and `new` compared: unchanged, removed, added, and changed ones
/// (paired in order inside a replaced stretch) with their word-level changes.
fn diff_units(old: &[String], new: &[String]) -> Vec<Row> {
    let mut rows = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, old, new) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => rows.extend(old[o].iter().map(|t| Row::whole("same", "eq", t))),
            DiffTag::Delete => rows.extend(old[o].iter().map(|t| Row::whole("removed", "del", t))),
            DiffTag::Insert => rows.extend(new[n].iter().map(|t| Row::whole("added", "ins", t))),
            DiffTag::Replace => {
                let (o, n) = (&old[o], &new[n]);
                let paired = o.len().min(n.len());
                for (a, b) in o.iter().zip(n) {
                    rows.push(Row {
                        kind: "changed",
                        parts: word_parts(a, b),
                        count: 0,
                    });
                }
                rows.extend(o[paired..].iter().map(|t| Row::whole("removed", "del", t)));
                rows.extend(n[paired..].iter().map(|t| Row::whole("added", "ins", t)));
            }
        }
    }
    rows
}

/// Replaces each run of unchanged units by one `skip` row.
fn collapse(rows: Vec<Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for r in rows {
        if r.kind == "same" {
            if let Some(last) = out.last_mut().filter(|l| l.kind == "skip") {
                last.count += 1;
            } else {
                out.push(Row {
                    kind: "skip",
                    parts: Vec::new(),
                    count: 1,
                });
            }
        } else {
            out.push(r);
        }
    }
    out
}

/// Names of the site's sections, tags, regions and authors, in `ui`.
struct Names {
    ui: Locale,
    sections: HashMap<i64, String>,
    tags: HashMap<i64, String>,
    regions: HashMap<i64, String>,
    authors: HashMap<i64, String>,
}

impl Names {
    async fn load(state: &AppState, ui: Locale) -> Result<Names, AppError> {
        let db = &state.db;
        Ok(Names {
            ui,
            sections: db
                .list_sections()
                .await?
                .iter()
                .map(|s| (s.id, s.name.get(ui).to_owned()))
                .collect(),
            tags: db
                .list_tags()
                .await?
                .iter()
                .map(|t| (t.id, t.name.get(ui).to_owned()))
                .collect(),
            regions: db
                .list_regions()
                .await?
                .iter()
                .map(|r| (r.id, r.name.get(ui).to_owned()))
                .collect(),
            authors: db
                .list_authors()
                .await?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect(),
        })
    }

    fn of(&self, map: &HashMap<i64, String>, ids: &[i64]) -> Vec<String> {
        ids.iter()
            .map(|id| {
                map.get(id).cloned().unwrap_or_else(|| {
                    render::t_args(self.ui, "revisions-deleted", &[("id", (*id).into())])
                })
            })
            .collect()
    }
}

/// The differences from `a` to `b`, field by field; unchanged fields are left out. The
/// details are compared only when both revisions record them.
fn compare(ui: Locale, names: &Names, a: &Snapshot, b: &Snapshot) -> Vec<FieldDiff> {
    let mut fields = Vec::new();
    let mut field = |key: &str, old: Vec<String>, new: Vec<String>, body: bool| {
        if old == new {
            return;
        }
        let rows = diff_units(&old, &new);
        fields.push(FieldDiff {
            label: render::t(ui, key),
            rows: if body { collapse(rows) } else { rows },
        });
    };
    let text = |s: &str| -> Vec<String> {
        let s = s.trim();
        if s.is_empty() {
            Vec::new()
        } else {
            vec![s.to_owned()]
        }
    };
    let opt_text = |s: &Option<String>| text(s.as_deref().unwrap_or_default());
    let body = |s: &Snapshot| s.document().map(|d| body_units(&d)).unwrap_or_default();
    let media = |id: Option<i64>| id.map(|i| format!("#{i}")).into_iter().collect::<Vec<_>>();
    field("admin-col-title", text(&a.title), text(&b.title), false);
    if a.has_details() && b.has_details() {
        field("admin-slug", opt_text(&a.slug), opt_text(&b.slug), false);
    }
    field(
        "admin-standfirst",
        text(&a.standfirst),
        text(&b.standfirst),
        false,
    );
    field("admin-body", body(a), body(b), true);
    if !(a.has_details() && b.has_details()) {
        return fields;
    }
    field(
        "admin-author-note",
        opt_text(&a.author_note),
        opt_text(&b.author_note),
        false,
    );
    field(
        "admin-seo-title",
        opt_text(&a.seo_title),
        opt_text(&b.seo_title),
        false,
    );
    field(
        "admin-seo-description",
        opt_text(&a.seo_description),
        opt_text(&b.seo_description),
        false,
    );
    field(
        "admin-featured-image",
        media(a.featured_media_id),
        media(b.featured_media_id),
        false,
    );
    field(
        "admin-social-image",
        media(a.social_media_id),
        media(b.social_media_id),
        false,
    );
    let ids = |v: &Option<Vec<i64>>| v.clone().unwrap_or_default();
    let primary = |s: &Snapshot| ids(&s.section_ids).into_iter().take(1).collect::<Vec<_>>();
    let others = |s: &Snapshot| ids(&s.section_ids).into_iter().skip(1).collect::<Vec<_>>();
    field(
        "admin-primary-section",
        names.of(&names.sections, &primary(a)),
        names.of(&names.sections, &primary(b)),
        false,
    );
    field(
        "admin-other-sections",
        names.of(&names.sections, &others(a)),
        names.of(&names.sections, &others(b)),
        false,
    );
    field(
        "admin-tags",
        names.of(&names.tags, &ids(&a.tag_ids)),
        names.of(&names.tags, &ids(&b.tag_ids)),
        false,
    );
    field(
        "admin-regions",
        names.of(&names.regions, &ids(&a.region_ids)),
        names.of(&names.regions, &ids(&b.region_ids)),
        false,
    );
    field(
        "admin-bylines",
        names.of(&names.authors, &ids(&a.author_ids)),
        names.of(&names.authors, &ids(&b.author_ids)),
        false,
    );
    fields
}

#[derive(Debug, Serialize)]
struct RevisionInfo {
    id: i64,
    at: i64,
    by: Option<String>,
}

impl RevisionInfo {
    fn of(r: &Revision) -> RevisionInfo {
        RevisionInfo {
            id: r.id,
            at: r.created_at,
            by: r.user_name.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
struct ComparePage {
    #[serde(flatten)]
    frame: Frame,
    id: i64,
    article_title: String,
    article_lang: Locale,
    /// Every revision, newest first, for the picker.
    revisions: Vec<RevisionInfo>,
    /// The older side; `None` when `b` is the first revision.
    a: Option<RevisionInfo>,
    b: Option<RevisionInfo>,
    fields: Vec<FieldDiff>,
    /// One of the two was saved before the details were recorded.
    details_missing: bool,
}

#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    a: Option<i64>,
    b: Option<i64>,
}

/// `GET /admin/articles/{id}/revisions?a=R1&b=R2`: what changed from revision `a` to `b`
/// (by default the newest against the one before it; `b` alone against the one before
/// it). A revision of another article is a 404.
pub async fn compare_revisions(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, AppError> {
    let (article, _) = load(&state, &staff, id, Action::EditArticle).await?;
    let db = &state.db;
    let ui = staff.locale();
    let list = db.list_revisions(id, PICKER_LIMIT).await?;
    let b = match q.b {
        Some(rev) => Some(db.find_revision(id, rev).await?.ok_or(AppError::NotFound)?),
        None => list.first().cloned(),
    };
    let a = match (q.a, &b) {
        (Some(rev), _) => Some(db.find_revision(id, rev).await?.ok_or(AppError::NotFound)?),
        (None, Some(b)) => db.find_previous_revision(id, b.id).await?,
        (None, None) => None,
    };
    let (sa, sb) = (
        a.as_ref().map(Snapshot::of).unwrap_or_default(),
        b.as_ref().map(Snapshot::of).unwrap_or_default(),
    );
    let names = Names::load(&state, ui).await?;
    let fields = if b.is_some() {
        compare(ui, &names, &sa, &sb)
    } else {
        Vec::new()
    };
    let details_missing = a.is_some() && !(sa.has_details() && sb.has_details());
    let mut frame = Frame::new(&staff, "revisions-title", "/admin/articles", None);
    frame.title = format!("{} — {}", frame.title, article.title);
    let ctx = ComparePage {
        frame,
        id,
        article_title: article.title.clone(),
        article_lang: article.lang,
        revisions: list.iter().map(RevisionInfo::of).collect(),
        a: a.as_ref().map(RevisionInfo::of),
        b: b.as_ref().map(RevisionInfo::of),
        fields,
        details_missing,
    };
    page(&state, StatusCode::OK, "admin/revisions.html", &ctx)
}

#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// Keeps the ids that still exist; says whether any went.
fn keep_existing(ids: &[i64], existing: &HashSet<i64>, skipped: &mut bool) -> Vec<i64> {
    let kept: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|i| existing.contains(i))
        .collect();
    *skipped |= kept.len() != ids.len();
    kept
}

/// `POST /admin/articles/{id}/revisions/{rev}/restore`: writes the revision's content
/// back — title, standfirst, body and, when it records them, the details — as a new
/// revision; the status does not change. A slug now taken by another article stays as it
/// is; sections, tags, regions, authors and images that no longer exist are left out, and
/// the confirmation says so.
pub async fn restore_revision(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, rev)): Path<(i64, i64)>,
    Form(f): Form<RestoreForm>,
) -> Result<Response, AppError> {
    staff.check_csrf(&f.csrf)?;
    let (article, _) = load(&state, &staff, id, Action::EditArticle).await?;
    let db = &state.db;
    let revision = db.find_revision(id, rev).await?.ok_or(AppError::NotFound)?;
    let snap = Snapshot::of(&revision);
    let body = snap
        .document()
        .ok_or(AppError::BadRequest("bad_revision"))?;
    let title = snap.title.trim();
    if title.is_empty() {
        return Err(AppError::BadRequest("bad_revision"));
    }
    let standfirst = snap.standfirst.trim();
    let mut meta = current_meta(&state, &article).await?;
    let mut skipped = false;
    let mut slug_kept = false;
    let now = state.clock.now();
    if snap.has_details() {
        match snap.slug.as_deref().map(Slug::parse) {
            Some(Ok(slug)) if slug.as_str() != article.slug => {
                let other = db
                    .find_article_id_by_slug(article.lang, slug.as_str())
                    .await?;
                if other.is_some_and(|o| o != id) {
                    slug_kept = true;
                } else {
                    meta.slug = slug;
                }
            }
            Some(Ok(_)) => {}
            _ => slug_kept = true,
        }
        meta.author_note = snap.author_note.clone().unwrap_or_default();
        meta.seo_title = snap.seo_title.clone().unwrap_or_default();
        meta.seo_description = snap.seo_description.clone().unwrap_or_default();
        let sections: HashSet<i64> = db.list_sections().await?.iter().map(|s| s.id).collect();
        let tags: HashSet<i64> = db.list_tags().await?.iter().map(|t| t.id).collect();
        let regions: HashSet<i64> = db.list_regions().await?.iter().map(|r| r.id).collect();
        let authors: HashSet<i64> = db.list_authors().await?.iter().map(|a| a.id).collect();
        meta.section_ids = keep_existing(
            snap.section_ids.as_deref().unwrap_or_default(),
            &sections,
            &mut skipped,
        );
        meta.tag_ids = keep_existing(
            snap.tag_ids.as_deref().unwrap_or_default(),
            &tags,
            &mut skipped,
        );
        meta.region_ids = keep_existing(
            snap.region_ids.as_deref().unwrap_or_default(),
            &regions,
            &mut skipped,
        );
        meta.author_ids = keep_existing(
            snap.author_ids.as_deref().unwrap_or_default(),
            &authors,
            &mut skipped,
        );
        let wanted: Vec<i64> = snap
            .featured_media_id
            .into_iter()
            .chain(snap.social_media_id)
            .collect();
        let found: HashSet<i64> = if wanted.is_empty() {
            HashSet::new()
        } else {
            db.list_media_by_ids(&wanted)
                .await?
                .iter()
                .map(|m| m.id)
                .collect()
        };
        let media = |want: Option<i64>, skipped: &mut bool| {
            let kept = want.filter(|m| found.contains(m));
            *skipped |= kept != want;
            kept
        };
        meta.featured_media_id = media(snap.featured_media_id, &mut skipped);
        meta.social_media_id = media(snap.social_media_id, &mut skipped);
    }
    // Details, content and the new revision in one transaction.
    loop {
        let snapshot = snapshot_json(title, standfirst, &body, &meta);
        let saved = db
            .save_article(&store::workflow::ArticleSave {
                id,
                meta: snap.has_details().then_some(&meta),
                title,
                standfirst,
                body: &body,
                user_id: Some(staff.user.id),
                drop_autosave: false,
                snapshot: &snapshot,
                now,
            })
            .await;
        match saved {
            Err(store::Error::Conflict(_)) if !slug_kept => {
                // Taken meanwhile (or by an old URL's redirect): keep the current slug.
                slug_kept = true;
                meta.slug = Slug::parse(&article.slug)
                    .map_err(|_| AppError::Internal("stored slug is malformed"))?;
            }
            other => {
                other?;
                break;
            }
        }
    }
    state.apply_changes().await?;
    staff
        .audit(
            &state,
            "article_restored",
            &format!("article {id} from revision {rev}"),
        )
        .await;
    let done = match (skipped, slug_kept) {
        (false, false) => "article_restored",
        (true, false) => "article_restored_skipped",
        (false, true) => "article_restored_slug_kept",
        (true, true) => "article_restored_skipped_slug_kept",
    };
    Ok(see_other(&format!("/admin/articles/{id}?done={done}")))
}

/// `GET /admin/articles/{id}/preview`: the article as its public page would show it, for
/// any status, with a "not published" banner; never cached, never indexed, never counted.
pub async fn preview_article(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (article, _) = load(&state, &staff, id, Action::EditArticle).await?;
    let html = crate::public::preview_html(&state, &article).await?;
    let mut res = super::html_page(StatusCode::OK, html);
    res.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(article.lang.code()),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_changed_paragraph_shows_its_words() {
        let rows = diff_units(
            &units(&["Same start.", "The old bridge fell."]),
            &units(&["Same start.", "The new bridge stands.", "An extra line."]),
        );
        assert_eq!(rows[0].kind, "same");
        let changed = rows.iter().find(|r| r.kind == "changed").expect("changed");
        let del: Vec<&str> = changed
            .parts
            .iter()
            .filter(|p| p.kind == "del")
            .map(|p| p.text.as_str())
            .collect();
        let ins: Vec<&str> = changed
            .parts
            .iter()
            .filter(|p| p.kind == "ins")
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(del, ["old", "fell."]);
        assert_eq!(ins, ["new", "stands."]);
        assert!(rows.iter().any(|r| r.kind == "added"));
        assert_eq!(collapse(rows)[0].kind, "skip");
    }

    #[test]
    fn old_snapshots_have_no_details() {
        let s: Snapshot = serde_json::from_str(
            r#"{"title":"T","standfirst":"S","body":{"version":1,"blocks":[]}}"#,
        )
        .expect("json");
        assert!(!s.has_details());
        assert!(s.document().is_some());
    }
}
