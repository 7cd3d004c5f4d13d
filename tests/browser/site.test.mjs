// The bundled site as readers use it, in Debian's Chromium driven by Playwright, served by the
// real `spindel serve` from a temporary copy of the site (so the live-reload test can edit it).
//
//   cargo build --release && cd tests/browser && npm ci && node --test
//
// SPINDEL_BIN points at another binary; ARTIFACTS (default target/browser-artifacts) is where
// screenshots of the key pages are written.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { launch, isolatedContext } from "./common.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const target = process.env.CARGO_TARGET_DIR || join(repo, "target");
const BIN = process.env.SPINDEL_BIN || join(target, "release", "spindel");
const ARTIFACTS = process.env.ARTIFACTS || join(target, "browser-artifacts");
const GUIDE = "/om-webbplatsen/redaktorsguide/"; // internal = true: the preview only

let site; // temporary copy of the bundled site
let server; // the spindel serve child process
let base; // http://127.0.0.1:PORT
let browser;

async function startServe(root) {
  const child = spawn(BIN, ["serve", "--root", root, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("spindel serve printed no address")), 60_000);
    child.on("exit", (code) => fail(new Error(`spindel serve exited with ${code}`)));
    lines.on("line", (line) => {
      const m = line.match(/(http:\/\/[0-9.:]+)\//);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  lines.on("line", () => {}); // keep draining
  return { child, url };
}

before(async () => {
  assert.ok(existsSync(BIN), `no spindel binary at ${BIN}: run cargo build --release first`);
  site = mkdtempSync(join(tmpdir(), "spindel-browser-"));
  for (const part of ["spindel.toml", "content", "data", "themes", "netlify.toml"]) {
    cpSync(join(repo, part), join(site, part), { recursive: true });
  }
  for (const optional of ["static", "templates"]) {
    if (existsSync(join(repo, optional))) cpSync(join(repo, optional), join(site, optional), { recursive: true });
  }
  ({ child: server, url: base } = await startServe(site));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function newPage(options = {}, site = base) {
  const { context, external } = await isolatedContext(browser, site, {
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  return { page, context, external, consoleErrors };
}

describe("navigation", () => {
  test("start page → menu → a method → its municipality → back by the breadcrumbs", async () => {
    const { page, context, external, consoleErrors } = await newPage();
    await page.goto(base + "/");
    await page.locator(".main-nav").getByRole("link", { name: "Metoder", exact: true }).first().click();
    await page.waitForURL("**/metoder/");
    await page.getByRole("link", { name: "Brobyggare", exact: true }).first().click();
    await page.waitForURL("**/metoder/brobyggare/");
    assert.equal(await page.locator("h1").textContent(), "Brobyggare");
    await page.locator("main, aside").getByRole("link", { name: "Borås", exact: true }).first().click();
    await page.waitForURL("**/kommun/boras/");
    assert.match(await page.locator("h1").textContent(), /Borås/);
    const crumbs = page.getByRole("navigation", { name: "Du är här" });
    assert.equal(await crumbs.locator("ol > li").count(), 3);
    await crumbs.getByRole("link").nth(1).click();
    await page.waitForURL("**/kommun/");
    assert.deepEqual(external, [], "no requests to other hosts");
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  test("keyboard only: the skip link comes first, moves focus to the content, focus is visible", async () => {
    const { page, context } = await newPage();
    await page.goto(base + "/metoder/brobyggare/");
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => ({
      cls: document.activeElement.className,
      text: document.activeElement.textContent.trim(),
    }));
    assert.equal(first.cls, "skip-link");
    assert.equal(first.text, "Till innehållet");
    const visible = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight && r.width > 0;
    });
    assert.ok(visible, "the focused skip link is on screen");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash === "#main");
    // Focus moved with it: the next Tab lands inside the main content, not on the menu.
    await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(() => document.querySelector("main").contains(document.activeElement)));
    // Tab on through the page: every focused element has a visible focus indicator.
    await page.goto(base + "/");
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      const style = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow, tag: document.activeElement.tagName };
      });
      const shows = (style.outline !== "none" && style.width > 0) || style.shadow !== "none";
      assert.ok(shows, `focus not visible on tab stop ${i + 1} (${style.tag})`);
    }
    await context.close();
  });
});

