//! Rendering: Tera templates turn the site graph into HTML files, in parallel.
//!
//! Templates come from the theme (`themes/<name>/templates/`) and the site's own
//! `templates/`, which overrides the theme file by file. Every value a template sees is built
//! once per build and shared (tera values are reference-counted), so a listing of a thousand
//! pages costs a thousand pointer copies, not a thousand serializations.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use rayon::prelude::*;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};
use walkdir::WalkDir;

use crate::content::model::{Page, PageId, Section, SectionId, Site, Target};
use crate::diag::{Diagnostic, display_path};
use crate::markdown::escape_attr;
use crate::output::{Contents, OutputFile};
use crate::site::output_file_for;

/// Template name → where it was found, for error messages.
struct TemplateSources {
    files: BTreeMap<String, (PathBuf, String)>,
    searched: Vec<PathBuf>,
    /// Per minified template: where it was cut (see `minify::template`), to place errors.
    cuts: BTreeMap<String, Vec<(usize, usize)>>,
}

pub struct Renderer<'a> {
    site: &'a Site,
    parts: RendererParts,
}

/// What a renderer keeps between builds of the same site: the parsed templates and the
/// template values, so that `serve` can patch a page's values and re-render a few jobs.
pub struct RendererParts {
    /// Per-template job count and time, with `SPINDEL_TIMINGS=1`.
    timings: Option<std::sync::Mutex<BTreeMap<String, (usize, std::time::Duration)>>>,
    tera: Arc<Tera>,
    sources: Arc<TemplateSources>,
    values: SharedValues,
    /// Partials rendered once per language for every page (`cached_include`).
    partials: PartialCache,
    /// Static files, minified and fingerprinted, for `asset()`.
    assets: Arc<crate::publish::assets::Assets>,
    /// The site's feeds, for `get_feed()`.
    feeds: Arc<Vec<crate::publish::feeds::Feed>>,
}

impl RendererParts {
    /// The site's feeds and their entries, as planned when the renderer was made.
    pub fn feeds(&self) -> &[crate::publish::feeds::Feed] {
        &self.feeds
    }

    /// An empty stand-in while the real parts are lent to a `Renderer`.
    pub fn placeholder() -> RendererParts {
        RendererParts {
            timings: None,
            tera: Arc::new(Tera::new()),
            partials: PartialCache::default(),
            sources: Arc::new(TemplateSources {
                files: BTreeMap::new(),
                searched: Vec::new(),
                cuts: BTreeMap::new(),
            }),
            values: Arc::new(RwLock::new(Arc::new(Values::default()))),
            assets: Arc::default(),
            feeds: Arc::default(),
        }
    }
}

/// The template values, shared with the template functions and replaceable as a whole.
type SharedValues = Arc<RwLock<Arc<Values>>>;

fn current(values: &SharedValues) -> Arc<Values> {
    values.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// One output of the site: a page, a pager of a listing, a taxonomy page, or the 404 page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Page(PageId),
    Section(SectionId, usize),
    TaxonomyList(usize),
    Term(usize, usize, usize),
    NotFound,
}
/// A rendered job, with the pages and sections its template asked for by function
/// (`get_page`, `get_section`): it shows them, so it changes when they do.
#[derive(Debug, Clone)]
pub struct JobOutput {
    pub job: Job,
    pub file: OutputFile,
    pub deps: Vec<Dep>,
}

/// A page or section that a rendered output showed: all of it, or only what lists show of it
/// (its summary: title, date, description), as the A–Ö page does for every page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dep {
    pub target: Target,
    pub summary_only: bool,
}

