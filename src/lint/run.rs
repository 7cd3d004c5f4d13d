//! One run of the content checks: what they share, each source's checks in parallel, then
//! the checks of the site as a whole.

use crate::msg;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

use super::findings::Findings;
use super::links::UrlMap;
use crate::config::check::parse_size;
use crate::content::human_size;
use crate::content::model::{MarkdownFacts, Page, Site, SourceFile, Target};
use crate::diag::{Code, Diagnostic, Diagnostics, Severity};
use crate::text::contacts;

/// Everything the checks of one run share.
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) urls: &'a UrlMap,
    pub(super) limit: u64,
    pub(super) allowed_contacts: HashSet<String>,
    pub(super) today: jiff::civil::Date,
    /// Taxonomy → its allowed terms: the members in the data, or `[check.terms]`.
    pub(super) terms: HashMap<&'a str, Vec<&'a str>>,
    pub(super) term_severity: Severity,
}

impl<'a> Ctx<'a> {
    fn new(site: &'a Site, urls: &'a UrlMap) -> Ctx<'a> {
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
        Ctx {
            site,
            urls,
            limit: parse_size(&config.check.max_file_size).unwrap_or(u64::MAX),
            allowed_contacts: config
                .check
                .allowed_contacts
                .iter()
                .map(|c| contacts::normalize(c))
                .collect(),
            today: crate::config::time::today(&config.zone),
            terms,
            term_severity: if config.check.unknown_term == "error" {
                Severity::Error
            } else {
                Severity::Warning
            },
        }
    }
}

/// What every check of a run looks up and can be made once, before the Markdown and after
/// it alike: where each page, file and feed is published.
pub struct Prepared {
    urls: UrlMap,
}

/// For a site whose graph is made; its Markdown need not be rendered yet.
pub fn prepare(site: &Site) -> Prepared {
    Prepared {
        urls: UrlMap::new(site),
    }
}

/// The content checks of one run, page by page as the Markdown pass renders them: each page
/// is checked as soon as its Markdown facts exist, so that its source need not be kept for
/// later. What depends on other pages' headings waits for `finish`.
pub struct Linter<'a> {
    ctx: Ctx<'a>,
}

/// What one page's or section's checks found, some of it waiting for every page's headings.
pub struct SourceLint {
    findings: Findings,
}

impl<'a> Linter<'a> {
    pub fn new(site: &'a Site, prepared: &'a Prepared) -> Linter<'a> {
        Linter {
            ctx: Ctx::new(site, &prepared.urls),
        }
    }

    /// Checks one page (`page` is `Some`) or section, given its source and Markdown facts.
    pub fn source(
        &self,
        src: &SourceFile,
        facts: &MarkdownFacts,
        own: Target,
        url_path: &str,
        page: Option<&Page>,
    ) -> SourceLint {
        let ctx = &self.ctx;
        let mut out = Findings::new(&src.rel);
        ctx.markdown(src, facts, own, url_path, &mut out);
        ctx.contacts(src, &mut out);
        if let Some(page) = page {
            ctx.terms(src, page, &mut out);
            // A variant shows its page's facts; the section's fields are asked of the page.
            if let Some((dir, rule)) = ctx
                .rule_for(&src.content_rel)
                .filter(|_| page.variant.is_none())
            {
                ctx.required(src, page, dir, rule, &mut out);
                if rule.past_dates {
                    ctx.future_date(src, &page.meta, &mut out);
                }
                ctx.passed_upcoming(src, &page.meta, &rule.upcoming, &mut out);
            }
        }
        SourceLint { findings: out }
    }
}

/// Completes the checks once every page's Markdown is rendered: decides the findings that
/// waited for other pages' headings and checks the site as a whole. Adds the findings to the
/// pipeline's `diags`: a term outside a taxonomy's data is reported once, in the site's words,
/// instead of also by the graph's own generic warning at the same place.
pub fn finish(
    site: &Site,
    prepared: &Prepared,
    sources: Vec<SourceLint>,
    diags: Diagnostics,
) -> Diagnostics {
    let started = Instant::now();
    let ctx = Ctx::new(site, &prepared.urls);
    let mut diagnostics = Vec::new();
    let mut term_locations = HashSet::new();
    for s in sources {
        let (ds, replaced) = s.findings.finish(|t, a| ctx.anchor(t, a));
        diagnostics.extend(ds);
        term_locations.extend(replaced);
    }
    diagnostics.extend(ctx.duplicate_titles());
    diagnostics.extend(ctx.attachments());
    diagnostics.extend(ctx.left_out_in_the_future());
    let mut items: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| {
            let replaced = d.code == Code::TermNotInData
                && d.file
                    .as_ref()
                    .is_some_and(|f| term_locations.contains(&(f.clone(), d.line, d.column)));
            !replaced
        })
        .cloned()
        .collect();
    items.extend(diagnostics);
    if std::env::var_os("SPINDEL_TIMINGS").is_some_and(|v| v != "0") {
        eprintln!(
            "timing: check (the rest) {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    items.into()
}

impl Ctx<'_> {
    pub(super) fn too_large(&self, rel: &str, size: u64) -> Diagnostic {
        Diagnostic::error(
            Code::TooLarge,
            msg!(
                "check-file-too-large",
                size = &human_size(size),
                limit = &self.site.config.check.max_file_size
            ),
        )
        .in_file(rel)
        .hint(msg!("check-file-too-large-hint"))
    }
}
