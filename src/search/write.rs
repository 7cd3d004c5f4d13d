//! The index written: for every language its pages' files, term shards, facets and manifest,
//! handed to a sink in batches.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::content::model::Site;
use crate::diag::Diagnostic;
use crate::output::OutputFile;

use super::analyze::Analyzer;
use super::build::{Built, Texts, build_language};
use super::docs::facet_names;
use super::format::{DIR, FORMAT, PAGES_PER_FILE, Sink, encode_ids, shard_file};
use super::json::json_file;
use super::shards::{PLAN_POSTINGS, SHARD_POSTINGS, plan_shards, shard_files};
use super::vocab::vocab_files;

/// `facets.json`: for each facet its values in the taxonomy's order (years newest first), each
/// with its pages, for the counts beside the filters; and each value's pages again in a file of
/// its own, `f/<facet>/<value>.json` (both named as shards are), which is all a query with a
/// filter needs: on a large site `facets.json` alone would be more than a first query may take.
fn facets_file(dir: &Path, built: &Built, facets: &[String]) -> Vec<OutputFile> {
    let mut facet_json = Vec::new();
    let mut files = Vec::new();
    for (f, name) in facets.iter().enumerate() {
        let mut values: HashMap<&str, Vec<u32>> = HashMap::new();
        for (d, doc) in built.docs.iter().enumerate() {
            for v in &doc.facets[f] {
                values.entry(v.as_ref()).or_default().push(d as u32);
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
        let folder = dir.join("f").join(shard_stem(name));
        for (value, ids) in names.iter().zip(&ids) {
            files.push(json_file(folder.join(shard_file(value)), ids));
        }
        facet_json.push(json!({ "name": name, "values": names, "docs": ids }));
    }
    files.push(json_file(
        dir.join("facets.json"),
        &json!({ "v": FORMAT, "facets": facet_json }),
    ));
    files
}

/// A shard's file name without `.json`: a folder named as a shard is.
fn shard_stem(key: &str) -> String {
    let file = shard_file(key);
    file.strip_suffix(".json").unwrap_or(&file).to_string()
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
    // Shards are planned as if a term had at most `PLAN_POSTINGS`, more than a shard keeps of
    // it: a word on many pages still gets a shard with few other terms, whose best pages
    // (`HEAD`) are small, but not one shard of its own per letter down to the longest key,
    // which on a large site made the manifest (in every first query) three times as big.
    let sizes: Vec<usize> = built
        .terms
        .iter()
        .map(|t| t.postings.len().min(PLAN_POSTINGS))
        .collect();
    let shards = plan_shards(&names, &sizes, SHARD_POSTINGS);
    // The facets beside the shards: a serial step that would otherwise leave a core idle.
    let (written, facets_json) = rayon::join(
        || shard_files(&dir, built, &shards, sink),
        || facets_file(&dir, built, facets),
    );
    written?;
    let mut files = facets_json;
    let (vocab, letters) = vocab_files(&dir, &built.terms);
    files.extend(vocab);
    laps.lap("  search shards and facets");

    // The manifest, last written and first read.
    let keys = front_coded(shards.iter().map(|s| (s.key.as_str(), s.split)));
    let manifest = json!({
        "v": FORMAT,
        "lang": lang,
        "stem": analyzer.stem_name,
        "docs": built.docs.len(),
        "per_file": PAGES_PER_FILE,
        "keys": keys,
        "stop": analyzer.stop_words().join(" "),
        "vocab": letters.join(" "),
        "facets": facets,
    });
    files.push(json_file(dir.join("manifest.json"), &manifest));
    sink(files)
}

/// The search index files of the site, for every language, by path; none unless `[search]`
/// is set.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let _ = write_index(site, None, &|batch| {
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
/// The pages' text is read from the site, or from `texts` when it was taken out of it.
pub fn write_index(site: &Site, mut texts: Option<Texts>, sink: &Sink) -> Result<(), Diagnostic> {
    if site.config.search.is_none() {
        return Ok(());
    }
    let facets = facet_names(site);
    for lang in site.config.language_codes() {
        let built = build_language(site, lang, &facets, sink, texts.as_mut())?;
        write_language(lang, &built, &facets, sink)?;
    }
    Ok(())
}

/// The shard keys as the manifest lists them, in order, separated by spaces: each key as the
/// number of its first characters (UTF-16 code units, as the client counts) that it shares
/// with the key before it, one digit, then the rest; `*` after a split key. The keys of a
/// large site share long prefixes (`arbetad arbetae arbetag`): written so, the manifest every
/// first query downloads is less than half as large after compression.
fn front_coded<'a>(keys: impl Iterator<Item = (&'a str, bool)>) -> String {
    let mut out = String::new();
    let mut prev = "";
    for (key, split) in keys {
        let mut shared = 0;
        let mut units = 0;
        for (a, b) in prev.chars().zip(key.chars()) {
            if a != b || units + a.len_utf16() > 9 {
                break;
            }
            units += a.len_utf16();
            shared += a.len_utf8();
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(char::from(b'0' + units as u8));
        out.push_str(&key[shared..]);
        if split {
            out.push('*');
        }
        prev = key;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn shard_keys_are_written_by_what_they_add_to_the_key_before() {
        let keys = [
            ("ab", false),
            ("abc", true),
            ("abd", false),
            ("b", false),
            ("bå", true),
        ];
        assert_eq!(super::front_coded(keys.into_iter()), "0ab 2c* 2d 0b 1å*");
        // At most nine shared, so that the count is one digit.
        let long = [("abcdefghijkl", false), ("abcdefghijkm", false)];
        assert_eq!(super::front_coded(long.into_iter()), "0abcdefghijkl 9jkm");
    }
}
