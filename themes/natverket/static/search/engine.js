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

const FORMAT = 2;
const LEVELS = 63;
const MIN_KEY = 2;
const MAX_KEY = 8;
/// Weights of the ways a query word can match a term.
const W_EXACT = 1;
const W_INFLECTION = 0.9; // "brobyggarn" (still typing) → brobygg
const W_PREFIX = 0.75; // "brobygg" → brobyggarutbildning
const W_TYPO = 0.6; // one letter wrong
/// A prefix expands to at most this many terms (the most frequent).
const MAX_EXPANSIONS = 60;
const SNIPPET_WORDS = 28;

// ---------------------------------------------------------------------------------------------
// Words

const WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const FOLD = { æ: 'ae', œ: 'oe', ø: 'o', ß: 'ss', þ: 'th', ð: 'd', đ: 'd', ł: 'l', ı: 'i' };

/** Words of `text` with their positions: [{ word, start, end }]. */
function words(text) {
  const out = [];
  for (const m of text.matchAll(WORD)) out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Removes diacritics from a lowercase word: göteborg → goteborg. */
function fold(word) {
  if (ASCII.test(word)) return word;
  const bare = word.normalize('NFD').replace(/\p{M}/gu, '');
  return bare.replace(/[æœøßþðđłı]/g, (c) => FOLD[c]).normalize('NFC');
}

// Swedish Snowball stemmer.
const SV_VOWELS = new Set('aeiouyäåö');
const SV_S_ENDING = new Set('bcdfghjklmnoprtvy');
const SV_SUFFIXES = [
  'heterna', 'hetens', 'anden', 'andes', 'andet', 'arens', 'arnas', 'ernas', 'heten', 'heter',
  'ornas', 'ades', 'ande', 'aren', 'arna', 'arne', 'aste', 'erna', 'erns', 'orna', 'ade', 'are',
  'ast', 'ens', 'ern', 'het', 'ad', 'ar', 'as', 'at', 'en', 'er', 'es', 'or', 'a', 'e', 's',
];
const SV_PAIRS = new Set(['dd', 'gd', 'nn', 'dt', 'gt', 'kt', 'tt']);

function endsWith(w, suffix, from = 0) {
  const n = suffix.length;
  if (w.length - n < from) return false;
  for (let i = 0; i < n; i++) if (w[w.length - n + i] !== suffix[i]) return false;
  return true;
}

function stemSv(word) {
  const w = Array.from(word);
  let p1 = w.length;
  if (w.length >= 3) {
    let i = 0;
    while (i < w.length && !SV_VOWELS.has(w[i])) i++;
    while (i < w.length && SV_VOWELS.has(w[i])) i++;
    if (i < w.length) p1 = Math.max(i + 1, 3);
  }
  for (const s of SV_SUFFIXES) {
    if (!endsWith(w, s, p1)) continue;
    if (s === 's') {
      if (w.length >= 2 && SV_S_ENDING.has(w[w.length - 2])) w.length -= 1;
    } else {
      w.length -= s.length;
    }
    break;
  }
  if (w.length - 2 >= p1 && SV_PAIRS.has(w[w.length - 2] + w[w.length - 1])) w.length -= 1;
  if (endsWith(w, 'fullt', p1)) w.length -= 1;
  else if (endsWith(w, 'löst', p1)) w.length -= 1;
  else if (endsWith(w, 'lig', p1)) w.length -= 3;
  else if (endsWith(w, 'els', p1) || endsWith(w, 'ig', p1)) w.length -= w[w.length - 1] === 's' ? 3 : 2;
  return w.join('');
}

// English Snowball (Porter2) stemmer.
const EN_V = new Set('aeiouy');
const EN_V_WXY = new Set('aeiouywxY');
const EN_LI = new Set('cdeghkmnrt');
const EN_DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const EN_EXCEPTIONS = {
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
  gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky',
  news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
};
const EN_AFTER_1A = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);
const EN_STEP2 = [
  ['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'],
  ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'],
  ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'],
  ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'],
  ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', ''],
];
const EN_STEP3 = [
  ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
  ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', ''],
];
const EN_STEP4 = [
  'ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive',
  'ize', 'ion', 'al', 'er', 'ic',
];

