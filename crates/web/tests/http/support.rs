//! `TestApp`: the router over a fresh database with the demo magazine, a frozen clock.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use store::Kind;
use testkit::{NOW, TestDb};
use tower::ServiceExt;
use web::{AppState, FixedClock, WebConfig};

pub struct TestApp {
    pub state: AppState,
    /// The app's clock, frozen at `NOW` until a test moves it.
    pub clock: Arc<FixedClock>,
    pub router: axum::Router,
    #[expect(
        dead_code,
        reason = "owns the test database, which is dropped with the app"
    )]
    pub tdb: TestDb,
    pub kind: Kind,
}

pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Res {
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("utf-8 body")
    }
    pub fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

/// Sends a request through `router` and reads the whole answer.
pub async fn request_on(router: &axum::Router, req: Request<Body>) -> Res {
    let res = router.clone().oneshot(req).await.expect("router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res
        .into_body()
        .collect()
        .await
        .expect("body reads")
        .to_bytes()
        .to_vec();
    Res {
        status,
        headers,
        bytes,
    }
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

/// Texts of the elements matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Values of `attr` on the elements matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

impl TestApp {
    pub async fn new(kind: Kind) -> TestApp {
        TestApp::with_cache(kind, true).await
    }

    pub async fn with_cache(kind: Kind, page_cache: bool) -> TestApp {
        let tdb = TestDb::new(kind).await;
        let media_dir = tdb.dir.join("media");
        demo::load(&tdb.db, &media_dir, NOW - 86_400)
            .await
            .expect("demo loads");
        let config = WebConfig {
            page_cache,
            page_cache_bytes: 32 << 20,
            media_dir,
            base_url: "https://revista.test".into(),
            search_dir: tdb.dir.join("search"),
            trust_forwarded_for: false,
            media_max_bytes: 20 << 20,
        };
        let clock = Arc::new(FixedClock::new(NOW));
        let state = AppState::new(tdb.db.clone(), clock.clone(), config).expect("state builds");
        state.apply_changes().await.expect("change log reads");
        state.catch_up_search().await.expect("search index builds");
        let router = web::router(state.clone());
        TestApp {
            state,
            clock,
            router,
            tdb,
            kind,
        }
    }

    pub async fn request(&self, req: Request<Body>) -> Res {
        request_on(&self.router, req).await
    }

    pub async fn get(&self, path: &str) -> Res {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Res {
        let mut b = Request::get(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.request(b.body(Body::empty()).expect("request")).await
    }

    /// GET that must answer 200; the failure message names the backend.
    pub async fn page(&self, path: &str) -> Html {
        let r = self.get(path).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "[{:?}] GET {path}: {}",
            self.kind,
            r.text().chars().take(300).collect::<String>()
        );
        r.html()
    }

    /// URL of the flagship demo article (the one with twelve footnotes) in `lang`.
    pub async fn flagship(&self, lang: domain::Locale) -> String {
        let sections = self.state.db.list_sections().await.expect("sections");
        let (cards, _) = self
            .state
            .db
            .list_cards(lang, store::articles::Listing::Latest, 200, 0, NOW)
            .await
            .expect("cards");
        for c in cards {
            let a = self
                .state
                .db
                .find_article(c.id)
                .await
                .expect("find")
                .expect("exists");
            if a.body.footnotes.len() == 12 {
                return web::views::article_url(&c, &sections);
            }
        }
        panic!("the demo has a flagship article with twelve footnotes");
    }
}

/// A document of one plain paragraph.
pub fn doc(text: &str) -> domain::Document {
    domain::Document {
        version: 1,
        blocks: vec![domain::Block::Paragraph {
            content: vec![domain::Inline::Text {
                text: text.into(),
                marks: vec![],
            }],
        }],
        footnotes: vec![],
    }
}

/// Runs `body` once per backend.
#[macro_export]
macro_rules! each_backend {
    (|$app:ident| $body:block) => {
        for kind in testkit::backends() {
            let $app = $crate::support::TestApp::new(kind).await;
            $body
        }
    };
}

/// Adds `n` published Albanian articles to the section with `key`, newest first, and applies
/// the change log.
pub async fn add_articles(app: &TestApp, key: &str, n: usize) -> Vec<i64> {
    let section = app
        .state
        .db
        .list_sections()
        .await
        .expect("sections")
        .into_iter()
        .find(|s| s.key == key)
        .expect("section");
    let author = app.state.db.list_authors().await.expect("authors")[0].id;
    let drafts: Vec<domain::ArticleDraft> = (0..n)
        .map(|i| {
            let at = NOW - 3600 - i64::try_from(i).expect("small") * 60;
            let title = format!("Test article number {i}");
            let mut d = published_draft(domain::Locale::Sq, &title, "Text.", at);
            d.section_ids = vec![section.id];
            d.author_ids = vec![author];
            d
        })
        .collect();
    let ids = app
        .state
        .db
        .insert_articles(&drafts, NOW)
        .await
        .expect("insert");
    app.state.apply_changes().await.expect("changes");
    ids
}

/// A published article with one paragraph of `text`, no relations.
pub fn published_draft(
    lang: domain::Locale,
    title: &str,
    text: &str,
    published_at: i64,
) -> domain::ArticleDraft {
    domain::ArticleDraft {
        lang,
        translation_group: None,
        status: domain::ArticleStatus::Published,
        slug: domain::Slug::from_title(title),
        title: title.to_owned(),
        standfirst: "A lead.".into(),
        body: doc(text),
        author_note: String::new(),
        seo_title: String::new(),
        seo_description: String::new(),
        featured_media_id: None,
        social_media_id: None,
        scheduled_at: None,
        published_at: Some(published_at),
        updated_at: None,
        section_ids: vec![],
        tag_ids: vec![],
        region_ids: vec![],
        author_ids: vec![],
        is_top: false,
    }
}

/// The title of the article `add_hostile_article` creates: markup, an ampersand, quotes.
pub const HOSTILE_TITLE: &str = "</script><script>alert(\"x\")</script> Tom & Jerry's <b>";

/// Adds a published English OP/ED article with a hostile title, the demo's "factory" image
/// and the NATO tag, published an hour before `NOW`; returns its id and URL.
pub async fn add_hostile_article(app: &TestApp) -> (i64, String) {
    let db = &app.state.db;
    let sections = db.list_sections().await.expect("sections");
    let op_ed = sections
        .iter()
        .find(|s| s.key == "op-ed")
        .expect("op-ed section");
    let media = db
        .list_keyed_media()
        .await
        .expect("media")
        .into_iter()
        .find(|m| m.key.as_deref() == Some("factory"))
        .expect("factory image");
    let nato = db
        .list_tags()
        .await
        .expect("tags")
        .into_iter()
        .find(|t| t.key == "nato")
        .expect("nato tag");
    let author = db.list_authors().await.expect("authors")[0].id;
    let mut draft = published_draft(
        domain::Locale::En,
        HOSTILE_TITLE,
        "Body <script>alert(1)</script> & more.",
        NOW - 3600,
    );
    draft.slug = domain::Slug::parse("hostile-title").expect("slug");
    draft.standfirst = "A lead with <i>markup</i> & an ampersand.".into();
    draft.featured_media_id = Some(media.id);
    draft.section_ids = vec![op_ed.id];
    draft.tag_ids = vec![nato.id];
    draft.author_ids = vec![author];
    let id = db.insert_article(&draft, NOW).await.expect("insert");
    app.state.apply_changes().await.expect("changes");
    (id, format!("/en/{}/hostile-title", op_ed.slug.en))
}

/// A parsed XML document (the text is leaked: tests are short-lived and roxmltree borrows).
pub fn xml(res: &Res) -> roxmltree::Document<'static> {
    let text: &'static str = Box::leak(res.text().into_boxed_str());
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("well-formed XML: {e}\n{text}"))
}

/// Child elements of `node` named `name` (any namespace).
pub fn children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// Text of the first child element `name` of `node`.
pub fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    children(node, name)
        .next()
        .and_then(|c| c.text())
        .unwrap_or("")
        .to_owned()
}
