//! The pipeline, stage by stage: config → content → site graph → markdown → render → output.
//! `serve` and `check` call the same stages; only `build` writes the output directory.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::content::model::{AnchorLink, PageId, Site, Target};
use crate::diag::timing::StageTimer;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::output;
use crate::output::OutputFile;
use crate::render::{JobOutput, Renderer, RendererParts};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` of spindel.toml; relative to the working directory.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url`, for deploy previews.
    pub base_url: Option<String>,
    /// Show progress on a terminal.
    pub progress: bool,
    /// Write HTML, CSS and JavaScript as they are (`build --no-minify`).
    pub no_minify: bool,
    /// A preview (`serve`): nothing minified or fingerprinted, so stylesheets can be swapped.
    pub preview: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub terms: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// A failed run: every problem found, warnings included.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Diagnostics,
}

impl From<Diagnostics> for BuildFailure {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildFailure { diagnostics }
    }
}

impl From<Vec<Diagnostic>> for BuildFailure {
    fn from(d: Vec<Diagnostic>) -> Self {
        BuildFailure {
            diagnostics: d.into(),
        }
    }
}

impl From<Diagnostic> for BuildFailure {
    fn from(d: Diagnostic) -> Self {
        BuildFailure {
            diagnostics: d.into(),
        }
    }
}

/// Reads the configuration with command-line overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config, BuildFailure> {
    if !opts.root.is_dir() {
        return Err(Diagnostic::usage(format!(
            "the site directory `{}` does not exist",
            opts.root.display()
        ))
        .hint("pass --root with the folder that holds spindel.toml")
        .into());
    }
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        let overridden =
            Config::parse(&format!("title = \"x\"\nbase_url = {}\n", toml_string(url))).map_err(
                |_| Diagnostic::usage(format!("--base-url `{url}` is not an http(s) address")),
            )?;
        config.base_url = overridden.base_url;
    }
    if opts.no_minify || opts.preview {
        config.publish.minify = false;
    }
    if opts.preview {
        config.publish.fingerprint = false;
    }
    Ok(config)
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Loads, links and renders the Markdown of the whole site: everything but the templates.
/// Each stage runs on what the one before could load, so one run reports as much as it can.
pub fn load_site(
    opts: &BuildOptions,
    config: Config,
) -> Result<(Site, Vec<Diagnostic>), BuildFailure> {
    let root = &opts.root;
    let mut diags = Diagnostics::new();
    let mut timer = StageTimer::new();
    let data = content::load_data(root);
    diags.extend(data.diagnostics);
    let mut loaded = content::load(root, &config, opts.drafts)?;
    diags.extend(std::mem::take(&mut loaded.diagnostics).sorted());
    timer.lap("load");
    loaded.unloadable.extend(
        data.failed
            .iter()
            .map(|stem| format!("{}/{stem}.toml", content::DATA_DIR)),
    );
    let (mut site, graph) = Site::assemble(root.clone(), config, loaded, data.table, opts.drafts);
    diags.extend(graph.sorted());
    timer.lap("graph");
    diags.extend(render_markdown(&mut site));
    timer.lap("markdown");
    diags = crate::lint::lint_site(&site, diags);
    if diags.has_errors() {
        return Err(diags.into());
    }
    Ok((site, diags.sorted()))
}

/// Renders every page's and section's Markdown in parallel, then checks `#anchor` links.
fn render_markdown(site: &mut Site) -> Vec<Diagnostic> {
    site.build_link_index();
    let shared: &Site = site;
    let pages: Vec<markdown::MarkdownOutput> = shared
        .pages
        .par_iter()
        .map(|p| markdown::render(&p.source, &p.lang, &shared.config, shared))
        .collect();
    let sections: Vec<markdown::MarkdownOutput> = shared
        .sections
        .par_iter()
        .map(|s| markdown::render(&s.source, &s.lang, &shared.config, shared))
        .collect();
    let mut errors = Vec::new();
    let mut links = Vec::new();
    for (i, out) in pages.into_iter().enumerate() {
        errors.extend(out.diagnostics);
        links.extend(
            out.anchors
                .into_iter()
                .map(|a| anchor_link(Target::Page(i), a)),
        );
        site.pages[i].rendered = out.rendered;
    }
    for (i, out) in sections.into_iter().enumerate() {
        errors.extend(out.diagnostics);
        links.extend(
            out.anchors
                .into_iter()
                .map(|a| anchor_link(Target::Section(i), a)),
        );
        site.sections[i].rendered = out.rendered;
    }
    site.anchor_links = links;
    errors.extend(check_anchors(site, |_| true));
    errors
}

/// Renders one page's Markdown again after only its body changed (for `serve`), and checks
/// the anchors of links from it and to it.
pub fn rerender_page_markdown(site: &mut Site, id: PageId) -> Vec<Diagnostic> {
    let page = &site.pages[id];
    let out = markdown::render(&page.source, &page.lang, &site.config, site);
    let me = Target::Page(id);
    site.anchor_links.retain(|l| l.from != me);
    site.anchor_links
        .extend(out.anchors.into_iter().map(|a| anchor_link(me, a)));
    site.pages[id].rendered = out.rendered;
    let mut errors = out.diagnostics;
    errors.extend(check_anchors(site, |l| l.from == me || l.to == me));
    errors
}

