//! The words of `spindel check`'s findings. Each message has a translation key; the site can
//! give its own wording in the default language's `[languages.xx.translations]` (this site
//! does, in Swedish), and the English text here is used for every key it leaves out.
//! Placeholders are written `{name}`.

use crate::config::Config;

/// Looks messages up in the site's default language.
pub struct Messages<'a> {
    config: &'a Config,
}

impl<'a> Messages<'a> {
    pub fn new(config: &'a Config) -> Self {
        Messages { config }
    }

    /// The site's text for `key`, else `english`, with `{name}` placeholders filled in.
    pub fn text(&self, key: &str, english: &str, args: &[(&str, &str)]) -> String {
        let template = self
            .config
            .languages
            .get(&self.config.default_language)
            .and_then(|l| l.translations.get(key))
            .map_or(english, String::as_str);
        fill(template, args)
    }

    /// Like `text`, but tries a more specific key first: `check_unknown_term_kommun` before
    /// `check_unknown_term`, so that a language can agree the words with each taxonomy.
    pub fn text_for(
        &self,
        key: &str,
        specific: &str,
        english: &str,
        args: &[(&str, &str)],
    ) -> String {
        let specific_key = format!("{key}_{specific}");
        let lang = self.config.languages.get(&self.config.default_language);
        match lang.and_then(|l| l.translations.get(&specific_key)) {
            Some(t) => fill(t, args),
            None => self.text(key, english, args),
        }
    }
}

/// Replaces every `{name}` with its value; unknown placeholders are left as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(
                "okänd {tax} `{term}`",
                &[("tax", "kommun"), ("term", "Goteborg")]
            ),
            "okänd kommun `Goteborg`"
        );
        assert_eq!(fill("{nope} {", &[]), "{nope} {");
    }

    #[test]
    fn site_wording_wins_and_english_is_the_fallback() {
        let config = Config::parse(
            "title = \"t\"\nbase_url = \"https://a.se\"\n[languages.sv.translations]\ncheck_x = \"på svenska {a}\"\ncheck_t_kommun = \"kommun {a}\"\n",
        )
        .unwrap();
        let m = Messages::new(&config);
        assert_eq!(
            m.text("check_x", "in English {a}", &[("a", "1")]),
            "på svenska 1"
        );
        assert_eq!(
            m.text("check_y", "in English {a}", &[("a", "1")]),
            "in English 1"
        );
        assert_eq!(
            m.text_for("check_t", "kommun", "e", &[("a", "2")]),
            "kommun 2"
        );
        assert_eq!(
            m.text_for("check_t", "omrade", "e {a}", &[("a", "2")]),
            "e 2"
        );
    }
}