thread_local! {
    /// What the job being rendered on this thread asked for by function.
    static DEPS: std::cell::RefCell<Vec<Dep>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn record_dep(target: Target) {
    DEPS.with(|d| {
        d.borrow_mut().push(Dep {
            target,
            summary_only: false,
        })
    });
}

fn record_summary_dep(target: Target) {
    DEPS.with(|d| {
        d.borrow_mut().push(Dep {
            target,
            summary_only: true,
        })
    });
}

/// Template values for every page and section, built once.
#[derive(Clone, Default)]
struct Values {
    /// What a page's full value adds to its summary (made when the page is rendered or asked
    /// for: held as template values for every page, they took 5 KB a page).
    page_extras: Vec<PageExtras>,
    page_summaries: Vec<Value>,
    /// Display name of each language, for links to pages in other languages.
    lang_names: BTreeMap<String, Value>,
    sections: Vec<Value>,
    section_summaries: Vec<Value>,
    /// `content_rel` → target, for `get_page`, `get_section`, `get_url`.
    by_source: BTreeMap<String, Target>,
    taxonomies: Vec<Value>,
    /// Per taxonomy, per term: the term as templates see it, pages included.
    terms: Vec<Vec<Value>>,
    /// `language` of each language's templates.
    languages: BTreeMap<String, Value>,
    /// `ui` of each language's templates: what `t()` gives, as one map.
    ui: BTreeMap<String, Value>,
    /// Each page's HTML (shared with the site), added to its value as `content` when the page
    /// is rendered or asked for.
    page_html: Vec<Arc<str>>,
    /// Pages with `content`, made on the first `get_page` for each (few pages are asked for,
    /// often: the footer's links on every page).
    pages_with_content: Vec<std::sync::OnceLock<Value>>,
}

/// The list under `key` of a map value, shared, not copied.
fn list_of<'v>(value: &'v Value, key: &'v str) -> &'v [Value] {
    value
        .get_from_path(key)
        .and_then(Value::as_array)
        .unwrap_or(&[])
}

const REQUIRED_PAGE: &str = "page.html";
const REQUIRED_SECTION: &str = "section.html";
const INDEX: &str = "index.html";
const TAXONOMY_LIST: &str = "taxonomy_list.html";
const TAXONOMY_TERM: &str = "taxonomy_term.html";
const NOT_FOUND: &str = "404.html";
/// Room for a page's HTML around its content: the theme's pages are 15–25 KB without it.
const OUTPUT_CAPACITY: usize = 32 * 1024;

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let mut sources = find_templates(site)?;
        let mut tera = Tera::new();
        let values: SharedValues = Arc::new(RwLock::new(Arc::new(build_values(site))));
        register_functions(&mut tera, site, values.clone());
        let assets = Arc::new(crate::publish::assets::Assets::prepare(site)?);
        crate::publish::assets::register(&mut tera, assets.clone());
        let feeds = Arc::new(crate::publish::feeds::plan(site)?);
        crate::publish::feeds::register(&mut tera, site, feeds.clone());
        let partials = PartialCache::default();
        register_partials(&mut tera, partials.clone(), site.pages.len());
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
            parts: RendererParts {
                timings,
                tera,
                sources,
                values,
                partials,
                assets,
                feeds,
            },
        })
    }

    /// A renderer for an updated `site`, reusing templates and values from an earlier one.
    /// The site's pages, sections and taxonomies must be the same; only their rendered
    /// Markdown may differ (see `update_page`).
    pub fn from_parts(site: &'a Site, parts: RendererParts) -> Renderer<'a> {
        parts.partials.clear();
        Renderer { site, parts }
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
        let site = self.site;
        let mut values = (*current(&self.parts.values)).clone();
        let summary = page_value(site, id, &site.pages[id]);
        let summary_changed = summary != values.page_summaries[id];
        if summary_changed {
            values.page_summaries[id] = summary;
            if let Some(s) = site.pages[id].section {
                values.sections[s] = section_value(
                    site,
                    &site.sections[s],
                    Some((&values.page_summaries, &values.section_summaries)),
                    true,
                );
            }
            for (t, tax) in site.taxonomies.iter().enumerate() {
                for (k, term) in tax.terms.iter().enumerate() {
                    if term.pages.contains(&id) {
                        values.terms[t][k] = term_value(site, tax, term, &values.page_summaries);
                    }
                }
            }
            // Pages that show this one (related, neighbours, translations) take its summary
            // when their full value is made.
        }
        values.page_extras[id] = PageExtras::new(&site.pages[id]);
        values.page_html[id] = site.pages[id].rendered.html.clone();
        // Every page value may have changed above (neighbours, related): made again on demand.
        values.pages_with_content = vec![std::sync::OnceLock::new(); site.pages.len()];
        *self.parts.values.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(values);
        // A partial may show this page's title.
        self.parts.partials.clear();
        summary_changed
    }

    /// Checks that every template a page or section asks for exists, before rendering anything.
    pub fn check_templates(&self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let missing = |name: &str, asked_by: Option<(&str, &str)>, errors: &mut Vec<Diagnostic>| {
            if self.parts.sources.files.contains_key(name) {
                return;
            }
            let looked: Vec<String> = self
                .parts
                .sources
                .searched
                .iter()
                .map(|d| format!("{}/{name}", display_path(d)))
                .collect();
            let d = match asked_by {
                Some((rel, text)) => {
                    let at = text.find(name).unwrap_or(0);
                    Diagnostic::error(format!("the template `{name}` does not exist")).at(
                        rel,
                        text,
                        at,
                        name.len(),
                    )
                }
                None => Diagnostic::error(format!("the template `{name}` does not exist")),
            };
            errors.push(d.hint(format!("looked for {}", looked.join(" and "))));
        };
        for p in &self.site.pages {
            let (name, by) = self.page_template(p);
            missing(
                name,
                by.then_some((&p.source.rel, &p.source.text)),
                &mut errors,
            );
        }
        for s in &self.site.sections {
            let name = self.section_template(s);
            let by = s.meta.template.is_some();
            missing(
                name,
                by.then_some((&s.source.rel, &s.source.text)),
                &mut errors,
            );
        }
        if !self.site.taxonomies.is_empty() {
            missing(TAXONOMY_LIST, None, &mut errors);
            missing(TAXONOMY_TERM, None, &mut errors);
        }
        errors.sort_by(|a, b| a.file.cmp(&b.file).then(a.message.cmp(&b.message)));
        errors.dedup_by(|a, b| a.file.is_none() && b.file.is_none() && a.message == b.message);
        errors
    }

    /// The template for a page, and whether the page's own front matter named it.
    fn page_template(&self, p: &'a Page) -> (&'a str, bool) {
        if let Some(t) = &p.meta.template {
            return (t, true);
        }
        if let Some(t) = p
            .section
            .and_then(|s| self.site.sections[s].meta.page_template.as_ref())
        {
            return (t, false);
        }
        (REQUIRED_PAGE, false)
    }

    fn section_template(&self, s: &'a Section) -> &'a str {
        match &s.meta.template {
            Some(t) => t,
            None if s.dir.is_empty() => INDEX,
            None => REQUIRED_SECTION,
        }
    }

    /// Renders every page, section, listing and taxonomy page; reports every failure.
    /// With `SPINDEL_TIMINGS=1`: jobs and time per template so far.
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
            let p = self.parts.partials.rendered.read();
            let p = p.unwrap_or_else(|e| e.into_inner());
            let items: usize = p.items.values().flatten().filter(|i| i.is_some()).count();
            eprintln!(
                "timing: partials kept: {} includes ({:.1} of {} MB), {items} page items ({:.1} of {} MB)",
                p.by_id.len(),
                p.include_bytes as f64 / 1e6,
                INCLUDE_CACHE_BYTES / 1_000_000,
                p.item_bytes as f64 / 1e6,
                ITEM_CACHE_BYTES / 1_000_000
            );
        }
    }

    /// Every output the site has, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs: Vec<Job> = Vec::new();
        jobs.extend((0..site.pages.len()).map(Job::Page));
        for (i, s) in site.sections.iter().enumerate() {
            for n in 0..pager_count(s.pages.len(), s.meta.paginate_by) {
                jobs.push(Job::Section(i, n));
            }
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            jobs.push(Job::TaxonomyList(t));
            for (k, term) in tax.terms.iter().enumerate() {
                for n in 0..pager_count(term.pages.len(), tax.paginate_by) {
                    jobs.push(Job::Term(t, k, n));
                }
            }
        }
        if self.parts.sources.files.contains_key(NOT_FOUND) {
            jobs.push(Job::NotFound);
        }
        jobs
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
                DEPS.with(|d| d.borrow_mut().clear());
                let r = self.render_job(job).map(|file| JobOutput {
                    job: *job,
                    file,
                    deps: DEPS.with(|d| std::mem::take(&mut *d.borrow_mut())),
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

    /// Files that are not rendered from templates: alias redirects, attachments, the sitemap,
    /// robots.txt, `_redirects` and the feeds.
    pub fn extra_files(&self) -> Vec<OutputFile> {
        // The feeds beside the rest: they are most of the work.
        let (mut files, feeds) = rayon::join(
            || {
                let mut files = self.aliases();
                files.extend(self.attachments());
                files.push(crate::publish::sitemap(self.site));
                files.extend(crate::publish::robots(self.site));
                files.extend(crate::publish::redirects(self.site));
                files
            },
            || crate::publish::feeds::files(self.site, &self.parts.feeds),
        );
        files.extend(feeds);
        files
    }

    /// The static files as published (stylesheets and scripts minified, fingerprinted copies
    /// under /assets/ and the highlighting stylesheet), less those a generated file replaces.
    pub fn asset_files(&self, generated: &std::collections::HashSet<PathBuf>) -> Vec<OutputFile> {
        crate::publish::assets::files_except(&self.parts.assets, generated)
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
                    ctx.insert_value("section", v.section_summaries[s].clone());
                }
                ctx.insert_value(
                    "ancestors",
                    ancestors_value(site, &v.section_summaries, p.section),
                );
                (self.page_template(p).0, p.path.clone(), ctx)
            }
            Job::Section(id, n) => {
                let s = &site.sections[id];
                let path = pager_path(&s.path, n, &site.config.paginate_path);
                let mut ctx = self.base_context(&v, &s.lang, &path);
                ctx.insert_value("section", v.sections[id].clone());
                let parent = s.parent;
                ctx.insert_value(
                    "ancestors",
                    ancestors_value(site, &v.section_summaries, parent),
                );
                if let Some(by) = s.meta.paginate_by {
                    let items = list_of(&v.sections[id], "pages");
                    ctx.insert_value(
                        "paginator",
                        paginator(items, by, n, &s.path, &site.config.paginate_path),
                    );
                }
                (self.section_template(s), path, ctx)
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
        self.parts
            .tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| template_diagnostic(&e, &self.parts.sources))?;
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

    /// A small HTML page per alias that sends readers on to the page's new address.
    fn aliases(&self) -> Vec<OutputFile> {
        let site = self.site;
        site.aliases
            .iter()
            .map(|(alias, id)| {
                let p = &site.pages[*id];
                let target = escape_attr(&p.path);
                let title = escape_attr(&p.meta.title);
                let moved = site.config.translate(&p.lang, "moved").unwrap_or("Sidan har flyttat till");
                let html = format!(
                    "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
                     <link rel=\"canonical\" href=\"{canon}\">\n<meta name=\"robots\" content=\"noindex\">\n\
                     <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
                     <p>{moved} <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                    lang = escape_attr(&p.lang),
                    canon = escape_attr(&site.permalink(&p.path)),
                    moved = escape_attr(moved),
                );
                OutputFile {
                    path: output_file_for(alias),
                    contents: Contents::Bytes(html.into_bytes()),
                }
            })
            .collect()
    }

    fn attachments(&self) -> Vec<OutputFile> {
        let site = self.site;
        let pages = site
            .pages
            .iter()
            .flat_map(|p| p.attachments.iter().map(move |a| (&p.path, a)));
        let sections = site
            .sections
            .iter()
            .flat_map(|s| s.attachments.iter().map(move |a| (&s.path, a)));
        pages
            .chain(sections)
            .map(|(dir, a)| OutputFile {
                path: PathBuf::from(dir.trim_start_matches('/')).join(&a.name),
                contents: Contents::Copy(a.source.clone()),
            })
            .collect()
    }
}

