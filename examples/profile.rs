//! Runs one part of a build over and over on one thread, to profile it alone: the template
//! jobs of one kind, or the search index.
//!
//!     cargo run --release --example profile -- SITE_ROOT [page|section|term|all|search] [ROUNDS]
//!
//! Under callgrind, `--toggle-collect=*profile*run_once*` counts only the part itself;
//! `SPINDEL_TIMINGS=1` prints the search index's steps.

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

// The allocator spindel's binary uses, so that the figures compare like with like.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use spindel::content::model::Site;
use spindel::pipeline::{BuildOptions, load_config, load_site};
use spindel::render::{Job, Renderer};

/// One round of the part: what it made (jobs or files).
#[inline(never)]
fn run_once(site: &Site, renderer: &Renderer, jobs: &[Job], part: &str) -> usize {
    if part == "search" {
        return spindel::search::index_files(site).len();
    }
    let progress = AtomicUsize::new(0);
    renderer
        .render_jobs(jobs, &progress)
        .expect("renders")
        .len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(
        args.get(1)
            .expect("usage: profile SITE_ROOT [part] [ROUNDS]"),
    );
    let part = args.get(2).map_or("all", String::as_str);
    let rounds: usize = args
        .get(3)
        .map_or(1, |r| r.parse().expect("ROUNDS is a number"));
    let opts = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    let config = load_config(&opts).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let (site, _) = load_site(&opts, config).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let renderer = Renderer::new(&site).unwrap_or_else(|e| panic!("{e:?}"));
    let jobs: Vec<Job> = renderer
        .jobs()
        .into_iter()
        .filter(|j| {
            matches!(
                (part, j),
                ("page", Job::Page(_))
                    | ("section", Job::Section(..))
                    | ("term", Job::Term(..))
                    | ("all", _)
            )
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    for _ in 0..rounds {
        let t = Instant::now();
        let n = pool.install(|| run_once(&site, &renderer, &jobs, part));
        let micros = t.elapsed().as_secs_f64() * 1e6;
        match part {
            "search" => eprintln!(
                "search index: {n} files, {:.1} µs a page",
                micros / site.pages.len() as f64
            ),
            _ => eprintln!("{part}: {n} jobs, {:.1} µs each", micros / n.max(1) as f64),
        }
    }
}
