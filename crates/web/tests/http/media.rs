//! The media library through the real router with cookies, on both databases: uploads
//! (renditions on disk, a row, nothing left behind when refused), editing, deleting, roles,
//! CSRF, and the alt-text check on publishing.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::StatusCode;
use domain::{ArticleStatus, Block, Locale, Role};
use image::{DynamicImage, ImageFormat, RgbImage};

use crate::newsroom::{Browser, add_user, audit_actions};
use crate::support::{Res, TestApp, attrs, texts};

/// A PNG with some structure in it (so it is not trivially compressible).
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 5 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("png encodes");
    out
}

/// A JPEG whose EXIF orientation says "rotate 90° clockwise to view".
fn sideways_jpeg(width: u32, height: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let img = RgbImage::from_pixel(width, height, image::Rgb([40, 90, 160]));
    let exif = [
        b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
    ];
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_exif_metadata(exif.to_vec()).expect("exif accepted");
    enc.write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .expect("jpeg encodes");
    out
}

fn ok_png() -> Vec<u8> {
    png(20, 20)
}

/// Every file under the uploads folder.
fn uploaded_files(media_dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&media_dir.join("u"), &mut out);
    out.sort();
    out
}

async fn media_count(app: &TestApp) -> i64 {
    app.state
        .db
        .list_library("", 1, 0)
        .await
        .expect("library")
        .1
}

fn uploaded_id(res: &Res) -> i64 {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let loc = res.header("location");
    let rest = loc
        .strip_prefix("/admin/media/")
        .and_then(|r| r.strip_suffix("?done=media_uploaded"))
        .unwrap_or_else(|| panic!("unexpected location {loc}"));
    rest.parse().expect("an id")
}

fn figure(media_id: i64) -> Block {
    Block::Figure {
        media_id,
        caption: vec![],
        credit: None,
    }
}

/// A draft in `lang` owned by `user` whose body shows `media_id`.
async fn article_with_figure(app: &TestApp, user: i64, lang: Locale, media_id: i64) -> i64 {
    let mut body = domain::Document::empty();
    body.blocks.push(figure(media_id));
    let draft = domain::ArticleDraft {
        lang,
        translation_group: None,
        status: ArticleStatus::Draft,
        slug: domain::Slug::from_title("Ura e vjetër mbi Drin"),
        title: "Ura e vjetër mbi Drin".into(),
        standfirst: String::new(),
        body,
        author_note: String::new(),
        seo_title: String::new(),
        seo_description: String::new(),
        featured_media_id: None,
        social_media_id: None,
        scheduled_at: None,
        published_at: None,
        updated_at: None,
        // Publishing needs a primary section.
        section_ids: vec![app.state.db.list_sections().await.expect("sections")[0].id],
        tag_ids: Vec::new(),
        region_ids: Vec::new(),
        author_ids: Vec::new(),
        is_top: false,
    };
    let id = app
        .state
        .db
        .insert_article(&draft, testkit::NOW)
        .await
        .expect("article");
    app.state
        .db
        .set_article_creator(id, user)
        .await
        .expect("creator");
    id
}

