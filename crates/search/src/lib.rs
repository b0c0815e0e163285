//! Full-text search over published articles, with tantivy.
//!
//! The index lives in a directory of its own (`{data_dir}/search`). It is kept current by
//! tailing the database's change log: the id of the last change applied is stored in the
//! index's commit payload, so a restarted node carries on where it stopped and several
//! nodes each keep their own index. An index that is missing, damaged, of an older schema
//! or left half-built is rebuilt from the database.
//!
//! Each language has its own text fields: Albanian text is lowercased, folded to ASCII
//! (`çështje` and `ceshtje` meet) and lightly stemmed (`albanian`: `zgjedhje` finds
//! `zgjedhjet`), English text is folded and stemmed (`elections` finds `election`). Reader
//! input is never parsed as a query language: it is split into words (and "quoted phrases"
//! when the quotes balance), each analysed like the field it is matched against.

mod albanian;
mod query;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use domain::Locale;
use serde::{Deserialize, Serialize};
use store::Db;
use store::search::{Linked, SearchDoc};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::postings::Postings;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, Query, RangeQuery, TermQuery, Weight,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, OwnedValue, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score,
    Searcher, SegmentOrdinal, SegmentReader, TERMINATED, TantivyDocument, Term,
};

pub use query::{MAX_QUERY_CHARS, Part, parse_text};

/// Bump when the schema or the analysers change: older indexes are rebuilt on open.
const SCHEMA_VERSION: u32 = 7;
/// Articles read from the database per batch while (re)indexing.
const BATCH: i64 = 1000;

/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("search index task failed: {0}")]
    Task(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    group: Field,
    lang: Field,
    published: Field,
    sections: Field,
    authors: Field,
    tags: Field,
    /// Title, standfirst and body per language: `[sq, en]`. The body field holds the
    /// article's text and then, as further values, its title, standfirst and names: a
    /// word is found anywhere in an article with one term, so several words are a
    /// conjunction of single terms (the other fields only add to the score).
    title: [Field; 2],
    standfirst: [Field; 2],
    body: [Field; 2],
    /// How many words the text has: positions in the body field from this one on are in
    /// the title, standfirst or names.
    words: Field,
    /// Author, section and tag names (folded, not stemmed), per language: `[sq, en]`.
    names: [Field; 2],
    /// Title words folded and unstemmed, per language, for prefix matches while typing.
    prefix: [Field; 2],
    /// The same for author, section and tag names, which rank below titles. Not the
    /// standfirst (it cost live search 40 % more CPU) nor the text: a short prefix expands
    /// to thousands of their words. Their whole words match as usual.
    prefix_more: [Field; 2],
}

fn text_options(tokenizer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_u64_field("id", INDEXED | FAST);
    let group = b.add_u64_field("group", INDEXED);
    let lang = b.add_text_field("lang", STRING);
    let published = b.add_i64_field("published", INDEXED | FAST);
    let sections = b.add_u64_field("sections", INDEXED);
    let authors = b.add_u64_field("authors", INDEXED);
    let tags = b.add_u64_field("tags", INDEXED);
    let words = b.add_u64_field("words", FAST);
    let per_lang = |b: &mut tantivy::schema::SchemaBuilder, name: &str| {
        [
            b.add_text_field(&format!("{name}_sq"), text_options(STEMMED_SQ, true)),
            b.add_text_field(&format!("{name}_en"), text_options(STEMMED_EN, true)),
        ]
    };
    let title = per_lang(&mut b, "title");
    let standfirst = per_lang(&mut b, "standfirst");
    let body = per_lang(&mut b, "body");
    let names = [
        b.add_text_field("names_sq", text_options(FOLDED, true)),
        b.add_text_field("names_en", text_options(FOLDED, true)),
    ];
    let prefix = [
        b.add_text_field("prefix_sq", text_options(FOLDED, false)),
        b.add_text_field("prefix_en", text_options(FOLDED, false)),
    ];
    let prefix_more = [
        b.add_text_field("prefix_more_sq", text_options(FOLDED, false)),
        b.add_text_field("prefix_more_en", text_options(FOLDED, false)),
    ];
    let fields = Fields {
        id,
        group,
        lang,
        published,
        sections,
        authors,
        tags,
        title,
        standfirst,
        body,
        words,
        names,
        prefix,
        prefix_more,
    };
    (b.build(), fields)
}

/// Lowercased, folded to ASCII: Albanian text, names, prefixes.
const FOLDED: &str = "revista_folded";
/// Lowercased, folded and stemmed: English text.
const STEMMED_EN: &str = "revista_en";
/// Lowercased, folded and lightly stemmed (`albanian`): Albanian text.
const STEMMED_SQ: &str = "revista_sq";

fn register_tokenizers(index: &Index) {
    let folded = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let english = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build();
    index.tokenizers().register(FOLDED, folded);
    index.tokenizers().register(STEMMED_EN, english);
    let albanian = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(albanian::SchwaDrop)
        .filter(AsciiFoldingFilter)
        .filter(albanian::AlbanianStemmer)
        .build();
    index.tokenizers().register(STEMMED_SQ, albanian);
}

fn lang_slot(lang: Locale) -> usize {
    match lang {
        Locale::Sq => 0,
        Locale::En => 1,
    }
}

/// What the last commit says about the index.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    schema: u32,
    /// The last change-log id the index reflects.
    change_id: i64,
}

/// Why an index was (re)created when it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// An existing, complete index of the current schema.
    Existing,
    /// A new, empty index that must be built from the database; the reason says why.
    Rebuild(String),
}

/// Sort order of results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
}

/// A reader's search.
#[derive(Debug, Clone, Default)]
pub struct Search<'a> {
    /// The words typed, as typed.
    pub text: &'a str,
    pub lang: Option<Locale>,
    pub section: Option<i64>,
    pub author: Option<i64>,
    /// Published at or after (UNIX seconds).
    pub from: Option<i64>,
    /// Published at or before (UNIX seconds).
    pub to: Option<i64>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Articles published later than this are not shown yet.
    pub now: i64,
    /// Let the last word match as a prefix (live search while typing).
    pub prefix: bool,
    /// Count matches only up to this many (`None`: count them all). Counting every match of
    /// a common word costs more than finding the best ones.
    pub count_up_to: Option<usize>,
    /// No passages or marks will be asked of the results (live search shows titles only).
    pub skip_passages: bool,
}

/// One stretch of a snippet; `hit` stretches match the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// A page of results: article ids, best first, and how many match in all.
pub struct Results {
    pub ids: Vec<i64>,
    /// How many articles match; with `more`, only that at least this many do.
    pub total: usize,
    /// More than `total` articles match (the count stopped at `Search::count_up_to`).
    pub more: bool,
    /// What passages and marks are made from (`None` without hits, or when not asked for).
    marks: Option<Marks>,
}

