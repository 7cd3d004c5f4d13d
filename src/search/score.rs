//! BM25 scores of every (term, page) pair, summed over the fields with their weights, and
//! quantised on a log scale under each term's best score.

use rayon::prelude::*;

use super::format::FIELDS;

/// Title > headings > description > body.
const WEIGHTS: [f64; FIELDS] = [3.0, 2.0, 1.5, 1.0];
/// BM25 length normalisation per field.
const B: [f64; FIELDS] = [0.5, 0.5, 0.5, 0.75];
const K1: f64 = 1.2;
/// Quantised scores run from 1 to this.
const LEVELS: f64 = 63.0;

/// A term of the index with what the shards need.
pub(super) struct TermEntry {
    pub(super) term: String,
    /// The most frequent way the term is written, for suggestions ("brobyggare").
    pub(super) display: String,
    /// Best score, and the postings as (page, quantised score).
    pub(super) max: f64,
    pub(super) postings: Vec<(u32, u8)>,
}

/// A page's terms with their scores, by term number.
pub(super) type PageScores = Vec<(u32, f32)>;

/// BM25 per field, weighted and summed, from every term's page count (`df`) and the pages'
/// field lengths.
pub(super) struct Scorer {
    idfs: Vec<f64>,
    /// Each page's length norms, the same for each of its terms.
    norms: Vec<[f64; FIELDS]>,
}

impl Scorer {
    pub(super) fn new(df: &[u32], lens: &[[u32; FIELDS]]) -> Scorer {
        let pages = lens.len();
        let n = pages.max(1) as f64;
        let mut avg = [0f64; FIELDS];
        for l in lens {
            for (a, &len) in avg.iter_mut().zip(l) {
                *a += f64::from(len);
            }
        }
        for a in &mut avg {
            *a = (*a / n).max(1.0);
        }
        Scorer {
            idfs: df.iter().map(|&d| idf(pages, d as usize)).collect(),
            norms: lens
                .iter()
                .map(|l| std::array::from_fn(|f| 1.0 - B[f] + B[f] * f64::from(l[f]) / avg[f]))
                .collect(),
        }
    }

    /// The score of term `t` on page `d`, whose frequencies of the term are `tf` and whose
    /// scores are multiplied by `prior`.
    pub(super) fn score(&self, t: u32, tf: &[f32; FIELDS], d: usize, prior: f32) -> f32 {
        let norm = &self.norms[d];
        let mut s = 0.0;
        for f in 0..FIELDS {
            let x = f64::from(tf[f]);
            if x > 0.0 {
                s += WEIGHTS[f] * x * (K1 + 1.0) / (x + K1 * norm[f]);
            }
        }
        (self.idfs[t as usize] * s * f64::from(prior)) as f32
    }
}

/// Every term's postings in page order with their quantised scores, from each page's scores
/// (by page number; `df` says how many pages each term has); `terms` sorted, `displays`
/// beside them.
pub(super) fn term_postings(
    pages: Vec<PageScores>,
    df: &[u32],
    terms: Vec<String>,
    displays: Vec<String>,
) -> Vec<TermEntry> {
    let mut raw: Vec<Vec<(u32, f32)>> =
        df.iter().map(|&d| Vec::with_capacity(d as usize)).collect();
    // Terms in ranges, each range by one task that takes its part of every page's list (sorted
    // by term); pages a chunk at a time, each chunk let go once moved, so that the pages'
    // scores and the terms' are not held whole at once. A few tasks per thread balance the
    // load; more only repeat the lookups of where a range starts.
    const CHUNK: usize = 8192;
    let tasks = 2 * rayon::current_num_threads();
    let range = terms.len().div_ceil(tasks).max(1);
    let mut pages = pages.into_iter();
    let mut first = 0usize;
    loop {
        let chunk: Vec<PageScores> = pages.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        raw.par_chunks_mut(range).enumerate().for_each(|(k, part)| {
            let (lo, hi) = ((k * range) as u32, (k * range + part.len()) as u32);
            for (i, page) in chunk.iter().enumerate() {
                let from = page.partition_point(|(t, _)| *t < lo);
                for (t, s) in page[from..].iter().take_while(|(t, _)| *t < hi) {
                    part[(t - lo) as usize].push(((first + i) as u32, *s));
                }
            }
        });
        first += chunk.len();
        drop(chunk);
        crate::alloc::give_back_freed_memory();
    }
    raw.into_par_iter()
        .zip(terms.into_par_iter())
        .zip(displays.into_par_iter())
        .map(|((postings, term), display)| {
            let max = postings.iter().map(|p| f64::from(p.1)).fold(0.0, f64::max);
            let quantise = quantiser(max);
            TermEntry {
                term,
                display,
                max,
                postings: postings
                    .into_iter()
                    .map(|(d, s)| (d, quantise(f64::from(s))))
                    .collect(),
            }
        })
        .collect()
}

/// BM25's idf of a term found in `df` of `n` pages (the client computes the same).
pub(super) fn idf(n: usize, df: usize) -> f64 {
    let (n, df) = (n as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// A score as 1..=63 on a log scale up to the term's best score `max`, so that low scores keep
/// their precision next to a few high ones. The client reads it back as
/// `exp(q / 63 * ln(1 + max)) - 1`. The logarithm of `max` is taken once for all the term's
/// scores.
pub(super) fn quantiser(max: f64) -> impl Fn(f64) -> u8 {
    let ln_max = max.ln_1p();
    move |score| {
        if max <= 0.0 {
            return 1;
        }
        let q = (score.max(0.0).ln_1p() / ln_max * LEVELS).round();
        (q as u8).clamp(1, LEVELS as u8)
    }
}

/// The scores quantised values stand for, under a term's best score `max`: `uses` of them
/// are to be looked up, so for more than there are levels, all are worked out at once (an
/// exponential per posting costs far more than the table lookup, and merged lists are long).
pub(super) fn dequantiser(max: f64, uses: usize) -> impl Fn(u8) -> f64 {
    let ln_max = max.ln_1p();
    let level = move |q: u8| (f64::from(q) / LEVELS * ln_max).exp_m1();
    let table: Option<[f64; LEVELS as usize + 1]> =
        (uses > LEVELS as usize).then(|| std::array::from_fn(|q| level(q as u8)));
    move |q| match &table {
        Some(t) => t[usize::from(q).min(LEVELS as usize)],
        None => level(q),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_quantised_within_range() {
        assert_eq!(quantiser(10.0)(10.0), 63);
        assert_eq!(quantiser(10.0)(0.0001), 1);
        assert_eq!(quantiser(0.0)(1.0), 1);
        // Low scores keep their precision next to a high one: within 6 % after a round trip.
        for s in [1.0, 2.5, 7.0, 30.0] {
            let q = quantiser(35.0)(s);
            let back = dequantiser(35.0, 1)(q);
            assert_eq!(
                dequantiser(35.0, 1000)(q),
                back,
                "a level looked up is the one worked out"
            );
            assert!((back - s).abs() / s < 0.06, "{s} came back as {back}");
        }
        assert!(quantiser(35.0)(2.0) < quantiser(35.0)(3.0));
    }
}