#[tokio::test]
async fn an_upload_is_rendered_to_webp_and_jpeg_sizes_and_recorded() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let user = add_user(&app, "ana@example.org", Role::Contributor, Locale::En).await;
        let mut b = Browser::signed_in_as(&app, "ana@example.org").await;
        let media_dir = app.state.config.media_dir.clone();

        let res = b.get("/admin/media").await;
        assert_eq!(res.status, StatusCode::OK);
        let doc = res.html();
        assert_eq!(texts(&doc, "h1"), ["Media library"]);
        assert_eq!(
            attrs(&doc, "nav.mainnav a[aria-current=page]", "href"),
            ["/admin/media"]
        );
        // The demo magazine's images are in the library.
        assert!(!attrs(&doc, ".media-grid img", "src").is_empty());
        let token = attrs(&doc, "form[enctype] input[name=_csrf]", "value").remove(0);

        let res = b
            .upload(
                &[
                    ("_csrf", &token),
                    ("alt_sq", "Ura e vjetër"),
                    ("alt_en", ""),
                    ("credit", "Foto: Ana"),
                ],
                Some(&png(1200, 800)),
            )
            .await;
        let id = uploaded_id(&res);
        let item = app
            .state
            .db
            .find_library_item(id)
            .await
            .expect("reads")
            .expect("the row exists");
        assert_eq!(item.uploaded_by, Some(user));
        assert_eq!(item.media.mime, "image/png");
        assert_eq!((item.media.width, item.media.height), (1200, 800));
        assert_eq!(item.media.alt.sq, "Ura e vjetër");
        assert_eq!(item.media.credit, "Foto: Ana");
        assert!(item.media.key.is_none());
        let sizes: Vec<(u32, u32, &str)> = item
            .media
            .renditions
            .iter()
            .map(|r| (r.width, r.height, r.mime.as_str()))
            .collect();
        assert_eq!(
            sizes,
            [
                (480, 320, "image/webp"),
                (480, 320, "image/jpeg"),
                (960, 640, "image/webp"),
                (960, 640, "image/jpeg"),
                (1200, 800, "image/webp"),
                (1200, 800, "image/jpeg"),
            ]
        );
        let mut total = 0;
        for r in &item.media.renditions {
            assert!(r.path.starts_with("u/20"), "{}", r.path);
            let bytes = std::fs::read(media_dir.join(&r.path)).expect("the file is on disk");
            total += bytes.len();
            let back = image::load_from_memory(&bytes).expect("a rendition decodes");
            assert_eq!((back.width(), back.height()), (r.width, r.height));
            // Served like the demo's files.
            let served = b.get(&format!("/media/{}", r.path)).await;
            assert_eq!(served.status, StatusCode::OK);
            assert_eq!(served.header("content-type"), r.mime);
        }
        assert_eq!(item.byte_size, i64::try_from(total).expect("fits"));
        assert_eq!(uploaded_files(&media_dir).len(), 6);
        assert!(
            audit_actions(&app)
                .await
                .contains(&"media_uploaded".to_owned())
        );

        let res = b
            .get(&format!("/admin/media/{id}?done=media_uploaded"))
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let doc = res.html();
        assert_eq!(
            texts(&doc, ".flash"),
            ["The image was uploaded. Add its alt text and caption here."]
        );
        assert_eq!(attrs(&doc, "input[name=alt_sq]", "value"), ["Ura e vjetër"]);
        assert!(
            texts(&doc, ".hint")
                .iter()
                .any(|t| t.ends_with(&format!(": {id}.")))
        );
        assert_eq!(texts(&doc, ".empty"), ["Not used anywhere."]);

        // The newest item leads the grid, flagged for its missing English alt text.
        let doc = b.get("/admin/media").await.html();
        assert_eq!(
            attrs(&doc, ".media-grid a", "href")
                .first()
                .map(String::as_str),
            Some(format!("/admin/media/{id}").as_str())
        );
        assert_eq!(
            texts(&doc, ".media-grid li:first-child .badge"),
            ["no English alt text"]
        );
        // Search finds it by credit, and not by nonsense.
        let doc = b.get("/admin/media?q=foto%3A+ana").await.html();
        assert_eq!(
            attrs(&doc, ".media-grid a", "href"),
            [format!("/admin/media/{id}")]
        );
        let doc = b.get("/admin/media?q=zzzz").await.html();
        assert!(attrs(&doc, ".media-grid a", "href").is_empty());

        // A photo taken sideways is stored upright.
        let res = b
            .upload(&[("_csrf", &token)], Some(&sideways_jpeg(640, 320)))
            .await;
        let id = uploaded_id(&res);
        let item = app
            .state
            .db
            .find_library_item(id)
            .await
            .expect("reads")
            .expect("row");
        assert_eq!(item.media.mime, "image/jpeg");
        assert_eq!((item.media.width, item.media.height), (320, 640));
        for r in &item.media.renditions {
            let bytes = std::fs::read(media_dir.join(&r.path)).expect("on disk");
            assert!(!bytes.windows(4).any(|w| w == b"Exif"), "metadata is gone");
        }
    }
}

