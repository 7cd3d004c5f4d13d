//! The template functions that look into the site: `t` (a UI string), `get_url`, `get_page`,
//! `get_pages`, `get_a_o`, `get_section`, `get_taxonomy` and `passed`, and the filters `date` and
//! `filesize`. The functions that return pages and sections record them as the job's
//! dependencies.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::convert::ui_strings;
use super::dates;
use super::deps;
use super::values::{SharedValues, current};
use crate::content::model::{PageId, Site, Target};

/// Registers the functions and filters, which share the template values with the renderer.
pub(super) fn register(tera: &mut Tera, site: &Site, values: SharedValues) {
    let config = Arc::new(site.config.clone());
    // UI strings as template values, made once, the same tables as `ui` (a language's strings
    // over the default language's).
    let strings: BTreeMap<String, BTreeMap<String, Value>> = config
        .languages
        .keys()
        .map(|lang| (lang.clone(), ui_strings(site, lang)))
        .collect();
    let c = config.clone();
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let from_state: Option<Value>;
        let lang: &str = match kwargs.get::<&str>("lang")? {
            Some(l) => l,
            None => {
                from_state = state.get::<Value>("lang")?;
                from_state
                    .as_ref()
                    .and_then(Value::as_str)
                    .unwrap_or(&c.default_language)
            }
        };
        // A language without a table of its own (not configured) takes the default's.
        let table = strings.get(lang).or_else(|| strings.get(&c.default_language));
        match table.and_then(|table| table.get(key)) {
            Some(s) => Ok(s.clone()),
            // `default=…` for a string a language may well lack (`name_of_rmy`).
            None => kwargs.get::<Value>("default")?.ok_or_else(|| tera::Error::message(format!(
                "no translation `{key}` for the language `{lang}`; add it under [languages.{lang}.translations] in spindel.toml"
            ))),
        }
    });

    let shared = values.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let v = current(&shared);
            let path: &str = kwargs.must_get("path")?;
            if let Some(rest) = path.strip_prefix("@/") {
                let (file, anchor) = rest
                    .split_once('#')
                    .map_or((rest, None), |(f, a)| (f, Some(a)));
                return match v.by_source.get(file.trim_start_matches('/')) {
                    Some(t) => {
                        let p = v.target_path(*t);
                        Ok(Value::from(match anchor {
                            Some(a) => format!("{p}#{a}"),
                            None => p,
                        }))
                    }
                    None => Err(tera::Error::message(format!("get_url: no page `{path}`"))),
                };
            }
            Ok(Value::from(format!("/{}", path.trim_start_matches('/'))))
        },
    );

    let shared = values.clone();
    tera.register_function("get_page", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let v = current(&shared);
        let path: &str = kwargs.must_get("path")?;
        match v.by_source.get(path.trim_start_matches("@/")) {
            Some(Target::Page(i)) => {
                deps::record(Target::Page(*i));
                let full = v.pages_with_content[i.index()].get_or_init(|| v.full_page(*i));
                Ok(full.clone())
            }
            // `required=false` asks for none instead, e.g. for a translation that may not exist.
            _ if !kwargs.get::<bool>("required")?.unwrap_or(true) => Ok(Value::none()),
            _ => Err(tera::Error::message(format!("get_page: no page `{path}` (write the path under content/, e.g. metoder/brobyggare.md)"))),
        }
    });

    // Every published page of a language, A–Ö by title (Swedish order): the no-JavaScript
    // way to everything. The job that asks shows every page, so it depends on them all.
    let shared = values.clone();
    let langs: Vec<(String, String, bool)> = site
        .pages
        .iter()
        .map(|p| {
            (
                p.lang.clone(),
                crate::text::slug::swedish_sort_key(&p.meta.title),
                !p.is_listed(),
            )
        })
        .collect();
    let c = config.clone();
    tera.register_function(
        "get_pages",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let v = current(&shared);
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state
                    .get::<String>("lang")?
                    .unwrap_or_else(|| c.default_language.clone()),
            };
            // Internal pages (the editor guide) and variants are in no list.
            let mut ids: Vec<usize> = (0..langs.len())
                .filter(|&i| langs[i].0 == lang && !langs[i].2)
                .collect();
            ids.sort_by(|&a, &b| langs[a].1.cmp(&langs[b].1).then(a.cmp(&b)));
            for &i in &ids {
                deps::record_summary(Target::Page(PageId::new(i)));
            }
            Ok(Value::from(
                ids.iter()
                    .map(|&i| v.page_summaries[i].clone())
                    .collect::<Vec<_>>(),
            ))
        },
    );

    register_a_o(tera, site, values.clone());

    let shared = values.clone();
    tera.register_function("get_section", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let v = current(&shared);
        let path: &str = kwargs.must_get("path")?;
        match v.by_source.get(path.trim_start_matches("@/")) {
            Some(Target::Section(i)) => {
                deps::record(Target::Section(*i));
                Ok(v.sections[i.index()].clone())
            }
            _ if !kwargs.get::<bool>("required")?.unwrap_or(true) => Ok(Value::none()),
            _ => Err(tera::Error::message(format!(
                "get_section: no section `{path}` (write the path under content/, e.g. metoder/_index.md)"
            ))),
        }
    });

    let shared = values.clone();
    let taxes: Vec<(String, String)> = site
        .taxonomies
        .iter()
        .map(|t| (t.name.clone(), t.lang.clone()))
        .collect();
    let c = config.clone();
    tera.register_function(
        "get_taxonomy",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get("name")?;
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state
                    .get::<String>("lang")?
                    .unwrap_or_else(|| c.default_language.clone()),
            };
            match taxes.iter().position(|(n, l)| n == name && *l == lang) {
                Some(i) => Ok(current(&shared).taxonomies[i].clone()),
                None if c.taxonomies.iter().any(|t| t.name == name) => Ok(Value::none()),
                None => Err(tera::Error::message(format!(
                    "get_taxonomy: no taxonomy `{name}`"
                ))),
            }
        },
    );

    dates::register_filter(tera, &config);

    // `passed(text=…)`: whether a text opens with a day before today in the site's zone (a
    // minutes page's next meeting, shown as planned once it has passed). A text that opens
    // any other way has not passed; `config::time::leading_date` says what a day is.
    let zone = config.zone.clone();
    tera.register_function(
        "passed",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let text: &str = kwargs.must_get("text")?;
            let today = crate::config::time::today(&zone);
            Ok(Value::from(
                crate::config::time::leading_date(text).is_some_and(|d| d < today),
            ))
        },
    );

    let c = config;
    tera.register_filter(
        "filesize",
        move |bytes: u64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang: String = state
                .get::<String>("lang")?
                .unwrap_or_else(|| c.default_language.clone());
            let text = crate::content::human_size(bytes);
            // English writes 1.2 MB; Swedish and most European languages 1,2 MB.
            let separator = c
                .translate(&lang, "decimal_separator")
                .unwrap_or(if lang.starts_with("en") { "." } else { "," });
            Ok(text.replace(',', separator))
        },
    );
}