impl std::fmt::Debug for Results {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Results")
            .field("ids", &self.ids)
            .field("total", &self.total)
            .field("more", &self.more)
            .finish_non_exhaustive()
    }
}

/// Which text of a hit a passage or marks are made in.
#[derive(Debug, Clone, Copy)]
enum Shown {
    Text = 0,
    Standfirst = 1,
}

/// What a hit's passage and marks are made from. The index knows at which word positions
/// the query's words are in each hit's text and standfirst, so marking them needs no
/// analysis of the text (stemming every word of a passage used to be the dearest part of a
/// results page): the text is only split into words, as the index split it, and each word
/// marked is analysed once to check that it is what the index holds. Where it is not (the
/// text changed since it was indexed, within the second the index takes to follow), a
/// snippet generator analyses the text instead.
struct Marks {
    searcher: Searcher,
    query: Box<dyn Query>,
    fields: Fields,
    /// Where each hit is, and how many words its text has, by article id.
    hits: HashMap<i64, (DocAddress, u64)>,
    /// The query's words in the text and standfirst fields.
    terms: Vec<Term>,
    /// The text fields' analysers, per language slot.
    analyzers: [Mutex<TextAnalyzer>; 2],
    /// Made only when a text is not as indexed: `[Shown][slot]`.
    fallback: [[OnceLock<Option<SnippetGenerator>>; 2]; 2],
}

impl Results {
    fn empty() -> Results {
        Results {
            ids: Vec::new(),
            total: 0,
            more: false,
            marks: None,
        }
    }

    /// A passage of `text` (the plain text of article `id`, in `lang`, as indexed) with the
    /// words that matched marked, starting shortly before the first match; empty when the
    /// words matched only elsewhere (title, standfirst, names).
    pub fn snippet(&self, id: i64, lang: Locale, text: &str) -> Vec<Segment> {
        let Some(m) = &self.marks else {
            return Vec::new();
        };
        let slot = lang_slot(lang);
        let field = m.fields.body[slot];
        let found = m.positions(id, field);
        let Some(first) = best_first(&found) else {
            return Vec::new();
        };
        let positions: Vec<u32> = found.iter().map(|(p, _)| *p).collect();
        // Walk to the chosen match, keeping the matches passed on the way (the passage may
        // start before it).
        let mut words = Words::new(text);
        let mut earlier = Vec::new();
        let mut next = 0;
        let mut at = None;
        for (p, r) in words.by_ref() {
            if p == first {
                at = Some(r);
                break;
            }
            while positions.get(next).is_some_and(|&q| q < p) {
                next += 1;
            }
            if positions.get(next) == Some(&p) {
                earlier.push(r);
            }
        }
        let Some(at) = at else {
            return m.fallback(Shown::Text, slot, text);
        };
        let start = passage_start(text, at.start);
        let end = passage_end(text, start, at.end);
        let mut ranges: Vec<_> = earlier.into_iter().filter(|r| r.start >= start).collect();
        ranges.push(at);
        ranges.extend(
            words
                .take_while(|(_, r)| r.end <= end)
                .filter(|(p, _)| positions.binary_search(p).is_ok())
                .map(|(_, r)| r),
        );
        if !ranges
            .iter()
            .all(|r| m.matches(slot, field, &text[r.clone()]))
        {
            return m.fallback(Shown::Text, slot, text);
        }
        passage(text, start..end, ranges.into_iter())
    }

    /// The whole of `text` (the standfirst of article `id`, in `lang`, shown when its text
    /// has no passage) with the words that matched marked; empty when none of them is in it.
    pub fn highlight(&self, id: i64, lang: Locale, text: &str) -> Vec<Segment> {
        let Some(m) = &self.marks else {
            return Vec::new();
        };
        let slot = lang_slot(lang);
        let field = m.fields.standfirst[slot];
        let positions: Vec<u32> = m.positions(id, field).iter().map(|(p, _)| *p).collect();
        if positions.is_empty() {
            return Vec::new();
        }
        let mut ranges = Vec::with_capacity(positions.len());
        for (p, r) in Words::new(text) {
            if positions.binary_search(&p).is_ok() {
                if !m.matches(slot, field, &text[r.clone()]) {
                    return m.fallback(Shown::Standfirst, slot, text);
                }
                ranges.push(r);
            }
        }
        if ranges.len() < positions.len() {
            // Shorter than when it was indexed.
            return m.fallback(Shown::Standfirst, slot, text);
        }
        marked(text, ranges.into_iter())
    }
}

impl Marks {
    /// The positions in `field` of hit `id` at which a word of the query was indexed, in
    /// order, each with the index of its term (none when it is not a hit); in the body
    /// field, those in the text only.
    fn positions(&self, id: i64, field: Field) -> Vec<(u32, usize)> {
        let Some((a, words)) = self.hits.get(&id) else {
            return Vec::new();
        };
        let in_text = |p: u32| !self.fields.body.contains(&field) || u64::from(p) < *words;
        let read = || -> tantivy::Result<Vec<(u32, usize)>> {
            let inverted = self
                .searcher
                .segment_reader(a.segment_ord)
                .inverted_index(field)?;
            let mut out = Vec::new();
            let mut term_positions = Vec::new();
            for (i, t) in self.terms.iter().enumerate() {
                if t.field() != field {
                    continue;
                }
                let Some(mut postings) =
                    inverted.read_postings(t, IndexRecordOption::WithFreqsAndPositions)?
                else {
                    continue;
                };
                // A fresh postings list stands on its first document; `seek` only goes on.
                let doc = if postings.doc() < a.doc_id {
                    postings.seek(a.doc_id)
                } else {
                    postings.doc()
                };
                if doc == a.doc_id {
                    term_positions.clear();
                    postings.append_positions_with_offset(0, &mut term_positions);
                    out.extend(
                        term_positions
                            .iter()
                            .filter(|p| in_text(**p))
                            .map(|p| (*p, i)),
                    );
                }
            }
            out.sort_unstable();
            out.dedup_by_key(|(p, _)| *p);
            Ok(out)
        };
        read().unwrap_or_else(|e| {
            tracing::warn!(error = %e, "reading where a search's words are");
            Vec::new()
        })
    }

    /// Whether `word`, one word of a text in language `slot`, is indexed in `field` as one
    /// of the query's words.
    fn matches(&self, slot: usize, field: Field, word: &str) -> bool {
        let Ok(mut analyzer) = self.analyzers[slot].lock() else {
            return false;
        };
        let mut stream = analyzer.token_stream(word);
        while stream.advance() {
            let stem = stream.token().text.as_str();
            if self
                .terms
                .iter()
                .any(|t| t.field() == field && t.value().as_str() == Some(stem))
            {
                return true;
            }
        }
        false
    }

