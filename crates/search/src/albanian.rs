//! A light stemmer for Albanian, written here because there is none to take: Snowball (and
//! so tantivy's `Stemmer`) has no Albanian. It runs after lowercasing and folding to ASCII,
//! and strips the commonest case and definiteness endings of nouns and adjectives, so that
//! `zgjedhje`, `zgjedhja`, `zgjedhjet`, `zgjedhjen`, `zgjedhjes` and `zgjedhjeve` (elections)
//! meet, as do `qytet`, `qyteti`, `qytetin`, `qytetit`, `qytetet` and `qyteteve`, or
//! `shqiperi`, `shqiperia`, `shqiperise` and `shqiperine`.
//!
//! It is deliberately light (one ending or vowel, then one more final vowel, never leaving fewer than four
//! letters, never touching words shorter than five): it misses verbs and truly irregular
//! forms, and never merges two short words. The same analysis runs on the text and on what
//! the reader types, so what it does wrongly it does the same way on both.
//!
//! One change of the stem is handled before folding, where `ë` can still be told from `e`
//! ([`SchwaDrop`]): a final `-ër` after a consonant loses its `ë` when the word is inflected
//! (`ministër`, `ministri`, `ministrat`; `numër`, `numri`; `letër`, `letra`), so the
//! uninflected form drops it too. Loanwords in `-er` keep their `e` (`lider`, `lideri`)
//! and are left alone.

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

/// `ministër` → `ministr`: a lowercased word ending in a consonant and `ër` loses the `ë`,
/// as it does in every inflected form. Runs before folding.
pub fn drop_schwa(word: &mut String) {
    let Some(head) = word.strip_suffix("ër") else {
        return;
    };
    let before = head.chars().next_back();
    if head.chars().count() >= 2
        && before.is_some_and(|c| c.is_alphabetic() && !"aeëiouy".contains(c))
    {
        let cut = head.len();
        word.replace_range(cut..cut + 'ë'.len_utf8(), "");
    }
}

/// The token filter for [`drop_schwa`] (after `LowerCaser`, before `AsciiFoldingFilter`).
#[derive(Clone, Copy, Debug, Default)]
pub struct SchwaDrop;

impl TokenFilter for SchwaDrop {
    type Tokenizer<T: Tokenizer> = EachToken<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        EachToken {
            tokenizer,
            f: drop_schwa,
        }
    }
}

/// The token filter (after `LowerCaser` and `AsciiFoldingFilter`).
#[derive(Clone, Copy, Debug, Default)]
pub struct AlbanianStemmer;

impl TokenFilter for AlbanianStemmer {
    type Tokenizer<T: Tokenizer> = EachToken<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        EachToken { tokenizer, f: stem }
    }
}

/// A tokenizer that rewrites each token's text with `f`.
#[derive(Clone)]
pub struct EachToken<T> {
    tokenizer: T,
    f: fn(&mut String),
}

impl<T: Tokenizer> Tokenizer for EachToken<T> {
    type TokenStream<'a> = EachTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        EachTokenStream {
            tail: self.tokenizer.token_stream(text),
            f: self.f,
        }
    }
}

pub struct EachTokenStream<T> {
    tail: T,
    f: fn(&mut String),
}

impl<T: TokenStream> TokenStream for EachTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        (self.f)(&mut self.tail.token_mut().text);
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
    use super::{drop_schwa, stem};

    fn stemmed(w: &str) -> String {
        let mut s = w.to_owned();
        stem(&mut s);
        s
    }

    /// As the analyzer does it: drop the schwa, fold `ë`/`ç`, then stem.
    fn analysed(w: &str) -> String {
        let mut s = w.to_owned();
        drop_schwa(&mut s);
        let mut s = s.replace('ë', "e").replace('ç', "c");
        stem(&mut s);
        s
    }

    #[test]
    fn a_final_er_that_inflection_drops_is_dropped() {
        for family in [
            &[
                "ministër",
                "ministri",
                "ministrin",
                "ministrit",
                "ministra",
                "ministrat",
                "ministrave",
            ][..],
            &["numër", "numri", "numrin", "numrat", "numrave"],
            &["letër", "letra", "letrën", "letrës", "letrat"],
            &["libër", "libri", "librin", "librat"],
        ] {
            let first = analysed(family[0]);
            for w in family {
                assert_eq!(analysed(w), first, "{w} and {}", family[0]);
            }
        }
        // Loanwords in -er (spelt with e) keep it; so do words where a vowel comes first.
        assert_eq!(analysed("lider"), analysed("lideri"));
        assert_eq!(analysed("partner"), analysed("partneri"));
        for w in ["kaër", "bër", "ër", "ministër2"] {
            let mut s = w.to_owned();
            drop_schwa(&mut s);
            assert_eq!(s, w);
        }
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