function shortSyllable(w, end) {
  if (end >= 3) {
    return !EN_V_WXY.has(w[end - 1]) && EN_V.has(w[end - 2]) && !EN_V.has(w[end - 3]);
  }
  return end === 2 && !EN_V.has(w[1]) && EN_V.has(w[0]);
}

function hasVowel(w, from, to) {
  for (let i = from; i < to; i++) if (EN_V.has(w[i])) return true;
  return false;
}

function replace(w, n, by) {
  w.length -= n;
  for (const c of by) w.push(c);
}

function stemEn(word) {
  if (Object.hasOwn(EN_EXCEPTIONS, word)) return EN_EXCEPTIONS[word];
  const w = Array.from(word);
  if (w.length < 3) return word;
  if (w[0] === "'") w.shift();
  let yFound = false;
  if (w[0] === 'y') {
    w[0] = 'Y';
    yFound = true;
  }
  for (let i = 1; i < w.length; i++) {
    if (w[i] === 'y' && EN_V.has(w[i - 1])) {
      w[i] = 'Y';
      yFound = true;
    }
  }
  // Regions.
  let p1 = w.length;
  let p2 = w.length;
  const joined = w.join('');
  let i = -1;
  for (const p of ['gener', 'commun', 'arsen']) if (joined.startsWith(p)) i = p.length;
  if (i < 0) {
    i = 0;
    while (i < w.length && !EN_V.has(w[i])) i++;
    while (i < w.length && EN_V.has(w[i])) i++;
    i = i < w.length ? i + 1 : -1;
  }
  if (i >= 0) {
    p1 = i;
    let j = i;
    while (j < w.length && !EN_V.has(w[j])) j++;
    while (j < w.length && EN_V.has(w[j])) j++;
    if (j < w.length) p2 = j + 1;
  }
  // Step 1a.
  if (endsWith(w, "'s'")) w.length -= 3;
  else if (endsWith(w, "'s")) w.length -= 2;
  else if (endsWith(w, "'")) w.length -= 1;
  if (endsWith(w, 'sses')) w.length -= 2;
  else if (endsWith(w, 'ied') || endsWith(w, 'ies')) replace(w, 3, w.length - 3 >= 2 ? 'i' : 'ie');
  else if (endsWith(w, 'ss') || endsWith(w, 'us')) {
    // kept
  } else if (endsWith(w, 's') && w.length >= 2 && hasVowel(w, 0, w.length - 2)) w.length -= 1;

  if (!EN_AFTER_1A.has(w.join(''))) {
    // Step 1b.
    const b = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find((s) => endsWith(w, s));
    if (b === 'eed' || b === 'eedly') {
      if (w.length - b.length >= p1) replace(w, b.length, 'ee');
    } else if (b && hasVowel(w, 0, w.length - b.length)) {
      w.length -= b.length;
      if (endsWith(w, 'at') || endsWith(w, 'bl') || endsWith(w, 'iz')) w.push('e');
      else if (w.length >= 2 && EN_DOUBLES.has(w[w.length - 2] + w[w.length - 1])) w.length -= 1;
      else if (w.length === p1 && shortSyllable(w, w.length)) w.push('e');
    }
    // Step 1c.
    const last = w[w.length - 1];
    if ((last === 'y' || last === 'Y') && w.length > 2 && !EN_V.has(w[w.length - 2])) w[w.length - 1] = 'i';
    // Step 2.
    const s2 = EN_STEP2.find(([s]) => endsWith(w, s));
    if (s2 && w.length - s2[0].length >= p1) {
      const before = w[w.length - s2[0].length - 1];
      if (s2[0] === 'ogi') {
        if (before === 'l') replace(w, 3, 'og');
      } else if (s2[0] === 'li') {
        if (EN_LI.has(before)) w.length -= 2;
      } else {
        replace(w, s2[0].length, s2[1]);
      }
    }
    // Step 3.
    const s3 = EN_STEP3.find(([s]) => endsWith(w, s));
    if (s3 && w.length - s3[0].length >= p1) {
      if (s3[0] !== 'ative' || w.length - 5 >= p2) replace(w, s3[0].length, s3[1]);
    }
    // Step 4.
    const s4 = EN_STEP4.find((s) => endsWith(w, s));
    if (s4 && w.length - s4.length >= p2) {
      if (s4 !== 'ion') w.length -= s4.length;
      else if (w[w.length - 4] === 's' || w[w.length - 4] === 't') w.length -= 3;
    }
    // Step 5.
    const end = w[w.length - 1];
    const at = w.length - 1;
    if (end === 'e') {
      if (at >= p2 || (at >= p1 && !shortSyllable(w, at))) w.length -= 1;
    } else if (end === 'l') {
      if (at >= p2 && w[at - 1] === 'l') w.length -= 1;
    }
  }
  if (yFound) for (let k = 0; k < w.length; k++) if (w[k] === 'Y') w[k] = 'y';
  return w.join('');
}

