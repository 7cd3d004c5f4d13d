//! The renderer: the templates, the template values and the partial cache of one site, and
//! the rendering of its jobs in parallel.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use rayon::prelude::*;
use tera::{Context, Tera};

use super::convert::{ancestors_value, config_value, language_value, toml_to_value, ui_value};
use super::deps;
use super::functions;
use super::jobs::{self, Job, JobOutput};
use super::limits;
use super::paginate::{pager_path, paginator};
use super::partials::{self, PartialCache};
use super::templates::{
    self, NOT_FOUND, TAXONOMY_LIST, TAXONOMY_TERM, TemplateSources, find_templates, page_template,
    section_template, template_diagnostic,
};
use super::values::{SharedValues, Values, build_values, current, list_of};
use crate::content::model::{PageId, Site};
use crate::diag::{Diagnostic, display_path};
use crate::output::{Contents, OutputFile};
use crate::site::output_file_for;

/// Renders the jobs of one site.
pub struct Renderer<'a> {
    site: &'a Site,
    parts: RendererParts,
    /// Stops this build's pages when the watchdog gives the build up.
    cancel: limits::Cancel,
}

/// What a renderer keeps between builds of the same site: the parsed templates and the
/// template values, so that `serve` can patch a page's values and re-render a few jobs.
pub struct RendererParts {
    /// Per-template job count and time, with `SPINDEL_TIMINGS=1`.
    timings: Option<std::sync::Mutex<BTreeMap<String, (usize, std::time::Duration)>>>,
    tera: Arc<Tera>,
    sources: Arc<TemplateSources>,
    values: SharedValues,
    /// Partials rendered once and reused (`cached_include`, `page_items`).
    partials: PartialCache,
    /// Static files, minified and fingerprinted, for `asset()`.
    assets: Arc<crate::publish::assets::Assets>,
    /// The site's feeds, for `get_feed()`.
    feeds: Arc<Vec<crate::publish::feeds::Feed>>,
    /// The files of `[[data_exports]]`, for `get_data_exports()`.
    exports: Arc<Vec<crate::publish::exports::Export>>,
}

impl RendererParts {
    /// The site's feeds and their entries, as planned when the renderer was made.
    pub fn feeds(&self) -> &[crate::publish::feeds::Feed] {
        &self.feeds
    }

    /// The files of `[[data_exports]]`, as made when the renderer was made.
    pub fn exports(&self) -> &[crate::publish::exports::Export] {
        &self.exports
    }

    /// The static files as prepared for `asset()` (minified and fingerprinted, if asked).
    pub fn assets(&self) -> &crate::publish::assets::Assets {
        &self.assets
    }

    /// An empty stand-in while the real parts are lent to a `Renderer`.
    pub fn placeholder() -> RendererParts {
        RendererParts {
            timings: None,
            tera: Arc::new(Tera::new()),
            partials: PartialCache::default(),
            sources: Arc::default(),
            values: Arc::new(RwLock::new(Arc::new(Values::default()))),
            assets: Arc::default(),
            feeds: Arc::default(),
            exports: Arc::default(),
        }
    }
}

