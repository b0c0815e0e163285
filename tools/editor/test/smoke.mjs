#!/usr/bin/env node
// Browser smoke test of the built editor (assets/editor.js, assets/editor.css) in Debian's
// headless Chromium (/usr/bin/chromium or $CHROME_PATH), under the server's own CSP.
//
//   node test/smoke.mjs [--update-fixtures] [--shots=DIR]
//
// A tiny HTTP server serves a test page that mounts the editor the way the admin pages will
// (docs/editor.md), with the UI strings read from locales/{en,sq}/editor.ftl and the
// Content-Security-Policy copied from crates/web/src/lib.rs. Then:
//   1. types a paragraph, makes a word bold with the toolbar, inserts a footnote through the
//      toolbar form, and checks the hidden input's Tiptap JSON (and its `input` events);
//      that JSON is crates/domain/tests/fixtures/editor-smoke.json, which the Rust test
//      `tiptap::tests::editor_smoke_fixture` converts with from_tiptap (so does
//      editor-shortcuts.json, from typing Markdown-style shortcuts);
//   2. loads crates/domain/tests/fixtures/tiptap-all-blocks.json (what to_tiptap writes for
//      a document with every block, checked by a Rust test) and checks that the editor
//      keeps all of it;
//   3. pastes Word/Google Docs-like HTML and checks styles, classes, scripts and
//      javascript: links are gone;
//   4. fails on any console error (a CSP violation shows up there) or page error;
//   5. runs axe-core (WCAG 2.2 AA and best practice) in light and dark colour schemes with
//      the footnote form open;
//   6. saves screenshots at 390×844 and 1366×900 (English and Albanian, and the form in
//      light and dark) to --shots (default /tmp/editor-shots).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const fixtures = join(root, "crates", "domain", "tests", "fixtures");
const args = process.argv.slice(2);
const update = args.includes("--update-fixtures");
const shots = (args.find((a) => a.startsWith("--shots=")) || "--shots=/tmp/editor-shots").slice(8);
const CHROME = process.env.CHROME_PATH || "/usr/bin/chromium";
const axeSource = createRequire(import.meta.url)("axe-core").source;
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

// The server's CSP, read from its source so the test cannot drift from it.
const webLib = readFileSync(join(root, "crates", "web", "src", "lib.rs"), "utf8");
const CSP = webLib.match(/pub const CSP: &str = "([^"]+)"/)[1];

