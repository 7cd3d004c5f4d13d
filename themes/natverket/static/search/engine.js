// The search engine of the site: reads the index that `spindel build` writes under /search/
// (see src/search.rs for the format) and ranks pages for a query. No DOM: the same module runs
// in the browser (ui.js) and in Node (the tests).
//
//   const index = await openIndex((path) => fetch('/' + path).then((r) => r.text()), 'sv');
//   const results = await index.search('brobyggare', { kommun: ['Borås'] });
//   results[0].url, results[0].title, results[0].snippet
//
// Words are normalised exactly as the index does: NFC, lowercase, Snowball stem (Swedish or
// English), diacritics folded.

import { STEMMERS } from './stem.js';
import { knownPart, nearestWords, splitCompound } from './correct.js';
import { closeness, snippet, words } from './snippet.js';

const FORMAT = 5;
const LEVELS = 63;
const MIN_KEY = 2;
const MAX_KEY = 8;
/// Weights of the ways a query word can match a term.
const W_EXACT = 1;
const W_INFLECTION = 0.9; // "brobyggarn" (still typing) → brobygg
const W_PREFIX = 0.75; // "brobygg" → brobyggarutbildning
const W_TYPO = 0.6; // one letter wrong
const W_SPLIT = 0.7; // skolbrobyggare → skol + brobygg, each part
/// A prefix expands to at most this many terms (the most frequent).
const MAX_EXPANSIONS = 60;
/// Pages a query that matches only some of its words shows at most.
const MAX_PARTIAL = 50;
/// Postings of the terms' rests a first query fetches at most to rank exactly (about 5 KB
/// gzip); with more, its first results are ranked from the terms' best pages (`approximate`).
const REST_BUDGET = 8000;

// ---------------------------------------------------------------------------------------------
// Words

const ASCII = /^[\x00-\x7f]*$/;
const FOLD = { æ: 'ae', œ: 'oe', ø: 'o', ß: 'ss', þ: 'th', ð: 'd', đ: 'd', ł: 'l', ı: 'i' };

/** Removes diacritics from a lowercase word: göteborg → goteborg. */
function fold(word) {
  if (ASCII.test(word)) return word;
  const bare = word.normalize('NFD').replace(/\p{M}/gu, '');
  return bare.replace(/[æœøßþðđłı]/g, (c) => FOLD[c]).normalize('NFC');
}


// ---------------------------------------------------------------------------------------------
// Index files

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** Decodes a posting list: { docs: Uint32Array, q: Uint8Array }. */
function decodePostings(s) {
  const docs = [];
  const q = [];
  let prev = -1;
  let i = 0;
  while (i < s.length) {
    const [gap, next] = readGap(s, i);
    prev += gap + 1;
    docs.push(prev);
    q.push(B64_VALUE[s.charCodeAt(next)] + 1);
    i = next + 1;
  }
  return { docs: Uint32Array.from(docs), q: Uint8Array.from(q) };
}

/** Reads one variable-length gap (5 bits a character, 6th bit: more follow) at `i`. */
function readGap(s, i) {
  let v = 0;
  let shift = 0;
  let c;
  do {
    c = B64_VALUE[s.charCodeAt(i++)];
    v += (c & 31) * 2 ** shift;
    shift += 5;
  } while (c & 32);
  return [v, i];
}

/** Decodes a list of page numbers. */
function decodeIds(s) {
  const out = [];
  let prev = -1;
  let i = 0;
  while (i < s.length) {
    const [gap, next] = readGap(s, i);
    prev += gap + 1;
    out.push(prev);
    i = next;
  }
  return out;
}

/** The file of a shard key (as `shard_file` in src/search.rs). */
function shardFile(key) {
  if (/^[a-z0-9]+$/.test(key)) return `${key}.json`;
  let hex = '';
  for (const b of new TextEncoder().encode(key)) hex += b.toString(16).padStart(2, '0');
  return `_${hex}.json`;
}

/**
 * A term of a shard; its postings are decoded on first use. A term found on very many pages
 * has only its best pages in the shard, and `rest`: [pages in all, the lowest score in the
 * shard, the file of the others], fetched by `complete` when a query needs every page.
 */
/**
 * The manifest's shard keys: each written as how many characters it shares with the key
 * before it (one digit), the rest, and `*` when split. A map from key to whether it is split.
 */
function decodeKeys(text) {
  const keys = new Map();
  let prev = '';
  for (const token of text ? text.split(' ') : []) {
    const split = token.endsWith('*');
    const key = prev.slice(0, Number(token[0])) + token.slice(1, split ? -1 : undefined);
    keys.set(key, split);
    prev = key;
  }
  return keys;
}

class Term {
  constructor(term, display, max, encoded, rest) {
    this.term = term;
    this.display = display || term;
    this.max = max / 1000;
    this.encoded = encoded;
    this.decoded = null;
    this.merged = false;
    this.rest = rest ?? null;
    this.completing = null;
  }

