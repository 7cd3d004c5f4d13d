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

/// A date as `YYYY-MM-DD`, or a date-time as RFC 3339, validated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Date(pub String);

impl Date {
    /// Accepts `2024-05-16`, `2024-05-16T10:00:00` and with an offset.
    pub fn parse(text: &str) -> Result<Date, String> {
        Date::day_of(text)?;
        Ok(Date(text.trim().replacen(' ', "T", 1)))
    }

    /// The `YYYY-MM-DD` part of what `parse` accepts, checked as it checks, without a copy
    /// (the `date` filter runs for every item of a listing).
    pub fn day_of(text: &str) -> Result<&str, String> {
        let text = text.trim();
        let date = text
            .get(..10)
            .ok_or_else(|| format!("`{text}` is not a date"))?;
        let b = date.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if !(b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10)) {
            return Err(format!("`{text}` is not a date"));
        }
        let (y, m, d): (i64, u32, u32) = (
            date[0..4].parse().unwrap_or(0),
            date[5..7].parse().unwrap_or(0),
            date[8..10].parse().unwrap_or(0),
        );
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(format!("`{text}` is not a date in the calendar"));
        }
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return Err(format!("`{text}` is not a date"));
        }
        Ok(date)
    }

    /// The `YYYY-MM-DD` part.
    pub fn day(&self) -> &str {
        &self.0[..10]
    }

    pub fn year(&self) -> &str {
        &self.0[..4]
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // TOML dates arrive as toml::value::Datetime; quoted dates as strings.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Datetime(toml::value::Datetime),
            Text(String),
        }
        let text = match Raw::deserialize(d)
            .map_err(|_| serde::de::Error::custom("expected a date such as 2024-05-16"))?
        {
            Raw::Datetime(dt) => dt.to_string(),
            Raw::Text(s) => s,
        };
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Today's date in UTC as `YYYY-MM-DD`, for leaving out pages dated in the future.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated() {
        assert_eq!(Date::parse("2018-05-16").unwrap().day(), "2018-05-16");
        assert!(Date::parse("2018-02-30").is_err());
        assert!(Date::parse("16 maj 2018").is_err());
        assert_eq!(Date::parse("2020-02-29").unwrap().year(), "2020");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }
}