const STEMMERS = { sv: stemSv, en: stemEn };

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

/** A term of a shard; its postings are decoded on first use. */
class Term {
  constructor(term, display, max, encoded) {
    this.term = term;
    this.display = display || term;
    this.max = max / 1000;
    this.encoded = encoded;
    this.decoded = null;
    this.merged = false;
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

/** Levenshtein distance, for suggestions. */
function distance(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
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
    this.facetNames = manifest.facets || [];
    this.keys = new Map();
    for (const k of manifest.keys ? manifest.keys.split(' ') : []) {
      if (k.endsWith('*')) this.keys.set(k.slice(0, -1), true);
      else this.keys.set(k, false);
    }
    this.shards = new Map();
    this.docs = new Map();
    this.facets = null;
    this.termCache = new Map();
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
        for (const [term, display, max, encoded] of data.t) terms.set(term, new Term(term, display, max, encoded));
        const union = data.u ? new Term(key, '', data.u[0], data.u[1]) : null;
        if (union) union.merged = true;
        return { key, split: this.keys.get(key), terms, union };
      });
      p.catch(() => this.shards.delete(key));
      this.shards.set(key, p);
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

  /** The words of a query: [{ lower, term, folded, prefix, stop }]. */
  parse(query) {
    const text = String(query ?? '').normalize('NFC');
    const found = words(text);
    const open = found.length > 0 && found[found.length - 1].end === text.length;
    return found.map((w, i) => {
      const lower = w.word.toLowerCase();
      return {
        lower,
        term: this.termOf(lower),
        folded: fold(lower),
        prefix: open && i === found.length - 1,
        stop: this.stop.has(lower),
      };
    });
  }