#[tokio::test]
async fn refused_uploads_say_why_and_leave_nothing_behind() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "besa@example.org", Role::Author, Locale::Sq).await;
        // The same app with a 10 KB upload limit.
        let mut state = app.state.clone();
        let mut config = (*state.config).clone();
        config.media_max_bytes = 10_000;
        state.config = Arc::new(config);
        let mut b = Browser::signed_in_on(&app, web::router(state), "besa@example.org").await;
        let media_dir = app.state.config.media_dir.clone();
        let before = media_count(&app).await;
        let token = b.token("/admin/media").await;

        let res = b
            .upload(&[("_csrf", &token)], Some(b"%PDF-1.7 not a picture at all"))
            .await;
        assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["Ky skedar nuk është imazh JPEG, PNG, WebP ose GIF. Nuk u ruajt asgjë."]
        );

        // Over the limit, read in chunks…
        let big = png(200, 200);
        assert!(big.len() > 10_000 && big.len() < 60_000, "{}", big.len());
        let res = b.upload(&[("_csrf", &token)], Some(&big)).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["Ky skedar është më i madh se 10 KB. Nuk u ruajt asgjë."]
        );
        // … or refused on its declared length before reading.
        let huge = png(600, 600);
        assert!(huge.len() > 80_000, "{}", huge.len());
        let res = b.upload(&[("_csrf", &token)], Some(&huge)).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);

        // Without a declared length, the whole body is bounded too, whatever the part.
        let filler = "x".repeat(120_000);
        let res = b
            .upload_with(
                &[("_csrf", &token), ("note", &filler)],
                Some(&ok_png()),
                false,
            )
            .await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        let res = b.upload_with(&[("_csrf", &token)], Some(&big), false).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);

        // A damaged image.
        let mut broken = png(40, 40);
        broken.truncate(60);
        let res = b.upload(&[("_csrf", &token)], Some(&broken)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["Ky imazh është i dëmtuar dhe nuk u lexua dot. Nuk u ruajt asgjë."]
        );

        // No file at all.
        let res = b
            .upload(&[("_csrf", &token), ("alt_sq", "Diçka")], None)
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            attrs(&res.html(), "input[name=alt_sq]", "value"),
            ["Diçka"],
            "what was typed is kept"
        );

        // No token, a wrong one, or the file before the token: refused before any work.
        let ok = png(20, 20);
        let res = b.upload(&[], Some(&ok)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = b.upload(&[("_csrf", "forged")], Some(&ok)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = b
            .upload(&[("alt_sq", "x"), ("_csrf", &token)], Some(&ok))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        assert_eq!(media_count(&app).await, before, "no rows");
        assert!(uploaded_files(&media_dir).is_empty(), "no files");
        assert!(
            !audit_actions(&app)
                .await
                .contains(&"media_uploaded".to_owned())
        );
    }
}

