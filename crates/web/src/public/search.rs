//! Search: the results page (`/sq/kerko`, `/en/search`) with snippets, filters, sorting
//! and pagination, and the live results shown under the search box while a reader types
//! (`…/live`). Results are never page-cached: the index changes within a second of an
//! edit. Odd input is searched as text; what cannot be (too long, unknown filters, bad
//! dates) gets a 400 page that says which.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use domain::{ArticleCard, Locale};
use search::{MAX_QUERY_CHARS, Search, Segment, Sort};
use serde::Serialize;

use super::{Alternate, PageCtx, absolute};
use crate::chrome::Chrome;
use crate::respond::{self, Rendered};
use crate::views::{CardView, Extras, Link, Pager, Urls};
use crate::{AppError, AppState};

const PER_PAGE: usize = 10;
const LIVE_RESULTS: usize = 6;
/// Deepest results page served (relevance beyond it means little, and it bounds the work).
const MAX_PAGE: usize = 50;
/// Matches are counted up to the last one a reader can reach; beyond it the page says
/// "more than 500 results". Counting every match of a common word costs more than the rest
/// of the search.
const COUNT_UP_TO: usize = PER_PAGE * MAX_PAGE;

/// Which languages a search covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    One(Locale),
    All,
}

/// A validated search request.
#[derive(Debug, Clone)]
struct Params {
    q: String,
    section: Option<domain::Section>,
    author: Option<domain::Author>,
    scope: Scope,
    from: Option<(String, i64)>,
    to: Option<(String, i64)>,
    sort: Sort,
    page: usize,
}

/// Reads the query string. Unknown keys are ignored (campaign tags and the like).
async fn parse(
    state: &AppState,
    lang: Locale,
    c: &Chrome,
    raw: Option<&str>,
) -> Result<Params, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|_| AppError::BadRequest("bad_request"))?;
    let mut p = Params {
        q: String::new(),
        section: None,
        author: None,
        scope: Scope::One(lang),
        from: None,
        to: None,
        sort: Sort::Relevance,
        page: 1,
    };
    for (k, v) in pairs {
        let v = v.trim();
        match k.as_str() {
            "q" => {
                if v.chars().count() > MAX_QUERY_CHARS {
                    return Err(AppError::BadRequest("search_too_long"));
                }
                p.q = v.to_owned();
            }
            "section" if !v.is_empty() => {
                p.section = Some(
                    c.section_by_slug(v)
                        .cloned()
                        .ok_or(AppError::BadRequest("search_filter"))?,
                );
            }
            "author" if !v.is_empty() => {
                p.author = Some(
                    state
                        .db
                        .find_author_by_slug(v)
                        .await?
                        .ok_or(AppError::BadRequest("search_filter"))?,
                );
            }
            "in" if !v.is_empty() => {
                p.scope = match v {
                    "all" => Scope::All,
                    code => Scope::One(
                        Locale::parse(code).ok_or(AppError::BadRequest("search_filter"))?,
                    ),
                };
            }
            "from" if !v.is_empty() => p.from = Some((v.to_owned(), day_start(v)?)),
            "to" if !v.is_empty() => {
                let end =
                    render::i18n::local_day_end(v).ok_or(AppError::BadRequest("search_dates"))?;
                p.to = Some((v.to_owned(), end));
            }
            "sort" if !v.is_empty() => {
                p.sort = match v {
                    "relevance" => Sort::Relevance,
                    "date" => Sort::Newest,
                    _ => return Err(AppError::BadRequest("search_filter")),
                };
            }
            "page" => {
                p.page = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE).contains(n))
                    .ok_or(AppError::BadRequest("search_page"))?;
            }
            _ => {}
        }
    }
    if let (Some((_, from)), Some((_, to))) = (&p.from, &p.to)
        && from > to
    {
        return Err(AppError::BadRequest("search_dates"));
    }
    Ok(p)
}

/// The first moment of a `YYYY-MM-DD` day in the site's time zone.
fn day_start(v: &str) -> Result<i64, AppError> {
    render::i18n::local_day_start(v).ok_or(AppError::BadRequest("search_dates"))
}

