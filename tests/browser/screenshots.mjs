#!/usr/bin/env node
// Screenshots of the built site for docs/screenshots/, at 1280 and 390 px (the widths of
// a11y.mjs), in Debian's Chromium. It serves nothing itself: build the site, serve public/, and
// give the base URL, then the names of the pages to take if not all of them.
//
//   python3 -m http.server -d public 8765 -b 127.0.0.1 &
//   cd tests/browser && npm ci && node screenshots.mjs http://127.0.0.1:8765 [start members …]
//
// Writes docs/screenshots/<name>-<width>.png: whole pages, cut at MAX_HEIGHT px. Every file in
// docs/screenshots/ is one of these (site.test.mjs checks that each is made).

import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { launch, baseUrl, isolatedContext } from "./common.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// SCREENSHOTS_DIR sends them elsewhere (the browser tests write theirs as test artifacts).
const out = process.env.SCREENSHOTS_DIR || join(here, "..", "..", "docs", "screenshots");

const PAGES = [
  ["start", "/"],
  ["members", "/kommun/"],
  ["method", "/metoder/brobyggare/"],
  ["municipality", "/kommun/boras/"],
  // A member with pages of its own, and one the sources say nothing more of.
  ["member", "/kommun/goteborg/"],
  ["member-no-pages", "/kommun/lund/"],
  ["a-o", "/a-o/"],
  ["contact", "/om-webbplatsen/kontakt/"],
  ["minutes", "/minnesanteckningar/2018-05-16-erfarenhetsdag/"],
  ["english-start", "/en/"],
  ["lattlast", "/om-natverket/medlemmar/lattlast/"],
  // Any address that is no page: the 404 page, with its search field and ways on.
  ["404", "/sidan-finns-inte/", 404],
];
const WIDTHS = [1280, 390];
const MAX_HEIGHT = 5000;

async function main() {
  const base = baseUrl();
  mkdirSync(out, { recursive: true });
  const browser = await launch();
  try {
    for (const width of WIDTHS) {
      const { context, external } = await isolatedContext(browser, base, {
        viewport: { width, height: 900 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const only = process.argv.slice(3);
      for (const [name, path, status = 200] of PAGES.filter(([name]) => only.length === 0 || only.includes(name))) {
        const response = await page.goto(base + path, { waitUntil: "load" });
        const got = response?.status();
        if (!response || (got >= 400 && got !== status) || (status >= 400 && got !== status)) {
          throw new Error(`${path}: HTTP ${got}, expected ${status}`);
        }
        const file = join(out, `${name}-${width}.png`);
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.screenshot({
          path: file,
          fullPage: true,
          clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT) },
        });
        console.log(`wrote ${file}`);
      }
      if (external.length) console.warn(`requests to other hosts were blocked: ${[...new Set(external)].join(", ")}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
