//! Reader input to a tantivy query, without a query language: words and balanced
//! "quoted phrases", each analysed like the field it is matched against.

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, Term};

use domain::Locale;

use crate::{Fields, Result};

/// Longest text a reader may search for, in characters; longer input is refused.
pub const MAX_QUERY_CHARS: usize = 300;
/// Words and phrases beyond this many are ignored.
const MAX_PARTS: usize = 12;

/// A word or a quoted phrase of a reader's search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Word(String),
    Phrase(String),
}

/// Splits reader input into words and phrases. Control characters count as spaces; a
/// double quote starts a phrase only when another one closes it, else it is a space.
pub fn parse_text(text: &str) -> Vec<Part> {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut parts = Vec::new();
    let mut rest = clean.as_str();
    while !rest.is_empty() && parts.len() < MAX_PARTS {
        if let Some(after) = rest.strip_prefix('"') {
            if let Some(end) = after.find('"') {
                let phrase = after[..end].trim();
                if !phrase.is_empty() {
                    parts.push(Part::Phrase(phrase.to_owned()));
                }
                rest = &after[end + 1..];
            } else {
                rest = after;
            }
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        if end > 0 {
            parts.push(Part::Word(rest[..end].to_owned()));
        }
        rest = rest[end..].trim_start_matches(char::is_whitespace);
    }
    parts
}

/// The tokens `text` gives in `field`, by position: a word may have more than one (an
/// Albanian word with an alternative stem), its first is its main one.
fn tokens(index: &Index, field: Field, text: &str) -> Result<Vec<Vec<String>>> {
    let mut analyzer = index.tokenizer_for_field(field)?;
    let mut stream = analyzer.token_stream(text);
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    while stream.advance() {
        let t = stream.token();
        match out.last_mut() {
            Some((p, words)) if *p == t.position => words.push(t.text.clone()),
            _ => out.push((t.position, vec![t.text.clone()])),
        }
    }
    Ok(out.into_iter().map(|(_, words)| words).collect())
}

/// Most phrases a quoted phrase with words of two stems becomes (one per choice of stems);
/// beyond this, its further words keep their main stem.
const MAX_PHRASE_VARIANTS: usize = 8;

/// One field's queries for a word or phrase, any of them matching (as separate clauses, so
/// that a union of terms stays a union of terms, which tantivy can prune):
/// - a word: a term for each of its stems;
/// - a phrase: a phrase for each choice of its words' stems, so that a phrase with
///   `shtëpitë` (stems `shtëpit` and `shtëpi`) finds `shtëpia` at that place as a search
///   for the word alone does.
fn field_queries(index: &Index, field: Field, text: &str) -> Result<Vec<Box<dyn Query>>> {
    let term = |t: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))
    };
    let toks = tokens(index, field, text)?;
    Ok(match toks.as_slice() {
        [] => Vec::new(),
        [stems] => stems.iter().map(|t| term(t)).collect(),
        _ => phrase_variants(&toks)
            .into_iter()
            .map(|words| -> Box<dyn Query> {
                Box::new(PhraseQuery::new(
                    words
                        .iter()
                        .map(|w| Term::from_field_text(field, w))
                        .collect(),
                ))
            })
            .collect(),
    })
}

/// Every sequence of words taking one stem at each position of `toks`, main stems first,
/// at most [`MAX_PHRASE_VARIANTS`] of them.
fn phrase_variants(toks: &[Vec<String>]) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::with_capacity(toks.len())];
    for stems in toks {
        let choices = if out.len() * stems.len() <= MAX_PHRASE_VARIANTS {
            stems.as_slice()
        } else {
            &stems[..1]
        };
        out = out
            .iter()
            .flat_map(|prefix| {
                choices.iter().map(move |s| {
                    let mut v = prefix.clone();
                    v.push(s.as_str());
                    v
                })
            })
            .collect();
    }
    out
}