/// What `get_a_o` lists: a page, a section, a taxonomy's own page, or a term's.
#[derive(Clone)]
enum Entry {
    Page(usize),
    Section(usize),
    Taxonomy(usize),
    Term(usize, usize),
}

/// The letter an entry is filed under, from its Swedish sort key: `A`–`Z`, then `Å`, `Ä`,
/// `Ö`; a title that begins with a digit under `0–9`; none for a key without letters.
fn a_o_letter(key: &str) -> Option<&'static str> {
    const LETTERS: [&str; 26] = [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R",
        "S", "T", "U", "V", "W", "X", "Y", "Z",
    ];
    let c = key.trim_start().chars().next()?;
    Some(match c {
        'a'..='z' => LETTERS[(c as u8 - b'a') as usize],
        '{' => "Å",
        '|' => "Ä",
        '}' => "Ö",
        '0'..='9' => "0–9",
        _ => "#",
    })
}

/// The id of a letter's heading: `bokstav-a`, and `bokstav-aa`, `bokstav-ae`, `bokstav-oe`
/// for Å, Ä and Ö, which a slug would make `a` and `o`.
fn a_o_id(letter: &str) -> String {
    let name = match letter {
        "Å" => "aa".to_string(),
        "Ä" => "ae".to_string(),
        "Ö" => "oe".to_string(),
        "0–9" => "0-9".to_string(),
        "#" => "ovrigt".to_string(),
        l => l.to_ascii_lowercase(),
    };
    format!("bokstav-{name}")
}

