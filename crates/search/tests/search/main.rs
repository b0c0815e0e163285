//! The search index against a real database, on every backend under test: indexing from
//! the change log, folding and stemming, filters, hostile input, related posts, and
//! rebuilding a missing or damaged index.

use std::sync::Arc;

use domain::{ArticleDraft, ArticleStatus, Block, Document, Inline, Locale, Localized, Slug};
use search::{Opened, RelatedTo, Search, SearchIndex, Sort};
use store::Db;
use store::authors::NewAuthor;
use store::taxonomy::{NewSection, NewTerm};
use testkit::{NOW, TestDb};

const DAY: i64 = 86_400;

fn doc(paragraphs: &[&str]) -> Document {
    Document {
        version: 1,
        blocks: paragraphs
            .iter()
            .map(|p| Block::Paragraph {
                content: vec![Inline::Text {
                    text: (*p).into(),
                    marks: vec![],
                }],
            })
            .collect(),
        footnotes: vec![],
    }
}

struct Fixture {
    db: Db,
    politics: i64,
    economy: i64,
    ana: i64,
    ben: i64,
    tag: i64,
}

struct Art<'a> {
    lang: Locale,
    slug: &'a str,
    title: &'a str,
    standfirst: &'a str,
    body: &'a str,
    section: i64,
    author: i64,
    published_at: i64,
    group: Option<i64>,
    tags: Vec<i64>,
}

impl Fixture {
    async fn new(db: Db) -> Fixture {
        let section = |key: &str, sq: &str, en: &str| NewSection {
            parent_id: None,
            position: 0,
            key: key.into(),
            slug: Localized::new(format!("{key}-sq"), format!("{key}-en")),
            name: Localized::new(sq, en),
            description: Localized::default(),
            in_menu: true,
        };
        let politics = db
            .insert_section(&section("politics", "Politikë", "Politics"), NOW)
            .await
            .expect("section");
        let economy = db
            .insert_section(&section("economy", "Ekonomi", "Economy"), NOW)
            .await
            .expect("section");
        let author = |slug: &str, name: &str| NewAuthor {
            slug: slug.into(),
            name: name.into(),
            email: None,
            bio: Localized::default(),
            photo_media_id: None,
            links: vec![],
        };
        let ana = db
            .insert_author(&author("ana", "Ana Gjoni"), NOW)
            .await
            .expect("author");
        let ben = db
            .insert_author(&author("ben", "Ben Hoxha"), NOW)
            .await
            .expect("author");
        let tag = db
            .insert_tag(
                &NewTerm {
                    position: 0,
                    key: "energy".into(),
                    slug: Localized::new("energji", "energy"),
                    name: Localized::new("Energji", "Energy"),
                },
                NOW,
            )
            .await
            .expect("tag");
        Fixture {
            db,
            politics,
            economy,
            ana,
            ben,
            tag,
        }
    }

    async fn add(&self, a: Art<'_>) -> i64 {
        self.db
            .insert_article(
                &ArticleDraft {
                    lang: a.lang,
                    translation_group: a.group,
                    status: ArticleStatus::Published,
                    title: a.title.into(),
                    slug: Slug::parse(a.slug).expect("slug"),
                    standfirst: a.standfirst.into(),
                    body: doc(&[a.body]),
                    author_note: String::new(),
                    seo_title: String::new(),
                    seo_description: String::new(),
                    featured_media_id: None,
                    social_media_id: None,
                    scheduled_at: None,
                    published_at: Some(a.published_at),
                    updated_at: None,
                    section_ids: vec![a.section],
                    tag_ids: a.tags,
                    region_ids: vec![],
                    author_ids: vec![a.author],
                    is_top: false,
                },
                NOW,
            )
            .await
            .expect("article")
    }

    fn art<'a>(&self, lang: Locale, slug: &'a str, title: &'a str, body: &'a str) -> Art<'a> {
        Art {
            lang,
            slug,
            title,
            standfirst: "",
            body,
            section: self.politics,
            author: self.ana,
            published_at: NOW - DAY,
            group: None,
            tags: vec![],
        }
    }
}

