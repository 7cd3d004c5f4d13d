//! Builds a site's search index over and over on one thread, to profile the index alone
//! (callgrind: `--toggle-collect=*searchprof*index_all*`; `SPINDEL_TIMINGS=1` for its steps).
//!
//!     cargo run --release --example searchprof -- SITE_ROOT [ROUNDS]

use std::path::PathBuf;
use std::time::Instant;

use spindel::build::{BuildOptions, load_config, load_site};

#[inline(never)]
fn index_all(site: &spindel::model::Site) -> usize {
    spindel::search::index_files(site).len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(&args[1]);
    let rounds: usize = args.get(2).map_or(1, |r| r.parse().unwrap());
    let opts = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    let config = load_config(&opts).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let (site, _) = load_site(&opts, config).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    for _ in 0..rounds {
        let t = Instant::now();
        let n = pool.install(|| index_all(&site));
        eprintln!(
            "search index: {n} files, {:.1} µs a page",
            t.elapsed().as_secs_f64() * 1e6 / site.pages.len() as f64
        );
    }
}