/// How many outputs rendering the site takes (pages, pagers, taxonomy pages), for progress.
pub fn job_count(site: &Site) -> usize {
    let pagers = |n: usize, by| pager_count(n, by);
    site.pages.len()
        + site
            .sections
            .iter()
            .map(|s| pagers(s.pages.len(), s.meta.paginate_by))
            .sum::<usize>()
        + site
            .taxonomies
            .iter()
            .map(|t| {
                1 + t
                    .terms
                    .iter()
                    .map(|k| pagers(k.pages.len(), t.paginate_by))
                    .sum::<usize>()
            })
            .sum::<usize>()
}

fn pager_count(items: usize, by: Option<usize>) -> usize {
    match by {
        Some(by) if by > 0 => items.div_ceil(by).max(1),
        _ => 1,
    }
}

/// `/metoder/` for the first pager, `/metoder/sida/2/` for the second.
fn pager_path(base: &str, n: usize, segment: &str) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}{segment}/{}/", n + 1)
    }
}

/// Pagers shown on each side of the current one.
const PAGER_WINDOW: usize = 2;

fn paginator(items: &[Value], by: usize, n: usize, base: &str, segment: &str) -> Value {
    let by = by.max(1);
    let total = pager_count(items.len(), Some(by));
    // A slice, not `skip`: skipping a cloning iterator clones (and drops) every item before
    // the pager's, time quadratic in the pages of a term over its pagers.
    let start = (n * by).min(items.len());
    let slice: Vec<Value> = items[start..(start + by).min(items.len())].to_vec();
    let mut m = tera::Map::new();
    m.insert("pages".into(), Value::from(slice));
    m.insert("current_index".into(), (n + 1).into());
    m.insert("number_pagers".into(), total.into());
    m.insert("paginate_by".into(), by.into());
    m.insert("total_pages".into(), items.len().into());
    m.insert("first".into(), pager_path(base, 0, segment).into());
    m.insert("last".into(), pager_path(base, total - 1, segment).into());
    m.insert(
        "previous".into(),
        if n > 0 {
            pager_path(base, n - 1, segment).into()
        } else {
            Value::none()
        },
    );
    m.insert(
        "next".into(),
        if n + 1 < total {
            pager_path(base, n + 1, segment).into()
        } else {
            Value::none()
        },
    );
    // A window, not every pager: a term with 150 pagers would otherwise list 150 links on each
    // of them (output and time quadratic in the number of pagers).
    let mut shown: Vec<usize> = vec![0, total - 1];
    shown.extend(n.saturating_sub(PAGER_WINDOW)..(n + PAGER_WINDOW + 1).min(total));
    shown.sort_unstable();
    shown.dedup();
    let pagers: Vec<Value> = shown
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let mut p = tera::Map::new();
            p.insert("index".into(), (i + 1).into());
            p.insert("path".into(), pager_path(base, i, segment).into());
            p.insert("gap_before".into(), (k > 0 && shown[k - 1] + 1 != i).into());
            Value::from(p)
        })
        .collect();
    m.insert("pagers".into(), Value::from(pagers));
    Value::from(m)
}

fn find_templates(site: &Site) -> Result<TemplateSources, Vec<Diagnostic>> {
    let mut dirs = Vec::new();
    if let Some(theme) = site.config.theme_dir(&site.root) {
        if !theme.is_dir() {
            let name = site.config.theme.clone().unwrap_or_default();
            let available: Vec<String> = std::fs::read_dir(site.root.join("themes"))
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.file_name().to_string_lossy().to_string())
                        .collect()
                })
                .unwrap_or_default();
            let d = Diagnostic::error(format!("the theme `{name}` does not exist"))
                .in_file("spindel.toml");
            let d = match crate::diag::did_you_mean(&name, available.iter().map(String::as_str)) {
                Some(n) => d.hint(format!("did you mean `{n}`? themes live in themes/<name>/")),
                None => d.hint(format!("looked for {}", display_path(&rel(site, &theme)))),
            };
            return Err(vec![d]);
        }
        dirs.push(theme.join("templates"));
    }
    dirs.push(site.root.join("templates"));
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for dir in &dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || crate::content::is_ignored(&name) {
                continue;
            }
            let path = entry.path();
            let tname = display_path(path.strip_prefix(dir).unwrap_or(path));
            let r = rel(site, path);
            match std::fs::read(path) {
                Ok(bytes) => match crate::text::decode::decode_text(&r, &bytes) {
                    Ok(text) => {
                        files.insert(tname, (r, text));
                    }
                    Err(d) => errors.push(d),
                },
                Err(e) => errors
                    .push(Diagnostic::error(format!("cannot read the template: {e}")).in_file(&r)),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(TemplateSources {
        files,
        searched: dirs.iter().map(|d| rel(site, d)).collect(),
        cuts: BTreeMap::new(),
    })
}

fn rel(site: &Site, path: &Path) -> PathBuf {
    path.strip_prefix(&site.root).unwrap_or(path).to_path_buf()
}

/// Turns a Tera error into a diagnostic that points at the template file and line.
fn template_diagnostic(e: &tera::Error, sources: &TemplateSources) -> Diagnostic {
    let file_of = |name: &str| sources.files.get(name).map(|(p, t)| (p.clone(), t.clone()));
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let what = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let message = format!("{what}: {}", r.message());
            match file_of(r.filename()) {
                Some((path, text)) => {
                    let span = r.span();
                    let (start, end) = match sources.cuts.get(r.filename()) {
                        Some(cuts) => (
                            crate::publish::minify::original_offset(cuts, span.range.start),
                            crate::publish::minify::original_offset(cuts, span.range.end),
                        ),
                        None => (span.range.start, span.range.end),
                    };
                    let offset = start.min(text.len());
                    let len = end.saturating_sub(start).max(1);
                    Diagnostic::error(message)
                        .at(&path, &text, offset, len)
                        .hint(template_hint(r.message()))
                }
                None => Diagnostic::error(format!("{message} (in `{}`)", r.filename())),
            }
        }
        ErrorKind::TemplateNotFound(name) => {
            let looked: Vec<String> = sources
                .searched
                .iter()
                .map(|d| format!("{}/{name}", display_path(d)))
                .collect();
            Diagnostic::error(format!("the template `{name}` does not exist"))
                .hint(format!("looked for {}", looked.join(" and ")))
        }
        ErrorKind::MissingParent { current, parent } => {
            let d = Diagnostic::error(format!(
                "`{current}` extends `{parent}`, which does not exist"
            ));
            match file_of(current) {
                Some((path, text)) => {
                    let at = text.find(parent.as_str()).unwrap_or(0);
                    d.at(&path, &text, at, parent.len())
                }
                None => d,
            }
            .hint("check the name in {% extends \"...\" %}")
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Diagnostic::error(format!(
            "the templates extend each other in a loop: {} → {tpl}",
            inheritance_chain.join(" → ")
        ))
        .hint("one template in the chain must not use {% extends %}"),
        ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::error(format!(
            "the templates include each other in a loop: {} → {tpl}",
            include_chain.join(" → ")
        ))
        .hint("break the loop of {% include %}"),
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(format!("template error: {message}"))
        }
    }
}

