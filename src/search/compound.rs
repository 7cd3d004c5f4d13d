//! Swedish compounds split against the site's own vocabulary, so that a compound is also
//! found, at lower weight, by its parts.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::analyze::{Analyzer, fold};
use super::words::FastMap;

/// A part of a compound counts this much of the compound's frequency.
pub(super) const COMPOUND_WEIGHT: f32 = 0.5;

/// Splits Swedish compounds against the vocabulary: for each term, the terms of its parts.
/// `known` maps words and terms (folded) to term ids.
pub(super) fn compound_parts(terms: &[String], known: &FastMap<String, u32>) -> Vec<Vec<u32>> {
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

/// What compounds are split against: every word's folded spelling and every term, to its term
/// id. `words` are the index's words (lowercase NFC) with their terms.
pub(super) fn known_words<'w>(
    words: impl Iterator<Item = (&'w str, u32)>,
    term_id: &FastMap<&str, u32>,
) -> FastMap<String, u32> {
    let mut known: FastMap<String, u32> = FastMap::default();
    for (w, t) in words {
        known.insert(fold(w), t);
    }
    for (t, &id) in term_id {
        known.insert(t.to_string(), id);
    }
    known
}

/// The Swedish terms of `words` (lowercase NFC, as the index counts them), each with the terms
/// of its parts, split against those words as the index splits compounds. The index's own
/// steps on a list of words, public for the fuzz target (`fuzz/fuzz_targets/search.rs`).
pub fn split_compounds(words: &[String]) -> BTreeMap<String, Vec<String>> {
    let analyzer = Analyzer::new("sv");
    let word_terms: Vec<Option<String>> = words.iter().map(|w| analyzer.term(w)).collect();
    let terms: Vec<String> = word_terms
        .iter()
        .flatten()
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let term_id: FastMap<&str, u32> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    let known = known_words(
        words
            .iter()
            .zip(&word_terms)
            .filter_map(|(w, t)| Some((w.as_str(), term_id[t.as_deref()?]))),
        &term_id,
    );
    let parts = compound_parts(&terms, &known);
    terms
        .iter()
        .zip(parts)
        .map(|(t, p)| {
            (
                t.clone(),
                p.iter().map(|&i| terms[i as usize].clone()).collect(),
            )
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn words_are_split_as_the_index_splits_them() {
        let words: Vec<String> = ["brobyggare", "utbildningen", "brobyggarutbildningen", "och"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let split = split_compounds(&words);
        assert_eq!(
            split["brobyggarutbildning"],
            ["brobygg", "utbildning"],
            "{split:?}"
        );
        assert!(split["utbildning"].is_empty());
        assert!(!split.contains_key("och"), "a stop word is no term");
    }
}
