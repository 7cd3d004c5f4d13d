//! Each thing of the site as templates see it: pages, sections, terms, links, the
//! configuration, languages and UI strings, made into Tera values.

use std::collections::BTreeMap;

use tera::Value;

use crate::content::model::{Page, PageId, Section, SectionId, Site, Target};

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

/// `config`: the site's settings that templates see.
pub(super) fn config_value(site: &Site) -> Value {
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
    let variants: Vec<Value> = c.variants.iter().map(|v| v.as_str().into()).collect();
    m.insert("variants".into(), Value::from(variants));
    m.insert(
        "extra".into(),
        toml_to_value(&toml::Value::Table(c.extra.clone())),
    );
    Value::from(m)
}

/// `language`: a language's code, name, title, description and home page.
pub(super) fn language_value(site: &Site, lang: &str) -> Value {
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
    m.insert("dir".into(), c.direction(lang).into());
    let ui = c.ui_language(lang);
    m.insert("ui_lang".into(), ui.into());
    m.insert("ui_dir".into(), c.direction(ui).into());
    Value::from(m)
}

/// The UI strings of `lang` for templates (`ui.home`), with the default language's for those
/// it lacks: what `t(key)` finds, as a map, for a lookup instead of a function call (a call
/// costs Tera many times a lookup, and a page shows many strings).
pub(super) fn ui_value(site: &Site, lang: &str) -> Value {
    Value::from(ui_strings(site, lang))
}

/// The UI strings of `lang`: its translations over the default language's (what `ui` holds and
/// `t()` looks up).
pub(super) fn ui_strings(site: &Site, lang: &str) -> BTreeMap<String, Value> {
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

/// `ancestors`: the breadcrumb trail, the summaries of the sections from the root down to
/// `section`.
pub(super) fn ancestors_value(
    site: &Site,
    summaries: &[Value],
    section: Option<SectionId>,
) -> Value {
    Value::from(
        site.ancestors(section)
            .into_iter()
            .map(|s| summaries[s.index()].clone())
            .collect::<Vec<_>>(),
    )
}

/// A link to a page or section of the site, from its title, path and language.
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
pub(super) fn link_map(
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

/// When a list was last updated, honestly: the newest change of the pages it lists (their
/// `updated`, else `date`), or the last commit of the data file its entries come from, if
/// later. None when nothing of it is dated: no date is made up.
pub(super) fn list_updated<'a>(
    site: &'a Site,
    pages: impl IntoIterator<Item = PageId>,
    data: Option<&'a crate::config::time::Date>,
) -> Option<&'a crate::config::time::Date> {
    let zone = &site.config.zone;
    pages
        .into_iter()
        .filter_map(|p| site.pages[p].last_changed(zone))
        .chain(data)
        .max_by_key(|d| d.timestamp(zone))
}

/// The last commit of the data file a taxonomy's terms come from (`kommuner.medlem` →
/// `data/kommuner.toml`), if the taxonomy has one and git knows it.
pub(super) fn taxonomy_data_date<'a>(
    site: &'a Site,
    tax: &crate::content::model::Taxonomy,
) -> Option<&'a crate::config::time::Date> {
    let config = site.config.taxonomies.iter().find(|t| t.name == tax.name)?;
    let stem = config.data.as_deref()?.split('.').next()?;
    site.data_history.get(&format!("{stem}.toml"))
}

/// A term as templates see it, with its pages.
pub(super) fn term_value(
    site: &Site,
    tax: &crate::content::model::Taxonomy,
    term: &crate::content::model::Term,
    page_summaries: &[Value],
) -> Value {
    let pages: Vec<Value> = term
        .pages
        .iter()
        .map(|&p| page_summaries[p.index()].clone())
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
    // A member's page is made from the data file as much as from its pages.
    let data_date = term
        .data
        .is_some()
        .then(|| taxonomy_data_date(site, tax))
        .flatten();
    m.insert(
        "updated".into(),
        opt_str(list_updated(site, term.pages.iter().copied(), data_date).map(|d| d.as_str())),
    );
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
pub(super) fn page_value(site: &Site, id: PageId, p: &Page) -> Value {
    let terms = terms_of(site, p);
    let mut m = tera::Map::new();
    m.insert("title".into(), p.meta.title.as_str().into());
    m.insert("description".into(), opt_str(p.meta.description.as_deref()));
    m.insert(
        "date".into(),
        opt_str(p.meta.date.as_ref().map(|d| d.as_str())),
    );
    m.insert(
        "updated".into(),
        opt_str(p.updated(&site.config.zone).map(|d| d.as_str())),
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
    m.insert("id".into(), id.index().into());
    m.insert("variant".into(), opt_str(p.variant.as_deref()));
    m.insert("variants".into(), variant_links(site, &p.variants));
    let of = p.variant_of.map_or(Value::none(), |t| match t {
        Target::Page(q) => {
            let q = &site.pages[q];
            link_value(site, &q.meta.title, &q.path, &q.lang)
        }
        Target::Section(s) => {
            let s = &site.sections[s];
            link_value(site, &s.meta.title, &s.path, &s.lang)
        }
    });
    m.insert("variant_of".into(), of);
    Value::from(m)
}

/// Links to the variants of a page or section (`site::variants`), each with its `variant`
/// (`lattlast`), in the order spindel.toml declares them.
fn variant_links(site: &Site, ids: &[PageId]) -> Value {
    let links: Vec<Value> = ids
        .iter()
        .map(|&v| {
            let v = &site.pages[v];
            let mut link = link_value(site, &v.meta.title, &v.path, &v.lang)
                .into_map()
                .unwrap_or_default();
            link.insert("variant".into(), opt_str(v.variant.as_deref()));
            Value::from(link)
        })
        .collect();
    Value::from(links)
}

/// A section as templates see it; `full`: with its content, table of contents, attachments
/// and translations, and with `lists` (page and section summaries) its pages and subsections.
pub(super) fn section_value(
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
    m.insert(
        "updated".into(),
        opt_str(s.history.as_ref().map(|d| d.as_str())),
    );
    m.insert("source".into(), s.source.rel.as_str().into());
    m.insert("variants".into(), variant_links(site, &s.variants));
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
        m.insert("has_code".into(), s.rendered.has_code.into());
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
                        .map(|&p| pages[p.index()].clone())
                        .collect::<Vec<_>>(),
                ),
            );
            m.insert(
                "subsections".into(),
                Value::from(
                    s.subsections
                        .iter()
                        .map(|&x| sections[x.index()].clone())
                        .collect::<Vec<_>>(),
                ),
            );
        }
    }
    Value::from(m)
}
