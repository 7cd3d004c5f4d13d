// The query set of queries.mjs on the bundled site, through the real engine: the mean
// reciprocal rank of the expected pages, and no query left without a useful answer (a result,
// or a corrected query to follow). Run by `cargo test --test search`, which builds content/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../common.mjs';
import { QUERIES } from './queries.mjs';

const indexes = { sv: await open('sv'), en: await open('en') };

/** Reciprocal rank of the first expected page among the first ten results, and the results. */
async function rank([lang, q, expected, filters = {}]) {
  const r = await indexes[lang].search(q, filters, { limit: 10 });
  const at = r.findIndex((x) => expected.includes(x.url));
  return { rr: at < 0 ? 0 : 1 / (at + 1), r };
}

test('the query set is large enough and varied', () => {
  assert.ok(QUERIES.length >= 40, `${QUERIES.length} queries`);
  assert.ok(QUERIES.some((x) => x[0] === 'en') && QUERIES.some((x) => x[3]));
});

test('mean reciprocal rank of the query set is at least 0.95', async () => {
  let sum = 0;
  const misses = [];
  for (const query of QUERIES) {
    const { rr, r } = await rank(query);
    sum += rr;
    if (rr < 1) misses.push(`${query[1]} (${query[0]}): rank ${rr ? 1 / rr : '-'}; got ${r.slice(0, 3).map((x) => x.url).join(' ')}`);
  }
  const mrr = sum / QUERIES.length;
  console.log(`MRR ${mrr.toFixed(3)} over ${QUERIES.length} queries`);
  for (const m of misses) console.log(`  ${m}`);
  assert.ok(mrr >= 0.95, `MRR ${mrr.toFixed(3)}:\n${misses.join('\n')}`);
});

test('no query of the set is left without an answer', async () => {
  for (const query of QUERIES) {
    const { r } = await rank(query);
    assert.ok(r.length > 0 || r.suggestions.length > 0, `${query[1]}: nothing`);
  }
});
