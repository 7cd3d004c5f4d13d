//! The term shards (`t/<key>.json`): terms grouped by prefix, a group split by one more
//! character while it holds too many postings.

use std::path::Path;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::output::{Contents, OutputFile};

use super::build::Built;
use super::format::{Sink, encode_postings, shard_file, shard_part_file};
use super::score::{dequantiser, idf, quantiser};

/// A shard with more postings than this is split by one more character of its key.
pub(super) const SHARD_POSTINGS: usize = 12_000;
/// A shard holds at most this many postings of a term: its best pages, by score, then newest.
/// The rest goes to a file of its own (`rest_file`), which the client fetches only when a
/// query needs it (several words, filters, facet counts, or results past these), so that a
/// word found on most pages of a large site does not make a first query download every page
/// number.
pub(super) const HEAD: usize = 250;
/// In a shard that stays too big at the longest key (a word with many compounds), each term
/// keeps fewer, down to this many: still two pages of results.
const MIN_HEAD: usize = 20;
/// What a term counts for at most when shards are planned (`write`).
pub(super) const PLAN_POSTINGS: usize = 8 * HEAD;
/// What the terms of such a shard keep together, at most (unless `MIN_HEAD` each is more).
const HEAD_BUDGET: usize = SHARD_POSTINGS / 2;

/// How many postings of a term shard `s` holds: `HEAD`, or fewer where its terms' heads
/// together would pass `SHARD_POSTINGS` (then `HEAD_BUDGET` shared out).
fn head_of(built: &Built, s: &Shard) -> usize {
    let total: usize = s
        .terms
        .iter()
        .map(|&i| built.terms[i].postings.len().min(HEAD))
        .sum();
    if total <= SHARD_POSTINGS {
        HEAD
    } else {
        (HEAD_BUDGET / s.terms.len().max(1)).clamp(MIN_HEAD, HEAD)
    }
}
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

/// A term shard as written: `{"k": key, "t": [[term, display, max, postings]], "u": 1}`; `u`
/// says that the key is split and its merged list ("any term starting with the key"),
/// `[max, postings]`, is in `t/<key>~u.json`. A term with more postings than the shard holds
/// (`head_of`) has its best ones in the shard and a fifth item, `[df, cut, file]`: how many
/// pages it has in all, the lowest score of those in the shard (no page of the rest scores
/// higher) and the file of the rest (`t/<file>`, a JSON string of postings).
#[derive(serde::Serialize)]
struct ShardJson<'a> {
    k: &'a str,
    t: Vec<TermJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<u8>,
}

/// A term of a shard, an array as JSON: whole, or cut short with where its rest is.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum TermJson<'a> {
    Whole(&'a str, &'a str, u64, String),
    Cut(&'a str, &'a str, u64, String, (usize, u8, String)),
}

/// Writing to a Vec cannot fail.
fn to_json(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// The term shards (`t/<key>.json`, see `ShardJson`), without a value tree for every term.
pub(super) fn shard_files(
    dir: &Path,
    built: &Built,
    shards: &[Shard],
    sink: &Sink,
) -> Result<(), Diagnostic> {
    // A table of scores by page number for the split shards, per rayon job (a few per thread,
    // not one per shard: one per shard made this step grow with pages × shards).
    let no_scores = || {
        (
            vec![0.0f64; built.docs.len()],
            vec![false; built.docs.len()],
        )
    };
    // Handed on a few dozen shards at a time: on a large site the shards together are as
    // large as the postings they are made of.
    shards
        .par_chunks(SHARDS_A_BATCH)
        .map_init(no_scores, |(best, seen), group| {
            group
                .iter()
                .flat_map(|s| shard_and_beside(dir, built, s, best, seen))
                .collect::<Vec<_>>()
        })
        .try_for_each(sink)
}

/// Shards handed on at once.
const SHARDS_A_BATCH: usize = 32;

/// A shard's file, and beside it the rest of each term it keeps only the best of and, for a
/// split key, its merged list; `best` and `seen` are a table by page number, left as found.
fn shard_and_beside(
    dir: &Path,
    built: &Built,
    s: &Shard,
    best: &mut [f64],
    seen: &mut [bool],
) -> Vec<OutputFile> {
    let head = head_of(built, s);
    // Beside the shard: the rest of each term it keeps only the best of, and the merged
    // list of a split key.
    let mut beside = Vec::new();
    let terms: Vec<TermJson> = s
        .terms
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let t = &built.terms[i];
            let display = if t.display == t.term { "" } else { &t.display };
            let max = (t.max * 1000.0).round() as u64;
            let Some((best, rest, cut)) = split_postings(&t.postings, head) else {
                return TermJson::Whole(&t.term, display, max, encode_postings(&t.postings));
            };
            let file = shard_part_file(&s.key, n);
            beside.push(OutputFile {
                path: dir.join("t").join(&file),
                contents: Contents::Bytes(to_json(&encode_postings(&rest))),
            });
            let df = t.postings.len();
            TermJson::Cut(
                &t.term,
                display,
                max,
                encode_postings(&best),
                (df, cut, file),
            )
        })
        .collect();
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
        // In a file of its own: only a word still being typed needs it, and on a large
        // site it names most pages.
        let max = (max * 1000.0).round() as u64;
        beside.push(OutputFile {
            path: dir.join("t").join(shard_part_file(&s.key, "u")),
            contents: Contents::Bytes(to_json(&(max, encode_postings(&merged)))),
        });
    }
    let json = ShardJson {
        k: &s.key,
        t: terms,
        u: s.split.then_some(1),
    };
    let shard = OutputFile {
        path: dir.join("t").join(shard_file(&s.key)),
        contents: Contents::Bytes(to_json(&json)),
    };
    std::iter::once(shard).chain(beside).collect()
}

/// The best `n` postings of a list longer than that and the others, each in page order, and
/// the lowest score among the best; `None` for a list that fits.
type Split = (Vec<(u32, u8)>, Vec<(u32, u8)>, u8);
fn split_postings(postings: &[(u32, u8)], n: usize) -> Option<Split> {
    if postings.len() <= n || n == 0 {
        return None;
    }
    // Best first, the newer (lower page number) of equals first: the client's order.
    let mut by_rank: Vec<(u32, u8)> = postings.to_vec();
    by_rank.select_nth_unstable_by_key(n - 1, |&(d, q)| (std::cmp::Reverse(q), d));
    let mut rest = by_rank.split_off(n);
    let cut = by_rank.iter().map(|&(_, q)| q).min().unwrap_or(1);
    by_rank.sort_unstable();
    rest.sort_unstable();
    Some((by_rank, rest, cut))
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
