//! Criterion micro-benchmarks of the build's hot stages (issue #9):
//!
//!     cargo bench --bench stages
//!     cargo bench --bench stages -- markdown          # one group
//!     cargo bench --bench stages -- --warm-up-time 1 --measurement-time 3
//!
//! The input is the corpus of `bench/generate.py` (the bundled site plus `SPINDEL_BENCH_PAGES`
//! synthetic pages, 200 by default), generated once into a temporary folder at the start (about
//! a second); it needs `python3`. The same size gives the same files.
//!
//! Per-page benchmarks use the *typical page*: the synthetic page whose body is closest to 800
//! words. Batch benchmarks run over every page of the corpus and report pages per second.
//!
//! Everything runs on a rayon pool of one thread unless `SPINDEL_BENCH_THREADS` says otherwise,
//! so the figures are the CPU cost of a stage on one core (less noisy on a shared machine than
//! timings of both cores, though other load still shows).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};

use spindel::config::Config;
use spindel::config::tomlfile::TomlSource;
use spindel::content::model::{PageId, PageMeta, Site};
use spindel::content::{self, PAGE_KEYS, split_front_matter};
use spindel::markdown;
use spindel::pipeline::{BuildOptions, load_config, load_site};
use spindel::render::{Job, Renderer};
use spindel::search;

/// Synthetic pages on top of the bundled site's.
const DEFAULT_PAGES: usize = 200;
/// Words in the body of the page the per-page benchmarks take.
const TYPICAL_WORDS: usize = 800;

/// The generated site, loaded, linked and with its Markdown rendered.
struct Corpus {
    /// Holds the generated files for as long as the benchmarks run.
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: Config,
    site: Site,
    /// The synthetic page closest to `TYPICAL_WORDS` words.
    typical: PageId,
}

impl Corpus {
    fn generate() -> Corpus {
        let pages = std::env::var("SPINDEL_BENCH_PAGES")
            .ok()
            .map(|v| v.parse().expect("SPINDEL_BENCH_PAGES must be a number"))
            .unwrap_or(DEFAULT_PAGES);
        let dir = tempfile::tempdir().expect("a temporary folder for the corpus");
        let root = dir.path().join("site");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/generate.py");
        let status = Command::new("python3")
            .arg(&script)
            .arg(pages.to_string())
            .arg(&root)
            .status()
            .expect("python3 runs bench/generate.py, which makes the benchmark corpus");
        assert!(status.success(), "bench/generate.py failed: {status}");
        let opts = BuildOptions {
            root: root.clone(),
            ..BuildOptions::default()
        };
        let config = load_config(&opts).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
        let (site, _warnings) =
            load_site(&opts, config.clone()).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
        let typical = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.source.content_rel.starts_with("arkiv-"))
            .min_by_key(|(_, p)| p.rendered.word_count.abs_diff(TYPICAL_WORDS))
            .map(|(i, _)| PageId::new(i))
            .expect("the corpus has synthetic pages");
        eprintln!(
            "corpus: {} pages ({pages} synthetic), {} sections; typical page {} ({} words, {} bytes)",
            site.pages.len(),
            site.sections.len(),
            site.pages[typical].source.content_rel,
            site.pages[typical].rendered.word_count,
            site.pages[typical].source.text.len(),
        );
        Corpus {
            _dir: dir,
            root,
            config,
            site,
            typical,
        }
    }
}

/// Front matter as `content::load` reads it: find the `+++` block, parse it with spans, check
/// its keys, and deserialize it into a page's metadata (the checks of taxonomy names and an
/// empty title, which are cheap, are left out).
fn parse_front_matter(text: &str) -> PageMeta {
    let rel = Path::new("content/sida.md");
    let (range, _body) = split_front_matter(rel, text).expect("front matter");
    let src = TomlSource {
        file: rel,
        file_text: text,
        base: range.start,
        toml: &text[range],
    };
    let table = src.parse().expect("valid TOML");
    let unknown = src.unknown_keys(table.get_ref(), PAGE_KEYS, spindel::msg!("what-page"));
    assert!(unknown.is_empty());
    src.deserialize(table).expect("page metadata")
}

/// Settings for the groups that run a whole stage over the corpus per iteration (tens of
/// milliseconds): fewer samples, each of the same number of iterations.
fn batch_group<'c>(c: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(20).sampling_mode(SamplingMode::Flat);
    g
}

