//! A light stemmer for Albanian, written here because there is none to take: Snowball (and
//! so tantivy's `Stemmer`) has no Albanian. It runs after lowercasing and folding to ASCII,
//! and strips the commonest case and definiteness endings of nouns and adjectives, so that
//! `zgjedhje`, `zgjedhja`, `zgjedhjet`, `zgjedhjen`, `zgjedhjes` and `zgjedhjeve` (elections)
//! meet, as do `qytet`, `qyteti`, `qytetin`, `qytetit`, `qytetet` and `qyteteve`, or
//! `shqiperi`, `shqiperia`, `shqiperise` and `shqiperine`.
//!
//! It is deliberately light (one ending or vowel, then one more final vowel, never leaving fewer than four
//! letters, never touching words shorter than five): it misses irregular forms (`minister` /
//! `ministri`) and verbs, and never merges two short words. The same analysis runs on the
//! text and on what the reader types, so what it does wrongly it does the same way on both.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Endings removed, longest first (folded: `ë` is `e`).
/// (`-të` and `-ve` after a vowel, as in `shtëpitë`, `shtëpive`, are not among them: they
/// would cut `qytete` to `qyte` and `Kosovë` to `koso`.)
const SUFFIXES: [&str; 16] = [
    "jeve", "jes", "jen", "jet", "eve", "ave", "ja", "je", "ne", "se", "it", "in", "et", "at",
    "en", "es",
];
/// Single vowels removed when no longer ending matched, or after one did.
const VOWELS: [char; 3] = ['a', 'e', 'i'];
/// Shortest word touched, and shortest stem left.
const MIN_WORD: usize = 5;
const MIN_STEM: usize = 4;

/// The stem of a lowercased, folded word (returned as is when it is not all ASCII letters).
pub fn stem(word: &mut String) {
    if word.len() < MIN_WORD || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if let Some(s) = SUFFIXES
        .iter()
        .find(|s| word.ends_with(*s) && word.len() - s.len() >= MIN_STEM)
    {
        word.truncate(word.len() - s.len());
    } else if word.ends_with(VOWELS) {
        word.pop();
    }
    if word.len() >= MIN_WORD && word.ends_with(VOWELS) {
        word.pop();
    }
}

/// The token filter (after `LowerCaser` and `AsciiFoldingFilter`).
#[derive(Clone, Copy, Debug, Default)]
pub struct AlbanianStemmer;

impl TokenFilter for AlbanianStemmer {
    type Tokenizer<T: Tokenizer> = AlbanianStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        AlbanianStemmerFilter { tokenizer }
    }
}

#[derive(Clone)]
pub struct AlbanianStemmerFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for AlbanianStemmerFilter<T> {
    type TokenStream<'a> = AlbanianStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AlbanianStemmerStream {
            tail: self.tokenizer.token_stream(text),
        }
    }
}

pub struct AlbanianStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for AlbanianStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    fn stemmed(w: &str) -> String {
        let mut s = w.to_owned();
        stem(&mut s);
        s
    }

    #[test]
    fn the_forms_of_a_noun_meet() {
        for family in [
            &[
                "zgjedhje",
                "zgjedhja",
                "zgjedhjet",
                "zgjedhjen",
                "zgjedhjes",
                "zgjedhjeve",
            ][..],
            &[
                "qytet", "qyteti", "qytetin", "qytetit", "qytete", "qytetet", "qyteteve",
            ],
            &[
                "reforme",
                "reforma",
                "reformen",
                "reformes",
                "reformat",
                "reformave",
            ],
            &["shqiperi", "shqiperia", "shqiperise", "shqiperine"],
            &["gjykate", "gjykata", "gjykaten", "gjykates", "gjykatat"],
            &["kosova", "kosove", "kosoves", "kosoven"],
            &["ekonomi", "ekonomia", "ekonomise", "ekonomine"],
        ] {
            let first = stemmed(family[0]);
            for w in family {
                assert_eq!(stemmed(w), first, "{w} and {}", family[0]);
            }
        }
    }

    #[test]
    fn short_words_numbers_and_other_scripts_stay() {
        for w in ["mal", "dita", "shtet", "2026", "covid19", "çështje", "nato"] {
            assert_eq!(stemmed(w), w, "{w}");
        }
        // Two different words stay apart.
        assert_ne!(stemmed("qytet"), stemmed("qeveri"));
        assert_ne!(stemmed("shtet"), stemmed("shteg"));
    }
}