#[tokio::test]
async fn alt_text_and_details_are_edited_by_the_uploader_and_editors_only() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Contributor, Locale::En).await;
        add_user(&app, "dritan@example.org", Role::Author, Locale::En).await;
        add_user(&app, "era@example.org", Role::Editor, Locale::Sq).await;
        let mut ana = Browser::signed_in_as(&app, "ana@example.org").await;
        let token = ana.token("/admin/media").await;
        let id = uploaded_id(&ana.upload(&[("_csrf", &token)], Some(&png(300, 200))).await);
        let path = format!("/admin/media/{id}");

        let res = ana
            .post(
                &path,
                &[
                    ("_csrf", &token),
                    ("alt_sq", " Një urë guri mbi lumë "),
                    ("alt_en", "A stone bridge over a river"),
                    ("caption_sq", "Ura e Mesit, Shkodër"),
                    ("caption_en", "The Mes bridge, Shkodër"),
                    ("credit", "Foto: Ana"),
                    ("licence", "CC BY 4.0"),
                    ("focal_x", "30"),
                    ("focal_y", "62,5"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(res.header("location"), format!("{path}?done=media_saved"));
        let m = app
            .state
            .db
            .list_media_by_ids(&[id])
            .await
            .expect("reads")
            .remove(0);
        assert_eq!(m.alt.sq, "Një urë guri mbi lumë");
        assert_eq!(m.alt.en, "A stone bridge over a river");
        assert_eq!(m.caption.en, "The Mes bridge, Shkodër");
        assert_eq!(
            (m.credit.as_str(), m.licence.as_str()),
            ("Foto: Ana", "CC BY 4.0")
        );
        assert_eq!((m.focal_x, m.focal_y), (0.3, 0.625));
        assert!(
            audit_actions(&app)
                .await
                .contains(&"media_edited".to_owned())
        );

        let res = ana
            .post(
                &path,
                &[("_csrf", &token), ("focal_x", "150"), ("focal_y", "0")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&res.html(), "[role=alert]"),
            ["The focal point is two percentages from 0 to 100."]
        );
        let res = ana
            .post(
                &path,
                &[("_csrf", "forged"), ("focal_x", "1"), ("focal_y", "1")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // An author may look at someone else's upload but not change or delete it.
        let mut dritan = Browser::signed_in_as(&app, "dritan@example.org").await;
        let res = dritan.get(&path).await;
        assert_eq!(res.status, StatusCode::OK);
        let doc = res.html();
        assert!(attrs(&doc, "form[action$='/delete']", "action").is_empty());
        assert!(attrs(&doc, "input[name=alt_sq]", "value").is_empty());
        let token_d = attrs(&doc, "input[name=_csrf]", "value").remove(0);
        let fields = [
            ("_csrf", token_d.as_str()),
            ("alt_sq", "x"),
            ("focal_x", "50"),
            ("focal_y", "50"),
        ];
        assert_eq!(
            dritan.post(&path, &fields).await.status,
            StatusCode::FORBIDDEN
        );
        let res = dritan
            .post(&format!("{path}/delete"), &[("_csrf", &token_d)])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // An editor may change anyone's.
        let mut era = Browser::signed_in_as(&app, "era@example.org").await;
        let token_e = era.token(&path).await;
        let res = era
            .post(
                &path,
                &[
                    ("_csrf", &token_e),
                    ("alt_sq", "Ura"),
                    ("alt_en", "The bridge"),
                    ("focal_x", "50"),
                    ("focal_y", "50"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let m = app
            .state
            .db
            .list_media_by_ids(&[id])
            .await
            .expect("reads")
            .remove(0);
        assert_eq!(m.alt.en, "The bridge");
        // The edit page is in the editor's language.
        assert_eq!(
            texts(&era.get(&path).await.html(), "label[for=m-alt-sq]"),
            ["Teksti alternativ (shqip)"]
        );
    }
}

#[tokio::test]
async fn deleting_is_refused_while_an_article_uses_the_image_and_removes_files_after() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let user = add_user(&app, "ana@example.org", Role::Author, Locale::En).await;
        let mut b = Browser::signed_in_as(&app, "ana@example.org").await;
        let media_dir = app.state.config.media_dir.clone();
        let token = b.token("/admin/media").await;
        let used = uploaded_id(&b.upload(&[("_csrf", &token)], Some(&png(500, 300))).await);
        let unused = uploaded_id(&b.upload(&[("_csrf", &token)], Some(&png(300, 500))).await);
        assert_eq!(uploaded_files(&media_dir).len(), 6);
        let article = article_with_figure(&app, user, Locale::Sq, used).await;

        let res = b
            .post(&format!("/admin/media/{used}/delete"), &[("_csrf", &token)])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        let doc = res.html();
        assert_eq!(
            texts(&doc, "[role=alert]"),
            [
                "This image cannot be deleted: it is still used in one place: “Ura e vjetër mbi Drin”."
            ]
        );
        assert_eq!(
            attrs(&doc, ".uses a", "href"),
            [format!("/admin/articles/{article}")]
        );
        assert_eq!(uploaded_files(&media_dir).len(), 6, "nothing was removed");
        assert_eq!(
            app.state
                .db
                .list_media_by_ids(&[used])
                .await
                .expect("reads")
                .len(),
            1
        );

        // A demo article's featured image is protected the same way, even for an editor.
        let mut featured = None;
        for m in app.state.db.list_keyed_media().await.expect("reads") {
            let uses = app.state.db.media_usage(m.id).await.expect("usage");
            if uses.iter().any(|u| u.kind == "featured") {
                featured = Some(m.id);
                break;
            }
        }
        let featured = featured.expect("the demo has featured images");
        add_user(&app, "era@example.org", Role::Editor, Locale::En).await;
        let mut era = Browser::signed_in_as(&app, "era@example.org").await;
        let era_token = era.token("/admin/media").await;
        let res = era
            .post(
                &format!("/admin/media/{featured}/delete"),
                &[("_csrf", &era_token)],
            )
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(texts(&res.html(), "[role=alert]")[0].starts_with("This image cannot be deleted"));

        let res = b
            .post(
                &format!("/admin/media/{unused}/delete"),
                &[("_csrf", &token)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(res.header("location"), "/admin/media?done=media_deleted");
        assert!(
            app.state
                .db
                .list_media_by_ids(&[unused])
                .await
                .expect("reads")
                .is_empty()
        );
        assert_eq!(uploaded_files(&media_dir).len(), 4, "its files are gone");
        assert_eq!(
            b.get(&format!("/admin/media/{unused}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(
            audit_actions(&app)
                .await
                .contains(&"media_deleted".to_owned())
        );
    }
}

#[tokio::test]
async fn publishing_is_refused_until_every_image_has_alt_text_in_the_articles_language() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        let user = add_user(&app, "ana@example.org", Role::Author, Locale::En).await;
        let mut b = Browser::signed_in_as(&app, "ana@example.org").await;
        let token = b.token("/admin/media").await;
        let id = uploaded_id(
            &b.upload(
                &[("_csrf", &token), ("alt_en", "A bridge")],
                Some(&png(300, 200)),
            )
            .await,
        );
        let article = article_with_figure(&app, user, Locale::Sq, id).await;
        let status_path = format!("/admin/articles/{article}/status");

        let res = b
            .post(&status_path, &[("_csrf", &token), ("to", "published")])
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            res.text()
        );
        let doc = res.html();
        assert_eq!(
            texts(&doc, "[role=alert]"),
            [format!(
                "This article cannot be published yet: one image has no alt text in Albanian (#{id}). Add it, then publish again."
            )]
        );
        assert_eq!(
            attrs(&doc, ".media-grid a", "href"),
            [format!("/admin/media/{id}")]
        );
        let a = app
            .state
            .db
            .find_article(article)
            .await
            .expect("reads")
            .expect("exists");
        assert_eq!(a.status, ArticleStatus::Draft);

        let res = b
            .post(
                &format!("/admin/media/{id}"),
                &[
                    ("_csrf", &token),
                    ("alt_sq", "Një urë"),
                    ("alt_en", "A bridge"),
                    ("focal_x", "50"),
                    ("focal_y", "50"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let res = b
            .post(&status_path, &[("_csrf", &token), ("to", "published")])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let a = app
            .state
            .db
            .find_article(article)
            .await
            .expect("reads")
            .expect("exists");
        assert_eq!(a.status, ArticleStatus::Published);

        // The public page shows the upload's renditions like any other image.
        let sections = app.state.db.list_sections().await.expect("sections");
        let (cards, _) = app
            .state
            .db
            .list_cards(
                Locale::Sq,
                store::articles::Listing::Latest,
                50,
                0,
                testkit::NOW,
            )
            .await
            .expect("cards");
        let card = cards.iter().find(|c| c.id == article).expect("listed");
        let res = app.get(&web::views::article_url(card, &sections)).await;
        assert_eq!(res.status, StatusCode::OK);
        let doc = res.html();
        let item = app
            .state
            .db
            .find_library_item(id)
            .await
            .expect("reads")
            .expect("row");
        let expected = |mime: &str| {
            item.media
                .renditions
                .iter()
                .filter(|r| r.mime == mime)
                .map(|r| format!("/media/{} {}w", r.path, r.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(
            attrs(&doc, "figure picture source[type='image/webp']", "srcset"),
            [expected("image/webp")]
        );
        assert_eq!(
            attrs(&doc, "figure picture img", "srcset"),
            [expected("image/jpeg")]
        );
        assert_eq!(attrs(&doc, "figure picture img", "alt"), ["Një urë"]);
        // The upload's blur placeholder: a tiny WebP of the picture, carried by the page.
        assert!(
            item.media
                .placeholder
                .starts_with("data:image/webp;base64,")
        );
        assert_eq!(
            attrs(&doc, "figure picture img", "data-lqip").concat(),
            item.media.placeholder
        );
    }
}

#[tokio::test]
async fn the_picker_lists_and_searches_the_library_for_the_editor() {
    for kind in testkit::backends() {
        let app = TestApp::new(kind).await;
        add_user(&app, "ana@example.org", Role::Contributor, Locale::En).await;
        // Signed out: no library.
        let res = app.get("/admin/media/pick").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(res.header("location").starts_with("/admin/login"));

        let mut b = Browser::signed_in_as(&app, "ana@example.org").await;
        let token = attrs(
            &b.get("/admin/media").await.html(),
            "form[enctype] input[name=_csrf]",
            "value",
        )
        .remove(0);
        let res = b
            .upload(
                &[
                    ("_csrf", &token),
                    ("alt_sq", "Kalaja e Rozafës"),
                    ("alt_en", "Rozafa castle <at dusk>"),
                    ("credit", ""),
                ],
                Some(&png(640, 480)),
            )
            .await;
        let id = uploaded_id(&res);
        let demo = app.state.db.list_keyed_media().await.expect("reads").len();

        // Newest first, 12 at a time, each a button carrying the item's number, in the
        // user's language, escaped; "show more" leads to the next page.
        let res = b.get("/admin/media/pick").await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("cache-control"), "no-store");
        let doc = res.html();
        let ids = attrs(&doc, ".media-pick button[data-media-id]", "data-media-id");
        assert_eq!(ids.len(), (demo + 1).min(12));
        assert_eq!(ids[0], id.to_string());
        assert_eq!(
            texts(&doc, ".media-pick button .media-alt")[0],
            "Rozafa castle <at dusk>"
        );
        let more = attrs(&doc, "button.media-pick-more", "data-next");
        if demo + 1 > 12 {
            assert_eq!(more, ["/admin/media/pick?q=&page=2"]);
            let doc = b.get(&more[0]).await.html();
            assert_eq!(
                attrs(&doc, ".media-pick button[data-media-id]", "data-media-id").len(),
                demo + 1 - 12
            );
        } else {
            assert!(more.is_empty());
        }

        // A search narrows it (alt text, either language).
        let doc = b.get("/admin/media/pick?q=rozaf").await.html();
        assert_eq!(
            attrs(&doc, ".media-pick button[data-media-id]", "data-media-id"),
            [id.to_string()]
        );
        let doc = b.get("/admin/media/pick?q=nothing-like-this").await.html();
        assert!(
            doc.select(&crate::support::sel(".media-pick"))
                .next()
                .is_none()
        );
        assert_eq!(texts(&doc, ".empty"), ["No images here yet."]);

        // The edit page carries the picker's dialog and marks the image fields for it.
        let csrf = b.token("/admin/articles").await;
        let article = crate::newsroom::new_draft(&mut b, &csrf, "Picker", "en").await;
        let doc = b.get(&format!("/admin/articles/{article}")).await.html();
        assert_eq!(
            attrs(&doc, "dialog#media-picker", "data-open-label"),
            ["Choose from the library"]
        );
        assert_eq!(
            attrs(&doc, "input[data-media-input]", "name"),
            ["featured", "social"]
        );
    }
}