fn template_hint(message: &str) -> String {
    // "Field `titel` is not defined. Available fields: a, b, title"
    if let (Some(name), Some((_, fields))) = (
        message.split('`').nth(1),
        message.split_once("Available fields: "),
    ) {
        let fields: Vec<&str> = fields.split(", ").map(str::trim).collect();
        if let Some(near) = crate::diag::did_you_mean(name, fields.iter().copied()) {
            return format!("did you mean `{near}`?");
        }
    }
    if message.contains(&partial_prefix("cached_include")) {
        return "a cached_include partial sees only `lang`, `language`, `ui`, `config`, `data` and the arguments given to cached_include: pass what it needs, e.g. cached_include(name=\"…\", key=page.path, page=page)".into();
    }
    if message.contains(&partial_prefix("page_items")) {
        return "a page_items partial sees only `page` (each page of the list), `lang`, `language`, `ui`, `config`, `data` and the arguments given to page_items: pass what it needs, and tell its values apart in `key`".into();
    }
    if message.contains("cached_include: there is no template")
        || message.contains("page_items: there is no template")
    {
        return "templates are looked for in templates/ and the theme's templates/".into();
    }
    if message.contains("not defined")
        || message.contains("not found")
        || message.contains("undefined")
    {
        "check the spelling, or test it first: {% if page.extra.x is defined %}; the variables are listed in README.md".into()
    } else {
        "see the template variables and functions in README.md".into()
    }
}

/// A cached partial's HTML and the pages and sections it showed.
type RenderedPartial = (Value, Box<[Dep]>);

/// At most this many bytes of page-list items are kept (their HTML and ids): about 0.53 KB per
/// page and variant (the theme has two: with and without the content type), so 10 000 pages
/// take 10.6 MB and 30 000 pages' items fit. Past it, an item is rendered each time it is
/// asked for. At 100 000 pages the template stage holds about 1.87–1.88 GB against the build's
/// peak of 1.94 GB (in the Markdown stage): the cache must fit in that margin.
const ITEM_CACHE_BYTES: usize = 32_000_000;

/// At most this many bytes of `cached_include` partials: a site's footer, menus and term side
/// columns take a few hundred kilobytes. A budget of their own, so that the page-list items,
/// which the section pagers make first, never crowd out the menu of every later term pager.
const INCLUDE_CACHE_BYTES: usize = 8_000_000;

/// What an entry costs besides its HTML: its slot, the allocation's header.
const PARTIAL_ENTRY_BYTES: usize = 64;

/// Partials that print the same for every page of a language (a footer), rendered once per
/// language and key, and the items of page lists, rendered once per page, language and key;
/// with the pages and sections they showed (replayed as dependencies of every job that uses
/// them, so that `serve` still knows what to render again).
#[derive(Clone, Default)]
struct PartialCache {
    rendered: Arc<RwLock<Partials>>,
    /// The renderer's own templates and their sources (for errors), set once they are all
    /// added (weak: Tera holds the cache).
    templates: Arc<std::sync::OnceLock<(std::sync::Weak<Tera>, Arc<TemplateSources>)>>,
}

#[derive(Default)]
struct Partials {
    /// `cached_include`, by template name, language and key, joined with NUL.
    by_id: HashMap<Box<str>, RenderedPartial>,
    /// `page_items`, by template name, language and key as above, then by page id.
    items: HashMap<Box<str>, Vec<Option<RenderedPartial>>>,
    /// Bytes held, against `INCLUDE_CACHE_BYTES` and `ITEM_CACHE_BYTES`.
    include_bytes: usize,
    item_bytes: usize,
}

thread_local! {
    /// The id of the partial looked up last on this thread (no allocation per lookup).
    static PARTIAL_ID: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn replay_deps(deps: &[Dep]) {
    if !deps.is_empty() {
        DEPS.with(|d| d.borrow_mut().extend_from_slice(deps));
    }
}

impl PartialCache {
    fn set_templates(&self, tera: &Arc<Tera>, sources: &Arc<TemplateSources>) {
        let _ = self.templates.set((Arc::downgrade(tera), sources.clone()));
    }

    fn clear(&self) {
        *self.rendered.write().unwrap_or_else(|e| e.into_inner()) = Partials::default();
    }

    /// The templates, once `name` is known to be one of them.
    fn templates(
        &self,
        function: &str,
        name: &str,
    ) -> tera::TeraResult<(Arc<Tera>, &Arc<TemplateSources>)> {
        let (tera, sources) = self
            .templates
            .get()
            .and_then(|(tera, sources)| Some((tera.upgrade()?, sources)))
            .ok_or_else(|| {
                tera::Error::message(format!("{function}: the templates are not ready"))
            })?;
        if !sources.files.contains_key(name) {
            let near = crate::diag::did_you_mean(name, sources.files.keys().map(String::as_str));
            return Err(tera::Error::message(match near {
                Some(n) => {
                    format!("{function}: there is no template `{name}`; did you mean `{n}`?")
                }
                None => format!("{function}: there is no template `{name}`"),
            }));
        }
        Ok((tera, sources))
    }

    /// The HTML of partial `id`, its dependencies added to the job's, if it was rendered.
    fn get(&self, id: &str) -> Option<Value> {
        let p = self.rendered.read().unwrap_or_else(|e| e.into_inner());
        let (html, deps) = p.by_id.get(id)?;
        replay_deps(deps);
        Some(html.clone())
    }

    /// Keeps a rendered partial, while the cache has room.
    fn insert(&self, id: &str, partial: RenderedPartial) {
        let cost = id.len() + html_len(&partial.0) + PARTIAL_ENTRY_BYTES;
        let mut p = self.rendered.write().unwrap_or_else(|e| e.into_inner());
        if p.include_bytes + cost > INCLUDE_CACHE_BYTES || p.by_id.contains_key(id) {
            return;
        }
        p.include_bytes += cost;
        p.by_id.insert(id.into(), partial);
    }

    /// Keeps the renderings of pages (by id) for `page_items`' `variant`, while there is room.
    fn insert_items(&self, variant: &str, rendered: Vec<(usize, RenderedPartial)>) {
        let mut guard = self.rendered.write().unwrap_or_else(|e| e.into_inner());
        let p = &mut *guard;
        if !p.items.contains_key(variant) {
            p.item_bytes += variant.len() + PARTIAL_ENTRY_BYTES;
            p.items.insert(variant.into(), Vec::new());
        }
        let slots = p.items.get_mut(variant).expect("just inserted");
        for (id, partial) in rendered {
            let cost = html_len(&partial.0) + PARTIAL_ENTRY_BYTES;
            if p.item_bytes + cost > ITEM_CACHE_BYTES {
                break;
            }
            if slots.len() <= id {
                slots.resize(id + 1, None);
            }
            if slots[id].is_none() {
                p.item_bytes += cost;
                slots[id] = Some(partial);
            }
        }
    }
}

fn html_len(html: &Value) -> usize {
    html.as_str().map_or(0, str::len)
}

/// An error in a partial, told with the partial's own file, line and column (the caller's
/// diagnostic points at the `cached_include` or `page_items` that asked for it).
fn partial_error(e: &tera::Error, sources: &TemplateSources, function: &str) -> tera::Error {
    let d = template_diagnostic(e, sources);
    let message = d.message.trim_start_matches("template error: ");
    let prefix = partial_prefix(function);
    tera::Error::message(match &d.file {
        Some(file) => format!("{prefix} {file}:{}:{}: {message}", d.line, d.column),
        None => format!("{prefix}: {message}"),
    })
}

/// How an error in a partial of `function` begins (`template_hint` knows it by this).
fn partial_prefix(function: &str) -> String {
    format!("in the {function} partial")
}

/// What a partial sees: `lang`, `language` and `ui` of the caller, and the arguments of the call but
/// `skip` (the same key must mean the same values, as the first rendering is reused for it).
fn partial_context(
    lang: &Value,
    state: &State,
    kwargs: &Kwargs,
    skip: &[&str],
) -> tera::TeraResult<Context> {
    let mut ctx = Context::new();
    ctx.insert_value("lang", lang.clone());
    for name in ["language", "ui"] {
        if let Some(value) = state.get::<Value>(name)? {
            ctx.insert_value(name, value);
        }
    }
    for (k, v) in kwargs.iter() {
        if let Some(k) = k.as_str()
            && !skip.contains(&k)
        {
            ctx.insert_value(k.to_string(), v.clone());
        }
    }
    Ok(ctx)
}

/// Renders partial `name` for `function`, with the dependencies it recorded.
fn render_partial(
    (tera, sources): (&Tera, &TemplateSources),
    function: &str,
    name: &str,
    ctx: &Context,
    out: &mut Vec<u8>,
) -> tera::TeraResult<RenderedPartial> {
    let before = DEPS.with(|d| d.borrow().len());
    out.clear();
    tera.render_to(name, ctx, &mut *out)
        .map_err(|e| partial_error(&e, sources, function))?;
    let deps = DEPS.with(|d| d.borrow()[before..].into());
    // Borrowed, not copied, when the bytes are UTF-8 (always, from Tera).
    Ok((Value::safe_string(&String::from_utf8_lossy(out)), deps))
}

/// `cached_include(name="footer.html", key="...", ...)`: the template `name` rendered once per
/// language and `key`, with `lang`, `language` and the other arguments as its variables; and
/// `page_items`, the same for each page of a list. `page_count`: the site's pages.
fn register_partials(tera: &mut Tera, cache: PartialCache, page_count: usize) {
    let includes = cache.clone();
    tera.register_function(
        "cached_include",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let cache = &includes;
            let name: &str = kwargs.must_get("name")?;
            let key: &str = kwargs.get("key")?.unwrap_or("");
            let lang = state.get::<Value>("lang")?.unwrap_or_else(Value::none);
            let lang_str = lang.as_str().unwrap_or("");
            let hit = PARTIAL_ID.with(|id| {
                let mut id = id.borrow_mut();
                id.clear();
                id.extend([name, "\0", lang_str, "\0", key]);
                cache.get(&id)
            });
            if let Some(html) = hit {
                return Ok(html);
            }
            let (tera, sources) = cache.templates("cached_include", name)?;
            let ctx = partial_context(&lang, state, &kwargs, &["name", "key"])?;
            let templates = (&*tera, &**sources);
            let partial = render_partial(templates, "cached_include", name, &ctx, &mut Vec::new())?;
            let html = partial.0.clone();
            // The id is made again, not taken from PARTIAL_ID: a cached_include inside the
            // partial has overwritten it meanwhile.
            cache.insert(&[name, lang_str, key].join("\0"), partial);
            Ok(html)
        },
    );

    // `page_items(name="page_list_item.html", pages=list, key="...", ...)`: the template
    // rendered for each page of the list (which it sees as `page`), as a list of HTML. A page
    // is in several lists (its section's, one per term), so each page's rendering is kept per
    // language and key and reused: a list of 20 costs one call, not 20 renderings.
    tera.register_function(
        "page_items",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get("name")?;
            let pages: &[Value] = kwargs.must_get("pages")?;
            let key: &str = kwargs.get("key")?.unwrap_or("");
            let lang = state.get::<Value>("lang")?.unwrap_or_else(Value::none);
            let lang_str = lang.as_str().unwrap_or("");
            let mut ids = Vec::with_capacity(pages.len());
            for p in pages {
                let id = p.get_from_path("id").and_then(Value::as_u64);
                match id.map(|id| id as usize) {
                    Some(id) if id < page_count => ids.push(id),
                    _ => {
                        return Err(tera::Error::message(
                            "page_items: `pages` must be a list of pages (such as section.pages, \
                             term.pages, paginator.pages)",
                        ));
                    }
                }
            }
            let variant = [name, lang_str, key].join("\0");
            let mut items = Vec::with_capacity(pages.len());
            let mut missing = Vec::new();
            {
                let p = cache.rendered.read().unwrap_or_else(|e| e.into_inner());
                let slots = p.items.get(variant.as_str());
                for (i, &id) in ids.iter().enumerate() {
                    match slots.and_then(|s| s.get(id)).and_then(Option::as_ref) {
                        Some((html, deps)) => {
                            replay_deps(deps);
                            items.push(html.clone());
                        }
                        None => {
                            missing.push(i);
                            items.push(Value::none());
                        }
                    }
                }
            }
            if !missing.is_empty() {
                let (tera, sources) = cache.templates("page_items", name)?;
                let mut ctx = partial_context(&lang, state, &kwargs, &["name", "key", "pages"])?;
                let mut out = Vec::with_capacity(1024);
                let mut rendered = Vec::with_capacity(missing.len());
                for i in missing {
                    ctx.insert_value("page", pages[i].clone());
                    let templates = (&*tera, &**sources);
                    let partial = render_partial(templates, "page_items", name, &ctx, &mut out)?;
                    items[i] = partial.0.clone();
                    rendered.push((ids[i], partial));
                }
                cache.insert_items(&variant, rendered);
            }
            Ok(Value::from(items))
        },
    );
}

