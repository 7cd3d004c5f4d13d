// Shared by the search tests: opens the index of the fixture site that tests/search.rs built
// with the real binary, through the real engine as the build copied it into the output.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const site = process.env.SEARCH_SITE;
if (!site) {
  throw new Error('SEARCH_SITE is not set: run these tests through `cargo test --test search`, which builds the fixture site first');
}

export const loaded = [];

/** Reads a file of the built site, as a browser would fetch it; records what was asked for. */
export async function load(path) {
  loaded.push(path);
  return readFile(join(site, path), 'utf8');
}

const engine = await import(pathToFileURL(join(site, 'search', 'engine.js')).href);

export function open(lang) {
  return engine.openIndex(load, lang);
}

export const engineExports = Object.keys(engine);
