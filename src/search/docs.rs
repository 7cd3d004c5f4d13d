//! The searchable pages of one language: pages, sections and taxonomy terms, with their
//! fields and facet values, newest first.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::model::{PageId, SectionId, SharedText, Site, Target, TextBlock, newest_first};

/// One searchable page: a page, a section or a taxonomy term, in one language.
/// Its words borrowed from the site where the site has them: on a large site, copies of
/// every page's title, description, headings and facets took a tenth of the build's memory.
pub(super) struct Doc<'a> {
    /// The page's text from the Markdown pass, until it is counted and written (see
    /// `count_and_write_docs`); `body` holds the text of documents without Markdown.
    pub(super) text: Option<SharedText>,
    /// The blocks of `text` (see `snippet::snippet_text`).
    pub(super) blocks: Vec<TextBlock>,
    /// What it is, for the result's label: empty for a page, `section`, the name of the
    /// taxonomy of a term (`kommun`), or a variant's name (`lattlast`).
    pub(super) kind: Cow<'a, str>,
    /// Shown, not searched: for a term, the titles of its pages, one a line (`-Title`); for an
    /// attachment, its text.
    pub(super) listing: String,
    /// For an attachment: the address of its page and its file name.
    pub(super) attached: Option<(String, String)>,
    /// The page or section it is, if it is one.
    pub(super) of: Option<Target>,
    pub(super) path: Cow<'a, str>,
    pub(super) title: Cow<'a, str>,
    pub(super) description: Cow<'a, str>,
    pub(super) headings: Vec<Cow<'a, str>>,
    pub(super) body: String,
    /// `YYYY-MM-DD` of `date`, shown with the result.
    pub(super) date: Option<String>,
    /// `updated`, else `date`: the newer page wins a tie.
    pub(super) recency: Option<jiff::Timestamp>,
    /// Per facet of the index: the page's values.
    pub(super) facets: Vec<Vec<Cow<'a, str>>>,
    /// What its scores are multiplied by: 1, or `VARIANT_PRIOR` for a variant of a page.
    pub(super) prior: f32,
}

/// A variant (lättläst) says what its page says, in fewer and shorter words, which BM25
/// rewards: its scores are scaled so that a reader finds the page first and the variant after.
const VARIANT_PRIOR: f32 = 0.5;

/// Pages of a term listed in its result.
const LISTED: usize = 5;

fn excluded(extra: &toml::Table) -> bool {
    matches!(extra.get("search"), Some(toml::Value::Boolean(false)))
}

fn toc_titles<'a>(toc: &'a [crate::content::model::TocEntry], out: &mut Vec<Cow<'a, str>>) {
    for e in toc {
        out.push(Cow::Borrowed(&e.title));
        toc_titles(&e.children, out);
    }
}

/// The most a term's description may hold, in bytes: it is shown whole as the result's
/// snippet, and a member's data holds many sentences.
const TERM_DESCRIPTION: usize = 300;

/// `text` cut to at most `max` bytes: after the last whole sentence that fits, or, if that
/// would leave little, after the last whole word, with an ellipsis.
fn first_sentences(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if let Some(i) = head.rfind(". ").filter(|&i| i >= max / 3) {
        return head[..=i].to_string();
    }
    match head.rfind(char::is_whitespace) {
        Some(i) => format!("{}…", head[..i].trim_end()),
        None => format!("{head}…"),
    }
}

/// A document's text (its lines apart, `\n`) as snippet lines: a line that ends mid-sentence
/// goes on with the next, an empty line ends a paragraph, and a short line of its own with no
/// end before a capital (a title, a heading) is a heading (`#`), kept apart from the text.
fn document_lines(text: &str) -> String {
    /// A line longer than this is text, not a title.
    const TITLE: usize = 100;
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut para = String::new();
    let end = |out: &mut String, para: &mut String, mark: char| {
        if !para.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push(mark);
            out.push_str(para);
            para.clear();
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            end(&mut out, &mut para, '.');
            continue;
        }
        let next_starts_anew = lines
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_numeric());
        let ends = line.ends_with(['.', '!', '?', '…', ':', ';']);
        if para.is_empty() && !ends && next_starts_anew && line.chars().count() <= TITLE {
            para.push_str(line);
            end(&mut out, &mut para, '#');
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(line);
        if ends {
            end(&mut out, &mut para, '.');
        }
    }
    end(&mut out, &mut para, '.');
    out
}

