//! The two languages of the magazine.

use serde::{Deserialize, Serialize};

/// A language the magazine is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Albanian, the magazine's first language.
    Sq,
    /// English.
    En,
}

impl Locale {
    /// Every locale, in menu order.
    pub const ALL: [Locale; 2] = [Locale::Sq, Locale::En];

    /// The ISO 639-1 code used in URLs and `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Sq => "sq",
            Locale::En => "en",
        }
    }

    /// Parses an exact code (`sq`, `en`).
    pub fn parse(code: &str) -> Option<Locale> {
        match code {
            "sq" => Some(Locale::Sq),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The other language of the pair.
    pub fn other(self) -> Locale {
        match self {
            Locale::Sq => Locale::En,
            Locale::En => Locale::Sq,
        }
    }

    /// The language's own name, as shown on the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Sq => "Shqip",
            Locale::En => "English",
        }
    }

    /// Picks the best supported locale from an `Accept-Language` header value,
    /// honouring q-values; `None` when nothing matches.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in accept_language.split(',').take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let Some(locale) = Locale::parse(primary) else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(
            Locale::negotiate("en-GB,en;q=0.9,sq;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::negotiate("de;q=1, sq;q=0.5, en;q=0.4"),
            Some(Locale::Sq)
        );
        assert_eq!(Locale::negotiate("sq-AL"), Some(Locale::Sq));
        assert_eq!(Locale::negotiate("de, fr"), None);
        assert_eq!(Locale::negotiate("en;q=0"), None);
        assert_eq!(Locale::negotiate(""), None);
    }
}
