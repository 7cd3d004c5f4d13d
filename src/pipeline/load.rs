//! Loading: the configuration with the command line's overrides, then content, graph and
//! Markdown, each stage running on what the one before could load.

use rayon::prelude::*;

use super::options::{BuildFailure, BuildOptions};
use crate::config::Config;
use crate::content;
use crate::content::model::{AnchorLink, PageId, Site, Target};
use crate::diag::timing::StageTimer;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::markdown;

/// Reads the configuration with command-line overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config, BuildFailure> {
    if !opts.root.is_dir() {
        return Err(Diagnostic::usage(
            Code::SiteDirMissing,
            format!(
                "the site directory `{}` does not exist",
                opts.root.display()
            ),
        )
        .hint("pass --root with the folder that holds spindel.toml")
        .into());
    }
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        let overridden =
            Config::parse(&format!("title = \"x\"\nbase_url = {}\n", toml_string(url))).map_err(
                |_| {
                    Diagnostic::usage(
                        Code::BadOption,
                        format!("--base-url `{url}` is not an http(s) address"),
                    )
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

/// Loads, links and renders the Markdown of the whole site: everything but the templates.
/// Each stage runs on what the one before could load, so one run reports as much as it can.
/// Fails on any error.
pub fn load_site(
    opts: &BuildOptions,
    config: Config,
) -> Result<(Site, Vec<Diagnostic>), BuildFailure> {
    let (site, diags) = load_site_checked(opts, config)?;
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
    Ok((site, diags))
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
        let d = Diagnostic::error(
            Code::AnchorMissing,
            format!("`#{}` is not a heading in {target}", link.anchor),
        )
        .at(&src.rel, &src.text, link.offset, link.len);
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
