//! Rules of the media library that need no IO: which images an article shows, and which
//! of them lack a text alternative in the article's language (publishing is refused then).

use crate::{Document, Locale, Media};

/// The media an article shows: the featured image first, then its figures in order, each
/// once.
pub fn article_media_ids(featured: Option<i64>, body: &Document) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for id in featured.into_iter().chain(body.media_ids()) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Of `ids` (in that order), those whose item has no alt text in `lang` (blank counts as
/// none). Ids without an item are left out: there is no image to describe.
pub fn lacking_alt(ids: &[i64], media: &[Media], lang: Locale) -> Vec<i64> {
    ids.iter()
        .copied()
        .filter(|id| {
            media
                .iter()
                .find(|m| m.id == *id)
                .is_some_and(|m| m.alt.get(lang).trim().is_empty())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, Localized};

    fn figure(media_id: i64) -> Block {
        Block::Figure {
            media_id,
            caption: Vec::new(),
            credit: None,
        }
    }

    fn media(id: i64, sq: &str, en: &str) -> Media {
        Media {
            id,
            key: None,
            mime: "image/jpeg".into(),
            width: 10,
            height: 10,
            alt: Localized::new(sq, en),
            caption: Localized::default(),
            credit: String::new(),
            licence: String::new(),
            focal_x: 0.5,
            focal_y: 0.5,
            dominant_color: "#888888".into(),
            placeholder: String::new(),
            renditions: Vec::new(),
            created_at: 0,
        }
    }

    #[test]
    fn featured_first_then_figures_once_each() {
        let mut body = Document::empty();
        body.blocks = vec![figure(3), Block::Divider, figure(1), figure(3)];
        assert_eq!(article_media_ids(Some(1), &body), [1, 3]);
        assert_eq!(article_media_ids(None, &body), [3, 1]);
        assert!(article_media_ids(None, &Document::empty()).is_empty());
    }

    #[test]
    fn blank_alt_in_the_language_counts_as_missing() {
        let all = [
            media(1, "Një mal", ""),
            media(2, "  ", "A river"),
            media(3, "Qyteti", "The town"),
        ];
        assert_eq!(lacking_alt(&[1, 2, 3, 9], &all, Locale::Sq), [2]);
        assert_eq!(lacking_alt(&[3, 2, 1], &all, Locale::En), [1]);
        assert!(lacking_alt(&[], &all, Locale::En).is_empty());
    }
}
