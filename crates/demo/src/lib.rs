//! Demo content: the bilingual magazine in `demo/` at the repository root (written for Revista, compiled into the
//! binary) loaded through the same store functions and Markdown conversion that real content
//! uses, and synthetic articles in bulk for benchmarks.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow};
use domain::{
    ArticleDraft, ArticleStatus, AuthorLink, Document, Locale, Localized, MenuItem, Rendition,
    SiteSettings, Slug,
};
use rust_embed::RustEmbed;
use serde::Deserialize;
use store::Db;
use store::authors::NewAuthor;
use store::media::NewMedia;
use store::pages::NewPage;
use store::taxonomy::{NewSection, NewTerm};

mod words;
pub use words::{VOCABULARY, Vocabulary};

#[derive(RustEmbed)]
#[folder = "../../demo"]
struct DemoFiles;

fn file(name: &str) -> anyhow::Result<String> {
    let f = DemoFiles::get(name).ok_or_else(|| anyhow!("demo file {name} is missing"))?;
    String::from_utf8(f.data.into_owned()).with_context(|| format!("demo file {name} is not UTF-8"))
}

/// Sections of the demo magazine: key, slug sq, slug en, name sq, name en, description sq, en.
const SECTIONS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "op-ed",
        "op-ed",
        "op-ed",
        "OP/ED",
        "OP/ED",
        "Opinione dhe analiza nga autorë të pavarur.",
        "Opinion and analysis from independent writers.",
    ),
    (
        "interview",
        "interviste",
        "interview",
        "Intervista",
        "Interview",
        "Biseda me diplomatë, studiues dhe drejtues.",
        "Conversations with diplomats, scholars and leaders.",
    ),
    (
        "realpolitik",
        "realpolitik",
        "realpolitik",
        "Realpolitik",
        "Realpolitik",
        "Komenti javor mbi politikën e fuqisë.",
        "The weekly column on power politics.",
    ),
    (
        "current-events",
        "aktualitet",
        "current-events",
        "Aktualitet",
        "Current Events",
        "Ngjarjet që po ndodhin tani.",
        "What is happening now.",
    ),
    (
        "top-news",
        "lajmet-kryesore",
        "top-news",
        "Lajmet kryesore",
        "Top News",
        "Lajmet më të rëndësishme të ditës.",
        "The most important news of the day.",
    ),
    (
        "your-voice",
        "zeri-juaj",
        "your-voice",
        "Zëri juaj",
        "Your Voice",
        "Opinione të dërguara nga lexuesit.",
        "Op-eds sent in by readers.",
    ),
    (
        "balkan-overview",
        "panorama-ballkanike",
        "balkan-overview",
        "Panorama ballkanike",
        "Balkan Overview",
        "Rajoni në një vështrim.",
        "The region at a glance.",
    ),
    (
        "in-focus",
        "ne-fokus",
        "in-focus",
        "Në fokus",
        "In Focus",
        "Tema të trajtuara në thellësi.",
        "Stories in depth.",
    ),
];

const REGIONS: &[(&str, &str, &str, &str, &str)] = &[
    ("albania", "shqiperi", "albania", "Shqipëri", "Albania"),
    ("kosovo", "kosove", "kosovo", "Kosovë", "Kosovo"),
    (
        "north-macedonia",
        "maqedonia-e-veriut",
        "north-macedonia",
        "Maqedonia e Veriut",
        "North Macedonia",
    ),
    (
        "montenegro",
        "mali-i-zi",
        "montenegro",
        "Mali i Zi",
        "Montenegro",
    ),
];

