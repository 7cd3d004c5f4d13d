//! The outputs of a site, one job each: pages, the pagers of sections and terms, the taxonomy
//! lists and the 404 page.

use super::deps::Dep;
use super::paginate::pager_count;
use crate::content::model::{PageId, SectionId, Site};
use crate::output::OutputFile;

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

/// Every output of the site, in a stable order; the 404 page if there is a template for it.
pub(super) fn all(site: &Site, not_found: bool) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend(site.page_ids().map(Job::Page));
    for (i, s) in site.sections.iter().enumerate() {
        for n in 0..pager_count(s.pages.len(), s.meta.paginate_by) {
            jobs.push(Job::Section(SectionId::new(i), n));
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
    if not_found {
        jobs.push(Job::NotFound);
    }
    jobs
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
