//! The mistakes editors make in TOML, recognised from the line they wrote, with the corrected
//! line where the fix is certain. The parser's own words ("expected literal string") say what
//! the parser wanted; these say what the editor did and how to write it.

use crate::msg;
use crate::msg::Message;

/// The hint with the corrected line, only if the line is valid TOML as it stands and short
/// enough to read: a fix that is not certain is not offered as one.
fn fix(key: &str, value: &str) -> Option<Message> {
    let line = format!("{key} = {value}");
    (line.len() <= 200 && line.parse::<toml::Table>().is_ok())
        .then(|| msg!("toml-fix-line", line = line))
}

/// What to say about a mistake and how to fix it.
pub struct Fix {
    pub message: Message,
    pub hint: Message,
}

/// Quote marks a word processor puts in place of `"`.
const CURLY: &[char] = &['”', '“', '„', '«', '»', '″', '‟', '’', '‘', '‚'];

/// A syntax error explained from the line it is on, if the line shows a known mistake.
pub fn syntax_fix(line: &str) -> Option<Fix> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('[') {
        return None;
    }
    // `title: "x"`, as YAML writes it, or `title "x"` with the `=` forgotten.
    let Some((key, value)) = trimmed.split_once('=') else {
        let (key, value) = match trimmed.split_once(':') {
            Some((k, v)) if is_bare_key(k.trim()) => (k.trim(), v.trim()),
            _ => {
                let (k, v) = trimmed.split_once(char::is_whitespace)?;
                if !is_bare_key(k) {
                    return None;
                }
                (k, v.trim())
            }
        };
        let hint = fixed_value(value).and_then(|v| fix(key, &v))?;
        return Some(Fix {
            message: msg!("toml-no-equals", key = key),
            hint,
        });
    };
    let key = key.trim();
    let value = value.trim();
    if !is_bare_key(key) && !key.starts_with(['"', '\'']) {
        // `författare = …`: a name with å, ä, ö or a space needs quotes in TOML, and no
        // field of spindel's has them.
        if !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || "-_ ".contains(c))
        {
            return Some(Fix {
                message: msg!("toml-key-letters", key = key),
                hint: msg!("toml-key-letters-hint"),
            });
        }
        return None;
    }
    if value.is_empty() {
        return Some(Fix {
            message: msg!("toml-no-value", key = key),
            hint: msg!("toml-no-value-hint", key = key),
        });
    }
    let line_with = |v: String| fix(key, &v).unwrap_or_else(|| msg!("toml-syntax-hint"));
    if value.starts_with(CURLY) || value.ends_with(CURLY) {
        let inner = value.trim_matches(|c| CURLY.contains(&c) || c == '"');
        return Some(Fix {
            message: msg!("toml-curly-quotes"),
            hint: line_with(quoted(inner)),
        });
    }
    if let Some(rest) = value.strip_prefix('"') {
        if !rest.contains('"') {
            return Some(Fix {
                message: msg!("toml-unclosed-quote"),
                hint: line_with(quoted(rest)),
            });
        }
        // `kommun = "Borås", "Gävle"`: a list without its brackets.
        if value.ends_with('"') && value.contains("\", \"") || value.contains("\",\"") {
            return Some(Fix {
                message: msg!("toml-list-without-brackets"),
                hint: line_with(format!("[{value}]")),
            });
        }
        return None;
    }
    if value.starts_with('[') && value.matches('[').count() == 1 && !value.contains(']') {
        return Some(Fix {
            message: msg!("toml-unclosed-list"),
            hint: line_with(format!("{value}]")),
        });
    }
    if let Some(date) = written_date(value) {
        return Some(Fix {
            message: msg!("toml-date-form", written = value),
            hint: line_with(date),
        });
    }
    // `date = 2024-02-30`: a date, but of a day that does not exist; no quotes make it one.
    if let Some(fix) = impossible_date(value) {
        return Some(fix);
    }
    if value.starts_with(['[', '{', '\'']) {
        return None;
    }
    // Text without quotes: `title = Brobyggare i Borås`; `draft = ja`.
    let word = value.to_lowercase();
    if matches!(
        word.as_str(),
        "ja" | "nej" | "yes" | "no" | "sant" | "falskt"
    ) {
        let b = matches!(word.as_str(), "ja" | "yes" | "sant");
        return Some(Fix {
            message: msg!("toml-want-bool"),
            hint: line_with(b.to_string()),
        });
    }
    Some(Fix {
        message: msg!("toml-unquoted-text"),
        hint: line_with(fixed_value(value).unwrap_or_else(|| quoted(value))),
    })
}

