//! The search index, built with the site and published as static JSON: one index per language
//! under `/search/<lang>/`, read by the client in `themes/natverket/static/search/engine.js`.
//!
//! Words are normalised the same way here and in the client: Unicode NFC, lowercase, Snowball
//! stemming (Swedish or English, by the page's language), then diacritics folded (`göteborg` →
//! `goteborg`; the stemmer runs first because it needs å, ä and ö). Swedish compounds are split
//! against the site's own vocabulary, so `brobyggarutbildningen` is also found, at lower weight,
//! by `utbildning` and `brobyggare`.
//!
//! Every (term, page) pair gets a BM25 score at build time, summed over the fields title,
//! headings, description and body with their weights, and quantised to 1..=63 of the term's
//! highest score. The client adds the scores of the query's words; ties go to the newer page,
//! because pages are numbered newest first.
//!
//! Files of an index (format 2; all JSON):
//! - `manifest.json`: the page count, the shard keys, the stop words and the facets. Small: it
//!   grows with the number of shards, not of pages.
//! - `t/<key>.json`: a term shard. A term lives in the shard with the longest key that is a
//!   prefix of it. Keys start with two characters and get one more where a shard would hold too
//!   many postings; such a split key (`*` in the manifest) keeps the terms exactly as long as the
//!   key and one merged posting list for "any term starting with the key", so that typing one more
//!   letter fetches at most one new shard.
//! - `facets.json`: for each facet (taxonomies and the year) its values and their pages.
//! - `d/<n>.json`: pages `2n` and `2n + 1` (`PAGES_PER_FILE`, `per_file` in the manifest), an
//!   array of one object each: address, title, date, description, facet values and plain text
//!   (for snippets), fetched only for the results shown.
//!
//! Postings are strings over the URL-safe base64 alphabet: per page the gap to the previous page
//! number minus one as a varint (5 bits a character, 32 = more follows), then the score as one
//! character (score - 1). Page lists of facets are the gaps alone.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::content::model::Site;
use crate::diag::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::text::swar;

/// The folder of the site's output that holds the indexes (and, from the theme, the client).
pub const DIR: &str = "search";
/// Bumped when the files change shape, so a cached client can tell.
pub const FORMAT: u32 = 2;
/// Pages in one page file (`d/<n>.json`): a first query fetches the files of its five
/// results, so a few more bytes; and a build writes (and the next one removes) half as many
/// files, which on a slow file system cost more than the rest of the page files.
pub const PAGES_PER_FILE: usize = 2;

/// Fields of a page, in this order everywhere.
const FIELDS: usize = 4;
/// Title > headings > description > body.
const WEIGHTS: [f64; FIELDS] = [3.0, 2.0, 1.5, 1.0];
/// BM25 length normalisation per field.
const B: [f64; FIELDS] = [0.5, 0.5, 0.5, 0.75];
const K1: f64 = 1.2;
/// A part of a compound counts this much of the compound's frequency.
const COMPOUND_WEIGHT: f32 = 0.5;
/// Quantised scores run from 1 to this.
const LEVELS: f64 = 63.0;
/// Characters of plain text kept per page for snippets.
const MAX_TEXT: usize = 20_000;
/// A shard with more postings than this is split by one more character of its key.
const SHARD_POSTINGS: usize = 12_000;
/// Shard keys are at least this many characters long, and at most `MAX_KEY`.
const MIN_KEY: usize = 2;
const MAX_KEY: usize = 8;
/// Words shorter than this are not indexed.
const MIN_WORD: usize = 2;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Swedish words too common to search for (matched on the lowercase word, before stemming).
const STOP_SV: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "blivit", "de", "dem", "den", "denna",
    "deras", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "då",
    "efter", "ej", "eller", "en", "er", "era", "ert", "ett", "från", "för", "ha", "hade", "han",
    "hans", "har", "henne", "hennes", "hon", "honom", "hur", "här", "i", "icke", "ingen", "inom",
    "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig", "min", "mina",
    "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och", "om", "oss",
    "på", "samma", "sedan", "sig", "sin", "sina", "sitta", "själv", "skulle", "som", "så", "sådan",
    "sådana", "sådant", "till", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför",
    "varit", "varje", "vars", "vart", "vem", "vi", "vid", "vilka", "vilkas", "vilken", "vilket",
    "vår", "våra", "vårt", "än", "är", "åt", "över",
];
/// English words too common to search for.
const STOP_EN: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or",
    "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "to", "was", "we", "were", "what", "when", "which", "who", "will", "with", "you",
    "your",
];

// ---------------------------------------------------------------------------------------------
// Words

/// A fast hash for the short strings counted here (the default hasher is built against
/// adversaries, which the site's own words are not).
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut v = [0u8; 8];
            v[..rest.len()].copy_from_slice(rest);
            let v = u64::from_le_bytes(v) ^ ((rest.len() as u64) << 59);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        self.0 = h;
    }

    /// A word packed into a number (see `pack`): two multiplications instead of the byte loop.
    fn write_u128(&mut self, v: u128) {
        let (lo, hi) = (v as u64, (v >> 64) as u64);
        self.0 = (self.0.rotate_left(5) ^ lo.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ hi)
            .wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        // Mix the high bits down: the table picks buckets by the low bits.
        let h = self.0;
        (h ^ (h >> 32)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 29)
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Whether `c` belongs to a word: letters, digits and combining marks. (Latin-1 letters never
/// get here: `word_char_at` knows them from their first byte.)
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether the character that starts at byte `i` of `text` belongs to a word, and its length
/// in bytes. Called at the lead bytes of characters beyond ASCII (ASCII is told by
/// `swar::word_masks`): Latin-1 letters (å, ä, ö, é: all of U+00C0–U+00FF but × and ÷) are
/// known from their two bytes, the rest decoded.
#[inline(always)]
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    debug_assert!(
        bytes[i] >= 0xC0,
        "not the lead byte of a character beyond ASCII"
    );
    if bytes[i] == 0xC3 {
        let n = bytes[i + 1];
        return (n != 0x97 && n != 0xB7, 2);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (is_word_char(c), c.len_utf8())
}

/// Calls `f(start, end)` with the byte range of every word of `text` (runs of letters, digits
/// and marks), in order.
///
/// 64 bytes at a time: their letters, digits and lead bytes as bit masks (`swar::word_masks`),
/// the characters beyond ASCII looked at one by one, and the words found as the places where
/// the mask turns on and off. A loop per byte or per word mispredicts a branch at nearly
/// every word, as words are of every length; this one about once per block.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Whether the byte before the block is in a word, and where that word began.
    let mut in_word = false;
    let mut open = 0;
    // Bytes of the next block that belong to a character found in a word in this one.
    let mut spill = 0u64;
    let mut tail = [0u8; 64];
    let mut base = 0;
    while base < n {
        let block: &[u8; 64] = match bytes[base..].first_chunk::<64>() {
            Some(b) => b,
            None => {
                // The last block, padded with NUL bytes (never in a word).
                tail[..n - base].copy_from_slice(&bytes[base..]);
                &tail
            }
        };
        let masks = swar::word_masks(block);
        let mut word = masks.alnum | spill;
        spill = 0;
        let mut leads = masks.leads;
        while leads != 0 {
            let i = leads.trailing_zeros() as usize;
            leads &= leads - 1;
            let (is_word, len) = word_char_at(text, base + i);
            if is_word {
                // The character's bytes, those past the block's end in the next one.
                let bits = (1u64 << len) - 1;
                word |= bits << i;
                spill |= bits.checked_shr(64 - i as u32).unwrap_or(0);
            }
        }
        let before = (word << 1) | u64::from(in_word);
        let mut starts = word & !before;
        let mut ends = !word & before;
        // Starts and ends alternate: the first end closes a word begun in an earlier block.
        if in_word && ends != 0 {
            f(open, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
        }
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = start;
            } else {
                f(start, base + ends.trailing_zeros() as usize);
                ends &= ends - 1;
            }
        }
        in_word = word >> 63 != 0;
        base += 64;
    }
    if in_word {
        f(open, n);
    }
}

