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
