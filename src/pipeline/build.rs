//! `spindel build`: the whole pipeline, written atomically to the output directory.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::load::{Sources, load_config, load_site_keeping};
use super::options::{BuildFailure, BuildOptions, BuildReport};
use super::templates::render_site_streaming;
use crate::diag::timing::StageTimer;
use crate::diag::{Code, Diagnostic};
use crate::msg;
use crate::output::{self, OutputFile};

/// The output directory `build` writes to, and as it is shown; refused if it would put
/// sources or unrelated files at risk (`output::check_output_dir`).
pub fn output_target(
    opts: &BuildOptions,
    config: &crate::config::Config,
) -> Result<(std::path::PathBuf, std::path::PathBuf), Diagnostic> {
    // --output is taken as given (relative to the working directory); output_dir in
    // spindel.toml is relative to the site.
    let (output_dir, output_rel, from) = match &opts.output {
        Some(o) => (o.clone(), o.clone(), output::OutputFrom::CommandLine),
        None => {
            let dir = opts.root.join(&config.output_dir);
            let shown = dir.strip_prefix(".").unwrap_or(&dir).to_path_buf();
            (dir, shown, output::OutputFrom::Config)
        }
    };
    output::check_output_dir(&opts.root, &output_dir, &output_rel.to_string_lossy(), from)?;
    Ok((output_dir, output_rel))
}

/// `spindel build`: everything, written atomically to the output directory.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let config = load_config(opts)?;
    let (output_dir, output_rel) = output_target(opts, &config)?;

    let (mut site, warnings) = load_site_keeping(opts, config, Sources::FrontMatter)?;
    site.release_sources();
    crate::alloc::give_back_freed_memory();
    let progress = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    // Pages are written as they are rendered, into a new directory that replaces the output
    // only when everything succeeded.
    let staging = output::Staging::create(&output_dir)?;
    // The search index first, written at once: its working memory is given back before the
    // template values are built, so the two never add up.
    let mut timer = StageTimer::new();
    let search_paths = std::sync::Mutex::new(std::collections::HashSet::new());
    let texts = crate::search::Texts::take(&mut site);
    // The lints have read the rest of what the Markdown pass found, and the index reads only
    // the text just taken: let the rest go before the index needs its memory.
    site.release_markdown_facts();
    crate::alloc::give_back_freed_memory();
    crate::search::write_index(&site, Some(texts), &|files| {
        // The text of the pages written before these is let go by now.
        crate::alloc::give_back_freed_memory();
        staging.write(&files)?;
        let mut paths = search_paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.extend(files.into_iter().map(|f| f.path));
        Ok(())
    })?;
    let search_paths = search_paths.into_inner().unwrap_or_else(|e| e.into_inner());
    crate::alloc::give_back_freed_memory();
    timer.lap("search index");
    let rendered = std::thread::scope(|scope| {
        if opts.progress && std::io::stderr().is_terminal() {
            scope.spawn(|| show_progress(&progress, &done, crate::render::job_count(&site)));
        }
        // Each batch is written while the next one renders; one batch waits at most.
        let (to_writer, batches) = std::sync::mpsc::sync_channel::<Vec<OutputFile>>(1);
        let writer = scope.spawn(|| -> Result<(), Diagnostic> {
            for files in batches {
                staging.write(&files)?;
            }
            Ok(())
        });
        // Pages come out minified from minified templates (see Renderer::new).
        let r = render_site_streaming(&site, &progress, &search_paths, &mut |batch| {
            let files: Vec<OutputFile> = batch.into_iter().map(|j| j.file).collect();
            // A closed channel means the writer failed: its error is reported below.
            to_writer
                .send(files)
                .map_err(|_| Diagnostic::error(Code::WriteFailed, msg!("site-not-written")))
        });
        drop(to_writer);
        done.store(true, Ordering::Relaxed);
        let written = writer.join().unwrap_or_else(|_| {
            Err(Diagnostic::error(
                Code::WriteFailed,
                msg!("site-not-written"),
            ))
        });
        match (r, written) {
            (_, Err(d)) => Err(d.into()),
            (r, Ok(())) => r,
        }
    });
    let streamed = rendered.map_err(|mut f| {
        f.diagnostics.extend(warnings.iter().cloned());
        f
    })?;
    let (mut other_files, parts) = (streamed.other_files, streamed.parts);
    let mut warnings = warnings;
    warnings.extend(streamed.warnings);
    if site.config.publish.minify {
        crate::publish::minify::html_files(&mut other_files);
    }
    let mut timer = StageTimer::new();
    staging.write(&other_files)?;
    let (pages, sections) = (site.pages.len(), site.sections.len());
    let terms = site.taxonomies.iter().map(|t| t.terms.len()).sum();
    // The site and the template values are let go on another thread while the previous
    // output is removed (freeing every page's values takes a moment too).
    let written = std::thread::scope(|scope| {
        scope.spawn(move || drop((site, parts, other_files)));
        staging.commit()
    })?;
    timer.lap("write (rest) and swap");
    Ok(BuildReport {
        pages,
        sections,
        terms,
        files: written.files,
        bytes: written.bytes,
        elapsed: started.elapsed(),
        output: output_rel,
        warnings,
    })
}

/// A one-line counter on stderr, shown only when rendering takes more than a moment.
fn show_progress(progress: &AtomicUsize, done: &AtomicBool, total: usize) {
    let start = Instant::now();
    let mut shown = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if start.elapsed() > Duration::from_millis(400) {
            eprint!(
                "\rrendering {}/{}",
                progress.load(Ordering::Relaxed).min(total),
                total
            );
            shown = true;
        }
    }
    if shown {
        eprint!("\r\x1b[2K");
    }
}
