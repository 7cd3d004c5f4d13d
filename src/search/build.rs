//! One language's index before it is written: its pages, their words counted, the words
//! made into terms, compounds split, and every term's postings scored.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::content::model::{PageText, Site, Target};
use crate::diag::Diagnostic;

use super::analyze::Analyzer;
use super::compound::{COMPOUND_WEIGHT, compound_parts, known_words};
use super::count::count_and_write_docs;

use super::count::Counts;
use super::docs::{Doc, collect_docs};
use super::format::{FIELDS, Sink};
use super::score::{PageScores, Scorer, TermEntry, term_postings};
use super::words::FastMap;

/// What one language's index is made of, before it is written.
/// Each page's and section's text, taken out of the site (`Texts::take`) so that the index
/// lets each go as soon as it is written: a large site's text is then never held whole
/// beside the index's working memory.
pub struct Texts {
    pages: Vec<PageText>,
    sections: Vec<PageText>,
}

impl Texts {
    /// The text and its blocks: nothing after the index reads either.
    pub fn take(site: &mut Site) -> Texts {
        let take = |r: &mut crate::content::model::Rendered| std::mem::take(&mut r.facts.text);
        Texts {
            pages: site
                .pages
                .iter_mut()
                .map(|p| take(&mut p.rendered))
                .collect(),
            sections: site
                .sections
                .iter_mut()
                .map(|s| take(&mut s.rendered))
                .collect(),
        }
    }
}

pub(super) struct Built<'a> {
    pub(super) docs: Vec<Doc<'a>>,
    pub(super) terms: Vec<TermEntry>,
}

