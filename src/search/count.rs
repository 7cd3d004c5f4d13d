//! Counting the words of every page, per field, and writing the page files (`d/<n>.json`) on
//! the way, chunk by chunk and in parallel.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::text::swar;

use super::analyze::{lower_into, nfc};
use super::docs::Doc;
use super::format::{DIR, FIELDS, PAGES_PER_FILE, Sink};
use super::text::{MAX_TEXT, cap_text};

use super::json::doc_json;
use super::snippet::snippet_text;
use super::words::{FastMap, for_each_word};

/// The words of a part of the site, each once, numbered in the order they were first seen.
#[derive(Default)]
struct Interner {
    /// Words of up to 16 bytes (nearly all), packed into a number: no string to compare.
    short: FastMap<u128, u32>,
    long: FastMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Per word: the page that last counted it, and its counts there per field, 16 bits each
    /// (field `f` in bits `16 f` up).
    seen: Vec<(u32, u64)>,
    /// Room for the list of a page's words while it is made (see `count_doc`).
    order: Vec<u32>,
}

impl Interner {
    /// The number of the word `text[start..end]` (from one character boundary to another).
    #[inline(always)]
    fn id(&mut self, text: &str, start: usize, end: usize) -> usize {
        match swar::pack_at(text.as_bytes(), start, end) {
            Some(packed) => match self.short.get(&packed) {
                Some(&id) => id as usize,
                None => self.add_short(packed, &text[start..end]),
            },
            None => self.id_of_long(&text[start..end]),
        }
    }

    /// A word of up to 16 bytes seen for the first time (the rare case, out of the loop).
    #[cold]
    #[inline(never)]
    fn add_short(&mut self, packed: u128, word: &str) -> usize {
        let id = self.add(word);
        self.short.insert(packed, id as u32);
        id
    }

    /// A word of more than 16 bytes (a long compound, rare), out of the loop.
    #[cold]
    #[inline(never)]
    fn id_of_long(&mut self, word: &str) -> usize {
        if let Some(&id) = self.long.get(word) {
            return id as usize;
        }
        let id = self.add(word);
        self.long.insert(word.into(), id as u32);
        id
    }

    fn add(&mut self, word: &str) -> usize {
        self.words.push(word.into());
        self.seen.push((u32::MAX, 0));
        self.words.len() - 1
    }
}

/// Word counts of one page: (word number, count per field); and words per field. Counts are
/// 16 bits (a page's text is capped at `MAX_TEXT` characters, so a body count never reaches
/// the limit; a title would need 65 536 repetitions of one word): the counts of every page
/// are held at once, so each byte of a count is paid for as many times as the site has words.
pub(super) struct Counts {
    pub(super) words: Vec<(u32, [u16; FIELDS])>,
    pub(super) lens: [u32; FIELDS],
}

/// Counts the words of a page as written; they are lowercased later, once per word.
fn count_doc(doc: &Doc, body: &str, doc_no: u32, words: &mut Interner) -> Counts {
    let mut page = PageCount {
        doc_no,
        order: std::mem::take(&mut words.order),
        used: 0,
        lens: [0; FIELDS],
    };
    page.add::<0>(&doc.title, words);
    for h in &doc.headings {
        page.add::<1>(h, words);
    }
    page.add::<2>(&doc.description, words);
    page.add::<3>(body, words);
    // Held until every page is counted: no room to spare.
    let counts = Counts {
        words: page.order[..page.used]
            .iter()
            .map(|&id| {
                let n = words.seen[id as usize].1;
                (id, std::array::from_fn(|f| (n >> (16 * f)) as u16))
            })
            .collect(),
        lens: page.lens,
    };
    words.order = page.order;
    counts
}

