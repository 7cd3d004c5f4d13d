// Snippets: the sentence or two of a result's text that best show why it was found. The index
// keeps a page's text a block a line (src/search/snippet.rs), each line led by the mark of its
// kind: `.` paragraph, `#` heading, `-` list item, `|` table row (its cells apart, ` · `).
// Navigation and code are already left out there.

const WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
/// A sentence ends at . ! ? or … (and a closing quote or bracket) before the next one's capital.
const SENTENCE_END = /(?<=[.!?…]["”’)]?)\s+(?=[\p{Lu}\p{N}"”„])/u;
/// A snippet is cut to about this many characters around its first match.
const MAX_CHARS = 230;
/// A sentence shorter than this gets the next one of its block too.
const SHORT = 120;
/// How a kind of block is preferred when two sentences match alike: paragraphs over list
/// items, headings and table rows.
const KIND_BONUS = { '.': 3, '-': 2, '#': 1, '|': 0 };
/// A snippet shorter than this (a list item of one word, a heading) takes the list items
/// beside it, or the text under its heading, too.
const MIN_CHARS = 40;
/// Pages a term without a description names in its snippet.
const LISTED = 3;

/** Words of `text` with their places: [{ word, start, end }]. */
export function words(text) {
  const out = [];
  for (const m of text.matchAll(WORD)) out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The lines of a page's text: [{ kind, text }]. */
function lines(b) {
  return (b || '')
    .split('\n')
    .filter((l) => l.length > 1)
    .map((l) => ({ kind: l[0], text: l.slice(1) }));
}

/**
 * `text` as parts [{ text, mark }] with the words `which` matches marked. `which(lower)` is the
 * number of the query word a word matches, or -1.
 */
function marked(text, which, prefix = '', suffix = '') {
  const parts = [];
  if (prefix) parts.push({ text: prefix, mark: false });
  let at = 0;
  for (const w of words(text)) {
    if (which(w.word.toLowerCase()) < 0) continue;
    if (w.start > at) parts.push({ text: text.slice(at, w.start), mark: false });
    parts.push({ text: text.slice(w.start, w.end), mark: true });
    at = w.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  if (suffix) parts.push({ text: suffix, mark: false });
  return parts;
}

/** What a sentence is worth: how many query words it has, then how many matches. */
function worth(text, which) {
  const seen = new Set();
  let hits = 0;
  for (const w of words(text)) {
    const i = which(w.word.toLowerCase());
    if (i >= 0) {
      seen.add(i);
      hits++;
    }
  }
  return { distinct: seen.size, hits };
}

/** `text` cut to about `MAX_CHARS` around its first match, at word boundaries. */
function cut(text, which) {
  if (text.length <= MAX_CHARS) return { text, before: false, after: false };
  const found = words(text);
  const first = found.find((w) => which(w.word.toLowerCase()) >= 0);
  let start = 0;
  if (first && first.end > MAX_CHARS - 40) {
    // A few words before the first match.
    const i = found.indexOf(first);
    start = found[Math.max(0, i - 5)].start;
  }
  let end = Math.min(text.length, start + MAX_CHARS);
  const last = found.filter((w) => w.end <= end).pop();
  if (last && end < text.length) end = last.end;
  return { text: text.slice(start, end), before: start > 0, after: end < text.length };
}

/**
 * The snippet of a result as parts [{ text, mark }]. Sections and terms (`doc.k`) show their
 * description, or the titles of their pages; pages the best sentence of their text, and their
 * description when no sentence has a query word.
 */
export function snippet(doc, which) {
  const all = lines(doc.b);
  if (doc.k) {
    if (doc.x) return marked(doc.x, which);
    // A term without a description of its own: the titles of some of its pages, which the
    // page puts in a sentence (`listed`), never shown as a list of links.
    const titles = all.filter((l) => l.kind === '-').map((l) => l.text);
    if (titles.length) {
      const parts = marked(titles.slice(0, LISTED).join(', '), which);
      parts.listed = true;
      return parts;
    }
  }
  let best = null;
  all.forEach((line, li) => {
    line.text.split(SENTENCE_END).forEach((s, si) => {
      const { distinct, hits } = worth(s, which);
      if (distinct === 0) return;
      const value = distinct * 100 + Math.min(hits, 5) * 10 + (KIND_BONUS[line.kind] ?? 0);
      if (!best || value > best.value) best = { value, li, si };
    });
  });
  if (!best) {
    if (doc.x) return marked(doc.x, which);
    const first = all.find((l) => l.kind === '.' || l.kind === '-');
    if (!first) return [];
    const c = cut(first.text, which);
    return marked(c.text, which, '', c.after ? ' …' : '');
  }
  const line = all[best.li];
  let text;
  let before = false;
  let after = false;
  if (line.kind === '|') {
    // A table row, whole: never cells of two rows.
    text = line.text;
  } else {
    const sentences = line.text.split(SENTENCE_END);
    text = sentences[best.si];
    if (text.length < SHORT && best.si + 1 < sentences.length) text += ` ${sentences[best.si + 1]}`;
    before = best.si > 0;
    after = best.si + (text === sentences[best.si] ? 1 : 2) < sentences.length;
  }
  if (text.length < MIN_CHARS && !after) {
    const more = widen(all, best.li, text);
    text = more.text;
    before ||= more.before;
    after = more.after;
  }
  const c = cut(text, which);
  return marked(c.text, which, before || c.before ? '… ' : '', after || c.after ? ' …' : '');
}

/**
 * A short line (`text`, of line `li`) with what belongs to it: a list item with the items
 * beside it in its list, a heading with the text under it, until the snippet is long enough.
 */
function widen(all, li, text) {
  const line = all[li];
  let before = false;
  let after = false;
  if (line.kind === '-') {
    // Short items read as a list: "utbildning, arbete, hälsa".
    const join = (a, b) => (/[.!?…:;]$/.test(a) ? `${a} ${b}` : `${a}, ${b}`);
    let first = li;
    let last = li;
    while (text.length < SHORT) {
      if (last + 1 < all.length && all[last + 1].kind === '-') text = join(text, all[++last].text);
      else if (first > 0 && all[first - 1].kind === '-') text = join(all[--first].text, text);
      else break;
    }
    before = first > 0 && all[first - 1].kind === '-';
    after = last + 1 < all.length && all[last + 1].kind === '-';
  } else if (line.kind === '#' && li + 1 < all.length && all[li + 1].kind !== '#') {
    // A heading and the start of what it heads, apart: "Resultat: 160 hälsoinspiratörer …".
    const next = all[li + 1].text;
    const sep = /[.!?…:]$/.test(text) ? ' ' : ': ';
    text = `${text}${sep}${next}`;
    after = false;
  }
  return { text, before, after };
}

/** The longest run of the words `q` (keys) found in a row in `t`, with a word not in `stop`. */
function longestRun(q, stop, t) {
  let best = 0;
  let prev = new Uint16Array(q.length + 1);
  let prevContent = new Uint8Array(q.length + 1);
  for (const word of t) {
    const cur = new Uint16Array(q.length + 1);
    const content = new Uint8Array(q.length + 1);
    for (let i = 1; i <= q.length; i++) {
      if (q[i - 1] !== word) continue;
      cur[i] = prev[i - 1] + 1;
      content[i] = prevContent[i - 1] || !stop[i - 1] ? 1 : 0;
      if (content[i] && cur[i] > best) best = cur[i];
    }
    prev = cur;
    prevContent = content;
  }
  return best;
}

/**
 * How closely a result follows the query, as a factor of its score: doubled when its title or
 * its description has every word of the query whole (and by the share of them it has), and a quarter more for each
 * word past the first of the longest run of the query's words (stop words too) that its title,
 * description or text has in a row. `query` is [{ key, stop }] of the query's words, `key(lower)`
 * a word's key, `whole(lower)` the number of the query word it is, whole, or -1; `wanted` how
 * many there are.
 */
export function closeness(doc, query, key, whole, wanted) {
  // The share of the query's words its title has, or its description (its summary).
  let coverage = 0;
  for (const text of [doc.t, doc.x]) {
    const seen = new Set();
    for (const w of words(text || '')) {
      const n = whole(w.word.toLowerCase());
      if (n >= 0) seen.add(n);
    }
    if (wanted > 0) coverage = Math.max(coverage, seen.size / wanted);
  }
  let run = 0;
  if (query.length > 1) {
    const q = query.map((w) => w.key);
    const stop = query.map((w) => w.stop);
    for (const text of [doc.t, doc.x, doc.b]) {
      if (text) run = Math.max(run, longestRun(q, stop, words(text).map((w) => key(w.word.toLowerCase()))));
    }
  }
  return (1 + coverage * coverage) * (1 + 0.25 * Math.max(0, run - 1));
}