fn register_functions(tera: &mut Tera, site: &Site, values: SharedValues) {
    let config = Arc::new(site.config.clone());
    // UI strings as template values, made once, the same tables as `ui` (a language's strings
    // over the default language's).
    let strings: BTreeMap<String, BTreeMap<String, Value>> = config
        .languages
        .keys()
        .map(|lang| (lang.clone(), ui_strings(site, lang)))
        .collect();
    let c = config.clone();
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let from_state: Option<Value>;
        let lang: &str = match kwargs.get::<&str>("lang")? {
            Some(l) => l,
            None => {
                from_state = state.get::<Value>("lang")?;
                from_state
                    .as_ref()
                    .and_then(Value::as_str)
                    .unwrap_or(&c.default_language)
            }
        };
        // A language without a table of its own (not configured) takes the default's.
        let table = strings.get(lang).or_else(|| strings.get(&c.default_language));
        match table.and_then(|table| table.get(key)) {
            Some(s) => Ok(s.clone()),
            None => Err(tera::Error::message(format!(
                "no translation `{key}` for the language `{lang}`; add it under [languages.{lang}.translations] in spindel.toml"
            ))),
        }
    });

    let shared = values.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let v = current(&shared);
            let path: &str = kwargs.must_get("path")?;
            if let Some(rest) = path.strip_prefix("@/") {
                let (file, anchor) = rest
                    .split_once('#')
                    .map_or((rest, None), |(f, a)| (f, Some(a)));
                return match v.by_source.get(file.trim_start_matches('/')) {
                    Some(t) => {
                        let p = v.target_path(*t);
                        Ok(Value::from(match anchor {
                            Some(a) => format!("{p}#{a}"),
                            None => p,
                        }))
                    }
                    None => Err(tera::Error::message(format!("get_url: no page `{path}`"))),
                };
            }
            Ok(Value::from(format!("/{}", path.trim_start_matches('/'))))
        },
    );

    let shared = values.clone();
    tera.register_function("get_page", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let v = current(&shared);
        let path: &str = kwargs.must_get("path")?;
        match v.by_source.get(path.trim_start_matches("@/")) {
            Some(Target::Page(i)) => {
                record_dep(Target::Page(*i));
                let full = v.pages_with_content[*i].get_or_init(|| v.full_page(*i));
                Ok(full.clone())
            }
            // `required=false` asks for none instead, e.g. for a translation that may not exist.
            _ if !kwargs.get::<bool>("required")?.unwrap_or(true) => Ok(Value::none()),
            _ => Err(tera::Error::message(format!("get_page: no page `{path}` (write the path under content/, e.g. metoder/brobyggare.md)"))),
        }
    });

    // Every published page of a language, A–Ö by title (Swedish order): the no-JavaScript
    // way to everything. The job that asks shows every page, so it depends on them all.
    let shared = values.clone();
    let langs: Vec<(String, String)> = site
        .pages
        .iter()
        .map(|p| {
            (
                p.lang.clone(),
                crate::text::slug::swedish_sort_key(&p.meta.title),
            )
        })
        .collect();
    let c = config.clone();
    tera.register_function(
        "get_pages",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let v = current(&shared);
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state
                    .get::<String>("lang")?
                    .unwrap_or_else(|| c.default_language.clone()),
            };
            let mut ids: Vec<usize> = (0..langs.len()).filter(|&i| langs[i].0 == lang).collect();
            ids.sort_by(|&a, &b| langs[a].1.cmp(&langs[b].1).then(a.cmp(&b)));
            for &i in &ids {
                record_summary_dep(Target::Page(i));
            }
            Ok(Value::from(
                ids.iter()
                    .map(|&i| v.page_summaries[i].clone())
                    .collect::<Vec<_>>(),
            ))
        },
    );

    let shared = values.clone();
    tera.register_function("get_section", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let v = current(&shared);
        let path: &str = kwargs.must_get("path")?;
        match v.by_source.get(path.trim_start_matches("@/")) {
            Some(Target::Section(i)) => {
                record_dep(Target::Section(*i));
                Ok(v.sections[*i].clone())
            }
            _ if !kwargs.get::<bool>("required")?.unwrap_or(true) => Ok(Value::none()),
            _ => Err(tera::Error::message(format!(
                "get_section: no section `{path}` (write the path under content/, e.g. metoder/_index.md)"
            ))),
        }
    });

    let shared = values.clone();
    let taxes: Vec<(String, String)> = site
        .taxonomies
        .iter()
        .map(|t| (t.name.clone(), t.lang.clone()))
        .collect();
    let c = config.clone();
    tera.register_function(
        "get_taxonomy",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get("name")?;
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state
                    .get::<String>("lang")?
                    .unwrap_or_else(|| c.default_language.clone()),
            };
            match taxes.iter().position(|(n, l)| n == name && *l == lang) {
                Some(i) => Ok(current(&shared).taxonomies[i].clone()),
                None if c.taxonomies.iter().any(|t| t.name == name) => Ok(Value::none()),
                None => Err(tera::Error::message(format!(
                    "get_taxonomy: no taxonomy `{name}`"
                ))),
            }
        },
    );

    // Month names per language, made once: the filter runs for every item of every listing.
    // A site can name the months of any language: month_1 … month_12 in its translations;
    // Swedish and English are built in.
    let months: Vec<(String, Vec<String>)> = config
        .languages
        .iter()
        .map(|(lang, l)| {
            let names = (1..=12)
                .map(|m| {
                    l.translations
                        .get(&format!("month_{m}"))
                        .cloned()
                        .unwrap_or_else(|| builtin_month(lang, m).to_string())
                })
                .collect();
            (lang.clone(), names)
        })
        .collect();
    let c = config.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let format: &str = kwargs.get("format")?.unwrap_or("%Y-%m-%d");
            let lang_value = state.get::<Value>("lang")?;
            let lang: &str = match &lang_value {
                None => &c.default_language,
                Some(v) => v
                    .as_str()
                    .ok_or_else(|| tera::Error::message("date: `lang` is not a string"))?,
            };
            let names = months.iter().find(|(l, _)| l == lang).map(|(_, n)| n);
            let month = |m: usize| match names {
                Some(n) => n[m - 1].as_str(),
                None => builtin_month(lang, m),
            };
            format_date_with(value, format, month)
                .ok_or_else(|| tera::Error::message(format!("date: `{value}` is not a date")))
        },
    );

    let c = config;
    tera.register_filter(
        "filesize",
        move |bytes: u64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang: String = state
                .get::<String>("lang")?
                .unwrap_or_else(|| c.default_language.clone());
            let text = crate::content::human_size(bytes);
            // English writes 1.2 MB; Swedish and most European languages 1,2 MB.
            let separator = c
                .translate(&lang, "decimal_separator")
                .unwrap_or(if lang.starts_with("en") { "." } else { "," });
            Ok(text.replace(',', separator))
        },
    );
}

