//! Code highlighting with syntect, as CSS classes only (a strict CSP forbids inline styles);
//! the matching stylesheet is generated once per build.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded on first use: most pages have no code, and loading the syntaxes is slow.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighted HTML for the inside of `<code>`, or `None` when the language is unknown.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_extension(lang))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.into_keys().collect()
}

/// The stylesheet for highlighted code, or `None` if the theme is unknown. Its colours are
/// made readable first (`readable`), and the block takes the theme's own background, the one
/// they are readable on.
pub fn stylesheet(theme: &str) -> Option<String> {
    let themes = ThemeSet::load_defaults();
    let mut theme = themes.themes.get(theme)?.clone();
    readable(&mut theme);
    let css = css_for_theme_with_class_style(&theme, CLASS_STYLE).ok()?;
    let background = theme.settings.background.unwrap_or(WHITE);
    let foreground = theme.settings.foreground.unwrap_or(BLACK);
    Some(format!(
        "pre.highlight {{ background-color: {}; color: {}; }}\n{css}",
        hex(background),
        hex(foreground)
    ))
}

const WHITE: Color = Color {
    r: 255,
    g: 255,
    b: 255,
    a: 255,
};
const BLACK: Color = Color {
    r: 0,
    g: 0,
    b: 0,
    a: 255,
};

/// WCAG 2.1 AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

/// Moves every text colour of the theme towards black (on a light background) or white (on a
/// dark one) until it has a contrast of 4.5:1 with the background: the stock themes have
/// comments and links at 2.6:1. Hand-written: the WCAG formula is a few lines, and a colour
/// crate would be a large dependency for it.
fn readable(theme: &mut Theme) {
    let background = theme.settings.background.unwrap_or(WHITE);
    let fix = |c: &mut Color| *c = with_contrast(*c, background);
    if let Some(c) = theme.settings.foreground.as_mut() {
        fix(c);
    }
    for item in &mut theme.scopes {
        if let Some(c) = item.style.foreground.as_mut() {
            fix(c);
        }
    }
}

fn with_contrast(colour: Color, background: Color) -> Color {
    let toward = if luminance(background) > 0.18 {
        BLACK
    } else {
        WHITE
    };
    let mut c = colour;
    // Each step goes a tenth of the way; 40 steps reach the end from anywhere.
    for _ in 0..40 {
        if contrast(c, background) >= MIN_CONTRAST {
            break;
        }
        let mix = |from: u8, to: u8| {
            (f64::from(from) + (f64::from(to) - f64::from(from)) * 0.1).round() as u8
        };
        c = Color {
            r: mix(c.r, toward.r),
            g: mix(c.g, toward.g),
            b: mix(c.b, toward.b),
            a: c.a,
        };
        if c == toward {
            break;
        }
    }
    c
}

/// WCAG 2.1 relative luminance of an sRGB colour.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(highlight("x", "no-such-language").is_none());
        let css = stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".hl-"), "{css}");
    }

    /// Every text colour of every stock theme's stylesheet, against the block's background.
    #[test]
    fn every_colour_of_every_theme_is_readable() {
        for name in theme_names() {
            let css = stylesheet(&name).unwrap();
            let first = css.lines().next().unwrap();
            let background = colour_after(first, "background-color: ").unwrap();
            let mut checked = 0;
            for rule in css.split('}') {
                // Only text colours: `color: #…` (background-color lines are not text).
                for part in rule.split(';') {
                    let part = part.trim().trim_start_matches(|c| c != 'c' && c != 'b');
                    if let Some(c) =
                        colour_after(part, "color: ").filter(|_| part.starts_with("color"))
                    {
                        let ratio = contrast(c, background);
                        assert!(
                            ratio >= MIN_CONTRAST - 0.01,
                            "{name}: {part} on {background:?}: {ratio:.2}"
                        );
                        checked += 1;
                    }
                }
            }
            assert!(checked > 5, "{name}: only {checked} colours");
        }
    }

    #[test]
    fn a_pale_comment_is_darkened_and_a_dark_one_is_kept() {
        let pale = Color {
            r: 0x96,
            g: 0x98,
            b: 0x96,
            a: 255,
        };
        assert!(contrast(pale, WHITE) < MIN_CONTRAST);
        let fixed = with_contrast(pale, WHITE);
        assert!(contrast(fixed, WHITE) >= MIN_CONTRAST);
        assert!(fixed.r < pale.r, "darker: {fixed:?}");
        let dark = Color {
            r: 0x33,
            g: 0x33,
            b: 0x33,
            a: 255,
        };
        assert_eq!(with_contrast(dark, WHITE), dark);
        // On a dark background, towards white.
        let on_dark = with_contrast(dark, BLACK);
        assert!(on_dark.r > dark.r && contrast(on_dark, BLACK) >= MIN_CONTRAST);
    }

    fn colour_after(text: &str, key: &str) -> Option<Color> {
        let at = text.find(key)? + key.len();
        let hex = text[at..].strip_prefix('#')?;
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Color {
            r: byte(0)?,
            g: byte(2)?,
            b: byte(4)?,
            a: 255,
        })
    }
}