describe("languages", () => {
  test("the language switch goes to the translation, with lang and hreflang right", async () => {
    const { page, context } = await newPage();
    const sv = "/minnesanteckningar/2018-05-16-erfarenhetsdag/";
    await page.goto(base + sv);
    assert.equal(await page.getAttribute("html", "lang"), "sv");
    const alt = await page.getAttribute('link[rel="alternate"][hreflang="en"]', "href");
    assert.ok(alt.endsWith("/en" + sv), alt);
    const english = page.locator(".lang-switch").getByRole("link", { name: "English" });
    assert.equal(await english.getAttribute("lang"), "en");
    assert.equal(await english.getAttribute("hreflang"), "en");
    await english.click();
    await page.waitForURL("**/en" + sv);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    const back = await page.getAttribute('link[rel="alternate"][hreflang="sv"]', "href");
    assert.ok(back.endsWith(sv), back);
    await page.locator(".lang-switch").getByRole("link", { name: "Svenska" }).click();
    await page.waitForURL((url) => url.pathname === sv);
    await context.close();
  });

  test("on a page without a translation the switch says it leads to the start page, and why", async () => {
    const { page, context } = await newPage();
    await page.goto(base + "/metoder/brobyggare/");
    assert.equal(await page.locator('link[rel="alternate"][hreflang="en"]').count(), 0, "the page has no English translation");
    const english = page.locator(".lang-switch").getByRole("link", { name: "English (start page)", exact: true });
    assert.equal(await english.getAttribute("lang"), "en");
    assert.equal(await english.getAttribute("hreflang"), "en");
    const note = page.locator(`[id="${await english.getAttribute("aria-describedby")}"]`);
    assert.equal(await note.getAttribute("lang"), "en");
    assert.match(await note.textContent(), /only in Swedish/);
    assert.ok(await note.isVisible(), "the note is shown, not only read out");
    await english.click();
    await page.waitForURL((url) => url.pathname === "/en/");
    await context.close();
  });

  test("the note of an untranslated page is shown, clear of the site's name, at 1280 and 390 px", async () => {
    const path = "/metoder/brobyggare/";
    const words = /only in Swedish/;
    for (const width of [1280, 390]) {
      const { page, context } = await newPage({ viewport: { width, height: 844 } });
      await page.goto(base + path);
      const note = page.locator(".lang-switch .lang-note");
      assert.equal(await note.count(), 1, path);
      assert.ok(await note.isVisible(), path);
      assert.match(await note.textContent(), words);
      const box = await note.boundingBox();
      const name = await page.locator(".site-name").boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${width}: inside the screen ${JSON.stringify(box)}`);
      const apart = name.x + name.width <= box.x || name.y + name.height <= box.y;
      assert.ok(apart, `${width}: beside or below the site's name, not over it`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `${width}: no sideways scrolling (${scroll})`);
      await context.close();
    }
  });
});

describe("the map", () => {
  test("has a labelled image and an accessible table of every member", async () => {
    const { page, context } = await newPage();
    await page.goto(base + "/kommun/");
    const members = readFileSync(join(repo, "data", "kommuner.toml"), "utf8").match(/^\[\[medlem\]\]/gm).length;
    const table = page.locator("table.members-table");
    assert.match(await table.locator("caption").textContent(), /medlemmar/i);
    assert.equal(await table.locator("tbody tr").count(), members);
    const boras = table.getByRole("link", { name: "Borås", exact: true });
    assert.equal(await boras.getAttribute("href"), "/kommun/boras/");
    const svg = page.locator("svg.map-svg");
    const labelledby = await svg.getAttribute("aria-labelledby");
    assert.ok(labelledby, "the map is labelled");
    assert.match(await page.locator(`[id="${labelledby}"]`).textContent(), /\S/);
    // Every member is a link on the map too, with a name of its own.
    const markers = svg.locator("a");
    assert.equal(await markers.count(), members);
    for (let i = 0; i < members; i++) {
      const a = markers.nth(i);
      const name = (await a.getAttribute("aria-label")) || (await a.textContent());
      assert.ok(name && name.trim(), `marker ${i} has an accessible name`);
    }
    await context.close();
  });

  // WCAG 2.2's target size (2.5.8): every marker at least 24 × 24 CSS px, and no two hit areas
  // overlapping, or a tap on a crowded place reaches the wrong member.
  for (const width of [390, 1280]) {
    test(`markers are at least 24 × 24 px and never overlap at ${width} px`, async () => {
      const { page, context } = await newPage({ viewport: { width, height: 900 } });
      await page.goto(base + "/kommun/");
      const boxes = await page.$$eval("svg.map-svg a", (as) =>
        as.map((a) => {
          const r = a.getBoundingClientRect();
          return { name: a.querySelector("title").textContent, x: r.x, y: r.y, w: r.width, h: r.height };
        }),
      );
      assert.ok(boxes.length > 0, "the map has markers");
      for (const b of boxes) {
        assert.ok(b.w >= 24 && b.h >= 24, `${b.name}: ${b.w.toFixed(1)} × ${b.h.toFixed(1)} px`);
      }
      const overlaps = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps.push(`${a.name} / ${b.name}`);
        }
      }
      assert.deepEqual(overlaps, [], "markers whose hit areas overlap");
      await context.close();
    });
  }
});

