// The engine on the bundled site as a reader meets it: compounds typed whole, queries that
// find nothing or only part, snippets, and what each result is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../common.mjs';

const sv = await open('sv');
const en = await open('en');
const urls = (results) => results.map((r) => r.url);
const marks = (r) => r.parts.filter((p) => p.mark).map((p) => p.text.toLowerCase());

test('a compound typed whole is split against the site words, each part marked', async () => {
  const r = await sv.search('skolbrobyggare');
  assert.equal(r[0]?.url, '/metoder/brobyggare/', `${urls(r)}`);
  const m = marks(r[0]);
  assert.ok(m.some((w) => w.startsWith('skol')) && m.some((w) => w.startsWith('brobygg')), `${m}`);
  // With a linking s: inkludering-s-arbete.
  const s = await sv.search('inkluderingsarbete');
  assert.ok(s.length > 0 && !s.partial, `${urls(s)}`);
  // Below the whole word where there is one.
  const whole = await sv.search('brobyggarteam');
  assert.equal(whole[0].url, '/metoder/enskilt-stod-boras/');
});

test('a multi-word typo is never run corrected behind the reader\'s back when a word matches', async () => {
  // borås matches as typed: its pages are shown, and the whole corrected query is offered.
  const r = await sv.search('brobygare boras');
  assert.equal(r.correctedQuery, null);
  assert.deepEqual(r.corrected, []);
  assert.equal(r.status, 'partial');
  assert.equal(r.suggestions[0], 'brobyggare boras');
  assert.ok(['/metoder/enskilt-stod-boras/', '/riktlinjer/brobyggarteamet-i-boras/'].includes(r[0].url), `${urls(r)}`);
  // One typed word matches nothing and the other only as a typo ("matter" is one letter from
  // the stem of "måste"): nothing is run in its place; "front måste" is only offered.
  const f = await sv.search('front matter');
  assert.equal(f.correctedQuery, null);
  assert.ok(f.every((x) => !marks(x).includes('måste')), `${urls(f)}`);
  assert.ok(['none', 'partial'].includes(f.status), f.status);
  assert.ok(f.suggestions.some((s) => s.startsWith('front ')), `${f.suggestions}`);
  // Every word a typo: the corrected query runs, and says so (one status, no other offer).
  const all = await sv.search('kolegial granskninng');
  assert.equal(all.status, 'corrected');
  assert.equal(all.correctedQuery, 'kollegial granskning');
  assert.equal(all[0].url, '/metoder/kollegial-granskning/');
});

test('a compound with a linking vowel is split: kvinno- for kvinna, hälso- for hälsa, -s-', async () => {
  for (const [q, parts, page] of [
    ['kvinnohälsa', ['kvinn', 'häls'], '/metoder/romska-halsoinspiratorer/'],
    ['kvinnofrågor', ['kvinn', 'fråg'], '/metoder/romska-halsoinspiratorer/'],
    ['hälsoutbildning', ['häls', 'utbildning'], '/metoder/romska-halsoinspiratorer/'],
  ]) {
    const r = await sv.search(q);
    assert.ok(r.length > 0 && !r.partial, `${q}: ${urls(r)}`);
    assert.equal(r.status, 'found');
    const hit = r.find((x) => x.url === page);
    assert.ok(hit && r.indexOf(hit) < 5, `${q}: ${urls(r)}`);
    // Marked part by part.
    const m = marks(hit);
    for (const p of parts) assert.ok(m.some((w) => w.startsWith(p)), `${q}: ${p} not marked in ${m}`);
  }
  // Below whole words: a page with the compound itself comes before pages with its parts.
  const whole = await sv.search('hälsoinspiratörer');
  assert.equal(whole[0].url, '/metoder/romska-halsoinspiratorer/');
});

test('a compound with one part the site has gives the pages with that part, not nothing', async () => {
  // The site has modersmål but no lärare: modersmål-s-lärare finds modersmål's pages.
  const r = await sv.search('modersmålslärare');
  assert.ok(r.length > 0, 'nothing');
  assert.equal(r.partial, true);
  assert.equal(r.status, 'partial');
  assert.equal(r[0].url, '/metoder/romani-chib/');
  assert.ok(marks(r[0]).some((w) => w.startsWith('modersmål')), `${marks(r[0])}`);
});

test('a query nothing answers whole gives the pages with some of its words', async () => {
  const r = await sv.search('romska flaggans dag');
  assert.ok(r.partial, 'partial');
  assert.ok(r.length > 0);
  for (const x of r) assert.ok(marks(x).length > 0 || x.kind !== 'page', x.url);
});

test('the last word is a prefix only while typing', async () => {
  const q = 'vilka kommuner är med i nätverket';
  assert.equal((await sv.search(q))[0].url, '/om-natverket/medlemmar/');
  const typed = await sv.search('vilka kommuner är med i nätv', {}, { typing: true });
  assert.ok(urls(typed).includes('/om-natverket/medlemmar/'));
});

