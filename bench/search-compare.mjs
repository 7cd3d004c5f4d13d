// Compares spindel's search with Pagefind on the same built pages, in headless Chromium: the
// files each downloads for a first one-word query with five results (gzip sizes, as a static
// host serves them) and how many requests that takes.
//
// (bench/search.mjs needs no browser; this one does.)
//   npx pagefind --site /tmp/out-10k                        (npm package `pagefind`)
//   python3 -m http.server -d /tmp/out-10k 8791 -b 127.0.0.1 &
//   (cd tests/browser && npm ci) && node bench/search-compare.mjs http://127.0.0.1:8791 /tmp/out-10k brobyggare
//
// Chromium is Debian's (/usr/bin/chromium or $CHROMIUM), launched by tests/browser's
// playwright-core.

import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [base, root, word = 'brobyggare'] = process.argv.slice(2);
if (!base || !root) {
  console.error('usage: node bench/search-compare.mjs BASE_URL BUILT_SITE [WORD]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** gzip size of a file of the site as a server would send it (already compressed files as is). */
async function sent(url) {
  const path = decodeURIComponent(new URL(url).pathname);
  const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
  const buf = await readFile(file);
  const compressed = buf[0] === 0x1f && buf[1] === 0x8b;
  return compressed ? buf.length : gzipSync(buf, { level: 6 }).length;
}

async function measure(name, url, run) {
  const page = await browser.newPage();
  await page.goto(url.replace(/\?.*/, '').replace(/\/sok\/.*/, '/404.html'));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const t0 = Date.now();
  const titles = await run(page);
  const ms = Date.now() - t0;
  const files = requests.filter((u) => !/(\.html|\/|\.css)$/.test(new URL(u).pathname));
  let bytes = 0;
  for (const u of files) bytes += await sent(u);
  console.log(`${name}: ${(bytes / 1024).toFixed(1)} KB gzip in ${files.length} requests, ${ms} ms on loopback`);
  for (const u of files) console.log(`    ${(await sent(u)).toString().padStart(7)} B  ${new URL(u).pathname}`);
  console.log(`  first results: ${titles.slice(0, 5).join(' | ')}`);
  await page.close();
}

await measure('spindel', `${base}/sok/`, async (page) => {
  await page.goto(`${base}/sok/?q=${encodeURIComponent(word)}`);
  await page.waitForSelector('.search-result');
  return page.$$eval('.search-result h3', (hs) => hs.map((h) => h.textContent));
});

await measure('pagefind', `${base}/sok/`, async (page) =>
  page.evaluate(async (w) => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    const search = await pagefind.search(w);
    const data = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    return data.map((d) => d.meta.title);
  }, word),
);

await browser.close();
