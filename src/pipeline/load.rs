//! Loading: the configuration with the command line's overrides, then content, graph and
//! Markdown, each stage running on what the one before could load.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::options::{BuildFailure, BuildOptions};
use crate::config::Config;
use crate::content;
use crate::content::model::{AnchorLink, PageId, SectionId, Site, SourceFile, Target};
use crate::diag::timing::StageTimer;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::lint::{Linter, Prepared, SourceLint};
use crate::markdown;
use crate::msg;

/// Reads the configuration with command-line overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config, BuildFailure> {
    if !opts.root.is_dir() {
        return Err(Diagnostic::usage(
            Code::SiteDirMissing,
            msg!("site-dir-missing", dir = opts.root.display().to_string()),
        )
        .hint(msg!("site-dir-missing-hint"))
        .into());
    }
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        let overridden =
            Config::parse(&format!("title = \"x\"\nbase_url = {}\n", toml_string(url))).map_err(
                |_| {
                    Diagnostic::usage(Code::BadOption, msg!("base-url-option-invalid", url = url))
                        .hint(msg!("base-url-invalid-hint"))
                },
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

/// What is kept of the Markdown sources once their pages are rendered and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sources {
    /// All of them: `serve` renders pages again, `check` points into them afterwards.
    Keep,
    /// Only the front matter (and the whole file of a page that names its template): what
    /// `build` points into after the Markdown pass. A large site's sources are never all held
    /// beside all of its HTML and text.
    FrontMatter,
}

/// Loads, links and renders the Markdown of the whole site: everything but the templates.
/// Each stage runs on what the one before could load, so one run reports as much as it can.
/// Fails on any error.
pub fn load_site(
    opts: &BuildOptions,
    config: Config,
) -> Result<(Site, Vec<Diagnostic>), BuildFailure> {
    load_site_keeping(opts, config, Sources::Keep)
}

pub(super) fn load_site_keeping(
    opts: &BuildOptions,
    config: Config,
    sources: Sources,
) -> Result<(Site, Vec<Diagnostic>), BuildFailure> {
    let (site, diags) = load(opts, config, sources)?;
    if diags.has_errors() {
        return Err(diags.into());
    }
    Ok((site, diags.sorted()))
}

/// As `load_site`, but gives the site with every problem found, errors too, so that `check`
/// can go on to what does not depend on them (the links to other sites). Fails only when
/// no site could be loaded at all.
pub fn load_site_checked(
    opts: &BuildOptions,
    config: Config,
) -> Result<(Site, Diagnostics), BuildFailure> {
    load(opts, config, Sources::Keep)
}

fn load(
    opts: &BuildOptions,
    config: Config,
    sources: Sources,
) -> Result<(Site, Diagnostics), BuildFailure> {
    let root = &opts.root;
    let mut diags = Diagnostics::new();
    let mut timer = StageTimer::new();
    diags.extend(content::links::check(
        root,
        config.theme_dir(root).as_deref(),
    ));
    let data = content::load_data(root);
    diags.extend(data.diagnostics);
    let mut loaded = content::load(root, &config, opts.include())?;
    diags.extend(std::mem::take(&mut loaded.diagnostics).sorted());
    if config.search.is_some() {
        // The text of attached documents (PDF, Word, OpenDocument), for the search index.
        let attachments = loaded
            .pages
            .iter_mut()
            .flat_map(|p| p.attachments.iter_mut());
        let of_sections = loaded
            .sections
            .iter_mut()
            .flat_map(|s| s.attachments.iter_mut());
        diags.extend(content::attachment_text::read_attachments(
            root,
            attachments.chain(of_sections),
        ));
    }
    timer.lap("load");
    loaded.unloadable.extend(
        data.failed
            .iter()
            .map(|stem| format!("{}/{stem}.toml", content::DATA_DIR)),
    );
    let (mut site, graph) = Site::assemble(root.clone(), config, loaded, data.table, opts.drafts);
    diags.extend(graph.sorted());
    timer.lap("graph");
    let prepared = crate::lint::prepare(&site);
    let (errors, checked) = render_markdown(&mut site, &prepared, sources);
    diags.extend(errors);
    timer.lap("markdown and the checks of each page");
    diags = crate::lint::finish(&site, &prepared, checked, diags);
    Ok((site, diags))
}

