//! Rendering the templates in batches, with the files published beside them.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;

use super::options::BuildFailure;
use crate::content::model::Site;
use crate::diag::timing::StageTimer;
use crate::diag::{Code, Diagnostic};
use crate::msg;
use crate::output::OutputFile;
use crate::render::{JobOutput, Renderer, RendererParts};

/// A rendered site, job by job, with what is needed to render parts of it again.
pub struct RenderedSite {
    pub jobs: Vec<JobOutput>,
    /// Static files, attachments, redirects and the highlighting stylesheet.
    pub other_files: Vec<OutputFile>,
    pub parts: RendererParts,
    /// Static files left out because spindel makes a file of the same name.
    pub warnings: Vec<Diagnostic>,
}

/// What `render_site_streaming` gives besides the pages it handed on.
pub struct Streamed {
    /// Attachments, redirects, static files, the highlighting stylesheet: not the search
    /// index.
    pub other_files: Vec<OutputFile>,
    pub parts: RendererParts,
    /// Static files left out because spindel makes a file of the same name.
    pub warnings: Vec<Diagnostic>,
}

pub fn render_site_jobs(site: &Site, progress: &AtomicUsize) -> Result<RenderedSite, BuildFailure> {
    let mut jobs = Vec::new();
    let search = crate::search::index_files(site);
    let written = search.iter().map(|f| f.path.clone()).collect();
    let streamed = render_site_streaming(site, progress, &written, &mut |chunk| {
        jobs.extend(chunk);
        Ok(())
    })?;
    let mut other_files = streamed.other_files;
    other_files.extend(search);
    Ok(RenderedSite {
        jobs,
        other_files,
        parts: streamed.parts,
        warnings: streamed.warnings,
    })
}

/// Jobs rendered per batch handed to the sink: large enough to keep the cores busy, small
/// enough that a big site is never held in memory whole and that a batch's pages are still in
/// the CPU's cache when they are written (measured in BENCHMARKS.md).
const RENDER_BATCH: usize = 128;

/// Renders the site batch by batch, handing each batch of pages to `sink` (which writes it).
/// Returns the files that are not rendered from templates, and the renderer's parts. Every
/// template error is reported; once one has occurred, nothing more is handed to the sink.
/// Renders every template in batches handed to `sink`; returns the other files (attachments,
/// redirects, static files, the highlighting stylesheet: not the search index) and what is
/// needed to render again. `written` are paths the caller produced itself (a static file of
/// the same name is left out, as for rendered pages).
pub fn render_site_streaming(
    site: &Site,
    progress: &AtomicUsize,
    written: &HashSet<PathBuf>,
    sink: &mut dyn FnMut(Vec<JobOutput>) -> Result<(), Diagnostic>,
) -> Result<Streamed, BuildFailure> {
    let mut timer = StageTimer::new();
    let renderer = Renderer::new(site)?;
    timer.lap("template values");
    let missing = renderer.check_templates();
    if !missing.is_empty() {
        return Err(missing.into());
    }
    let mut errors = Vec::new();
    let mut generated: HashSet<PathBuf> = HashSet::new();
    for batch in renderer.jobs().chunks(RENDER_BATCH) {
        match renderer.render_jobs(batch, progress) {
            Ok(outputs) if errors.is_empty() => {
                generated.extend(outputs.iter().map(|j| j.file.path.clone()));
                sink(outputs)?;
            }
            Ok(_) => {}
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    renderer.print_timings();
    renderer.release_partials();
    timer.lap("templates");
    let parts = renderer.parts();
    let mut other_files = crate::publish::site_files(site, parts.feeds(), parts.exports());
    generated.extend(other_files.iter().map(|f| f.path.clone()));
    generated.extend(written.iter().cloned());
    let (kept, left_out) = crate::publish::assets::files_except(parts.assets(), &generated);
    other_files.extend(kept);
    let mut warnings: Vec<Diagnostic> = parts.assets().warnings().to_vec();
    warnings.extend(left_out.iter().map(|path| {
        let path = crate::diag::display_path(path);
        Diagnostic::warning(Code::StaticShadowed, msg!("static-shadowed", path = path))
            .hint(msg!("static-shadowed-hint"))
    }));
    Ok(Streamed {
        other_files,
        parts: renderer.into_parts(),
        warnings,
    })
}
