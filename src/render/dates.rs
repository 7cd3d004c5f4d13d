//! Dates in templates: the `date` filter and `format_date`, with month names in the page's
//! language.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::config::time::Date;

/// The `date` filter: `page.date | date(format="%e %B %Y")`, any strftime format of jiff's,
/// the same for every language but for the month's name.
pub(super) fn register_filter(tera: &mut Tera, config: &Arc<Config>) {
    // Month names per language, made once: the filter runs for every item of every listing.
    // A site can name the months of any language: month_1 … month_12 in its translations;
    // Swedish and English are built in.
    let months: Vec<(String, Vec<String>)> = config
        .languages
        .iter()
        .map(|(lang, l)| {
            let names = (1..=12)
                .map(|m| {
                    l.translations
                        .get(&format!("month_{m}"))
                        .cloned()
                        .unwrap_or_else(|| builtin_month(lang, m).to_string())
                })
                .collect();
            (lang.clone(), names)
        })
        .collect();
    let c = config.clone();
    let zone = config.zone.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let format: &str = kwargs.get("format")?.unwrap_or("%Y-%m-%d");
            let lang_value = state.get::<Value>("lang")?;
            let lang: &str = match &lang_value {
                None => &c.default_language,
                Some(v) => v
                    .as_str()
                    .ok_or_else(|| tera::Error::message("date: `lang` is not a string"))?,
            };
            let names = months.iter().find(|(l, _)| l == lang).map(|(_, n)| n);
            let month = |m: usize| match names {
                Some(n) => n[m - 1].as_str(),
                None => builtin_month(lang, m),
            };
            format_date_with(value, format, &zone, month)
                .map_err(|e| tera::Error::message(format!("date: {e}")))
        },
    );
}

/// A month's name in `lang`, for a language without names of its own: Swedish or English.
fn builtin_month(lang: &str, m: usize) -> &'static str {
    if lang == "sv" {
        MONTHS_SV[m - 1]
    } else {
        MONTHS_EN[m - 1]
    }
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `format` for jiff's strftime: `%B` replaced by the month's name in the page's language
/// (`%^B` in capitals), `%e` by the day without padding (`%-d`), as spindel has always written
/// it. The other names jiff knows only in English: they are refused rather than printed in
/// English on a Swedish page.
fn localized_format(format: &str, month: &str) -> Result<String, String> {
    let mut out = String::with_capacity(format.len() + month.len());
    let mut rest = format;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let spec = &rest[i + 1..];
        // Flag, width, precision and colons before the directive (`%-d`, `%_3e`, `%.3f`, `%:z`).
        let len = spec
            .find(|c: char| !matches!(c, '_' | '0'..='9' | '-' | '^' | '#' | '.' | ':'))
            .unwrap_or(spec.len());
        let (flags, directive) = spec.split_at(len);
        let Some(d) = directive.chars().next() else {
            return Err(format!("`{format}` ends in the middle of `%{flags}`"));
        };
        match d {
            'B' => {
                let name = if flags.contains('^') {
                    month.to_uppercase()
                } else {
                    month.to_string()
                };
                out.push_str(&name.replace('%', "%%"));
            }
            'e' if flags.is_empty() => out.push_str("%-d"),
            'A' | 'a' | 'b' | 'h' | 'p' | 'P' | 'c' | 'r' | 'x' | 'X' => {
                return Err(format!(
                    "`%{d}` is written in English whatever the page's language: of the names, only the month's (`%B`) follows the language"
                ));
            }
            _ => {
                out.push('%');
                out.push_str(flags);
                out.push(d);
            }
        }
        rest = &directive[d.len_utf8()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A date of front matter as `format` (strftime, see `localized_format`), the time read in
/// `zone` when it has no offset of its own.
fn format_date_with<'m>(
    value: &str,
    format: &str,
    zone: &jiff::tz::TimeZone,
    month_name: impl Fn(usize) -> &'m str,
) -> Result<String, String> {
    let date = Date::parse(value)?;
    let at = date.as_written(zone);
    let format = localized_format(format, month_name(at.month() as usize))?;
    jiff::fmt::strtime::format(format, &at).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(value: &str, format: &str, lang: &str) -> Result<String, String> {
        let zone = crate::config::time::zone("Europe/Stockholm").unwrap();
        format_date_with(value, format, &zone, |m| builtin_month(lang, m))
    }

    #[test]
    fn dates_in_swedish_and_english() {
        assert_eq!(
            format("2018-05-16", "%e %B %Y", "sv").as_deref(),
            Ok("16 maj 2018")
        );
        assert_eq!(
            format("2018-05-06", "%e %B %Y", "en").as_deref(),
            Ok("6 May 2018")
        );
        assert_eq!(
            format("2018-05-06", "%Y-%m-%d", "sv").as_deref(),
            Ok("2018-05-06")
        );
        assert_eq!(format("2018-05-06", "%^B", "sv").as_deref(), Ok("MAJ"));
        assert!(
            format("nope", "%Y", "sv")
                .unwrap_err()
                .contains("not a date")
        );
    }

    #[test]
    fn the_other_directives_are_jiffs() {
        assert_eq!(
            format("2024-02-27T10:30", "%d.%m.%y %H:%M %:z %%", "sv").as_deref(),
            Ok("27.02.24 10:30 +01:00 %")
        );
        // A day is midnight in the site's zone; a time with an offset stays in its offset.
        assert_eq!(
            format("2024-05-16", "%H:%M %Z", "sv").as_deref(),
            Ok("00:00 CEST")
        );
        assert_eq!(
            format("2024-05-16T23:30:00-05:00", "%e %B %H:%M", "en").as_deref(),
            Ok("16 May 23:30")
        );
        assert_eq!(format("2018-05-06", "%_e", "sv").as_deref(), Ok(" 6"));
    }

    #[test]
    fn english_only_names_are_refused() {
        for f in ["%A", "%a %e", "%b", "%p", "%c"] {
            let e = format("2018-05-06", f, "sv").unwrap_err();
            assert!(e.contains("English"), "{f}: {e}");
        }
        assert!(format("2018-05-06", "%Y %", "sv").is_err());
    }
}