/// A page's count while it is made.
struct PageCount {
    doc_no: u32,
    /// The words new to the page, in the order they first occur: `used` of them, in a list
    /// with room for one more than the page can have words, so that every word is written
    /// and only a new one kept. Whether a word is new is as good as random, and a branch on
    /// it would be mispredicted at every few words.
    order: Vec<u32>,
    used: usize,
    lens: [u32; FIELDS],
}

impl PageCount {
    /// Counts the words of `text` in field `FIELD` (a constant: its lane of the counts is
    /// found by a fixed shift).
    fn add<const FIELD: usize>(&mut self, text: &str, words: &mut Interner) {
        let text = nfc(text);
        // A word and what follows it take two bytes at least. (Never made shorter: its
        // entries past `used` are only ever written before they are read.)
        let room = self.used + text.len() / 2 + 2;
        if self.order.len() < room {
            self.order.resize(room, 0);
        }
        let (doc_no, order) = (self.doc_no, &mut self.order);
        let mut used = self.used;
        let mut len = 0;
        for_each_word(
            &text,
            #[inline(always)]
            |start, end| {
                len += 1;
                let id = words.id(&text, start, end);
                let seen = &mut words.seen[id];
                let new = seen.0 != doc_no;
                order[used] = id as u32;
                used += usize::from(new);
                // The four counts as lanes of one number, added to in a register: written to
                // one by one, an array in memory stalls the read of all four that follows.
                let counts = if new { 0 } else { seen.1 };
                let full = (counts >> (16 * FIELD)) & 0xffff == 0xffff;
                *seen = (doc_no, counts + (u64::from(!full) << (16 * FIELD)));
            },
        );
        self.used = used;
        self.lens[FIELD] += len;
    }
}

/// Pages counted by one task (with one `Interner`); a whole number of page files.
const COUNT_CHUNK: usize = 128;
/// Chunks counted before their words are numbered and let go.
const WAVE: usize = 64;
const _: () = assert!(COUNT_CHUNK.is_multiple_of(PAGES_PER_FILE));

