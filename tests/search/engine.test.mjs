// The real engine on the index of the fixture site (tests/fixtures/search): queries and the
// pages expected at the top.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, engineExports, loaded } from './common.mjs';

const sv = await open('sv');
const en = await open('en');

const urls = (results) => results.map((r) => r.url);

test('the module exports openIndex only', () => {
  assert.deepEqual(engineExports, ['openIndex']);
});

test('results have url, title and snippet, best first', async () => {
  const r = await sv.search('brobyggare');
  assert.ok(r.length >= 1);
  for (const x of r) {
    assert.equal(typeof x.url, 'string');
    assert.equal(typeof x.title, 'string');
    assert.equal(typeof x.snippet, 'string');
  }
  for (let i = 1; i < r.length; i++) assert.ok(r[i - 1].score >= r[i].score, 'ordered by score');
  assert.equal(r.total, r.length);
});

test('goteborg without ö finds the Göteborg page first', async () => {
  for (const q of ['goteborg', 'Goteborg', 'Göteborg', 'GÖTEBORG', 'Go\u0308teborg']) {
    const r = await sv.search(q);
    assert.equal(r[0]?.url, '/kommuner/goteborg/', `query ${q}: ${urls(r)}`);
  }
  // The other page that mentions Göteborg once comes after it.
  assert.deepEqual(urls(await sv.search('goteborg')), ['/kommuner/goteborg/', '/kommuner/malmo/']);
});

test('brobyggarna finds the page about brobyggare', async () => {
  const r = await sv.search('brobyggarna');
  assert.equal(r[0].url, '/metoder/brobyggare/');
  const marked = r[0].parts.filter((p) => p.mark).map((p) => p.text.toLowerCase());
  assert.ok(marked.includes('brobyggare') && marked.includes('brobyggarna'), `marked: ${marked}`);
});

test('a prefix finds words as they are typed, and only then', async () => {
  const typing = { typing: true };
  const r = await sv.search('brobygg', {}, typing);
  assert.deepEqual(urls(r), ['/metoder/brobyggare/', '/metoder/kurser/']);
  // A word that is complete (followed by a space) is not a prefix.
  assert.deepEqual(urls(await sv.search('kultur', {}, typing)), ['/metoder/brobyggare/']);
  assert.deepEqual(urls(await sv.search('kultur ', {}, typing)), []);
  // Still typing an inflected form: brobyggarn is on its way to brobyggarna.
  assert.equal((await sv.search('brobyggarn', {}, typing))[0].url, '/metoder/brobyggare/');
  // A submitted query (or one from the address bar) means its last word as it is.
  assert.deepEqual(urls(await sv.search('kultur')), []);
});

test('utbildning finds the compound brobyggarutbildningen, below the word itself', async () => {
  const r = urls(await sv.search('utbildning'));
  assert.ok(r.includes('/metoder/kurser/'), `compound not found: ${r}`);
  assert.ok(r.indexOf('/metoder/skolan/') < r.indexOf('/metoder/kurser/'), `order: ${r}`);
  const kurser = (await sv.search('utbildning')).find((x) => x.url === '/metoder/kurser/');
  assert.deepEqual(kurser.parts.filter((p) => p.mark).map((p) => p.text), ['Brobyggarutbildningen']);
});

test('a query with one wrong letter is retried with the nearest word', async () => {
  const r = await sv.search('goteborj');
  assert.equal(r[0]?.url, '/kommuner/goteborg/');
  assert.deepEqual(r.corrected, ['göteborg']);
  // Two letters wrong: the nearest word of the whole vocabulary, its results shown, and said.
  const far = await sv.search('brobyxxare');
  assert.equal(far[0]?.url, '/metoder/brobyggare/');
  assert.equal(far.correctedQuery, 'brobyggare');
  // Nothing near at all: nothing, and nothing suggested.
  const none = await sv.search('qqqqzzzz');
  assert.equal(none.total, 0);
  assert.deepEqual(none.suggestions, []);
});

test('every word must match; stop words are left out', async () => {
  assert.deepEqual(urls(await sv.search('brobyggare skolan')), ['/metoder/brobyggare/']);
  assert.deepEqual(urls(await sv.search('brobyggare och')), urls(await sv.search('brobyggare')));
  // A word no page has: the pages with the other words, marked as partial.
  const some = await sv.search('brobyggare qqqqzz');
  assert.ok(some.partial && some.length > 0, `${urls(some)}`);
  assert.equal(some[0].url, '/metoder/brobyggare/');
  assert.equal((await sv.search('brobyggare skolan')).partial, false);
});