describe("small screens and print", () => {
  test("no horizontal scrolling at 375 px and at 320 px", async () => {
    for (const width of [375, 320]) {
      const { page, context } = await newPage({ viewport: { width, height: 800 } });
      for (const path of ["/", "/metoder/brobyggare/", "/kommun/", "/kommun/boras/", "/minnesanteckningar/2018-05-16-erfarenhetsdag/", "/en/"]) {
        await page.goto(base + path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px at ${width} px`);
      }
      await context.close();
    }
  });

  test("the print stylesheet hides the site's chrome and keeps the content", async () => {
    const { page, context } = await newPage();
    await page.goto(base + "/metoder/brobyggare/");
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector(".site-header")).display,
      nav: getComputedStyle(document.querySelector(".main-nav")).display,
      main: getComputedStyle(document.querySelector("main")).display,
    }));
    assert.equal(shown.header, "none");
    assert.equal(shown.nav, "none");
    assert.notEqual(shown.main, "none");
    await context.close();
  });
});

describe("the editor guide", () => {
  test("is served by the preview but linked from no page, list or search of the site", async () => {
    const guide = await fetch(base + GUIDE);
    assert.equal(guide.status, 200);
    assert.match(await guide.text(), /spindel new/);
    for (const path of ["/sitemap.xml", "/a-o/", "/om-webbplatsen/", "/"]) {
      const body = await (await fetch(base + path)).text();
      assert.ok(!body.includes(GUIDE), `${path} links the editor guide`);
    }
  });
});

describe("accessibility", () => {
  test("axe (WCAG 2.1 A and AA) finds no violations on the editor guide, which only the preview serves", () => {
    // Every published page is checked as published, minified, in publish.test.mjs.
    const run = spawnSync(process.execPath, [join(here, "a11y.mjs"), base, GUIDE], {
      encoding: "utf8",
      timeout: 600_000,
      env: { ...process.env, A11Y_ONLY: "1" },
    });
    process.stdout.write(run.stdout); // incomplete items are listed for review
    assert.equal(run.status, 0, `axe reported problems:\n${run.stdout}\n${run.stderr}`);
  });

  test("screenshots of the key pages at desktop and phone width", () => {
    // Those of an earlier run must not stand in for one the script no longer makes.
    rmSync(ARTIFACTS, { recursive: true, force: true });
    const run = spawnSync(process.execPath, [join(here, "screenshots.mjs"), base], {
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, SCREENSHOTS_DIR: ARTIFACTS },
    });
    assert.equal(run.status, 0, run.stderr);
    // Every screenshot of docs/screenshots/ is one the script makes, so that none goes stale.
    const docs = readdirSync(join(repo, "docs", "screenshots")).filter((f) => f.endsWith(".png"));
    assert.ok(docs.length >= 24, `the screenshots in docs/: ${docs}`);
    for (const file of docs) {
      assert.ok(existsSync(join(ARTIFACTS, file)), `${file} is made by screenshots.mjs`);
    }
    for (const name of ["member", "member-no-pages", "a-o", "lattlast", "404", "contact"]) {
      for (const width of [1280, 390]) {
        assert.ok(docs.includes(`${name}-${width}.png`), `${name}-${width}.png in docs/screenshots`);
      }
    }
  });
});

describe("search", () => {
  test("a reader types without å/ä/ö, filters by municipality, follows a result and comes back", async () => {
    const { page, context, external, consoleErrors } = await newPage();
    const asked = [];
    page.on("request", (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(base + "/sok/");
    const field = page.locator("#search-q");
    await field.fill("goteborg");
    const results = page.locator("#search-results > li");
    await results.first().waitFor({ timeout: 15_000 });
    const titles = await results.locator("h3 a").allTextContents();
    assert.ok(titles.some((t) => t.includes("Göteborg")), `no Göteborg result: ${titles.join(" | ")}`);
    const status = await page.locator(".search-status").textContent();
    assert.match(status, /\d/, "the live region states how many results there are");
    assert.match(page.url(), /q=goteborg/);

    // A first query fetches the first screen's pages and no facet counts: those come when the
    // reader opens the filters.
    assert.ok((await results.count()) <= 5, "the first screen's results");
    assert.ok(!asked.some((p) => p.endsWith("/facets.json")), `facets fetched unasked: ${asked.join(" ")}`);
    assert.ok(asked.filter((p) => p.includes("/search/sv/d/")).length <= 5, asked.join(" "));

    // Filter by municipality: the count shrinks or stays, and the filter goes into the URL.
    const before = await results.count();
    const filters = page.locator("details.search-filters");
    await filters.waitFor({ state: "visible" });
    assert.equal(await filters.evaluate((d) => d.open), false, "the filters are folded away until opened");
    await filters.locator("summary").click();
    await page.locator('fieldset[data-facet="kommun"] .count').first().waitFor();
    assert.ok(asked.some((p) => p.endsWith("/facets.json")), "the counts come with the filters");
    const box = page.locator('fieldset[data-facet="kommun"] input[value="Göteborg"]');
    await box.check();
    await page.waitForURL(/kommun=G%C3%B6teborg|kommun=Göteborg/);
    await results.first().waitFor();
    assert.ok((await results.count()) <= before);

    // Follow the first result, then come back: the query and the filter are still there. The
    // list is drawn again when the filter's pages arrive, which on a loaded machine can be after
    // the old list was found, so the address is read from the very link clicked, in one step.
    const href = await results.first().locator("h3 a").evaluate((a) => {
      a.click();
      return a.getAttribute("href");
    });
    await page.waitForURL((url) => url.pathname === href);
    await page.goBack();
    await page.waitForURL(/\/sok\//);
    await results.first().waitFor({ timeout: 15_000 });
    assert.equal(await field.inputValue(), "goteborg");
    assert.ok(await page.locator('fieldset[data-facet="kommun"] input[value="Göteborg"]').isChecked());
    assert.deepEqual(external, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  test("a query that finds nothing is never a dead end", async () => {
    const { page, context, consoleErrors } = await newPage();
    // Two words, one misspelt: the whole query corrected, as a link that searches again.
    await page.goto(base + "/sok/?q=" + encodeURIComponent("brobygare borås"));
    const results = page.locator("#search-results > li");
    await results.first().waitFor({ timeout: 15_000 });
    const status = page.locator(".search-status");
    assert.match(await status.textContent(), /brobyggare borås/);
    // Borås matched as typed: its pages, and the correction only offered, as a link; one
    // message, not the count, "nothing found" and "did you mean" at once.
    const offered = page.locator(".search-status .search-suggest a");
    assert.equal(await offered.first().textContent(), "brobyggare borås");
    assert.doesNotMatch(await status.textContent(), /Inget hittades/);
    // "front matter": nothing is run in its place behind the reader's back.
    await page.goto(base + "/sok/?q=" + encodeURIComponent("front matter"));
    await status.locator("span").first().waitFor({ timeout: 15_000 });
    const said = await status.textContent();
    assert.doesNotMatch(said, /träffarna gäller/, said);
    assert.match(said, /Menade du/, said);
    assert.equal(await results.count(), 0, said);
    // A word no page has: the pages with the other words, a "Menade du" link if there is one,
    // and the ways on to A–Ö and the sections.
    await page.goto(base + "/sok/?q=" + encodeURIComponent("romska flaggans dag"));
    await results.first().waitFor({ timeout: 15_000 });
    const ways = page.locator("nav.search-ways");
    await ways.waitFor({ state: "visible" });
    assert.ok((await ways.locator("a").count()) >= 3);
    // A result that is not a page says what it is; one that is a file names it.
    await page.goto(base + "/sok/?q=medlemslista");
    await page.locator(".search-attachment a").first().waitFor({ timeout: 15_000 });
    assert.equal(await page.locator(".search-attachment a").first().getAttribute("href"), "/om-natverket/medlemslista.pdf");
    // English readers are offered the same query on the Swedish pages.
    await page.goto(base + "/en/search/?q=brobyggare");
    const other = page.locator(".search-other a");
    await other.waitFor({ state: "visible", timeout: 15_000 });
    assert.equal(await other.getAttribute("href"), "/sok/?q=brobyggare");
    await other.click();
    await page.waitForURL(/\/sok\/\?q=brobyggare/);
    await results.first().waitFor({ timeout: 15_000 });
    // Always, not only when the English pages find little: one link under the results.
    for (const q of ["members", "health", "network history"]) {
      await page.goto(base + "/en/search/?q=" + encodeURIComponent(q));
      await other.waitFor({ state: "visible", timeout: 15_000 });
      assert.equal(await other.getAttribute("href"), "/sok/?q=" + encodeURIComponent(q));
    }
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  test("the header field leads to the search page with the query", async () => {
    const { page, context } = await newPage();
    await page.goto(base + "/metoder/");
    const header = page.locator('header form[role="search"] input, header input[type="search"]').first();
    await header.fill("brobyggarna");
    await header.press("Enter");
    await page.waitForURL(/\/sok\/\?q=brobyggarna/);
    const results = page.locator("#search-results > li");
    await results.first().waitFor({ timeout: 15_000 });
    const titles = await results.locator("h3 a").allTextContents();
    assert.ok(titles.some((t) => /Brobyggar/.test(t)), titles.join(" | "));
    await context.close();
  });
});

describe("live preview", () => {
  test("a save reloads the open page; a broken save shows an overlay until it is fixed", async () => {
    const { page, context } = await newPage();
    const file = join(site, "content", "metoder", "brobyggare.md");
    const original = readFileSync(file, "utf8");
    await page.goto(base + "/metoder/brobyggare/");
    await page.waitForFunction(() => document.querySelector('script[src="/__spindel/livereload.js"]'));
    // Let the script make its first request, so it knows the current build.
    await page.waitForTimeout(300);

    const marker = "Ett stycke som just skrevs i redigeraren.";
    const reloaded = page.waitForEvent("load", { timeout: 30_000 });
    writeFileSync(file, original + "\n\n" + marker + "\n");
    await reloaded;
    assert.ok((await page.content()).includes(marker), "the new text is shown after the reload");

    writeFileSync(file, original.replace("title =", "titel ="));
    const overlay = page.locator("#spindel-overlay");
    await overlay.waitFor({ state: "visible", timeout: 30_000 });
    // The preview speaks the site's language, Swedish here, like the terminal.
    assert.match(await overlay.textContent(), /`titel` är inte ett fält/);
    assert.match(await overlay.textContent(), /den senaste ändringen gick inte att bygga/);
    assert.ok((await page.content()).includes(marker), "the last good page stays");

    const fixed = page.waitForEvent("load", { timeout: 30_000 });
    writeFileSync(file, original);
    await fixed;
    await page.waitForTimeout(300);
    assert.equal(await overlay.count(), 0, "the overlay is gone once the file is fixed");
    assert.ok(!(await page.content()).includes(marker));
    await context.close();
  });
});

describe("a fixture site", () => {
  test("every page reachable from its start page loads, with lang set and no errors", async () => {
    const fixture = mkdtempSync(join(tmpdir(), "spindel-fixture-"));
    cpSync(join(repo, "tests", "fixtures", "basic"), fixture, { recursive: true });
    const { child, url } = await startServe(fixture);
    try {
      const { page, context, external, consoleErrors } = await newPage({}, url);
      const origin = new URL(url).origin;
      const seen = new Set(["/"]);
      const queue = ["/"];
      let visited = 0;
      while (queue.length && visited < 80) {
        const path = queue.shift();
        const response = await page.goto(url + path);
        visited += 1;
        assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
        if (!(response.headers()["content-type"] || "").startsWith("text/html")) continue;
        assert.ok(await page.getAttribute("html", "lang"), `${path} has no lang`);
        const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
        for (const href of hrefs) {
          const u = new URL(href);
          if (u.origin !== origin || seen.has(u.pathname)) continue;
          seen.add(u.pathname);
          queue.push(u.pathname);
        }
      }
      assert.ok(visited >= 10, `only ${visited} pages reached`);
      assert.deepEqual(external, []);
      assert.deepEqual(consoleErrors, []);
      await context.close();
    } finally {
      child.kill();
      rmSync(fixture, { recursive: true, force: true });
    }
  });
});
