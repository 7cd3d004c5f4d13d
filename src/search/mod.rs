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
//! Files of an index (format 5; all JSON):
//! - `manifest.json`: the page count, the shard keys (front-coded: each as the number of
//!   characters it shares with the one before, then the rest), the stop words and the facets.
//!   Small: it grows with the number of shards, not of pages.
//! - `t/<key>.json`: a term shard. A term lives in the shard with the longest key that is a
//!   prefix of it. Keys start with two characters and get one more where a shard would hold too
//!   many postings; such a split key (`*` in the manifest) keeps the terms exactly as long as the
//!   key and one merged posting list for "any term starting with the key", so that typing one more
//!   letter fetches at most one new shard. A shard holds at most `HEAD` (250) postings of a
//!   term, its best pages; a term with more has `[df, cut, file]` beside them, and the rest of
//!   its postings in `t/<shard>~<n>.json`, which the client fetches only when a query needs
//!   every page (`shards.rs`).
//! - `facets.json`: for each facet (taxonomies and the year) its values and their pages, fetched
//!   only for the counts beside the filters (when the reader opens them); and
//!   `f/<facet>/<value>.json`, one value's pages (both named as shards are: `f/kommun/_426f72c3a573.json`
//!   is Borås), all that a query with that filter fetches.
//! - `d/<n>.json`: page `n` (`PAGES_PER_FILE`, `per_file` in the manifest: the client reads
//!   page `id` as item `id % per_file` of file `id / per_file`), an array of one object each: address, title, what it is (page, section, term), date,
//!   description, facet values and the text for snippets, a block a line (`snippet`), fetched
//!   only for the results shown.
//! - `v/<letter>.json`: the vocabulary (the most frequent terms, their spelling and page
//!   counts), a file per first letter (named as shards are; the letters are `vocab` in the
//!   manifest), fetched only when a word finds nothing, to suggest the nearest words.
//!
//! Postings are strings over the URL-safe base64 alphabet: per page the gap to the previous page
//! number minus one as a varint (5 bits a character, 32 = more follows), then the score as one
//! character (score - 1). Page lists of facets are the gaps alone.
//!
//! Takes the rendered site; gives the index's files, handed to a sink in batches as they are
//! made (`write_index`) or all at once (`index_files`). One file per step: `docs` (the
//! searchable pages), `text` (their plain text from the Markdown pass, cut to length), `words` and `analyze` (words, and words
//! into terms), `count` (words counted per page; the page files written on the way),
//! `compound` (compounds split), `score` (BM25, quantised), `snippet` (the text shown, block by block), `build` (one
//! language's index from those steps), `vocab` (the vocabulary files), `shards` (terms grouped into shard files), `json` and `format` (how the files
//! are written), `write` (every language's files). The byte-parallel kernels they run on are
//! in `crate::text::swar`.

mod analyze;
mod build;
mod compound;
mod count;
mod docs;
mod format;
mod text;
mod json;
mod score;
mod shards;
mod snippet;
mod vocab;
mod words;
mod write;

pub use analyze::{Analyzer, fold};
pub use build::Texts;
pub use compound::split_compounds;
pub use docs::facet_names;
pub use format::{DIR, FORMAT, PAGES_PER_FILE, Sink, encode_ids, encode_postings, shard_file};
pub use shards::{Shard, plan_shards};
pub use words::for_each_word;
pub use write::{index_files, write_index};
