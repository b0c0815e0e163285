//! The site chrome shared by every page of a language: settings, section menu with the latest
//! posts of each section, regions, footer menu, page links and the latest posts. Built once per
//! language and kept until the change log says something changed.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use domain::{ArticleCard, Locale, MenuItem, Region, Section, SiteSettings};
use render::gzip::Piece;
use render::templates::Prepared;
use serde::Serialize;

use crate::AppState;
use crate::views::{self, CardView, Link, Urls};

/// One section in the header menu with its latest posts.
#[derive(Debug, Clone, Serialize)]
pub struct NavSection {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub url: String,
    pub latest: Vec<CardView>,
}

/// Everything around the content of a page, for one language. The section menu and the
/// footer are rendered to HTML once, when the chrome is built, instead of on every page.
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    pub lang: Locale,
    pub site: SiteSettings,
    #[serde(skip)]
    pub nav: Vec<NavSection>,
    pub regions: Vec<Link>,
    #[serde(skip)]
    pub footer_menu: Vec<MenuItem>,
    pub latest: Vec<CardView>,
    /// The section menu, with `aria-current` on Home (for the home page) and without.
    pub nav_home_html: String,
    pub nav_html: String,
    pub footer_html: String,
    pub footer_menu_html: String,
    /// The two menus, compressed once for the gzip of every page (see `render::gzip`).
    #[serde(skip)]
    pub pieces: ChromePieces,
    /// `key -> (url in this language, title)` of static pages.
    pub pages: HashMap<String, Link>,
    /// `key -> url in the other language`, for the language switch on static pages.
    #[serde(skip)]
    pub page_translations: HashMap<String, String>,
    #[serde(skip)]
    pub sections: Vec<Section>,
    #[serde(skip)]
    pub region_list: Vec<Region>,
    /// Ids of the articles the chrome shows.
    #[serde(skip)]
    pub article_ids: Vec<i64>,
    /// Newest update time of anything the chrome shows.
    #[serde(skip)]
    pub updated_at: i64,
    /// All of the above that templates see, converted for them once.
    #[serde(skip)]
    pub for_templates: Prepared,
}

/// The section menus, compressed. Only they: splicing a piece in costs a fresh start of the
/// compressor after it (clearing its tables, about 6 µs), which the footer's 2.6 kB would
/// not repay.
#[derive(Debug, Clone, Default)]
pub struct ChromePieces {
    nav_home: Piece,
    nav: Piece,
}

impl Chrome {
    /// The compressed pieces a page shows, in page order: the menu of the home page
    /// (`home`) or of the others.
    pub fn pieces(&self, home: bool) -> [&Piece; 1] {
        [if home {
            &self.pieces.nav_home
        } else {
            &self.pieces.nav
        }]
    }

    /// Converts the finished chrome for templates (nothing changes a chrome once built).
    fn prepared(mut self) -> Chrome {
        self.for_templates = Prepared::new(&self);
        self
    }

    pub fn section(&self, id: i64) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn section_by_slug(&self, slug: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.slug.get(self.lang) == slug)
    }

    pub fn region_by_slug(&self, slug: &str) -> Option<&Region> {
        self.region_list
            .iter()
            .find(|r| r.slug.get(self.lang) == slug)
    }
}

/// Per-language chrome, rebuilt lazily after changes.
#[derive(Debug, Default)]
pub struct ChromeCache {
    slots: RwLock<HashMap<Locale, Arc<Chrome>>>,
}

impl ChromeCache {
    pub fn clear(&self) {
        if let Ok(mut s) = self.slots.write() {
            s.clear();
        }
    }

    fn get(&self, lang: Locale) -> Option<Arc<Chrome>> {
        self.slots.read().ok()?.get(&lang).cloned()
    }

    fn put(&self, lang: Locale, c: Arc<Chrome>) {
        if let Ok(mut s) = self.slots.write() {
            s.insert(lang, c);
        }
    }
}

/// The chrome for `lang`, from memory or freshly built.
pub async fn chrome(state: &AppState, lang: Locale) -> Result<Arc<Chrome>, crate::AppError> {
    if let Some(c) = state.chrome.get(lang) {
        return Ok(c);
    }
    let c = Arc::new(build(state, lang).await?);
    state.chrome.put(lang, c.clone());
    Ok(c)
}