/// One language's index: its pages, their words counted (their files handed to `sink` on the
/// way), and every term's postings scored.
pub(super) fn build_language<'a>(
    site: &'a Site,
    lang: &str,
    facets: &[String],
    sink: &Sink,
    texts: Option<&mut Texts>,
) -> Result<Built<'a>, Diagnostic> {
    let mut laps = crate::diag::timing::StageTimer::new();
    let analyzer = Analyzer::new(lang);
    let mut docs = collect_docs(site, lang, facets);
    if let Some(texts) = texts {
        for d in &mut docs {
            let taken = match d.of {
                Some(Target::Page(i)) => texts.pages.get_mut(i.index()),
                Some(Target::Section(i)) => texts.sections.get_mut(i.index()),
                None => None,
            };
            if let Some(t) = taken {
                let t = std::mem::take(t);
                d.text = Some(t.text);
                d.blocks = t.blocks;
            }
        }
    }
    laps.lap("  search text");
    // The pages' words are counted and their files written chunk by chunk, and each chunk's
    // text let go: together the text of a large site's pages is as large as the rest of the
    // index's working memory.
    let (word_list, counts) = count_and_write_docs(lang, &mut docs, facets, sink)?;
    laps.lap("  search words and page files");

    // Every word's term, and how often the word occurs.
    let mut freq = vec![0u64; word_list.len()];
    for c in &counts {
        for (w, n) in &c.words {
            freq[*w as usize] += n.iter().map(|&x| u64::from(x)).sum::<u64>();
        }
    }
    let word_terms: Vec<Option<String>> = word_list.par_iter().map(|w| analyzer.term(w)).collect();

    // The vocabulary, sorted, and the most frequent spelling of each term.
    let mut vocab: BTreeMap<&str, (&str, u64)> = BTreeMap::new();
    for ((w, n), t) in word_list.iter().zip(&freq).zip(&word_terms) {
        if let Some(t) = t {
            let e = vocab.entry(t.as_str()).or_insert((w, 0));
            if *n > e.1 || (*n == e.1 && **w < *e.0) {
                *e = (w, *n);
            }
        }
    }
    let terms: Vec<String> = vocab.keys().map(|t| t.to_string()).collect();
    let displays: Vec<String> = vocab.values().map(|(w, _)| w.to_string()).collect();
    let term_id: FastMap<&str, u32> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    // Word number → term number.
    let word_term: Vec<Option<u32>> = word_terms
        .iter()
        .map(|t| t.as_deref().map(|t| term_id[t]))
        .collect();

    laps.lap("  search terms");
    let parts: Vec<Vec<u32>> = if analyzer.stem_name == "sv" {
        let words = word_list.iter().zip(&word_term);
        let known = known_words(words.filter_map(|(w, t)| Some((&**w, (*t)?))), &term_id);
        compound_parts(&terms, &known)
    } else {
        vec![Vec::new(); terms.len()]
    };

    laps.lap("  search compounds");
    // A page's term frequencies: its words' counts summed by term, its compound words' counts
    // added to their parts'; `touched` gets the page's terms in term order.
    let frequencies = |c: &Counts, table: &mut Vec<[f32; FIELDS]>, touched: &mut Vec<u32>| {
        each_term(c, &word_term, &parts, |t, n, weight| {
            let e = &mut table[t as usize];
            // Every sum is above zero once made: a zero one is new to the page.
            if *e == [0.0; FIELDS] {
                touched.push(t);
            }
            for f in 0..FIELDS {
                match weight {
                    None => e[f] += n[f] as f32,
                    Some(w) => e[f] += w * n[f] as f32,
                }
            }
        });
        touched.sort_unstable();
    };
    // The scores need every term's page count and the pages' mean lengths: counted first, so
    // that each page's scores are made at once and its counts let go, and no page's term
    // frequencies wait for the others'.
    let lens: Vec<[u32; FIELDS]> = counts.iter().map(|c| c.lens).collect();
    let df = counts
        .par_iter()
        .enumerate()
        .with_min_len(256)
        .fold(
            // Each term's page count, and the last page (plus one) that counted it.
            || (vec![0u32; terms.len()], vec![0u32; terms.len()]),
            |(mut df, mut last), (d, c)| {
                let page = d as u32 + 1;
                each_term(c, &word_term, &parts, |t, _, _| {
                    if last[t as usize] != page {
                        last[t as usize] = page;
                        df[t as usize] += 1;
                    }
                });
                (df, last)
            },
        )
        .map(|(df, _)| df)
        .reduce_with(|mut a, b| {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            a
        })
        .unwrap_or_else(|| vec![0; terms.len()]);
    let priors: Vec<f32> = docs.iter().map(|d| d.prior).collect();
    let scorer = Scorer::new(&df, &lens);
    laps.lap("  search frequencies");
    let scores: Vec<PageScores> = counts
        .into_par_iter()
        .enumerate()
        // A table for every few hundred pages, not for every page.
        .with_min_len(256)
        .map_init(
            || (vec![[0f32; FIELDS]; terms.len()], Vec::new()),
            |(table, touched), (d, c)| {
                frequencies(&c, table, touched);
                drop(c);
                touched
                    .drain(..)
                    .map(|t| {
                        let tf = std::mem::take(&mut table[t as usize]);
                        (t, scorer.score(t, &tf, d, priors[d]))
                    })
                    .collect()
            },
        )
        .collect();
    crate::alloc::give_back_freed_memory();
    let entries = term_postings(scores, &df, terms, displays);
    laps.lap("  search scores");
    Ok(Built {
        docs,
        terms: entries,
    })
}

/// Calls `f` for each term a page's words count toward, once per word: the word's own term,
/// then, for a compound, each of its parts with the weight a part gets.
fn each_term(
    c: &Counts,
    word_term: &[Option<u32>],
    parts: &[Vec<u32>],
    mut f: impl FnMut(u32, &[u16; FIELDS], Option<f32>),
) {
    for (w, n) in &c.words {
        let Some(t) = word_term[*w as usize] else {
            continue;
        };
        f(t, n, None);
        for &p in &parts[t as usize] {
            f(p, n, Some(COMPOUND_WEIGHT));
        }
    }
}
