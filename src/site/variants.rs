//! Variants of pages: `sida.lattlast.md` beside `sida.md` (or `_index.lattlast.md` beside a
//! section's `_index.md`) is a version of that page in another form, for the variants that
//! spindel.toml declares (`variants = ["lattlast"]`). A variant is published at its page's
//! address and the variant's name (`/metoder/brobyggare/lattlast/`), links to its page and
//! its page to it, and is listed nowhere else (`Page::is_listed`); it has its own entry in the
//! sitemap and the search index.

use std::collections::HashMap;

use crate::content::model::{PageId, SectionId, Site, Target};
use crate::content::unvariant;
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::msg;

impl Site {
    /// Gives every variant its page (or section) and address, and every page its variants;
    /// a variant whose page does not exist is an error that names the page to write.
    pub(super) fn link_variants(&mut self, diags: &mut Diagnostics) {
        let pages: HashMap<(&str, &str), PageId> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.variant.is_none())
            .map(|(i, p)| {
                (
                    (p.translation_key.as_str(), p.lang.as_str()),
                    PageId::new(i),
                )
            })
            .collect();
        let sections: HashMap<(&str, &str), SectionId> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.dir.as_str(), s.lang.as_str()), SectionId::new(i)))
            .collect();
        let mut found: Vec<(PageId, Option<Target>)> = Vec::new();
        for (i, p) in self.pages.iter().enumerate() {
            let Some(variant) = &p.variant else {
                continue;
            };
            let key = unvariant(&p.translation_key, variant);
            let target = match key.strip_suffix("_index.md") {
                Some(dir) => sections
                    .get(&(dir.trim_end_matches('/'), p.lang.as_str()))
                    .map(|&s| Target::Section(s)),
                None => pages
                    .get(&(key.as_str(), p.lang.as_str()))
                    .map(|&q| Target::Page(q)),
            };
            // A page that failed to load has its own error; its variant waits for it.
            let page_rel = unvariant(&p.source.content_rel, variant);
            if target.is_none() && !self.unloadable.contains(&page_rel) {
                let page = format!("content/{page_rel}");
                // A misspelt name is the likeliest cause: the page it is nearest, if any.
                let near = did_you_mean(
                    &key,
                    pages
                        .keys()
                        .filter(|(_, lang)| *lang == p.lang)
                        .map(|(k, _)| *k),
                );
                let hint = match near {
                    Some(k) => msg!(
                        "variant-without-page-near",
                        page = format!("content/{k}"),
                        file = format!(
                            "content/{}.{variant}.md",
                            k.strip_suffix(".md").unwrap_or(k)
                        )
                    ),
                    None => msg!("variant-without-page-hint", variant = variant, page = &page),
                };
                diags.push(
                    Diagnostic::error(
                        Code::VariantWithoutPage,
                        msg!("variant-without-page", variant = variant, page = &page),
                    )
                    .in_file(&p.source.rel)
                    .hint(hint),
                );
            }
            found.push((PageId::new(i), target));
        }
        let rank = |id: PageId| {
            let v = self.pages[id].variant.as_deref().unwrap_or("");
            self.config.variants.iter().position(|x| x == v)
        };
        let mut ranked: Vec<(Option<usize>, PageId, Option<Target>)> =
            found.iter().map(|&(id, t)| (rank(id), id, t)).collect();
        ranked.sort();
        for (_, id, target) in ranked {
            let Some(target) = target else { continue };
            let base = match target {
                Target::Page(q) => {
                    self.pages[q].variants.push(id);
                    self.pages[q].path.clone()
                }
                Target::Section(s) => {
                    self.sections[s].variants.push(id);
                    self.sections[s].path.clone()
                }
            };
            let page = &mut self.pages[id];
            let variant = page.variant.clone().unwrap_or_default();
            page.path = format!("{base}{variant}/");
            page.slug = variant;
            page.variant_of = Some(target);
        }
    }
}
