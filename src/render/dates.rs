//! Dates in templates: the `date` filter and `format_date`, with month names in the page's
//! language.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::config::Config;

/// The `date` filter: `page.date | date(format="%e %B %Y")`.
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
            format_date_with(value, format, month)
                .ok_or_else(|| tera::Error::message(format!("date: `{value}` is not a date")))
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

/// `%Y`, `%m`, `%d`, `%e` (day without zero) and `%B` (month name in the page's language).
pub fn format_date(value: &str, format: &str, lang: &str) -> Option<String> {
    format_date_with(value, format, |m| builtin_month(lang, m))
}

/// `format_date` with the month names given.
fn format_date_with<'m>(
    value: &str,
    format: &str,
    month_name: impl Fn(usize) -> &'m str,
) -> Option<String> {
    let d = crate::config::tomlfile::Date::day_of(value).ok()?;
    let (y, m, day) = (&d[0..4], &d[5..7], &d[8..10]);
    let mi: usize = m.parse().ok()?;
    let month = month_name(mi);
    let mut out = String::with_capacity(format.len() + month.len() + 8);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(y),
            Some('m') => out.push_str(m),
            Some('d') => out.push_str(day),
            Some('e') => out.push_str(day.trim_start_matches('0')),
            Some('B') => out.push_str(month),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_swedish() {
        assert_eq!(
            format_date("2018-05-16", "%e %B %Y", "sv").as_deref(),
            Some("16 maj 2018")
        );
        assert_eq!(
            format_date("2018-05-06", "%e %B %Y", "en").as_deref(),
            Some("6 May 2018")
        );
        assert_eq!(format_date("nope", "%Y", "sv"), None);
    }
}