/// `text` in Unicode NFC, borrowed when it already is (nearly always). Text below U+0300 (no
/// byte from 0xCC up) is NFC whatever it holds: nothing there composes or decomposes.
fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    // Text below U+0300, and characters above it that are NFC on their own and combine with
    // nothing (dashes, quotation marks), need no closer look.
    let plain = |c: char| {
        c < '\u{300}'
            // Dashes, quotation marks and the ellipsis of Swedish text, without a table lookup.
            || matches!(c, '\u{2010}'..='\u{2027}')
            || (canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
    };
    // Every character from U+0300 up starts with a byte from 0xCC up; most stretches of text
    // have none, which a block's largest byte tells without a look at each character.
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    // The whole text at once first, without stopping early: a loop the compiler makes sixteen
    // bytes a step. Text with a dash or a quotation mark fails it and is looked at again block
    // by block below (cheap next to counting its words).
    if bytes.iter().fold(0u8, |m, &b| m.max(b)) < 0xCC {
        return std::borrow::Cow::Borrowed(text);
    }
    let all_plain = bytes.chunks(BLOCK).enumerate().all(|(k, block)| {
        block.iter().fold(0u8, |m, &b| m.max(b)) < 0xCC
            || block
                .iter()
                .enumerate()
                .filter(|(_, b)| **b >= 0xCC)
                .all(|(j, _)| text[k * BLOCK + j..].chars().next().is_some_and(plain))
    });
    if all_plain {
        return std::borrow::Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// Lowercases `word` into `buf`, as `str::to_lowercase` does.
fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else if word.contains('Σ') {
        // Only the final sigma depends on its neighbours.
        buf.push_str(&word.to_lowercase());
    } else {
        for c in word.chars() {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

/// Removes diacritics from a lowercase word: `göteborg` → `goteborg`, `čhavo` → `chavo`.
/// Letters without a decomposition get their usual spelling (`æ` → `ae`, `ø` → `o`).
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    // Swedish and most western words: ASCII and lowercase Latin-1 letters, folded by a table
    // (decomposing and composing again cost more than the rest of the analysis).
    let mut quick = String::with_capacity(word.len());
    if word.chars().all(|c| match c {
        c if c.is_ascii() => {
            quick.push(c);
            true
        }
        '\u{df}'..='\u{ff}' if c != '÷' => {
            quick.push_str(latin1_fold(c));
            true
        }
        _ => false,
    }) {
        return quick;
    }
    fold_slowly(word)
}

/// The folded spelling of a lowercase Latin-1 letter (U+00DF–U+00FF).
fn latin1_fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ð' => "d",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'þ' => "th",
        _ => "ss",
    }
}

fn fold_slowly(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        match c {
            c if is_combining_mark(c) => {}
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ß' => out.push_str("ss"),
            'þ' => out.push_str("th"),
            'ð' | 'đ' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    match is_nfc_quick(out.chars()) {
        IsNormalized::Yes => out,
        _ => out.nfc().collect(),
    }
}

/// Turns words into index terms for one language.
pub struct Analyzer {
    stemmer: Option<rust_stemmers::Stemmer>,
    stop: HashSet<&'static str>,
    /// The stemmer's name in the manifest: `sv`, `en`, or empty for none.
    stem_name: &'static str,
}

impl Analyzer {
    /// Swedish and English (and their regional variants) are stemmed; other languages are only
    /// lowercased and folded.
    pub fn new(lang: &str) -> Analyzer {
        let base = lang.split('-').next().unwrap_or(lang);
        let (stemmer, stop, stem_name) = match base {
            "sv" => (Some(rust_stemmers::Algorithm::Swedish), STOP_SV, "sv"),
            "en" => (Some(rust_stemmers::Algorithm::English), STOP_EN, "en"),
            _ => (None, &[][..], ""),
        };
        Analyzer {
            stemmer: stemmer.map(rust_stemmers::Stemmer::create),
            stop: stop.iter().copied().collect(),
            stem_name,
        }
    }

    pub fn is_stop(&self, lower: &str) -> bool {
        self.stop.contains(lower)
    }

    /// The index term for a lowercase NFC word, `None` for a stop word or a word too short.
    pub fn term(&self, lower: &str) -> Option<String> {
        if lower.chars().count() < MIN_WORD || self.is_stop(lower) {
            return None;
        }
        let stemmed = match &self.stemmer {
            Some(s) => s.stem(lower),
            None => std::borrow::Cow::Borrowed(lower),
        };
        let term = fold(&stemmed);
        (term.chars().count() >= MIN_WORD).then_some(term)
    }

    /// The term for any word as written: NFC, lowercase, stem, fold.
    pub fn normalize(&self, word: &str) -> Option<String> {
        let mut buf = String::new();
        lower_into(&nfc(word), &mut buf);
        self.term(&buf)
    }

    fn stop_words(&self) -> Vec<&'static str> {
        let mut v: Vec<&str> = self.stop.iter().copied().collect();
        v.sort_unstable();
        v
    }
}

// ---------------------------------------------------------------------------------------------
// Text of a page

/// Plain text of rendered HTML: tags removed (the content of `script`, `style` and elements
/// hidden with `aria-hidden="true"` too), entities decoded, block elements separated by a
/// space, whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    // Never longer than the HTML (a tag becomes a space at most, an entity one character):
    // one allocation instead of one per doubling.
    let mut text = String::with_capacity(html.len());
    let out = &mut text;
    // While skipping an element: its name and how deep we are in elements of that name.
    let mut skipping: Option<(String, usize)> = None;
    let skip = &mut skipping;
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if skip.is_none() {
                push_text(out, &html[text_start..i]);
            }
            let end = match swar::find_byte(bytes, i, b'>') {
                Some(e) => e + 1,
                None => bytes.len(),
            };
            let tag = &html[i + 1..end.saturating_sub(1).max(i + 1)];
            i = end;
            text_start = end;
            if tag.starts_with('!') || tag.starts_with('?') {
                if tag.starts_with("!--") && !tag.ends_with("--") {
                    // A comment with `>` inside: skip to its real end.
                    if let Some(e) = html[i..].find("-->") {
                        i += e + 3;
                        text_start = i;
                    }
                }
                continue;
            }
            let closing = tag.starts_with('/');
            let bare = tag.trim_start_matches('/');
            let name_len = bare
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bare.len());
            let name = &bare[..name_len];
            if let Some((skip_name, depth)) = skip {
                if skip_name.eq_ignore_ascii_case(name) {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            *skip = None;
                        }
                    } else if !tag.ends_with('/') {
                        *depth += 1;
                    }
                }
                continue;
            }
            let name: std::borrow::Cow<str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                name.to_ascii_lowercase().into()
            } else {
                name.into()
            };
            if !closing
                && (name == "script" || name == "style" || name == "template" || hidden(tag))
                && !tag.ends_with('/')
                && !is_void(&name)
            {
                *skip = Some((name.into_owned(), 1));
                continue;
            }
            if is_block(&name) && !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            // On to the next tag.
            i = swar::find_byte(bytes, i, b'<').unwrap_or(bytes.len());
        }
    }
    if skip.is_none() {
        push_text(out, &html[text_start..]);
    }
    // The text, trailing whitespace removed.
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text
}

/// A page's text for the index and its snippets: `html_to_text`, cut to the length kept.
fn page_text(html: &str) -> String {
    cap_text(html_to_text(html), MAX_TEXT)
}

/// Whether a tag has `aria-hidden="true"`.
fn hidden(tag: &str) -> bool {
    static ATTR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("aria-hidden=\"true\""));
    tag.len() >= ATTR.needle().len() && ATTR.find(tag.as_bytes()).is_some()
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "input" | "meta" | "link" | "wbr" | "source" | "col" | "area"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "img"
    )
}

/// Bytes that `push_text` looks at: `&`, ASCII whitespace, lead bytes of Unicode spaces.
/// (`swar::text_masks` marks a few more, every control byte and 0xE0, as its test is cheaper
/// that way; `push_text` passes over those.)
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(
            i as u8,
            b'&' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        i += 1;
    }
    t
};

/// The first byte from `i` on that `push_text` must look at: a byte of `SPECIAL` other than a
/// space, or a space after a space (`space_before`: whether the byte before `i` counts as
/// one). Sixteen bytes at a time (`swar::text_masks`): in text a space comes every few
/// bytes, so a table lookup for each byte (and a closer look at each space) cost more than
/// the rest of the text.
#[inline(always)]
fn next_special(bytes: &[u8], mut i: usize, space_before: bool) -> usize {
    let n = bytes.len();
    let mut carry = u32::from(space_before);
    while i + 16 <= n {
        let m = swar::text_masks(bytes, i);
        let found = m.special | (m.space & ((m.space << 1) | carry));
        if found != 0 {
            return i + found.trailing_zeros() as usize;
        }
        carry = m.space >> 15;
        i += 16;
    }
    let mut space = carry != 0;
    while i < n {
        let b = bytes[i];
        if SPECIAL[usize::from(b)] && (b != b' ' || space) {
            return i;
        }
        space = b == b' ';
        i += 1;
    }
    n
}

/// Appends text between tags, decoding entities and collapsing whitespace.
fn push_text(out: &mut String, raw: &str) {
    let bytes = raw.as_bytes();
    let mut run = 0;
    // A space at the start counts as a second one after a space (or at the very start).
    let mut i = next_special(bytes, 0, out.is_empty() || out.ends_with(' '));
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b == b'&' {
            decode_entity(&raw[i..])
        } else if !SPECIAL[usize::from(b)] {
            // Marked only because `swar::text_masks` takes in more than `SPECIAL`.
            i = next_special(bytes, i + 1, false);
            continue;
        } else {
            let c = raw[i..].chars().next().unwrap_or(' ');
            if !c.is_whitespace() {
                i = next_special(bytes, i + c.len_utf8(), false);
                continue;
            }
            (c, c.len_utf8())
        };
        out.push_str(&raw[run..i]);
        i += len;
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            // Spaces right after it are part of the same gap.
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
        } else {
            out.push(c);
        }
        run = i;
        i = next_special(bytes, i, false);
    }
    out.push_str(&raw[run..]);
}

