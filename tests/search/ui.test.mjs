// The page script never turns data into HTML: results are built with textContent and elements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { site } from './common.mjs';

test('ui.js builds the DOM without HTML strings', async () => {
  const ui = await readFile(join(site, 'search', 'ui.js'), 'utf8');
  for (const bad of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
    assert.ok(!ui.includes(bad), `ui.js uses ${bad}`);
  }
  // As published: minified, so no space is guaranteed after `from`.
  assert.match(ui, /from\s*['"]\.\/engine\.js['"]/);
});
