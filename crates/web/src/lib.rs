//! The HTTP face of Revista: state, router, middleware, errors and handlers, split by
//! audience (`public/` for readers; `admin/`, `account/` and `api/` arrive with their issues).

pub mod admin;
pub mod cache;
pub mod chrome;
pub mod counter;
pub mod error;
pub mod jobs;
pub mod most_read;
pub mod public;
pub mod respond;
pub mod seo;
pub mod views;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use domain::Locale;
use render::{Assets, Templates};
use store::Db;

pub use error::AppError;

/// Where "now" comes from, so tests can freeze time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Seconds since the UNIX epoch.
    fn now(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that only moves when told to.
#[derive(Debug, Default)]
pub struct FixedClock(pub AtomicI64);

impl FixedClock {
    pub fn new(ts: i64) -> FixedClock {
        FixedClock(AtomicI64::new(ts))
    }
    pub fn set(&self, ts: i64) {
        self.0.store(ts, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Keep rendered pages in memory until their content changes.
    pub page_cache: bool,
    /// Upper bound of the page cache, in bytes.
    pub page_cache_bytes: usize,
    /// Directory that holds media files (`/media/...`).
    pub media_dir: std::path::PathBuf,
    /// Absolute base URL used in canonical links and share links, without a trailing slash.
    pub base_url: String,
    /// Directory of the full-text search index (rebuilt when missing or damaged).
    pub search_dir: std::path::PathBuf,
    /// Take the client's address from the last `X-Forwarded-For` hop (behind a trusted
    /// reverse proxy); otherwise the connection's peer address is used.
    pub trust_forwarded_for: bool,
    /// Largest media upload accepted, in bytes (the body limit of the upload route).
    pub media_max_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            page_cache: true,
            page_cache_bytes: 48 * 1024 * 1024,
            media_dir: "data/media".into(),
            base_url: "http://127.0.0.1:8080".into(),
            search_dir: "data/search".into(),
            trust_forwarded_for: false,
            media_max_bytes: 20 * 1024 * 1024,
        }
    }
}

/// Everything a handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub templates: Templates,
    pub assets: Arc<Assets>,
    pub cache: Arc<cache::PageCache>,
    pub chrome: Arc<chrome::ChromeCache>,
    /// Sizes of listings (for pagination), kept until the change log moves or a minute passes.
    pub counts: Arc<cache::CountCache>,
    /// Every author, kept until the change log moves.
    pub authors: Arc<cache::AuthorCache>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<WebConfig>,
    /// The full-text index, kept current from the change log.
    pub search: Arc<search::SearchIndex>,
    /// Article views waiting to be written, and which articles count.
    pub views: Arc<counter::ViewCounter>,
    /// "Most read" rankings and the lists built from them.
    pub most_read: Arc<most_read::MostReadCache>,
    /// Image processing in progress at once (each may hold a decoded photo in memory).
    pub media_jobs: Arc<tokio::sync::Semaphore>,
}

/// Why the application state could not be built.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error("cannot open the search index: {0}")]
    Search(#[from] search::Error),
}