fn builtin_month(lang: &str, m: usize) -> &'static str {
    if lang == "sv" {
        MONTHS_SV[m - 1]
    } else {
        MONTHS_EN[m - 1]
    }
}

impl Values {
    fn target_path(&self, t: Target) -> String {
        let v = match t {
            Target::Page(i) => &self.page_summaries[i],
            Target::Section(i) => &self.sections[i],
        };
        v.get_from_path("path")
            .and_then(|p| p.as_str())
            .unwrap_or("/")
            .to_string()
    }
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `%Y`, `%m`, `%d`, `%e` (day without zero) and `%B` (month name in the page's language).
pub fn format_date(value: &str, format: &str, lang: &str) -> Option<String> {
    format_date_with(value, format, |m| builtin_month(lang, m))
}

fn format_date_with<'m>(
    value: &str,
    format: &str,
    month_name: impl Fn(usize) -> &'m str,
) -> Option<String> {
    let d = crate::config::tomlfile::Date::day_of(value).ok()?;
    let (y, m, day) = (&d[0..4], &d[5..7], &d[8..10]);
    let mi: usize = m.parse().ok()?;
    let month = month_name(mi);
    let mut out = String::with_capacity(format.len() + month.len() + 8);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(y),
            Some('m') => out.push_str(m),
            Some('d') => out.push_str(day),
            Some('e') => out.push_str(day.trim_start_matches('0')),
            Some('B') => out.push_str(month),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    Some(out)
}

/// TOML to template values; dates become `YYYY-MM-DD` strings.
pub fn toml_to_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(a) => Value::from(a.iter().map(toml_to_value).collect::<Vec<_>>()),
        toml::Value::Table(t) => {
            let mut m = tera::Map::new();
            for (k, v) in t {
                m.insert(k.clone().into(), toml_to_value(v));
            }
            Value::from(m)
        }
    }
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::none(), Value::from)
}

fn config_value(site: &Site) -> Value {
    let c = &site.config;
    let mut m = tera::Map::new();
    m.insert("title".into(), c.title.as_str().into());
    m.insert("description".into(), c.description.as_str().into());
    m.insert("base_url".into(), c.base_url.as_str().into());
    m.insert(
        "default_language".into(),
        c.default_language.as_str().into(),
    );
    let langs: Vec<Value> = c
        .language_codes()
        .iter()
        .map(|l| language_value(site, l))
        .collect();
    m.insert("languages".into(), Value::from(langs));
    let taxes: Vec<Value> = c
        .taxonomies
        .iter()
        .map(|t| Value::from(t.name.as_str()))
        .collect();
    m.insert("taxonomies".into(), Value::from(taxes));
    m.insert(
        "extra".into(),
        toml_to_value(&toml::Value::Table(c.extra.clone())),
    );
    Value::from(m)
}

fn language_value(site: &Site, lang: &str) -> Value {
    let c = &site.config;
    let l = c.languages.get(lang);
    let mut m = tera::Map::new();
    m.insert("code".into(), lang.into());
    m.insert("name".into(), l.map_or(lang, |l| l.name.as_str()).into());
    m.insert(
        "title".into(),
        l.and_then(|l| l.title.as_deref())
            .unwrap_or(&c.title)
            .into(),
    );
    m.insert(
        "description".into(),
        l.and_then(|l| l.description.as_deref())
            .unwrap_or(&c.description)
            .into(),
    );
    m.insert("home".into(), c.language_prefix(lang).into());
    Value::from(m)
}

/// The UI strings of `lang` for templates (`ui.home`), with the default language's for those
/// it lacks: what `t(key)` finds, as a map, for a lookup instead of a function call (about
/// 3 000 instructions in Tera against a few hundred, and a page makes a dozen or two).
fn ui_value(site: &Site, lang: &str) -> Value {
    Value::from(ui_strings(site, lang))
}

/// The UI strings of `lang`: its translations over the default language's (what `ui` holds and
/// `t()` looks up).
fn ui_strings(site: &Site, lang: &str) -> BTreeMap<String, Value> {
    let c = &site.config;
    let mut strings: BTreeMap<String, Value> = BTreeMap::new();
    for l in [c.default_language.as_str(), lang] {
        if let Some(l) = c.languages.get(l) {
            for (k, v) in &l.translations {
                strings.insert(k.clone(), Value::from(v.as_str()));
            }
        }
    }
    strings
}