/// A reader's search as queries: what must match, and what only adds to the score.
pub(crate) struct TextQuery {
    /// Per part (word or phrase), what it may match in the body field, any of them: the
    /// body field holds all of an article's words (see `Fields::body`), so every part
    /// must match one of its own.
    parts: Vec<Vec<Box<dyn Query>>>,
    /// The parts' queries in the title (×3 more), standfirst (×2) and names (×2), which
    /// only add to the score of what the parts find: their matches are body matches too.
    extras: Vec<Box<dyn Query>>,
}

impl TextQuery {
    /// The whole search:
    /// - a single part is the union of its fields' queries, not wrapped in a one-clause
    ///   conjunction: a union of terms is what lets tantivy skip, with block-max WAND, the
    ///   documents that cannot make the top of the results;
    /// - several parts are a conjunction of their body queries (cheap to intersect), and
    ///   the other fields' queries are optional clauses that only add to the score of what
    ///   it finds, rather than a conjunction of unions, every document of which is scored.
    pub(crate) fn full(&self) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let [alternatives] = self.parts.as_slice() {
            clauses.extend(alternatives.iter().map(|q| (Occur::Should, q.box_clone())));
        } else {
            clauses.extend(self.required());
        }
        clauses.extend(self.extras.iter().map(|q| (Occur::Should, q.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    }

    /// Whether the search has several parts and fields that add to the score, which
    /// [`TextQuery::full`] scores for every document matching all the parts. (Not a single
    /// word with a filter: its union of terms, intersected with the filter, measured
    /// cheaper in one step than in two.)
    pub(crate) fn splits(&self) -> bool {
        self.parts.len() > 1 && !self.extras.is_empty()
    }

    /// What must match, each part a `Must` clause: the same documents as
    /// [`TextQuery::full`], scored by the body field alone. Without other clauses, a
    /// conjunction of terms is one tantivy finds its best documents in with block-max WAND.
    pub(crate) fn required(&self) -> Vec<(Occur, Box<dyn Query>)> {
        self.parts
            .iter()
            .map(|alternatives| {
                (
                    Occur::Must,
                    union(alternatives.iter().map(|q| q.box_clone()).collect()),
                )
            })
            .collect()
    }

    /// The documents of [`TextQuery::required`] that some other field also matches, with
    /// the same scores as [`TextQuery::full`] gives them: usually a few, as titles,
    /// standfirsts and names are short.
    pub(crate) fn required_with_extras(&self) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses = self.required();
        clauses.push((
            Occur::Must,
            union(self.extras.iter().map(|q| q.box_clone()).collect()),
        ));
        clauses
    }
}

/// Every part must match somewhere in the article, in `lang` (both languages when `None`:
/// each language has its own fields, so choosing the fields is the language filter); a
/// part found in the title (×3 more), standfirst (×2) or names (×2) scores higher. With
/// `prefix`, the last word also matches the start of title words (×1.5, as a constant) and of
/// author, section and tag names (×0.5).
pub(crate) fn text_query(
    index: &Index,
    f: &Fields,
    parts: &[Part],
    lang: Option<Locale>,
    prefix: bool,
) -> Result<Option<TextQuery>> {
    let slots: &[usize] = match lang {
        Some(Locale::Sq) => &[0],
        Some(Locale::En) => &[1],
        None => &[0, 1],
    };
    let fields: Vec<(Field, f32)> = slots
        .iter()
        .flat_map(|&i| [(f.title[i], 3.0), (f.standfirst[i], 2.0), (f.names[i], 2.0)])
        .collect();
    let mut out = TextQuery {
        parts: Vec::new(),
        extras: Vec::new(),
    };
    for (i, part) in parts.iter().enumerate() {
        let text = match part {
            Part::Word(w) | Part::Phrase(w) => w.as_str(),
        };
        let mut anywhere: Vec<Box<dyn Query>> = Vec::new();
        for &slot in slots {
            anywhere.extend(field_queries(index, f.body[slot], text)?);
        }
        let mut scored: Vec<Box<dyn Query>> = Vec::new();
        for (field, boost) in &fields {
            for q in field_queries(index, *field, text)? {
                scored.push(Box::new(BoostQuery::new(q, *boost)));
            }
        }
        let last = i + 1 == parts.len();
        if prefix && last && matches!(part, Part::Word(_)) {
            for &slot in slots {
                if let Some(stem) = tokens(index, f.prefix[slot], text)?
                    .pop()
                    .and_then(|t| t.into_iter().next())
                    .filter(|s| s.len() >= 2)
                {
                    for (field, boost) in [(f.prefix[slot], 1.5), (f.prefix_more[slot], 0.5)] {
                        let q = FuzzyTermQuery::new_prefix(
                            Term::from_field_text(field, &stem),
                            0,
                            false,
                        );
                        anywhere.push(Box::new(BoostQuery::new(Box::new(q), boost)));
                    }
                }
            }
        }
        if anywhere.is_empty() {
            continue;
        }
        out.parts.push(anywhere);
        out.extras.extend(scored);
    }
    Ok((!out.parts.is_empty()).then_some(out))
}

/// One query matching any of `queries` (the query itself when there is one).
fn union(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1
        && let Some(q) = queries.pop()
    {
        return q;
    }
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[&str]) -> Vec<Part> {
        v.iter().map(|w| Part::Word((*w).to_owned())).collect()
    }

