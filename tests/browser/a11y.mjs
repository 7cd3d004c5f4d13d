#!/usr/bin/env node
// Accessibility check of the built site with axe-core (WCAG 2.0/2.1 A and AA), in Debian's
// Chromium. It serves nothing itself: build the site, serve public/, and give the base URL.
//
//   cargo run --release -- build
//   python3 -m http.server -d public 8765 -b 127.0.0.1 &
//   cd tests/browser && npm ci && node a11y.mjs http://127.0.0.1:8765
//
// Every page of the sitemap, the pages named below (the 404 page), and the paths given after
// the base URL (the editor guide, which only the preview has; with A11Y_ONLY=1 only those) are
// checked at 1280 px and at
// 390 px (where the main menu is a disclosure, which is checked both closed and open). Besides axe, the script checks what axe does not:
// exactly one h1, no skipped heading levels, no horizontal scrolling at 320 px, no request
// to another host, no cookies, and no Content Security Policy violation (the CSP of
// netlify.toml is added to every response). It prints the violations and the items axe could
// not decide ("incomplete", to review by hand), and exits with 1 if there is any violation.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { launch, baseUrl, isolatedContext } from "./common.mjs";

const here = dirname(fileURLToPath(import.meta.url));

export const PAGES = [
  ["start page", "/"],
  ["method page", "/metoder/brobyggare/"],
  ["municipality page", "/kommun/boras/"],
  ["municipality list", "/kommun/"],
  ["area page", "/omrade/utbildning/"],
  ["area list", "/omrade/"],
  ["type page", "/typ/metod/"],
  ["minutes 2018", "/minnesanteckningar/2018-05-16-erfarenhetsdag/"],
  ["history", "/om-natverket/historia/"],
  ["section listing", "/metoder/"],
  ["dated section listing", "/minnesanteckningar/"],
  ["A–Ö list", "/a-o/"],
  ["404 page", "/404.html"],
  ["English start page", "/en/"],
  ["English history", "/en/om-natverket/historia/"],
  ["English municipality page", "/en/kommun/boras/"],
];

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

function csp() {
  try {
    const toml = readFileSync(join(here, "..", "..", "netlify.toml"), "utf8");
    return toml.match(/Content-Security-Policy\s*=\s*"([^"]+)"/)?.[1] ?? null;
  } catch {
    return null;
  }
}

async function ownChecks(page) {
  return page.evaluate(() => {
    const problems = [];
    const h1 = document.querySelectorAll("h1").length;
    if (h1 !== 1) problems.push(`${h1} h1 elements (want exactly 1)`);
    let prev = 0;
    for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
      const level = Number(h.tagName[1]);
      if (prev && level > prev + 1) {
        problems.push(`heading level skipped: h${prev} → h${level} "${h.textContent.trim().slice(0, 60)}"`);
      }
      prev = level;
    }
    const lang = document.documentElement.getAttribute("lang");
    if (!lang) problems.push("no lang on <html>");
    for (const el of document.querySelectorAll("[style]")) {
      problems.push(`style attribute on <${el.tagName.toLowerCase()}>`);
    }
    for (const s of document.querySelectorAll("script:not([src])")) {
      problems.push(`inline <script>: ${s.textContent.trim().slice(0, 40)}`);
    }
    return problems;
  });
}

