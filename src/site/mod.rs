//! The site graph: links loaded pages and sections into sections, URLs, translations,
//! taxonomies and sort orders, and checks that no two sources claim one URL.
//!
//! Takes what `content` loaded and the data files; gives the `Site` every later stage reads,
//! and the link index through which the Markdown stage resolves `@/` links.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::Loaded;
use crate::content::model::{Page, PageId, SectionId, Site, SortBy, Target, Taxonomy, Term};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::msg;
use crate::msg::Message;
use crate::text::percent::encode_segment;
use crate::text::slug::{slugify, swedish_sort_key};

use rayon::prelude::*;

mod urls;
mod variants;

impl Site {
    /// Links loaded content into a site; the problems found come back beside it.
    pub fn assemble(
        root: PathBuf,
        config: Config,
        loaded: Loaded,
        data: toml::Table,
        drafts: bool,
    ) -> (Site, Diagnostics) {
        let mut site = Site {
            root,
            config,
            pages: loaded.pages,
            sections: loaded.sections,
            taxonomies: Vec::new(),
            data,
            drafts,
            aliases: Vec::new(),
            link_index: HashMap::new(),
            unloadable: loaded.unloadable,
            left_out: loaded.left_out,
            internal: loaded.internal,
            anchor_links: Vec::new(),
            data_history: loaded.data_history,
        };
        let mut diags = Diagnostics::new();
        site.assign_section_paths();
        site.link_sections();
        site.assign_page_paths(&mut diags);
        site.link_variants(&mut diags);
        site.assign_attachment_paths();
        site.link_translations();
        let mut order = PageOrder::new(&site.pages, &site.config.zone);
        site.sort_sections(&mut order);
        site.build_taxonomies(&mut order, &mut diags);
        site.find_related(&mut order);
        site.collect_aliases(&mut diags);
        site.check_unique_paths(&mut diags);
        (site, diags)
    }

    /// The address a page whose file is `slug.md` gets in the folder `dir` of `content/`, in
    /// the language `lang` (as `assign_page_paths` gives it, for a page not yet written).
    pub fn page_path(&self, dir: &str, lang: &str, slug: &str) -> String {
        join_path(
            &self.config.language_prefix(lang),
            &slug_dirs(dir),
            Some(&slugify(slug)),
        )
    }

    fn assign_section_paths(&mut self) {
        for s in &mut self.sections {
            s.path = join_path(
                &self.config.language_prefix(&s.lang),
                &slug_dirs(&s.dir),
                None,
            );
        }
    }

