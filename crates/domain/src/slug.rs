//! URL slugs and the diacritic folding they share with search.

use serde::{Deserialize, Serialize};

/// A URL path segment: lowercase ASCII letters, digits and single hyphens, 1–200 chars.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a string is not a slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug is at most 200 characters")]
    TooLong,
    #[error("a slug may contain only lowercase letters a-z, digits and single hyphens")]
    BadCharacter,
}

impl Slug {
    /// Accepts an already-normalised slug.
    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        if s.len() > 200 {
            return Err(SlugError::TooLong);
        }
        let ok = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_owned()))
        } else {
            Err(SlugError::BadCharacter)
        }
    }

    /// Makes a slug from any title; falls back to `"n"` for titles without letters.
    pub fn from_title(title: &str) -> Slug {
        let s = slugify(title);
        if s.is_empty() {
            Slug("n".into())
        } else {
            Slug(s)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Slug::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Folds the diacritics of Albanian and neighbouring languages to ASCII (ë→e, ç→c, š→s …),
/// lowercasing as it goes. Characters it does not know pass through lowercased.
pub fn fold_diacritics(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            let f = match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
                'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => 'c',
                'ď' | 'đ' => 'd',
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
                'ğ' | 'ġ' | 'ģ' => 'g',
                'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
                'ĵ' | 'ј' => 'j',
                'ķ' => 'k',
                'ĺ' | 'ļ' | 'ľ' | 'ł' => 'l',
                'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
                'ŕ' | 'ř' => 'r',
                'ś' | 'š' | 'ş' | 'ș' => 's',
                'ť' | 'ţ' | 'ț' => 't',
                'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
                'ý' | 'ÿ' => 'y',
                'ź' | 'ż' | 'ž' => 'z',
                other => other,
            };
            out.push(f);
        }
    }
    out
}

/// Turns any text into a slug: folds diacritics, keeps `a-z0-9`, joins words with hyphens,
/// and cuts at a word boundary before 80 characters.
pub fn slugify(text: &str) -> String {
    let folded = fold_diacritics(text);
    let mut out = String::with_capacity(folded.len());
    let mut pending_hyphen = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                if out.len() >= 80 {
                    break;
                }
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    out.truncate(120);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugifies_albanian_titles() {
        assert_eq!(
            slugify("Çështja e zgjedhjëve në Kosovë!"),
            "ceshtja-e-zgjedhjeve-ne-kosove"
        );
        assert_eq!(slugify("  OP/ED  "), "op-ed");
        assert_eq!(Slug::from_title("!!!").as_str(), "n");
    }

    #[test]
    fn rejects_bad_slugs() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("Abc"), Err(SlugError::BadCharacter));
        assert_eq!(Slug::parse("a--b"), Err(SlugError::BadCharacter));
        assert_eq!(Slug::parse("-a"), Err(SlugError::BadCharacter));
        assert!(Slug::parse("kosova-2026").is_ok());
    }

    proptest! {
        #[test]
        fn from_title_always_parses(title in "\\PC{0,300}") {
            let slug = Slug::from_title(&title);
            prop_assert!(Slug::parse(slug.as_str()).is_ok());
        }

        #[test]
        fn folding_is_idempotent(s in "\\PC{0,100}") {
            let once = fold_diacritics(&s);
            prop_assert_eq!(fold_diacritics(&once), once.clone());
        }
    }
}
