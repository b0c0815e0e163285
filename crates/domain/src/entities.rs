//! The magazine's entities as the rest of the program sees them. Times are UNIX seconds (UTC).

use serde::{Deserialize, Serialize};

use crate::{ArticleStatus, Document, Locale};

/// A text in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub sq: String,
    pub en: String,
}

impl Localized {
    pub fn new(sq: impl Into<String>, en: impl Into<String>) -> Localized {
        Localized {
            sq: sq.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Sq => &self.sq,
            Locale::En => &self.en,
        }
    }
}

/// A section of the magazine (OP/ED, Interview …); sections nest through `parent_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub position: i32,
    pub key: String,
    pub slug: Localized,
    pub name: Localized,
    pub description: Localized,
    pub in_menu: bool,
}

/// A regional edition (Albania, Kosovo …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub id: i64,
    pub position: i32,
    pub key: String,
    pub slug: Localized,
    pub name: Localized,
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    pub id: i64,
    pub key: String,
    pub slug: Localized,
    pub name: Localized,
}

/// A person who writes for the magazine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Author {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub email: Option<String>,
    /// Biography as Markdown, per language.
    pub bio: Localized,
    pub photo_media_id: Option<i64>,
    pub links: Vec<AuthorLink>,
}

/// A link on an author's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorLink {
    pub label: String,
    pub url: String,
}

/// One stored size of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    /// `image/webp` or `image/jpeg`.
    pub mime: String,
    /// Path under the media store, served at `/media/{path}`.
    pub path: String,
}

/// An item of the media library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub id: i64,
    pub key: Option<String>,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub alt: Localized,
    pub caption: Localized,
    pub credit: String,
    pub licence: String,
    pub focal_x: f64,
    pub focal_y: f64,
    pub dominant_color: String,
    /// A tiny blurred copy as a `data:image/webp;base64,…` URL, or empty.
    #[serde(default)]
    pub placeholder: String,
    pub renditions: Vec<Rendition>,
    pub created_at: i64,
}

/// What a list of articles needs to show one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleCard {
    pub id: i64,
    pub lang: Locale,
    pub slug: String,
    pub title: String,
    pub standfirst: String,
    pub published_at: i64,
    pub updated_at: i64,
    pub reading_minutes: i32,
    pub section_id: Option<i64>,
    pub featured_media_id: Option<i64>,
}

/// A full article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    pub lang: Locale,
    pub translation_group: i64,
    pub status: ArticleStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub scheduled_at: Option<i64>,
    pub published_at: Option<i64>,
    pub title: String,
    pub slug: String,
    pub standfirst: String,
    pub body: Document,
    pub author_note: String,
    pub seo_title: String,
    pub seo_description: String,
    pub featured_media_id: Option<i64>,
    pub social_media_id: Option<i64>,
    pub reading_minutes: i32,
    pub primary_section_id: Option<i64>,
    pub is_top: bool,
}

/// Everything needed to create or replace an article's content.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleDraft {
    pub lang: Locale,
    /// The translation group to join; `None` starts a new one.
    pub translation_group: Option<i64>,
    pub status: ArticleStatus,
    pub title: String,
    pub slug: crate::Slug,
    pub standfirst: String,
    pub body: Document,
    pub author_note: String,
    pub seo_title: String,
    pub seo_description: String,
    pub featured_media_id: Option<i64>,
    pub social_media_id: Option<i64>,
    pub scheduled_at: Option<i64>,
    pub published_at: Option<i64>,
    pub updated_at: Option<i64>,
    /// Section ids, the first being the primary one.
    pub section_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub region_ids: Vec<i64>,
    /// Author ids in byline order.
    pub author_ids: Vec<i64>,
    pub is_top: bool,
}

/// A static page (About, Contact, Privacy policy …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub id: i64,
    pub lang: Locale,
    pub translation_group: i64,
    pub key: String,
    pub slug: String,
    pub title: String,
    pub body: Document,
    pub updated_at: i64,
}

/// One entry of a menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuItem {
    pub label: String,
    pub url: String,
}

/// A magazine issue (PDF edition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    pub id: i64,
    pub volume: i32,
    pub number: i32,
    pub title: Localized,
    pub published_on: i64,
    pub special: bool,
    pub pdf_media_id: Option<i64>,
    pub cover_media_id: Option<i64>,
}

/// Site-wide settings editors and admins can change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteSettings {
    pub site_name: String,
    pub tagline: Localized,
    pub company_id: String,
    pub default_locale: Locale,
    /// Text of the special-edition flag in the top bar; hidden when empty.
    pub special_edition: Localized,
    pub contact_emails: Vec<String>,
    pub social_links: Vec<MenuItem>,
    pub media_partner: Option<MenuItem>,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            site_name: "Revista".into(),
            tagline: Localized::default(),
            company_id: String::new(),
            default_locale: Locale::Sq,
            special_edition: Localized::default(),
            contact_emails: Vec::new(),
            social_links: Vec::new(),
            media_partner: None,
        }
    }
}
