// The engine must turn every word into the same term as the Rust index does: tests/search.rs
// writes the terms that src/search.rs gives for the words of the site's own pages and a list of
// tricky English words, and this test normalises them with the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open } from './common.mjs';

const file = process.env.SEARCH_STEMS;

test('the engine normalises words exactly as the index does', { skip: !file && 'SEARCH_STEMS not set' }, async () => {
  const expected = JSON.parse(await readFile(file, 'utf8'));
  for (const [lang, pairs] of Object.entries(expected)) {
    assert.ok(pairs.length > 100, `${lang}: only ${pairs.length} words`);
    const index = await open(lang);
    const wrong = pairs.filter(([word, term]) => index.normalize(word) !== term);
    assert.deepEqual(
      wrong.slice(0, 20).map(([w, t]) => `${w}: index ${t}, engine ${index.normalize(w)}`),
      [],
      `${wrong.length} of ${pairs.length} ${lang} words differ`,
    );
  }
});
