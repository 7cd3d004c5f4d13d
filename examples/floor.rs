//! The floor for a build: read every Markdown file under a folder, render it with bare
//! pulldown-cmark, and write the HTML out, in parallel, with nothing else. spindel's own
//! build time is reported against this (see BENCHMARKS.md).
//!
//!     cargo run --release --example floor -- /tmp/site-10k/content /dev/shm/floor-out

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

// The allocator spindel's binary uses, so that the figures compare like with like.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor CONTENT_DIR OUTPUT_DIR");
        std::process::exit(2);
    }
    let (src, out) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let started = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let bytes: usize = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let mut html = String::with_capacity(text.len() * 3 / 2);
            let parser = pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all());
            pulldown_cmark::html::push_html(&mut html, parser);
            let rel = f.strip_prefix(&src).unwrap_or(f);
            let dest = out.join(rel).with_extension("html");
            if let Some(parent) = dest.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            std::fs::write(Path::new(&dest), &html)
                .map(|_| html.len())
                .unwrap_or(0)
        })
        .sum();
    println!(
        "floor: {} files, {} MB of HTML in {:.2} s",
        files.len(),
        bytes / 1_000_000,
        started.elapsed().as_secs_f64()
    );
}
