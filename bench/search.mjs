// Measures the search index of a built site: what the real search page downloads for a first
// query, in how many sequential round trips, how much each further keystroke fetches, how long
// the engine scores a query once its files are loaded, and how big the index is per page.
//
//   python3 bench/generate.py 10000 /tmp/site-10k
//   ./target/release/spindel build --root /tmp/site-10k -o /tmp/out-10k
//   node bench/search.mjs /tmp/out-10k [sv]
//
// The first queries are run by the search page itself in headless Chromium (playwright-core
// from tests/browser/node_modules, Debian's /usr/bin/chromium), opened at `/sok/?q=…` as a
// shared link or the address bar gives it: every request the page makes is served by a static
// server here that waits `DELAY` ms before each answer and records the file's size after gzip
// -6, as a static host sends it. It speaks HTTP/2 (over TLS, with a certificate made for the
// run by openssl), as static hosts do: over HTTP/1.1 Chromium opens at most six connections to
// a host, and ten files asked for at once would take two round trips. The search page's own requests count: its scripts and every
// index file, until the results are shown and the network has been quiet for a second. Round
// trips are the longest chain of them where each was asked for after the one before had been
// answered (the page itself, its style sheet and the fonts are not counted).

import { execFileSync } from 'node:child_process';
import { createSecureServer } from 'node:http2';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const site = process.argv[2];
const lang = process.argv[3] ?? 'sv';
if (!site) {
  console.error('usage: node bench/search.mjs <built site> [language]');
  process.exit(2);
}