/// A value of the wrong type explained from the parser's message and the line.
pub fn type_fix(raw: &str, line: Option<&str>) -> Fix {
    let (key, value) = line
        .and_then(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .unwrap_or(("", ""));
    let known_line = !key.is_empty() && is_bare_key(key);
    // Falls back to the general hint of the kind when the line would not be valid.
    let line_with = |v: String| fix(key, &v);
    if raw.contains("expected a sequence") {
        let hint = (known_line && value.starts_with('"'))
            .then(|| line_with(format!("[{value}]")))
            .flatten()
            .unwrap_or_else(|| msg!("toml-want-list-hint"));
        return Fix {
            message: msg!("toml-want-list"),
            hint,
        };
    }
    if raw.contains("invalid type: sequence") && raw.contains("string") {
        let items: Vec<&str> = value
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let hint = (known_line && items.len() == 1)
            .then(|| line_with(items[0].to_string()))
            .flatten()
            .unwrap_or_else(|| msg!("toml-want-text-hint"));
        return Fix {
            message: msg!("toml-want-text"),
            hint,
        };
    }
    if raw.contains("expected a boolean") {
        let word = value.trim_matches(['"', '\'']).to_lowercase();
        let hint = match word.as_str() {
            "true" | "ja" | "yes" | "sant" | "1" if known_line => line_with("true".into()),
            "false" | "nej" | "no" | "falskt" | "0" if known_line => line_with("false".into()),
            _ => None,
        }
        .unwrap_or_else(|| msg!("toml-want-bool-hint"));
        return Fix {
            message: msg!("toml-want-bool"),
            hint,
        };
    }
    if raw.contains("date") {
        if let Some(fix) = impossible_date(value) {
            return fix;
        }
        let hint = written_date(value.trim_matches(['"', '\'']))
            .filter(|_| known_line)
            .and_then(line_with)
            .unwrap_or_else(|| msg!("toml-want-date-hint"));
        return Fix {
            message: msg!("toml-want-date"),
            hint,
        };
    }
    if raw.contains("expected i") || raw.contains("expected u") {
        let digits = value.trim_matches(['"', '\'']);
        let hint = (known_line && digits.parse::<i64>().is_ok())
            .then(|| line_with(digits.to_string()))
            .flatten()
            .unwrap_or_else(|| msg!("toml-want-number-hint"));
        return Fix {
            message: msg!("toml-want-number"),
            hint,
        };
    }
    if raw.contains("expected a string") || raw.contains("expected a borrowed string") {
        let hint = known_line
            .then(|| line_with(quoted(value)))
            .flatten()
            .unwrap_or_else(|| msg!("toml-want-quoted-hint"));
        return Fix {
            message: msg!("toml-want-quoted"),
            hint,
        };
    }
    if let Some(field) = between(raw, "missing field `", "`") {
        return Fix {
            message: msg!("toml-missing-field", field = field),
            hint: msg!("toml-missing-field-hint", field = field),
        };
    }
    if let (Some(got), Some(expected)) = (
        between(raw, "unknown variant `", "`"),
        raw.split_once("expected ").map(|(_, e)| e),
    ) {
        return Fix {
            message: msg!("toml-unknown-choice", value = got),
            hint: msg!(
                "toml-the-choices-are",
                list = expected.replace(" or ", ", ")
            ),
        };
    }
    Fix {
        message: msg!("toml-type"),
        hint: msg!("toml-syntax-hint"),
    }
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some(&s[start..start + len])
}

fn is_bare_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// A value as TOML writes text.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value that is fine once written right: a date, a number, true or false, a quoted text.
fn fixed_value(value: &str) -> Option<String> {
    let v = value.trim();
    if v.starts_with(CURLY) {
        return Some(quoted(v.trim_matches(|c| CURLY.contains(&c))));
    }
    if let Some(date) = written_date(v) {
        return Some(date);
    }
    if v == "true" || v == "false" || v.parse::<f64>().is_ok() || v.starts_with(['"', '[', '\'']) {
        return Some(v.to_string());
    }
    None
}

/// `2024-9-1`, `12 september 2024`, `12 sep. 2024` or `12.9.2024`… as TOML writes a date
/// (`2024-09-12`), if it is one.
pub fn written_date(text: &str) -> Option<String> {
    let text = text.trim().trim_matches(['"', '\'']).trim();
    let ymd = |y: &str, m: &str, d: &str| -> Option<String> {
        let (y, m, d) = (
            y.parse::<i16>().ok()?,
            m.parse::<i8>().ok()?,
            d.parse::<i8>().ok()?,
        );
        jiff::civil::Date::new(y, m, d).ok()?;
        Some(format!("{y:04}-{m:02}-{d:02}"))
    };
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    if parts.len() == 3 && parts[0].len() == 4 && text.contains('-') {
        let out = ymd(parts[0], parts[1], parts[2])?;
        // Already right: nothing to say.
        return (out != text).then_some(out);
    }
    let dotted: Vec<&str> = text.split('.').collect();
    if dotted.len() == 3 && dotted[2].len() == 4 && dotted.iter().all(|p| !p.is_empty()) {
        // 12.9.2024: day first, as Swedish writes it.
        return ymd(dotted[2], dotted[1], dotted[0]);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() == 3 && words[2].len() == 4 {
        let month = month_number(words[1].trim_end_matches('.'))?;
        return ymd(words[2], &month.to_string(), words[0].trim_end_matches('.'));
    }
    None
}

/// `2024-02-30`, `31 september 2024`, `30.2.2024` (quoted or not): a date written in one of
/// the ways `written_date` reads, of a month that exists, but of a day that month does not
/// have. Said in plain words ("februari 2024 har bara 29 dagar"), with no line to paste: which
/// day was meant, only the editor knows.
pub fn impossible_date(text: &str) -> Option<Fix> {
    let text = text.trim().trim_matches(['"', '\'']).trim();
    let number = |s: &str| s.trim_end_matches('.').parse::<u64>().ok();
    let parts: Vec<&str> = text.split('-').collect();
    let dotted: Vec<&str> = text.split('.').collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    let (y, m, d) = if parts.len() == 3 && parts[0].len() == 4 {
        (number(parts[0])?, number(parts[1])?, number(parts[2])?)
    } else if dotted.len() == 3 && dotted[2].len() == 4 {
        (number(dotted[2])?, number(dotted[1])?, number(dotted[0])?)
    } else if words.len() == 3 && words[2].len() == 4 {
        let month = month_number(words[1].trim_end_matches('.'))?;
        (number(words[2])?, u64::from(month), number(words[0])?)
    } else {
        return None;
    };
    let (year, month) = (i16::try_from(y).ok()?, i8::try_from(m).ok()?);
    let days = jiff::civil::Date::new(year, month, 1).ok()?.days_in_month();
    if (1..=days as u64).contains(&d) {
        return None;
    }
    Some(Fix {
        message: msg!(
            "toml-date-no-such-day",
            day = d,
            month = month as u64,
            year = year.to_string(),
            days = days as u64
        ),
        hint: msg!("toml-date-no-such-day-hint"),
    })
}

fn month_number(name: &str) -> Option<u8> {
    let name = name.to_lowercase();
    if name.chars().count() < 3 {
        return None;
    }
    crate::config::time::MONTH_NAMES
        .iter()
        .position(|names| names.iter().any(|n| n.starts_with(&name)))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(
            written_date("12 september 2024").as_deref(),
            Some("2024-09-12")
        );
        assert_eq!(written_date("1 okt. 2024").as_deref(), Some("2024-10-01"));
        assert_eq!(written_date("2024-9-1").as_deref(), Some("2024-09-01"));
        assert_eq!(written_date("12.9.2024").as_deref(), Some("2024-09-12"));
        assert_eq!(written_date("2024-09-12"), None);
        assert_eq!(written_date("31 februari 2024"), None);
        assert_eq!(written_date("Brobyggare i Borås"), None);
    }

    #[test]
    fn days_a_month_does_not_have() {
        for text in [
            "2024-02-30",
            "\"2024-02-30\"",
            "31 september 2024",
            "\"31 september 2024\"",
            "30.2.2024",
            "2023-02-29",
            "2024-04-00",
        ] {
            let fix = impossible_date(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(fix.message.id, "toml-date-no-such-day", "{text}");
        }
        for text in [
            "2024-02-29",
            "30 september 2024",
            "2024-13-01",
            "Brobyggare",
        ] {
            assert!(impossible_date(text).is_none(), "{text}");
        }
    }
}
