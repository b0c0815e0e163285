//! Authors (bylines are tested with articles).

use domain::{Author, AuthorLink, Localized};

use crate::support::{NOW, assert_unique_violation, each_backend, new_author, new_media};

#[tokio::test]
async fn authors_are_listed_by_name_and_found_by_slug() {
    each_backend(|db| async move {
        assert!(db.list_authors().await.unwrap().is_empty());
        let photo = db
            .insert_media(&new_media(Some("photo")), NOW)
            .await
            .unwrap();
        let mut zana = new_author("zana", "Zana Hoxha");
        zana.photo_media_id = Some(photo);
        zana.links.push(AuthorLink {
            label: "X".into(),
            url: "https://x.com/zana".into(),
        });
        let zana = db.insert_author(&zana, NOW).await.unwrap();
        let mut arben = new_author("arben", "Arben Çela");
        arben.email = None;
        arben.links = vec![];
        arben.bio = Localized::default();
        let arben = db.insert_author(&arben, NOW).await.unwrap();

        let authors = db.list_authors().await.unwrap();
        assert_eq!(
            authors.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![arben, zana]
        );
        let expected_zana = Author {
            id: zana,
            slug: "zana".into(),
            name: "Zana Hoxha".into(),
            email: Some("zana@example.org".into()),
            bio: Localized::new("Bio e Zana Hoxha", "Bio of Zana Hoxha"),
            photo_media_id: Some(photo),
            links: vec![
                AuthorLink {
                    label: "Web".into(),
                    url: "https://example.org/zana".into(),
                },
                AuthorLink {
                    label: "X".into(),
                    url: "https://x.com/zana".into(),
                },
            ],
        };
        assert_eq!(authors[1], expected_zana);
        assert_eq!(authors[0].email, None);
        assert!(authors[0].links.is_empty());

        assert_eq!(
            db.find_author_by_slug("zana").await.unwrap(),
            Some(expected_zana)
        );
        assert_eq!(
            db.find_author_by_slug("arben").await.unwrap().map(|a| a.id),
            Some(arben)
        );
        assert_eq!(db.find_author_by_slug("nobody").await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn author_slug_conflict_is_a_unique_violation_and_leaves_nothing_behind() {
    each_backend(|db| async move {
        db.insert_author(&new_author("zana", "Zana Hoxha"), NOW)
            .await
            .unwrap();
        let before = db.list_authors().await.unwrap();
        let last_change = db.last_change_id().await.unwrap();
        assert_unique_violation(
            db.insert_author(&new_author("zana", "Another Zana"), NOW)
                .await,
            "author slug",
        );
        assert_eq!(db.list_authors().await.unwrap(), before);
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
    })
    .await;
}
