//! The backend loop and builders of the values the tests store.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use domain::{
    ArticleCard, ArticleDraft, ArticleStatus, AuthorLink, Block, Document, Footnote, Inline,
    Locale, Localized, Mark, Rendition, Slug,
};
use store::authors::NewAuthor;
use store::changes::Change;
use store::media::NewMedia;
use store::taxonomy::{NewSection, NewTerm};
use store::{Db, Kind};
use testkit::TestDb;
use tokio::task::JoinError;

use crate::raw::RawDb;

/// "Now" in every test.
pub const NOW: i64 = testkit::NOW;
pub const HOUR: i64 = 3600;

/// The name a failure message uses for a backend.
pub fn backend_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Sqlite => "SQLite",
        Kind::Postgres => "PostgreSQL",
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(panic without a message)")
}

/// Runs `body` on a fresh, migrated database of every backend under test, one after the
/// other. A failure on one backend does not hide the other: every backend runs, then the
/// test fails with one line per failing backend, naming it.
pub async fn each_backend<F, Fut>(body: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut failures = Vec::new();
    for kind in testkit::backends() {
        let test_db = TestDb::new(kind).await;
        assert_eq!(
            test_db.db.kind(),
            kind,
            "TestDb::new({kind:?}) gave another backend"
        );
        let outcome = tokio::spawn(body(test_db.db.clone())).await;
        close_then_drop(test_db.db.clone(), test_db).await;
        note_failure(&mut failures, kind, outcome);
    }
    assert_all_passed(&failures);
}

/// Like `each_backend`, on a `RawDb` (a database the test can also reach with raw SQL).
pub async fn each_raw_backend<F, Fut>(body: F)
where
    F: Fn(Arc<RawDb>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut failures = Vec::new();
    for kind in testkit::backends() {
        let raw = Arc::new(RawDb::new(kind).await);
        let outcome = tokio::spawn(body(Arc::clone(&raw))).await;
        close_then_drop(raw.db.clone(), raw).await;
        note_failure(&mut failures, kind, outcome);
    }
    assert_all_passed(&failures);
}

/// Closes the pools here, in async context, before the test database's `Drop` removes it:
/// that `Drop` runs blocking the test's runtime, which the pools need in order to close
/// (sqlx hands a used connection back to its pool in a task spawned on that runtime).
async fn close_then_drop<T>(db: Db, test_db: T) {
    db.close().await;
    drop(test_db);
}

/// Records the panic of a test body (run as a task of its own so that it is caught here),
/// labelled with its backend.
fn note_failure(failures: &mut Vec<String>, kind: Kind, outcome: Result<(), JoinError>) {
    let Err(e) = outcome else { return };
    let name = backend_name(kind);
    let message = if e.is_panic() {
        panic_message(&*e.into_panic()).to_owned()
    } else {
        "the test task was cancelled".to_owned()
    };
    eprintln!("FAILED on {name}: {message}");
    failures.push(format!("on {name}: {message}"));
}

fn assert_all_passed(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "test failed {}",
        failures.join("\n            and ")
    );
}

pub fn slug(s: &str) -> Slug {
    Slug::parse(s).unwrap()
}

pub fn text(s: &str) -> Inline {
    Inline::Text {
        text: s.into(),
        marks: vec![],
    }
}

/// A version-1 document of plain paragraphs.
pub fn doc(paragraphs: &[&str]) -> Document {
    Document {
        version: 1,
        blocks: paragraphs
            .iter()
            .map(|p| Block::Paragraph {
                content: vec![text(p)],
            })
            .collect(),
        footnotes: vec![],
    }
}

/// A document using every kind of block and inline, to prove bodies round-trip.
pub fn rich_doc(media_id: i64) -> Document {
    let d = Document {
        version: 1,
        blocks: vec![
            Block::Heading {
                level: 2,
                content: vec![text("Kreu i parë")],
            },
            Block::Paragraph {
                content: vec![
                    text("Fjalë me "),
                    Inline::Text {
                        text: "theks".into(),
                        marks: vec![Mark::Bold, Mark::Italic],
                    },
                    Inline::Text {
                        text: " dhe lidhje".into(),
                        marks: vec![Mark::Link {
                            href: "https://example.org/ë?a=1&b=2".into(),
                        }],
                    },
                    Inline::FootnoteRef { id: "n1".into() },
                    Inline::LineBreak,
                    text("rreshti tjetër — \"citim\" 'apostrof' ç"),
                ],
            },
            Block::List {
                ordered: true,
                items: vec![vec![text("një")], vec![text("dy")]],
            },
            Block::Quote {
                content: vec![text("Një thënie")],
                attribution: Some("Autori".into()),
            },
            Block::PullQuote {
                content: vec![text("E veçuar")],
                attribution: None,
            },
            Block::Figure {
                media_id,
                caption: vec![text("Një foto")],
                credit: Some("Fotografi".into()),
            },
            Block::Embed {
                url: "https://www.youtube.com/watch?v=abc".into(),
            },
            Block::Divider,
        ],
        footnotes: vec![Footnote {
            id: "n1".into(),
            content: vec![text("Shënimi")],
        }],
    };
    d.validate().unwrap();
    d
}

