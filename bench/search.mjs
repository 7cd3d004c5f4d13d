// Measures the search index of a built site: what a first query downloads, in how many
// sequential round trips, how much each further keystroke fetches, how long the engine scores
// a query once its files are loaded, and how big the index is per page.
//
//   python3 bench/generate.py 10000 /tmp/site-10k
//   ./target/release/spindel build --root /tmp/site-10k -o /tmp/out-10k
//   node bench/search.mjs /tmp/out-10k [sv]
//
// Sizes are gzip -6 of each file, as a static host compresses them. Round trips are counted as
// the longest chain of requests where each one waits for the one before.

import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
// The engine and the modules it imports (preloaded beside it by the search page), each
// compressed on its own as a host sends them.
const modules = (await readdir(join(site, 'search'))).filter((f) => f.endsWith('.js') && f !== 'ui.js');
const moduleFiles = await Promise.all(modules.map((f) => readFile(join(site, 'search', f))));
const engine = { length: moduleFiles.reduce((a, b) => a + b.length, 0), gzip: moduleFiles.reduce((a, b) => a + gz(b), 0) };
const ui = await readFile(join(site, 'search', 'ui.js'));
const words = ['brobyggare', 'goteborg', 'utbildning', 'romsk', 'samråd', 'kommun', 'hälsoinspiratör', 'förvaltning', 'länsstyrelsen', 'diskriminering'];

console.log(`site ${site}, language ${lang}: ${manifest.docs} pages in the index, ${manifest.keys.split(' ').length} shards`);
console.log(`engine (${modules.join(', ')}) ${kb(engine.gzip)} gzip (${kb(engine.length)} raw); ui.js ${kb(gz(ui))} gzip`);

// First query: engine + manifest, then one shard, then the five results' pages.
const firsts = [];
for (const w of words) {
  const { load, fetched } = loader(40);
  const index = await openIndex(load, lang);
  const r = await index.search(w, {}, { limit: 5 });
  // The page preloads the manifest beside the scripts, so the engine costs no round trip of
  // its own: manifest, shard, pages.
  const trips = Math.max(...fetched.map((f) => f.depth));
  const bytes = fetched.reduce((a, f) => a + f.gzip, 0) + engine.gzip;
  const withUi = bytes + gz(ui);
  const facets = gz(await readFile(join(site, 'search', lang, 'facets.json')));
  firsts.push({ w, bytes, withUi, facets, trips, results: r.total, files: fetched.length + 1 });
}
console.log('\nfirst one-word query (engine + manifest + shard + 5 result pages):');
for (const f of firsts) {
  console.log(`  ${f.w.padEnd(16)} ${kb(f.bytes).padStart(9)} in ${f.files} files, ${f.trips} round trips; with ui.js ${kb(f.withUi)}; + facet counts ${kb(f.withUi + f.facets)} (${f.results} results)`);
}
const worst = firsts.reduce((a, f) => (f.bytes > a.bytes ? f : a));
console.log(`  worst: ${kb(worst.bytes)} (${worst.w}), ${Math.max(...firsts.map((f) => f.trips))} round trips at most`);

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
