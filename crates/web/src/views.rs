//! View models: what templates receive. Built from store rows in a fixed number of queries
//! per page (one for bylines and one for images, whatever the number of cards).

use std::collections::{HashMap, HashSet};

use domain::{ArticleCard, Author, Locale, Media, Region, Section, Tag};
use serde::Serialize;

use crate::AppState;

/// A name and a URL.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// URL scheme of one language. Path words are translated: `/sq/autor/…`, `/en/author/…`.
#[derive(Debug, Clone, Copy)]
pub struct Urls {
    pub lang: Locale,
}

impl Urls {
    pub fn new(lang: Locale) -> Urls {
        Urls { lang }
    }
    pub fn home(&self) -> String {
        format!("/{}/", self.lang)
    }
    pub fn section(&self, s: &Section) -> String {
        format!("/{}/{}/", self.lang, s.slug.get(self.lang))
    }
    pub fn article(&self, section_slug: &str, slug: &str) -> String {
        format!("/{}/{}/{}", self.lang, section_slug, slug)
    }
    pub fn word(&self, what: &str) -> &'static str {
        match (self.lang, what) {
            (Locale::Sq, "tag") => "etiketa",
            (Locale::Sq, "region") => "rajoni",
            (Locale::Sq, "author") => "autori",
            (Locale::Sq, "search") => "kerko",
            (Locale::Sq, "editions") => "revista-pdf",
            (Locale::Sq, "article") => "artikull",
            (Locale::En, "tag") => "tag",
            (Locale::En, "region") => "region",
            (Locale::En, "author") => "author",
            (Locale::En, "search") => "search",
            (Locale::En, "editions") => "pdf-editions",
            _ => "article",
        }
    }
    pub fn tag(&self, t: &Tag) -> String {
        format!(
            "/{}/{}/{}",
            self.lang,
            self.word("tag"),
            t.slug.get(self.lang)
        )
    }
    pub fn region(&self, r: &Region) -> String {
        format!(
            "/{}/{}/{}",
            self.lang,
            self.word("region"),
            r.slug.get(self.lang)
        )
    }
    pub fn author(&self, a: &Author) -> String {
        format!("/{}/{}/{}", self.lang, self.word("author"), a.slug)
    }
    pub fn search(&self) -> String {
        format!("/{}/{}", self.lang, self.word("search"))
    }
    pub fn editions(&self) -> String {
        format!("/{}/{}", self.lang, self.word("editions"))
    }
    pub fn page(&self, slug: &str) -> String {
        format!("/{}/{}", self.lang, slug)
    }
}

/// One entry of a list of articles.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub standfirst: String,
    pub published_at: i64,
    pub reading_minutes: i32,
    pub section: Option<Link>,
    pub authors: Vec<Link>,
    /// A ready `<picture>`, escaped at build time.
    pub image_html: Option<String>,
    #[serde(skip)]
    pub media_id: Option<i64>,
}

fn section_slug(card: &ArticleCard, sections: &[Section], lang: Locale) -> (Option<Link>, String) {
    match card
        .section_id
        .and_then(|id| sections.iter().find(|s| s.id == id))
    {
        Some(s) => {
            let urls = Urls::new(lang);
            (
                Some(Link {
                    name: s.name.get(lang).to_owned(),
                    url: urls.section(s),
                }),
                s.slug.get(lang).to_owned(),
            )
        }
        None => (None, Urls::new(lang).word("article").to_owned()),
    }
}

/// A card without byline or image (menus, sidebars).
pub fn card_view_plain(card: &ArticleCard, sections: &[Section], urls: &Urls) -> CardView {
    let (section, slug) = section_slug(card, sections, urls.lang);
    CardView {
        id: card.id,
        title: card.title.clone(),
        url: urls.article(&slug, &card.slug),
        standfirst: card.standfirst.clone(),
        published_at: card.published_at,
        reading_minutes: card.reading_minutes,
        section,
        authors: Vec::new(),
        image_html: None,
        media_id: card.featured_media_id,
    }
}