  /** Whether pages of the term are still in its rest file. */
  get truncated() {
    return this.rest !== null;
  }

  /** The highest score a page of the rest can have. */
  get cutScore() {
    return this.rest ? this.score(this.rest[1]) : 0;
  }

  /** Fetches the rest of the postings and merges them in (both lists are in page order). */
  complete(index) {
    if (!this.rest) return Promise.resolve();
    if (!this.completing) {
      this.completing = index.load(`${index.base}t/${this.rest[2]}`).then((text) => {
        const head = this.postings;
        const tail = decodePostings(JSON.parse(text));
        const n = head.docs.length + tail.docs.length;
        const docs = new Uint32Array(n);
        const q = new Uint8Array(n);
        for (let i = 0, j = 0, k = 0; k < n; k++) {
          if (j >= tail.docs.length || (i < head.docs.length && head.docs[i] < tail.docs[j])) {
            docs[k] = head.docs[i];
            q[k] = head.q[i++];
          } else {
            docs[k] = tail.docs[j];
            q[k] = tail.q[j++];
          }
        }
        this.decoded = { docs, q };
        this.rest = null;
      });
      this.completing.catch(() => {
        this.completing = null;
      });
    }
    return this.completing;
  }

  get postings() {
    if (!this.decoded) {
      this.decoded = decodePostings(this.encoded);
      this.encoded = null;
    }
    return this.decoded;
  }

  /** How many pages have the term (without decoding them all). */
  get df() {
    if (this.rest) return this.rest[0];
    return this.decoded ? this.decoded.docs.length : this.encoded.length / 2;
  }