/// Runs `body` with a fixture and a fresh index directory on every backend.
async fn each_backend<F, Fut>(body: F)
where
    F: Fn(Fixture, Arc<SearchIndex>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for kind in testkit::backends() {
        let tdb = TestDb::new(kind).await;
        let fx = Fixture::new(tdb.db.clone()).await;
        let (index, opened) = SearchIndex::open(&tdb.dir.join("search")).expect("index opens");
        assert!(
            matches!(opened, Opened::Rebuild(_)),
            "{kind:?}: a new index must be built"
        );
        body(fx, index).await;
        tdb.db.close().await;
    }
}

fn find<'a>(text: &'a str) -> Search<'a> {
    Search {
        text,
        limit: 10,
        now: NOW,
        ..Search::default()
    }
}

/// A live search while `text` is being typed: its last word may be a prefix.
fn typing<'a>(text: &'a str) -> Search<'a> {
    Search {
        prefix: true,
        ..find(text)
    }
}

fn ids(index: &SearchIndex, s: &Search<'_>) -> Vec<i64> {
    index.search(s).expect("search runs").ids
}

#[tokio::test]
async fn folds_albanian_diacritics_and_stems_english() {
    each_backend(|fx, index| async move {
        let sq = fx
            .add(fx.art(
                Locale::Sq,
                "ceshtja",
                "Çështja e zgjedhjëve në veri",
                "Komisioni shqyrtoi çështjen e votimit. Ministri i drejtësisë foli.",
            ))
            .await;
        let en = fx
            .add(fx.art(
                Locale::En,
                "elections",
                "Elections in the north",
                "The commission reviewed the voting question.",
            ))
            .await;
        index.catch_up(&fx.db).await.expect("catch-up");
        assert_eq!(index.len(), 2);
        assert_eq!(ids(&index, &find("ceshtja")), vec![sq], "ç and ë fold");
        assert_eq!(ids(&index, &find("ÇËSHTJA")), vec![sq], "case folds");
        assert_eq!(ids(&index, &find("zgjedhjeve")), vec![sq]);
        assert_eq!(ids(&index, &find("zgjedhjëve")), vec![sq]);
        // Albanian endings are stemmed lightly: other forms of the same nouns meet.
        assert_eq!(ids(&index, &find("zgjedhje")), vec![sq], "zgjedhje");
        assert_eq!(ids(&index, &find("zgjedhjet")), vec![sq], "zgjedhjet");
        assert_eq!(ids(&index, &find("çështje")), vec![sq], "çështje");
        assert_eq!(ids(&index, &find("votimi")), vec![sq], "votimi");
        // `-ër` loses its `ë` in inflection: the base form finds the inflected one.
        assert_eq!(ids(&index, &find("ministër")), vec![sq], "ministër");
        assert_eq!(ids(&index, &find("ministrat")), vec![sq], "ministrat");
        assert_eq!(
            ids(&index, &find("election")),
            vec![en],
            "English is stemmed"
        );
        assert_eq!(ids(&index, &find("reviewing votes")), vec![en]);
        assert_eq!(
            ids(&index, &find("Ana Gjoni")).len(),
            2,
            "author names are searched"
        );
        assert_eq!(
            ids(&index, &find("politics")),
            vec![en],
            "section names per language"
        );
        assert_eq!(ids(&index, &find("politike")), vec![sq]);
        assert!(ids(&index, &find("nothing-like-this")).is_empty());
        assert_eq!(
            ids(&index, &find("\"the voting question\"")),
            vec![en],
            "phrases"
        );
        assert!(
            ids(&index, &find("\"question the voting\"")).is_empty(),
            "phrase order counts"
        );
    })
    .await;
}

