//! The term shards (`t/<key>.json`): terms grouped by prefix, a group split by one more
//! character while it holds too many postings.

use std::path::Path;

use rayon::prelude::*;

use crate::output::{Contents, OutputFile};

use super::build::Built;
use super::format::{encode_postings, shard_file};
use super::score::{dequantiser, idf, quantiser};

/// A shard with more postings than this is split by one more character of its key.
pub(super) const SHARD_POSTINGS: usize = 12_000;
/// A shard with more terms than this is split too: a real vocabulary has many rare words (most
/// compounds), whose spellings, not postings, make most of a shard's bytes.
pub(super) const SHARD_TERMS: usize = 400;
/// Shard keys are at least this many characters long, and at most `MAX_KEY`.
const MIN_KEY: usize = 2;
const MAX_KEY: usize = 8;

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
/// holds more than `limit` postings or `SHARD_TERMS` terms.
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
        if (total <= limit && members.len() <= SHARD_TERMS) || len >= MAX_KEY || members.len() == 1
        {
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

/// A term shard as written: `{"k": key, "t": [[term, display, max, postings]], "u": [max,
/// postings]}`, `u` ("any term starting with the key") only in a split shard.
#[derive(serde::Serialize)]
struct ShardJson<'a> {
    k: &'a str,
    t: Vec<(&'a str, &'a str, u64, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<(u64, String)>,
}

/// The term shards (`t/<key>.json`, see `ShardJson`), without a value tree for every term.
pub(super) fn shard_files(dir: &Path, built: &Built, shards: &[Shard]) -> Vec<OutputFile> {
    // A table of scores by page number for the split shards, per rayon job (a few per thread,
    // not one per shard: one per shard made this step grow with pages × shards).
    let no_scores = || {
        (
            vec![0.0f64; built.docs.len()],
            vec![false; built.docs.len()],
        )
    };
    shards
        .par_iter()
        .map_init(no_scores, |(best, seen), s| {
            let terms = s
                .terms
                .iter()
                .map(|&i| {
                    let t = &built.terms[i];
                    let display = if t.display == t.term { "" } else { &t.display };
                    let max = (t.max * 1000.0).round() as u64;
                    (t.term.as_str(), display, max, encode_postings(&t.postings))
                })
                .collect();
            let mut any = None;
            if s.split {
                // "Any term starting with the key": each page's best score among them, without
                // the terms' idf (the client weighs the prefix as one word).
                // Scores by page number in a flat table (a tree map made this step grow
                // faster than the site), set back as it is read.
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
                any = Some(((max * 1000.0).round() as u64, encode_postings(&merged)));
            }
            let json = ShardJson {
                k: &s.key,
                t: terms,
                u: any,
            };
            OutputFile {
                path: dir.join("t").join(shard_file(&s.key)),
                // Writing to a Vec cannot fail.
                contents: Contents::Bytes(serde_json::to_vec(&json).unwrap_or_default()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
