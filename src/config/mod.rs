//! `spindel.toml`: the site's settings, checked key by key.
//!
//! Takes the site directory; gives a `Config` (`settings.rs`), or every problem of the file
//! with its line. `tomlfile` reads TOML with the places of its keys and values, for this file,
//! the front matter and the data files alike; `check` validates the `[check]` rules.

pub mod check;
pub mod settings;
pub mod time;
pub mod tomlfile;

pub use settings::*;
pub use tomlfile::find_key;

use std::path::{Path, PathBuf};

use crate::config::tomlfile::TomlSource;
use crate::diag::{Code, Diagnostic};
use crate::text::slug::slugify;

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "default_language",
    "languages",
    "theme",
    "output_dir",
    "timezone",
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

impl Config {
    /// Reads and checks `spindel.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![
                Diagnostic::usage(
                    Code::ConfigUnreadable,
                    format!("cannot read {CONFIG_FILE} in {}: {e}", root.display()),
                )
                .hint("run spindel in a site directory, or pass --root DIR"),
            ]
        })?;
        let text = crate::text::decode::decode_text(Path::new(CONFIG_FILE), &bytes)
            .map_err(|d| vec![d])?;
        // Checked here, where every run begins, so that no later stage meets a bad value.
        if let Err(e) = time::now() {
            return Err(vec![Diagnostic::usage(Code::BadNow, e).hint(format!(
                "{} pins the time for tests and reproducible builds; unset it to use the clock",
                time::NOW_VAR
            ))]);
        }
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
                Diagnostic::error(
                    Code::BaseUrl,
                    format!("base_url `{}` is not an http(s) address", self.base_url),
                )
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
                    Diagnostic::error(
                        Code::LanguageCode,
                        format!("`{code}` is not a language code"),
                    )
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
                    Diagnostic::error(
                        Code::TaxonomyDeclaration,
                        format!("taxonomy name `{}` must be lowercase ASCII", tax.name),
                    )
                    .at(file, text, o, l)
                    .hint(format!("it appears in URLs; try `{}`", slugify(&tax.name))),
                );
            }
            if seen.contains(&&tax.name) {
                let (o, l) = at_key(&tax.name);
                errors.push(
                    Diagnostic::error(
                        Code::TaxonomyDeclaration,
                        format!("taxonomy `{}` is declared twice", tax.name),
                    )
                    .at(file, text, o, l),
                );
            }
            if tax.data.is_some() != tax.data_key.is_some() {
                let (o, l) = at_key(&tax.name);
                errors.push(
                    Diagnostic::error(
                        Code::TaxonomyDeclaration,
                        format!("taxonomy `{}` needs both `data` and `data_key`", tax.name),
                    )
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
                    Diagnostic::error(
                        Code::UnknownTaxonomy,
                        format!("[related] names `{name}`, which is not a taxonomy"),
                    )
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
                    Diagnostic::error(
                        Code::UnknownTaxonomy,
                        format!("[search] facets names `{name}`, which is not a taxonomy"),
                    )
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
                        Diagnostic::error(
                            Code::UnknownTaxonomy,
                            format!("[feeds] taxonomies names `{name}`, which is not a taxonomy"),
                        )
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
                    Diagnostic::error(
                        Code::BadSetting,
                        format!("[feeds] filename `{name}` is not a file name ending in .xml"),
                    )
                    .at(file, text, o, l)
                    .hint("e.g. filename = \"atom.xml\""),
                );
            }
        }
        match time::zone(&self.timezone) {
            Some(zone) => self.zone = zone,
            None => {
                let name = &self.timezone;
                // At the value on the key's line if it is there, else at the key.
                let key = find_key(text, "timezone");
                let line = text[key..].split('\n').next().unwrap_or("");
                let (o, l) = match line.find(&format!("\"{name}\"")) {
                    Some(i) => (key + i, name.len() + 2),
                    None => (key, "timezone".len()),
                };
                let names = time::zone_names();
                let d = Diagnostic::error(
                    Code::TimeZone,
                    format!("timezone `{name}` is not a time zone"),
                )
                .at(file, text, o, l);
                errors.push(
                    match crate::diag::did_you_mean(name, names.iter().map(String::as_str)) {
                        Some(near) => d.hint(format!("did you mean `{near}`?")),
                        None => d.hint(
                            "name a zone of the tz database, e.g. timezone = \"Europe/Stockholm\"",
                        ),
                    },
                );
            }
        }
        if slugify(&self.paginate_path) != self.paginate_path || self.paginate_path.is_empty() {
            let (o, l) = at_key("paginate_path");
            errors.push(
                Diagnostic::error(
                    Code::BadSetting,
                    "paginate_path must be a lowercase word such as `sida`",
                )
                .at(file, text, o, l),
            );
        }
        errors.extend(crate::config::check::validate_config(self, text));
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
    fn timezone_is_stockholm_unless_set() {
        let c = Config::parse("title = \"x\"\nbase_url = \"https://a.se/\"\n").unwrap();
        assert_eq!(c.timezone, "Europe/Stockholm");
        assert_eq!(c.zone.iana_name(), Some("Europe/Stockholm"));
        let c = Config::parse(
            "title = \"x\"\nbase_url = \"https://a.se/\"\ntimezone = \"America/New_York\"\n",
        )
        .unwrap();
        assert_eq!(c.zone.iana_name(), Some("America/New_York"));
    }

    #[test]
    fn unknown_timezone_points_at_the_value_with_the_nearest() {
        let err = Config::parse(
            "title = \"x\"\nbase_url = \"https://a.se\"\ntimezone = \"Europe/Stokholm\"\n",
        )
        .unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].code, Code::TimeZone);
        let text = err[0].render(false);
        assert!(text.contains("spindel.toml:3:12"), "{text}");
        assert!(text.contains("did you mean `Europe/Stockholm`?"), "{text}");
        let err = Config::parse(
            "title = \"x\"\nbase_url = \"https://a.se\"\ntimezone = \"Mars/Olympus\"\n",
        )
        .unwrap_err();
        assert!(
            err[0]
                .render(false)
                .contains("timezone = \"Europe/Stockholm\"")
        );
    }

    #[test]
    fn default_language_always_exists() {
        let c = Config::parse("title = \"x\"\nbase_url = \"https://a.se/\"\n").unwrap();
        assert_eq!(c.language_codes(), vec!["sv"]);
        assert_eq!(c.base_url, "https://a.se");
        assert_eq!(c.quotes("sv")[0], "”");
    }
}
