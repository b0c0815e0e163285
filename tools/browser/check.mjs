#!/usr/bin/env node
// Browser-level checks of public pages.
//
//   node check.mjs [options] URL...
//
// For each URL:
//   1. fetches the HTML and runs the Nu HTML checker (vnu-jar, needs Java) on it;
//   2. loads the page in headless Debian Chromium (/usr/bin/chromium, or $CHROME_PATH)
//      at 390x844 (phone) and 1366x900 (desktop), in light and/or dark colour scheme,
//      runs axe-core with the WCAG 2.2 AA tags (plus axe's best-practice rules unless
//      --wcag-only), and looks for horizontal overflow, console errors and requests
//      leaving the site's origin;
//   3. saves full-page screenshots to /tmp/shots/<name>-<width>[-dark].png.
// Exits 1 when anything is found (vnu error, axe violation, overflow, console error,
// third-party request), 2 on a usage or setup error.
//
// Options:
//   --scheme=light|dark|both   colour schemes to test (default: both)
//   --widths=390,1366          viewport widths (heights: 844 for <=800px, else 900)
//   --shots=DIR                screenshot folder (default /tmp/shots); --no-shots to skip
//   --viewport-only            screenshot the viewport only, not the full page
//   --wcag-only                run only the WCAG 2.x A/AA rules (skip best-practice)
//   --no-vnu / --no-axe        skip one of the checks
//   --no-browser               vnu only: no Chromium at all
//   --json=FILE                also write every finding as JSON
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = require("axe-core").source;
const VNU_JAR = join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
const CHROME = process.env.CHROME_PATH || "/usr/bin/chromium";
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
export const CHROME_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// ---------------------------------------------------------------- arguments
const opts = { scheme: "both", widths: [390, 1366], shots: "/tmp/shots", fullPage: true,
  wcagOnly: false, vnu: true, axe: true, browser: true, json: null };
const urls = [];
for (const a of process.argv.slice(2)) {
  const [k, v] = a.split(/=(.*)/s, 2);
  if (k === "--scheme") opts.scheme = v;
  else if (k === "--widths") opts.widths = v.split(",").map(Number);
  else if (k === "--shots") opts.shots = v;
  else if (k === "--no-shots") opts.shots = null;
  else if (k === "--viewport-only") opts.fullPage = false;
  else if (k === "--wcag-only") opts.wcagOnly = true;
  else if (k === "--no-vnu") opts.vnu = false;
  else if (k === "--no-axe") opts.axe = false;
  else if (k === "--no-browser") opts.browser = false;
  else if (k === "--json") opts.json = v;
  else if (k === "-h" || k === "--help") { usage(0); }
  else if (a.startsWith("--")) { console.error(`unknown option ${a}`); usage(2); }
  else urls.push(a);
}
if (!urls.length) usage(2);
if (!["light", "dark", "both"].includes(opts.scheme)) usage(2);
const schemes = opts.scheme === "both" ? ["light", "dark"] : [opts.scheme];

function usage(code) {
  console.error("usage: node check.mjs [--scheme=light|dark|both] [--widths=390,1366] " +
    "[--shots=DIR|--no-shots] [--viewport-only] [--wcag-only] [--no-vnu] [--no-axe] [--no-browser] [--json=FILE] URL...");
  process.exit(code);
}

/** A short file-system-safe name for a URL: its path, slashes to dashes. */
function shotName(url) {
  const u = new URL(url);
  let p = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, "");
  if (u.search) p += "-" + u.search.slice(1);
  p = p.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  if (p.length > 80) p = p.slice(0, 80).replace(/-$/, "");
  return p || "root";
}

// Findings are gathered per page and printed once per distinct message, with the
// viewports/schemes where they were seen, so a problem present at every size reads once.
const findings = []; // { url, check, where: [..], message }
let failures = 0;
let pageFindings = new Map();
function report(url, check, where, message) {
  const key = `${check}\u0000${message}`;
  const f = pageFindings.get(key);
  if (f) { if (where && !f.where.includes(where)) f.where.push(where); return; }
  const nf = { url, check, where: where ? [where] : [], message };
  pageFindings.set(key, nf);
  findings.push(nf);
  failures++;
}
function flushPage() {
  for (const f of pageFindings.values()) {
    console.log(`  ✗ [${f.check}${f.where.length ? " " + f.where.join(", ") : ""}] ${f.message}`);
  }
  const n = pageFindings.size;
  pageFindings = new Map();
  return n;
}