const MENU_POSTS: i64 = 4;
const LATEST_POSTS: i64 = 5;

/// What the chrome's partial templates see.
#[derive(Serialize)]
struct PartialCtx<'a> {
    lang: Locale,
    is_home: bool,
    nav: &'a [NavSection],
    site: &'a SiteSettings,
    latest: &'a [CardView],
    footer_menu: &'a [MenuItem],
}

async fn build(state: &AppState, lang: Locale) -> Result<Chrome, crate::AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let site = db.site_settings().await?;
    let sections = db.list_sections().await?;
    let regions = db.list_regions().await?;
    let menu_ids: Vec<i64> = sections
        .iter()
        .filter(|s| s.in_menu)
        .map(|s| s.id)
        .collect();
    let per_section = db
        .list_latest_per_section(lang, &menu_ids, MENU_POSTS, now)
        .await?;
    let latest = db.list_latest(lang, LATEST_POSTS, now).await?;
    let menus = db.list_menu_items().await?;
    let page_links = db.list_page_links().await?;

    let urls = Urls::new(lang);
    let mut all_cards: Vec<&ArticleCard> = per_section.iter().map(|(_, c)| c).collect();
    all_cards.extend(latest.iter());
    let updated_at = all_cards.iter().map(|c| c.updated_at).max().unwrap_or(0);
    let article_ids: Vec<i64> = all_cards.iter().map(|c| c.id).collect();
    // Chrome cards show no images or bylines, so no further queries are needed.
    let simple = |c: &ArticleCard| views::card_view_plain(c, &sections, &urls);

    let nav: Vec<NavSection> = sections
        .iter()
        .filter(|s| s.in_menu)
        .map(|s| NavSection {
            id: s.id,
            key: s.key.clone(),
            name: s.name.get(lang).to_owned(),
            url: urls.section(s),
            latest: per_section
                .iter()
                .filter(|(g, _)| *g == s.id)
                .map(|(_, c)| simple(c))
                .collect(),
        })
        .collect();
    let mut pages = HashMap::new();
    let mut groups: HashMap<i64, Vec<(Locale, String)>> = HashMap::new();
    for (key, l, slug, title, group) in &page_links {
        groups.entry(*group).or_default().push((*l, slug.clone()));
        if *l == lang {
            pages.insert(
                key.clone(),
                Link {
                    name: title.clone(),
                    url: urls.page(slug),
                },
            );
        }
    }
    let mut page_translations = HashMap::new();
    for (key, l, _, _, group) in &page_links {
        if *l != lang {
            continue;
        }
        if let Some((_, slug)) = groups
            .get(group)
            .and_then(|g| g.iter().find(|(gl, _)| *gl != lang))
        {
            page_translations.insert(key.clone(), Urls::new(lang.other()).page(slug));
        }
    }
    let latest_views: Vec<CardView> = latest.iter().map(simple).collect();
    let footer_menu: Vec<MenuItem> = menus
        .into_iter()
        .filter(|(k, l, _)| k == "footer" && *l == lang)
        .map(|(_, _, i)| i)
        .collect();
    let partial = |name: &str, is_home: bool| {
        state.templates.render(
            name,
            PartialCtx {
                lang,
                is_home,
                nav: &nav,
                site: &site,
                latest: &latest_views,
                footer_menu: &footer_menu,
            },
        )
    };
    let nav_home_html = partial("partials/nav.html", true)?;
    let nav_html = partial("partials/nav.html", false)?;
    let footer_html = partial("partials/footer.html", false)?;
    let footer_menu_html = partial("partials/footer-menu.html", false)?;
    let pieces = ChromePieces {
        nav_home: Piece::new(nav_home_html.clone()),
        nav: Piece::new(nav_html.clone()),
    };
    Ok(Chrome {
        lang,
        pieces,
        nav_home_html,
        nav_html,
        footer_html,
        footer_menu_html,
        nav,
        regions: regions
            .iter()
            .map(|r| Link {
                name: r.name.get(lang).to_owned(),
                url: urls.region(r),
            })
            .collect(),
        footer_menu,
        latest: latest_views,
        pages,
        page_translations,
        sections,
        region_list: regions,
        article_ids,
        updated_at,
        site,
        for_templates: Prepared::default(),
    }
    .prepared())
}