  score(q) {
    return Math.expm1((q / LEVELS) * Math.log1p(this.max));
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Edit distance of at most 1 (a letter changed, added, removed, or two swapped)? */
function oneEdit(a, b) {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

class Index {
  constructor(load, base, manifest) {
    this.load = load;
    this.base = base;
    this.lang = manifest.lang;
    this.docCount = manifest.docs;
    // Pages per page file: page `id` is item `id % perFile` of file `floor(id / perFile)`.
    this.perFile = manifest.per_file || 1;
    this.stemmer = STEMMERS[manifest.stem] || ((w) => w);
    this.stop = new Set(manifest.stop ? manifest.stop.split(' ') : []);
    // Stop words typed without their å, ä or ö (`for`, `nar`) are stop words too.
    this.bareStop = new Set([...this.stop].map(fold));
    this.facetNames = manifest.facets || [];
    this.keys = decodeKeys(manifest.keys || '');
    this.shards = new Map();
    this.unions = new Map();
    this.docs = new Map();
    this.facets = null;
    this.values = new Map();
    this.restBudget = REST_BUDGET;
    this.termCache = new Map();
    this.vocab = new Map();
    this.vocabLetters = new Set(manifest.vocab ? manifest.vocab.split(' ') : []);
  }

  /** The index term of a word as written, or null (stop word, too short). */
  normalize(word) {
    const lower = word.normalize('NFC').toLowerCase();
    return this.termOf(lower);
  }

  termOf(lower) {
    let t = this.termCache.get(lower);
    if (t !== undefined) return t;
    t = null;
    if ([...lower].length >= 2 && !this.stop.has(lower)) {
      const folded = fold(this.stemmer(lower));
      if ([...folded].length >= 2) t = folded;
    }
    if (this.termCache.size > 20000) this.termCache.clear();
    this.termCache.set(lower, t);
    return t;
  }

  /** The key of the shard that holds `term`, or null. */
  keyFor(term) {
    const chars = [...term];
    for (let n = Math.min(MAX_KEY, chars.length); n >= MIN_KEY; n--) {
      const k = chars.slice(0, n).join('');
      if (this.keys.has(k)) return k;
    }
    return null;
  }

  shard(key) {
    let p = this.shards.get(key);
    if (!p) {
      p = this.load(`${this.base}t/${shardFile(key)}`).then((text) => {
        const data = JSON.parse(text);
        const terms = new Map();
        for (const [term, display, max, encoded, rest] of data.t) terms.set(term, new Term(term, display, max, encoded, rest));
        return { key, split: this.keys.get(key), terms };
      });
      p.catch(() => this.shards.delete(key));
      this.shards.set(key, p);
    }
    return p;
  }

  /**
   * The merged list of every term below a split key ("any word that starts so"), from its own
   * file: only a word still being typed needs it.
   */
  union(key) {
    let p = this.unions.get(key);
    if (!p) {
      const file = shardFile(key).replace(/\.json$/, '~u.json');
      p = this.load(`${this.base}t/${file}`).then((text) => {
        const [max, encoded] = JSON.parse(text);
        const union = new Term(key, '', max, encoded);
        union.merged = true;
        return union;
      });
      p.catch(() => this.unions.delete(key));
      this.unions.set(key, p);
    }
    return p;
  }

  loadFacets() {
    if (!this.facets) {
      this.facets = this.load(`${this.base}facets.json`).then((text) => {
        const data = JSON.parse(text);
        return data.facets.map((f) => {
          // For each page, the numbers of its values.
          const byDoc = Array.from({ length: this.docCount }, () => []);
          f.docs.forEach((ids, v) => {
            for (const d of decodeIds(ids)) if (d < this.docCount) byDoc[d].push(v);
          });
          return { name: f.name, values: f.values, byDoc };
        });
      });
      this.facets.catch(() => {
        this.facets = null;
      });
    }
    return this.facets;
  }

  /**
   * The pages of one value of a facet, from its own file (`f/<facet>/<value>.json`), as a Set:
   * all a query with that filter needs, without the whole of facets.json.
   */
  facetValue(name, value) {
    const path = `${this.base}f/${shardFile(name).replace(/\.json$/, '')}/${shardFile(value)}`;
    let p = this.values.get(path);
    if (!p) {
      p = this.load(path).then((text) => new Set(decodeIds(JSON.parse(text))), () => new Set());
      this.values.set(path, p);
    }
    return p;
  }

  /** For each facet with a filter, the Set of pages of any of its chosen values. */
  async filterSets(filters) {
    const active = this.facetNames.filter((n) => filters[n] && filters[n].length > 0);
    return Promise.all(
      active.map(async (n) => {
        const sets = await Promise.all(filters[n].map((v) => this.facetValue(n, v)));
        if (sets.length === 1) return sets[0];
        const union = new Set();
        for (const set of sets) for (const d of set) union.add(d);
        return union;
      }),
    );
  }

  doc(id) {
    const file = Math.floor(id / this.perFile);
    let p = this.docs.get(file);
    if (!p) {
      p = this.load(`${this.base}d/${file}.json`).then((text) => JSON.parse(text));
      p.catch(() => this.docs.delete(file));
      this.docs.set(file, p);
    }
    return p.then((pages) => pages[id % this.perFile]);
  }

  /**
   * The words of a query: [{ lower, term, folded, prefix, stop, start, end }]. The last word is
   * a prefix only while it is being typed (`typing`), and only if nothing follows it.
   */
  parse(query, typing = false) {
    const text = String(query ?? '').normalize('NFC');
    const found = words(text);
    const open = typing && found.length > 0 && found[found.length - 1].end === text.length;
    return found.map((w, i) => {
      const lower = w.word.toLowerCase();
      return {
        lower,
        term: this.termOf(lower),
        folded: fold(lower),
        prefix: open && i === found.length - 1,
        stop: this.stop.has(lower) || this.bareStop.has(lower),
        start: w.start,
        end: w.end,
      };
    });
  }

  /** The term of the index that is exactly `term`, or null. */
  async exactTerm(term) {
    const key = term && [...term].length >= MIN_KEY ? this.keyFor(term) : null;
    if (!key) return null;
    return (await this.shard(key)).terms.get(term) ?? null;
  }

  /**
   * The vocabulary's terms that start with `letter` (v/<letter>.json): { terms, spellings,
   * pages }, each file loaded once, when first needed; none where the index has no such term.
   */
  vocabulary(letter) {
    if (!this.vocabLetters.has(letter)) return Promise.resolve({ terms: [], spellings: [], pages: [] });
    let p = this.vocab.get(letter);
    if (!p) {
      p = this.load(`${this.base}v/${shardFile(letter)}`).then((text) => {
        const data = JSON.parse(text);
        return { terms: data.t ? data.t.split(' ') : [], spellings: data.w.split(' '), pages: data.n };
      });
      p.catch(() => this.vocab.delete(letter));
      this.vocab.set(letter, p);
    }
    return p;
  }

  /** Ways a query word matches terms of its shard: [{ term, weight, prefix? }]. */
  async candidates(word) {
    const term = word.term ?? (word.prefix ? word.folded : null);
    if (!term || [...term].length < MIN_KEY) return [];
    const key = this.keyFor(term);
    if (!key) return [];
    // A word being typed that is a split key needs the key's merged list: fetched beside it.
    const union = word.prefix && term === key && this.keys.get(key) ? this.union(key) : null;
    const shard = await this.shard(key);
    const out = [];
    const exact = shard.terms.get(term);
    if (exact) out.push({ term: exact, weight: W_EXACT });
    // Typed without its å, ä or ö, a word may stem otherwise: `boras` is Borås as written,
    // even where the stem `bor` (lives) is a word of the site too (then only if the site
    // writes it with letters that fold, Borås, and it is in the same shard: another shard
    // would be a request more for every word whose stem differs from it).
    const bareKey = word.folded !== term && !word.prefix ? this.keyFor(word.folded) : null;
    const bare = bareKey && (!exact || bareKey === key) ? await this.exactTerm(word.folded) : null;
    const spelt = bare?.display.toLowerCase();
    if (bare && (!exact || (spelt !== bare.term && fold(spelt) === bare.term))) out.push({ term: bare, weight: W_EXACT });
    if (!word.prefix) return out;
    if (shard.split) {
      if (union) out.push({ term: await union, weight: W_PREFIX, prefix: key });
      return out;
    }
    const expansions = [];
    for (const t of shard.terms.values()) {
      if (t === exact) continue;
      if (t.term.startsWith(term) || t.term.startsWith(word.folded)) {
        expansions.push({ term: t, weight: W_PREFIX, prefix: t.term.startsWith(term) ? term : word.folded });
      } else if (
        word.folded.startsWith(t.term) &&
        t.term.length >= 4 &&
        word.folded.length - t.term.length <= 3
      ) {
        expansions.push({ term: t, weight: W_INFLECTION });
      }
    }
    expansions.sort((a, b) => b.term.df - a.term.df || (a.term.term < b.term.term ? -1 : 1));
    return out.concat(expansions.slice(0, MAX_EXPANSIONS));
  }

  /**
   * A term and the terms of its shard that are it with an ending (up to three letters: the
   * part `arbet` of a compound stands for arbetet too), as candidates of weight `weight`.
   */
  async inflections(term, weight) {
    const out = [{ term, weight }];
    const key = this.keyFor(term.term);
    if (!key) return out;
    const shard = await this.shard(key);
    for (const t of shard.terms.values()) {
      if (t !== term && t.term.startsWith(term.term) && t.term.length - term.term.length <= 3) {
        out.push({ term: t, weight: weight * W_INFLECTION });
      }
    }
    return out;
  }

  /** Terms one edit away from a word, in its shard and the shard with its first letters swapped. */
  async typoCandidates(word) {
    const term = word.term ?? word.folded;
    if ([...term].length < 4) return [];
    const keys = new Set();
    const chars = [...term];
    for (const variant of [term, chars[1] + chars[0] + chars.slice(2).join('')]) {
      const k = this.keyFor(variant);
      if (k) keys.add(k);
    }
    const out = [];
    for (const k of keys) {
      const shard = await this.shard(k);
      for (const t of shard.terms.values()) {
        if (
          oneEdit(term, t.term) ||
          (word.term && oneEdit(word.folded, t.term)) ||
          (t.display !== t.term && oneEdit(word.folded, fold(t.display.toLowerCase())))
        ) {
          out.push({ term: t, weight: W_TYPO, typo: true });
        } else if (word.prefix && t.term.length > term.length && oneEdit(term, t.term.slice(0, term.length))) {
          out.push({ term: t, weight: W_TYPO * W_PREFIX, typo: true });
        }
      }
    }
    out.sort((a, b) => b.term.df - a.term.df);
    return out.slice(0, MAX_EXPANSIONS);
  }

  /** The nearest words of the vocabulary to a word that found nothing, as written. */
  async nearest(word, limit = 3) {
    try {
      return await nearestWords(this, word, limit);
    } catch {
      return [];
    }
  }

  /** BM25's idf, as in src/search.rs. */
  idf(df) {
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  /**
   * Scores of the pages a word matches: Float32Array by page, 0 = no match. A word and its
   * expansions count as one term: each page gets its best match without that term's idf, and
   * then the idf of all the pages the word matches. So a rare completion of a prefix does not
   * outweigh the word itself.
   */
  scoreWord(cands) {
    const scores = new Float32Array(this.docCount);
    // A term still without its rest (see `match`): the pages it has besides, and the highest
    // score any of them can have.
    let unseen = 0;
    let bound = 0;
    let most = 0;
    for (const { term, weight } of cands) {
      most = Math.max(most, term.df);
      const { docs, q } = term.postings;
      // A merged prefix list is stored without idf already.
      const f = term.merged ? weight : weight / this.idf(term.df);
      for (let i = 0; i < docs.length; i++) {
        const s = f * term.score(q[i]);
        if (s > scores[docs[i]]) scores[docs[i]] = s;
      }
      if (term.truncated) {
        unseen += term.df - docs.length;
        bound = Math.max(bound, f * term.cutScore);
      }
    }
    let seen = 0;
    for (let d = 0; d < scores.length; d++) if (scores[d] > 0) seen++;
    // A page of a rest may be in another term's list too, so with several terms cut short the
    // pages matched are not known: at least the most of any term and those seen, at most those
    // and every rest. The idf takes the most, the count the least.
    const matched = Math.min(seen + unseen, this.docCount);
    const least = unseen === 0 ? seen : cands.length === 1 ? matched : Math.max(seen, most);
    const idf = this.idf(matched);
    for (let d = 0; d < scores.length; d++) scores[d] *= idf;
    scores.matched = least;
    scores.bound = bound * idf;
    return scores;
  }

  /**
   * Pages matching every word, with their summed scores. A word that matches nothing as it is
   * written is split as a compound, else taken as its nearest term one letter away, else
   * `missing`. When no page has every word, the pages with the most of them (`partial`).
   */
  async match(query, typing = false, complete = false) {
    const parsed = this.parse(query, typing);
    const active = parsed.filter((w) => !(w.stop && !w.prefix) && (w.term || w.prefix));
    const cands = await Promise.all(active.map((w) => this.candidates(w)));
    // A stop word still being typed that matches nothing is left out.
    const kept = [];
    active.forEach((w, i) => {
      if (cands[i].length > 0 || !(w.stop || [...(w.term ?? w.folded)].length < MIN_KEY)) kept.push([w, cands[i]]);
    });
    let pairs = [];
    const corrected = [];
    const missing = [];
    const typos = [];
    let partly = false;
    for (const [w, c] of kept) {
      if (c.length > 0) {
        pairs.push([w, c]);
        continue;
      }
      const term = w.term ?? w.folded;
      if (!w.prefix) this.prefetchHeads(term);
      const parts = w.prefix ? null : await splitCompound(this, term);
      if (parts) {
        for (const t of parts) pairs.push([w, await this.inflections(t, W_SPLIT)]);
        continue;
      }
      const near = await this.typoCandidates(w);
      if (near.length > 0) {
        w.fix = near[0].term.display;
        typos.push([w, near]);
        continue;
      }
      // A compound with one part the site has: the pages with that part, as a partial match.
      const known = w.prefix ? null : await knownPart(this, term);
      if (known) {
        pairs.push([w, await this.inflections(known, W_SPLIT)]);
        w.partly = true;
        partly = true;
      } else {
        w.missing = true;
        missing.push(w);
      }
    }
    if (pairs.length > 0 || missing.length > 0) {
      // Some words match as they were typed, or some match nothing at all: a word taken for a
      // typo is not put in its place behind the reader's back. It counts as missing, and the
      // corrected query is offered. Only a query whose every word is a typo runs corrected.
      for (const [w] of typos) missing.push(w);
    } else {
      for (const [w, near] of typos) {
        pairs.push([w, near]);
        corrected.push(w.fix);
      }
    }
    pairs = pairs.filter(([, c]) => c.length > 0);
    const result = { parsed, words: pairs, corrected, missing, scores: null, ids: [], partial: false, bound: 0, total: 0 };
    if (pairs.length === 0) return result;
    // The words can rank from their terms' best pages alone (`search` checks with `sure` that
    // the results it shows are right so); a word that found nothing asks for the pages with
    // some of the words, which needs every page of the others.
    if (complete || missing.length > 0) {
      await Promise.all(pairs.flatMap(([, c]) => c.map(({ term }) => term.complete(this))));
    }
    const each = pairs.map(([, c]) => this.scoreWord(c));
    const total = new Float32Array(this.docCount);
    const count = new Uint8Array(this.docCount);
    for (const s of each) {
      for (let d = 0; d < total.length; d++) {
        if (s[d] > 0) {
          total[d] += s[d];
          count[d]++;
        }
      }
    }
    const wanted = pairs.length;
    let ids = [];
    if (missing.length === 0) for (let d = 0; d < total.length; d++) if (count[d] === wanted) ids.push(d);
    if (ids.length === 0 && wanted + missing.length > 1) {
      // Some of the words: the pages with the most of them first, then by score.
      for (let d = 0; d < total.length; d++) if (count[d] > 0) ids.push(d);
      ids.sort((a, b) => count[b] - count[a] || total[b] - total[a] || a - b);
      ids = ids.slice(0, MAX_PARTIAL);
      const most = count[ids[0]] ?? 0;
      for (const d of ids) total[d] += (count[d] - most) * 1e4;
      result.partial = ids.length > 0;
    }
    if (partly && ids.length > 0) result.partial = true;
    result.scores = total;
    result.ids = ids;
    result.bound = each.length === 1 ? each[0].bound : 0;
    // With one term, a page of its rest that scores as the last shown is older and comes after
    // it; with several, the last might score so through another term, so the rest must score less.
    result.strict = pairs.length === 1 && pairs[0][1].length > 1;
    // The pages matched: exact with one term cut short, at least that many with several (a word
    // being typed, until its rests are fetched).
    result.total = each.length === 1 && result.bound > 0 ? each[0].matched : ids.length;
    result.each = each;
    result.truncated = each.some((x) => x.bound > 0);
    if (result.truncated && each.length > 1) {
      // Several words cut short: how many pages have them all, as if they were independent.
      let estimate = this.docCount;
      for (const x of each) estimate *= Math.min(1, x.matched / this.docCount);
      result.total = Math.max(ids.length, Math.round(estimate));
    }
    return result;
  }

  /**
   * Asks at once for the shards of every first part that splitting `term` as a compound may
   * try (from three letters, leaving four: as correct.js splits), so that trying them one after
   * another costs one round trip, not one each.
   */
  prefetchHeads(term) {
    const chars = [...term];
    for (let at = 3; at <= chars.length - 4; at++) {
      const key = this.keyFor(chars.slice(0, at).join(''));
      if (key) this.shard(key).catch(() => {});
    }
  }

  /** Postings in the rests of the terms of match `m` still without them. */
  restSize(m) {
    let n = 0;
    for (const [, cands] of m.words) for (const { term } of cands) if (term.truncated) n += term.df - term.postings.docs.length;
    return n;
  }

  /**
   * Match `m` ranked from its terms' best pages alone, when their rests are too big for a first
   * query: a page seen with some of the words and not with others (whose rests it may be in)
   * scores what it was seen with, and for each other word half the highest score of its rest
   * times the share of pages that have the word. A page that lacks a word with no rest is out.
   * With filters (`sets`) that leave fewer than `want` of those pages, and words on at least
   * half the pages each, the newest other pages of the filters come after them: most likely
   * they have the words too (the rest of a common word is most of the site).
   */
  approximate(m, sets = null, want = 0) {
    const each = m.each;
    const likely = each.map((x) => (Math.min(1, x.matched / this.docCount) * x.bound) / 2);
    const scores = new Float32Array(this.docCount);
    const ids = [];
    for (let d = 0; d < this.docCount; d++) {
      let s = 0;
      let seen = false;
      let out = false;
      for (let i = 0; i < each.length && !out; i++) {
        const x = each[i][d];
        if (x > 0) {
          s += x;
          seen = true;
        } else if (each[i].bound > 0) s += likely[i];
        else out = true;
      }
      if (seen && !out) {
        scores[d] = s;
        ids.push(d);
      }
    }
    const common = each.every((x) => x.bound > 0 && x.matched >= this.docCount / 2);
    if (sets && sets.length > 0 && common) {
      const pass = (d) => sets.every((set) => set.has(d));
      let kept = ids.filter(pass).length;
      const base = likely.reduce((a, b) => a + b, 0);
      const smallest = sets.reduce((a, b) => (b.size < a.size ? b : a));
      for (const d of [...smallest].sort((a, b) => a - b)) {
        if (kept >= want) break;
        if (scores[d] > 0 || !pass(d)) continue;
        scores[d] = base;
        ids.push(d);
        kept++;
      }
    }
    return { ...m, scores, ids, partial: false };
  }

  /**
   * Whether the first `n` of `ranked` (the pages of match `m`, best first, filtered) are the
   * right ones in the right order although some terms are still without their rests: each of
   * them has its every word's score (or one at least as high as any page of that word's rest),
   * and every other page, even with the best score a rest allows for each word it was not seen
   * with, scores less than the last of them. Then a first query needs no rest file at all.
   */
  sure(m, ranked, n) {
    if (!m.truncated) return true;
    if (m.partial || ranked.length < n || n === 0) return false;
    const kth = m.scores[ranked[n - 1]];
    if (m.each.length === 1) return m.strict ? kth > m.bound : kth >= m.bound;
    const each = m.each;
    const bounds = each.map((x) => x.bound);
    // The highest score page `d` could have: 0 if a word it lacks has no rest.
    const highest = (d) => {
      let h = 0;
      for (let i = 0; i < each.length; i++) {
        const s = each[i][d];
        if (s > 0) h += Math.max(s, bounds[i]);
        else if (bounds[i] > 0) h += bounds[i];
        else return 0;
      }
      return h;
    };
    const top = new Set(ranked.slice(0, n));
    for (const d of top) if (highest(d) > m.scores[d] * (1 + 1e-6)) return false;
    // A page in no term's best pages.
    if (bounds.every((b) => b > 0) && bounds.reduce((a, b) => a + b, 0) >= kth) return false;
    for (let d = 0; d < this.docCount; d++) {
      if (top.has(d) || !each.some((x) => x[d] > 0)) continue;
      if (highest(d) >= kth) return false;
    }
    return true;
  }

  /** The page numbers that pass the filters, leaving out facet `except`. */
  filterIds(ids, facets, filters, except) {
    const active = facets.filter((f) => f.name !== except && filters[f.name] && filters[f.name].length > 0);
    if (active.length === 0) return ids;
    const wanted = active.map((f) => new Set(filters[f.name].map((v) => f.values.indexOf(v))));
    return ids.filter((d) => active.every((f, i) => f.byDoc[d].some((v) => wanted[i].has(v))));
  }

  /** Counts per facet value for the matches of a query, with the filters of the other facets. */
  async counts(query, filters = {}, typing = false) {
    const [m, facets] = await Promise.all([this.match(query, typing, true), this.loadFacets()]);
    return facets.map((f) => {
      const ids = this.filterIds(m.ids, facets, filters, f.name);
      const counts = new Array(f.values.length).fill(0);
      for (const d of ids) for (const v of f.byDoc[d]) counts[v]++;
      const selected = new Set(filters[f.name] || []);
      return {
        name: f.name,
        values: f.values
          .map((value, i) => ({ value, count: counts[i], selected: selected.has(value) }))
          .filter((v) => v.count > 0 || v.selected),
      };
    });
  }

  /**
   * The query as it would be with each word that found nothing replaced by its nearest word of
   * the vocabulary, and each word taken as its nearest term so: null if no word changed.
   */
  async correctedQuery(query, m) {
    const text = String(query ?? '').normalize('NFC');
    let out = '';
    let at = 0;
    let changed = false;
    for (const w of m.parsed) {
      let word = null;
      if (w.fix) word = w.fix;
      else if (w.missing) word = (await this.nearest(w, 1))[0] ?? null;
      if (!word || fold(word.toLowerCase()) === w.folded) continue;
      out += text.slice(at, w.start) + word;
      at = w.end;
      changed = true;
    }
    return changed ? out + text.slice(at) : null;
  }

  /**
   * Searches: resolves to the results ordered best first, each { url, title, kind, attachment,
   * snippet, parts, date, description, facets, score }; `kind` is `page`, `section`,
   * `attachment` (a file of the page at `url`, found by its text: `attachment` is { name, url })
   * or the taxonomy of a term; `parts` is the snippet as [{ text, mark }] with the matched words
   * marked; `listed` says the snippet is the titles of some of a term's pages (a term without a
   * description), for the page to put in a sentence. The array also has `total`, `approximate`
   * (true when the results were ranked from the terms' best pages alone; `options.exact` ranks
   * from every page), `estimated` (true when `total` is an estimate: several words or a filter
   * ranked from their terms' best pages, without the rest of pages that a count needs),
   * `corrected` (words used instead of ones that found nothing),
   * `correctedQuery` (the whole query so corrected, or null), `partial` (true when no page has
   * every word and the results have some of them), `suggestions` (corrected queries to offer
   * when nothing or only part was found), `status` (see `status`: what the status line says)
   * and, with `options.facets`, `facets` (counts per
   * value). Options: `limit` (10), `offset` (0), `typing` (the last word is still being typed,
   * so it is also a prefix).
   */
  async search(query, filters = {}, options = {}) {
    const limit = options.limit ?? 10;
    const offset = options.offset ?? 0;
    const typing = options.typing ?? false;
    const hasFilters = Object.values(filters || {}).some((v) => v && v.length > 0);
    // A filter's pages come from a small file a value, fetched beside the shards; the facet
    // file with every value (for the counts) only when the counts are asked for.
    const filterPromise = hasFilters ? this.filterSets(filters) : null;
    let m = await this.match(query, typing, false);
    const sets = hasFilters ? await filterPromise : null;
    const rank = (m) => {
      const ids = m.ids.slice().sort((a, b) => m.scores[b] - m.scores[a] || a - b);
      return sets ? ids.filter((d) => sets.every((set) => set.has(d))) : ids;
    };
    let ids = rank(m);
    // From the terms' best pages alone, the results shown are right when no page not yet
    // fetched could score as high as the last of them (`sure`; with one term, one of those that
    // scores the same is an older page, and comes after it); else (or for results past them)
    // every page is fetched.
    // Where that would take more than REST_BUDGET postings of rests, a first screen is ranked
    // from the best pages alone (`approximate`), and a page asked for after it (`exact`) from
    // every page.
    let approximate = false;
    if (options.exact || !this.sure(m, ids, offset + limit)) {
      if (!options.exact && offset === 0 && this.restSize(m) > this.restBudget) {
        m = this.approximate(m, sets, offset + limit);
        approximate = true;
      } else {
        m = await this.match(query, typing, true);
      }
      ids = rank(m);
    }
    // Cut short, the count of several words or of a filter is an estimate (`estimated`).
    let total = hasFilters ? ids.length : Math.max(ids.length, m.total);
    const estimated = m.truncated && (m.each.length > 1 || hasFilters);
    if (m.truncated && hasFilters) {
      let estimate = m.total;
      for (const set of sets) estimate *= set.size / this.docCount;
      total = Math.max(ids.length, Math.round(estimate));
    }
    const scores = m.scores;
    let page = ids.slice(offset, offset + limit);
    let docs = await Promise.all(page.map((d) => this.doc(d)));
    const which = this.matchers(m.words);
    const shown = new Map();
    if (offset === 0 && page.length > 1) {
      // The first results in the order of how closely their titles and words follow the query.
      const key = (lower) => this.termOf(lower) ?? fold(lower);
      const query = m.parsed.map((w) => ({ key: w.term ?? w.folded, stop: w.stop }));
      const whole = this.matchers(m.words, true);
      page.forEach((d, i) => shown.set(d, scores[d] * closeness(docs[i], query, key, whole, m.words.length)));
      const order = page.map((d, i) => i).sort((a, b) => shown.get(page[b]) - shown.get(page[a]) || page[a] - page[b]);
      page = order.map((i) => page[i]);
      docs = order.map((i) => docs[i]);
    }
    const results = docs.map((doc, i) => {
      const parts = snippet(doc, which);
      return {
        id: page[i],
        url: doc.p ?? doc.u,
        title: doc.t,
        kind: doc.k ?? 'page',
        attachment: doc.a ? { name: doc.a, url: doc.u } : null,
        snippet: parts.map((p) => p.text).join(''),
        parts,
        listed: parts.listed ?? false,
        date: doc.d ?? null,
        description: doc.x ?? '',
        facets: doc.f ?? {},
        score: shown.get(page[i]) ?? scores[page[i]],
      };
    });
    results.total = total;
    results.estimated = estimated;
    results.approximate = approximate;
    results.corrected = m.corrected;
    results.partial = m.partial && ids.length > 0;
    results.correctedQuery = m.corrected.length > 0 && !typing ? await this.correctedQuery(query, m) : null;
    results.suggestions = [];
    if (!typing && (ids.length === 0 || results.partial)) {
      const full = await this.correctedQuery(query, m);
      if (full) results.suggestions.push(full);
      // One word: its other near words too.
      const lone = m.parsed.filter((w) => !w.stop);
      if (lone.length === 1 && lone[0].missing) {
        for (const s of await this.nearest(lone[0], 3)) if (!results.suggestions.includes(s)) results.suggestions.push(s);
      }
    }
    // Nothing at all, and a corrected query to offer: its results, with what was corrected.
    if (results.total === 0 && results.suggestions.length > 0 && !options.retried) {
      const again = await this.search(results.suggestions[0], filters, { ...options, retried: true });
      if (again.total > 0 && !again.partial) {
        again.correctedQuery = results.suggestions[0];
        again.corrected = again.corrected.length > 0 ? again.corrected : [results.suggestions[0]];
        again.suggestions = results.suggestions.slice(1);
        again.status = 'corrected';
        return again;
      }
    }
    results.status = status(results);
    if (options.facets) results.facets = await this.counts(query, filters, typing);
    return results;
  }

  /**
   * Which query word a word of a text matches: its number among `pairs`, or -1. The parts of a
   * split compound are words of their own, so each is marked. `wholeOnly`: the word itself or
   * an inflection of it, not a word it begins or a compound it is part of.
   */
  matchers(pairs, wholeOnly = false) {
    const exact = new Map();
    const prefixes = new Map();
    const inner = new Map();
    pairs.forEach(([, cands], n) => {
      for (const c of cands) {
        if (c.prefix) {
          if (!prefixes.has(c.prefix)) prefixes.set(c.prefix, n);
        } else {
          if (!exact.has(c.term.term)) exact.set(c.term.term, n);
          if (c.term.term.length >= 4 && !inner.has(c.term.term)) inner.set(c.term.term, n);
        }
      }
    });
    const which = (lower) => {
      const t = this.termOf(lower);
      const folded = fold(lower);
      const key = t ?? folded;
      if (exact.has(key)) return exact.get(key);
      if (wholeOnly) return exact.has(folded) ? exact.get(folded) : -1;
      for (const [p, n] of prefixes) if (key.startsWith(p) || folded.startsWith(p)) return n;
      // Parts of compounds: brobyggarutbildningen for utbildning.
      if (key.length > 6) for (const [i, n] of inner) if (key.includes(i)) return n;
      return -1;
    };
    // A text says the same words again and again: each is looked at once.
    const seen = new Map();
    return (lower) => {
      let n = seen.get(lower);
      if (n === undefined) {
        n = which(lower);
        seen.set(lower, n);
      }
      return n;
    };
  }
}

/**
 * What a search found, as the one thing the status line says: `found` (pages with every word),
 * `corrected` (no word was found as typed; the results are for `correctedQuery`), `partial`
 * (pages with some of the words, or a part of a compound; `suggestions` may offer a corrected
 * query) or `none`.
 */
function status(results) {
  if (results.total === 0) return 'none';
  if (results.correctedQuery || results.corrected.length > 0) return 'corrected';
  return results.partial ? 'partial' : 'found';
}

/**
 * Opens the index of language `lang`. `load(path)` returns a Promise of the text of a file,
 * given by its path from the site root (`search/sv/manifest.json`).
 */
export async function openIndex(load, lang) {
  const base = `search/${lang}/`;
  const manifest = JSON.parse(await load(`${base}manifest.json`));
  if (manifest.v !== FORMAT) throw new Error(`search index format ${manifest.v}, expected ${FORMAT}`);
  return new Index(load, base, manifest);
}