    /// Marks found by analysing `text`: a passage of it, or the whole standfirst.
    fn fallback(&self, shown: Shown, slot: usize, text: &str) -> Vec<Segment> {
        let generator = self.fallback[shown as usize][slot].get_or_init(|| {
            let (field, chars) = match shown {
                Shown::Text => (self.fields.body[slot], SNIPPET_CHARS),
                Shown::Standfirst => (self.fields.standfirst[slot], STANDFIRST_MAX_CHARS),
            };
            let mut g =
                SnippetGenerator::create(&self.searcher, self.query.as_ref(), field).ok()?;
            g.set_max_num_chars(chars);
            Some(g)
        });
        let Some(generator) = generator else {
            return Vec::new();
        };
        let snippet = generator.snippet(text);
        match shown {
            Shown::Text => {
                let fragment = snippet.fragment();
                match text.find(fragment).filter(|_| !fragment.is_empty()) {
                    Some(base) => passage(
                        text,
                        base..base + fragment.len(),
                        snippet
                            .highlighted()
                            .iter()
                            .map(|r| base + r.start..base + r.end),
                    ),
                    None => marked(fragment, snippet.highlighted().iter().cloned()),
                }
            }
            Shown::Standfirst => {
                // The passage chosen is a stretch of `text`: marks are moved to where it
                // starts, and the whole standfirst is shown.
                let Some(base) = text.find(snippet.fragment()) else {
                    return Vec::new();
                };
                marked(
                    text,
                    snippet
                        .highlighted()
                        .iter()
                        .map(|r| base + r.start..base + r.end),
                )
            }
        }
    }
}

/// Longest standfirst marked by the fallback of `Results::highlight`, in characters (a
/// longer one is marked in its best passage only).
const STANDFIRST_MAX_CHARS: usize = 2000;

/// Longest passage, in characters, and how far before its first match it may start, in
/// bytes.
const SNIPPET_CHARS: usize = 220;
const SNIPPET_BEFORE: usize = 90;

/// The words of a text as tantivy's `SimpleTokenizer` cuts them (runs of alphanumeric
/// characters), numbered as the index numbers them (before any filter drops one), with
/// their byte ranges. Written out rather than run through the tokenizer, which copies every
/// word it passes: finding a hit's first match walks the text before it, often thousands
/// of bytes (`words_are_the_tokenizers` holds the two together).
struct Words<'a> {
    text: &'a str,
    at: usize,
    position: u32,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        Words {
            text,
            at: 0,
            position: 0,
        }
    }
}

/// Whether the character at byte `i` of `text` (a char boundary) is part of a word, and
/// its length in bytes.
fn word_char(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    // Two-byte characters from U+00C0 to U+023F (Albanian ë and ç among them) are Latin
    // letters, but for × and ÷: no table look-up for them.
    if (0xC3..=0xC8).contains(&b) {
        return (
            !(b == 0xC3 && matches!(bytes.get(i + 1), Some(0x97 | 0xB7))),
            2,
        );
    }
    text.get(i..)
        .and_then(|s| s.chars().next())
        .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
}

impl Iterator for Words<'_> {
    type Item = (u32, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let len = self.text.len();
        let mut i = self.at;
        loop {
            if i >= len {
                self.at = i;
                return None;
            }
            let (alnum, n) = word_char(self.text, i);
            if alnum {
                break;
            }
            i += n;
        }
        let start = i;
        while i < len {
            let (alnum, n) = word_char(self.text, i);
            if !alnum {
                break;
            }
            i += n;
        }
        self.at = i;
        let position = self.position;
        self.position += 1;
        Some((position, start..i))
    }
}

/// Where a passage showing the word at byte `at` of `text` starts: at the start of that
/// word's sentence (or paragraph) when it is at most `SNIPPET_BEFORE` bytes back, else at
/// the first word after that point.
fn passage_start(text: &str, at: usize) -> usize {
    let from = char_floor(text, at.saturating_sub(SNIPPET_BEFORE));
    let before = &text[from..at];
    let sentence = before
        .rmatch_indices(['.', '!', '?', '\n'])
        .find(|(i, p)| {
            *p == "\n"
                || before[i + p.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
        })
        .map(|(i, p)| i + p.len());
    if sentence.is_none() && from == 0 {
        return 0;
    }
    let cut = sentence.or_else(|| before.find(char::is_whitespace));
    cut.map_or(at, |i| {
        from + i + (before[i..].len() - before[i..].trim_start().len())
    })
}

/// Where a passage starting at `start` ends: at most `SNIPPET_CHARS` characters on, at the
/// end of a word or of the paragraph, and not before `min_end`.
fn passage_end(text: &str, start: usize, min_end: usize) -> usize {
    let limit = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| start + i)
        .max(min_end);
    if let Some(i) = text[min_end..limit].find('\n') {
        return min_end + i;
    }
    if limit == text.len() {
        return limit;
    }
    text[min_end..limit]
        .rfind(char::is_whitespace)
        .map(|i| min_end + i)
        .unwrap_or_else(|| {
            text[limit..]
                .find(char::is_whitespace)
                .map_or(text.len(), |i| limit + i)
        })
}

/// The passage `within` of `text` with `ranges` (in `text`'s bytes) marked, and an
/// ellipsis where it cuts into a sentence: before it unless it starts the text or a
/// sentence, after it unless it ends the text, a sentence or a paragraph. Empty when no
/// range marks anything.
fn passage(
    text: &str,
    within: std::ops::Range<usize>,
    ranges: impl Iterator<Item = std::ops::Range<usize>>,
) -> Vec<Segment> {
    let (start, end) = (within.start, within.end);
    let mut out = marked(
        &text[within],
        ranges.map(|r| r.start.saturating_sub(start)..r.end.saturating_sub(start)),
    );
    if out.is_empty() {
        return out;
    }
    let head = text[..start].trim_end_matches([' ', '\t']);
    if !(head.is_empty() || head.ends_with(['.', '!', '?', '\n'])) {
        ellipsis(&mut out, true);
    }
    let shown = text[start..end].trim_end();
    let tail = text[end..].trim_start_matches([' ', '\t']);
    if !(tail.is_empty() || tail.starts_with('\n') || shown.ends_with(['.', '!', '?'])) {
        ellipsis(&mut out, false);
    }
    out
}

