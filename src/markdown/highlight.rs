//! Code highlighting with syntect, as CSS classes only (a strict CSP forbids inline styles);
//! the matching stylesheet is generated once per build.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
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

/// The stylesheet for highlighted code, or `None` if the theme is unknown.
pub fn stylesheet(theme: &str) -> Option<String> {
    let themes = ThemeSet::load_defaults();
    let theme = themes.themes.get(theme)?;
    css_for_theme_with_class_style(theme, CLASS_STYLE).ok()
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
}
