//! TOML as editors write it: parse with spans, reject unknown keys with a suggestion, and turn
//! every parser or type error into a diagnostic that points into the file.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic, did_you_mean};

/// A TOML fragment inside a file: front matter sits at `base` bytes into the Markdown file.
pub struct TomlSource<'a> {
    pub file: &'a Path,
    /// The whole file, so that diagnostics can show the line.
    pub file_text: &'a str,
    /// Byte offset of the TOML fragment within `file_text`.
    pub base: usize,
    pub toml: &'a str,
}

impl<'a> TomlSource<'a> {
    pub fn whole_file(file: &'a Path, text: &'a str) -> Self {
        TomlSource {
            file,
            file_text: text,
            base: 0,
            toml: text,
        }
    }

    fn diag_at(
        &self,
        code: Code,
        message: String,
        span: Option<std::ops::Range<usize>>,
    ) -> Diagnostic {
        match span {
            Some(span) => Diagnostic::error(code, message).at(
                self.file,
                self.file_text,
                self.base + span.start,
                span.end.saturating_sub(span.start),
            ),
            None => Diagnostic::error(code, message).in_file(self.file),
        }
    }

    /// Parses into a table that remembers where each key and value stands; reports every
    /// syntax error the parser can recover from, not only the first.
    pub fn parse(&self) -> Result<toml::Spanned<DeTable<'a>>, Vec<Diagnostic>> {
        let (table, errors) = DeTable::parse_recoverable(self.toml);
        if errors.is_empty() {
            return Ok(table);
        }
        Err(errors
            .iter()
            .map(|e| {
                self.diag_at(
                    Code::TomlSyntax,
                    format!("invalid TOML: {}", e.message()),
                    e.span(),
                )
                .hint(
                    "TOML is `key = value`, one per line; text goes in \"double quotes\", \
                         dates are written 2024-05-16",
                )
            })
            .collect())
    }

    /// Deserializes the table `parse` made into `T` (the text is not parsed again); type
    /// errors point at the offending value.
    pub fn deserialize<T: DeserializeOwned>(
        &self,
        table: toml::Spanned<DeTable<'a>>,
    ) -> Result<T, Diagnostic> {
        T::deserialize(toml::de::Deserializer::from(table)).map_err(|e| self.type_error(&e))
    }

    /// A type error, pointing at the offending value.
    fn type_error(&self, e: &toml::de::Error) -> Diagnostic {
        let message = e.message().trim().to_string();
        let diag = self.diag_at(Code::TomlType, format!("wrong value: {message}"), e.span());
        match type_hint(&message) {
            Some(h) => diag.hint(h),
            None => diag,
        }
    }

    /// One error per key of `table` not in `allowed`, with the nearest allowed key as a hint.
    pub fn unknown_keys(
        &self,
        table: &DeTable<'_>,
        allowed: &[&str],
        what: &str,
    ) -> Vec<Diagnostic> {
        table
            .iter()
            .filter(|(k, _)| !allowed.contains(&&**k.get_ref()))
            .map(|(k, _)| {
                let name: &str = k.get_ref();
                let d = self.diag_at(
                    Code::TomlUnknownKey,
                    format!("`{name}` is not a field {what}"),
                    Some(k.span()),
                );
                match did_you_mean(name, allowed.iter().copied()) {
                    Some(near) => d.hint(format!("did you mean `{near}`?")),
                    None => d.hint(format!("the fields are: {}", allowed.join(", "))),
                }
            })
            .collect()
    }

    /// Like `unknown_keys`, for a sub-table named `key` of `table`, if present.
    pub fn unknown_keys_in(
        &self,
        table: &DeTable<'_>,
        key: &str,
        allowed: &[&str],
        what: &str,
    ) -> Vec<Diagnostic> {
        match table.get(key).map(|v| v.get_ref()) {
            Some(DeValue::Table(sub)) => self.unknown_keys(sub, allowed, what),
            Some(DeValue::Array(items)) => items
                .iter()
                .filter_map(|v| match v.get_ref() {
                    DeValue::Table(sub) => Some(self.unknown_keys(sub, allowed, what)),
                    _ => None,
                })
                .flatten()
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn type_hint(message: &str) -> Option<&'static str> {
    if message.contains("expected a string") || message.contains("expected a borrowed string") {
        Some("put text in double quotes: title = \"Brobyggare i Borås\"")
    } else if message.contains("expected a sequence") {
        Some("a list is written in brackets: kommun = [\"Borås\", \"Gävle\"]")
    } else if message.contains("expected a boolean") {
        Some("write true or false, without quotes")
    } else if message.contains("date") {
        Some("write dates as 2024-05-16 (year-month-day)")
    } else if message.contains("expected i") || message.contains("expected u") {
        Some("write a whole number without quotes, e.g. weight = 10")
    } else {
        None
    }
}

/// Byte offset of the first line that defines `key`, for pointing at it; 0 if not found.
pub fn find_key(text: &str, key: &str) -> usize {
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
