//! One run of the content checks: what they share, each source's checks in parallel, then
//! the checks of the site as a whole.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use rayon::prelude::*;

use super::findings::{Findings, Location};
use super::links::UrlMap;
use super::messages::Messages;
use crate::config::check::parse_size;
use crate::config::tomlfile::today_utc;
use crate::content::human_size;
use crate::content::model::{MarkdownFacts, Page, Site, SourceFile, Target};
use crate::diag::{Code, Diagnostic, Diagnostics, Severity};
use crate::text::contacts;

/// Everything the checks of one run share.
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) msg: Messages<'a>,
    pub(super) urls: UrlMap,
    pub(super) limit: u64,
    pub(super) allowed_contacts: HashSet<String>,
    pub(super) today: String,
    /// Taxonomy → its allowed terms: the members in the data, or `[check.terms]`.
    pub(super) terms: HashMap<&'a str, Vec<&'a str>>,
    pub(super) term_severity: Severity,
}

/// The findings of one run's content checks.
pub struct Lint {
    pub diagnostics: Vec<Diagnostic>,
    /// Where a term outside its taxonomy's data was reported, so that the graph's own
    /// (English, less specific) warning about the same term can give way.
    pub term_locations: HashSet<Location>,
}

pub fn lint(site: &Site) -> Lint {
    let config = &site.config;
    let mut terms: HashMap<&str, Vec<&str>> = HashMap::new();
    for tax in &config.taxonomies {
        if let Some(path) = &tax.data {
            let stem = path.split('.').next().unwrap_or("");
            if site.unloadable.contains(&format!("data/{stem}.toml")) {
                continue;
            }
            if let Some(t) = site.taxonomies.iter().find(|t| t.name == tax.name) {
                let names = t
                    .terms
                    .iter()
                    .filter(|term| term.data.is_some())
                    .map(|term| term.name.as_str())
                    .collect();
                terms.insert(&tax.name, names);
            }
        } else if let Some(list) = config.check.terms.get(&tax.name) {
            terms.insert(&tax.name, list.iter().map(String::as_str).collect());
        }
    }
    let ctx = Ctx {
        site,
        msg: Messages::new(config),
        urls: UrlMap::new(site),
        limit: parse_size(&config.check.max_file_size).unwrap_or(u64::MAX),
        allowed_contacts: config
            .check
            .allowed_contacts
            .iter()
            .map(|c| contacts::normalize(c))
            .collect(),
        today: today_utc(),
        terms,
        term_severity: if config.check.unknown_term == "error" {
            Severity::Error
        } else {
            Severity::Warning
        },
    };
    let per_file: Vec<(Vec<Diagnostic>, Vec<Location>)> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            ctx.source(
                &p.source,
                &p.rendered.facts,
                Target::Page(i),
                &p.path,
                Some(p),
            )
        })
        .chain(site.sections.par_iter().enumerate().map(|(i, s)| {
            ctx.source(
                &s.source,
                &s.rendered.facts,
                Target::Section(i),
                &s.path,
                None,
            )
        }))
        .collect();
    let mut diagnostics = Vec::new();
    let mut term_locations = HashSet::new();
    for (ds, replaced) in per_file {
        diagnostics.extend(ds);
        term_locations.extend(replaced);
    }
    diagnostics.extend(ctx.duplicate_titles());
    diagnostics.extend(ctx.attachments());
    diagnostics.extend(ctx.left_out_in_the_future());
    Lint {
        diagnostics,
        term_locations,
    }
}

impl Ctx<'_> {
    fn source(
        &self,
        src: &SourceFile,
        facts: &MarkdownFacts,
        own: Target,
        url_path: &str,
        page: Option<&Page>,
    ) -> (Vec<Diagnostic>, Vec<Location>) {
        let mut out = Findings::new(&src.rel);
        if src.text.len() as u64 > self.limit {
            out.push(self.too_large(&src.rel, src.text.len() as u64));
        }
        self.markdown(src, facts, own, url_path, &mut out);
        self.contacts(src, &mut out);
        if let Some(page) = page {
            self.terms(page, &mut out);
            if let Some((dir, rule)) = self.rule_for(&src.content_rel) {
                self.required(page, dir, rule, &mut out);
                if rule.past_dates {
                    self.future_date(src, &page.meta, &mut out);
                }
            }
        }
        out.finish(&self.msg)
    }

    pub(super) fn too_large(&self, rel: &str, size: u64) -> Diagnostic {
        let m = &self.msg;
        Diagnostic::error(Code::TooLarge, m.text(
            "check_file_too_large",
            "the file is {size}, more than the {limit} a file may be",
            &[
                ("size", &human_size(size)),
                ("limit", &self.site.config.check.max_file_size),
            ],
        ))
        .in_file(rel)
        .hint(m.text(
            "check_file_too_large_hint",
            "make it smaller (compress a PDF, scale down an image) or split it; the limit is max_file_size under [check] in spindel.toml",
            &[],
        ))
    }
}

/// Called by `pipeline::load_site`: adds the content checks' findings to the pipeline's.
/// A term outside a taxonomy's data is reported once, in the site's words, instead of also
/// by the graph's own generic warning at the same place.
pub fn lint_site(site: &Site, diags: Diagnostics) -> Diagnostics {
    let started = Instant::now();
    let lint = lint(site);
    let mut items: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| {
            let replaced = d.code == Code::TermNotInData
                && d.file
                    .as_ref()
                    .is_some_and(|f| lint.term_locations.contains(&(f.clone(), d.line, d.column)));
            !replaced
        })
        .cloned()
        .collect();
    items.extend(lint.diagnostics);
    if std::env::var_os("SPINDEL_TIMINGS").is_some_and(|v| v != "0") {
        eprintln!(
            "timing: check {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    items.into()
}
