//! Any text through the search analyser: words found as a plain scan of the characters finds
//! them, every word's term folded, at least two characters and the same for the word in any
//! Unicode normal form, and Swedish compounds split only into terms of the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spindel::search::{Analyzer, fold, for_each_word, split_compounds};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The words of `text` one character at a time: runs of letters, digits and combining marks.
fn words_slowly(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric() || is_combining_mark(c), open) {
            (true, None) => open = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push((s, text.len()));
    }
    out
}

fuzz_target!(|text: &str| {
    let mut words = Vec::new();
    for_each_word(text, |s, e| words.push((s, e)));
    assert_eq!(words, words_slowly(text), "words of {text:?}");

    let analyzers = [
        Analyzer::new("sv"),
        Analyzer::new("en"),
        Analyzer::new("rom"),
    ];
    let mut lower_words = Vec::new();
    for &(s, e) in &words {
        let word = &text[s..e];
        let lower: String = word.nfc().collect::<String>().to_lowercase();
        let folded = fold(&lower);
        assert_eq!(fold(&folded), folded, "folding {lower:?} twice");
        for a in &analyzers {
            let term = a.normalize(word);
            if let Some(t) = &term {
                assert!(t.chars().count() >= 2, "{word:?} → {t:?}");
                assert_eq!(&fold(t), t, "the term of {word:?} is folded");
                assert!(!t.chars().any(char::is_whitespace), "{word:?} → {t:?}");
            }
            // The client may send the word in another normal form.
            let nfd: String = word.nfd().collect();
            assert_eq!(a.normalize(&nfd), term, "{word:?} decomposed");
            assert_eq!(a.term(&lower), term, "{word:?} as the index counts it");
        }
        lower_words.push(lower);
    }

    let split = split_compounds(&lower_words);
    for (term, parts) in &split {
        assert!(parts.is_sorted(), "{term}: {parts:?}");
        for p in parts {
            assert_ne!(p, term, "a compound is not its own part");
            assert!(
                split.contains_key(p),
                "{term}: part {p:?} is a term of the text"
            );
        }
        if term.chars().count() < 7 {
            assert!(parts.is_empty(), "{term} is too short to split: {parts:?}");
        }
    }
});