/// Puts an ellipsis (unmarked) at the front or the back of `segments`, joined to the
/// unmarked stretch there.
fn ellipsis(segments: &mut Vec<Segment>, front: bool) {
    let i = if front { 0 } else { segments.len() - 1 };
    match segments.get_mut(i).filter(|s| !s.hit) {
        Some(s) if front => s.text.insert(0, '…'),
        Some(s) => s.text.push('…'),
        None => {
            let s = Segment {
                text: "…".to_owned(),
                hit: false,
            };
            segments.insert(if front { 0 } else { segments.len() }, s);
        }
    }
}

/// How many words after a passage's first match are sure to be in it (a passage is at most
/// `SNIPPET_CHARS` characters, and starts at most `SNIPPET_BEFORE` bytes before that match).
const PASSAGE_WORDS: u32 = 16;
/// Matches tried as the first of a passage.
const PASSAGE_CANDIDATES: usize = 200;

/// The position of the match a passage should show first (`found`: positions with the
/// index of their term, in order): the first one followed, within `PASSAGE_WORDS` words,
/// by the most different words of the query, so that a passage for `court reform` shows
/// both words where the text has them close together.
fn best_first(found: &[(u32, usize)]) -> Option<u32> {
    let (first, term) = *found.first()?;
    if found.iter().all(|(_, t)| *t == term) {
        return Some(first);
    }
    let mut best = (0, first);
    let mut seen = Vec::new();
    for (i, &(p, _)) in found.iter().enumerate().take(PASSAGE_CANDIDATES) {
        seen.clear();
        for &(q, t) in found[i..]
            .iter()
            .take_while(|(q, _)| *q < p + PASSAGE_WORDS)
        {
            debug_assert!(q >= p);
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        if seen.len() > best.0 {
            best = (seen.len(), p);
        }
    }
    Some(best.1)
}

/// The largest char boundary of `s` at or before `i`.
fn char_floor(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `text` cut into marked (`ranges`, in order, in bytes) and unmarked stretches; empty
/// when no range marks anything.
fn marked(text: &str, ranges: impl Iterator<Item = std::ops::Range<usize>>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in ranges {
        let (Some(before), Some(hit)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        if !before.is_empty() {
            out.push(Segment {
                text: before.to_owned(),
                hit: false,
            });
        }
        out.push(Segment {
            text: hit.to_owned(),
            hit: true,
        });
        at = r.end;
    }
    if out.is_empty() {
        return Vec::new();
    }
    if let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
        out.push(Segment {
            text: rest.to_owned(),
            hit: false,
        });
    }
    out
}

/// What related posts are found from.
#[derive(Debug, Clone)]
pub struct RelatedTo<'a> {
    pub id: i64,
    pub translation_group: i64,
    pub lang: Locale,
    pub title: &'a str,
    pub text: &'a str,
    pub section_ids: &'a [i64],
    pub tag_ids: &'a [i64],
    pub now: i64,
}

/// The search index of one node.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    dir: PathBuf,
    /// The last change-log id applied.
    watermark: AtomicI64,
    /// Set until the index has been built from the database.
    needs_rebuild: AtomicBool,
    /// Set while a full rebuild runs.
    rebuilding: AtomicBool,
    /// The latest publication time in the index: while it is not in the future, searches
    /// need no "already published" filter.
    max_published: AtomicI64,
    /// One catch-up or rebuild at a time.
    busy: tokio::sync::Mutex<()>,
    /// Related posts already found, by article, valid for one index version (watermark).
    related_cache: Mutex<(i64, HashMap<i64, Vec<i64>>)>,
    /// Fast-field columns already opened, for one searcher generation: opening one reads
    /// its block headers, which cost about 2 % of a search when done on every request.
    columns: Mutex<(u64, OpenColumns)>,
}

/// Fast-field columns opened, by segment and field name.
type OpenColumns = HashMap<(SegmentId, &'static str), Column<u64>>;

/// Articles whose related posts are remembered per index version.
const RELATED_CACHE_ENTRIES: usize = 20_000;

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("watermark", &self.watermark)
            .finish_non_exhaustive()
    }
}

/// Memory for the indexing buffers: tantivy flushes a segment when it is full.
const WRITER_BYTES: usize = 96 * 1024 * 1024;

