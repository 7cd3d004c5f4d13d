//! `spindel.toml`: the site's settings, checked key by key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::slug::slugify;
use crate::tomlfile::TomlSource;

pub const CONFIG_FILE: &str = "spindel.toml";

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "default_language",
    "languages",
    "theme",
    "output_dir",
    "taxonomies",
    "markdown",
    "paginate_path",
    "related",
    "check",
    "search",
    "feeds",
    "publish",
    "extra",
];
const CHECK_KEYS: &[&str] = &[
    "max_file_size",
    "allowed_contacts",
    "unknown_term",
    "terms",
    "sections",
];
const CHECK_SECTION_KEYS: &[&str] = &["required", "unless", "past_dates"];
const RELATED_KEYS: &[&str] = &["taxonomies", "limit"];
const SEARCH_KEYS: &[&str] = &["facets"];
const FEEDS_KEYS: &[&str] = &[
    "site",
    "site_exclude",
    "sections",
    "taxonomies",
    "limit",
    "full_content",
    "filename",
    "author",
];
const PUBLISH_KEYS: &[&str] = &["minify", "fingerprint", "redirects"];
const LANGUAGE_KEYS: &[&str] = &["name", "title", "description", "quotes", "translations"];
const TAXONOMY_KEYS: &[&str] = &["name", "paginate_by", "data", "data_key"];
const MARKDOWN_KEYS: &[&str] = &[
    "highlight_code",
    "highlight_theme",
    "smart_punctuation",
    "trust_html",
    "heading_anchors",
];

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub default_language: String,
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// Name of a directory under `themes/`.
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// The URL segment before page numbers of paginated listings: `/metoder/sida/2/`.
    #[serde(default = "default_paginate_path")]
    pub paginate_path: String,
    #[serde(default)]
    pub related: RelatedConfig,
    /// What `spindel check` (and `build`) checks beyond what every site needs; see `check`.
    #[serde(default)]
    pub check: CheckConfig,
    /// `[search]`: build a search index (see `search.rs`); none without the table.
    #[serde(default)]
    pub search: Option<SearchConfig>,
    /// `[feeds]`: Atom feeds (see `feeds.rs`); none without the table.
    #[serde(default)]
    pub feeds: Option<FeedsConfig>,
    /// `[publish]`: what `build` does to the output for publishing (see `assets.rs`).
    #[serde(default)]
    pub publish: PublishConfig,
    #[serde(default)]
    pub extra: toml::Table,
}

/// `[feeds]`: Atom feeds of the dated pages, newest first.
#[derive(Debug, Clone, Deserialize)]
pub struct FeedsConfig {
    /// A feed of every dated page per language: `/atom.xml`, `/en/atom.xml`.
    #[serde(default = "yes")]
    pub site: bool,
    /// Sections (folders under content/) whose pages the site-wide feed leaves out.
    #[serde(default)]
    pub site_exclude: Vec<String>,
    /// Sections (folders under content/) with a feed of their own: `/minnesanteckningar/atom.xml`.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Taxonomies with a feed per term: `/kommun/boras/atom.xml`.
    #[serde(default)]
    pub taxonomies: Vec<String>,
    /// Entries per feed, newest first; 0 for all.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
    /// Each entry carries the whole page, not only its description.
    #[serde(default)]
    pub full_content: bool,
    /// The file name of every feed.
    #[serde(default = "default_feed_filename")]
    pub filename: String,
    /// The author named in the feeds; default: the site's title in the feed's language.
    #[serde(default)]
    pub author: Option<String>,
}

fn default_feed_limit() -> usize {
    20
}
fn default_feed_filename() -> String {
    "atom.xml".into()
}

/// `[publish]`: what `build` does to the output. `serve` neither minifies nor fingerprints.
#[derive(Debug, Clone, Deserialize)]
pub struct PublishConfig {
    /// Minify HTML, CSS and JavaScript (`build --no-minify` turns it off for one build).
    #[serde(default = "yes")]
    pub minify: bool,
    /// `asset()` gives fingerprinted addresses under /assets/ with their integrity.
    #[serde(default = "yes")]
    pub fingerprint: bool,
    /// Write `_redirects` (Netlify's format) with a 301 for every alias.
    #[serde(default = "yes")]
    pub redirects: bool,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            minify: true,
            fingerprint: true,
            redirects: true,
        }
    }
}