impl AppState {
    /// Builds the state: loads assets and templates, opens the search index (an index that
    /// must be built is built by the first catch-up).
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: WebConfig) -> Result<AppState, StartError> {
        let assets = Arc::new(Assets::load());
        let templates = Templates::new(assets.clone())?;
        let (search, opened) = search::SearchIndex::open(&config.search_dir)?;
        if let search::Opened::Rebuild(reason) = opened {
            tracing::info!(%reason, dir = %config.search_dir.display(), "the search index will be built from the database");
        }
        Ok(AppState {
            db,
            templates,
            assets,
            cache: Arc::new(cache::PageCache::new(
                config.page_cache,
                config.page_cache_bytes,
            )),
            chrome: Arc::new(chrome::ChromeCache::default()),
            counts: Arc::new(cache::CountCache::default()),
            authors: Arc::new(cache::AuthorCache::default()),
            clock,
            config: Arc::new(config),
            search,
            views: Arc::new(counter::ViewCounter::default()),
            most_read: Arc::new(most_read::MostReadCache::default()),
            media_jobs: Arc::new(tokio::sync::Semaphore::new(2)),
        })
    }

    /// Reads the change log since the last call and drops exactly the cached pages and site
    /// chrome those changes affect. Called after local writes and periodically, so every
    /// node sees every other node's writes.
    pub async fn apply_changes(&self) -> Result<usize, store::Error> {
        let mut applied = 0;
        loop {
            let since = self.cache.watermark();
            let changes = self.db.list_changes_since(since, 500).await?;
            if changes.is_empty() {
                return Ok(applied);
            }
            applied += changes.len();
            let last = changes.last().map_or(since, |c| c.id);
            self.views.forget(
                changes
                    .iter()
                    .filter(|c| c.entity == "article")
                    .map(|c| c.entity_id),
            );
            // Pages that show a changed tag's or author's articles show its name.
            let mut linked = Vec::new();
            for c in &changes {
                let term = match c.entity.as_str() {
                    "tag" => store::search::Linked::Tag(c.entity_id),
                    "author" => store::search::Linked::Author(c.entity_id),
                    _ => continue,
                };
                linked.extend(self.db.list_linked_article_ids(term).await?);
            }
            self.chrome.clear();
            self.counts.clear();
            self.authors.clear();
            self.most_read.clear();
            self.cache.invalidate_with(&changes, &linked, last);
        }
    }

    /// Brings the search index up to date with the change log (builds it when new).
    pub async fn catch_up_search(&self) -> Result<u64, search::Error> {
        self.search.catch_up(&self.db).await
    }

    /// Starts the background tasks that tail the change log: the page cache once a second,
    /// the search index four times a second (an edit is searchable within a second).
    pub fn spawn_change_follower(&self) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let pages = async {
                let mut tick = tokio::time::interval(Duration::from_secs(1));
                loop {
                    tick.tick().await;
                    if let Err(e) = state.apply_changes().await {
                        tracing::warn!(error = %e, "could not read the change log");
                    }
                }
            };
            let search = async {
                let mut tick = tokio::time::interval(Duration::from_millis(250));
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tick.tick().await;
                    if let Err(e) = state.catch_up_search().await {
                        tracing::warn!(error = %e, "could not update the search index");
                    }
                }
            };
            tokio::join!(pages, search);
        })
    }
}

/// How often counted views are written to the database.
pub const VIEW_FLUSH_EVERY: Duration = Duration::from_secs(10);

/// How often the "most read" rankings are looked at (each window has its own pace).
pub const MOST_READ_TICK: Duration = Duration::from_secs(60);

/// How often the job queue is polled for due jobs (scheduled articles appear within this
/// long of their time).
pub const JOB_TICK: Duration = Duration::from_secs(5);

/// The background task that writes view counts, recomputes "most read" rankings and runs
/// due jobs of the queue.
#[derive(Debug)]
pub struct BackgroundTasks {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl BackgroundTasks {
    /// Stops the task after a last write of the waiting counts, and waits for it. A write in
    /// progress is finished, not cut short.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "the view counter stopped abnormally");
        }
    }
}

impl AppState {
    /// Starts writing view counts every `VIEW_FLUSH_EVERY`, recomputing due "most read"
    /// rankings every `MOST_READ_TICK` and running due jobs every `JOB_TICK` (the first of
    /// each right away, so jobs missed while the server was down run at start).
    pub fn spawn_background_tasks(&self) -> BackgroundTasks {
        let state = self.clone();
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(async move {
            let mut flush = tokio::time::interval(VIEW_FLUSH_EVERY);
            flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut rank = tokio::time::interval(MOST_READ_TICK);
            rank.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut jobs = tokio::time::interval(JOB_TICK);
            jobs.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = flush.tick() => {
                        if let Err(e) = state.flush_views().await {
                            tracing::warn!(error = %e, "could not write view counts; they wait for the next batch");
                        }
                    }
                    _ = rank.tick() => {
                        if let Err(e) = state.refresh_due_most_read().await {
                            tracing::warn!(error = %e, "could not compute the most read articles");
                        }
                    }
                    _ = jobs.tick() => {
                        if let Err(e) = state.run_due_jobs().await {
                            tracing::warn!(error = %e, "could not run the job queue");
                        }
                    }
                    _ = stopped.changed() => break,
                }
            }
            if let Err(e) = state.flush_views().await {
                tracing::warn!(error = %e, "could not write the last view counts");
            }
        });
        BackgroundTasks { stop, task }
    }
}

/// The Content-Security-Policy of every response: no inline script or style, nothing from
/// third parties.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";

async fn security_headers(
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
        ),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    public::router()
        .merge(admin::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            error::error_pages,
        ))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// The locale a path belongs to (`/en/...`), used by error pages.
pub fn locale_of_path(path: &str) -> Option<Locale> {
    let first = path.trim_start_matches('/').split('/').next()?;
    Locale::parse(first)
}
