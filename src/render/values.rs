//! The template values of a build: every page, section, taxonomy and term as templates see
//! them, built once (in parallel) and shared by every job and template function. A page's full
//! value is made when it is rendered or asked for.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use rayon::prelude::*;
use tera::Value;

use super::convert::{
    language_value, link_map, list_updated, page_value, section_value, taxonomy_data_date,
    term_value, toml_to_value, ui_value,
};
use crate::content::model::{Page, PageId, SectionId, SharedText, Site, Target};

/// The template values, shared with the template functions and replaceable as a whole.
pub(super) type SharedValues = Arc<RwLock<Arc<Values>>>;

/// The values as they are now: a snapshot, which `update_page` does not change.
pub(super) fn current(values: &SharedValues) -> Arc<Values> {
    values.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Template values for every page and section, built once.
#[derive(Clone, Default)]
pub(super) struct Values {
    /// What a page's full value adds to its summary, kept as plain data: made into template
    /// values only when the page is rendered or asked for, as they would take much memory
    /// held for every page.
    page_extras: Vec<PageExtras>,
    pub(super) page_summaries: Vec<Value>,
    /// Display name of each language, for links to pages in other languages.
    lang_names: BTreeMap<String, Value>,
    pub(super) sections: Vec<Value>,
    pub(super) section_summaries: Vec<Value>,
    /// `content_rel` → target, for `get_page`, `get_section`, `get_url`.
    pub(super) by_source: BTreeMap<String, Target>,
    pub(super) taxonomies: Vec<Value>,
    /// Per taxonomy, per term: the term as templates see it, pages included.
    pub(super) terms: Vec<Vec<Value>>,
    /// `language` of each language's templates.
    pub(super) languages: BTreeMap<String, Value>,
    /// `ui` of each language's templates: what `t()` gives, as one map.
    pub(super) ui: BTreeMap<String, Value>,
    /// Each page's HTML (shared with the site), added to its value as `content` when the page
    /// is rendered or asked for.
    page_html: Vec<SharedText>,
    /// Pages with `content`, made on the first `get_page` for each (few pages are asked for,
    /// often: the footer's links on every page).
    pub(super) pages_with_content: Vec<std::sync::OnceLock<Value>>,
}

/// The list under `key` of a map value, shared, not copied.
pub(super) fn list_of<'v>(value: &'v Value, key: &'v str) -> &'v [Value] {
    value
        .get_from_path(key)
        .and_then(Value::as_array)
        .unwrap_or(&[])
}

/// Template values for all pages and sections, summaries (for listings) and full.
pub(super) fn build_values(site: &Site) -> Values {
    let page_summaries: Vec<Value> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| page_value(site, PageId::new(i), p))
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
        by_source.insert(p.source.content_rel.clone(), Target::Page(PageId::new(i)));
    }
    for (i, s) in site.sections.iter().enumerate() {
        by_source.insert(
            s.source.content_rel.clone(),
            Target::Section(SectionId::new(i)),
        );
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
            // The list of terms: the newest of its terms' pages, or of its data file.
            let updated = list_updated(
                site,
                t.terms.iter().flat_map(|term| term.pages.iter().copied()),
                taxonomy_data_date(site, t),
            );
            m.insert(
                "updated".into(),
                updated.map_or(Value::none(), |d| d.as_str().into()),
            );
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

/// What a page's full value adds to its summary, as plain data.
#[derive(Clone)]
struct PageExtras {
    word_count: usize,
    has_code: bool,
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
            has_code: p.rendered.has_code,
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
    /// the page's HTML as `content`. Made when asked for, in one map, rather than held for
    /// every page.
    pub(super) fn full_page(&self, id: PageId) -> Value {
        let x = &self.page_extras[id.index()];
        let mut m = self.page_summaries[id.index()]
            .clone()
            .into_map()
            .unwrap_or_default();
        m.insert("word_count".into(), x.word_count.into());
        m.insert(
            "reading_time".into(),
            x.word_count.div_ceil(200).max(1).into(),
        );
        m.insert("has_code".into(), x.has_code.into());
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
                    .map(|&r| self.page_summaries[r.index()].clone())
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
        m.insert(
            "content".into(),
            Value::safe_string(&self.page_html[id.index()]),
        );
        Value::from(m)
    }

    /// A link to page `id`, from its summary (so that it shows the page's current title).
    fn page_link(&self, id: PageId) -> Value {
        let summary = &self.page_summaries[id.index()];
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

    /// The address of a page or section, for `get_url`.
    pub(super) fn target_path(&self, t: Target) -> String {
        let v = match t {
            Target::Page(i) => &self.page_summaries[i.index()],
            Target::Section(i) => &self.sections[i.index()],
        };
        v.get_from_path("path")
            .and_then(|p| p.as_str())
            .unwrap_or("/")
            .to_string()
    }

    /// Refreshes the template values of page `id` after its Markdown or its presentational
    /// front matter (title, description, updated, extra) changed; returns whether its summary
    /// (what listings and other pages show of it) changed too.
    pub(super) fn update_page(&mut self, site: &Site, id: PageId) -> bool {
        let summary = page_value(site, id, &site.pages[id]);
        let summary_changed = summary != self.page_summaries[id.index()];
        if summary_changed {
            self.page_summaries[id.index()] = summary;
            if let Some(s) = site.pages[id].section {
                self.sections[s.index()] = section_value(
                    site,
                    &site.sections[s],
                    Some((&self.page_summaries, &self.section_summaries)),
                    true,
                );
            }
            for (t, tax) in site.taxonomies.iter().enumerate() {
                for (k, term) in tax.terms.iter().enumerate() {
                    if term.pages.contains(&id) {
                        self.terms[t][k] = term_value(site, tax, term, &self.page_summaries);
                    }
                }
            }
            // Pages that show this one (related, neighbours, translations) take its summary
            // when their full value is made.
        }
        self.page_extras[id.index()] = PageExtras::new(&site.pages[id]);
        self.page_html[id.index()] = site.pages[id].rendered.html.clone();
        // Every page value may have changed above (neighbours, related): made again on demand.
        self.pages_with_content = vec![std::sync::OnceLock::new(); site.pages.len()];
        summary_changed
    }
}