/// Renders every page's and section's Markdown in parallel and checks each as soon as it is
/// rendered, letting its source go as `sources` says; then checks `#anchor` links.
fn render_markdown(
    site: &mut Site,
    prepared: &Prepared,
    sources: Sources,
) -> (Vec<Diagnostic>, Vec<SourceLint>) {
    site.build_link_index();
    // Each task owns its source's text, and gives back what is kept of it. Pages go in the
    // order the search index reads them, so that it can let each batch's text go in turn.
    let pages: Vec<(Target, String)> = site
        .pages_newest_first()
        .into_iter()
        .map(|id| {
            let text = std::mem::take(&mut site.pages[id].source.text);
            (Target::Page(id), text)
        })
        .collect();
    let sections: Vec<(Target, String)> = site
        .sections
        .iter_mut()
        .enumerate()
        .map(|(i, s)| {
            let text = std::mem::take(&mut s.source.text);
            (Target::Section(SectionId::new(i)), text)
        })
        .collect();
    let shared: &Site = site;
    let linter = Linter::new(shared, prepared);
    let one = |own: Target, text: String, batch: &mut markdown::Batch| {
        let (source, lang, path, page, meta_template) = match own {
            Target::Page(id) => {
                let p = &shared.pages[id];
                (&p.source, &p.lang, &p.path, Some(p), &p.meta.template)
            }
            Target::Section(id) => {
                let s = &shared.sections[id];
                (&s.source, &s.lang, &s.path, None, &s.meta.template)
            }
        };
        let src = SourceFile {
            text,
            ..source.clone()
        };
        let (out, placed) = markdown::render_into(&src, lang, &shared.config, shared, batch);
        let checked = linter.source(&src, &out.rendered.facts, own, path, page);
        let links: Vec<AnchorLink> = out
            .anchors
            .iter()
            .map(|a| anchor_link(own, &src, a))
            .collect();
        let mut text = src.text;
        // A source that names its template is kept whole: the template's absence is
        // reported at that line later.
        if sources == Sources::FrontMatter && meta_template.is_none() {
            text.truncate(src.body_offset);
            text.shrink_to_fit();
        }
        Done {
            own,
            out,
            placed,
            checked,
            links,
            text,
        }
    };
    let let_go = AtomicUsize::new(0);
    let render_all = |items: Vec<(Target, String)>| -> Vec<Done> {
        let batch = batch_size(items.len());
        let mut done: Vec<Done> = items
            .into_par_iter()
            .chunks(batch)
            .flat_map_iter(|items| {
                let bytes = items.iter().map(|(_, t)| t.len()).sum();
                let mut batch = markdown::Batch::for_sources(bytes);
                let done: Vec<Done> = items
                    .into_iter()
                    .map(|(own, text)| one(own, text, &mut batch))
                    .collect();
                // The sources let go (`Sources::FrontMatter`) are given back every few
                // megabytes rather than after the allocator's delay, as the batches' HTML and
                // text take nearly as much again.
                let before = let_go.fetch_add(bytes, Ordering::Relaxed);
                if sources == Sources::FrontMatter
                    && (before + bytes) / GIVE_BACK_EVERY != before / GIVE_BACK_EVERY
                {
                    crate::alloc::give_back_freed_memory();
                }
                share(batch, done)
            })
            .collect();
        // Back in the site's order, so that what is reported does not depend on the pass's.
        done.sort_unstable_by_key(|d| d.own);
        done
    };
    let pages = render_all(pages);
    let sections = render_all(sections);
    drop(linter);
    let mut errors = Vec::new();
    let mut links = Vec::new();
    let mut checked = Vec::with_capacity(pages.len() + sections.len());
    for d in pages.into_iter().chain(sections) {
        errors.extend(d.out.diagnostics);
        links.extend(d.links);
        checked.push(d.checked);
        match d.own {
            Target::Page(id) => {
                let p = &mut site.pages[id];
                (p.rendered, p.source.text) = (d.out.rendered, d.text);
            }
            Target::Section(id) => {
                let s = &mut site.sections[id];
                (s.rendered, s.source.text) = (d.out.rendered, d.text);
            }
        }
    }
    site.anchor_links = links;
    errors.extend(check_anchors(site, |_| true));
    (errors, checked)
}

/// Bytes of sources let go in the Markdown pass between two calls that give memory back.
const GIVE_BACK_EVERY: usize = 4 << 20;

/// How many pages one task of the Markdown pass renders in turn, their HTML and text kept
/// in one `markdown::Batch`: enough for buffers the allocator gives back whole once freed,
/// few enough that both cores stay busy on a small site.
fn batch_size(items: usize) -> usize {
    (items / (4 * rayon::current_num_threads())).clamp(1, 32)
}

/// A page or section through the Markdown pass: what it gave, where its HTML and text stand
/// in its batch, its findings, its `#anchor` links, and what is kept of its source.
struct Done {
    own: Target,
    out: markdown::MarkdownOutput,
    placed: markdown::Placed,
    checked: SourceLint,
    links: Vec<AnchorLink>,
    text: String,
}

/// Points each page of a batch at its HTML and text in the batch's buffers.
fn share(batch: markdown::Batch, mut done: Vec<Done>) -> Vec<Done> {
    let shared = batch.share();
    for d in &mut done {
        let placed = std::mem::take(&mut d.placed);
        shared.attach(&mut d.out.rendered, placed);
    }
    done
}

/// Renders one page's Markdown again after only its body changed (for `serve`), and checks
/// the anchors of links from it and to it.
pub fn rerender_page_markdown(site: &mut Site, id: PageId) -> Vec<Diagnostic> {
    let page = &site.pages[id];
    let out = markdown::render(&page.source, &page.lang, &site.config, site);
    let me = Target::Page(id);
    let links: Vec<AnchorLink> = out
        .anchors
        .iter()
        .map(|a| anchor_link(me, &page.source, a))
        .collect();
    site.anchor_links.retain(|l| l.from != me);
    site.anchor_links.extend(links);
    site.pages[id].rendered = out.rendered;
    let mut errors = out.diagnostics;
    errors.extend(check_anchors(site, |l| l.from == me || l.to == me));
    errors
}

fn anchor_link(from: Target, src: &SourceFile, a: &markdown::AnchorCheck) -> AnchorLink {
    AnchorLink {
        from,
        to: a.target,
        anchor: a.anchor.clone(),
        at: Diagnostic::error(
            Code::AnchorMissing,
            msg!("check-anchor-missing", anchor = &a.anchor),
        )
        .at(&src.rel, &src.text, a.offset, a.len),
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
        let target = site.target_source(link.to);
        let mut d = link.at.clone();
        d.message = msg!(
            "check-anchor-missing-at",
            anchor = &link.anchor,
            target = target.to_string()
        );
        errors.push(d.hint(crate::lint::anchor_hint(&link.anchor, ids)));
    }
    errors
}
