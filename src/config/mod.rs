//! `spindel.toml`: the site's settings, checked key by key.
//!
//! Takes the site directory; gives a `Config` (`settings.rs`), or every problem of the file
//! with its line. `tomlfile` reads TOML with the places of its keys and values, for this file,
//! the front matter and the data files alike; `check` validates the `[check]` rules.

pub mod check;
pub mod messages;
pub mod settings;
pub mod time;
pub mod tomlfile;

pub use settings::*;
pub use tomlfile::find_key;

use std::path::{Path, PathBuf};

use crate::config::tomlfile::TomlSource;
use crate::diag::{Code, Diagnostic};
use crate::msg;
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
    "git_dates",
    "taxonomies",
    "markdown",
    "paginate_path",
    "related",
    "check",
    "search",
    "feeds",
    "publish",
    "data_exports",
    "variants",
    "extra",
];
const CHECK_KEYS: &[&str] = &[
    "max_file_size",
    "allowed_contacts",
    "unknown_term",
    "terms",
    "sections",
];
const CHECK_SECTION_KEYS: &[&str] = &[
    "required",
    "recommended",
    "unless",
    "past_dates",
    "upcoming",
];
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
const LANGUAGE_KEYS: &[&str] = &[
    "name",
    "title",
    "description",
    "quotes",
    "direction",
    "translations",
    "messages",
];
const TAXONOMY_KEYS: &[&str] = &["name", "paginate_by", "data", "data_key"];
const DATA_EXPORT_KEYS: &[&str] = &["data", "path", "fields", "delimiter", "bom"];
const MARKDOWN_KEYS: &[&str] = &[
    "highlight_code",
    "highlight_theme",
    "smart_punctuation",
    "trust_html",
    "heading_anchors",
    "line_breaks",
];