/// `-të`/`-ve` after `i` may be a plural ending (`shtëpitë`) or part of the stem (`vizitë`):
/// such words are indexed with both stems, and found by either.
#[tokio::test]
async fn albanian_plurals_in_te_and_ve_meet_their_singular() {
    each_backend(|fx, index| async move {
        let body =
            "Pas vizitës së ministrit, shtëpitë e qytetit u rindërtuan me ndihmën e partive.";
        let houses = fx
            .add(fx.art(Locale::Sq, "shtepite", "Rindërtimi", body))
            .await;
        let visit = fx
            .add(fx.art(
                Locale::Sq,
                "vizita",
                "Vizita",
                "Një vizitë e shkurtër në veri.",
            ))
            .await;
        index.catch_up(&fx.db).await.expect("catch-up");
        for word in ["shtëpi", "shtëpia", "shtepine", "shtëpitë", "shtëpive"] {
            assert_eq!(ids(&index, &find(word)), vec![houses], "{word}");
        }
        assert_eq!(ids(&index, &find("partia")), vec![houses], "partive");
        assert_eq!(
            ids(&index, &find("shtëpi partitë")),
            vec![houses],
            "two words"
        );
        assert_eq!(
            ids(&index, &find("\"shtëpitë e qytetit\"")),
            vec![houses],
            "a phrase"
        );
        let mut both = ids(&index, &find("vizita"));
        both.sort_unstable();
        assert_eq!(both, vec![houses.min(visit), houses.max(visit)], "vizita");
        let r = index.search(&find("shtëpia")).expect("search");
        let marked: Vec<String> = r
            .snippet(houses, Locale::Sq, body)
            .into_iter()
            .filter(|s| s.hit)
            .map(|s| s.text)
            .collect();
        assert_eq!(marked, ["shtëpitë"], "the plural is marked");
    })
    .await;
}

/// A phrase holding a word of two stems matches either at that place: the plural in the
/// query finds the singular in the text, as the word alone does.
#[tokio::test]
async fn a_phrase_with_a_plural_finds_the_singular_in_its_place() {
    each_backend(|fx, index| async move {
        let town = fx
            .add(fx.art(
                Locale::Sq,
                "qyteti",
                "Qyteti",
                "Shtëpia e qytetit u rindërtua pas tërmetit.",
            ))
            .await;
        let village = fx
            .add(fx.art(
                Locale::Sq,
                "fshati",
                "Fshati",
                "Shtëpitë e fshatit mbetën bosh gjatë dimrit.",
            ))
            .await;
        index.catch_up(&fx.db).await.expect("catch-up");
        for (q, want) in [
            ("\"shtëpitë e qytetit\"", vec![town]),
            ("\"shtëpia e qytetit\"", vec![town]),
            ("\"shtëpitë e fshatit\"", vec![village]),
            ("\"shtëpi e fshatit\"", vec![village]),
            ("\"shtepite e qytetit u rindertua\"", vec![town]),
            ("\"qytetit shtëpitë\"", vec![]),
            ("\"shtëpitë e dimrit\"", vec![]),
        ] {
            assert_eq!(ids(&index, &find(q)), want, "{q}");
        }
    })
    .await;
}

#[tokio::test]
async fn every_word_must_match_somewhere_and_titles_rank_first() {
    each_backend(|fx, index| async move {
        // "harbour" in the title, "cranes" in the text, "Gjoni" in the byline.
        let spread = fx
            .add(fx.art(
                Locale::En,
                "harbour",
                "Harbour reopens",
                "New cranes arrived at the port this week.",
            ))
            .await;
        let in_text = fx
            .add(fx.art(
                Locale::En,
                "port",
                "Port news",
                "The harbour board counted the cranes again.",
            ))
            .await;
        let one_word = fx
            .add(fx.art(
                Locale::En,
                "cranes",
                "Birds of the lake",
                "Cranes nest by the shore.",
            ))
            .await;
        // The text ends with "prime" and the title starts with "Minister".
        let phrase_across = fx
            .add(fx.art(
                Locale::En,
                "across",
                "Minister visits",
                "The talks were called prime",
            ))
            .await;
        index.catch_up(&fx.db).await.expect("catch-up");

        assert_eq!(
            ids(&index, &find("harbour cranes")),
            vec![spread, in_text],
            "both words, in any field; the title match first"
        );
        assert_eq!(
            ids(&index, &find("harbour cranes gjoni")),
            vec![spread, in_text],
            "a word from the byline counts"
        );
        assert!(ids(&index, &find("harbour cranes lake")).is_empty());
        assert_eq!(
            ids(&index, &find("cranes")).len(),
            3,
            "one word: every article with it"
        );
        assert!(!ids(&index, &find("cranes")).contains(&phrase_across));
        assert_eq!(
            ids(&index, &find("cranes lake")),
            vec![one_word],
            "a title word and a text word"
        );
        assert!(
            ids(&index, &find("\"prime minister\"")).is_empty(),
            "a phrase does not run from the text into the title"
        );
        assert_eq!(
            ids(&index, &find("\"minister visits\"")),
            vec![phrase_across],
            "a phrase in the title"
        );
        let r = index.search(&find("harbour cranes")).expect("search");
        assert!(
            r.snippet(
                in_text,
                Locale::En,
                "The harbour board counted the cranes again."
            )
            .iter()
            .any(|s| s.hit),
            "the text's match is marked"
        );
        assert!(
            r.snippet(
                spread,
                Locale::En,
                "New cranes arrived at the port this week."
            )
            .iter()
            .any(|s| s.hit && s.text == "cranes"),
            "the passage comes from the text, not the title"
        );
    })
    .await;
}

