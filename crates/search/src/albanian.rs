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
//!
//! One ending cannot be told by its letters alone: `-të` and `-ve` after `i` are the
//! definite and genitive plural of the many nouns in `-i` (`shtëpitë`, `shtëpive`;
//! `qeveritë`, `partive`, `përgjegjësitë`), but also part of the stem in `vizitë`
//! (`vizita`) or `pozitive`. Such a word gets a second, alternative stem at the same
//! position ([`alternative`]): the index holds both, and a search for it matches either, so
//! `shtëpitë` meets `shtëpi` while `vizitë` still meets `vizita`.

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

/// The second stem of a folded word (given with its first, `stemmed`) whose `-te`/`-ve`
/// after `i` may be a plural ending: the word without it, stemmed. Only for words of at
/// least seven letters (so `vizite`, `aktive` keep one stem), and not for the Latin
/// adjectives in `-ative`, `-itive`, `-utive`, `-ektive` (`negative`, `pozitive`), which
/// would meet unrelated nouns (`pozita`). `None` when there is no other stem.
pub fn alternative(word: &str, stemmed: &str) -> Option<String> {
    let b = word.as_bytes();
    if b.len() < 7 || !(word.ends_with("ite") || word.ends_with("ive")) {
        return None;
    }
    let n = b.len();
    if word.ends_with("tive") && b"aeiouk".contains(&b[n - 5]) {
        return None;
    }
    let mut alt = word[..n - 2].to_owned();
    stem(&mut alt);
    (alt != stemmed).then_some(alt)
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

/// The token filter (after `LowerCaser` and `AsciiFoldingFilter`): each word's stem, then
/// its [`alternative`] stem, if any, as a second token at the same position.
#[derive(Clone, Copy, Debug, Default)]
pub struct AlbanianStemmer;

impl TokenFilter for AlbanianStemmer {
    type Tokenizer<T: Tokenizer> = Stems<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        Stems(tokenizer)
    }
}

#[derive(Clone)]
pub struct Stems<T>(T);

impl<T: Tokenizer> Tokenizer for Stems<T> {
    type TokenStream<'a> = StemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            tail: self.0.token_stream(text),
            next: None,
        }
    }
}

pub struct StemStream<T> {
    tail: T,
    /// The alternative stem of the current word, given by the next `advance`.
    next: Option<String>,
}

impl<T: TokenStream> TokenStream for StemStream<T> {
    fn advance(&mut self) -> bool {
        if let Some(alt) = self.next.take() {
            self.tail.token_mut().text = alt;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let word = (token.text.len() >= 7).then(|| token.text.clone());
        stem(&mut token.text);
        self.next = word.and_then(|w| alternative(&w, &token.text));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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
    use super::{alternative, drop_schwa, stem};

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
        assert_meet(
            &[
                &[
                    "ministër",
                    "ministri",
                    "ministrin",
                    "ministrit",
                    "ministra",
                    "ministrat",
                    "ministrave",
                ],
                &["numër", "numri", "numrin", "numrat", "numrave"],
                &["letër", "letra", "letrën", "letrës", "letrat"],
                &["libër", "libri", "librin", "librat"],
            ],
            analysed,
        );
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
        assert_meet(
            &[
                &[
                    "zgjedhje",
                    "zgjedhja",
                    "zgjedhjet",
                    "zgjedhjen",
                    "zgjedhjes",
                    "zgjedhjeve",
                ],
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
            ],
            stemmed,
        );
    }

    /// Each family's words give the same result of `f` as its first.
    fn assert_meet(families: &[&[&str]], f: fn(&str) -> String) {
        for family in families {
            let first = f(family[0]);
            for w in *family {
                assert_eq!(f(w), first, "{w} and {}", family[0]);
            }
        }
    }

    /// Every stem of a word, as the filter gives them.
    fn stems(w: &str) -> Vec<String> {
        let first = analysed(w);
        let folded = w.replace('ë', "e").replace('ç', "c");
        let mut out = vec![first.clone()];
        out.extend(alternative(&folded, &first));
        out
    }

    #[test]
    fn a_plural_in_te_or_ve_after_i_meets_its_singular() {
        for family in [
            &[
                "shtëpi",
                "shtëpia",
                "shtëpinë",
                "shtëpisë",
                "shtëpitë",
                "shtëpive",
            ][..],
            &["qeveri", "qeveria", "qeverisë", "qeveritë", "qeverive"],
            &["parti", "partia", "partinë", "partitë", "partive"],
            &[
                "përgjegjësi",
                "përgjegjësia",
                "përgjegjësitë",
                "përgjegjësive",
            ],
        ] {
            let singular = analysed(family[0]);
            for w in family {
                assert!(
                    stems(w).contains(&singular),
                    "{w} and {}: {:?}",
                    family[0],
                    stems(w)
                );
            }
        }
        // Where -të/-ve belongs to the stem, the word still meets its own forms.
        assert_meet(
            &[
                &[
                    "vizitë", "vizita", "vizitën", "vizitës", "vizitat", "vizitave",
                ],
                &["pozitive", "pozitiv", "pozitivi"],
            ],
            analysed,
        );
        // Short words and the Latin adjectives get no second stem.
        for w in [
            "vizitë",
            "aktive",
            "pozitive",
            "negative",
            "objektive",
            "ekzekutive",
            "qytete",
        ] {
            assert_eq!(stems(w).len(), 1, "{w}: {:?}", stems(w));
        }
    }

    #[test]
    fn the_filter_gives_the_alternative_at_the_same_position() {
        use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(super::AlbanianStemmer)
            .build();
        let mut stream = analyzer.token_stream("Shtëpitë e qytetit");
        let mut got = Vec::new();
        while stream.advance() {
            let t = stream.token();
            got.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        assert_eq!(
            got,
            [
                ("shtepit".to_owned(), 0, 0, 10),
                ("shtep".to_owned(), 0, 0, 10),
                ("e".to_owned(), 1, 11, 12),
                ("qytet".to_owned(), 2, 13, 20),
            ]
        );
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