test('snippets are sentences: no lists of links, no Markdown, no run-together blocks', async () => {
  for (const q of ['brobyggare', 'borås', 'utvecklingskommunerna', 'hälsoinspiratörer', 'romsk inkludering']) {
    for (const r of await sv.search(q, {}, { limit: 10 })) {
      assert.ok(!/\]\(|\(@\/|\*\*|^#/.test(r.snippet), `${q}: ${r.url}: ${r.snippet}`);
      assert.ok(!r.snippet.includes('Läs mer Enskilt'), `${q}: ${r.url}: ${r.snippet}`);
      assert.ok(r.snippet.length <= 400, `${q}: ${r.url}: ${r.snippet.length}`);
      assert.ok(r.snippet.trim().length > 0, `${q}: ${r.url}: empty snippet`);
    }
  }
});

test('members, sections and areas say what they are and show their description', async () => {
  const boras = (await sv.search('borås')).find((r) => r.url === '/kommun/boras/');
  assert.equal(boras.kind, 'kommun');
  assert.ok(boras.snippet.includes('brobyggarteam'), boras.snippet);
  const area = (await sv.search('hälsa')).find((r) => r.url === '/omrade/halsa/');
  assert.equal(area.kind, 'omrade');
  assert.ok(area.snippet.includes('Romska hälsoinspiratörer'), area.snippet);
  // Without a description: some of its pages' titles for the page to put in a sentence, not
  // a list of links joined with dots.
  assert.equal(area.listed, true);
  assert.ok(!area.snippet.includes(' · '), area.snippet);
  const type = (await sv.search('metod')).find((r) => r.url === '/typ/metod/');
  assert.ok(type.listed && !type.snippet.includes(' · '), type.snippet);
  const section = (await sv.search('metoder')).find((r) => r.url === '/metoder/');
  assert.equal(section.kind, 'section');
  assert.equal((await sv.search('brobyggare'))[0].kind, 'page');
});

test('English finds little of what is in Swedish, and the Swedish index has it', async () => {
  assert.ok((await en.search('brobyggare')).length < 3);
  assert.ok((await sv.search('brobyggare')).length > 3);
});

test('the member list PDF is found by its text and its name, and names its file', async () => {
  for (const q of ['medlemslista', 'surahammar västmanlands län']) {
    const hit = (await sv.search(q)).find((r) => r.kind === 'attachment');
    assert.ok(hit, q);
    assert.equal(hit.url, '/om-natverket/');
    assert.deepEqual(hit.attachment, { name: 'medlemslista.pdf', url: '/om-natverket/medlemslista.pdf' });
  }
  // The document's title and its text are kept apart: the title is not the first words of a
  // sentence ("… medlemmar Förteckning över …").
  for (const q of ['medlemslista', 'kommunalt nätverk medlemmar']) {
    const hit = (await sv.search(q)).find((r) => r.kind === 'attachment');
    assert.ok(hit, q);
    assert.ok(!/medlemmar Förteckning/.test(hit.snippet), `${q}: ${hit.snippet}`);
  }
});

test('a page comes before its lättläst version, which is labelled as such', async () => {
  for (const [q, page] of [['brobyggare', '/metoder/brobyggare/'], ['strategin', '/strategin/']]) {
    const r = await sv.search(q, {}, { limit: 20 });
    const at = r.findIndex((x) => x.url === page);
    const easy = r.findIndex((x) => x.url === `${page}lattlast/`);
    assert.ok(at >= 0 && easy > at, `${q}: ${urls(r)}`);
    assert.equal(r[easy].kind, 'lattlast');
  }
});

test('a place typed without its å is found even where its stem is another word of the site', async () => {
  // `boras` stems to `bor` (lives), which the lättläst pages use; Borås is what the reader means.
  const r = await sv.search('boras');
  assert.ok(['/metoder/enskilt-stod-boras/', '/kommun/boras/', '/riktlinjer/brobyggarteamet-i-boras/'].includes(r[0].url), `${urls(r)}`);
});

test('a table row is a snippet whole, never the cells of two rows', async () => {
  const r = (await sv.search('västra götalands län')).find((x) => x.url === '/om-natverket/medlemmar/');
  assert.ok(r, 'the members page');
  const cells = r.snippet.split(' · ');
  assert.ok(cells.length <= 4 && cells.some((c) => c === 'Västra Götalands län'), r.snippet);
  // The row's member comes first, the next row's member not at all.
  assert.ok(!/\d{4} · \p{Lu}/u.test(r.snippet), r.snippet);
});

test('a snippet is never a lone list item of one word or a bare heading', async () => {
  for (const q of ['hälsa', 'utbildning', 'läs mer', 'resultat', 'arbete']) {
    for (const r of await sv.search(q, {}, { limit: 10 })) {
      const words = r.snippet.split(/\s+/).filter((w) => /\p{L}/u.test(w));
      assert.ok(words.length >= 3, `${q}: ${r.url}: "${r.snippet}"`);
    }
  }
});

test('a member says each thing once, and does not end with its bare county', async () => {
  for (const q of ['botkyrka', 'eskilstuna', 'vänersborg']) {
    const r = (await sv.search(q)).find((x) => x.kind === 'kommun');
    assert.ok(r, q);
    assert.ok(/[.!?…]$/.test(r.snippet.trim()), `${q}: ${r.snippet}`);
    assert.ok(!/ län$/.test(r.snippet.trim()), `${q}: ${r.snippet}`);
    const sentences = r.snippet.split(/(?<=\.)\s+/);
    assert.equal(new Set(sentences).size, sentences.length, r.snippet);
    assert.ok(!/^Kom med i nätverket under \d{4}\. Enligt/.test(r.snippet), r.snippet);
  }
  // The county is still found: a member by its county.
  const byCounty = await sv.search('södermanlands län');
  assert.ok(byCounty.some((x) => x.url === '/kommun/eskilstuna/'), `${urls(byCounty)}`);
});
