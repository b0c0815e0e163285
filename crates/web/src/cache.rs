//! The in-process page cache. Each entry remembers which articles it shows and whether it
//! shows listings or the "most read" lists; a change to one article drops only the pages
//! that show it, a change to what listings contain drops the listing pages, and new "most
//! read" lists drop the pages of that language that show them. Bounded in bytes, oldest
//! entries go first.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use bytes_compat::Bytes;
use domain::{Author, Locale};
use store::articles::Listing;
use store::changes::Change;

/// Re-exported so callers do not need another dependency.
pub mod bytes_compat {
    pub use axum::body::Bytes;
}

/// A rendered page with its compressed forms and validators.
#[derive(Debug)]
pub struct CachedPage {
    pub status: u16,
    pub content_type: &'static str,
    /// When the page goes stale by itself (UNIX seconds); 0 for never.
    pub fresh_until: i64,
    pub identity: Bytes,
    pub gzip: Bytes,
    pub brotli: Bytes,
    pub etag: String,
    pub last_modified: i64,
    pub deps: Deps,
}

/// What a page depends on.
#[derive(Debug, Clone, Default)]
pub struct Deps {
    pub lang: Option<Locale>,
    /// Articles shown on the page.
    pub articles: HashSet<i64>,
    /// Whether the page shows any listing (latest posts, section lists, menus …).
    pub listings: bool,
    /// Whether the page shows the "most read" lists, which change without a change log entry.
    pub most_read: bool,
    /// Tags and authors the page is about (their listing or feed): a change to one drops it.
    /// Sections and regions need no entry: the chrome of every page shows them.
    pub terms: HashSet<Listing>,
    /// Whether the page lists every tag and author (the sitemap of pages).
    pub all_terms: bool,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<String, Arc<CachedPage>>,
    order: VecDeque<String>,
    bytes: usize,
}

