//! `[[data_exports]]`: a list of tables in `data/` (`kommuner.medlem`) written as a CSV or JSON
//! file at build, so that readers can download what the templates show. The files are made
//! from the data alone, in the order of the list and of `fields`, so the same data gives the
//! same bytes. `get_data_exports()` shows templates each file's address, format and size.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::content::model::Site;
use crate::diag::{Code, Diagnostic};
use crate::output::{Contents, OutputFile};

/// The two formats a data export can have, by the ending of its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    fn of(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }

    /// The name readers know the format by: `CSV`, `JSON`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }

    /// The media type, for `type` on a link.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
        }
    }
}

/// One file of `[[data_exports]]`, made.
#[derive(Debug, Clone)]
pub struct Export {
    /// The list in `data/` it was made of (`kommuner.medlem`).
    pub data: String,
    /// The file's address: `/kommun/medlemmar.csv`.
    pub path: String,
    pub format: Format,
    /// How many entries (rows) it holds.
    pub rows: usize,
    pub bytes: Arc<Vec<u8>>,
}

/// Makes every file of `[[data_exports]]`. A list that does not exist, an entry that is no
/// table, or a path that is not a `.csv` or `.json` file under the site, is an error in
/// spindel.toml.
pub fn plan(site: &Site) -> Result<Vec<Export>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for e in &site.config.data_exports {
        match make(site, e) {
            Ok(export) => {
                if out.iter().any(|o: &Export| o.path == export.path) {
                    errors.push(error_at(
                        site,
                        &e.path,
                        crate::msg!("export-twice", path = &export.path),
                        crate::msg!("export-path-hint"),
                    ));
                } else {
                    out.push(export);
                }
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The files to write.
pub fn files(exports: &[Export]) -> Vec<OutputFile> {
    exports
        .iter()
        .map(|e| OutputFile {
            path: std::path::PathBuf::from(e.path.trim_start_matches('/')),
            contents: Contents::Bytes(e.bytes.as_ref().clone()),
        })
        .collect()
}

fn error_at(
    site: &Site,
    needle: &str,
    message: crate::msg::Message,
    hint: crate::msg::Message,
) -> Diagnostic {
    let d = Diagnostic::error(Code::DataExport, message).hint(hint);
    match std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE)) {
        Ok(text) => {
            let quoted = format!("\"{needle}\"");
            let at = crate::config::find_key(&text, &quoted);
            d.at(crate::config::CONFIG_FILE, &text, at, quoted.len())
        }
        Err(_) => d.in_file(crate::config::CONFIG_FILE),
    }
}

fn make(site: &Site, e: &crate::config::DataExport) -> Result<Export, Diagnostic> {
    let rel = e.path.trim_start_matches('/');
    let format = Format::of(rel);
    let safe = !rel.is_empty()
        && !rel.ends_with('/')
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !rel.contains('\\');
    let (Some(format), true) = (format, safe) else {
        return Err(error_at(
            site,
            &e.path,
            crate::msg!("export-bad-path", path = &e.path),
            crate::msg!("export-path-hint"),
        ));
    };
    let delimiter = match e.delimiter.as_bytes() {
        [b] if b.is_ascii() && !b.is_ascii_alphanumeric() && *b != b'"' && *b != b'\n' => *b,
        _ => {
            return Err(error_at(
                site,
                &e.delimiter,
                crate::msg!("export-bad-delimiter", delimiter = &e.delimiter),
                crate::msg!("export-bad-delimiter-hint"),
            ));
        }
    };
    let no_list = || {
        error_at(
            site,
            &e.data,
            crate::msg!("export-no-list", data = &e.data),
            crate::msg!("export-no-list-hint"),
        )
    };
    let mut value: Option<&toml::Value> = None;
    for (n, part) in e.data.split('.').enumerate() {
        value = if n == 0 {
            site.data.get(part)
        } else {
            value.and_then(|v| v.get(part))
        };
    }
    let Some(toml::Value::Array(items)) = value else {
        return Err(no_list());
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        match item {
            toml::Value::Table(t) => entries.push(t),
            _ => return Err(no_list()),
        }
    }
    // The fields: as given, or every key of the entries, A–Z (a table's keys have no order).
    let fields: Vec<String> = if e.fields.is_empty() {
        let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for t in &entries {
            seen.extend(t.keys().cloned());
        }
        seen.into_iter().collect()
    } else {
        e.fields.clone()
    };
    let bytes = match format {
        Format::Csv => csv_bytes(&entries, &fields, delimiter, e.bom),
        Format::Json => json_bytes(&entries, &fields),
    };
    Ok(Export {
        data: e.data.clone(),
        path: format!("/{rel}"),
        format,
        rows: entries.len(),
        bytes: Arc::new(bytes),
    })
}

/// One CSV field: text as it is, a list as its items joined by `, ` (by `; ` where the comma
/// separates fields), a table as JSON.
fn csv_field(v: Option<&toml::Value>, delimiter: u8) -> String {
    match v {
        None => String::new(),
        Some(toml::Value::String(s)) => s.clone(),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|i| csv_field(Some(i), delimiter))
            .collect::<Vec<_>>()
            .join(if delimiter == b',' { "; " } else { ", " }),
        Some(toml::Value::Table(_)) => to_json(v.expect("some")).to_string(),
        Some(other) => scalar_text(other),
    }
}

