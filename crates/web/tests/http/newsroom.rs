//! The newsroom's test helpers: a browser that keeps cookies and sends same-origin headers
//! like a real one, staff accounts, and reading redirects and the audit log.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::{Email, Locale, Role};

use crate::support::{Res, TestApp, attrs, request_on};

pub const PASSWORD: &str = "kafe e fortë në mëngjes";

/// A browser: keeps cookies, sends same-origin headers like a real one.
pub struct Browser<'a> {
    /// Tied to the app whose database the requests use.
    app: std::marker::PhantomData<&'a TestApp>,
    /// The router requests go to: the app's, unless built with another state.
    pub router: axum::Router,
    pub cookies: BTreeMap<String, String>,
    /// Extra headers on every request.
    pub headers: Vec<(&'static str, String)>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app: std::marker::PhantomData,
            router: app.router.clone(),
            cookies: BTreeMap::new(),
            headers: vec![("sec-fetch-site", "same-origin".into())],
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, res: &Res) {
        for v in res.headers.get_all("set-cookie") {
            let v = v.to_str().expect("ascii cookie");
            let (kv, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = kv.split_once('=').expect("name=value");
            if v.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
        }
    }

    /// Sends a request with the cookies and extra headers; keeps the cookies it sets.
    pub async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Res {
        let mut b = req.header("cookie", self.cookie_header());
        for (k, v) in &self.headers {
            b = b.header(*k, v);
        }
        let res = request_on(&self.router, b.body(body).expect("request")).await;
        self.keep_cookies(&res);
        res
    }

    pub async fn get(&mut self, path: &str) -> Res {
        self.send(Request::get(path), Body::empty()).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Res {
        let body = serde_urlencoded::to_string(form).expect("form encodes");
        self.send(
            Request::post(path).header("content-type", "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    /// Posts a multipart form to the media library: the text fields in order, then the file
    /// (if any), with its `Content-Length` as browsers send it.
    pub async fn upload(&mut self, fields: &[(&str, &str)], file: Option<&[u8]>) -> Res {
        self.upload_with(fields, file, true).await
    }

    pub async fn upload_with(
        &mut self,
        fields: &[(&str, &str)],
        file: Option<&[u8]>,
        declare_length: bool,
    ) -> Res {
        let boundary = "----revista-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some(bytes) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"foto.png\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut req = Request::post("/admin/media/upload").header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        );
        if declare_length {
            req = req.header("content-length", body.len().to_string());
        }
        self.send(req, Body::from(body)).await
    }

    /// The `_csrf` value of the first form on `path`.
    pub async fn token(&mut self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "GET {path}");
        attrs(&res.html(), "input[name=_csrf]", "value")
            .into_iter()
            .next()
            .expect("a form token")
    }

    pub async fn log_in(&mut self, email: &str, password: &str) -> Res {
        let token = self.token("/admin/login").await;
        self.post(
            "/admin/login",
            &[
                ("email", email),
                ("password", password),
                ("_csrf", &token),
                ("next", "/admin"),
                ("lang", "en"),
            ],
        )
        .await
    }

    pub async fn signed_in_as(app: &'a TestApp, email: &str) -> Browser<'a> {
        Browser::signed_in_on(app, app.router.clone(), email).await
    }

    /// Signs in through `router` (the app with other settings) and stays on it.
    pub async fn signed_in_on(app: &'a TestApp, router: axum::Router, email: &str) -> Browser<'a> {
        let mut b = Browser::new(app);
        b.router = router;
        let res = b.log_in(email, PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "[{:?}] sign-in of {email}: {}",
            app.kind,
            res.text()
        );
        b
    }

    /// Signs in a new staff member with `role` and interface language `lang`, as
    /// `{role}-{lang}@example.org`.
    pub async fn staff(app: &'a TestApp, role: Role, lang: Locale) -> Browser<'a> {
        let email = format!("{}-{}@example.org", role.as_str(), lang.code());
        add_user(app, &email, role, lang).await;
        Browser::signed_in_as(app, &email).await
    }
}

pub async fn add_user(app: &TestApp, email: &str, role: Role, locale: Locale) -> i64 {
    let e = Email::parse(email).expect("valid address");
    let hash = web::admin::password::hash_blocking(PASSWORD).expect("hash");
    app.state
        .db
        .insert_user(
            &store::staff::NewUser {
                email: &e,
                name: &format!("{} Test", email.split('@').next().expect("local part")),
                password_hash: &hash,
                role,
                locale,
            },
            testkit::NOW,
        )
        .await
        .expect("user")
}

pub fn location(res: &Res) -> String {
    res.header("location")
}

pub async fn audit_actions(app: &TestApp) -> Vec<String> {
    app.state
        .db
        .list_audit(None, 200)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// The id in `/admin/articles/{id}?…`.
pub fn article_id_of(location: &str) -> i64 {
    location
        .trim_start_matches("/admin/articles/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("an article id in the redirect")
}

/// Starts a draft as `b` through the Articles page's form and returns its id.
pub async fn new_draft(b: &mut Browser<'_>, csrf: &str, title: &str, lang: &str) -> i64 {
    let res = b
        .post(
            "/admin/articles/new",
            &[("_csrf", csrf), ("title", title), ("lang", lang)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    article_id_of(&location(&res))
}