fn anchor_link(from: Target, a: markdown::AnchorCheck) -> AnchorLink {
    AnchorLink {
        from,
        to: a.target,
        anchor: a.anchor,
        offset: a.offset,
        len: a.len,
    }
}

/// An error for every selected link whose `#anchor` is not a heading of its target.
fn check_anchors(site: &Site, select: impl Fn(&AnchorLink) -> bool) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for link in site.anchor_links.iter().filter(|l| select(l)) {
        let ids = site.target_heading_ids(link.to);
        if ids.contains(&link.anchor) {
            continue;
        }
        let src = match link.from {
            Target::Page(i) => &site.pages[i].source,
            Target::Section(i) => &site.sections[i].source,
        };
        let target = site.target_source(link.to);
        let d = Diagnostic::error(format!("`#{}` is not a heading in {target}", link.anchor)).at(
            &src.rel,
            &src.text,
            link.offset,
            link.len,
        );
        let d = match crate::diag::did_you_mean(&link.anchor, ids.iter().map(String::as_str)) {
            Some(near) => d.hint(format!("did you mean `#{near}`?")),
            None if ids.is_empty() => {
                d.hint("that page has no headings; link to the page without #")
            }
            None => d.hint(format!(
                "its headings are: {}",
                ids.iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        errors.push(d);
    }
    errors
}

/// A rendered site, job by job, with what is needed to render parts of it again.
pub struct RenderedSite {
    pub jobs: Vec<JobOutput>,
    /// Static files, attachments, redirects and the highlighting stylesheet.
    pub other_files: Vec<OutputFile>,
    pub parts: RendererParts,
}

pub fn render_site_jobs(site: &Site, progress: &AtomicUsize) -> Result<RenderedSite, BuildFailure> {
    let mut jobs = Vec::new();
    let search = crate::search::index_files(site);
    let written = search.iter().map(|f| f.path.clone()).collect();
    let (mut other_files, parts) = render_site_streaming(site, progress, &written, &mut |chunk| {
        jobs.extend(chunk);
        Ok(())
    })?;
    other_files.extend(search);
    Ok(RenderedSite {
        jobs,
        other_files,
        parts,
    })
}

/// Jobs rendered per batch handed to the sink: large enough to keep the cores busy, small
/// enough that a big site is never held in memory whole (and that a batch's pages are still
/// in the CPU's cache when they are written: 128 was faster than 1024 at 10 000 pages).
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
    written: &std::collections::HashSet<PathBuf>,
    sink: &mut dyn FnMut(Vec<JobOutput>) -> Result<(), Diagnostic>,
) -> Result<(Vec<OutputFile>, RendererParts), BuildFailure> {
    let mut timer = StageTimer::new();
    let renderer = Renderer::new(site)?;
    timer.lap("template values");
    let missing = renderer.check_templates();
    if !missing.is_empty() {
        return Err(missing.into());
    }
    let mut errors = Vec::new();
    let mut generated: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
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
    let mut other_files = crate::publish::site_files(site, parts.feeds());
    generated.extend(other_files.iter().map(|f| f.path.clone()));
    generated.extend(written.iter().cloned());
    other_files.extend(crate::publish::assets::files_except(
        parts.assets(),
        &generated,
    ));
    Ok((other_files, renderer.into_parts()))
}

/// `spindel build`: everything, written atomically to the output directory.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let config = load_config(opts)?;
    // --output is taken as given (relative to the working directory); output_dir in
    // spindel.toml is relative to the site.
    let (output_dir, output_rel) = match &opts.output {
        Some(o) => (o.clone(), o.clone()),
        None => {
            let dir = opts.root.join(&config.output_dir);
            let shown = dir.strip_prefix(".").unwrap_or(&dir).to_path_buf();
            (dir, shown)
        }
    };
    output::check_output_dir(&opts.root, &output_dir, &output_rel.to_string_lossy())?;

    let (mut site, warnings) = load_site(opts, config)?;
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
    crate::search::write_index(&site, &|files| {
        staging.write(&files)?;
        let mut paths = search_paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.extend(files.into_iter().map(|f| f.path));
        Ok(())
    })?;
    let search_paths = search_paths.into_inner().unwrap_or_else(|e| e.into_inner());
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
                .map_err(|_| Diagnostic::error("the site could not be written"))
        });
        drop(to_writer);
        done.store(true, Ordering::Relaxed);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(Diagnostic::error("writing the site failed")));
        match (r, written) {
            (_, Err(d)) => Err(d.into()),
            (r, Ok(())) => r,
        }
    });
    let (mut other_files, parts) = rendered.map_err(|mut f| {
        f.diagnostics.extend(warnings.iter().cloned());
        f
    })?;
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