/// `[search]`: the search index of every language, under `/search/`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchConfig {
    /// Taxonomies offered as filters, and `year`; default: every taxonomy and the year.
    #[serde(default)]
    pub facets: Option<Vec<String>>,
}

/// `[check]`: the site's own rules for its content.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckConfig {
    /// Largest file allowed under content/, e.g. "10 MB".
    #[serde(default = "default_max_file_size")]
    pub max_file_size: String,
    /// E-mail addresses and phone numbers that may be published: role addresses and
    /// switchboards, never a person's own.
    #[serde(default)]
    pub allowed_contacts: Vec<String>,
    /// How a taxonomy term outside its declared list is reported: "warning" or "error".
    #[serde(default = "default_unknown_term")]
    pub unknown_term: String,
    /// Allowed terms per taxonomy, for taxonomies not backed by a data file.
    #[serde(default)]
    pub terms: BTreeMap<String, Vec<String>>,
    /// Rules per section, keyed by the section's folder under content/.
    #[serde(default)]
    pub sections: BTreeMap<String, SectionCheck>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_file_size: default_max_file_size(),
            allowed_contacts: Vec::new(),
            unknown_term: default_unknown_term(),
            terms: BTreeMap::new(),
            sections: BTreeMap::new(),
        }
    }
}

/// `[check.sections.minnesanteckningar]`: rules for the pages of one section (and below).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SectionCheck {
    /// Field → type: `date = "date"`, `"extra.plats" = "text"`.
    #[serde(default)]
    pub required: BTreeMap<String, String>,
    /// A field whose presence lifts the requirements (e.g. a summary's `extra.period`).
    pub unless: Option<String>,
    /// The pages record what has happened: a date in the future is reported.
    #[serde(default)]
    pub past_dates: bool,
}

fn default_max_file_size() -> String {
    "10 MB".into()
}
fn default_unknown_term() -> String {
    "warning".into()
}

/// Which taxonomies make pages related (for "Relaterade sidor"), and how many to list.
#[derive(Debug, Clone, Deserialize)]
pub struct RelatedConfig {
    /// Empty means every taxonomy.
    #[serde(default)]
    pub taxonomies: Vec<String>,
    #[serde(default = "default_related_limit")]
    pub limit: usize,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        RelatedConfig {
            taxonomies: Vec::new(),
            limit: default_related_limit(),
        }
    }
}

