#!/usr/bin/env node
// End-to-end test of the newsroom in headless Debian Chromium, against a running server:
//
//   node e2e.mjs BASE_URL EMAIL PASSWORD [--shots=DIR]
//
// Signs in, uploads an image to the media library, writes an English article with a
// footnote and that image in the Tiptap editor, gives it a section and a byline, creates
// the Albanian version and translates it, schedules both for the next minute, waits for
// the job queue to publish them, and reads both on the public site: title, footnote,
// figure with WebP/JPEG renditions, and the language switch leading from one to the other.
// axe-core checks the edit page in light and dark mode on the way. Exits 1 on any failure. Takes about a minute and a half (the schedule is to the minute).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = createRequire(import.meta.url)("axe-core").source;
const [base, email, password] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const shotsArg = process.argv.find((a) => a.startsWith("--shots="));
const shots = shotsArg ? shotsArg.slice(8) : null;
if (!base || !email || !password) {
  console.error("usage: node e2e.mjs BASE_URL EMAIL PASSWORD [--shots=DIR]");
  process.exit(2);
}
if (shots) mkdirSync(shots, { recursive: true });
const image = join(here, "..", "..", "demo", "media", "border-crossing-1600.jpg");
const stamp = Date.now().toString(36);
const titleEn = `The old bridge over the Drin reopens ${stamp}`;
const titleSq = `Ura e vjetër mbi Drin rihapet ${stamp}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
const p = await browser.newPage();
await p.setViewport({ width: 1366, height: 900 });
p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
p.on("console", (m) => {
  if (m.type() === "error") problems.push(`console: ${m.text()}`);
});

const step = (s) => console.log(`--  ${s}`);
const shot = async (name) => {
  if (shots) await p.screenshot({ path: join(shots, `e2e-${name}.png`), fullPage: true });
};
const go = async (path) => {
  const res = await p.goto(base + path, { waitUntil: "load" });
  assert.equal(res.status(), 200, `GET ${path}`);
};
const submit = async (selector) => {
  await Promise.all([p.waitForNavigation({ waitUntil: "load" }), p.click(selector)]);
};
const flash = () => p.$eval(".flash", (e) => e.textContent.trim()).catch(() => null);
const alert = () => p.$eval("[role=alert]", (e) => e.textContent.trim()).catch(() => null);
/** Tiptap gives focus back to the body on the next frame after a panel closes. */
const backInBody = () =>
  p.waitForFunction(() => document.querySelector(".rv-ed-panel").hidden && document.activeElement?.closest(".rv-ed-body"));
/** axe-core (WCAG 2.2 AA and best practice) on the current page in both colour schemes. */
async function axe(name) {
  for (const scheme of ["light", "dark"]) {
    await p.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await p.evaluate(axeSource);
    const found = await p.evaluate(async () => {
      const r = await window.axe.run(document, {
        runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      });
      return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target}`);
    });
    assert.deepEqual(found, [], `axe on ${name}, ${scheme}`);
  }
  await p.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
}
const articleId = () => Number(new URL(p.url()).pathname.split("/")[3]);