test('equal scores go to the newer page', async () => {
  const r = urls(await sv.search('enkäter'));
  assert.deepEqual(r, ['/rapporter/uppfoljning-2021/', '/rapporter/uppfoljning-2019/']);
});

test('facet filters narrow the results and counts follow the query', async () => {
  const all = urls(await sv.search('romer', {}, { typing: true }));
  assert.ok(all.length >= 2, `${all}`);
  const methods = await sv.search('arbetet', { typ: ['Metod'] });
  assert.ok(methods.length > 0);
  for (const r of methods) assert.deepEqual(r.facets.typ, ['Metod'], r.url);
  const reports = await sv.search('samrådet', { typ: ['Rapport'], kommun: ['Linköping'] });
  assert.deepEqual(urls(reports), ['/rapporter/uppfoljning-2021/', '/rapporter/uppfoljning-2019/']);
  assert.equal((await sv.search('samrådet', { typ: ['Metod'] })).length, 0);
  const counts = await sv.counts('brobygg', {}, true);
  const typ = counts.find((f) => f.name === 'typ');
  assert.deepEqual(typ.values, [{ value: 'Metod', count: 2, selected: false }]);
  const kommun = counts.find((f) => f.name === 'kommun').values;
  assert.deepEqual(
    kommun.map((v) => [v.value, v.count]),
    [['Borås', 1], ['Botkyrka', 1], ['Uppsala', 1]],
  );
  // With a filter on kommun, that facet still counts every value; the others count within it.
  const narrowed = await sv.counts('brobygg', { kommun: ['Borås'] }, true);
  assert.equal(narrowed.find((f) => f.name === 'kommun').values.length, 3);
  assert.deepEqual(narrowed.find((f) => f.name === 'typ').values, [{ value: 'Metod', count: 1, selected: false }]);
  const years = (await sv.counts('samrådet', {})).find((f) => f.name === 'year').values;
  assert.deepEqual(years.map((v) => v.value), ['2021', '2019']);
});

test('a title that looks like HTML comes back as the text it is', async () => {
  const [r] = await sv.search('xsskontroll');
  assert.equal(r.title, '<img src=x onerror=alert(1)> och <b>fet</b> text');
  assert.ok(r.snippet.includes('<i>kursivt</i>'), r.snippet);
  assert.ok(!r.snippet.includes('alert(2)'), 'the script was removed by the build');
  assert.equal(r.parts.map((p) => p.text).join(''), r.snippet);
});

test('pages marked search = false are not indexed', async () => {
  assert.equal((await sv.search('hemligtord')).length, 0);
});

test('English pages are in the English index, stemmed in English', async () => {
  const r = await en.search('municipalities');
  assert.deepEqual(urls(r), ['/en/metoder/brobyggare/']);
  assert.deepEqual(urls(await en.search('municipality')), urls(r));
  assert.equal((await sv.search('municipalities')).length, 0);
  assert.equal((await en.search('brobyggarna')).length, 0);
});

test('results page by page', async () => {
  const first = await sv.search('romer', {}, { limit: 1, typing: true });
  const second = await sv.search('romer', {}, { limit: 1, offset: 1, typing: true });
  assert.equal(first.length, 1);
  assert.equal(second.length, 1);
  assert.notEqual(first[0].url, second[0].url);
  assert.equal(first.total, second.total);
});

test('a first query loads the manifest, one shard and the shown pages only', async () => {
  const fresh = await open('sv');
  loaded.length = 0;
  await fresh.search('brobyggare', {}, { limit: 5 });
  const shards = loaded.filter((p) => p.includes('/t/'));
  assert.deepEqual(shards, ['search/sv/t/br.json']);
  assert.ok(!loaded.some((p) => p.endsWith('facets.json')), 'facets are not needed for results');
  // Typing on within the word fetches nothing new.
  loaded.length = 0;
  await fresh.search('brobyggaren', {}, { typing: true });
  assert.deepEqual(loaded.filter((p) => p.includes('/t/')), []);
});

test('odd queries do not throw', async () => {
  for (const q of ['', ' ', 'x', '–', '"', '\u0000', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'a'.repeat(500), 'och', 'ö']) {
    const r = await sv.search(q);
    assert.ok(Array.isArray(r), q);
  }
});