const gz = (buf) => gzipSync(buf, { level: 6 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const { openIndex } = await import(pathToFileURL(join(site, 'search', 'engine.js')).href);

/**
 * A loader that records what it fetched and delays every request by `delay` ms. Each request's
 * depth is one more than the deepest request that had finished when it was made: the number of
 * sequential round trips is the deepest depth.
 */
function loader(delay = 0) {
  const fetched = [];
  let finishedDepth = 0;
  const load = async (path) => {
    const depth = finishedDepth + 1;
    const text = await readFile(join(site, path), 'utf8');
    if (delay) await new Promise((r) => setTimeout(r, delay));
    fetched.push({ path, raw: Buffer.byteLength(text), gzip: gz(text), depth });
    finishedDepth = Math.max(finishedDepth, depth);
    return text;
  };
  return { load, fetched };
}

const manifest = JSON.parse(await readFile(join(site, 'search', lang, 'manifest.json'), 'utf8'));
const words = ['brobyggare', 'goteborg', 'utbildning', 'romsk', 'samråd', 'kommun', 'hälsoinspiratör', 'förvaltning', 'länsstyrelsen', 'diskriminering'];
console.log(`site ${site}, language ${lang}: ${manifest.docs} pages in the index, ${manifest.keys.split(' ').length} shards`);

// ---------------------------------------------------------------------------------------------
// First queries, by the real search page

const DELAY = 60;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
let requests = [];
const certDir = mkdtempSync(join(tmpdir(), 'search-bench-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
  '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
const tls = { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) };
rmSync(certDir, { recursive: true });
const server = createSecureServer(tls, async (req, res) => {
  const arrived = performance.now();
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = join(site, normalize(path));
  let body;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404);
    res.end();
    return;
  }
  await new Promise((r) => setTimeout(r, DELAY));
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(body, () => requests.push({ path, gzip: gz(body), arrived, answered: performance.now() }));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `https://127.0.0.1:${server.address().port}`;
const searchPage = lang === 'sv' ? '/sok/' : `/${lang}/search/`;
const { chromium } = await import(new URL('../tests/browser/node_modules/playwright-core/index.mjs', import.meta.url).href);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Opens the search page at `query` (and `filters`), returns what it fetched and showed. */
async function firstQuery(query, filters = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const params = new URLSearchParams({ q: query });
  for (const [k, vs] of Object.entries(filters)) for (const v of vs) params.append(k, v);
  requests = [];
  await page.goto(`${origin}${searchPage}?${params}`);
  await page.waitForFunction(() => {
    const s = document.querySelector('.search-status');
    return s && /\d|Inga|No /.test(s.textContent) && !document.querySelector('#search[aria-busy]');
  }, null, { timeout: 60_000 });
  // Quiet for a second: whatever the page fetches after the results (facet counts) counts too.
  let seen = -1;
  while (seen !== requests.length) {
    seen = requests.length;
    await page.waitForTimeout(1000);
  }
  const shown = await page.locator('#search-results > li').count();
  const status = (await page.locator('.search-status').textContent()).trim();
  await context.close();
  const counted = requests.filter((r) => r.path.startsWith('/search/') || /\/search\//.test(r.path));
  // Depths in the order requests were made, so that each one's earlier ones are known.
  counted.sort((a, b) => a.arrived - b.arrived);
  for (const r of counted) {
    const before = counted.filter((o) => o !== r && o.answered <= r.arrived);
    r.depth = 1 + Math.max(0, ...before.map((o) => o.depth));
  }
  const bytes = counted.reduce((a, r) => a + r.gzip, 0);
  const trips = Math.max(0, ...counted.map((r) => r.depth));
  const kinds = (re) => counted.filter((r) => re.test(r.path));
  return {
    query, filters, shown, status, bytes, trips, files: counted.length,
    code: kinds(/\.m?js$/).reduce((a, r) => a + r.gzip, 0),
    pages: kinds(/\/d\//).length,
    facets: kinds(/facets|\/f\//).reduce((a, r) => a + r.gzip, 0),
    list: counted.map((r) => `${r.depth}:${r.path.replace(/^\/search\//, '')}`),
  };
}

const kinds = [
  ['one word', 'brobyggare'],
  ['one word', 'hälsoinspiratör'],
  ['one word', 'utbildning'],
  ['several words', 'romsk inkludering skola'],
  ['several words', 'brobyggare borås'],
  ['typo', 'brobygare'],
  ['compound in the query', 'skolbrobyggare'],
  ['compound in the query', 'inkluderingsarbete'],
  ['filter', 'brobyggare', { kommun: ['Borås'] }],
  ['filter', 'utbildning', { typ: ['Rapport'] }],
];
console.log(`\nfirst query on the search page (${searchPage}?q=…), Chromium, every request of the page's scripts and index (gzip -6):`);
const firsts = [];
for (const [kind, q, filters] of kinds) {
  const f = await firstQuery(q, filters);
  firsts.push({ kind, ...f });
  const filter = filters ? ` [${Object.entries(filters).map(([k, v]) => `${k}=${v}`).join(' ')}]` : '';
  console.log(`  ${kind.padEnd(22)} ${(q + filter).padEnd(36)} ${kb(f.bytes).padStart(8)} in ${String(f.files).padStart(2)} files, ${f.trips} round trips; code ${kb(f.code)}, ${f.pages} page files, facets ${kb(f.facets)}; ${f.shown} results shown`);
  if (process.env.VERBOSE) console.log(`    ${f.list.join(' ')}\n    ${f.status}`);
}
for (const kind of [...new Set(kinds.map((k) => k[0]))]) {
  const of = firsts.filter((f) => f.kind === kind);
  const worst = of.reduce((a, f) => (f.bytes > a.bytes ? f : a));
  console.log(`  worst ${kind}: ${kb(worst.bytes)}, ${Math.max(...of.map((f) => f.trips))} round trips`);
}
await browser.close();
server.close();

// Further keystrokes: type each word letter by letter; count new shards per keystroke.
let maxNew = 0;
for (const w of words) {
  const { load, fetched } = loader();
  const index = await openIndex(load, lang);
  const chars = [...w];
  for (let n = 1; n <= chars.length; n++) {
    const before = fetched.filter((f) => f.path.includes('/t/')).length;
    await index.search(chars.slice(0, n).join(''), {}, { limit: 5, typing: true });
    const added = fetched.filter((f) => f.path.includes('/t/')).length - before;
    if (n > 1) maxNew = Math.max(maxNew, added);
  }
}
console.log(`\nnew shards fetched per further keystroke: at most ${maxNew}`);

// Scoring time once the files are loaded.
{
  const { load } = loader();
  const index = await openIndex(load, lang);
  const queries = [];
  for (const w of words) {
    const c = [...w];
    // As typed: the last word is a prefix.
    for (let n = 3; n <= c.length; n++) queries.push([c.slice(0, n).join(''), true]);
  }
  // Submitted: words as they are, typos corrected, compounds split.
  for (const q of ['romsk brobyggare', 'kommun utbildning skola', 'goteborj', 'brobygare', 'samråd linköping', 'hälsa barn unga', 'skolbrobyggare']) {
    queries.push([q, false]);
  }
  for (const [q, typing] of queries) await index.search(q, {}, { limit: 10, typing });
  await index.counts('romsk', {});
  const times = [];
  for (let round = 0; round < 5; round++) {
    for (const [q, typing] of queries) {
      const t0 = performance.now();
      await index.search(q, {}, { limit: 10, typing });
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const p = (x) => times[Math.min(times.length - 1, Math.floor(x * times.length))].toFixed(2);
  const ct = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await index.counts(words[i % words.length], {});
    ct.push(performance.now() - t0);
  }
  ct.sort((a, b) => a - b);
  console.log(`\nscoring after load (${times.length} searches, 10 results each): median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`);
  console.log(`facet counts after load: median ${ct[10].toFixed(2)} ms, p95 ${ct[19].toFixed(2)} ms`);
}

// Size of the index.
async function walk(dir) {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const s = await walk(p);
      raw += s.raw;
      gzip += s.gzip;
      files += s.files;
    } else {
      const buf = await readFile(p);
      raw += buf.length;
      gzip += gz(buf);
      files += 1;
    }
  }
  return { raw, gzip, files };
}
const all = await walk(join(site, 'search', lang));
const docs = await walk(join(site, 'search', lang, 'd'));
const shards = await walk(join(site, 'search', lang, 't'));
const m = await stat(join(site, 'search', lang, 'manifest.json'));
console.log(`\nmanifest: ${kb(gz(await readFile(join(site, 'search', lang, 'manifest.json'))))} gzip (${kb(m.size)} raw)`);
console.log(`index: ${all.files} files, ${kb(all.raw)} raw, ${kb(all.gzip)} gzip summed over files`);
console.log(`  per page: ${(all.raw / manifest.docs).toFixed(0)} B raw, ${(all.gzip / manifest.docs).toFixed(0)} B gzip`);
console.log(`  of which term shards ${kb(shards.gzip)} gzip (${(shards.gzip / manifest.docs).toFixed(0)} B/page), page texts ${kb(docs.gzip)} gzip (${(docs.gzip / manifest.docs).toFixed(0)} B/page)`);