fn default_related_limit() -> usize {
    5
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LanguageConfig {
    /// The language's name in itself, for the language switcher ("Svenska", "English").
    #[serde(default)]
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Opening and closing double quote, then opening and closing single quote.
    pub quotes: Option<[String; 4]>,
    /// UI strings for templates, read with `t(key="...")`.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaxonomyConfig {
    /// ASCII name used in front matter and URLs (`kommun`, `omrade`, `typ`).
    pub name: String,
    pub paginate_by: Option<usize>,
    /// A data array whose entries are the taxonomy's terms, e.g. `kommuner.medlem`, so every
    /// member gets a page even before any page is tagged with it.
    pub data: Option<String>,
    /// The key in each data entry that holds the term's display name.
    pub data_key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MarkdownConfig {
    #[serde(default = "yes")]
    pub highlight_code: bool,
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// Pass raw HTML in Markdown through unsanitized. Off by default.
    #[serde(default)]
    pub trust_html: bool,
    #[serde(default = "yes")]
    pub heading_anchors: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            highlight_theme: default_highlight_theme(),
            smart_punctuation: true,
            trust_html: false,
            heading_anchors: true,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_language() -> String {
    "sv".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_paginate_path() -> String {
    "page".into()
}
fn default_highlight_theme() -> String {
    "InspiredGitHub".into()
}

impl Config {
    /// Reads and checks `spindel.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![
                Diagnostic::usage(format!(
                    "cannot read {CONFIG_FILE} in {}: {e}",
                    root.display()
                ))
                .hint("run spindel in a site directory, or pass --root DIR"),
            ]
        })?;
        let text =
            crate::content::decode_text(Path::new(CONFIG_FILE), &bytes).map_err(|d| vec![d])?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let src = TomlSource::whole_file(file, text);
        let parsed = src.parse()?;
        let table = parsed.get_ref();
        let mut errors = src.unknown_keys(table, TOP_KEYS, "of spindel.toml");
        if let Some(langs) = table.get("languages").and_then(|v| v.get_ref().as_table()) {
            for (_, lang) in langs.iter() {
                if let Some(t) = lang.get_ref().as_table() {
                    errors.extend(src.unknown_keys(t, LANGUAGE_KEYS, "of a language"));
                }
            }
        }
        errors.extend(src.unknown_keys_in(table, "taxonomies", TAXONOMY_KEYS, "of a taxonomy"));
        errors.extend(src.unknown_keys_in(table, "markdown", MARKDOWN_KEYS, "of [markdown]"));
        errors.extend(src.unknown_keys_in(table, "related", RELATED_KEYS, "of [related]"));
        errors.extend(src.unknown_keys_in(table, "search", SEARCH_KEYS, "of [search]"));
        errors.extend(src.unknown_keys_in(table, "feeds", FEEDS_KEYS, "of [feeds]"));
        errors.extend(src.unknown_keys_in(table, "publish", PUBLISH_KEYS, "of [publish]"));
        errors.extend(src.unknown_keys_in(table, "check", CHECK_KEYS, "of [check]"));
        if let Some(sections) = table
            .get("check")
            .and_then(|c| c.get_ref().as_table())
            .and_then(|c| c.get("sections"))
            .and_then(|s| s.get_ref().as_table())
        {
            for (_, rules) in sections.iter() {
                if let Some(t) = rules.get_ref().as_table() {
                    errors.extend(src.unknown_keys(
                        t,
                        CHECK_SECTION_KEYS,
                        "of a [check.sections] rule",
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut config: Config = src.deserialize(parsed).map_err(|d| vec![d])?;
        config.normalize(text)?;
        Ok(config)
    }

    fn normalize(&mut self, text: &str) -> Result<(), Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let at_key = |key: &str| {
            let offset = find_key(text, key);
            (offset, key.len())
        };
        let mut errors = Vec::new();
        self.base_url = self.base_url.trim_end_matches('/').to_string();
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            let (o, l) = at_key("base_url");
            errors.push(
                Diagnostic::error(format!(
                    "base_url `{}` is not an http(s) address",
                    self.base_url
                ))
                .at(file, text, o, l)
                .hint(
                    "write the published address, e.g. base_url = \"https://romskinkludering.se\"",
                ),
            );
        }
        for code in self.languages.keys().chain([&self.default_language]) {
            if !is_language_code(code) {
                let (o, l) = at_key(code);
                errors.push(
                    Diagnostic::error(format!("`{code}` is not a language code"))
                        .at(file, text, o, l)
                        .hint("use an ISO 639 code such as sv, en, fi or rom (Romani), optionally with a variety: rom-x-kale"),
                );
            }
        }
        self.languages
            .entry(self.default_language.clone())
            .or_default();
        let mut seen = Vec::new();
        for tax in &self.taxonomies {
            if slugify(&tax.name) != tax.name {
                let (o, l) = at_key(&tax.name);
                errors.push(
                    Diagnostic::error(format!(
                        "taxonomy name `{}` must be lowercase ASCII",
                        tax.name
                    ))
                    .at(file, text, o, l)
                    .hint(format!("it appears in URLs; try `{}`", slugify(&tax.name))),
                );
            }
            if seen.contains(&&tax.name) {
                let (o, l) = at_key(&tax.name);
                errors.push(
                    Diagnostic::error(format!("taxonomy `{}` is declared twice", tax.name))
                        .at(file, text, o, l),
                );
            }
            if tax.data.is_some() != tax.data_key.is_some() {
                let (o, l) = at_key(&tax.name);
                errors.push(
                    Diagnostic::error(format!(
                        "taxonomy `{}` needs both `data` and `data_key`",
                        tax.name
                    ))
                    .at(file, text, o, l)
                    .hint("e.g. data = \"kommuner.medlem\" and data_key = \"namn\""),
                );
            }
            seen.push(&tax.name);
        }
        for name in &self.related.taxonomies {
            if !self.taxonomies.iter().any(|t| &t.name == name) {
                let (o, l) = at_key(name);
                errors.push(
                    Diagnostic::error(format!("[related] names `{name}`, which is not a taxonomy"))
                        .at(file, text, o, l)
                        .hint("list taxonomies declared with [[taxonomies]]"),
                );
            }
        }
        let facets = self.search.as_ref().and_then(|s| s.facets.as_ref());
        for name in facets.into_iter().flatten() {
            if name != "year" && !self.taxonomies.iter().any(|t| &t.name == name) {
                let (o, l) = at_key(name);
                errors.push(
                    Diagnostic::error(format!(
                        "[search] facets names `{name}`, which is not a taxonomy"
                    ))
                    .at(file, text, o, l)
                    .hint("list taxonomies declared with [[taxonomies]], and `year`"),
                );
            }
        }
        if let Some(feeds) = &self.feeds {
            for name in &feeds.taxonomies {
                if !self.taxonomies.iter().any(|t| &t.name == name) {
                    let (o, l) = at_key(name);
                    errors.push(
                        Diagnostic::error(format!(
                            "[feeds] taxonomies names `{name}`, which is not a taxonomy"
                        ))
                        .at(file, text, o, l)
                        .hint("list taxonomies declared with [[taxonomies]]"),
                    );
                }
            }
            let name = &feeds.filename;
            if !name.ends_with(".xml")
                || name.len() <= 4
                || name.contains(['/', '\\'])
                || name.starts_with('.')
            {
                let (o, l) = at_key("filename");
                errors.push(
                    Diagnostic::error(format!(
                        "[feeds] filename `{name}` is not a file name ending in .xml"
                    ))
                    .at(file, text, o, l)
                    .hint("e.g. filename = \"atom.xml\""),
                );
            }
        }
        if slugify(&self.paginate_path) != self.paginate_path || self.paginate_path.is_empty() {
            let (o, l) = at_key("paginate_path");
            errors.push(
                Diagnostic::error("paginate_path must be a lowercase word such as `sida`")
                    .at(file, text, o, l),
            );
        }
        errors.extend(crate::check::validate_config(self, text));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Language codes, the default first, then the others in alphabetical order.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes = vec![self.default_language.as_str()];
        codes.extend(
            self.languages
                .keys()
                .map(String::as_str)
                .filter(|c| *c != self.default_language),
        );
        codes
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.languages.contains_key(code)
    }

    /// `/` for the default language, `/en/` for the others.
    pub fn language_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            "/".into()
        } else {
            format!("/{lang}/")
        }
    }

    pub fn theme_dir(&self, root: &Path) -> Option<PathBuf> {
        self.theme.as_ref().map(|t| root.join("themes").join(t))
    }

    /// The quotation marks for a language: Swedish ”…” and ’…’, English “…” and ‘…’.
    pub fn quotes(&self, lang: &str) -> [String; 4] {
        if let Some(q) = self.languages.get(lang).and_then(|l| l.quotes.clone()) {
            return q;
        }
        let q: [&str; 4] = match lang.split('-').next().unwrap_or(lang) {
            "sv" | "fi" => ["”", "”", "’", "’"],
            "de" | "da" => ["„", "“", "‚", "‘"],
            "fr" | "rom" | "rmy" | "rmf" | "rmn" | "rmo" | "rml" | "nb" | "no" => {
                ["«", "»", "‹", "›"]
            }
            _ => ["“", "”", "‘", "’"],
        };
        q.map(String::from)
    }

    pub fn translate<'a>(&'a self, lang: &str, key: &'a str) -> Option<&'a str> {
        self.languages
            .get(lang)
            .and_then(|l| l.translations.get(key))
            .or_else(|| {
                self.languages
                    .get(&self.default_language)
                    .and_then(|l| l.translations.get(key))
            })
            .map(String::as_str)
    }
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Byte offset of the first line that defines `key`, for pointing at it; 0 if not found.
pub(crate) fn find_key(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(i) = trimmed.find(key) {
            let lead = line.len() - trimmed.len();
            if trimmed.starts_with(key) || trimmed[..i].contains(['"', '.', '[']) {
                return offset + lead + i;
            }
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named_with_suggestion() {
        let err = Config::parse("title = \"x\"\nbase_url = \"https://a.se\"\ntheem = \"t\"\n")
            .unwrap_err();
        let text = err[0].render(false);
        assert!(text.contains("`theem` is not a field"), "{text}");
        assert!(text.contains("spindel.toml:3:1"), "{text}");
        assert!(text.contains("did you mean `theme`?"), "{text}");
    }

    #[test]
    fn default_language_always_exists() {
        let c = Config::parse("title = \"x\"\nbase_url = \"https://a.se/\"\n").unwrap();
        assert_eq!(c.language_codes(), vec!["sv"]);
        assert_eq!(c.base_url, "https://a.se");
        assert_eq!(c.quotes("sv")[0], "”");
    }
}
