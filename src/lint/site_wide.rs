//! Checks of the site as a whole: pages of one language with the same title, and attachments over the size
//! limit.

use crate::msg;
use std::collections::{BTreeMap, HashSet};

use super::findings::find_front_matter_key;
use super::run::Ctx;
use crate::content::model::Page;
use crate::diag::{Code, Diagnostic};

impl Ctx<'_> {
    /// Two pages of one language with the same title, in one section or in two (a page
    /// copied into another section keeps its title as easily as one copied beside itself, and
    /// a search result or the A–Ö list cannot tell them apart either). A page and its
    /// translation are in two languages, so they may share a title.
    pub(super) fn duplicate_titles(&self) -> Vec<Diagnostic> {
        let mut groups: BTreeMap<(&str, String), Vec<&Page>> = BTreeMap::new();
        // A variant may well have its page's title: it is reached from that page only.
        for p in self.site.pages.iter().filter(|p| p.variant.is_none()) {
            let title = p.meta.title.trim().to_lowercase();
            groups.entry((p.lang.as_str(), title)).or_default().push(p);
        }
        let mut out = Vec::new();
        for mut pages in groups.into_values().filter(|g| g.len() > 1) {
            pages.sort_by(|a, b| a.source.rel.cmp(&b.source.rel));
            let title_at = |p: &Page| {
                let src = &p.source;
                find_front_matter_key(&src.text, src.body_offset, "", "title").unwrap_or(0)
            };
            let first = &pages[0].source;
            for p in &pages[1..] {
                let src = &p.source;
                out.push(
                    Diagnostic::warning(
                        Code::DuplicateTitle,
                        msg!("check-duplicate-title", other = &first.rel),
                    )
                    .at(&src.rel, &src.text, title_at(p), 5)
                    .also_at(
                        &first.rel,
                        &first.text,
                        title_at(pages[0]),
                        5,
                        msg!("check-duplicate-title-first"),
                    )
                    .hint(msg!("check-duplicate-title-hint")),
                );
            }
        }
        out
    }

    /// Attachments larger than the limit, each file once.
    pub(super) fn attachments(&self) -> Vec<Diagnostic> {
        let mut seen = HashSet::new();
        let all = self
            .site
            .pages
            .iter()
            .flat_map(|p| &p.attachments)
            .chain(self.site.sections.iter().flat_map(|s| &s.attachments));
        let mut out = Vec::new();
        for a in all {
            if a.size > self.limit && seen.insert(&a.source) {
                let rel = crate::diag::relative_to(&a.source, &self.site.root);
                out.push(self.too_large(&crate::diag::display_path(&rel), a.size));
            }
        }
        out
    }
}
