//! `[check]` of spindel.toml: the rules `spindel check` applies, validated while the
//! configuration is read, so that a mistake in them is reported at its line.

use super::settings::{CONFIG_FILE, Config};
use super::tomlfile::find_key;
use crate::diag::{Code, Diagnostic};
use crate::msg;

/// The type a required field must have (`[check.sections.x] required`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Date,
    Integer,
    Number,
    Boolean,
    List,
}

impl FieldType {
    pub const NAMES: &'static [&'static str] =
        &["text", "date", "integer", "number", "boolean", "list"];

    pub fn parse(name: &str) -> Option<FieldType> {
        Some(match name {
            "text" => FieldType::Text,
            "date" => FieldType::Date,
            "integer" => FieldType::Integer,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "list" => FieldType::List,
            _ => return None,
        })
    }
}

/// The type of a page's own front matter fields, which are always checked when read.
fn builtin_type(field: &str) -> Option<FieldType> {
    Some(match field {
        "title" | "description" | "slug" | "template" => FieldType::Text,
        "date" | "updated" => FieldType::Date,
        "weight" => FieldType::Integer,
        "draft" | "internal" => FieldType::Boolean,
        "aliases" => FieldType::List,
        _ if field.starts_with("taxonomies.") => FieldType::List,
        _ => return None,
    })
}

/// `"10 MB"`, `"500 kB"`, `"2,5 MB"` or a number of bytes; units of 1000 as in `human_size`.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.replace(',', ".").parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "byte" | "bytes" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        _ => return None,
    };
    let bytes = number * factor;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

/// Checks `[check]` of spindel.toml; called while the configuration is read.
pub fn validate_config(config: &Config, text: &str) -> Vec<Diagnostic> {
    let file = CONFIG_FILE;
    let at = |key: &str| {
        let (o, len) = (find_key(text, key), key.len());
        move |d: Diagnostic| d.at(file, text, o, len)
    };
    let check = &config.check;
    let mut errors = Vec::new();
    if parse_size(&check.max_file_size).is_none() {
        errors.push(
            at("max_file_size")(Diagnostic::error(
                Code::CheckRules,
                msg!("max-size-invalid", value = &check.max_file_size),
            ))
            .hint(msg!("max-size-invalid-hint")),
        );
    }
    if !["warning", "error"].contains(&check.unknown_term.as_str()) {
        errors.push(
            at("unknown_term")(Diagnostic::error(
                Code::CheckRules,
                msg!("unknown-term-setting-invalid", value = &check.unknown_term),
            ))
            .hint(msg!("unknown-term-setting-invalid-hint")),
        );
    }
    let taxonomy = |name: &str| config.taxonomies.iter().find(|t| t.name == name);
    for name in check.terms.keys() {
        match taxonomy(name) {
            None => errors.push(
                at(name)(Diagnostic::error(
                    Code::UnknownTaxonomy,
                    msg!(
                        "setting-not-a-taxonomy",
                        table = "[check.terms]",
                        name = name
                    ),
                ))
                .hint(msg!("setting-not-a-taxonomy-hint")),
            ),
            Some(t) if t.data.is_some() => errors.push(
                at(name)(Diagnostic::error(
                    Code::CheckRules,
                    msg!("check-terms-from-data", name = name),
                ))
                .hint(msg!("check-terms-from-data-hint")),
            ),
            Some(_) => {}
        }
    }
    let field_ok = |field: &str| {
        builtin_type(field).is_some()
            && field
                .strip_prefix("taxonomies.")
                .is_none_or(|t| taxonomy(t).is_some())
            || field
                .strip_prefix("extra.")
                .is_some_and(|rest| !rest.is_empty() && rest.split('.').all(|p| !p.is_empty()))
    };
    let field_hint = || msg!("check-field-hint");
    for (section, rule) in &check.sections {
        for (field, ty) in rule.required.iter().chain(&rule.recommended) {
            if !field_ok(field) {
                errors.push(
                    at(field)(Diagnostic::error(
                        Code::CheckRules,
                        msg!(
                            "check-required-not-a-field",
                            section = section,
                            field = field
                        ),
                    ))
                    .hint(field_hint()),
                );
                continue;
            }
            match (FieldType::parse(ty), builtin_type(field)) {
                (None, _) => errors.push(
                    at(field)(Diagnostic::error(
                        Code::CheckRules,
                        msg!("check-not-a-type", ty = ty),
                    ))
                    .hint(msg!(
                        "check-the-types-are",
                        list = FieldType::NAMES.join(", ")
                    )),
                ),
                (Some(t), Some(b)) if t != b => errors.push(
                    at(field)(Diagnostic::error(
                        Code::CheckRules,
                        msg!(
                            "check-fixed-type",
                            field = field,
                            ty = FieldType::NAMES[b as usize]
                        ),
                    ))
                    .hint(msg!(
                        "toml-fix-line",
                        line = format!("\"{field}\" = \"{}\"", FieldType::NAMES[b as usize])
                    )),
                ),
                _ => {}
            }
        }
        for field in rule.upcoming.iter().filter(|f| !field_ok(f)) {
            errors.push(
                at("upcoming")(Diagnostic::error(
                    Code::CheckRules,
                    msg!("check-upcoming-not-a-field", field = field),
                ))
                .hint(field_hint()),
            );
        }
        if let Some(unless) = &rule.unless
            && !field_ok(unless)
        {
            errors.push(
                at("unless")(Diagnostic::error(
                    Code::CheckRules,
                    msg!("check-unless-not-a-field", field = unless),
                ))
                .hint(field_hint()),
            );
        }
    }
    for entry in &check.allowed_contacts {
        if crate::text::contacts::normalize(entry).is_empty() {
            errors.push(
                at("allowed_contacts")(Diagnostic::error(
                    Code::CheckRules,
                    msg!("allowed-contact-invalid", entry = entry),
                ))
                .hint(msg!("allowed-contact-invalid-hint")),
            );
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_with_units() {
        assert_eq!(parse_size("10 MB"), Some(10_000_000));
        assert_eq!(parse_size("2,5 MB"), Some(2_500_000));
        assert_eq!(parse_size("500kB"), Some(500_000));
        assert_eq!(parse_size("123"), Some(123));
        assert_eq!(parse_size("10 MX"), None);
        assert_eq!(parse_size("MB"), None);
    }

    #[test]
    fn bad_check_table_is_reported_in_spindel_toml() {
        let text = "title = \"x\"\nbase_url = \"https://a.se\"\n[[taxonomies]]\nname = \"kommun\"\n[check]\nmax_file_size = \"tio\"\n[check.terms]\nkomun = [\"A\"]\n[check.sections.minnesanteckningar]\nrequired = { date = \"text\", \"extra.plats\" = \"ord\", platz = \"text\" }\n";
        let errors = Config::parse(text).unwrap_err();
        let at = |id: &str| {
            errors
                .iter()
                .find(|e| e.message.id == id)
                .map(|e| (e.line, e.column))
        };
        assert_eq!(at("max-size-invalid"), Some((6, 1)), "{errors:?}");
        assert_eq!(at("setting-not-a-taxonomy"), Some((8, 1)), "{errors:?}");
        assert!(at("check-fixed-type").is_some(), "{errors:?}");
        assert!(at("check-not-a-type").is_some(), "{errors:?}");
        assert!(at("check-required-not-a-field").is_some(), "{errors:?}");
        assert!(
            errors
                .iter()
                .all(|e| e.code == Code::CheckRules || e.code == Code::UnknownTaxonomy)
        );
    }
}