/// The character of an entity at the start of `s` and its length; `&` alone if unknown.
fn decode_entity(s: &str) -> (char, usize) {
    let Some(end) = s.bytes().take(12).position(|b| b == b';') else {
        return ('&', 1);
    };
    let name = &s[1..end];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "shy" => Some('\u{ad}'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match c {
        Some('\u{ad}') => ('\u{200b}', end + 1),
        Some(c) => (c, end + 1),
        None => ('&', 1),
    }
}

/// Cuts `text` to at most `max` characters, at a word boundary.
fn cap_text(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    if let Some((cut, _)) = text.char_indices().nth(max) {
        let at = text[..cut].rfind(' ').unwrap_or(cut);
        text.truncate(at);
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Documents

/// One searchable page: a page, a section or a taxonomy term, in one language.
struct Doc {
    /// The page's HTML while its text is still to be made (see `count_and_write_docs`).
    html: Option<std::sync::Arc<str>>,
    path: String,
    title: String,
    description: String,
    headings: Vec<String>,
    body: String,
    /// `YYYY-MM-DD` of `date`, shown with the result.
    date: Option<String>,
    /// `updated`, else `date`: the newer page wins a tie.
    recency: Option<String>,
    /// Per facet of the index: the page's values.
    facets: Vec<Vec<String>>,
}

fn excluded(extra: &toml::Table) -> bool {
    matches!(extra.get("search"), Some(toml::Value::Boolean(false)))
}

fn toc_titles(toc: &[crate::content::model::TocEntry], out: &mut Vec<String>) {
    for e in toc {
        out.push(e.title.clone());
        toc_titles(&e.children, out);
    }
}

/// String values in a data entry, depth first (a term's data: county, roles, description).
fn data_strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| data_strings(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| data_strings(x, out)),
        _ => {}
    }
}

/// The facets of the indexes: `[search] facets`, or every taxonomy and the year.
pub fn facet_names(site: &Site) -> Vec<String> {
    match site.config.search.as_ref().and_then(|s| s.facets.clone()) {
        Some(f) => f,
        None => site
            .config
            .taxonomies
            .iter()
            .map(|t| t.name.clone())
            .chain(["year".to_string()])
            .collect(),
    }
}

/// The searchable pages of language `lang`, newest first.
fn collect_docs(site: &Site, lang: &str, facets: &[String]) -> Vec<Doc> {
    // Taxonomy name → term slug → display name, in this language.
    let mut term_names: HashMap<&str, HashMap<&str, &str>> = HashMap::new();
    for tax in site.taxonomies.iter().filter(|t| t.lang == lang) {
        term_names.insert(
            &tax.name,
            tax.terms
                .iter()
                .map(|t| (t.slug.as_str(), t.name.as_str()))
                .collect(),
        );
    }
    // In parallel (a few microseconds a page), each thread with its own record of
    // (taxonomy, a term as a page writes it) → the term's display name.
    let mut docs: Vec<Doc> = site
        .pages
        .par_iter()
        .filter(|p| p.lang == lang && !excluded(&p.meta.extra))
        .map_init(
            HashMap::new,
            |term_of: &mut HashMap<(&str, &str), &str>, p| {
                let mut headings = Vec::new();
                toc_titles(&p.rendered.toc, &mut headings);
                let facet_values = facets
                    .iter()
                    .map(|f| {
                        if f == "year" {
                            return p
                                .meta
                                .date
                                .as_ref()
                                .map(|d| vec![d.year().to_string()])
                                .unwrap_or_default();
                        }
                        let names = term_names.get(f.as_str());
                        let mut values: Vec<String> = Vec::new();
                        for raw in p.meta.taxonomies.get(f).into_iter().flatten() {
                            // Pages name the same few terms: each spelling is looked up once.
                            let known = term_of.get(&(f.as_str(), raw.as_str())).copied();
                            let name = known.unwrap_or_else(|| {
                                let slug = crate::text::slug::slugify(raw);
                                let name = names
                                    .and_then(|n| n.get(slug.as_str()).copied())
                                    .unwrap_or(raw.as_str());
                                term_of.insert((f.as_str(), raw.as_str()), name);
                                name
                            });
                            if !values.iter().any(|v| v == name) {
                                values.push(name.to_string());
                            }
                        }
                        values
                    })
                    .collect();
                Doc {
                    path: p.path.clone(),
                    title: p.meta.title.clone(),
                    description: p.meta.description.clone().unwrap_or_default(),
                    headings,
                    body: String::new(),
                    // Made into text chunk by chunk (see `count_and_write_docs`), so that the
                    // text of every page is never held at once.
                    html: Some(p.rendered.html.clone()),
                    date: p.meta.date.as_ref().map(|d| d.0[..10].to_string()),
                    recency: p.meta.last_changed().map(|d| d.0.clone()),
                    facets: facet_values,
                }
            },
        )
        .collect();
    for s in site.sections.iter().filter(|s| s.lang == lang) {
        if excluded(&s.meta.extra) {
            continue;
        }
        let mut headings = Vec::new();
        toc_titles(&s.rendered.toc, &mut headings);
        docs.push(Doc {
            path: s.path.clone(),
            title: s.meta.title.clone(),
            description: s.meta.description.clone().unwrap_or_default(),
            headings,
            body: String::new(),
            html: Some(s.rendered.html.clone()),
            date: None,
            recency: None,
            facets: vec![Vec::new(); facets.len()],
        });
    }
    for tax in site.taxonomies.iter().filter(|t| t.lang == lang) {
        for term in &tax.terms {
            let mut strings = Vec::new();
            if let Some(d) = &term.data {
                data_strings(d, &mut strings);
            }
            // Sentences and names, not codes such as `natverkskommun`.
            strings.retain(|s| s != &term.name && s.contains(char::is_whitespace));
            docs.push(Doc {
                path: term.path.clone(),
                title: term.name.clone(),
                description: String::new(),
                headings: Vec::new(),
                body: strings.join(" "),
                html: None,
                date: None,
                recency: None,
                facets: vec![Vec::new(); facets.len()],
            });
        }
    }
    // Newest first; undated last; then by address, so the order never depends on chance
    // (no two documents share an address — `site::check_unique_paths` — so no two keys are
    // equal).
    docs.par_sort_unstable_by(|a, b| match (&a.recency, &b.recency) {
        (Some(x), Some(y)) => y.cmp(x).then_with(|| a.path.cmp(&b.path)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.path.cmp(&b.path),
    });
    docs
}

// ---------------------------------------------------------------------------------------------
// Counting

/// The words of a part of the site, each once, numbered in the order they were first seen.
#[derive(Default)]
struct Interner {
    /// Words of up to 16 bytes (nearly all), packed into a number: no string to compare.
    short: FastMap<u128, u32>,
    long: FastMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Per word: the page that last counted it, and its counts there per field, 16 bits each
    /// (field `f` in bits `16 f` up).
    seen: Vec<(u32, u64)>,
    /// Room for the list of a page's words while it is made (see `count_doc`).
    order: Vec<u32>,
}

impl Interner {
    /// The number of the word `text[start..end]` (from one character boundary to another).
    #[inline(always)]
    fn id(&mut self, text: &str, start: usize, end: usize) -> usize {
        match pack_at(text.as_bytes(), start, end) {
            Some(packed) => match self.short.get(&packed) {
                Some(&id) => id as usize,
                None => self.add_short(packed, &text[start..end]),
            },
            None => self.id_of_long(&text[start..end]),
        }
    }

    /// A word of up to 16 bytes seen for the first time (the rare case, out of the loop).
    #[cold]
    #[inline(never)]
    fn add_short(&mut self, packed: u128, word: &str) -> usize {
        let id = self.add(word);
        self.short.insert(packed, id as u32);
        id
    }

    /// A word of more than 16 bytes (a long compound, one word in fifty), out of the loop.
    #[cold]
    #[inline(never)]
    fn id_of_long(&mut self, word: &str) -> usize {
        if let Some(&id) = self.long.get(word) {
            return id as usize;
        }
        let id = self.add(word);
        self.long.insert(word.into(), id as u32);
        id
    }

    fn add(&mut self, word: &str) -> usize {
        self.words.push(word.into());
        self.seen.push((u32::MAX, 0));
        self.words.len() - 1
    }
}

/// `pack(&text[start..end])`, read as sixteen bytes and cut to the word's length where
/// sixteen bytes are there to read: no branch on the length, which varies from word to word.
#[inline(always)]
fn pack_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
    // The bytes of a word of each length up to 16, as masks of two eight-byte halves.
    const KEEP: [(u64, u64); 17] = {
        let mut t = [(0, 0); 17];
        let mut len = 1;
        while len <= 16 {
            t[len] = if len < 8 {
                ((1 << (8 * len)) - 1, 0)
            } else if len == 8 {
                (u64::MAX, 0)
            } else if len < 16 {
                (u64::MAX, (1 << (8 * (len - 8))) - 1)
            } else {
                (u64::MAX, u64::MAX)
            };
            len += 1;
        }
        t
    };
    let len = end - start;
    if len <= 16 && start + 16 <= text.len() {
        let (lo, hi) = KEEP[len];
        let lo = swar::load(text, start) & lo;
        let hi = swar::load(text, start + 8) & hi;
        Some(u128::from(lo) | (u128::from(hi) << 64))
    } else {
        pack(&text[start..end])
    }
}

/// Up to 16 bytes as a number, zero-padded (a word never holds a NUL byte, so two words never
/// pack alike). Built from overlapping loads rather than a copy, which the CPU would stall on.
fn pack(b: &[u8]) -> Option<u128> {
    #[inline(always)]
    fn u32_at(b: &[u8], i: usize) -> u64 {
        let mut a = [0u8; 4];
        a.copy_from_slice(&b[i..i + 4]);
        u64::from(u32::from_le_bytes(a))
    }
    let n = b.len();
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => {
            let mut v = 0u64;
            for (k, &x) in b.iter().enumerate() {
                v |= u64::from(x) << (8 * k);
            }
            (v, 0)
        }
        4..=8 => (u32_at(b, 0) | (u32_at(b, n - 4) << (8 * (n - 4))), 0),
        9..=16 => (swar::load(b, 0), swar::load(b, n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(u128::from(lo) | (u128::from(hi) << 64))
}

/// Word counts of one page: (word number, count per field); and words per field. Counts are
/// 16 bits (a page's text is capped at `MAX_TEXT` characters, so a body count never reaches
/// the limit; a title would need 65 536 repetitions of one word): the counts of every page
/// are held at once, 40 million of them at 100 000 pages.
struct Counts {
    words: Vec<(u32, [u16; FIELDS])>,
    lens: [u32; FIELDS],
}

/// Counts the words of a page as written; they are lowercased later, once per word.
fn count_doc(doc: &Doc, body: &str, doc_no: u32, words: &mut Interner) -> Counts {
    let mut page = PageCount {
        doc_no,
        order: std::mem::take(&mut words.order),
        used: 0,
        lens: [0; FIELDS],
    };
    page.add::<0>(&doc.title, words);
    for h in &doc.headings {
        page.add::<1>(h, words);
    }
    page.add::<2>(&doc.description, words);
    page.add::<3>(body, words);
    // Held until every page is counted: no room to spare.
    let counts = Counts {
        words: page.order[..page.used]
            .iter()
            .map(|&id| {
                let n = words.seen[id as usize].1;
                (id, std::array::from_fn(|f| (n >> (16 * f)) as u16))
            })
            .collect(),
        lens: page.lens,
    };
    words.order = page.order;
    counts
}

/// A page's count while it is made.
struct PageCount {
    doc_no: u32,
    /// The words new to the page, in the order they first occur: `used` of them, in a list
    /// with room for one more than the page can have words, so that every word is written
    /// and only a new one kept. Whether a word is new is as good as random, and a branch on
    /// it would be mispredicted at every few words.
    order: Vec<u32>,
    used: usize,
    lens: [u32; FIELDS],
}

impl PageCount {
    /// Counts the words of `text` in field `FIELD` (a constant: its lane of the counts is
    /// found by a fixed shift).
    fn add<const FIELD: usize>(&mut self, text: &str, words: &mut Interner) {
        let text = nfc(text);
        // A word and what follows it take two bytes at least. (Never made shorter: its
        // entries past `used` are only ever written before they are read.)
        let room = self.used + text.len() / 2 + 2;
        if self.order.len() < room {
            self.order.resize(room, 0);
        }
        let (doc_no, order) = (self.doc_no, &mut self.order);
        let mut used = self.used;
        let mut len = 0;
        for_each_word(
            &text,
            #[inline(always)]
            |start, end| {
                len += 1;
                let id = words.id(&text, start, end);
                let seen = &mut words.seen[id];
                let new = seen.0 != doc_no;
                order[used] = id as u32;
                used += usize::from(new);
                // The four counts as lanes of one number, added to in a register: written to
                // one by one, an array in memory stalls the read of all four that follows.
                let counts = if new { 0 } else { seen.1 };
                let full = (counts >> (16 * FIELD)) & 0xffff == 0xffff;
                *seen = (doc_no, counts + (u64::from(!full) << (16 * FIELD)));
            },
        );
        self.used = used;
        self.lens[FIELD] += len;
    }
}

/// Pages counted by one task (with one `Interner`); a whole number of page files.
const COUNT_CHUNK: usize = 128;
const _: () = assert!(COUNT_CHUNK.is_multiple_of(PAGES_PER_FILE));

/// Where the index's files go: called from several threads at once.
pub type Sink<'a> = dyn Fn(Vec<OutputFile>) -> Result<(), Diagnostic> + Sync + 'a;

/// Counts the words of every page and hands on their files (`d/N.json`), `COUNT_CHUNK` pages
/// at a time, in parallel; each chunk's text is let go once it is written. Returns the
/// lowercase words of the whole site (numbered in the order they first occur) and each page's
/// counts by those numbers (a page may count a word more than once, once per way it is
/// written).
fn count_and_write_docs(
    lang: &str,
    docs: &mut [Doc],
    facets: &[String],
    sink: &Sink,
) -> Result<(Vec<Box<str>>, Vec<Counts>), Diagnostic> {
    let dir = PathBuf::from(DIR).join(lang).join("d");
    // One pass with no step between chunks: a step that waited for every task would leave a
    // core idle while the last chunk of each step is counted.
    let chunks: Vec<(Vec<Box<str>>, Vec<Counts>)> = docs
        .par_chunks_mut(COUNT_CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut words = Interner::default();
            let mut out = Vec::with_capacity(chunk.len());
            let first = c * COUNT_CHUNK;
            // A file's pages at a time, so that their text is still in the cache when it
            // is counted and written out.
            let files: Vec<OutputFile> = chunk
                .chunks(PAGES_PER_FILE)
                .enumerate()
                .map(|(k, pages)| {
                    // Room for two pages' text at once (a few reallocations otherwise).
                    let mut json = Vec::with_capacity(16 * 1024);
                    json.push(b'[');
                    for (i, d) in pages.iter().enumerate() {
                        let body: std::borrow::Cow<str> = match &d.html {
                            Some(html) => page_text(html).into(),
                            None => d.body.as_str().into(),
                        };
                        let doc_no = first + k * PAGES_PER_FILE + i;
                        out.push(count_doc(d, &body, doc_no as u32, &mut words));
                        if i > 0 {
                            json.push(b',');
                        }
                        doc_json(&mut json, d, &body, facets);
                    }
                    json.push(b']');
                    let n = first / PAGES_PER_FILE + k;
                    OutputFile {
                        path: dir.join(format!("{n}.json")),
                        contents: Contents::Bytes(json),
                    }
                })
                .collect();
            sink(files)?;
            // Together the pages' text is as large as the rest of the index's working memory.
            for d in chunk {
                d.body = String::new();
                d.html = None;
            }
            Ok((words.words, out))
        })
        .collect::<Result<_, Diagnostic>>()?;
    // Words new to the site are numbered in the order they first occur, whatever the
    // chunks: a chunk's words are in the order it first saw them.
    let mut ids: FastMap<Box<str>, u32> = FastMap::default();
    let mut list: Vec<Box<str>> = Vec::new();
    let mut counts = Vec::with_capacity(docs.len());
    let mut buf = String::new();
    for (words, out) in chunks {
        let remap: Vec<u32> = words
            .iter()
            .map(|w| {
                lower_into(w, &mut buf);
                match ids.get(buf.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = list.len() as u32;
                        list.push(buf.as_str().into());
                        ids.insert(buf.as_str().into(), id);
                        id
                    }
                }
            })
            .collect();
        for mut c in out {
            for (id, _) in &mut c.words {
                *id = remap[*id as usize];
            }
            counts.push(c);
        }
    }
    Ok((list, counts))
}

/// A term of the index with what the shards need.
struct TermEntry {
    term: String,
    /// The most frequent way the term is written, for suggestions ("brobyggare").
    display: String,
    /// Best score, and the postings as (page, quantised score).
    max: f64,
    postings: Vec<(u32, u8)>,
}

/// Splits Swedish compounds against the vocabulary: for each term, the terms of its parts.
/// `known` maps words and terms (folded) to term ids.
fn compound_parts(terms: &[String], known: &FastMap<String, u32>) -> Vec<Vec<u32>> {
    terms
        .par_iter()
        .enumerate()
        .map(|(id, t)| {
            let mut parts = Vec::new();
            split_compound(t, id as u32, known, &mut parts, 0);
            parts.sort_unstable();
            parts.dedup();
            parts
        })
        .collect()
}

/// The term a compound's first part stands for: itself, or with the linking letters Swedish
/// uses removed or restored (`arbets` → `arbete`, `brobyggar` → `brobyggare`).
fn head_term(head: &str, known: &FastMap<String, u32>) -> Option<u32> {
    if let Some(&t) = known.get(head) {
        return Some(t);
    }
    for end in ["e", "a"] {
        if let Some(&t) = known.get(&format!("{head}{end}")) {
            return Some(t);
        }
    }
    let stripped = head.strip_suffix('s')?;
    if stripped.chars().count() < 3 {
        return None;
    }
    known.get(stripped).copied().or_else(|| {
        ["e", "a"]
            .iter()
            .find_map(|end| known.get(&format!("{stripped}{end}")).copied())
    })
}

fn split_compound(
    t: &str,
    id: u32,
    known: &FastMap<String, u32>,
    parts: &mut Vec<u32>,
    depth: usize,
) {
    const MIN_HEAD: usize = 3;
    const MIN_TAIL: usize = 4;
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    if chars.len() < MIN_HEAD + MIN_TAIL || depth > 2 {
        return;
    }
    // The longest tail that is a word of the site on its own, with a head that is one too.
    for &(at, _) in &chars[MIN_HEAD..=chars.len() - MIN_TAIL] {
        let (head, tail) = t.split_at(at);
        let Some(&tail_id) = known.get(tail) else {
            continue;
        };
        if tail_id == id {
            continue;
        }
        let head_id = head_term(head, known).filter(|&h| h != id);
        if let Some(h) = head_id {
            parts.push(h);
            parts.push(tail_id);
            split_compound(head, id, known, parts, depth + 1);
            return;
        }
        // A head that is itself a compound of site words: `arbetsmarknads`.
        let before = parts.len();
        split_compound(head, id, known, parts, depth + 1);
        if parts.len() > before {
            parts.push(tail_id);
            return;
        }
    }
}

/// A page's terms with their frequency per field, by term number.
type TermFreqs = Vec<(u32, [f32; FIELDS])>;

/// What one language's index is made of, before it is written.
struct Built {
    docs: Vec<Doc>,
    terms: Vec<TermEntry>,
}

fn build_language(
    site: &Site,
    lang: &str,
    facets: &[String],
    sink: &Sink,
) -> Result<Built, Diagnostic> {
    let mut laps = crate::diag::timing::StageTimer::new();
    let analyzer = Analyzer::new(lang);
    let mut docs = collect_docs(site, lang, facets);
    laps.lap("  search text");
    // The pages' words are counted and their files written chunk by chunk, and each chunk's
    // text let go: together the text of a large site's pages is as large as the rest of the
    // index's working memory.
    let (word_list, counts) = count_and_write_docs(lang, &mut docs, facets, sink)?;
    laps.lap("  search words and page files");

    // Every word's term, and how often the word occurs.
    let mut freq = vec![0u64; word_list.len()];
    for c in &counts {
        for (w, n) in &c.words {
            freq[*w as usize] += n.iter().map(|&x| u64::from(x)).sum::<u64>();
        }
    }
    let word_terms: Vec<Option<String>> = word_list.par_iter().map(|w| analyzer.term(w)).collect();

    // The vocabulary, sorted, and the most frequent spelling of each term.
    let mut vocab: BTreeMap<&str, (&str, u64)> = BTreeMap::new();
    for ((w, n), t) in word_list.iter().zip(&freq).zip(&word_terms) {
        if let Some(t) = t {
            let e = vocab.entry(t.as_str()).or_insert((w, 0));
            if *n > e.1 || (*n == e.1 && **w < *e.0) {
                *e = (w, *n);
            }
        }
    }
    let terms: Vec<String> = vocab.keys().map(|t| t.to_string()).collect();
    let displays: Vec<String> = vocab.values().map(|(w, _)| w.to_string()).collect();
    let term_id: FastMap<&str, u32> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    // Word number → term number.
    let word_term: Vec<Option<u32>> = word_terms
        .iter()
        .map(|t| t.as_deref().map(|t| term_id[t]))
        .collect();

    laps.lap("  search terms");
    let parts: Vec<Vec<u32>> = if analyzer.stem_name == "sv" {
        let mut known: FastMap<String, u32> = FastMap::default();
        for (w, t) in word_list.iter().zip(&word_term) {
            if let Some(t) = t {
                known.insert(fold(w), *t);
            }
        }
        for (t, &id) in &term_id {
            known.insert(t.to_string(), id);
        }
        compound_parts(&terms, &known)
    } else {
        vec![Vec::new(); terms.len()]
    };

    laps.lap("  search compounds");
    // Per page: term → frequency per field, compound parts included.
    // Each page's word counts are let go as its frequencies are made.
    // Summed in a table by term number for each thread, the same sums in the same order as
    // a map per page would make them.
    let (tfs, lens): (Vec<TermFreqs>, Vec<[u32; FIELDS]>) = counts
        .into_par_iter()
        // A table for every few hundred pages, not for every page.
        .with_min_len(256)
        .map_init(
            || (vec![[0f32; FIELDS]; terms.len()], Vec::new()),
            |(table, touched), c| {
                let mut add = |t: u32, n: &[u16; FIELDS], weight: Option<f32>| {
                    let e = &mut table[t as usize];
                    // Every sum is above zero once made: a zero one is new to the page.
                    if *e == [0.0; FIELDS] {
                        touched.push(t);
                    }
                    for f in 0..FIELDS {
                        match weight {
                            None => e[f] += n[f] as f32,
                            Some(w) => e[f] += w * n[f] as f32,
                        }
                    }
                };
                for (w, n) in &c.words {
                    let Some(t) = word_term[*w as usize] else {
                        continue;
                    };
                    add(t, n, None);
                    for &p in &parts[t as usize] {
                        add(p, n, Some(COMPOUND_WEIGHT));
                    }
                }
                touched.sort_unstable();
                let v: TermFreqs = touched
                    .drain(..)
                    .map(|t| (t, std::mem::take(&mut table[t as usize])))
                    .collect();
                (v, c.lens)
            },
        )
        .unzip();

    laps.lap("  search frequencies");
    // BM25 per field, weighted and summed.
    let n = docs.len().max(1) as f64;
    let mut avg = [0f64; FIELDS];
    for l in &lens {
        for (a, &len) in avg.iter_mut().zip(l) {
            *a += f64::from(len);
        }
    }
    for a in &mut avg {
        *a = (*a / n).max(1.0);
    }
    let mut df = vec![0u32; terms.len()];
    for doc in &tfs {
        for (t, _) in doc {
            df[*t as usize] += 1;
        }
    }
    let idfs: Vec<f64> = df.iter().map(|&d| idf(docs.len(), d as usize)).collect();
    // Each term's postings in page order, with their scores: terms in ranges, each range
    // by one task that takes its part of every page's list (sorted by term).
    let mut raw: Vec<Vec<(u32, f32)>> =
        df.iter().map(|&d| Vec::with_capacity(d as usize)).collect();
    // Each page's length norms, the same for each of its terms.
    let norms: Vec<[f64; FIELDS]> = lens
        .iter()
        .map(|l| std::array::from_fn(|f| 1.0 - B[f] + B[f] * f64::from(l[f]) / avg[f]))
        .collect();
    // Each task looks up where its range starts in every page's list: a few tasks per thread
    // balance the load, more only repeat those lookups. (The scores do not depend on it.)
    let tasks = 2 * rayon::current_num_threads();
    let range = terms.len().div_ceil(tasks).max(1);
    raw.par_chunks_mut(range).enumerate().for_each(|(k, part)| {
        let (lo, hi) = ((k * range) as u32, (k * range + part.len()) as u32);
        for (d, (doc, norm)) in tfs.iter().zip(&norms).enumerate() {
            let from = doc.partition_point(|(t, _)| *t < lo);
            for (t, tf) in doc[from..].iter().take_while(|(t, _)| *t < hi) {
                let mut s = 0.0;
                for f in 0..FIELDS {
                    let x = f64::from(tf[f]);
                    if x > 0.0 {
                        s += WEIGHTS[f] * x * (K1 + 1.0) / (x + K1 * norm[f]);
                    }
                }
                part[(t - lo) as usize].push((d as u32, (idfs[*t as usize] * s) as f32));
            }
        }
    });
    drop(tfs);
    let entries: Vec<TermEntry> = raw
        .into_par_iter()
        .zip(terms.into_par_iter())
        .zip(displays.into_par_iter())
        .map(|((postings, term), display)| {
            let max = postings.iter().map(|p| f64::from(p.1)).fold(0.0, f64::max);
            let quantise = quantiser(max);
            TermEntry {
                term,
                display,
                max,
                postings: postings
                    .into_iter()
                    .map(|(d, s)| (d, quantise(f64::from(s))))
                    .collect(),
            }
        })
        .collect();
    laps.lap("  search scores");
    Ok(Built {
        docs,
        terms: entries,
    })
}

/// BM25's idf of a term found in `df` of `n` pages (the client computes the same).
fn idf(n: usize, df: usize) -> f64 {
    let (n, df) = (n as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// A score as 1..=63 on a log scale up to the term's best score `max`, so that low scores keep
/// their precision next to a few high ones. The client reads it back as
/// `exp(q / 63 * ln(1 + max)) - 1`. The logarithm of `max` is taken once for all the term's
/// scores.
fn quantiser(max: f64) -> impl Fn(f64) -> u8 {
    let ln_max = max.ln_1p();
    move |score| {
        if max <= 0.0 {
            return 1;
        }
        let q = (score.max(0.0).ln_1p() / ln_max * LEVELS).round();
        (q as u8).clamp(1, LEVELS as u8)
    }
}

/// The scores quantised values stand for, under a term's best score `max`: `uses` of them
/// are to be looked up, so for more than there are levels, all are worked out at once (an
/// exponential per posting was a third of the split shards' cost).
fn dequantiser(max: f64, uses: usize) -> impl Fn(u8) -> f64 {
    let ln_max = max.ln_1p();
    let level = move |q: u8| (f64::from(q) / LEVELS * ln_max).exp_m1();
    let table: Option<[f64; LEVELS as usize + 1]> =
        (uses > LEVELS as usize).then(|| std::array::from_fn(|q| level(q as u8)));
    move |q| match &table {
        Some(t) => t[usize::from(q).min(LEVELS as usize)],
        None => level(q),
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// Appends `v` as a varint of base64 characters (5 bits each, low bits first, 32 = more).
fn push_varint(out: &mut String, mut v: u32) {
    while v >= 32 {
        out.push(char::from(BASE64[(32 | (v & 31)) as usize]));
        v >>= 5;
    }
    out.push(char::from(BASE64[v as usize]));
}

/// A posting list as a string: page gaps as varints, each followed by its score character.
pub fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut prev: i64 = -1;
    for &(d, q) in postings {
        push_varint(&mut out, (i64::from(d) - prev - 1) as u32);
        out.push(char::from(BASE64[usize::from(q.clamp(1, 64) - 1)]));
        prev = i64::from(d);
    }
    out
}

/// A sorted list of page numbers as varint gaps.
pub fn encode_ids(ids: &[u32]) -> String {
    let mut out = String::with_capacity(ids.len());
    let mut prev: i64 = -1;
    for &d in ids {
        push_varint(&mut out, (i64::from(d) - prev - 1) as u32);
        prev = i64::from(d);
    }
    out
}

/// The file name of a shard: the key itself when it is plain ASCII, else `_` and its UTF-8 in
/// hex (the client computes the same).
pub fn shard_file(key: &str) -> String {
    if key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        format!("{key}.json")
    } else {
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("_{hex}.json")
    }
}

/// A shard: its key, whether it is split, and the range of terms (indexes into the sorted
/// term list) it holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Shard {
    pub key: String,
    pub split: bool,
    pub terms: Vec<usize>,
    /// For a split key, the terms below it (merged into one posting list).
    pub below: Vec<usize>,
}

/// Groups sorted terms into shards by prefix, splitting a group by one more character while it
/// holds more than `limit` postings.
pub fn plan_shards(terms: &[&str], sizes: &[usize], limit: usize) -> Vec<Shard> {
    let mut shards = Vec::new();
    let idx: Vec<usize> = (0..terms.len()).collect();
    group(terms, sizes, &idx, MIN_KEY, limit, &mut shards);
    shards
}

fn prefix(t: &str, n: usize) -> &str {
    match t.char_indices().nth(n) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

fn group(
    terms: &[&str],
    sizes: &[usize],
    idx: &[usize],
    len: usize,
    limit: usize,
    out: &mut Vec<Shard>,
) {
    let mut i = 0;
    while i < idx.len() {
        let key = prefix(terms[idx[i]], len);
        let mut j = i + 1;
        while j < idx.len() && prefix(terms[idx[j]], len) == key {
            j += 1;
        }
        let members = &idx[i..j];
        let total: usize = members.iter().map(|&m| sizes[m]).sum();
        if total <= limit || len >= MAX_KEY || members.len() == 1 {
            out.push(Shard {
                key: key.to_string(),
                split: false,
                terms: members.to_vec(),
                below: Vec::new(),
            });
        } else {
            let (exact, longer): (Vec<usize>, Vec<usize>) = members
                .iter()
                .partition(|&&m| terms[m].chars().count() <= len);
            out.push(Shard {
                key: key.to_string(),
                split: true,
                terms: exact,
                below: longer.clone(),
            });
            group(terms, sizes, &longer, len + 1, limit, out);
        }
        i = j;
    }
}

fn json_file(path: PathBuf, value: &impl Serialize) -> OutputFile {
    let bytes = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    OutputFile {
        path,
        contents: Contents::Bytes(bytes),
    }
}

/// A page's object in its file (`d/N.json`): `u` address, `t` title, `d` date (`YYYY-MM-DD`, if any), `x`
/// description (if any), `f` facet values by facet (the year left out, if any), `b` plain
/// text for snippets. Written as serde_json writes it, without its serializer: the text is
/// most of the index's bytes.
fn doc_json(out: &mut Vec<u8>, d: &Doc, body: &str, facets: &[String]) {
    out.extend_from_slice(b"{\"u\":");
    push_json_str(out, &d.path);
    out.extend_from_slice(b",\"t\":");
    push_json_str(out, &d.title);
    if let Some(date) = &d.date {
        out.extend_from_slice(b",\"d\":");
        push_json_str(out, date);
    }
    if !d.description.is_empty() {
        out.extend_from_slice(b",\"x\":");
        push_json_str(out, &d.description);
    }
    let mut f: Vec<(&str, &[String])> = facets
        .iter()
        .zip(&d.facets)
        .filter(|(n, v)| *n != "year" && !v.is_empty())
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    if !f.is_empty() {
        // By name, as a map is written.
        f.sort_by(|a, b| a.0.cmp(b.0));
        f.dedup_by(|a, b| a.0 == b.0);
        out.extend_from_slice(b",\"f\":{");
        for (i, (name, values)) in f.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_json_str(out, name);
            out.extend_from_slice(b":[");
            for (j, v) in values.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                push_json_str(out, v);
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b",\"b\":");
    push_json_str(out, body);
    out.push(b'}');
}

/// What a byte becomes in a JSON string: 0 itself, `u` as `\u00XX`, else the letter after `\`.
const JSON_ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run = 0;
    const BLOCK: usize = 64;
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        // Most blocks of text need no escape, which is told without a branch for each byte.
        let clean = block
            .iter()
            .fold(true, |ok, &b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
        if clean {
            continue;
        }
        for (j, &b) in block.iter().enumerate() {
            let e = JSON_ESCAPE[usize::from(b)];
            if e == 0 {
                continue;
            }
            let i = k * BLOCK + j;
            out.extend_from_slice(&bytes[run..i]);
            run = i + 1;
            if e == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            } else {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// The term shards (`t/<key>.json`), each written as serde_json writes `{"k": key, "t": [[term,
/// display, max, postings]], "u": [max, postings]}`, without a value tree for every term.
fn shard_files(dir: &Path, built: &Built, shards: &[Shard]) -> Vec<OutputFile> {
    // A table of scores by page number for the split shards, per rayon job (a few per thread,
    // not one per shard: one per shard made this step grow with pages × shards, 1.3 of 20 s at
    // 100 000 pages).
    let no_scores = || {
        (
            vec![0.0f64; built.docs.len()],
            vec![false; built.docs.len()],
        )
    };
    shards
        .par_iter()
        .map_init(no_scores, |(best, seen), s| {
            let mut json = Vec::new();
            json.extend_from_slice(b"{\"k\":");
            push_json_str(&mut json, &s.key);
            json.extend_from_slice(b",\"t\":[");
            for (n, &i) in s.terms.iter().enumerate() {
                let t = &built.terms[i];
                let display = if t.display == t.term { "" } else { &t.display };
                if n > 0 {
                    json.push(b',');
                }
                json.push(b'[');
                push_json_str(&mut json, &t.term);
                json.push(b',');
                push_json_str(&mut json, display);
                json.extend_from_slice(format!(",{},", (t.max * 1000.0).round() as u64).as_bytes());
                push_json_str(&mut json, &encode_postings(&t.postings));
                json.push(b']');
            }
            json.push(b']');
            if s.split {
                // "Any term starting with the key": each page's best score among them, without
                // the terms' idf (the client weighs the prefix as one word).
                // Scores by page number in a flat table (a tree map made this step grow
                // faster than the site: 2 s of 9 at 100 000 pages), set back as it is read.
                let mut touched: Vec<u32> = Vec::new();
                let mut max: f64 = 0.0;
                for &i in &s.below {
                    let t = &built.terms[i];
                    let idf = idf(built.docs.len(), t.postings.len());
                    let dequantise = dequantiser(t.max, t.postings.len());
                    for &(d, q) in &t.postings {
                        let s = dequantise(q) / idf;
                        max = max.max(s);
                        let k = d as usize;
                        if !seen[k] {
                            seen[k] = true;
                            touched.push(d);
                        }
                        best[k] = best[k].max(s);
                    }
                }
                touched.sort_unstable();
                let quantise = quantiser(max);
                let merged: Vec<(u32, u8)> = touched
                    .into_iter()
                    .map(|d| {
                        let k = d as usize;
                        let q = quantise(best[k]);
                        (best[k], seen[k]) = (0.0, false);
                        (d, q)
                    })
                    .collect();
                let max = (max * 1000.0).round() as u64;
                json.extend_from_slice(format!(",\"u\":[{max},").as_bytes());
                push_json_str(&mut json, &encode_postings(&merged));
                json.push(b']');
            }
            json.push(b'}');
            OutputFile {
                path: dir.join("t").join(shard_file(&s.key)),
                contents: Contents::Bytes(json),
            }
        })
        .collect()
}

/// `facets.json`: for each facet its values in the taxonomy's order (years newest first), each
/// with its pages.
fn facets_file(dir: &Path, built: &Built, facets: &[String]) -> OutputFile {
    let mut facet_json = Vec::new();
    for (f, name) in facets.iter().enumerate() {
        let mut values: HashMap<&str, Vec<u32>> = HashMap::new();
        for (d, doc) in built.docs.iter().enumerate() {
            for v in &doc.facets[f] {
                values.entry(v.as_str()).or_default().push(d as u32);
            }
        }
        let mut ordered: Vec<(&str, Vec<u32>)> = values.into_iter().collect();
        if name == "year" {
            ordered.sort_unstable_by(|a, b| b.0.cmp(a.0));
        } else {
            // Each value's sort key made once, not at every comparison.
            ordered.sort_by_cached_key(|(v, _)| (crate::text::slug::swedish_sort_key(v), *v));
        }
        let names: Vec<&str> = ordered.iter().map(|(v, _)| *v).collect();
        let ids: Vec<String> = ordered.iter().map(|(_, d)| encode_ids(d)).collect();
        facet_json.push(json!({ "name": name, "values": names, "docs": ids }));
    }
    json_file(
        dir.join("facets.json"),
        &json!({ "v": FORMAT, "facets": facet_json }),
    )
}

/// Every file of one language's index but the pages' (see `count_and_write_docs`).
fn write_language(
    lang: &str,
    built: &Built,
    facets: &[String],
    sink: &Sink,
) -> Result<(), Diagnostic> {
    let dir = PathBuf::from(DIR).join(lang);
    let analyzer = Analyzer::new(lang);
    let mut laps = crate::diag::timing::StageTimer::new();

    let names: Vec<&str> = built.terms.iter().map(|t| t.term.as_str()).collect();
    let sizes: Vec<usize> = built.terms.iter().map(|t| t.postings.len()).collect();
    let shards = plan_shards(&names, &sizes, SHARD_POSTINGS);
    // The facets beside the shards: a serial step that would otherwise leave a core idle.
    let (mut files, facets_json) = rayon::join(
        || shard_files(&dir, built, &shards),
        || facets_file(&dir, built, facets),
    );
    files.push(facets_json);
    laps.lap("  search shards and facets");

    // The manifest, last written and first read.
    let keys: Vec<String> = shards
        .iter()
        .map(|s| {
            if s.split {
                format!("{}*", s.key)
            } else {
                s.key.clone()
            }
        })
        .collect();
    let manifest = json!({
        "v": FORMAT,
        "lang": lang,
        "stem": analyzer.stem_name,
        "docs": built.docs.len(),
        "per_file": PAGES_PER_FILE,
        "keys": keys.join(" "),
        "stop": analyzer.stop_words().join(" "),
        "facets": facets,
    });
    files.push(json_file(dir.join("manifest.json"), &manifest));
    sink(files)
}

/// The search index files of the site, for every language, by path; none unless `[search]`
/// is set.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let _ = write_index(site, &|batch| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(batch);
        Ok(())
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    // Handed on from several threads, in no fixed order.
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Builds the search index and hands its files to `sink` in batches (from several threads at
/// once), so that they need not all be held at once; stops at the first error of `sink`.
pub fn write_index(site: &Site, sink: &Sink) -> Result<(), Diagnostic> {
    if site.config.search.is_none() {
        return Ok(());
    }
    let facets = facet_names(site);
    for lang in site.config.language_codes() {
        let built = build_language(site, lang, &facets, sink)?;
        write_language(lang, &built, &facets, sink)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_table_folds_as_decomposition_does() {
        for c in '\u{df}'..='\u{ff}' {
            if c == '÷' {
                continue;
            }
            let word = format!("x{c}y");
            assert_eq!(fold(&word), fold_slowly(&word), "{c}");
        }
        assert_eq!(fold("göteborg"), "goteborg");
        assert_eq!(fold("čhavo"), "chavo");
    }

    fn words(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_word(text, |start, end| v.push(text[start..end].to_string()));
        v
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            words("Brobyggare i Borås (2016–2020): ESF-projekt, ”Romano Buca”."),
            [
                "Brobyggare",
                "i",
                "Borås",
                "2016",
                "2020",
                "ESF",
                "projekt",
                "Romano",
                "Buca"
            ]
        );
        // A decomposed letter stays one word.
        assert_eq!(words("Go\u{308}teborg stad"), ["Go\u{308}teborg", "stad"]);
        assert!(words(" .,;– ").is_empty());
    }

    #[test]
    fn packing_keeps_words_apart() {
        let mut seen = std::collections::HashMap::new();
        for w in [
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "xaaaaaaaa",
            "xaaaaaaaaa",
            "för",
            "föra",
            "brobyggarna",
        ] {
            let p = pack(w.as_bytes()).expect("16 bytes or less");
            let mut padded = [0u8; 16];
            padded[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(p, u128::from_le_bytes(padded), "{w}");
            assert!(seen.insert(p, w).is_none(), "{w} packs like {:?}", seen[&p]);
        }
        assert_eq!(pack(b"abcdefghijklmnopq"), None);
        // Read in place, sixteen bytes at a time where the text has them, a word packs alike
        // wherever it stands, next to whatever follows it.
        let text = "brobyggarna föra abcdefghijklmnop abcdefghijklmnopq x";
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    let word = &text.as_bytes()[start..end];
                    assert_eq!(
                        pack_at(text.as_bytes(), start, end),
                        pack(word),
                        "{start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn folding_removes_diacritics_only() {
        assert_eq!(fold("göteborg"), "goteborg");
        assert_eq!(fold("västerås"), "vasteras");
        assert_eq!(fold("čhavo"), "chavo");
        assert_eq!(fold("ærø"), "aero");
        assert_eq!(fold("straße"), "strasse");
        assert_eq!(fold("brobyggare"), "brobyggare");
        // Other scripts keep their letters.
        assert_eq!(fold("ромa"), "ромa");
    }

    #[test]
    fn swedish_words_with_and_without_diacritics_meet() {
        let sv = Analyzer::new("sv");
        let t = |w: &str| sv.normalize(w).unwrap_or_default();
        assert_eq!(t("Göteborg"), "goteborg");
        assert_eq!(t("goteborg"), "goteborg");
        assert_eq!(t("GÖTEBORG"), "goteborg");
        assert_eq!(t("Go\u{308}teborg"), "goteborg", "NFD input");
        assert_eq!(t("Göteborgs"), t("Göteborg"));
        assert_eq!(t("brobyggare"), t("brobyggarna"));
        assert_eq!(t("brobyggare"), "brobygg");
        assert_eq!(t("brobyggarutbildningen"), "brobyggarutbildning");
        assert_eq!(t("kommunerna"), t("kommun"));
        assert_eq!(t("hälsoinspiratörer"), t("hälsoinspiratör"));
        // Stop words and single letters are not terms.
        assert_eq!(sv.normalize("och"), None);
        assert_eq!(sv.normalize("x"), None);
    }

    #[test]
    fn english_words_are_stemmed_in_english() {
        let en = Analyzer::new("en");
        let t = |w: &str| en.normalize(w).unwrap_or_default();
        assert_eq!(t("municipalities"), t("municipality"));
        assert_eq!(t("Meetings"), "meet");
        assert_eq!(en.normalize("the"), None);
        // Swedish suffixes are not touched by the English stemmer.
        assert_eq!(t("brobyggarna"), "brobyggarna");
        // A language without a stemmer is lowercased and folded only.
        assert_eq!(
            Analyzer::new("rom").normalize("Čhavorre"),
            Some("chavorre".into())
        );
    }

    #[test]
    fn html_becomes_plain_text() {
        let html = "<h2 id=\"a\">Vad är det? <a class=\"heading-anchor\" href=\"#a\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n<p>Bro<em>byggare</em> &amp; skola&nbsp;i <a href=\"/x/\">Borås</a>.</p><script>var x = 1;</script><ul><li>ett</li><li>två</li></ul><!-- a > b -->slut";
        assert_eq!(
            html_to_text(html),
            "Vad är det? Brobyggare & skola i Borås. ett två slut"
        );
        assert_eq!(html_to_text("a &#229; &#xE4; &bogus; &"), "a å ä &bogus; &");
        assert_eq!(html_to_text("&quot;En fråga&quot;"), "\"En fråga\"");
    }

    /// `push_text` as it was first written: one byte at a time.
    fn push_text_slowly(out: &mut String, raw: &str) {
        let bytes = raw.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Only `&`, ASCII whitespace and the lead bytes of Unicode spaces need a look.
            if !SPECIAL[usize::from(b)] {
                i += 1;
                continue;
            }
            // A single space between two words stays as it is: no copy for each word.
            if b == b' '
                && i > run
                && !SPECIAL[usize::from(bytes[i - 1])]
                && bytes.get(i + 1).is_some_and(|&n| !SPECIAL[usize::from(n)])
            {
                i += 1;
                continue;
            }
            let (c, len) = if b == b'&' {
                decode_entity(&raw[i..])
            } else {
                let c = raw[i..].chars().next().unwrap_or(' ');
                if !c.is_whitespace() {
                    i += c.len_utf8();
                    continue;
                }
                (c, c.len_utf8())
            };
            out.push_str(&raw[run..i]);
            i += len;
            run = i;
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out.push_str(&raw[run..]);
    }

    #[test]
    fn text_is_collapsed_sixteen_bytes_at_a_time_as_one_by_one() {
        let pieces = [
            "a", "bc", " ", "  ", "\n", "\t", "\r", "\x0b", "\x0c", "&amp;", "&nbsp;", "&#xE4;",
            "&bogus", "&", "å", "ä", "\u{a0}", "\u{85}", "\u{2003}", "\u{3000}", "\u{1680}", "–",
            "”", "§", "\u{e000}", "東", ";", "x y", "ordet",
        ];
        // A deterministic walk through many mixes of the pieces, at every offset of a block.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = 1 + next(14);
            let raw: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            for before in ["", "x", "x "] {
                let mut fast = before.to_string();
                let mut slow = before.to_string();
                push_text(&mut fast, &raw);
                push_text_slowly(&mut slow, &raw);
                assert_eq!(fast, slow, "{before:?} + {raw:?}");
            }
        }
    }

    /// Words as `for_each_word` finds them, one character at a time.
    fn words_slowly(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (is_word_char(c) && i < text.len(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, text[s..i].to_string()));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn words_are_found_by_block_masks_as_one_by_one() {
        let mut texts: Vec<String> = vec![
            "abcdefgh ijklmnopqrstuvwx yz0123456789".into(),
            "Brobyggarutbildningen×2÷3 Göteborgs-kommun: ÅÄÖåäö éü ß ﬁ ﬀ".into(),
            "@[`{/:09AZaz AZ az 09 ^_\\x7f".into(),
            "Go\u{308}teborg ромa 東京 𝔘nicode\u{2003}x\u{a0}y".into(),
        ];
        // Every byte value at every place among letters (words of one to ten letters).
        for b in 0u8..=127 {
            for at in 0..9 {
                let mut t = "abcdefghij".to_string();
                t.insert(at, char::from(b));
                texts.push(t);
            }
        }
        // Random mixes of every kind of character, long enough to cross several 64-byte blocks
        // and to put characters of two to four bytes across their edges.
        let pieces = [
            "a",
            "Z",
            "9",
            " ",
            "å",
            "Ö",
            "×",
            "÷",
            "–",
            "\u{a0}",
            "\u{2003}",
            "é",
            "o\u{308}",
            "東",
            "𝔘",
            "-",
            ".",
            "ﬁ",
            "\n",
            "abcdefghijklmnopq",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 0..400 {
            let mut t = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            texts.push(t);
        }
        // A word that ends, or a character that starts, at each place around a block's edge.
        for at in 56..=72 {
            for c in ["x", "å", "東", "𝔘", " "] {
                let mut t = "b".repeat(at);
                t.push_str(c);
                texts.push(t.clone());
                t.push_str(" tail");
                texts.push(t);
            }
        }
        texts.push("a".repeat(64));
        texts.push("a".repeat(200));
        for text in &texts {
            let mut fast = Vec::new();
            for_each_word(text, |i, end| fast.push((i, text[i..end].to_string())));
            assert_eq!(fast, words_slowly(text), "{text:?}");
        }
    }

    #[test]
    fn own_json_strings_are_serde_json_strings() {
        let mut all: String = (0u8..=127).map(char::from).collect();
        all.push_str("åäö ”citat” \u{2028}\u{7f}\u{80}\u{ffff}😀");
        let long = format!(
            "{}\"{}\\{}",
            "x".repeat(100),
            "y".repeat(63),
            "\n".repeat(70)
        );
        for s in [all.as_str(), "", "plain", long.as_str()] {
            let mut out = Vec::new();
            push_json_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn page_files_are_written_as_serde_json_writes_them() {
        let doc = Doc {
            path: "/metoder/a/".into(),
            title: "Brobyggare \"B\"".into(),
            description: String::new(),
            headings: Vec::new(),
            body: "Text\tmed\u{1}tecken".into(),
            html: None,
            date: Some("2024-01-02".into()),
            recency: None,
            facets: vec![
                vec!["Malmö".into(), "Borås".into()],
                vec![],
                vec!["2024".into()],
            ],
        };
        let facets: Vec<String> = ["kommun", "typ", "year"].map(String::from).to_vec();
        let want = serde_json::json!({
            "u": "/metoder/a/", "t": "Brobyggare \"B\"", "d": "2024-01-02",
            "f": { "kommun": ["Malmö", "Borås"] }, "b": "Text\tmed\u{1}tecken"
        });
        let mut got = Vec::new();
        doc_json(&mut got, &doc, &doc.body, &facets);
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&got).unwrap(),
            want
        );
        assert_eq!(
            String::from_utf8(got).unwrap(),
            r#"{"u":"/metoder/a/","t":"Brobyggare \"B\"","d":"2024-01-02","f":{"kommun":["Malmö","Borås"]},"b":"Text\tmed\u0001tecken"}"#
        );
        let bare = Doc {
            date: None,
            description: "Om".into(),
            facets: vec![vec![], vec![], vec![]],
            ..doc
        };
        assert_eq!(
            String::from_utf8({
                let mut out = Vec::new();
                doc_json(&mut out, &bare, &bare.body, &facets);
                out
            })
            .unwrap(),
            r#"{"u":"/metoder/a/","t":"Brobyggare \"B\"","x":"Om","b":"Text\tmed\u0001tecken"}"#
        );
    }

    /// A page whose text is `body` (or, with `html`, made from it in its batch).
    fn doc_with(body: &str, html: Option<&str>) -> Doc {
        Doc {
            html: html.map(Into::into),
            path: "/a/".into(),
            title: "Rubrik".into(),
            description: String::new(),
            headings: Vec::new(),
            body: body.into(),
            date: None,
            recency: None,
            facets: Vec::new(),
        }
    }

    #[test]
    fn a_count_stops_at_its_limit_instead_of_wrapping() {
        let mut d = doc_with("ord annat", None);
        d.title = "ord ".repeat(70_000);
        let mut words = Interner::default();
        let c = count_doc(&d, &d.body, 0, &mut words);
        let ord = words.words.iter().position(|w| &**w == "ord").unwrap() as u32;
        let n = c.words.iter().find(|(w, _)| *w == ord).unwrap().1;
        assert_eq!(n, [u16::MAX, 0, 0, 1]);
        assert_eq!(c.lens, [70_000, 0, 0, 2]);
    }

    #[test]
    fn a_page_counts_each_word_per_field_as_a_plain_tally_does() {
        let mut d = doc_with("", None);
        d.title = "Brobyggare i Göteborg".into();
        d.headings = vec![
            "Vad gör en brobyggare?".into(),
            "brobyggare och skola".into(),
        ];
        d.description = "Om brobyggare".into();
        let body =
            "Brobyggare arbetar i skolan. En brobyggare i Göteborg, i skolan, i tjänst. ".repeat(5);
        let mut words = Interner::default();
        // A page counted before, so that a word it shares is new to this page all the same.
        let first = doc_with("skolan Göteborg", None);
        count_doc(&first, &first.body, 0, &mut words);
        let c = count_doc(&d, &body, 1, &mut words);
        let mut expected: Vec<(String, [u16; FIELDS])> = Vec::new();
        let fields = [
            d.title.clone(),
            d.headings.join(" "),
            d.description.clone(),
            body,
        ];
        for (f, text) in fields.iter().enumerate() {
            for w in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                match expected.iter_mut().find(|(e, _)| e == w) {
                    Some((_, n)) => n[f] += 1,
                    None => {
                        let mut n = [0; FIELDS];
                        n[f] = 1;
                        expected.push((w.to_string(), n));
                    }
                }
            }
        }
        let got: Vec<(String, [u16; FIELDS])> = c
            .words
            .iter()
            .map(|(id, n)| (words.words[*id as usize].to_string(), *n))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(c.lens, [3, 7, 2, 60]);
    }

    #[test]
    fn words_are_counted_and_numbered_alike_in_chunks() {
        // Many chunks, counted in parallel, so that words first seen in a later chunk are
        // numbered after those of earlier ones, and their counts are by those numbers.
        let n = 8 * COUNT_CHUNK + 3;
        let mut docs: Vec<Doc> = (0..n)
            .map(|i| {
                let body = format!("Ord{} ord{} Delat delat DELAT ord{}", i, i % 7, i / 300);
                if i % 2 == 0 {
                    doc_with(&body, None)
                } else {
                    doc_with("", Some(&format!("<p>{body}</p><p>&amp;</p>")))
                }
            })
            .collect();
        let files = std::sync::Mutex::new(Vec::new());
        let (list, counts) = count_and_write_docs("sv", &mut docs, &[], &|batch| {
            files.lock().unwrap().extend(batch);
            Ok(())
        })
        .unwrap();
        let mut files = files.into_inner().unwrap();
        // Handed on in no fixed order: by number.
        let number = |f: &OutputFile| -> usize {
            f.path
                .file_stem()
                .unwrap()
                .to_str()
                .unwrap()
                .parse()
                .unwrap()
        };
        files.sort_by_key(number);
        // The lowercase words in the order they first occur, one page after the other.
        let mut want: Vec<String> = Vec::new();
        for i in 0..n {
            let body = format!("rubrik ord{} ord{} delat ord{}", i, i % 7, i / 300);
            for w in body.split(' ') {
                if !want.iter().any(|x| x == w) {
                    want.push(w.to_string());
                }
            }
        }
        let got: Vec<&str> = list.iter().map(|w| &**w).collect();
        assert_eq!(got, want);
        for (i, c) in counts.iter().enumerate() {
            let count = |w: &str| -> u32 {
                let id = want.iter().position(|x| x == w).unwrap() as u32;
                c.words
                    .iter()
                    .filter(|(x, _)| *x == id)
                    .map(|(_, n)| u32::from(n[3]))
                    .sum()
            };
            assert_eq!(count("delat"), 3, "page {i}");
            assert_eq!(c.lens, [1, 0, 0, 6], "page {i}");
        }
        // Two pages a file, in order, the text made from the HTML where there was one.
        assert_eq!(files.len(), n.div_ceil(2));
        let last = format!("search/sv/d/{}.json", n / 2);
        assert_eq!(files[n / 2].path, PathBuf::from(last));
        let Contents::Bytes(json) = &files[1].contents else {
            panic!("bytes")
        };
        let pages: serde_json::Value = serde_json::from_slice(json).unwrap();
        assert_eq!(pages[0]["b"], "Ord2 ord2 Delat delat DELAT ord0");
        assert_eq!(pages[1]["b"], "Ord3 ord3 Delat delat DELAT ord0 &");
        // The text is let go once written.
        assert!(docs.iter().all(|d| d.body.is_empty() && d.html.is_none()));
    }

    #[test]
    fn compounds_split_against_the_vocabulary() {
        let terms: Vec<String> = [
            "brobygg",
            "brobyggarutbildning",
            "utbildning",
            "arbet",
            "arbetsmarknad",
            "marknad",
            "kommun",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut known: FastMap<String, u32> = FastMap::default();
        for (i, t) in terms.iter().enumerate() {
            known.insert(t.clone(), i as u32);
        }
        known.insert("brobyggare".into(), 0);
        known.insert("arbete".into(), 3);
        let parts = compound_parts(&terms, &known);
        assert_eq!(parts[1], vec![0, 2], "brobyggar|utbildning");
        assert_eq!(parts[4], vec![3, 5], "arbets|marknad");
        assert!(parts[6].is_empty(), "kommun has no parts");
        assert!(parts[2].is_empty(), "utbildning has no parts");
    }

    #[test]
    fn postings_encode_as_gaps_and_scores() {
        assert_eq!(encode_postings(&[(0, 1), (1, 63), (2, 2)]), "AAA-AB");
        // Gap 40 - 2 - 1 = 37: 37 & 31 = 5 with the continuation bit → 'l', then 1 → 'B'.
        assert_eq!(encode_postings(&[(2, 1), (40, 1)]), "CAlBA");
        assert_eq!(encode_ids(&[0, 1, 5]), "AAD");
    }

    #[test]
    fn shard_files_are_safe_names() {
        assert_eq!(shard_file("go"), "go.json");
        assert_eq!(shard_file("20"), "20.json");
        assert_eq!(shard_file("ро"), "_d180d0be.json");
    }

    #[test]
    fn shards_split_by_one_more_letter_when_too_big() {
        let terms = [
            "for",
            "forening",
            "fortroende",
            "forvaltning",
            "go",
            "goteborg",
        ];
        let sizes = [5, 10, 10, 10, 1, 3];
        let shards = plan_shards(&terms, &sizes, 20);
        let keys: Vec<(&str, bool)> = shards.iter().map(|s| (s.key.as_str(), s.split)).collect();
        assert_eq!(
            keys,
            [
                ("fo", true),
                ("for", true),
                ("fore", false),
                ("fort", false),
                ("forv", false),
                ("go", false)
            ]
        );
        // The split key keeps the term exactly as long as it and merges the ones below.
        assert_eq!(shards[1].terms, vec![0]);
        assert_eq!(shards[1].below, vec![1, 2, 3]);
        assert_eq!(shards[5].terms, vec![4, 5]);
        // Every term is in exactly one shard.
        let mut all: Vec<usize> = shards.iter().flat_map(|s| s.terms.clone()).collect();
        all.sort();
        assert_eq!(all, (0..terms.len()).collect::<Vec<_>>());
    }

    #[test]
    fn scores_are_quantised_within_range() {
        assert_eq!(quantiser(10.0)(10.0), 63);
        assert_eq!(quantiser(10.0)(0.0001), 1);
        assert_eq!(quantiser(0.0)(1.0), 1);
        // Low scores keep their precision next to a high one: within 6 % after a round trip.
        for s in [1.0, 2.5, 7.0, 30.0] {
            let q = quantiser(35.0)(s);
            let back = dequantiser(35.0, 1)(q);
            assert_eq!(
                dequantiser(35.0, 1000)(q),
                back,
                "a level looked up is the one worked out"
            );
            assert!((back - s).abs() / s < 0.06, "{s} came back as {back}");
        }
        assert!(quantiser(35.0)(2.0) < quantiser(35.0)(3.0));
    }
}