fn ancestors_value(site: &Site, summaries: &[Value], section: Option<SectionId>) -> Value {
    Value::from(
        site.ancestors(section)
            .into_iter()
            .map(|s| summaries[s].clone())
            .collect::<Vec<_>>(),
    )
}

fn link_value(site: &Site, title: &str, path: &str, lang: &str) -> Value {
    let lang_name = site
        .config
        .languages
        .get(lang)
        .map(|l| l.name.as_str().into());
    link_map(
        title.into(),
        path.into(),
        site.permalink(path).into(),
        lang.into(),
        lang_name,
    )
}

/// A link to a page or section as templates see it (translations, neighbours): `title`,
/// `path`, `permalink`, `lang` and, for a language of the site, `lang_name`.
fn link_map(
    title: Value,
    path: Value,
    permalink: Value,
    lang: Value,
    lang_name: Option<Value>,
) -> Value {
    let mut m = tera::Map::new();
    m.insert("title".into(), title);
    m.insert("path".into(), path);
    m.insert("permalink".into(), permalink);
    m.insert("lang".into(), lang);
    if let Some(name) = lang_name {
        m.insert("lang_name".into(), name);
    }
    Value::from(m)
}

/// Template values for all pages and sections, summaries (for listings) and full.
fn build_values(site: &Site) -> Values {
    let page_summaries: Vec<Value> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| page_value(site, i, p))
        .collect();
    let page_extras: Vec<PageExtras> = site.pages.iter().map(PageExtras::new).collect();
    let lang_names = site
        .config
        .languages
        .iter()
        .map(|(code, l)| (code.clone(), Value::from(l.name.as_str())))
        .collect();
    let section_summaries: Vec<Value> = site
        .sections
        .iter()
        .map(|s| section_value(site, s, None, false))
        .collect();
    let sections: Vec<Value> = site
        .sections
        .iter()
        .map(|s| section_value(site, s, Some((&page_summaries, &section_summaries)), true))
        .collect();
    let mut by_source = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        by_source.insert(p.source.content_rel.clone(), Target::Page(i));
    }
    for (i, s) in site.sections.iter().enumerate() {
        by_source.insert(s.source.content_rel.clone(), Target::Section(i));
    }
    let taxonomies = site
        .taxonomies
        .iter()
        .map(|t| {
            let mut m = tera::Map::new();
            m.insert("name".into(), t.name.as_str().into());
            m.insert(
                "title".into(),
                site.config
                    .translate(&t.lang, &t.name)
                    .unwrap_or(&t.name)
                    .into(),
            );
            m.insert("lang".into(), t.lang.as_str().into());
            m.insert("path".into(), t.path.as_str().into());
            m.insert("permalink".into(), site.permalink(&t.path).into());
            let terms: Vec<Value> = t
                .terms
                .iter()
                .map(|term| {
                    let mut tm = tera::Map::new();
                    tm.insert("name".into(), term.name.as_str().into());
                    tm.insert("slug".into(), term.slug.as_str().into());
                    tm.insert("path".into(), term.path.as_str().into());
                    tm.insert("permalink".into(), site.permalink(&term.path).into());
                    tm.insert("page_count".into(), term.pages.len().into());
                    tm.insert(
                        "data".into(),
                        term.data.as_ref().map_or(Value::none(), toml_to_value),
                    );
                    Value::from(tm)
                })
                .collect();
            m.insert("terms".into(), Value::from(terms));
            Value::from(m)
        })
        .collect();
    let terms = site
        .taxonomies
        .iter()
        .map(|tax| {
            tax.terms
                .iter()
                .map(|term| term_value(site, tax, term, &page_summaries))
                .collect()
        })
        .collect();
    // `language` and `ui`, made once for each language (and the default one).
    let per_language = |value: fn(&Site, &str) -> Value| -> BTreeMap<String, Value> {
        site.config
            .languages
            .keys()
            .chain([&site.config.default_language])
            .map(|l| (l.clone(), value(site, l)))
            .collect()
    };
    let languages = per_language(language_value);
    let ui = per_language(ui_value);
    let page_html = site.pages.iter().map(|p| p.rendered.html.clone()).collect();
    let pages_with_content = vec![std::sync::OnceLock::new(); site.pages.len()];
    Values {
        ui,
        pages_with_content,
        page_html,
        page_extras,
        page_summaries,
        lang_names,
        sections,
        section_summaries,
        by_source,
        taxonomies,
        terms,
        languages,
    }
}

/// A term as templates see it, with its pages.
fn term_value(
    site: &Site,
    tax: &crate::content::model::Taxonomy,
    term: &crate::content::model::Term,
    page_summaries: &[Value],
) -> Value {
    let pages: Vec<Value> = term
        .pages
        .iter()
        .map(|&p| page_summaries[p].clone())
        .collect();
    let mut m = tera::Map::new();
    m.insert("name".into(), term.name.as_str().into());
    m.insert("slug".into(), term.slug.as_str().into());
    m.insert("path".into(), term.path.as_str().into());
    m.insert("permalink".into(), site.permalink(&term.path).into());
    m.insert(
        "data".into(),
        term.data.as_ref().map_or(Value::none(), toml_to_value),
    );
    m.insert("page_count".into(), term.pages.len().into());
    let dated = term
        .pages
        .iter()
        .filter(|&&p| site.pages[p].meta.date.is_some())
        .count();
    m.insert("dated_count".into(), dated.into());
    m.insert("translations".into(), term_translations(site, tax, term));
    m.insert("pages".into(), Value::from(pages));
    Value::from(m)
}

/// The same term in the site's other languages (the term of the same slug in the taxonomy of
/// the same name), in the order of `config.languages`: made once here rather than looked up by
/// every pager of the term.
fn term_translations(
    site: &Site,
    tax: &crate::content::model::Taxonomy,
    term: &crate::content::model::Term,
) -> Value {
    let list: Vec<Value> = site
        .config
        .language_codes()
        .into_iter()
        .filter(|l| *l != tax.lang)
        .filter_map(|l| {
            let other = site
                .taxonomies
                .iter()
                .find(|t| t.name == tax.name && t.lang == l)?;
            let twin = other.terms.iter().find(|x| x.slug == term.slug)?;
            let mut m = tera::Map::new();
            m.insert("name".into(), twin.name.as_str().into());
            m.insert("path".into(), twin.path.as_str().into());
            m.insert("permalink".into(), site.permalink(&twin.path).into());
            m.insert("lang".into(), l.into());
            if let Some(lang) = site.config.languages.get(l) {
                m.insert("lang_name".into(), lang.name.as_str().into());
            }
            Some(Value::from(m))
        })
        .collect();
    Value::from(list)
}

/// A page's terms per taxonomy as `{name, slug, path}`, in the order the editor wrote them.
fn terms_of(site: &Site, p: &Page) -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for tax in site.taxonomies.iter().filter(|t| t.lang == p.lang) {
        let Some(names) = p.meta.taxonomies.get(&tax.name) else {
            continue;
        };
        let mut list: Vec<Value> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for name in names {
            let slug = crate::text::slug::slugify(name);
            if seen.contains(&slug) {
                continue;
            }
            if let Some(term) = tax.terms.iter().find(|t| t.slug == slug) {
                let mut m = tera::Map::new();
                m.insert("name".into(), term.name.as_str().into());
                m.insert("slug".into(), term.slug.as_str().into());
                m.insert("path".into(), term.path.as_str().into());
                list.push(Value::from(m));
            }
            seen.push(slug);
        }
        out.insert(tax.name.clone(), list);
    }
    out
}