    /// Nearest section of the same language at or above `dir`.
    fn section_for_dir(&self, dir: &str, lang: &str) -> Option<SectionId> {
        let mut d = dir.to_string();
        loop {
            if let Some(i) = self
                .sections
                .iter()
                .position(|s| s.dir == d && s.lang == lang)
            {
                return Some(SectionId::new(i));
            }
            if d.is_empty() {
                return None;
            }
            d = d
                .rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_string());
        }
    }

    fn link_sections(&mut self) {
        for i in self.section_ids() {
            let (dir, lang) = (self.sections[i].dir.clone(), self.sections[i].lang.clone());
            if dir.is_empty() {
                continue;
            }
            let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
            if let Some(p) = self.section_for_dir(parent_dir, &lang) {
                self.sections[i].parent = Some(p);
                self.sections[p].subsections.push(i);
            }
        }
    }

    fn assign_page_paths(&mut self, diags: &mut Diagnostics) {
        for i in self.page_ids() {
            let page = &self.pages[i];
            // A bundle's slug comes from its folder; its URL lives one level up.
            let key_dir = page.translation_key.rsplit_once('/').map_or("", |(d, _)| d);
            let (dir, default_slug) = if page.bundle_dir.is_some() {
                let (parent, name) = key_dir.rsplit_once('/').unwrap_or(("", key_dir));
                (parent.to_string(), name.to_string())
            } else {
                let file = page.translation_key.rsplit('/').next().unwrap_or("");
                (
                    key_dir.to_string(),
                    file.trim_end_matches(".md").to_string(),
                )
            };
            let slug = slugify(page.meta.slug.as_deref().unwrap_or(&default_slug));
            if slug.is_empty() {
                let src = &page.source;
                let d = match page.meta.slug.as_deref() {
                    Some(s) => {
                        let at = src.text.find("slug").unwrap_or(0);
                        Diagnostic::error(Code::EmptySlug, msg!("slug-empty", slug = s))
                            .at(&src.rel, &src.text, at, 4)
                    }
                    None => Diagnostic::error(Code::EmptySlug, msg!("file-name-no-slug"))
                        .in_file(&src.rel),
                };
                diags.push(d.hint(msg!("slug-empty-hint")));
                continue;
            }
            let section = self.section_for_dir(key_dir, &page.lang);
            let prefix = self.config.language_prefix(&page.lang);
            let path = join_path(&prefix, &slug_dirs(&dir), Some(&slug));
            // `slug = "../../x"` cannot move a page out of its folder; whoever wrote it
            // expected it to, so the address it got is said.
            if let Some(given) = page
                .meta
                .slug
                .as_deref()
                .filter(|s| s.contains(['/', '\\']))
            {
                let src = &page.source;
                let at = src.text.find("slug").unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        Code::SlugIsPath,
                        msg!("slug-is-path", slug = given, path = &path),
                    )
                    .at(&src.rel, &src.text, at, 4)
                    .hint(msg!("slug-is-path-hint", slug = &slug)),
                );
            }
            let page = &mut self.pages[i];
            page.slug = slug;
            page.path = path;
            page.section = section;
            // An internal page or a variant keeps its place (breadcrumbs) but is listed
            // nowhere.
            if let Some(s) = section.filter(|_| page.is_listed()) {
                self.sections[s].pages.push(i);
            }
        }
    }

    fn assign_attachment_paths(&mut self) {
        for p in &mut self.pages {
            for a in &mut p.attachments {
                a.path = format!("{}{}", p.path, encode_segment(&a.name));
            }
        }
        for s in &mut self.sections {
            for a in &mut s.attachments {
                a.path = format!("{}{}", s.path, encode_segment(&a.name));
            }
        }
    }

    fn link_translations(&mut self) {
        for group in translation_groups(self.pages.iter().map(|p| p.translation_key.as_str())) {
            for &i in &group {
                self.pages[i].translations = group
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| PageId::new(j))
                    .collect();
            }
        }
        for group in translation_groups(self.sections.iter().map(|s| s.translation_key.as_str())) {
            for &i in &group {
                self.sections[i].translations = group
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| SectionId::new(j))
                    .collect();
            }
        }
    }

    fn sort_sections(&mut self, order: &mut PageOrder) {
        for s in self.section_ids() {
            let mut pages = std::mem::take(&mut self.sections[s].pages);
            let sort_by = self.sections[s].meta.sort_by;
            sort_by_rank(&mut pages, order.ranks(&self.pages, sort_by));
            for (n, &id) in pages.iter().enumerate() {
                self.pages[id].prev = n.checked_sub(1).map(|k| pages[k]);
                self.pages[id].next = pages.get(n + 1).copied();
            }
            self.sections[s].pages = pages;

            let mut subs = std::mem::take(&mut self.sections[s].subsections);
            subs.sort_by_cached_key(|&i| {
                let m = &self.sections[i].meta;
                (m.weight.unwrap_or(i64::MAX), swedish_sort_key(&m.title))
            });
            self.sections[s].subsections = subs;
        }
    }

    fn build_taxonomies(&mut self, order: &mut PageOrder, diags: &mut Diagnostics) {
        for tax in self.config.taxonomies.clone() {
            let data_terms = match (&tax.data, &tax.data_key) {
                (Some(path), Some(key)) => match data_entries(&self.data, path, key) {
                    Ok(entries) => Some(entries),
                    // The data file's own error is reported already.
                    Err(_)
                        if self.unloadable.contains(&format!(
                            "data/{}.toml",
                            path.split('.').next().unwrap_or("")
                        )) =>
                    {
                        continue;
                    }
                    Err(message) => {
                        diags.push(
                            Diagnostic::error(
                                Code::TaxonomyDeclaration,
                                msg!("taxonomy-data-problem", name = &tax.name, problem = message),
                            )
                            .in_file("spindel.toml")
                            .hint(msg!("taxonomy-data-problem-hint")),
                        );
                        continue;
                    }
                },
                _ => None,
            };
            for lang in self
                .config
                .language_codes()
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
            {
                // slug → term; display names that fold to one slug are one term.
                let mut terms: BTreeMap<String, Term> = BTreeMap::new();
                let base = format!("{}{}/", self.config.language_prefix(&lang), tax.name);
                let new_term = |name: &str, slug: String, data: Option<toml::Value>| Term {
                    name: name.to_string(),
                    path: format!("{base}{slug}/"),
                    slug,
                    pages: Vec::new(),
                    data,
                };
                if let Some(entries) = &data_terms {
                    for (name, value) in entries {
                        let slug = slugify(name);
                        terms.insert(slug.clone(), new_term(name, slug, Some(value.clone())));
                    }
                }
                let mut used = false;
                for (id, page) in self
                    .pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (PageId::new(i), p))
                    .filter(|(_, p)| p.lang == lang && p.is_listed())
                {
                    let Some(names) = page.meta.taxonomies.get(&tax.name) else {
                        continue;
                    };
                    for name in names {
                        used = true;
                        let slug = slugify(name);
                        if slug.is_empty() {
                            diags.push(term_diag(
                                page,
                                name,
                                Code::EmptySlug,
                                msg!("term-no-slug", name = name),
                                None,
                            ));
                            continue;
                        }
                        if let Some(entries) = &data_terms
                            && !terms.contains_key(&slug)
                        {
                            let near = did_you_mean(name, entries.iter().map(|(n, _)| n.as_str()));
                            diags.push(
                                term_diag(
                                    page,
                                    name,
                                    Code::TermNotInData,
                                    msg!("check-unknown-term", term = name, taxonomy = &tax.name),
                                    near,
                                )
                                .into_warning(),
                            );
                        }
                        let term = terms
                            .entry(slug.clone())
                            .or_insert_with(|| new_term(name, slug, None));
                        // Pages are visited in order, so a repeat can only be the last one.
                        if term.pages.last() != Some(&id) {
                            term.pages.push(id);
                        }
                    }
                }
                if !used && data_terms.is_none() {
                    continue;
                }
                let mut terms: Vec<Term> = terms.into_values().collect();
                let ranks = order.ranks(&self.pages, SortBy::Date);
                for t in &mut terms {
                    sort_by_rank(&mut t.pages, ranks);
                }
                terms.sort_by_cached_key(|t| swedish_sort_key(&t.name));
                self.taxonomies.push(Taxonomy {
                    name: tax.name.clone(),
                    lang: lang.clone(),
                    path: base.clone(),
                    paginate_by: tax.paginate_by,
                    terms,
                });
            }
        }
    }

    /// For each page, the pages sharing the most terms of the `[related]` taxonomies, newest
    /// first among equals. Each term contributes at most `RELATED_POOL` candidates (its newest
    /// pages), so the cost stays linear in the number of pages however large a term grows.
    fn find_related(&mut self, order: &mut PageOrder) {
        const RELATED_POOL: usize = 200;
        let limit = self.config.related.limit;
        if limit == 0 || self.pages.is_empty() {
            return;
        }
        let wanted = &self.config.related.taxonomies;
        let mut by_page: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.pages.len()];
        for (t, tax) in self.taxonomies.iter().enumerate() {
            if !wanted.is_empty() && !wanted.contains(&tax.name) {
                continue;
            }
            for (k, term) in tax.terms.iter().enumerate() {
                for &p in &term.pages {
                    by_page[p.index()].push((t, k));
                }
            }
        }
        // Position of each page in the site's newest-first order: an integer tie-break.
        let recency = order.ranks(&self.pages, SortBy::Date).to_vec();
        let pages = &self.pages;
        let taxonomies = &self.taxonomies;
        let related: Vec<Vec<PageId>> = by_page
            .par_iter()
            .enumerate()
            .map_init(
                // Per-thread scratch: a score per page, and which pages were touched.
                || (vec![0u16; pages.len()], Vec::<PageId>::new()),
                |(score, touched), (id, terms)| {
                    let id = PageId::new(id);
                    for &(t, k) in terms {
                        for &other in taxonomies[t].terms[k].pages.iter().take(RELATED_POOL) {
                            if other != id {
                                let o = other.index();
                                if score[o] == 0 {
                                    touched.push(other);
                                }
                                score[o] = score[o].saturating_add(1);
                            }
                        }
                    }
                    let key =
                        |p: &PageId| (std::cmp::Reverse(score[p.index()]), recency[p.index()], *p);
                    if touched.len() > limit {
                        touched.select_nth_unstable_by_key(limit, key);
                    }
                    // A new list of `limit` pages: a truncated copy of `touched` would keep
                    // room for all candidates in every page's list, which adds up on a large site.
                    let mut best: Vec<PageId> = touched.iter().take(limit).copied().collect();
                    best.sort_unstable_by_key(key);
                    for &p in touched.iter() {
                        score[p.index()] = 0;
                    }
                    touched.clear();
                    best
                },
            )
            .collect();
        for (page, rel) in self.pages.iter_mut().zip(related) {
            page.related = rel;
        }
    }

    /// Indexes every page and section by its path under `content/`; a bundle also by its folder.
    pub fn build_link_index(&mut self) {
        let mut index = HashMap::with_capacity(self.pages.len() + self.sections.len());
        for (i, s) in self.sections.iter().enumerate() {
            index.insert(
                s.source.content_rel.clone(),
                Target::Section(SectionId::new(i)),
            );
        }
        for (i, p) in self.pages.iter().enumerate() {
            let i = PageId::new(i);
            index.insert(p.source.content_rel.clone(), Target::Page(i));
            if p.bundle_dir.is_some()
                && let Some((dir, _)) = p.source.content_rel.rsplit_once('/')
            {
                index.entry(dir.to_string()).or_insert(Target::Page(i));
            }
        }
        self.link_index = index;
    }

    pub fn target_path(&self, t: Target) -> &str {
        match t {
            Target::Page(i) => &self.pages[i].path,
            Target::Section(i) => &self.sections[i].path,
        }
    }

    pub fn target_heading_ids(&self, t: Target) -> &[String] {
        match t {
            Target::Page(i) => &self.pages[i].rendered.heading_ids,
            Target::Section(i) => &self.sections[i].rendered.heading_ids,
        }
    }

    pub fn target_source(&self, t: Target) -> &str {
        match t {
            Target::Page(i) => &self.pages[i].source.rel,
            Target::Section(i) => &self.sections[i].source.rel,
        }
    }

    /// Breadcrumb trail from the root section down to (not including) the given section's pages.
    pub fn ancestors(&self, mut section: Option<SectionId>) -> Vec<SectionId> {
        let mut chain = Vec::new();
        while let Some(s) = section {
            chain.push(s);
            section = self.sections[s].parent;
        }
        chain.reverse();
        chain
    }
}