function report(label, results) {
  let failures = 0;
  for (const v of results.violations) {
    failures += 1;
    console.log(`  VIOLATION ${v.id} (${v.impact}): ${v.help}`);
    console.log(`    ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 8)) {
      console.log(`    - ${n.target.join(" ")}`);
      const summary = (n.failureSummary || "").split("\n").slice(1, 3).join(" ").trim();
      if (summary) console.log(`      ${summary}`);
    }
    if (v.nodes.length > 8) console.log(`    … and ${v.nodes.length - 8} more`);
  }
  for (const i of results.incomplete) {
    const targets = i.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", ");
    console.log(`  incomplete ${i.id}: ${i.help} (${i.nodes.length}: ${targets}${i.nodes.length > 4 ? ", …" : ""})`);
  }
  return failures;
}

/** The named pages first, then every other page of the sitemap, then the extra paths; with
 * A11Y_ONLY=1 the extra paths alone (the editor guide, which only the preview serves). */
async function allPages(base) {
  if (process.env.A11Y_ONLY === "1") return process.argv.slice(3).map((path) => ["extra page", path]);
  const pages = [...PAGES];
  const seen = new Set(pages.map(([, path]) => path));
  const add = (name, path) => {
    if (!seen.has(path)) {
      seen.add(path);
      pages.push([name, path]);
    }
  };
  const response = await fetch(base + "/sitemap.xml");
  if (!response.ok) throw new Error(`sitemap.xml: HTTP ${response.status}`);
  const xml = await response.text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  if (locs.length < 20) throw new Error(`sitemap.xml lists only ${locs.length} pages`);
  for (const path of locs) add("page", path);
  for (const path of process.argv.slice(3)) add("extra page", path);
  return pages;
}

async function main() {
  const base = baseUrl();
  const pages = await allPages(base);
  const policy = csp();
  const browser = await launch();
  let failures = 0;
  let checked = 0;
  try {
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ]) {
      const { context, external } = await isolatedContext(browser, base, { viewport: { width, height } });
      if (policy) {
        await context.route(`${new URL(base).origin}/**`, async (route) => {
          // The preview server's own long poll is not part of the site: let it through.
          if (new URL(route.request().url()).pathname.startsWith("/__spindel/")) {
            return route.continue().catch(() => {});
          }
          try {
            const response = await route.fetch();
            const headers = { ...response.headers(), "content-security-policy": policy };
            await route.fulfill({ response, headers });
          } catch {
            // The page moved on (or the context closed) before this request finished.
          }
        });
      }
      const page = await context.newPage();
      const cspErrors = [];
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) cspErrors.push(m.text());
      });
      for (const [name, path] of pages) {
        const states = width < 600 && path === "/" ? ["menu closed", "menu open"] : [""];
        for (const state of states) {
          cspErrors.length = 0;
          const response = await page.goto(base + path, { waitUntil: "load" });
          if (!response || (response.status() >= 400 && !path.includes("404"))) {
            console.log(`\n${name} ${path} @${width}px: HTTP ${response ? response.status() : "no response"}`);
            failures += 1;
            continue;
          }
          if (state === "menu open") {
            await page.locator(".menu-small summary").click();
          }
          const label = `${name} ${path} @${width}px${state ? ` (${state})` : ""}`;
          const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
          console.log(`\n${label}: ${results.violations.length} violations, ${results.incomplete.length} incomplete, ${results.passes.length} passed`);
          failures += report(label, results);
          const own = await ownChecks(page);
          for (const p of own) console.log(`  CHECK ${p}`);
          failures += own.length;
          for (const e of cspErrors) console.log(`  CSP ${e}`);
          failures += cspErrors.length;
          checked += 1;
        }
        if (width < 600) {
          // No horizontal scrolling at 320 px (WCAG 1.4.10 Reflow).
          await page.setViewportSize({ width: 320, height: 800 });
          const [scroll, client] = await page.evaluate(() => [
            document.documentElement.scrollWidth,
            document.documentElement.clientWidth,
          ]);
          if (scroll > client) {
            console.log(`  CHECK ${path} scrolls horizontally at 320 px (${scroll} > ${client})`);
            failures += 1;
          }
          await page.setViewportSize({ width, height });
        }
      }
      const cookies = await context.cookies();
      if (cookies.length) {
        console.log(`\nCHECK cookies set: ${cookies.map((c) => c.name).join(", ")}`);
        failures += 1;
      }
      if (external.length) {
        console.log(`\nCHECK requests to other hosts: ${[...new Set(external)].join(", ")}`);
        failures += 1;
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`\n${checked} page checks, ${failures} problem${failures === 1 ? "" : "s"}${policy ? " (with the CSP of netlify.toml)" : ""}.`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