/** editor-X = text lines of a Fluent file → { X: text }. */
function strings(lang) {
  const out = {};
  for (const line of readFileSync(join(root, "locales", lang, "editor.ftl"), "utf8").split("\n")) {
    const m = line.match(/^editor-([a-z0-9-]+) = (.*)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const scriptJson = (v) => JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

function page(lang, body) {
  const title = lang === "sq" ? "Artikull i ri" : "New article";
  const label = lang === "sq" ? "Titulli" : "Title";
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="/assets/editor.css">
<link rel="stylesheet" href="/test.css">
<script src="/assets/editor.js" defer></script>
</head>
<body>
<main class="wrap test-page">
<h1>${title}</h1>
<form method="post" action="/save">
<div class="test-field"><label for="title">${label}</label><input id="title" name="title" value="Kuvendi miraton buxhetin"></div>
<div data-editor data-input="body-${lang}" data-i18n="editor-strings"></div>
<input type="hidden" id="body-${lang}" name="body" value="${esc(body)}">
<script type="application/json" id="editor-strings">${scriptJson(strings(lang))}</script>
</form>
</main>
</body>
</html>`;
}

const TEST_CSS = `.test-page { padding-top: 1rem; padding-bottom: 2rem; }
.test-page h1 { font-size: 1.6rem; margin: 0 0 1rem; }
.test-field { display: grid; gap: .3rem; margin-bottom: 1rem; }
.test-field label { font-weight: 600; font-size: .9rem; }
.test-field input { font: inherit; padding: .5rem .6rem; border: 1px solid #595b60; border-radius: 4px; }`;

const bodies = new Map();
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const send = (type, data) => {
    res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff" });
    res.end(data);
  };
  if (url.pathname === "/page") {
    send("text/html; charset=utf-8", page(url.searchParams.get("lang") || "en", bodies.get(url.searchParams.get("body")) || ""));
  } else if (url.pathname === "/favicon.ico") {
    res.writeHead(204);
    res.end();
  } else if (url.pathname === "/test.css") {
    send("text/css", TEST_CSS);
  } else if (/^\/assets\/(editor\.js|editor\.css|site\.css)$/.test(url.pathname)) {
    const f = url.pathname.slice(8);
    send(f.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", readFileSync(join(root, "assets", f)));
  } else {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: CHROME,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
let passed = 0;
let failed = 0;

/** Tiptap gives focus back to the body on the next animation frame after a panel closes:
 * wait for it, or the first key typed can land nowhere (a flake seen in CI). */
async function backInBody(p) {
  await p.waitForFunction(() => document.querySelector(".rv-ed-panel").hidden && document.activeElement?.closest(".rv-ed-body"));
}

async function open(lang, bodyKey, width = 1366, height = 900) {
  const p = await browser.newPage();
  await p.setViewport({ width, height });
  p.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") problems.push(`${lang} console ${m.type()}: ${m.text()}`);
  });
  p.on("pageerror", (e) => problems.push(`${lang} page error: ${e.message}`));
  await p.goto(`${base}/page?lang=${lang}&body=${bodyKey || ""}`, { waitUntil: "load" });
  await p.waitForSelector(".rv-ed-body");
  return p;
}

async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split("\n").join("\n     ")}`);
  }
}

const inputJson = (p, id) => p.$eval(`#${id}`, (el) => el.value);
const pressed = (p, label) => p.$eval(`.rv-ed-toolbar button[aria-label="${label}"]`, (b) => b.getAttribute("aria-pressed"));

/** Drops null attrs and Tiptap's defaults the server does not write, so JSON can be compared. */
function normalise(v) {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) continue;
      let n = normalise(x);
      if (k === "marks") n = [...n].sort((a, b) => a.type.localeCompare(b.type));
      if (k === "attrs" && n && typeof n === "object" && !Array.isArray(n)) {
        if (v.type === "orderedList" && n.start === 1) delete n.start;
        if (!Object.keys(n).length) continue;
      }
      o[k] = n;
    }
    return o;
  }
  return v;
}

const en = strings("en");
const smokeFixture = join(fixtures, "editor-smoke.json");

await test("type, bold from the toolbar, footnote from the toolbar → hidden input JSON", async () => {
  const p = await open("en");
  await p.evaluate(() => {
    window.inputEvents = 0;
    document.getElementById("body-en").addEventListener("input", () => window.inputEvents++);
  });
  await p.click(".rv-ed-body");
  await p.keyboard.type("Parliament passed the budget late on Friday.");
  // Select "budget" (the 6 characters before " late on Friday.").
  await p.keyboard.press("End");
  for (let i = 0; i < " late on Friday.".length; i++) await p.keyboard.press("ArrowLeft");
  await p.keyboard.down("Shift");
  for (let i = 0; i < "budget".length; i++) await p.keyboard.press("ArrowLeft");
  await p.keyboard.up("Shift");
  assert.equal(await pressed(p, en.bold), "false");
  await p.click(`.rv-ed-toolbar button[aria-label="${en.bold}"]`);
  assert.equal(await pressed(p, en.bold), "true", "Bold is pressed on bold text");
  await p.keyboard.press("End");
  await p.click(`.rv-ed-toolbar button[aria-label="${en.footnote}"]`);
  await p.waitForSelector(".rv-ed-panel textarea");
  await p.type(".rv-ed-panel textarea", "Ministry of Finance, budget law, article 4.");
  await p.click(".rv-ed-panel .rv-ed-primary");
  await p.waitForSelector(".rv-fn[data-n='1']");
  assert.equal(await p.$eval(".rv-ed-panel", (el) => el.hidden), true, "the panel closes");
  assert.equal(
    await p.$eval(".rv-fn", (el) => el.getAttribute("title")),
    `${en.footnote} 1: Ministry of Finance, budget law, article 4.`,
  );
  const json = JSON.parse(await inputJson(p, "body-en"));
  const id = json.content[0].content[3].attrs.id;
  assert.match(id, /^fn-[0-9a-f]{12}$/);
  const expected = {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Parliament passed the " },
          { type: "text", marks: [{ type: "bold" }], text: "budget" },
          { type: "text", text: " late on Friday." },
          { type: "footnote", attrs: { id, content: [{ type: "text", text: "Ministry of Finance, budget law, article 4." }] } },
        ],
      },
    ],
  };
  assert.deepEqual(json, expected);
  assert.ok((await p.evaluate(() => window.inputEvents)) > 0, "input events are dispatched");
  if (update) writeFileSync(smokeFixture, JSON.stringify(json, null, 2) + "\n");
  else {
    const fixture = JSON.parse(readFileSync(smokeFixture, "utf8"));
    const fid = fixture.content[0].content[3].attrs.id;
    assert.deepEqual(JSON.parse(JSON.stringify(json).replaceAll(id, fid)), fixture, "matches the fixture (run with --update-fixtures after an intended change)");
  }

  // Click the footnote → its form, prefilled; change the text.
  await p.click(".rv-fn");
  await p.waitForSelector(".rv-ed-panel textarea");
  assert.equal(await p.$eval(".rv-ed-panel textarea", (t) => t.value), "Ministry of Finance, budget law, article 4.");
  await p.$eval(".rv-ed-panel textarea", (t) => (t.value = ""));
  await p.type(".rv-ed-panel textarea", "Budget law 2027.");
  await p.keyboard.press("Enter");
  const after = JSON.parse(await inputJson(p, "body-en"));
  assert.deepEqual(after.content[0].content[3].attrs, { id, content: [{ type: "text", text: "Budget law 2027." }] });
  // Keyboard: select the footnote with Shift+ArrowLeft from the end, Enter opens its form.
  await p.click(".rv-ed-body");
  await p.keyboard.press("End");
  await p.keyboard.down("Shift");
  await p.keyboard.press("ArrowLeft");
  await p.keyboard.up("Shift");
  await p.keyboard.press("Enter");
  await p.waitForSelector(".rv-ed-panel textarea");
  assert.equal(await p.$eval(".rv-ed-panel textarea", (t) => t.value), "Budget law 2027.");
  await p.keyboard.press("Escape");
  assert.equal(await p.$eval(".rv-ed-panel", (el) => el.hidden), true);
  assert.equal(JSON.parse(await inputJson(p, "body-en")).content.length, 1, "Enter did not split the paragraph");
  await p.close();
});

