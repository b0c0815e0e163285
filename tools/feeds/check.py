#!/usr/bin/env python3
"""Checks the feeds and sitemaps of a running Revista server.

Usage: check.py BASE_URL [PAGE_PATH ...]

Feeds: the whole-site feeds, plus every feed that the given pages (default: both home
pages) link with <link rel="alternate">, are fetched. RSS and Atom are parsed with
feedparser, which must report no error (bozo == 0) and find entries with a title, link and
date. JSON Feeds are checked here for what JSON Feed 1.1 requires (feedparser 6.0, the
current release, does not read JSON Feed).

Sitemaps: robots.txt must name the sitemap index and the news sitemap; the index and every
sitemap it lists are parsed with lxml. Each <urlset> is validated against the sitemaps.org
XML schema (sitemap.xsd as bundled by the npm package `sitemap`, installed by
.ci/browser-setup.sh). That schema admits extension elements only through a strict
wildcard, and the schemas of Google's image/news extensions and of XHTML are not in any
package registry, so the wildcard is made lax here and those extensions are checked
structurally instead. The index (whose schema, siteindex.xsd, is not bundled) is checked
structurally too. Every URL a sitemap lists must answer 200.

Exits 1 on any finding and prints one line per problem.
"""

import datetime
import json
import re
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import feedparser
from lxml import etree

HERE = Path(__file__).resolve().parent
XSD = HERE / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
FEED_TYPES = {
    "application/rss+xml": ("rss20", "application/rss+xml; charset=utf-8"),
    "application/atom+xml": ("atom10", "application/atom+xml; charset=utf-8"),
    "application/feed+json": ("json11", "application/feed+json; charset=utf-8"),
}

problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL", msg)


