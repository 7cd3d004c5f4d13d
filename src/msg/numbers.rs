//! Numbers as each language writes them. Fluent's own formatting knows no grouping or decimal
//! comma, and a full locale library (ICU) would weigh more than the two languages need: Swedish
//! groups five digits and more with a no-break space and writes a decimal comma (Språkrådet's
//! rule); English groups with commas and writes a point.

use fluent_bundle::FluentValue;
use fluent_bundle::memoizer::MemoizerKind;

use super::lang::Lang;

pub fn integer(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let (sep, from) = match lang {
        Lang::Sv => ('\u{a0}', 5),
        Lang::En => (',', 4),
    };
    if digits.len() < from {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

pub fn decimal(value: f64, places: usize, lang: Lang) -> String {
    let text = format!("{value:.places$}");
    match lang {
        Lang::Sv => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Units of 1000, one decimal under ten: `999 byte`, `2,3 MB`, `45 kB`.
pub fn size(bytes: u64, lang: Lang) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        let unit = match lang {
            Lang::Sv => "byte",
            Lang::En if bytes == 1 => "byte",
            Lang::En => "bytes",
        };
        return format!("{bytes} {unit}");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let places = if value < 10.0 { 1 } else { 0 };
    format!("{} {}", decimal(value, places, lang), UNITS[unit])
}

fn fluent(value: &FluentValue, lang: Lang) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value >= 0.0 => {
            Some(integer(n.value as u64, lang))
        }
        FluentValue::Number(n) => Some(decimal(
            n.value,
            n.options.minimum_fraction_digits.unwrap_or(1),
            lang,
        )),
        _ => None,
    }
}

pub fn fluent_sv<M: MemoizerKind>(value: &FluentValue, _: &M) -> Option<String> {
    fluent(value, Lang::Sv)
}

pub fn fluent_en<M: MemoizerKind>(value: &FluentValue, _: &M) -> Option<String> {
    fluent(value, Lang::En)
}
