// What the engine (engine.js) does with a query word that matches no term as typed: split it
// as a Swedish compound into terms of the site's own vocabulary, or find the nearest words of
// the whole vocabulary (v/<letter>.json, fetched only then) to suggest a corrected query.

/// Parts of a compound are at least this long (head) and this long (tail), in characters.
const MIN_HEAD = 3;
const MIN_TAIL = 4;
/// Parts a compound is split into at most.
const MAX_PARTS = 3;

/** Levenshtein distance. */
export function distance(a, b) {
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

/**
 * The terms a compound's first part may stand for, with Swedish linking letters taken away or
 * put back: a linking s or e (`inkluderings` → inkludering, `modersmåls` → modersmål), a final
 * -a turned -o or -u (`kvinno` → kvinna, `hälso` → hälsa, `gatu` → gata), dropped (`skol` →
 * skola) or an -e dropped (`brobyggar` → brobyggare).
 */
function heads(index, head) {
  const out = [head, index.termOf(head)];
  if ([...head].length > MIN_HEAD) {
    const last = head.slice(-1);
    const bare = head.slice(0, -1);
    if (last === 's' || last === 'e') out.push(bare, index.termOf(bare));
    if (last === 'o' || last === 'u') out.push(index.termOf(`${bare}a`), bare, index.termOf(bare));
  }
  for (const end of ['a', 'e']) out.push(index.termOf(head + end));
  return [...new Set(out.filter((t) => t && [...t].length >= MIN_HEAD))];
}

/** The first term of the index among a head's readings (`heads`), or null. */
async function headTerm(index, head) {
  for (const h of heads(index, head)) {
    const t = await index.exactTerm(h);
    if (t) return t;
  }
  return null;
}

/**
 * A word's term split into terms of the index (`Term`s), longest last part first, or null:
 * `skolbrobygg` → skol + brobygg, `inkluderingsarbet` → inkludering + arbet.
 */
export async function splitCompound(index, term, depth = 0) {
  const chars = [...term];
  if (chars.length < MIN_HEAD + MIN_TAIL || depth >= MAX_PARTS - 1) return null;
  for (let at = MIN_HEAD; at <= chars.length - MIN_TAIL; at++) {
    const head = chars.slice(0, at).join('');
    const tail = chars.slice(at).join('');
    const first = await headTerm(index, head);
    if (!first) continue;
    const last = await tailTerm(index, tail);
    if (last) return [first, last];
    const rest = await splitCompound(index, tail, depth + 1);
    if (rest) return [first, ...rest];
  }
  return null;
}

/** The term of the index a compound's last part is, as written or as its stem, or null. */
async function tailTerm(index, tail) {
  return (await index.exactTerm(tail)) ?? (await index.exactTerm(index.termOf(tail) ?? ''));
}

/// A known part of a compound whose other part the site lacks has at least this many characters.
const MIN_KNOWN = 4;

/**
 * A compound of which only one part is a word of the site (`modersmålslärare` on a site without
 * lärare): the longest part that is, first or last, as a `Term`, or null. The query then
 * finds the pages with that part, as a partial match, instead of nothing.
 */
export async function knownPart(index, term) {
  const chars = [...term];
  if (chars.length < MIN_KNOWN + MIN_HEAD) return null;
  // Longest part first: of two parts that are words, the longer says more.
  for (let len = chars.length - MIN_HEAD; len >= MIN_KNOWN; len--) {
    const head = await headTerm(index, chars.slice(0, len).join(''));
    if (head) return head;
    const tail = await tailTerm(index, chars.slice(chars.length - len).join(''));
    if (tail) return tail;
  }
  return null;
}

/**
 * The nearest words of the vocabulary to a query word, nearest and then most frequent first,
 * as they are most often written; none nearer than a third of the word's letters.
 */
export async function nearestWords(index, word, limit = 3) {
  const targets = [...new Set([word.term, word.folded].filter(Boolean))];
  if (targets.length === 0) return [];
  const vocab = await index.vocabulary([...targets[0]][0]);
  // One letter wrong in a short word, two in a long one.
  const most = (a) => (a.length >= 8 ? 2 : 1);
  const scored = [];
  for (let i = 0; i < vocab.terms.length; i++) {
    const spelling = vocab.spellings[i] || vocab.terms[i];
    const forms = [vocab.terms[i], spelling.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')];
    let d = Infinity;
    for (const x of targets) {
      for (const f of forms) {
        // Few mistype the first letter: a word that starts otherwise is another word.
        if (Math.abs(f.length - x.length) > 2 || f[0] !== x[0]) continue;
        const e = distance(x, f);
        if (e <= most(x) && e < d) d = e;
      }
    }
    if (d < Infinity) scored.push({ d, n: vocab.pages[i], word: spelling });
  }
  scored.sort((a, b) => a.d - b.d || b.n - a.n || (a.word < b.word ? -1 : 1));
  const out = [];
  for (const s of scored) {
    if (!out.includes(s.word)) out.push(s.word);
    if (out.length >= limit) break;
  }
  return out;
}