impl Params {
    fn search(&self, now: i64, offset: usize, limit: usize, prefix: bool) -> Search<'_> {
        Search {
            text: &self.q,
            lang: match self.scope {
                Scope::One(l) => Some(l),
                Scope::All => None,
            },
            section: self.section.as_ref().map(|s| s.id),
            author: self.author.as_ref().map(|a| a.id),
            from: self.from.as_ref().map(|f| f.1),
            to: self.to.as_ref().map(|t| t.1),
            sort: self.sort,
            offset,
            limit,
            now,
            prefix,
            count_up_to: Some(COUNT_UP_TO),
            // Live results show titles only.
            skip_passages: prefix,
        }
    }

    /// The query string that reproduces this search (without the page).
    fn query_string(&self, lang: Locale) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.clone())];
        if let Some(s) = &self.section {
            pairs.push(("section", s.slug.get(lang).to_owned()));
        }
        if let Some(a) = &self.author {
            pairs.push(("author", a.slug.clone()));
        }
        match self.scope {
            Scope::All => pairs.push(("in", "all".into())),
            Scope::One(l) if l != lang => pairs.push(("in", l.code().into())),
            Scope::One(_) => {}
        }
        if let Some((f, _)) = &self.from {
            pairs.push(("from", f.clone()));
        }
        if let Some((t, _)) = &self.to {
            pairs.push(("to", t.clone()));
        }
        if self.sort == Sort::Newest {
            pairs.push(("sort", "date".into()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// Writes one result as an `<li>` of the results list, every value escaped: its passage
/// (or its standfirst) with the words found marked in `marked`, else its plain standfirst.
/// Written in
/// Rust rather than in the template: ten of these are most of the page, and the template
/// engine spent about a quarter of a search's CPU time walking them (serialising each card
/// into its values, then looking each field up by name).
fn write_hit(
    out: &mut String,
    page_lang: Locale,
    card: &CardView,
    lang: Locale,
    marked: &[Segment],
) {
    use render::html::write_escaped;
    use std::fmt::Write as _;
    // Writing to a `String` cannot fail.
    let esc = |out: &mut String, s: &str| {
        let _ = write_escaped(out, s);
    };
    out.push_str("\n  <li class=\"search-hit\"");
    if lang != page_lang {
        let _ = write!(out, " lang=\"{lang}\"");
    }
    let link = |out: &mut String, l: &Link| {
        out.push_str("<a href=\"");
        esc(out, &l.url);
        out.push_str("\">");
        esc(out, &l.name);
        out.push_str("</a>");
    };
    out.push('>');
    if let Some(img) = &card.image_html {
        out.push_str("\n    <div class=\"card-media\">");
        out.push_str(img);
        out.push_str("</div>");
    }
    out.push_str("\n    <div class=\"card-body\">");
    if let Some(s) = &card.section {
        out.push_str("\n      <p class=\"kicker\">");
        link(out, s);
        out.push_str("</p>");
    }
    out.push_str("\n      <h2 class=\"card-title\"><a href=\"");
    esc(out, &card.url);
    out.push_str("\">");
    esc(out, &card.title);
    out.push_str("</a></h2>");
    if !marked.is_empty() || !card.standfirst.is_empty() {
        out.push_str("\n      <p class=\"snippet\">");
        if marked.is_empty() {
            esc(out, &card.standfirst);
        }
        for s in marked {
            if s.hit {
                out.push_str("<mark>");
                esc(out, &s.text);
                out.push_str("</mark>");
            } else {
                esc(out, &s.text);
            }
        }
        out.push_str("</p>");
    }
    out.push_str("\n      <p class=\"meta\">");
    if !card.authors.is_empty() {
        out.push_str("<span class=\"byline\">");
        for (i, a) in card.authors.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            link(out, a);
        }
        out.push_str("</span> · ");
    }
    let _ = write!(
        out,
        "<time datetime=\"{}\">",
        render::i18n::iso8601(card.published_at)
    );
    esc(out, &render::format_date(card.published_at, page_lang));
    out.push_str("</time>\n      </p>\n    </div>\n  </li>");
}

/// An option of a filter's `<select>`.
#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    name: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct SearchView {
    q: String,
    action: String,
    /// The results list's items, escaped as they were written (see [`write_hit`]).
    hits_html: String,
    total: usize,
    /// More than `total` match.
    more: bool,
    pager: Option<Pager>,
    sections: Vec<Choice>,
    authors: Vec<Choice>,
    scopes: Vec<Choice>,
    from: String,
    to: String,
    sort_date: bool,
    filtered: bool,
    incomplete: bool,
}

/// `GET /{lang}/{search}`: the results page.
pub async fn show_search(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    c: Arc<Chrome>,
    raw: Option<&str>,
) -> Result<Response, AppError> {
    let urls = Urls::new(lang);
    let p = parse(state, lang, &c, raw).await?;
    let now = state.clock.now();
    let index = state.search.clone();
    let offset = (p.page - 1) * PER_PAGE;
    let results = index
        .search(&p.search(now, offset, PER_PAGE, false))
        .map_err(search_failed)?;
    if results.ids.is_empty() && p.page > 1 {
        return Err(AppError::NotFound);
    }
    let (cards, texts, authors) = tokio::try_join!(
        state.db.list_cards_by_ids(&results.ids, now),
        state.db.list_body_texts(&results.ids),
        state.authors.get(&state.db, false),
    )?;
    let refs: Vec<&ArticleCard> = cards.iter().collect();
    let extras = Extras::load(state, &refs, &[], &[]).await?;
    let mut hits_html = String::with_capacity(cards.len() * 2048);
    for card in &cards {
        let curls = Urls::new(card.lang);
        let view = extras.card(
            card,
            &c.sections,
            &curls,
            "(min-width: 48rem) 10rem, 6.5rem",
        );
        let text = texts
            .iter()
            .find(|(id, _)| *id == card.id)
            .map_or("", |(_, t)| t.as_str());
        let mut marked = results.snippet(card.id, card.lang, text);
        if marked.is_empty() {
            marked = results.highlight(card.id, card.lang, &card.standfirst);
        }
        write_hit(&mut hits_html, lang, &view, card.lang, &marked);
    }
    let base = format!("{}?{}", urls.search(), p.query_string(lang));
    let pager = (!p.q.is_empty()).then(|| {
        Pager::new(
            &base,
            i64::try_from(p.page).unwrap_or(1),
            i64::try_from(PER_PAGE).unwrap_or(10),
            i64::try_from(results.total.min(COUNT_UP_TO)).unwrap_or(0),
        )
    });
    let sections = c
        .sections
        .iter()
        .map(|s| Choice {
            value: s.slug.get(lang).to_owned(),
            name: s.name.get(lang).to_owned(),
            selected: p.section.as_ref().is_some_and(|x| x.id == s.id),
        })
        .collect();
    let authors = authors
        .list
        .iter()
        .map(|a| Choice {
            value: a.slug.clone(),
            name: a.name.clone(),
            selected: p.author.as_ref().is_some_and(|x| x.id == a.id),
        })
        .collect();
    let scopes = [
        (
            lang.code(),
            render::t(lang, &format!("search-in-{}", lang.code())),
            Scope::One(lang),
        ),
        (
            lang.other().code(),
            render::t(lang, &format!("search-in-{}", lang.other().code())),
            Scope::One(lang.other()),
        ),
        ("all", render::t(lang, "search-in-all"), Scope::All),
    ]
    .into_iter()
    .map(|(v, name, scope)| Choice {
        value: v.to_owned(),
        name,
        selected: p.scope == scope,
    })
    .collect();
    let title = if p.q.is_empty() {
        render::t(lang, "search-title")
    } else {
        render::t_args(lang, "search-title-for", &[("q", p.q.clone().into())])
    };
    let path = urls.search();
    let other = Urls::new(lang.other()).search();
    let ctx = PageCtx {
        lang,
        title: title.clone(),
        description: title,
        canonical: absolute(state, &path),
        alternates: vec![
            Alternate {
                lang,
                url: absolute(state, &path),
            },
            Alternate {
                lang: lang.other(),
                url: absolute(state, &other),
            },
        ],
        switch_url: if p.q.is_empty() {
            other
        } else {
            // The other language's page searches that language, unless a scope was chosen.
            let scope = match p.scope {
                Scope::One(l) if l == lang => Scope::One(lang.other()),
                s => s,
            };
            format!(
                "{other}?{}",
                Params { scope, ..p.clone() }.query_string(lang.other())
            )
        },
        today: now,
        body_class: "search-page",
        breadcrumbs: vec![Link {
            name: render::t(lang, "nav-home"),
            url: format!("/{lang}/"),
        }],
        og_type: "website",
        seo: crate::seo::Seo {
            noindex: !p.q.is_empty(),
            ..Default::default()
        },
        content: SearchView {
            q: p.q.clone(),
            action: path,
            hits_html,
            total: results.total,
            more: results.more,
            pager,
            sections,
            authors,
            scopes,
            from: p.from.as_ref().map(|f| f.0.clone()).unwrap_or_default(),
            to: p.to.as_ref().map(|t| t.0.clone()).unwrap_or_default(),
            sort_date: p.sort == Sort::Newest,
            filtered: p.section.is_some()
                || p.author.is_some()
                || p.from.is_some()
                || p.to.is_some()
                || p.scope != Scope::One(lang),
            incomplete: index.is_incomplete(),
        },
        chrome: c,
    };
    let html = state.templates.render("search.html", &ctx)?;
    Ok(uncached(
        state,
        headers,
        lang,
        html,
        Some((ctx.chrome.clone(), false)),
    ))
}

#[derive(Debug, Serialize)]
struct LiveHit {
    title: String,
    url: String,
    section: Option<String>,
    published_at: i64,
}

#[derive(Debug, Serialize)]
struct LiveView {
    lang: Locale,
    q: String,
    total: usize,
    more: bool,
    hits: Vec<LiveHit>,
    all_url: String,
}

/// `GET /{lang}/{search}/live?q=…`: up to six results as an HTML fragment for the box
/// under the search field; the last word matches as a prefix.
pub async fn show_live(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    c: Arc<Chrome>,
    raw: Option<&str>,
) -> Result<Response, AppError> {
    let p = parse(state, lang, &c, raw).await?;
    let now = state.clock.now();
    let results = state
        .search
        .search(&p.search(now, 0, LIVE_RESULTS, true))
        .map_err(search_failed)?;
    let cards = state.db.list_cards_by_ids(&results.ids, now).await?;
    let hits = cards
        .iter()
        .map(|card| {
            let v = crate::views::card_view_plain(card, &c.sections, &Urls::new(card.lang));
            LiveHit {
                title: v.title,
                url: v.url,
                section: v.section.map(|s| s.name),
                published_at: card.published_at,
            }
        })
        .collect();
    let view = LiveView {
        lang,
        q: p.q.clone(),
        total: results.total,
        more: results.more,
        hits,
        all_url: format!("{}?{}", Urls::new(lang).search(), p.query_string(lang)),
    };
    let html = state.templates.render("partials/live-search.html", &view)?;
    let mut res = uncached(state, headers, lang, html, None);
    res.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex"),
    );
    Ok(res)
}

/// A page outside the page cache, to be revalidated every time: the index changes within
/// a second of an edit. `chrome`: the site chrome it shows, if any (see `Rendered`).
fn uncached(
    state: &AppState,
    headers: &HeaderMap,
    lang: Locale,
    html: String,
    chrome: Option<(Arc<Chrome>, bool)>,
) -> Response {
    let mut res = respond::finish(
        state,
        headers,
        None,
        0,
        Rendered {
            status: StatusCode::OK,
            html,
            content_type: respond::HTML,
            lang: Some(lang),
            deps: Default::default(),
            last_modified: 0,
            fresh_until: 0,
            chrome,
        },
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn search_failed(e: search::Error) -> AppError {
    AppError::from(e)
}