fn term_diag(
    page: &Page,
    name: &str,
    code: Code,
    message: Message,
    near: Option<&str>,
) -> Diagnostic {
    let text = &page.source.text;
    let at = text[..page.source.body_offset]
        .find(&format!("\"{name}\""))
        .map_or(0, |i| i + 1);
    let d = Diagnostic::error(code, message).at(&page.source.rel, text, at, name.len());
    match near {
        Some(n) => d.hint(msg!("did-you-mean", word = n)),
        None => d,
    }
}

/// Indices that share a translation key, for every key held by more than one item.
fn translation_groups<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.enumerate() {
        groups.entry(key).or_default().push(i);
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

/// Newest first by date, lightest first by weight, or A–Ö by title; ties by title, then source.
/// Each page's place in the whole site's order, per way of sorting: the sort keys (a Swedish
/// title key among them, which is costly) are built once per page, and sorting a section or a
/// term then compares integers.
pub struct PageOrder {
    ranks: [Option<Vec<u32>>; 3],
    titles: Vec<String>,
    /// Each page's `date` as an instant in the site's zone.
    dates: Vec<Option<jiff::Timestamp>>,
}

impl PageOrder {
    pub fn new(pages: &[Page], zone: &jiff::tz::TimeZone) -> PageOrder {
        use rayon::prelude::*;
        PageOrder {
            ranks: [None, None, None],
            dates: pages
                .iter()
                .map(|p| p.meta.date.as_ref().map(|d| d.timestamp(zone)))
                .collect(),
            titles: pages
                .par_iter()
                .map(|p| swedish_sort_key(&p.meta.title))
                .collect(),
        }
    }

    /// Rank of each page (by id) when sorted by `sort_by`; ranks are unique.
    pub fn ranks(&mut self, pages: &[Page], sort_by: SortBy) -> &[u32] {
        let slot = sort_by as usize;
        let titles = &self.titles;
        let dates = &self.dates;
        self.ranks[slot].get_or_insert_with(|| {
            let mut ids: Vec<usize> = (0..pages.len()).collect();
            ids.sort_by(|&a, &b| {
                let (pa, pb) = (&pages[a], &pages[b]);
                let primary = match sort_by {
                    // Newest first, undated last.
                    SortBy::Date => match (dates[a], dates[b]) {
                        (Some(x), Some(y)) => y.cmp(&x),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    },
                    SortBy::Weight => pa
                        .meta
                        .weight
                        .unwrap_or(i64::MAX)
                        .cmp(&pb.meta.weight.unwrap_or(i64::MAX)),
                    SortBy::Title => std::cmp::Ordering::Equal,
                };
                primary
                    .then_with(|| titles[a].cmp(&titles[b]))
                    .then_with(|| pa.source.rel.cmp(&pb.source.rel))
            });
            let mut ranks = vec![0u32; pages.len()];
            for (rank, &id) in ids.iter().enumerate() {
                ranks[id] = rank as u32;
            }
            ranks
        })
    }
}

/// Sorts `ids` by their ranks from [`PageOrder::ranks`].
pub fn sort_by_rank(ids: &mut [PageId], ranks: &[u32]) {
    ids.sort_unstable_by_key(|&i| ranks[i.index()]);
}

/// The entries of a data array (`kommuner.medlem`), each with its display name.
fn data_entries(
    data: &toml::Table,
    path: &str,
    key: &str,
) -> Result<Vec<(String, toml::Value)>, Message> {
    let mut value: Option<&toml::Value> = None;
    for (n, part) in path.split('.').enumerate() {
        value = if n == 0 {
            data.get(part)
        } else {
            value.and_then(|v| v.get(part))
        };
    }
    let Some(toml::Value::Array(items)) = value else {
        return Err(msg!("data-no-list", path = path));
    };
    items
        .iter()
        .map(|item| match item.get(key).and_then(|v| v.as_str()) {
            Some(name) => Ok((name.to_string(), item.clone())),
            None => Err(msg!("data-entry-no-key", path = path, key = key)),
        })
        .collect()
}

fn slug_dirs(dir: &str) -> Vec<String> {
    dir.split('/')
        .filter(|d| !d.is_empty())
        .map(slugify)
        .filter(|d| !d.is_empty())
        .collect()
}

fn join_path(prefix: &str, dirs: &[String], slug: Option<&str>) -> String {
    let mut path = prefix.to_string();
    for d in dirs.iter().map(String::as_str).chain(slug) {
        path.push_str(d);
        path.push('/');
    }
    path
}

/// Where a page's or section's HTML goes under the output directory.
pub fn output_file_for(path: &str) -> PathBuf {
    let rel = path.trim_start_matches('/');
    if rel.ends_with(".html") {
        PathBuf::from(rel)
    } else {
        Path::new(rel).join("index.html")
    }
}

impl crate::markdown::LinkResolver for Site {
    fn resolve_link(&self, content_rel: &str) -> Option<(Target, &str)> {
        self.link_index
            .get(content_rel.trim_start_matches('/'))
            .map(|t| (*t, self.target_path(*t)))
    }

    fn link_candidates(&self) -> Vec<&str> {
        self.link_index.keys().map(String::as_str).collect()
    }

    fn is_left_out(&self, content_rel: &str) -> bool {
        self.left_out.contains(content_rel.trim_start_matches('/'))
    }

    fn is_internal(&self, content_rel: &str) -> bool {
        self.internal.contains(content_rel.trim_start_matches('/'))
    }

    fn is_unloadable(&self, content_rel: &str) -> bool {
        self.unloadable
            .contains(content_rel.trim_start_matches('/'))
    }
}