/// Registers `get_a_o(lang=…)`: everything of a language a reader can open, A–Ö the Swedish
/// way, grouped by first letter: `[{letter, id, entries: [{title, path, description, kind,
/// taxonomy, extra, variant}]}]`. `kind` is `page`, `section`, `taxonomy` (a taxonomy's list
/// of terms) or `term`; `extra` is a page's or section's `[extra]`; `variant` the variant a page
/// is (`lattlast`), listed after its page. Internal pages are not listed.
fn register_a_o(tera: &mut Tera, site: &Site, values: SharedValues) {
    let config = site.config.clone();
    let mut all: Vec<(String, String, Entry)> = Vec::new();
    // Every page a reader can open, variants too (each after its page, with its `variant`).
    for (i, p) in site.pages.iter().enumerate() {
        if !p.meta.internal {
            all.push((p.lang.clone(), p.meta.title.clone(), Entry::Page(i)));
        }
    }
    for (i, s) in site.sections.iter().enumerate() {
        all.push((s.lang.clone(), s.meta.title.clone(), Entry::Section(i)));
    }
    for (i, t) in site.taxonomies.iter().enumerate() {
        let title = config.translate(&t.lang, &t.name).unwrap_or(&t.name);
        all.push((t.lang.clone(), title.to_string(), Entry::Taxonomy(i)));
        for (j, term) in t.terms.iter().enumerate() {
            all.push((t.lang.clone(), term.name.clone(), Entry::Term(i, j)));
        }
    }
    let mut keyed: Vec<(String, String, String, Entry)> = all
        .into_iter()
        .map(|(lang, title, e)| (lang, crate::text::slug::swedish_sort_key(&title), title, e))
        .collect();
    // By key, then by title as written, a variant after its page, then by kind (pages before
    // sections before terms): a fixed order for equal keys.
    let is_variant = |e: &Entry| matches!(e, Entry::Page(i) if site.pages[*i].variant.is_some());
    keyed.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| a.2.cmp(&b.2))
            .then_with(|| is_variant(&a.3).cmp(&is_variant(&b.3)))
    });
    let default_language = config.default_language.clone();
    let taxonomy_names: Vec<String> = site.taxonomies.iter().map(|t| t.name.clone()).collect();
    tera.register_function(
        "get_a_o",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let v = current(&values);
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state
                    .get::<String>("lang")?
                    .unwrap_or_else(|| default_language.clone()),
            };
            let mut groups: Vec<(&'static str, Vec<Value>)> = Vec::new();
            for (l, key, title, e) in &keyed {
                if *l != lang {
                    continue;
                }
                let Some(letter) = a_o_letter(key) else {
                    continue;
                };
                let mut m = tera::Map::new();
                m.insert("title".into(), title.as_str().into());
                let (kind, from): (&str, Option<&Value>) = match e {
                    Entry::Page(i) => {
                        deps::record_summary(Target::Page(PageId::new(*i)));
                        ("page", Some(&v.page_summaries[*i]))
                    }
                    Entry::Section(i) => {
                        deps::record_summary(Target::Section(
                            crate::content::model::SectionId::new(*i),
                        ));
                        ("section", Some(&v.section_summaries[*i]))
                    }
                    Entry::Taxonomy(i) => {
                        m.insert("taxonomy".into(), taxonomy_names[*i].as_str().into());
                        if let Some(p) = v.taxonomies[*i].get_from_path("path") {
                            m.insert("path".into(), p.clone());
                        }
                        ("taxonomy", None)
                    }
                    Entry::Term(i, j) => {
                        m.insert("taxonomy".into(), taxonomy_names[*i].as_str().into());
                        if let Some(p) = v.terms[*i][*j].get_from_path("path") {
                            m.insert("path".into(), p.clone());
                        }
                        ("term", None)
                    }
                };
                m.insert("kind".into(), kind.into());
                if let Some(from) = from {
                    for field in ["path", "description", "extra", "variant"] {
                        if let Some(x) = from.get_from_path(field) {
                            m.insert(field.into(), x.clone());
                        }
                    }
                }
                match groups.last_mut() {
                    Some((last, list)) if *last == letter => list.push(Value::from(m)),
                    _ => groups.push((letter, vec![Value::from(m)])),
                }
            }
            Ok(Value::from(
                groups
                    .into_iter()
                    .map(|(letter, entries)| {
                        let mut g = tera::Map::new();
                        g.insert("letter".into(), letter.into());
                        g.insert("id".into(), a_o_id(letter).into());
                        g.insert("entries".into(), Value::from(entries));
                        Value::from(g)
                    })
                    .collect::<Vec<_>>(),
            ))
        },
    );
}