/// The URL of an article card in its language.
pub fn article_url(card: &ArticleCard, sections: &[Section]) -> String {
    let (_, slug) = section_slug(card, sections, card.lang);
    Urls::new(card.lang).article(&slug, &card.slug)
}

/// The URL of an article in `lang` from its primary section and slug.
pub fn article_path(
    lang: Locale,
    primary_section_id: Option<i64>,
    slug: &str,
    sections: &[Section],
) -> String {
    let urls = Urls::new(lang);
    let section = primary_section_id
        .and_then(|id| sections.iter().find(|s| s.id == id))
        .map_or(urls.word("article"), |s| s.slug.get(lang));
    urls.article(section, slug)
}

/// Bylines and images for every card on a page, fetched in two queries.
#[derive(Debug, Default)]
pub struct Extras {
    pub bylines: HashMap<i64, Vec<Author>>,
    pub media: HashMap<i64, Media>,
}

impl Extras {
    /// Loads bylines of `byline_ids` and the media items `media_ids` (plus cards' images).
    pub async fn load(
        state: &AppState,
        cards: &[&ArticleCard],
        extra_articles: &[i64],
        extra_media: &[i64],
    ) -> Result<Extras, store::Error> {
        let mut ids: Vec<i64> = cards
            .iter()
            .map(|c| c.id)
            .chain(extra_articles.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut media_ids: HashSet<i64> =
            cards.iter().filter_map(|c| c.featured_media_id).collect();
        media_ids.extend(extra_media.iter().copied());
        let media_ids: Vec<i64> = media_ids.into_iter().collect();
        let (bylines, media, mut authors) = tokio::try_join!(
            state.db.list_byline_ids(&ids),
            state.db.list_media_by_ids(&media_ids),
            state.authors.get(&state.db, false)
        )?;
        if bylines.iter().any(|(_, a)| authors.get(*a).is_none()) {
            authors = state.authors.get(&state.db, true).await?;
        }
        let mut by = HashMap::<i64, Vec<Author>>::new();
        for (article, author) in bylines {
            // An author deleted since the bylines were read is left out.
            if let Some(a) = authors.get(author) {
                by.entry(article).or_default().push(a.clone());
            }
        }
        Ok(Extras {
            bylines: by,
            media: media.into_iter().map(|m| (m.id, m)).collect(),
        })
    }

    /// A full card with byline and picture.
    pub fn card(
        &self,
        card: &ArticleCard,
        sections: &[Section],
        urls: &Urls,
        sizes: &str,
    ) -> CardView {
        let mut v = card_view_plain(card, sections, urls);
        v.authors = self.byline(card.id, urls);
        v.image_html = self.picture(card.featured_media_id, urls.lang, sizes);
        v
    }

    /// Author links of an article's byline, in order.
    pub fn byline(&self, article_id: i64, urls: &Urls) -> Vec<Link> {
        self.bylines
            .get(&article_id)
            .map(|a| {
                a.iter()
                    .map(|a| Link {
                        name: a.name.clone(),
                        url: urls.author(a),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A ready `<picture>` of a loaded media item.
    pub fn picture(&self, media_id: Option<i64>, lang: Locale, sizes: &str) -> Option<String> {
        media_id.and_then(|id| self.media.get(&id)).map(|m| {
            let mut s = String::new();
            render::html::picture(&mut s, m, lang, sizes, false);
            s
        })
    }
}

/// Pagination of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

impl Pager {
    pub fn new(base: &str, page: i64, per_page: i64, total: i64) -> Pager {
        let pages = ((total + per_page - 1) / per_page).max(1);
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = |p: i64| {
            if p == 1 {
                base.to_owned()
            } else {
                format!("{base}{sep}page={p}")
            }
        };
        Pager {
            page,
            pages,
            total,
            prev_url: (page > 1).then(|| url(page - 1)),
            next_url: (page < pages).then(|| url(page + 1)),
        }
    }
}