impl Config {
    /// Reads and checks `spindel.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        if let Some(d) = settings::outside_root(root, &path) {
            return Err(vec![d]);
        }
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![
                Diagnostic::usage(
                    Code::ConfigUnreadable,
                    msg!(
                        "config-unreadable",
                        file = CONFIG_FILE,
                        root = root.display().to_string(),
                        reason = &e
                    ),
                )
                .hint(msg!("config-unreadable-hint")),
            ]
        })?;
        let text = crate::text::decode::decode_text(Path::new(CONFIG_FILE), &bytes)
            .map_err(|d| vec![d])?;
        // Checked here, where every run begins, so that no later stage meets a bad value.
        if let Err(e) = time::now() {
            return Err(vec![
                Diagnostic::usage(Code::BadNow, msg!("now-invalid", var = time::NOW_VAR))
                    .detail(e)
                    .hint(msg!("now-invalid-hint", var = time::NOW_VAR)),
            ]);
        }
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let src = TomlSource::whole_file(file, text);
        let parsed = src.parse()?;
        let table = parsed.get_ref();
        let mut errors = src.unknown_keys(table, TOP_KEYS, msg!("what-config"));
        if let Some(langs) = table.get("languages").and_then(|v| v.get_ref().as_table()) {
            for (_, lang) in langs.iter() {
                if let Some(t) = lang.get_ref().as_table() {
                    errors.extend(src.unknown_keys(t, LANGUAGE_KEYS, msg!("what-language")));
                }
            }
        }
        let of_table = |name: &str| msg!("what-table", table = name);
        errors.extend(src.unknown_keys_in(
            table,
            "taxonomies",
            TAXONOMY_KEYS,
            msg!("what-taxonomy"),
        ));
        errors.extend(src.unknown_keys_in(
            table,
            "data_exports",
            DATA_EXPORT_KEYS,
            of_table("data_exports"),
        ));
        for (key, allowed) in [
            ("markdown", MARKDOWN_KEYS),
            ("related", RELATED_KEYS),
            ("search", SEARCH_KEYS),
            ("feeds", FEEDS_KEYS),
            ("publish", PUBLISH_KEYS),
            ("check", CHECK_KEYS),
        ] {
            errors.extend(src.unknown_keys_in(table, key, allowed, of_table(key)));
        }
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
                        of_table("check.sections"),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut config: Config = src.deserialize_all(parsed)?;
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
                    msg!("base-url-invalid", url = &self.base_url),
                )
                .at(file, text, o, l)
                .hint(msg!("base-url-invalid-hint")),
            );
        }
        for code in self.languages.keys().chain([&self.default_language]) {
            if !is_language_code(code) {
                let (o, l) = at_key(code);
                errors.push(
                    Diagnostic::error(
                        Code::LanguageCode,
                        msg!("language-code-invalid", code = code),
                    )
                    .at(file, text, o, l)
                    .hint(msg!("language-code-invalid-hint")),
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
                        msg!("taxonomy-name-invalid", name = &tax.name),
                    )
                    .at(file, text, o, l)
                    .hint(msg!(
                        "taxonomy-name-invalid-hint",
                        slug = slugify(&tax.name)
                    )),
                );
            }
            if seen.contains(&&tax.name) {
                let (o, l) = at_key(&tax.name);
                errors.push(
                    Diagnostic::error(
                        Code::TaxonomyDeclaration,
                        msg!("taxonomy-twice", name = &tax.name),
                    )
                    .at(file, text, o, l)
                    .hint(msg!("taxonomy-twice-hint")),
                );
            }
            if tax.data.is_some() != tax.data_key.is_some() {
                let (o, l) = at_key(&tax.name);
                errors.push(
                    Diagnostic::error(
                        Code::TaxonomyDeclaration,
                        msg!("taxonomy-data-pair", name = &tax.name),
                    )
                    .at(file, text, o, l)
                    .hint(msg!("taxonomy-data-pair-hint")),
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
                        msg!("setting-not-a-taxonomy", table = "[related]", name = name),
                    )
                    .at(file, text, o, l)
                    .hint(msg!("setting-not-a-taxonomy-hint")),
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
                        msg!(
                            "setting-not-a-taxonomy",
                            table = "[search] facets",
                            name = name
                        ),
                    )
                    .at(file, text, o, l)
                    .hint(msg!("facet-not-a-taxonomy-hint")),
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
                            msg!(
                                "setting-not-a-taxonomy",
                                table = "[feeds] taxonomies",
                                name = name
                            ),
                        )
                        .at(file, text, o, l)
                        .hint(msg!("setting-not-a-taxonomy-hint")),
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
                    Diagnostic::error(Code::BadSetting, msg!("feed-filename-invalid", name = name))
                        .at(file, text, o, l)
                        .hint(msg!("feed-filename-invalid-hint")),
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
                let d = Diagnostic::error(Code::TimeZone, msg!("timezone-invalid", name = name))
                    .at(file, text, o, l);
                errors.push(
                    match crate::diag::did_you_mean(name, names.iter().map(String::as_str)) {
                        Some(near) => d.hint(msg!("did-you-mean", word = near)),
                        None => d.hint(msg!("timezone-invalid-hint")),
                    },
                );
            }
        }
        for (code, l) in &self.languages {
            if let Some(d) = l
                .direction
                .as_deref()
                .filter(|d| !["ltr", "rtl"].contains(d))
            {
                let (o, l) = at_key("direction");
                errors.push(
                    Diagnostic::error(
                        Code::BadSetting,
                        msg!("direction-invalid", lang = code, value = d),
                    )
                    .at(file, text, o, l)
                    .hint(msg!("direction-invalid-hint")),
                );
            }
        }
        for v in &self.variants {
            // The suffix becomes a folder of the address and must not read as a language.
            if slugify(v) != *v || v.is_empty() || v.contains('.') || self.is_language(v) {
                let quoted = format!("\"{v}\"");
                let (o, l) = match text.find(&quoted) {
                    Some(i) => (i, quoted.len()),
                    None => at_key("variants"),
                };
                errors.push(
                    Diagnostic::error(Code::BadSetting, msg!("variant-invalid", name = v))
                        .at(file, text, o, l)
                        .hint(msg!("variant-invalid-hint")),
                );
            }
        }
        for v in &self.markdown.line_breaks {
            if !self.variants.contains(v) {
                let (o, l) = at_key("line_breaks");
                errors.push(
                    Diagnostic::error(
                        Code::BadSetting,
                        msg!("line-breaks-not-a-variant", name = v),
                    )
                    .at(file, text, o, l)
                    .hint(msg!("line-breaks-not-a-variant-hint")),
                );
            }
        }
        if slugify(&self.paginate_path) != self.paginate_path || self.paginate_path.is_empty() {
            let (o, l) = at_key("paginate_path");
            errors.push(
                Diagnostic::error(Code::BadSetting, msg!("paginate-path-invalid"))
                    .at(file, text, o, l)
                    .hint(msg!("paginate-path-invalid-hint")),
            );
        }
        errors.extend(crate::config::check::validate_config(self, text));
        errors.extend(messages::validate(self, text));
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

    /// The direction of a language's script, `rtl` or `ltr`: its `direction`, else `rtl` for
    /// the languages usually written in Hebrew, Arabic or Thaana script (Yiddish, Hebrew,
    /// Arabic, Persian, Urdu, Pashto, Sindhi, Uyghur, Dhivehi, Kurdish in Arabic script), else `ltr`.
    pub fn direction(&self, lang: &str) -> &str {
        if let Some(d) = self
            .languages
            .get(lang)
            .and_then(|l| l.direction.as_deref())
        {
            return d;
        }
        let mut parts = lang.split('-');
        let base = parts.next().unwrap_or(lang);
        let script = parts.find(|p| p.len() == 4).unwrap_or("");
        let rtl = match script {
            "Arab" | "Hebr" | "Thaa" | "Syrc" => true,
            "" => matches!(
                base,
                "yi" | "he" | "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "dv" | "ckb"
            ),
            _ => false,
        };
        if rtl { "rtl" } else { "ltr" }
    }

    /// The language the UI strings of `lang` are shown in: `lang` when its translations have
    /// every string the default language's have, else the default language (whose strings
    /// fill the gaps), so that templates can mark the page's frame with the language it is in.
    pub fn ui_language<'a>(&'a self, lang: &'a str) -> &'a str {
        let own = self.languages.get(lang).map(|l| &l.translations);
        let default = self
            .languages
            .get(&self.default_language)
            .map(|l| &l.translations);
        let complete = match (own, default) {
            (_, None) => true,
            (None, Some(d)) => d.is_empty(),
            (Some(o), Some(d)) => d.keys().all(|k| o.contains_key(k)),
        };
        if complete || lang == self.default_language {
            lang
        } else {
            &self.default_language
        }
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
    use crate::msg::{Catalogue, Lang};

    fn en() -> Catalogue {
        Catalogue::builtin(Lang::En)
    }

    #[test]
    fn unknown_key_is_named_with_suggestion() {
        let err = Config::parse("title = \"x\"\nbase_url = \"https://a.se\"\ntheem = \"t\"\n")
            .unwrap_err();
        let text = err[0].render(&en(), false);
        assert!(text.contains("`theem` is not a field"), "{text}");
        assert!(text.contains("spindel.toml:3:1"), "{text}");
        assert!(text.contains("did you mean `theme`?"), "{text}");
        assert!(text.contains("theme = \"t\""), "the corrected line: {text}");
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
        let text = err[0].render(&en(), false);
        assert!(text.contains("spindel.toml:3:12"), "{text}");
        assert!(text.contains("did you mean `Europe/Stockholm`?"), "{text}");
        let err = Config::parse(
            "title = \"x\"\nbase_url = \"https://a.se\"\ntimezone = \"Mars/Olympus\"\n",
        )
        .unwrap_err();
        assert!(
            err[0]
                .render(&en(), false)
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
