//! "Most read" today, this week and this month. Rankings are computed in the background from
//! the daily view counts, each window at its own pace; the short lists pages show are built
//! from the rankings once per change of content, like the site chrome, so no page runs a
//! query for them. When a ranking changes what pages show, exactly the cached pages of that
//! language that show the lists are dropped.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use domain::{ArticleCard, Locale};
use render::i18n::local_day;
use serde::Serialize;

use crate::chrome::Chrome;
use crate::views::{CardView, Urls, card_view_plain};
use crate::{AppError, AppState};

/// A span of days ending today (in the site's time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    Today,
    Week,
    Month,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Today, Window::Week, Window::Month];

    /// Days in the window, today included.
    pub fn days(self) -> i64 {
        match self {
            Window::Today => 1,
            Window::Week => 7,
            Window::Month => 30,
        }
    }

    /// The name used in templates, ids and UI string keys (`most-read-today` …).
    pub fn key(self) -> &'static str {
        match self {
            Window::Today => "today",
            Window::Week => "week",
            Window::Month => "month",
        }
    }

    /// How often the window's ranking is recomputed, in seconds. Summing a month of counts
    /// costs thirty times a day's, and a month's ranking moves slowly; every ranking is
    /// recomputed as soon as the day changes too.
    pub fn refresh_every(self) -> i64 {
        match self {
            Window::Today => 60,
            Window::Week => 5 * 60,
            Window::Month => 15 * 60,
        }
    }
}

/// Articles shown per window.
pub const SHOWN: usize = 5;

/// Articles ranked per window: a few more than are shown, so that an article unpublished
/// between two rankings leaves no gap.
const RANKED: i64 = 8;

/// Seconds a ranking may be short of its age and still be recomputed: the background task
/// wakes once a minute, and a ranking a second too young would otherwise wait a minute more.
const EARLY: i64 = 5;

#[derive(Debug, Clone)]
struct Ranking {
    ids: Vec<i64>,
    computed_at: i64,
}

/// One window's list, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct WindowList {
    pub key: &'static str,
    pub cards: Vec<CardView>,
}

/// The lists a page shows: the windows that have any article, in order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MostReadLists {
    pub windows: Vec<WindowList>,
    /// Every article shown, for the page's dependencies.
    #[serde(skip)]
    pub ids: Vec<i64>,
    /// When a ranking last changed what the lists show (UNIX seconds; 0 for never): pages
    /// showing them were modified then too (`Last-Modified`).
    #[serde(skip)]
    pub changed_at: i64,
}

/// Rankings per language and window, and the lists built from them.
#[derive(Debug, Default)]
pub struct MostReadCache {
    rankings: RwLock<HashMap<(Locale, Window), Ranking>>,
    /// When a ranking last changed what is shown, per language.
    changed_at: RwLock<HashMap<Locale, i64>>,
    lists: RwLock<HashMap<Locale, Arc<MostReadLists>>>,
    /// Moves whenever lists are dropped, so lists built from older data are not kept.
    generation: AtomicU64,
}