    #[test]
    fn splits_words_and_balanced_phrases() {
        assert_eq!(
            parse_text("  zgjedhjet  2025 "),
            words(&["zgjedhjet", "2025"])
        );
        assert_eq!(
            parse_text("a \"b c\" d"),
            vec![
                Part::Word("a".into()),
                Part::Phrase("b c".into()),
                Part::Word("d".into())
            ]
        );
        assert_eq!(
            parse_text("\"unbalanced quote"),
            words(&["unbalanced", "quote"])
        );
        assert_eq!(parse_text("x\u{0}y\u{7}z"), words(&["x", "y", "z"]));
        assert_eq!(parse_text("\"\""), Vec::<Part>::new());
        assert_eq!(parse_text(""), Vec::<Part>::new());
    }

    #[test]
    fn caps_the_number_of_parts() {
        let long = "w ".repeat(5000);
        assert_eq!(parse_text(&long).len(), MAX_PARTS);
    }

    #[test]
    fn a_phrase_takes_every_choice_of_stems_up_to_a_limit() {
        let toks = |v: &[&[&str]]| -> Vec<Vec<String>> {
            v.iter()
                .map(|s| s.iter().map(|w| (*w).to_owned()).collect())
                .collect()
        };
        assert_eq!(
            phrase_variants(&toks(&[&["shtëpit", "shtëpi"], &["e"], &["rej"]])),
            vec![vec!["shtëpit", "e", "rej"], vec!["shtëpi", "e", "rej"]]
        );
        assert_eq!(
            phrase_variants(&toks(&[&["a"], &["b1", "b2"], &["c1", "c2"]])),
            vec![
                vec!["a", "b1", "c1"],
                vec!["a", "b1", "c2"],
                vec!["a", "b2", "c1"],
                vec!["a", "b2", "c2"]
            ]
        );
        let many: Vec<&[&str]> = vec![&["x", "y"]; 5];
        let many = toks(&many);
        let variants = phrase_variants(&many);
        assert_eq!(variants.len(), MAX_PHRASE_VARIANTS);
        assert!(
            variants
                .iter()
                .all(|v| v.len() == 5 && v[3] == "x" && v[4] == "x")
        );
    }

    #[test]
    fn operators_are_plain_text() {
        assert_eq!(
            parse_text("title:x AND (y OR -z)"),
            words(&["title:x", "AND", "(y", "OR", "-z)"])
        );
    }
}
