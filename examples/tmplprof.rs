//! Renders one kind of template job of a site over and over on one thread, to profile the
//! templates alone on one thread (callgrind: `--toggle-collect=*tmplprof*render_all*`).
//!
//!     cargo run --release --example tmplprof -- SITE_ROOT [page|section|term|all] [ROUNDS]

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use spindel::build::{BuildOptions, load_config, load_site};
use spindel::render::{Job, Renderer};

#[inline(never)]
fn render_all(r: &Renderer, jobs: &[Job]) -> usize {
    let progress = AtomicUsize::new(0);
    let out = r.render_jobs(jobs, &progress).expect("renders");
    out.len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(&args[1]);
    let kind = args.get(2).map_or("all", String::as_str);
    let rounds: usize = args.get(3).map_or(1, |r| r.parse().unwrap());
    let opts = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    let config = load_config(&opts).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let (site, _) = load_site(&opts, config).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let r = Renderer::new(&site).unwrap_or_else(|e| panic!("{e:?}"));
    let jobs: Vec<Job> = r
        .jobs()
        .into_iter()
        .filter(|j| {
            matches!(
                (kind, j),
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
        .unwrap();
    for _ in 0..rounds {
        let t = Instant::now();
        let n = pool.install(|| render_all(&r, &jobs));
        let el = t.elapsed();
        eprintln!(
            "{kind}: {n} jobs, {:.1} µs each",
            el.as_secs_f64() * 1e6 / n as f64
        );
    }
}