impl MostReadCache {
    /// Drops the built lists of every language (content changed).
    pub fn clear(&self) {
        if let Ok(mut l) = self.lists.write() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            l.clear();
        }
    }

    /// Drops the built lists of `lang`: a ranking changed what they show at `now`.
    fn drop_lists(&self, lang: Locale, now: i64) {
        if let Ok(mut c) = self.changed_at.write() {
            c.insert(lang, now);
        }
        if let Ok(mut l) = self.lists.write() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            l.remove(&lang);
        }
    }

    fn changed_at(&self, lang: Locale) -> i64 {
        self.changed_at
            .read()
            .ok()
            .and_then(|c| c.get(&lang).copied())
            .unwrap_or(0)
    }

    fn lists(&self, lang: Locale) -> Option<Arc<MostReadLists>> {
        self.lists.read().ok()?.get(&lang).cloned()
    }

    fn put_lists(&self, lang: Locale, lists: Arc<MostReadLists>, generation: u64) {
        if let Ok(mut l) = self.lists.write()
            && self.generation.load(Ordering::SeqCst) == generation
        {
            l.insert(lang, lists);
        }
    }

    fn ranked_ids(&self, lang: Locale) -> Vec<(Window, Vec<i64>)> {
        let Ok(r) = self.rankings.read() else {
            return Vec::new();
        };
        Window::ALL
            .iter()
            .map(|w| {
                (
                    *w,
                    r.get(&(lang, *w))
                        .map(|x| x.ids.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Whether the ranking of `window` in `lang` is due at `now`.
    fn due(&self, lang: Locale, window: Window, now: i64) -> bool {
        let Ok(r) = self.rankings.read() else {
            return true;
        };
        r.get(&(lang, window)).is_none_or(|x| {
            now - x.computed_at + EARLY >= window.refresh_every()
                || now < x.computed_at
                || local_day(now) != local_day(x.computed_at)
        })
    }

    /// Stores a ranking; true when what pages show changed (its first `SHOWN` articles).
    fn set_ranking(&self, lang: Locale, window: Window, ids: Vec<i64>, now: i64) -> bool {
        let Ok(mut r) = self.rankings.write() else {
            return false;
        };
        let shown = |ids: &[i64]| ids.iter().take(SHOWN).copied().collect::<Vec<_>>();
        let changed = r
            .get(&(lang, window))
            .map_or(!ids.is_empty(), |old| shown(&old.ids) != shown(&ids));
        r.insert(
            (lang, window),
            Ranking {
                ids,
                computed_at: now,
            },
        );
        changed
    }
}

impl AppState {
    /// Recomputes every ranking now; true when any list pages show changed.
    pub async fn refresh_most_read(&self) -> Result<bool, store::Error> {
        self.refresh_rankings(true).await
    }

    /// Recomputes the rankings that are due (see `Window::refresh_every`).
    pub async fn refresh_due_most_read(&self) -> Result<bool, store::Error> {
        self.refresh_rankings(false).await
    }

    async fn refresh_rankings(&self, all: bool) -> Result<bool, store::Error> {
        let now = self.clock.now();
        let today = local_day(now);
        let mut any = false;
        for lang in Locale::ALL {
            let mut changed = false;
            for w in Window::ALL {
                if !all && !self.most_read.due(lang, w, now) {
                    continue;
                }
                let ranked = self
                    .db
                    .list_most_read(lang, today - w.days() + 1, today, RANKED, now)
                    .await?;
                let ids = ranked.iter().map(|m| m.card.id).collect();
                changed |= self.most_read.set_ranking(lang, w, ids, now);
            }
            if changed {
                // Lists first, then pages: a page rendered from the old lists is refused by
                // the page cache once the pages are dropped.
                self.most_read.drop_lists(lang, now);
                self.cache.invalidate_most_read(lang);
                any = true;
            }
        }
        Ok(any)
    }
}

/// The lists for the chrome's language: from memory, or built from the rankings with one
/// query for the cards (the articles' current titles, published ones only).
pub async fn most_read(state: &AppState, chrome: &Chrome) -> Result<Arc<MostReadLists>, AppError> {
    let lang = chrome.lang;
    if let Some(l) = state.most_read.lists(lang) {
        return Ok(l);
    }
    let generation = state.most_read.generation.load(Ordering::SeqCst);
    let changed_at = state.most_read.changed_at(lang);
    let ranked = state.most_read.ranked_ids(lang);
    let mut ids: Vec<i64> = ranked
        .iter()
        .flat_map(|(_, ids)| ids.iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let cards = if ids.is_empty() {
        Vec::new()
    } else {
        state
            .db
            .list_published_cards(&ids, state.clock.now())
            .await?
    };
    let by_id: HashMap<i64, &ArticleCard> = cards.iter().map(|c| (c.id, c)).collect();
    let urls = Urls::new(lang);
    let mut shown = Vec::new();
    let windows: Vec<WindowList> = ranked
        .iter()
        .map(|(w, ids)| WindowList {
            key: w.key(),
            cards: ids
                .iter()
                .filter_map(|id| by_id.get(id))
                .take(SHOWN)
                .map(|c| card_view_plain(c, &chrome.sections, &urls))
                .collect(),
        })
        .filter(|w| !w.cards.is_empty())
        .collect();
    for w in &windows {
        shown.extend(w.cards.iter().map(|c| c.id));
    }
    let lists = Arc::new(MostReadLists {
        windows,
        ids: shown,
        changed_at,
    });
    state.most_read.put_lists(lang, lists.clone(), generation);
    Ok(lists)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_change_in_what_is_shown_counts() {
        let c = MostReadCache::default();
        assert!(!c.set_ranking(Locale::Sq, Window::Today, vec![], 0));
        assert!(c.set_ranking(Locale::Sq, Window::Today, vec![1, 2, 3, 4, 5, 6], 0));
        assert!(
            !c.set_ranking(Locale::Sq, Window::Today, vec![1, 2, 3, 4, 5, 7, 8], 10),
            "below the shown five"
        );
        assert!(c.set_ranking(Locale::Sq, Window::Today, vec![2, 1, 3, 4, 5], 20));
        assert!(c.set_ranking(Locale::En, Window::Today, vec![9], 20));
    }

    #[test]
    fn each_window_is_due_at_its_own_pace_and_all_at_midnight() {
        let c = MostReadCache::default();
        // 2026-11-28T09:20:00Z.
        let t = 1_795_857_600;
        assert!(c.due(Locale::En, Window::Month, t));
        for w in Window::ALL {
            c.set_ranking(Locale::En, w, vec![1], t);
        }
        assert!(!c.due(Locale::En, Window::Today, t + 50));
        assert!(
            c.due(Locale::En, Window::Today, t + 59),
            "a little early is fine"
        );
        assert!(c.due(Locale::En, Window::Today, t + 60));
        assert!(!c.due(Locale::En, Window::Week, t + 60));
        assert!(c.due(Locale::En, Window::Week, t + 300));
        assert!(!c.due(Locale::En, Window::Month, t + 600));
        assert!(c.due(Locale::En, Window::Month, t + 900));
        assert!(
            c.due(Locale::En, Window::Today, t - 1),
            "the clock went back"
        );
        // Midnight in Tirana (the default zone), UTC+1 in November.
        let midnight = (local_day(t) + 1) * store::views::DAY - 3600;
        assert_eq!(local_day(midnight - 1) + 1, local_day(midnight));
        for w in [Window::Week, Window::Month] {
            c.set_ranking(Locale::En, w, vec![1], midnight - 1);
            assert!(c.due(Locale::En, w, midnight));
        }
    }
}