try {
  step("sign in");
  await go("/admin/login?lang=en");
  await p.type("#email", email);
  await p.type("#password", password);
  await submit("form button[type=submit]");
  assert.equal(new URL(p.url()).pathname, "/admin", `signed in: ${await alert()}`);

  step("upload an image with alt text in both languages");
  await go("/admin/media");
  const input = await p.$("#up-file");
  await input.uploadFile(image);
  await p.type("#up-alt-sq", "Ura e gurtë mbi lumë në mëngjes");
  await p.type("#up-alt-en", "The stone bridge over the river in the morning");
  await p.type("#up-credit", "Foto: Revista");
  await submit(".upload button[type=submit]");
  const mediaId = Number(new URL(p.url()).pathname.split("/")[3]);
  assert.ok(mediaId > 0, `uploaded: ${p.url()} ${await alert()}`);

  step("write the English article: text, a footnote, the image, section and byline");
  await go("/admin/articles");
  await p.type("#new-title", titleEn);
  await p.select("#new-lang", "en");
  await submit(".new-article button[type=submit]");
  const enId = articleId();
  await p.waitForSelector(".rv-ed-body");
  await p.click(".rv-ed-body");
  await p.keyboard.type("After three years of works, the bridge carries traffic again.");
  await p.click('.rv-ed-toolbar button[aria-label="Footnote"]');
  await p.waitForSelector(".rv-ed-panel textarea");
  await p.type(".rv-ed-panel textarea", "Ministry of Infrastructure, press release of 28 November.");
  await p.click(".rv-ed-panel .rv-ed-primary");
  await p.waitForSelector(".rv-fn[data-n='1']");
  await backInBody();
  await p.keyboard.press("End");
  await p.keyboard.press("Enter");
  await p.click('.rv-ed-toolbar button[aria-label="Image"]');
  await p.waitForSelector(".rv-ed-panel input");
  // The image comes from the library's picker (the newest item is the upload).
  await p.click(".rv-ed-panel .media-pick-open");
  await p.waitForSelector(`dialog#media-picker[open] [data-media-id="${mediaId}"]`);
  await shot("picker");
  await axe("the image picker");
  await p.click(`dialog#media-picker [data-media-id="${mediaId}"]`);
  await p.waitForFunction(() => !document.getElementById("media-picker").open);
  assert.equal(await p.$eval(".rv-ed-panel input", (e) => e.value), String(mediaId));
  await p.focus(".rv-ed-panel input");
  await p.keyboard.press("Enter");
  await p.waitForFunction(
    (id) => JSON.parse(document.getElementById("article-body").value).content.some((b) => b.type === "figure" && b.attrs.mediaId === id),
    {},
    mediaId,
  );
  await p.type("#standfirst", "Traffic returns to the Drin crossing.");
  const section = await p.$$eval("#primary_section option", (os) => os.map((o) => o.value).find((v) => v));
  await p.select("#primary_section", section);
  const author = await p.$$eval("#author-1 option", (os) => os.map((o) => o.value).find((v) => v));
  await p.select("#author-1", author);
  await shot("editor-en");
  await axe("the edit page");
  await submit("#article-form button[type=submit]");
  assert.equal(await flash(), "Saved.", `saved: ${await alert()}`);

  step("create the Albanian version and translate it");
  await submit('form[action$="/translate"] button');
  const sqId = articleId();
  assert.notEqual(sqId, enId);
  assert.equal(await p.$eval("#title", (e) => e.value), titleEn, "pre-filled from the English");
  await p.$eval("#title", (e) => (e.value = ""));
  await p.type("#title", titleSq);
  await p.$eval("#slug", (e) => (e.value = ""));
  await p.type("#slug", `ura-e-vjeter-mbi-drin-rihapet-${stamp}`);
  await p.$eval("#standfirst", (e) => (e.value = ""));
  await p.type("#standfirst", "Trafiku kthehet në kalimin e Drinit.");
  await p.waitForSelector(".rv-ed-body");
  await p.evaluate(() => document.querySelector("[data-editor]").revistaEditor.commands.focus("start"));
  await p.keyboard.type("Pas tre vitesh punimesh, ura mban sërish trafik. ");
  await submit("#article-form button[type=submit]");
  assert.equal(await flash(), "Saved.", `saved: ${await alert()}`);

  step("schedule both for the next minute (in the site's time zone)");
  const now = new Date();
  const at = new Date(Math.ceil((now.getTime() + 15_000) / 60_000) * 60_000);
  await go(`/admin/articles/${enId}`);
  const zone = await p.$eval("#schedule-at", (e) => e.dataset.timeZone);
  // The wall-clock time of `at` in that zone, as a datetime-local field takes it.
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(at).map((x) => [x.type, x.value]),
  );
  const atValue = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
  for (const id of [enId, sqId]) {
    await go(`/admin/articles/${id}`);
    await p.$eval("#schedule-at", (e, v) => (e.value = v), atValue);
    await submit('form[action$="/status"]:has(#schedule-at) button[type=submit]');
    assert.equal(await flash(), "The status has been changed.", `scheduled ${id}: ${await alert()}`);
    const status = await p.$eval(".meta .status", (e) => e.textContent.trim());
    assert.equal(status, "Scheduled");
  }
  await shot("scheduled");
  await axe("a scheduled article's edit page");

  step(`wait for the job queue to publish them (due ${atValue}, ${zone})`);
  const urls = {};
  const deadline = at.getTime() + 90_000;
  for (const id of [enId, sqId]) {
    for (;;) {
      await go(`/admin/articles/${id}`);
      const link = await p.$eval(".meta a.public-link", (a) => a.getAttribute("href")).catch(() => null);
      if (link) {
        urls[id] = link;
        break;
      }
      assert.ok(Date.now() < deadline, `article ${id} was not published within 90 s of its time`);
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
  const late = (Date.now() - at.getTime()) / 1000;
  console.log(`    published; seen ${late.toFixed(0)} s after the scheduled time`);

  step("read both on the public site");
  for (const [id, title, lang, other] of [
    [enId, titleEn, "en", sqId],
    [sqId, titleSq, "sq", enId],
  ]) {
    await go(urls[id]);
    assert.equal(await p.$eval("html", (e) => e.lang), lang);
    assert.equal(await p.$eval("h1", (e) => e.textContent.trim()), title);
    const notes = await p.$$eval(".endnotes li", (ls) => ls.map((l) => l.textContent));
    assert.equal(notes.length, 1, "one endnote");
    assert.match(notes[0], /Ministry of Infrastructure/);
    assert.equal(await p.$$eval(".story-body sup a, .story-body a[href^='#fn']", (a) => a.length) > 0, true, "a footnote reference");
    const srcsets = await p.$$eval(".story-body figure picture source, .story-body figure img", (els) =>
      els.map((e) => e.getAttribute("srcset") || ""),
    );
    assert.ok(srcsets.some((s) => s.includes("/media/u/") && s.includes(".webp")), `WebP renditions: ${srcsets}`);
    assert.ok(srcsets.some((s) => s.includes("/media/u/") && s.includes(".jpg")), `JPEG renditions: ${srcsets}`);
    const alt = await p.$eval(".story-body figure img", (e) => e.alt);
    assert.equal(alt, lang === "sq" ? "Ura e gurtë mbi lumë në mëngjes" : "The stone bridge over the river in the morning");
    const sw = await p.$eval("a.lang-switch", (a) => a.getAttribute("href"));
    assert.equal(sw, urls[other], "the language switch leads to the translation");
    await shot(`public-${lang}`);
  }
  assert.deepEqual(problems, [], "no console or page errors");
  console.log("ok   e2e: sign in, upload, write, translate, schedule, published in both languages");
} catch (e) {
  console.log(`FAIL e2e at ${p.url()}\n     ${String(e.stack || e).split("\n").join("\n     ")}`);
  await shot("failure");
  process.exitCode = 1;
} finally {
  await browser.close();
}