impl SearchIndex {
    /// Opens the index in `dir`, creating it (empty, to be rebuilt) when it is missing,
    /// damaged, half-built or of another schema.
    pub fn open(dir: &Path) -> Result<(Arc<SearchIndex>, Opened)> {
        let (schema, fields) = schema();
        let (index, payload, opened) = match Self::try_open(dir) {
            Ok((index, payload)) => (index, Some(payload), Opened::Existing),
            Err(reason) => {
                if dir.exists() {
                    std::fs::remove_dir_all(dir)?;
                }
                std::fs::create_dir_all(dir)?;
                let index = Index::create_in_dir(dir, schema)?;
                (index, None, Opened::Rebuild(reason))
            }
        };
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let writer = index.writer_with_num_threads(threads, WRITER_BYTES)?;
        let me = SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            dir: dir.to_owned(),
            watermark: AtomicI64::new(payload.as_ref().map_or(0, |p| p.change_id)),
            needs_rebuild: AtomicBool::new(payload.is_none()),
            rebuilding: AtomicBool::new(false),
            max_published: AtomicI64::new(i64::MAX),
            busy: tokio::sync::Mutex::new(()),
            related_cache: Mutex::new((0, HashMap::new())),
            columns: Mutex::new((u64::MAX, HashMap::new())),
        };
        me.note_max_published();
        Ok((Arc::new(me), opened))
    }

    /// Opens an existing index and proves it usable, or says why not.
    fn try_open(dir: &Path) -> Result<(Index, Payload), String> {
        if !dir.join("meta.json").exists() {
            return Err("there is no index yet".into());
        }
        let index = Index::open_in_dir(dir).map_err(|e| format!("the index is damaged ({e})"))?;
        if index.schema() != schema().0 {
            return Err("the index has an older schema".into());
        }
        let metas = index
            .load_metas()
            .map_err(|e| format!("the index is damaged ({e})"))?;
        let payload: Payload = metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .ok_or("the index was not finished")?;
        if payload.schema != SCHEMA_VERSION {
            return Err("the index has an older schema".into());
        }
        register_tokenizers(&index);
        // Read every segment's id column once: a truncated or missing file fails here.
        let reader: IndexReader = index
            .reader()
            .map_err(|e| format!("the index is damaged ({e})"))?;
        let searcher = reader.searcher();
        for segment in searcher.segment_readers() {
            let ids = segment
                .fast_fields()
                .u64("id")
                .map_err(|e| format!("the index is damaged ({e})"))?;
            let _ = ids.first(0);
        }
        searcher
            .search(&tantivy::query::AllQuery, &Count)
            .map_err(|e| format!("the index is damaged ({e})"))?;
        Ok((index, payload))
    }

    /// The directory the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The last change-log id the index reflects.
    pub fn watermark(&self) -> i64 {
        self.watermark.load(Ordering::SeqCst)
    }

    /// True until the index has been built, and while it is being rebuilt: results may be
    /// incomplete.
    pub fn is_incomplete(&self) -> bool {
        self.needs_rebuild.load(Ordering::SeqCst) || self.rebuilding.load(Ordering::SeqCst)
    }

    /// Number of articles in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Brings the index up to date with the change log: a full rebuild when the index is
    /// new, else the articles the changes touch. Returns how many articles were written.
    pub async fn catch_up(self: &Arc<Self>, db: &Db) -> Result<u64> {
        if self.needs_rebuild.load(Ordering::SeqCst) {
            return self.rebuild(db, &|_, _| {}).await;
        }
        let _busy = self.busy.lock().await;
        let mut written = 0;
        loop {
            let since = self.watermark();
            let changes = db.list_changes_since(since, 500).await?;
            let Some(last) = changes.last().map(|c| c.id) else {
                return Ok(written);
            };
            let mut ids = Vec::new();
            for c in &changes {
                let linked = match c.entity.as_str() {
                    "article" => {
                        ids.push(c.entity_id);
                        continue;
                    }
                    "author" => Linked::Author(c.entity_id),
                    "section" => Linked::Section(c.entity_id),
                    "tag" => Linked::Tag(c.entity_id),
                    _ => continue,
                };
                ids.extend(db.list_linked_article_ids(linked).await?);
            }
            ids.sort_unstable();
            ids.dedup();
            let mut docs = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(500) {
                docs.extend(db.list_search_docs(chunk).await?);
            }
            written += u64::try_from(docs.len()).unwrap_or(0);
            let me = self.clone();
            tokio::task::spawn_blocking(move || me.replace(&ids, &docs, last))
                .await
                .map_err(|e| Error::Task(e.to_string()))??;
        }
    }

    /// Removes `ids`, adds the published ones among `docs`, commits at change `last`.
    fn replace(&self, ids: &[i64], docs: &[SearchDoc], last: i64) -> Result<()> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| Error::Task("the index writer was poisoned".into()))?;
        for id in ids {
            writer.delete_term(Term::from_field_u64(self.fields.id, as_u64(*id)));
        }
        for d in docs.iter().filter(|d| d.published) {
            writer.add_document(self.document(d))?;
        }
        self.commit(&mut writer, last)
    }

    fn commit(&self, writer: &mut IndexWriter, last: i64) -> Result<()> {
        let payload = serde_json::to_string(&Payload {
            schema: SCHEMA_VERSION,
            change_id: last,
        })
        .map_err(|e| Error::Task(e.to_string()))?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        self.note_max_published();
        self.watermark.store(last, Ordering::SeqCst);
        Ok(())
    }

    /// Remembers the latest publication time among the indexed articles (deleted ones
    /// included, which errs on the side of filtering).
    fn note_max_published(&self) {
        let searcher = self.reader.searcher();
        let mut max = i64::MIN;
        for segment in searcher.segment_readers() {
            match segment.fast_fields().i64("published") {
                Ok(column) => max = max.max(column.max_value()),
                Err(_) => max = i64::MAX,
            }
        }
        self.max_published.store(max, Ordering::SeqCst);
    }

    /// Rebuilds the whole index from the database; `progress(done, total)` is called after
    /// each batch. Changes made meanwhile are applied by the next catch-up.
    pub async fn rebuild(
        self: &Arc<Self>,
        db: &Db,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<u64> {
        let _busy = self.busy.lock().await;
        self.rebuilding.store(true, Ordering::SeqCst);
        let outcome = self.rebuild_locked(db, progress).await;
        // Background merges are off while rebuilding (it ends by merging everything).
        if let Ok(writer) = self.writer.lock() {
            writer.set_merge_policy(Box::new(LogMergePolicy::default()));
        }
        self.rebuilding.store(false, Ordering::SeqCst);
        if outcome.is_ok() {
            self.needs_rebuild.store(false, Ordering::SeqCst);
        }
        outcome
    }

    async fn rebuild_locked(
        self: &Arc<Self>,
        db: &Db,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<u64> {
        let started = std::time::Instant::now();
        let mark = db.last_change_id().await?;
        let total = u64::try_from(db.count_published_articles().await?).unwrap_or(0);
        {
            let writer = self
                .writer
                .lock()
                .map_err(|_| Error::Task("the index writer was poisoned".into()))?;
            writer.set_merge_policy(Box::new(NoMergePolicy));
            writer.delete_all_documents()?;
        }
        let mut after = 0;
        let mut done = 0;
        // Read the next batch while the previous one is being indexed.
        let mut next = db.list_published_search_docs(after, BATCH).await?;
        while !next.is_empty() {
            let docs = std::mem::take(&mut next);
            after = docs.last().map_or(after, |d| d.id);
            done += u64::try_from(docs.len()).unwrap_or(0);
            let me = self.clone();
            let adding = tokio::task::spawn_blocking(move || me.add_all(&docs));
            next = db.list_published_search_docs(after, BATCH).await?;
            adding.await.map_err(|e| Error::Task(e.to_string()))??;
            progress(done, total);
        }
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut writer = me
                .writer
                .lock()
                .map_err(|_| Error::Task("the index writer was poisoned".into()))?;
            me.commit(&mut writer, mark)?;
            me.merge_all(&mut writer)
        })
        .await
        .map_err(|e| Error::Task(e.to_string()))??;
        tracing::info!(articles = done, elapsed = ?started.elapsed(), "search index rebuilt");
        Ok(done)
    }

    /// Merges every segment into one, after a rebuild: a search looks up each of its terms
    /// in every segment, so one segment instead of the seven or so a rebuild leaves makes
    /// each search cheaper. Later changes add small segments, which tantivy's merge policy
    /// folds together as usual. A merge that fails (a merge begun before the rebuild still
    /// holding some segment) leaves a complete index in several segments.
    fn merge_all(&self, writer: &mut IndexWriter) -> Result<()> {
        let ids = self.index.searchable_segment_ids()?;
        if ids.len() > 1 {
            if let Err(e) = writer.merge(&ids).wait() {
                tracing::warn!(error = %e, "the rebuilt index stays in several segments");
            }
            self.reader.reload()?;
        }
        Ok(())
    }

    fn add_all(&self, docs: &[SearchDoc]) -> Result<()> {
        let writer = self
            .writer
            .lock()
            .map_err(|_| Error::Task("the index writer was poisoned".into()))?;
        for d in docs {
            writer.add_document(self.document(d))?;
        }
        Ok(())
    }

    fn document(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let slot = lang_slot(d.lang);
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, as_u64(d.id));
        doc.add_u64(f.group, as_u64(d.translation_group));
        doc.add_text(f.lang, d.lang.code());
        doc.add_i64(f.published, d.published_at);
        for id in &d.section_ids {
            doc.add_u64(f.sections, as_u64(*id));
        }
        for id in &d.author_ids {
            doc.add_u64(f.authors, as_u64(*id));
        }
        for id in &d.tag_ids {
            doc.add_u64(f.tags, as_u64(*id));
        }
        doc.add_text(f.title[slot], &d.title);
        doc.add_text(f.standfirst[slot], &d.standfirst);
        // The text first, so that its positions are the same in the body field as in the
        // text (passages are found from them); the rest after it, each value apart (a
        // phrase does not run from one into the next).
        doc.add_text(f.body[slot], &d.body_text);
        doc.add_u64(
            f.words,
            u64::try_from(Words::new(&d.body_text).count()).unwrap_or(u64::MAX),
        );
        doc.add_text(f.body[slot], &d.title);
        doc.add_text(f.body[slot], &d.standfirst);
        for name in d
            .author_names
            .iter()
            .chain(&d.section_names)
            .chain(&d.tag_names)
        {
            doc.add_text(f.names[slot], name);
            doc.add_text(f.body[slot], name);
            doc.add_text(f.prefix_more[slot], name);
        }
        doc.add_text(f.prefix[slot], &d.title);
        doc
    }

    /// Runs a reader's search. Text that holds no searchable word finds nothing.
    pub fn search(&self, s: &Search<'_>) -> Result<Results> {
        let searcher = self.reader.searcher();
        let parts = parse_text(s.text);
        let Some(tq) = query::text_query(&self.index, &self.fields, &parts, s.lang, s.prefix)?
        else {
            return Ok(Results::empty());
        };
        let text_query = tq.full();
        let filters = self.filters(s);
        let filtered = |mut clauses: Vec<(Occur, Box<dyn Query>)>| -> Box<dyn Query> {
            clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        };
        // The documents that match, scored by the body field alone.
        let required = filtered(tq.required());
        let limit = s.limit.clamp(1, 100);
        // The page's hits alone (a top-k by score lets tantivy skip what cannot make it),
        // then the matches counted separately, up to the cap.
        let hits: Vec<DocAddress> = match s.sort {
            Sort::Relevance if tq.splits() => best_of_two(
                &searcher,
                &*required,
                &*filtered(tq.required_with_extras()),
                s.offset,
                limit,
            )?,
            Sort::Relevance => {
                let full = if filters.is_empty() {
                    text_query.box_clone()
                } else {
                    filtered(vec![(Occur::Must, text_query.box_clone())])
                };
                searcher
                    .search(
                        &full,
                        &TopDocs::with_limit(limit)
                            .and_offset(s.offset)
                            .order_by_score(),
                    )?
                    .into_iter()
                    .map(|(_, a)| a)
                    .collect()
            }
            // The same documents as the whole query; scores do not count.
            Sort::Newest => searcher
                .search(
                    &required,
                    &TopDocs::with_limit(limit)
                        .and_offset(s.offset)
                        .order_by_fast_field::<i64>("published", Order::Desc),
                )?
                .into_iter()
                .map(|(_, a)| a)
                .collect(),
        };
        let (total, more) = match s.count_up_to {
            None => (searcher.search(&required, &Count)?, false),
            Some(cap) => {
                let n = searcher.search(&required, &CountUpTo(cap.saturating_add(1)))?;
                if n > cap { (cap, true) } else { (n, false) }
            }
        };
        let found = self.ids_of(&searcher, &hits)?;
        let ids = found.iter().map(|(_, id)| *id).collect();
        let marks = if found.is_empty() || s.skip_passages {
            None
        } else {
            let shown = [self.fields.body, self.fields.standfirst];
            let mut terms: Vec<Term> = Vec::new();
            text_query.query_terms(&mut |t, _| {
                if shown.iter().flatten().any(|f| *f == t.field()) && !terms.contains(t) {
                    terms.push(t.clone());
                }
            });
            let analyzer = |slot: usize| -> Result<Mutex<TextAnalyzer>> {
                Ok(Mutex::new(
                    self.index.tokenizer_for_field(self.fields.body[slot])?,
                ))
            };
            let at: Vec<DocAddress> = found.iter().map(|(a, _)| *a).collect();
            let words = self.fast_u64(&searcher, &at, "words")?;
            Some(Marks {
                searcher,
                query: text_query,
                fields: self.fields,
                hits: found
                    .iter()
                    .zip(words)
                    .map(|((a, id), words)| (*id, (*a, words.unwrap_or(0))))
                    .collect(),
                terms,
                analyzers: [analyzer(0)?, analyzer(1)?],
                fallback: Default::default(),
            })
        };
        Ok(Results {
            ids,
            total,
            more,
            marks,
        })
    }

    /// Section, author, date and "already published" filters (the language is chosen by the
    /// fields the text is matched in).
    fn filters(&self, s: &Search<'_>) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(id) = s.section {
            out.push((
                Occur::Must,
                term(Term::from_field_u64(f.sections, as_u64(id))),
            ));
        }
        if let Some(id) = s.author {
            out.push((
                Occur::Must,
                term(Term::from_field_u64(f.authors, as_u64(id))),
            ));
        }
        let upper = s.to.map_or(s.now, |t| t.min(s.now));
        let lower = s.from.map_or(Bound::Unbounded, |t| {
            Bound::Included(Term::from_field_i64(f.published, t))
        });
        let future_indexed = self.max_published.load(Ordering::SeqCst) > upper;
        if future_indexed || s.from.is_some() {
            out.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    lower,
                    Bound::Included(Term::from_field_i64(f.published, upper)),
                )),
            ));
        }
        out
    }

    /// The article id of each hit (a hit without one, which indexing never makes, is
    /// left out).
    fn ids_of(&self, searcher: &Searcher, hits: &[DocAddress]) -> Result<Vec<(DocAddress, i64)>> {
        Ok(hits
            .iter()
            .zip(self.fast_u64(searcher, hits, "id")?)
            .filter_map(|(a, id)| Some((*a, i64::try_from(id?).unwrap_or(i64::MAX))))
            .collect())
    }

    /// The value of the fast field `name` of each hit.
    fn fast_u64(
        &self,
        searcher: &Searcher,
        hits: &[DocAddress],
        name: &'static str,
    ) -> Result<Vec<Option<u64>>> {
        let generation = searcher.generation().generation_id();
        let mut out = Vec::with_capacity(hits.len());
        // Only a cache: a panic elsewhere while it was held leaves nothing half-written.
        let mut cache = self
            .columns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if cache.0 != generation {
            *cache = (generation, HashMap::new());
        }
        for a in hits {
            let segment = searcher.segment_reader(a.segment_ord);
            let column = match cache.1.entry((segment.segment_id(), name)) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(segment.fast_fields().u64(name)?),
            };
            out.push(column.first(a.doc_id));
        }
        Ok(out)
    }

    /// Articles like this one: similar words (more-like-this over title and text), boosted
    /// by shared sections and tags; never the article itself or its translations.
    /// Results are remembered until the index changes.
    pub fn related(&self, r: &RelatedTo<'_>, limit: usize) -> Result<Vec<i64>> {
        let version = self.watermark();
        if let Ok(cache) = self.related_cache.lock()
            && cache.0 == version
            && let Some(ids) = cache.1.get(&r.id)
        {
            return Ok(ids.clone());
        }
        let ids = self.find_related(r, limit)?;
        if let Ok(mut cache) = self.related_cache.lock() {
            if cache.0 != version || cache.1.len() >= RELATED_CACHE_ENTRIES {
                *cache = (version, HashMap::new());
            }
            cache.1.insert(r.id, ids.clone());
        }
        Ok(ids)
    }

    fn find_related(&self, r: &RelatedTo<'_>, limit: usize) -> Result<Vec<i64>> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let slot = lang_slot(r.lang);
        // Words in more than one article in twenty say nothing about what this one is about.
        let common = (searcher.num_docs() / 20).max(10);
        let similar = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency(common)
            .with_min_term_frequency(2)
            .with_max_query_terms(30)
            .with_min_word_length(4)
            .with_max_word_length(40)
            .with_boost_factor(1.0)
            .with_document_fields(vec![
                (f.title[slot], vec![OwnedValue::Str(r.title.to_owned())]),
                (f.body[slot], vec![OwnedValue::Str(r.text.to_owned())]),
            ]);
        let mut should: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(similar))];
        for id in r.section_ids {
            should.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    term(Term::from_field_u64(f.sections, as_u64(*id))),
                    1.5,
                )),
            ));
        }
        for id in r.tag_ids {
            should.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    term(Term::from_field_u64(f.tags, as_u64(*id))),
                    2.0,
                )),
            ));
        }
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(should))),
            (
                Occur::Must,
                term(Term::from_field_text(f.lang, r.lang.code())),
            ),
            (
                Occur::MustNot,
                term(Term::from_field_u64(f.group, as_u64(r.translation_group))),
            ),
            (
                Occur::MustNot,
                term(Term::from_field_u64(f.id, as_u64(r.id))),
            ),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(f.published, r.now)),
                )),
            ),
        ]);
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(limit.clamp(1, 50)).order_by_score(),
        )?;
        let hits: Vec<DocAddress> = top.into_iter().map(|(_, a)| a).collect();
        Ok(self
            .ids_of(&searcher, &hits)?
            .into_iter()
            .map(|(_, id)| id)
            .collect())
    }
}