/// A page as listings show it: everything but what `PageExtras` adds.
fn page_value(site: &Site, id: PageId, p: &Page) -> Value {
    let terms = terms_of(site, p);
    let mut m = tera::Map::new();
    m.insert("title".into(), p.meta.title.as_str().into());
    m.insert("description".into(), opt_str(p.meta.description.as_deref()));
    m.insert(
        "date".into(),
        opt_str(p.meta.date.as_ref().map(|d| d.0.as_str())),
    );
    m.insert(
        "updated".into(),
        opt_str(p.meta.updated.as_ref().map(|d| d.0.as_str())),
    );
    m.insert(
        "year".into(),
        opt_str(p.meta.date.as_ref().map(|d| d.year())),
    );
    m.insert("draft".into(), p.meta.draft.into());
    m.insert(
        "weight".into(),
        p.meta.weight.map_or(Value::none(), Value::from),
    );
    m.insert("slug".into(), p.slug.as_str().into());
    m.insert("path".into(), p.path.as_str().into());
    m.insert("permalink".into(), site.permalink(&p.path).into());
    m.insert("lang".into(), p.lang.as_str().into());
    m.insert(
        "summary".into(),
        p.rendered
            .summary
            .as_deref()
            .map_or(Value::none(), Value::safe_string),
    );
    let taxes: tera::Map = terms
        .iter()
        .map(|(k, v)| (k.clone().into(), Value::from(v.clone())))
        .collect();
    m.insert("taxonomies".into(), Value::from(taxes));
    m.insert(
        "extra".into(),
        toml_to_value(&toml::Value::Table(p.meta.extra.clone())),
    );
    m.insert("source".into(), p.source.rel.as_str().into());
    m.insert("id".into(), id.into());
    Value::from(m)
}

/// What a page's full value adds to its summary, as plain data.
#[derive(Clone)]
struct PageExtras {
    word_count: usize,
    toc: Vec<crate::content::model::TocEntry>,
    attachments: Value,
    translations: Vec<PageId>,
    prev: Option<PageId>,
    next: Option<PageId>,
    related: Vec<PageId>,
    aliases: Vec<String>,
}

impl PageExtras {
    fn new(p: &Page) -> PageExtras {
        PageExtras {
            word_count: p.rendered.word_count,
            toc: p.rendered.toc.clone(),
            attachments: Value::from_serializable(&p.attachments),
            translations: p.translations.clone(),
            prev: p.prev,
            next: p.next,
            related: p.related.clone(),
            aliases: p.meta.aliases.clone(),
        }
    }
}

impl Values {
    /// Page `id` as its own template (or `get_page`) sees it: the summary, then reading time,
    /// table of contents, attachments, translations, neighbours, related pages, aliases and
    /// the page's HTML as `content`. Made when asked for, in one map: held for every page,
    /// these values took 5 KB a page.
    fn full_page(&self, id: PageId) -> Value {
        let x = &self.page_extras[id];
        let mut m = self.page_summaries[id]
            .clone()
            .into_map()
            .unwrap_or_default();
        m.insert("word_count".into(), x.word_count.into());
        m.insert(
            "reading_time".into(),
            x.word_count.div_ceil(200).max(1).into(),
        );
        m.insert("toc".into(), Value::from_serializable(&x.toc));
        m.insert("attachments".into(), x.attachments.clone());
        let link = |t: PageId| self.page_link(t);
        m.insert(
            "translations".into(),
            Value::from(x.translations.iter().map(|&t| link(t)).collect::<Vec<_>>()),
        );
        m.insert("prev".into(), x.prev.map_or(Value::none(), link));
        m.insert(
            "related".into(),
            Value::from(
                x.related
                    .iter()
                    .map(|&r| self.page_summaries[r].clone())
                    .collect::<Vec<_>>(),
            ),
        );
        m.insert("next".into(), x.next.map_or(Value::none(), link));
        m.insert(
            "aliases".into(),
            Value::from(
                x.aliases
                    .iter()
                    .map(|a| Value::from(a.as_str()))
                    .collect::<Vec<_>>(),
            ),
        );
        m.insert("content".into(), Value::safe_string(&self.page_html[id]));
        Value::from(m)
    }

    /// A link to page `id`, from its summary (so that it shows the page's current title).
    fn page_link(&self, id: PageId) -> Value {
        let summary = &self.page_summaries[id];
        let field = |k: &str| {
            summary
                .get_from_path(k)
                .cloned()
                .unwrap_or_else(Value::none)
        };
        let lang = field("lang");
        let lang_name = lang.as_str().and_then(|l| self.lang_names.get(l)).cloned();
        link_map(
            field("title"),
            field("path"),
            field("permalink"),
            lang,
            lang_name,
        )
    }
}

fn section_value(
    site: &Site,
    s: &Section,
    lists: Option<(&[Value], &[Value])>,
    full: bool,
) -> Value {
    let mut m = tera::Map::new();
    m.insert("title".into(), s.meta.title.as_str().into());
    m.insert("description".into(), opt_str(s.meta.description.as_deref()));
    m.insert("path".into(), s.path.as_str().into());
    m.insert("permalink".into(), site.permalink(&s.path).into());
    m.insert("lang".into(), s.lang.as_str().into());
    m.insert(
        "extra".into(),
        toml_to_value(&toml::Value::Table(s.meta.extra.clone())),
    );
    m.insert("page_count".into(), s.pages.len().into());
    m.insert("source".into(), s.source.rel.as_str().into());
    m.insert(
        "summary".into(),
        s.rendered
            .summary
            .as_deref()
            .map_or(Value::none(), Value::safe_string),
    );
    if full {
        m.insert("content".into(), Value::safe_string(&s.rendered.html));
        m.insert("toc".into(), Value::from_serializable(&s.rendered.toc));
        m.insert(
            "attachments".into(),
            Value::from_serializable(&s.attachments),
        );
        let translations: Vec<Value> = s
            .translations
            .iter()
            .map(|&t| {
                let ts = &site.sections[t];
                link_value(site, &ts.meta.title, &ts.path, &ts.lang)
            })
            .collect();
        m.insert("translations".into(), Value::from(translations));
        if let Some((pages, sections)) = lists {
            m.insert(
                "pages".into(),
                Value::from(
                    s.pages
                        .iter()
                        .map(|&p| pages[p].clone())
                        .collect::<Vec<_>>(),
                ),
            );
            m.insert(
                "subsections".into(),
                Value::from(
                    s.subsections
                        .iter()
                        .map(|&x| sections[x].clone())
                        .collect::<Vec<_>>(),
                ),
            );
        }
    }
    Value::from(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_swedish() {
        assert_eq!(
            format_date("2018-05-16", "%e %B %Y", "sv").as_deref(),
            Some("16 maj 2018")
        );
        assert_eq!(
            format_date("2018-05-06", "%e %B %Y", "en").as_deref(),
            Some("6 May 2018")
        );
        assert_eq!(format_date("nope", "%Y", "sv"), None);
    }

    #[test]
    fn pagers() {
        assert_eq!(pager_count(0, Some(10)), 1);
        assert_eq!(pager_count(21, Some(10)), 3);
        assert_eq!(pager_path("/a/", 2, "sida"), "/a/sida/3/");
    }

    /// The pagers listed on pager `n` of 100 items by 5 (20 pagers), as (index, gap_before).
    fn window(n: usize) -> Vec<(u64, bool)> {
        let items = vec![Value::from(1); 100];
        let v = paginator(&items, 5, n, "/a/", "sida");
        list_of(&v, "pagers")
            .iter()
            .map(|p| {
                let index = p.get_from_path("index").and_then(|i| i.as_u64());
                let gap = p.get_from_path("gap_before").and_then(|g| g.as_bool());
                (index.unwrap_or(0), gap.unwrap_or(false))
            })
            .collect()
    }

    #[test]
    fn pager_window() {
        assert_eq!(window(0), [(1, false), (2, false), (3, false), (20, true)]);
        assert_eq!(
            window(9),
            [
                (1, false),
                (8, true),
                (9, false),
                (10, false),
                (11, false),
                (12, false),
                (20, true)
            ]
        );
        assert_eq!(
            window(19),
            [(1, false), (18, true), (19, false), (20, false)]
        );
        assert_eq!(
            window(3),
            [
                (1, false),
                (2, false),
                (3, false),
                (4, false),
                (5, false),
                (6, false),
                (20, true)
            ]
        );
    }
}