#[derive(Deserialize)]
struct AuthorsFile {
    author: Vec<AuthorEntry>,
}
#[derive(Deserialize)]
struct AuthorEntry {
    key: String,
    name: String,
    bio_sq: String,
    bio_en: String,
    #[serde(default)]
    links: Vec<AuthorLink>,
    email: Option<String>,
}
#[derive(Deserialize)]
struct TagsFile {
    tag: Vec<TagEntry>,
}
#[derive(Deserialize)]
struct TagEntry {
    key: String,
    sq: String,
    en: String,
}
#[derive(Deserialize)]
struct MediaFile {
    media: Vec<MediaEntry>,
}
#[derive(Deserialize)]
struct MediaEntry {
    key: String,
    width: u32,
    height: u32,
    focal_x: f64,
    focal_y: f64,
    credit: String,
    licence: String,
    alt_sq: String,
    alt_en: String,
    caption_sq: String,
    caption_en: String,
    dominant: String,
}
#[derive(Deserialize)]
struct PagesFile {
    page: Vec<PageEntry>,
}
#[derive(Deserialize)]
struct PageEntry {
    key: String,
    sq: PageText,
    en: PageText,
}
#[derive(Deserialize)]
struct PageText {
    title: String,
    slug: String,
    body: String,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleFile {
    section: String,
    #[serde(default)]
    sections: Vec<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    authors: Vec<String>,
    published: String,
    updated: Option<String>,
    image: Option<String>,
    #[serde(default)]
    top: bool,
    sq: Option<ArticleText>,
    en: Option<ArticleText>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleText {
    title: String,
    standfirst: String,
    #[serde(default)]
    author_note: String,
    body: String,
}

/// Ids of everything the demo created, by key.
#[derive(Debug, Default)]
pub struct Keys {
    pub sections: HashMap<String, i64>,
    pub regions: HashMap<String, i64>,
    pub tags: HashMap<String, i64>,
    pub authors: HashMap<String, i64>,
    pub media: HashMap<String, i64>,
}

fn ts(s: &str) -> anyhow::Result<i64> {
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .with_context(|| format!("bad date {s:?}"))?;
    Ok(t.unix_timestamp())
}

fn lookup(map: &HashMap<String, i64>, what: &str, key: &str) -> anyhow::Result<i64> {
    map.get(key)
        .copied()
        .ok_or_else(|| anyhow!("unknown {what} {key:?}"))
}

/// Loads the whole demo magazine into an empty database; media files go to `media_dir`.
pub async fn load(db: &Db, media_dir: &Path, now: i64) -> anyhow::Result<Keys> {
    let mut keys = Keys::default();
    db.save_site_settings(
        &SiteSettings {
            site_name: "Argumentum".into(),
            tagline: Localized::new(
                "Revistë mendimi, intervistash dhe lajmesh nga Ballkani",
                "A magazine of opinion, interviews and news from the Balkans",
            ),
            company_id: "NUIS: L00000000A".into(),
            default_locale: Locale::Sq,
            special_edition: Localized::new("Edicion special", "Special edition"),
            contact_emails: vec![
                "redaksia@example.org".into(),
                "marketing@example.org".into(),
                "info@example.org".into(),
            ],
            social_links: vec![
                MenuItem {
                    label: "Facebook".into(),
                    url: "https://www.facebook.com/".into(),
                },
                MenuItem {
                    label: "X".into(),
                    url: "https://x.com/".into(),
                },
                MenuItem {
                    label: "LinkedIn".into(),
                    url: "https://www.linkedin.com/".into(),
                },
            ],
            media_partner: Some(MenuItem {
                label: "Balkan Media Network".into(),
                url: "https://example.org/partner".into(),
            }),
        },
        now,
    )
    .await?;
    for (i, (key, ssq, sen, nsq, nen, dsq, den)) in SECTIONS.iter().enumerate() {
        let id = db
            .insert_section(
                &NewSection {
                    parent_id: None,
                    position: i32::try_from(i)?,
                    key: (*key).into(),
                    slug: Localized::new(*ssq, *sen),
                    name: Localized::new(*nsq, *nen),
                    description: Localized::new(*dsq, *den),
                    in_menu: true,
                },
                now,
            )
            .await?;
        keys.sections.insert((*key).into(), id);
    }
    for (i, (key, ssq, sen, nsq, nen)) in REGIONS.iter().enumerate() {
        let id = db
            .insert_region(
                &NewTerm {
                    position: i32::try_from(i)?,
                    key: (*key).into(),
                    slug: Localized::new(*ssq, *sen),
                    name: Localized::new(*nsq, *nen),
                },
                now,
            )
            .await?;
        keys.regions.insert((*key).into(), id);
    }
    let tags: TagsFile = toml::from_str(&file("tags.toml")?).context("demo/tags.toml")?;
    for t in tags.tag {
        let slug = Localized::new(domain::slugify(&t.sq), domain::slugify(&t.en));
        let id = db
            .insert_tag(
                &NewTerm {
                    position: 0,
                    key: t.key.clone(),
                    slug,
                    name: Localized::new(t.sq, t.en),
                },
                now,
            )
            .await?;
        keys.tags.insert(t.key, id);
    }
    let authors: AuthorsFile =
        toml::from_str(&file("authors.toml")?).context("demo/authors.toml")?;
    for a in authors.author {
        let id = db
            .insert_author(
                &NewAuthor {
                    slug: a.key.clone(),
                    name: a.name,
                    email: a.email,
                    bio: Localized::new(a.bio_sq, a.bio_en),
                    photo_media_id: None,
                    links: a.links,
                },
                now,
            )
            .await?;
        keys.authors.insert(a.key, id);
    }
    let media: MediaFile = toml::from_str(&file("media.toml")?).context("demo/media.toml")?;
    let demo_dir = media_dir.join("demo");
    std::fs::create_dir_all(&demo_dir)
        .with_context(|| format!("cannot create {}", demo_dir.display()))?;
    for m in media.media {
        let mut renditions = Vec::new();
        let mut bytes = 0u64;
        let mut placeholder = String::new();
        for w in [480u32, 960, 1600] {
            for (ext, mime) in [("webp", "image/webp"), ("jpg", "image/jpeg")] {
                let name = format!("{}-{w}.{ext}", m.key);
                let data = DemoFiles::get(&format!("media/{name}"))
                    .ok_or_else(|| anyhow!("demo image {name} is missing"))?;
                std::fs::write(demo_dir.join(&name), &data.data)
                    .with_context(|| format!("cannot write {name}"))?;
                bytes += u64::try_from(data.data.len())?;
                if placeholder.is_empty() && mime == "image/jpeg" {
                    placeholder = media::placeholder_of(&data.data)
                        .with_context(|| format!("demo image {name}"))?;
                }
                renditions.push(Rendition {
                    width: w,
                    height: w * m.height / m.width,
                    mime: mime.into(),
                    path: format!("demo/{name}"),
                });
            }
        }
        let id = db
            .insert_media(
                &NewMedia {
                    key: Some(m.key.clone()),
                    mime: "image/jpeg".into(),
                    width: m.width,
                    height: m.height,
                    byte_size: bytes,
                    alt: Localized::new(m.alt_sq, m.alt_en),
                    caption: Localized::new(m.caption_sq, m.caption_en),
                    credit: m.credit,
                    licence: m.licence,
                    focal_x: m.focal_x,
                    focal_y: m.focal_y,
                    dominant_color: m.dominant,
                    placeholder,
                    renditions,
                },
                now,
            )
            .await?;
        keys.media.insert(m.key, id);
    }
    let pages: PagesFile = toml::from_str(&file("pages.toml")?).context("demo/pages.toml")?;
    let mut footer: HashMap<Locale, Vec<MenuItem>> = HashMap::new();
    for lang in Locale::ALL {
        let home = match lang {
            Locale::Sq => "Ballina",
            Locale::En => "Home",
        };
        footer.entry(lang).or_default().push(MenuItem {
            label: home.into(),
            url: format!("/{lang}/"),
        });
    }
    for p in pages.page {
        let mut group = None;
        for (lang, text) in [(Locale::Sq, &p.sq), (Locale::En, &p.en)] {
            let body = render::markdown_to_document(&text.body, &|_| None)
                .with_context(|| format!("page {} ({lang})", p.key))?;
            let (_, g) = db
                .insert_page(
                    &NewPage {
                        lang,
                        translation_group: group,
                        key: p.key.clone(),
                        slug: Slug::parse(&text.slug)?,
                        title: text.title.clone(),
                        body,
                    },
                    now,
                )
                .await?;
            group = Some(g);
            footer.entry(lang).or_default().push(MenuItem {
                label: text.title.clone(),
                url: format!("/{lang}/{}", text.slug),
            });
        }
    }
    for (lang, items) in footer {
        db.replace_menu("footer", lang, &items, now).await?;
    }
    let mut names: Vec<_> = DemoFiles::iter()
        .filter(|n| n.starts_with("articles/") && n.ends_with(".toml"))
        .collect();
    names.sort();
    for name in names {
        let a: ArticleFile =
            toml::from_str(&file(&name)?).with_context(|| format!("demo/{name}"))?;
        load_article(db, &keys, &a, now)
            .await
            .with_context(|| format!("demo/{name}"))?;
    }
    Ok(keys)
}

async fn load_article(db: &Db, keys: &Keys, a: &ArticleFile, now: i64) -> anyhow::Result<()> {
    let mut section_ids = vec![lookup(&keys.sections, "section", &a.section)?];
    for s in &a.sections {
        section_ids.push(lookup(&keys.sections, "section", s)?);
    }
    let region_ids = a
        .regions
        .iter()
        .map(|r| lookup(&keys.regions, "region", r))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let tag_ids = a
        .tags
        .iter()
        .map(|t| lookup(&keys.tags, "tag", t))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let author_ids = a
        .authors
        .iter()
        .map(|x| lookup(&keys.authors, "author", x))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let featured = a
        .image
        .as_deref()
        .map(|k| lookup(&keys.media, "media", k))
        .transpose()?;
    let published = ts(&a.published)?;
    let updated = a.updated.as_deref().map(ts).transpose()?;
    let resolve = |k: &str| keys.media.get(k).copied();
    let mut group = None;
    for (lang, text) in [(Locale::Sq, &a.sq), (Locale::En, &a.en)] {
        let Some(text) = text else { continue };
        let body = render::markdown_to_document(&text.body, &resolve)
            .with_context(|| format!("{lang} body"))?;
        let author_note = render::markdown_to_document(&text.author_note, &resolve)
            .map(|d| d.plain_text())
            .unwrap_or_else(|_| text.author_note.clone());
        let id = db
            .insert_article(
                &ArticleDraft {
                    lang,
                    translation_group: group,
                    status: ArticleStatus::Published,
                    title: text.title.clone(),
                    slug: Slug::from_title(&text.title),
                    standfirst: text.standfirst.clone(),
                    body,
                    author_note,
                    seo_title: String::new(),
                    seo_description: String::new(),
                    featured_media_id: featured,
                    social_media_id: None,
                    scheduled_at: None,
                    published_at: Some(published),
                    updated_at: updated,
                    section_ids: section_ids.clone(),
                    tag_ids: tag_ids.clone(),
                    region_ids: region_ids.clone(),
                    author_ids: author_ids.clone(),
                    is_top: a.top,
                },
                now,
            )
            .await?;
        group = group.or(Some(id));
    }
    Ok(())
}

fn synthetic_body(rng: &mut fastrand::Rng, words: &Vocabulary, figure: Option<i64>) -> String {
    let mut md = String::new();
    let notes = rng.usize(1..4);
    for p in 0..rng.usize(6..12) {
        if p == 3 {
            md.push_str(&format!("## {}\n\n", words.sentence(rng, 4)));
        }
        if p == 2 && figure.is_some() {
            md.push_str(&format!(
                "![{}](media:fig \"{}\")\n\n",
                words.sentence(rng, 4),
                words.sentence(rng, 8)
            ));
        }
        let mut para = String::new();
        for _ in 0..rng.usize(3..6) {
            let n = rng.usize(8..20);
            para.push_str(&words.sentence(rng, n));
            para.push_str(". ");
        }
        if p < notes {
            para.push_str(&format!("[^{}]", p + 1));
        }
        md.push_str(para.trim_end());
        md.push_str("\n\n");
    }
    for n in 1..=notes {
        md.push_str(&format!(
            "[^{n}]: {} — {}\n",
            words.sentence(rng, 6),
            words.sentence(rng, 2)
        ));
    }
    md
}

/// Adds `n` synthetic published articles in both languages (translation pairs), spread over
/// the past years across every section, tag, region and author. Calls `progress` per batch.
pub async fn synthetic(
    db: &Db,
    n: usize,
    now: i64,
    progress: &dyn Fn(usize),
) -> anyhow::Result<()> {
    let sections: Vec<i64> = db.list_sections().await?.iter().map(|s| s.id).collect();
    let regions: Vec<i64> = db.list_regions().await?.iter().map(|r| r.id).collect();
    let tags: Vec<i64> = db.list_tags().await?.iter().map(|t| t.id).collect();
    let authors: Vec<i64> = db.list_authors().await?.iter().map(|a| a.id).collect();
    let media: Vec<i64> = db.list_keyed_media().await?.iter().map(|m| m.id).collect();
    if sections.is_empty() || authors.is_empty() {
        anyhow::bail!("load the demo magazine first (it provides sections and authors)");
    }
    let base = db.count_articles().await?;
    // The same database and count give the same articles (dates are relative to `now`).
    let mut rng = fastrand::Rng::with_seed(0x5eed ^ u64::try_from(base).unwrap_or(0));
    let vocabulary = [Vocabulary::new(Locale::Sq), Vocabulary::new(Locale::En)];
    let mut done = 0;
    const BATCH: usize = 250;
    while done < n {
        let mut first = Vec::new();
        let mut second = Vec::new();
        let take = (n - done).min(BATCH);
        for i in 0..take.div_ceil(2) {
            let serial = base + i64::try_from(done + i)?;
            let published = now - 3600 - rng.i64(0..5 * 365 * 86_400);
            let figure = (!media.is_empty() && rng.bool()).then(|| media[rng.usize(..media.len())]);
            let featured = (!media.is_empty()).then(|| media[rng.usize(..media.len())]);
            let mut secs = vec![sections[rng.usize(..sections.len())]];
            if rng.u8(..4) == 0 {
                let s = sections[rng.usize(..sections.len())];
                if s != secs[0] {
                    secs.push(s);
                }
            }
            let mut tag_ids: Vec<i64> = (0..rng.usize(1..4))
                .filter_map(|_| tags.get(rng.usize(..tags.len().max(1))).copied())
                .collect();
            tag_ids.sort_unstable();
            tag_ids.dedup();
            let region_ids: Vec<i64> = if regions.is_empty() || rng.bool() {
                Vec::new()
            } else {
                vec![regions[rng.usize(..regions.len())]]
            };
            let mut author_ids = vec![authors[rng.usize(..authors.len())]];
            if rng.u8(..6) == 0 {
                let a = authors[rng.usize(..authors.len())];
                if a != author_ids[0] {
                    author_ids.push(a);
                }
            }
            let make = |lang: Locale, rng: &mut fastrand::Rng| -> anyhow::Result<ArticleDraft> {
                let words = &vocabulary[usize::from(lang == Locale::En)];
                let title_len = rng.usize(5..11);
                let title = words.sentence(rng, title_len);
                let lead_len = rng.usize(15..30);
                let md = synthetic_body(rng, words, figure);
                let body: Document = render::markdown_to_document(&md, &|_| figure)?;
                Ok(ArticleDraft {
                    lang,
                    translation_group: None,
                    status: ArticleStatus::Published,
                    slug: Slug::parse(&format!("{}-{serial}", domain::slugify(&title)))?,
                    title,
                    standfirst: words.sentence(rng, lead_len) + ".",
                    body,
                    author_note: String::new(),
                    seo_title: String::new(),
                    seo_description: String::new(),
                    featured_media_id: featured,
                    social_media_id: None,
                    scheduled_at: None,
                    published_at: Some(published),
                    updated_at: None,
                    section_ids: secs.clone(),
                    tag_ids: tag_ids.clone(),
                    region_ids: region_ids.clone(),
                    author_ids: author_ids.clone(),
                    is_top: false,
                })
            };
            first.push(make(Locale::Sq, &mut rng)?);
            if i < take / 2 {
                second.push(make(Locale::En, &mut rng)?);
            }
        }
        // Half of the articles per language, paired as translations: `n` articles in all.
        let ids = db.insert_articles(&first, now).await?;
        let paired: Vec<ArticleDraft> = second
            .into_iter()
            .zip(ids.iter())
            .map(|(mut d, id)| {
                d.translation_group = Some(*id);
                d
            })
            .collect();
        db.insert_articles(&paired, now).await?;
        done += take;
        progress(take);
    }
    Ok(())
}
