// The Snowball stemmers the index uses (rust-stemmers), Swedish and English, as the engine
// (engine.js) runs them on the words of a query: the same word must give the same term here
// and in src/search/analyze.rs (tests/search/stems.test.mjs checks every word of the site).

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


export const STEMMERS = { sv: stemSv, en: stemEn };
