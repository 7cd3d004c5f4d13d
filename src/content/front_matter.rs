//! The `+++` block at the top of a content file: where its TOML lies and where the body
//! starts, and for the editor who wrote YAML between `---` lines, the same front matter as
//! TOML to copy.

use std::path::Path;

use crate::diag::{Code, Diagnostic};
use crate::msg;

/// Finds the `+++` block; returns the byte range of the TOML inside it and where the body starts.
pub fn split_front_matter(
    rel: &Path,
    text: &str,
) -> Result<(std::ops::Range<usize>, usize), Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() == "---" {
        let hint = match yaml_to_toml_hint(text) {
            Some(toml) => msg!("fm-yaml-hint", toml = toml),
            None => msg!("fm-none-hint"),
        };
        return Err(Diagnostic::error(Code::YamlFrontMatter, msg!("fm-yaml"))
            .at(rel, text, 0, 3)
            .hint(hint));
    }
    if first_line.trim_end() != "+++" {
        let what = if text.trim().is_empty() {
            msg!("fm-file-empty")
        } else {
            msg!("fm-none")
        };
        return Err(Diagnostic::error(Code::NoFrontMatter, what)
            .at(rel, text, 0, first_line.len().max(1))
            .hint(msg!("fm-none-hint")));
    }
    let start = first_line.len() + 1;
    let mut offset = start.min(text.len());
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok((start.min(offset)..offset, offset + line.len()));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(Code::FrontMatterOpen, msg!("fm-not-closed"))
            .at(rel, text, 0, 3)
            .hint(msg!("fm-not-closed-hint")),
    )
}

/// The front matter of a YAML block (`---`) written as TOML between `+++` lines, shown in the
/// error so that the fix is a copy away. The YAML is read by a YAML parser and the TOML written
/// by the TOML writer, so that what is shown is valid; `None` if the block is no YAML at all.
fn yaml_to_toml_hint(text: &str) -> Option<String> {
    let block: String = text
        .lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .map(|l| format!("{l}\n"))
        .collect();
    let docs = yaml_rust2::YamlLoader::load_from_str(&block).ok()?;
    let toml::Value::Table(table) = yaml_to_toml(docs.first()?)? else {
        return None;
    };
    let body = toml::to_string(&table).ok()?;
    Some(format!("+++\n{}\n+++", body.trim_end()))
}

fn yaml_to_toml(y: &yaml_rust2::Yaml) -> Option<toml::Value> {
    use yaml_rust2::Yaml;
    Some(match y {
        Yaml::String(s) => match s.parse::<toml::value::Datetime>() {
            // A date written as YAML writes it stays a date (`date: 2018-05-16`).
            Ok(d) if crate::config::time::Date::parse(s).is_ok() => toml::Value::Datetime(d),
            _ => toml::Value::String(s.clone()),
        },
        Yaml::Integer(i) => toml::Value::Integer(*i),
        Yaml::Real(r) => toml::Value::Float(r.parse().ok()?),
        Yaml::Boolean(b) => toml::Value::Boolean(*b),
        Yaml::Array(items) => toml::Value::Array(items.iter().filter_map(yaml_to_toml).collect()),
        Yaml::Hash(map) => {
            let mut table = toml::Table::new();
            for (k, v) in map {
                let key = match k {
                    Yaml::String(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    _ => continue,
                };
                if let Some(value) = yaml_to_toml(v) {
                    table.insert(key, value);
                }
            }
            toml::Value::Table(table)
        }
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => return None,
    })
}

/// Control characters a front-matter text may not carry into a page: what the HTML of a page
/// body leaves out too (`markdown::html`), tab and line breaks excepted. TOML allows them only
/// written as escapes (`\u001b`), never raw.
fn unwanted(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Leaves the control characters out of every text of the front matter (`title`,
/// `description`, the terms, `extra`, at any depth), so that no template shows them, and
/// gives a warning for each text that had any, at the text in the file `src` is of.
pub fn leave_out_controls(
    table: &mut toml::de::DeTable<'_>,
    src: &crate::config::tomlfile::TomlSource<'_>,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (key, value) in table.iter_mut() {
        scrub(
            key.get_ref(),
            value,
            src.file,
            src.file_text,
            src.base,
            &mut warnings,
        );
    }
    warnings
}

fn scrub(
    name: &str,
    value: &mut toml::Spanned<toml::de::DeValue<'_>>,
    rel: &Path,
    file_text: &str,
    base: usize,
    warnings: &mut Vec<Diagnostic>,
) {
    use toml::de::DeValue;
    let span = value.span();
    match value.get_mut() {
        DeValue::String(text) if text.chars().any(unwanted) => {
            let chars: Vec<String> = text
                .chars()
                .filter(|c| unwanted(*c))
                .map(|c| format!("\\u{:04x}", c as u32))
                .fold(Vec::new(), |mut seen, c| {
                    if !seen.contains(&c) {
                        seen.push(c);
                    }
                    seen
                });
            *text = text
                .chars()
                .filter(|c| !unwanted(*c))
                .collect::<String>()
                .into();
            let chars = chars.join(" ");
            warnings.push(
                Diagnostic::warning(
                    Code::FrontMatterControl,
                    msg!("fm-control-characters", name = name, chars = &chars),
                )
                .at(rel, file_text, base + span.start, span.len())
                .hint(msg!("fm-control-characters-hint", chars = &chars)),
            );
        }
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                scrub(name, item, rel, file_text, base, warnings);
            }
        }
        DeValue::Table(inner) => {
            for (key, item) in inner.iter_mut() {
                let inner_name = format!("{name}.{}", key.get_ref());
                scrub(&inner_name, item, rel, file_text, base, warnings);
            }
        }
        _ => {}
    }
}
