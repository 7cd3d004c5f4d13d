//! The vocabulary file (`v.json`): the index's most frequent terms, each with the way it is
//! most often written and the number of its pages. The client fetches it only when a query
//! finds nothing, to suggest a corrected query from the whole vocabulary rather than from the
//! shard of each word.

use std::path::Path;

use crate::output::OutputFile;

use super::format::FORMAT;
use super::json::json_file;
use super::score::TermEntry;

/// Terms in the file at most: the most frequent (about 4 bytes gzip each).
const MAX_TERMS: usize = 30_000;

/// `{"v": FORMAT, "t": "term term …", "w": "spelling …" (empty where it is the term), "n":
/// [pages, …]}`, the terms in sorted order.
pub(super) fn vocab_file(dir: &Path, terms: &[TermEntry]) -> OutputFile {
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
    let mut t = Vec::with_capacity(chosen.len());
    let mut w = Vec::with_capacity(chosen.len());
    let mut n = Vec::with_capacity(chosen.len());
    for &i in &chosen {
        let e = &terms[i];
        t.push(e.term.as_str());
        w.push(if e.display == e.term {
            ""
        } else {
            e.display.as_str()
        });
        n.push(e.postings.len());
    }
    json_file(
        dir.join("v.json"),
        &serde_json::json!({ "v": FORMAT, "t": t.join(" "), "w": w.join(" "), "n": n }),
    )
}