/// A term's data strings as its description and the rest: the sentences, each said once (one
/// whose words another has all is left out, the one that says more kept in the first one's
/// place), and the names (strings that are no sentence: a county), for the index only.
fn term_text(strings: &[String]) -> (String, String) {
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut kept: Vec<(&str, std::collections::BTreeSet<String>)> = Vec::new();
    let mut names = Vec::new();
    for s in strings {
        let s = s.trim();
        if !s.ends_with(['.', '!', '?', '…']) {
            names.push(s);
            continue;
        }
        let w = words(s);
        if kept.iter().any(|(_, k)| w.is_subset(k)) {
            continue;
        }
        match kept.iter().position(|(_, k)| k.is_subset(&w)) {
            Some(i) => kept[i] = (s, w),
            None => kept.push((s, w)),
        }
    }
    let sentences: Vec<&str> = kept.iter().map(|(s, _)| *s).collect();
    (sentences.join(" "), names.join(" "))
}

/// String values in a data entry, depth first (a term's data: county, roles, description).
fn data_strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| data_strings(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| data_strings(x, out)),
        _ => {}
    }
}

/// The facets of the indexes: `[search] facets`, or every taxonomy and the year.
pub fn facet_names(site: &Site) -> Vec<String> {
    match site.config.search.as_ref().and_then(|s| s.facets.clone()) {
        Some(f) => f,
        None => site
            .config
            .taxonomies
            .iter()
            .map(|t| t.name.clone())
            .chain(["year".to_string()])
            .collect(),
    }
}

/// The searchable pages of language `lang`, newest first.
pub(super) fn collect_docs<'a>(site: &'a Site, lang: &str, facets: &[String]) -> Vec<Doc<'a>> {
    // Taxonomy name → term slug → display name, in this language.
    let mut term_names: HashMap<&str, HashMap<&str, &str>> = HashMap::new();
    for tax in site.taxonomies.iter().filter(|t| t.lang == lang) {
        term_names.insert(
            &tax.name,
            tax.terms
                .iter()
                .map(|t| (t.slug.as_str(), t.name.as_str()))
                .collect(),
        );
    }
    // In parallel, each thread with its own record of
    // (taxonomy, a term as a page writes it) → the term's display name.
    let mut docs: Vec<Doc> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.lang == lang && !p.meta.internal && !excluded(&p.meta.extra))
        .map_init(
            HashMap::new,
            |term_of: &mut HashMap<(&str, &str), &str>, (i, p)| {
                let mut headings = Vec::new();
                toc_titles(&p.rendered.toc, &mut headings);
                let facet_values = facets
                    .iter()
                    .map(|f| {
                        if f == "year" {
                            return p
                                .meta
                                .date
                                .as_ref()
                                .map(|d| vec![Cow::Owned(d.year().to_string())])
                                .unwrap_or_default();
                        }
                        let names = term_names.get(f.as_str());
                        let mut values: Vec<Cow<'a, str>> = Vec::new();
                        for raw in p.meta.taxonomies.get(f).into_iter().flatten() {
                            // Pages name the same few terms: each spelling is looked up once.
                            let known = term_of.get(&(f.as_str(), raw.as_str())).copied();
                            let name = known.unwrap_or_else(|| {
                                let slug = crate::text::slug::slugify(raw);
                                let name = names
                                    .and_then(|n| n.get(slug.as_str()).copied())
                                    .unwrap_or(raw.as_str());
                                term_of.insert((f.as_str(), raw.as_str()), name);
                                name
                            });
                            if !values.iter().any(|v| v == name) {
                                values.push(Cow::Borrowed(name));
                            }
                        }
                        values
                    })
                    .collect();
                Doc {
                    path: Cow::Borrowed(&p.path),
                    title: Cow::Borrowed(&p.meta.title),
                    description: Cow::Borrowed(p.meta.description.as_deref().unwrap_or_default()),
                    headings,
                    body: String::new(),
                    text: Some(p.rendered.facts.text.text.clone()),
                    blocks: p.rendered.facts.text.blocks.clone(),
                    // A variant is labelled with its name (`lattlast`), a page with none.
                    kind: Cow::Borrowed(p.variant.as_deref().unwrap_or_default()),
                    listing: String::new(),
                    attached: None,
                    of: Some(Target::Page(PageId::new(i))),
                    date: p.meta.date.as_ref().map(|d| d.day().to_string()),
                    recency: p
                        .last_changed(&site.config.zone)
                        .map(|d| d.timestamp(&site.config.zone)),
                    facets: facet_values,
                    prior: if p.variant.is_some() {
                        VARIANT_PRIOR
                    } else {
                        1.0
                    },
                }
            },
        )
        .collect();
    for (i, s) in site.sections.iter().enumerate() {
        if s.lang != lang || excluded(&s.meta.extra) {
            continue;
        }
        let mut headings = Vec::new();
        toc_titles(&s.rendered.toc, &mut headings);
        docs.push(Doc {
            path: Cow::Borrowed(&s.path),
            title: Cow::Borrowed(&s.meta.title),
            description: Cow::Borrowed(s.meta.description.as_deref().unwrap_or_default()),
            headings,
            body: String::new(),
            text: Some(s.rendered.facts.text.text.clone()),
            blocks: s.rendered.facts.text.blocks.clone(),
            kind: Cow::Borrowed("section"),
            listing: String::new(),
            attached: None,
            of: Some(Target::Section(SectionId::new(i))),
            date: None,
            recency: None,
            facets: vec![Vec::new(); facets.len()],
            prior: 1.0,
        });
    }
    // The documents of the pages and sections, by their text (read in
    // `content::attachment_text`), each found as itself: its page's title, facets and date, and
    // its own address.
    let mut files = Vec::new();
    for d in &docs {
        let attachments = match d.of {
            Some(Target::Page(id)) => &site.pages[id.index()].attachments,
            Some(Target::Section(id)) => &site.sections[id.index()].attachments,
            None => continue,
        };
        for a in attachments {
            let Some(text) = &a.text else { continue };
            let text = super::text::cap_text(text, super::text::MAX_TEXT);
            files.push(Doc {
                path: Cow::Borrowed(&a.path),
                title: d.title.clone(),
                description: Cow::Borrowed(""),
                // Its file name counts as a heading: `medlemslista` finds medlemslista.pdf.
                headings: vec![Cow::Borrowed(&a.name)],
                body: text.to_string(),
                text: None,
                blocks: Vec::new(),
                kind: Cow::Borrowed("attachment"),
                listing: document_lines(text),
                attached: Some((d.path.to_string(), a.name.clone())),
                of: None,
                date: d.date.clone(),
                recency: d.recency,
                facets: d.facets.clone(),
                prior: d.prior,
            });
        }
    }
    docs.extend(files);
    for tax in site.taxonomies.iter().filter(|t| t.lang == lang) {
        for term in &tax.terms {
            let mut strings = Vec::new();
            if let Some(d) = &term.data {
                data_strings(d, &mut strings);
            }
            // Sentences and names, not codes such as `natverkskommun`.
            strings.retain(|s| s != &term.name && s.contains(char::is_whitespace));
            let (sentences, names) = term_text(&strings);
            // The titles of its pages, shown when it has no description of its own.
            let listing: Vec<String> = term
                .pages
                .iter()
                .filter_map(|&id| site.pages.get(id.index()))
                .filter(|p| !p.meta.internal && !excluded(&p.meta.extra))
                .take(LISTED)
                .map(|p| format!("-{}", p.meta.title))
                .collect();
            docs.push(Doc {
                path: Cow::Borrowed(&term.path),
                title: Cow::Borrowed(&term.name),
                description: Cow::Owned(first_sentences(&sentences, TERM_DESCRIPTION)),
                headings: Vec::new(),
                // Names (a member's county) are found, not shown as a snippet's last words.
                body: names,
                text: None,
                blocks: Vec::new(),
                kind: Cow::Borrowed(&tax.name),
                listing: listing.join("\n"),
                attached: None,
                of: None,
                date: None,
                recency: None,
                facets: vec![Vec::new(); facets.len()],
                prior: 1.0,
            });
        }
    }
    // The order the Markdown pass rendered the pages in (`Site::pages_newest_first`).
    docs.par_sort_unstable_by(|a, b| newest_first((a.recency, &a.path), (b.recency, &b.path)));
    docs
}

