//! The media library: listing and searching, editing, where an item is used, deleting, and
//! the images of an article that lack alt text.

use domain::{Block, Email, Locale, Localized, Role};
use store::media::{MediaMeta, is_foreign_key_violation};
use store::pages::NewPage;

use crate::support::{NOW, draft, each_backend, new_author, new_media, published, rich_doc, slug};

fn figure(media_id: i64) -> Block {
    Block::Figure {
        media_id,
        caption: vec![],
        credit: None,
    }
}

#[tokio::test]
async fn the_library_lists_newest_first_searches_texts_and_ids_and_pages() {
    each_backend(|db| async move {
        let email = Email::parse("foto@example.org").unwrap();
        let user = db
            .insert_user(
                &store::staff::NewUser {
                    email: &email,
                    name: "Fotografja",
                    password_hash: "x",
                    role: Role::Author,
                    locale: Locale::Sq,
                },
                NOW,
            )
            .await
            .unwrap();
        let mut ids = Vec::new();
        for (i, (alt_sq, credit)) in [
            ("Mali i Tomorrit në dimër", "Agjencia ATA"),
            ("Ura e Mesit", "Foto: Arta_K"),
            ("Pazari i Korçës", "100% Reuters"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut m = new_media(None);
            m.alt = Localized::new(alt_sq, "");
            m.caption = Localized::default();
            m.credit = credit.into();
            let id = if i == 1 {
                db.insert_uploaded_media(&m, user, NOW).await.unwrap()
            } else {
                db.insert_media(&m, NOW).await.unwrap()
            };
            ids.push(id);
        }

        let (all, total) = db.list_library("", 10, 0).await.unwrap();
        assert_eq!(total, 3);
        let listed: Vec<i64> = all.iter().map(|i| i.media.id).collect();
        assert_eq!(listed, [ids[2], ids[1], ids[0]]);
        assert_eq!(all[1].uploaded_by, Some(user));
        assert_eq!(all[1].uploader.as_deref(), Some("Fotografja"));
        assert_eq!(all[0].uploaded_by, None);
        assert_eq!(all[0].byte_size, 123_456);

        let (page2, total) = db.list_library("", 2, 2).await.unwrap();
        assert_eq!((page2.len(), total), (1, 3));
        assert_eq!(page2[0].media.id, ids[0]);

        let found = |q: String| {
            let db = db.clone();
            async move {
                let (items, total) = db.list_library(&q, 10, 0).await.unwrap();
                assert_eq!(usize::try_from(total).unwrap(), items.len());
                items.into_iter().map(|i| i.media.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(found("  TOMORRIT ".into()).await, [ids[0]]);
        assert_eq!(found("ata".into()).await, [ids[0]]);
        // `_` and `%` are taken literally, not as wildcards.
        assert_eq!(found("arta_k".into()).await, [ids[1]]);
        assert_eq!(found("100%".into()).await, [ids[2]]);
        assert!(found("a_ta".into()).await.is_empty());
        assert_eq!(found(format!("#{}", ids[1])).await, [ids[1]]);
        assert!(found("asgjë".into()).await.is_empty());

        let item = db.find_library_item(ids[1]).await.unwrap().unwrap();
        assert_eq!(item.media.alt.sq, "Ura e Mesit");
        assert!(db.find_library_item(999_999).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn editing_texts_and_focal_point_logs_a_change() {
    each_backend(|db| async move {
        let id = db.insert_media(&new_media(None), NOW).await.unwrap();
        let before = db.last_change_id().await.unwrap();
        let meta = MediaMeta {
            alt: Localized::new("Një lumë", "A river"),
            caption: Localized::new("Drini në mbrëmje", "The Drin at dusk"),
            credit: "Foto: Ana".into(),
            licence: "CC BY-SA 4.0".into(),
            focal_x: 0.1,
            focal_y: 0.9,
        };
        assert!(db.update_media_meta(id, &meta, NOW + 5).await.unwrap());
        assert!(!db.update_media_meta(999_999, &meta, NOW).await.unwrap());
        let m = db.list_media_by_ids(&[id]).await.unwrap().remove(0);
        assert_eq!(m.alt, meta.alt);
        assert_eq!(m.caption, meta.caption);
        assert_eq!(
            (m.credit.as_str(), m.licence.as_str()),
            ("Foto: Ana", "CC BY-SA 4.0")
        );
        assert_eq!((m.focal_x, m.focal_y), (0.1, 0.9));
        let changes = db.list_changes_since(before, 10).await.unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (
                changes[0].entity.as_str(),
                changes[0].entity_id,
                changes[0].action.as_str()
            ),
            ("media", id, "upsert")
        );
    })
    .await;
}

#[tokio::test]
async fn usage_names_articles_pages_and_authors_and_deleting_respects_it() {
    each_backend(|db| async move {
        let used = db.insert_media(&new_media(None), NOW).await.unwrap();
        let photo = db.insert_media(&new_media(None), NOW).await.unwrap();
        let free = db.insert_media(&new_media(None), NOW).await.unwrap();
        // An id that contains `used`'s digits must not count as a use of it.
        let mut lookalike = used * 10 + 1;
        while db.list_media_by_ids(&[lookalike]).await.unwrap().len() == 1 {
            lookalike += 10;
        }

        let mut featured = published(Locale::En, "with-featured", NOW);
        featured.featured_media_id = Some(used);
        featured.social_media_id = Some(used);
        let featured = db.insert_article(&featured, NOW).await.unwrap();
        let mut figured = draft(Locale::Sq, "me-figure", domain::ArticleStatus::Draft, None);
        figured.body = rich_doc(used);
        let figured = db.insert_article(&figured, NOW).await.unwrap();
        let mut other = draft(Locale::Sq, "tjeter", domain::ArticleStatus::Draft, None);
        other.body.blocks.push(figure(lookalike));
        db.insert_article(&other, NOW).await.unwrap();
        let mut body = domain::Document::empty();
        body.blocks.push(figure(used));
        let (page, _) = db
            .insert_page(
                &NewPage {
                    lang: Locale::Sq,
                    translation_group: None,
                    key: "about".into(),
                    slug: slug("rreth-nesh"),
                    title: "Rreth nesh".into(),
                    body,
                },
                NOW,
            )
            .await
            .unwrap();
        let mut author = new_author("ana", "Ana Hoxha");
        author.photo_media_id = Some(photo);
        let author = db.insert_author(&author, NOW).await.unwrap();

        let uses = db.media_usage(used).await.unwrap();
        let summary: Vec<(&str, i64, Option<Locale>)> =
            uses.iter().map(|u| (u.kind, u.id, u.lang)).collect();
        assert_eq!(
            summary,
            [
                ("featured", featured, Some(Locale::En)),
                ("social", featured, Some(Locale::En)),
                ("figure", figured, Some(Locale::Sq)),
                ("page_figure", page, Some(Locale::Sq)),
            ]
        );
        assert_eq!(uses[0].label, "Title of with-featured");
        assert_eq!(uses[3].label, "Rreth nesh");
        let uses = db.media_usage(photo).await.unwrap();
        assert_eq!(uses.len(), 1);
        assert_eq!((uses[0].kind, uses[0].id), ("author_photo", author));
        assert_eq!(uses[0].label, "Ana Hoxha");
        assert!(db.media_usage(free).await.unwrap().is_empty());

        // The database itself refuses to delete what a key references.
        let err = db.delete_media(photo, NOW).await.unwrap_err();
        assert!(is_foreign_key_violation(&err), "{err:?}");
        assert_eq!(db.list_media_by_ids(&[photo]).await.unwrap().len(), 1);

        let before = db.last_change_id().await.unwrap();
        let gone = db.delete_media(free, NOW + 1).await.unwrap().unwrap();
        assert_eq!(gone.id, free);
        assert_eq!(gone.renditions.len(), 2);
        assert!(db.list_media_by_ids(&[free]).await.unwrap().is_empty());
        assert!(db.delete_media(free, NOW + 2).await.unwrap().is_none());
        let changes = db.list_changes_since(before, 10).await.unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (
                changes[0].entity.as_str(),
                changes[0].entity_id,
                changes[0].action.as_str()
            ),
            ("media", free, "delete")
        );
    })
    .await;
}

#[tokio::test]
async fn images_without_alt_text_in_the_articles_language_are_found() {
    each_backend(|db| async move {
        let mut m = new_media(None);
        m.alt = Localized::new("Një mal", "");
        let sq_only = db.insert_media(&m, NOW).await.unwrap();
        m.alt = Localized::new("", "  ");
        let none = db.insert_media(&m, NOW).await.unwrap();
        m.alt = Localized::new("Qyteti", "The town");
        let both = db.insert_media(&m, NOW).await.unwrap();

        let mut a = draft(Locale::En, "pictures", domain::ArticleStatus::Draft, None);
        a.featured_media_id = Some(sq_only);
        a.body
            .blocks
            .extend([figure(both), figure(none), figure(sq_only)]);
        let en = db.insert_article(&a, NOW).await.unwrap();
        let mut a = draft(Locale::Sq, "fotot", domain::ArticleStatus::Draft, None);
        a.featured_media_id = Some(sq_only);
        a.body.blocks.extend([figure(both), figure(none)]);
        let sq = db.insert_article(&a, NOW).await.unwrap();
        let plain = db
            .insert_article(
                &draft(Locale::Sq, "pa-foto", domain::ArticleStatus::Draft, None),
                NOW,
            )
            .await
            .unwrap();

        assert_eq!(
            db.media_missing_alt(en, Locale::En).await.unwrap(),
            [sq_only, none]
        );
        assert_eq!(db.media_missing_alt(sq, Locale::Sq).await.unwrap(), [none]);
        assert!(
            db.media_missing_alt(plain, Locale::Sq)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            db.media_missing_alt(999_999, Locale::Sq)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}