  /** Ways a query word matches terms of its shard: [{ term, weight, prefix? }]. */
  async candidates(word) {
    const term = word.term ?? (word.prefix ? word.folded : null);
    if (!term || [...term].length < MIN_KEY) return [];
    const key = this.keyFor(term);
    if (!key) return [];
    const shard = await this.shard(key);
    const out = [];
    const exact = shard.terms.get(term);
    if (exact) out.push({ term: exact, weight: W_EXACT });
    if (!word.prefix) return out;
    if (shard.split) {
      if (term === key && shard.union) out.push({ term: shard.union, weight: W_PREFIX, prefix: key });
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
        if (oneEdit(term, t.term) || (word.term && oneEdit(word.folded, t.term))) {
          out.push({ term: t, weight: W_TYPO, typo: true });
        } else if (word.prefix && t.term.length > term.length && oneEdit(term, t.term.slice(0, term.length))) {
          out.push({ term: t, weight: W_TYPO * W_PREFIX, typo: true });
        }
      }
    }
    out.sort((a, b) => b.term.df - a.term.df);
    return out.slice(0, MAX_EXPANSIONS);
  }

  /** The nearest indexed words to a word that found nothing, most frequent first. */
  async nearest(word, limit = 3) {
    const term = word.term ?? word.folded;
    const key = this.keyFor(term) ?? this.keyFor(word.folded);
    const keys = new Set(key ? [key] : []);
    // Also the shards that start like the word, when its own key is missing.
    if (!key) {
      const two = [...term].slice(0, MIN_KEY).join('');
      for (const k of this.keys.keys()) if (k.length === MIN_KEY && k[0] === two[0]) keys.add(k);
    }
    const scored = [];
    for (const k of [...keys].slice(0, 4)) {
      const shard = await this.shard(k);
      for (const t of shard.terms.values()) {
        const d = distance(term, t.term.slice(0, term.length + 2));
        if (d <= Math.max(2, Math.floor(term.length / 3))) scored.push({ t, d });
      }
    }
    scored.sort((a, b) => a.d - b.d || b.t.df - a.t.df || (a.t.term < b.t.term ? -1 : 1));
    const out = [];
    for (const { t } of scored) {
      if (!out.includes(t.display)) out.push(t.display);
      if (out.length >= limit) break;
    }
    return out;
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
    for (const { term, weight } of cands) {
      const { docs, q } = term.postings;
      // A merged prefix list is stored without idf already.
      const f = term.merged ? weight : weight / this.idf(docs.length);
      for (let i = 0; i < docs.length; i++) {
        const s = f * term.score(q[i]);
        if (s > scores[docs[i]]) scores[docs[i]] = s;
      }
    }
    let matched = 0;
    for (let d = 0; d < scores.length; d++) if (scores[d] > 0) matched++;
    const idf = this.idf(matched);
    for (let d = 0; d < scores.length; d++) scores[d] *= idf;
    return scores;
  }

  /** Pages matching every word, with their summed scores. */
  async match(query) {
    const parsed = this.parse(query);
    const active = parsed.filter((w) => !(w.stop && !w.prefix) && (w.term || w.prefix));
    const cands = await Promise.all(active.map((w) => this.candidates(w)));
    // A stop word still being typed that matches nothing is left out.
    const kept = [];
    active.forEach((w, i) => {
      if (cands[i].length > 0 || !(w.stop || [...(w.term ?? w.folded)].length < MIN_KEY)) kept.push([w, cands[i]]);
    });
    const corrected = [];
    const missing = [];
    for (const pair of kept) {
      if (pair[1].length > 0) continue;
      const typos = await this.typoCandidates(pair[0]);
      if (typos.length > 0) {
        pair[1] = typos;
        corrected.push(typos[0].term.display);
      } else {
        missing.push(pair[0]);
      }
    }
    const result = { words: kept, corrected, missing, scores: null, ids: [] };
    if (kept.length === 0 || missing.length > 0) return result;
    let total = null;
    for (const [, c] of kept) {
      const s = this.scoreWord(c);
      if (!total) total = s;
      else for (let d = 0; d < total.length; d++) total[d] = total[d] > 0 && s[d] > 0 ? total[d] + s[d] : 0;
    }
    const ids = [];
    for (let d = 0; d < total.length; d++) if (total[d] > 0) ids.push(d);
    result.scores = total;
    result.ids = ids;
    return result;
  }

  /** The page numbers that pass the filters, leaving out facet `except`. */
  filterIds(ids, facets, filters, except) {
    const active = facets.filter((f) => f.name !== except && filters[f.name] && filters[f.name].length > 0);
    if (active.length === 0) return ids;
    const wanted = active.map((f) => new Set(filters[f.name].map((v) => f.values.indexOf(v))));
    return ids.filter((d) => active.every((f, i) => f.byDoc[d].some((v) => wanted[i].has(v))));
  }

  /** Counts per facet value for the matches of a query, with the filters of the other facets. */
  async counts(query, filters = {}) {
    const [m, facets] = await Promise.all([this.match(query), this.loadFacets()]);
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
   * Searches: resolves to the results ordered best first, each { url, title, snippet, parts,
   * date, description, facets, score }; `parts` is the snippet as [{ text, mark }] with the
   * matched words marked. The array also has `total`, `corrected` (words used instead of ones
   * that found nothing), `suggestions` (nearest indexed words when nothing is found) and, with
   * `options.facets`, `facets` (counts per value). Options: `limit` (10), `offset` (0).
   */
  async search(query, filters = {}, options = {}) {
    const limit = options.limit ?? 10;
    const offset = options.offset ?? 0;
    const hasFilters = Object.values(filters || {}).some((v) => v && v.length > 0);
    const wantFacets = hasFilters || options.facets;
    const facetsPromise = wantFacets ? this.loadFacets() : null;
    const m = await this.match(query);
    let ids = m.ids;
    if (hasFilters) ids = this.filterIds(ids, await facetsPromise, filters, null);
    const scores = m.scores;
    ids = ids.slice().sort((a, b) => scores[b] - scores[a] || a - b);
    const page = ids.slice(offset, offset + limit);
    const docs = await Promise.all(page.map((d) => this.doc(d)));
    const matchers = this.matchers(m.words);
    const results = docs.map((doc, i) => {
      const parts = this.snippet(doc, matchers);
      return {
        id: page[i],
        url: doc.u,
        title: doc.t,
        snippet: parts.map((p) => p.text).join(''),
        parts,
        date: doc.d ?? null,
        description: doc.x ?? '',
        facets: doc.f ?? {},
        score: scores[page[i]],
      };
    });
    results.total = ids.length;
    results.corrected = m.corrected;
    results.suggestions = [];
    if (ids.length === 0) {
      const pending = m.missing.length > 0 ? m.missing : m.words.map(([w]) => w);
      for (const w of pending) for (const s of await this.nearest(w)) if (!results.suggestions.includes(s)) results.suggestions.push(s);
    }
    if (options.facets) results.facets = await this.counts(query, filters);
    return results;
  }

  /** Tests for the words of a text that a query matched. */
  matchers(pairs) {
    const exact = new Set();
    const prefixes = new Set();
    const inner = new Set();
    for (const [, cands] of pairs) {
      for (const c of cands) {
        if (c.prefix) prefixes.add(c.prefix);
        else {
          exact.add(c.term.term);
          if (c.term.term.length >= 4) inner.add(c.term.term);
        }
      }
    }
    return (lower) => {
      const t = this.termOf(lower);
      const key = t ?? fold(lower);
      if (exact.has(key)) return true;
      for (const p of prefixes) if (key.startsWith(p) || fold(lower).startsWith(p)) return true;
      // Parts of compounds: brobyggarutbildningen for utbildning.
      if (key.length > 6) for (const i of inner) if (key.includes(i)) return true;
      return false;
    };
  }

  /** The part of a page's text around the best cluster of matched words, as [{ text, mark }]. */
  snippet(doc, isMatch) {
    const text = doc.b || doc.x || '';
    const found = words(text);
    const hits = found.map((w) => isMatch(w.word.toLowerCase()));
    let best = -1;
    let bestCount = 0;
    let count = 0;
    for (let i = 0; i < found.length; i++) {
      if (hits[i]) count++;
      if (i >= SNIPPET_WORDS && hits[i - SNIPPET_WORDS]) count--;
      if (count > bestCount) {
        bestCount = count;
        best = i;
      }
    }
    let from = 0;
    let to = Math.min(found.length, SNIPPET_WORDS);
    if (best >= 0) {
      // Start a few words before the first hit of the best window.
      let first = Math.max(0, best - SNIPPET_WORDS + 1);
      while (first < best && !hits[first]) first++;
      from = Math.max(0, first - 4);
      to = Math.min(found.length, from + SNIPPET_WORDS);
    }
    if (found.length === 0) return text ? [{ text: text.slice(0, 200), mark: false }] : [];
    const start = from === 0 ? 0 : found[from].start;
    const end = to >= found.length ? text.length : found[to - 1].end;
    const parts = [];
    let at = start;
    if (start > 0) parts.push({ text: '… ', mark: false });
    for (let i = from; i < to; i++) {
      if (!hits[i]) continue;
      if (found[i].start > at) parts.push({ text: text.slice(at, found[i].start), mark: false });
      parts.push({ text: text.slice(found[i].start, found[i].end), mark: true });
      at = found[i].end;
    }
    if (end > at) parts.push({ text: text.slice(at, end), mark: false });
    if (end < text.length) parts.push({ text: ' …', mark: false });
    return parts;
  }
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