#[cfg(test)]
mod tests {
    use super::{document_lines, first_sentences, term_text};

    #[test]
    fn a_documents_title_and_paragraphs_are_lines_of_their_own() {
        let text = "Medlemmar\nFörteckning över nätverkets\nmedlemmar.\n\nBorås, Västra Götalands län.\nEn rad utan slut";
        assert_eq!(
            document_lines(text),
            "#Medlemmar\n.Förteckning över nätverkets medlemmar.\n.Borås, Västra Götalands län.\n.En rad utan slut"
        );
        assert_eq!(document_lines("Bara en rad"), ".Bara en rad");
    }

    #[test]
    fn a_terms_description_says_each_thing_once_and_leaves_names_to_the_index() {
        let strings = [
            "Kom med i nätverket under 2013.",
            "Enligt delrapport II från 2014 kom Botkyrka med i nätverket under 2013.",
            "Botkyrka fanns med i förteckningen 2018.",
            "Stockholms län",
            "Botkyrka fanns med i förteckningen 2018.",
        ]
        .map(String::from);
        assert_eq!(
            term_text(&strings),
            (
                "Enligt delrapport II från 2014 kom Botkyrka med i nätverket under 2013. \
                 Botkyrka fanns med i förteckningen 2018."
                    .to_string(),
                "Stockholms län".to_string()
            )
        );
    }

    #[test]
    fn a_long_description_is_cut_after_a_sentence_or_a_word() {
        let text = "Första meningen är här. Andra meningen är längre än den första. Tredje.";
        assert_eq!(first_sentences(text, 200), text);
        assert_eq!(first_sentences(text, 40), "Första meningen är här.");
        assert_eq!(first_sentences("åäö åäö åäö åäö", 9), "åäö…");
    }
}
