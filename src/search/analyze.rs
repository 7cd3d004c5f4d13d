//! Words into index terms, the same way here and in the client: Unicode NFC, lowercase,
//! Snowball stemming by the page's language, stop words left out, diacritics folded.

use std::collections::HashSet;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Words shorter than this are not indexed.
const MIN_WORD: usize = 2;

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

/// `text` in Unicode NFC, borrowed when it already is (nearly always). Text below U+0300 (no
/// byte from 0xCC up) is NFC whatever it holds: nothing there composes or decomposes.
pub(super) fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
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
pub(super) fn lower_into(word: &str, buf: &mut String) {
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
    pub(super) stem_name: &'static str,
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

    pub(super) fn stop_words(&self) -> Vec<&'static str> {
        let mut v: Vec<&str> = self.stop.iter().copied().collect();
        v.sort_unstable();
        v
    }
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
}