/// Numbers, booleans and dates as TOML writes them.
fn scalar_text(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn csv_bytes(entries: &[&toml::Table], fields: &[String], delimiter: u8, bom: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buf);
        // Writing to memory cannot fail.
        let _ = w.write_record(fields);
        for t in entries {
            let _ = w.write_record(fields.iter().map(|f| csv_field(t.get(f), delimiter)));
        }
        let _ = w.flush();
    }
    buf
}

fn to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::from(s.as_str()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        toml::Value::Boolean(b) => serde_json::Value::from(*b),
        toml::Value::Datetime(d) => serde_json::Value::from(d.to_string()),
        toml::Value::Array(items) => items.iter().map(to_json).collect(),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// A JSON array of objects with the fields each entry has (a missing one is left out).
fn json_bytes(entries: &[&toml::Table], fields: &[String]) -> Vec<u8> {
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|t| {
            fields
                .iter()
                .filter_map(|f| t.get(f).map(|v| (f.clone(), to_json(v))))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&list).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Registers `get_data_exports(data=…)`: every data export (or those of one list) as
/// `{path, permalink, data, format, mime, rows, size}`, in the order of spindel.toml.
pub fn register(tera: &mut Tera, site: &Site, exports: &[Export]) {
    let values: Vec<(String, Value)> = exports
        .iter()
        .map(|e| {
            let mut m = tera::Map::new();
            m.insert("path".into(), e.path.as_str().into());
            m.insert("permalink".into(), site.permalink(&e.path).into());
            m.insert("data".into(), e.data.as_str().into());
            m.insert("format".into(), e.format.name().into());
            m.insert("mime".into(), e.format.mime().into());
            m.insert("rows".into(), e.rows.into());
            m.insert("size".into(), (e.bytes.len() as u64).into());
            (e.data.clone(), Value::from(m))
        })
        .collect();
    tera.register_function(
        "get_data_exports",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let data: Option<&str> = kwargs.get("data")?;
            Ok(Value::from(
                values
                    .iter()
                    .filter(|(d, _)| data.is_none_or(|want| want == d))
                    .map(|(_, v)| v.clone())
                    .collect::<Vec<_>>(),
            ))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().expect("TOML")
    }

    #[test]
    fn csv_quotes_joins_lists_and_leaves_missing_fields_empty() {
        let a = table("namn = \"Borås\"\nroller = [\"a\", \"b\"]\nar = 2013");
        let b = table("namn = \"Lund; \\\"södra\\\"\"");
        let fields = vec!["namn".to_string(), "roller".into(), "ar".into()];
        let out = String::from_utf8(csv_bytes(&[&a, &b], &fields, b',', false)).expect("UTF-8");
        assert_eq!(
            out,
            "namn,roller,ar\r\nBorås,a; b,2013\r\n\"Lund; \"\"södra\"\"\",,\r\n"
        );
        let bom = String::from_utf8(csv_bytes(&[&a], &fields, b';', true)).expect("UTF-8");
        assert_eq!(bom, "\u{feff}namn;roller;ar\r\nBorås;a, b;2013\r\n");
    }

    #[test]
    fn json_keeps_types_and_leaves_out_missing_fields() {
        let a = table("namn = \"Borås\"\nlat = 57.721\nar = 2013\nroller = [\"a\"]");
        let fields = vec![
            "namn".to_string(),
            "lat".into(),
            "ar".into(),
            "saknas".into(),
        ];
        let v: serde_json::Value =
            serde_json::from_slice(&json_bytes(&[&a], &fields)).expect("JSON");
        assert_eq!(
            v,
            serde_json::json!([{"namn": "Borås", "lat": 57.721, "ar": 2013}])
        );
    }
}
