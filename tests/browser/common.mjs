// Shared by a11y.mjs and screenshots.mjs: launch Debian's Chromium (never a downloaded one).
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--hide-scrollbars",
];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The base URL from the command line, without a trailing slash. */
export function baseUrl() {
  const base = process.argv[2];
  if (!base || !/^https?:\/\//.test(base)) {
    console.error(`usage: node ${process.argv[1].split("/").pop()} BASE_URL   (e.g. http://127.0.0.1:8765)`);
    process.exit(2);
  }
  return base.replace(/\/+$/, "");
}

/**
 * A browser context that lets requests reach the site under test only: anything else
 * (web fonts, CDNs, trackers) is blocked and reported, since the site must make none.
 */
export async function isolatedContext(browser, base, options = {}) {
  const context = await browser.newContext(options);
  const origin = new URL(base).origin;
  const external = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    // The browser's own pages (its PDF viewer, for an attachment) are not the site's requests.
    if (url.startsWith("chrome://") || url.startsWith("chrome-extension://")) return route.continue();
    external.push(url);
    return route.abort();
  });
  return { context, external };
}