/// The best `limit` documents after `offset` of a search of several parts, found in two
/// steps instead of scoring the title, standfirst and names of every document matching all
/// the parts (see `TextQuery`):
/// - `with_extras`: the documents some of those fields match too, fully scored; usually
///   few;
/// - `required`: the best documents by the body field alone, a conjunction of terms that
///   tantivy searches with block-max WAND; a document no other field matches has that
///   score in full.
///
/// Every document of the true top `offset + limit` is in the top of one of the two: the
/// same page as the whole query, in the same order (ties by address).
fn best_of_two(
    searcher: &Searcher,
    required: &dyn Query,
    with_extras: &dyn Query,
    offset: usize,
    limit: usize,
) -> Result<Vec<DocAddress>> {
    let top = TopDocs::with_limit(offset + limit).order_by_score();
    let mut all = searcher.search(with_extras, &top)?;
    // A document in both lists keeps its full score, from the first.
    let seen: std::collections::HashSet<DocAddress> = all.iter().map(|(_, a)| *a).collect();
    all.extend(
        searcher
            .search(required, &top)?
            .into_iter()
            .filter(|(_, a)| !seen.contains(a)),
    );
    all.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    Ok(all
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(_, a)| a)
        .collect())
}

/// Counts matching documents, stopping at `.0` in each segment: the fruit is exact below
/// that number and at least that number otherwise.
struct CountUpTo(usize);