/// The cache itself.
#[derive(Debug)]
pub struct PageCache {
    enabled: bool,
    max_bytes: usize,
    inner: RwLock<Inner>,
    watermark: AtomicI64,
    /// Moves on every invalidation: a page rendered before one is not stored after it.
    generation: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl PageCache {
    pub fn new(enabled: bool, max_bytes: usize) -> PageCache {
        PageCache {
            enabled,
            max_bytes,
            inner: RwLock::new(Inner::default()),
            watermark: AtomicI64::new(-1),
            generation: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The id of the last change applied (-1 before the first read of the log).
    pub fn watermark(&self) -> i64 {
        self.watermark.load(Ordering::SeqCst).max(0)
    }

    /// Sets the starting point of the change log at start-up.
    pub fn set_watermark(&self, id: i64) {
        self.watermark.store(id, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The current generation, taken before rendering a page and handed back to `put`.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The page stored under `key`, unless it went stale by `now`.
    pub fn get(&self, key: &str, now: i64) -> Option<Arc<CachedPage>> {
        if !self.enabled {
            return None;
        }
        let found = self
            .inner
            .read()
            .ok()?
            .map
            .get(key)
            .filter(|p| p.fresh_until == 0 || now < p.fresh_until)
            .cloned();
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        } else {
            self.misses.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// Stores a page unless an invalidation happened since `rendered_at` (a `generation()`
    /// taken before rendering): the page may show what that invalidation removed.
    pub fn put(&self, key: String, page: Arc<CachedPage>, rendered_at: u64) {
        if !self.enabled || self.generation() != rendered_at {
            return;
        }
        let size = page.identity.len() + page.gzip.len() + page.brotli.len() + key.len();
        if size > self.max_bytes / 4 {
            return;
        }
        let Ok(mut inner) = self.inner.write() else {
            return;
        };
        if let Some(old) = inner.map.insert(key.clone(), page) {
            inner.bytes -= old.identity.len() + old.gzip.len() + old.brotli.len() + key.len();
        } else {
            inner.order.push_back(key);
        }
        inner.bytes += size;
        while inner.bytes > self.max_bytes {
            let Some(k) = inner.order.pop_front() else {
                break;
            };
            if let Some(old) = inner.map.remove(&k) {
                inner.bytes -= old.identity.len() + old.gzip.len() + old.brotli.len() + k.len();
            }
        }
    }

    /// Drops the pages the changes affect and advances the watermark to `last`.
    pub fn invalidate(&self, changes: &[Change], last: i64) {
        self.invalidate_with(changes, &[], last);
    }

    /// Like `invalidate`, with `linked`: the articles that carry the tags and authors
    /// among the changes (their pages show the term's name). A tag or author change drops
    /// the term's own pages, the pages that show its articles and the sitemap of pages;
    /// changes to sections, regions, menus, static pages and settings drop everything,
    /// since the chrome of every page shows them.
    pub fn invalidate_with(&self, changes: &[Change], linked: &[i64], last: i64) {
        let mut all = false;
        let mut articles: HashSet<i64> = linked.iter().copied().collect();
        let mut listing_change = false;
        let mut terms = HashSet::new();
        for c in changes {
            match (c.entity.as_str(), c.action.as_str()) {
                ("article", "content") => {
                    articles.insert(c.entity_id);
                }
                ("article", _) => {
                    articles.insert(c.entity_id);
                    listing_change = true;
                }
                ("tag", _) => {
                    terms.insert(Listing::Tag(c.entity_id));
                }
                ("author", _) => {
                    terms.insert(Listing::Author(c.entity_id));
                }
                _ => all = true,
            }
        }
        self.generation.fetch_add(1, Ordering::SeqCst);
        if all {
            if let Ok(mut inner) = self.inner.write() {
                inner.map.clear();
                inner.order.clear();
                inner.bytes = 0;
            }
        } else {
            self.drop_where(|d| {
                (listing_change && d.listings)
                    || d.articles.iter().any(|a| articles.contains(a))
                    || (!terms.is_empty() && d.all_terms)
                    || d.terms.iter().any(|t| terms.contains(t))
            });
        }
        self.watermark.store(last, Ordering::SeqCst);
    }

    /// Drops the pages in `lang` that show the "most read" lists, after those lists changed.
    pub fn invalidate_most_read(&self, lang: Locale) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.drop_where(|d| d.most_read && d.lang == Some(lang));
    }

    fn drop_where(&self, doomed: impl Fn(&Deps) -> bool) {
        let Ok(mut inner) = self.inner.write() else {
            return;
        };
        let keys: Vec<String> = inner
            .map
            .iter()
            .filter(|(_, p)| doomed(&p.deps))
            .map(|(k, _)| k.clone())
            .collect();
        for k in keys {
            if let Some(old) = inner.map.remove(&k) {
                inner.bytes -= old.identity.len() + old.gzip.len() + old.brotli.len() + k.len();
            }
        }
        let Inner { map, order, .. } = &mut *inner;
        order.retain(|k| map.contains_key(k));
    }

    /// Number of cached pages.
    pub fn len(&self) -> usize {
        self.inner.read().map(|i| i.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, key: &str) -> bool {
        self.inner
            .read()
            .map(|i| i.map.contains_key(key))
            .unwrap_or(false)
    }

    /// `(hits, misses)` since start.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}

/// Listing sizes by language and listing. Counting a long listing reads a whole index range,
/// so the number is kept until anything changes (cleared with the change log) and for at
/// most `COUNT_TTL` seconds, which bounds how late a future-dated article is counted.
#[derive(Debug, Default)]
pub struct CountCache {
    map: RwLock<HashMap<(Locale, store::articles::Listing), (i64, i64)>>,
}

/// Longest time a listing size is reused, in seconds.
pub const COUNT_TTL: i64 = 60;

impl CountCache {
    /// A fresh size, if one is known.
    pub fn get(&self, lang: Locale, listing: store::articles::Listing, now: i64) -> Option<i64> {
        let map = self.map.read().ok()?;
        map.get(&(lang, listing))
            .filter(|(_, at)| now - at < COUNT_TTL && *at <= now)
            .map(|(n, _)| *n)
    }

    pub fn put(&self, lang: Locale, listing: store::articles::Listing, count: i64, now: i64) {
        if let Ok(mut map) = self.map.write() {
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert((lang, listing), (count, now));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut map) = self.map.write() {
            map.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use store::articles::Listing;

    fn page(lang: Locale, most_read: bool) -> Arc<CachedPage> {
        Arc::new(CachedPage {
            status: 200,
            content_type: "text/html",
            fresh_until: 0,
            identity: Bytes::from_static(b"<p>page</p>"),
            gzip: Bytes::new(),
            brotli: Bytes::new(),
            etag: "\"x\"".into(),
            last_modified: 0,
            deps: Deps {
                lang: Some(lang),
                most_read,
                ..Deps::default()
            },
        })
    }

    #[test]
    fn most_read_lists_drop_only_the_pages_of_their_language_that_show_them() {
        let c = PageCache::new(true, 1 << 20);
        let g = c.generation();
        c.put("/sq/".into(), page(Locale::Sq, true), g);
        c.put("/en/".into(), page(Locale::En, true), g);
        c.put("/sq/op-ed/".into(), page(Locale::Sq, false), g);
        c.invalidate_most_read(Locale::Sq);
        assert!(!c.contains("/sq/"));
        assert!(c.contains("/en/") && c.contains("/sq/op-ed/"));
    }

    #[test]
    fn a_page_rendered_before_an_invalidation_is_not_stored() {
        let c = PageCache::new(true, 1 << 20);
        let before = c.generation();
        c.invalidate_most_read(Locale::En);
        c.put("/en/".into(), page(Locale::En, true), before);
        assert!(!c.contains("/en/"), "rendered from lists since replaced");
        c.invalidate(&[], 0);
        c.put("/en/".into(), page(Locale::En, true), c.generation());
        assert!(c.contains("/en/"));
    }

    #[test]
    fn listing_sizes_expire_and_clear() {
        let c = CountCache::default();
        c.put(Locale::Sq, Listing::Section(1), 42, 1000);
        assert_eq!(
            c.get(Locale::Sq, Listing::Section(1), 1000 + COUNT_TTL - 1),
            Some(42)
        );
        assert_eq!(c.get(Locale::En, Listing::Section(1), 1000), None);
        assert_eq!(c.get(Locale::Sq, Listing::Tag(1), 1000), None);
        assert_eq!(
            c.get(Locale::Sq, Listing::Section(1), 1000 + COUNT_TTL),
            None,
            "expired"
        );
        assert_eq!(
            c.get(Locale::Sq, Listing::Section(1), 999),
            None,
            "clock went back"
        );
        c.clear();
        assert_eq!(c.get(Locale::Sq, Listing::Section(1), 1000), None);
    }
}

/// Every author (a magazine has tens), read once and kept until the change log moves: bylines
/// on cards and the search page's author filter come from here, so a page reads only which
/// authors sign which articles.
#[derive(Debug, Default)]
pub struct AuthorCache {
    slot: RwLock<Option<Arc<Authors>>>,
    /// Moves on every `clear`: a list read before a clear is not kept after it.
    generation: AtomicU64,
}

/// The authors, by name, and where each id stands.
#[derive(Debug)]
pub struct Authors {
    pub list: Vec<Author>,
    by_id: HashMap<i64, usize>,
}

impl Authors {
    fn new(list: Vec<Author>) -> Authors {
        let by_id = list.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        Authors { list, by_id }
    }

    pub fn get(&self, id: i64) -> Option<&Author> {
        self.by_id.get(&id).map(|&i| &self.list[i])
    }
}

impl AuthorCache {
    /// The authors as last read; `fresh` reads them again (an id the list does not know was
    /// added since).
    pub async fn get(&self, db: &store::Db, fresh: bool) -> Result<Arc<Authors>, store::Error> {
        if !fresh && let Some(a) = self.slot.read().ok().and_then(|s| s.clone()) {
            return Ok(a);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let authors = Arc::new(Authors::new(db.list_authors().await?));
        if let Ok(mut s) = self.slot.write()
            && self.generation.load(Ordering::SeqCst) == generation
        {
            *s = Some(authors.clone());
        }
        Ok(authors)
    }

    pub fn clear(&self) {
        if let Ok(mut s) = self.slot.write() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            *s = None;
        }
    }
}