/// Room for a page's HTML around its content: more than the theme's pages take without it, so
/// that the buffer is not grown while a page is written.
const OUTPUT_CAPACITY: usize = 32 * 1024;

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let mut sources = find_templates(site)?;
        let mut tera = Tera::new();
        let values: SharedValues = Arc::new(RwLock::new(Arc::new(build_values(site))));
        functions::register(&mut tera, site, values.clone());
        let assets = Arc::new(crate::publish::assets::Assets::prepare(site)?);
        crate::publish::assets::register(&mut tera, assets.clone());
        let feeds = Arc::new(crate::publish::feeds::plan(site)?);
        crate::publish::feeds::register(&mut tera, site, feeds.clone());
        let exports = Arc::new(crate::publish::exports::plan(site)?);
        crate::publish::exports::register(&mut tera, site, &exports);
        let partials = PartialCache::default();
        partials::register(&mut tera, partials.clone(), site.pages.len());
        limits::register(&mut tera);
        // HTML templates are minified once here rather than every page they render.
        let minify = site.config.publish.minify;
        let templates: Vec<(String, String)> = sources
            .files
            .iter()
            .map(|(name, (_, text))| {
                if minify && name.ends_with(".html") {
                    let (small, cuts) = crate::publish::minify::template(text);
                    sources.cuts.insert(name.clone(), cuts);
                    (name.clone(), small)
                } else {
                    (name.clone(), text.clone())
                }
            })
            .collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(vec![template_diagnostic(&e, &sources)]);
        }
        let ctx = tera.global_context();
        ctx.insert_value("config", config_value(site));
        ctx.insert_value(
            "data",
            toml_to_value(&toml::Value::Table(site.data.clone())),
        );
        let timings = std::env::var_os("SPINDEL_TIMINGS")
            .is_some_and(|v| v != "0")
            .then(Default::default);
        let tera = Arc::new(tera);
        let sources = Arc::new(sources);
        partials.set_templates(&tera, &sources);
        Ok(Renderer {
            site,
            cancel: limits::Cancel::default(),
            parts: RendererParts {
                timings,
                tera,
                sources,
                values,
                partials,
                assets,
                feeds,
                exports,
            },
        })
    }

    /// A renderer for an updated `site`, reusing templates and values from an earlier one.
    /// The site's pages, sections and taxonomies must be the same; only their rendered
    /// Markdown may differ (see `update_page`).
    pub fn from_parts(site: &'a Site, parts: RendererParts) -> Renderer<'a> {
        parts.partials.clear();
        Renderer {
            site,
            parts,
            cancel: limits::Cancel::default(),
        }
    }

    /// What the renderer keeps: its feeds and assets, for the files published around the pages.
    pub fn parts(&self) -> &RendererParts {
        &self.parts
    }

    pub fn into_parts(self) -> RendererParts {
        self.parts
    }

    /// Lets the cached partials go (`cached_include`, `page_items`) once every job is rendered:
    /// a renderer made again from these parts starts without them anyway.
    pub fn release_partials(&self) {
        self.parts.partials.clear();
    }

    /// Refreshes the template values of page `id` after its Markdown or its presentational
    /// front matter (title, description, updated, extra) changed; returns whether its summary
    /// (what listings and other pages show of it) changed too.
    pub fn update_page(&self, id: PageId) -> bool {
        let mut values = (*current(&self.parts.values)).clone();
        let summary_changed = values.update_page(self.site, id);
        *self.parts.values.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(values);
        // A partial may show this page's title.
        self.parts.partials.clear();
        summary_changed
    }

    /// Checks that every template a page or section asks for exists, before rendering anything.
    pub fn check_templates(&self) -> Vec<Diagnostic> {
        templates::check(self.site, &self.parts.sources)
    }

    /// With `SPINDEL_TIMINGS=1`: jobs and time per template so far, and what the partial cache
    /// holds.
    pub fn print_timings(&self) {
        if let Some(t) = &self.parts.timings {
            let t = t.lock().unwrap_or_else(|e| e.into_inner());
            for (name, (n, time)) in t.iter() {
                let ms = time.as_secs_f64() * 1000.0;
                eprintln!(
                    "timing: template {name}: {n} × {:.0} µs = {ms:.0} ms",
                    ms * 1000.0 / *n as f64
                );
            }
            self.parts.partials.print_usage();
        }
    }

    /// Every output the site has, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let not_found = self.parts.sources.files.contains_key(NOT_FOUND);
        jobs::all(self.site, not_found)
    }

    /// Renders `jobs` in parallel; reports every failure.
    pub fn render_jobs(
        &self,
        jobs: &[Job],
        progress: &AtomicUsize,
    ) -> Result<Vec<JobOutput>, Vec<Diagnostic>> {
        let results: Vec<Result<JobOutput, Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                deps::clear();
                let r = self.render_job(job).map(|file| JobOutput {
                    job: *job,
                    file,
                    deps: deps::take(),
                });
                progress.fetch_add(1, Ordering::Relaxed);
                r
            })
            .collect();
        let mut out = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(j) => out.push(j),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    fn base_context(&self, values: &Values, lang: &str, path: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("lang", lang);
        ctx.insert("current_path", path);
        ctx.insert("current_url", &self.site.permalink(path));
        let language = values.languages.get(lang).cloned();
        ctx.insert_value(
            "language",
            language.unwrap_or_else(|| language_value(self.site, lang)),
        );
        let ui = values.ui.get(lang).cloned();
        ctx.insert_value("ui", ui.unwrap_or_else(|| ui_value(self.site, lang)));
        ctx
    }

    fn render_job(&self, job: &Job) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let v = current(&self.parts.values);
        let (template, path, ctx) = match *job {
            Job::Page(id) => {
                let p = &site.pages[id];
                let mut ctx = self.base_context(&v, &p.lang, &p.path);
                ctx.insert_value("page", v.full_page(id));
                if let Some(s) = p.section {
                    ctx.insert_value("section", v.section_summaries[s.index()].clone());
                }
                ctx.insert_value(
                    "ancestors",
                    ancestors_value(site, &v.section_summaries, p.section),
                );
                (page_template(site, p).0, p.path.clone(), ctx)
            }
            Job::Section(id, n) => {
                let s = &site.sections[id];
                let path = pager_path(&s.path, n, &site.config.paginate_path);
                let mut ctx = self.base_context(&v, &s.lang, &path);
                ctx.insert_value("section", v.sections[id.index()].clone());
                let parent = s.parent;
                ctx.insert_value(
                    "ancestors",
                    ancestors_value(site, &v.section_summaries, parent),
                );
                if let Some(by) = s.meta.paginate_by {
                    let items = list_of(&v.sections[id.index()], "pages");
                    ctx.insert_value(
                        "paginator",
                        paginator(items, by, n, &s.path, &site.config.paginate_path),
                    );
                }
                (section_template(s), path, ctx)
            }
            Job::TaxonomyList(t) => {
                let tax = &site.taxonomies[t];
                let mut ctx = self.base_context(&v, &tax.lang, &tax.path);
                ctx.insert_value("taxonomy", v.taxonomies[t].clone());
                (TAXONOMY_LIST, tax.path.clone(), ctx)
            }
            Job::Term(t, k, n) => {
                let tax = &site.taxonomies[t];
                let term = &tax.terms[k];
                let path = pager_path(&term.path, n, &site.config.paginate_path);
                let mut ctx = self.base_context(&v, &tax.lang, &path);
                ctx.insert_value("taxonomy", v.taxonomies[t].clone());
                let term_value = &v.terms[t][k];
                ctx.insert_value("term", term_value.clone());
                if let Some(by) = tax.paginate_by {
                    let items = list_of(term_value, "pages");
                    ctx.insert_value(
                        "paginator",
                        paginator(items, by, n, &term.path, &site.config.paginate_path),
                    );
                }
                (TAXONOMY_TERM, path, ctx)
            }
            Job::NotFound => {
                let lang = &site.config.default_language;
                (
                    NOT_FOUND,
                    "/404.html".to_string(),
                    self.base_context(&v, lang, "/404.html"),
                )
            }
        };
        let started = std::time::Instant::now();
        // Written as bytes: `render` would check the whole page for UTF-8 once more.
        let content_len = match *job {
            Job::Page(id) => site.pages[id].rendered.html.len(),
            _ => 0,
        };
        let mut html = Vec::with_capacity(content_len + OUTPUT_CAPACITY);
        let file = self
            .parts
            .sources
            .files
            .get(template)
            .map(|(f, _)| f.clone());
        let file = file.unwrap_or_else(|| template.into());
        let rendering = limits::start(file.clone(), &path, &self.cancel);
        let rendered = if rendering.stopped() {
            Err(tera::Error::message("the page's build was given up"))
        } else {
            self.parts
                .tera
                .render_to(template, &ctx, limits::Capped(&mut html))
        };
        if let Err(e) = rendered {
            let d = template_diagnostic(&e, &self.parts.sources);
            return Err(match rendering.exceeded() {
                Some(limit) => limits::diagnostic(d, limit, &display_path(&file)),
                None => d,
            });
        }
        drop(rendering);
        if let Some(t) = &self.parts.timings {
            let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
            let entry = t.entry(template.to_string()).or_default();
            entry.0 += 1;
            entry.1 += started.elapsed();
        }
        Ok(OutputFile {
            path: output_file_for(&path),
            contents: Contents::Bytes(html),
        })
    }
}