impl Collector for CountUpTo {
    type Fruit = usize;
    type Child = CountUpToSegment;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(CountUpToSegment(0))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, counts: Vec<usize>) -> tantivy::Result<usize> {
        Ok(counts.into_iter().sum::<usize>().min(self.0))
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<usize> {
        let mut docs = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut n = 0;
        let mut doc = docs.doc();
        while doc != TERMINATED && n < self.0 {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                n += 1;
            }
            doc = docs.advance();
        }
        Ok(n)
    }
}

/// Unused: `CountUpTo` counts in `collect_segment`.
struct CountUpToSegment(usize);

impl SegmentCollector for CountUpToSegment {
    type Fruit = usize;

    fn collect(&mut self, _: DocId, _: Score) {
        self.0 += 1;
    }

    fn harvest(self) -> usize {
        self.0
    }
}

fn term(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::Basic))
}

/// Database ids are positive; a negative one (never stored) maps to 0.
fn as_u64(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{TokenStream, Tokenizer};

    /// Every word's byte range, as tantivy's tokenizer gives it.
    fn tokens(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert_eq!(t.position, out.len());
            out.push(t.offset_from..t.offset_to);
        }
        out
    }

    /// `best_of_two` gives the page the whole query gives, on text where titles,
    /// standfirsts and names reorder what the body alone would rank, with and without a
    /// filter.
    #[test]
    fn a_search_of_several_words_finds_the_same_page_in_two_steps() {
        let dir = std::env::temp_dir().join(format!("revista-two-steps-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (index, _) = SearchIndex::open(&dir).expect("index opens");
        let filler = [
            "harbour", "minister", "budget", "village", "winter", "cranes", "vote",
        ];
        let docs: Vec<SearchDoc> = (0..90_i64)
            .map(|i| {
                let n = usize::try_from(i).unwrap_or(0);
                let mut body = Vec::new();
                for k in 0..(n % 9 + 1) {
                    body.push("court");
                    body.extend(filler.iter().cycle().skip(k + n).take(n % 13 + 2));
                }
                body.extend(std::iter::repeat_n("reform", n % 4 + 1));
                body.extend(filler.iter().cycle().skip(n).take(n % 17));
                SearchDoc {
                    id: i + 1,
                    lang: Locale::En,
                    translation_group: i + 1,
                    published: true,
                    published_at: 1_000 + i,
                    title: if n % 7 == 0 {
                        format!("Court ruling {i}")
                    } else {
                        format!("Story {i}")
                    },
                    standfirst: if n % 5 == 0 {
                        "A reform plan for judges".into()
                    } else {
                        "News of the day".into()
                    },
                    body_text: body.join(" "),
                    author_ids: vec![1],
                    author_names: vec![
                        if n % 11 == 0 {
                            "Reform Court"
                        } else {
                            "Ana Hoxha"
                        }
                        .into(),
                    ],
                    section_ids: vec![1 + i % 3],
                    section_names: vec!["News".into()],
                    tag_ids: vec![],
                    tag_names: vec![],
                }
            })
            .collect();
        index.replace(&[], &docs, 1).expect("indexed");
        let searcher = index.reader.searcher();
        let cases = [
            ("court reform", None),
            ("reform court", None),
            ("court reform harbour", None),
            ("court reform", Some(3)),
            ("reform court harbour", Some(2)),
        ];
        for (text, section) in cases {
            let tq = query::text_query(
                &index.index,
                &index.fields,
                &parse_text(text),
                Some(Locale::En),
                false,
            )
            .expect("query")
            .expect("words");
            assert!(tq.splits());
            let filter: Vec<(Occur, Box<dyn Query>)> = section
                .map(|id| {
                    (
                        Occur::Must,
                        term(Term::from_field_u64(index.fields.sections, id)),
                    )
                })
                .into_iter()
                .collect();
            let with_filter = |mut clauses: Vec<(Occur, Box<dyn Query>)>| {
                clauses.extend(filter.iter().map(|(o, q)| (*o, q.box_clone())));
                BooleanQuery::new(clauses)
            };
            let whole_query = with_filter(vec![(Occur::Must, tq.full())]);
            for (offset, limit) in [(0, 10), (0, 3), (5, 5), (20, 10), (80, 10)] {
                let whole: Vec<DocAddress> = searcher
                    .search(
                        &whole_query,
                        &TopDocs::with_limit(limit)
                            .and_offset(offset)
                            .order_by_score(),
                    )
                    .expect("search")
                    .into_iter()
                    .map(|(_, a)| a)
                    .collect();
                let split = best_of_two(
                    &searcher,
                    &with_filter(tq.required()),
                    &with_filter(tq.required_with_extras()),
                    offset,
                    limit,
                )
                .expect("search");
                assert_eq!(split, whole, "{text} {section:?} {offset} {limit}");
                assert!(offset >= 20 || !whole.is_empty(), "{text} {offset}");
            }
        }
        drop(index);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn words_are_the_tokenizers() {
        let texts = [
            "",
            "   ",
            "Hello, happy tax payer!",
            "Çështja e zgjedhjeve: 2025–2026, “Kuvendi” s'u mblodh…",
            "Ministri—ministrat  ministrave;ministër",
            "naïve café Zürich Σωκράτης Москва 東京 ٣٤ x² ½ ª µ º ǃ",
            "price×2÷3 Ŋ ɏ ɐ",
            "emoji 👍🏽 between, words.and-dots",
            "trailing word",
            "x",
        ];
        for text in texts {
            let want = tokens(text);
            let got: Vec<_> = Words::new(text).collect();
            assert_eq!(got.len(), want.len(), "{text:?}");
            for (i, ((position, range), want)) in got.into_iter().zip(want).enumerate() {
                assert_eq!(position as usize, i, "{text:?}");
                assert_eq!(range, want, "{text:?} word {i}");
            }
        }
        // The short cut for accented Latin letters says what the Unicode tables say.
        for c in '\u{80}'..'\u{300}' {
            let text = c.to_string();
            assert_eq!(
                Words::new(&text).count(),
                usize::from(c.is_alphanumeric()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn passages_start_at_a_sentence_or_a_word_and_end_at_a_word() {
        let text = "One. Two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen. Sixteen match here and the passage goes on.";
        let at = text.find("match").expect("in text");
        let start = passage_start(text, at);
        assert_eq!(&text[start..at], "Sixteen ", "its sentence, close enough");
        let long = format!("{} match{}", "word ".repeat(40), " word".repeat(40));
        let at = long.find("match").expect("in text");
        let start = passage_start(&long, at);
        assert!(at - start <= SNIPPET_BEFORE && long[start..].starts_with("word"));
        assert_eq!(passage_start("short match", 6), 0);
        let end = passage_end(&long, 0, 5);
        assert!(long[..end].chars().count() <= SNIPPET_CHARS);
        assert!(long[..end].ends_with("word"), "{:?}", &long[..end]);
        let paragraphs = "First match here.\n\nSecond paragraph.";
        assert_eq!(passage_end(paragraphs, 0, 11), "First match here.".len());
        let at = paragraphs.find("Second").expect("in text");
        assert_eq!(passage_start(paragraphs, at), at, "a paragraph starts it");
        let one = "x".repeat(300);
        assert_eq!(
            passage_end(&one, 0, 300),
            300,
            "one long word is kept whole"
        );
    }

    #[test]
    fn an_ellipsis_shows_only_where_a_passage_cuts_into_a_sentence() {
        let shown = |text: &str, from: &str, to: &str| -> String {
            let start = text.find(from).expect("in text");
            let end = text.find(to).expect("in text") + to.len();
            let at = text.find("match").expect("in text");
            passage(text, start..end, std::iter::once(at..at + 5))
                .iter()
                .map(|s| {
                    if s.hit {
                        format!("[{}]", s.text)
                    } else {
                        s.text.clone()
                    }
                })
                .collect()
        };
        let text = "One sentence. A match in the second one, which goes on and on.\n\nNext.";
        assert_eq!(
            shown(text, "A", "on and on."),
            "A [match] in the second one, which goes on and on."
        );
        assert_eq!(
            shown(text, "A", "on and"),
            "A [match] in the second one, which goes on and…"
        );
        assert_eq!(shown(text, "match", "one,"), "…[match] in the second one,…");
        assert_eq!(
            shown(text, "One", "second"),
            "One sentence. A [match] in the second…"
        );
        let text = "A match with no full stop\nand more";
        assert_eq!(
            shown(text, "A", "stop"),
            "A [match] with no full stop",
            "its paragraph ends"
        );
        assert_eq!(shown(text, "match", "match"), "…[match]…");
    }
}
