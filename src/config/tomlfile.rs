//! TOML as editors write it: parse with spans, reject unknown keys with a suggestion, and turn
//! every parser or type error into a diagnostic that points into the file.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::msg;
use crate::msg::Message;

mod duplicate;
mod hints;

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
        message: Message,
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
        let mut lines_seen = Vec::new();
        Err(errors
            .iter()
            .filter_map(|e| {
                if let Some(twice) = e
                    .span()
                    .and_then(|s| duplicate::written_twice(self.toml, s.start))
                {
                    lines_seen.push(self.line_of(twice.second.start).0);
                    return Some(
                        self.written_twice(twice)
                            .detail(e.message().trim().to_string()),
                    );
                }
                let line = e.span().map(|s| self.line_of(s.start));
                // One mistake often makes the parser stumble twice on its line; the editor
                // needs to hear about it once.
                if let Some(l) = &line {
                    if lines_seen.contains(&l.0) {
                        return None;
                    }
                    lines_seen.push(l.0);
                }
                // A list or text left open is noticed on the line after it.
                let previous = line
                    .filter(|(start, _)| *start > 0)
                    .map(|(start, _)| self.line_of(start - 1));
                let here = line.and_then(|(_, text)| hints::syntax_fix(text));
                let (fix, span) = match (here, previous) {
                    (Some(fix), _) => (Some(fix), e.span()),
                    (None, Some((start, text))) => match hints::syntax_fix(text) {
                        Some(_) if lines_seen.contains(&start) => return None,
                        Some(fix) => {
                            lines_seen.push(start);
                            (Some(fix), Some(start + text.len()..start + text.len()))
                        }
                        None => (None, e.span()),
                    },
                    (None, None) => (None, e.span()),
                };
                let (message, hint) = match fix {
                    Some(fix) => (fix.message, fix.hint),
                    None => (msg!("toml-syntax"), msg!("toml-syntax-hint")),
                };
                Some(
                    self.diag_at(Code::TomlSyntax, message, span.or(e.span()))
                        .hint(hint)
                        .detail(e.message().trim().to_string()),
                )
            })
            .collect())
    }

    /// A key or table written twice, shown at both places.
    fn written_twice(&self, twice: duplicate::Twice) -> Diagnostic {
        let len = twice.name.len();
        self.diag_at(
            Code::TomlDuplicate,
            msg!("toml-duplicate", name = twice.name.as_str()),
            Some(twice.second),
        )
        .label(msg!("toml-duplicate-again"))
        .also_at(
            self.file,
            self.file_text,
            self.base + twice.first.start,
            len,
            msg!("toml-duplicate-first"),
        )
        .hint(msg!("toml-duplicate-hint", name = twice.name.as_str()))
    }

    /// The start offset (in `toml`) and text of the line holding `offset`.
    fn line_of(&self, offset: usize) -> (usize, &'a str) {
        let offset = offset.min(self.toml.len());
        let start = self.toml[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.toml[offset..]
            .find('\n')
            .map_or(self.toml.len(), |i| offset + i);
        (start, self.toml[start..end].trim_end_matches('\r'))
    }

    /// Deserializes the table `parse` made into `T` (the text is not parsed again); type
    /// errors point at the offending value.
    pub fn deserialize<T: DeserializeOwned>(
        &self,
        table: toml::Spanned<DeTable<'a>>,
    ) -> Result<T, Diagnostic> {
        T::deserialize(toml::de::Deserializer::from(table)).map_err(|e| self.type_error(&e))
    }

    /// Like `deserialize`, but with every type error of the table, not only the first: the
    /// value at fault is left out and the table read again, as long as an error points at a
    /// value that can be left out (a field then missing is not reported a second time).
    pub fn deserialize_all<T: DeserializeOwned>(
        &self,
        table: toml::Spanned<DeTable<'a>>,
    ) -> Result<T, Vec<Diagnostic>> {
        // A bound on the rereads; a table has far fewer wrong values than this in practice.
        const MOST: usize = 100;
        let mut table = table;
        let mut errors = Vec::new();
        loop {
            let e = match T::deserialize(toml::de::Deserializer::from(table.clone())) {
                Ok(v) if errors.is_empty() => return Ok(v),
                Ok(_) => return Err(errors),
                Err(e) => e,
            };
            let left_out = e
                .span()
                .is_some_and(|at| leave_out_value_at(table.get_mut(), &at));
            if errors.is_empty() || left_out {
                errors.push(self.type_error(&e));
            }
            if !left_out || errors.len() >= MOST {
                return Err(errors);
            }
        }
    }

    /// A type error, pointing at the offending value, in plain words with the corrected line
    /// where the fix is certain.
    fn type_error(&self, e: &toml::de::Error) -> Diagnostic {
        let raw = e.message().trim().to_string();
        let line = e.span().map(|s| self.line_of(s.start).1);
        let fix = hints::type_fix(&raw, line);
        self.diag_at(Code::TomlType, fix.message, e.span())
            .hint(fix.hint)
            .detail(raw)
    }

    /// One error per key of `table` not in `allowed`, with the nearest allowed key as a hint.
    pub fn unknown_keys(
        &self,
        table: &DeTable<'_>,
        allowed: &[&str],
        what: Message,
    ) -> Vec<Diagnostic> {
        table
            .iter()
            .filter(|(k, _)| !allowed.contains(&&**k.get_ref()))
            .map(|(k, _)| {
                let name: &str = k.get_ref();
                let d = self.diag_at(
                    Code::TomlUnknownKey,
                    msg!("toml-unknown-key", name = name, what = what.clone()),
                    Some(k.span()),
                );
                match did_you_mean(name, allowed.iter().copied()) {
                    Some(near) => {
                        let line = self.line_of(k.span().start).1;
                        match line.split_once(name) {
                            Some((before, after)) if before.trim().is_empty() => d.hint(msg!(
                                "toml-unknown-key-fix",
                                near = near,
                                line = format!("{before}{near}{after}").trim().to_string()
                            )),
                            _ => d.hint(msg!("did-you-mean", word = near)),
                        }
                    }
                    None => d.hint(msg!("toml-the-fields-are", list = allowed.join(", "))),
                }
            })
            .collect()
    }

    /// Keys of `table` that are names of the sub-table `sub` (a taxonomy, `kommun = […]`, written
    /// above `[taxonomies]`): each said to belong under `[sub]`, with the lines to write there.
    pub fn misplaced_keys(
        &self,
        table: &DeTable<'_>,
        names: &[&str],
        sub: &str,
    ) -> Vec<Diagnostic> {
        table
            .iter()
            .filter(|(k, _)| names.contains(&&**k.get_ref()))
            .map(|(k, _)| {
                let name: &str = k.get_ref();
                let line = self.line_of(k.span().start).1.trim();
                self.diag_at(
                    Code::TomlUnknownKey,
                    msg!("toml-key-belongs-under", name = name, table = sub),
                    Some(k.span()),
                )
                .hint(msg!(
                    "toml-key-belongs-under-hint",
                    table = sub,
                    lines = format!("[{sub}]\n{line}")
                ))
            })
            .collect()
    }

    /// Like `unknown_keys`, for a sub-table named `key` of `table`, if present.
    pub fn unknown_keys_in(
        &self,
        table: &DeTable<'_>,
        key: &str,
        allowed: &[&str],
        what: Message,
    ) -> Vec<Diagnostic> {
        match table.get(key).map(|v| v.get_ref()) {
            Some(DeValue::Table(sub)) => self.unknown_keys(sub, allowed, what),
            Some(DeValue::Array(items)) => items
                .iter()
                .filter_map(|v| match v.get_ref() {
                    DeValue::Table(sub) => Some(self.unknown_keys(sub, allowed, what.clone())),
                    _ => None,
                })
                .flatten()
                .collect(),
            _ => Vec::new(),
        }
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

/// Removes the innermost key of `table` whose value holds the span `at`; whether there was one.
/// A table written with a header (`[taxonomies]`, `[[languages]]`) spans only its header, not
/// its values, so every table inside is looked into whatever its span.
fn leave_out_value_at(table: &mut DeTable<'_>, at: &std::ops::Range<usize>) -> bool {
    if table
        .iter_mut()
        .any(|(_, v)| leave_out_inside(v.get_mut(), at))
    {
        return true;
    }
    let holds = |v: &toml::Spanned<DeValue<'_>>| {
        let s = v.span();
        s.start <= at.start && at.end <= s.end
    };
    let Some(key) = table.iter().find(|(_, v)| holds(v)).map(|(k, _)| k.clone()) else {
        return false;
    };
    table.remove(&key).is_some()
}

/// `leave_out_value_at` for the tables in `value`: itself, or the tables of an array.
fn leave_out_inside(value: &mut DeValue<'_>, at: &std::ops::Range<usize>) -> bool {
    match value {
        DeValue::Table(inner) => leave_out_value_at(inner, at),
        DeValue::Array(items) => items
            .iter_mut()
            .any(|item| leave_out_inside(item.get_mut(), at)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Meta {
        title: Option<String>,
        weight: Option<i64>,
        #[serde(default)]
        taxonomies: std::collections::BTreeMap<String, Vec<String>>,
        #[serde(default)]
        languages: std::collections::BTreeMap<String, Lang>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Lang {
        title: Option<String>,
    }

    /// Where each type error of `toml` is, as (line, column).
    fn errors_at(toml: &str) -> Vec<(usize, usize)> {
        let src = TomlSource::whole_file(Path::new("a.toml"), toml);
        let table = src.parse().expect("valid TOML");
        let errors = src.deserialize_all::<Meta>(table).expect_err("type errors");
        errors.iter().map(|e| (e.line, e.column)).collect()
    }

    #[test]
    fn every_type_error_is_reported_also_in_a_table_written_with_a_header() {
        assert_eq!(
            errors_at("weight = \"x\"\n[taxonomies]\nkommun = \"x\"\n"),
            [(3, 10), (1, 10)]
        );
        assert_eq!(
            errors_at("[taxonomies]\nkommun = \"x\"\nomrade = 5\n"),
            [(2, 10), (3, 10)]
        );
        assert_eq!(
            errors_at("title = 5\n[languages.en]\ntitle = 5\n"),
            [(3, 9), (1, 9)]
        );
        // A wrong item in a list, and a value in a table of an array of tables.
        assert_eq!(
            errors_at("weight = []\n[taxonomies]\nkommun = [\"a\", 5]\n"),
            [(3, 16), (1, 10)]
        );
    }
}