fn front_matter(c: &mut Criterion, corpus: &Corpus) {
    let mut g = c.benchmark_group("front_matter");
    g.throughput(Throughput::Elements(1));
    g.bench_function("typical_page", |b| {
        let text = &corpus.site.pages[corpus.typical].source.text;
        b.iter(|| parse_front_matter(black_box(text)));
    });
    g.finish();

    let mut g = batch_group(c, "front_matter");
    g.throughput(Throughput::Elements(corpus_pages(corpus)));
    g.bench_function("all_pages", |b| {
        b.iter(|| {
            for p in &corpus.site.pages {
                black_box(parse_front_matter(black_box(&p.source.text)));
            }
        });
    });
    g.finish();
}

fn markdown(c: &mut Criterion, corpus: &Corpus) {
    let mut g = c.benchmark_group("markdown");
    g.throughput(Throughput::Elements(1));
    g.bench_function("typical_page", |b| {
        let p = &corpus.site.pages[corpus.typical];
        b.iter(|| {
            markdown::render(
                black_box(&p.source),
                &p.lang,
                &corpus.site.config,
                &corpus.site,
            )
        });
    });
    g.finish();

    let mut g = batch_group(c, "markdown");
    g.throughput(Throughput::Elements(corpus_pages(corpus)));
    g.bench_function("all_pages", |b| {
        b.iter(|| {
            for p in &corpus.site.pages {
                black_box(markdown::render(
                    black_box(&p.source),
                    &p.lang,
                    &corpus.site.config,
                    &corpus.site,
                ));
            }
        });
    });
    g.finish();
}

fn template(c: &mut Criterion, corpus: &Corpus) {
    let r = Renderer::new(&corpus.site).unwrap_or_else(|e| panic!("{e:?}"));
    let progress = AtomicUsize::new(0);

    let mut g = c.benchmark_group("template");
    g.throughput(Throughput::Elements(1));
    g.bench_function("page_html/typical_page", |b| {
        let jobs = [Job::Page(corpus.typical)];
        b.iter(|| {
            r.render_jobs(black_box(&jobs), &progress)
                .expect("rendered")
        });
    });
    g.finish();

    let mut g = batch_group(c, "template");
    g.throughput(Throughput::Elements(corpus_pages(corpus)));
    g.bench_function("page_html/all_pages", |b| {
        let jobs: Vec<Job> = corpus.site.page_ids().map(Job::Page).collect();
        b.iter(|| {
            r.render_jobs(black_box(&jobs), &progress)
                .expect("rendered")
        });
    });
    // Parsing the theme and building every page's, section's and term's template values.
    g.bench_function("values/all_pages", |b| {
        let site = &corpus.site;
        b.iter(|| Renderer::new(black_box(site)).unwrap_or_else(|e| panic!("{e:?}")));
    });
    g.finish();
}

fn search_index(c: &mut Criterion, corpus: &Corpus) {
    let mut g = batch_group(c, "search_index");
    g.throughput(Throughput::Elements(corpus_pages(corpus)));
    g.bench_function("all_pages", |b| {
        let site = &corpus.site;
        b.iter(|| search::index_files(black_box(site)));
    });
    g.finish();
}

fn load_graph(c: &mut Criterion, corpus: &Corpus) {
    let mut g = batch_group(c, "load_graph");
    g.throughput(Throughput::Elements(corpus_pages(corpus)));
    // Reading every source (from the page cache) and its front matter, then linking sections,
    // URLs, translations, taxonomies and related pages; Markdown is not rendered.
    g.bench_function("all_pages", |b| {
        b.iter(|| {
            let data = content::load_data(&corpus.root);
            let loaded = content::load(&corpus.root, &corpus.config, content::Include::default())
                .expect("loaded");
            Site::assemble(
                corpus.root.clone(),
                corpus.config.clone(),
                loaded,
                data.table,
                false,
            )
        });
    });
    g.finish();
}

/// Pages in the corpus, for throughput.
fn corpus_pages(corpus: &Corpus) -> u64 {
    corpus.site.pages.len() as u64
}

fn main() {
    let threads = std::env::var("SPINDEL_BENCH_THREADS")
        .ok()
        .map(|v| v.parse().expect("SPINDEL_BENCH_THREADS must be a number"))
        .unwrap_or(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon pool");
    // Inside the pool, the stages' parallel iterators run on this thread (and its peers, if
    // any) without handing work across threads on every call.
    pool.install(|| {
        let corpus = Corpus::generate();
        let mut c = Criterion::default()
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(5))
            .configure_from_args();
        front_matter(&mut c, &corpus);
        markdown(&mut c, &corpus);
        template(&mut c, &corpus);
        search_index(&mut c, &corpus);
        load_graph(&mut c, &corpus);
        c.final_summary();
    });
}
