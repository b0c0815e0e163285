//! Media records.

use domain::{Localized, Media};

use crate::support::{NOW, assert_unique_violation, each_backend, new_media};

#[tokio::test]
async fn media_round_trip_and_are_listed_by_ids_and_by_key() {
    each_backend(|db| async move {
        assert!(db.list_keyed_media().await.unwrap().is_empty());
        let logo = db
            .insert_media(&new_media(Some("logo")), NOW - 10)
            .await
            .unwrap();
        let upload = db.insert_media(&new_media(None), NOW).await.unwrap();
        let mut cover = new_media(Some("cover"));
        cover.mime = "image/png".into();
        cover.renditions = vec![];
        cover.alt = Localized::default();
        cover.focal_x = 0.0;
        cover.focal_y = 1.0;
        let cover = db.insert_media(&cover, NOW).await.unwrap();
        // Keyless media do not collide with each other.
        let upload_2 = db.insert_media(&new_media(None), NOW).await.unwrap();

        let template = new_media(Some("logo"));
        let expected_logo = Media {
            id: logo,
            key: Some("logo".into()),
            mime: template.mime,
            width: 1600,
            height: 900,
            alt: template.alt,
            caption: template.caption,
            credit: template.credit,
            licence: template.licence,
            focal_x: 0.25,
            focal_y: 0.75,
            dominant_color: template.dominant_color,
            placeholder: template.placeholder,
            renditions: template.renditions,
            created_at: NOW - 10,
        };

        let mut found = db
            .list_media_by_ids(&[cover, logo, upload, 999_999])
            .await
            .unwrap();
        found.sort_by_key(|m| m.id);
        assert_eq!(
            found.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![logo, upload, cover]
        );
        assert_eq!(found[0], expected_logo);
        assert_eq!(found[1].key, None);
        assert_eq!(found[2].mime, "image/png");
        assert!(found[2].renditions.is_empty());
        assert_eq!((found[2].focal_x, found[2].focal_y), (0.0, 1.0));
        assert_eq!(found[2].alt, Localized::default());
        assert!(db.list_media_by_ids(&[]).await.unwrap().is_empty());

        let keyed = db.list_keyed_media().await.unwrap();
        assert_eq!(
            keyed.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![logo, cover]
        );
        assert_eq!(keyed[0], expected_logo);
        assert_eq!(db.list_media_by_ids(&[upload_2]).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn media_key_conflict_is_a_unique_violation_and_leaves_nothing_behind() {
    each_backend(|db| async move {
        let logo = db
            .insert_media(&new_media(Some("logo")), NOW)
            .await
            .unwrap();
        let last_change = db.last_change_id().await.unwrap();
        assert_unique_violation(
            db.insert_media(&new_media(Some("logo")), NOW).await,
            "media key",
        );
        let keyed = db.list_keyed_media().await.unwrap();
        assert_eq!(keyed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![logo]);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
    })
    .await;
}
