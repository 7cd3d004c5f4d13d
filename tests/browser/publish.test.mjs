// The published build, as Netlify serves it: `spindel build` (minified, fingerprinted, with
// Subresource Integrity) served from a temporary folder with the headers of netlify.toml
// (the Content-Security-Policy above all) and the site's 404.html, in Debian's Chromium.
//
//   cargo build --release && cd tests/browser && npm ci && node --test publish.test.mjs

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, isolatedContext } from "./common.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const target = process.env.CARGO_TARGET_DIR || join(repo, "target");
const BIN = process.env.SPINDEL_BIN || join(target, "release", "spindel");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".pdf": "application/pdf",
};

/** The [[headers]] rules of netlify.toml: [{ for, values: { name: value } }]. */
function netlifyHeaders() {
  const rules = [];
  let rule = null;
  for (const line of readFileSync(join(repo, "netlify.toml"), "utf8").split("\n")) {
    const t = line.trim();
    if (t === "[[headers]]") rules.push((rule = { for: null, values: {} }));
    else if (/^\[/.test(t) && t !== "[headers.values]") rule = null;
    else if (rule) {
      const m = t.match(/^([\w-]+)\s*=\s*"(.*)"$/);
      if (m && m[1] === "for") rule.for = m[2];
      else if (m) rule.values[m[1]] = m[2];
    }
  }
  return rules;
}

/** Whether a Netlify path pattern ("/*", "/assets/*") matches a path. */
function matches(pattern, path) {
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

let out; // the built site
let server;
let base;
let browser;
const rules = netlifyHeaders();

before(async () => {
  assert.ok(existsSync(BIN), `no spindel binary at ${BIN}: run cargo build --release first`);
  out = join(mkdtempSync(join(tmpdir(), "spindel-published-")), "public");
  const run = spawnSync(BIN, ["build", "--root", repo, "--output", out], { encoding: "utf8" });
  assert.equal(run.status, 0, `spindel build failed:\n${run.stdout}\n${run.stderr}`);
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(out, path));
    if (!file.startsWith(out)) file = join(out, "404.html");
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      file = join(out, "404.html");
    }
    const headers = { "content-type": TYPES[extname(file)] || "application/octet-stream" };
    for (const r of rules) if (matches(r.for, path)) Object.assign(headers, r.values);
    res.writeHead(status, headers);
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (out) rmSync(dirname(out), { recursive: true, force: true });
});

async function open(path) {
  const { context, external } = await isolatedContext(browser, base, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  const response = await page.goto(base + path);
  return { page, context, external, errors, response };
}

describe("the published build", () => {
  test("pages load under the CSP with their fingerprinted stylesheets, and nothing is refused", async () => {
    assert.ok(rules.some((r) => r.for === "/*" && r.values["Content-Security-Policy"]), "netlify.toml has a CSP");
    for (const path of ["/", "/metoder/brobyggare/", "/kommun/boras/", "/minnesanteckningar/", "/en/", "/a-o/"]) {
      const { page, context, external, errors, response } = await open(path);
      assert.equal(response.status(), 200, path);
      assert.match(response.headers()["content-security-policy"], /default-src 'self'/);
      // The stylesheet passed its integrity check and applies: the skip link is moved away.
      const hrefs = await page.$$eval('link[rel="stylesheet"]', (ls) => ls.map((l) => l.getAttribute("href")));
      assert.ok(hrefs.every((h) => h.startsWith("/assets/")), `${path}: ${hrefs.join(", ")}`);
      const applied = await page.evaluate(() => document.styleSheets.length > 0 && [...document.styleSheets].every((s) => s.cssRules.length > 0));
      assert.ok(applied, `${path}: a stylesheet did not load`);
      const skip = await page.evaluate(() => getComputedStyle(document.querySelector(".skip-link")).position);
      assert.notEqual(skip, "static", `${path}: the site's stylesheet is not applied`);
      assert.deepEqual(external, [], path);
      assert.deepEqual(errors, [], `${path}: ${errors.join("\n")}`);
      await context.close();
    }
  });

  test("fingerprinted assets are cached for a year, pages are not", async () => {
    const { page, context, response } = await open("/");
    assert.equal(response.headers()["cache-control"], undefined, "HTML keeps the host's default");
    const css = await page.$eval('link[rel="stylesheet"]', (l) => l.href);
    const asset = await fetch(css);
    assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
    await context.close();
  });

  test("search works with the fingerprinted modules and their integrity", async () => {
    const { page, context, external, errors } = await open("/sok/?q=brobyggare");
    const results = page.locator("#search-results > li");
    await results.first().waitFor({ timeout: 15_000 });
    const titles = await results.locator("h3 a").allTextContents();
    assert.ok(titles.some((t) => /Brobyggare/.test(t)), titles.join(" | "));
    const scripts = await page.$$eval("script[src]", (s) => s.map((x) => [x.getAttribute("src"), x.integrity]));
    assert.ok(scripts.every(([src, integrity]) => src.startsWith("/assets/") && integrity.startsWith("sha384-")), JSON.stringify(scripts));
    assert.deepEqual(external, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("axe (WCAG 2.1 A and AA) finds no violations on every published page, in both languages", async () => {
    // The pages as published, minified and fingerprinted, with the headers of netlify.toml:
    // every page of the sitemap and the 404 page, at 1280 and 390 px (a11y.mjs). Run beside
    // this process, which serves the pages, so not with spawnSync.
    const child = spawn(process.execPath, [join(here, "a11y.mjs"), base], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 1_800_000);
    const status = await new Promise((ok) => child.on("exit", ok));
    clearTimeout(timer);
    process.stdout.write(stdout); // incomplete items are listed for review
    const checked = (stdout.match(/ violations, \d+ incomplete, \d+ passed/g) || []).length;
    assert.ok(checked >= 100, `a11y.mjs checked ${checked} page views`);
    assert.equal(status, 0, `axe reported problems:\n${stdout}\n${stderr}`);
  });

  test("a missing address gets the site's 404 page", async () => {
    const { page, context, response, errors } = await open("/finns-inte/");
    assert.equal(response.status(), 404);
    assert.match(await page.locator("h1").textContent(), /Sidan finns inte/);
    // The browser reports the 404 itself; nothing else may go wrong.
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
    await context.close();
  });
});