/// Counts the words of every page and hands on their files (`d/N.json`), `COUNT_CHUNK` pages
/// at a time, in parallel; each chunk's text is let go once it is written. Returns the
/// lowercase words of the whole site (numbered in the order they first occur) and each page's
/// counts by those numbers (a page may count a word more than once, once per way it is
/// written).
pub(super) fn count_and_write_docs(
    lang: &str,
    docs: &mut [Doc],
    facets: &[String],
    sink: &Sink,
) -> Result<(Vec<Box<str>>, Vec<Counts>), Diagnostic> {
    let dir = PathBuf::from(DIR).join(lang).join("d");
    // Words new to the site are numbered in the order they first occur, whatever the
    // chunks: a chunk's words are in the order it first saw them.
    let mut ids: FastMap<Box<str>, u32> = FastMap::default();
    let mut list: Vec<Box<str>> = Vec::new();
    let mut counts = Vec::with_capacity(docs.len());
    let mut buf = String::new();
    // Chunks in waves: each chunk's words as written are held until they are numbered, and
    // on a large site every chunk's at once took more memory than the site's text they
    // replace; a wave's last chunk leaves a core idle only for one chunk's time.
    for (wave, docs) in docs.chunks_mut(COUNT_CHUNK * WAVE).enumerate() {
        let chunks: Vec<(Vec<Box<str>>, Vec<Counts>)> = docs
            .par_chunks_mut(COUNT_CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut words = Interner::default();
                let mut out = Vec::with_capacity(chunk.len());
                let first = (wave * WAVE + c) * COUNT_CHUNK;
                // A file's pages at a time, so that their text is still in the cache when it
                // is counted and written out.
                let files: Vec<OutputFile> = chunk
                    .chunks(PAGES_PER_FILE)
                    .enumerate()
                    .map(|(k, pages)| {
                        // Room for two pages' text at once (a few reallocations otherwise).
                        let mut json = Vec::with_capacity(16 * 1024);
                        json.push(b'[');
                        for (i, d) in pages.iter().enumerate() {
                            // A page's text as snippet lines: what it says, without its
                            // navigation, counted and shown alike.
                            let lines = d.text.as_ref().map(|t| snippet_text(t, &d.blocks));
                            let body = match &lines {
                                Some(text) => cap_text(text, MAX_TEXT),
                                None => d.body.as_str(),
                            };
                            let doc_no = first + k * PAGES_PER_FILE + i;
                            out.push(count_doc(d, body, doc_no as u32, &mut words));
                            if i > 0 {
                                json.push(b',');
                            }
                            // A term shows the titles of its pages, an attachment its text.
                            let shown = if d.text.is_none() && !d.listing.is_empty() {
                                &d.listing
                            } else {
                                body
                            };
                            doc_json(&mut json, d, shown, facets);
                        }
                        json.push(b']');
                        let n = first / PAGES_PER_FILE + k;
                        OutputFile {
                            path: dir.join(format!("{n}.json")),
                            contents: Contents::Bytes(json),
                        }
                    })
                    .collect();
                sink(files)?;
                // Together the pages' text is as large as the rest of the index's working memory.
                for d in chunk {
                    d.body = String::new();
                    d.text = None;
                    d.blocks = Vec::new();
                    d.listing = String::new();
                }
                Ok((words.words, out))
            })
            .collect::<Result<_, Diagnostic>>()?;
        for (words, out) in chunks {
            let remap: Vec<u32> = words
                .iter()
                .map(|w| {
                    lower_into(w, &mut buf);
                    match ids.get(buf.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = list.len() as u32;
                            list.push(buf.as_str().into());
                            ids.insert(buf.as_str().into(), id);
                            id
                        }
                    }
                })
                .collect();
            for mut c in out {
                for (id, _) in &mut c.words {
                    *id = remap[*id as usize];
                }
                counts.push(c);
            }
        }
    }
    Ok((list, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose text is `body`, or, for a page, `text` from the Markdown pass.
    fn doc_with(body: &str, text: Option<&str>) -> Doc<'static> {
        Doc {
            text: text.map(Into::into),
            blocks: Vec::new(),
            kind: "".into(),
            listing: String::new(),
            attached: None,
            of: None,
            path: "/a/".into(),
            title: "Rubrik".into(),
            description: "".into(),
            headings: Vec::new(),
            body: body.into(),
            date: None,
            recency: None,
            facets: Vec::new(),
            prior: 1.0,
        }
    }

    #[test]
    fn a_count_stops_at_its_limit_instead_of_wrapping() {
        let mut d = doc_with("ord annat", None);
        d.title = "ord ".repeat(70_000).into();
        let mut words = Interner::default();
        let c = count_doc(&d, &d.body, 0, &mut words);
        let ord = words.words.iter().position(|w| &**w == "ord").unwrap() as u32;
        let n = c.words.iter().find(|(w, _)| *w == ord).unwrap().1;
        assert_eq!(n, [u16::MAX, 0, 0, 1]);
        assert_eq!(c.lens, [70_000, 0, 0, 2]);
    }

    #[test]
    fn a_page_counts_each_word_per_field_as_a_plain_tally_does() {
        let mut d = doc_with("", None);
        d.title = "Brobyggare i Göteborg".into();
        d.headings = vec![
            "Vad gör en brobyggare?".into(),
            "brobyggare och skola".into(),
        ];
        d.description = "Om brobyggare".into();
        let body =
            "Brobyggare arbetar i skolan. En brobyggare i Göteborg, i skolan, i tjänst. ".repeat(5);
        let mut words = Interner::default();
        // A page counted before, so that a word it shares is new to this page all the same.
        let first = doc_with("skolan Göteborg", None);
        count_doc(&first, &first.body, 0, &mut words);
        let c = count_doc(&d, &body, 1, &mut words);
        let mut expected: Vec<(String, [u16; FIELDS])> = Vec::new();
        let fields = [
            d.title.to_string(),
            d.headings.join(" "),
            d.description.to_string(),
            body,
        ];
        for (f, text) in fields.iter().enumerate() {
            for w in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                match expected.iter_mut().find(|(e, _)| e == w) {
                    Some((_, n)) => n[f] += 1,
                    None => {
                        let mut n = [0; FIELDS];
                        n[f] = 1;
                        expected.push((w.to_string(), n));
                    }
                }
            }
        }
        let got: Vec<(String, [u16; FIELDS])> = c
            .words
            .iter()
            .map(|(id, n)| (words.words[*id as usize].to_string(), *n))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(c.lens, [3, 7, 2, 60]);
    }

    #[test]
    fn words_are_counted_and_numbered_alike_in_chunks() {
        // Many chunks, counted in parallel, so that words first seen in a later chunk are
        // numbered after those of earlier ones, and their counts are by those numbers.
        let n = 8 * COUNT_CHUNK + 3;
        let bodies: Vec<String> = (0..n)
            .map(|i| format!("Ord{} ord{} Delat delat DELAT ord{}", i, i % 7, i / 300))
            .collect();
        let texts: Vec<String> = bodies.iter().map(|b| format!("{b} &")).collect();
        let mut docs: Vec<Doc> = (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    doc_with(&bodies[i], None)
                } else {
                    doc_with("", Some(&texts[i]))
                }
            })
            .collect();
        let files = std::sync::Mutex::new(Vec::new());
        let (list, counts) = count_and_write_docs("sv", &mut docs, &[], &|batch| {
            files.lock().unwrap().extend(batch);
            Ok(())
        })
        .unwrap();
        let mut files = files.into_inner().unwrap();
        // Handed on in no fixed order: by number.
        let number = |f: &OutputFile| -> usize {
            f.path
                .file_stem()
                .unwrap()
                .to_str()
                .unwrap()
                .parse()
                .unwrap()
        };
        files.sort_by_key(number);
        // The lowercase words in the order they first occur, one page after the other.
        let mut want: Vec<String> = Vec::new();
        for i in 0..n {
            let body = format!("rubrik ord{} ord{} delat ord{}", i, i % 7, i / 300);
            for w in body.split(' ') {
                if !want.iter().any(|x| x == w) {
                    want.push(w.to_string());
                }
            }
        }
        let got: Vec<&str> = list.iter().map(|w| &**w).collect();
        assert_eq!(got, want);
        for (i, c) in counts.iter().enumerate() {
            let count = |w: &str| -> u32 {
                let id = want.iter().position(|x| x == w).unwrap() as u32;
                c.words
                    .iter()
                    .filter(|(x, _)| *x == id)
                    .map(|(_, n)| u32::from(n[3]))
                    .sum()
            };
            assert_eq!(count("delat"), 3, "page {i}");
            assert_eq!(c.lens, [1, 0, 0, 6], "page {i}");
        }
        // `PAGES_PER_FILE` pages a file, in order, with the Markdown pass's text where there
        // was one.
        let per = PAGES_PER_FILE;
        assert_eq!(files.len(), n.div_ceil(per));
        let last = (n - 1) / per;
        assert_eq!(
            files[last].path,
            PathBuf::from(format!("search/sv/d/{last}.json"))
        );
        let page = |k: usize| -> serde_json::Value {
            let Contents::Bytes(json) = &files[k / per].contents else {
                panic!("bytes")
            };
            let pages: serde_json::Value = serde_json::from_slice(json).unwrap();
            pages[k % per].clone()
        };
        assert_eq!(page(2)["b"], "Ord2 ord2 Delat delat DELAT ord0");
        assert_eq!(page(3)["b"], ".Ord3 ord3 Delat delat DELAT ord0 &");
        // The text is let go once written.
        assert!(docs.iter().all(|d| d.body.is_empty() && d.text.is_none()));
    }
}