/// A document of `words` words.
pub fn doc_of_words(words: usize) -> Document {
    doc(&[&vec!["fjalë"; words].join(" ")])
}

pub fn new_section(key: &str, position: i32) -> NewSection {
    NewSection {
        parent_id: None,
        position,
        key: key.into(),
        slug: Localized::new(format!("{key}-sq"), format!("{key}-en")),
        name: Localized::new(format!("Seksioni {key}"), format!("Section {key}")),
        description: Localized::new(format!("Për {key}"), format!("About {key}")),
        in_menu: true,
    }
}

pub fn new_term(key: &str, position: i32) -> NewTerm {
    NewTerm {
        position,
        key: key.into(),
        slug: Localized::new(format!("{key}-sq"), format!("{key}-en")),
        name: Localized::new(format!("Emri {key}"), format!("Name {key}")),
    }
}

pub fn new_author(slug: &str, name: &str) -> NewAuthor {
    NewAuthor {
        slug: slug.into(),
        name: name.into(),
        email: Some(format!("{slug}@example.org")),
        bio: Localized::new(format!("Bio e {name}"), format!("Bio of {name}")),
        photo_media_id: None,
        links: vec![AuthorLink {
            label: "Web".into(),
            url: format!("https://example.org/{slug}"),
        }],
    }
}

pub fn new_media(key: Option<&str>) -> NewMedia {
    NewMedia {
        key: key.map(str::to_owned),
        mime: "image/jpeg".into(),
        width: 1600,
        height: 900,
        byte_size: 123_456,
        alt: Localized::new("Përshkrim", "Description"),
        caption: Localized::new("Titulli", "Caption"),
        credit: "Agjencia".into(),
        licence: "CC BY 4.0".into(),
        focal_x: 0.25,
        focal_y: 0.75,
        dominant_color: "#336699".into(),
        placeholder: "data:image/webp;base64,UklGRg==".into(),
        renditions: vec![
            Rendition {
                width: 800,
                height: 450,
                mime: "image/webp".into(),
                path: "a/b-800.webp".into(),
            },
            Rendition {
                width: 1600,
                height: 900,
                mime: "image/jpeg".into(),
                path: "a/b-1600.jpg".into(),
            },
        ],
    }
}

/// An article in `lang` with `slug`, in `status`, published at `published_at` if given,
/// with no relations.
pub fn draft(
    lang: Locale,
    slug_text: &str,
    status: ArticleStatus,
    published_at: Option<i64>,
) -> ArticleDraft {
    ArticleDraft {
        lang,
        translation_group: None,
        status,
        title: format!("Title of {slug_text}"),
        slug: slug(slug_text),
        standfirst: format!("Standfirst of {slug_text}"),
        body: doc(&[&format!("Body of {slug_text}.")]),
        author_note: String::new(),
        seo_title: String::new(),
        seo_description: String::new(),
        featured_media_id: None,
        social_media_id: None,
        scheduled_at: None,
        published_at,
        updated_at: None,
        section_ids: vec![],
        tag_ids: vec![],
        region_ids: vec![],
        author_ids: vec![],
        is_top: false,
    }
}

/// A published article in `lang`, published at `at`.
pub fn published(lang: Locale, slug_text: &str, at: i64) -> ArticleDraft {
    draft(lang, slug_text, ArticleStatus::Published, Some(at))
}

pub fn ids(cards: &[ArticleCard]) -> Vec<i64> {
    cards.iter().map(|c| c.id).collect()
}

/// Changes after `after`, as `(entity, entity_id, action, at)`.
pub async fn changes_after(db: &Db, after: i64) -> Vec<(String, i64, String, i64)> {
    db.list_changes_since(after, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(
            |Change {
                 entity,
                 entity_id,
                 action,
                 at,
                 ..
             }| (entity, entity_id, action, at),
        )
        .collect()
}

/// Asserts that `result` failed with a unique-constraint violation.
#[track_caller]
pub fn assert_unique_violation<T: std::fmt::Debug>(result: store::Result<T>, what: &str) {
    match result {
        Ok(v) => panic!("{what}: expected a unique violation, got Ok({v:?})"),
        Err(e) => assert!(
            store::is_unique_violation(&e),
            "{what}: expected a unique violation, got {e:?}"
        ),
    }
}