// ---------------------------------------------------------------- vnu
async function runVnu() {
  if (!existsSync(VNU_JAR)) {
    console.error(`vnu.jar not found at ${VNU_JAR}: run 'npm ci' in ${here}`);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), "vnu-"));
  const files = new Map(); // file URL -> page URL
  try {
    for (const [i, url] of urls.entries()) {
      let res, html;
      try {
        res = await fetch(url, { redirect: "follow" });
        html = await res.text();
      } catch (e) {
        console.error(`cannot fetch ${url}: ${e.cause?.message || e.message}`);
        process.exit(2);
      }
      const file = join(dir, `${String(i).padStart(3, "0")}-${shotName(url)}.html`);
      writeFileSync(file, html);
      files.set(file, { url, status: res.status });
    }
    const r = spawnSync("java", ["-jar", VNU_JAR, "--format", "json", "--exit-zero-always", ...files.keys()],
      { encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.error) { console.error(`cannot run java: ${r.error.message}`); process.exit(2); }
    let out;
    try { out = JSON.parse(r.stderr || r.stdout); }
    catch { console.error("vnu printed no JSON:\n" + r.stderr + r.stdout); process.exit(2); }
    const byUrl = new Map([...files.values()].map((f) => [f.url, []]));
    for (const m of out.messages) {
      const path = m.url ? fileURLToPath(m.url) : null;
      const f = path && files.get(path);
      if (!f) { byUrl.set("(vnu)", [...(byUrl.get("(vnu)") || []), m]); continue; }
      byUrl.get(f.url).push(m);
    }
    return { byUrl, status: new Map([...files.values()].map((f) => [f.url, f.status])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- browser
async function checkInBrowser(browser, url, width, scheme) {
  const where = `${width}px ${scheme}`;
  const page = await browser.newPage();
  const origin = new URL(url).origin;
  const consoleErrors = [];
  const foreign = new Set();
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const loc = m.location()?.url || "";
    // The error page itself answers 404/500: Chromium logs that as a console error.
    if (/Failed to load resource/.test(m.text()) && (loc === url || loc === url.replace(/\/$/, ""))) return;
    const text = m.text().replace(/'sha256-[^']*'/g, "'sha256-…'");
    consoleErrors.push(text + (loc ? ` (${loc})` : ""));
  });
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  page.on("request", (req) => {
    const u = req.url();
    if (/^(data|blob|about):/.test(u)) return;
    if (new URL(u).origin !== origin) foreign.add(u);
  });
  try {
    await page.setViewport({ width, height: width <= 800 ? 844 : 900, deviceScaleFactor: 1,
      isMobile: width <= 800, hasTouch: width <= 800 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await page.goto(url, { waitUntil: "networkidle0", timeout: 30000 });

    // Compare with the width asked for: in mobile emulation a too-wide page widens the
    // layout viewport itself, so clientWidth alone would hide the overflow.
    const overflow = await page.evaluate((width) => {
      const w = Math.min(width, document.documentElement.clientWidth);
      const sw = document.scrollingElement.scrollWidth;
      if (sw <= w) return null;
      const wide = [];
      for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        if (r.right > w + 1 && r.width > 0 && getComputedStyle(el).visibility !== "hidden") {
          // Report the outermost offenders only.
          if (!wide.some((p) => p.contains(el))) wide.push(el);
        }
      }
      const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.classList.length ? "." + [...el.classList].join(".") : "");
      return { w, sw, els: wide.slice(0, 5).map((el) => `${name(el)} (right ${Math.round(el.getBoundingClientRect().right)})`) };
    }, width);
    if (overflow) report(url, "layout", where, `page scrolls sideways: ${overflow.sw}px wide in a ${overflow.w}px viewport; ${overflow.els.join(", ")}`);

    if (opts.axe) {
      await page.evaluate(axeSource);
      const tags = opts.wcagOnly ? WCAG_TAGS : [...WCAG_TAGS, "best-practice"];
      const res = await page.evaluate((tags) => window.axe.run(document, {
        runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"],
      }), tags);
      for (const v of res.violations) {
        const nodes = v.nodes.slice(0, 6).map((n) => {
          const msg = (n.any[0] || n.all[0] || n.none[0])?.message || "";
          return `      ${n.target.join(" ")}  ${msg}`;
        }).join("\n");
        report(url, "axe", where, `${v.id} (${v.impact}, ${v.nodes.length} node${v.nodes.length > 1 ? "s" : ""}): ${v.help}\n${nodes}` +
          (v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : ""));
      }
      // "Incomplete" colour-contrast results (text over images, gradients…) are worth a look but do not fail.
      const inc = res.incomplete.filter((v) => v.id === "color-contrast").flatMap((v) => v.nodes);
      if (inc.length) console.log(`  · [axe ${where}] color-contrast needs review on ${inc.length} node(s): ` +
        inc.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
    }
    const counts = new Map();
    for (const e of consoleErrors) counts.set(e, (counts.get(e) || 0) + 1);
    for (const [e, n] of counts) report(url, "console", where, n > 1 ? `${e} [×${n} per load]` : e);
    for (const f of foreign) report(url, "third-party", where, `request to ${f}`);

    if (opts.shots) {
      if (opts.fullPage) {
        // Scroll through the page so loading="lazy" images load before the full-page shot.
        await page.evaluate(async () => {
          const step = Math.max(200, innerHeight - 100);
          for (let y = 0; y < document.scrollingElement.scrollHeight; y += step) {
            scrollTo(0, y);
            await new Promise((r) => setTimeout(r, 60));
          }
          scrollTo(0, 0);
          await Promise.all([...document.images].filter((i) => !i.complete)
            .map((i) => new Promise((r) => { i.onload = i.onerror = r; setTimeout(r, 3000); })));
        });
      }
      const file = join(opts.shots, `${shotName(url)}-${width}${scheme === "dark" ? "-dark" : ""}.png`);
      await page.screenshot({ path: file, fullPage: opts.fullPage, captureBeyondViewport: opts.fullPage });
      console.log(`  · screenshot ${file}`);
    }
  } catch (e) {
    report(url, "browser", where, `could not check: ${e.message}`);
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- main
let vnu = null;
if (opts.vnu) vnu = await runVnu();
if (opts.shots) mkdirSync(opts.shots, { recursive: true });

let browser = null;
if (opts.browser) {
  if (!existsSync(CHROME)) { console.error(`Chromium not found at ${CHROME} (set CHROME_PATH)`); process.exit(2); }
  const profile = mkdtempSync(join(tmpdir(), "chromium-check-"));
  browser = await puppeteer.launch({
    executablePath: CHROME,
    headless: true,
    userDataDir: profile,
    args: CHROME_FLAGS, // puppeteer adds --user-data-dir from userDataDir
  });
  process.on("exit", () => rmSync(profile, { recursive: true, force: true }));
}

for (const url of urls) {
  console.log(`\n${url}`);
  if (vnu) {
    const msgs = vnu.byUrl.get(url) || [];
    const errors = msgs.filter((m) => m.type === "error" || m.type === "non-document-error");
    const warnings = msgs.filter((m) => m.type === "info" && m.subType === "warning");
    for (const m of errors) report(url, "vnu", "", `line ${m.lastLine ?? "?"}: ${m.message}${m.extract ? `  «${m.extract.replace(/\s+/g, " ").trim().slice(0, 120)}»` : ""}`);
    for (const m of warnings) console.log(`  · [vnu warning line ${m.lastLine ?? "?"}] ${m.message}`);
    console.log(`  vnu: ${errors.length} error(s), ${warnings.length} warning(s) (HTTP ${vnu.status.get(url)})`);
  }
  if (browser) {
    for (const scheme of schemes) for (const width of opts.widths) await checkInBrowser(browser, url, width, scheme);
  }
  const n = flushPage();
  console.log(n ? `  ${n} problem(s)` : "  ✓ clean");
}
for (const m of vnu?.byUrl.get("(vnu)") || []) report("(vnu)", "vnu", "", m.message);
flushPage();

if (browser) await browser.close();
if (opts.json) writeFileSync(opts.json, JSON.stringify(findings, null, 2));
console.log(`\n${urls.length} page(s) checked: ${failures} problem(s).`);
process.exit(failures ? 1 : 0);
