// The query set of queries.mjs on the bundled site, through the real engine: the mean
// reciprocal rank of the expected pages, and no query left without a useful answer (an
// expected page among its first five results). Run by `cargo test --test search`, which builds content/.
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

/// A useful answer: an expected page among the first results a reader looks at.
const USEFUL = 5;

test(`every query of the set has an expected page among its first ${USEFUL} results`, async () => {
  const useless = [];
  for (const query of QUERIES) {
    const { rr, r } = await rank(query);
    if (rr < 1 / USEFUL) useless.push(`${query[1]} (${query[0]}): ${rr ? `rank ${1 / rr}` : 'not in the first ten'}; got ${r.slice(0, USEFUL).map((x) => x.url).join(' ')}`);
  }
  assert.deepEqual(useless, []);
});
