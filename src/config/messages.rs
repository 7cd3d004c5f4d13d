//! The language of a run's messages and the site's own wording of them
//! (`[languages.sv.messages]` in spindel.toml), laid over spindel's catalogue (`msg`).

use std::collections::BTreeMap;
use std::path::Path;

use super::settings::{CONFIG_FILE, Config};
use super::tomlfile::find_key;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::msg;
use crate::msg::{Catalogue, Lang, OverrideError};

/// The catalogue for a run in the site at `root`: the language asked for, else the site's
/// default language, with the site's wording. It reads spindel.toml leniently, for itself: a
/// file too broken to build still gets its errors told in its language if that much can be
/// read, and in Swedish otherwise. Wording that cannot be used is left out here; the build
/// reports it (`validate`).
pub fn catalogue(root: &Path, asked: Option<Lang>, verbose: bool) -> Catalogue {
    let path = root.join(CONFIG_FILE);
    // A link out of the site is not read (`outside_root`): the run is told so in Swedish.
    let table: Option<toml::Table> = (super::settings::outside_root(root, &path).is_none())
        .then(|| std::fs::read_to_string(&path).ok())
        .flatten()
        .and_then(|t| toml::from_str(t.trim_start_matches('\u{feff}')).ok());
    let default = table
        .as_ref()
        .and_then(|t| t.get("default_language"))
        .and_then(|v| v.as_str());
    let lang = Lang::choose(asked, default);
    let overrides: BTreeMap<String, String> = table
        .as_ref()
        .and_then(|t| t.get("languages"))
        .and_then(|l| l.get(lang.code()))
        .and_then(|l| l.get("messages"))
        .and_then(|m| m.as_table())
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Catalogue::with_overrides(lang, &overrides)
        .0
        .verbose(verbose)
}

/// An error for each message a site rewords that cannot be used.
pub fn validate(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (code, language) in &config.languages {
        if language.messages.is_empty() {
            continue;
        }
        let Some(lang) = Lang::from_tag(code) else {
            let at = find_key(text, &format!("languages.{code}.messages"));
            out.push(
                Diagnostic::error(
                    Code::MessageOverride,
                    msg!("messages-language", code = code.as_str()),
                )
                .at(CONFIG_FILE, text, at, 1)
                .hint(msg!("messages-language-hint")),
            );
            continue;
        };
        let (_, errors) = Catalogue::with_overrides(lang, &language.messages);
        for e in errors {
            let (id, message, hint) = match &e {
                OverrideError::UnknownId { id } => {
                    let ids = Catalogue::ids();
                    let hint = match did_you_mean(id, ids.iter().copied()) {
                        Some(near) => msg!("did-you-mean", word = near),
                        None => msg!("messages-unknown-hint"),
                    };
                    (id, msg!("messages-unknown", id = id.as_str()), hint)
                }
                OverrideError::Syntax { id } => (
                    id,
                    msg!("messages-syntax", id = id.as_str()),
                    msg!("messages-syntax-hint"),
                ),
                OverrideError::UnknownValue { id, name } => (
                    id,
                    msg!("messages-value", id = id.as_str(), name = name.as_str()),
                    msg!("messages-value-hint"),
                ),
            };
            let at = find_key(text, id);
            out.push(
                Diagnostic::error(Code::MessageOverride, message)
                    .at(CONFIG_FILE, text, at, id.len())
                    .hint(hint),
            );
        }
    }
    out
}
