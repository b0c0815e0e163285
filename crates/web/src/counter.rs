//! Counting article views without storing anything about readers: which articles a view
//! may count for (remembered per article until the change log says it changed) and the
//! counts waiting in memory, written to the database in one batch every few seconds.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use domain::Locale;

use crate::AppState;

/// Most distinct `(article, day)` counts held between two writes. Only published articles
/// are counted, so this is reached only when far more articles are read within one flush
/// interval than a magazine has; past it, views of further articles are dropped (and the
/// number dropped is logged) rather than letting a flood grow memory.
pub const MAX_PENDING: usize = 100_000;

/// Most articles remembered as countable or not before the memory is cleared.
pub const MAX_KNOWN: usize = 100_000;

/// `(language, published_at)` of a published article; `None` for an id that is not one.
type Publication = Option<(Locale, i64)>;

/// View counts waiting to be written, and what is known about which articles count.
#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<(i64, i64), u32>>,
    dropped: AtomicU64,
    known: RwLock<HashMap<i64, Publication>>,
    /// Moves whenever articles are forgotten, so a lookup that raced a change is not kept.
    generation: AtomicU64,
}

impl ViewCounter {
    /// Counts one view of `article_id` on `day`. False when the buffer is full and the view
    /// was dropped.
    pub fn record(&self, article_id: i64, day: i64) -> bool {
        let Ok(mut pending) = self.pending.lock() else {
            return false;
        };
        let full = pending.len() >= MAX_PENDING;
        match pending.get_mut(&(article_id, day)) {
            Some(n) => *n = n.saturating_add(1),
            None if full => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                return false;
            }
            None => {
                pending.insert((article_id, day), 1);
            }
        }
        true
    }

    /// Takes every waiting count as `(article_id, day, views)`.
    pub fn take(&self) -> Vec<(i64, i64, i64)> {
        let Ok(mut pending) = self.pending.lock() else {
            return Vec::new();
        };
        std::mem::take(&mut *pending)
            .into_iter()
            .map(|((id, day), n)| (id, day, i64::from(n)))
            .collect()
    }

    /// Puts back counts that could not be written, to try again with the next batch.
    pub fn restore(&self, counts: &[(i64, i64, i64)]) {
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        for &(id, day, views) in counts {
            let views = u32::try_from(views).unwrap_or(u32::MAX);
            let full = pending.len() >= MAX_PENDING;
            match pending.get_mut(&(id, day)) {
                Some(n) => *n = n.saturating_add(views),
                None if full => {
                    self.dropped.fetch_add(u64::from(views), Ordering::Relaxed);
                }
                None => {
                    pending.insert((id, day), views);
                }
            }
        }
    }

    /// Number of `(article, day)` counts waiting.
    pub fn pending(&self) -> usize {
        self.pending.lock().map(|p| p.len()).unwrap_or(0)
    }

    /// Views dropped since the last call, because the buffer was full.
    pub fn take_dropped(&self) -> u64 {
        self.dropped.swap(0, Ordering::Relaxed)
    }

    fn known(&self, id: i64) -> Option<Publication> {
        self.known.read().ok()?.get(&id).copied()
    }

    fn remember(&self, id: i64, publication: Publication, generation: u64) {
        let Ok(mut known) = self.known.write() else {
            return;
        };
        // Checked under the lock `forget` takes too, so a change cannot slip in between.
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if known.len() >= MAX_KNOWN {
            known.clear();
        }
        known.insert(id, publication);
    }

    /// Forgets what is known about these articles (they changed).
    pub fn forget(&self, ids: impl IntoIterator<Item = i64>) {
        let mut ids = ids.into_iter().peekable();
        if ids.peek().is_none() {
            return;
        }
        if let Ok(mut known) = self.known.write() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            for id in ids {
                known.remove(&id);
            }
        }
    }
}

impl AppState {
    /// The language of the article `id` if a view of it counts now: it is published and its
    /// time has come. Asks the database once per article until the article changes.
    pub async fn countable(&self, id: i64) -> Result<Option<Locale>, store::Error> {
        let publication = match self.views.known(id) {
            Some(p) => p,
            None => {
                let generation = self.views.generation.load(Ordering::SeqCst);
                let p = self.db.find_publication(id).await?;
                self.views.remember(id, p, generation);
                p
            }
        };
        let now = self.clock.now();
        Ok(publication.and_then(|(lang, at)| (at <= now).then_some(lang)))
    }

    /// Writes the waiting view counts in one batch; on failure they wait for the next one.
    /// Returns the number of rows written.
    pub async fn flush_views(&self) -> Result<u64, store::Error> {
        let dropped = self.views.take_dropped();
        if dropped > 0 {
            tracing::warn!(dropped, "view counts dropped: the buffer was full");
        }
        let counts = self.views.take();
        if counts.is_empty() {
            return Ok(0);
        }
        match self.db.add_views(&counts).await {
            Ok(n) => Ok(n),
            Err(e) => {
                self.views.restore(&counts);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_are_taken_once() {
        let c = ViewCounter::default();
        assert!(c.record(1, 10));
        assert!(c.record(1, 10));
        assert!(c.record(2, 10));
        assert!(c.record(1, 11));
        let mut got = c.take();
        got.sort_unstable();
        assert_eq!(got, [(1, 10, 2), (1, 11, 1), (2, 10, 1)]);
        assert!(c.take().is_empty());
        c.restore(&got);
        assert_eq!(c.pending(), 3);
    }

    #[test]
    fn a_full_buffer_drops_new_keys_but_still_counts_known_ones() {
        let c = ViewCounter::default();
        for id in 0..i64::try_from(MAX_PENDING).expect("small") {
            assert!(c.record(id, 1));
        }
        assert!(!c.record(-1, 1), "a new key is dropped");
        assert!(c.record(0, 1), "a key already there still counts");
        assert_eq!(c.pending(), MAX_PENDING);
        assert_eq!(c.take_dropped(), 1);
        assert_eq!(c.take_dropped(), 0);
        c.restore(&[(-2, 1, 5)]);
        assert_eq!(
            c.take_dropped(),
            5,
            "restoring into a full buffer drops too"
        );
    }

    #[test]
    fn a_lookup_that_raced_a_change_is_not_remembered() {
        let c = ViewCounter::default();
        let before = c.generation.load(Ordering::SeqCst);
        c.forget([7]);
        c.remember(7, Some((Locale::Sq, 0)), before);
        assert_eq!(c.known(7), None);
        c.remember(7, None, c.generation.load(Ordering::SeqCst));
        assert_eq!(c.known(7), Some(None));
    }
}
