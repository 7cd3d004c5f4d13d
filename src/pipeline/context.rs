//! The build context: the site kept between builds, so that after an edit only what the edit
//! touches is rendered again. `serve` hands it the changed paths and gets back the outputs;
//! whenever the context cannot prove that a smaller rebuild is right, it builds everything.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

use super::load::{load_config, load_site, rerender_page_markdown};
use super::options::{BuildFailure, BuildOptions};
use super::templates::render_site_jobs;
use crate::content::links::SITE_DIRS;
use crate::content::model::{PageId, PageMeta, Site, SortBy, Target};
use crate::diag::Diagnostic;
use crate::output::{OutputFile, absolute};
use crate::publish::feeds::{self, Feed};
use crate::render::{Job, Renderer, RendererParts};

/// What a build gave: the whole site, or the outputs that changed since the last one.
#[derive(Debug)]
pub enum Outputs {
    /// Every file of the site: what was there before and is not here is gone.
    All(Vec<OutputFile>),
    /// Only these files changed; every other file is as it was.
    Changed(Vec<OutputFile>),
}

/// The result of a build or an update.
#[derive(Debug)]
pub struct Rebuilt {
    pub outputs: Outputs,
    pub warnings: Vec<Diagnostic>,
    /// The search index was not made again (see `BuildContext::search_index`).
    pub search_stale: bool,
}

/// The last good build, with what is needed to render parts of it again.
struct Live {
    site: Site,
    parts: RendererParts,
    /// Every job that was rendered (pages, pagers, taxonomy pages).
    jobs: Vec<Job>,
    /// Jobs that asked for a page or section by function (`get_page`, `get_section`).
    dependents: HashMap<Target, Vec<Job>>,
    /// Outputs that show only the summary of a page (the A–Ö page): rendered again only when
    /// its title, date or description changes.
    summary_dependents: HashMap<Target, Vec<Job>>,
    /// The site's feeds and their entries, for writing again those that show an edited page.
    feeds: Vec<Feed>,
    /// Absolute source path → page.
    page_by_path: HashMap<PathBuf, PageId>,
}

/// The site between builds. Nothing is written: the caller decides where outputs go.
pub struct BuildContext {
    opts: BuildOptions,
    live: Option<Live>,
    /// The sources changed in updates that failed: not in `live`, so the next update takes
    /// them with its own.
    pending: Vec<PathBuf>,
}

impl BuildContext {
    pub fn new(opts: BuildOptions) -> BuildContext {
        BuildContext {
            opts,
            live: None,
            pending: Vec::new(),
        }
    }

    /// Pages, sections and taxonomy terms of the last good build.
    pub fn counts(&self) -> Option<(usize, usize, usize)> {
        self.live.as_ref().map(|live| {
            let site = &live.site;
            let terms = site.taxonomies.iter().map(|t| t.terms.len()).sum();
            (site.pages.len(), site.sections.len(), terms)
        })
    }

    /// Title and URL path of the internal pages of the last good build (the editor guide),
    /// which the preview names since nothing links to them.
    pub fn internal_pages(&self) -> Vec<(String, String)> {
        self.live.as_ref().map_or_else(Vec::new, |live| {
            live.site
                .pages
                .iter()
                .filter(|p| p.meta.internal)
                .map(|p| (p.meta.title.clone(), p.path.clone()))
                .collect()
        })
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Builds the whole site. On failure the last good build is kept for later updates.
    pub fn build(&mut self) -> Result<Rebuilt, BuildFailure> {
        let config = load_config(&self.opts)?;
        let (site, mut warnings) = load_site(&self.opts, config)?;
        let rendered = render_site_jobs(&site, &AtomicUsize::new(0))?;
        warnings.extend(rendered.warnings);
        let mut files = Vec::with_capacity(rendered.jobs.len() + rendered.other_files.len());
        let mut jobs = Vec::with_capacity(rendered.jobs.len());
        let mut dependents: HashMap<Target, Vec<Job>> = HashMap::new();
        let mut summary_dependents: HashMap<Target, Vec<Job>> = HashMap::new();
        for j in rendered.jobs {
            for d in j.deps {
                let map = if d.summary_only {
                    &mut summary_dependents
                } else {
                    &mut dependents
                };
                map.entry(d.target).or_default().push(j.job);
            }
            jobs.push(j.job);
            files.push(j.file);
        }
        files.extend(rendered.other_files);
        let page_by_path = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (absolute(&p.source.abs), PageId::new(i)))
            .collect();
        let feeds = rendered.parts.feeds().to_vec();
        self.live = Some(Live {
            site,
            parts: rendered.parts,
            jobs,
            dependents,
            summary_dependents,
            feeds,
            page_by_path,
        });
        Ok(Rebuilt {
            outputs: Outputs::All(files),
            warnings,
            search_stale: false,
        })
    }