def fetch(url):
    """(status, content type, body bytes) of a GET."""
    req = urllib.request.Request(url, headers={"User-Agent": "revista-feed-check"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


class FeedLinks(HTMLParser):
    """Collects <link rel="alternate" type=feed href=...> of a page."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate" and a.get("type") in FEED_TYPES:
            self.links.append((a["type"], a["href"]))


def rfc3339(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def check_json_feed(url, body):
    try:
        feed = json.loads(body)
    except ValueError as e:
        problem(f"{url}: not JSON: {e}")
        return
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problem(f"{url}: version is {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problem(f"{url}: no title")
    if not isinstance(feed.get("items"), list):
        problem(f"{url}: no items array")
        return
    for key in ("home_page_url", "feed_url"):
        if not str(feed.get(key, "")).startswith("http"):
            problem(f"{url}: {key} is not an absolute URL")
    for i, item in enumerate(feed["items"]):
        where = f"{url} item {i}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problem(f"{where}: id must be a non-empty string")
        if not (item.get("content_html") or item.get("content_text")):
            problem(f"{where}: needs content_html or content_text")
        for key in ("date_published", "date_modified"):
            if key in item:
                try:
                    rfc3339(item[key])
                except ValueError:
                    problem(f"{where}: {key} {item[key]!r} is not RFC 3339")
        for att in item.get("attachments", []):
            if not att.get("url") or not att.get("mime_type"):
                problem(f"{where}: attachment without url or mime_type")
        for author in item.get("authors", []):
            if not (author.get("name") or author.get("url")):
                problem(f"{where}: author without name or url")


def check_feed(url, mime):
    status, ctype, body = fetch(url)
    version, want_type = FEED_TYPES[mime]
    if status != 200:
        problem(f"{url}: HTTP {status}")
        return 0
    if ctype != want_type:
        problem(f"{url}: Content-Type {ctype!r}, expected {want_type!r}")
    if version == "json11":
        check_json_feed(url, body)
        return len(json.loads(body).get("items", []))
    parsed = feedparser.parse(body)
    if parsed.bozo:
        problem(f"{url}: feedparser: {parsed.bozo_exception!r}")
    if parsed.version != version:
        problem(f"{url}: feedparser reads version {parsed.version!r}, expected {version!r}")
    if not parsed.entries:
        problem(f"{url}: no entries")
    for e in parsed.entries:
        if not e.get("title") or not e.get("link") or not e.get("published_parsed"):
            problem(f"{url}: entry without title, link or date: {e.get('link')}")
    return len(parsed.entries)


def check_feeds(base, pages):
    urls = [
        ("application/rss+xml", base + "/feed.xml"),
        ("application/atom+xml", base + "/atom.xml"),
        ("application/feed+json", base + "/feed.json"),
    ]
    for page in pages:
        status, _, body = fetch(base + page)
        if status != 200:
            problem(f"{page}: HTTP {status}")
            continue
        p = FeedLinks()
        p.feed(body.decode("utf-8"))
        if len(p.links) != 3:
            problem(f"{page}: links {len(p.links)} feeds, expected 3")
        urls.extend(p.links)
    seen = set()
    for mime, url in urls:
        if url in seen:
            continue
        seen.add(url)
        n = check_feed(url, mime)
        print(f"feed {url}: {n} entries")
    return len(seen)


def lax_schema():
    """sitemap.xsd with its extension wildcards made lax (see the module doc)."""
    text = XSD.read_text(encoding="utf-8")
    text = text.replace('processContents="strict"', 'processContents="lax"')
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8")))


def check_urlset(url, root, schema, news):
    urls = root.findall("sm:url", NS)
    if not urls and not news:
        problem(f"{url}: no <url>")
    if urls:
        if not schema.validate(root):
            for err in schema.error_log:
                problem(f"{url}: XSD line {err.line}: {err.message}")
    elif news:
        # The schema wants at least one <url>; an empty news sitemap is what Google expects
        # of a site with no article in the window.
        print(f"sitemap {url}: empty (no article in the last 48 hours): not schema-checked")
    locs = []
    for u in urls:
        loc = u.findtext("sm:loc", namespaces=NS)
        locs.append(loc)
        for link in u.findall("xhtml:link", NS):
            if link.get("rel") != "alternate" or not link.get("hreflang"):
                problem(f"{url}: {loc}: xhtml:link without rel=alternate and hreflang")
            if not (link.get("href") or "").startswith("http"):
                problem(f"{url}: {loc}: relative alternate {link.get('href')!r}")
        hreflangs = [link.get("hreflang") for link in u.findall("xhtml:link", NS)]
        if hreflangs and "x-default" not in hreflangs:
            problem(f"{url}: {loc}: alternates without x-default")
        for img in u.findall("image:image", NS):
            if not (img.findtext("image:loc", namespaces=NS) or "").startswith("http"):
                problem(f"{url}: {loc}: image:image without an absolute image:loc")
        n = u.find("news:news", NS)
        if news and n is None:
            problem(f"{url}: {loc}: no news:news")
        if n is not None:
            for path in (
                "news:publication/news:name",
                "news:publication/news:language",
                "news:publication_date",
                "news:title",
            ):
                if not n.findtext(path, namespaces=NS):
                    problem(f"{url}: {loc}: news:news lacks {path}")
            rfc3339(n.findtext("news:publication_date", namespaces=NS))
    return locs


def check_sitemaps(base):
    status, _, body = fetch(base + "/robots.txt")
    listed = re.findall(r"^Sitemap: (\S+)$", body.decode("utf-8"), re.M)
    if status != 200 or base + "/sitemap.xml" not in listed or base + "/sitemap-news.xml" not in listed:
        # The server's base URL may differ from BASE_URL; compare paths.
        paths = [re.sub(r"^https?://[^/]+", "", s) for s in listed]
        if "/sitemap.xml" not in paths or "/sitemap-news.xml" not in paths:
            problem(f"robots.txt lists {listed}")
    schema = lax_schema()
    status, ctype, body = fetch(base + "/sitemap.xml")
    index = etree.fromstring(body)
    if index.tag != "{%s}sitemapindex" % NS["sm"]:
        problem(f"/sitemap.xml: root is {index.tag}")
    maps = [s.findtext("sm:loc", namespaces=NS) for s in index.findall("sm:sitemap", NS)]
    for s in index.findall("sm:sitemap", NS):
        lm = s.findtext("sm:lastmod", namespaces=NS)
        if lm:
            rfc3339(lm)
    total = 0
    for loc in maps:
        path = re.sub(r"^https?://[^/]+", "", loc)
        status, ctype, body = fetch(base + path)
        if status != 200:
            problem(f"{path}: HTTP {status}")
            continue
        if not ctype.startswith("application/xml"):
            problem(f"{path}: Content-Type {ctype!r}")
        root = etree.fromstring(body)
        locs = check_urlset(path, root, schema, news=path == "/sitemap-news.xml")
        bad = 0
        for l in locs:
            st, _, _ = fetch(base + re.sub(r"^https?://[^/]+", "", l))
            if st != 200:
                bad += 1
                problem(f"{path}: {l} answers HTTP {st}")
        total += len(locs)
        if locs:
            print(f"sitemap {path}: {len(locs)} URLs, checked against the XSD, {len(locs) - bad} answer 200")
    return len(maps), total


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    base = sys.argv[1].rstrip("/")
    pages = sys.argv[2:] or ["/sq/", "/en/"]
    if not XSD.exists():
        problem(f"{XSD} is missing: run .ci/browser-setup.sh")
        return 1
    feeds = check_feeds(base, pages)
    maps, urls = check_sitemaps(base)
    print(f"checked {feeds} feeds, {maps} sitemaps with {urls} URLs: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