#[tokio::test]
async fn follows_publishing_edits_and_unpublishing() {
    each_backend(|fx, index| async move {
        let id = fx
            .add(fx.art(
                Locale::En,
                "budget",
                "The budget vote",
                "Parliament debated the budget.",
            ))
            .await;
        index.catch_up(&fx.db).await.expect("build");
        assert_eq!(ids(&index, &find("budget")), vec![id]);
        let watermark = index.watermark();

        fx.db
            .update_article_content(id, "The tariff vote", "", &doc(&["Tariffs rose."]), NOW)
            .await
            .expect("edit");
        assert_eq!(index.catch_up(&fx.db).await.expect("catch-up"), 1);
        assert!(index.watermark() > watermark);
        assert!(ids(&index, &find("budget")).is_empty(), "old words go");
        assert_eq!(ids(&index, &find("tariff")), vec![id], "new words come");

        fx.db
            .set_article_status(id, ArticleStatus::Unpublished, NOW)
            .await
            .expect("unpublish");
        index.catch_up(&fx.db).await.expect("catch-up");
        assert!(
            ids(&index, &find("tariff")).is_empty(),
            "unpublished articles disappear"
        );
        assert_eq!(index.len(), 0);

        fx.db
            .set_article_status(id, ArticleStatus::Published, NOW)
            .await
            .expect("publish");
        index.catch_up(&fx.db).await.expect("catch-up");
        assert_eq!(
            ids(&index, &find("tariff")),
            vec![id],
            "republished articles return"
        );
        assert_eq!(
            index.catch_up(&fx.db).await.expect("idle"),
            0,
            "nothing new, nothing written"
        );
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_article_appears_only_when_its_time_comes() {
    each_backend(|fx, index| async move {
        let mut a = fx.art(Locale::En, "later", "Tomorrow's harbour story", "Harbour.");
        a.published_at = NOW + DAY;
        let id = fx.add(a).await;
        index.catch_up(&fx.db).await.expect("build");
        assert!(ids(&index, &find("harbour")).is_empty());
        let later = Search {
            now: NOW + 2 * DAY,
            ..find("harbour")
        };
        assert_eq!(ids(&index, &later), vec![id]);
    })
    .await;
}

#[tokio::test]
async fn filters_sort_and_paginate() {
    each_backend(|fx, index| async move {
        let mut ids_by_day = Vec::new();
        for day in 1..=5 {
            let slug = format!("bridge-{day}");
            let mut a = fx.art(
                Locale::En,
                &slug,
                "Bridge works",
                "The bridge over the river.",
            );
            a.published_at = NOW - day * DAY;
            if day % 2 == 0 {
                a.section = fx.economy;
                a.author = fx.ben;
            }
            ids_by_day.push(fx.add(a).await);
        }
        let sq = fx
            .add(fx.art(
                Locale::Sq,
                "ura",
                "Ura mbi lumë",
                "Punimet në urë (bridge).",
            ))
            .await;
        index.catch_up(&fx.db).await.expect("build");

        let all = index.search(&find("bridge")).expect("search");
        assert_eq!(all.total, 6, "both languages without a language filter");
        let en = Search {
            lang: Some(Locale::En),
            ..find("bridge")
        };
        assert_eq!(index.search(&en).expect("search").total, 5);
        let sq_only = Search {
            lang: Some(Locale::Sq),
            ..find("bridge")
        };
        assert_eq!(ids(&index, &sq_only), vec![sq]);

        let economy = Search {
            section: Some(fx.economy),
            ..en.clone()
        };
        let mut got = ids(&index, &economy);
        got.sort_unstable();
        assert_eq!(got, vec![ids_by_day[1], ids_by_day[3]]);
        let by_ben = Search {
            author: Some(fx.ben),
            ..en.clone()
        };
        assert_eq!(index.search(&by_ben).expect("search").total, 2);

        let newest = Search {
            sort: Sort::Newest,
            ..en.clone()
        };
        assert_eq!(ids(&index, &newest), ids_by_day, "newest first");
        let window = Search {
            from: Some(NOW - 3 * DAY - 60),
            to: Some(NOW - 2 * DAY + 60),
            sort: Sort::Newest,
            ..en.clone()
        };
        assert_eq!(ids(&index, &window), vec![ids_by_day[1], ids_by_day[2]]);

        let page2 = Search {
            offset: 2,
            limit: 2,
            sort: Sort::Newest,
            ..en.clone()
        };
        let r = index.search(&page2).expect("search");
        assert_eq!(r.ids, vec![ids_by_day[2], ids_by_day[3]]);
        assert_eq!(r.total, 5, "the total does not depend on the page");

        // Counting can stop early: exact up to the cap, "more than" beyond it, and the page
        // of results is the same either way; filtered searches too.
        for (cap, total, more) in [(10, 5, false), (5, 5, false), (4, 4, true), (1, 1, true)] {
            let r = index
                .search(&Search {
                    count_up_to: Some(cap),
                    ..en.clone()
                })
                .expect("search");
            assert_eq!((r.total, r.more), (total, more), "count up to {cap}");
            assert_eq!(r.ids, ids(&index, &en), "count up to {cap}");
        }
        for (cap, total, more) in [(2, 2, false), (1, 1, true)] {
            let r = index
                .search(&Search {
                    count_up_to: Some(cap),
                    ..economy.clone()
                })
                .expect("search");
            assert_eq!((r.total, r.more), (total, more), "economy up to {cap}");
        }
    })
    .await;
}

#[tokio::test]
async fn hostile_input_is_searched_as_text() {
    each_backend(|fx, index| async move {
        let id = fx
            .add(fx.art(
                Locale::En,
                "and-or",
                "Title AND body (not) here",
                "Stars * and colons: here.",
            ))
            .await;
        let sky = fx
            .add(Art {
                standfirst: "Meteorites and comets",
                author: fx.ben,
                ..fx.art(Locale::En, "sky", "Sky", "Nothing to see.")
            })
            .await;
        let comets = fx
            .add(Art {
                author: fx.ben,
                ..fx.art(Locale::En, "comets", "Comets over Gjonaj", "Seen at dawn.")
            })
            .await;
        index.catch_up(&fx.db).await.expect("build");
        let long = "x".repeat(10_000);
        let words = "word ".repeat(2_000);
        for q in [
            "\"unbalanced",
            "\"\"\"",
            "title:*",
            "AND OR NOT",
            "(((",
            "*",
            "-",
            "\u{0}\u{1}\u{7f}",
            "a\u{0}b",
            "🙂🙂",
            "\\",
            "~2^3",
            "[0 TO 9]",
            long.as_str(),
            words.as_str(),
            "",
            "   ",
        ] {
            let r = index.search(&find(q));
            assert!(r.is_ok(), "{q:?} must be searched, not fail: {r:?}");
        }
        assert_eq!(
            ids(&index, &find("title:")),
            vec![id],
            "operators are words"
        );
        assert_eq!(ids(&index, &find("(not)")), vec![id]);
        assert!(ids(&index, &find("")).is_empty());
        assert!(
            ids(&index, &typing("colo")).is_empty(),
            "the text does not match as a prefix"
        );
        for (typed, want, why) in [
            ("bod", vec![id], "a title word"),
            ("meteo", vec![], "a standfirst word, not a prefix"),
            ("politi", vec![id, sky, comets], "a section's name"),
            (
                "hox",
                vec![sky.min(comets), sky.max(comets)],
                "an author's name",
            ),
        ] {
            let mut found = ids(&index, &typing(typed));
            found.sort_unstable();
            assert_eq!(found, want, "prefix {typed:?} ({why})");
            assert!(
                ids(&index, &find(typed)).is_empty(),
                "{typed} is not a word"
            );
        }
        assert_eq!(
            ids(&index, &typing("gjon")),
            vec![comets, id],
            "a title word ranks above an author's name"
        );
    })
    .await;
}

#[tokio::test]
async fn snippets_mark_the_matching_words() {
    each_backend(|fx, index| async move {
        let body = "A long opening about nothing in particular. Then the harbour cranes stopped, and the harbour fell silent for a week.";
        let near = fx.add(fx.art(Locale::En, "cranes", "Quiet port", body)).await;
        // The passage is found where the index says the word is, however far in the text,
        // with multi-byte characters on the way.
        let filler = "Çështje pa lidhje me asgjë të veçantë. ".repeat(400);
        let far_body = format!("{filler}The harbour cranes stopped. And then more filler.");
        assert!(far_body.len() > 10_000);
        let far = fx.add(fx.art(Locale::En, "far", "Far port", &far_body)).await;
        let title_only = fx
            .add(fx.art(Locale::En, "title", "Harbour news", "Nothing about ships."))
            .await;
        let standfirst = "Why the Harbour's cranes stopped: a report.";
        let in_standfirst = fx
            .add(Art {
                standfirst,
                ..fx.art(Locale::En, "standfirst", "A report", "Nothing about ships.")
            })
            .await;
        index.catch_up(&fx.db).await.expect("build");
        let r = index.search(&find("harbours")).expect("search");
        let marked = |segments: &[search::Segment]| -> Vec<String> {
            segments.iter().filter(|s| s.hit).map(|s| s.text.clone()).collect()
        };
        let segments = r.snippet(near, Locale::En, body);
        assert_eq!(marked(&segments), vec!["harbour", "harbour"]);
        let joined: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert!(body.contains(joined.trim()), "the snippet is a passage of the text");
        let segments = r.snippet(far, Locale::En, &far_body);
        assert_eq!(marked(&segments), vec!["harbour"]);
        let joined: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert!(joined.len() < 400, "a passage, not the text: {joined}");
        assert!(
            r.snippet(title_only, Locale::En, "Nothing about ships.").is_empty(),
            "no passage when only the title matched"
        );
        assert!(r.snippet(-1, Locale::En, body).is_empty(), "not a hit");
        // Marks come from where the index says the words are. A text edited since it was
        // indexed (the index follows within a second) is analysed instead: its marks are
        // still the query's words, whether the word at that place changed or the text is
        // now shorter.
        let edited = "A long opening about nothing in particular. Then the harvest cranes stopped; the harbour master left.";
        assert_eq!(marked(&r.snippet(near, Locale::En, edited)), vec!["harbour"]);
        let shorter = "Rewritten: new harbours.";
        assert_eq!(marked(&r.snippet(near, Locale::En, shorter)), vec!["harbours"]);
        assert_eq!(
            marked(&r.highlight(in_standfirst, Locale::En, "A harbour.")),
            vec!["harbour"]
        );
        // A standfirst shown instead is marked whole, its punctuation kept.
        let segments = r.highlight(in_standfirst, Locale::En, standfirst);
        assert_eq!(marked(&segments), vec!["Harbour"]);
        let joined: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, standfirst);
        assert!(
            r.highlight(title_only, Locale::En, "Nothing about ships.")
                .is_empty()
        );
    })
    .await;
}

/// A passage for several words shows them together where the text has them close, not
/// merely the first match of any of them.
#[tokio::test]
async fn a_passage_shows_the_words_together() {
    each_backend(|fx, index| async move {
        let filler = "Nothing else of note happened that week in the capital. ".repeat(8);
        let body = format!(
            "The court met on Monday. {filler}Then the court reform was approved, and the court closed."
        );
        let id = fx.add(fx.art(Locale::En, "pair", "A vote", &body)).await;
        index.catch_up(&fx.db).await.expect("catch-up");
        let r = index.search(&find("court reform")).expect("search");
        let segments = r.snippet(id, Locale::En, &body);
        let marked: Vec<&str> = segments
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["court", "reform", "court"]);
        let shown: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert!(shown.starts_with("Then the court reform"), "{shown}");
        // One word: its first match, as before.
        let r = index.search(&find("court")).expect("search");
        let shown: String = r
            .snippet(id, Locale::En, &body)
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert!(shown.starts_with("The court met"), "{shown}");
    })
    .await;
}

#[tokio::test]
async fn related_posts_share_words_sections_and_tags_but_never_the_translation() {
    each_backend(|fx, index| async move {
        let text = "The coal power plant in Pljevlja pollutes the valley; the coal mine and the plant employ the town.";
        let mut a = fx.art(Locale::En, "coal", "Coal and the valley", text);
        a.tags = vec![fx.tag];
        let me = fx.add(a).await;
        let group = fx.db.find_article(me).await.expect("read").expect("exists").translation_group;
        let mut t = fx.art(Locale::En, "coal-copy", "Coal and the valley again", text);
        t.group = Some(group);
        fx.add(t).await;
        let mut near = fx.art(Locale::En, "coal-2", "The coal plant's future", "Coal plant workers and the mine: what future for the coal valley?");
        near.tags = vec![fx.tag];
        let near = fx.add(near).await;
        let mut far = fx.art(Locale::En, "opera", "A night at the opera", "The opera house reopened with a new season of opera.");
        far.section = fx.economy;
        let far = fx.add(far).await;
        fx.add(fx.art(Locale::Sq, "qymyri", "Qymyri", "Coal coal coal plant plant.")).await;
        index.catch_up(&fx.db).await.expect("build");
        let got = index
            .related(
                &RelatedTo {
                    id: me,
                    translation_group: group,
                    lang: Locale::En,
                    title: "Coal and the valley",
                    text,
                    section_ids: &[fx.politics],
                    tag_ids: &[fx.tag],
                    now: NOW,
                },
                5,
            )
            .expect("related");
        assert_eq!(got.first(), Some(&near), "the most similar comes first: {got:?}");
        assert!(!got.contains(&me), "never itself");
        assert_eq!(got.len(), 1, "not the translation group, not another language, not unrelated: {got:?}");
        assert!(!got.contains(&far));
    })
    .await;
}

#[tokio::test]
async fn a_missing_or_damaged_index_is_rebuilt_and_a_good_one_is_kept() {
    for kind in testkit::backends() {
        let tdb = TestDb::new(kind).await;
        let fx = Fixture::new(tdb.db.clone()).await;
        let id = fx
            .add(fx.art(Locale::En, "kept", "The kept index", "Lighthouse keepers."))
            .await;
        let dir = tdb.dir.join("search");
        {
            let (index, _) = SearchIndex::open(&dir).expect("opens");
            let mut done = Vec::new();
            let progress = std::sync::Mutex::new(&mut done);
            index
                .rebuild(&fx.db, &|n, total| {
                    if let Ok(mut d) = progress.lock() {
                        d.push((n, total));
                    }
                })
                .await
                .expect("rebuild");
            assert_eq!(done, vec![(1, 1)], "{kind:?}: progress reports batches");
        }
        let (index, opened) = SearchIndex::open(&dir).expect("reopens");
        assert_eq!(
            opened,
            Opened::Existing,
            "{kind:?}: a complete index is kept"
        );
        assert!(!index.is_incomplete());
        assert_eq!(ids(&index, &find("lighthouse")), vec![id]);
        drop(index);

        std::fs::write(dir.join("meta.json"), b"{ not json").expect("damage");
        let (index, opened) = SearchIndex::open(&dir).expect("opens anyway");
        assert!(
            matches!(opened, Opened::Rebuild(_)),
            "{kind:?}: damaged meta.json: {opened:?}"
        );
        assert!(index.is_incomplete());
        index.catch_up(&fx.db).await.expect("rebuild by catch-up");
        assert!(!index.is_incomplete());
        assert_eq!(ids(&index, &find("lighthouse")), vec![id]);
        drop(index);

        // Remove the data files of every segment but keep meta.json.
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path
                .extension()
                .is_some_and(|e| e == "idx" || e == "fast" || e == "store")
            {
                std::fs::remove_file(&path).expect("remove");
            }
        }
        let (index, opened) = SearchIndex::open(&dir).expect("opens anyway");
        assert!(
            matches!(opened, Opened::Rebuild(_)),
            "{kind:?}: missing segment files: {opened:?}"
        );
        index.catch_up(&fx.db).await.expect("rebuild");
        assert_eq!(ids(&index, &find("lighthouse")), vec![id]);
        drop(index);

        std::fs::remove_dir_all(&dir).expect("remove");
        let (_, opened) = SearchIndex::open(&dir).expect("opens");
        assert_eq!(opened, Opened::Rebuild("there is no index yet".into()));
        tdb.db.close().await;
    }
}