    /// Brings the site up to date after `changed` sources changed: renders again only the
    /// outputs that show an edited page when that is provably enough, else builds everything.
    ///
    /// The sources of failed updates count as changed until an update succeeds: a page added
    /// while another failed, or a page whose edit failed, is otherwise never seen again.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, BuildFailure> {
        let mut all = std::mem::take(&mut self.pending);
        for path in changed {
            if !all.contains(path) {
                all.push(path.clone());
            }
        }
        let opts = &self.opts;
        let result = match self
            .live
            .as_mut()
            .and_then(|live| try_incremental(live, &all, opts))
        {
            Some(Ok(files)) => Ok(Rebuilt {
                outputs: Outputs::Changed(files),
                warnings: Vec::new(),
                search_stale: true,
            }),
            Some(Err(failure)) => Err(failure),
            None => self.build(),
        };
        if result.is_err() {
            self.pending = all;
        }
        result
    }

    /// The search index of the current site, made anew (after an update left it stale).
    pub fn search_index(&self) -> Vec<OutputFile> {
        self.live
            .as_ref()
            .map(|l| crate::search::index_files(&l.site))
            .unwrap_or_default()
    }
}

/// The fast path for the most common edit: text changed in the body of existing pages, their
/// front matter untouched. Re-renders those pages' Markdown and only the outputs that show
/// them. `None` when the change is anything else, for a full rebuild.
fn try_incremental(
    live: &mut Live,
    changed: &[PathBuf],
    opts: &BuildOptions,
) -> Option<Result<Vec<OutputFile>, BuildFailure>> {
    let mut ids = Vec::new();
    for path in changed {
        let id = *live.page_by_path.get(&absolute(path))?;
        // A deleted or renamed page changes listings, links and URLs: only a full build knows.
        if !path.is_file() {
            return None;
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut reloaded = Vec::with_capacity(ids.len());
    for &id in &ids {
        let old = &live.site.pages[id];
        match crate::content::reload_page(&opts.root, &live.site.config, old, opts.include()) {
            Ok(Some(new)) if same_place(&live.site, id, &new.meta) => reloaded.push((id, new)),
            Ok(_) => return None,
            Err(errors) => return Some(Err(errors.into())),
        }
    }
    let mut errors = Vec::new();
    for (id, new) in reloaded {
        let page = &mut live.site.pages[id];
        page.source = new.source;
        page.meta = new.meta;
        errors.extend(rerender_page_markdown(&mut live.site, id));
    }
    if !errors.is_empty() {
        return Some(Err(errors.into()));
    }
    let parts = std::mem::replace(&mut live.parts, RendererParts::placeholder());
    let renderer = Renderer::from_parts(&live.site, parts);
    let mut jobs: Vec<Job> = Vec::new();
    let mut any_summary_changed = false;
    for &id in &ids {
        let summary_changed = renderer.update_page(id);
        any_summary_changed |= summary_changed;
        jobs.push(Job::Page(id));
        jobs.extend(live.dependents.get(&Target::Page(id)).into_iter().flatten());
        if summary_changed {
            jobs.extend(listing_jobs(&live.site, id, &live.jobs));
            jobs.extend(
                live.summary_dependents
                    .get(&Target::Page(id))
                    .into_iter()
                    .flatten(),
            );
            let page = &live.site.pages[id];
            jobs.extend(
                page.prev
                    .iter()
                    .chain(&page.next)
                    .chain(&page.translations)
                    .map(|&p| Job::Page(p)),
            );
            if let Some(s) = live.site.pages[id].section {
                jobs.extend(
                    live.dependents
                        .get(&Target::Section(s))
                        .into_iter()
                        .flatten(),
                );
            }
        }
    }
    jobs.sort();
    jobs.dedup();
    let result = renderer.render_jobs(&jobs, &AtomicUsize::new(0));
    live.parts = renderer.into_parts();
    match result {
        Ok(outputs) => {
            let mut files: Vec<OutputFile> = outputs.into_iter().map(|j| j.file).collect();
            // The feeds show the pages' titles, descriptions and text. A new title or date of
            // change may reorder them all; new text changes only the feeds the page is in.
            if any_summary_changed {
                live.feeds = feeds::plan(&live.site).unwrap_or_default();
            }
            let touched: Vec<Feed> = live
                .feeds
                .iter()
                .filter(|f| any_summary_changed || f.pages.iter().any(|p| ids.contains(p)))
                .cloned()
                .collect();
            files.extend(feeds::files(&live.site, &touched));
            Some(Ok(files))
        }
        Err(errors) => Some(Err(errors.into())),
    }
}

/// Whether a page's new front matter leaves it where it was: same URL, terms, sort position,
/// draft state and template, so that only what shows it needs rendering. Title, description,
/// `updated` and `[extra]` may change; a new title must not change any order (a section sorted
/// by title, or a tie on date or weight broken by title), nor an alias page.
fn same_place(site: &Site, id: PageId, new: &PageMeta) -> bool {
    let old = &site.pages[id].meta;
    let strip = |m: &PageMeta| PageMeta {
        title: String::new(),
        description: None,
        updated: None,
        extra: toml::Table::new(),
        ..m.clone()
    };
    if strip(old) != strip(new) {
        return false;
    }
    if old.title == new.title {
        return true;
    }
    let page = &site.pages[id];
    // A page and its variants show each other's titles.
    if !old.aliases.is_empty() || page.variant_of.is_some() || !page.variants.is_empty() {
        return false;
    }
    if let Some(s) = page.section
        && site.sections[s].meta.sort_by == SortBy::Title
    {
        return false;
    }
    // Titles break ties in every order (sections, terms, related pages): any page sharing this
    // one's date, or its weight, could move.
    !site.pages.iter().enumerate().any(|(i, p)| {
        PageId::new(i) != id
            && (p.meta.date == old.date || (old.weight.is_some() && p.meta.weight == old.weight))
    })
}

/// Outputs that list page `id` with its summary: its section's pagers, its terms' pagers,
/// and the pages that show it as related.
fn listing_jobs(site: &Site, id: PageId, known: &[Job]) -> Vec<Job> {
    let mut jobs: Vec<Job> = known
        .iter()
        .filter(|job| match **job {
            Job::Section(s, _) => site.pages[id].section == Some(s),
            Job::Term(t, k, _) => site.taxonomies[t].terms[k].pages.contains(&id),
            _ => false,
        })
        .copied()
        .collect();
    jobs.extend(
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.related.contains(&id))
            .map(|(r, _)| Job::Page(PageId::new(r))),
    );
    jobs
}

/// Whether `path` is a source a build reads: under `content/`, `themes/`, `templates/`,
/// `static/` or `data/`, or `spindel.toml`; never an editor's temporary file.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // 4913: the file Vim writes to test whether a folder is writable.
    if crate::content::is_ignored(name) || name == "4913" {
        return false;
    }
    match path.strip_prefix(root) {
        Ok(rel) => {
            let first = rel.components().next();
            let first = first.and_then(|c| c.as_os_str().to_str()).unwrap_or("");
            SITE_DIRS.contains(&first) || rel == Path::new(crate::config::CONFIG_FILE)
        }
        // Paths from the watcher may be absolute while root is relative; judge by name.
        Err(_) => true,
    }
}