await test("a document written by to_tiptap loads and stays as it is", async () => {
  const all = readFileSync(join(fixtures, "tiptap-all-blocks.json"), "utf8");
  bodies.set("all", all);
  for (const lang of ["en", "sq"]) {
    for (const [w, h] of [[390, 844], [1366, 900]]) {
      const p = await open(lang, "all", w, h);
      const got = await p.evaluate(() => document.querySelector("[data-editor]").revistaEditor.getJSON());
      assert.deepEqual(normalise(got), normalise(JSON.parse(all)));
      assert.equal(await p.$eval("#body-" + lang, (el) => el.value), all, "loading does not rewrite the input");
      const numbers = await p.$$eval(".rv-fn", (els) => els.map((e) => e.getAttribute("data-n")));
      assert.deepEqual(numbers, ["1", "2", "1"], "footnotes numbered by first reference");
      mkdirSync(shots, { recursive: true });
      await p.screenshot({ path: join(shots, `editor-${lang}-${w}.png`), fullPage: true });
      await p.close();
    }
  }
});

await test("pasted Word / Google Docs HTML is cleaned", async () => {
  const p = await open("en");
  await p.click(".rv-ed-body");
  await p.evaluate(() => {
    const html = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234">
      <h1 class="Title" style="color:red">Big title</h1>
      <p class="MsoNormal" style="margin:0;font-family:Calibri"><span style="font-weight:700">Strong</span> and
      <span style="font-style:italic">slanted</span> <a href="javascript:alert(1)" onclick="alert(2)">bad</a>
      <a href="https://example.org/x" style="color:blue">good</a><o:p></o:p></p>
      <script>alert(3)</script><img src="https://tracker.example/x.gif">
      <table><tr><td>cell</td></tr></table><u>under</u></b>`;
    const dt = new DataTransfer();
    dt.setData("text/html", html);
    dt.setData("text/plain", "Big title Strong and slanted bad good cell under");
    document.querySelector(".rv-ed-body").dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  const json = JSON.parse(await inputJson(p, "body-en"));
  const text = JSON.stringify(json);
  assert.ok(!/javascript|onclick|style|"class":"|MsoNormal|Calibri|tracker|alert|docs-internal/i.test(text), text);
  assert.deepEqual(json.content[0], { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Big title" }] });
  const inl = json.content[1].content;
  assert.ok(inl.some((n) => n.text === "Strong" && n.marks?.[0]?.type === "bold"), text);
  assert.ok(inl.some((n) => n.text === "slanted" && n.marks?.[0]?.type === "italic"), text);
  assert.ok(inl.some((n) => n.text.includes("bad") && !n.marks), text);
  assert.ok(inl.some((n) => n.text === "good" && n.marks?.[0]?.attrs?.href === "https://example.org/x"), text);
  await p.close();
});

await test("toolbar: labels in both languages, one tab stop, forms reject bad input", async () => {
  const sq = strings("sq");
  const p = await open("sq");
  const labels = await p.$$eval(".rv-ed-toolbar button", (bs) => bs.map((b) => b.getAttribute("aria-label")));
  for (const k of ["paragraph", "bold", "italic", "link", "footnote", "figure", "embed", "undo"]) assert.ok(labels.includes(sq[k]), k);
  assert.equal(await p.$$eval(".rv-ed-toolbar button[tabindex='0']", (bs) => bs.length), 1);
  assert.equal(await p.$eval(".rv-ed-body", (el) => el.getAttribute("aria-label")), sq.body);
  await p.click(".rv-ed-body");
  await p.click(`.rv-ed-toolbar button[aria-label="${sq.embed}"]`);
  await p.waitForSelector(".rv-ed-panel input");
  await p.type(".rv-ed-panel input", "https://evil.example/video");
  await p.keyboard.press("Enter");
  assert.equal(await p.$eval(".rv-ed-error", (e) => e.textContent), sq["invalid-embed"]);
  await p.$eval(".rv-ed-panel input", (t) => (t.value = ""));
  await p.type(".rv-ed-panel input", "https://www.youtube.com/watch?v=abc");
  await p.keyboard.press("Enter");
  await backInBody(p);
  // Ctrl+K: link form; a javascript: link is refused, an https link is applied.
  await p.keyboard.type("Burimi");
  await p.keyboard.down("Shift");
  for (let i = 0; i < "Burimi".length; i++) await p.keyboard.press("ArrowLeft");
  await p.keyboard.up("Shift");
  await p.keyboard.down("Control");
  await p.keyboard.press("KeyK");
  await p.keyboard.up("Control");
  await p.waitForSelector(".rv-ed-panel input");
  await p.type(".rv-ed-panel input", "javascript:alert(1)");
  await p.keyboard.press("Enter");
  assert.equal(await p.$eval(".rv-ed-error", (e) => e.textContent), sq["invalid-link"]);
  await p.$eval(".rv-ed-panel input", (t) => (t.value = ""));
  await p.type(".rv-ed-panel input", "https://example.org/burimi");
  await p.keyboard.press("Enter");
  assert.equal(await pressed(p, sq.link), "true");
  await backInBody(p);
  await p.keyboard.press("End");
  await p.click(`.rv-ed-toolbar button[aria-label="${sq.figure}"]`);
  await p.waitForSelector(".rv-ed-panel input");
  await p.type(".rv-ed-panel input", "x");
  await p.keyboard.press("Enter");
  assert.equal(await p.$eval(".rv-ed-error", (e) => e.textContent), sq["invalid-media-id"]);
  await p.$eval(".rv-ed-panel input", (t) => (t.value = "42"));
  await p.keyboard.press("Enter");
  const json = JSON.parse(await inputJson(p, "body-sq"));
  const types = json.content.map((b) => b.type);
  assert.ok(types.includes("embed") && types.includes("figure"), JSON.stringify(json));
  const linked = json.content.flatMap((b) => b.content || []).find((n) => n.text === "Burimi");
  assert.equal(linked?.marks?.[0]?.attrs?.href, "https://example.org/burimi", JSON.stringify(json));
  const fig = json.content.find((b) => b.type === "figure");
  assert.deepEqual(fig.attrs, { mediaId: 42, caption: [], credit: null });
  await p.close();
});

await test("Markdown-style shortcuts make the model's blocks", async () => {
  const p = await open("en");
  await p.click(".rv-ed-body");
  for (const line of ["## Heading", "Text **bold** and *it* done", "- one", "", "1. first", "", "> quoted", "---"]) {
    await p.keyboard.type(line);
    await p.keyboard.press("Enter");
  }
  const json = JSON.parse(await inputJson(p, "body-en"));
  const types = json.content.map((b) => b.type + (b.attrs?.level ? b.attrs.level : ""));
  assert.deepEqual(types.slice(0, 6), ["heading2", "paragraph", "bulletList", "orderedList", "blockquote", "horizontalRule"], JSON.stringify(json));
  const marks = json.content[1].content.filter((n) => n.marks).map((n) => [n.text, n.marks[0].type]);
  assert.deepEqual(marks, [["bold", "bold"], ["it", "italic"]]);
  const fixture = join(fixtures, "editor-shortcuts.json");
  if (update) writeFileSync(fixture, JSON.stringify(json, null, 2) + "\n");
  else assert.deepEqual(json, JSON.parse(readFileSync(fixture, "utf8")), "matches the fixture (--update-fixtures)");
  await p.close();
});

await test("axe (WCAG 2.2 AA + best practice), light and dark, with a form open", async () => {
  for (const scheme of ["light", "dark"]) {
    for (const [w, h] of [[390, 844], [1366, 900]]) {
      const p = await open("en", "all", w, h);
      await p.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
      await p.click(".rv-fn");
      await p.waitForSelector(".rv-ed-panel textarea");
      await p.evaluate(axeSource);
      const res = await p.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
        WCAG_TAGS,
      );
      const found = res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      await p.screenshot({ path: join(shots, `editor-form-${scheme}-${w}.png`), fullPage: false });
      assert.deepEqual(found, [], `${scheme} ${w}`);
      await p.close();
    }
  }
});

await test("no console errors, CSP violations or page errors", async () => {
  assert.deepEqual(problems, []);
});

await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
