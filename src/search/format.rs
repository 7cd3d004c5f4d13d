//! The shape of the index's files: where they go, their format number, and how postings and
//! page lists are written as base64 strings.

use crate::diag::Diagnostic;
use crate::output::OutputFile;

/// The folder of the site's output that holds the indexes (and, from the theme, the client).
pub const DIR: &str = "search";
/// Bumped when the files change shape, so a cached client can tell.
pub const FORMAT: u32 = 5;
/// Pages in one page file (`d/<n>.json`): a first query fetches the files of its five
/// results, and at 100 000 pages two pages a file made it 11 KB larger, over its 60 KB budget;
/// one a file costs a 10 000-page build about 6 % more time writing files (BENCHMARKS.md).
pub const PAGES_PER_FILE: usize = 1;

/// Fields of a page, in this order everywhere.
pub(super) const FIELDS: usize = 4;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Where the index's files go: called from several threads at once.
pub type Sink<'a> = dyn Fn(Vec<OutputFile>) -> Result<(), Diagnostic> + Sync + 'a;

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

/// A file beside shard `key`'s: `<shard>~<part>.json`, the rest of the postings of its `n`th
/// term (`part` = n) or its merged list (`u`, named the same by the client).
pub fn shard_part_file(key: &str, part: impl std::fmt::Display) -> String {
    let shard = shard_file(key);
    let stem = shard.strip_suffix(".json").unwrap_or(&shard);
    format!("{stem}~{part}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
