//! The vocabulary files (`v/<letter>.json`): the index's most frequent terms, each with the way
//! it is most often written and the number of its pages, a file for each first letter. The
//! client fetches a word's file only when the word finds nothing, to suggest a corrected query
//! from the whole vocabulary rather than from the shard of the word (a suggestion starts with
//! the word's letter: few mistype the first).

use std::path::Path;

use crate::output::OutputFile;

use super::format::{FORMAT, shard_file};
use super::json::json_file;
use super::score::TermEntry;

/// Terms in the file at most: the most frequent (about 4 bytes gzip each).
const MAX_TERMS: usize = 30_000;

/// For each first letter of the chosen terms, `{"v": FORMAT, "t": "term term …", "w":
/// "spelling …" (empty where it is the term), "n": [pages, …]}`, the terms in sorted order;
/// and the letters, in order.
pub(super) fn vocab_files(dir: &Path, terms: &[TermEntry]) -> (Vec<OutputFile>, Vec<String>) {
    let mut chosen: Vec<usize> = (0..terms.len()).collect();
    if chosen.len() > MAX_TERMS {
        // The most frequent, ties to the term first in order; then back in term order.
        chosen.sort_by(|&a, &b| {
            terms[b]
                .postings
                .len()
                .cmp(&terms[a].postings.len())
                .then(a.cmp(&b))
        });
        chosen.truncate(MAX_TERMS);
        chosen.sort_unstable();
    }
    let mut files = Vec::new();
    let mut letters = Vec::new();
    let mut start = 0;
    while start < chosen.len() {
        let first = |i: usize| terms[chosen[i]].term.chars().next().unwrap_or(' ');
        let letter = first(start);
        let mut end = start + 1;
        while end < chosen.len() && first(end) == letter {
            end += 1;
        }
        let group = &chosen[start..end];
        let t: Vec<&str> = group.iter().map(|&i| terms[i].term.as_str()).collect();
        let w: Vec<&str> = group
            .iter()
            .map(|&i| {
                let e = &terms[i];
                if e.display == e.term {
                    ""
                } else {
                    e.display.as_str()
                }
            })
            .collect();
        let n: Vec<usize> = group.iter().map(|&i| terms[i].postings.len()).collect();
        let key = letter.to_string();
        files.push(json_file(
            dir.join("v").join(shard_file(&key)),
            &serde_json::json!({ "v": FORMAT, "t": t.join(" "), "w": w.join(" "), "n": n }),
        ));
        letters.push(key);
        start = end;
    }
    (files, letters)
}
